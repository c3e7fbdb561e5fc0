/**
 * taxsync/postgres against a real PostgreSQL server, started for this file (see pg-server.ts): the ClientStore
 * conformance suite, then what only a database can get wrong — races, paging, quoting, errors.
 */
import { inspect } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  ClientExistsError,
  ClientNotFoundError,
  InvalidArgumentError,
  VersionConflictError,
  isTaxsyncError,
  validateSin,
  type CorporationRecord,
  type IndividualRecord,
  type JournalEntry,
  type SignatureRecord,
  type StoredClient,
} from '../../src/index.js';
import {
  createPostgresClientStore,
  migratePostgresClientStore,
  postgresClientStoreSchema,
  type PostgresClientStore,
  type PostgresClientStoreOptions,
  type PostgresPool,
} from '../../src/postgres.js';
import { clientStoreTestSuite } from '../../src/testing/index.js';
import { usePgPool } from './pg-server.js';

const { db, connectionString } = usePgPool((pool) => migratePostgresClientStore(pool));

let prefixes = 0;
/** A store on tables of its own (a fresh prefix), migrated. */
async function freshStore(options: PostgresClientStoreOptions = {}): Promise<PostgresClientStore> {
  const scoped = { tablePrefix: `t${++prefixes}_`, ...options };
  await migratePostgresClientStore(db(), scoped);
  return createPostgresClientStore(db(), scoped);
}

