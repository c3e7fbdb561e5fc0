/**
 * Signature-sync benchmark: `syncSignatures` over 5,000 client files / 10,000 taxpayers (a principal and a spouse
 * each, one completed T183 each), through the memory portal, and through the HTTP client against the reference
 * server on 127.0.0.1 (server and client in the same process, so its peak RSS counts both). Each measurement runs
 * in its own child process.
 *
 * To wire in: `sync: syncTasks` in bench/worker.ts's groups, and `if (only === undefined || only === 'sync') benchSync();`
 * in bench/run.ts.
 */
import { pathToFileURL } from 'node:url';
import type { ClientFile, SignatureCompletion } from '../src/index.js';
import { FIRST, LAST } from './data.js';
import { measure, printTable, type BenchResult } from './measure.js';

type Core = typeof import('../src/index.js');
type Http = typeof import('../src/http.js');
type Testing = typeof import('../src/testing/index.js');

const rootUrl = process.env.TAXSYNC_ROOT === undefined ? new URL('../', import.meta.url) : pathToFileURL(`${process.env.TAXSYNC_ROOT}/`);
const load = <T>(entry: string): Promise<T> => import(new URL(`dist/${entry}.js`, rootUrl).href) as Promise<T>;

const FILES = 5_000;

function nameOf(i: number): string {
  return `${FIRST[i % FIRST.length] ?? 'Zoé'} ${LAST[Math.floor(i / FIRST.length) % LAST.length] ?? 'Côté'}`;
}

/** 5,000 files of two taxpayers and one completed T183 per taxpayer. */
async function practice(core: Core): Promise<{ store: ReturnType<Core['createMemoryClientStore']>; portal: ReturnType<Core['createMemoryPortal']>; ids: string[] }> {
  const store = core.createMemoryClientStore();
  const portal = core.createMemoryPortal();
  const ids: string[] = [];
  for (let f = 0; f < FILES; f++) {
    const id = `DOSSIER-${String(f).padStart(5, '0')}`;
    const taxpayers = [0, 1].map((k) => ({ taxpayerId: `c-${f}-${k}`, role: k === 0 ? ('principal' as const) : ('spouse' as const), name: nameOf(f * 2 + k) }));
    const file: ClientFile = { id, taxpayers };
    await store.putClientFile(file);
    for (const t of taxpayers) {
      const signedAt = new Date(Date.UTC(2026, 2, 1) + (f * 2 + Number(t.taxpayerId.endsWith('1'))) * 37_000).toISOString();
      const completion: SignatureCompletion = {
        id: `env-${t.taxpayerId}`, documentId: `doc-${t.taxpayerId}`, clientId: t.taxpayerId, documentType: 'T183', taxYear: 2025, state: 'completed', updatedAt: signedAt,
        signers: [{ role: 'taxpayer', name: t.name, status: 'signed', signedAt, timeZone: f % 3 === 0 ? 'America/Vancouver' : 'America/Toronto' }],
        certificateId: `CERT-${t.taxpayerId}`, channel: f % 2 === 0 ? 'portal' : 'email', signedPdfSha256: (f % 16).toString(16).repeat(64),
      };
      portal.recordCompletion(completion);
    }
    ids.push(id);
  }
  return { store, portal, ids };
}

/** Child-process tasks (group `sync`). */
export const syncTasks: Record<string, () => Promise<{ ms: number; items: number }>> = {
  async memory() {
    const core = await load<Core>('index');
    const { store, portal, ids } = await practice(core);
    const t0 = performance.now();
    const log = await core.syncSignatures({ clientFileIds: ids, taxYear: 2025 }, { store, portal }, { concurrency: 8 });
    const ms = performance.now() - t0;
    if (log.summary.updated !== FILES * 2) throw new Error(`unexpected summary ${JSON.stringify(log.summary)}`);
    return { ms, items: FILES * 2 };
  },
  async http() {
    const core = await load<Core>('index');
    const { createHttpPortal } = await load<Http>('http');
    const { startPortalServer } = await load<Testing>('testing');
    const { store, portal, ids } = await practice(core);
    const server = await startPortalServer({ portal });
    try {
      const client = createHttpPortal({ baseUrl: server.url, token: server.token });
      const t0 = performance.now();
      const log = await core.syncSignatures({ clientFileIds: ids, taxYear: 2025 }, { store, portal: client }, { concurrency: 16 });
      const ms = performance.now() - t0;
      if (log.summary.updated !== FILES * 2) throw new Error(`unexpected summary ${JSON.stringify(log.summary)}`);
      return { ms, items: FILES * 2 };
    } finally {
      await server.close();
    }
  },
};

/** Runs the signature-sync measurements and prints their table. */
export function benchSync(): BenchResult[] {
  const memory = measure('syncSignatures, 5k files / 10k taxpayers, memory portal (concurrency 8)', 'taxpayers', 'sync:memory');
  const http = measure('syncSignatures, 5k files / 10k taxpayers, HTTP client → reference server on 127.0.0.1 (concurrency 16)', 'taxpayers', 'sync:http');
  printTable('Signature sync', [memory, http]);
  return [memory, http];
}
