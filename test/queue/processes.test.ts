/**
 * #16's check, on real servers started for this file — Redis, PostgreSQL, the reference HTTP portal server of
 * taxsync/testing (50 ms on every call, plus 503s and connections dropped after the work was done) — with three
 * worker processes (worker-child.ts): one is killed with SIGKILL mid-run, Redis is restarted once, and the end state
 * must be the one a healthy single-process apply leaves: each document delivered once, each e-mail sent once or
 * reported `delivery_unknown`, the report assembled from the chunks complete.
 *
 * Sizes: the issue names 2,000 documents, a 20,000-row import and 5,000 client files. What the check proves does not
 * grow with the size: every chunk is applied through the same kernel, and the faults (a worker dying with chunks in
 * flight and claims held, Redis going away under every worker) hit the chunks in flight, whatever their number. So
 * the suite runs a size that keeps each run under 90 s on a 2-core CI machine — enough chunks (30+) that the kill and
 * the restart land in the middle of the run with chunks before, during and after them — and `TAXSYNC_QUEUE_SCALE=full`
 * runs the issue's sizes. `npm run bench queue` measures throughput at size.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteOrMatchClient, loadDispatchPlan, previewDocumentDispatch, type DispatchPlanDocument } from '../../src/index.js';
import { assembleDispatchReport, enqueuePlan, getPlanProgress, type PlanProgress, type TaxsyncJobData, type TaxsyncJobName, type TaxsyncJobResult } from '../../src/bullmq.js';
import { createFileDocumentStore } from '../../src/fs.js';
import { createPostgresClientStore, migratePostgresClientStore, type PostgresClientStore } from '../../src/postgres.js';
import { startPortalServer, type PortalServer } from '../../src/testing/index.js';
import { createHttpPortal } from '../../src/http.js';
import { archive, person } from '../../bench/apply.js';
import { usePgPool } from '../adapters/pg-server.js';
import { readMailFile } from '../harness/shared-ports.js';
import { useRedisServer } from './redis-server.js';
import type { WorkerSpec } from './worker-child.js';

const FULL = process.env.TAXSYNC_QUEUE_SCALE === 'full';
const DOCUMENTS = FULL ? 2_000 : 180;
const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = join(import.meta.dirname, 'worker-child.ts');
const LEASE_MS = 3_000;

const redis = useRedisServer();
const { db, connectionString } = usePgPool(async () => {});
const work = mkdtempSync(join(tmpdir(), 'taxsync-queue-'));
let server: PortalServer;
beforeAll(async () => {
  server = await startPortalServer();
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Worker processes of one run, each `{"ready":true}` once listening. */
class Workers {
  readonly children: ChildProcess[] = [];
  readonly errors: string[] = [];
  constructor(private readonly spec: WorkerSpec) {}

  async start(count: number): Promise<void> {
    const file = join(work, `${this.spec.queue}-spec.json`);
    writeFileSync(file, JSON.stringify(this.spec));
    const ready = Array.from({ length: count }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      this.children.push(child);
      let err = '';
      child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4_000)));
      child.on('exit', (code, signal) => {
        if (code !== 0 && signal !== 'SIGKILL') this.errors.push(`worker ${child.pid} exited with ${code ?? signal}: ${err}`);
      });
      return new Promise<void>((resolveReady, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('"ready":true')) resolveReady();
        });
        child.once('exit', () => reject(new Error(`worker ${child.pid} exited before it was ready: ${err}`)));
      });
    });
    await Promise.all(ready);
  }

  kill(index: number): number {
    const child = this.children[index];
    if (child?.pid === undefined) throw new Error('no such worker');
    child.kill('SIGKILL');
    return child.pid;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map((child) =>
        child.exitCode !== null || child.signalCode !== null
          ? undefined
          : new Promise<void>((done) => {
              const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
              child.once('exit', () => {
                clearTimeout(timer);
                done();
              });
              child.kill('SIGTERM');
            }),
      ),
    );
  }
}

