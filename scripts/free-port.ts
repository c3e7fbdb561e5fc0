/** A TCP port of 127.0.0.1 free right now, for throwaway servers (PostgreSQL, Redis) started by tests and demos. */
import { createServer } from 'node:net';

/** Asks the system for a free port of 127.0.0.1 (another process may take it before it is used: retry on a bind error). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
