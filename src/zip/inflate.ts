/**
 * The one bounded inflate behind every reader: zip entries (fflate, here: browser-safe), workbook parts and PDF
 * streams (Node's zlib, in inflate-node.ts, which uses the same budget). Output is counted chunk by chunk as it is
 * produced, against absolute limits and against the size of the input it came from, so a bomb stops after at most
 * one chunk past its limit — never after inflating everything.
 */
import { Inflate, inflateSync } from 'fflate';
import { InvalidArgumentError, TaxsyncError } from '../model/errors.js';
import type { Locale, MessageParams } from '../model/messages.js';
import { concatBytes } from '../parsers/decode.js';

/** Limits on what compressed data inside one input (a workbook, a PDF) may expand to. */
export interface InflateLimits {
  /** Inflated bytes of all the input's compressed parts together. */
  readonly maxBytes: number;
  /** Inflated bytes over the input's own size, checked once the output passes a floor (a few dozen megabytes). */
  readonly maxRatio: number;
}

/**
 * Compressed data inside an input expands past a limit: a deflate bomb, or a file far larger than any real one.
 * Its `params` name the limit (`limit`), its value (`value`) and the option that raises it (`option`).
 */
export class InflateLimitError extends TaxsyncError {
  constructor(params: MessageParams, options: { cause?: unknown; locale?: Locale } = {}) {
    super('inflate_limit_exceeded', params, options);
    this.name = 'InflateLimitError';
  }
}

/**
 * Checks an options object of limits (`inflateLimits`, `limits`): every value given must be a positive number.
 * @throws {@link InvalidArgumentError} `invalid_input` naming the option.
 */
export function checkLimitOptions(limits: unknown, option: string, locale: Locale = 'en'): void {
  if (limits === undefined) return;
  const invalid = (detail: string): InvalidArgumentError => new InvalidArgumentError('invalid_input', { detail }, { locale });
  if (typeof limits !== 'object' || limits === null) throw invalid(`${option} must be an object of limits`);
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined && !(typeof value === 'number' && value > 0)) throw invalid(`${option}.${key} must be a positive number`);
  }
}

/** How one {@link InflateBudget} is set. */
export interface BudgetSettings {
  /** Size of the compressed input the ratio is measured against. */
  readonly inputSize: number;
  readonly maxBytes: number;
  readonly maxRatio: number;
  /** Output below which the ratio is not checked (small inputs legitimately expand a lot). */
  readonly ratioFloor: number;
  /** The error to throw, given which limit was passed. */
  readonly exceeded: (limit: 'maxBytes' | 'maxRatio') => Error;
}

/** Counts the output of one input's inflating, all parts together, and throws as soon as a limit is passed. */
export class InflateBudget {
  used = 0;

  constructor(private readonly settings: BudgetSettings) {}

  /** The limit the ratio puts on the total output. */
  private ratioCap(): number {
    const { inputSize, maxRatio, ratioFloor } = this.settings;
    return Math.max(ratioFloor, maxRatio * inputSize);
  }

  /** How many more bytes may come out before a limit is passed (at least 0). */
  remaining(): number {
    return Math.max(0, Math.min(this.settings.maxBytes, this.ratioCap()) - this.used);
  }

  /** The error for the limit that {@link remaining} stops at. */
  exceeded(): Error {
    return this.settings.exceeded(this.settings.maxBytes <= this.ratioCap() ? 'maxBytes' : 'maxRatio');
  }

  /** Counts `n` more output bytes. @throws the settings' error when a limit is passed. */
  take(n: number): void {
    this.used += n;
    if (this.used > this.settings.maxBytes) throw this.settings.exceeded('maxBytes');
    if (this.used > this.ratioCap()) throw this.settings.exceeded('maxRatio');
  }
}

const budgetErrors = new WeakSet<Error>();

/** Whether a budget threw this error (to tell a limit from a damaged stream, which each reader reports its own way). */
export const isLimitError = (error: unknown): boolean => error instanceof Error && budgetErrors.has(error);

/** Counts `n` output bytes against every budget, marking the error one throws (see {@link isLimitError}). */
export function takeFrom(budgets: readonly InflateBudget[], n: number): void {
  for (const budget of budgets) {
    try {
      budget.take(n);
    } catch (error) {
      if (error instanceof Error) budgetErrors.add(error);
      throw error;
    }
  }
}

// Compressed input is pushed in slices so that one push can never produce more than ~16 MiB (deflate's maximum
// ratio is about 1032:1): the real output is counted as it comes and inflating stops at the limit.
const SLICE = 16 * 1024;

/**
 * Inflates raw deflate data (a zip entry) with fflate, counting every chunk against each budget (an entry's own, the
 * archive's). Returns `'corrupt'` for data that is not a complete deflate stream.
 *
 * @param declared - The size the archive declares: a hint for the one-shot path of small entries, never trusted.
 * @throws the error of the first budget whose limit is passed.
 */
export function inflateRawBounded(data: Uint8Array, declared: number, budgets: readonly InflateBudget[]): Uint8Array | 'corrupt' {
  const room = Math.min(...budgets.map((b) => b.remaining()));
  // Fast path for the common small entry: one inflate into a buffer of the declared size plus one byte. The input is
  // at most one slice, so the work is bounded; a result that fills the spare byte means the header lied, and the
  // entry goes through the counted path below.
  if (data.length <= SLICE && declared < room) {
    let out: Uint8Array | undefined;
    try {
      out = inflateSync(data, { out: new Uint8Array(declared + 1) });
    } catch {
      return 'corrupt';
    }
    if (out.length <= declared) {
      takeFrom(budgets, out.length);
      return out;
    }
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    chunks.push(chunk);
    size += chunk.length;
    if (final) ended = true;
    takeFrom(budgets, chunk.length);
  });
  try {
    for (let i = 0; i < data.length || i === 0; i += SLICE) {
      const last = i + SLICE >= data.length;
      inflater.push(data.subarray(i, i + SLICE), last);
      if (last) break;
    }
  } catch (error) {
    if (error instanceof Error && budgetErrors.has(error)) throw error;
    return 'corrupt';
  }
  if (!ended) return 'corrupt';
  return concatBytes(chunks, size);
}
