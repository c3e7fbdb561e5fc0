/**
 * Every code of the catalogue, rendered in French and English with the params it declares (test/messages/examples.ts,
 * typed by code) and once more without its optional params: no gap, no leftover, no word of the other language. The
 * same for every entry of the reports' and the command line's text tables (src/messages/reports.ts, cli.ts).
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ParseError, TaxsyncError, messageCodes, renderMessage, type Locale, type MessageCode, type MessageParams } from '../../src/index.js';
import { validationMessage, validationMessageKeys, type ValidationMessageKey } from '../../src/messages/validators.js';
import { CLI_TEXTS } from '../../src/messages/cli.js';
import { DISPATCH_REPORT_TEXTS, IMPORT_REPORT_TEXTS, SYNC_LOG_TEXTS, type SyncLogTexts } from '../../src/messages/reports.js';
import { EXAMPLES, OPTIONAL, TEXT_EXAMPLES, VALIDATION_EXAMPLES } from './examples.js';

const LOCALES: readonly Locale[] = ['fr', 'en'];

/** Words that only one of the two languages uses, padded with spaces so they match whole words. */
const ONLY_IN: Record<Locale, readonly string[]> = {
  fr: [' le ', ' la ', ' les ', ' des ', ' une ', ' du ', ' est ', ' pas ', ' avec ', ' vous', 'votre', ' aucun', ' sont ', ' dans ', ' ou ', ' mais '],
  en: [' the ', ' and ', ' your ', ' with ', ' is ', ' not ', ' this ', ' was ', ' of ', ' from ', ' has ', ' be ', ' no ', ' or ', ' but '],
};

