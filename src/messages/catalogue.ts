/**
 * The French and English message catalogue: every issue and error code taxsync produces has a sentence in both
 * languages here. Parameters are already masked when they are personal data (a SIN arrives as `*** *** 789`).
 */

/** Language of the messages people read. */
export type Locale = 'fr' | 'en';

/** Values substituted into a message. Never a full SIN, business number or birth date. */
export type MessageParams = Readonly<Record<string, string | number>>;

type Template = (p: MessageParams) => string;
interface Entry {
  readonly en: Template;
  readonly fr: Template;
}

const s = (value: string | number | undefined): string => (value === undefined ? '' : String(value));

/** Why a workbook could not be read (`read_failed`'s `reason`), in both languages. */
const READ_FAILURES: Readonly<Record<string, { en: string; fr: string }>> = {
  truncated: {
    en: 'the workbook is cut short (an incomplete download or copy). Export it again from Taxprep',
    fr: 'le classeur est incomplet (téléchargement ou copie interrompu). Exportez-le de nouveau depuis Taxprep',
  },
  compression: {
    en: 'the workbook is damaged (its compressed data cannot be read). Export it again from Taxprep',
    fr: 'le classeur est endommagé (ses données compressées sont illisibles). Exportez-le de nouveau depuis Taxprep',
  },
  damaged: {
    en: 'the workbook is damaged (a part of it fails its integrity check). Export it again from Taxprep',
    fr: "le classeur est endommagé (une de ses parties échoue au contrôle d'intégrité). Exportez-le de nouveau depuis Taxprep",
  },
  unsupported: {
    en: 'the workbook uses a zip feature the reader does not support (ZIP64, encryption or an unusual compression). Open it in Excel, save it as .xlsx and retry',
    fr: "le classeur utilise une fonction zip que le lecteur ne prend pas en charge (ZIP64, chiffrement ou compression inhabituelle). Ouvrez-le dans Excel, enregistrez-le en .xlsx et réessayez",
  },
  oversized: {
    en: 'a part of the workbook inflates to more than 256 MB, which no client list needs. Check where the file comes from',
    fr: "une partie du classeur dépasse 256 Mo une fois décompressée, ce dont aucune liste de clients n'a besoin. Vérifiez la provenance du fichier",
  },
  xml: {
    en: 'a part of the workbook is not valid XML. Open it in Excel, save it again and retry',
    fr: "une partie du classeur n'est pas du XML valide. Ouvrez-le dans Excel, enregistrez-le de nouveau et réessayez",
  },
};

/**
 * ` (and 3 other cells not shown: …)`: the cells of a header search left out of `found` (its `unshown` parameter)
 * because they may be a client's data, or nothing when none was.
 */
const unshownCells = (p: MessageParams, locale: Locale): string => {
  const n = Number(p.unshown ?? 0);
  if (!(n > 0)) return '';
  return locale === 'fr'
    ? ` (et ${n} autre${n > 1 ? 's' : ''} cellule${n > 1 ? 's' : ''} non affichée${n > 1 ? 's' : ''} : ${n > 1 ? 'elles peuvent' : 'elle peut'} contenir des renseignements personnels)`
    : ` (and ${n} other cell${n > 1 ? 's' : ''} not shown: ${n > 1 ? 'they' : 'it'} may hold personal data)`;
};
/** ` in the first 3 rows`: how many rows a header search read (its `rows` parameter), or nothing. */
const rowsRead = (p: MessageParams, locale: Locale): string => {
  const n = Number(p.rows ?? 0);
  if (!(n > 0)) return '';
  if (locale === 'fr') return n > 1 ? ` dans les ${n} premières lignes` : ' dans la première ligne';
  return n > 1 ? ` in the first ${n} rows` : ' in the first row';
};
/** What preparing a PDF removes (`protection_removed`'s `what`: codes joined by commas), in both languages. */
const PROTECTIONS: Readonly<Record<string, { en: string; fr: string }>> = {
  encryption: {
    en: 'the encryption (the prepared PDF is written decrypted)',
    fr: 'le chiffrement (le PDF préparé est enregistré déchiffré)',
  },
  usage_rights: {
    en: "the Reader usage rights (/Perms /UR3: the publisher's permission to save filled forms in the free Reader, not a person's signature)",
    fr: "les droits d'utilisation de Reader (/Perms /UR3 : la permission de l'éditeur d'enregistrer le formulaire rempli dans le Reader gratuit, pas la signature d'une personne)",
  },
  xfa: {
    en: 'the XFA form data (viewers that render XFA would otherwise show the form without the new fields)',
    fr: 'les données de formulaire XFA (sinon les visionneuses qui affichent le XFA montreraient le formulaire sans les nouveaux champs)',
  },
};
const protections = (p: MessageParams, locale: Locale): string =>
  s(p.what)
    .split(',')
    .filter((code) => code !== '')
    .map((code) => PROTECTIONS[code]?.[locale] ?? code)
    .join('; ');

/** The detail of a `read_failed` error: its `reason` code in words, else its `detail` text. */
const readFailure = (p: MessageParams, locale: Locale): string => READ_FAILURES[s(p.reason)]?.[locale] ?? s(p.detail);

// Validator reason codes, as words.
const reasons: Readonly<Record<string, { en: string; fr: string }>> = {
  format: { en: 'wrong format', fr: 'format incorrect' },
  checksum: { en: 'its check digit does not match', fr: 'son chiffre de contrôle ne correspond pas' },
  never_issued: { en: 'never issued', fr: 'jamais attribué' },
  empty: { en: 'empty', fr: 'vide' },
};
const FIELD_LABELS: Readonly<Record<string, { en: string; fr: string }>> = {
  firstName: { en: 'first-name', fr: 'prénom' },
  lastName: { en: 'last-name', fr: 'nom de famille' },
  name: { en: 'company-name', fr: 'raison sociale' },
};
/** What a wrong file looks like (the `detected` parameter of `binary_input` and `not_a_workbook`). */
const FILE_KINDS: Readonly<Record<string, { en: string; fr: string }>> = {
  pdf: { en: 'a PDF document', fr: 'un document PDF' },
  png: { en: 'a PNG image', fr: 'une image PNG' },
  jpeg: { en: 'a JPEG image', fr: 'une image JPEG' },
  text: { en: 'a text file (such as a CSV export)', fr: 'un fichier texte (comme une exportation CSV)' },
  html: { en: 'a web page (HTML) saved with a spreadsheet extension', fr: 'une page Web (HTML) enregistrée avec une extension de tableur' },
  xml2003: { en: 'an Excel 2003 XML spreadsheet', fr: 'une feuille de calcul XML Excel 2003' },
  binary: { en: 'binary data', fr: 'des données binaires' },
  xlsx: { en: 'a ZIP archive or an Excel .xlsx workbook (use taxsync/xlsx for workbooks)', fr: 'une archive ZIP ou un classeur Excel .xlsx (utilisez taxsync/xlsx pour les classeurs)' },
  xls: { en: 'an Excel 97–2003 workbook (.xls); open it in Excel and save it as .xlsx', fr: 'un classeur Excel 97-2003 (.xls); ouvrez-le dans Excel et enregistrez-le en .xlsx' },
  doc: { en: 'a Word 97–2003 document (.doc)', fr: 'un document Word 97-2003 (.doc)' },
  encrypted: {
    en: 'a password-protected (encrypted) workbook; remove the password in Excel (File > Info > Protect Workbook) and save it again',
    fr: 'un classeur protégé par mot de passe (chiffré); retirez le mot de passe dans Excel (Fichier > Informations > Protéger le classeur) et enregistrez-le de nouveau',
  },
  compound: {
    en: 'an old Excel .xls workbook or a password-protected workbook; save it in Excel as an .xlsx without a password',
    fr: 'un ancien classeur Excel .xls ou un classeur protégé par mot de passe; enregistrez-le dans Excel en .xlsx sans mot de passe',
  },
  zip: { en: 'a ZIP archive that holds no worksheet', fr: 'une archive ZIP qui ne contient aucune feuille de calcul' },
  emptyZip: { en: 'an empty ZIP archive', fr: 'une archive ZIP vide' },
  docx: { en: 'a Word document (.docx)', fr: 'un document Word (.docx)' },
  pptx: { en: 'a PowerPoint presentation (.pptx)', fr: 'une présentation PowerPoint (.pptx)' },
  ods: { en: 'an OpenDocument spreadsheet (.ods); save it as .xlsx', fr: 'une feuille de calcul OpenDocument (.ods); enregistrez-la en .xlsx' },
  xlsb: { en: 'an Excel binary workbook (.xlsb); save it as .xlsx', fr: 'un classeur binaire Excel (.xlsb); enregistrez-le en .xlsx' },
};
const fileKind = (kind: string | number | undefined, locale: 'en' | 'fr'): string => FILE_KINDS[s(kind)]?.[locale] ?? s(kind);
const fieldLabel = (field: string | number | undefined, locale: 'en' | 'fr'): string => FIELD_LABELS[s(field)]?.[locale] ?? s(field);
const reasonEn = (value: string | number | undefined): string => reasons[s(value)]?.en ?? s(value);
const reasonFr = (value: string | number | undefined): string => reasons[s(value)]?.fr ?? s(value);
/**
 * The `value` of a limit for people: a byte limit (`limit` ending in `Bytes`) in KiB, MiB or GiB — a ten-digit byte
 * count would read like an identifier and trip every log scrubber —, any other value as it is.
 */
const limitValue = (p: MessageParams, locale: Locale): string => {
  const value = Number(p.value);
  if (!s(p.limit).endsWith('Bytes') || !Number.isFinite(value) || value < 0) return s(p.value);
  const units = locale === 'fr' ? ['o', 'Kio', 'Mio', 'Gio', 'Tio'] : ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let amount = value;
  let unit = 0;
  while (amount >= 1024 && unit < units.length - 1) {
    amount /= 1024;
    unit++;
  }
  const shown = Number.isInteger(amount) ? String(amount) : amount.toFixed(1);
  return `${locale === 'fr' ? shown.replace('.', ',') : shown} ${units[unit] ?? ''}`;
};
/** ` (SMTP 550 at RCPT TO)` from the `status` and `command` of an SMTP error, or nothing without a status. */
const smtpAt = (p: MessageParams, at: string): string => (p.status === undefined ? '' : ` (SMTP ${s(p.status)}${p.command === undefined ? '' : ` ${at} ${s(p.command)}`})`);

