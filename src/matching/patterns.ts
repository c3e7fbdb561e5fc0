/**
 * File-naming patterns: ours (`{sin} - {name}.pdf`) and DT Max's own templates (`<NNNN><ID><SEQ>`), which firms
 * already configure in the program's print settings.
 */
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { FILE_KEY_SEPARATOR_CLASS } from '../internal/separators.js';

/** What a token of a pattern captures. */
export type PatternToken = 'sin' | 'bn' | 'id' | 'name' | 'first' | 'last' | 'nnnn' | 'year' | 'seq' | 'doc' | 'clientNumber' | 'any';

const TOKENS: Readonly<Record<string, PatternToken>> = {
  '{sin}': 'sin', '{nas}': 'sin', '{bn}': 'bn', '{ne}': 'bn', '{id}': 'id', '{name}': 'name', '{nom}': 'name',
  '{first}': 'first', '{prenom}': 'first', '{last}': 'last', '{year}': 'year', '{annee}': 'year', '{doc}': 'doc',
  '{seq}': 'seq', '{client}': 'clientNumber', '{#}': 'clientNumber', '{*}': 'any',
  '<ID>': 'id', '<#>': 'clientNumber', '<N1>': 'first', '<n1>': 'first', '<N2>': 'last', '<n2>': 'last',
  '<NNNN>': 'nnnn', '<YYYY>': 'year', '<AAAA>': 'year', '<SEQ>': 'seq',
};

// Groups of digits joined by what `validateSin` accepts between them (any spaces, dots, dashes) and underscores.
const SEP = /* @__PURE__ */ (() => `${FILE_KEY_SEPARATOR_CLASS}*`)();
const DIGIT9 = /* @__PURE__ */ (() => String.raw`\d{3}${SEP}\d{3}${SEP}\d{3}`)();
const TOKEN_REGEX: Readonly<Record<PatternToken, string>> = /* @__PURE__ */ (() => ({
  sin: DIGIT9,
  bn: String.raw`${DIGIT9}(?:${SEP}[A-Za-z]{2}${SEP}\d{4})?`,
  id: String.raw`${DIGIT9}(?:${SEP}[A-Za-z]{2}${SEP}\d{4})?`,
  name: '.+?',
  first: '.+?',
  last: '.+?',
  nnnn: String.raw`\p{L}{1,4}`,
  year: String.raw`\d{4}`,
  seq: String.raw`\d{1,4}`,
  doc: '.+?',
  clientNumber: String.raw`[\p{L}\d-]+?`,
  any: '.*?',
}))();

/** A compiled naming pattern. */
export interface NamingPattern {
  /** The pattern as written. */
  readonly source: string;
  /** The tokens, in order. */
  readonly tokens: readonly PatternToken[];
  /** Matches a whole file name (without folders); groups in token order. */
  readonly regex: RegExp;
}

/** What a pattern read from a file name. */
export interface PatternCapture {
  /** The identifiers as written (SIN or BN, possibly with spaces and a program account), one per key token. */
  readonly keys: readonly { readonly token: 'sin' | 'bn' | 'id'; readonly text: string }[];
  /** The name parts, as written, in pattern order. */
  readonly names: readonly string[];
  /** `<NNNN>` as written. */
  readonly nnnn?: string;
  readonly clientNumber?: string;
  readonly year?: number;
  readonly seq?: string;
  readonly doc?: string;
}

/**
 * Compiles a naming pattern. Tokens: `{sin}` `{bn}` `{id}` `{name}` `{first}` `{last}` `{year}` `{doc}` `{seq}`
 * `{client}` `{*}` and DT Max's `<ID>` `<#>` `<N1>` `<n1>` `<N2>` `<n2>` `<NNNN>` `<YYYY>` `<AAAA>` `<SEQ>`. Spaces
 * in the pattern match any spacing; letter case never matters; `.pdf` is optional when the pattern omits it.
 *
 * @throws {@link InvalidArgumentError} `pattern_invalid` for an unknown token or a pattern with nothing that
 * identifies a client (no SIN/BN, client number or name).
 *
 * @example
 * ```ts
 * compileNamingPattern('{sin} - {name}.pdf');
 * compileNamingPattern('<NNNN><ID><SEQ>');   // DT Max's default: PROV271845935001.pdf
 * ```
 */
