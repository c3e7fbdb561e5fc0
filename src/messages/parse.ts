/** File-level errors of the parsers: empty, binary or unreadable input, no header, options that do not fit the file. */
import { limitValue, msg, s, type Locale, type Text } from './define.js';

/** Why a workbook could not be read (`read_failed`'s `reason`), in both languages. */
const READ_FAILURES = {
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
} as const satisfies Record<string, { en: string; fr: string }>;
/** Why a workbook could not be read: the `reason` of `read_failed`. */
export type ReadFailure = keyof typeof READ_FAILURES;
/**
 * ` (and 3 other cells not shown: …)`: the cells of a header search left out of `found` (its `unshown` parameter)
 * because they may be a client's data, or nothing when none was.
 */
const unshownCells = (p: { readonly unshown?: Text }, locale: Locale): string => {
  const n = Number(p.unshown ?? 0);
  if (!(n > 0)) return '';
  return locale === 'fr'
    ? ` (et ${n} autre${n > 1 ? 's' : ''} cellule${n > 1 ? 's' : ''} non affichée${n > 1 ? 's' : ''} : ${n > 1 ? 'elles peuvent' : 'elle peut'} contenir des renseignements personnels)`
    : ` (and ${n} other cell${n > 1 ? 's' : ''} not shown: ${n > 1 ? 'they' : 'it'} may hold personal data)`;
};
/** ` in the first 3 rows`: how many rows a header search read (its `rows` parameter), or nothing. */
const rowsRead = (p: { readonly rows?: Text }, locale: Locale): string => {
  const n = Number(p.rows ?? 0);
  if (!(n > 0)) return '';
  if (locale === 'fr') return n > 1 ? ` dans les ${n} premières lignes` : ' dans la première ligne';
  return n > 1 ? ` in the first ${n} rows` : ' in the first row';
};
/** The detail of a `read_failed` error: its `reason` code in words, else its `detail` text. */
const readFailure = (p: { readonly reason?: Text; readonly detail?: Text }, locale: Locale): string =>
  (READ_FAILURES as Partial<Record<string, { en: string; fr: string }>>)[s(p.reason)]?.[locale] ?? s(p.detail);
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

