/**
 * The PostgreSQL {@link ClientStore}: the same contract as `createMemoryClientStore()`, kept in four tables, safe
 * under concurrency (several processes, several apply runs at once). It takes the host's own `pg` pool and never
 * imports `pg` itself.
 */
import type { ClientRecord } from '../model/client.js';
import { TaxsyncError, isTaxsyncError } from '../errors/taxsync-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { maskBusinessNumber, maskSin, maskText } from '../model/mask.js';
import { checkClaim } from './claims.js';
import { abortedWithoutEffect, throwIfAbortedBeforeCall } from '../internal/abort.js';
import type { ClientFile, SignatureRecord } from '../model/signing.js';
import {
  type ClaimStepInput,
  type ClaimStepResult,
  type ClientLookup,
  type ClientStore,
  type CreateClientInput,
  type CreateClientResult,
  type JournalEntry,
  type ListClientsOptions,
  type PortCallOptions,
  type PutSignatureRecordInput,
  type StoredClient,
  type UpdateClientInput,
} from '../ports.js';
import { ClientExistsError, ClientNotFoundError, VersionConflictError } from '../errors/store.js';

// ── The subset of `pg` used ─────────────────────────────────────────────────────────────────────────────────────

/** What a query resolves to: the rows (`pg`'s `QueryResult` fits). */
export interface PostgresQueryResult {
  /** The rows, one object per row keyed by column name. */
  readonly rows: readonly Record<string, unknown>[];
}

/** Anything that runs a parameterised query: a `pg` `Pool` or `PoolClient`. */
export interface PostgresQueryable {
  /** Runs `text` with `$1`, `$2`… bound to `values`. Without values, `text` may hold several statements. */
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
}

/** A connection borrowed from a {@link PostgresPool} (`pg`'s `PoolClient` fits). */
export interface PostgresPoolClient extends PostgresQueryable {
  /** Gives the connection back; with an error, the pool closes it instead of reusing it. */
  release(error?: Error | boolean): void;
}

/**
 * The part of `pg`'s `Pool` the store uses: `query` for every operation, `connect` for the migration (one
 * transaction). Declared here so that taxsync never loads `pg` and its types never need `@types/pg`: pass your
 * `new Pool(…)` as it is.
 */
export interface PostgresPool extends PostgresQueryable {
  /** Borrows a connection, for a transaction. */
  connect(): Promise<PostgresPoolClient>;
}

// ── Options and names ───────────────────────────────────────────────────────────────────────────────────────────

/** Where the tables live: options shared by the store, {@link postgresClientStoreSchema} and the migration. */
export interface PostgresSchemaOptions {
  /**
   * Schema of the tables (created by the migration when missing). Default: none — unqualified names, so the first
   * schema of the connection's `search_path` (usually `public`). Any name works: it is quoted.
   */
  readonly schema?: string;
  /**
   * Prefix of every table, index and constraint name, so that several stores share one schema. Default
   * `'taxsync_'` (tables `taxsync_clients`, `taxsync_journal`, `taxsync_client_files`,
   * `taxsync_signature_records`). Quoted, so case and any character count; at most 36 bytes (PostgreSQL names stop
   * at 63 bytes and the longest suffix is 27).
   */
  readonly tablePrefix?: string;
}

/** Options of {@link migratePostgresClientStore}: where to create the tables. */
export type MigratePostgresClientStoreOptions = PostgresSchemaOptions;

/** Options of {@link createPostgresClientStore}. Use the same `schema` and `tablePrefix` as for the migration. */
export interface PostgresClientStoreOptions extends PostgresSchemaOptions {
  /** Clients read per query by `list()`: what the store holds in memory at once. Default 500, from 1 to 10,000. */
  readonly pageSize?: number;
  /** Clock of journal entries given without `at`. Default: the system clock. */
  readonly now?: () => Date;
}

/** The quoted, schema-qualified names of the store's tables, ready to put in SQL (backups, reports, tests). */
export interface PostgresClientStoreTables {
  /** Clients: key columns (`sin`, `business_number`, `neq`, `email_key`, `idempotency_key`) plus the record as JSONB. */
  readonly clients: string;
  /** The apply journal, in append order (`seq`). */
  readonly journal: string;
  /** Client files (dossiers), as JSONB keyed by id. */
  readonly clientFiles: string;
  /** Signature records, keyed by taxpayer, tax year and form, with a version. */
  readonly signatureRecords: string;
  /** The latest state of each journal step (what `claimStep` compares and sets), keyed by apply, item and step. */
  readonly journalSteps: string;
}

const DEFAULT_PREFIX = 'taxsync_';
/** PostgreSQL truncates longer identifiers silently, which could make two stores share a table. */
const MAX_IDENTIFIER_BYTES = 63;
const LONGEST_SUFFIX = 'clients_idempotency_key_key';
const MIGRATION_LOCK = "hashtext('taxsync.migrate')";

/** Quotes an identifier for SQL. @internal */
export const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;
const bytes = (text: string): number => new TextEncoder().encode(text).length;

/** The quoted names of a store's tables and objects. @internal */
export interface Names {
  readonly tables: PostgresClientStoreTables;
  /** An index or constraint name (unqualified: it lives in its table's schema). */
  readonly object: (suffix: string) => string;
  readonly schema: string | undefined;
  /** The unquoted name of an index or constraint, as PostgreSQL reports it in errors. */
  readonly raw: (suffix: string) => string;
}

