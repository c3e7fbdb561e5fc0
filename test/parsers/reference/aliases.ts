/* A frozen copy of src/parsers at 0078d5b (before #13), the reference of parse-differential.test.ts. Do not edit. */
/**
 * Column headers of client lists, as data. DT Max and Taxprep export French or English headers depending on the
 * program's language, and firms rename columns in their own templates: every spelling we know is listed here,
 * compared after folding (accents, case, spaces and punctuation removed). To support a new spelling, add it here;
 * a host can also pass `options.columns`.
 */
import type { ClientKind, ClientLanguage, FamilyRole } from '../../../src/model/client.js';

/** Fields of an individual, as keys of `options.columns`. Address parts may also be written `address.city`. */
export const INDIVIDUAL_FIELDS = [
  'sin', 'firstName', 'lastName', 'birthDate', 'spouseSin', 'role',
  'email', 'phone', 'language', 'line1', 'line2', 'city', 'province', 'postalCode', 'country', 'clientFile', 'clientNumber',
] as const;

/** Fields of a corporation, as keys of `options.columns`. */
export const CORPORATION_FIELDS = [
  'businessNumber', 'programAccount', 'neq', 'name', 'fiscalYearEnd', 'contactName',
  'email', 'phone', 'language', 'line1', 'line2', 'city', 'province', 'postalCode', 'country', 'clientFile', 'clientNumber',
] as const;

/** A field a column can be mapped to. */
export type ClientField = (typeof INDIVIDUAL_FIELDS)[number] | (typeof CORPORATION_FIELDS)[number];

const shared: Partial<Record<ClientField, readonly string[]>> = {
  email: ['Courriel', 'Adresse courriel', 'Adresse électronique', 'Courrier électronique', 'E-mail', 'Email', 'Email address', 'Mél'],
  phone: ['Téléphone', 'Tél.', 'Tel', 'Téléphone (domicile)', 'Téléphone domicile', 'Phone', 'Telephone', 'Home phone', 'Phone number', 'No de téléphone', 'Cellulaire', 'Mobile'],
  language: ['Langue', 'Langue de correspondance', 'Language', 'Correspondence language', 'Lang'],
  line1: ['Adresse', 'Adresse 1', 'Adresse ligne 1', 'Rue', 'No et rue', 'Address', 'Address 1', 'Address line 1', 'Street', 'Street address'],
  line2: ['Adresse 2', 'Adresse ligne 2', 'App.', 'Appartement', 'Address 2', 'Address line 2', 'Apt', 'Suite', 'Unit'],
  city: ['Ville', 'Municipalité', 'City', 'Town'],
  province: ['Province', 'Prov.', 'Province/Territoire', 'Province ou territoire', 'Province/Territory', 'Province or territory', 'Prov/Terr'],
  postalCode: ['Code postal', 'CP', 'Postal code', 'Postal', 'Zip', 'Zip code'],
  country: ['Pays', 'Country'],
  clientFile: ['Dossier', 'Nom du dossier', 'Nom du fichier client', 'Fichier client', 'Famille', 'Dossier client', 'Client file', 'Client file name', 'File', 'File name', 'Family'],
  clientNumber: ['#', 'No', 'No.', 'N°', 'No client', 'No de client', 'Numéro de client', 'Numéro client', 'Code client', 'Client #', 'Client no', 'Client number', 'Client ID', 'Client code'],
};

const individual: Partial<Record<ClientField, readonly string[]>> = {
  sin: ['NAS', 'N.A.S.', "Numéro d'assurance sociale", 'No NAS', 'NAS du contribuable', 'SIN', 'S.I.N.', 'Social insurance number', 'SIN number', 'Taxpayer SIN'],
  firstName: ['Prénom', 'Prenom', 'Prénom du contribuable', 'First name', 'Firstname', 'Given name', 'First'],
  lastName: ['Nom', 'Nom de famille', 'Nom du contribuable', 'Last name', 'Lastname', 'Surname', 'Family name', 'Last'],
  birthDate: ['Date de naissance', 'Naissance', 'Né le', 'DDN', 'Birth date', 'Date of birth', 'Birthdate', 'DOB'],
  spouseSin: ['NAS du conjoint', 'NAS conjoint', 'Conjoint NAS', 'Spouse SIN', "Spouse's SIN", 'SIN of spouse'],
  role: ['Rôle', 'Membre de la famille', 'Lien', 'Relation', 'Lien de parenté', 'Type de membre', 'Role', 'Family member', 'Relationship', 'Member type'],
};

