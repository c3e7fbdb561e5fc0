/** Row-level issues of the parsers (`ParseIssue.code`). */
import { msg, s, type Locale, type Text } from './define.js';
import { FIELD_LABELS, wordOf, type Bilingual } from './words.js';

/** A validator's `reason` (`validateSin`, `validateBusinessNumber`), as words. */
const reasons = {
  format: { en: 'wrong format', fr: 'format incorrect' },
  checksum: { en: 'its check digit does not match', fr: 'son chiffre de contrôle ne correspond pas' },
  never_issued: { en: 'never issued', fr: 'jamais attribué' },
  empty: { en: 'empty', fr: 'vide' },
} as const satisfies Record<string, Bilingual>;
type ValidatorReason = keyof typeof reasons;
/** The fields whose missing column is `missing_name`. */
type NameField = 'firstName' | 'lastName' | 'name';
const fieldLabel = (field: NameField, locale: Locale): string => wordOf(FIELD_LABELS, field, locale);
const reasonEn = (value: ValidatorReason): string => wordOf(reasons, value, 'en');
const reasonFr = (value: ValidatorReason): string => wordOf(reasons, value, 'fr');

/** Row-level issues produced by the parsers. */
export const issueMessages = {
  missing_identifier: msg<{ kind: 'individual' | 'corporation' }>({
    en: (p) =>
      p.kind === 'corporation'
        ? 'No business number and no name: a corporation needs at least one of them.'
        : 'No SIN: an individual needs a valid SIN, or a first name, a last name and a client file (a dependant).',
    fr: (p) =>
      p.kind === 'corporation'
        ? "Ni numéro d'entreprise ni nom : une société doit avoir au moins l'un des deux."
        : 'Aucun NAS : un particulier doit avoir un NAS valide, ou un prénom, un nom et un dossier (personne à charge).',
  }),
  missing_name: msg<{ column?: Text; field: NameField }>({
    en: (p) => (p.column ? `The ${s(p.column)} column is empty: a client needs a name.` : `The file has no ${fieldLabel(p.field, 'en')} column: a client needs a name.`),
    fr: (p) => (p.column ? `La colonne ${s(p.column)} est vide : un client doit avoir un nom.` : `Le fichier n'a pas de colonne ${fieldLabel(p.field, 'fr')} : un client doit avoir un nom.`),
  }),
  sin_invalid: msg<{ value: Text }>({
    en: (p) => `SIN ${s(p.value)} is not valid: its check digit does not match. Check the number in the tax program.`,
    fr: (p) => `Le NAS ${s(p.value)} n'est pas valide : son chiffre de contrôle ne correspond pas. Vérifiez le numéro dans le logiciel d'impôt.`,
  }),
  sin_format: msg<{ value: Text }>({
    en: (p) => `SIN ${s(p.value)} is not 9 digits.`,
    fr: (p) => `Le NAS ${s(p.value)} n'a pas 9 chiffres.`,
  }),
  sin_never_issued: msg<{ value: Text; prefix: Text }>({
    en: (p) => `SIN ${s(p.value)} starts with ${s(p.prefix)}: no SIN is ever issued with that first digit.`,
    fr: (p) => `Le NAS ${s(p.value)} commence par ${s(p.prefix)} : aucun NAS n'est attribué avec ce premier chiffre.`,
  }),
  sin_truncated: msg<{ value: Text; digits: Text }>({
    en: (p) => `SIN ${s(p.value)} has only ${s(p.digits)} digits: Excel probably dropped its leading zeros. Format the column as Text and export again; taxsync never pads a SIN.`,
    fr: (p) => `Le NAS ${s(p.value)} n'a que ${s(p.digits)} chiffres : Excel a probablement retiré les zéros du début. Mettez la colonne au format Texte et exportez de nouveau; taxsync ne complète jamais un NAS.`,
  }),
  sin_scientific: msg({
    en: () => `The SIN was saved in scientific notation (such as 1.23E+08) and its digits are lost. Format the column as Text in Excel and export again.`,
    fr: () => `Le NAS a été enregistré en notation scientifique (par exemple 1,23E+08) et ses chiffres sont perdus. Mettez la colonne au format Texte dans Excel et exportez de nouveau.`,
  }),
  spouse_sin_invalid: msg<{ value: Text; reason: ValidatorReason }>({
    en: (p) => `The spouse's SIN ${s(p.value)} is not valid (${reasonEn(p.reason)}); it was left out.`,
    fr: (p) => `Le NAS du conjoint ${s(p.value)} n'est pas valide (${reasonFr(p.reason)}); il a été laissé de côté.`,
  }),
  bn_invalid: msg<{ value: Text; reason: ValidatorReason }>({
    en: (p) => `Business number ${s(p.value)} is not valid (${reasonEn(p.reason)}). Check it against the CRA's records.`,
    fr: (p) => `Le numéro d'entreprise ${s(p.value)} n'est pas valide (${reasonFr(p.reason)}). Vérifiez-le auprès de l'ARC.`,
  }),
  bn_program_unknown: msg<{ program: Text }>({
    en: (p) => `Program account ${s(p.program)} is not one of the usual CRA program codes (RC, RT, RP, RM, RR, RZ, RD, RE).`,
    fr: (p) => `Le compte de programme ${s(p.program)} n'est pas l'un des codes de programme habituels de l'ARC (RC, RT, RP, RM, RR, RZ, RD, RE).`,
  }),
  neq_invalid: msg<{ value: Text }>({
    en: (p) => `Quebec enterprise number (NEQ) ${s(p.value)} is not 10 digits; it was left out.`,
    fr: (p) => `Le numéro d'entreprise du Québec (NEQ) ${s(p.value)} n'a pas 10 chiffres; il a été laissé de côté.`,
  }),
  duplicate_key: msg<{ kind: 'sin' | 'bn'; key: Text; otherRow: Text }>({
    en: (p) => `${p.kind === 'bn' ? 'Business number' : 'SIN'} ${s(p.key)} also appears on row ${s(p.otherRow)}. Both rows are kept; the import will ask which one is right.`,
    fr: (p) => `${p.kind === 'bn' ? "Le numéro d'entreprise" : 'Le NAS'} ${s(p.key)} figure aussi à la ligne ${s(p.otherRow)}. Les deux lignes sont gardées; l'importation demandera laquelle est la bonne.`,
  }),
  date_ambiguous: msg<{ value: Text; column: Text }>({
    en: (p) => `Date "${s(p.value)}" in ${s(p.column)} could be day/month or month/day; it was left empty. Pass dateOrder ('dmy' or 'mdy') or use YYYY-MM-DD.`,
    fr: (p) => `La date « ${s(p.value)} » de ${s(p.column)} peut se lire jour/mois ou mois/jour; elle a été laissée vide. Précisez dateOrder ('dmy' ou 'mdy') ou utilisez AAAA-MM-JJ.`,
  }),
  date_invalid: msg<{ value: Text; column: Text }>({
    en: (p) => `"${s(p.value)}" in ${s(p.column)} is not a date taxsync can read (use YYYY-MM-DD); it was left empty.`,
    fr: (p) => `« ${s(p.value)} » dans ${s(p.column)} n'est pas une date lisible (utilisez AAAA-MM-JJ); elle a été laissée vide.`,
  }),
  date_two_digit_year: msg<{ value: Text; column: Text }>({
    en: (p) => `Date "${s(p.value)}" in ${s(p.column)} has a two-digit year, which taxsync never guesses; it was left empty.`,
    fr: (p) => `La date « ${s(p.value)} » de ${s(p.column)} a une année à deux chiffres, que taxsync ne devine jamais; elle a été laissée vide.`,
  }),
  email_invalid: msg<{ value: Text }>({
    en: (p) => `E-mail "${s(p.value)}" is not a valid address; it was left out, so this client will not be invited.`,
    fr: (p) => `Le courriel « ${s(p.value)} » n'est pas une adresse valide; il a été laissé de côté et ce client ne sera pas invité.`,
  }),
  phone_invalid: msg<{ value: Text }>({
    en: (p) => `Phone number "${s(p.value)}" is not a North American or international (+) number; it was left out.`,
    fr: (p) => `Le numéro de téléphone « ${s(p.value)} » n'est ni nord-américain ni international (+); il a été laissé de côté.`,
  }),
  postal_code_invalid: msg<{ value: Text }>({
    en: (p) => `Postal code "${s(p.value)}" is not a Canadian postal code (A1A 1A1); it was left out.`,
    fr: (p) => `Le code postal « ${s(p.value)} » n'est pas un code postal canadien (A1A 1A1); il a été laissé de côté.`,
  }),
  province_unknown: msg<{ value: Text }>({
    en: (p) => `Province "${s(p.value)}" is not a Canadian province or territory; it was left out.`,
    fr: (p) => `La province « ${s(p.value)} » n'est pas une province ou un territoire du Canada; elle a été laissée de côté.`,
  }),
  language_unknown: msg<{ value: Text }>({
    en: (p) => `Language "${s(p.value)}" is neither French nor English; it was left empty.`,
    fr: (p) => `La langue « ${s(p.value)} » n'est ni le français ni l'anglais; elle a été laissée vide.`,
  }),
  role_unknown: msg<{ value: Text }>({
    en: (p) => `Family role "${s(p.value)}" is not taxpayer, spouse or dependant; it was left empty.`,
    fr: (p) => `Le rôle familial « ${s(p.value)} » n'est ni contribuable, ni conjoint, ni personne à charge; il a été laissé vide.`,
  }),
  extra_cells: msg<{ count: Text }>({
    en: (p) => `This row has ${s(p.count)} more cell(s) than the header; they were ignored. Check for a shifted row (in a CSV, a misplaced delimiter).`,
    fr: (p) => `Cette ligne a ${s(p.count)} cellule(s) de plus que l'en-tête; elles ont été ignorées. Vérifiez si la ligne est décalée (dans un CSV, un séparateur mal placé).`,
  }),
  encoding_invalid: msg<{ encoding: Text }>({
    en: (p) => `This row contains bytes that are not valid ${s(p.encoding)}; the file mixes encodings. Save it again in a single encoding.`,
    fr: (p) => `Cette ligne contient des octets invalides en ${s(p.encoding)}; le fichier mélange des encodages. Enregistrez-le de nouveau dans un seul encodage.`,
  }),
  control_character: msg<{ column: Text }>({
    en: (p) => `Column ${s(p.column)} of this row holds a control character (such as NUL), which no client list contains: the file is damaged or was not saved as plain text. The row was not imported; export the list again.`,
    fr: (p) => `La colonne ${s(p.column)} de cette ligne contient un caractère de contrôle (comme NUL), ce qu'aucune liste de clients ne contient : le fichier est endommagé ou n'a pas été enregistré en texte brut. La ligne n'a pas été importée; exportez de nouveau la liste.`,
  }),
  shared_string_missing: msg<{ column: Text; index: Text; count: Text }>({
    en: (p) => `Cell ${s(p.column)} of this row points to entry ${s(p.index)} of the workbook's shared-string table, which has only ${s(p.count)}: the workbook is damaged. The row was not imported; open the workbook in Excel, save it again and retry.`,
    fr: (p) => `La cellule ${s(p.column)} de cette ligne renvoie à l'entrée ${s(p.index)} de la table des chaînes partagées du classeur, qui n'en a que ${s(p.count)} : le classeur est endommagé. La ligne n'a pas été importée; ouvrez le classeur dans Excel, enregistrez-le de nouveau et réessayez.`,
  }),
  unclosed_quote: msg<{ row: Text; lastRow: Text }>({
    en: (p) => `A quote opened on this row is never closed, so lines ${s(p.row)} to ${s(p.lastRow)} could not be read. Close the quote and import again.`,
    fr: (p) => `Un guillemet ouvert à cette ligne n'est jamais fermé : les lignes ${s(p.row)} à ${s(p.lastRow)} n'ont pas pu être lues. Fermez le guillemet et importez de nouveau.`,
  }),
  cell_error: msg<{ column: Text; value: Text }>({
    en: (p) => `Cell ${s(p.column)} holds the Excel error ${s(p.value)}; it was left empty.`,
    fr: (p) => `La cellule ${s(p.column)} contient l'erreur Excel ${s(p.value)}; elle a été laissée vide.`,
  }),
};
