/**
 * The fields `diffClients` compares, how each is compared, and how a client is named in messages. Internal.
 */
import { foldName } from '../model/fold.js';
import type { Address, ClientRecord } from '../model/client.js';
import { validatePhone } from '../model/identifiers.js';
import { maskBusinessNumber, maskNeq, maskSin } from '../model/mask.js';
import type { Locale } from '../messages/catalogue.js';
import { KEY_NAMES } from '../messages/words.js';

/** Path of a comparable client field; address parts are written `address.city`. */
export type ClientFieldPath =
  | 'sin' | 'firstName' | 'lastName' | 'birthDate' | 'spouseSin' | 'role'
  | 'businessNumber' | 'programAccount' | 'neq' | 'name' | 'fiscalYearEnd' | 'contactName'
  | 'email' | 'phone' | 'language' | 'clientFile' | 'clientNumber'
  | `address.${keyof Address}`;

type Comparison = 'text' | 'email' | 'phone' | 'digits' | 'code' | 'exact';

/** How one field is read, compared and whether an import may ever clear it. */
export interface FieldSpec {
  readonly path: ClientFieldPath;
  readonly comparison: Comparison;
  /** Keys and required names are never cleared, even with `blankFields: 'clear'`. */
  readonly clearable: boolean;
  readonly address?: keyof Address;
  /** Reads the field (a dedicated closure per field keeps property access fast on 100k records). */
  readonly get: (record: ClientRecord) => string | undefined;
}

type R = Readonly<Record<string, string | undefined>>;
const v = (r: ClientRecord): R => r as unknown as R;
/** One plain getter per field: property access stays fast (and eval-free, for edge runtimes) on 100k records. */
const GETTERS: Readonly<Record<ClientFieldPath, (record: ClientRecord) => string | undefined>> = {
  sin: (r) => v(r).sin,
  firstName: (r) => v(r).firstName,
  lastName: (r) => v(r).lastName,
  birthDate: (r) => v(r).birthDate,
  spouseSin: (r) => v(r).spouseSin,
  role: (r) => v(r).role,
  businessNumber: (r) => v(r).businessNumber,
  programAccount: (r) => v(r).programAccount,
  neq: (r) => v(r).neq,
  name: (r) => v(r).name,
  fiscalYearEnd: (r) => v(r).fiscalYearEnd,
  contactName: (r) => v(r).contactName,
  email: (r) => r.email,
  phone: (r) => r.phone,
  language: (r) => r.language,
  clientFile: (r) => r.clientFile,
  clientNumber: (r) => r.clientNumber,
  'address.line1': (r) => r.address?.line1,
  'address.line2': (r) => r.address?.line2,
  'address.city': (r) => r.address?.city,
  'address.province': (r) => r.address?.province,
  'address.postalCode': (r) => r.address?.postalCode,
  'address.country': (r) => r.address?.country,
};

const f = (path: ClientFieldPath, comparison: Comparison, clearable = true): FieldSpec =>
  path.startsWith('address.')
    ? { path, comparison, clearable, address: path.slice('address.'.length) as keyof Address, get: GETTERS[path] }
    : { path, comparison, clearable, get: GETTERS[path] };

const COMMON: readonly FieldSpec[] = /* @__PURE__ */ (() => [
  f('email', 'email'),
  f('phone', 'phone'),
  f('language', 'exact'),
  f('address.line1', 'text'),
  f('address.line2', 'text'),
  f('address.city', 'text'),
  f('address.province', 'code'),
  f('address.postalCode', 'code'),
  f('address.country', 'code'),
  f('clientFile', 'text'),
  f('clientNumber', 'text'),
])();

/** Fields of an individual, in the order changes are listed. */
export const INDIVIDUAL_SPECS: readonly FieldSpec[] = /* @__PURE__ */ (() => [
  f('sin', 'digits', false),
  f('firstName', 'text', false),
  f('lastName', 'text', false),
  f('birthDate', 'exact'),
  f('spouseSin', 'digits'),
  f('role', 'exact'),
  ...COMMON,
])();

