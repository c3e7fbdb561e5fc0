/**
 * The report of a whole plan (or sync run) from its chunk jobs' results, whatever worker did which part, and where
 * its chunks stand.
 */
import { DEFAULT_LOCALE } from '../workflow/context.js';
import { summarize } from '../clients/import/apply.js';
import type { ClientImportFileOutcome, ClientImportItem, ClientImportReport } from '../clients/import/types.js';
import type { DispatchEmail, DispatchItem, DispatchPlanDocument, DispatchReport } from '../dispatch/types.js';
import { summarizeDispatch } from '../dispatch/apply.js';
import type { ClientImportPlanDocument } from '../clients/import/plan.js';
import type { SyncLog, SyncLogFile } from '../sync/types.js';
import { DEFAULT_CHUNK_SIZES, type EnqueueSyncInput, type TaxsyncQueue } from './enqueue.js';
import { chunkJobId, chunksOf, type TaxsyncJobKind, type TaxsyncJobResult } from './jobs.js';

/** Where a chunk job stands in BullMQ (`missing`: not in the queue — never enqueued, or removed). */
export type ChunkState = 'completed' | 'failed' | 'active' | 'waiting' | 'delayed' | 'missing';

/** One chunk job of a plan or sync run. */
export interface ChunkStatus {
  /** The job id. */
  readonly jobId: string;
  /** The chunk's number, from 1. */
  readonly chunk: number;
  /** Where the job stands. */
  readonly state: ChunkState;
  /** Attempts made so far (failed attempts; a job taken over after its worker died counts none). */
  readonly attemptsMade: number;
  /** For `failed`: BullMQ's `failedReason` (the taxsync error's message). */
  readonly failedReason?: string;
}

/** A plan's (or sync run's) report assembled from its chunk jobs. */
export interface AssembledReport<R> {
  /**
   * The report, shaped as one apply's: every item of the plan, in plan order. Items of chunks without a result yet
   * are `held` / `aborted` (`dispatch_aborted`, `sync_aborted`): apply them again, or wait for the queue.
   */
  readonly report: R;
  /** `true` when every chunk completed: the report is final. */
  readonly complete: boolean;
  /** Every chunk job, in chunk order. */
  readonly chunks: readonly ChunkStatus[];
}

/** Options of the `assemble…` functions. */
export interface AssembleOptions {
  /** The chunk size the plan was enqueued with. Default: {@link DEFAULT_CHUNK_SIZES}. */
  readonly chunkSize?: number;
}

/** A chunk job as read from the queue. @internal */
export interface ChunkRead {
  readonly status: ChunkStatus;
  readonly result?: TaxsyncJobResult;
}

const STATES: Readonly<Record<string, ChunkState>> = { completed: 'completed', failed: 'failed', active: 'active', delayed: 'delayed' };

/** Reads the chunk jobs of `id` (in chunk order): their state and, once completed, their result. */
export async function readChunks(queue: TaxsyncQueue, job: TaxsyncJobKind, id: string, count: number): Promise<ChunkRead[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i): Promise<ChunkRead> => {
      const jobId = chunkJobId(job, id, i + 1, count);
      const found = await queue.getJob(jobId);
      if (found === undefined) return { status: { jobId, chunk: i + 1, state: 'missing', attemptsMade: 0 } };
      const state = STATES[await found.getState()] ?? 'waiting';
      const status: ChunkStatus = { jobId, chunk: i + 1, state, attemptsMade: found.attemptsMade, ...(state === 'failed' && found.failedReason !== undefined ? { failedReason: found.failedReason } : {}) };
      const result = found.returnvalue as TaxsyncJobResult | null | undefined;
      return state === 'completed' && result?.job === job ? { status, result } : { status };
    }),
  );
}

/** The chunks of a plan, as {@link enqueuePlan} cut them. */
export const planChunks = (plan: DispatchPlanDocument | ClientImportPlanDocument, options: AssembleOptions): string[][] =>
  chunksOf((plan.body.items as readonly { readonly key: string }[]).map((i) => i.key), options.chunkSize ?? DEFAULT_CHUNK_SIZES[plan.job]);

const complete = (chunks: readonly ChunkRead[]): boolean => chunks.every((c) => c.result !== undefined);

/**
 * The report of a dispatch plan applied as chunk jobs: the items and e-mails of every chunk's last attempt, the
 * entries the plan does not send, and the totals — the same shape as one `applyDocumentDispatch` of the whole plan.
 * A document a worker sent before it died shows as the attempt that finished the chunk saw it: `skipped` /
 * `document_already_sent` (sent once, by the worker that died).
 */
export async function assembleDispatchReport(queue: TaxsyncQueue, plan: DispatchPlanDocument, options: AssembleOptions = {}): Promise<AssembledReport<DispatchReport>> {
  const chunkKeys = planChunks(plan, options);
  const chunks = await readChunks(queue, 'document-dispatch', plan.planId, chunkKeys.length);
  const items = new Map<number, DispatchItem>();
  const emails: DispatchEmail[] = [];
  let invited = 0;
  const byKey = new Map(plan.body.items.map((i) => [i.key, i]));
  chunks.forEach((chunk, c) => {
    if (chunk.result?.job === 'document-dispatch') {
      const report = chunk.result.report;
      for (const item of report.items) items.set(item.index, item);
      emails.push(...report.emails);
      invited += report.summary.invited;
      return;
    }
    for (const key of chunkKeys[c] ?? []) {
      const item = byKey.get(key);
      for (const doc of item?.documents ?? []) items.set(doc.index, { index: doc.index, displayName: doc.displayName, status: 'held', code: 'dispatch_aborted', params: {}, clientId: key });
    }
  });
  for (const l of plan.body.notSent) {
    if (items.has(l.index)) continue;
    items.set(l.index, { index: l.index, displayName: l.displayName, status: l.status === 'skipped' ? 'skipped' : 'held', code: l.code, params: l.params, ...(l.clientId === undefined ? {} : { clientId: l.clientId }) });
  }
  const ordered = [...items.values()].sort((a, b) => a.index - b.index);
  const results = chunks.flatMap((c) => (c.result?.job === 'document-dispatch' ? [c.result.report] : []));
  const report: DispatchReport = {
    planId: plan.planId,
    items: ordered,
    emails: emails.sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0)),
    summary: summarizeDispatch(ordered, emails, invited),
    aborted: !complete(chunks) || results.some((r) => r.aborted),
    progressFailed: results.some((r) => r.progressFailed),
    locale: plan.locale,
  };
  return { report, complete: complete(chunks), chunks: chunks.map((c) => c.status) };
}