/** Row-level issues produced by the parsers. */
const issueMessages = {
  missing_identifier: {
    en: (p) =>
      p.kind === 'corporation'
        ? 'No business number and no name: a corporation needs at least one of them.'
        : 'No SIN: an individual needs a valid SIN, or a first name, a last name and a client file (a dependant).',
    fr: (p) =>
      p.kind === 'corporation'
        ? "Ni numéro d'entreprise ni nom : une société doit avoir au moins l'un des deux."
        : 'Aucun NAS : un particulier doit avoir un NAS valide, ou un prénom, un nom et un dossier (personne à charge).',
  },
  missing_name: {
    en: (p) => (p.column ? `The ${s(p.column)} column is empty: a client needs a name.` : `The file has no ${fieldLabel(p.field, 'en')} column: a client needs a name.`),
    fr: (p) => (p.column ? `La colonne ${s(p.column)} est vide : un client doit avoir un nom.` : `Le fichier n'a pas de colonne ${fieldLabel(p.field, 'fr')} : un client doit avoir un nom.`),
  },
  sin_invalid: {
    en: (p) => `SIN ${s(p.value)} is not valid: its check digit does not match. Check the number in the tax program.`,
    fr: (p) => `Le NAS ${s(p.value)} n'est pas valide : son chiffre de contrôle ne correspond pas. Vérifiez le numéro dans le logiciel d'impôt.`,
  },
  sin_format: {
    en: (p) => `SIN ${s(p.value)} is not 9 digits.`,
    fr: (p) => `Le NAS ${s(p.value)} n'a pas 9 chiffres.`,
  },
  sin_never_issued: {
    en: (p) => `SIN ${s(p.value)} starts with ${s(p.prefix)}: no SIN is ever issued with that first digit.`,
    fr: (p) => `Le NAS ${s(p.value)} commence par ${s(p.prefix)} : aucun NAS n'est attribué avec ce premier chiffre.`,
  },
  sin_truncated: {
    en: (p) => `SIN ${s(p.value)} has only ${s(p.digits)} digits: Excel probably dropped its leading zeros. Format the column as Text and export again; taxsync never pads a SIN.`,
    fr: (p) => `Le NAS ${s(p.value)} n'a que ${s(p.digits)} chiffres : Excel a probablement retiré les zéros du début. Mettez la colonne au format Texte et exportez de nouveau; taxsync ne complète jamais un NAS.`,
  },
  sin_scientific: {
    en: () => `The SIN was saved in scientific notation (such as 1.23E+08) and its digits are lost. Format the column as Text in Excel and export again.`,
    fr: () => `Le NAS a été enregistré en notation scientifique (par exemple 1,23E+08) et ses chiffres sont perdus. Mettez la colonne au format Texte dans Excel et exportez de nouveau.`,
  },
  spouse_sin_invalid: {
    en: (p) => `The spouse's SIN ${s(p.value)} is not valid (${reasonEn(p.reason)}); it was left out.`,
    fr: (p) => `Le NAS du conjoint ${s(p.value)} n'est pas valide (${reasonFr(p.reason)}); il a été laissé de côté.`,
  },
  bn_invalid: {
    en: (p) => `Business number ${s(p.value)} is not valid (${reasonEn(p.reason)}). Check it against the CRA's records.`,
    fr: (p) => `Le numéro d'entreprise ${s(p.value)} n'est pas valide (${reasonFr(p.reason)}). Vérifiez-le auprès de l'ARC.`,
  },
  bn_program_unknown: {
    en: (p) => `Program account ${s(p.program)} is not one of the usual CRA program codes (RC, RT, RP, RM, RR, RZ, RD, RE).`,
    fr: (p) => `Le compte de programme ${s(p.program)} n'est pas l'un des codes de programme habituels de l'ARC (RC, RT, RP, RM, RR, RZ, RD, RE).`,
  },
  neq_invalid: {
    en: (p) => `Quebec enterprise number (NEQ) ${s(p.value)} is not 10 digits; it was left out.`,
    fr: (p) => `Le numéro d'entreprise du Québec (NEQ) ${s(p.value)} n'a pas 10 chiffres; il a été laissé de côté.`,
  },
  duplicate_key: {
    en: (p) => `${p.kind === 'bn' ? 'Business number' : 'SIN'} ${s(p.key)} also appears on row ${s(p.otherRow)}. Both rows are kept; the import will ask which one is right.`,
    fr: (p) => `${p.kind === 'bn' ? "Le numéro d'entreprise" : 'Le NAS'} ${s(p.key)} figure aussi à la ligne ${s(p.otherRow)}. Les deux lignes sont gardées; l'importation demandera laquelle est la bonne.`,
  },
  date_ambiguous: {
    en: (p) => `Date "${s(p.value)}" in ${s(p.column)} could be day/month or month/day; it was left empty. Pass dateOrder ('dmy' or 'mdy') or use YYYY-MM-DD.`,
    fr: (p) => `La date « ${s(p.value)} » de ${s(p.column)} peut se lire jour/mois ou mois/jour; elle a été laissée vide. Précisez dateOrder ('dmy' ou 'mdy') ou utilisez AAAA-MM-JJ.`,
  },
  date_invalid: {
    en: (p) => `"${s(p.value)}" in ${s(p.column)} is not a date taxsync can read (use YYYY-MM-DD); it was left empty.`,
    fr: (p) => `« ${s(p.value)} » dans ${s(p.column)} n'est pas une date lisible (utilisez AAAA-MM-JJ); elle a été laissée vide.`,
  },
  date_two_digit_year: {
    en: (p) => `Date "${s(p.value)}" in ${s(p.column)} has a two-digit year, which taxsync never guesses; it was left empty.`,
    fr: (p) => `La date « ${s(p.value)} » de ${s(p.column)} a une année à deux chiffres, que taxsync ne devine jamais; elle a été laissée vide.`,
  },
  email_invalid: {
    en: (p) => `E-mail "${s(p.value)}" is not a valid address; it was left out, so this client will not be invited.`,
    fr: (p) => `Le courriel « ${s(p.value)} » n'est pas une adresse valide; il a été laissé de côté et ce client ne sera pas invité.`,
  },
  phone_invalid: {
    en: (p) => `Phone number "${s(p.value)}" is not a North American or international (+) number; it was left out.`,
    fr: (p) => `Le numéro de téléphone « ${s(p.value)} » n'est ni nord-américain ni international (+); il a été laissé de côté.`,
  },
  postal_code_invalid: {
    en: (p) => `Postal code "${s(p.value)}" is not a Canadian postal code (A1A 1A1); it was left out.`,
    fr: (p) => `Le code postal « ${s(p.value)} » n'est pas un code postal canadien (A1A 1A1); il a été laissé de côté.`,
  },
  province_unknown: {
    en: (p) => `Province "${s(p.value)}" is not a Canadian province or territory; it was left out.`,
    fr: (p) => `La province « ${s(p.value)} » n'est pas une province ou un territoire du Canada; elle a été laissée de côté.`,
  },
  language_unknown: {
    en: (p) => `Language "${s(p.value)}" is neither French nor English; it was left empty.`,
    fr: (p) => `La langue « ${s(p.value)} » n'est ni le français ni l'anglais; elle a été laissée vide.`,
  },
  role_unknown: {
    en: (p) => `Family role "${s(p.value)}" is not taxpayer, spouse or dependant; it was left empty.`,
    fr: (p) => `Le rôle familial « ${s(p.value)} » n'est ni contribuable, ni conjoint, ni personne à charge; il a été laissé vide.`,
  },
  extra_cells: {
    en: (p) => `This row has ${s(p.count)} more cell(s) than the header; they were ignored. Check for a shifted row (in a CSV, a misplaced delimiter).`,
    fr: (p) => `Cette ligne a ${s(p.count)} cellule(s) de plus que l'en-tête; elles ont été ignorées. Vérifiez si la ligne est décalée (dans un CSV, un séparateur mal placé).`,
  },
  encoding_invalid: {
    en: (p) => `This row contains bytes that are not valid ${s(p.encoding)}; the file mixes encodings. Save it again in a single encoding.`,
    fr: (p) => `Cette ligne contient des octets invalides en ${s(p.encoding)}; le fichier mélange des encodages. Enregistrez-le de nouveau dans un seul encodage.`,
  },
  control_character: {
    en: (p) => `Column ${s(p.column)} of this row holds a control character (such as NUL), which no client list contains: the file is damaged or was not saved as plain text. The row was not imported; export the list again.`,
    fr: (p) => `La colonne ${s(p.column)} de cette ligne contient un caractère de contrôle (comme NUL), ce qu'aucune liste de clients ne contient : le fichier est endommagé ou n'a pas été enregistré en texte brut. La ligne n'a pas été importée; exportez de nouveau la liste.`,
  },
  shared_string_missing: {
    en: (p) => `Cell ${s(p.column)} of this row points to entry ${s(p.index)} of the workbook's shared-string table, which has only ${s(p.count)}: the workbook is damaged. The row was not imported; open the workbook in Excel, save it again and retry.`,
    fr: (p) => `La cellule ${s(p.column)} de cette ligne renvoie à l'entrée ${s(p.index)} de la table des chaînes partagées du classeur, qui n'en a que ${s(p.count)} : le classeur est endommagé. La ligne n'a pas été importée; ouvrez le classeur dans Excel, enregistrez-le de nouveau et réessayez.`,
  },
  unclosed_quote: {
    en: (p) => `A quote opened on this row is never closed, so lines ${s(p.row)} to ${s(p.lastRow)} could not be read. Close the quote and import again.`,
    fr: (p) => `Un guillemet ouvert à cette ligne n'est jamais fermé : les lignes ${s(p.row)} à ${s(p.lastRow)} n'ont pas pu être lues. Fermez le guillemet et importez de nouveau.`,
  },
  cell_error: {
    en: (p) => `Cell ${s(p.column)} holds the Excel error ${s(p.value)}; it was left empty.`,
    fr: (p) => `La cellule ${s(p.column)} contient l'erreur Excel ${s(p.value)}; elle a été laissée vide.`,
  },
} satisfies Record<string, Entry>;

