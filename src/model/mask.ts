/**
 * Masking of personal identifiers for display. Every message, log line and error that taxsync writes goes through
 * these: only the last three digits of a SIN or business number are ever shown.
 */

const digitsOf = (value: string | number): string => String(value).replace(/\D/g, '');

/**
 * Masks a SIN for display: `*** *** 789`. Works on any input (formatted or not, valid or not) and never reveals
 * more than the last three digits; fewer than four digits are masked completely.
 *
 * @example
 * ```ts
 * maskSin('046 454 286'); // '*** *** 286'
 * ```
 */
export function maskSin(value: string | number): string {
  const digits = digitsOf(value);
  return digits.length >= 4 ? `*** *** ${digits.slice(-3)}` : '*** *** ***';
}

/**
 * Masks a business number, keeping its program account visible: `*** *** 789 RC0001`.
 *
 * @example
 * ```ts
 * maskBusinessNumber('123456782RT0001'); // '*** *** 782 RT0001'
 * ```
 */
export function maskBusinessNumber(value: string): string {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  const match = /^(\d+)([A-Z]{2}\d{4})?$/.exec(compact);
  if (match === null) return maskSin(value);
  const program = match[2];
  return program === undefined ? maskSin(match[1] ?? '') : `${maskSin(match[1] ?? '')} ${program}`;
}

/** Masks a birth date for display: only the year stays (`1980-**-**`). */
export function maskBirthDate(value: string): string {
  const year = /^\d{4}/.exec(value)?.[0];
  return year === undefined ? '****-**-**' : `${year}-**-**`;
}

/** Masks a Quebec enterprise number (NEQ), keeping the last three digits. */
export function maskNeq(value: string): string {
  const digits = digitsOf(value);
  return digits.length >= 4 ? `******* ${digits.slice(-3)}` : '**********';
}