const corporation: Partial<Record<ClientField, readonly string[]>> = {
  businessNumber: ['NE', "Numéro d'entreprise", "No d'entreprise", 'Numéro d’entreprise', 'NE (ARC)', 'BN', 'Business number', 'Business No', 'CRA business number', 'BN/RC'],
  programAccount: ['Compte de programme', 'Numéro de compte de programme', 'Program account', 'Program account number'],
  neq: ['NEQ', "Numéro d'entreprise du Québec", 'Quebec enterprise number', 'Québec enterprise number'],
  name: ['Nom', 'Nom de la société', 'Raison sociale', "Dénomination sociale", 'Nom de la corporation', "Nom de l'entreprise", 'Société', 'Name', 'Corporation name', 'Company name', 'Legal name', 'Corporation', 'Company'],
  fiscalYearEnd: ["Fin d'exercice", "Fin de l'exercice", "Date de fin d'exercice", 'Fin exercice', 'Year end', 'Fiscal year end', 'Year-end', 'Tax year end', 'FYE'],
  contactName: ['Personne-ressource', 'Personne ressource', 'Contact', 'Nom du contact', 'Contact name', 'Contact person', 'Signing officer', 'Signataire autorisé'],
};

/** Headers that only a list of that kind has: they decide the kind when `options.kind` is not given. */
export const KIND_MARKERS: Readonly<Record<ClientKind, readonly ClientField[]>> = {
  individual: ['sin', 'spouseSin', 'firstName', 'birthDate'],
  corporation: ['businessNumber', 'neq', 'fiscalYearEnd', 'programAccount'],
};

/** Corporation-name headers that are never an individual's last name: a list with one of them holds corporations. */
export const CORPORATION_ONLY_NAME_HEADERS: readonly string[] = [
  'Nom de la société', 'Raison sociale', 'Dénomination sociale', 'Nom de la corporation', "Nom de l'entreprise", 'Corporation name', 'Company name', 'Legal name',
];

/** Folds a header or value for comparison: no accents, lower case, letters and digits only (`#` kept). */
export function foldHeader(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9#]/g, '');
}

function table(...parts: Partial<Record<ClientField, readonly string[]>>[]): ReadonlyMap<string, ClientField> {
  const map = new Map<string, ClientField>();
  for (const part of parts) {
    for (const [field, aliases] of Object.entries(part) as [ClientField, readonly string[]][]) {
      for (const alias of aliases) map.set(foldHeader(alias), field);
    }
  }
  return map;
}

/** Every header spelling above, as written (for the words an error may show: see `header-display.ts`). */
export const ALIAS_SPELLINGS: readonly string[] = /* @__PURE__ */ (() => [shared, individual, corporation].flatMap((part) => Object.values(part).flat()))();

/** Folded header → field, per kind of list. */
export const HEADER_ALIASES: Readonly<Record<ClientKind, ReadonlyMap<string, ClientField>>> = /* @__PURE__ */ (() => ({
  individual: table(shared, individual),
  corporation: table(shared, corporation),
}))();

/** Values of a language column. */
export const LANGUAGE_VALUES: ReadonlyMap<string, ClientLanguage> = /* @__PURE__ */ (() => new Map(
  (
    [
      ['f', 'fr'], ['fr', 'fr'], ['fra', 'fr'], ['fre', 'fr'], ['francais', 'fr'], ['french', 'fr'], ['fr-ca', 'fr'], ['frca', 'fr'],
      ['a', 'en'], ['e', 'en'], ['en', 'en'], ['eng', 'en'], ['ang', 'en'], ['anglais', 'en'], ['english', 'en'], ['en-ca', 'en'], ['enca', 'en'],
    ] as const
  ).map(([k, v]) => [foldHeader(k), v]),
))();

/** Values of a family-role column (Taxprep's family member, DT Max's relation). */
export const ROLE_VALUES: ReadonlyMap<string, FamilyRole> = /* @__PURE__ */ (() => new Map(
  (
    [
      ['principal', 'principal'], ['contribuable', 'principal'], ['contribuable principal', 'principal'], ['taxpayer', 'principal'],
      ['chef', 'principal'], ['declarant', 'principal'],
      ['conjoint', 'spouse'], ['conjointe', 'spouse'], ['spouse', 'spouse'], ['partner', 'spouse'], ['conjoint de fait', 'spouse'],
      ['common-law partner', 'spouse'], ['epoux', 'spouse'], ['epouse', 'spouse'],
      ['personne a charge', 'dependant'], ['a charge', 'dependant'], ['dependant', 'dependant'], ['dependent', 'dependant'],
      ['enfant', 'dependant'], ['child', 'dependant'], ['pac', 'dependant'],
    ] as const
  ).map(([k, v]) => [foldHeader(k), v]),
))();

/** Country names and codes recognised as ISO alpha-2. */
export const COUNTRY_VALUES: ReadonlyMap<string, string> = /* @__PURE__ */ (() => new Map(
  (
    [
      ['ca', 'CA'], ['can', 'CA'], ['canada', 'CA'],
      ['us', 'US'], ['usa', 'US'], ['eu', 'US'], ['eua', 'US'], ['united states', 'US'], ['etats-unis', 'US'], ['etats unis', 'US'], ['united states of america', 'US'],
      ['fr', 'FR'], ['france', 'FR'],
    ] as const
  ).map(([k, v]) => [foldHeader(k), v]),
))();