/** File-level errors thrown as {@link TaxsyncError}. */
const errorMessages = {
  empty_input: {
    en: () => 'The file is empty. Export the client list again from the tax program.',
    fr: () => "Le fichier est vide. Exportez de nouveau la liste de clients depuis le logiciel d'impôt.",
  },
  binary_input: {
    en: (p) => `This is not a text (CSV) file${p.detected ? ` — it looks like ${fileKind(p.detected, 'en')}` : ''}. Export the client list as CSV.`,
    fr: (p) => `Ce n'est pas un fichier texte (CSV)${p.detected ? ` — il ressemble à ${fileKind(p.detected, 'fr')}` : ''}. Exportez la liste de clients en CSV.`,
  },
  not_a_workbook: {
    en: (p) => `This is not an Excel workbook (.xlsx)${p.detected ? ` — it looks like ${fileKind(p.detected, 'en')}` : ''}. Export the client list from Taxprep as .xlsx.`,
    fr: (p) => `Ce n'est pas un classeur Excel (.xlsx)${p.detected ? ` — il ressemble à ${fileKind(p.detected, 'fr')}` : ''}. Exportez la liste de clients de Taxprep en .xlsx.`,
  },
  no_header: {
    en: (p) => `No client-list header was recognised${rowsRead(p, 'en')}. Headers found: ${s(p.found) || '(none)'}${unshownCells(p, 'en')}. Expected some of: SIN, First name, Last name, Birth date, Email, Business number, NEQ, Company name. Pass options.columns to map your headers.`,
    fr: (p) => `Aucun en-tête de liste de clients n'a été reconnu${rowsRead(p, 'fr')}. En-têtes trouvés : ${s(p.found) || '(aucun)'}${unshownCells(p, 'fr')}. Attendus, entre autres : NAS, Prénom, Nom, Date de naissance, Courriel, NE, NEQ, Raison sociale. Utilisez options.columns pour associer vos en-têtes.`,
  },
  column_not_found: {
    en: (p) => `options.columns maps ${s(p.field)} to "${s(p.header)}", but the file has no such header. Headers found: ${s(p.found) || '(none)'}${unshownCells(p, 'en')}.`,
    fr: (p) => `options.columns associe ${s(p.field)} à « ${s(p.header)} », mais le fichier n'a pas cet en-tête. En-têtes trouvés : ${s(p.found) || '(aucun)'}${unshownCells(p, 'fr')}.`,
  },
  unknown_field: {
    en: (p) => `options.columns names "${s(p.field)}", which is not a client field. Known fields: ${s(p.expected)}.`,
    fr: (p) => `options.columns nomme « ${s(p.field)} », qui n'est pas un champ client. Champs connus : ${s(p.expected)}.`,
  },
  kind_undetected: {
    en: (p) => `Cannot tell whether this list holds individuals or corporations from its headers (${s(p.found) || 'none recognised'}${unshownCells(p, 'en')}): a SIN, First name or Birth date column says individuals; a Business number, NEQ, Program account or Year end column says corporations. Pass options.kind.`,
    fr: (p) => `Impossible de savoir si cette liste contient des particuliers ou des sociétés d'après ses en-têtes (${s(p.found) || 'aucun reconnu'}${unshownCells(p, 'fr')}) : une colonne NAS, Prénom ou Date de naissance indique des particuliers; une colonne NE, NEQ, Compte de programme ou Fin d'exercice indique des sociétés. Précisez options.kind.`,
  },
  kind_contradicted: {
    en: (p) =>
      `options.kind is '${s(p.kind)}', but the columns ${s(p.columns)} are those of a list of ${p.detected === 'corporation' ? 'corporations' : 'individuals'}. Nothing was read: pass kind: '${s(p.detected)}', or leave kind out to detect it from the columns.`,
    fr: (p) =>
      `options.kind vaut '${s(p.kind)}', mais les colonnes ${s(p.columns)} sont celles d'une liste de ${p.detected === 'corporation' ? 'sociétés' : 'particuliers'}. Rien n'a été lu : précisez kind: '${s(p.detected)}', ou omettez kind pour le déduire des colonnes.`,
  },
  invalid_input: {
    en: (p) => `Unsupported input: ${s(p.detail)}.`,
    fr: (p) => `Entrée non prise en charge : ${s(p.detail)}.`,
  },
  read_failed: {
    en: (p) => `The file could not be read: ${readFailure(p, 'en')}.`,
    fr: (p) => `Le fichier n'a pas pu être lu : ${readFailure(p, 'fr')}.`,
  },
  inflate_limit_exceeded: {
    en: (p) => `Compressed data in this file expands past the ${s(p.limit)} limit (${limitValue(p, 'en')}): a deflate bomb, or a file far larger than any real one. Nothing of it was used. If the file is trusted, raise ${s(p.option)}.`,
    fr: (p) => `Des données compressées de ce fichier dépassent la limite ${s(p.limit)} (${limitValue(p, 'fr')}) une fois décompressées : une bombe de décompression, ou un fichier bien plus gros que tout fichier réel. Rien n'en a été utilisé. Si le fichier est fiable, augmentez ${s(p.option)}.`,
  },
  sheet_not_found: {
    en: (p) => `The workbook has no sheet ${s(p.sheet)}. Its sheets: ${s(p.found) || '(none)'}. Pass options.sheet as one of these names or a position from 1.`,
    fr: (p) => `Le classeur n'a pas de feuille ${s(p.sheet)}. Ses feuilles : ${s(p.found) || '(aucune)'}. Précisez options.sheet avec l'un de ces noms ou une position à partir de 1.`,
  },
} satisfies Record<string, Entry>;

