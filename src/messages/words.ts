/**
 * Words that messages, reports and labels share, in French and English: what a client was matched by, the kinds of
 * client, identifier abbreviations, the fields of a client record. Params carry the code (`'sin'`), never the word,
 * so a message re-rendered in the other language never mixes the two.
 */
import { s, type Locale, type Text } from './define.js';

/** A word or phrase in both languages. */
export interface Bilingual {
  /** English. */
  readonly en: string;
  /** French. */
  readonly fr: string;
}

/** The word of `code` in `table`, or the code itself when a stored param holds a value the table does not know. */
export const wordOf = (table: Readonly<Record<string, Bilingual>>, code: Text | undefined, locale: Locale): string =>
  (table as Partial<Record<string, Bilingual>>)[s(code)]?.[locale] ?? s(code);

/** What a file or a row was matched by (`matched`, `ambiguous_match`). */
export const MATCHED_BY = {
  sin: { en: 'SIN', fr: 'NAS' },
  businessNumber: { en: 'business number', fr: "numéro d'entreprise" },
  clientNumber: { en: 'client number', fr: 'numéro de client' },
  neq: { en: 'NEQ', fr: 'NEQ' },
  dependant: { en: 'client file, name and birth date', fr: 'dossier, nom et date de naissance' },
  email: { en: 'e-mail', fr: 'courriel' },
} as const satisfies Record<string, Bilingual>;

/** `name` means a different thing for a file (unique in the list) and for a row (the same name): kept apart. */
export const MATCHED_BY_NAME = {
  file: { en: 'name (unique)', fr: 'nom (unique)' },
  row: { en: 'name', fr: 'nom' },
} as const satisfies Record<string, Bilingual>;

/** A kind of client, as the object of a sentence (`wrong_client_kind`). */
export const CLIENT_KINDS = {
  individual: { en: 'an individual', fr: 'un particulier' },
  corporation: { en: 'a corporation', fr: 'une société' },
} as const satisfies Record<string, Bilingual>;

/** Abbreviations of the identifiers that name a client in a report line (`SIN *** *** 544`). */
export const KEY_NAMES = {
  sin: { en: 'SIN', fr: 'NAS' },
  businessNumber: { en: 'BN', fr: 'NE' },
  neq: { en: 'NEQ', fr: 'NEQ' },
} as const satisfies Record<string, Bilingual>;

/**
 * The fields of a client record, as a report names them (`first name: Zoe → Zoé`) and a message names a column
 * (`The file has no first name column`). Keyed by field path; `src/clients/report.ts` checks it covers every one.
 */
export const FIELD_LABELS = {
  sin: { en: 'SIN', fr: 'NAS' },
  firstName: { en: 'first name', fr: 'prénom' },
  lastName: { en: 'last name', fr: 'nom de famille' },
  birthDate: { en: 'birth date', fr: 'date de naissance' },
  spouseSin: { en: "spouse's SIN", fr: 'NAS du conjoint' },
  role: { en: 'role', fr: 'lien' },
  businessNumber: { en: 'business number', fr: "numéro d'entreprise" },
  programAccount: { en: 'program account', fr: 'compte de programme' },
  neq: { en: 'NEQ', fr: 'NEQ' },
  name: { en: 'company name', fr: 'raison sociale' },
  fiscalYearEnd: { en: 'fiscal year end', fr: "fin d'exercice" },
  contactName: { en: 'contact', fr: 'personne-ressource' },
  email: { en: 'e-mail', fr: 'courriel' },
  phone: { en: 'phone', fr: 'téléphone' },
  language: { en: 'language', fr: 'langue' },
  clientFile: { en: 'client file', fr: 'dossier' },
  clientNumber: { en: 'client number', fr: 'numéro de client' },
  'address.line1': { en: 'address', fr: 'adresse' },
  'address.line2': { en: 'address line 2', fr: 'adresse (suite)' },
  'address.city': { en: 'city', fr: 'ville' },
  'address.province': { en: 'province', fr: 'province' },
  'address.postalCode': { en: 'postal code', fr: 'code postal' },
  'address.country': { en: 'country', fr: 'pays' },
} as const satisfies Record<string, Bilingual>;

/** `row 7` / `la ligne 7`: another row of the file, inside a sentence. */
export const rowWord = (row: Text, locale: Locale): string => (locale === 'fr' ? `la ligne ${s(row)}` : `row ${s(row)}`);

/** An amount in dollars as each language writes it: `$412.50`, `412,50 $`. */
export const dollars = (amount: Text, locale: Locale): string => {
  const value = Number(amount);
  if (!Number.isFinite(value)) return s(amount);
  return locale === 'fr' ? `${value.toFixed(2).replace('.', ',')} $` : `$${value.toFixed(2)}`;
};

/** What a document is sent for, inside an e-mail's sentence (`to sign`, `à consulter`). */
export const DOCUMENT_ACTIONS = {
  sign: { en: 'to sign', fr: 'à signer' },
  consult: { en: 'to view', fr: 'à consulter' },
} as const satisfies Record<string, Bilingual>;

/** What a client created from the website form lacks (the `detail` of `form_invalid`). */
export const NEW_CLIENT_NEEDS = {
  firstName: { en: 'a new client needs a first name.', fr: 'un nouveau client doit avoir un prénom.' },
  lastName: { en: 'a new client needs a last name.', fr: 'un nouveau client doit avoir un nom.' },
} as const satisfies Record<string, Bilingual>;
