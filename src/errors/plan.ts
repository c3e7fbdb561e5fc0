import { TaxsyncError, type TaxsyncErrorArgs } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';

const MARKER = Symbol.for('taxsync.error.PlanError');

/** Codes of {@link PlanError}. */
export type PlanErrorCode = 'plan_invalid' | 'plan_version_unsupported' | 'plan_tampered' | 'plan_job_mismatch' | 'plan_source_mismatch';

/**
 * A stored plan cannot be applied as given: not a plan or damaged (`plan_invalid`), written by a format this version
 * does not read (`plan_version_unsupported`), changed after the preview made it (`plan_tampered`), a plan of another
 * job (`plan_job_mismatch`), or the file or archive given with it is not the one previewed (`plan_source_mismatch`).
 * Nothing was written.
 */
export class PlanError<C extends PlanErrorCode = PlanErrorCode> extends TaxsyncError<C> {
  declare readonly code: PlanErrorCode;

  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    super(code, ...args);
    this.name = 'PlanError';
    mark(this, MARKER);
  }

  /** True for a {@link PlanError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is PlanError {
    return isMarked(value, MARKER);
  }
}
