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