/** The text a message adds around its params: values are data (names, headers, file patterns) in any language. */
function ownWords(text: string, params: MessageParams): string {
  let own = ` ${text} `;
  for (const value of Object.values(params).map(String).filter((v) => v.length > 1).sort((a, b) => b.length - a.length)) {
    own = own.split(value).join(' ∎ ');
  }
  return own.replace(/[«»"“”(),.:;!?]/g, ' $& ').replace(/\s+/g, ' ').toLowerCase();
}

/**
 * What is wrong with `text`. A `piece` is a word or phrase a report puts inside a line (`updated`, `row`, `→`): it
 * need not be a sentence (two words, a capital, no trailing colon) but gets every other check.
 */
function gaps(text: string, params: MessageParams, locale: Locale, piece = false): string[] {
  const found: string[] = [];
  const check = (bad: boolean, what: string): void => {
    if (bad) found.push(what);
  };
  if (piece) check(text.trim() === '' || (!/\p{L}/u.test(text) && !/^ ?(:|→) ?$/.test(text)), 'no words');
  else check(text.trim() === '' || !/\p{L}{2,}.*\p{L}{2,}/u.test(text), 'no words');
  for (const leftover of ['undefined', 'NaN', '[object', 'null', '${']) check(text.includes(leftover), leftover);
  // The indented lines of a help text (options and commands) are aligned in columns: their runs of spaces are layout.
  const unaligned = text.includes('\n') ? text.split('\n').map((l) => (/^\s/.test(l) ? l.trim().replace(/ {2,}/g, ' ') : l)).join('\n') : text;
  check(/ {2}/.test(unaligned), 'double space');
  check(/ [.,](\s|$)/.test(text), 'space before . or ,');
  check(/\(\s*\)|\( | \)|«\s*»|""/.test(text), 'empty brackets or quotes');
  check(/[:;,]\s*[.;](\s|$)/.test(text) || (!piece && /:\s*$/.test(text)), 'punctuation with nothing between');
  check(!piece && /^[a-zà-ÿ]/.test(text) && !/^(options|taxsync|npm|macOS)\b/.test(text), 'starts in lower case');
  // A brace is left only where a param put it (a naming pattern, a template variable).
  check(/[{}]/.test(ownWords(text, params).replace(/\{\{ ∎ \}\}/g, '')), 'unreplaced {');
  const own = ownWords(text, params);
  for (const word of ONLY_IN[locale === 'fr' ? 'en' : 'fr']) check(own.includes(word), `"${word.trim()}" of the other language`);
  if (locale === 'en') check(/[éèêàçùôî]/.test(own.replace(/∎/g, '')), 'French accent in English');
  return found;
}

const cases = messageCodes.map((code) => [code] as const);

/** One text of a table: where it is (`sections.held`, `invited#2` for its second example), what it says, the values put into it. */
interface TableText {
  readonly key: string;
  readonly text: string;
  readonly params: MessageParams;
  readonly fromFunction: boolean;
}

type Examples = Readonly<Record<string, (locale: Locale) => readonly (readonly unknown[])[]>>;

/** The values of a function's arguments, flattened (`{ a0: 2025, 'a1.rows': 12 }`), as data the check leaves out. */
const argParams = (args: readonly unknown[]): MessageParams =>
  Object.fromEntries(
    args.flatMap((arg, i) =>
      typeof arg === 'object' && arg !== null ? Object.entries(arg).map(([k, v]) => [`a${i}.${k}`, v as string | number]) : [[`a${i}`, arg as string | number]],
    ),
  );

/** Every text of `table` in `locale`: strings as they are, nested tables walked, functions called with each example. */
function tableTexts(table: object, examples: Examples, locale: Locale, prefix = ''): TableText[] {
  return Object.entries(table).flatMap(([name, value]: [string, unknown]): TableText[] => {
    const key = `${prefix}${name}`;
    if (typeof value === 'string') return [{ key, text: value, params: {}, fromFunction: false }];
    if (typeof value === 'number') return []; // a layout width, not a text
    if (typeof value === 'function') {
      const argsList = examples[name]?.(locale);
      if (argsList === undefined || argsList.length === 0) throw new Error(`no example for ${key}`);
      return argsList.map((args, n) => ({ key: `${key}#${n + 1}`, text: (value as (...a: readonly unknown[]) => string)(...args), params: argParams(args), fromFunction: true }));
    }
    if (typeof value === 'object' && value !== null) return tableTexts(value, {}, locale, `${key}.`);
    throw new Error(`${key} is neither a text nor a table`);
  });
}

const TABLES = [
  ['the client import report', IMPORT_REPORT_TEXTS, TEXT_EXAMPLES.importReport],
  ['the dispatch report', DISPATCH_REPORT_TEXTS, TEXT_EXAMPLES.dispatchReport],
  ['the signature sync log', SYNC_LOG_TEXTS, TEXT_EXAMPLES.syncLog],
  // The help shows a file-name pattern: its braces are the pattern's, not a placeholder left unreplaced.
  ['the command line', CLI_TEXTS, TEXT_EXAMPLES.cli, { pattern: '{sin} - {name}.pdf' }],
] as const satisfies readonly (readonly [string, Readonly<Record<Locale, object>>, Examples, MessageParams?])[];

describe('the catalogue', () => {
  it('has an example for exactly the codes it renders', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...messageCodes].sort());
    expect(new Set(messageCodes).size).toBe(messageCodes.length);
  });

  it.each(cases)('%s reads well in French and English with its declared params', (code: MessageCode) => {
    const params = EXAMPLES[code] as MessageParams;
    const fr = renderMessage<MessageCode>(code, params, 'fr');
    const en = renderMessage<MessageCode>(code, params, 'en');
    expect(fr).not.toBe(en);
    expect({ fr: gaps(fr, params, 'fr'), en: gaps(en, params, 'en') }).toEqual({ fr: [], en: [] });
  });

  it.each(Object.entries(OPTIONAL))('%s reads well without its optional params', (code, optional: readonly string[]) => {
    const params = Object.fromEntries(Object.entries(EXAMPLES[code as MessageCode]).filter(([key]) => !optional.includes(key)));
    for (const locale of LOCALES) {
      const text = renderMessage<MessageCode>(code as MessageCode, params, locale);
      expect(gaps(text, params, locale), `${code} (${locale}): ${text}`).toEqual([]);
    }
  });

  it.each(validationMessageKeys.map((key) => [key] as const))('validator message %s reads well in French and English', (key: ValidationMessageKey) => {
    const params = VALIDATION_EXAMPLES[key] as MessageParams;
    const fr = validationMessage<ValidationMessageKey>(key, params as never, 'fr');
    const en = validationMessage<ValidationMessageKey>(key, params as never, 'en');
    expect(fr).not.toBe(en);
    expect({ fr: gaps(fr, params, 'fr'), en: gaps(en, params, 'en') }).toEqual({ fr: [], en: [] });
  });

  it.each(TABLES)('every text of %s reads well in French and English', (_name, table, examples, quoted: MessageParams = {}) => {
    const fr = tableTexts(table.fr, examples, 'fr');
    const en = tableTexts(table.en, examples, 'en');
    expect(fr.map((t) => t.key)).toEqual(en.map((t) => t.key));
    expect(fr.length).toBeGreaterThan(5);
    const problems = (texts: readonly TableText[], locale: Locale): Record<string, string[]> =>
      Object.fromEntries(
        texts
          // A line of its own (a sentence ending with a full stop) is checked as a whole message, the rest as pieces.
          .map((t) => [`${t.key}: ${t.text}`, gaps(t.text, { ...quoted, ...t.params }, locale, !t.text.trimEnd().endsWith('.'))] as const)
          .filter(([, found]) => found.length > 0),
      );
    expect({ fr: problems(fr, 'fr'), en: problems(en, 'en') }).toEqual({ fr: {}, en: {} });
    // What a function writes around its values is translated (a single word may be the same in both: `Format`).
    fr.forEach((t, i) => {
      if (t.fromFunction) expect(t.text, t.key).not.toBe(en[i]?.text);
    });
  });

  // `npm run typecheck` fails when one of these lines compiles: an unused @ts-expect-error is an error.
  it('rejects a missing or misspelt param at compile time, and takes none where a code declares none', () => {
    // @ts-expect-error sin_invalid needs its value
    expect(renderMessage('sin_invalid', {}, 'en')).toContain('SIN');
    // @ts-expect-error detial is not a param of invalid_input
    expect(new InvalidArgumentError('invalid_input', { detial: 'a number' }).code).toBe('invalid_input');
    // @ts-expect-error no_header needs what was found
    expect(new ParseError('no_header').code).toBe('no_header');
    // @ts-expect-error wrong_client_kind takes a kind, not words of one language
    expect(renderMessage('wrong_client_kind', { key: '*** *** 935', actual: 'a corporation', expected: 'individual' }, 'en')).toContain('a corporation');
    // @ts-expect-error a count is a number
    expect(IMPORT_REPORT_TEXTS.fr.invited('2')).toBe('2 invitations envoyées');
    const { totals: _totals, ...withoutTotals } = SYNC_LOG_TEXTS.fr;
    // @ts-expect-error a table of one language without a key of the other does not compile
    const missing: SyncLogTexts = withoutTotals;
    expect(missing.title(2025)).toBe('Synchronisation des signatures 2025');
    expect(new TaxsyncError('empty_input').messageIn('en')).toBe('The file is empty. Export the client list again from the tax program.');
  });

  it('checks what it claims: a gap, a leftover and a word of the other language are caught', () => {
    expect(gaps('Le NAS  est vide .', {}, 'fr')).toEqual(expect.arrayContaining(['double space', 'space before . or ,']));
    expect(gaps('The file undefined has no {name}.', {}, 'en')).toEqual(expect.arrayContaining(['undefined', 'unreplaced {']));
    expect(gaps('Le fichier is not valide.', {}, 'fr')).toEqual(['"is" of the other language', '"not" of the other language']);
    expect(gaps('The file est vide.', {}, 'en')).toEqual(['"est" of the other language']);
    expect(gaps('Le modèle {sin} - {name}.pdf ne convient pas.', { pattern: '{sin} - {name}.pdf' }, 'fr')).toEqual([]);
    expect(gaps('mis à jour', {}, 'fr', true)).toEqual([]);
    expect(gaps('envoyé with', {}, 'fr', true)).toEqual(['"with" of the other language']);
    expect(gaps(' ', {}, 'en', true)).toEqual(['no words']);
    expect(gaps('Options:\n  --json     output\n  -h,  help', {}, 'en')).toEqual([]);
    expect(gaps('Usage:  taxsync', {}, 'en')).toEqual(['double space']);
  });
});
