import { TaxsyncError, type TaxsyncErrorArgs } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';

const MARKER = Symbol.for('taxsync.error.LayoutError');

/** Codes of {@link LayoutError}. */
export type LayoutErrorCode = 'layout_unknown' | 'layout_invalid' | 'layout_clash';

/**
 * A signature layout was asked for that does not exist (`layout_unknown`, whose message lists the supported
 * document types and years), or a firm's layout could not be registered (`layout_invalid`, `layout_clash`).
 */
export class LayoutError<C extends LayoutErrorCode = LayoutErrorCode> extends TaxsyncError<C> {
  declare readonly code: LayoutErrorCode;

  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    super(code, ...args);
    this.name = 'LayoutError';
    mark(this, MARKER);
  }

  /** True for a {@link LayoutError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is LayoutError {
    return isMarked(value, MARKER);
  }
}
