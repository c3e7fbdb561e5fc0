/**
 * Every text the `taxsync` command prints, in French and English (the library's own messages come from its
 * catalogue). A key missing in one language is a type error.
 */
import type { Locale } from './define.js';

type Text = string | ((...args: never[]) => string);

const en = {
  usage: `taxsync — check a real DT Max / Taxprep export, a zip of prints or a T183 print without writing a program

Usage:
  taxsync inspect <clients.csv|clients.xlsx> [--json]
  taxsync match <archive.zip> --clients <clients.csv|clients.xlsx> [--pattern <pattern>] [--year <year>] [--json]
  taxsync layout <print.pdf> --form <T183|T183CORP|TP-1000.TE|CO-1000.TE> --year <year> [--out <preview.pdf>] [--json]

Options:
  --lang fr|en     language of the output (default: from LANG, else French)
  --json           machine-readable output on stdout
  --no-progress    no progress bar (it shows only on a terminal)
  -h, --help       this help
  -v, --version    the version

Exit codes: 0 fine · 1 issues found (rows with errors, files held, fields not placed) · 2 cannot read (or wrong usage).
Nothing printed carries a full SIN or business number: they are masked (*** *** 544).

Examples:
  npx taxsync inspect samples/dtmax-particuliers.csv
  npx taxsync inspect samples/taxprep-societes.xlsx --json
  npx taxsync match samples/t183-2025-cabinet.zip --clients samples/dtmax-particuliers.csv --pattern "{sin} - {name}.pdf"
  npx taxsync layout samples/t183-2025-provencher.pdf --form T183 --year 2025 --out preview.pdf`,
  colon: ': ',
  file: 'File',
  format: 'Format',
  encoding: 'encoding',
  delimiter: 'delimiter',
  sheet: 'sheet',
  kind: 'Clients',
  individual: 'individuals',
  corporation: 'corporations',
  headerRow: 'Header row',
  columns: 'Columns (header → field)',
  unknownColumns: 'Columns not used',
  counts: (rows: number, records: number, rejected: number, blank: number) => `Rows: ${rows} · clients: ${records} · rejected: ${rejected} · blank: ${blank}`,
  issues: (errors: number, warnings: number) => `Issues: ${errors} error(s), ${warnings} warning(s)`,
  noIssues: 'No issues.',
  row: 'row',
  error: 'error',
  warning: 'warning',
  archive: 'Archive',
  clientsFile: 'Clients',
  reading: 'Reading',
  matchSummary: (entries: number, matched: number, held: number, rejected: number, skipped: number) =>
    `Entries: ${entries} · matched: ${matched} · held: ${held} · rejected: ${rejected} · skipped: ${skipped}`,
  matched: 'matched',
  held: 'held',
  rejected: 'rejected',
  skipped: 'skipped',
  by: 'by',
  form: 'Form',
  resolved: (fields: number, copies: number) => `Fields placed: ${fields} (copies of the form: ${copies})`,
  unplaced: 'Not placed',
  page: 'page',
  heldBecause: 'Held',
  preview: 'Preview written',
  png: 'Picture of the page written',
  noPng: 'pdftoppm not found: no PNG (install poppler-utils for one)',
  cannotRead: 'Cannot read',
  usageError: 'Wrong usage',
  seeHelp: 'See taxsync --help.',
  unknownCommand: (name: string) => `unknown command "${name}"`,
  missingFile: 'a file is required',
  missingOption: (name: string) => `the option --${name} is required`,
  badYear: 'the year must be a number such as 2025',
  badLang: 'the language must be fr or en',
  notFound: 'no such file',
} satisfies Record<string, Text>;

const fr: { readonly [K in keyof typeof en]: (typeof en)[K] } = {
  usage: `taxsync — vérifier une vraie exportation DT Max / Taxprep, un zip d'impressions ou une impression du T183 sans écrire de programme

Utilisation :
  taxsync inspect <clients.csv|clients.xlsx> [--json]
  taxsync match <archive.zip> --clients <clients.csv|clients.xlsx> [--pattern <modèle>] [--year <année>] [--json]
  taxsync layout <impression.pdf> --form <T183|T183CORP|TP-1000.TE|CO-1000.TE> --year <année> [--out <apercu.pdf>] [--json]

Options :
  --lang fr|en     langue de la sortie (par défaut : selon LANG, sinon le français)
  --json           sortie lisible par machine sur stdout
  --no-progress    pas de barre de progression (elle ne s'affiche que dans un terminal)
  -h, --help       cette aide
  -v, --version    la version

Codes de sortie : 0 tout va bien · 1 problèmes trouvés (lignes en erreur, fichiers retenus, champs non placés) · 2 lecture impossible (ou mauvaise utilisation).
Rien de ce qui est affiché ne contient un NAS ou un NE complet : ils sont masqués (*** *** 544).

Exemples :
  npx taxsync inspect samples/dtmax-particuliers.csv
  npx taxsync inspect samples/taxprep-societes.xlsx --json
  npx taxsync match samples/t183-2025-cabinet.zip --clients samples/dtmax-particuliers.csv --pattern "{sin} - {name}.pdf"
  npx taxsync layout samples/t183-2025-provencher.pdf --form T183 --year 2025 --out apercu.pdf`,
  colon: ' : ',
  file: 'Fichier',
  format: 'Format',
  encoding: 'encodage',
  delimiter: 'séparateur',
  sheet: 'feuille',
  kind: 'Clients',
  individual: 'particuliers',
  corporation: 'sociétés',
  headerRow: "Ligne d'en-tête",
  columns: 'Colonnes (en-tête → champ)',
  unknownColumns: 'Colonnes non utilisées',
  counts: (rows, records, rejected, blank) => `Lignes : ${rows} · clients : ${records} · rejetées : ${rejected} · vides : ${blank}`,
  issues: (errors, warnings) => `Problèmes : ${errors} erreur(s), ${warnings} avertissement(s)`,
  noIssues: 'Aucun problème.',
  row: 'ligne',
  error: 'erreur',
  warning: 'avertissement',
  archive: 'Archive',
  clientsFile: 'Clients',
  reading: 'Lecture',
  matchSummary: (entries, matched, held, rejected, skipped) =>
    `Fichiers : ${entries} · associés : ${matched} · retenus : ${held} · rejetés : ${rejected} · ignorés : ${skipped}`,
  matched: 'associé',
  held: 'retenu',
  rejected: 'rejeté',
  skipped: 'ignoré',
  by: 'par',
  form: 'Formulaire',
  resolved: (fields, copies) => `Champs placés : ${fields} (exemplaires du formulaire : ${copies})`,
  unplaced: 'Non placés',
  page: 'page',
  heldBecause: 'Retenu',
  preview: 'Aperçu écrit',
  png: 'Image de la page écrite',
  noPng: "pdftoppm introuvable : pas d'image PNG (installez poppler-utils pour en avoir une)",
  cannotRead: 'Lecture impossible',
  usageError: 'Mauvaise utilisation',
  seeHelp: 'Voir taxsync --help.',
  unknownCommand: (name) => `commande inconnue « ${name} »`,
  missingFile: 'un fichier est requis',
  missingOption: (name) => `l'option --${name} est requise`,
  badYear: "l'année doit être un nombre comme 2025",
  badLang: 'la langue doit être fr ou en',
  notFound: 'fichier introuvable',
};

/** The command line's texts in each language. */
export const CLI_TEXTS: Readonly<Record<Locale, typeof en>> = { en, fr };

/** The command line's texts in one language. */
export type CliTexts = typeof en;