/** File-level errors thrown as {@link TaxsyncError}. */
export const errorMessages = {
  empty_input: msg({
    en: () => 'The file is empty. Export the client list again from the tax program.',
    fr: () => "Le fichier est vide. Exportez de nouveau la liste de clients depuis le logiciel d'impôt.",
  }),
  binary_input: msg<{ detected?: Text }>({
    en: (p) => `This is not a text (CSV) file${p.detected ? ` — it looks like ${fileKind(p.detected, 'en')}` : ''}. Export the client list as CSV.`,
    fr: (p) => `Ce n'est pas un fichier texte (CSV)${p.detected ? ` — il ressemble à ${fileKind(p.detected, 'fr')}` : ''}. Exportez la liste de clients en CSV.`,
  }),
  not_a_workbook: msg<{ detected?: Text }>({
    en: (p) => `This is not an Excel workbook (.xlsx)${p.detected ? ` — it looks like ${fileKind(p.detected, 'en')}` : ''}. Export the client list from Taxprep as .xlsx.`,
    fr: (p) => `Ce n'est pas un classeur Excel (.xlsx)${p.detected ? ` — il ressemble à ${fileKind(p.detected, 'fr')}` : ''}. Exportez la liste de clients de Taxprep en .xlsx.`,
  }),
  no_header: msg<{ unshown?: Text; rows?: Text; found: Text }>({
    en: (p) => `No client-list header was recognised${rowsRead(p, 'en')}. Headers found: ${s(p.found) || '(none)'}${unshownCells(p, 'en')}. Expected some of: SIN, First name, Last name, Birth date, Email, Business number, NEQ, Company name. Pass options.columns to map your headers.`,
    fr: (p) => `Aucun en-tête de liste de clients n'a été reconnu${rowsRead(p, 'fr')}. En-têtes trouvés : ${s(p.found) || '(aucun)'}${unshownCells(p, 'fr')}. Attendus, entre autres : NAS, Prénom, Nom, Date de naissance, Courriel, NE, NEQ, Raison sociale. Utilisez options.columns pour associer vos en-têtes.`,
  }),
  column_not_found: msg<{ unshown?: Text; field: Text; header: Text; found: Text }>({
    en: (p) => `options.columns maps ${s(p.field)} to "${s(p.header)}", but the file has no such header. Headers found: ${s(p.found) || '(none)'}${unshownCells(p, 'en')}.`,
    fr: (p) => `options.columns associe ${s(p.field)} à « ${s(p.header)} », mais le fichier n'a pas cet en-tête. En-têtes trouvés : ${s(p.found) || '(aucun)'}${unshownCells(p, 'fr')}.`,
  }),
  unknown_field: msg<{ field: Text; expected: Text }>({
    en: (p) => `options.columns names "${s(p.field)}", which is not a client field. Known fields: ${s(p.expected)}.`,
    fr: (p) => `options.columns nomme « ${s(p.field)} », qui n'est pas un champ client. Champs connus : ${s(p.expected)}.`,
  }),
  kind_undetected: msg<{ unshown?: Text; found: Text }>({
    en: (p) => `Cannot tell whether this list holds individuals or corporations from its headers (${s(p.found) || 'none recognised'}${unshownCells(p, 'en')}): a SIN, First name or Birth date column says individuals; a Business number, NEQ, Program account or Year end column says corporations. Pass options.kind.`,
    fr: (p) => `Impossible de savoir si cette liste contient des particuliers ou des sociétés d'après ses en-têtes (${s(p.found) || 'aucun reconnu'}${unshownCells(p, 'fr')}) : une colonne NAS, Prénom ou Date de naissance indique des particuliers; une colonne NE, NEQ, Compte de programme ou Fin d'exercice indique des sociétés. Précisez options.kind.`,
  }),
  kind_contradicted: msg<{ kind: 'individual' | 'corporation'; columns: Text; detected: 'individual' | 'corporation' }>({
    en: (p) =>
      `options.kind is '${s(p.kind)}', but the columns ${s(p.columns)} are those of a list of ${p.detected === 'corporation' ? 'corporations' : 'individuals'}. Nothing was read: pass kind: '${s(p.detected)}', or leave kind out to detect it from the columns.`,
    fr: (p) =>
      `options.kind vaut '${s(p.kind)}', mais les colonnes ${s(p.columns)} sont celles d'une liste de ${p.detected === 'corporation' ? 'sociétés' : 'particuliers'}. Rien n'a été lu : précisez kind: '${s(p.detected)}', ou omettez kind pour le déduire des colonnes.`,
  }),
  invalid_input: msg<{ detail: Text }>({
    en: (p) => `Unsupported input: ${s(p.detail)}.`,
    fr: (p) => `Entrée non prise en charge : ${s(p.detail)}.`,
  }),
  // A reason code (rendered in words in either language), or else a detail text.
  read_failed: msg<{ reason: ReadFailure; detail?: Text } | { detail: Text }>({
    en: (p) => `The file could not be read: ${readFailure(p, 'en')}.`,
    fr: (p) => `Le fichier n'a pas pu être lu : ${readFailure(p, 'fr')}.`,
  }),
  inflate_limit_exceeded: msg<{ value: Text; limit: Text; option: Text }>({
    en: (p) => `Compressed data in this file expands past the ${s(p.limit)} limit (${limitValue(p, 'en')}): a deflate bomb, or a file far larger than any real one. Nothing of it was used. If the file is trusted, raise ${s(p.option)}.`,
    fr: (p) => `Des données compressées de ce fichier dépassent la limite ${s(p.limit)} (${limitValue(p, 'fr')}) une fois décompressées : une bombe de décompression, ou un fichier bien plus gros que tout fichier réel. Rien n'en a été utilisé. Si le fichier est fiable, augmentez ${s(p.option)}.`,
  }),
  sheet_not_found: msg<{ sheet: Text; found: Text }>({
    en: (p) => `The workbook has no sheet ${s(p.sheet)}. Its sheets: ${s(p.found) || '(none)'}. Pass options.sheet as one of these names or a position from 1.`,
    fr: (p) => `Le classeur n'a pas de feuille ${s(p.sheet)}. Ses feuilles : ${s(p.found) || '(aucune)'}. Précisez options.sheet avec l'un de ces noms ou une position à partir de 1.`,
  }),
};
