/**
 * Putting work on the queue: a stored plan (client import or document dispatch) or a signature sync, cut into chunk
 * jobs with stable ids.
 */
import type { JobsOptions, Queue } from 'bullmq';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import type { ClientImportPlanDocument } from '../clients/import/plan.js';
import type { DispatchPlanDocument } from '../dispatch/types.js';
import { TAXSYNC_JOB_FORMAT, chunkJobId, chunksOf, type TaxsyncJobData, type TaxsyncJobKind, type TaxsyncJobName, type TaxsyncJobResult } from './jobs.js';

/** A BullMQ queue of taxsync jobs: `new Queue<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>(name, { connection })`. */
export type TaxsyncQueue = Queue<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>;

/** A plan as a worker can load it back: the document of a client-import or dispatch preview. */
export type QueuePlanDocument = ClientImportPlanDocument | DispatchPlanDocument;

/**
 * Chunk sizes used when none is given: rows of an import, clients of a dispatch (with all their documents), client
 * files of a sync. A chunk is the unit BullMQ retries: small enough to spread over the workers and to redo little
 * after a crash, large enough that the per-job cost (two Redis round trips, loading the plan) stays small.
 */
export const DEFAULT_CHUNK_SIZES: Readonly<Record<TaxsyncJobKind, number>> = { 'client-import': 250, 'document-dispatch': 25, 'signature-sync': 50 };

/**
 * BullMQ options every chunk job gets unless the host gives its own: 10 attempts with exponential backoff from 2 s
 * (about 17 minutes in all — longer than the kernel's default five-minute claim lease, so a chunk whose items a dead
 * worker still holds is retried until the lease lapses), and jobs kept once finished: their results make the plan's
 * report ({@link assembleDispatchReport}). Remove them (`queue.remove(id)` for each of {@link EnqueueResult.jobIds}) once the report is kept.
 */
export const DEFAULT_JOB_OPTIONS: Readonly<Pick<JobsOptions, 'attempts' | 'backoff' | 'removeOnComplete' | 'removeOnFail'>> = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: false,
  removeOnFail: false,
};

/** Options of {@link enqueuePlan} and {@link enqueueSync}. */
export interface EnqueueOptions {
  /** Items per chunk job. Default: {@link DEFAULT_CHUNK_SIZES}. Keep it the same between two enqueues of one plan. */
  readonly chunkSize?: number;
  /** BullMQ options of each job (attempts, backoff, priority…), over {@link DEFAULT_JOB_OPTIONS}. `jobId` is taxsync's. */
  readonly jobOptions?: Omit<JobsOptions, 'jobId'>;
}

/** What {@link enqueuePlan} and {@link enqueueSync} did. */
export interface EnqueueResult {
  /** The job kind. */
  readonly job: TaxsyncJobKind;
  /** The plan's id, or the sync's run id. */
  readonly id: string;
  /** The ids of every chunk job, in chunk order (stable: the same plan and chunk size give the same ids). */
  readonly jobIds: readonly string[];
  /** How many of them this call added (`0` when the plan was already enqueued). */
  readonly added: number;
}

const chunkSizeOf = (job: TaxsyncJobKind, options: EnqueueOptions): number => {
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZES[job];
  if (!Number.isInteger(size) || size < 1 || size > 100_000) throw new InvalidArgumentError('invalid_input', { detail: 'chunkSize must be an integer from 1 to 100000' });
  return size;
};

async function addChunks(queue: TaxsyncQueue, job: TaxsyncJobKind, id: string, jobs: readonly { readonly data: TaxsyncJobData }[], options: EnqueueOptions): Promise<EnqueueResult> {
  const jobIds = jobs.map((j) => chunkJobId(job, id, j.data.chunk, j.data.chunks));
  const existing = await Promise.all(jobIds.map((jobId) => queue.getJob(jobId)));
  const missing = jobs.flatMap((j, i) => (existing[i] === undefined ? [{ name: job, data: j.data, opts: { ...DEFAULT_JOB_OPTIONS, ...options.jobOptions, jobId: jobIds[i] as string } }] : []));
  // A job id BullMQ already holds is never added twice, even by two enqueues racing past the check above.
  if (missing.length > 0) await queue.addBulk(missing);
  return { job, id, jobIds, added: missing.length };
}

