/**
 * `taxsync/postgres`: a `ClientStore` over PostgreSQL, for hosts that keep their clients there.
 *
 * It takes your own `pg` pool and never loads `pg` itself (nor needs `@types/pg`): `createPostgresClientStore(pool)`
 * returns a store with `capabilities: { versioning: true, signatures: true }` that behaves exactly like
 * `createMemoryClientStore()` and stays correct when several processes use it at once (idempotent creation by a
 * unique key, compare-and-set updates, an append-ordered journal, keyset paging). Create its tables once with
 * `migratePostgresClientStore(pool)`, or take the DDL from `postgresClientStoreSchema()` into your own migrations.
 *
 * The website form's rate limits can live in the same database: `createPostgresRateLimitStore(pool)`, with its table
 * made by `migratePostgresRateLimitStore(pool)`.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresClientStore, migratePostgresClientStore } from 'taxsync/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migratePostgresClientStore(pool);
 * const store = createPostgresClientStore(pool);
 * ```
 * @packageDocumentation
 * @module taxsync/postgres
 */
// ── The client store, its migration and its DDL ──
export {
  createPostgresClientStore,
  migratePostgresClientStore,
  postgresClientStoreSchema,
  type MigratePostgresClientStoreOptions,
  type PostgresClientStore,
  type PostgresClientStoreOptions,
  type PostgresClientStoreTables,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryable,
  type PostgresQueryResult,
  type PostgresSchemaOptions,
} from './adapters/postgres.js';
// ── The website form's rate limits ──
export {
  createPostgresRateLimitStore,
  migratePostgresRateLimitStore,
  postgresRateLimitStoreSchema,
  type PostgresRateLimitStore,
  type PostgresRateLimitStoreOptions,
} from './adapters/postgres-rate-limit.js';