/** Fields of a corporation, in the order changes are listed. */
export const CORPORATION_SPECS: readonly FieldSpec[] = /* @__PURE__ */ (() => [
  f('businessNumber', 'digits', false),
  f('programAccount', 'code'),
  f('neq', 'digits', false),
  f('name', 'text', false),
  f('fiscalYearEnd', 'exact'),
  f('contactName', 'text'),
  ...COMMON,
])();

/** Every comparable field path. */
export const CLIENT_FIELD_PATHS: readonly ClientFieldPath[] = /* @__PURE__ */ (() => Object.freeze([
  ...new Set([...INDIVIDUAL_SPECS, ...CORPORATION_SPECS].map((spec) => spec.path)),
]))();

/** The value of a field of a record, `undefined` when absent. */
export function readField(record: ClientRecord, spec: FieldSpec): string | undefined {
  return spec.get(record);
}

/** NFC, trimmed, inner whitespace collapsed. */
export function cleanText(value: string): string {
  // Most values are already clean ASCII: skip the work for them.
  if (/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(value)) return value;
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** True when the value carries nothing. */
export function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function hasLowerCase(value: string): boolean {
  return value !== value.toUpperCase();
}

function normalizedPhone(value: string): string {
  const r = validatePhone(value);
  return r.ok ? r.value + (r.extension === undefined ? '' : `x${r.extension}`) : value.replace(/\D/g, '');
}

/**
 * True when two present values of a field mean the same thing. Letter case alone never makes a difference, and an
 * UPPERCASE value (as tax programs export) equals a stored value that differs from it only by accents or
 * punctuation, because the export carries less information, not different information.
 */
export function sameValue(comparison: Comparison, stored: string, incoming: string): boolean {
  if (stored === incoming) return true;
  switch (comparison) {
    case 'exact':
      return stored.trim() === incoming.trim();
    case 'digits':
      return stored.replace(/\D/g, '') === incoming.replace(/\D/g, '');
    case 'code':
      return stored.replace(/\s/g, '').toUpperCase() === incoming.replace(/\s/g, '').toUpperCase();
    case 'email':
      return stored.trim().toLowerCase() === incoming.trim().toLowerCase();
    case 'phone':
      return normalizedPhone(stored) === normalizedPhone(incoming);
    case 'text': {
      const a = cleanText(stored);
      const b = cleanText(incoming);
      if (a === b || a.toLowerCase() === b.toLowerCase()) return true;
      return !hasLowerCase(b) && foldName(a) === foldName(b);
    }
  }
}

/** Equality of two possibly absent values of a field. */
export function sameOptional(comparison: Comparison, a: string | undefined, b: string | undefined): boolean {
  if (isBlank(a)) return isBlank(b);
  if (isBlank(b)) return false;
  return sameValue(comparison, a as string, b as string);
}

/** The value written for an incoming field: cleaned text, the rest as given. */
export function incomingValue(comparison: Comparison, value: string): string {
  return comparison === 'text' ? cleanText(value) : value.trim();
}

/** The name of a client as people read it: `Marie-Ève Côté`, `Boulangerie Œuf & Blé inc.`. */
export function displayName(record: ClientRecord): string {
  return record.kind === 'individual' ? `${record.firstName} ${record.lastName}`.trim() : record.name;
}

/** How a client is identified in a message, identifiers masked: `SIN *** *** 544`, `NE *** *** 966`. */
export function keyLabel(record: ClientRecord, locale: Locale): string {
  if (record.kind === 'individual') {
    if (record.sin !== undefined) return `${KEY_NAMES.sin[locale]} ${maskSin(record.sin)}`;
    return `${displayName(record)}${record.clientFile === undefined ? '' : ` (${record.clientFile})`}`;
  }
  if (record.businessNumber !== undefined) return `${KEY_NAMES.businessNumber[locale]} ${maskBusinessNumber(record.businessNumber)}`;
  if (record.neq !== undefined) return `${KEY_NAMES.neq[locale]} ${maskNeq(record.neq)}`;
  return record.name;
}

/** `Name (SIN *** *** 544)`: a client in a report line. */
export function clientLabel(record: ClientRecord, locale: Locale): string {
  const key = keyLabel(record, locale);
  const name = displayName(record);
  return key.startsWith(name) ? key : `${name} (${key})`;
}
