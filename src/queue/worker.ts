/**
 * The worker side: a BullMQ processor that loads a chunk's plan and applies the chunk through the kernel with the
 * host's ports, and tells BullMQ which failures to retry.
 */
import { UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { QueueError } from '../errors/queue.js';
import { isTaxsyncError } from '../errors/taxsync-error.js';
import { applyClientImport } from '../clients/import/apply.js';
import type { ApplyClientImportOptions, ClientImportPorts, ClientImportReport } from '../clients/import/types.js';
import { applyDocumentDispatch } from '../dispatch/apply.js';
import type { ApplyDocumentDispatchOptions, DispatchReport, DocumentDispatchPorts } from '../dispatch/types.js';
import { syncSignatures } from '../sync/sync.js';
import type { SyncLog, SyncSignaturesOptions, SyncSignaturesPorts } from '../sync/types.js';
import type { WorkflowRunOptions } from '../workflow/context.js';
import type { PlanJob } from '../workflow/plan-document.js';
import { readJobData, type TaxsyncJobData, type TaxsyncJobName, type TaxsyncJobResult, type TaxsyncPlanJobData, type TaxsyncSyncJobData } from './jobs.js';
import { openOutcomes } from './outcomes.js';

/**
 * Per-plan options of an apply: fixed, or computed from the plan's id (to give each plan its own file or archive).
 * `items`, `signal` and `onProgress` are set by the worker, per chunk.
 */
export type QueueApplyOptions<O> =
  | Omit<O, 'items' | 'signal' | 'onProgress'>
  | ((planId: string) => Omit<O, 'items' | 'signal' | 'onProgress'> | Promise<Omit<O, 'items' | 'signal' | 'onProgress'>>);

/** What a worker needs to run client-import chunks. */
export interface QueueImportSetup {
  /** The host's ports, as for `applyClientImport`. */
  readonly ports: ClientImportPorts;
  /**
   * Options of `applyClientImport` (`file`: the file previewed, when no `documents` store keeps it…), fixed or per
   * plan. `items`, `signal` and `onProgress` are the worker's.
   */
  readonly options?: QueueApplyOptions<ApplyClientImportOptions>;
}

/** What a worker needs to run dispatch chunks. */
export interface QueueDispatchSetup {
  /** The host's ports, as for `applyDocumentDispatch` (`documents`: where the preview kept the PDFs). */
  readonly ports: DocumentDispatchPorts;
  /** Options of `applyDocumentDispatch` (`firmName`, `portalUrl`, `zip`…), fixed or per plan. */
  readonly options?: QueueApplyOptions<ApplyDocumentDispatchOptions>;
}

/** What a worker needs to run signature-sync chunks. */
export interface QueueSyncSetup {
  /** The host's ports, as for `syncSignatures`. */
  readonly ports: SyncSignaturesPorts;
  /** Options of `syncSignatures` (`locale`, `concurrency`…). */
  readonly options?: Omit<SyncSignaturesOptions, 'signal' | 'onProgress'>;
}

/** What {@link createTaxsyncProcessor} and {@link createTaxsyncWorker} take: how to load plans, and the ports per job. */
export interface TaxsyncWorkerSetup extends WorkflowRunOptions {
  /**
   * Returns the plan document the host stored under `planId` (the object, or its JSON text), as the preview made it.
   * The worker checks it (`loadDispatchPlan`, `loadClientImportPlan`: a damaged or foreign plan is a permanent
   * failure) and that it is the plan asked for.
   */
  readonly loadPlan: (planId: string, job: PlanJob) => unknown;
  /** Ports and options for client-import chunks; absent: such jobs fail permanently (`queue_job_unsupported`). */
  readonly clientImport?: QueueImportSetup;
  /** Ports and options for dispatch chunks. */
  readonly dispatch?: QueueDispatchSetup;
  /** Ports and options for signature-sync chunks. */
  readonly sync?: QueueSyncSetup;
}

/** The job as the processor reads it: BullMQ's `Job`, or anything with the same fields. */
export type TaxsyncJob = Pick<Job<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>, 'data' | 'attemptsMade' | 'opts' | 'updateProgress'>;

/** A BullMQ processor of taxsync jobs (pass it to `new Worker(name, processor, options)`). */
export type TaxsyncProcessor = (job: TaxsyncJob, token?: string, signal?: AbortSignal) => Promise<TaxsyncJobResult>;

/** Errors that a new attempt cannot fix: the plan, the job's data, the setup or an argument is wrong. */
const PERMANENT = new Set(['PlanError', 'InvalidArgumentError', 'QueueError', 'LayoutError', 'ParseError', 'ZipError']);

const resolveOptions = async <O>(options: QueueApplyOptions<O> | undefined, planId: string): Promise<Omit<O, 'items' | 'signal' | 'onProgress'>> =>
  typeof options === 'function' ? await options(planId) : (options ?? ({} as Omit<O, 'items' | 'signal' | 'onProgress'>));

/** Reports chunk progress to BullMQ (`job.progress`), never failing the chunk over it. */
const progressTo = (job: TaxsyncJob) => (progress: { readonly done: number; readonly total: number }): void => {
  void Promise.resolve(job.updateProgress({ done: progress.done, total: progress.total })).catch(() => undefined);
};

/**
 * The stored plan, as the host's loader gives it, once its id is checked: the apply reads and checks the rest (digest,
 * schema) — once per chunk, not twice. Text that is not JSON goes to the apply as is, which refuses it (`plan_invalid`).
 */
async function loadPlan(setup: TaxsyncWorkerSetup, data: TaxsyncPlanJobData): Promise<unknown> {
  const stored: unknown = await setup.loadPlan(data.planId, data.job);
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return stored;
    }
  }
  const planId: unknown = typeof value === 'object' && value !== null ? (value as { planId?: unknown }).planId : undefined;
  if (typeof planId === 'string' && planId !== data.planId) throw new QueueError('queue_plan_mismatch', { expected: data.planId.slice(0, 8), actual: planId.slice(0, 8) });
  return value;
}