export function compileNamingPattern(pattern: string): NamingPattern {
  const tokens: PatternToken[] = [];
  let regex = '';
  const re = /\{[^}]*\}|<[^>]*>/g;
  let last = 0;
  // Spaces alone between two tokens must separate them (`<N1> <N2>`); spaces around other characters are optional.
  const literal = (text: string, betweenTokens: boolean): string =>
    betweenTokens && text !== '' && text.trim() === ''
      ? String.raw`\s+`
      : text
          .split(/\s+/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join(String.raw`\s*`);
  for (let m = re.exec(pattern); m !== null; m = re.exec(pattern)) {
    const token = TOKENS[m[0]] ?? TOKENS[m[0].toLowerCase()];
    if (token === undefined) {
      throw new InvalidArgumentError('pattern_invalid', { pattern, detail: `unknown token ${m[0]}; known: ${Object.keys(TOKENS).join(' ')}` });
    }
    regex += literal(pattern.slice(last, m.index), tokens.length > 0);
    regex += `(${TOKEN_REGEX[token]})`;
    tokens.push(token);
    last = m.index + m[0].length;
  }
  let tail = pattern.slice(last);
  const hasExtension = /\.pdf\s*$/i.test(tail);
  if (hasExtension) tail = tail.replace(/\.pdf\s*$/i, '');
  regex += literal(tail, false) + String.raw`\s*(?:\.pdf)${hasExtension ? '' : '?'}`;
  const identifying: readonly PatternToken[] = ['sin', 'bn', 'id', 'name', 'first', 'last', 'nnnn', 'clientNumber'];
  if (!tokens.some((t) => identifying.includes(t))) {
    throw new InvalidArgumentError('pattern_invalid', { pattern, detail: 'it has no token that identifies a client ({sin}, {bn}, <ID>, {name}, <#>…)' });
  }
  return { source: pattern, tokens, regex: new RegExp(`^\\s*${regex}\\s*$`, 'iu') };
}

// Patterns given as strings, compiled once: a batch passes the same string for every file. A pure memo (a compiled
// pattern is immutable and its regex keeps no state), bounded so that a host passing many patterns cannot grow it.
const COMPILED = new Map<string, NamingPattern>();
const COMPILED_LIMIT = 64;

// The last pattern asked for: a batch passes one string for every file, so most calls end at this comparison.
let lastSource: string | undefined;
let lastCompiled: NamingPattern | undefined;

/** {@link compileNamingPattern}, remembered for the last few dozen patterns (an invalid one throws every time). */
export function compiledPattern(pattern: string): NamingPattern {
  if (pattern === lastSource && lastCompiled !== undefined) return lastCompiled;
  let compiled = COMPILED.get(pattern);
  if (compiled === undefined) {
    compiled = compileNamingPattern(pattern);
    if (COMPILED.size >= COMPILED_LIMIT) COMPILED.clear();
    COMPILED.set(pattern, compiled);
  }
  lastSource = pattern;
  lastCompiled = compiled;
  return compiled;
}

/** Applies a pattern to a file name; undefined when the name does not follow it. */
export function readWithPattern(pattern: NamingPattern, fileName: string): PatternCapture | undefined {
  const m = pattern.regex.exec(fileName);
  if (m === null) return undefined;
  const names: string[] = [];
  const keys: { token: 'sin' | 'bn' | 'id'; text: string }[] = [];
  const capture: { nnnn?: string; clientNumber?: string; year?: number; seq?: string; doc?: string } = {};
  pattern.tokens.forEach((token, i) => {
    const value = m[i + 1] ?? '';
    switch (token) {
      case 'sin':
      case 'bn':
      case 'id':
        keys.push({ token, text: value });
        break;
      case 'name':
      case 'first':
      case 'last':
        names.push(value);
        break;
      case 'nnnn':
        capture.nnnn = value;
        break;
      case 'clientNumber':
        capture.clientNumber = value;
        break;
      case 'year':
        capture.year = Number(value);
        break;
      case 'seq':
        capture.seq = value;
        break;
      case 'doc':
        capture.doc = value;
        break;
      case 'any':
        break;
    }
  });
  return { ...capture, keys, names };
}
