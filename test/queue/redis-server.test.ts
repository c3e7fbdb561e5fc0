/**
 * The throwaway Redis of the queue tests is a real server: it answers, keeps what was written across `restart()`
 * (append-only file), and is gone after `stop()`.
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startRedisServer } from './redis-server.js';

describe('the test Redis server', () => {
  it('starts on 127.0.0.1, keeps its data across a restart, and stops', async () => {
    const server = await startRedisServer();
    const client = new Redis({ host: server.host, port: server.port, maxRetriesPerRequest: null, lazyConnect: true });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.set('taxsync:plan', 'Aperçu — Émilie');
      await server.restart();
      // ioredis reconnects by itself, as BullMQ's connections do.
      expect(await client.get('taxsync:plan')).toBe('Aperçu — Émilie');
    } finally {
      client.disconnect();
      await server.stop();
    }
    const probe = new Redis({ host: server.host, port: server.port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
  }, 60_000);
});
