import { type Locale, type ErrorCode, renderMessage, type MessageParams } from '../messages/catalogue.js';

const MARKER = Symbol.for('taxsync.error');

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
export class TaxsyncError extends Error {
  /** Stable, machine-readable code. Never changes between versions for the same failure. */
  readonly code: ErrorCode;
  /** Values used in the message (already masked where they are personal data). */
  readonly params: MessageParams;

  constructor(code: ErrorCode, params: MessageParams = {}, options: { cause?: unknown; locale?: Locale } = {}) {
    super(renderMessage(code, params, options.locale ?? 'en'), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TaxsyncError';
    this.code = code;
    this.params = params;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** The same message in the given language. */
  messageIn(locale: Locale): string {
    return renderMessage(this.code, this.params, locale);
  }

  /**
   * True when `value` is a taxsync error, even one thrown by another copy of the package (another realm, a second
   * install in node_modules), where `instanceof` would say false.
   */
  static isInstance(value: unknown): value is TaxsyncError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Shorthand for {@link TaxsyncError.isInstance}. */
export function isTaxsyncError(value: unknown): value is TaxsyncError {
  return TaxsyncError.isInstance(value);
}

/** An input file could not be read at all (empty, binary, no recognisable header, not a workbook…). */
export class ParseError extends TaxsyncError {
  constructor(code: ErrorCode, params: MessageParams = {}, options: { cause?: unknown; locale?: Locale } = {}) {
    super(code, params, options);
    this.name = 'ParseError';
  }
}

/** A function was called with arguments it cannot work with (a programming error in the host). */
export class InvalidArgumentError extends TaxsyncError {
  constructor(code: ErrorCode, params: MessageParams = {}, options: { cause?: unknown; locale?: Locale } = {}) {
    super(code, params, options);
    this.name = 'InvalidArgumentError';
  }
}
