/**
 * `npm run demo:queue`: the dispatch of the bundled sample archive (samples/t183-2025-cabinet.zip) as BullMQ jobs on
 * two workers, with taxsync/bullmq. Redis: `TAXSYNC_REDIS_URL` (`redis://host:port`) when given, else a throwaway
 * `redis-server` started here (Debian: `apt-get install redis-server`).
 *
 * The two workers run in this process so that they share the in-memory reference adapters; in production each runs
 * in its own process or machine, with the host's real store, portal and mailer (docs/scale-out.md).
 */
import { readFile } from 'node:fs/promises';
import { Queue } from 'bullmq';
import {
  applyClientImport,
  createMemoryClientStore,
  createMemoryDocumentStore,
  createMemoryPortal,
  createOutboxMailer,
  formatDispatchReport,
  previewClientImport,
  previewDocumentDispatch,
} from '../../src/index.js';
import {
  assembleDispatchReport,
  createTaxsyncWorker,
  enqueuePlan,
  getPlanProgress,
  type TaxsyncJobData,
  type TaxsyncJobName,
  type TaxsyncJobResult,
} from '../../src/bullmq.js';
import { startRedisServer, type RedisServer } from '../../scripts/redis-server.js';

const sample = (file: string): Promise<Uint8Array> => readFile(new URL(`../../samples/${file}`, import.meta.url));
const settings = { firmName: 'Cabinet Tremblay CPA', portalUrl: 'https://portail.example.test' };

let own: RedisServer | undefined;
const given = process.env.TAXSYNC_REDIS_URL;
if (given === undefined || given === '') own = await startRedisServer();
const url = new URL(given !== undefined && given !== '' ? given : (own as RedisServer).url);
const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
console.log(`# taxsync/bullmq — envoi en file sur deux workers / queued dispatch on two workers (Redis ${url.host}${own === undefined ? '' : ', started for this demo'})`);

// The firm's clients (the sample DT Max list), then the preview of the sample archive: the PDFs go to the document
// store, the plan document to "the host's database" (a Map here).
const store = createMemoryClientStore();
const portal = createMemoryPortal();
const mailer = createOutboxMailer();
const documents = createMemoryDocumentStore();
const imported = await previewClientImport({ file: await sample('dtmax-particuliers.csv'), source: 'dtmax', accountManager: 'julie.tremblay', locale: 'fr' }, { store });
await applyClientImport(imported, { store, portal, mailer }, settings);
mailer.clear();
const plan = await previewDocumentDispatch({ zip: await sample('t183-2025-cabinet.zip'), documentType: 'T183', year: 2025, purpose: 'sign' }, { store, documents, portal, mailer }, { locale: 'fr' });
const database = new Map([[plan.planId, JSON.stringify(plan.document)]]);

// Request 1 ("Envoyer"): the plan cut into chunk jobs — one client per job here, to spread the sample over both workers.
const queue = new Queue<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>(`taxsync-demo-${process.pid}`, { connection });
const enqueued = await enqueuePlan(queue, plan.document, { chunkSize: 1 });
const again = await enqueuePlan(queue, plan.document, { chunkSize: 1 });
console.log(`\n${enqueued.added} travaux en file (un par client); en file une deuxième fois : ${again.added} ajouté. / ${enqueued.added} jobs queued; enqueued again: ${again.added} added.`);

// The workers: each loads the plan by id and applies its chunk through the kernel with the ports.
const done = new Map<string, string>();
const workers = ['worker-A', 'worker-B'].map((name) => {
  const worker = createTaxsyncWorker(queue.name, { loadPlan: (planId) => database.get(planId), dispatch: { ports: { store, portal, mailer, documents }, options: settings } }, { connection, concurrency: 1 });
  worker.on('completed', (job) => done.set(job.id ?? '', name));
  return worker;
});

try {
  for (;;) {
    const progress = await getPlanProgress(queue, store, plan.document, { chunkSize: 1 });
    console.log(`  progression / progress: ${progress.done}/${progress.total} documents, ${progress.held} retenus / held, ${progress.pending} en attente / pending`);
    if (progress.pending === 0 && progress.chunks.completed + progress.chunks.failed === enqueued.jobIds.length) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { report, complete } = await assembleDispatchReport(queue, plan.document, { chunkSize: 1 });
  const byWorker = [...done.values()].reduce<Record<string, number>>((counts, name) => ({ ...counts, [name]: (counts[name] ?? 0) + 1 }), {});
  console.log(`\nTravaux faits par worker / jobs done by worker: ${JSON.stringify(byWorker)}; rapport complet / report complete: ${complete}\n`);
  console.log(formatDispatchReport(report).split('\n').map((l) => `  ${l}`).join('\n'));
  if (!complete || report.summary.sent !== plan.summary.ready) throw new Error(`expected ${plan.summary.ready} documents sent, got ${report.summary.sent}`);
  console.log(`\nPortail : ${portal.documents().length} documents; courriels : ${mailer.messages.length}.`);
} finally {
  await Promise.all(workers.map((w) => w.close()));
  await queue.obliterate({ force: true });
  await queue.close();
  await own?.stop();
}
