/**
 * `taxsync/bullmq`: the three jobs as BullMQ jobs on Redis, across worker processes and machines — a stored plan
 * (client import or document dispatch) or a signature sync cut into chunk jobs with stable ids, applied through the
 * workflow kernel by workers that load the plan from where the host stored it, retried by BullMQ with backoff for
 * what may pass and never for what cannot, and reported per plan whatever worker did which part.
 *
 * `bullmq` is an optional peer dependency: install the version your host runs (`npm install bullmq`); the main entry
 * never loads it. See docs/scale-out.md.
 *
 * @example
 * ```ts
 * import { Queue } from 'bullmq';
 * import { enqueuePlan, createTaxsyncWorker, assembleDispatchReport, type TaxsyncJobData, type TaxsyncJobResult, type TaxsyncJobName } from 'taxsync/bullmq';
 *
 * const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
 * const queue = new Queue<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>('taxsync', { connection });
 * await enqueuePlan(queue, plan.document); // request 1: after the preview, the plan stored in your database
 * // in each worker process:
 * createTaxsyncWorker('taxsync', { loadPlan: (id) => db.plans.json(id), dispatch: { ports } }, { connection, concurrency: 4 });
 * // later: the report, whatever worker did which part
 * const { report, complete } = await assembleDispatchReport(queue, plan.document);
 * ```
 * @packageDocumentation
 * @module taxsync/bullmq
 */
export {
  TAXSYNC_JOB_FORMAT,
  type TaxsyncChunkJobBase,
  type TaxsyncJobData,
  type TaxsyncJobKind,
  type TaxsyncJobName,
  type TaxsyncJobResult,
  type TaxsyncPlanJobData,
  type TaxsyncSyncJobData,
} from './queue/jobs.js';
export {
  enqueuePlan,
  enqueueSync,
  DEFAULT_CHUNK_SIZES,
  DEFAULT_JOB_OPTIONS,
  type EnqueueOptions,
  type EnqueueResult,
  type EnqueueSyncInput,
  type QueuePlanDocument,
  type TaxsyncQueue,
} from './queue/enqueue.js';
export {
  createTaxsyncProcessor,
  createTaxsyncWorker,
  type QueueApplyOptions,
  type QueueDispatchSetup,
  type QueueImportSetup,
  type QueueSyncSetup,
  type TaxsyncJob,
  type TaxsyncProcessor,
  type TaxsyncWorker,
  type TaxsyncWorkerOptions,
  type TaxsyncWorkerSetup,
} from './queue/worker.js';
export { assembleClientImportReport, assembleDispatchReport, assembleSyncLog, type AssembleOptions, type AssembledReport, type ChunkState, type ChunkStatus } from './queue/report.js';
export { getPlanProgress, type PlanProgress } from './queue/progress.js';
export { QueueError, type QueueErrorCode } from './errors/queue.js';