// ── Client sync (diffClients, the ports, the client-import workflow) ────────────────────────────────────────────
/** Plan conflicts, per-client import outcomes and the errors of the client ports. */
const clientMessages = {
  sin_collision: {
    en: (p) => `SIN ${s(p.sin)} belongs to ${s(p.existing)} in your records, but this row is ${s(p.incoming)}: first name and birth date both differ. Nothing was changed; check the SIN in the tax program.`,
    fr: (p) => `Le NAS ${s(p.sin)} appartient à ${s(p.existing)} dans vos dossiers, mais cette ligne est au nom de ${s(p.incoming)} : le prénom et la date de naissance diffèrent. Rien n'a été modifié; vérifiez le NAS dans le logiciel d'impôt.`,
  },
  duplicate_in_file: {
    en: (p) => `${s(p.key)} appears on rows ${s(p.rows)} of the file. None of these rows was imported: keep only one in the tax program and import again.`,
    fr: (p) => `${s(p.key)} figure aux lignes ${s(p.rows)} du fichier. Aucune de ces lignes n'a été importée : n'en gardez qu'une dans le logiciel d'impôt et importez de nouveau.`,
  },
  key_mismatch: {
    en: (p) => `Business number ${s(p.businessNumber)} and NEQ ${s(p.neq)} belong to different clients in your records (or disagree with the one found). Nothing was changed; check both numbers.`,
    fr: (p) => `Le numéro d'entreprise ${s(p.businessNumber)} et le NEQ ${s(p.neq)} appartiennent à des clients différents dans vos dossiers (ou ne concordent pas avec celui trouvé). Rien n'a été modifié; vérifiez les deux numéros.`,
  },
  ambiguous_match: {
    en: (p) => `${s(p.count)} clients in your records match this row (${s(p.by)}). Nothing was changed: merge them, or add a SIN or business number to the row.`,
    fr: (p) => `${s(p.count)} clients de vos dossiers correspondent à cette ligne (${s(p.by)}). Rien n'a été modifié : fusionnez-les, ou ajoutez un NAS ou un numéro d'entreprise à la ligne.`,
  },
  missing_key: {
    en: () => 'This row has no SIN, business number, NEQ or client file to match it on; it was not imported.',
    fr: () => "Cette ligne n'a ni NAS, ni numéro d'entreprise, ni NEQ, ni dossier permettant de l'associer; elle n'a pas été importée.",
  },
  email_in_use: {
    en: (p) => `E-mail ${s(p.email)} also belongs to ${s(p.other)}. The client is imported, but not invited to the portal until each client has their own address.`,
    fr: (p) => `Le courriel ${s(p.email)} appartient aussi à ${s(p.other)}. Le client est importé, mais il ne sera pas invité au portail tant que chaque client n'aura pas sa propre adresse.`,
  },
  changed_since_preview: {
    en: () => 'This client was changed in your records after the preview. Nothing was overwritten: preview the import again.',
    fr: () => "Ce client a été modifié dans vos dossiers après l'aperçu. Rien n'a été écrasé : refaites l'aperçu de l'importation.",
  },
  already_applied: {
    en: () => 'Already done by an earlier run of this import; nothing was repeated.',
    fr: () => "Déjà fait lors d'une exécution précédente de cette importation; rien n'a été répété.",
  },
  row_rejected: {
    en: (p) => `Row ${s(p.row)} was not imported: ${s(p.detail)}`,
    fr: (p) => `La ligne ${s(p.row)} n'a pas été importée : ${s(p.detail)}`,
  },
  no_email: {
    en: () => 'No e-mail address: not invited to the portal.',
    fr: () => 'Aucun courriel : non invité au portail.',
  },
  invitation_failed: {
    en: (p) => `The portal invitation failed (${s(p.detail)}). The client is saved; apply the import again to retry the invitation.`,
    fr: (p) => `L'invitation au portail a échoué (${s(p.detail)}). Le client est enregistré; relancez l'importation pour réessayer l'invitation.`,
  },
  email_send_failed: {
    en: (p) => `The invitation e-mail could not be sent (${s(p.detail)}). Apply the import again to retry; it is never sent twice.`,
    fr: (p) => `Le courriel d'invitation n'a pas pu être envoyé (${s(p.detail)}). Relancez l'importation pour réessayer; il n'est jamais envoyé deux fois.`,
  },
  delivery_unknown: {
    en: () => 'An earlier run stopped while sending the invitation e-mail, and this mailer cannot tell whether it left. It is not sent again automatically: check the mail log, then resend the invitation from the portal if needed.',
    fr: () => "Une exécution précédente s'est arrêtée pendant l'envoi du courriel d'invitation, et ce service de courriel ne peut pas dire s'il est parti. Il n'est pas renvoyé automatiquement : vérifiez le journal d'envoi, puis renvoyez l'invitation depuis le portail au besoin.",
  },
  invitation_url_missing: {
    en: () => 'The portal returned no invitation link and does not send invitations itself, so no e-mail was sent. Fix the portal adapter (inviteClient must return invitationUrl).',
    fr: () => "Le portail n'a renvoyé aucun lien d'invitation et n'envoie pas lui-même les invitations : aucun courriel n'a été envoyé. Corrigez l'adaptateur du portail (inviteClient doit renvoyer invitationUrl).",
  },
  aborted: {
    en: () => 'The import was stopped before this client was processed. Apply it again to finish.',
    fr: () => "L'importation a été arrêtée avant le traitement de ce client. Relancez-la pour terminer.",
  },
  write_failed: {
    en: (p) => `Your client storage refused this client (${s(p.detail)}). The other clients were imported; apply again after fixing the cause.`,
    fr: (p) => `Votre stockage de clients a refusé ce client (${s(p.detail)}). Les autres clients ont été importés; relancez après avoir corrigé la cause.`,
  },
  version_conflict: {
    en: (p) => `Client ${s(p.id)} was changed by someone else (expected version ${s(p.expected)}, found ${s(p.actual)}). Read it again before updating.`,
    fr: (p) => `Le client ${s(p.id)} a été modifié par quelqu'un d'autre (version attendue ${s(p.expected)}, trouvée ${s(p.actual)}). Relisez-le avant de le mettre à jour.`,
  },
  client_not_found: {
    en: (p) => `Client ${s(p.id)} is not in the client store (deleted since the preview?).`,
    fr: (p) => `Le client ${s(p.id)} n'est pas dans le stockage de clients (supprimé depuis l'aperçu?).`,
  },
  client_exists: {
    en: (p) => `Another client (${s(p.id)}) already holds ${p.key === 'businessNumber' ? 'business number' : 'SIN'} ${s(p.value)}: the store keeps one client per number. Nothing was written; update client ${s(p.id)} instead.`,
    fr: (p) => `Un autre client (${s(p.id)}) porte déjà ${p.key === 'businessNumber' ? "le numéro d'entreprise" : 'le NAS'} ${s(p.value)} : le stockage garde un seul client par numéro. Rien n'a été écrit; mettez plutôt à jour le client ${s(p.id)}.`,
  },
  kind_mismatch: {
    en: (p) => `Client ${s(p.id)} is ${s(p.expected)}; it cannot be updated with ${s(p.actual)} data.`,
    fr: (p) => `Le client ${s(p.id)} est de type ${s(p.expected)}; il ne peut pas être mis à jour avec des données de type ${s(p.actual)}.`,
  },
  store_unavailable: {
    en: (p) => `The client database cannot be reached${p.detail ? ` (${s(p.detail)})` : ''}. Check that PostgreSQL is running and the connection settings of your pool, then try again.`,
    fr: (p) => `La base de données des clients est injoignable${p.detail ? ` (${s(p.detail)})` : ''}. Vérifiez que PostgreSQL fonctionne et les paramètres de connexion de votre pool, puis réessayez.`,
  },
  store_schema_missing: {
    en: (p) => `The taxsync tables are missing or incomplete in the client database${p.detail ? ` (${s(p.detail)})` : ''}. Run migratePostgresClientStore(pool) once, with the same options as the store, then try again.`,
    fr: (p) => `Les tables de taxsync sont absentes ou incomplètes dans la base de données des clients${p.detail ? ` (${s(p.detail)})` : ''}. Exécutez migratePostgresClientStore(pool) une fois, avec les mêmes options que le stockage, puis réessayez.`,
  },
  store_failed: {
    en: (p) => `The client database refused ${p.operation ? `the ${s(p.operation)} call` : 'the call'}${p.sqlstate ? ` (PostgreSQL error ${s(p.sqlstate)})` : ''}. This call wrote nothing; the error's cause holds the database's own message.`,
    fr: (p) => `La base de données des clients a refusé ${p.operation ? `l'appel ${s(p.operation)}` : "l'appel"}${p.sqlstate ? ` (erreur PostgreSQL ${s(p.sqlstate)})` : ''}. Cet appel n'a rien écrit; la cause de l'erreur contient le message de la base de données.`,
  },
  template_variable_unknown: {
    en: (p) => `The ${s(p.language)} invitation template uses {{${s(p.variable)}}}, which is not a template variable. Known variables: ${s(p.known)}.`,
    fr: (p) => `Le modèle d'invitation ${s(p.language)} utilise {{${s(p.variable)}}}, qui n'est pas une variable de modèle. Variables connues : ${s(p.known)}.`,
  },
  preview_invalid: {
    en: (p) => `This client-import input cannot be used: ${s(p.detail)}.`,
    fr: (p) => `Ces données d'importation de clients ne peuvent pas être utilisées : ${s(p.detail)}.`,
  },
  mail_invalid: {
    en: (p) => `This e-mail cannot be sent: ${s(p.detail)}.`,
    fr: (p) => `Ce courriel ne peut pas être envoyé : ${s(p.detail)}.`,
  },
  // SMTP mailer (taxsync/smtp). `status` is the SMTP reply code, `command` the SMTP step, `detail` the masked reply.
  smtp_rejected: {
    en: (p) => `The mail server refused this e-mail for good${smtpAt(p, 'at')}: ${s(p.detail)}. Sending it again will not help: check the recipient's address and the message.`,
    fr: (p) => `Le serveur de courriel a refusé ce courriel définitivement${smtpAt(p, 'à')} : ${s(p.detail)}. Le renvoyer n'y changera rien : vérifiez l'adresse du destinataire et le message.`,
  },
  smtp_deferred: {
    en: (p) => `The mail server turned this e-mail away for now${smtpAt(p, 'at')}: ${s(p.detail)}. It was not sent; retry later.`,
    fr: (p) => `Le serveur de courriel a refusé ce courriel pour le moment${smtpAt(p, 'à')} : ${s(p.detail)}. Il n'a pas été envoyé; réessayez plus tard.`,
  },
  smtp_unreachable: {
    en: (p) => `The mail server could not be reached or the connection failed (${s(p.detail)}). Retry later; if it keeps failing, check the transport's host, port and TLS settings.`,
    fr: (p) => `Le serveur de courriel est injoignable ou la connexion a échoué (${s(p.detail)}). Réessayez plus tard; si l'échec persiste, vérifiez l'hôte, le port et les paramètres TLS du transport.`,
  },
  smtp_auth_failed: {
    en: (p) => `The mail server refused the login${smtpAt(p, 'at')}: ${s(p.detail)}. Check the user name and password (or OAuth2 token) of the nodemailer transport; retrying as is will not help.`,
    fr: (p) => `Le serveur de courriel a refusé l'authentification${smtpAt(p, 'à')} : ${s(p.detail)}. Vérifiez le nom d'utilisateur et le mot de passe (ou le jeton OAuth2) du transport nodemailer; réessayer tel quel n'y changera rien.`,
  },
  smtp_failed: {
    en: (p) => `The e-mail could not be sent (${s(p.detail)}). This transport error is not one taxsync recognises: check the mail log before retrying.`,
    fr: (p) => `Le courriel n'a pas pu être envoyé (${s(p.detail)}). Cette erreur du transport n'est pas de celles que taxsync reconnaît : consultez le journal du courriel avant de réessayer.`,
  },
  form_invalid: {
    en: (p) => `The form's ${s(p.field)} is not valid: ${s(p.detail)}`,
    fr: (p) => `Le champ ${s(p.field)} du formulaire n'est pas valide : ${s(p.detail)}`,
  },
  identity_conflict: {
    en: () => 'The e-mail address and the SIN given belong to two different clients. Nothing was created or sent; check the client file.',
    fr: () => "Le courriel et le NAS fournis appartiennent à deux clients différents. Rien n'a été créé ni envoyé; vérifiez le dossier du client.",
  },
} satisfies Record<string, Entry>;

