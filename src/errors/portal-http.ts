import { TaxsyncError } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';
import type { Locale, MessageParamsFor } from '../messages/catalogue.js';

const MARKER = Symbol.for('taxsync.error.PortalHttpError');

/** Codes of {@link PortalHttpError}. */
export type PortalHttpErrorCode = 'portal_http_error' | 'portal_unauthorized' | 'portal_timeout' | 'portal_network_error' | 'portal_bad_response';

/**
 * A call to the portal failed for good (after the retries it allowed). `code` says how: `portal_http_error` (with
 * `status`), `portal_unauthorized`, `portal_timeout`, `portal_network_error`, `portal_bad_response`. The message
 * names the method and path, never the token, the query string or a full SIN.
 */
export class PortalHttpError<C extends PortalHttpErrorCode = PortalHttpErrorCode> extends TaxsyncError<C> {
  declare readonly code: PortalHttpErrorCode;
  /** HTTP status, when the portal answered. */
  readonly status?: number;
  /** Attempts made. */
  readonly attempts: number;

  constructor(code: C, params: MessageParamsFor<C> & { method: string; path: string }, extra: { status?: number; attempts: number; locale?: Locale }) {
    super(code, params, extra.locale === undefined ? {} : { locale: extra.locale });
    this.name = 'PortalHttpError';
    mark(this, MARKER);
    if (extra.status !== undefined) this.status = extra.status;
    this.attempts = extra.attempts;
  }

  /** True for a {@link PortalHttpError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is PortalHttpError {
    return isMarked(value, MARKER);
  }
}
