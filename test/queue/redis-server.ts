/** The throwaway Redis of a test file (scripts/redis-server.ts), started in `beforeAll` and stopped in `afterAll`. */
import { afterAll, beforeAll } from 'vitest';
import { startRedisServer, type RedisServer } from '../../scripts/redis-server.js';

export { startRedisServer, type RedisServer };

/** The throwaway Redis of a test file, started in `beforeAll` and stopped in `afterAll`. */
export function useRedisServer(): () => RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);
  return () => {
    if (server === undefined) throw new Error('the Redis server did not start (see the beforeAll error)');
    return server;
  };
}

