/**
 * One worker process of the queue tests (processes.test.ts): a BullMQ worker of taxsync/bullmq on the test's Redis,
 * with the PostgreSQL store, the reference HTTP portal server (through taxsync/http), a mailer without idempotency
 * keys that appends to one file (shared-ports.ts), and the documents the preview kept in a folder. Plans come from
 * `plansDir/<planId>.json`, as a host's database would give them back; an import's file from `<planId>.source`.
 * Prints `{"ready":true}` once its worker listens; stops on SIGTERM. Run as
 * `node --import tsx test/queue/worker-child.ts SPEC.json`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createTaxsyncWorker } from '../../src/bullmq.js';
import { createFileDocumentStore } from '../../src/fs.js';
import { createHttpPortal } from '../../src/http.js';
import { createPostgresClientStore } from '../../src/postgres.js';
import { FIRM, PORTAL_URL } from '../harness/jobs.js';
import { createFileMailer } from '../harness/shared-ports.js';

/** What the parent asks a worker process to run. */
export interface WorkerSpec {
  readonly queue: string;
  readonly redisPort: number;
  readonly connectionString: string;
  readonly schema: string;
  readonly portalUrl: string;
  readonly portalToken: string;
  readonly mailFile: string;
  readonly plansDir: string;
  readonly documentsDir: string;
  /** The kernel's claim lease: short, so that a chunk a killed worker held is taken over within the test. */
  readonly leaseMs: number;
  /** Chunk jobs this process runs at once. */
  readonly concurrency: number;
  /** Items one chunk applies at once. */
  readonly applyConcurrency: number;
}

const spec = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as WorkerSpec;
const pool = new pg.Pool({ connectionString: spec.connectionString, max: 6 });
pool.on('error', () => undefined);
const store = createPostgresClientStore(pool, { schema: spec.schema });
const portal = createHttpPortal({ baseUrl: spec.portalUrl, token: spec.portalToken, retries: 6, backoffMs: 50, timeoutMs: 5_000 });
const mailer = createFileMailer(spec.mailFile, 5);
const documents = createFileDocumentStore(spec.documentsDir);
const planFile = (planId: string, ext: string): string => join(spec.plansDir, `${encodeURIComponent(planId)}.${ext}`);

const worker = createTaxsyncWorker(
  spec.queue,
  {
    loadPlan: (planId) => readFileSync(planFile(planId, 'json'), 'utf8'),
    leaseMs: spec.leaseMs,
    dispatch: { ports: { store, portal, mailer, documents }, options: { firmName: FIRM, portalUrl: PORTAL_URL, concurrency: spec.applyConcurrency } },
    clientImport: { ports: { store, portal, mailer }, options: (planId) => ({ firmName: FIRM, concurrency: spec.applyConcurrency, file: new Uint8Array(readFileSync(planFile(planId, 'source'))) }) },
    sync: { ports: { store, portal }, options: { concurrency: spec.applyConcurrency } },
  },
  {
    connection: { host: '127.0.0.1', port: spec.redisPort, maxRetriesPerRequest: null },
    concurrency: spec.concurrency,
    // A dead worker's chunk goes back to the queue within seconds (BullMQ's defaults: 30 s).
    lockDuration: 2_000,
    stalledInterval: 1_000,
    maxStalledCount: 10,
  },
);
// Redis restarting: BullMQ reconnects by itself; the errors meanwhile are expected.
worker.on('error', () => undefined);
worker.on('ready', () => process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`));

process.once('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await pool.end();
    process.exit(0);
  })();
});
