import { TaxsyncError, type TaxsyncErrorArgs } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';

const MARKER = Symbol.for('taxsync.error.PdfError');

/** Codes of {@link PdfError}. */
export type PdfErrorCode =
  | 'pdf_password_required'
  | 'pdf_password_wrong'
  | 'pdf_encrypted'
  | 'pdf_unreadable'
  | 'pdf_already_signed'
  | 'pdf_field_exists'
  | 'pdfjs_missing'
  | 'pdf_needs_node'
  | 'inflate_limit_exceeded';

/**
 * A PDF cannot be prepared for signature: password-protected without its password (`pdf_password_required`) or with
 * another (`pdf_password_wrong`), encrypted by a security handler taxsync does not open (`pdf_encrypted`), unreadable
 * (`pdf_unreadable`), already digitally signed or certified (`pdf_already_signed`), already holding a field of the
 * same name (`pdf_field_exists`), with streams that expand past their limits (`inflate_limit_exceeded`); or it needs
 * pdfjs-dist, which is not installed (`pdfjs_missing`), or Node, in a browser build (`pdf_needs_node`).
 * `resolveSignatureFields` reports the same situations as a held result instead of throwing. No error ever quotes a
 * password.
 */
export class PdfError<C extends PdfErrorCode = PdfErrorCode> extends TaxsyncError<C> {
  declare readonly code: PdfErrorCode;

  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    super(code, ...args);
    this.name = 'PdfError';
    mark(this, MARKER);
  }

  /** True for a {@link PdfError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is PdfError {
    return isMarked(value, MARKER);
  }
}
