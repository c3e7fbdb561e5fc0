import { TaxsyncError, type TaxsyncErrorArgs } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';

const MARKER = Symbol.for('taxsync.error.QueueError');

/** Codes of {@link QueueError}. */
export type QueueErrorCode = 'queue_chunk_incomplete' | 'queue_job_invalid' | 'queue_plan_mismatch' | 'queue_job_unsupported';

/**
 * A job of `taxsync/bullmq` did not finish its chunk. `queue_chunk_incomplete` is transient: items were held by
 * another worker's live claim or refused by a port, and BullMQ retries the job with backoff. The others are permanent
 * (thrown as BullMQ's `UnrecoverableError`, never retried): the job's data is not a taxsync job
 * (`queue_job_invalid`), the plan loader returned another plan (`queue_plan_mismatch`), or the worker has no ports
 * for that job (`queue_job_unsupported`).
 */
export class QueueError<C extends QueueErrorCode = QueueErrorCode> extends TaxsyncError<C> {
  declare readonly code: QueueErrorCode;

  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    super(code, ...args);
    this.name = 'QueueError';
    mark(this, MARKER);
  }

  /** True for a {@link QueueError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is QueueError {
    return isMarked(value, MARKER);
  }
}
