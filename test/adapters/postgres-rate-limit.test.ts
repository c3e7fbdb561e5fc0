/**
 * The PostgreSQL rate-limit store against a real throwaway PostgreSQL (pg-server.ts): the conformance suite, races
 * across two pools (two processes), pruning, and the website form served over HTTP on PostgreSQL stores.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createClientFormHandler, createMemoryPortal, createOutboxMailer, toNodeHandler } from '../../src/index.js';
import {
  createPostgresClientStore,
  createPostgresRateLimitStore,
  migratePostgresClientStore,
  migratePostgresRateLimitStore,
  postgresRateLimitStoreSchema,
  type PostgresRateLimitStore,
} from '../../src/postgres.js';
import { rateLimitStoreTestSuite } from '../../src/testing/index.js';
import { usePgPool } from './pg-server.js';

const { db, connectionString } = usePgPool((pool) => migratePostgresRateLimitStore(pool), 'taxsync_rate');

let prefixes = 0;

rateLimitStoreTestSuite({ describe, it }, () => createPostgresRateLimitStore(db()), {
  name: 'postgres (default table)',
  cleanup: async (store) => {
    await db().query(`TRUNCATE ${(store as PostgresRateLimitStore).table}`);
  },
});

rateLimitStoreTestSuite(
  { describe, it },
  async () => {
    const options = { schema: 'Cabinet "Côté"’s limits', tablePrefix: `r${++prefixes}_` };
    await migratePostgresRateLimitStore(db(), options);
    return createPostgresRateLimitStore(db(), options);
  },
  { name: 'postgres (quoted schema, a table per test)' },
);

describe('createPostgresRateLimitStore', () => {
  it('names its table from the schema options and migrates idempotently, concurrently', async () => {
    expect(createPostgresRateLimitStore(db()).table).toBe('"taxsync_rate_limits"');
    expect(createPostgresRateLimitStore(db(), { schema: 'web', tablePrefix: 'Form_' }).table).toBe('"web"."Form_rate_limits"');
    expect(postgresRateLimitStoreSchema()).toContain('CREATE TABLE IF NOT EXISTS "taxsync_rate_limits"');
    await Promise.all(Array.from({ length: 4 }, () => migratePostgresRateLimitStore(db(), { schema: 'web', tablePrefix: 'Form_' })));
    const { rows } = await db().query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'web' AND table_name = 'Form_rate_limits'`);
    expect(rows[0]?.n).toBe(1);
  });

  it('allows exactly the limit across two pools hitting one key at once (two processes)', async () => {
    const other = new pg.Pool({ connectionString: connectionString(), max: 8 });
    try {
      const options = { tablePrefix: `x${++prefixes}_` };
      await migratePostgresRateLimitStore(db(), options);
      const a = createPostgresRateLimitStore(db(), options);
      const b = createPostgresRateLimitStore(other, options);
      const now = Date.UTC(2026, 2, 2, 14);
      const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).hit({ key: 'taxsync-form:address:shared', limit: 7, windowMs: 60_000, now: now + i })));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
      const { rows } = await db().query(`SELECT cardinality(hits) AS n FROM ${a.table}`);
      expect(rows).toEqual([{ n: 7 }]);
    } finally {
      await other.end();
    }
  });

  it('prunes keys whose hits all left their window, and only those', async () => {
    const options = { tablePrefix: `p${++prefixes}_` };
    await migratePostgresRateLimitStore(db(), options);
    const store = createPostgresRateLimitStore(db(), options);
    await store.hit({ key: 'old', limit: 2, windowMs: 1_000, now: 10_000 });
    await store.hit({ key: 'recent', limit: 2, windowMs: 1_000, now: 10_500 });
    expect(await store.prune(11_000)).toBe(1);
    const { rows } = await db().query(`SELECT key FROM ${store.table} ORDER BY key`);
    expect(rows).toEqual([{ key: 'recent' }]);
  });

  it('says the table is missing with store_schema_missing', async () => {
    const store = createPostgresRateLimitStore(db(), { tablePrefix: 'never_migrated_' });
    await expect(store.hit({ key: 'k', limit: 1, windowMs: 1_000, now: 1 })).rejects.toMatchObject({ code: 'store_schema_missing' });
  });
});

describe('the website form on PostgreSQL stores, over HTTP', () => {
  it('creates one client and sends one invitation for ten identical submissions at once', async () => {
    const options = { tablePrefix: `f${++prefixes}_` };
    await migratePostgresClientStore(db(), options);
    await migratePostgresRateLimitStore(db(), options);
    const store = createPostgresClientStore(db(), options);
    const mailer = createOutboxMailer();
    const portal = createMemoryPortal();
    let clock = Date.UTC(2026, 2, 2, 14);
    const handler = createClientFormHandler(
      { store, portal, mailer, rateLimits: createPostgresRateLimitStore(db(), options) },
      { secret: 'another test secret of at least thirty-two bytes', now: () => new Date(clock), rateLimit: { perAddress: { limit: 12, windowMs: 60_000 }, perEmail: { limit: 20, windowMs: 60_000 } } },
    );
    const http = createServer(toNodeHandler(handler));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const address = http.address();
      const origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
      const token = await handler.issueFormToken();
      clock += 10_000;
      const body = new URLSearchParams({ firstName: 'Seán', lastName: 'O’Brien', email: 'sean.obrien@example.com', sin: '271 845 935', lang: 'en', formToken: token }).toString();
      const post = async (): Promise<[number, string]> => {
        const response = await fetch(`${origin}/form`, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body });
        return [response.status, await response.text()];
      };
      const answers = await Promise.all(Array.from({ length: 10 }, post));
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]?.[0]).toBe(200);
      await handler.settled();
      const { rows } = await db().query(`SELECT record->>'firstName' AS first, sin FROM ${store.tables.clients}`);
      expect(rows).toEqual([{ first: 'Seán', sin: '271845935' }]);
      expect(mailer.messages.map((m) => [m.to, m.language])).toEqual([['sean.obrien@example.com', 'en']]);
      // Two more requests from the same address pass the 12-per-minute limit, counted in the database.
      expect((await post())[0]).toBe(200);
      expect((await post())[0]).toBe(200);
      expect((await post())[0]).toBe(429);
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