/** Outcomes of matching a PDF's file name to a client (`matchPdfToClient`) and reading a zip (`readZip`). */
const matchMessages = {
  matched: {
    en: (p) => `Matched by ${s(p.by)}${p.key ? ` ${s(p.key)}` : ''}${p.nameChecked === 'yes' ? ', name confirmed' : ''}.`,
    fr: (p) => `Associé par ${s(p.by)}${p.key ? ` ${s(p.key)}` : ''}${p.nameChecked === 'yes' ? ', nom confirmé' : ''}.`,
  },
  no_key: {
    en: () => 'The file name has no SIN, business number, client number or client name: it cannot be sent without a person choosing the client.',
    fr: () => "Le nom du fichier ne contient ni NAS, ni numéro d'entreprise, ni numéro de client, ni nom : il ne peut pas être envoyé sans qu'une personne choisisse le client.",
  },
  pattern_mismatch: {
    en: (p) => `The file name does not follow the naming pattern "${s(p.pattern)}".`,
    fr: (p) => `Le nom du fichier ne suit pas le modèle de nom « ${s(p.pattern)} ».`,
  },
  invalid_key: {
    en: (p) => `The number ${s(p.key)} in the file name is not a valid SIN or business number (check digit). The file was probably misnamed.`,
    fr: (p) => `Le numéro ${s(p.key)} dans le nom du fichier n'est pas un NAS ni un numéro d'entreprise valide (chiffre de contrôle). Le fichier est probablement mal nommé.`,
  },
  unknown_key: {
    en: (p) => `No client has the number ${s(p.key)} found in the file name. Import or correct the client first; the name is never used instead.`,
    fr: (p) => `Aucun client n'a le numéro ${s(p.key)} trouvé dans le nom du fichier. Importez ou corrigez d'abord le client; le nom n'est jamais utilisé à la place.`,
  },
  several_keys: {
    en: (p) => `The file name holds several client numbers (${s(p.keys)}): it may concern several people.`,
    fr: (p) => `Le nom du fichier contient plusieurs numéros de clients (${s(p.keys)}) : il peut concerner plusieurs personnes.`,
  },
  duplicate_client_key: {
    en: (p) => `${s(p.count)} clients share the number ${s(p.key)} in your client list: fix the duplicate before sending.`,
    fr: (p) => `${s(p.count)} clients ont le même numéro ${s(p.key)} dans votre liste de clients : corrigez le doublon avant l'envoi.`,
  },
  name_mismatch: {
    en: (p) => `The name "${s(p.name)}" in the file name does not match the client with the number ${s(p.key)}. Check that the file belongs to this client.`,
    fr: (p) => `Le nom « ${s(p.name)} » dans le nom du fichier ne correspond pas au client qui a le numéro ${s(p.key)}. Vérifiez que le fichier appartient bien à ce client.`,
  },
  name_not_unique: {
    en: (p) => `${s(p.count)} clients are named "${s(p.name)}": a name alone cannot choose between them.`,
    fr: (p) => `${s(p.count)} clients s'appellent « ${s(p.name)} » : un nom seul ne permet pas de choisir.`,
  },
  name_unknown: {
    en: (p) => `No client is named exactly "${s(p.name)}".`,
    fr: (p) => `Aucun client ne s'appelle exactement « ${s(p.name)} ».`,
  },
  unknown_client_number: {
    en: (p) => `No client has the client number ${s(p.clientNumber)}.`,
    fr: (p) => `Aucun client n'a le numéro de client ${s(p.clientNumber)}.`,
  },
  client_number_shared: {
    en: (p) => `${s(p.count)} clients share the client number ${s(p.clientNumber)} (a family) and the file name does not say which one.`,
    fr: (p) => `${s(p.count)} clients partagent le numéro de client ${s(p.clientNumber)} (une famille) et le nom du fichier ne précise pas lequel.`,
  },
  year_mismatch: {
    en: (p) => `The file name says tax year ${s(p.found)}, but this dispatch is for ${s(p.expected)}.`,
    fr: (p) => `Le nom du fichier indique l'année d'imposition ${s(p.found)}, mais cet envoi est pour ${s(p.expected)}.`,
  },
  wrong_client_kind: {
    en: (p) => `The number ${s(p.key)} belongs to ${s(p.actual)}, but this document is for ${s(p.expected)}.`,
    fr: (p) => `Le numéro ${s(p.key)} appartient à ${s(p.actual)}, mais ce document est destiné à ${s(p.expected)}.`,
  },
  placeholder_key: {
    en: (p) =>
      `The file name carries ${s(p.key)}, a placeholder or a number never issued as a SIN (all zeros, the programs' "no SIN", or a number starting with 0 or 8): it identifies nobody.${p.name ? ` The client named "${s(p.name)}" has a real number, so the file says another person or a mistake: it is held. Check whom it belongs to and name it with the right number.` : ' Name the file with the client\'s number.'}`,
    fr: (p) =>
      `Le nom du fichier porte ${s(p.key)}, un numéro fictif ou jamais attribué comme NAS (que des zéros, le « aucun NAS » des logiciels, ou un numéro commençant par 0 ou 8) : il n'identifie personne.${p.name ? ` Le client nommé « ${s(p.name)} » a un vrai numéro : le fichier désigne une autre personne ou contient une erreur, il est retenu. Vérifiez à qui il appartient et nommez-le avec le bon numéro.` : ' Nommez le fichier avec le numéro du client.'}`,
  },
  zip_invalid: {
    en: (p) => `This is not a readable zip archive (${s(p.detail)}). Create the archive again from the tax program's print folder.`,
    fr: (p) => `Ce n'est pas une archive zip lisible (${s(p.detail)}). Créez de nouveau l'archive à partir du dossier d'impression du logiciel d'impôt.`,
  },
  zip_encrypted: {
    en: () => 'The zip archive is password-protected. Create it again without a password; the documents are protected by the portal.',
    fr: () => "L'archive zip est protégée par un mot de passe. Créez-la de nouveau sans mot de passe; les documents sont protégés par le portail.",
  },
  zip64_unsupported: {
    en: () => 'The zip archive uses the ZIP64 format (over 4 GB or 65,535 files), which taxsync does not read. Split it into smaller archives.',
    fr: () => "L'archive zip utilise le format ZIP64 (plus de 4 Go ou de 65 535 fichiers), que taxsync ne lit pas. Divisez-la en archives plus petites.",
  },
  zip_limit_exceeded: {
    en: (p) => `The zip archive exceeds the ${s(p.limit)} limit (${limitValue(p, 'en')}); nothing of it was read. Split it, or raise limits.${s(p.limit)} if the archive is trusted.`,
    fr: (p) => `L'archive zip dépasse la limite ${s(p.limit)} (${limitValue(p, 'fr')}); rien n'en a été lu. Divisez-la, ou augmentez limits.${s(p.limit)} si l'archive est fiable.`,
  },
  directory: { en: () => 'A folder.', fr: () => 'Un dossier.' },
  macos_metadata: { en: () => 'macOS metadata (__MACOSX, ._ file), not a document.', fr: () => "Métadonnées macOS (__MACOSX, fichier ._), pas un document." },
  system_file: { en: () => 'A system file (Thumbs.db, .DS_Store…), not a document.', fr: () => "Un fichier système (Thumbs.db, .DS_Store…), pas un document." },
  not_pdf: {
    en: () => 'This file is not a PDF (its content does not start with %PDF-), whatever its name says.',
    fr: () => 'Ce fichier n\'est pas un PDF (son contenu ne commence pas par %PDF-), quoi qu\'en dise son nom.',
  },
  pdf_encrypted: {
    en: () => 'This PDF is encrypted by a method taxsync cannot open (certificate security or an unknown security handler): it cannot be prepared for signature. Print it again without protection.',
    fr: () => 'Ce PDF est chiffré par une méthode que taxsync ne sait pas ouvrir (sécurité par certificat ou gestionnaire de sécurité inconnu) : il ne peut pas être préparé pour la signature. Imprimez-le de nouveau sans protection.',
  },
  crc_mismatch: {
    en: () => 'This file is damaged in the archive (CRC check failed). Create the archive again.',
    fr: () => "Ce fichier est endommagé dans l'archive (contrôle CRC échoué). Créez de nouveau l'archive.",
  },
  unsupported_compression: {
    en: () => 'This file uses a compression method taxsync does not read (only stored and deflate). Create the archive with standard settings.',
    fr: () => "Ce fichier utilise une méthode de compression que taxsync ne lit pas (seulement « stored » et « deflate »). Créez l'archive avec les réglages standard.",
  },
  corrupt_entry: {
    en: () => 'This file is damaged in the archive and cannot be read. Create the archive again.',
    fr: () => "Ce fichier est endommagé dans l'archive et ne peut pas être lu. Créez de nouveau l'archive.",
  },
  overlapping_entry: {
    en: () => 'This file shares its bytes with another file of the archive (a crafted or broken archive): neither is used, so one document can never go out under two names. Create the archive again from the print folder.',
    fr: () => "Ce fichier partage ses octets avec un autre fichier de l'archive (archive fabriquée ou endommagée) : aucun des deux n'est utilisé, pour qu'un document ne parte jamais sous deux noms. Créez de nouveau l'archive à partir du dossier d'impression.",
  },
  header_mismatch: {
    en: () => "This file's local header contradicts the archive's directory (name, compression or sizes): a crafted or broken archive. Create the archive again.",
    fr: () => "L'en-tête local de ce fichier contredit le répertoire de l'archive (nom, compression ou tailles) : archive fabriquée ou endommagée. Créez de nouveau l'archive.",
  },
  pattern_invalid: {
    en: (p) => `The naming pattern "${s(p.pattern)}" cannot be used: ${s(p.detail)}.`,
    fr: (p) => `Le modèle de nom « ${s(p.pattern)} » ne peut pas être utilisé : ${s(p.detail)}.`,
  },
} satisfies Record<string, Entry>;

