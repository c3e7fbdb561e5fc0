/**
 * Masking of personal identifiers for display. Every message, log line and error that taxsync writes goes through
 * these: only the last three digits of a SIN or business number are ever shown, the last two of a phone number and
 * the first letter of a postal code; any other cell a message quotes is shown only when it cannot hold a number or an
 * e-mail address.
 */

import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { ID_SEPARATORS, MASK_SEPARATOR_CLASS } from '../internal/separators.js';

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
  const compact = value.replace(ID_SEPARATORS, '').toUpperCase();
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

/**
 * Masks an e-mail address for display: the first character of the local part and the domain stay
 * (`s***@example.com`), enough for a person to recognise which address is meant. Anything that is not an address
 * (no `@`, or nothing before it) becomes `***`.
 *
 * @example
 * ```ts
 * maskEmail('simon.provencher@example.com'); // 's***@example.com'
 * ```
 */
export function maskEmail(value: string): string {
  const trimmed = value.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 1) return '***';
  return `${Array.from(trimmed)[0] ?? ''}***@${trimmed.slice(at + 1)}`;
}

// What the phone and postal-code maskers hide: every letter, combining mark and digit of any script. Letters too, because
// a shifted row puts a name or an e-mail address in these columns.
const HIDDEN_CHARACTER = /[\p{L}\p{M}\p{N}]/gu;
const DECIMAL_DIGIT = /\p{Nd}/u;
const DECIMAL_DIGITS = /\p{Nd}/gu;
const PROVINCE_LETTER = /[A-Za-z]/;

/**
 * Masks a phone number for display: only its last two digits and its shape (spaces, parentheses, dashes, the `+`)
 * stay; every other digit and every letter becomes `*`. A value with fewer than four digits is masked completely.
 * Works on any input (a valid number or not, a name or an address typed in the wrong column) and never throws.
 *
 * @example
 * ```ts
 * maskPhone('(514) 555-0199'); // '(***) ***-**99'
 * maskPhone('+33 1 23 45 67 89'); // '+** * ** ** ** 89'
 * maskPhone('555'); // '***'
 * ```
 */
export function maskPhone(value: string | number): string {
  const text = String(value);
  const digits = text.match(DECIMAL_DIGITS)?.length ?? 0;
  const shownFrom = digits >= 4 ? digits - 2 : digits;
  let seen = 0;
  return text.replace(HIDDEN_CHARACTER, (c) => (DECIMAL_DIGIT.test(c) && seen++ >= shownFrom ? c : '*'));
}

/**
 * Masks a postal code for display: only its first character stays, and only when it is a letter (the province or
 * region a Canadian code starts with); every other letter and digit becomes `*`, spaces and punctuation stay. Works on
 * any input (a wrong code, a US ZIP code, an address typed in the wrong column) and never throws; `''` stays `''`.
 *
 * @example
 * ```ts
 * maskPostalCode('H2X 1Y'); // 'H** **'
 * maskPostalCode('H2X1Y8X'); // 'H******'
 * maskPostalCode('90210'); // '*****'
 * ```
 */
export function maskPostalCode(value: string): string {
  let first = true;
  return String(value).replace(HIDDEN_CHARACTER, (c) => {
    const shown = first && PROVINCE_LETTER.test(c);
    first = false;
    return shown ? c : '*';
  });
}

/** The longest cell {@link maskCellText} shows as it is. */
const SHOWN_CELL_LENGTH = 24;
const ANY_NUMBER = /\p{N}/u;

/**
 * Masks the text of a cell that a message quotes because taxsync could not read it — a province, a language or a
 * family role it does not know, a date it cannot read — for the case where the cell holds something else: a
 * separator too many or too few in a hand-edited file moves every later cell by one column, and puts a phone number,
 * a postal code, a street address, a date of birth or an e-mail address in that column.
 *
 * Text of at most 24 characters with no digit and no `@` is shown as it is (`Nunavik`, `Espagnol`, `Cousine`):
 * that is what tells a person what to correct. Anything else keeps only its shape: every digit (of any script)
 * becomes `#`, every letter `*`, and spaces and punctuation stay, enough to find the cell and to see what landed in
 * it (`###-####` a phone number, `*#* #*#` a postal code, `##/##/####` a date, as birth dates have always been shown).
 *
 * A name is personal data too, but a short name without digits cannot be told from a word that belongs in these
 * columns (`Gagnon` reads like `Cousine`), and hiding such words would make every such message useless: a short
 * name is shown. No number (a phone number, a postal code, a street number, a date, an identifier) and no e-mail
 * address is ever shown, nor a longer text such as a street address without its number.
 *
 * Works on any input and never throws; `''` stays `''`.
 *
 * @example
 * ```ts
 * maskCellText('Nunavik'); // 'Nunavik'
 * maskCellText('555-0199'); // '###-####'
 * maskCellText('H2X 1Y8'); // '*#* #*#'
 * maskCellText('1234, rue Saint-Denis'); // '####, *** *****-*****'
 * maskCellText('31/06/2024'); // '##/##/####'
 * ```
 */