/** A valid SIN (Luhn) built from a number: `1` + seven digits + check digit. */
function sinOf(n: number): string {
  const body = `1${String(n).padStart(7, '0')}`;
  const sum = [...body].reduce((total, d, i) => {
    const v = i % 2 === 1 ? Number(d) * 2 : Number(d);
    return total + (v > 9 ? v - 9 : v);
  }, 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const simon: IndividualRecord = {
  kind: 'individual',
  sin: '130692544',
  firstName: 'Simon',
  lastName: 'Provencher',
  email: 'simon.provencher@exemple.ca',
  language: 'fr',
  address: { line1: '1234, rue Saint-Denis', city: 'Montréal', province: 'QC', postalCode: 'H2X 3J8', country: 'CA' },
};

const dataOf = ({ id: _id, version: _version, accountManager: _manager, ...data }: StoredClient): Record<string, unknown> => data;

async function all(store: PostgresClientStore, kind?: 'individual' | 'corporation'): Promise<StoredClient[]> {
  const out: StoredClient[] = [];
  for await (const client of store.list(kind === undefined ? {} : { kind })) out.push(client);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

// ── The conformance suite ───────────────────────────────────────────────────────────────────────────────────────

clientStoreTestSuite({ describe, it }, () => createPostgresClientStore(db()), {
  name: 'postgres (default tables)',
  cleanup: async (store) => {
    const t = (store as PostgresClientStore).tables;
    await db().query(`TRUNCATE ${t.clients}, ${t.journal}, ${t.clientFiles}, ${t.signatureRecords} RESTART IDENTITY`);
  },
});

// A schema name that only works quoted: a space, an accent, a double quote, an apostrophe.
clientStoreTestSuite({ describe, it }, () => freshStore({ schema: 'Cabinet "Côté" & fils’' }), { name: 'postgres (quoted schema, a prefix per test)' });

// ── What only a database can get wrong ──────────────────────────────────────────────────────────────────────────

describe('createPostgresClientStore', () => {
  it('accepts a pg Pool as it is and declares versioning and signatures', async () => {
    const store = createPostgresClientStore(db());
    expect(store.capabilities).toEqual({ versioning: true, signatures: true, claims: true });
    expect(store.tables.clients).toBe('"taxsync_clients"');
    expect(createPostgresClientStore(db(), { schema: 'cabinet', tablePrefix: 'Cote_' }).tables.journal).toBe('"cabinet"."Cote_journal"');
  });

  it('creates one client for ten concurrent creates with one idempotency key (and one SIN), round after round', async () => {
    const store = await freshStore();
    // The same key and the same SIN: whichever unique index an insert meets first, the key wins (created: false),
    // never client_exists. Twelve rounds, since which index is met first depends on timing.
    for (let round = 0; round < 12; round++) {
      const record = { ...simon, sin: sinOf(7000 + round) };
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.create({ record: { ...record, firstName: `Simon ${i}` }, accountManager: 'julie.tremblay', idempotencyKey: `import-2026-04:row-${round}` })),
      );
      const created = results.filter((r) => r.created);
      expect(created).toHaveLength(1);
      const winner = created[0]?.client as StoredClient;
      for (const r of results) expect(r.client).toEqual(winner);
    }
    // Checked in the table itself, not only through the adapter.
    const { rows } = await db().query(`SELECT count(*)::int AS n FROM ${store.tables.clients}`);
    expect(rows[0].n).toBe(12);
  });

  it('returns the existing client when a create waits on a concurrent transaction holding the key', async () => {
    const store = await freshStore();
    const other = await db().connect();
    try {
      // Another process inserts the key and has not committed yet: our INSERT must wait for it, then yield.
      await other.query('BEGIN');
      const { rows } = await other.query(
        `INSERT INTO ${store.tables.clients} (kind, sin, email_key, idempotency_key, record) VALUES ('individual', $1, $2, 'k-race', $3::jsonb) RETURNING id::text AS id`,
        [simon.sin, simon.email, JSON.stringify(simon)],
      );
      const pending = store.create({ record: { ...simon, firstName: 'Autre' }, idempotencyKey: 'k-race' });
      // Wait (without any time limit of our own) until the create is blocked on the other transaction's lock.
      for (;;) {
        const waiting = await db().query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        if (waiting.rows[0].n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await other.query('COMMIT');
      const result = await pending;
      expect(result.created).toBe(false);
      expect(result.client.id).toBe(rows[0].id);
      expect(result.client.kind === 'individual' && result.client.firstName).toBe('Simon');
    } finally {
      other.release();
    }
  });

  it('lets exactly one of ten concurrent updates from one version win; the others get VersionConflictError', async () => {
    const store = await freshStore();
    const { client } = await store.create({ record: simon, accountManager: 'julie.tremblay' });
    const cities = ['Laval', 'Longueuil', 'Gatineau', 'Québec', 'Sherbrooke', 'Trois-Rivières', 'Lévis', 'Saguenay', 'Terrebonne', 'Rimouski'];
    const results = await Promise.allSettled(
      cities.map((city) => store.update({ id: client.id, record: { ...simon, address: { ...simon.address, city } }, expectedVersion: client.version as number })),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<StoredClient> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(VersionConflictError);
        expect(r.reason.code).toBe('version_conflict');
      }
    }
    const stored = (await store.get(client.id)) as StoredClient;
    expect(stored.version).toBe((client.version as number) + 1);
    expect(stored).toEqual(won[0]?.value);
    expect(stored.accountManager).toBe('julie.tremblay');
  });

  it('refuses updates like the memory store: unknown ids, another kind, a version that is not ours', async () => {
    const store = await freshStore();
    const { client } = await store.create({ record: simon });
    for (const id of ['999999', 'client-1', '', '99999999999999999999']) {
      const error = await rejection(store.update({ id, record: simon }));
      expect(error).toBeInstanceOf(ClientNotFoundError);
      expect(await store.get(id)).toBeUndefined();
    }
    const corporation: CorporationRecord = { kind: 'corporation', businessNumber: '852147966', name: 'Les Entreprises Côté et Fils ltée' };
    expect(await rejection(store.update({ id: client.id, record: corporation }))).toMatchObject({ code: 'kind_mismatch' });
    // The memory store compares versions strictly: '1' is not 1.
    expect(await rejection(store.update({ id: client.id, record: simon, expectedVersion: String(client.version) }))).toBeInstanceOf(VersionConflictError);
    expect((await store.get(client.id))?.version).toBe(client.version);
  });

  it('round-trips French accents, typographic and plain apostrophes, and finds e-mails case-insensitively', async () => {
    const store = await freshStore();
    const zoe: IndividualRecord = {
      kind: 'individual',
      sin: sinOf(4242),
      firstName: 'Zoé-Maëlle',
      lastName: 'D’Amours-Lévesque',
      email: 'ZOÉ.DAMOURS@Exemple.QC.CA',
      address: { line1: '12, rue de l’Église, app. 3', line2: "Chez O'Neil « porte arrière »", city: 'Saint-Jérôme', province: 'QC', postalCode: 'J7Z 5T3', country: 'CA' },
      clientFile: "D'AMOURS-2025'); DROP TABLE taxsync_clients; --",
      language: 'fr',
    };
    const { client } = await store.create({ record: zoe, accountManager: 'Hélène Bélanger', idempotencyKey: 'form:zoé' });
    const read = (await store.get(client.id)) as StoredClient;
    expect(dataOf(read)).toEqual(zoe);
    expect(read.accountManager).toBe('Hélène Bélanger');
    expect((await store.find({ email: '  zoé.damours@exemple.qc.ca ' })).map((c) => c.id)).toEqual([client.id]);
    expect((await all(store)).map(dataOf)).toEqual([zoe]);

    await store.appendJournal([{ applyId: 'import:été', itemKey: 'i0', step: 'email', status: 'done', clientId: client.id, ref: '<message-1@cabinet-lévesque.ca>', at: '2026-03-14T19:42:07Z' }]);
    expect(await store.readJournal('import:été', 'i0')).toEqual([{ applyId: 'import:été', itemKey: 'i0', step: 'email', status: 'done', clientId: client.id, ref: '<message-1@cabinet-lévesque.ca>', at: '2026-03-14T19:42:07Z' }]);

    const file = { id: 'D’AMOURS-2025', label: 'Famille D’Amours-Lévesque', taxpayers: [{ taxpayerId: client.id, role: 'principal' as const, name: 'Zoé-Maëlle D’Amours-Lévesque' }] };
    expect(await store.putClientFile(file)).toEqual(file);
    expect(await store.getClientFile('D’AMOURS-2025')).toEqual(file);
  });

  it('lists 2,500 clients page by page, each once, holding one page at a time', async () => {
    const store = await freshStore({ tablePrefix: 'bulk_' });
    const corporations = new Set<string>();
    for (let start = 0; start < 2_500; start += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const n = start + j;
          const record: IndividualRecord | CorporationRecord =
            n % 5 === 0
              ? { kind: 'corporation', businessNumber: sinOf(n), name: `Entreprise Bélanger n° ${n} inc.` }
              : { kind: 'individual', sin: sinOf(n), firstName: 'Élise', lastName: `Bélanger-${n}` };
          return store.create({ record, idempotencyKey: `bulk:${n}` });
        }),
      );
      for (const r of batch) if (r.client.kind === 'corporation') corporations.add(r.client.id);
    }
    expect(validateSin(sinOf(1234)).ok).toBe(true);

    // Watch what the store asks the database for: a structural pool wraps a pg Pool without pg's types.
    const sizes: number[] = [];
    const watched: PostgresPool = {
      query: async (text, values) => {
        const result = await db().query(text, values);
        sizes.push(result.rows.length);
        return result;
      },
      connect: () => db().connect(),
    };
    const paged = createPostgresClientStore(watched, { tablePrefix: 'bulk_', pageSize: 100 });
    const ids = (await all(paged)).map((c) => c.id);
    expect(ids).toHaveLength(2_500);
    expect(new Set(ids).size).toBe(2_500);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(sizes.length).toBeGreaterThanOrEqual(25);

    const listedCorporations = (await all(paged, 'corporation')).map((c) => c.id);
    expect(new Set(listedCorporations)).toEqual(corporations);
    expect((await all(store, 'individual')).length).toBe(2_500 - corporations.size);
  }, 120_000);

  it('yields each client once while clients are updated and created during the walk, and then ends', async () => {
    const store = await freshStore({ pageSize: 10 });
    const first = await Promise.all(Array.from({ length: 35 }, (_, n) => store.create({ record: { ...simon, sin: sinOf(n), firstName: `Simon ${n}` } })));
    const seen: string[] = [];
    for await (const client of store.list()) {
      seen.push(client.id);
      if (seen.length === 5) {
        // Updating a client already seen and one not yet seen, and adding new ones, must not disturb the walk.
        for (const n of [0, 30]) await store.update({ id: first[n]?.client.id ?? '', record: { ...simon, sin: sinOf(n), lastName: 'Modifié' } });
        await store.create({ record: { ...simon, sin: sinOf(500), firstName: 'Nouveau' } });
      }
    }
    expect(seen.sort()).toEqual(first.map((r) => r.client.id).sort());
    expect((await all(store)).length).toBe(36);
  });

  it('holds no connection after a walk that stops early', async () => {
    const single = new pg.Pool({ connectionString: connectionString(), max: 1 });
    try {
      const store = createPostgresClientStore(single, { tablePrefix: 'walk_', pageSize: 2 });
      await migratePostgresClientStore(single, { tablePrefix: 'walk_' });
      const { client } = await store.create({ record: simon });
      await store.create({ record: { ...simon, sin: sinOf(7) } });
      await store.create({ record: { ...simon, sin: sinOf(8) } });
      for await (const c of store.list()) {
        expect(c.id).toBe(client.id);
        break;
      }
      // With one connection in the pool, this would wait forever if the walk had kept it.
      expect((await store.get(client.id))?.id).toBe(client.id);
    } finally {
      await single.end();
    }
  });

  it('reads the journal back in append order, where a later entry supersedes an earlier one', async () => {
    const store = await freshStore({ now: () => new Date('2026-04-30T12:00:00.000Z') });
    const entries: JournalEntry[] = Array.from({ length: 300 }, (_, n) => ({ applyId: 'plan-été', itemKey: `i${n % 7}`, step: n % 2 === 0 ? 'create' : 'email', status: 'done', clientId: String(n), at: '' }));
    await store.appendJournal(entries.slice(0, 150));
    await store.appendJournal([{ applyId: 'plan-autre', itemKey: 'i0', step: 'create', status: 'pending', at: '2026-04-01T08:00:00Z' }]);
    await store.appendJournal(entries.slice(150));
    await store.appendJournal([]);
    const read = await store.readJournal('plan-été');
    expect(read.map((e) => e.clientId)).toEqual(entries.map((e) => e.clientId));
    expect(new Set(read.map((e) => e.at))).toEqual(new Set(['2026-04-30T12:00:00.000Z']));
    expect((await store.readJournal('plan-été', 'i3')).map((e) => e.clientId)).toEqual(entries.filter((e) => e.itemKey === 'i3').map((e) => e.clientId));

    // Pending, then done: the last entry for an item and step is the one that counts.
    await store.appendJournal([{ applyId: 'plan-b', itemKey: 'i0', step: 'email', status: 'pending', at: '2026-04-30T12:00:01Z' }]);
    await store.appendJournal([{ applyId: 'plan-b', itemKey: 'i0', step: 'email', status: 'done', ref: 'message-7', at: '2026-04-30T12:00:02Z' }]);
    const steps = await store.readJournal('plan-b', 'i0');
    expect(steps.map((e) => e.status)).toEqual(['pending', 'done']);
    expect(steps.at(-1)).toEqual({ applyId: 'plan-b', itemKey: 'i0', step: 'email', status: 'done', ref: 'message-7', at: '2026-04-30T12:00:02Z' });

    // A bad entry anywhere in a batch: nothing of the batch is written.
    const bad = [{ applyId: 'plan-c', itemKey: 'i0', step: 'create', status: 'done', at: '' }, { applyId: 'plan-c', itemKey: 'i1', status: 'done', at: '' }] as unknown as JournalEntry[];
    expect(await rejection(store.appendJournal(bad))).toMatchObject({ code: 'invalid_input' });
    expect(await store.readJournal('plan-c')).toEqual([]);
  });

  it('keeps two stores with different table prefixes apart in one database', async () => {
    const a = await freshStore({ tablePrefix: 'cabinet_a_' });
    const b = await freshStore({ tablePrefix: 'cabinet_b_' });
    const inA = await a.create({ record: simon, idempotencyKey: 'same-key' });
    const inB = await b.create({ record: { ...simon, firstName: 'Simone' }, idempotencyKey: 'same-key' });
    expect([inA.created, inB.created]).toEqual([true, true]);
    expect((await a.find({ sin: '130692544' })).map((c) => c.kind === 'individual' && c.firstName)).toEqual(['Simon']);
    expect((await b.find({ sin: '130692544' })).map((c) => c.kind === 'individual' && c.firstName)).toEqual(['Simone']);
    await a.update({ id: inA.client.id, record: { ...simon, lastName: 'Provencher-Roy' }, expectedVersion: inA.client.version as number });
    expect((await b.get(inB.client.id))?.version).toBe(inB.client.version);
    await a.appendJournal([{ applyId: 'p', itemKey: 'i0', step: 'create', status: 'done', at: '2026-04-30T12:00:00Z' }]);
    expect(await b.readJournal('p')).toEqual([]);
    await a.putSignatureRecord({ record: { taxpayerId: inA.client.id, clientFileId: 'F', taxYear: 2025, documentType: 'T183' }, expectedVersion: null });
    expect(await b.listSignatureRecords([inA.client.id])).toEqual([]);
  });

  it('migrates idempotently: twice, concurrently, or by running the DDL script by hand, keeping the data', async () => {
    const options = { schema: 'migrations', tablePrefix: 'm_' };
    await migratePostgresClientStore(db(), options);
    const store = createPostgresClientStore(db(), options);
    const { client } = await store.create({ record: simon, idempotencyKey: 'kept' });
    await migratePostgresClientStore(db(), options);
    await Promise.all([1, 2, 3].map(() => migratePostgresClientStore(db(), options)));
    const script = postgresClientStoreSchema(options);
    expect(script).toContain('CREATE TABLE IF NOT EXISTS "migrations"."m_clients"');
    await db().query(script);
    await db().query(script);
    expect(await store.get(client.id)).toEqual(client);
    expect((await store.create({ record: simon, idempotencyKey: 'kept' })).created).toBe(false);
    // A fresh schema migrated concurrently from several connections.
    await Promise.all(['x_', 'y_', 'z_'].map((tablePrefix) => migratePostgresClientStore(db(), { schema: 'concurrent', tablePrefix })));
    expect((await createPostgresClientStore(db(), { schema: 'concurrent', tablePrefix: 'y_' }).create({ record: simon })).created).toBe(true);
  });

  it('upgrades a store of the previous version: journal steps carried over, one client per number enforced', async () => {
    const options = { tablePrefix: 'up_' };
    // The previous version's schema: plain SIN/BN indexes, a journal without owners, no step table.
    const previous = postgresClientStoreSchema(options)
      .split(';\n\n')
      .filter((sql) => !/journal_steps|ADD COLUMN|UNIQUE INDEX|DROP INDEX/.test(sql))
      .concat(['CREATE INDEX IF NOT EXISTS "up_clients_sin_idx" ON "up_clients" (sin) WHERE sin IS NOT NULL'])
      .join(';\n\n');
    await db().query(previous);
    await db().query(`INSERT INTO "up_journal" (apply_id, item_key, step, status, client_id, ref, at) VALUES
      ('plan-1', 'i0', 'email', 'pending', '7', NULL, '2026-03-01T10:00:00.000Z'),
      ('plan-1', 'i0', 'email', 'done', '7', 'msg-1', '2026-03-01T10:00:01.000Z'),
      ('plan-1', 'i1', 'email', 'pending', '8', NULL, '2026-03-01T10:00:02.000Z')`);
    await migratePostgresClientStore(db(), options);
    const store = createPostgresClientStore(db(), options);
    const done = await store.claimStep({ applyId: 'plan-1', itemKey: 'i0', step: 'email', owner: 'w1', leaseMs: 60_000 });
    expect(done).toMatchObject({ outcome: 'finished', entry: { status: 'done', ref: 'msg-1', clientId: '7' } });
    const left = await store.claimStep({ applyId: 'plan-1', itemKey: 'i1', step: 'email', owner: 'w1', leaseMs: 60_000 });
    expect(left).toMatchObject({ outcome: 'claimed', previous: { status: 'pending', clientId: '8' }, entry: { owner: 'w1', clientId: '8' } });
    const indexes = await db().query(`SELECT indexname FROM pg_indexes WHERE tablename = 'up_clients' ORDER BY indexname`);
    expect(indexes.rows.map((r) => r.indexname)).toContain('up_clients_sin_key');
    expect(indexes.rows.map((r) => r.indexname)).not.toContain('up_clients_sin_idx');
  });

  it('refuses to migrate, changing nothing, while two clients share a SIN; says which client holds a number', async () => {
    const options = { tablePrefix: 'dup_' };
    const previous = postgresClientStoreSchema(options)
      .split(';\n\n')
      .filter((sql) => !/journal_steps|ADD COLUMN|UNIQUE INDEX|DROP INDEX/.test(sql))
      .join(';\n\n');
    await db().query(previous);
    const row = `('individual', '130692544', '{"kind":"individual","sin":"130692544","firstName":"Simon","lastName":"Provencher"}'::jsonb)`;
    await db().query(`INSERT INTO "dup_clients" (kind, sin, record) VALUES ${row}, ${row}`);
    const failure = await rejection(migratePostgresClientStore(db(), options));
    expect(isTaxsyncError(failure) && failure.code).toBe('store_failed');
    expect(inspect(failure, { depth: 5 })).not.toContain('130692544');
    const steps = await db().query(`SELECT to_regclass('dup_journal_steps') AS t`);
    expect(steps.rows[0]?.t).toBeNull();
    // Merged by hand, the migration goes through and the number is guarded.
    await db().query(`DELETE FROM "dup_clients" WHERE id = (SELECT max(id) FROM "dup_clients")`);
    await migratePostgresClientStore(db(), options);
    const store = createPostgresClientStore(db(), options);
    const [holder] = await store.find({ sin: '130692544' });
    const refused = await rejection(store.create({ record: { ...simon, firstName: 'Simone' } }));
    expect(ClientExistsError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ code: 'client_exists', params: { id: holder?.id, key: 'sin', value: '*** *** 544' } });
    expect(ClientExistsError.isInstance(refused) ? refused.messageIn('en') : '').toContain(`Another client (${holder?.id ?? ''}) already holds SIN *** *** 544`);
    expect(inspect(refused, { depth: 5 })).not.toContain('130692544');
  });

  it('compare-and-sets signature records: one of ten writers from one version wins', async () => {
    const store = await freshStore();
    const record: SignatureRecord = { taxpayerId: '1', clientFileId: 'PROVENCHER-2025', taxYear: 2025, documentType: 'TP-1000.TE', amountAtSigningCents: -125_000 };
    const first = await store.putSignatureRecord({ record, expectedVersion: null });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) => store.putSignatureRecord({ record: { ...record, amountAtSigningCents: n }, expectedVersion: first.version as number })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionConflictError);
    const [stored] = await store.listSignatureRecords(['1'], 2025);
    expect(stored?.version).toBe((first.version as number) + 1);
    // Unconditional writes always land, one version each.
    await Promise.all([1, 2, 3].map((n) => store.putSignatureRecord({ record: { ...record, amountAtSigningCents: n } })));
    expect((await store.listSignatureRecords(['1']))[0]?.version).toBe((first.version as number) + 4);
  });
});

