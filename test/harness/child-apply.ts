/**
 * One worker of the multi-process test (processes.test.ts): connects to the shared PostgreSQL database, says
 * `{"ready":true}`, waits for `go` on stdin (so that every worker starts at the same moment), applies the plan through
 * the PostgreSQL store, the SQL portal and the file mailer (no idempotency keys), and prints one JSON line: the plan id
 * and one outcome per plan item. Run as `node --import tsx test/harness/child-apply.ts SPEC.json`.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { applyClientImport, applyDocumentDispatch, createMemoryDocumentStore, loadClientImportPlan, loadDispatchPlan, type ClientStore } from '../../src/index.js';
import { createPostgresClientStore } from '../../src/postgres.js';
import { FIRM, PORTAL_URL, dispatchJob, importJob } from './jobs.js';
import { createFileMailer, createSqlPortal } from './shared-ports.js';
import { identityOf, type Ports } from './state.js';

/** What the parent asks a worker to do. */
export interface ChildSpec {
  readonly job: 'client-import' | 'document-dispatch';
  readonly connectionString: string;
  /** Schema of the store's and the portal's tables. */
  readonly schema: string;
  /** The mail file (JSON lines). */
  readonly mailFile: string;
  /** This worker's claim owner. */
  readonly owner: string;
  /** The plan document, as JSON. */
  readonly planFile: string;
  /** The file (import) or the archive (dispatch) the plan was previewed from. */
  readonly sourceFile: string;
  /** The plan items this worker applies (a chunk); all when absent. */
  readonly items?: readonly string[];
}

/** What a worker prints when done. */
export interface ChildResult {
  readonly pid: number;
  readonly planId: string;
  readonly outcomes: Record<string, string>;
}

const spec = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as ChildSpec;
const pool = new pg.Pool({ connectionString: spec.connectionString, max: 4 });
const store = createPostgresClientStore(pool, { schema: spec.schema });
const ports: Ports = {
  store,
  portal: createSqlPortal(pool, spec.schema),
  mailer: createFileMailer(spec.mailFile),
  documents: createMemoryDocumentStore(),
};

async function identities(clients: ClientStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const client of clients.list()) out.set(client.id, identityOf(client));
  return out;
}

async function main(): Promise<ChildResult> {
  await pool.query('SELECT 1');
  // The plan comes back as a stored plan does: its JSON document, read and checked here; the bytes from the file.
  const json = readFileSync(spec.planFile ?? '', 'utf8');
  const source = new Uint8Array(readFileSync(spec.sourceFile ?? ''));
  const document = spec.job === 'client-import' ? await loadClientImportPlan(json) : await loadDispatchPlan(json);
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await new Promise<void>((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      if (line.trim() === 'go') {
        lines.close();
        resolve();
      }
    });
  });
  const options = { leaseMs: 60_000, now: () => new Date(), owner: spec.owner, ...(spec.items === undefined ? {} : { items: spec.items }) };
  if (document.job === 'client-import') {
    const report = await applyClientImport(document, ports, { firmName: FIRM, file: source, ...options });
    return { pid: process.pid, planId: document.planId, outcomes: Object.fromEntries(importJob.outcomes(undefined as never, report, await identities(store))) };
  }
  const report = await applyDocumentDispatch(document, ports, { firmName: FIRM, portalUrl: PORTAL_URL, zip: source, ...options });
  return { pid: process.pid, planId: document.planId, outcomes: Object.fromEntries(dispatchJob.outcomes(undefined as never, report, await identities(store))) };
}

try {
  process.stdout.write(`${JSON.stringify(await main())}\n`);
} finally {
  await pool.end();
}
