/**
 * Canadian identifiers: SIN, business number, NEQ, postal codes, provinces, phone numbers and e-mail addresses.
 * Every validator returns a {@link Validation}: the normalized value, or a stable reason code and a message that
 * never contains the full identifier.
 */
import { maskBusinessNumber, maskCellText, maskEmail, maskNeq, maskPhone, maskPostalCode, maskSin } from './mask.js';
import { ID_SEPARATORS } from '../internal/separators.js';
import type { Locale } from '../messages/catalogue.js';
import { validationMessage, type ValidationMessageKey, type ValidationParams } from '../messages/validators.js';

// Regular expressions of the validators, made once: a literal in a function is a new RegExp object at every call, and
// the parsers validate several values on every row.
const NINE_DIGITS = /^\d{9}$/;
const TEN_DIGITS = /^\d{10}$/;
const BUSINESS_NUMBER = /^(\d{9})(?:([A-Z]{2})(\d{4}))?$/;
const POSTAL_SEPARATORS = /[\s-]/g;
const LETTER = /[a-z]/i;
const PHONE_EXTENSION = /\s*(?:x|ext\.?|extension|poste|p\.)\s*(\d{1,6})\s*$/i;
const PHONE_CHARACTERS = /^[+\d\s().\-/]+$/;
const NON_DIGITS = /\D/g;
const NANP = /^[2-9]\d{2}[2-9]\d{6}$/;
const MAILTO = /^mailto:/i;
const DOMAIN_HYPHENS = /^-|-$|-\.|\.-/;

/** Success of a validator: the normalized `value`, plus extras that depend on the validator. */
export type ValidationOk<T, Extra = object> = { readonly ok: true; readonly value: T } & Readonly<Extra>;
/** Failure of a validator: a stable `reason` code and a message for people (personal data masked). */
export interface ValidationFailure<R extends string> {
  readonly ok: false;
  /** Stable code, safe to switch on. */
  readonly reason: R;
  /** What is wrong, in the requested language; identifiers masked. */
  readonly message: string;
}
/** Result of every `validate*` function. */
export type Validation<T, R extends string, Extra = object> = ValidationOk<T, Extra> | ValidationFailure<R>;

/** Options shared by the validators. */
export interface ValidateOptions {
  /** Language of `message` on failure. Default: `DEFAULT_LOCALE` ('fr'). */
  readonly locale?: Locale;
}

const fail = <R extends string, K extends ValidationMessageKey>(reason: R, key: K, params: ValidationParams<K>, locale: Locale | undefined): ValidationFailure<R> => ({
  ok: false,
  reason,
  message: validationMessage(key, params, locale),
});

/** True when the digits pass the Luhn (mod 10) check used by SINs and business numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Reason codes of {@link validateSin}. */
export type SinFailure = 'empty' | 'format' | 'checksum' | 'never_issued';

/**
 * Validates a Social Insurance Number (numéro d'assurance sociale, NAS).
 *
 * Accepts `123 456 782`, `123-456-782`, `123.456.782` or `123456782` (any whitespace, dots and dashes between the
 * digits are ignored); checks length and the Luhn digit; refuses SINs starting with
 * 0 or 8, which are never issued (`000 000 000` is how the tax programs say "no SIN"). A SIN starting with 9 is a
 * temporary resident's: valid, flagged with `temporary: true`.
 *
 * @example
 * ```ts
 * const result = validateSin('046 454 286');
 * if (result.ok) result.value; // '046454286'
 * ```
 */
export function validateSin(input: string, options: ValidateOptions = {}): Validation<string, SinFailure, { temporary: boolean }> {
  const { locale } = options;
  const compact = input.trim().replace(ID_SEPARATORS, '');
  if (compact === '') return fail('empty', 'sin_empty', {}, locale);
  // Masked only when it is shown: a valid SIN (nearly every row of a client list) needs no message.
  if (!NINE_DIGITS.test(compact)) {
    return fail('format', 'sin_format', { value: maskSin(compact) }, locale);
  }
  const first = compact[0];
  if (first === '0' || first === '8') {
    return fail(
      'never_issued',
      'sin_never_issued',
      { value: maskSin(compact), first },
      locale,
    );
  }
  if (!luhnValid(compact)) {
    return fail('checksum', 'sin_checksum', { value: maskSin(compact) }, locale);
  }
  return { ok: true, value: compact, temporary: first === '9' };
}

/** The CRA program identifiers commonly seen after a BN9. */
export const KNOWN_PROGRAM_CODES: readonly string[] = /* @__PURE__ */ Object.freeze(['RC', 'RT', 'RP', 'RM', 'RR', 'RZ', 'RD', 'RE']);

/** Reason codes of {@link validateBusinessNumber}. */
export type BusinessNumberFailure = 'empty' | 'format' | 'checksum';

/** Extras of a valid business number. */
export interface BusinessNumberExtras {
  /** The program account when one was given, normalized (`RC0001`). */
  readonly programAccount?: string;
  /** True when the program account's two letters are not one of {@link KNOWN_PROGRAM_CODES}: a warning, not an error. */
  readonly unknownProgram: boolean;
}