export function maskCellText(value: string): string {
  const text = String(value);
  // Counted in characters (code points): a letter outside the BMP is one, not two UTF-16 units.
  const short = text.length <= SHOWN_CELL_LENGTH || (text.length <= 2 * SHOWN_CELL_LENGTH && Array.from(text).length <= SHOWN_CELL_LENGTH);
  if (short && !ANY_NUMBER.test(text) && !text.includes('@')) return text;
  return maskShape(text);
}

/**
 * A cell's shape only: every digit (of any script) becomes `#`, every letter `*`, spaces and punctuation stay
 * ({@link maskCellText}'s masked form, for a column whose every value is personal, such as a broken e-mail address).
 * @internal
 */
export function maskShape(value: string): string {
  return String(value).replace(HIDDEN_CHARACTER, (c) => (ANY_NUMBER.test(c) ? '#' : '*'));
}

// Digits (ASCII, full-width or of any other script) joined by any run of separators: every form the validators accept
// and more (underscores, slashes, commas, middle dots, Unicode dashes): masking too much is the safe side.
const DIGIT_RUN = /* @__PURE__ */ (() => new RegExp(String.raw`\p{Nd}(?:(?:${MASK_SEPARATOR_CLASS}*|,)\p{Nd})*`, 'gu'))();
const ANY_DIGIT = /\p{Nd}/gu;
// An address as it appears in free text (server replies, database errors): `<simon@example.com>`, `to=simon@example.com`.
// Found from each `@` outwards rather than by one regex over the text, which would take quadratic time on a long word.
const NOT_LOCAL = /[\s@<>()[\]{}:;,"`=/\\]/u;
const DOMAIN = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;
const MAX_DOMAIN = 255;

function maskEmails(text: string): string {
  let out = '';
  let done = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > done && !NOT_LOCAL.test(text.charAt(start - 1))) start--;
    while (start < at && text.charAt(start) === "'") start++; // `'simon@example.com'`: the quote is not the address's
    const domain = start < at ? DOMAIN.exec(text.slice(at + 1, at + 1 + MAX_DOMAIN))?.[0] : undefined;
    if (domain === undefined) continue;
    const end = at + 1 + domain.length;
    out += `${text.slice(done, start)}${maskEmail(text.slice(start, end))}`;
    done = end;
    at = end - 1;
  }
  return done === 0 ? text : out + text.slice(done);
}

function maskRun(run: string): string {
  const all = run.match(ANY_DIGIT) ?? [];
  const digits = all.length;
  if (digits < 9) return run;
  // The last three digits as written (a full-width digit stays full-width).
  if (digits === 9) return `*** *** ${all.slice(-3).join('')}`;
  // Longer runs keep their separators and only their last three digits: no nine-digit window of them stays readable.
  let seen = 0;
  return run.replace(ANY_DIGIT, (digit) => (++seen > digits - 3 ? digit : '*'));
}

/**
 * Masks the personal data taxsync can recognise in free text — an adapter's error, a server's reply, a file name —
 * before it reaches a message, a log or a report:
 * - every run of nine digits or more, whatever separates its digits (spaces, several spaces, non-breaking and narrow
 *   non-breaking spaces, tabs, dots, dashes, mixed): all the ways `validateSin`, `validateBusinessNumber` and
 *   `validateNeq` accept a number — and more: underscores, slashes, single commas, middle dots, apostrophes, Unicode
 *   dashes and hyphens, full-width and other scripts' digits (`２７１…`). A run of exactly nine digits becomes `*** *** 935`; a longer one (a BN with its
 *   program account's digits, a SIN glued to a sequence number) keeps only its last three digits;
 * - every e-mail address, as {@link maskEmail} (`s***@example.com`).
 *
 * A BN's program account stays readable: `852147966RC0001` becomes `*** *** 966RC0001`. Runs of fewer than nine
 * digits (years, amounts, row numbers) are left as they are.
 *
 * @example
 * ```ts
 * maskText('duplicate key (sin)=(271.845.935) for simon@example.com');
 * // 'duplicate key (sin)=(*** *** 935) for s***@example.com'
 * ```
 *
 * @throws {@link InvalidArgumentError} `invalid_input` when `text` is not a string.
 */
export function maskText(text: string): string {
  if (typeof text !== 'string') throw new InvalidArgumentError('invalid_input', { detail: 'maskText expects the text as a string' });
  return maskEmails(text).replace(DIGIT_RUN, maskRun);
}
