/**
 * What travels through the queue: the data of one chunk job (ids only — never a SIN, a name, an address or a
 * document's bytes), its stable job id, and how a plan is cut into chunks.
 */
import { QueueError } from '../errors/queue.js';
import type { PlanJob } from '../workflow/plan-document.js';
import type { ClientImportReport } from '../clients/import/types.js';
import type { DispatchReport } from '../dispatch/types.js';
import type { SyncLog } from '../sync/types.js';

/** The jobs `taxsync/bullmq` runs: the two plan jobs and signature sync. */
export type TaxsyncJobKind = PlanJob | 'signature-sync';

/** Format marker of {@link TaxsyncJobData}, so a worker refuses jobs that are not taxsync's. */
export const TAXSYNC_JOB_FORMAT = 'taxsync-job';

/** What every chunk job carries: which chunk of how many. */
export interface TaxsyncChunkJobBase {
  /** Always {@link TAXSYNC_JOB_FORMAT}. */
  readonly format: typeof TAXSYNC_JOB_FORMAT;
  /** Format version of the job data (1). */
  readonly version: 1;
  /** This chunk's number, from 1. */
  readonly chunk: number;
  /** How many chunks the plan or run was cut into. */
  readonly chunks: number;
}

/**
 * The data of one chunk of a stored plan: the plan's id and the keys of the chunk's items (row numbers for an import,
 * client ids for a dispatch). The plan itself stays where the host stored it; the worker loads it by id.
 */
export interface TaxsyncPlanJobData extends TaxsyncChunkJobBase {
  /** The plan's job. */
  readonly job: PlanJob;
  /** The plan's id (`document.planId`). */
  readonly planId: string;
  /** Keys of the plan items this chunk applies (`document.body.items[].key`). */
  readonly items: readonly string[];
}

/** The data of one chunk of a signature sync: the run's id and the client files of the chunk. */
export interface TaxsyncSyncJobData extends TaxsyncChunkJobBase {
  readonly job: 'signature-sync';
  /** The run's id, chosen by the host when it enqueued the sync. */
  readonly runId: string;
  /** The client files this chunk synchronizes. */
  readonly clientFileIds: readonly string[];
  /** Tax year of the returns (default: the year before the sync runs). */
  readonly taxYear?: number;
}

/** The data of a taxsync job: narrow on `job`. */
export type TaxsyncJobData = TaxsyncPlanJobData | TaxsyncSyncJobData;

/**
 * What a chunk job returns (kept by BullMQ as the job's return value): the chunk's report, exactly as the apply
 * returned it. Reports hold what plans hold — ids, codes, masked keys and the labels people read — never a full SIN,
 * a birth date or a document's bytes.
 */
export type TaxsyncJobResult =
  | { readonly job: 'client-import'; readonly report: ClientImportReport }
  | { readonly job: 'document-dispatch'; readonly report: DispatchReport }
  | { readonly job: 'signature-sync'; readonly log: SyncLog };

/** Job name in the queue: the job kind. */
export type TaxsyncJobName = TaxsyncJobKind;

/** Cuts `keys` into chunks of at most `size`, in order. */
export function chunksOf<T>(keys: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < keys.length; i += size) out.push(keys.slice(i, i + size));
  return out;
}

/**
 * The job id of chunk `chunk` of `chunks` of a plan or sync run: the same for the same plan and chunk size, so that
 * enqueuing twice adds nothing (BullMQ keeps one job per id). BullMQ refuses `:` in ids: the id is URI-encoded.
 */
export function chunkJobId(job: TaxsyncJobKind, id: string, chunk: number, chunks: number): string {
  return `taxsync.${job}.${encodeURIComponent(id)}.${chunk}-of-${chunks}`;
}

const isKeyList = (value: unknown): value is string[] => Array.isArray(value) && value.every((k) => typeof k === 'string' && k !== '');
const isChunk = (data: Record<string, unknown>): boolean =>
  Number.isInteger(data.chunk) && Number.isInteger(data.chunks) && (data.chunk as number) >= 1 && (data.chunk as number) <= (data.chunks as number);

/**
 * Checks a job's data before anything runs.
 *
 * @throws {@link QueueError} `queue_job_invalid` (permanent) when it is not the data of a taxsync job.
 */
export function readJobData(data: unknown): TaxsyncJobData {
  const fail = (detail: string): never => {
    throw new QueueError('queue_job_invalid', { detail });
  };
  if (typeof data !== 'object' || data === null) return fail('the data is not an object');
  const d = data as Record<string, unknown>;
  if (d.format !== TAXSYNC_JOB_FORMAT) return fail(`format is not "${TAXSYNC_JOB_FORMAT}"`);
  if (d.version !== 1) return fail('version is not 1');
  if (!isChunk(d)) return fail('chunk and chunks are not a chunk number and a count');
  if (d.job === 'client-import' || d.job === 'document-dispatch') {
    if (typeof d.planId !== 'string' || d.planId === '') return fail('planId is missing');
    if (!isKeyList(d.items)) return fail('items is not a list of item keys');
    return data as TaxsyncPlanJobData;
  }
  if (d.job === 'signature-sync') {
    if (typeof d.runId !== 'string' || d.runId === '') return fail('runId is missing');
    if (!isKeyList(d.clientFileIds)) return fail('clientFileIds is not a list of client file ids');
    if (d.taxYear !== undefined && !Number.isInteger(d.taxYear)) return fail('taxYear is not a year');
    return data as TaxsyncSyncJobData;
  }
  return fail('job is not client-import, document-dispatch or signature-sync');
}
