/**
 * maskText against exactly what the validators accept. The separators are not a list copied from the code: they are
 * every character that `validateSin` itself accepts between two digits, found by asking it about each one. Then
 * fast-check writes valid SINs and BNs with any of them (several, mixed, around the number), hides them in arbitrary
 * text, and checks that after masking no full number is left — through maskText and every caller's path
 * (maskFileName, describeError, issue params of the CSV parser).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskFileName, maskText, parseDtmaxCsv, validateBusinessNumber, validateSin } from '../../src/index.js';
import { describeError } from '../../src/internal/describe-error.js';
import { withCheckDigit } from '../fixtures/csv.js';

/** Every UTF-16 code unit `validateSin` ignores between digits (asked, not assumed). */
const ACCEPTED_SEPARATORS: readonly string[] = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter(
  (c) => !/\d/.test(c) && validateSin(`130${c}692${c}${c}544`).ok,
);

/** The same question for a BN with its program account: separators may also stand between the letters and digits. */
const BN_SEPARATORS: readonly string[] = ACCEPTED_SEPARATORS.filter((c) => validateBusinessNumber(`123${c}456${c}782${c}R${c}C${c}0001`).ok);

const separatorRun = fc.array(fc.constantFrom(...ACCEPTED_SEPARATORS), { maxLength: 3 }).map((run) => run.join(''));

/** Nine digits passing the Luhn check; a SIN never starts with 0 or 8. */
const sinDigits = fc
  .tuple(fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '9'), fc.stringMatching(/^\d{7}$/))
  .map(([first, rest]) => withCheckDigit(`${first}${rest}`));
const bnDigits = fc.stringMatching(/^\d{8}$/).map(withCheckDigit);

/** `chars` written with a run of separators before, between and after every character. */
const written = (chars: string) => fc.array(separatorRun, { minLength: chars.length + 1, maxLength: chars.length + 1 }).map((runs) => runs.map((run, i) => `${run}${chars[i] ?? ''}`).join(''));

const aSin = sinDigits.chain((digits) => written(digits).map((text) => ({ digits, text })));
const aBn = fc
  .tuple(bnDigits, fc.option(fc.tuple(fc.constantFrom('RC', 'RT', 'RP', 'rc', 'Rm', 'ZZ'), fc.stringMatching(/^\d{4}$/)), { nil: undefined }))
  .chain(([digits, program]) => written(`${digits}${program === undefined ? '' : program.join('')}`).map((text) => ({ digits, text, program })));

/** Text around the number: letters, accents, punctuation, digits, e-mails, other separators, anything. */
const around = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...'0123456789 .-_()[]@éÉ'.split(''), ...ACCEPTED_SEPARATORS.slice(0, 30)), maxLength: 12 }),
  fc.constantFrom('', 'NAS ', 'T183 2025 - ', ' - Zoé Gagnon-Tremblay.pdf', 'Key (sin)=(', ')', 'zoe.gt@exemple.ca ', '<', '@'),
);

/** True when `text` still shows these nine digits in a row, whatever separators stand between them. */
const shows = (text: string, digits: string): boolean => text.replace(/[^\d*]/g, (c) => (ACCEPTED_SEPARATORS.includes(c) ? '' : '|')).includes(digits);

