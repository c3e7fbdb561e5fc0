/**
 * Name comparison for matching file names to clients: accents, case, hyphens, apostrophes and corporate suffixes
 * never matter; the words do.
 */

import { foldWords } from '../model/fold.js';

/** Words that carry no identity in a corporation's name. */
const CORPORATE_SUFFIXES = /* @__PURE__ */ new Set([
  'inc', 'incorporated', 'incorporee', 'ltee', 'limitee', 'ltd', 'limited', 'corp', 'corporation', 'co', 'cie', 'compagnie',
  'enr', 'senc', 'sencrl', 'srl', 'llp', 'llc', 'sec', 'societe', 'company', 'the', 'les', 'la', 'le',
]);

/** Folds accents, ligatures and case and splits on everything that is not a letter or digit. */
export const nameWords = foldWords;

/** The significant words of a corporation's name (suffixes such as inc., ltée removed). */
export function corporateWords(value: string): string[] {
  return nameWords(value).filter((w) => !CORPORATE_SUFFIXES.has(w));
}

/** `<NNNN>` of words already folded: their first four letters. */
const firstFourOf = (words: readonly string[]): string => words.join('').replace(/[^a-z]/g, '').slice(0, 4);

/** DT Max's `<NNNN>`: the first four letters (accents folded, no spaces or hyphens) of a last or corporation name. */
export function firstFour(value: string): string {
  return firstFourOf(nameWords(value));
}

/** How a client's name is compared, precomputed once per client. */
export interface NameProfile {
  /** Every distinct word of the name (first and last, or the corporation's significant words). */
  readonly words: readonly string[];
  /** Words that identify the family (last name) or the corporation. */
  readonly surnameWords: readonly string[];
  /** Accepted whole forms of the surname: hyphenated parts joined (`gagnontremblay`) and the `<NNNN>` form. */
  readonly surnameForms: readonly string[];
  /** A corporation: suffixes such as inc. or ltée in the file name are ignored. */
  readonly corporate: boolean;
}

// Names have a handful of words: small arrays cost far less memory than Sets across 100,000 indexed clients.
const distinct = (words: readonly string[]): string[] => words.filter((w, i) => w !== '' && words.indexOf(w) === i);

/** Builds the comparison profile of a person or a corporation (each name folded once). */
export function profileOf(name: { firstName: string; lastName: string } | { name: string }): NameProfile {
  if ('name' in name) {
    const all = nameWords(name.name);
    const words = all.filter((w) => !CORPORATE_SUFFIXES.has(w));
    const significant = words.length > 0 ? words : all;
    return {
      words: distinct(significant),
      surnameWords: distinct(significant),
      surnameForms: distinct([significant.join(''), firstFourOf(all)]),
      corporate: true,
    };
  }
  const last = nameWords(name.lastName);
  const first = nameWords(name.firstName);
  return {
    words: distinct([...first, ...last]),
    surnameWords: distinct(last),
    surnameForms: distinct([last.join(''), firstFourOf(last)]),
    corporate: false,
  };
}

/** Outcome of comparing the name written in a file name with a client's. */
export type NameAgreement = 'agrees' | 'disagrees';

/**
 * Every word of the file's name part must belong to the client's name, and the surname must be among them (as a word,
 * the whole hyphenated surname, or its first four letters). Word order and case never matter.
 */
export function nameAgrees(fileWords: readonly string[], profile: NameProfile): NameAgreement {
  if (fileWords.length === 0) return 'disagrees';
  let surname = false;
  for (const word of fileWords) {
    if (profile.corporate && CORPORATE_SUFFIXES.has(word)) continue;
    if (profile.surnameForms.includes(word) || profile.surnameWords.includes(word)) {
      surname = true;
      continue;
    }
    if (!profile.words.includes(word)) return 'disagrees';
  }
  return surname ? 'agrees' : 'disagrees';
}

/** The key of a set of words, for exact-name lookups: sorted distinct words. */
export function wordsKey(words: Iterable<string>): string {
  return [...new Set(words)].sort().join(' ');
}

/** The exact-name keys a file's words may stand for (as a person's name, and as a corporation's without suffixes). */
export function fileNameKeys(fileWords: readonly string[]): string[] {
  const asPerson = wordsKey(fileWords);
  const asCorporation = wordsKey(fileWords.filter((w) => !CORPORATE_SUFFIXES.has(w)));
  return asPerson === asCorporation ? [asPerson] : [asPerson, asCorporation];
}

/**
 * Stricter agreement for a match on the name alone: the file's words must be exactly the client's words (any order),
 * so that "Marie Côté" never reaches "Marie-Ève Côté".
 */
export function nameEquals(fileWords: readonly string[], profile: NameProfile): boolean {
  const set = new Set(profile.corporate ? fileWords.filter((w) => !CORPORATE_SUFFIXES.has(w)) : fileWords);
  if (set.size !== profile.words.length) return false;
  for (const word of set) if (!profile.words.includes(word)) return false;
  return true;
}
