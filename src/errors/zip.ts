import { TaxsyncError, type TaxsyncErrorArgs } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';

const MARKER = Symbol.for('taxsync.error.ZipError');

/** Codes of {@link ZipError}. */
export type ZipErrorCode = 'zip_invalid' | 'zip_encrypted' | 'zip64_unsupported' | 'zip_limit_exceeded';

/**
 * The archive as a whole cannot be read: not a zip, encrypted, ZIP64, or beyond a limit. Nothing of it is returned —
 * an archive is never half-read silently.
 */
export class ZipError<C extends ZipErrorCode = ZipErrorCode> extends TaxsyncError<C> {
  declare readonly code: ZipErrorCode;

  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    super(code, ...args);
    this.name = 'ZipError';
    mark(this, MARKER);
  }

  /** True for a {@link ZipError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is ZipError {
    return isMarked(value, MARKER);
  }
}
