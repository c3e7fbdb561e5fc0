/**
 * Calendar dates as the tax programs write them. Values are plain `YYYY-MM-DD` strings: no `Date`, no time zone, so
 * a birth date never shifts by a day.
 */

/** How to read `03/04/1980` when the caller knows: day first (`dmy`) or month first (`mdy`). */
export type DateOrder = 'dmy' | 'mdy';

/** Reason codes of {@link parseDate}. */
export type DateFailure = 'empty' | 'invalid' | 'ambiguous' | 'two_digit_year';

/** Result of {@link parseDate}. */
export type DateResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: DateFailure };

const pad = (n: number): string => String(n).padStart(2, '0');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1] ?? 0;
}

function build(year: number, month: number, day: number): DateResult {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, value: `${year}-${pad(month)}-${pad(day)}` };
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, janv: 1, janvier: 1, january: 1,
  feb: 2, fev: 2, fevr: 2, fevrier: 2, february: 2,
  mar: 3, mars: 3, march: 3,
  apr: 4, avr: 4, avril: 4, april: 4,
  may: 5, mai: 5,
  jun: 6, juin: 6, june: 6,
  jul: 7, juil: 7, juillet: 7, july: 7,
  aug: 8, aou: 8, aout: 8, august: 8,
  sep: 9, sept: 9, septembre: 9, september: 9,
  oct: 10, octobre: 10, october: 10,
  nov: 11, novembre: 11, november: 11,
  dec: 12, decembre: 12, december: 12,
};

const fold = (value: string): string => value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

// The formats parseDate reads, made once: a literal in a function is a new RegExp object at every call.
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const YEAR_LAST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})(?:\s.*)?$/;

/**
 * Reads a date written as `YYYY-MM-DD` (also with `/` or `.`, or followed by a time), `YYYYMMDD`, `DD/MM/YYYY` or
 * `MM/DD/YYYY` (also with `-` or `.`), or with a month name in French or English (`4 mars 1980`, `March 4, 1980`).
 *
 * Day/month order is used only when the date says it (a part above 12) or when `order` is given; otherwise
 * `03/04/1980` is `ambiguous` and gets no value. Two-digit years are refused, never guessed.
 *
 * @example
 * ```ts
 * parseDate('1980-03-04');         // { ok: true, value: '1980-03-04' }
 * parseDate('25/12/1980');         // { ok: true, value: '1980-12-25' }
 * parseDate('03/04/1980');         // { ok: false, reason: 'ambiguous' }
 * parseDate('03/04/1980', 'dmy');  // { ok: true, value: '1980-04-03' }
 * ```
 */
export function parseDate(input: string, order?: DateOrder): DateResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };

  let m = YEAR_FIRST.exec(text);
  if (m !== null) return build(Number(m[1]), Number(m[2]), Number(m[3]));

  m = COMPACT_DATE.exec(text);
  if (m !== null) return build(Number(m[1]), Number(m[2]), Number(m[3]));

  m = YEAR_LAST.exec(text);
  if (m !== null) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const yearText = m[3] ?? '';
    if (yearText.length !== 4) return { ok: false, reason: yearText.length === 2 ? 'two_digit_year' : 'invalid' };
    const year = Number(yearText);
    if (order === 'dmy') return build(year, b, a);
    if (order === 'mdy') return build(year, a, b);
    if (a > 12 && b <= 12) return build(year, b, a);
    if (b > 12 && a <= 12) return build(year, a, b);
    if (a === b) return build(year, a, b);
    if (a > 12 && b > 12) return { ok: false, reason: 'invalid' };
    return build(year, a, b).ok ? { ok: false, reason: 'ambiguous' } : { ok: false, reason: 'invalid' };
  }

  // "4 mars 1980", "1er avril 1980", "March 4, 1980", "4-Mar-1980"
  const words = fold(text).replace(/[,.]/g, ' ').replace(/-/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length === 3) {
    const [w0 = '', w1 = '', w2 = ''] = words;
    const dayOf = (w: string): number => Number(w.replace(/^(\d{1,2})(er|st|nd|rd|th)$/, '$1'));
    if (/^\d{4}$/.test(w2)) {
      if (MONTHS[w1] !== undefined && /^\d{1,2}(er|st|nd|rd|th)?$/.test(w0)) return build(Number(w2), MONTHS[w1], dayOf(w0));
      if (MONTHS[w0] !== undefined && /^\d{1,2}(er|st|nd|rd|th)?$/.test(w1)) return build(Number(w2), MONTHS[w0], dayOf(w1));
    }
    if (/^\d{2}$/.test(w2) && (MONTHS[w1] !== undefined || MONTHS[w0] !== undefined)) return { ok: false, reason: 'two_digit_year' };
  }
  return { ok: false, reason: 'invalid' };
}

/**
 * Converts an Excel date serial to `YYYY-MM-DD`. Handles both the 1900 date system (with Lotus's phantom
 * 1900-02-29, serial 60) and the 1904 system of old Mac workbooks. The time part of the serial is ignored.
 */
export function excelSerialToDate(serial: number, date1904 = false): DateResult {
  // Serial 0 is 1904-01-01 in the 1904 system; in the 1900 system it is Excel's "1900-01-00", not a date.
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1)) return { ok: false, reason: 'invalid' };
  const whole = Math.floor(serial);
  let epochDays: number;
  if (date1904) epochDays = Date.UTC(1904, 0, 1) / 86_400_000 + whole;
  else if (whole === 60) return { ok: false, reason: 'invalid' };
  else epochDays = Date.UTC(1899, 11, whole < 60 ? 31 : 30) / 86_400_000 + whole;
  const date = new Date(epochDays * 86_400_000);
  return build(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * Converts a JavaScript `Date` that a spreadsheet library made from a date cell to `YYYY-MM-DD`. Spreadsheet dates
 * have no time zone: libraries build them at UTC midnight, so the UTC fields are the calendar date.
 */
export function spreadsheetDateToIso(date: Date): DateResult {
  if (Number.isNaN(date.getTime())) return { ok: false, reason: 'invalid' };
  // A date with a time-of-day component just before midnight UTC comes from a floating-point serial; round to the
  // nearest second first so 23:59:59.999 becomes the next day, as Excel shows it.
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  return build(rounded.getUTCFullYear(), rounded.getUTCMonth() + 1, rounded.getUTCDate());
}
