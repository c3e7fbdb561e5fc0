/**
 * The one folding of names for comparison: case, accents and ligatures never matter (`Lœuillet` = `LOEUILLET`,
 * `Søren` = `Soren`, `Hélène` = `helene`).
 */

const LIGATURES: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };

/** The definition: lower case, ligatures spelled out, canonical decomposition, combining accents removed. */
function foldSlow(lower: string): string {
  return lower
    .replace(/[œæßøłđ]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Characters below this code unit (Latin-1 and Latin Extended-A/B) fold through {@link FOLDED}. */
const TABLE_END = 0x250;

/**
 * The fold of each character below {@link TABLE_END}, computed once from the definition. Folding a string of such
 * characters one character at a time gives exactly the definition's result (lower-casing and decomposing them
 * depend on no neighbour, and every accent they decompose into is removed): names are folded without `normalize`.
 */
const FOLDED: readonly string[] = /* @__PURE__ */ (() =>
  Array.from({ length: TABLE_END }, (_, code) => {
    const char = String.fromCharCode(code);
    return foldSlow(char.toLowerCase());
  }))();

/**
 * Internal (not re-exported): the fold of one UTF-16 code unit below 0x250 (Latin-1, Latin Extended-A and -B), or
 * `undefined` above, where only {@link foldLetters} on the whole string is exact. Lets a caller walk a name's folded
 * letters without building strings.
 */
export function foldedChar(code: number): string | undefined {
  return code < TABLE_END ? FOLDED[code] : undefined;
}

/** Lower case, accents removed, ligatures spelled out; every other character kept. */
export function foldLetters(value: string): string {
  const lower = value.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= TABLE_END) return foldSlow(lower);
    out += FOLDED[code] as string;
  }
  return out;
}

/** A name folded for equality: {@link foldLetters}, then letters and digits only (hyphens, apostrophes, spaces gone). */
export function foldName(value: string): string {
  return foldLetters(value).replace(/[^a-z0-9]/g, '');
}

/** A name folded and split into its words (on everything that is not a letter or a digit). */
export function foldWords(value: string): string[] {
  return foldLetters(value)
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}
