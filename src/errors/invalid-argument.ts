import { TaxsyncError, type TaxsyncErrorArgs } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';

const MARKER = Symbol.for('taxsync.error.InvalidArgumentError');

/** Codes of {@link InvalidArgumentError}. */
export type InvalidArgumentErrorCode =
  | 'invalid_input'
  | 'pattern_invalid'
  | 'field_invalid'
  | 'form_invalid'
  | 'preview_invalid'
  | 'template_variable_unknown'
  | 'signatures_unsupported';

/**
 * A function was called with arguments it cannot work with (a programming error in the host): a value of the wrong
 * type or out of range (`invalid_input`), a naming pattern that cannot identify a client (`pattern_invalid`), a
 * signature field that cannot be placed (`field_invalid`), website-form settings that do not hold
 * (`form_invalid`), something other than a preview given to apply (`preview_invalid`), an e-mail template with an
 * unknown `{{variable}}` (`template_variable_unknown`), or a port that lacks what the job needs
 * (`signatures_unsupported`).
 */
export class InvalidArgumentError<C extends InvalidArgumentErrorCode = InvalidArgumentErrorCode> extends TaxsyncError<C> {
  declare readonly code: InvalidArgumentErrorCode;

  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    super(code, ...args);
    this.name = 'InvalidArgumentError';
    mark(this, MARKER);
  }

  /** True for an {@link InvalidArgumentError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is InvalidArgumentError {
    return isMarked(value, MARKER);
  }
}
