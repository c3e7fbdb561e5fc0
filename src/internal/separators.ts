/**
 * What the identifier validators ignore between digits. Internal: `validateSin`, `validateBusinessNumber` and
 * `validateNeq` strip these before reading the digits, and `maskText` joins digits across exactly these, so masking
 * covers every way a number is accepted.
 */

/**
 * One separator character as a regular-expression class: any Unicode whitespace (`\s`: spaces, tabs, NBSP U+00A0,
 * narrow NBSP U+202F, thin and em spaces, line breaks, BOM), a dot or a dash.
 */
export const ID_SEPARATOR_CLASS = /* @__PURE__ */ (() => String.raw`[\s.\-]`)();

/** Every separator character in a string, for `replace`. */
export const ID_SEPARATORS = /* @__PURE__ */ (() => new RegExp(ID_SEPARATOR_CLASS, 'g'))();

/**
 * One separator character between the digits of a number in a file name: what the validators accept
 * ({@link ID_SEPARATOR_CLASS}) plus the underscore, which file names use for spaces.
 */
export const FILE_KEY_SEPARATOR_CLASS = /* @__PURE__ */ (() => String.raw`[\s.\-_]`)();

/**
 * One character masking treats as a separator between digits: everything {@link FILE_KEY_SEPARATOR_CLASS} does, plus
 * the other ways people and programs write a number (`/`, `·` and `•`, apostrophes, the Unicode dashes and hyphens;
 * a comma too, but alone, as in `271,845,935`, so that a list such as `rows 2, 3, 4` stays readable). Masking may hide
 * more than the validators accept: that is the safe side.
 */
export const MASK_SEPARATOR_CLASS = /* @__PURE__ */ (() => String.raw`[\s.\-_/·•'’\u2010-\u2015\u2212]`)();

/** Full-width digits (`０`–`９`), as some keyboards and programs type them, replaced by ASCII digits. */
export const asciiDigits = (text: string): string =>
  text.replace(/[\uFF10-\uFF19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
