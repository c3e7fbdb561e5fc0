import { TaxsyncError, type TaxsyncErrorOptions } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';
import type { MessageParams } from '../messages/catalogue.js';

const MARKER = Symbol.for('taxsync.error.LayoutError');

/** Codes of {@link LayoutError}. */
export type LayoutErrorCode = 'layout_unknown' | 'layout_invalid' | 'layout_clash';

/**
 * A signature layout was asked for that does not exist (`layout_unknown`, whose message lists the supported
 * document types and years), or a firm's layout could not be registered (`layout_invalid`, `layout_clash`).
 */
export class LayoutError extends TaxsyncError {
  declare readonly code: LayoutErrorCode;

  constructor(code: LayoutErrorCode, params: MessageParams = {}, options: TaxsyncErrorOptions = {}) {
    super(code, params, options);
    this.name = 'LayoutError';
    mark(this, MARKER);
  }

  /** True for a {@link LayoutError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is LayoutError {
    return isMarked(value, MARKER);
  }
}
