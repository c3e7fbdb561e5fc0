/**
 * Signature times as the e-file carries them: a UTC instant rendered `Y/M/D HH:MM:SS` in an explicit time zone.
 */
import { InvalidArgumentError } from '../errors/invalid-argument.js';

const formatters = /* @__PURE__ */ new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    // A handful of zones per firm: the cache stays tiny, and formatters are costly to build.
    if (formatters.size < 500) formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is an IANA time zone this runtime knows (`America/Toronto`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Renders an instant as `YYYY/MM/DD HH:MM:SS` (24-hour clock) in the given IANA time zone: the date and time a
 * signature carries on the return.
 *
 * @throws {@link InvalidArgumentError} (`invalid_input`) for an instant that is not a date or an unknown time zone.
 *
 * @example
 * ```ts
 * formatSignatureTime('2026-03-14T19:42:07Z', 'America/Toronto'); // '2026/03/14 15:42:07'
 * formatSignatureTime('2026-03-14T19:42:07Z', 'America/Vancouver'); // '2026/03/14 12:42:07'
 * ```
 */
export function formatSignatureTime(instant: string | Date, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('invalid_input', { detail: `"${String(instant)}" is not an ISO 8601 instant` });
  if (!isValidTimeZone(timeZone)) throw new InvalidArgumentError('invalid_input', { detail: `"${timeZone}" is not an IANA time zone` });
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}/${parts.month}/${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `2026/03/14 15:42:07 (America/Toronto)`: a time with its zone, for people. Falls back to the raw value when it cannot be rendered. */
export function describeSignatureTime(instant: string, timeZone: string): string {
  try {
    return `${formatSignatureTime(instant, timeZone)} (${timeZone})`;
  } catch {
    return instant;
  }
}

/** An instant with its offset: `2026-04-02T13:00:00Z`, `2026-04-02T09:00:00.000-04:00`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds of an ISO 8601 instant that names its offset, or `undefined` for anything else (`''`, a date alone, a
 * local time, `2026-04-02 13:00 HAE`). Compliance reads times through it so that a value it cannot read is a failure
 * with a reason, never "not transmitted".
 */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !INSTANT.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