describe('maskText covers every way the validators accept a number', () => {
  it('knows the separators the validators accept: whitespace of every kind, dots and dashes', () => {
    for (const c of [' ', '\u00a0', '\u202f', '\u2009', '\u3000', '\t', '\n', '\ufeff', '.', '-']) expect(ACCEPTED_SEPARATORS).toContain(c);
    for (const c of ['/', '_', ',', '*', 'x', '\u200b']) expect(ACCEPTED_SEPARATORS).not.toContain(c);
    expect(BN_SEPARATORS).toEqual(ACCEPTED_SEPARATORS);
  });

  it('property: a valid SIN written with any accepted separators, inside any text, never survives masking', () => {
    fc.assert(
      fc.property(aSin, around, around, ({ digits, text }, before, after) => {
        expect(validateSin(text)).toMatchObject({ ok: true, value: digits });
        const input = `${before}${text}${after}`;
        for (const out of [maskText(input), maskFileName(input), describeError(new Error(input))]) expect(shows(out, digits)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a valid BN, with or without its program account, never survives masking', () => {
    fc.assert(
      fc.property(aBn, around, around, ({ digits, text }, before, after) => {
        expect(validateBusinessNumber(text)).toMatchObject({ ok: true, value: digits });
        const out = maskText(`${before}${text}${after}`);
        expect(shows(out, digits)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: masking is stable and leaves text without long numbers or addresses alone', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcéÉ 12345.-,;/()'.split('')), maxLength: 40 }), (text) => {
        const once = maskText(text);
        expect(maskText(once)).toBe(once);
        if ((text.replace(/[^\d\s.-]+/g, '|').match(/\d(?:[\s.-]*\d)*/g) ?? []).every((run) => run.replace(/\D/g, '').length < 9)) expect(once).toBe(text);
      }),
    );
  });

  it.each([
    ['271.845.935', '*** *** 935'],
    ['271\u00a0845\u00a0935', '*** *** 935'],
    ['271\u202f845\u202f935', '*** *** 935'],
    ['271   845   935', '*** *** 935'],
    ['271 .845- 935', '*** *** 935'],
    ['2-7-1-8-4-5-9-3-5', '*** *** 935'],
    ['852147966RC0001', '*** *** 966RC0001'],
    ['852147966 RC 0001', '*** *** 966 RC 0001'],
    ['852.147.966-rt-0001', '*** *** 966-rt-0001'],
    ['PROV271845935001.pdf', 'PROV*********001.pdf'],
    ['2025 - 271 845 935 - Zoé.pdf', '**** - *** *** 935 - Zoé.pdf'],
    ['T183 2025 - Zoé.pdf', 'T183 2025 - Zoé.pdf'],
    ['Facture 12345678', 'Facture 12345678'],
    ['550 5.1.1 <zoe.gt@exemple.ca>: unknown', '550 5.1.1 <z***@exemple.ca>: unknown'],
    ["to 'zoe.gt@exemple.ca' and o'brien@exemple.ca, a@b", "to 'z***@exemple.ca' and o***@exemple.ca, a@b"],
    ['Key (email)=(271845935@exemple.ca)', 'Key (email)=(2***@exemple.ca)'],
    // Issue #12: forms the validators refuse but people and programs write; masking errs on the safe side.
    ['271_845_935 Côté.pdf', '*** *** 935 Côté.pdf'],
    ['Côté_271_845_935.pdf', 'Côté_*** *** 935.pdf'],
    ['271/845/935', '*** *** 935'],
    ['271,845,935 Côté.pdf', '*** *** 935 Côté.pdf'],
    ['271·845·935.pdf', '*** *** 935.pdf'],
    ['271\u2011845\u2011935', '*** *** 935'],
    ['271\u2013845\u2013935', '*** *** 935'],
    ["271'845'935", '*** *** 935'],
    ['２７１８４５９３５ Côté.pdf', '*** *** ９３５ Côté.pdf'],
    ['２７１ ８４５ ９３５', '*** *** ９３５'],
    ['rows 2, 3, 4, 5, 6, 7, 8, 9, 10', 'rows 2, 3, 4, 5, 6, 7, 8, 9, 10'],
  ])('maskText(%j) is %j', (input, output) => {
    expect(maskText(input)).toBe(output);
    expect(maskFileName(input)).toBe(output);
  });

  it('property: a valid SIN written with underscores, slashes, commas, middle dots, Unicode dashes or full-width digits never survives masking', () => {
    const wider = ['_', '/', '·', '•', "'", '’', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', ' ', '\u00a0', '.'];
    const fullWidth = (digits: string): string => digits.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(
        sinDigits,
        fc.array(fc.oneof(fc.constantFrom(...wider), fc.constant(','), fc.constant('')), { minLength: 8, maxLength: 8 }),
        fc.boolean(),
        around,
        around,
        (digits, seps, wide, before, after) => {
          const shown = wide ? fullWidth(digits) : digits;
          const text = Array.from(shown, (d, i) => `${d}${seps[i] ?? ''}`).join('');
          for (const out of [maskText(`${before} ${text} ${after}`), maskFileName(`${before} ${text} ${after}.pdf`)]) {
            const left = out.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[^\d*]/g, '');
            expect(left).not.toContain(digits);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('maskEmail keeps the first character and the domain only', () => {
    expect(maskEmail('simon.provencher@example.com')).toBe('s***@example.com');
    expect(maskEmail(' Zoé.GT@Exemple.ca ')).toBe('Z***@Exemple.ca');
    expect(maskEmail('jean@')).toBe('j***@');
    expect(maskEmail('pas une adresse')).toBe('***');
    expect(maskEmail('@exemple.ca')).toBe('***');
  });

  it('reaches issue params: a SIN with dots or non-breaking spaces in a shifted CSV row is masked in every message', async () => {
    const sins = ['271.845.935', '271\u00a0845\u00a0935', '271 \u202f845  935'];
    for (const sin of sins) {
      // The SIN lands in the phone and e-mail columns, where no SIN validator masks it: only the params redaction can.
      const csv = `NAS;Prénom;Nom;Courriel;Téléphone\r\n;Zoé;Gagnon;${sin};${sin}\r\n`;
      const result = await parseDtmaxCsv(csv, { locale: 'fr' });
      const everything = JSON.stringify(result.issues);
      expect(result.issues.length).toBeGreaterThan(0);
      expect(shows(everything, '271845935')).toBe(false);
      // In Courriel, by its shape only; in Téléphone, its last two digits.
      const email = String(result.issues.find((i) => i.code === 'email_invalid')?.params.value);
      expect(email).not.toMatch(/\d/);
      expect(email.replace(/[^#]/g, '')).toBe('#########');
      expect(result.issues.find((i) => i.code === 'phone_invalid')?.params.value).toMatch(/\*35$/);
    }
  });
});