// ── Signature layouts (signatureLayoutFor, createLayoutRegistry, taxsync/pdf) ──────────────────────────────────
/** Layout lookups, PDFs held for manual placement, and errors preparing a PDF for signature. */
const signatureMessages = {
  layout_unknown: {
    en: (p) => `No signature layout for ${s(p.docType)} ${s(p.year)}. Supported: ${s(p.supported)}.`,
    fr: (p) => `Aucune disposition de signature pour ${s(p.docType)} ${s(p.year)}. Pris en charge : ${s(p.supported)}.`,
  },
  layout_invalid: {
    en: (p) => `The layout ${s(p.docType)} cannot be registered: ${s(p.detail)}.`,
    fr: (p) => `La disposition ${s(p.docType)} ne peut pas être enregistrée : ${s(p.detail)}.`,
  },
  layout_clash: {
    en: (p) => `The layout ${s(p.docType)} is already defined (${s(p.existing)}). Give the firm's document another docType.`,
    fr: (p) => `La disposition ${s(p.docType)} est déjà définie (${s(p.existing)}). Donnez un autre docType au document du cabinet.`,
  },
  layout_encrypted: {
    en: () => 'This PDF is encrypted by a method taxsync cannot open (certificate security or another security handler than the standard password one): its fields cannot be placed. Print it again without protection.',
    fr: () => "Ce PDF est chiffré par une méthode que taxsync ne sait pas ouvrir (sécurité par certificat ou gestionnaire de sécurité autre que celui du mot de passe standard) : ses champs ne peuvent pas être placés. Imprimez-le de nouveau sans protection.",
  },
  layout_password_required: {
    en: () => 'This PDF is password-protected and no password was given for it: its fields cannot be placed. Give the password rule of the tax program (passwordFor), or print it again without protection.',
    fr: () => "Ce PDF est protégé par un mot de passe et aucun mot de passe n'a été fourni : ses champs ne peuvent pas être placés. Fournissez la règle de mot de passe du logiciel d'impôt (passwordFor), ou imprimez-le de nouveau sans protection.",
  },
  layout_password_wrong: {
    en: () => 'This PDF is password-protected and the password given for it does not open it: its fields cannot be placed. Check the password rule or the taxpayer\'s password in the tax program.',
    fr: () => "Ce PDF est protégé par un mot de passe et celui fourni ne l'ouvre pas : ses champs ne peuvent pas être placés. Vérifiez la règle de mot de passe ou le mot de passe du contribuable dans le logiciel d'impôt.",
  },
  protection_removed: {
    en: (p) => `Removed when the fields are added: ${protections(p, 'en')}.`,
    fr: (p) => `Retiré à l'ajout des champs : ${protections(p, 'fr')}.`,
  },
  layout_unreadable: {
    en: (p) => `This file is not a readable PDF (${s(p.detail)}). Print it again from the tax program.`,
    fr: (p) => `Ce fichier n'est pas un PDF lisible (${s(p.detail)}). Imprimez-le de nouveau depuis le logiciel d'impôt.`,
  },
  layout_reader_failed: {
    en: (p) => `taxsync's own text reader failed on this PDF (${s(p.detail)}): a fault in taxsync, not in the file. Report it to the taxsync maintainers with this message (not the PDF, which holds personal data); meanwhile, the integration can read such a PDF with the option textReader: 'pdfjs'.`,
    fr: (p) => `Le lecteur de texte de taxsync a échoué sur ce PDF (${s(p.detail)}) : c'est une défaillance de taxsync, pas du fichier. Signalez-la aux responsables de taxsync avec ce message (pas le PDF, qui contient des renseignements personnels); d'ici là, l'intégration peut lire un tel PDF avec l'option textReader: 'pdfjs'.`,
  },
  layout_already_signed: {
    en: () => 'This PDF already carries a digital signature; adding fields would invalidate it. Send it to consult as it is, or print an unsigned copy to sign.',
    fr: () => 'Ce PDF porte déjà une signature numérique; y ajouter des champs l\'invaliderait. Envoyez-le tel quel pour consultation, ou imprimez une copie non signée à faire signer.',
  },
  layout_image_only: {
    en: () => 'This PDF has no text (a scan or an image): the signature boxes cannot be found. Place the fields by hand, or print the form from the tax program instead of scanning it.',
    fr: () => "Ce PDF ne contient aucun texte (numérisation ou image) : les cases de signature ne peuvent pas être trouvées. Placez les champs à la main, ou imprimez le formulaire depuis le logiciel d'impôt au lieu de le numériser.",
  },
  layout_form_not_found: {
    en: (p) => `No page of this PDF is identified as ${s(p.docType)}${p.pagesWithoutText ? ` (pages without text: ${s(p.pagesWithoutText)})` : ''}. Check that the right document was printed, or place the fields by hand.`,
    fr: (p) => `Aucune page de ce PDF n'est reconnue comme ${s(p.docType)}${p.pagesWithoutText ? ` (pages sans texte : ${s(p.pagesWithoutText)})` : ''}. Vérifiez que le bon document a été imprimé, ou placez les champs à la main.`,
  },
  layout_no_anchor: {
    en: (p) => `${s(p.docType)} was found on page ${s(p.pages)}, but not its ${s(p.field)} label, and no measured position fits this print. Place the fields by hand; no field is ever put at a guessed position.`,
    fr: (p) => `${s(p.docType)} a été trouvé à la page ${s(p.pages)}, mais pas son libellé ${s(p.field)}, et aucune position mesurée ne convient à cette impression. Placez les champs à la main; aucun champ n'est jamais placé à une position devinée.`,
  },
  layout_page_size_mismatch: {
    en: (p) => `${s(p.docType)} was found on page ${s(p.pages)}, but its labels were not, and the page (${s(p.size)} pt) is not the size the positions were measured on (${s(p.expected)} pt). Place the fields by hand.`,
    fr: (p) => `${s(p.docType)} a été trouvé à la page ${s(p.pages)}, mais pas ses libellés, et la page (${s(p.size)} pt) n'a pas la taille sur laquelle les positions ont été mesurées (${s(p.expected)} pt). Placez les champs à la main.`,
  },
  layout_page_count: {
    en: (p) => `The measured positions of ${s(p.docType)} are on page ${s(p.expected)}, but this PDF has ${s(p.count)} page(s) there. Place the fields by hand.`,
    fr: (p) => `Les positions mesurées de ${s(p.docType)} sont à la page ${s(p.expected)}, mais ce PDF n'a que ${s(p.count)} page(s). Placez les champs à la main.`,
  },
  layout_inflate_limit: {
    en: (p) => `This PDF's compressed content expands past the ${s(p.limit)} limit (${limitValue(p, 'en')}): a deflate bomb, or a print far larger than any real form. It was not read further. If the file is trusted, raise ${s(p.option)}.`,
    fr: (p) => `Le contenu compressé de ce PDF dépasse la limite ${s(p.limit)} (${limitValue(p, 'fr')}) une fois décompressé : une bombe de décompression, ou une impression bien plus grosse que tout formulaire réel. Sa lecture a été arrêtée. Si le fichier est fiable, augmentez ${s(p.option)}.`,
  },
  pdf_unreadable: {
    en: (p) => `This file is not a readable PDF (${s(p.detail)}).`,
    fr: (p) => `Ce fichier n'est pas un PDF lisible (${s(p.detail)}).`,
  },
  pdf_already_signed: {
    en: (p) => `This PDF already carries a digital signature (field ${s(p.field)}); saving it with new fields would invalidate that signature. Send it as it is, or prepare an unsigned print.`,
    fr: (p) => `Ce PDF porte déjà une signature numérique (champ ${s(p.field)}); l'enregistrer avec de nouveaux champs invaliderait cette signature. Envoyez-le tel quel, ou préparez une impression non signée.`,
  },
  pdf_password_required: {
    en: () => 'This PDF is password-protected: pass its password (options.password) to open it.',
    fr: () => 'Ce PDF est protégé par un mot de passe : passez son mot de passe (options.password) pour l\'ouvrir.',
  },
  pdf_password_wrong: {
    en: () => 'This PDF is password-protected and the password given does not open it. Check the password.',
    fr: () => 'Ce PDF est protégé par un mot de passe et celui fourni ne l\'ouvre pas. Vérifiez le mot de passe.',
  },
  pdf_field_exists: {
    en: (p) => `The PDF already has a form field named ${s(p.name)}: it was probably prepared already. Prepare the original print instead.`,
    fr: (p) => `Le PDF a déjà un champ de formulaire nommé ${s(p.name)} : il a probablement déjà été préparé. Préparez plutôt l'impression d'origine.`,
  },
  field_invalid: {
    en: (p) => `Field ${s(p.name)} cannot be used: ${s(p.detail)}.`,
    fr: (p) => `Le champ ${s(p.name)} ne peut pas être utilisé : ${s(p.detail)}.`,
  },
  pdfjs_missing: {
    en: () => 'Reading this PDF needs pdfjs-dist, which is not installed (taxsync\'s own text reader could not read it). Install it next to taxsync: npm install pdfjs-dist.',
    fr: () => "La lecture de ce PDF exige pdfjs-dist, qui n'est pas installé (le lecteur de texte de taxsync n'a pas pu le lire). Installez-le à côté de taxsync : npm install pdfjs-dist.",
  },
  pdf_needs_node: {
    en: () => 'Placing signature fields on a PDF runs on a server (Node), not in a browser. Pass options.resolveFields, or preview the dispatch on the server.',
    fr: () => "Le placement des champs de signature sur un PDF s'exécute sur un serveur (Node), pas dans un navigateur. Passez options.resolveFields, ou prévisualisez l'envoi sur le serveur.",
  },
} satisfies Record<string, Entry>;

/** Outcomes of document dispatch (`previewDocumentDispatch`, `applyDocumentDispatch`). */
const dispatchMessages = {
  duplicate_in_zip: {
    en: (p) => `The same PDF is already in the archive as ${s(p.first)}; it is sent once.`,
    fr: (p) => `Le même PDF figure déjà dans l'archive sous ${s(p.first)}; il n'est envoyé qu'une fois.`,
  },
  document_ready_sign: {
    en: (p) => `Ready to send to sign: ${s(p.fields)} field(s) placed (${s(p.placedBy)}).`,
    fr: (p) => `Prêt à envoyer pour signature : ${s(p.fields)} champ(s) placé(s) (${s(p.placedBy)}).`,
  },
  document_ready_consult: {
    en: () => 'Ready to send to consult.',
    fr: () => 'Prêt à envoyer pour consultation.',
  },
  document_sent: {
    en: () => "Put in the client's portal folder.",
    fr: () => 'Déposé dans le dossier du client sur le portail.',
  },
  document_already_sent: {
    en: () => "Already in the client's portal folder (sent before): not sent again.",
    fr: () => "Déjà dans le dossier du client sur le portail (envoyé auparavant) : pas envoyé de nouveau.",
  },
  document_send_failed: {
    en: (p) => `The portal did not accept the document: ${s(p.detail)}. Run the dispatch again once the portal answers; nothing will be sent twice.`,
    fr: (p) => `Le portail n'a pas accepté le document : ${s(p.detail)}. Relancez l'envoi quand le portail répond; rien ne sera envoyé deux fois.`,
  },
  client_not_invited: {
    en: () => 'The client has no portal account yet and this dispatch holds documents of uninvited clients (uninvited: "hold"). Invite the client, then dispatch again.',
    fr: () => "Le client n'a pas encore de compte sur le portail et cet envoi retient les documents des clients non invités (uninvited: « hold »). Invitez le client, puis relancez l'envoi.",
  },
  client_invitation_failed: {
    en: (p) => `The client could not be invited to the portal, so the document is held: ${s(p.detail)}`,
    fr: (p) => `Le client n'a pas pu être invité au portail; le document est retenu : ${s(p.detail)}`,
  },
  client_gone: {
    en: () => 'The client matched in the preview is no longer in the client store: the document is held. Preview again.',
    fr: () => "Le client associé dans l'aperçu n'est plus dans le stockage de clients : le document est retenu. Refaites l'aperçu.",
  },
  dispatch_aborted: {
    en: () => 'Not sent: the dispatch was stopped before this document. Run it again to finish.',
    fr: () => "Non envoyé : l'envoi a été arrêté avant ce document. Relancez-le pour terminer.",
  },
} satisfies Record<string, Entry>;