/** Checks `schema` and `tablePrefix` and quotes the names made from them. @internal */
export function namesOf(options: PostgresSchemaOptions): Names {
  const prefix = options.tablePrefix ?? DEFAULT_PREFIX;
  const { schema } = options;
  if (typeof prefix !== 'string' || prefix.includes('\u0000') || bytes(prefix) + LONGEST_SUFFIX.length > MAX_IDENTIFIER_BYTES) {
    throw new InvalidArgumentError('invalid_input', { detail: `tablePrefix must be a string of at most ${MAX_IDENTIFIER_BYTES - LONGEST_SUFFIX.length} bytes without NUL characters` });
  }
  if (schema !== undefined && (typeof schema !== 'string' || schema === '' || schema.includes('\u0000') || bytes(schema) > MAX_IDENTIFIER_BYTES)) {
    throw new InvalidArgumentError('invalid_input', { detail: `schema must be a non-empty string of at most ${MAX_IDENTIFIER_BYTES} bytes without NUL characters` });
  }
  const table = (name: string): string => (schema === undefined ? '' : `${quote(schema)}.`) + quote(prefix + name);
  return {
    tables: Object.freeze({ clients: table('clients'), journal: table('journal'), clientFiles: table('client_files'), signatureRecords: table('signature_records'), journalSteps: table('journal_steps') }),
    object: (suffix) => quote(prefix + suffix),
    raw: (suffix) => prefix + suffix,
    schema,
  };
}

// ── Schema and migration ────────────────────────────────────────────────────────────────────────────────────────

/**
 * The DDL of the store's tables, as one SQL script of `CREATE … IF NOT EXISTS` statements: running it again changes
 * nothing. Hand it to your migration tool, or let {@link migratePostgresClientStore} run it.
 *
 * - `clients`: `id` (bigint identity, exposed as a string), `kind`, the lookup keys `sin`, `business_number`, `neq`
 *   and `email_key` (trimmed, lower-cased e-mail), each indexed where not null (`sin` and `business_number` UNIQUE:
 *   one client per number), `account_manager`,
 *   `idempotency_key` (UNIQUE: the atomic guard of idempotent creation), `version` (bigint, +1 per update), `record`
 *   (the {@link ClientRecord} as JSONB), `created_at`, `updated_at`.
 * - `journal`: `seq` (bigint identity: the append order), `apply_id`, `item_key`, `step`, `status`, `client_id`, `ref`,
 *   `owner`, `lease_until`, `at` (kept as written), `recorded_at`; indexed by apply and item.
 * - `journal_steps`: the latest state of each step, primary key (`apply_id`, `item_key`, `step`), with the claim's
 *   `owner` and `lease_until` (timestamptz, by the database's clock): what `claimStep` compares and sets.
 * - `client_files`: `id` primary key, `file` JSONB.
 * - `signature_records`: primary key (`taxpayer_id`, `tax_year`, `document_type`), `version`, `record` JSONB.
 *
 * Needs PostgreSQL 12 or later.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('migrations/0007_taxsync.sql', postgresClientStoreSchema({ schema: 'cabinet' }));
 * ```
 */
