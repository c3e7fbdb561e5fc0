/**
 * The one bounded inflate behind every reader: its limits, its budget and its error. Two engines feed the same
 * budget: fflate for zip entries (inflate-fflate.ts, browser-safe, in the main entry) and Node's zlib for workbook
 * parts and PDF streams (inflate-node.ts). Output is counted chunk by chunk as it is produced, against absolute limits
 * and against the size of the input it came from, so a bomb stops after at most one chunk past its limit — never
 * after inflating everything. This module imports neither engine.
 */
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import type { Locale } from '../messages/catalogue.js';
import { DEFAULT_LOCALE } from '../messages/define.js';

/** Limits on what compressed data inside one input (a workbook, a PDF) may expand to. */
export interface InflateLimits {
  /** Inflated bytes of all the input's compressed parts together. */
  readonly maxBytes: number;
  /** Inflated bytes over the input's own size, checked once the output passes a floor (a few dozen megabytes). */
  readonly maxRatio: number;
}

/**
 * Checks an options object of limits (`inflateLimits`, `limits`): every value given must be a positive number.
 * @throws {@link InvalidArgumentError} `invalid_input` naming the option.
 */
export function checkLimitOptions(limits: unknown, option: string, locale: Locale = DEFAULT_LOCALE): void {
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
