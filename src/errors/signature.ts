import { TaxsyncError, type TaxsyncErrorArgs } from './taxsync-error.js';
import type { ErrorCode } from '../messages/catalogue.js';

/**
 * A signature layout was asked for that does not exist (`layout_unknown`, whose message lists the supported
 * document types and years), or a firm's layout could not be registered (`layout_invalid`, `layout_clash`).
 */
export class LayoutError<C extends ErrorCode = ErrorCode> extends TaxsyncError<C> {
  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    super(code, ...args);
    this.name = 'LayoutError';
  }
}

/**
 * A PDF cannot be prepared for signature: password-protected without its password (`pdf_password_required`) or with
 * another (`pdf_password_wrong`), encrypted by a security handler taxsync does not open (`pdf_encrypted`), unreadable
 * (`pdf_unreadable`), already digitally signed or certified (`pdf_already_signed`), or already holding a field of
 * the same name (`pdf_field_exists`). `resolveSignatureFields` reports the same situations as a held result instead
 * of throwing. No error ever quotes a password.
 */
export class PdfError<C extends ErrorCode = ErrorCode> extends TaxsyncError<C> {
  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    super(code, ...args);
    this.name = 'PdfError';
  }
}