export function postgresClientStoreSchema(options: PostgresSchemaOptions = {}): string {
  const { tables: t, object: o, schema } = namesOf(options);
  const statements = [
    ...(schema === undefined ? [] : [`CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`]),
    `CREATE TABLE IF NOT EXISTS ${t.clients} (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT ${o('clients_pkey')} PRIMARY KEY,
  kind text NOT NULL,
  sin text,
  business_number text,
  neq text,
  email_key text,
  account_manager text,
  idempotency_key text CONSTRAINT ${o('clients_idempotency_key_key')} UNIQUE,
  version bigint NOT NULL DEFAULT 1,
  record jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
    // One client per number, whatever races (replacing the plain indexes of earlier versions; fails, changing nothing,
    // while two clients share a number: merge them first).
    `CREATE UNIQUE INDEX IF NOT EXISTS ${o('clients_sin_key')} ON ${t.clients} (sin) WHERE sin IS NOT NULL`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${o('clients_bn_key')} ON ${t.clients} (business_number) WHERE business_number IS NOT NULL`,
    `DROP INDEX IF EXISTS ${schema === undefined ? '' : `${quote(schema)}.`}${o('clients_sin_idx')}`,
    `DROP INDEX IF EXISTS ${schema === undefined ? '' : `${quote(schema)}.`}${o('clients_bn_idx')}`,
    `CREATE INDEX IF NOT EXISTS ${o('clients_neq_idx')} ON ${t.clients} (neq) WHERE neq IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${o('clients_email_idx')} ON ${t.clients} (email_key) WHERE email_key IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${o('clients_kind_idx')} ON ${t.clients} (kind, id)`,
    `CREATE TABLE IF NOT EXISTS ${t.journal} (
  seq bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT ${o('journal_pkey')} PRIMARY KEY,
  apply_id text NOT NULL,
  item_key text NOT NULL,
  step text NOT NULL,
  status text NOT NULL,
  client_id text,
  ref text,
  at text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
)`,
    `CREATE INDEX IF NOT EXISTS ${o('journal_apply_idx')} ON ${t.journal} (apply_id, item_key, seq)`,
    `ALTER TABLE ${t.journal} ADD COLUMN IF NOT EXISTS owner text, ADD COLUMN IF NOT EXISTS lease_until text`,
    `CREATE TABLE IF NOT EXISTS ${t.journalSteps} (
  apply_id text NOT NULL,
  item_key text NOT NULL,
  step text NOT NULL,
  status text NOT NULL,
  owner text,
  lease_until timestamptz,
  client_id text,
  ref text,
  at text NOT NULL,
  CONSTRAINT ${o('journal_steps_pkey')} PRIMARY KEY (apply_id, item_key, step)
)`,
    // Steps journaled before claims existed: their latest entry is their state.
    `INSERT INTO ${t.journalSteps} (apply_id, item_key, step, status, client_id, ref, at)
SELECT DISTINCT ON (apply_id, item_key, step) apply_id, item_key, step, status, client_id, ref, at FROM ${t.journal}
ORDER BY apply_id, item_key, step, seq DESC ON CONFLICT DO NOTHING`,
    `CREATE TABLE IF NOT EXISTS ${t.clientFiles} (
  id text CONSTRAINT ${o('client_files_pkey')} PRIMARY KEY,
  file jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
    `CREATE TABLE IF NOT EXISTS ${t.signatureRecords} (
  taxpayer_id text NOT NULL,
  tax_year integer NOT NULL,
  document_type text NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  record jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ${o('signature_records_pkey')} PRIMARY KEY (taxpayer_id, tax_year, document_type)
)`,
  ];
  return `${statements.join(';\n\n')};\n`;
}

/**
 * Creates the store's tables when they are missing ({@link postgresClientStoreSchema}), in one transaction. Safe to
 * run at every start and from several processes at once: the DDL is idempotent and migrations take an advisory lock
 * in turn. Existing data is never touched.
 *
 * @throws {@link taxsync!TaxsyncError} `store_unavailable` when the database cannot be reached, `store_failed` when it
 * refuses the DDL (for example a role without CREATE privilege); nothing is created then.
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
 */
export async function migratePostgresClientStore(pool: PostgresPool, options: MigratePostgresClientStoreOptions = {}): Promise<void> {
  await runMigration(pool, postgresClientStoreSchema(options));
}

/** Runs a DDL script in one transaction, under the advisory lock every taxsync migration takes. @internal */
export async function runMigration(pool: PostgresPool, script: string): Promise<void> {
  const client = await guard('migrate', () => pool.connect());
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await client.query(script);
    await client.query('COMMIT');
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    await client.query('ROLLBACK').catch(() => undefined);
    throw toStoreError(error, 'migrate');
  } finally {
    // A connection that failed mid-transaction is closed rather than handed to the next caller.
    client.release(failure);
  }
}

// ── Errors ──────────────────────────────────────────────────────────────────────────────────────────────────────

const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT']);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Undefined table, schema or column; no unique constraint for ON CONFLICT: the migration was not run (or not with these options). */
const SCHEMA_SQLSTATES = new Set(['42P01', '3F000', '42703', '42P10']);
/** What `pg` and `pg-pool` throw, without a code, when the connection is gone. */
const UNAVAILABLE_MESSAGES = /connection terminated|timeout exceeded when trying to connect|not queryable|after calling end on the pool|connection timeout/i;

const stringProperty = (value: unknown, key: string): string | undefined => {
  const found = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof found === 'string' ? found : undefined;
};

/**
 * The database error to keep as `cause`, with every nine-digit run masked and the parts that echo row values
 * (`detail`, `where`) dropped: an error logged with its cause chain must not leak a SIN.
 */
function safeCause(error: unknown): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const cause = new Error(maskText(original.message));
  cause.name = original.name;
  if (original.stack !== undefined) cause.stack = maskText(original.stack);
  for (const key of ['code', 'severity', 'routine', 'schema', 'table', 'column', 'constraint', 'hint']) {
    const value = stringProperty(original, key);
    if (value !== undefined) Object.defineProperty(cause, key, { value: maskText(value), enumerable: true });
  }
  return cause;
}

/** Maps what `pg` throws to a {@link taxsync!TaxsyncError} with a stable code; taxsync's own errors pass through. */
export function toStoreError(error: unknown, operation: string): TaxsyncError {
  if (isTaxsyncError(error)) return error;
  const cause = safeCause(error);
  const code = stringProperty(error, 'code') ?? '';
  const nested = error instanceof AggregateError ? error.errors.map((e: unknown) => stringProperty(e, 'code') ?? '') : [];
  const sqlstate = /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  if (SCHEMA_SQLSTATES.has(code)) return new TaxsyncError('store_schema_missing', { detail: cause.message }, { cause });
  const networkCode = [code, ...nested].find((c) => UNAVAILABLE_NODE_CODES.has(c));
  if (networkCode !== undefined || code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || (sqlstate === undefined && UNAVAILABLE_MESSAGES.test(cause.message))) {
    const detail = networkCode ?? sqlstate;
    return new TaxsyncError('store_unavailable', detail === undefined ? {} : { detail }, { cause });
  }
  return new TaxsyncError('store_failed', { operation, ...(sqlstate === undefined ? {} : { sqlstate }) }, { cause });
}

/** Runs a database call, mapping what `pg` throws to a {@link taxsync!TaxsyncError}. @internal */
export async function guard<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStoreError(error, operation);
  }
}

const invalid = (detail: string): TaxsyncError => new TaxsyncError('invalid_input', { detail });

/** SQLSTATE of a statement cancelled at the client's request (`pg_cancel_backend`). */
const QUERY_CANCELED = '57014';

/**
 * Runs one statement. Without a signal, on the pool as before. With one, on a connection of its own, so that an
 * abort while it runs cancels it on the server (`pg_cancel_backend` of its backend, sent through the pool: it needs
 * a free connection, or room for one). A cancelled statement wrote nothing (`AbortError`, `effect: 'none'`); a
 * statement that finished before the cancel reached it returns its rows — a write that took place is never reported
 * as failed. A connection a cancel was sent to is closed, not reused: the cancel must not reach a later statement.
 */
async function run(pool: PostgresPool, sql: string, values: unknown[] | undefined, signal: AbortSignal | undefined): Promise<Record<string, unknown>[]> {
  if (signal === undefined) return [...(await pool.query(sql, values)).rows];
  throwIfAbortedBeforeCall(signal);
  const client = await pool.connect();
  const pid = (client as { processID?: unknown }).processID;
  let cancelling = false;
  let failure: unknown;
  const onAbort = (): void => {
    cancelling = true;
    if (typeof pid === 'number') pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    throwIfAbortedBeforeCall(signal);
    return [...(await client.query(sql, values)).rows];
  } catch (error) {
    failure = error;
    if (cancelling && stringProperty(error, 'code') === QUERY_CANCELED) throw abortedWithoutEffect(signal, 'The operation was aborted: the statement was cancelled and wrote nothing.');
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    client.release(cancelling || failure !== undefined ? true : undefined);
  }
}

/** An abort of the caller's own signal passes through as it is; anything else becomes a store error. */
const isOwnAbort = (error: unknown, signal: AbortSignal | undefined): boolean => signal?.aborted === true && error instanceof Error && error.name === 'AbortError';

/** An escaped U+0000 in JSON text: `\u0000` after an even number of backslashes. */
const JSON_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/** PostgreSQL text and JSONB cannot hold U+0000: say so clearly instead of failing in the database. */
function storable(value: string, what: string, json = false): string {
  if (json ? JSON_NUL.test(value) : value.includes('\u0000')) throw invalid(`${what} holds a NUL character (U+0000), which PostgreSQL cannot store`);
  return value;
}

// ── Rows ────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Columns of a client, cast so that results do not depend on the pool's type parsers. Sort by `c.id`, never `id`:
 * in ORDER BY, `id` would be this text alias, and ids would sort as text ('10' before '2').
 */
const CLIENT_COLUMNS = 'id::text AS id, version::text AS version, account_manager, record::text AS record';
const RECORD_COLUMNS = 'version::text AS version, record::text AS record';
const MAX_BIGINT = 9223372036854775807n;

/** Ids are bigint identities: anything else cannot be one, and must read as "no such client" rather than fail. */
const isClientId = (id: unknown): id is string => typeof id === 'string' && /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= MAX_BIGINT;
const isVersion = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);
const text = (row: Record<string, unknown> | undefined, column: string): string => String(row?.[column]);
const parse = <T>(json: unknown): T => JSON.parse(String(json)) as T;

function clientOf(row: Record<string, unknown>): StoredClient {
  const manager = row.account_manager;
  return { ...parse<ClientRecord>(row.record), id: text(row, 'id'), version: Number(row.version), ...(typeof manager === 'string' ? { accountManager: manager } : {}) } as StoredClient;
}

/** A timestamptz column as ISO 8601 UTC with milliseconds, like `Date.prototype.toISOString`. */
const isoOf = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function journalEntryOf(row: Record<string, unknown>): JournalEntry {
  const optional = (column: string, name: keyof JournalEntry): Partial<JournalEntry> => (typeof row[column] === 'string' ? { [name]: row[column] } : {});
  return {
    applyId: text(row, 'apply_id'),
    itemKey: text(row, 'item_key'),
    step: text(row, 'step'),
    status: text(row, 'status') as JournalEntry['status'],
    ...optional('client_id', 'clientId'),
    ...optional('ref', 'ref'),
    ...optional('owner', 'owner'),
    ...optional('lease_until', 'leaseUntil'),
    at: text(row, 'at'),
  };
}

function signatureRecordOf(row: Record<string, unknown>): SignatureRecord {
  return { ...parse<SignatureRecord>(row.record), version: Number(row.version) };
}

/** The record as the memory store keeps it: without `source`, nor the `id`, `version`, `accountManager` of a spread client. */
function recordData(record: ClientRecord): ClientRecord {
  if (typeof record !== 'object' || record === null || (record.kind !== 'individual' && record.kind !== 'corporation')) {
    throw invalid('a client record needs kind "individual" or "corporation"');
  }
  const { source: _source, id: _id, version: _version, accountManager: _manager, ...data } = record as ClientRecord & { id?: unknown; version?: unknown; accountManager?: unknown };
  return data as ClientRecord;
}

/** A lookup key column: `null` for absent or empty, and for U+0000, which nothing stored can hold. */
const key = (value: unknown): string | null => (typeof value === 'string' && value !== '' && !value.includes('\u0000') ? value : null);
const emailKey = (value: unknown): string | null => (typeof value === 'string' ? key(value.trim().toLowerCase()) : null);

/** The indexed lookup columns of a record: `[sin, business_number, neq, email_key]`. */
function keysOf(record: ClientRecord): [string | null, string | null, string | null, string | null] {
  return record.kind === 'individual'
    ? [key(record.sin), null, null, emailKey(record.email)]
    : [null, key(record.businessNumber), key(record.neq), emailKey(record.email)];
}

// ── The store ───────────────────────────────────────────────────────────────────────────────────────────────────

/** A {@link ClientStore} over PostgreSQL, with the signature members and the names of its tables. */
export interface PostgresClientStore extends ClientStore {
  /** The quoted names of the store's tables. */
  readonly tables: PostgresClientStoreTables;
  /** The client file with this id, or `undefined`. */
  getClientFile(id: string, options?: PortCallOptions): Promise<ClientFile | undefined>;
  /** Creates or replaces a client file (an upsert by `id`) and returns it as stored. */
  putClientFile(file: ClientFile, options?: PortCallOptions): Promise<ClientFile>;
  /** Signature records of these taxpayers (of one tax year when given), ordered by taxpayer, year and form. */
  listSignatureRecords(taxpayerIds: readonly string[], taxYear?: number, options?: PortCallOptions): Promise<SignatureRecord[]>;
  /** Writes a signature record, compare-and-set on `expectedVersion` in one statement; returns it with its new version. */
  putSignatureRecord(input: PutSignatureRecordInput, options?: PortCallOptions): Promise<SignatureRecord>;
  /** Claims a journal step: one upsert that compares and sets the step's row, leases on the database's clock. */
  claimStep(input: ClaimStepInput, options?: PortCallOptions): Promise<ClaimStepResult>;
  /** Removes the journal of finished applies older than `olderThan` (shared `taxsync:` scopes kept). */
  pruneJournal(olderThan: string, options?: PortCallOptions): Promise<number>;
}

/**
 * A {@link ClientStore} over PostgreSQL, with `capabilities: { versioning: true, signatures: true }`: it behaves
 * exactly like `createMemoryClientStore()` (and passes the same conformance suite), and holds under concurrency:
 *
 * - `create` with an `idempotencyKey` is an `INSERT … ON CONFLICT (idempotency_key) DO NOTHING`: of concurrent
 *   creates with one key, exactly one creates the client, the others get it with `created: false`.
 * - `update` is one `UPDATE … WHERE id = $1 AND version = $2`: of concurrent updates from one version, exactly one
 *   wins, the others throw {@link taxsync!VersionConflictError}. `putSignatureRecord` is a compare-and-set the same way.
 * - `appendJournal` writes all its entries in one statement (all or none), numbered in order by a bigint identity.
 * - `list()` pages by id (keyset, never OFFSET), `pageSize` clients at a time; clients created after it started are
 *   not yielded, none is yielded twice.
 * - `find()` uses the indexed key columns; e-mails compare trimmed and lower-cased (accents included).
 * - Every method takes the port's `{ signal }`: nothing starts once it is aborted, and a statement still running when
 *   it aborts is cancelled on the server (`pg_cancel_backend`, sent through the pool: it needs a free connection or
 *   room for one). A cancelled statement wrote nothing; its connection is closed rather than reused. With a signal,
 *   each statement runs on a connection borrowed for it.
 *
 * Ids are the decimal strings of a bigint identity; versions are numbers. Run {@link migratePostgresClientStore}
 * (or apply {@link postgresClientStoreSchema}) once, with the same `schema` and `tablePrefix`, before using it.
 * Database failures throw a {@link taxsync!TaxsyncError}: `store_unavailable` (cannot connect), `store_schema_missing`
 * (migration not run) or `store_failed` (anything else), with the database's error, SIN-like digits masked, as `cause`.
 *
 * @param pool - your `pg` `Pool` (or anything with the same `query` and `connect`); the store never ends it.
 * @throws {@link taxsync!InvalidArgumentError} `invalid_input` for a bad `tablePrefix`, `schema` or `pageSize`.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresClientStore, migratePostgresClientStore } from 'taxsync/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migratePostgresClientStore(pool, { schema: 'cabinet' });
 * const store = createPostgresClientStore(pool, { schema: 'cabinet' });
 * const preview = await previewClientImport({ file: csvBytes, source: 'dtmax' }, { store });
 * ```
 */
export function createPostgresClientStore(pool: PostgresPool, options: PostgresClientStoreOptions = {}): PostgresClientStore {
  const { tables: t } = namesOf(options);
  const pageSize = options.pageSize ?? 500;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 10_000) {
    throw new InvalidArgumentError('invalid_input', { detail: 'pageSize must be an integer from 1 to 10000' });
  }
  const now = options.now ?? (() => new Date());
  const query = async (operation: string, sql: string, values?: unknown[], call?: PortCallOptions): Promise<Record<string, unknown>[]> => {
    try {
      return await run(pool, sql, values, call?.signal);
    } catch (error) {
      if (isOwnAbort(error, call?.signal)) throw error;
      throw toStoreError(error, operation);
    }
  };
  const { raw } = namesOf(options);
  const uniqueKeys: Readonly<Record<string, readonly ['sin' | 'businessNumber', string]>> = {
    [raw('clients_sin_key')]: ['sin', 'sin'],
    [raw('clients_bn_key')]: ['businessNumber', 'business_number'],
  };
  /** A write that may break one client per number: a unique violation on the SIN or BN index is a {@link ClientExistsError}. */
  const write = async (operation: string, sql: string, values: unknown[], record: ClientRecord, call?: PortCallOptions): Promise<Record<string, unknown>[]> => {
    try {
      return await run(pool, sql, values, call?.signal);
    } catch (error) {
      if (isOwnAbort(error, call?.signal)) throw error;
      const unique = stringProperty(error, 'code') === '23505' ? uniqueKeys[stringProperty(error, 'constraint') ?? ''] : undefined;
      if (unique === undefined) throw toStoreError(error, operation);
      const [key, column] = unique;
      const value = key === 'sin' ? (record.kind === 'individual' ? record.sin : undefined) : record.kind === 'corporation' ? record.businessNumber : undefined;
      const [holder] = await query(operation, `SELECT id::text AS id FROM ${t.clients} WHERE ${column} = $1`, [value ?? null], call);
      throw new ClientExistsError({ id: holder === undefined ? 'unknown' : text(holder, 'id'), key, value: key === 'sin' ? maskSin(value ?? '') : maskBusinessNumber(value ?? '') }, { cause: safeCause(error) });
    }
  };

  /** Why an update matched no row: unknown id, another kind, or another version (checked in that order, like the memory store). */
  async function updateFailure(input: UpdateClientInput, kind: string): Promise<TaxsyncError> {
    const [row] = await query('update', `SELECT kind, version::text AS version FROM ${t.clients} WHERE id = $1`, [input.id]);
    if (row === undefined) return new ClientNotFoundError({ id: input.id });
    if (row.kind !== kind) return new TaxsyncError('kind_mismatch', { id: input.id, expected: text(row, 'kind'), actual: kind });
    return new VersionConflictError({ id: input.id, expected: String(input.expectedVersion), actual: Number(row.version) });
  }

  return {
    capabilities: Object.freeze({ versioning: true, signatures: true, claims: true }),
    tables: t,

    async *list(listOptions: ListClientsOptions = {}, options?: PortCallOptions) {
      const kind = listOptions.kind;
      // The last id now bounds the walk: clients created meanwhile are not yielded, so it always ends.
      const [bound] = await query('list', `SELECT max(id)::text AS id FROM ${t.clients}`, undefined, options);
      const last = bound?.id;
      if (typeof last !== 'string') return;
      const byKind = kind === undefined ? '' : ' AND c.kind = $4';
      let after = '0';
      for (;;) {
        const rows = await query('list', `SELECT ${CLIENT_COLUMNS} FROM ${t.clients} AS c WHERE c.id > $1 AND c.id <= $2${byKind} ORDER BY c.id LIMIT $3`, [after, last, pageSize, ...(kind === undefined ? [] : [kind])], options);
        for (const row of rows) yield clientOf(row);
        const tail = rows.at(-1);
        if (rows.length < pageSize || tail === undefined) return;
        after = text(tail, 'id');
      }
    },

    async get(id, options) {
      if (!isClientId(id)) return undefined;
      const [row] = await query('get', `SELECT ${CLIENT_COLUMNS} FROM ${t.clients} WHERE id = $1`, [id], options);
      return row === undefined ? undefined : clientOf(row);
    },

    async find(lookup: ClientLookup, options?: PortCallOptions) {
      const criteria: [string, string | null][] = [
        ['sin', key(lookup.sin)],
        ['business_number', key(lookup.businessNumber)],
        ['neq', key(lookup.neq)],
        ['email_key', emailKey(lookup.email)],
      ];
      const given = criteria.filter((c): c is [string, string] => c[1] !== null);
      if (given.length === 0) return [];
      const where = given.map(([column], i) => `${column} = $${i + 1}`).join(' OR ');
      const rows = await query('find', `SELECT ${CLIENT_COLUMNS} FROM ${t.clients} AS c WHERE ${where} ORDER BY c.id`, given.map(([, value]) => value), options);
      return rows.map(clientOf);
    },

    async create(input: CreateClientInput, options?: PortCallOptions): Promise<CreateClientResult> {
      const data = recordData(input.record);
      const idempotencyKey = input.idempotencyKey ?? null;
      const values = [
        data.kind,
        ...keysOf(data),
        input.accountManager === undefined ? null : storable(input.accountManager, 'accountManager'),
        idempotencyKey === null ? null : storable(idempotencyKey, 'idempotencyKey'),
        storable(JSON.stringify(data), 'the client record', true),
      ];
      const insert = `INSERT INTO ${t.clients} (kind, sin, business_number, neq, email_key, account_manager, idempotency_key, record)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${CLIENT_COLUMNS}`;
      // Twice at most: a row the insert yielded to may only vanish if someone deleted it in between.
      const byKey = async (): Promise<Record<string, unknown> | undefined> =>
        idempotencyKey === null ? undefined : (await query('create', `SELECT ${CLIENT_COLUMNS} FROM ${t.clients} WHERE idempotency_key = $1`, [idempotencyKey], options))[0];
      for (let attempt = 0; attempt < 2; attempt++) {
        let created: Record<string, unknown> | undefined;
        try {
          [created] = await write('create', insert, values, data, options);
        } catch (error) {
          // ON CONFLICT guards the key only: a concurrent create with the same key *and* number that the insert found
          // on the SIN/BN index first is a unique violation there. The key wins: that create is this one.
          const same = ClientExistsError.isInstance(error) ? await byKey() : undefined;
          if (same !== undefined) return { client: clientOf(same), created: false };
          throw error;
        }
        if (created !== undefined) return { client: clientOf(created), created: true };
        // The key is taken. The INSERT's snapshot may predate a concurrent create it waited for: read it afresh.
        const existing = await byKey();
        if (existing !== undefined) return { client: clientOf(existing), created: false };
      }
      throw new TaxsyncError('store_failed', { operation: 'create' });
    },

    async update(input: UpdateClientInput, options?: PortCallOptions) {
      if (!isClientId(input.id)) throw new ClientNotFoundError({ id: String(input.id) });
      const data = recordData(input.record);
      const expected = input.expectedVersion;
      // A version that is not a number can never be ours: no write, only the diagnosis.
      if (expected === undefined || isVersion(expected)) {
        const [row] = await write(
          'update',
          `UPDATE ${t.clients} SET sin = $3, business_number = $4, neq = $5, email_key = $6, record = $7::jsonb, version = version + 1, updated_at = now()
WHERE id = $1 AND kind = $2 AND ($8::bigint IS NULL OR version = $8::bigint) RETURNING ${CLIENT_COLUMNS}`,
          [input.id, data.kind, ...keysOf(data), storable(JSON.stringify(data), 'the client record', true), expected ?? null],
          data,
          options,
        );
        if (row !== undefined) return clientOf(row);
      }
      throw await updateFailure(input, data.kind);
    },

    async appendJournal(entries, options) {
      if (entries.length === 0) return;
      const at = now().toISOString();
      const columns: (string | null)[][] = [[], [], [], [], [], [], [], [], []];
      entries.forEach((entry, i) => {
        const required = [entry.applyId, entry.itemKey, entry.step, entry.status];
        if (!required.every((v) => typeof v === 'string' && v !== '')) throw invalid(`journal entry ${i} needs an applyId, an itemKey, a step and a status`);
        if (entry.leaseUntil !== undefined && Number.isNaN(Date.parse(entry.leaseUntil))) throw invalid(`journal entry ${i} has a leaseUntil that is not a date`);
        const row = [...required, entry.clientId ?? null, entry.ref ?? null, entry.at || at, entry.owner ?? null, entry.leaseUntil ?? null];
        row.forEach((value, c) => columns[c]?.push(value === null ? null : storable(String(value), `journal entry ${i}`)));
      });
      // One statement: every entry or none, and each step's latest state with them. WITH ORDINALITY + ORDER BY
      // numbers the entries in the order given; DISTINCT ON keeps the last entry of each step.
      await query(
        'appendJournal',
        `WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
  WITH ORDINALITY AS u(a, i, s, st, c, r, t, o, l, n)),
j AS (INSERT INTO ${t.journal} (apply_id, item_key, step, status, client_id, ref, at, owner, lease_until) SELECT a, i, s, st, c, r, t, o, l FROM u ORDER BY n)
INSERT INTO ${t.journalSteps} AS x (apply_id, item_key, step, status, client_id, ref, at, owner, lease_until)
SELECT DISTINCT ON (a, i, s) a, i, s, st, c, r, t, o, l::timestamptz FROM u ORDER BY a, i, s, n DESC
ON CONFLICT (apply_id, item_key, step) DO UPDATE SET status = EXCLUDED.status, owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until,
  client_id = coalesce(EXCLUDED.client_id, x.client_id), ref = coalesce(EXCLUDED.ref, x.ref), at = EXCLUDED.at`,
        columns,
        options,
      );
    },

    async readJournal(applyId, itemKey, options) {
      if ([applyId, itemKey].some((v) => v?.includes('\u0000'))) return [];
      const rows = await query(
        'readJournal',
        `SELECT apply_id, item_key, step, status, client_id, ref, owner, lease_until, at FROM ${t.journal} WHERE apply_id = $1${itemKey === undefined ? '' : ' AND item_key = $2'} ORDER BY seq`,
        itemKey === undefined ? [applyId] : [applyId, itemKey],
        options,
      );
      return rows.map(journalEntryOf);
    },

    async claimStep(input, options) {
      checkClaim(input);
      const at = now().toISOString();
      const step = [input.applyId, input.itemKey, input.step].map((v, i) => storable(v, ['applyId', 'itemKey', 'step'][i] as string));
      const clientId = input.clientId === undefined ? null : storable(input.clientId, 'clientId');
      // Compare-and-set in one statement: the upsert locks the step's row and re-checks the condition on its newest
      // version, so of concurrent claims exactly one is granted. Leases run on the database's clock.
      for (let attempt = 0; attempt < 3; attempt++) {
        const [granted] = await query(
          'claimStep',
          `WITH prev AS (SELECT status, owner, lease_until, client_id, ref, at FROM ${t.journalSteps} WHERE apply_id = $1 AND item_key = $2 AND step = $3),
up AS (
  INSERT INTO ${t.journalSteps} AS x (apply_id, item_key, step, status, owner, lease_until, client_id, at)
  VALUES ($1, $2, $3, 'claimed', $4, clock_timestamp() + $5::int * interval '1 millisecond', $6, $7)
  ON CONFLICT (apply_id, item_key, step) DO UPDATE SET status = 'claimed', owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until,
    client_id = coalesce(EXCLUDED.client_id, x.client_id), ref = NULL, at = EXCLUDED.at
  WHERE x.status IN ('released', 'pending') OR (x.status = 'claimed' AND (x.owner = EXCLUDED.owner OR x.lease_until <= clock_timestamp()))
  RETURNING x.client_id, x.lease_until
),
j AS (INSERT INTO ${t.journal} (apply_id, item_key, step, status, client_id, at, owner, lease_until)
  SELECT $1, $2, $3, 'claimed', client_id, $7, $4, ${isoOf('lease_until')} FROM up)
SELECT up.client_id, ${isoOf('up.lease_until')} AS lease_until,
  prev.status AS prev_status, prev.owner AS prev_owner, ${isoOf('prev.lease_until')} AS prev_lease_until, prev.client_id AS prev_client_id, prev.ref AS prev_ref, prev.at AS prev_at
FROM up LEFT JOIN prev ON true`,
          [...step, storable(input.owner, 'owner'), input.leaseMs, clientId, at],
          options,
        );
        if (granted !== undefined) {
          const entry = journalEntryOf({ apply_id: step[0], item_key: step[1], step: step[2], status: 'claimed', client_id: granted.client_id, owner: input.owner, lease_until: granted.lease_until, at });
          const prevStatus = granted.prev_status;
          const lapsed = prevStatus === 'pending' || (prevStatus === 'claimed' && granted.prev_owner !== input.owner);
          if (!lapsed) return { outcome: 'claimed', entry };
          const previous = journalEntryOf({ apply_id: step[0], item_key: step[1], step: step[2], status: prevStatus, client_id: granted.prev_client_id, ref: granted.prev_ref, owner: granted.prev_owner, lease_until: granted.prev_lease_until, at: granted.prev_at });
          return { outcome: 'claimed', entry, previous };
        }
        const [current] = await query(
          'claimStep',
          `SELECT apply_id, item_key, step, status, client_id, ref, owner, ${isoOf('lease_until')} AS lease_until, at, lease_until > clock_timestamp() AS live
FROM ${t.journalSteps} WHERE apply_id = $1 AND item_key = $2 AND step = $3`,
          step,
          options,
        );
        if (current === undefined) continue;
        if (current.status === 'done' || current.status === 'unknown') return { outcome: 'finished', entry: journalEntryOf(current) };
        if (current.status === 'claimed' && current.live === true && current.owner !== input.owner) return { outcome: 'held', entry: journalEntryOf(current) };
        // Released or lapsed between the two statements: claim again.
      }
      throw new TaxsyncError('store_failed', { operation: 'claimStep' });
    },

    async pruneJournal(olderThan, options) {
      if (typeof olderThan !== 'string' || Number.isNaN(Date.parse(olderThan))) throw invalid('pruneJournal needs an ISO 8601 date');
      const [row] = await query(
        'pruneJournal',
        `WITH old AS (
  SELECT apply_id FROM ${t.journal} WHERE apply_id NOT LIKE 'taxsync:%' GROUP BY apply_id HAVING max(at) < $1
  EXCEPT SELECT apply_id FROM ${t.journalSteps} WHERE status NOT IN ('done', 'released')
),
s AS (DELETE FROM ${t.journalSteps} WHERE apply_id IN (SELECT apply_id FROM old)),
j AS (DELETE FROM ${t.journal} WHERE apply_id IN (SELECT apply_id FROM old) RETURNING 1)
SELECT count(*)::int AS removed FROM j`,
        [storable(olderThan, 'olderThan')],
        options,
      );
      return Number(row?.removed ?? 0);
    },

    async getClientFile(id, options) {
      // Nothing stored holds U+0000, so such an id is simply unknown.
      if (typeof id !== 'string' || id.includes('\u0000')) return undefined;
      const [row] = await query('getClientFile', `SELECT file::text AS file FROM ${t.clientFiles} WHERE id = $1`, [id], options);
      return row === undefined ? undefined : parse<ClientFile>(row.file);
    },

    async putClientFile(file, options) {
      if (typeof file !== 'object' || file === null || typeof file.id !== 'string' || file.id === '' || !Array.isArray(file.taxpayers)) {
        throw invalid('a client file needs an id and a list of taxpayers');
      }
      const [row] = await query(
        'putClientFile',
        `INSERT INTO ${t.clientFiles} (id, file) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO UPDATE SET file = EXCLUDED.file, updated_at = now() RETURNING file::text AS file`,
        [storable(file.id, 'the client file id'), storable(JSON.stringify(file), 'the client file', true)],
        options,
      );
      return parse<ClientFile>(row?.file);
    },

    async listSignatureRecords(taxpayerIds, taxYear, options) {
      const ids = [...new Set(taxpayerIds)].filter((id) => typeof id === 'string' && !id.includes('\u0000'));
      if (ids.length === 0 || (taxYear !== undefined && !isVersion(taxYear))) return [];
      const rows = await query(
        'listSignatureRecords',
        `SELECT ${RECORD_COLUMNS} FROM ${t.signatureRecords} WHERE taxpayer_id = ANY($1::text[])${taxYear === undefined ? '' : ' AND tax_year = $2'} ORDER BY taxpayer_id, tax_year, document_type`,
        taxYear === undefined ? [ids] : [ids, taxYear],
        options,
      );
      return rows.map(signatureRecordOf);
    },

    async putSignatureRecord(input, options) {
      const record = input.record;
      if (typeof record !== 'object' || record === null || typeof record.taxpayerId !== 'string' || record.taxpayerId === '' || typeof record.documentType !== 'string' || record.documentType === '' || !Number.isInteger(record.taxYear) || Math.abs(record.taxYear) > 2_147_483_647) {
        throw invalid('a signature record needs a taxpayerId, an integer taxYear and a documentType');
      }
      const { version: _version, ...data } = record;
      const keyValues = [storable(record.taxpayerId, 'taxpayerId'), record.taxYear, storable(record.documentType, 'documentType')];
      const json = storable(JSON.stringify(data), 'the signature record', true);
      const expected = input.expectedVersion;
      const insert = `INSERT INTO ${t.signatureRecords} AS s (taxpayer_id, tax_year, document_type, record) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (taxpayer_id, tax_year, document_type)`;
      let rows: Record<string, unknown>[] = [];
      if (expected === undefined) {
        rows = await query('putSignatureRecord', `${insert} DO UPDATE SET record = EXCLUDED.record, version = s.version + 1, updated_at = now() RETURNING ${RECORD_COLUMNS}`, [...keyValues, json], options);
      } else if (expected === null) {
        rows = await query('putSignatureRecord', `${insert} DO NOTHING RETURNING ${RECORD_COLUMNS}`, [...keyValues, json], options);
      } else if (isVersion(expected)) {
        rows = await query(
          'putSignatureRecord',
          `UPDATE ${t.signatureRecords} SET record = $4::jsonb, version = version + 1, updated_at = now()
WHERE taxpayer_id = $1 AND tax_year = $2 AND document_type = $3 AND version = $5 RETURNING ${RECORD_COLUMNS}`,
          [...keyValues, json, expected],
          options,
        );
      }
      const [row] = rows;
      if (row !== undefined) return signatureRecordOf(row);
      const [current] = await query('putSignatureRecord', `SELECT version::text AS version FROM ${t.signatureRecords} WHERE taxpayer_id = $1 AND tax_year = $2 AND document_type = $3`, keyValues, options);
      throw new VersionConflictError({
        id: `${record.taxpayerId}/${record.taxYear}/${record.documentType}`,
        expected: String(expected),
        actual: current === undefined ? 'none' : text(current, 'version'),
      });
    },
  };
}
