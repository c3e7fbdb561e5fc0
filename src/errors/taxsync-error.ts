import { type Locale, type ErrorCode, renderMessage, type MessageParams, type MessageParamsFor } from '../messages/catalogue.js';
import { isMarked, mark } from './marker.js';
import { DEFAULT_LOCALE } from '../messages/define.js';

const MARKER = Symbol.for('taxsync.error');

/** What every taxsync error may take besides its code and params. */
export interface TaxsyncErrorOptions {
  /** The error that led to this one, kept as `cause` (never one that may echo personal data unmasked). */
  readonly cause?: unknown;
  /** Language of `message`; `messageIn` renders the other. Default: `DEFAULT_LOCALE` ('fr'). */
  readonly locale?: Locale;
}

/**
 * What a taxsync error's constructor takes after its code: the params the code's message declares (optional when it
 * declares none; a missing or misspelt one is a compile error), then {@link TaxsyncErrorOptions}.
 */
export type TaxsyncErrorArgs<C extends ErrorCode> =
  Record<never, never> extends MessageParamsFor<C>
    ? [params?: MessageParamsFor<C>, options?: TaxsyncErrorOptions]
    : [params: MessageParamsFor<C>, options?: TaxsyncErrorOptions];

/**
 * Base class of every error taxsync throws. Catch it, switch on {@link TaxsyncError.code}.
 *
 * Messages are written for the integrator (what happened and what to do), never contain a full SIN or business
 * number, and exist in French and English: {@link TaxsyncError.messageIn} renders the other language.
 *
 * @example
 * ```ts
 * try {
 *   await parseDtmaxCsv(bytes);
 * } catch (error) {
 *   if (TaxsyncError.isInstance(error) && error.code === 'no_header') showHeaders(error.params);
 *   else throw error;
 * }
 * ```
 */
export class TaxsyncError<C extends ErrorCode = ErrorCode> extends Error {
  /** Stable, machine-readable code. Never changes between versions for the same failure. */
  readonly code: ErrorCode;
  /** Values used in the message (already masked where they are personal data). */
  readonly params: MessageParams;

  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    const params: MessageParams = args[0] ?? {};
    const options: TaxsyncErrorOptions = args[1] ?? {};
    super(renderMessage<ErrorCode>(code, params, options.locale ?? DEFAULT_LOCALE), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TaxsyncError';
    this.code = code;
    this.params = params;
    mark(this, MARKER);
  }

  /** The same message in the given language. */
  messageIn(locale: Locale): string {
    return renderMessage<ErrorCode>(this.code, this.params, locale);
  }

  /**
   * True when `value` is a taxsync error, even one thrown by another copy of the package (another realm, a second
   * install in node_modules), where `instanceof` would say false. True for every family: each family's own
   * `isInstance` (`ParseError.isInstance`…) is true only for that family.
   */
  static isInstance(value: unknown): value is TaxsyncError {
    return isMarked(value, MARKER);
  }
}

/** Shorthand for {@link TaxsyncError.isInstance}. */
export function isTaxsyncError(value: unknown): value is TaxsyncError {
  return TaxsyncError.isInstance(value);
}
