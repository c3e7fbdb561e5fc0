/**
 * A real, throwaway Redis server for the queue tests, `npm run demo:queue` and `npm run bench queue`: Debian's `redis-server` on a free port of 127.0.0.1, its data in
 * a temporary folder (append-only file, fsync on every write: a restart keeps every job), stopped and deleted by
 * `stop()`. `restart()` stops it (SIGTERM: Redis finishes writing and exits) and starts it again on the same port and
 * folder, the way an operator restarts Redis under running workers.
 *
 * When `redis-server` cannot be found the start fails with how to install it: a test that needs Redis must never pass
 * without one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './free-port.js';

/** A running throwaway server. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Stops the server and starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stops the server and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

export const REDIS_INSTALL_HINT =
  '`redis-server` was not found (in TAXSYNC_REDIS_SERVER when set, else on PATH or /usr/bin). Install it — Debian/Ubuntu: ' +
  '`apt-get install -y --no-install-recommends redis-server`; macOS: `brew install redis` — or put it on PATH. The queue tests need a real server and do not skip.';

/** The `redis-server` binary: `TAXSYNC_REDIS_SERVER` when set, else PATH, else Debian's /usr/bin. */
export function findRedisServer(): string | undefined {
  const chosen = process.env.TAXSYNC_REDIS_SERVER;
  if (chosen !== undefined && chosen !== '') return existsSync(chosen) ? chosen : undefined;
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin']) {
    if (dir !== '' && existsSync(join(dir, 'redis-server'))) return join(dir, 'redis-server');
  }
  return undefined;
}

/** Answers once the server replies `+PONG` to a PING on `port`. */
async function waitForPong(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${log()}`);
    const pong = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
      socket.setTimeout(1_000, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (pong) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within 20 s:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts a throwaway Redis.
 *
 * @throws when the binary cannot be found ({@link REDIS_INSTALL_HINT}) or the server does not start (with its log).
 */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = findRedisServer();
  if (binary === undefined) throw new Error(REDIS_INSTALL_HINT);
  const dir = mkdtempSync(join(existsSync('/tmp') ? '/tmp' : tmpdir(), 'taxsync-redis-'));
  const logFile = join(dir, 'redis.log');
  const log = (): string => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no server log)';
    }
  };
  let child: ChildProcess | undefined;
  let port = 0;

  const launch = async (): Promise<void> => {
    // Every job survives a restart: append-only file, fsync on every write; no RDB snapshots to wait for.
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--logfile', logFile, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--protected-mode', 'yes'];
    const started = spawn(binary, args, { stdio: 'ignore' });
    child = started;
    await waitForPong(port, started, log);
  };
  const halt = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const stopSync = (): void => {
    if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  // Last resort when the test process exits without running afterAll: never leave a server behind.
  process.once('exit', stopSync);

  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      // Another process may have taken the port between our check and the server's bind: try another.
      if (attempt >= 3 || !/address already in use/i.test(log())) {
        stopSync();
        throw error;
      }
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      process.removeListener('exit', stopSync);
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
