/**
 * A real, throwaway PostgreSQL server for the adapter tests: a fresh cluster in a temporary folder (initdb), started
 * with pg_ctl on a free port of 127.0.0.1, one empty database, stopped and deleted by `stop()`.
 *
 * PostgreSQL refuses to run as root: under root (CI containers) the binaries run as the `postgres` user through
 * `runuser`, in a folder handed to that user. When no binaries are found the start fails with how to install them:
 * a test that needs a database must never pass without one.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../../scripts/free-port.js';

/** A running throwaway server. */
export interface PgServer {
  /** `postgres://postgres@127.0.0.1:PORT/DATABASE` (trust authentication: no password). */
  readonly connectionString: string;
  readonly port: number;
  readonly database: string;
  /** The server's major version, for messages. */
  readonly version: string;
  /** Stops the server (fast shutdown) and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

export const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) were not found (in TAXSYNC_PG_BIN when set, else on PATH or under /usr/lib/postgresql/*/bin). ' +
  'Install them — Debian/Ubuntu: `apt-get install -y --no-install-recommends postgresql`; macOS: `brew install postgresql@16` — ' +
  'or put their bin folder on PATH. The PostgreSQL adapter tests need a real server and do not skip.';

/**
 * The folder holding initdb and pg_ctl: `TAXSYNC_PG_BIN` when set (to test against one installation among several),
 * else PATH, then Debian's /usr/lib/postgresql/<version>/bin, newest first.
 */
export function findPostgresBin(): string | undefined {
  const has = (dir: string): boolean => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  const chosen = process.env.TAXSYNC_PG_BIN;
  if (chosen !== undefined && chosen !== '') return has(chosen) ? chosen : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir !== '' && has(dir)) return dir;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions.map((v) => join(root, v, 'bin')).find(has);
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

function postgresUser(): RunAs {
  const id = (flag: string): number => {
    const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    const value = Number.parseInt(result.stdout, 10);
    if (result.status !== 0 || !Number.isInteger(value)) {
      throw new Error('These tests run as root, and PostgreSQL refuses to: they need a `postgres` system user to run it (installing the postgresql package creates one).');
    }
    return value;
  };
  return { uid: id('-u'), gid: id('-g') };
}

/** The command line, run as `postgres` through runuser when we are root. */
const commandLine = (runAs: RunAs | undefined, binary: string, args: readonly string[]): [string, string[]] =>
  runAs === undefined ? [binary, [...args]] : ['runuser', ['-u', 'postgres', '--', binary, ...args]];

function run(runAs: RunAs | undefined, binary: string, args: readonly string[]): Promise<string> {
  const [file, argv] = commandLine(runAs, binary, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`${binary} ${args.join(' ')} failed: ${error.message}\n${stderr}`, { cause: error }));
    });
  });
}

const tail = (file: string): string => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no server log)';
  }
};

/**
 * Starts a throwaway cluster and creates `database` in it.
 *
 * @throws when the binaries cannot be found ({@link INSTALL_HINT}) or the server does not start (with its log).
 */
export async function startPgServer(database = 'taxsync_test'): Promise<PgServer> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(INSTALL_HINT);
  const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
  // /tmp rather than a per-user temp folder: the postgres user must be able to reach it, and socket paths stay short.
  const base = mkdtempSync(join(existsSync('/tmp') ? '/tmp' : tmpdir(), 'taxsync-pg-'));
  if (runAs !== undefined) chownSync(base, runAs.uid, runAs.gid);
  const data = join(base, 'data');
  const log = join(base, 'server.log');
  const pgCtl = join(bin, 'pg_ctl');
  let started = false;

  const stopSync = (): void => {
    if (started) {
      const [file, argv] = commandLine(runAs, pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      spawnSync(file, argv, { stdio: 'ignore', timeout: 60_000 });
      started = false;
    }
    rmSync(base, { recursive: true, force: true });
  };
  // Last resort when the test process exits without running afterAll: never leave a server behind.
  process.once('exit', stopSync);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', stopSync);
    if (started) {
      try {
        await run(runAs, pgCtl, ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
        started = false;
      } catch {
        stopSync();
      }
    }
    rmSync(base, { recursive: true, force: true });
  };

  try {
    await run(runAs, join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    let port = 0;
    for (let attempt = 1; !started; attempt++) {
      port = await freePort();
      const settings = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await run(runAs, pgCtl, ['-D', data, '-l', log, '-o', settings, '-w', '-t', '60', 'start']);
        started = true;
      } catch (error) {
        // Another process may have taken the port between our check and the server's bind: try another.
        if (attempt >= 3 || !/could not (bind|create listen)/i.test(tail(log))) throw new Error(`PostgreSQL did not start. Server log:\n${tail(log)}`, { cause: error });
      }
    }
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    let version: string;
    try {
      await admin.query(`CREATE DATABASE ${database} ENCODING 'UTF8' TEMPLATE template0`);
      version = String((await admin.query('SHOW server_version')).rows[0]?.server_version);
    } finally {
      await admin.end();
    }
    return { connectionString: `postgres://postgres@127.0.0.1:${port}/${database}`, port, database, version, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The pool of a test file's throwaway server: {@link usePgPool}. */
export interface PgTestPool {
  /** The pool (throws when the server did not start, pointing at the beforeAll error). */
  db(): pg.Pool;
  /** The server's connection string, for a second pool (another "process"). */
  connectionString(): string;
}

/**
 * Starts a throwaway server for the calling test file (in `beforeAll`), opens a pool of 12 and runs `prepare` on it
 * (migrations); ends both in `afterAll`.
 */
export function usePgPool(prepare: (pool: pg.Pool) => Promise<void>, database?: string): PgTestPool {
  let server: PgServer | undefined;
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    server = await startPgServer(database);
    pool = new pg.Pool({ connectionString: server.connectionString, max: 12 });
    await prepare(pool);
  }, 180_000);
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  }, 180_000);
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the PostgreSQL server did not start (see the beforeAll error)');
    return value;
  };
  return { db: () => started(pool), connectionString: () => started(server).connectionString };
}
