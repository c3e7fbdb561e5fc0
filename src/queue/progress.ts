/**
 * Progress of a plan applied as chunk jobs: items done / held / failed / pending, from the chunks' reports once they
 * completed and from the journal while they run.
 */
import type { ClientStore, PortCallOptions } from '../ports.js';
import type { ClientImportPlanDocument } from '../clients/import/plan.js';
import type { DispatchPlanDocument } from '../dispatch/types.js';
import { DOCUMENTS_JOURNAL, documentKey } from '../dispatch/shared.js';
import type { TaxsyncQueue } from './enqueue.js';
import { planChunks, readChunks, type AssembleOptions, type ChunkState } from './report.js';

/** Progress of one plan: documents (dispatch) or rows (import), and its chunk jobs by state. */
export interface PlanProgress {
  /** The plan. */
  readonly planId: string;
  /** What is counted: `documents` (dispatch: every archive entry) or `rows` (import: every data row). */
  readonly unit: 'documents' | 'rows';
  /** Everything the plan covers. */
  readonly total: number;
  /** Sent, created, updated, unchanged or found already done. */
  readonly done: number;
  /** Held for a person (a reason in the report), or left in doubt (`step_unknown`). */
  readonly held: number;
  /** Refused by a port in a chunk that finished its attempts. */
  readonly failed: number;
  /** Not finished yet (queued, running, or in a chunk BullMQ will try again). */
  readonly pending: number;
  /** The chunk jobs by state. */
  readonly chunks: Readonly<Record<ChunkState, number>>;
}

type Tally = { done: number; held: number; failed: number; pending: number };

const classify = (tally: Tally, status: string, code?: string): void => {
  if (status === 'failed') tally.failed++;
  else if (status === 'held') tally[code === 'step_in_progress' || code === 'aborted' || code === 'dispatch_aborted' ? 'pending' : 'held']++;
  else tally.done++;
};

/** `done` / `unknown` as the latest entry of `step` says; anything else is not finished. */
const fromJournal = (tally: Tally, status: string | undefined): void => {
  if (status === 'done') tally.done++;
  else if (status === 'unknown') tally.held++;
  else tally.pending++;
};

/**
 * Where a plan enqueued with `enqueuePlan` stands: chunks that completed count from their reports; the items of the
 * others from the store's journal (a document whose `send` step is `done`, a row whose `create` / `update` is; an
 * `unknown` step is held for a person); the plan's own held and unchanged lines from the plan. Cheap enough to poll
 * every few seconds (one journal read per document of a running dispatch chunk, one per import plan).
 *
 * @example
 * ```ts
 * const p = await getPlanProgress(queue, store, document);
 * console.log(`${p.done}/${p.total} ${p.unit}, ${p.held} held, ${p.failed} failed`);
 * ```
 */
export async function getPlanProgress(queue: TaxsyncQueue, store: ClientStore, plan: DispatchPlanDocument | ClientImportPlanDocument, options: AssembleOptions & PortCallOptions = {}): Promise<PlanProgress> {
  const chunkKeys = planChunks(plan, options);
  const chunks = await readChunks(queue, plan.job, plan.planId, chunkKeys.length);
  const states: Record<ChunkState, number> = { completed: 0, failed: 0, active: 0, waiting: 0, delayed: 0, missing: 0 };
  for (const c of chunks) states[c.status.state]++;
  const tally: Tally = { done: 0, held: 0, failed: 0, pending: 0 };
  const call = options.signal === undefined ? undefined : { signal: options.signal };
  if (plan.job === 'document-dispatch') {
    const { body } = plan;
    for (const l of body.notSent) classify(tally, l.status === 'skipped' ? 'skipped' : 'held');
    const byKey = new Map(body.items.map((i) => [i.key, i]));
    const notSent = new Set(body.notSent.map((l) => l.index));
    for (const [c, chunk] of chunks.entries()) {
      const result = chunk.result;
      if (result?.job === 'document-dispatch') {
        for (const item of result.report.items) if (!notSent.has(item.index)) classify(tally, item.status, item.code);
        continue;
      }
      for (const key of chunkKeys[c] ?? []) {
        for (const doc of byKey.get(key)?.documents ?? []) {
          const entries = await store.readJournal(DOCUMENTS_JOURNAL, documentKey(doc.sourceSha256, key, body.documentType, body.year), call);
          fromJournal(tally, entries.filter((e) => e.step === 'send').at(-1)?.status);
        }
      }
    }
    return { planId: plan.planId, unit: 'documents', total: body.entries, ...tally, chunks: states };
  }
  const { body } = plan;
  tally.done += body.unchanged.length;
  tally.held += body.held.length;
  const running = chunks.some((c) => c.result === undefined);
  const latest = new Map<string, string>();
  if (running) for (const e of await store.readJournal(plan.planId, undefined, call)) if (e.step === 'create' || e.step === 'update') latest.set(e.itemKey, e.status);
  for (const [c, chunk] of chunks.entries()) {
    const result = chunk.result;
    if (result?.job === 'client-import') for (const item of result.report.items) classify(tally, item.status, 'code' in item ? item.code : undefined);
    else for (const key of chunkKeys[c] ?? []) fromJournal(tally, latest.get(key));
  }
  return { planId: plan.planId, unit: 'rows', total: body.rows, ...tally, chunks: states };
}