const FILE_RANK: Readonly<Record<ClientImportFileOutcome['status'], number>> = { unchanged: 0, failed: 1, updated: 2, created: 3 };

/**
 * The report of a client-import plan applied as chunk jobs: the items of every chunk's last attempt and the rows the
 * plan does not apply (unchanged, held), in row order, and the client files. A client file written by several
 * chunks (a family cut in two) is `created` when one chunk created it, else `updated`, `failed`, `unchanged`.
 * Rows outside the plan's items carry their row number and codes; their names are in the file, not in the plan.
 */
export async function assembleClientImportReport(queue: TaxsyncQueue, plan: ClientImportPlanDocument, options: AssembleOptions = {}): Promise<AssembledReport<ClientImportReport>> {
  const chunkKeys = planChunks(plan, options);
  const chunks = await readChunks(queue, 'client-import', plan.planId, chunkKeys.length);
  const items: ClientImportItem[] = [];
  const files = new Map<string, ClientImportFileOutcome>();
  const results: ClientImportReport[] = [];
  const rowOf = new Map(plan.body.items.map((i) => [i.key, i.row]));
  chunks.forEach((chunk, c) => {
    if (chunk.result?.job !== 'client-import') {
      for (const key of chunkKeys[c] ?? []) items.push({ row: rowOf.get(key) ?? Number(key), name: '', status: 'held', code: 'aborted', params: {} });
      return;
    }
    const report = chunk.result.report;
    results.push(report);
    items.push(...report.items);
    for (const file of report.files) {
      const before = files.get(file.id);
      if (before === undefined || FILE_RANK[file.status] > FILE_RANK[before.status]) files.set(file.id, { ...file, taxpayers: Math.max(file.taxpayers, before?.taxpayers ?? 0) });
      else files.set(file.id, { ...before, taxpayers: Math.max(file.taxpayers, before.taxpayers) });
    }
  });
  for (const u of plan.body.unchanged) items.push({ row: u.row, name: '', status: 'unchanged', clientId: u.clientId });
  for (const h of plan.body.held) items.push(h.action === 'rejected' ? { row: h.row, name: '', status: 'held', code: h.code, params: h.params, issues: h.issues } : { row: h.row, name: '', status: 'held', code: h.code, params: h.params });
  items.sort((a, b) => a.row - b.row);
  const fileList = [...files.values()];
  const times = results.map((r) => [r.startedAt, r.finishedAt] as const);
  const report: ClientImportReport = {
    planId: plan.planId,
    locale: plan.locale,
    startedAt: times.map((t) => t[0]).sort()[0] ?? plan.createdAt,
    finishedAt: times.map((t) => t[1]).sort().at(-1) ?? plan.createdAt,
    aborted: !complete(chunks) || results.some((r) => r.aborted),
    progressFailed: results.some((r) => r.progressFailed),
    items,
    files: fileList,
    summary: summarize(items, fileList),
  };
  return { report, complete: complete(chunks), chunks: chunks.map((c) => c.status) };
}

/**
 * The log of a signature sync run as chunk jobs ({@link enqueueSync}): every client file in the order given, with
 * the totals — the same shape as one `syncSignatures` call. A file a worker synchronized before it died shows as the
 * attempt that finished the chunk saw it (`unchanged`: already written).
 */
export async function assembleSyncLog(queue: TaxsyncQueue, input: EnqueueSyncInput, options: AssembleOptions = {}): Promise<AssembledReport<SyncLog>> {
  const chunkIds = chunksOf([...new Set(input.clientFileIds)], options.chunkSize ?? DEFAULT_CHUNK_SIZES['signature-sync']);
  const chunks = await readChunks(queue, 'signature-sync', input.runId, chunkIds.length);
  const files: SyncLogFile[] = [];
  const logs: SyncLog[] = [];
  chunks.forEach((chunk, c) => {
    if (chunk.result?.job === 'signature-sync') {
      logs.push(chunk.result.log);
      files.push(...chunk.result.log.files);
    } else {
      for (const clientFileId of chunkIds[c] ?? []) files.push({ clientFileId, status: 'failed', taxpayers: [], code: 'sync_aborted', params: {} });
    }
  });
  const summary = { updated: 0, unchanged: 0, pending: 0, failed: 0, filesFailed: files.filter((f) => f.status === 'failed').length };
  for (const file of files) for (const t of file.taxpayers) summary[t.status]++;
  const log: SyncLog = {
    runId: input.runId,
    files,
    summary,
    taxYear: input.taxYear ?? logs[0]?.taxYear ?? new Date().getUTCFullYear() - 1,
    locale: logs[0]?.locale ?? DEFAULT_LOCALE,
    aborted: !complete(chunks) || logs.some((l) => l.aborted),
    progressFailed: logs.some((l) => l.progressFailed),
  };
  return { report: log, complete: complete(chunks), chunks: chunks.map((c) => c.status) };
}
