/**
 * One worker of the multi-process test (processes.test.ts): connects to the shared PostgreSQL database, says
 * `{"ready":true}`, waits for `go` on stdin (so that every worker starts at the same moment), applies the plan through
 * the PostgreSQL store, the SQL portal and the file mailer (no idempotency keys), and prints one JSON line: the plan id
 * and one outcome per plan item. Run as `node --import tsx test/harness/child-apply.ts SPEC.json`.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createMemoryDocumentStore, previewDocumentDispatch, type ClientImportPreview, type ClientStore, type DispatchPlan } from '../../src/index.js';
import { createPostgresClientStore } from '../../src/postgres.js';
import { dispatchInput, dispatchJob, importJob } from './jobs.js';
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
  /** Import: the preview, as JSON. */
  readonly planFile?: string;
  /** Dispatch: the archive, previewed again here (its plan id is derived from the archive and the clients). */
  readonly zipFile?: string;
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

/**
 * The plan, as this worker gets it.
 * TODO(lead, after merging helpers A and B): the parent writes `preview.document`; read it back here with
 * `loadClientImportPlan(json)` / `loadDispatchPlan(json)` (dispatch then needs `{ zip }` or `ports.documents` at
 * apply), and pass `{ items: spec.items }` to the apply, so that three workers apply three chunks (processes.test.ts
 * then gives each worker its chunk with `chunksOf(planItemKeys, 3)`, and a third case checks the same end state).
 */
async function loadPlan(): Promise<ClientImportPreview | DispatchPlan> {
  if (spec.job === 'client-import') return JSON.parse(readFileSync(spec.planFile ?? '', 'utf8')) as ClientImportPreview;
  return previewDocumentDispatch(dispatchInput(new Uint8Array(readFileSync(spec.zipFile ?? ''))), { store }, { locale: 'fr' });
}

async function main(): Promise<ChildResult> {
  await pool.query('SELECT 1');
  const plan = await loadPlan();
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
  const options = { leaseMs: 60_000, now: () => new Date(), owner: spec.owner };
  if (spec.job === 'client-import') {
    const preview = plan as ClientImportPreview;
    const report = await importJob.apply(preview, ports, options);
    return { pid: process.pid, planId: preview.planId, outcomes: Object.fromEntries(importJob.outcomes(preview, report, await identities(store))) };
  }
  const dispatch = plan as DispatchPlan;
  const report = await dispatchJob.apply(dispatch, ports, options);
  return { pid: process.pid, planId: dispatch.planId, outcomes: Object.fromEntries(dispatchJob.outcomes(dispatch, report, await identities(store))) };
}

try {
  process.stdout.write(`${JSON.stringify(await main())}\n`);
} finally {
  await pool.end();
}
