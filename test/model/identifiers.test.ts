import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maskBirthDate,
  maskBusinessNumber,
  maskCellText,
  maskPhone,
  maskPostalCode,
  maskSin,
  validateBusinessNumber,
  validateEmail,
  validateNeq,
  validatePhone,
  validatePostalCode,
  validateProvince,
  validateSin,
} from '../../src/index.js';
import { BN9, formatNine, luhnCheckDigit, withCheckDigit } from '../fixtures/csv.js';

const NINE_DIGITS = /\d{9}|\d{3}[\s-]\d{3}[\s-]\d{3}/;

describe('validateSin', () => {
  it.each([
    ['130 692 544', '130692544'],
    ['130-692-544', '130692544'],
    ['130692544', '130692544'],
    ['  130 692 544  ', '130692544'],
    ['130.692.544', '130692544'],
    ['271 845 935', '271845935'],
  ])('accepts %j as %s', (input, value) => {
    expect(validateSin(input)).toEqual({ ok: true, value, temporary: false });
  });

  it('flags a temporary resident SIN (first digit 9) and keeps it valid', () => {
    const sin = withCheckDigit('98765432');
    expect(validateSin(formatNine(sin, 'spaces'))).toEqual({ ok: true, value: sin, temporary: true });
  });

  it('refuses a wrong check digit', () => {
    const r = validateSin('130 692 545');
    expect(r).toMatchObject({ ok: false, reason: 'checksum' });
  });

  it.each([
    ['046 454 286', '0'],
    ['000 000 000', '0'],
    [formatNine(withCheckDigit('81234567'), 'spaces'), '8'],
  ])('refuses %s, never issued (starts with %s), even with a valid check digit', (input, prefix) => {
    const r = validateSin(input, { locale: 'en' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('never_issued');
    expect(r.message).toContain(`starts with ${prefix}`);
  });

  it.each([['13069254'], ['1306925441'], ['130 692 54A'], ['SIN 130692544']])('refuses %j as not nine digits', (input) => {
    expect(validateSin(input)).toMatchObject({ ok: false, reason: 'format' });
  });

  it('says an empty SIN is empty', () => {
    expect(validateSin('   ', { locale: 'en' })).toEqual({ ok: false, reason: 'empty', message: 'The SIN is empty.' });
    expect(validateSin('', { locale: 'fr' })).toEqual({ ok: false, reason: 'empty', message: 'Le NAS est vide.' });
  });

  it('masks the SIN in its messages, in English and in French', () => {
    for (const input of ['130 692 545', '046 454 286', '130692545']) {
      const en = validateSin(input, { locale: 'en' });
      const fr = validateSin(input, { locale: 'fr' });
      if (en.ok || fr.ok) throw new Error('expected failures');
      expect(en.message).toContain('*** *** ');
      expect(fr.message).toContain('*** *** ');
      expect(en.message).not.toMatch(NINE_DIGITS);
      expect(fr.message).not.toMatch(NINE_DIGITS);
      expect(en.message).not.toBe(fr.message);
      expect(fr.message).toMatch(/NAS/);
      expect(en.message).toMatch(/SIN/);
    }
  });

  describe('properties', () => {
    const eightDigits = fc
      .tuple(fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '9'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }))
      .map(([first, rest]) => first + rest.join(''));
    const style = fc.constantFrom('spaces', 'dashes', 'bare') as fc.Arbitrary<'spaces' | 'dashes' | 'bare'>;

    it('any eight digits (first 1–7 or 9) plus their Luhn digit validate, in every formatting', () => {
      fc.assert(
        fc.property(eightDigits, style, (eight, how) => {
          const sin = withCheckDigit(eight);
          expect(validateSin(formatNine(sin, how))).toEqual({ ok: true, value: sin, temporary: sin.startsWith('9') });
        }),
      );
    });

    it('changing any one digit of a valid SIN makes it fail', () => {
      fc.assert(
        fc.property(eightDigits, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (eight, position, delta) => {
          const sin = withCheckDigit(eight);
          const changed = sin.slice(0, position) + String((Number(sin[position]) + delta) % 10) + sin.slice(position + 1);
          const r = validateSin(changed);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(['checksum', 'never_issued']).toContain(r.reason);
        }),
      );
    });

    it('maskSin never shows more than the last three digits of any input', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...'0123456789 -.abcNAS'.split('')), maxLength: 30 }), (input) => {
          const masked = maskSin(input);
          const shown = masked.replace(/\D/g, '');
          expect(shown.length).toBeLessThanOrEqual(3);
          const digits = input.replace(/\D/g, '');
          if (digits.length >= 4) expect(masked).toBe(`*** *** ${digits.slice(-3)}`);
          else expect(masked).toBe('*** *** ***');
        }),
      );
    });
  });
});

