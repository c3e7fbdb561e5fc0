// Frozen oracle: the implementation before #13 (commit 0078d5b), for the differential tests. See README.md; never edit to make a test pass.
/**
 * The one folding of names for comparison: case, accents and ligatures never matter (`Lœuillet` = `LOEUILLET`,
 * `Søren` = `Soren`, `Hélène` = `helene`).
 */

const LIGATURES: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };

/** Lower case, accents removed, ligatures spelled out; every other character kept. */
export function foldLetters(value: string): string {
  const lower = value.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return lower
    .replace(/[œæßøłđ]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
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
