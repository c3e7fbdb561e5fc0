import { TaxsyncError, type TaxsyncErrorArgs } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';
import type { Locale, ParamsOf } from '../messages/catalogue.js';

const MARKER = Symbol.for('taxsync.error.SmtpMailError');

/** Code of an {@link SmtpMailError}. */
export type SmtpErrorCode = 'smtp_rejected' | 'smtp_deferred' | 'smtp_unreachable' | 'smtp_auth_failed' | 'smtp_failed';

/**
 * Sending failed. `code` says how, and `retryable` whether sending the same message later can work:
 *
 * | code | when | retryable |
 * |---|---|---|
 * | `smtp_rejected` | a 5xx reply (recipient unknown, message refused), or an envelope the transport refused | no |
 * | `smtp_deferred` | a 4xx reply (greylisting, mailbox busy, server shutting down), or 503 | yes |
 * | `smtp_unreachable` | connection refused or lost, timeout, DNS, TLS | yes |
 * | `smtp_auth_failed` | the server refused the transport's login | no (fix the credentials) |
 * | `smtp_failed` | any other error of the transport | no (check the mail log) |
 *
 * The message quotes the server's reply with every nine-digit run masked; the transport's own error is not kept as
 * `cause`, since it may echo personal data unmasked.
 */
export class SmtpMailError<C extends SmtpErrorCode = SmtpErrorCode> extends TaxsyncError<C> {
  declare readonly code: SmtpErrorCode;
  /** Whether the same message may go through later (see the table above). */
  readonly retryable: boolean;
  /** SMTP reply code, when the server answered (`550`, `451`…). */
  readonly responseCode?: number;
  /** SMTP step that failed (`RCPT TO`, `DATA`, `CONN`…), when the transport says. */
  readonly command?: string;
  /** The transport's error code (`EENVELOPE`, `ESOCKET`, `ETIMEDOUT`…), when it gave one. */
  readonly transportCode?: string;

  constructor(
    code: C,
    params: ParamsOf<C>,
    extra: { readonly retryable: boolean; readonly responseCode?: number; readonly command?: string; readonly transportCode?: string; readonly locale?: Locale },
  ) {
    super(code, ...([params, extra.locale === undefined ? {} : { locale: extra.locale }] as TaxsyncErrorArgs<C>));
    this.name = 'SmtpMailError';
    mark(this, MARKER);
    this.retryable = extra.retryable;
    if (extra.responseCode !== undefined) this.responseCode = extra.responseCode;
    if (extra.command !== undefined) this.command = extra.command;
    if (extra.transportCode !== undefined) this.transportCode = extra.transportCode;
  }

  /** True for an {@link SmtpMailError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is SmtpMailError {
    return isMarked(value, MARKER);
  }
}