const runOptions = (setup: TaxsyncWorkerSetup): WorkflowRunOptions => ({
  ...(setup.owner === undefined ? {} : { owner: setup.owner }),
  ...(setup.leaseMs === undefined ? {} : { leaseMs: setup.leaseMs }),
  ...(setup.logger === undefined ? {} : { logger: setup.logger }),
});

async function runPlanChunk(setup: TaxsyncWorkerSetup, data: TaxsyncPlanJobData, job: TaxsyncJob, signal: AbortSignal | undefined): Promise<TaxsyncJobResult> {
  const chunk = { items: data.items, onProgress: progressTo(job), ...(signal === undefined ? {} : { signal }), ...runOptions(setup) };
  if (data.job === 'client-import') {
    const given = setup.clientImport;
    if (given === undefined) throw new QueueError('queue_job_unsupported', { job: data.job });
    const document = (await loadPlan(setup, data)) as Parameters<typeof applyClientImport>[0];
    const report: ClientImportReport = await applyClientImport(document, given.ports, { ...(await resolveOptions(given.options, data.planId)), ...chunk });
    return { job: 'client-import', report };
  }
  const given = setup.dispatch;
  if (given === undefined) throw new QueueError('queue_job_unsupported', { job: data.job });
  const document = (await loadPlan(setup, data)) as Parameters<typeof applyDocumentDispatch>[0];
  const report: DispatchReport = await applyDocumentDispatch(document, given.ports, { ...(await resolveOptions(given.options, data.planId)), ...chunk });
  return { job: 'document-dispatch', report };
}

