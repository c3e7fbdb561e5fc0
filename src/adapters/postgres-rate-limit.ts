/**
 * The PostgreSQL {@link RateLimitStore}: the website form's rate limits shared by every instance of the host, in one
 * table of the same database (and pool) as the PostgreSQL client store.
 */
import { checkRateLimitHit, decide, type RateLimitDecision, type RateLimitHitInput, type RateLimitStore } from '../clients/form/rate-limit.js';
import { TaxsyncError } from '../errors/taxsync-error.js';
import { guard, namesOf, quote, runMigration, type PostgresPool, type PostgresSchemaOptions } from './postgres.js';

/** Options of {@link createPostgresRateLimitStore} and {@link migratePostgresRateLimitStore}: where the table lives. */
export type PostgresRateLimitStoreOptions = PostgresSchemaOptions;

/** A {@link RateLimitStore} over PostgreSQL, with housekeeping. */
export interface PostgresRateLimitStore extends RateLimitStore {
  /** The quoted, schema-qualified name of the table (`"taxsync_rate_limits"` by default). */
  readonly table: string;
  /**
   * Deletes the keys whose every hit has left its window by `now` (ms since the epoch; default: the system clock),
   * and returns how many. Run it now and then (a cron, or one in a thousand requests): the table otherwise keeps one
   * small row per address and e-mail ever seen.
   */
  prune(now?: number): Promise<number>;
}

function tableOf(options: PostgresSchemaOptions): { table: string; index: string; pkey: string; schema: string | undefined } {
  const names = namesOf(options);
  const table = (names.schema === undefined ? '' : `${quote(names.schema)}.`) + names.object('rate_limits');
  return { table, index: names.object('rate_limits_expires_idx'), pkey: names.object('rate_limits_pkey'), schema: names.schema };
}

/**
 * The DDL of the rate-limit table, as a script of `CREATE … IF NOT EXISTS` statements (running it again changes
 * nothing): one row per key with its recent hits (`bigint[]` of ms, at most `limit` of them) and when they all expire.
 * The keys are the form's HMACs, never an address or an e-mail.
 */
export function postgresRateLimitStoreSchema(options: PostgresRateLimitStoreOptions = {}): string {
  const { table, index, pkey, schema } = tableOf(options);
  return `${[
    ...(schema === undefined ? [] : [`CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`]),
    `CREATE TABLE IF NOT EXISTS ${table} (
  key text CONSTRAINT ${pkey} PRIMARY KEY,
  hits bigint[] NOT NULL,
  allowed boolean NOT NULL,
  expires_at bigint NOT NULL
)`,
    `CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at)`,
  ].join(';\n\n')};\n`;
}

/**
 * Creates the rate-limit table when missing ({@link postgresRateLimitStoreSchema}), in one transaction, under the
 * same advisory lock as `migratePostgresClientStore`: safe at every start and from several processes at once.
 *
 * @throws `TaxsyncError` `store_unavailable` or `store_failed`, as the client store's migration.
 */
export async function migratePostgresRateLimitStore(pool: PostgresPool, options: PostgresRateLimitStoreOptions = {}): Promise<void> {
  await runMigration(pool, postgresRateLimitStoreSchema(options));
}

/**
 * A {@link RateLimitStore} over PostgreSQL, for a form served by several processes or serverless instances: every
 * hit is **one statement** (`INSERT … ON CONFLICT (key) DO UPDATE`), so concurrent hits on one key wait for each
 * other on its row and exactly `limit` are allowed per window, across processes. Times come from the caller (the
 * handler's clock), not from the database. Passes `rateLimitStoreTestSuite`.
 *
 * Create the table once with {@link migratePostgresRateLimitStore} (same `schema` and `tablePrefix`), and call
 * `prune()` now and then.
 *
 * @param pool - your `pg` `Pool`; the store never ends it.
 * @throws `InvalidArgumentError` (`invalid_input`) for a bad `tablePrefix` or `schema`.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresClientStore, createPostgresRateLimitStore, migratePostgresClientStore, migratePostgresRateLimitStore } from 'taxsync/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migratePostgresClientStore(pool);
 * await migratePostgresRateLimitStore(pool);
 * const handler = createClientFormHandler({ store: createPostgresClientStore(pool), portal, mailer, rateLimits: createPostgresRateLimitStore(pool) }, { secret });
 * ```
 */
export function createPostgresRateLimitStore(pool: PostgresPool, options: PostgresRateLimitStoreOptions = {}): PostgresRateLimitStore {
  const { table } = tableOf(options);
  // Hits still inside the window, in time order; the old row is locked by ON CONFLICT, so no other hit interleaves.
  const kept = 'ARRAY(SELECT h FROM unnest(r.hits) AS h WHERE h > $2::bigint - $4::bigint ORDER BY h)';
  const withNow = 'ARRAY(SELECT h FROM unnest(array_append(r.hits, $2::bigint)) AS h WHERE h > $2::bigint - $4::bigint ORDER BY h)';
  const sql = `INSERT INTO ${table} AS r (key, hits, allowed, expires_at) VALUES ($1, ARRAY[$2::bigint], true, $2::bigint + $4::bigint)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN cardinality(${kept}) < $3::integer THEN ${withNow} ELSE ${kept} END,
  allowed = cardinality(${kept}) < $3::integer,
  expires_at = CASE WHEN cardinality(${kept}) < $3::integer THEN $2::bigint + $4::bigint ELSE r.expires_at END
RETURNING allowed, array_to_json(hits)::text AS hits`;

  return {
    table,
    async hit(input: RateLimitHitInput): Promise<RateLimitDecision> {
      checkRateLimitHit(input);
      const { rows } = await guard('rateLimit', () => pool.query(sql, [input.key, input.now, input.limit, input.windowMs]));
      const [row] = rows;
      if (row === undefined) throw new TaxsyncError('store_failed', { operation: 'rateLimit' });
      const hits = (JSON.parse(String(row.hits)) as unknown[]).map(Number);
      if (row.allowed === true) return { allowed: true, count: hits.length, remaining: Math.max(0, input.limit - hits.length), retryAfterMs: 0 };
      return decide(hits, input);
    },
    async prune(now = Date.now()): Promise<number> {
      const { rows } = await guard('prune', () => pool.query(`WITH gone AS (DELETE FROM ${table} WHERE expires_at <= $1::bigint RETURNING 1) SELECT count(*)::text AS n FROM gone`, [now]));
      return Number(rows[0]?.n ?? 0);
    },
  };
}
