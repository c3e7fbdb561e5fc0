/**
 * `npm run bench queue`: a dispatch of 400 documents as taxsync/bullmq jobs on a real Redis (a throwaway
 * `redis-server`), with a portal that answers every call in 50 ms (the memory portal behind a delay), on 1, 2 and 4
 * BullMQ workers (one chunk job at a time each, chunks of 10 clients, 4 clients at once per chunk). The work is
 * I/O-bound: 4 workers must deliver at least 3× what one does (issue #16). Then the cost of the queue itself: one
 * worker against one in-process `applyDocumentDispatch` of the whole plan with the same concurrency, per chunk job.
 *
 * The workers share this process (and the memory adapters); each has its own Redis connections. What is measured is
 * what the queue adds and how waiting on the portal spreads over workers, not CPU: on separate machines it scales
 * the same way until the store or the portal saturates.
 */
import { Queue } from 'bullmq';
import type { ClientRecord, Portal } from '../src/index.js';
import type { TaxsyncJobData, TaxsyncJobName, TaxsyncJobResult } from '../src/bullmq.js';
import { startRedisServer } from '../scripts/redis-server.js';
import { archive, person } from './apply.js';
import { loadBullmq, loadCore } from './lib.js';

const DOCUMENTS = 400;
const CHUNK = 10;
const LATENCY_MS = 50;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const flat = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The memory portal, every call 50 ms slower: a portal across a network. */
function slow(portal: Portal): Portal {
  return {
    capabilities: portal.capabilities,
    inviteClient: async (input, options) => (await pause(LATENCY_MS), portal.inviteClient(input, options)),
    getUser: async (clientId, options) => (await pause(LATENCY_MS), portal.getUser(clientId, options)),
    ...(portal.sendDocument === undefined ? {} : { sendDocument: async (input: Parameters<NonNullable<Portal['sendDocument']>>[0], options?: Parameters<NonNullable<Portal['sendDocument']>>[1]) => (await pause(LATENCY_MS), (portal.sendDocument as NonNullable<Portal['sendDocument']>)(input, options)) }),
  };
}

/** A world of DOCUMENTS invited clients, and the preview of their archive (the PDFs in the document store). */
async function world() {
  const core = await loadCore();
  const clients: ClientRecord[] = flat(Array.from({ length: DOCUMENTS }, (_, i) => person(i)));
  const store = core.createMemoryClientStore();
  const memory = core.createMemoryPortal();
  const documents = core.createMemoryDocumentStore();
  for (const record of clients) {
    const { client } = await store.create({ record });
    if (client.kind === 'individual') await core.inviteOrMatchClient({ email: client.email ?? '', ...(client.sin === undefined ? {} : { sin: client.sin }) }, { store, portal: memory, mailer: core.createOutboxMailer() });
  }
  const plan = await core.previewDocumentDispatch({ zip: await archive(clients), documentType: 'T183', year: 2025, purpose: 'consult' }, { store, documents });
  return { core, ports: { store, portal: slow(memory), mailer: core.createOutboxMailer(), documents }, plan };
}

/** Documents per second through `workers` BullMQ workers, and the number of chunk jobs. */
async function queued(connection: { host: string; port: number; maxRetriesPerRequest: null }, workers: number): Promise<{ perSecond: number; jobs: number }> {
  const { createTaxsyncWorker, enqueuePlan, assembleDispatchReport } = await loadBullmq();
  const { ports, plan } = await world();
  const queue = new Queue<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>(`bench-${workers}-${Date.now()}`, { connection });
  const stored = JSON.stringify(plan.document);
  const started = Date.now();
  const { jobIds } = await enqueuePlan(queue, plan.document, { chunkSize: CHUNK });
  const running = Array.from({ length: workers }, () => createTaxsyncWorker(queue.name, { loadPlan: () => stored, dispatch: { ports, options: { concurrency: 4 } } }, { connection, concurrency: 1 }));
  let report;
  for (;;) {
    // Polled slowly: the poll shares the workers' process and must not take their CPU.
    report = await assembleDispatchReport(queue, plan.document, { chunkSize: CHUNK });
    if (report.complete) break;
    await pause(250);
  }
  // The time the last chunk finished (BullMQ's finishedOn), not the poll's.
  const finished = Math.max(...(await Promise.all(jobIds.map(async (id) => (await queue.getJob(id))?.finishedOn ?? Date.now()))));
  const ms = finished - started;
  await Promise.all(running.map((w) => w.close()));
  await queue.obliterate({ force: true });
  await queue.close();
  if (report.report.summary.sent !== DOCUMENTS) throw new Error(`unexpected report ${JSON.stringify(report.report.summary)}`);
  return { perSecond: (DOCUMENTS * 1000) / ms, jobs: jobIds.length };
}

/** Documents per second of one in-process apply of the whole plan, 4 clients at once (one worker's lanes). */
async function inProcess(): Promise<number> {
  const { core, ports, plan } = await world();
  const t0 = performance.now();
  const report = await core.applyDocumentDispatch(plan.document, ports, { concurrency: 4 });
  const ms = performance.now() - t0;
  if (report.summary.sent !== DOCUMENTS) throw new Error(`unexpected report ${JSON.stringify(report.summary)}`);
  return (DOCUMENTS * 1000) / ms;
}

/** Runs the queue lines and prints their table; throws when 4 workers deliver less than 3× one. */
export async function benchQueue(): Promise<void> {
  const redis = await startRedisServer();
  const connection = { host: redis.host, port: redis.port, maxRetriesPerRequest: null } as const;
  try {
    const single = await inProcess();
    const rows: { name: string; perSecond: number; jobs?: number }[] = [{ name: 'in-process applyDocumentDispatch (concurrency 4)', perSecond: single }];
    const byWorkers = new Map<number, number>();
    for (const workers of [1, 2, 4]) {
      const run = await queued(connection, workers);
      byWorkers.set(workers, run.perSecond);
      rows.push({ name: `taxsync/bullmq, ${workers} worker${workers > 1 ? 's' : ''} (${run.jobs} jobs of ${CHUNK} clients)`, perSecond: run.perSecond, jobs: run.jobs });
    }
    const one = byWorkers.get(1) ?? Number.NaN;
    const four = byWorkers.get(4) ?? Number.NaN;
    const jobs = rows[1]?.jobs ?? 1;
    const overheadMs = ((DOCUMENTS / one - DOCUMENTS / single) * 1000) / jobs;
    console.log(`\n## Queue: document dispatch of ${DOCUMENTS} documents, portal at ${LATENCY_MS} ms per call (Redis ${redis.url})`);
    console.log('| measurement | speed | vs 1 worker |');
    console.log('|---|---:|---:|');
    for (const r of rows) console.log(`| ${r.name} | ${r.perSecond.toFixed(1)} documents/s | ${(r.perSecond / one).toFixed(2)}× |`);
    console.log(`\nPer chunk job, against the in-process apply: ${overheadMs.toFixed(1)} ms (enqueue, Redis round trips, loading and checking the plan).`);
    if (!(four >= 3 * one)) throw new Error(`4 workers gave ${four.toFixed(1)} documents/s, less than 3× one worker (${one.toFixed(1)})`);
  } finally {
    await redis.stop();
  }
}
