/**
 * Skipping, before placement, the pages of a bundle that cannot be the form. Placing fields builds every page's lines
 * (sorting runs, folding every character) only to look for the form's identifiers; on a 20-page return with the
 * T183 on one page, that is most of the work. This module answers, much more cheaply, "could this page's text
 * contain every identifier of some set?" — a necessary condition, never a guess: a page it rules out is one on which
 * `placeSignatureFields` would not find the form either, so ruling it out changes nothing but the time taken.
 *
 * Why it is safe: a page's folded text (see text.ts) is its runs' characters folded one by one, runs put side by side
 * in lines, with spaces added between runs and between lines — never removed. So each word (space-free stretch) of
 * a folded identifier that appears in it is made of consecutive runs' characters: the end of one run, whole runs,
 * the start of another, with no white space in between. The check looks for such a chain among the page's runs in
 * any order, which only finds more chains than the page has.
 */
import { fold, type TextRun } from '../text.js';

const foldedUnits = /* @__PURE__ */ new Map<string, string>();

/** A UTF-16 unit folded as text.ts folds it; `undefined` for white space, which ends a word. */
function foldUnit(unit: string): string | undefined {
  if (/\s/.test(unit)) return undefined;
  let folded = foldedUnits.get(unit);
  if (folded === undefined) {
    // fold() trims and squeezes spaces a character may fold to (¨ folds to a space): a chain then only gets longer.
    folded = fold(unit);
    if (foldedUnits.size < 4096) foldedUnits.set(unit, folded);
  }
  return folded;
}

/** A UTF-16 unit outside ASCII. */
const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;

/**
 * Whether ASCII text folds as `toLowerCase()` with the backquote made an apostrophe (white space separating words):
 * checked against fold() itself once, character by character, so that the shortcut cannot drift from text.ts.
 */
const ASCII_FAST = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).every((ch) =>
  /\s/.test(ch) ? foldUnit(ch) === undefined : foldUnit(ch) === ch.toLowerCase().replace('`', "'"),
);

/**
 * The page's runs, folded, as one string where white space (and the `\n` put between runs) separates the stretches
 * a word can be made of.
 */
function segmentsOf(joined: string): string {
  if (!ASCII_FAST) {
    let out = '\n';
    for (let i = 0; i < joined.length; i++) out += foldUnit(joined[i] as string) ?? '\n';
    return `${out}\n`;
  }
  // Other characters one by one through fold() (their folded forms are lower case already), then ASCII at once.
  const folded = NON_ASCII.test(joined) ? joined.replace(NON_ASCII_ALL, (unit) => foldUnit(unit) ?? '\n') : joined;
  return `\n${folded.toLowerCase().replace(/`/g, "'")}\n`;
}

/** ASCII white space (what is left of white space in the folded text: fold() turns the rest into spaces). */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * Whether `word` lies in one stretch, or is the end of one, then whole ones, then the start of another. Walks the
 * places where the word could start a stretch rather than testing each split of the word.
 */
function chainable(word: string, text: string): boolean {
  if (text.includes(word)) return true;
  const n = word.length;
  // reach[i]: the word's first i characters can be the end of a chain of stretches; reach[0]: the word is found.
  const reach = new Uint8Array(n);
  const follow = (from: number, at: number): void => {
    let m = 0;
    while (at + m < n && text.charCodeAt(from + m) === word.charCodeAt(at + m)) m++;
    if (at + m === n) reach[0] = 1;
    else if (m > 0 && isSpace(text.charCodeAt(from + m))) reach[at + m] = 1;
  };
  const first = word[0] as string;
  for (let k = text.indexOf(first); k !== -1; k = text.indexOf(first, k + 1)) follow(k, 0);
  for (let i = 1; i < n && reach[0] === 0; i++) {
    if (reach[i] === 0) continue;
    const next = word[i] as string;
    for (let k = text.indexOf(next); k !== -1 && reach[0] === 0; k = text.indexOf(next, k + 1)) {
      if (isSpace(text.charCodeAt(k - 1))) follow(k, i);
    }
  }
  return reach[0] === 1;
}

const wordsCache = new WeakMap<readonly (readonly string[])[], readonly (readonly string[])[]>();

/** Each identifier set's words, folded. */
function wordsOf(identifiers: readonly (readonly string[])[]): readonly (readonly string[])[] {
  let words = wordsCache.get(identifiers);
  if (words === undefined) {
    // Longest words first: they are the likeliest to be missing, which settles the set at once.
    words = identifiers.map((set) => [...new Set(set.flatMap((fragment) => fold(fragment).split(' ')))].filter((w) => w !== '').sort((a, b) => b.length - a.length));
    wordsCache.set(identifiers, words);
  }
  return words;
}

/**
 * Whether text made of these pieces could identify the form: `false` only when no identifier set can be found in it,
 * however the pieces are put together. `pieces` holds the page's text pieces separated by white space or `\n`: runs,
 * or anything finer — pieces of which each run is some put end to end (such as the glyphs a content stream shows,
 * split wherever a run may begin or end: see skim.ts), since cutting a chain's links smaller keeps it a chain.
 */
export function mayIdentifyText(pieces: string, identifiers: readonly (readonly string[])[]): boolean {
  if (wordsOf(identifiers).length === 0) return false;
  return mayIdentifyFolded(segmentsOf(pieces), identifiers);
}

/**
 * {@link mayIdentifyText} for pieces already folded unit by unit with {@link foldedUnit} (white space and the
 * separators between pieces as `\n`), starting and ending with `\n`: what a reader that folds as it reads passes.
 */
export function mayIdentifyFolded(segments: string, identifiers: readonly (readonly string[])[]): boolean {
  for (const words of wordsOf(identifiers)) {
    if (words.every((w) => chainable(w, segments))) return true;
  }
  return false;
}

/** Each UTF-16 unit folded as segmentsOf folds it, when that is one unit; -1 when it is not; -2 not known yet. */
const FOLDED = new Int32Array(0x10000).fill(-2);

/**
 * A UTF-16 unit as {@link mayIdentifyText} folds it, when that is one unit (white space: `\n`); -1 when it folds to
 * none or several (see {@link foldedUnitText}). Folding text unit by unit gives what mayIdentifyText folds it to: it
 * folds each unit on its own.
 */
export function foldedUnit(unit: number): number {
  let folded = FOLDED[unit] as number;
  if (folded === -2) {
    const text = foldedUnitText(unit);
    folded = text.length === 1 ? text.charCodeAt(0) : -1;
    FOLDED[unit] = folded;
  }
  return folded;
}

/** A UTF-16 unit as {@link mayIdentifyText} folds it: `\n` for white space. */
export function foldedUnitText(unit: number): string {
  return segmentsOf(String.fromCharCode(unit)).slice(1, -1);
}

/**
 * Whether the page's text could identify the form: `false` only when no identifier set can be found in it, however
 * its runs are arranged into lines.
 */
export function mayIdentify(runs: readonly TextRun[], identifiers: readonly (readonly string[])[]): boolean {
  return mayIdentifyText(runs.map((r) => r.str).join('\n'), identifiers);
}

/** Stands for the text of a page that cannot be the form: it has text, and identifies nothing. */
export const OTHER_TEXT: TextRun = { str: '·', x: 0, y: 0, angle: 0, length: 1, size: 1 };
