import { TaxsyncError } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';
import type { Locale } from '../messages/catalogue.js';

const MARKER = Symbol.for('taxsync.error.WebhookVerificationError');

/**
 * A webhook that failed verification. `reason` says why, for logs; answer the sender with HTTP 400. Its one code is
 * `webhook_invalid`.
 */
export class WebhookVerificationError extends TaxsyncError<'webhook_invalid'> {
  declare readonly code: 'webhook_invalid';
  /** `missing_header`, `bad_timestamp`, `too_old`, `signature_mismatch` or `malformed_body`. */
  readonly reason: 'missing_header' | 'bad_timestamp' | 'too_old' | 'signature_mismatch' | 'malformed_body';

  constructor(reason: WebhookVerificationError['reason'], detail: string, options: { locale?: Locale } = {}) {
    super('webhook_invalid', { reason, detail }, options);
    this.name = 'WebhookVerificationError';
    this.reason = reason;
    mark(this, MARKER);
  }

  /** True for a {@link WebhookVerificationError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is WebhookVerificationError {
    return isMarked(value, MARKER);
  }
}
