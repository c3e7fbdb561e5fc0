import { TaxsyncError, type TaxsyncErrorOptions } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';
import type { ParamsOf } from '../messages/catalogue.js';

const MARKER = Symbol.for('taxsync.error.InflateLimitError');

/**
 * Compressed data inside an input expands past a limit: a deflate bomb, or a file far larger than any real one.
 * Its `params` name the limit (`limit`), its value (`value`) and the option that raises it (`option`). Its one code
 * is `inflate_limit_exceeded`.
 */
export class InflateLimitError extends TaxsyncError<'inflate_limit_exceeded'> {
  declare readonly code: 'inflate_limit_exceeded';
  declare readonly params: ParamsOf<'inflate_limit_exceeded'>;

  constructor(params: ParamsOf<'inflate_limit_exceeded'>, options: TaxsyncErrorOptions = {}) {
    super('inflate_limit_exceeded', params, options);
    this.name = 'InflateLimitError';
    mark(this, MARKER);
  }

  /** True for an {@link InflateLimitError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is InflateLimitError {
    return isMarked(value, MARKER);
  }
}