const specFor = (name: string, schema: string, extra: Partial<WorkerSpec> = {}): WorkerSpec => {
  const plansDir = join(work, name, 'plans');
  const documentsDir = join(work, name, 'documents');
  mkdirSync(plansDir, { recursive: true });
  mkdirSync(documentsDir, { recursive: true });
  return {
    queue: name,
    redisPort: redis().port,
    connectionString: connectionString(),
    schema,
    portalUrl: server.url,
    portalToken: server.token,
    mailFile: join(work, name, 'mail.jsonl'),
    plansDir,
    documentsDir,
    leaseMs: LEASE_MS,
    concurrency: 1,
    applyConcurrency: 2,
    ...extra,
  };
};

async function freshStore(schema: string): Promise<PostgresClientStore> {
  await migratePostgresClientStore(db(), { schema });
  return createPostgresClientStore(db(), { schema });
}

/**
 * Runs `enqueue`'s jobs on three worker processes; kills one once `progress` passes a quarter, restarts Redis once it
 * passes 60 %, and waits until `finished`. Returns the pid killed and the progress seen.
 */
async function runWithFaults(workers: Workers, read: () => Promise<PlanProgress>, finished: () => Promise<boolean>): Promise<{ killed: number; seen: PlanProgress[] }> {
  await workers.start(3);
  const seen: PlanProgress[] = [];
  let killed = 0;
  let restarted = false;
  const deadline = Date.now() + 80_000;
  while (!(await finished())) {
    if (Date.now() > deadline) throw new Error(`not finished in 80 s: ${JSON.stringify(seen.at(-1))} ${workers.errors.join('\n')}`);
    const progress = await read();
    seen.push(progress);
    const share = (progress.done + progress.held + progress.failed) / progress.total;
    if (killed === 0 && share >= 0.25) killed = workers.kill(0);
    else if (killed !== 0 && !restarted && share >= 0.6) {
      await redis().restart();
      restarted = true;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(killed, 'a worker was killed mid-run').not.toBe(0);
  expect(restarted, 'Redis was restarted mid-run').toBe(true);
  expect(workers.errors).toEqual([]);
  return { killed, seen };
}

const countBy = <T>(values: readonly T[], key: (v: T) => string): Map<string, number> => {
  const out = new Map<string, number>();
  for (const v of values) out.set(key(v), (out.get(key(v)) ?? 0) + 1);
  return out;
};
const twice = <T>(values: readonly T[], key: (v: T) => string): string[] => [...countBy(values, key)].filter(([, n]) => n > 1).map(([k]) => k);

describe('taxsync/bullmq across worker processes, one SIGKILLed, Redis restarted', () => {
  it(`document dispatch: ${DOCUMENTS} documents through the HTTP portal, each delivered once, each e-mail once or delivery_unknown`, async () => {
    const schema = 'queue_dispatch';
    const store = await freshStore(schema);
    const spec = specFor('dispatch', schema);
    const clients = Array.from({ length: DOCUMENTS }, (_, i) => person(i));
    const portal = createHttpPortal({ baseUrl: server.url, token: server.token });
    for (const [i, record] of clients.entries()) {
      const { client } = await store.create({ record });
      // A third of the clients already have their portal account; the dispatch invites the others, once each.
      if (i % 3 === 0 && client.kind === 'individual' && client.email !== undefined) {
        await inviteOrMatchClient({ email: client.email, ...(client.sin === undefined ? {} : { sin: client.sin }) }, { store, portal, mailer: { capabilities: { idempotencyKeys: true }, send: async () => ({ id: 'seed', duplicate: false }) } });
      }
    }
    const zip = await archive(clients);
    const plan = await previewDocumentDispatch({ zip, documentType: 'T183', year: 2025, purpose: 'consult' }, { store, documents: createFileDocumentStore(spec.documentsDir) }, { locale: 'fr' });
    expect(plan.summary.ready).toBe(DOCUMENTS);
    // The host's database: the plan document as JSON, read back by the workers.
    writeFileSync(join(spec.plansDir, `${encodeURIComponent(plan.planId)}.json`), JSON.stringify(plan.document));
    const document: DispatchPlanDocument = await loadDispatchPlan(JSON.stringify(plan.document));

    // The portal answers in 50 ms, refuses a few documents with 503 and drops a few connections after the work.
    server.inject({ kind: 'status', status: 503, method: 'POST', path: '/documents', skip: 20, times: 4 });
    server.inject({ kind: 'drop-after', method: 'POST', path: '/documents', skip: 40, times: 3 });
    server.inject({ kind: 'drop-after', method: 'POST', path: '/invitations', skip: 10, times: 2 });
    server.inject({ kind: 'delay', ms: 50, times: 1_000_000 });

    const queue = new Queue<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>(spec.queue, { connection: { host: '127.0.0.1', port: redis().port, maxRetriesPerRequest: null } });
    queue.on('error', () => undefined);
    const workers = new Workers(spec);
    try {
      const chunkSize = FULL ? 25 : 5;
      const jobOptions = { attempts: 30, backoff: { type: 'fixed', delay: 500 } };
      const enqueued = await enqueuePlan(queue, document, { chunkSize, jobOptions });
      expect(enqueued.added).toBeGreaterThanOrEqual(30);
      expect((await enqueuePlan(queue, document, { chunkSize, jobOptions })).added).toBe(0);
      const { killed, seen } = await runWithFaults(
        workers,
        () => getPlanProgress(queue, store, document, { chunkSize }),
        async () => (await assembleDispatchReport(queue, document, { chunkSize })).complete,
      );
      const { report, chunks } = await assembleDispatchReport(queue, document, { chunkSize });

      // Progress moved forward while the workers ran, and ends with every document accounted for.
      expect(seen.length).toBeGreaterThan(3);
      const last = await getPlanProgress(queue, store, document, { chunkSize });
      expect(last).toMatchObject({ total: DOCUMENTS, pending: 0, failed: 0, held: 0, done: DOCUMENTS });
      expect(chunks.every((c) => c.state === 'completed')).toBe(true);

      // Each document delivered once: one per archive entry at the portal, never created twice.
      const delivered = server.portal.documents();
      expect(delivered).toHaveLength(DOCUMENTS);
      expect(twice(delivered, (d) => d.idempotencyKey)).toEqual([]);
      expect(new Set(delivered.map((d) => d.clientId)).size).toBe(DOCUMENTS);
      const created = server.requests.filter((r) => r.method === 'POST' && r.path === '/documents' && r.status === 201);
      expect(twice(created, (r) => r.idempotencyKey ?? '')).toEqual([]);

      // The report is complete: every entry, delivered (sent, or found sent by the worker that died).
      expect(report.items.map((i) => i.index)).toEqual(plan.lines.map((l) => l.index));
      const notDelivered = report.items.filter((i) => !(i.status === 'sent' || (i.status === 'skipped' && i.code === 'document_already_sent')));
      expect(notDelivered).toEqual([]);
      expect(report.summary.sent + report.summary.skipped).toBe(DOCUMENTS);

      // Each e-mail once, or reported delivery_unknown (the killed worker may have been sending it): never twice.
      const mails = readMailFile(spec.mailFile);
      expect(twice(mails, (m) => m.idempotencyKey)).toEqual([]);
      const unknown = new Set(report.emails.filter((e) => e.status === 'delivery_unknown').map((e) => e.clientId));
      expect(report.emails).toHaveLength(DOCUMENTS);
      expect(report.emails.filter((e) => !['sent', 'already_sent', 'delivery_unknown'].includes(e.status))).toEqual([]);
      const byClient = new Map<string, { email?: string }>();
      for await (const c of store.list()) byClient.set(c.id, c);
      const mailedTo = countBy(mails.filter((m) => m.category.startsWith('documents')), (m) => m.to);
      for (const email of report.emails) {
        const to = byClient.get(email.clientId)?.email ?? '';
        expect(mailedTo.get(to) ?? 0, `documents e-mail of ${email.clientId}`).toBe(unknown.has(email.clientId) ? (mailedTo.get(to) ?? 0) : 1);
      }
      // Two thirds of the clients had no portal account: each invited once (by e-mail once, or in doubt).
      const invitations = mails.filter((m) => m.category === 'invitation');
      expect(twice(invitations, (m) => m.to)).toEqual([]);
      expect(server.portal.users()).toHaveLength(DOCUMENTS);
      // The killed worker had done part of the work before it died.
      expect(mails.filter((m) => m.pid === killed).length).toBeGreaterThan(0);
    } finally {
      await workers.stop();
      await queue.close();
    }
  }, 150_000);
});
