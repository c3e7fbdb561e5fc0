/* A frozen copy of src/parsers at 0078d5b (before #13), the reference of parse-differential.test.ts. Do not edit. */
/**
 * Which cells of the rows read while looking for a header may appear in an error. Internal.
 *
 * A file whose header was not recognised may have no header at all: its first rows are then clients (names,
 * e-mails, addresses, SINs), and none of that may reach a message. A cell is shown only when it is made of header
 * words — the words of every alias in `aliases.ts` plus the generic words of column titles below — so what is shown
 * is taxsync's own vocabulary, never a person's data. Every other cell is only counted.
 */
import { ALIAS_SPELLINGS, CORPORATION_ONLY_NAME_HEADERS, HEADER_ALIASES, foldHeader } from './aliases.js';

/** Words of column titles and export banners that are no field's alias but never a person's data either. */
const GENERIC_HEADER_WORDS: readonly string[] = [
  // French
  'client', 'clients', 'colonne', 'numero', 'ligne', 'code', 'date', 'type', 'compte', 'secondaire', 'principal', 'personnel',
  'travail', 'bureau', 'note', 'notes', 'remarque', 'remarques', 'commentaire', 'commentaires', 'statut', 'annee', 'sexe', 'genre',
  'reference', 'responsable', 'gestionnaire', 'preparateur', 'exportation', 'liste', 'particulier', 'particuliers', 'societe',
  'societes', 'entreprise', 'entreprises', 'modifier', 'tetes', 'entetes', 'entete', 'feuille', 'identifiant', 'courriels',
  'residence', 'domicile', 'cellulaire', 'telecopieur', 'contribuable', 'conjoint', 'age', 'ville', 'langue', 'numeros',
  // English
  'column', 'number', 'line', 'id', 'secondary', 'personal', 'work', 'office', 'comment', 'comments', 'status', 'year', 'sex',
  'gender', 'ref', 'manager', 'preparer', 'export', 'list', 'individual', 'individuals', 'corporations', 'companies', 'edit',
  'header', 'headers', 'sheet', 'identifier', 'home', 'cell', 'fax', 'taxpayer', 'spouse', 'emails', 'numbers',
  // Programs, and the small words of titles (not `DT Max`: Max is a first name)
  'taxprep', 'dtmax', 'du', 'de', 'des', 'la', 'le', 'les', 'et', 'ou', 'en', 'ne', 'pas', 'of', 'the', 'and', 'or',
  'do', 'not', 'to', 'for', 'par', 'pour', 'no',
];

const WORD = /[\p{L}\p{N}]+/gu;
const fold = (word: string): string => word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Every word of every alias, folded, plus the generic words; places are address data even when an alias names one. */
const HEADER_WORDS: ReadonlySet<string> = /* @__PURE__ */ (() => new Set(
  [...GENERIC_HEADER_WORDS, ...[...ALIAS_SPELLINGS, ...CORPORATION_ONLY_NAME_HEADERS].flatMap((alias) => (alias.match(WORD) ?? []).map(fold))].filter(
    (word) => word !== 'quebec' && word !== 'canada',
  ),
))();

/** At most this many digits in a shown cell: `Adresse 2`, `Année 2024`, never a number that could identify someone. */
const MAX_DIGITS = 4;

/** A cell no header holds: an e-mail address, or five digits or more (a SIN, a phone number, a date, a street number). */
const isEvidentlyData = (cell: string): boolean => cell.includes('@') || (cell.match(/\d/g)?.length ?? 0) > MAX_DIGITS;

/** True when `cell` can be shown as a header candidate: an alias, or only header words (see the module comment). */
function isShowableHeader(cell: string): boolean {
  const folded = foldHeader(cell);
  if (folded === '') return false;
  if (HEADER_ALIASES.individual.has(folded) || HEADER_ALIASES.corporation.has(folded)) return true;
  if (isEvidentlyData(cell)) return false;
  // Numbers (at most four digits) and single letters (`Colonne B`) are no one's data on their own.
  const words = (cell.match(WORD) ?? []).map(fold).filter((w) => w.length >= 2 && !/^\d+$/.test(w));
  return words.length > 0 && words.every((w) => HEADER_WORDS.has(w));
}

/**
 * The header candidates of the rows read, for an error's params: the cells that may be shown (distinct, in order,
 * at most `limit`), and how many other distinct non-empty cells were left out because they may be personal data.
 * A row holding a cell that is evidently data (an e-mail, a long number) is a data row: none of its cells is shown,
 * not even one that happens to spell a header (a first name such as « Liên » folds to the alias `Lien`).
 */
export function headerCandidates(rows: Iterable<readonly string[]>, limit = 40): { readonly shown: string[]; readonly hidden: number } {
  const shown: string[] = [];
  const seen = new Set<string>();
  let hidden = 0;
  for (const row of rows) {
    const cells = row.map((cell) => cell.trim()).filter((cell) => cell !== '');
    const dataRow = cells.some(isEvidentlyData);
    for (const cell of cells) {
      if (seen.has(cell)) continue;
      seen.add(cell);
      if (!dataRow && isShowableHeader(cell) && shown.length < limit) shown.push(cell);
      else hidden++;
    }
  }
  return { shown, hidden };
}