describe('validateBusinessNumber', () => {
  it.each([
    [BN9, { ok: true, value: BN9, unknownProgram: false }],
    [`${BN9}RC0001`, { ok: true, value: BN9, programAccount: 'RC0001', unknownProgram: false }],
    [`${BN9} RC 0001`, { ok: true, value: BN9, programAccount: 'RC0001', unknownProgram: false }],
    [`${BN9.slice(0, 3)} ${BN9.slice(3, 6)} ${BN9.slice(6)} rt0001`, { ok: true, value: BN9, programAccount: 'RT0001', unknownProgram: false }],
    [`${BN9}-RP-0002`, { ok: true, value: BN9, programAccount: 'RP0002', unknownProgram: false }],
  ])('accepts %j', (input, expected) => {
    expect(validateBusinessNumber(input)).toEqual(expected);
  });

  it('accepts an unusual program code but says so (unknownProgram)', () => {
    expect(validateBusinessNumber(`${BN9}XX0001`)).toEqual({ ok: true, value: BN9, programAccount: 'XX0001', unknownProgram: true });
  });

  it('refuses a wrong check digit, with the BN masked', () => {
    const wrong = BN9.slice(0, 8) + String((Number(BN9[8]) + 1) % 10);
    const r = validateBusinessNumber(`${wrong}RC0001`, { locale: 'fr' });
    expect(r).toMatchObject({ ok: false, reason: 'checksum' });
    if (r.ok) return;
    expect(r.message).toContain(`*** *** ${wrong.slice(-3)} RC0001`);
    expect(r.message).not.toMatch(NINE_DIGITS);
    expect(r.message).toMatch(/numéro d'entreprise/);
  });

  it.each([['12345678'], [`${BN9}RC01`], [`${BN9}R0001`], [`${BN9}RC00011`], ['ABCDEFGHI']])('refuses %j as badly formed', (input) => {
    const r = validateBusinessNumber(input);
    expect(r).toMatchObject({ ok: false, reason: 'format' });
    if (!r.ok) expect(r.message).not.toMatch(NINE_DIGITS);
  });

  it('says an empty BN is empty', () => {
    expect(validateBusinessNumber(' ')).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('validateNeq', () => {
  it('accepts ten digits, with or without spaces, and computes no check digit', () => {
    expect(validateNeq('1143 123 456')).toEqual({ ok: true, value: '1143123456' });
    // Any ten digits: the NEQ has no public check digit, so a "wrong" Luhn digit is still fine.
    expect(validateNeq('1143123457')).toEqual({ ok: true, value: '1143123457' });
    expect(validateNeq('2260-999-999')).toEqual({ ok: true, value: '2260999999' });
  });

  it.each([['114312345'], ['11431234567'], ['11431234AB']])('refuses %j', (input) => {
    const r = validateNeq(input, { locale: 'fr' });
    expect(r).toMatchObject({ ok: false, reason: 'format' });
    if (!r.ok) expect(r.message).toMatch(/^Le NEQ .* n'a pas 10 chiffres\.$/);
  });

  it('says an empty NEQ is empty', () => {
    expect(validateNeq('')).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('validatePostalCode', () => {
  it.each([
    ['H2X 1Y4', 'H2X 1Y4'],
    ['h2x1y4', 'H2X 1Y4'],
    ['H2X-1Y4', 'H2X 1Y4'],
    [' k1a 0b1 ', 'K1A 0B1'],
    ['X0A 0H0', 'X0A 0H0'],
    ['T2W 1Z9', 'T2W 1Z9'],
  ])('normalizes %j to %s', (input, value) => {
    expect(validatePostalCode(input)).toEqual({ ok: true, value });
  });

  it.each(['D', 'F', 'I', 'O', 'Q', 'U'])('never accepts the letter %s, in any letter position', (letter) => {
    expect(validatePostalCode(`${letter}2X 1Y4`).ok).toBe(false);
    expect(validatePostalCode(`H2${letter} 1Y4`).ok).toBe(false);
    expect(validatePostalCode(`H2X 1${letter}4`).ok).toBe(false);
  });

  it.each(['W', 'Z'])('refuses %s first but accepts it later', (letter) => {
    expect(validatePostalCode(`${letter}2X 1Y4`)).toMatchObject({ ok: false, reason: 'format' });
    expect(validatePostalCode(`H2${letter} 1${letter}4`)).toEqual({ ok: true, value: `H2${letter} 1${letter}4` });
  });

  it.each([
    ['H2X 1Y', 'H** **'],
    ['90210', '*****'],
    ['H2X 1Y45', 'H** ****'],
    ['2HX 1Y4', '*** ***'],
  ])('refuses %j, showing it as %j', (input, shown) => {
    const r = validatePostalCode(input, { locale: 'fr' });
    expect(r).toMatchObject({ ok: false, reason: 'format' });
    if (!r.ok) expect(r.message).toBe(`« ${shown} » n'est pas un code postal canadien (A1A 1A1).`);
  });
});

describe('validateProvince', () => {
  it.each([
    ['QC', 'QC'], ['Québec', 'QC'], ['Quebec', 'QC'], ['Qc', 'QC'], ['qc', 'QC'], ['PQ', 'QC'], ['Qué.', 'QC'],
    ['ON', 'ON'], ['Ontario', 'ON'], ['Ont.', 'ON'],
    ['BC', 'BC'], ['C.-B.', 'BC'], ['B.C.', 'BC'], ['Colombie-Britannique', 'BC'], ['British Columbia', 'BC'],
    ['Île-du-Prince-Édouard', 'PE'], ['Ile du Prince Edouard', 'PE'], ['Prince Edward Island', 'PE'], ['Î.-P.-É.', 'PE'],
    ['T.-N.-L.', 'NL'], ['Terre-Neuve-et-Labrador', 'NL'], ['Newfoundland and Labrador', 'NL'],
    ['Nouvelle-Écosse', 'NS'], ['N.-É.', 'NS'], ['Nova Scotia', 'NS'],
    ['Nouveau-Brunswick', 'NB'], ['N.-B.', 'NB'], ['New Brunswick', 'NB'],
    ['Manitoba', 'MB'], ['Saskatchewan', 'SK'], ['Alberta', 'AB'],
    ['Territoires du Nord-Ouest', 'NT'], ['T.N.-O.', 'NT'], ['Northwest Territories', 'NT'],
    ['Nunavut', 'NU'], ['Yukon', 'YT'],
  ])('reads %j as %s', (input, code) => {
    expect(validateProvince(input)).toEqual({ ok: true, value: code });
  });

  it.each([['Californie'], ['NY'], ['Québec (province)'], ['France']])('refuses %j', (input) => {
    expect(validateProvince(input)).toMatchObject({ ok: false, reason: 'unknown' });
    expect(validateProvince(input, { locale: 'fr' })).toEqual({
      ok: false,
      reason: 'unknown',
      message: `« ${input} » n'est pas une province ou un territoire du Canada.`,
    });
  });

  it('says an empty province is empty', () => {
    expect(validateProvince(' . ')).toMatchObject({ ok: false, reason: 'empty' });
  });

  it.each([
    ['H2X 1Y8', '*#* #*#'],
    ['555-0199', '###-####'],
    ['1234, rue Saint-Denis', '####, *** *****-*****'],
    ['zoe@exemple.ca', '***@*******.**'],
  ])('shows %j, a cell of another column, by its shape: %j', (input, shown) => {
    expect(validateProvince(input, { locale: 'fr' })).toEqual({ ok: false, reason: 'unknown', message: `« ${shown} » n'est pas une province ou un territoire du Canada.` });
    expect(validateProvince(input, { locale: 'en' })).toEqual({ ok: false, reason: 'unknown', message: `"${shown}" is not a Canadian province or territory.` });
  });
});

describe('validatePhone', () => {
  it.each([
    ['514 555-0199', '+15145550199'],
    ['(514) 555-0199', '+15145550199'],
    ['514.555.0199', '+15145550199'],
    ['+1 514 555 0199', '+15145550199'],
    ['1 514 555 0199', '+15145550199'],
    ['1-800-555-0199', '+18005550199'],
    ['+33 1 23 45 67 89', '+33123456789'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('normalizes %j to %s', (input, value) => {
    expect(validatePhone(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['514 555-0199 poste 234', '234'],
    ['(514) 555-0199 x12', '12'],
    ['+1 514 555 0199 ext. 7', '7'],
    ['514-555-0199 p. 4410', '4410'],
  ])('keeps the extension of %j apart', (input, extension) => {
    expect(validatePhone(input)).toEqual({ ok: true, value: '+15145550199', extension });
  });

  it.each([
    ['014 555 0199', 'area code starting with 0'],
    ['114 555 0199', 'area code starting with 1'],
    ['514 055 0199', 'exchange starting with 0'],
    ['514 155 0199', 'exchange starting with 1'],
    ['555-0199', 'seven digits'],
    ['2 514 555 0199', 'eleven digits not starting with 1'],
    ['1-800-FLOWERS', 'letters'],
  ])('refuses %j (%s)', (input) => {
    expect(validatePhone(input)).toMatchObject({ ok: false, reason: 'format' });
  });

  it('shows a number it refuses masked, keeping its last two digits', () => {
    expect(validatePhone('(514) 555-019', { locale: 'fr' })).toEqual({ ok: false, reason: 'format', message: "« (***) ***-*19 » n'est pas un numéro de téléphone lisible." });
    expect(validatePhone('514-555-01', { locale: 'en' })).toEqual({ ok: false, reason: 'format', message: '"***-***-01" is not a phone number taxsync can read.' });
  });

  it('says an empty phone number is empty', () => {
    expect(validatePhone('', { locale: 'fr' })).toEqual({ ok: false, reason: 'empty', message: 'Le numéro de téléphone est vide.' });
  });
});

describe('validateEmail', () => {
  it.each([
    ['marie.tremblay@videotron.ca', 'marie.tremblay@videotron.ca'],
    ['  Marie.Tremblay@Videotron.CA ', 'Marie.Tremblay@videotron.ca'],
    ['mailto:jean-luc@exemple.qc.ca', 'jean-luc@exemple.qc.ca'],
    ['élise+impots@cabinet-comptable.ca', 'élise+impots@cabinet-comptable.ca'],
  ])('normalizes %j to %s (domain in lower case, local part kept)', (input, value) => {
    expect(validateEmail(input)).toEqual({ ok: true, value });
  });

  it.each([['marie.tremblay'], ['marie@videotron'], ['marie tremblay@videotron.ca'], ['marie..t@videotron.ca'], ['Marie <marie@videotron.ca>'], ['@videotron.ca']])(
    'refuses %j',
    (input) => {
      const r = validateEmail(input, { locale: 'fr' });
      expect(r).toMatchObject({ ok: false, reason: 'format' });
      if (!r.ok) expect(r.message).toMatch(/n'est pas un courriel valide\.$/);
      // Even a wrong address is personal data: the message masks it.
      if (!r.ok) expect(r.message).not.toMatch(/marie|tremblay/i);
    },
  );

  it('says an empty address is empty', () => {
    expect(validateEmail(' ')).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('masking', () => {
  it('maskSin keeps only the last three digits', () => {
    expect(maskSin('130 692 544')).toBe('*** *** 544');
    expect(maskSin('130-692-544')).toBe('*** *** 544');
    expect(maskSin(130692544)).toBe('*** *** 544');
    expect(maskSin('123')).toBe('*** *** ***');
    expect(maskSin('')).toBe('*** *** ***');
  });

  it('maskBusinessNumber keeps the last three digits and the program account', () => {
    expect(maskBusinessNumber(`${BN9}RC0001`)).toBe(`*** *** ${BN9.slice(-3)} RC0001`);
    expect(maskBusinessNumber(`${BN9} rt 0001`)).toBe(`*** *** ${BN9.slice(-3)} RT0001`);
    expect(maskBusinessNumber(BN9)).toBe(`*** *** ${BN9.slice(-3)}`);
    expect(maskBusinessNumber('not a BN 123456789')).toBe('*** *** 789');
  });

  it('maskBirthDate keeps only the year', () => {
    expect(maskBirthDate('1980-03-04')).toBe('1980-**-**');
    expect(maskBirthDate('04/03/1980')).toBe('****-**-**');
    expect(maskBirthDate('')).toBe('****-**-**');
  });

  it('maskPhone keeps the shape and the last two digits', () => {
    expect(maskPhone('(514) 555-0199')).toBe('(***) ***-**99');
    expect(maskPhone('+33 1 23 45 67 89')).toBe('+** * ** ** ** 89');
    expect(maskPhone('514-555-01')).toBe('***-***-01');
    expect(maskPhone('5145550199')).toBe('********99');
    expect(maskPhone(5145550199)).toBe('********99');
    // An extension's digits are the last ones: they are what stays.
    expect(maskPhone('514 555-0199 poste 12')).toBe('*** ***-**** ***** 12');
  });

  it('maskPhone masks every digit of a value with fewer than four, and every letter', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('   ')).toBe('   ');
    expect(maskPhone('555')).toBe('***');
    expect(maskPhone('5-1-4')).toBe('*-*-*');
    expect(maskPhone('1-800-FLOWERS')).toBe('*-*00-*******');
    // What a shifted row puts in the phone column: a name, an e-mail address, a SIN.
    expect(maskPhone('Zoé Gagnon-Tremblay')).toBe('*** ******-********');
    expect(maskPhone('zoe.gt@exemple.ca')).toBe('***.**@*******.**');
    expect(maskPhone('271 845 935')).toBe('*** *** *35');
  });

  it('maskPhone keeps the last two digits as written in any script', () => {
    expect(maskPhone('５１４ ５５５ ０１９９')).toBe('*** *** **９９');
    expect(maskPhone('٥١٤٥٥٥٠١٩٩')).toBe('********٩٩');
  });

  it('maskPhone takes very long input in one pass and shows two digits of it', () => {
    const long = `${'(514) 555-0199 '.repeat(50_000)}x`;
    const masked = maskPhone(long);
    expect(masked).toHaveLength(long.length);
    expect(masked.replace(/\D/g, '')).toBe('99');
    expect(masked.endsWith('-**99 *')).toBe(true);
  });

  it('maskPostalCode keeps only a first letter', () => {
    expect(maskPostalCode('H2X 1Y')).toBe('H** **');
    expect(maskPostalCode('H2X1Y8X')).toBe('H******');
    expect(maskPostalCode('h2x-1y4')).toBe('h**-***');
    expect(maskPostalCode('G6V  9Z')).toBe('G**  **');
    expect(maskPostalCode('')).toBe('');
    expect(maskPostalCode('  ')).toBe('  ');
  });

  it('maskPostalCode shows no digit, even first', () => {
    expect(maskPostalCode('90210')).toBe('*****');
    expect(maskPostalCode('2HX 1Y4')).toBe('*** ***');
    expect(maskPostalCode('271 845 935')).toBe('*** *** ***');
    expect(maskPostalCode('４5')).toBe('**');
    // An address typed in the wrong column: only its first letter stays, when it starts with one.
    expect(maskPostalCode('rue Saint-Denis, Montréal')).toBe('r** *****-*****, ********');
    expect(maskPostalCode('Évis')).toBe('****');
  });

  it('maskPostalCode takes very long input', () => {
    const long = 'H2X 1Y4 '.repeat(100_000);
    const masked = maskPostalCode(long);
    expect(masked).toHaveLength(long.length);
    expect(masked.startsWith('H** *** *** ***')).toBe(true);
    expect(masked.replace(/[* ]/g, '')).toBe('H');
  });

  it('property: maskPhone and maskPostalCode never throw, keep every other character and hide all but two digits or one letter', () => {
    const hidden = /[\p{L}\p{M}\p{N}]/u;
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const phone = Array.from(maskPhone(text));
        const postal = Array.from(maskPostalCode(text));
        const chars = Array.from(text);
        expect(phone).toHaveLength(chars.length);
        expect(postal).toHaveLength(chars.length);
        chars.forEach((c, i) => {
          if (!hidden.test(c)) expect([phone[i], postal[i]]).toEqual([c, c]);
        });
        expect(phone.filter((c) => hidden.test(c)).length).toBeLessThanOrEqual(2);
        expect(phone.filter((c) => hidden.test(c)).every((c) => /\p{Nd}/u.test(c))).toBe(true);
        expect(postal.filter((c) => hidden.test(c)).length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('maskCellText shows a short text without digits or @ as it is', () => {
    for (const text of ['Nunavik', 'Espagnol', 'Cousine', 'Personne à charge', 'Île-du-Prince-Édouard', 'inconnue', '', '   ', 'N/A', '?', 'x'.repeat(24)]) {
      expect(maskCellText(text)).toBe(text);
    }
    // Accents however they are written: a decomposed é is two characters, still within 24.
    expect(maskCellText('Que\u0301bec')).toBe('Que\u0301bec');
    // Letters outside the BMP count once each: 24 of them (48 UTF-16 units) are short.
    expect(maskCellText('𝒬'.repeat(24))).toBe('𝒬'.repeat(24));
  });

  it('maskCellText shows any digit as # and then every letter as *, keeping spaces and punctuation', () => {
    expect(maskCellText('555-0199')).toBe('###-####');
    expect(maskCellText('H2X 1Y8')).toBe('*#* #*#');
    expect(maskCellText('31/06/2024')).toBe('##/##/####');
    expect(maskCellText('1er mars 1980')).toBe('#** **** ####');
    expect(maskCellText('1234, rue Saint-Denis')).toBe('####, *** *****-*****');
    expect(maskCellText('Nunavik 2')).toBe('******* #');
    expect(maskCellText('271 845 935')).toBe('### ### ###');
    // Digits of any script, and other numerals.
    expect(maskCellText('５５５-０１９９')).toBe('###-####');
    expect(maskCellText('٥٥٥٠١٩٩')).toBe('#######');
    expect(maskCellText('Ⅻ rue ½')).toBe('# *** #');
  });

  it('maskCellText masks an e-mail address and any text with an @, even without digits', () => {
    expect(maskCellText('zoe.gt@exemple.ca')).toBe('***.**@*******.**');
    expect(maskCellText('Zoé @ maison')).toBe('*** @ ******');
    expect(maskCellText('@')).toBe('@');
  });

  it('maskCellText masks a text longer than 24 characters, digits or not', () => {
    expect(maskCellText('Territoires du Nord-Ouest')).toBe('*********** ** ****-*****');
    expect(maskCellText('x'.repeat(25))).toBe('*'.repeat(25));
    expect(maskCellText('𝒬'.repeat(25))).toBe('*'.repeat(25));
    const long = `${'Zoé Gagnon-Tremblay, 4521 rue Saint-Denis; '.repeat(20_000)}x`;
    const masked = maskCellText(long);
    expect(masked).toHaveLength(long.length);
    expect(masked).not.toMatch(/[\p{L}\p{N}]/u);
  });

  it('property: maskCellText never throws, keeps the length and every other character, and shows letters only of a short text without digits or @', () => {
    const hidden = /[\p{L}\p{M}\p{N}]/u;
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: fc.constantFrom(...'ab é1٣@ -,'.split('')), maxLength: 30 })), (text) => {
        const masked = maskCellText(text);
        const chars = Array.from(text);
        const out = Array.from(masked);
        expect(out).toHaveLength(chars.length);
        expect(masked).not.toMatch(/\p{N}/u);
        const plain = chars.length <= 24 && !/\p{N}/u.test(text) && !text.includes('@');
        if (plain) expect(masked).toBe(text);
        if (plain || masked === text) return;
        chars.forEach((c, i) => expect(out[i]).toBe(hidden.test(c) ? (/\p{N}/u.test(c) ? '#' : '*') : c));
      }),
      { numRuns: 1000 },
    );
  });

  it('the fixture check digit agrees with validateSin on a published example', () => {
    // 130 692 544 is the CRA's sample SIN: guards the fixture helper the properties above rely on.
    expect(luhnCheckDigit('13069254')).toBe(4);
  });
});