/**
 * Validates a CRA business number: nine digits (same Luhn check digit as a SIN), optionally followed by a program
 * account (two letters and four digits: `RC0001`). Whitespace, dots and dashes are allowed anywhere. `value` is the bare BN9,
 * the key corporations are matched on.
 *
 * @example
 * ```ts
 * validateBusinessNumber('123456782 RC 0001'); // { ok: true, value: '123456782', programAccount: 'RC0001', unknownProgram: false }
 * ```
 */
export function validateBusinessNumber(
  input: string,
  options: ValidateOptions = {},
): Validation<string, BusinessNumberFailure, BusinessNumberExtras> {
  const { locale } = options;
  const compact = input.trim().replace(ID_SEPARATORS, '').toUpperCase();
  if (compact === '') return fail('empty', 'bn_empty', {}, locale);
  const match = BUSINESS_NUMBER.exec(compact);
  const masked = maskBusinessNumber(compact);
  if (match === null) {
    return fail(
      'format',
      'bn_format',
      { value: masked },
      locale,
    );
  }
  const bn9 = match[1] ?? '';
  if (!luhnValid(bn9)) {
    return fail('checksum', 'bn_checksum', { value: masked }, locale);
  }
  const letters = match[2];
  if (letters === undefined) return { ok: true, value: bn9, unknownProgram: false };
  return { ok: true, value: bn9, programAccount: `${letters}${match[3] ?? ''}`, unknownProgram: !KNOWN_PROGRAM_CODES.includes(letters) };
}

/** Reason codes of {@link validateNeq}. */
export type NeqFailure = 'empty' | 'format';

/**
 * Validates a Quebec enterprise number (numéro d'entreprise du Québec, NEQ): ten digits. The NEQ has no public check
 * digit, so none is computed.
 */
export function validateNeq(input: string, options: ValidateOptions = {}): Validation<string, NeqFailure> {
  const compact = input.trim().replace(ID_SEPARATORS, '');
  if (compact === '') return fail('empty', 'neq_empty', {}, options.locale);
  if (!TEN_DIGITS.test(compact)) {
    const masked = maskNeq(compact);
    return fail('format', 'neq_format', { value: masked }, options.locale);
  }
  return { ok: true, value: compact };
}

/** Reason codes of {@link validatePostalCode}. */
export type PostalCodeFailure = 'empty' | 'format';

const POSTAL_CODE = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/;
const POSTAL_CODE_SPACED = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$/;

/**
 * Validates a Canadian postal code and normalizes it to `A1A 1A1` (upper case, one space). The letters D, F, I, O, Q
 * and U never appear, and W and Z never come first.
 */
export function validatePostalCode(input: string, options: ValidateOptions = {}): Validation<string, PostalCodeFailure> {
  // Most codes are already written `A1A 1A1`: return the input itself rather than a copy built from its parts.
  if (input.length === 7 && input.charCodeAt(3) === 32 && POSTAL_CODE_SPACED.test(input)) return { ok: true, value: input };
  const compact = input.trim().replace(POSTAL_SEPARATORS, '').toUpperCase();
  if (compact === '') return fail('empty', 'postal_code_empty', {}, options.locale);
  if (!POSTAL_CODE.test(compact)) {
    return fail('format', 'postal_code_format', { value: maskPostalCode(input.trim()) }, options.locale);
  }
  return { ok: true, value: `${compact.slice(0, 3)} ${compact.slice(3)}` };
}

/** Two-letter code of a Canadian province or territory. */
export type ProvinceCode = 'AB' | 'BC' | 'MB' | 'NB' | 'NL' | 'NS' | 'NT' | 'NU' | 'ON' | 'PE' | 'QC' | 'SK' | 'YT';

/** Accent-, case-, space- and punctuation-insensitive form used to compare labels. */
export function foldKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const PROVINCE_NAMES: Readonly<Record<ProvinceCode, readonly string[]>> = {
  AB: ['AB', 'Alberta', 'Alta', 'Alb'],
  BC: ['BC', 'CB', 'British Columbia', 'Colombie-Britannique', 'C.-B.', 'B.C.'],
  MB: ['MB', 'Manitoba', 'Man'],
  NB: ['NB', 'New Brunswick', 'Nouveau-Brunswick', 'N.-B.'],
  NL: ['NL', 'NF', 'TNL', 'Newfoundland and Labrador', 'Newfoundland', 'Terre-Neuve-et-Labrador', 'Terre-Neuve', 'T.-N.-L.'],
  NS: ['NS', 'NE', 'Nova Scotia', 'Nouvelle-Écosse', 'N.-É.'],
  NT: ['NT', 'NWT', 'TNO', 'Northwest Territories', 'Territoires du Nord-Ouest', 'T.N.-O.'],
  NU: ['NU', 'Nunavut'],
  ON: ['ON', 'Ontario', 'Ont'],
  PE: ['PE', 'PEI', 'IPE', 'Prince Edward Island', 'Île-du-Prince-Édouard', 'Î.-P.-É.'],
  QC: ['QC', 'PQ', 'Qc', 'Québec', 'Quebec', 'Qué', 'Que'],
  SK: ['SK', 'Saskatchewan', 'Sask'],
  YT: ['YT', 'YK', 'Yn', 'Yukon'],
};