/**
 * Enqueues a stored plan as chunk jobs: the plan's items cut into chunks of `chunkSize`, one job each, whose data is
 * the plan's id and the chunk's item keys — never the plan, personal data or bytes: the worker loads the plan from
 * where the host stored it (`loadPlan` of {@link createTaxsyncWorker}). Job ids are stable, so enqueuing the same plan
 * again adds nothing; and since applying a chunk twice does nothing twice (the kernel's claims), a job BullMQ runs
 * again after a crash finishes what was missing and repeats nothing.
 *
 * @example
 * ```ts
 * const queue = new Queue<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>('taxsync', { connection });
 * const plan = await previewDocumentDispatch(input, { store, documents });
 * await db.plans.insert({ id: plan.planId, json: JSON.stringify(plan.document) });
 * await enqueuePlan(queue, plan.document);
 * ```
 *
 * @throws `InvalidArgumentError` when `plan` is not a plan document or `chunkSize` is not a positive integer.
 */
export async function enqueuePlan(queue: TaxsyncQueue, plan: QueuePlanDocument, options: EnqueueOptions = {}): Promise<EnqueueResult> {
  if (typeof plan !== 'object' || plan === null || (plan.job !== 'client-import' && plan.job !== 'document-dispatch') || !Array.isArray(plan.body?.items)) {
    throw new InvalidArgumentError('invalid_input', { detail: 'enqueuePlan expects a plan document (preview.document or plan.document)' });
  }
  const keys = (plan.body.items as readonly { readonly key: string }[]).map((i) => i.key);
  const chunks = chunksOf(keys, chunkSizeOf(plan.job, options));
  const jobs = chunks.map((items, i) => ({ data: { format: TAXSYNC_JOB_FORMAT, version: 1, job: plan.job, planId: plan.planId, chunk: i + 1, chunks: chunks.length, items } as const }));
  return addChunks(queue, plan.job, plan.planId, jobs, options);
}

/** Input of {@link enqueueSync}. */
export interface EnqueueSyncInput {
  /** The run's id: the same id enqueues nothing twice and names the assembled log. Ids only (no `:` needed). */
  readonly runId: string;
  /** The client files to synchronize (duplicates are synchronized once). */
  readonly clientFileIds: readonly string[];
  /** Tax year of the returns. Default: the year before the sync runs. */
  readonly taxYear?: number;
}

/**
 * Enqueues a signature sync over many client files as chunk jobs (`chunkSize` files each), with stable ids from
 * `runId`. Synchronizing a file twice writes nothing the second time (`unchanged`), so a chunk retried after a crash
 * is safe.
 *
 * @throws `InvalidArgumentError` when the run id or the file ids are not non-empty strings.
 */
export async function enqueueSync(queue: TaxsyncQueue, input: EnqueueSyncInput, options: EnqueueOptions = {}): Promise<EnqueueResult> {
  if (typeof input?.runId !== 'string' || input.runId === '' || !Array.isArray(input.clientFileIds) || input.clientFileIds.some((id) => typeof id !== 'string' || id === '')) {
    throw new InvalidArgumentError('invalid_input', { detail: 'enqueueSync expects { runId, clientFileIds: string[] }' });
  }
  const chunks = chunksOf([...new Set(input.clientFileIds)], chunkSizeOf('signature-sync', options));
  const jobs = chunks.map((clientFileIds, i) => ({
    data: { format: TAXSYNC_JOB_FORMAT, version: 1, job: 'signature-sync', runId: input.runId, chunk: i + 1, chunks: chunks.length, clientFileIds, ...(input.taxYear === undefined ? {} : { taxYear: input.taxYear }) } as const,
  }));
  return addChunks(queue, 'signature-sync', input.runId, jobs, options);
}