describe('createPostgresClientStore errors', () => {
  it('says to run the migration when the tables are missing, in English and French', async () => {
    const store = createPostgresClientStore(db(), { tablePrefix: 'never_migrated_' });
    const error = await rejection(store.get('1'));
    expect(isTaxsyncError(error) && error.code).toBe('store_schema_missing');
    expect((error as Error).message).toContain('migratePostgresClientStore(pool)');
    expect(isTaxsyncError(error) && error.messageIn('fr')).toContain('Exécutez migratePostgresClientStore(pool)');
    for (const call of [() => all(store), () => store.create({ record: simon, idempotencyKey: 'k' }), () => store.readJournal('p')]) {
      expect(await rejection(call())).toMatchObject({ code: 'store_schema_missing' });
    }
  });

  it('reports an unreachable database as store_unavailable', async () => {
    const { createServer } = await import('node:net');
    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const nowhere = new pg.Pool({ host: '127.0.0.1', port: closedPort, user: 'postgres', database: 'taxsync_test', connectionTimeoutMillis: 10_000 });
    try {
      expect(await rejection(createPostgresClientStore(nowhere).get('1'))).toMatchObject({ code: 'store_unavailable' });
      expect(await rejection(migratePostgresClientStore(nowhere))).toMatchObject({ code: 'store_unavailable' });
    } finally {
      await nowhere.end();
    }
  });

  it('never carries a full SIN in an error, its message or its cause, even when PostgreSQL echoes the row', async () => {
    const store = await freshStore();
    // A rule of the host's own (a CHECK constraint) refuses this SIN; PostgreSQL's DETAIL then holds the whole row.
    await db().query(`ALTER TABLE ${store.tables.clients} ADD CONSTRAINT no_test_sin CHECK (sin <> '130692544')`);
    const refused = await rejection(store.create({ record: simon }));
    expect(refused).toMatchObject({ code: 'store_failed', params: { operation: 'create', sqlstate: '23514' } });
    const nul = await rejection(store.create({ record: { ...simon, sin: sinOf(3), lastName: 'Pro\u0000vencher' } }));
    expect(nul).toMatchObject({ code: 'invalid_input' });
    // A driver whose own message quotes the value.
    const echoing: PostgresPool = {
      query: async () => {
        throw Object.assign(new Error('invalid input syntax for type bigint: "130 692 544" (130.692.544, 130\u00a0692\u202f544, 130  692-544) of simon.provencher@exemple.ca'), {
          code: '22P02',
          detail: 'Key (sin)=(130692544)',
          hint: 'Row 130.692.544 belongs to simon.provencher@exemple.ca',
        });
      },
      connect: () => db().connect(),
    };
    const echoed = await rejection(createPostgresClientStore(echoing).find({ sin: '130692544' }));
    expect(echoed).toMatchObject({ code: 'store_failed', params: { operation: 'find', sqlstate: '22P02' } });
    for (const error of [refused, nul, echoed]) {
      const everything = inspect(error, { depth: 5 }) + JSON.stringify(error);
      expect(everything.replace(/[\s.-]/g, '')).not.toContain('130692544');
      expect(everything).not.toContain('simon.provencher@');
      expect(isTaxsyncError(error) && error.messageIn('fr')).not.toMatch(/130\s?692\s?544/);
    }
    expect(inspect(echoed)).toContain('*** *** 544');
    expect(inspect(echoed)).toContain('s***@exemple.ca');
  });

  it('refuses options that could make two stores share tables', () => {
    expect(() => createPostgresClientStore(db(), { tablePrefix: 'x'.repeat(37) })).toThrow(InvalidArgumentError);
    expect(() => createPostgresClientStore(db(), { tablePrefix: 'é'.repeat(19) })).toThrow(InvalidArgumentError);
    expect(() => createPostgresClientStore(db(), { tablePrefix: 'é'.repeat(18) })).not.toThrow();
    expect(() => createPostgresClientStore(db(), { schema: '' })).toThrow(InvalidArgumentError);
    expect(() => postgresClientStoreSchema({ tablePrefix: 'a\u0000b' })).toThrow(InvalidArgumentError);
    expect(() => createPostgresClientStore(db(), { pageSize: 0 })).toThrow(InvalidArgumentError);
  });
});