const PROVINCE_LOOKUP: ReadonlyMap<string, ProvinceCode> = /* @__PURE__ */ (() => {
  const map = new Map<string, ProvinceCode>();
  for (const [code, names] of Object.entries(PROVINCE_NAMES) as [ProvinceCode, readonly string[]][]) {
    for (const name of names) {
      const key = foldKey(name);
      if (!map.has(key)) map.set(key, code);
    }
  }
  return map;
})();

/** Reason codes of {@link validateProvince}. */
export type ProvinceFailure = 'empty' | 'unknown';

/**
 * Reads a province or territory from its code or its French or English name (`Québec`, `Qc`, `PQ`, `C.-B.`,
 * `Ontario`, `Île-du-Prince-Édouard`…) and returns its two-letter code.
 */
export function validateProvince(input: string, options: ValidateOptions = {}): Validation<ProvinceCode, ProvinceFailure> {
  const key = foldKey(input);
  if (key === '') return fail('empty', 'province_empty', {}, options.locale);
  const code = PROVINCE_LOOKUP.get(key);
  if (code === undefined) {
    return fail('unknown', 'province_unknown', { value: maskCellText(input.trim()) }, options.locale);
  }
  return { ok: true, value: code };
}

/** Reason codes of {@link validatePhone}. */
export type PhoneFailure = 'empty' | 'format';

/**
 * Normalizes a phone number. North American numbers (NANP: 10 digits, or 11 starting with 1, area code and exchange
 * not starting with 0 or 1) become `+1NXXNXXXXXX`; a number written with a leading `+` and another country code is
 * kept as `+` and its digits. An extension (`x123`, `poste 123`, `ext. 123`) is returned separately.
 */
export function validatePhone(input: string, options: ValidateOptions = {}): Validation<string, PhoneFailure, { extension?: string }> {
  const trimmed = input.trim();
  if (trimmed === '') return fail('empty', 'phone_empty', {}, options.locale);
  const ext = LETTER.test(trimmed) ? PHONE_EXTENSION.exec(trimmed) : null;
  const main = ext === null ? trimmed : trimmed.slice(0, ext.index);
  const extension = ext?.[1];
  const invalid = () =>
    fail<PhoneFailure, 'phone_format'>('format', 'phone_format', { value: maskPhone(trimmed) }, options.locale);
  if (!PHONE_CHARACTERS.test(main)) return invalid();
  const digits = main.replace(NON_DIGITS, '');
  const plus = main.trimStart().startsWith('+');
  let national: string | undefined;
  if (digits.length === 10 && !plus) national = digits;
  else if (digits.length === 11 && digits.startsWith('1')) national = digits.slice(1);
  if (national !== undefined) {
    if (NANP.test(national)) return extension === undefined ? { ok: true, value: `+1${national}` } : { ok: true, value: `+1${national}`, extension };
    return invalid();
  }
  if (plus && digits.length >= 8 && digits.length <= 15 && !digits.startsWith('1')) return extension === undefined ? { ok: true, value: `+${digits}` } : { ok: true, value: `+${digits}`, extension };
  return invalid();
}

/** Reason codes of {@link validateEmail}. */
export type EmailFailure = 'empty' | 'format';

const EMAIL_LOCAL = /^[^\s@"(),:;<>[\\\]]{1,64}$/;
const EMAIL_DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,63}$/i;

/**
 * Validates an e-mail address (the practical form: `local@domain.tld`, no spaces, no display name) and normalizes
 * it: trimmed, `mailto:` removed, the domain in lower case. The local part keeps its case, as RFC 5321 requires;
 * comparisons elsewhere in taxsync are case-insensitive.
 */
export function validateEmail(input: string, options: ValidateOptions = {}): Validation<string, EmailFailure> {
  const trimmed = input.trim().replace(MAILTO, '');
  if (trimmed === '') return fail('empty', 'email_empty', {}, options.locale);
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  if (
    at < 1 || trimmed.length > 254 || !EMAIL_LOCAL.test(local) || !EMAIL_DOMAIN.test(domain) || trimmed.includes('..') ||
    local.startsWith('.') || local.endsWith('.') || DOMAIN_HYPHENS.test(domain)
  ) {
    // The address is personal data even when it is wrong: the message shows it masked, as every other message does.
    const shown = trimmed.includes('@') ? maskEmail(trimmed) : '***';
    return fail('format', 'email_format', { value: shown }, options.locale);
  }
  const lowerDomain = domain.toLowerCase();
  // Most addresses are already in this form: return the input itself rather than a concatenation of its parts.
  return { ok: true, value: lowerDomain === domain ? trimmed : `${local}@${lowerDomain}` };
}
