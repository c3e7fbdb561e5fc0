/**
 * Every code of the catalogue, rendered in French and English with the params it declares (test/messages/examples.ts,
 * typed by code) and once more without its optional params: no gap, no leftover, no word of the other language.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ParseError, TaxsyncError, messageCodes, renderMessage, type Locale, type MessageCode, type MessageParams } from '../../src/index.js';
import { validationMessage, validationMessageKeys, type ValidationMessageKey } from '../../src/messages/validators.js';
import { EXAMPLES, OPTIONAL, VALIDATION_EXAMPLES } from './examples.js';

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

function gaps(text: string, params: MessageParams, locale: Locale): string[] {
  const found: string[] = [];
  const check = (bad: boolean, what: string): void => {
    if (bad) found.push(what);
  };
  check(text.trim() === '' || !/\p{L}{2,}.*\p{L}{2,}/u.test(text), 'no words');
  for (const leftover of ['undefined', 'NaN', '[object', 'null', '${']) check(text.includes(leftover), leftover);
  check(/ {2}/.test(text), 'double space');
  check(/ [.,](\s|$)/.test(text), 'space before . or ,');
  check(/\(\s*\)|\( | \)|«\s*»|""/.test(text), 'empty brackets or quotes');
  check(/[:;,]\s*[.;](\s|$)|:\s*$/.test(text), 'punctuation with nothing between');
  check(/^[a-zà-ÿ]/.test(text) && !/^(options|taxsync|npm|macOS)\b/.test(text), 'starts in lower case');
  // A brace is left only where a param put it (a naming pattern, a template variable).
  check(/[{}]/.test(ownWords(text, params).replace(/\{\{ ∎ \}\}/g, '')), 'unreplaced {');
  const own = ownWords(text, params);
  for (const word of ONLY_IN[locale === 'fr' ? 'en' : 'fr']) check(own.includes(word), `"${word.trim()}" of the other language`);
  if (locale === 'en') check(/[éèêàçùôî]/.test(own.replace(/∎/g, '')), 'French accent in English');
  return found;
}

const cases = messageCodes.map((code) => [code] as const);

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
    expect(new TaxsyncError('empty_input').message).toBe('The file is empty. Export the client list again from the tax program.');
  });

  it('checks what it claims: a gap, a leftover and a word of the other language are caught', () => {
    expect(gaps('Le NAS  est vide .', {}, 'fr')).toEqual(expect.arrayContaining(['double space', 'space before . or ,']));
    expect(gaps('The file undefined has no {name}.', {}, 'en')).toEqual(expect.arrayContaining(['undefined', 'unreplaced {']));
    expect(gaps('Le fichier is not valide.', {}, 'fr')).toEqual(['"is" of the other language', '"not" of the other language']);
    expect(gaps('The file est vide.', {}, 'en')).toEqual(['"est" of the other language']);
    expect(gaps('Le modèle {sin} - {name}.pdf ne convient pas.', { pattern: '{sin} - {name}.pdf' }, 'fr')).toEqual([]);
  });
});
