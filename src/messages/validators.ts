/**
 * Why a value failed a validator (`validateSin`, `validateBusinessNumber`, `validateNeq`, `validatePostalCode`,
 * `validateProvince`, `validatePhone`, `validateEmail`): the `message` of a failed {@link Validation}. Keyed by what
 * was checked and the failure's `reason`. Values are masked by the validator before they get here.
 */
import type { Locale, MessageEntry, Text } from './define.js';

// No runtime import: `validateSin` alone bundles this file and nothing else of the catalogue (test/package, 5 KB
// goal). Hence these one-liners, twins of `msg`, `s` and `DEFAULT_LOCALE` in define.ts (test/messages/default-locale
// checks the validators' default against `DEFAULT_LOCALE`).
const msg = <P extends Readonly<Record<string, Text>> = Record<never, never>>(entry: MessageEntry<P>): MessageEntry<P> => entry;
const s = (value: Text): string => String(value);
const DEFAULT_LOCALE: Locale = 'fr';

const validationMessages = {
  sin_empty: msg({ en: () => 'The SIN is empty.', fr: () => 'Le NAS est vide.' }),
  sin_format: msg<{ value: Text }>({
    en: (p) => `SIN ${s(p.value)} is not 9 digits.`,
    fr: (p) => `Le NAS ${s(p.value)} n'a pas 9 chiffres.`,
  }),
  sin_never_issued: msg<{ value: Text; first: Text }>({
    en: (p) => `SIN ${s(p.value)} starts with ${s(p.first)}: no SIN is issued with that first digit.`,
    fr: (p) => `Le NAS ${s(p.value)} commence par ${s(p.first)} : aucun NAS n'est attribué avec ce premier chiffre.`,
  }),
  sin_checksum: msg<{ value: Text }>({
    en: (p) => `SIN ${s(p.value)} fails its check digit.`,
    fr: (p) => `Le chiffre de contrôle du NAS ${s(p.value)} ne correspond pas.`,
  }),
  bn_empty: msg({ en: () => 'The business number is empty.', fr: () => "Le numéro d'entreprise est vide." }),
  bn_format: msg<{ value: Text }>({
    en: (p) => `Business number ${s(p.value)} is not nine digits optionally followed by a program account such as RC0001.`,
    fr: (p) => `Le numéro d'entreprise ${s(p.value)} n'est pas formé de neuf chiffres suivis, au besoin, d'un compte de programme comme RC0001.`,
  }),
  bn_checksum: msg<{ value: Text }>({
    en: (p) => `Business number ${s(p.value)} fails its check digit.`,
    fr: (p) => `Le chiffre de contrôle du numéro d'entreprise ${s(p.value)} ne correspond pas.`,
  }),
  neq_empty: msg({ en: () => 'The NEQ is empty.', fr: () => 'Le NEQ est vide.' }),
  neq_format: msg<{ value: Text }>({
    en: (p) => `NEQ ${s(p.value)} is not 10 digits.`,
    fr: (p) => `Le NEQ ${s(p.value)} n'a pas 10 chiffres.`,
  }),
  postal_code_empty: msg({ en: () => 'The postal code is empty.', fr: () => 'Le code postal est vide.' }),
  postal_code_format: msg<{ value: Text }>({
    en: (p) => `"${s(p.value)}" is not a Canadian postal code (A1A 1A1).`,
    fr: (p) => `« ${s(p.value)} » n'est pas un code postal canadien (A1A 1A1).`,
  }),
  province_empty: msg({ en: () => 'The province is empty.', fr: () => 'La province est vide.' }),
  province_unknown: msg<{ value: Text }>({
    en: (p) => `"${s(p.value)}" is not a Canadian province or territory.`,
    fr: (p) => `« ${s(p.value)} » n'est pas une province ou un territoire du Canada.`,
  }),
  phone_empty: msg({ en: () => 'The phone number is empty.', fr: () => 'Le numéro de téléphone est vide.' }),
  phone_format: msg<{ value: Text }>({
    en: (p) => `"${s(p.value)}" is not a phone number taxsync can read.`,
    fr: (p) => `« ${s(p.value)} » n'est pas un numéro de téléphone lisible.`,
  }),
  email_empty: msg({ en: () => 'The e-mail address is empty.', fr: () => 'Le courriel est vide.' }),
  email_format: msg<{ value: Text }>({
    en: (p) => `"${s(p.value)}" is not a valid e-mail address.`,
    fr: (p) => `« ${s(p.value)} » n'est pas un courriel valide.`,
  }),
};

/** Key of a validator's failure message: what was checked, then the failure's `reason`. */
export type ValidationMessageKey = keyof typeof validationMessages;
/** The params a validation message declares. */
export type ValidationParams<K extends ValidationMessageKey> = (typeof validationMessages)[K] extends MessageEntry<infer P> ? P : never;

/** Every key, for the tests that render each one in both languages. */
export const validationMessageKeys = Object.freeze(Object.keys(validationMessages) as ValidationMessageKey[]);

/** The failure message of a validator, in French or English (default: `DEFAULT_LOCALE`). */
export function validationMessage<K extends ValidationMessageKey>(key: K, params: ValidationParams<K>, locale: Locale | undefined): string {
  return (validationMessages[key] as MessageEntry<ValidationParams<K>>)[locale ?? DEFAULT_LOCALE](params);
}