async function runSyncChunk(setup: TaxsyncWorkerSetup, data: TaxsyncSyncJobData, job: TaxsyncJob, signal: AbortSignal | undefined): Promise<TaxsyncJobResult> {
  const given = setup.sync;
  if (given === undefined) throw new QueueError('queue_job_unsupported', { job: data.job });
  const log: SyncLog = await syncSignatures(
    { clientFileIds: data.clientFileIds, ...(data.taxYear === undefined ? {} : { taxYear: data.taxYear }) },
    given.ports,
    { ...runOptions(setup), ...given.options, onProgress: progressTo(job), ...(signal === undefined ? {} : { signal }) },
  );
  return { job: 'signature-sync', log };
}

/**
 * A BullMQ processor for taxsync jobs: checks the job's data, loads the plan through `setup.loadPlan`, applies the
 * chunk's items through the kernel with the host's ports (or syncs the chunk's client files), reports progress to
 * BullMQ, and returns the chunk's report as the job's result.
 *
 * What BullMQ retries, with the job's backoff:
 * - an error a new attempt may fix (the store or the network down, Redis restarting): rethrown as is;
 * - a chunk that left items to try again — held by another worker's live claim (`step_in_progress`, as after a
 *   worker died holding them, until its lease lapses) or refused by a port (`failed`): {@link QueueError}
 *   `queue_chunk_incomplete`, except on the job's last attempt, which returns the report as it stands.
 *
 * What it never retries: a plan that cannot be read or is not the one asked for, job data that is not taxsync's, a
 * worker without ports for the job, a bad option — thrown as BullMQ's `UnrecoverableError`, whose message is the
 * taxsync error's (the error itself is its `cause`).
 *
 * @throws `InvalidArgumentError` when `setup.loadPlan` is not a function.
 */
export function createTaxsyncProcessor(setup: TaxsyncWorkerSetup): TaxsyncProcessor {
  if (typeof setup?.loadPlan !== 'function') throw new InvalidArgumentError('invalid_input', { detail: 'createTaxsyncProcessor needs setup.loadPlan, a function that returns the stored plan' });
  return async (job, _token, signal) => {
    let result: TaxsyncJobResult;
    try {
      const data = readJobData(job.data);
      result = data.job === 'signature-sync' ? await runSyncChunk(setup, data, job, signal) : await runPlanChunk(setup, data, job, signal);
      const open = openOutcomes(result);
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (open > 0 && !last) throw new QueueError('queue_chunk_incomplete', { job: data.job, chunk: `${data.chunk}/${data.chunks}`, open });
    } catch (error) {
      if (isTaxsyncError(error) && PERMANENT.has(error.name) && error.code !== 'queue_chunk_incomplete') {
        const permanent = new UnrecoverableError(error.message);
        (permanent as Error & { cause?: unknown }).cause = error;
        throw permanent;
      }
      throw error;
    }
    return result;
  };
}

/** A BullMQ worker of taxsync jobs, as {@link createTaxsyncWorker} makes it. */
export type TaxsyncWorker = Worker<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>;

/** Options of {@link createTaxsyncWorker}: BullMQ's worker options (the `connection` is required). */
export type TaxsyncWorkerOptions = WorkerOptions;

/**
 * A BullMQ `Worker` on queue `name` running {@link createTaxsyncProcessor}`(setup)`. Unless given, its stalled-job
 * check tolerates three stalls (`maxStalledCount: 3`): a chunk whose worker died is taken over by another worker,
 * whose apply finishes what is missing and repeats nothing.
 *
 * @example
 * ```ts
 * const worker = createTaxsyncWorker('taxsync', {
 *   loadPlan: (planId) => db.plans.json(planId),
 *   dispatch: { ports: { store, portal, mailer, documents }, options: { firmName: 'Cabinet Tremblay', portalUrl } },
 * }, { connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null }, concurrency: 4 });
 * ```
 */
export function createTaxsyncWorker(name: string, setup: TaxsyncWorkerSetup, options: TaxsyncWorkerOptions): TaxsyncWorker {
  return new Worker<TaxsyncJobData, TaxsyncJobResult, TaxsyncJobName>(name, createTaxsyncProcessor(setup), { maxStalledCount: 3, ...options });
}