describe('createPostgresClientStore and the call’s signal', () => {
  /** Waits until a statement of the store is blocked on a lock (pg_stat_activity), so the abort lands mid-statement. */
  async function blockedOn(prefix: string): Promise<number> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await db().query(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`UPDATE "${prefix}clients"%`]);
      const pid = rows[0]?.pid as number | undefined;
      if (pid !== undefined) return pid;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the update never waited on the lock');
  }

  it('cancels a statement waiting on a lock when the call aborts: nothing written, its connection closed', async () => {
    const store = await freshStore();
    const prefix = store.tables.clients.slice(1, -'clients"'.length);
    const { client } = await store.create({ record: simon });
    const holder = await db().connect();
    const controller = new AbortController();
    let pid: number;
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT id FROM ${store.tables.clients} WHERE id = $1 FOR UPDATE`, [client.id]);
      const updating = store.update({ id: client.id, record: { ...simon, email: 'simon.p@nouveau.ca' }, expectedVersion: Number(client.version) }, { signal: controller.signal });
      pid = await blockedOn(prefix);
      controller.abort(new Error('the firm stopped the import'));
      const error = await rejection(updating);
      expect([(error as Error).name, (error as { effect?: unknown }).effect, ((error as Error).cause as Error).message]).toEqual(['AbortError', 'none', 'the firm stopped the import']);
      // Cancelled on the server while the lock is still held: not merely abandoned by the client.
      const { rows } = await db().query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = $2', [pid, 'Lock']);
      expect(rows[0]?.n).toBe(0);
    } finally {
      await holder.query('COMMIT');
      holder.release();
    }
    const after = await store.get(client.id);
    expect([after?.version, after?.email]).toEqual([client.version, 'simon.provencher@exemple.ca']);
    // Its connection was closed rather than handed to the next caller.
    for (let i = 0; i < 100; i++) {
      const { rows } = await db().query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await db().query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0]?.n).toBe(0);
    // And the store goes on working, with or without a signal.
    const live = { signal: new AbortController().signal };
    expect((await store.update({ id: client.id, record: { ...simon, email: 'simon.p@nouveau.ca' }, expectedVersion: Number(client.version) }, live)).version).toBe(Number(client.version) + 1);
  });

  it('starts nothing once aborted, and stops a walk before its next page', async () => {
    const store = await freshStore({ pageSize: 2 });
    const controller = new AbortController();
    controller.abort();
    const refused = await rejection(store.create({ record: simon, idempotencyKey: 'plan-1:i0' }, { signal: controller.signal }));
    expect([(refused as Error).name, (refused as { effect?: unknown }).effect]).toEqual(['AbortError', 'none']);
    expect(await all(store)).toEqual([]);

    for (let n = 1; n <= 5; n++) await store.create({ record: { ...simon, sin: sinOf(n), email: `client${n}@exemple.ca` } });
    const walk = new AbortController();
    const seen: string[] = [];
    const stopped = await rejection(
      (async () => {
        for await (const c of store.list({}, { signal: walk.signal })) {
          seen.push(c.id);
          walk.abort();
        }
      })(),
    );
    expect((stopped as Error).name).toBe('AbortError');
    expect(seen).toHaveLength(2);
  });
});
