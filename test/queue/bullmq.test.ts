/**
 * taxsync/bullmq on a real Redis (started for this file), in one process: a dispatch plan cut into chunk jobs with
 * stable ids (enqueued twice, added once; job data without personal data), applied by two BullMQ workers, assembled
 * into the report one apply of the whole plan gives; a damaged plan and job data that is not taxsync's fail once,
 * never retried; progress counts every document. The multi-process runs with crashes are in processes.test.ts.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyDocumentDispatch,
  createMemoryClientStore,
  createMemoryDocumentStore,
  createMemoryPortal,
  createOutboxMailer,
  loadDispatchPlan,
  PlanError,
  previewDocumentDispatch,
  type DispatchPlanDocument,
} from '../../src/index.js';
import {
  QueueError,
  assembleDispatchReport,
  createTaxsyncWorker,
  enqueuePlan,
  getPlanProgress,
  type TaxsyncJobData,
  type TaxsyncJobName,
  type TaxsyncJobResult,
  type TaxsyncWorker,
} from '../../src/bullmq.js';
import { FIRM, PORTAL_URL, dispatchArchive, dispatchInput, seedDispatchClients } from '../harness/jobs.js';
import { useRedisServer } from './redis-server.js';

const redis = useRedisServer();
const connection = () => ({ host: '127.0.0.1', port: redis().port, maxRetriesPerRequest: null });
let queue: Queue<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>;
const workers: TaxsyncWorker[] = [];
beforeAll(() => {
  queue = new Queue('dispatch-in-process', { connection: connection() });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await queue?.close();
});

/** A firm's world: the clients of the bundled cabinet archive, a portal, an outbox mailer without idempotency keys. */
async function world() {
  const ports = { store: createMemoryClientStore(), portal: createMemoryPortal(), mailer: createOutboxMailer({ idempotencyKeys: false }), documents: createMemoryDocumentStore() };
  await seedDispatchClients(ports);
  const zip = await dispatchArchive();
  const plan = await previewDocumentDispatch(dispatchInput(zip), { store: ports.store, documents: ports.documents }, { locale: 'fr' });
  return { ports, zip, plan };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('taxsync/bullmq in one process', () => {
  it('enqueues a plan as chunk jobs with stable ids (twice: added once) whose data holds ids only', async () => {
    const { plan, ports } = await world();
    const first = await enqueuePlan(queue, plan.document, { chunkSize: 2, jobOptions: { delay: 60_000 } });
    const again = await enqueuePlan(queue, plan.document, { chunkSize: 2, jobOptions: { delay: 60_000 } });
    expect(first.added).toBe(Math.ceil(plan.document.body.items.length / 2));
    expect(first.added).toBeGreaterThan(1);
    expect(again).toEqual({ ...first, added: 0 });
    expect(await queue.getJobCountByTypes('delayed')).toBe(first.added);
    const data = await Promise.all(first.jobIds.map(async (id) => (await queue.getJob(id))?.data));
    expect(data.flatMap((d) => (d !== undefined && d.job !== 'signature-sync' ? d.items : []))).toEqual(plan.document.body.items.map((i) => i.key));
    // No SIN (spaced or not, or its last digits as a mask shows them), no name, no e-mail in what Redis holds for a job.
    // The clients' own numbers, not any nine digits: a plan id is hexadecimal and may hold nine digits in a row.
    const text = JSON.stringify(data);
    const sins: string[] = [];
    for await (const client of ports.store.list()) if (client.kind === 'individual' && client.sin !== undefined) sins.push(client.sin);
    expect(sins.length).toBeGreaterThan(1);
    for (const sin of sins) {
      expect(text).not.toContain(sin);
      expect(text).not.toContain(`${sin.slice(0, 3)} ${sin.slice(3, 6)} ${sin.slice(6)}`);
      expect(text).not.toContain(`*** *** ${sin.slice(6)}`);
    }
    expect(text).not.toMatch(/Simon|Provencher|Marie|@/);
    await queue.obliterate({ force: true });
  });

  it('two workers apply the chunks; the assembled report is the report of one apply of the whole plan', async () => {
    const reference = await world();
    const single = await applyDocumentDispatch(reference.plan, reference.ports, { firmName: FIRM, portalUrl: PORTAL_URL });

    const { ports, plan, zip } = await world();
    const stored = new Map([[plan.planId, JSON.stringify(plan.document)]]);
    const setup = { loadPlan: (id: string) => stored.get(id), dispatch: { ports, options: { firmName: FIRM, portalUrl: PORTAL_URL, zip } } };
    const enqueued = await enqueuePlan(queue, plan.document, { chunkSize: 1 });
    for (let i = 0; i < 2; i++) workers.push(createTaxsyncWorker(queue.name, setup, { connection: connection(), concurrency: 2 }));
    const document = await loadDispatchPlan(stored.get(plan.planId));
    const assembled = await until(() => assembleDispatchReport(queue, document, { chunkSize: 1 }), (a) => a.complete);
    expect(assembled.complete).toBe(true);
    expect(assembled.chunks.map((c) => c.state)).toEqual(enqueued.jobIds.map(() => 'completed'));
    const shape = (r: typeof single) => ({ items: r.items.map(({ index, status, code }) => ({ index, status, code })), summary: r.summary, emails: r.emails.map((e) => e.status).sort() });
    expect(shape(assembled.report)).toEqual(shape(single));
    expect(assembled.report.summary.sent).toBeGreaterThan(3);
    expect(ports.portal.documents()).toHaveLength(single.summary.sent);

    const progress = await getPlanProgress(queue, ports.store, document, { chunkSize: 1 });
    expect(progress).toMatchObject({ unit: 'documents', total: plan.summary.entries, pending: 0, failed: 0 });
    expect(progress.done + progress.held).toBe(plan.summary.entries);
    expect(progress.done).toBe(single.summary.sent + single.summary.skipped);
    await Promise.all(workers.splice(0).map((w) => w.close()));
    await queue.obliterate({ force: true });
  });

  it('a plan that was changed after its preview, or data that is not a taxsync job, fails at once and is never retried', async () => {
    const { ports, plan } = await world();
    const tampered = JSON.parse(JSON.stringify(plan.document)) as DispatchPlanDocument & { body: { year: number } };
    tampered.body.year = 2024;
    workers.push(createTaxsyncWorker(queue.name, { loadPlan: () => tampered, dispatch: { ports } }, { connection: connection() }));
    const { jobIds } = await enqueuePlan(queue, plan.document, { chunkSize: 100, jobOptions: { attempts: 5, backoff: { type: 'fixed', delay: 50 } } });
    const bogus = await queue.add('document-dispatch', { format: 'taxsync-job', version: 1, job: 'document-dispatch', chunk: 1, chunks: 1, planId: plan.planId } as unknown as TaxsyncJobData, { attempts: 5 });
    const jobs = await until(
      () => Promise.all([queue.getJob(jobIds[0] ?? ''), queue.getJob(bogus.id ?? '')]),
      (found) => found.every((j) => j?.finishedOn !== undefined),
    );
    const [planJob, bogusJob] = await Promise.all(jobs.map(async (j) => ({ state: await j?.getState(), attemptsMade: j?.attemptsMade, reason: j?.failedReason })));
    expect(planJob).toEqual({ state: 'failed', attemptsMade: 1, reason: new PlanError('plan_tampered').message });
    expect(bogusJob).toEqual({ state: 'failed', attemptsMade: 1, reason: new QueueError('queue_job_invalid', { detail: 'items is not a list of item keys' }).message });
    expect(ports.portal.documents()).toEqual([]);
    await Promise.all(workers.splice(0).map((w) => w.close()));
    await queue.obliterate({ force: true });
  });
});