/** Where a form stands at the portal (the `state` parameter of `signature_pending`, `newer_version_unsigned`), as words. */
const SIGNING_STATES: Readonly<Record<string, { en: string; fr: string }>> = {
  sent: { en: 'sent, not opened', fr: 'envoyé, pas encore ouvert' },
  viewed: { en: 'opened, not signed', fr: 'ouvert, pas encore signé' },
  partially_signed: { en: 'partially signed', fr: 'signé en partie' },
  declined: { en: 'declined', fr: 'refusé' },
  expired: { en: 'expired', fr: 'expiré' },
};
const signingState = (state: string | number | undefined, locale: 'en' | 'fr'): string => SIGNING_STATES[s(state)]?.[locale] ?? s(state);
/** Why a portal error leaves out what the other party said (its `withheld` parameter), as words. */
const WITHHELD: Readonly<Record<string, { en: string; fr: string }>> = {
  credentials: {
    en: "the portal's own words are left out because they repeated the access token or another credential",
    fr: "les propos du portail sont omis parce qu'ils reprenaient le jeton d'accès ou un autre identifiant de connexion",
  },
};
/** The `detail` of an HTTP portal error and, when its `withheld` parameter is set, why the rest was left out. */
const portalDetail = (p: MessageParams, locale: 'en' | 'fr'): string =>
  [s(p.detail), WITHHELD[s(p.withheld)]?.[locale] ?? ''].filter((part) => part !== '').join('; ');

/** Outcomes of signature sync (`syncSignatures`), its compliance checks, the HTTP portal client and webhooks. */
const syncMessages = {
  signatures_unsupported: {
    en: (p) => `The ${s(p.port)} does not declare capabilities.signatures, so signatures cannot be synchronized. Use an adapter that keeps client files and signature records (store) and lists signature completions (portal).`,
    fr: (p) => `Le port ${s(p.port)} ne déclare pas capabilities.signatures : impossible de synchroniser les signatures. Utilisez un adaptateur qui conserve les dossiers et les signatures (stockage) et qui liste les signatures terminées (portail).`,
  },
  client_file_not_found: {
    en: (p) => `Client file ${s(p.id)} is not in the client store. Check the file's id, or create it, then sync again.`,
    fr: (p) => `Le dossier ${s(p.id)} n'est pas dans le stockage de clients. Vérifiez son identifiant ou créez-le, puis relancez la synchronisation.`,
  },
  no_completion: {
    en: (p) => `No ${s(p.form)} ${s(p.year)} was sent to sign on the portal for ${s(p.name)}. Send the form to sign, then sync again.`,
    fr: (p) => `Aucun ${s(p.form)} ${s(p.year)} n'a été envoyé pour signature sur le portail pour ${s(p.name)}. Envoyez le formulaire pour signature, puis relancez la synchronisation.`,
  },
  nothing_to_sign: {
    en: () => 'Signs no authorization form: nothing to synchronize.',
    fr: () => "Ne signe aucun formulaire d'autorisation : rien à synchroniser.",
  },
  signature_pending: {
    en: (p) => `${s(p.form)} ${s(p.year)} is not signed yet (${signingState(p.state, 'en')}): still waiting for ${s(p.pending)}. Remind them, then sync again.`,
    fr: (p) => `Le ${s(p.form)} ${s(p.year)} n'est pas encore signé (${signingState(p.state, 'fr')}) : il manque la signature de ${s(p.pending)}. Faites un rappel, puis relancez la synchronisation.`,
  },
  signature_declined: {
    en: (p) => `${s(p.signer)} declined to sign ${s(p.form)} ${s(p.year)}. The document is locked: correct it if needed and send a new version to sign.`,
    fr: (p) => `${s(p.signer)} a refusé de signer le ${s(p.form)} ${s(p.year)}. Le document est verrouillé : corrigez-le au besoin et envoyez une nouvelle version pour signature.`,
  },
  signature_expired: {
    en: (p) => `The signing request for ${s(p.form)} ${s(p.year)} expired before it was signed. Send the form to sign again.`,
    fr: (p) => `La demande de signature du ${s(p.form)} ${s(p.year)} a expiré avant d'être signée. Envoyez de nouveau le formulaire pour signature.`,
  },
  signed_after_transmission: {
    en: (p) => `${s(p.form)} ${s(p.year)} was signed on ${s(p.signedAt)}, after the return was transmitted on ${s(p.transmittedAt)}. The CRA requires signing before transmission: the signature was not copied. Have the form signed again and contact the CRA about the transmitted return.`,
    fr: (p) => `Le ${s(p.form)} ${s(p.year)} a été signé le ${s(p.signedAt)}, après la transmission de la déclaration le ${s(p.transmittedAt)}. L'ARC exige la signature avant la transmission : la signature n'a pas été copiée. Faites signer de nouveau le formulaire et communiquez avec l'ARC au sujet de la déclaration transmise.`,
  },
  transmitted_signature_would_change: {
    en: (p) => `The return for ${s(p.form)} ${s(p.year)} was transmitted with the signature of ${s(p.recorded)}, but the portal now reports ${s(p.portal)}. A transmitted signature is never overwritten: check which completion is right before doing anything.`,
    fr: (p) => `La déclaration associée au ${s(p.form)} ${s(p.year)} a été transmise avec la signature du ${s(p.recorded)}, mais le portail indique maintenant ${s(p.portal)}. Une signature transmise n'est jamais remplacée : vérifiez quelle signature est la bonne avant toute action.`,
  },
  signer_mismatch: {
    en: (p) => `${s(p.form)} ${s(p.year)} was signed by "${s(p.signer)}", which does not match the taxpayer "${s(p.name)}". Not copied: check who signed, and send the form to the right person if needed.`,
    fr: (p) => `Le ${s(p.form)} ${s(p.year)} a été signé par « ${s(p.signer)} », ce qui ne correspond pas au contribuable « ${s(p.name)} ». Non copié : vérifiez qui a signé et, au besoin, envoyez le formulaire à la bonne personne.`,
  },
  several_completions: {
    en: (p) => `${s(p.count)} different signed copies of ${s(p.form)} ${s(p.year)} exist on the portal (certificates ${s(p.certificates)}). None was copied: keep one (cancel the others on the portal), then sync again.`,
    fr: (p) => `${s(p.count)} exemplaires signés différents du ${s(p.form)} ${s(p.year)} existent sur le portail (certificats ${s(p.certificates)}). Aucun n'a été copié : n'en gardez qu'un (annulez les autres sur le portail), puis relancez la synchronisation.`,
  },
  newer_version_unsigned: {
    en: (p) => `A newer version of ${s(p.form)} ${s(p.year)} (portal document ${s(p.document)}, ${signingState(p.state, 'en')}) was sent after the signed one (certificate ${s(p.certificate)}): the signature belongs to the earlier version and was not copied. Have the new version signed, then sync again.`,
    fr: (p) => `Une version plus récente du ${s(p.form)} ${s(p.year)} (document ${s(p.document)} du portail, ${signingState(p.state, 'fr')}) a été envoyée après la version signée (certificat ${s(p.certificate)}) : la signature appartient à l'ancienne version et n'a pas été copiée. Faites signer la nouvelle version, puis relancez la synchronisation.`,
  },
  completion_incomplete: {
    en: (p) => `The portal reports ${s(p.form)} ${s(p.year)} as signed but without ${s(p.missing)}. Not copied: the e-file needs them. Ask the portal's support, then sync again.`,
    fr: (p) => `Le portail indique que le ${s(p.form)} ${s(p.year)} est signé, mais sans ${s(p.missing)}. Non copié : la transmission électronique en a besoin. Communiquez avec le soutien du portail, puis relancez la synchronisation.`,
  },
  portal_error: {
    en: (p) => `The portal could not be read: ${s(p.detail)}. Sync again once it answers; nothing is written twice.`,
    fr: (p) => `Le portail n'a pas pu être lu : ${s(p.detail)}. Relancez la synchronisation quand il répond; rien n'est écrit deux fois.`,
  },
  store_error: {
    en: (p) => `The client store failed: ${s(p.detail)}. Sync again; nothing is written twice.`,
    fr: (p) => `Le stockage de clients a échoué : ${s(p.detail)}. Relancez la synchronisation; rien n'est écrit deux fois.`,
  },
  sync_aborted: {
    en: () => 'Not synchronized: the sync was stopped before this client file. Run it again to finish.',
    fr: () => "Non synchronisé : la synchronisation a été arrêtée avant ce dossier. Relancez-la pour terminer.",
  },
  not_signed: {
    en: (p) => `${s(p.form)} ${s(p.year)} is not signed. It must be signed before the return is transmitted.`,
    fr: (p) => `Le ${s(p.form)} ${s(p.year)} n'est pas signé. Il doit l'être avant la transmission de la déclaration.`,
  },
  channel_missing: {
    en: (p) => `${s(p.form)} ${s(p.year)} has no recorded channel (e-mail, portal or in person). The CRA requires it to be recorded.`,
    fr: (p) => `Le ${s(p.form)} ${s(p.year)} n'indique pas comment il a été signé (courriel, portail ou en personne). L'ARC exige que ce soit consigné.`,
  },
  new_authorization_needed: {
    en: (p) => `The refund or balance changed by ${s(p.change)} since ${s(p.form)} ${s(p.year)} was signed (more than $300): have a new ${s(p.form)} signed before transmitting.`,
    fr: (p) => `Le remboursement ou le solde a changé de ${s(p.change)} depuis la signature du ${s(p.form)} ${s(p.year)} (plus de 300 $) : faites signer un nouveau ${s(p.form)} avant la transmission.`,
  },
  portal_http_error: {
    en: (p) => `The portal answered ${s(p.method)} ${s(p.path)} with HTTP ${s(p.status)}${portalDetail(p, 'en') ? ` (${portalDetail(p, 'en')})` : ''}.`,
    fr: (p) => `Le portail a répondu à ${s(p.method)} ${s(p.path)} par HTTP ${s(p.status)}${portalDetail(p, 'fr') ? ` (${portalDetail(p, 'fr')})` : ''}.`,
  },
  portal_unauthorized: {
    en: (p) => `The portal refused the token (HTTP ${s(p.status)}) on ${s(p.method)} ${s(p.path)}. Check the token given to createHttpPortal.`,
    fr: (p) => `Le portail a refusé le jeton (HTTP ${s(p.status)}) pour ${s(p.method)} ${s(p.path)}. Vérifiez le jeton passé à createHttpPortal.`,
  },
  portal_timeout: {
    en: (p) => `The portal did not answer ${s(p.method)} ${s(p.path)} in time (${s(p.detail)}).`,
    fr: (p) => `Le portail n'a pas répondu à temps à ${s(p.method)} ${s(p.path)} (${s(p.detail)}).`,
  },
  portal_network_error: {
    en: (p) => `The portal could not be reached for ${s(p.method)} ${s(p.path)}: ${portalDetail(p, 'en')}.`,
    fr: (p) => `Le portail n'a pas pu être joint pour ${s(p.method)} ${s(p.path)} : ${portalDetail(p, 'fr')}.`,
  },
  portal_bad_response: {
    en: (p) => `The portal's answer to ${s(p.method)} ${s(p.path)} is not what the protocol says: ${s(p.detail)}.`,
    fr: (p) => `La réponse du portail à ${s(p.method)} ${s(p.path)} n'est pas conforme au protocole : ${s(p.detail)}.`,
  },
  webhook_invalid: {
    en: (p) => `Webhook refused: ${s(p.detail)}.`,
    fr: (p) => `Webhook refusé : ${s(p.detail)}.`,
  },
} satisfies Record<string, Entry>;

/** Names of the website form's fields, as they read inside a sentence. */
const FORM_FIELDS: Readonly<Record<string, { en: string; fr: string }>> = {
  firstName: { en: 'first name', fr: 'prénom' },
  lastName: { en: 'last name', fr: 'nom de famille' },
  email: { en: 'e-mail address', fr: 'courriel' },
  sin: { en: 'social insurance number', fr: "numéro d'assurance sociale" },
  phone: { en: 'phone number', fr: 'numéro de téléphone' },
};
const formField = (field: string | number | undefined, locale: Locale): string => FORM_FIELDS[s(field)]?.[locale] ?? s(field);

// ── The website form (createClientFormHandler) ──────────────────────────────────────────────────────────────────
/**
 * What a visitor of the firm's website form reads, and the form's field errors. The public answers never depend on
 * whether the person was found, created or already invited, and never echo a SIN, even masked.
 */
const formMessages = {
  form_received: {
    en: () => 'Thank you, your request was received. If it matches our records, an invitation to the client portal is on its way to the e-mail address we have on file for you. If nothing arrives within the hour, check your junk mail folder or contact the firm.',
    fr: () => "Merci, votre demande a bien été reçue. Si elle correspond à nos dossiers, une invitation au portail client est en route vers le courriel que nous avons à votre dossier. Si rien n'arrive d'ici une heure, vérifiez vos courriels indésirables ou communiquez avec le cabinet.",
  },
  form_fields_invalid: {
    en: () => 'Some fields need correcting: see the messages next to them, then send the form again.',
    fr: () => 'Certains champs sont à corriger : voyez les messages à côté de chacun, puis envoyez de nouveau le formulaire.',
  },
  form_field_required: {
    en: (p) => `Enter your ${formField(p.field, 'en')}.`,
    fr: (p) => `Inscrivez votre ${formField(p.field, 'fr')}.`,
  },
  form_field_too_long: {
    en: (p) => `Your ${formField(p.field, 'en')} is too long (at most ${s(p.max)} characters).`,
    fr: (p) => `Votre ${formField(p.field, 'fr')} est trop long (${s(p.max)} caractères au plus).`,
  },
  form_field_name: {
    en: (p) => `Your ${formField(p.field, 'en')} may hold only letters, spaces, hyphens, apostrophes and periods.`,
    fr: (p) => `Votre ${formField(p.field, 'fr')} ne peut contenir que des lettres, des espaces, des traits d'union, des apostrophes et des points.`,
  },
  form_field_email: {
    en: () => 'This is not a valid e-mail address. Check it (for example: name@example.com).',
    fr: () => "Ce courriel n'est pas valide. Vérifiez-le (par exemple : nom@exemple.ca).",
  },
  form_field_sin: {
    en: () => 'This social insurance number is not valid: check its nine digits, or leave the field empty.',
    fr: () => "Ce numéro d'assurance sociale n'est pas valide : vérifiez ses neuf chiffres, ou laissez le champ vide.",
  },
  form_field_phone: {
    en: () => 'This phone number is not valid: give ten digits with the area code, or leave the field empty.',
    fr: () => "Ce numéro de téléphone n'est pas valide : inscrivez dix chiffres avec l'indicatif régional, ou laissez le champ vide.",
  },
  form_too_large: {
    en: (p) => `The form sent is too large (more than ${s(p.max)} bytes). Shorten what you typed and send it again.`,
    fr: (p) => `Le formulaire envoyé est trop volumineux (plus de ${s(p.max)} octets). Raccourcissez ce que vous avez inscrit et envoyez-le de nouveau.`,
  },
  form_malformed: {
    en: () => 'The form could not be read (its data is damaged or not in the expected format). Reload the page and send it again.',
    fr: () => "Le formulaire n'a pas pu être lu (ses données sont endommagées ou pas dans le format attendu). Rechargez la page et envoyez-le de nouveau.",
  },
  form_unsupported_type: {
    en: () => 'The form was sent in a format this address does not accept. Send it as a web form or as JSON.',
    fr: () => "Le formulaire a été envoyé dans un format que cette adresse n'accepte pas. Envoyez-le comme formulaire Web ou en JSON.",
  },
  form_method_not_allowed: {
    en: () => 'This address only receives the form (POST) and shows it (GET).',
    fr: () => "Cette adresse ne fait que recevoir le formulaire (POST) et l'afficher (GET).",
  },
  form_rejected: {
    en: () => 'The form could not be accepted. If you are filling it in yourself, reload the page, fill in only the visible fields and send it again, or contact the firm.',
    fr: () => "Le formulaire n'a pas pu être accepté. Si vous le remplissez vous-même, rechargez la page, remplissez seulement les champs visibles et envoyez-le de nouveau, ou communiquez avec le cabinet.",
  },
  form_too_fast: {
    en: (p) => `The form was sent too quickly after it was opened. Wait ${s(p.seconds)} seconds, then send it again.`,
    fr: (p) => `Le formulaire a été envoyé trop vite après son ouverture. Attendez ${s(p.seconds)} secondes, puis envoyez-le de nouveau.`,
  },
  form_expired: {
    en: () => 'This form has expired or was not opened from the firm’s page. Reload the page and fill it in again.',
    fr: () => "Ce formulaire a expiré ou n'a pas été ouvert depuis la page du cabinet. Rechargez la page et remplissez-le de nouveau.",
  },
  form_rate_limited: {
    en: (p) => `Too many requests were sent. Wait about ${s(p.minutes)} minute(s), then try again.`,
    fr: (p) => `Trop de demandes ont été envoyées. Attendez environ ${s(p.minutes)} minute(s), puis réessayez.`,
  },
  form_origin_forbidden: {
    en: () => 'This form cannot be sent from this website. Use the form on the firm’s own website.',
    fr: () => "Ce formulaire ne peut pas être envoyé depuis ce site Web. Utilisez le formulaire du site du cabinet.",
  },
  form_captcha_failed: {
    en: () => 'The anti-robot check did not pass. Complete it again, then send the form.',
    fr: () => "La vérification anti-robot n'a pas réussi. Refaites-la, puis envoyez le formulaire.",
  },
  form_unavailable: {
    en: () => 'The form cannot be processed right now. Nothing was lost: try again in a few minutes.',
    fr: () => "Le formulaire ne peut pas être traité pour le moment. Rien n'a été perdu : réessayez dans quelques minutes.",
  },
} satisfies Record<string, Entry>;

/** Code of a row-level issue. */
export type IssueCode = keyof typeof issueMessages;
/** Code of a client-sync conflict, import outcome or port error (see `diffClients` and `applyClientImport`). */
export type ClientMessageCode = keyof typeof clientMessages;
/** Code of a file-name match outcome or a zip-reading problem (see `matchPdfToClient`, `readZip`). */
export type MatchMessageCode = keyof typeof matchMessages;
/** Code of a signature-layout lookup, a held PDF, or a PDF preparation error (see `signatureLayoutFor`, `taxsync/pdf`). */
export type SignatureMessageCode = keyof typeof signatureMessages;
/** Code of a document-dispatch outcome (see `applyDocumentDispatch`). */
export type DispatchMessageCode = keyof typeof dispatchMessages;
/** Code of a signature-sync outcome, a compliance check, an HTTP portal error or a webhook refusal (see `syncSignatures`). */
export type SyncMessageCode = keyof typeof syncMessages;
/** Code of a website-form answer or field error (see `createClientFormHandler`). */
export type FormMessageCode = keyof typeof formMessages;
/** Code of a {@link TaxsyncError}. */
export type ErrorCode = keyof typeof errorMessages | ClientMessageCode | MatchMessageCode | SignatureMessageCode | DispatchMessageCode | SyncMessageCode | FormMessageCode;

const catalogue: Record<string, Entry> = { ...issueMessages, ...errorMessages, ...clientMessages, ...matchMessages, ...signatureMessages, ...dispatchMessages, ...syncMessages, ...formMessages };

/**
 * Renders the message of an issue or error code in French or English.
 *
 * @example
 * ```ts
 * renderMessage('sin_invalid', { value: '*** *** 789' }, 'fr');
 * // "Le NAS *** *** 789 n'est pas valide : …"
 * ```
 */
export function renderMessage(code: IssueCode | ErrorCode, params: MessageParams, locale: Locale): string {
  const entry = catalogue[code];
  if (entry === undefined) return code;
  return entry[locale](params);
}

/** Every code in the catalogue, for hosts that keep their own translations. */
export const messageCodes: readonly (IssueCode | ErrorCode)[] = /* @__PURE__ */ Object.freeze(Object.keys(catalogue) as (IssueCode | ErrorCode)[]);
