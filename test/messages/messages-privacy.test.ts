/**
 * No message of the catalogue shows a full SIN, BN, e-mail address, phone number, postal code, street address or
 * birth date. Every code is rendered in French and English with the example params of test/messages/examples.ts —
 * typed by code, personal values taken through the functions the callers use (maskSin, maskEmail, maskPhone,
 * maskPostalCode, maskCellText, describeError, maskFileName, the parsers' own header search). Then the real paths:
 * parsers on header-less and shifted files (CSV and XLSX), the validators, diffClients, matchPdfToClient.
 */
import { describe, expect, it } from 'vitest';
import {
  diffClients,
  isTaxsyncError,
  maskFileName,
  matchPdfToClient,
  messageCodes,
  parseDtmaxCsv,
  renderMessage,
  validateEmail,
  validatePhone,
  validatePostalCode,
  validateProvince,
  validateSin,
  type ClientRecord,
  type MessageCode,
  type MessageParams,
  type StoredClient,
  type TaxsyncError,
} from '../../src/index.js';
import { parseTaxprepXlsx } from '../../src/xlsx.js';
import { ID_SEPARATOR_CLASS } from '../../src/internal/separators.js';
import { dtmaxCsv } from '../fixtures/csv.js';
import { simpleSheet } from '../fixtures/xlsx/clients.js';
import { BN, EXAMPLES, SIMON, ZOE } from './examples.js';

const DIGITS = [ZOE.digits, SIMON.digits, BN.digits, '1143456789'];
const EMAILS = [ZOE.email, SIMON.email];
const PHONES = [ZOE.phone, SIMON.phone];
const POSTAL_CODES = [ZOE.postalCode, SIMON.postalCode];
const LOCAL_PHONES = [ZOE.localPhone, SIMON.localPhone];
const STREETS = [ZOE.street, SIMON.street];
const BIRTH_DATES = [ZOE.birthDate, SIMON.birthDate];

/** Nine digits joined by anything the validators accept between digits. */
const NINE_DIGIT_RUN = new RegExp(String.raw`\d(?:${ID_SEPARATOR_CLASS}*\d){8}`, 'u');
/** A number shaped like a North American phone number, whole or missing a digit or two: `514-555-01`, `(514) 555-0199`. */
const PHONE_SHAPE = /(?<![\p{L}\p{N}])\(?\d{3}\)?[\s.-]*\d{3}[\s.-]*\d{2,4}(?![\p{L}\p{N}])/u;
/** Something shaped like an e-mail address; a masked one (`z***@exemple.ca`) is allowed. */
const ADDRESS = /[^\s<>()«»"'@,;]+@[^\s<>()«»"'@,;]+/gu;
/** The placeholder addresses the website form's messages give as examples of the expected shape. */
const EXAMPLE_ADDRESSES = new Set(['name@example.com', 'nom@exemple.ca']);

function expectNothingPersonal(text: string, where: string): void {
  expect(text, where).not.toMatch(NINE_DIGIT_RUN);
  const stripped = text.replace(new RegExp(ID_SEPARATOR_CLASS, 'gu'), '');
  for (const digits of DIGITS) expect(stripped, where).not.toContain(digits);
  for (const email of EMAILS) expect(text.toLowerCase(), where).not.toContain(email.split('@')[0]);
  // A phone number keeps its last two digits at most: no digit before them, whatever stands between the digits.
  expect(text, where).not.toMatch(PHONE_SHAPE);
  const digitsOnly = text.replace(/\D/gu, '');
  for (const phone of PHONES) expect(digitsOnly, where).not.toContain(phone.replace(/\D/gu, '').slice(0, -2));
  // A postal code keeps its first letter at most.
  const compact = text.replace(/[\s-]/gu, '').toUpperCase();
  for (const code of POSTAL_CODES) expect(compact, where).not.toContain(code.replace(/[\s-]/gu, '').slice(1).toUpperCase());
  // A phone number without its area code, a street address (its number or its name), a birth date: none of it.
  for (const phone of LOCAL_PHONES) expect(digitsOnly, where).not.toContain(phone.replace(/\D/gu, ''));
  for (const street of STREETS) {
    // `rue Saint-Denis`, and the number with the street's first word: `4521, rue`.
    expect(text, where).not.toContain(street.replace(/^\d+,? /u, ''));
    expect(text, where).not.toContain(street.split(' ').slice(0, 2).join(' '));
  }
  for (const date of BIRTH_DATES) expect(digitsOnly, where).not.toContain(date.replace(/\D/gu, ''));
  for (const address of text.match(ADDRESS) ?? []) {
    // maskEmail's form, or an address with every letter and digit masked (an e-mail typed in the phone column).
    if (!EXAMPLE_ADDRESSES.has(address.replace(/[.)]+$/u, ''))) expect(address, where).toMatch(/^(?:[^@]\*\*\*@|[^\p{L}\p{N}]+$)/u);
  }
}

/** What a header-less file's error says, straight from the parser. */
async function headerError(): Promise<MessageParams> {
  const rows = [
    [ZOE.name, ZOE.sin, ZOE.email, '1980-03-04', '4521 rue Saint-Denis'],
    [SIMON.name, SIMON.sin, SIMON.email, '1975-11-30', '12 chemin du Lac'],
  ];
  const error = await parseDtmaxCsv(dtmaxCsv(rows, { encoding: 'utf-8' })).then(() => undefined, (e: unknown) => e);
  if (!isTaxsyncError(error)) throw new Error('expected no_header');
  return error.params;
}

describe('every message of the catalogue, with the params its callers pass', () => {
  it('shows no nine-digit run and no e-mail address, in French and English, for every code', () => {
    for (const code of messageCodes) {
      for (const locale of ['fr', 'en'] as const) expectNothingPersonal(renderMessage<MessageCode>(code, EXAMPLES[code], locale), `${code} (${locale})`);
    }
  });

  it('the examples of no_header are what the parser says of a header-less file', async () => {
    expect(await headerError()).toEqual(EXAMPLES.no_header);
  });

  it('renders a byte limit in binary units, never as a ten-digit count', () => {
    expect(renderMessage('zip_limit_exceeded', { limit: 'maxTotalBytes', value: 2 * 1024 ** 3 }, 'en')).toContain('maxTotalBytes limit (2 GiB)');
    expect(renderMessage('zip_limit_exceeded', { limit: 'maxEntryBytes', value: 1.5 * 1024 ** 2 }, 'fr')).toContain('maxEntryBytes (1,5 Mio)');
    expect(renderMessage('zip_limit_exceeded', { limit: 'maxEntries', value: 10_000 }, 'en')).toContain('maxEntries limit (10000)');
  });
});

describe('messages built by the code itself carry no personal data', () => {
  const errorOf = async (run: Promise<unknown>): Promise<TaxsyncError> => {
    const error = await run.then(() => undefined, (e: unknown) => e);
    if (!isTaxsyncError(error)) throw new Error(`expected a TaxsyncError, got ${String(error)}`);
    return error;
  };
  const everything = (error: TaxsyncError): string => [error.message, error.messageIn('fr'), error.messageIn('en'), JSON.stringify(error.params)].join('\n');

  it('no_header on a CSV of clients with no header row lists no name, e-mail, address, date or SIN', async () => {
    const params = await headerError();
    const error = await errorOf(parseDtmaxCsv(dtmaxCsv([[ZOE.name, ZOE.sin, ZOE.email, '1980-03-04', '4521 rue Saint-Denis']]), { locale: 'fr' }));
    expect(error.code).toBe('no_header');
    expectNothingPersonal(everything(error), 'no_header');
    expect(everything(error)).not.toMatch(/Zoé|Gagnon|Saint-Denis|1980/);
    expect(params).toMatchObject({ found: '', unshown: 10, rows: 2 });
  });

  it('no_header on a workbook whose first rows are clients lists no data cell either', async () => {
    const bytes = await simpleSheet([
      ['Liste des clients'],
      [ZOE.name, ZOE.sin, ZOE.email, '4521 rue Saint-Denis'],
      [SIMON.name, Number(SIMON.digits), SIMON.email, '12 chemin du Lac'],
    ]);
    const error = await errorOf(parseTaxprepXlsx(bytes));
    expect(error.code).toBe('no_header');
    expectNothingPersonal(everything(error), 'no_header (xlsx)');
    expect(everything(error)).not.toMatch(/Zoé|Gagnon|Simon|Provencher|Saint-Denis|chemin/);
    expect(error.params).toMatchObject({ found: 'Liste des clients', unshown: 8 });
  });

  it('kind_undetected shows the headers, not the first client, and says which columns decide', async () => {
    const bytes = dtmaxCsv([
      ['Nom', 'Courriel', 'Adresse'],
      ['Gagnon-Tremblay', ZOE.email, '4521 rue Saint-Denis'],
      ['Provencher', SIMON.email, '12 chemin du Lac'],
    ]);
    const error = await errorOf(parseDtmaxCsv(bytes));
    expect(error.code).toBe('kind_undetected');
    expect(error.params).toMatchObject({ found: 'Nom, Courriel, Adresse', unshown: 6 });
    expectNothingPersonal(everything(error), 'kind_undetected');
    expect(everything(error)).not.toMatch(/Gagnon|Provencher|Saint-Denis/);
    expect(error.messageIn('en')).toContain('a SIN, First name or Birth date column says individuals');
    expect(error.messageIn('fr')).toContain('une colonne NAS, Prénom ou Date de naissance indique des particuliers');
  });

  it('column_not_found on a header-less workbook names the override, not the data', async () => {
    const bytes = await simpleSheet([[ZOE.name, ZOE.sin, ZOE.email]]);
    const error = await errorOf(parseTaxprepXlsx(bytes, { columns: { sin: 'Numéro social' } }));
    expect(error.code).toBe('column_not_found');
    expectNothingPersonal(everything(error), 'column_not_found');
    expect(everything(error)).not.toMatch(/Zoé|Gagnon/);
  });

  it('row issues of a shifted CSV mask SINs with dots or NBSPs, e-mails, phone numbers and postal codes, wherever they land', async () => {
    const header = ['NAS', 'Prénom', 'Nom', 'Courriel', 'Téléphone', 'Langue', 'NAS du conjoint', 'Date de naissance', 'Code postal'];
    const rows = [
      // Shifted one cell right: the SIN in Courriel, the e-mail in Téléphone, another SIN in Langue, the phone number
      // in Code postal.
      ['', 'Zoé', 'Gagnon-Tremblay', ZOE.sin, ZOE.email, SIMON.sin, '', '', ZOE.phone],
      // A wrong check digit, an invalid e-mail, phone number and postal code, a spouse SIN with the wrong digit, a
      // two-digit-year date.
      ['271.845.936', 'Simon', 'Provencher', 'simon.provencher@videotron', SIMON.phone, 'fr', '130\u00a0692\u00a0545', '04/03/80', SIMON.postalCode],
      // A never-issued SIN and the same SIN as row 2 written another way.
      ['046.454.286'.replace(/^0/, '8'), 'Léa', 'Roy', '', ZOE.phone, '', '', '', ZOE.postalCode],
      [ZOE.sin.replace(/\./g, '\u00a0'), 'Zoé', 'Gagnon-Tremblay', '', '', '', '', ''],
      [`${ZOE.sin}`, 'Zoé', 'Gagnon', '', '', '', '', ''],
    ];
    for (const locale of ['fr', 'en'] as const) {
      const result = await parseDtmaxCsv(dtmaxCsv([header, ...rows], { encoding: 'utf-8' }), { locale });
      expect(new Set(result.issues.map((i) => i.code))).toEqual(
        new Set(['email_invalid', 'phone_invalid', 'postal_code_invalid', 'language_unknown', 'missing_identifier', 'sin_invalid', 'spouse_sin_invalid', 'date_two_digit_year', 'sin_never_issued', 'duplicate_key']),
      );
      expect(result.issues.filter((i) => i.code === 'phone_invalid').length).toBe(3);
      expect(result.issues.filter((i) => i.code === 'postal_code_invalid').length).toBe(3);
      for (const issue of result.issues) {
        for (const text of [issue.message, renderMessage(issue.code, issue.params, locale === 'fr' ? 'en' : 'fr'), JSON.stringify(issue.params)]) {
          expectNothingPersonal(text, `${issue.code} row ${issue.row}`);
        }
      }
    }
  });

  it('row issues mask a phone number, a postal code, a street address or a birth date that lands in Langue, Province, Lien or a date column', async () => {
    const individuals = ['NAS', 'Prénom', 'Nom', 'Langue', 'Province', 'Lien', 'Date de naissance'];
    const corporations = ['NE', 'Raison sociale', "Fin d'exercice", 'Langue', 'Province'];
    const files = [
      dtmaxCsv([
        individuals,
        // What a separator too many or too few puts in these columns: the other columns of the same person.
        [ZOE.sin, 'Zoé', 'Gagnon-Tremblay', ZOE.street, ZOE.postalCode, ZOE.localPhone, ZOE.street],
        [SIMON.sin, 'Simon', 'Provencher', SIMON.postalCode, SIMON.localPhone, SIMON.birthDate, ZOE.email],
        [ZOE.sin, 'Zoé', 'Gagnon-Tremblay', ZOE.birthDate, ZOE.email, SIMON.street, ZOE.localPhone],
        [SIMON.sin, 'Simon', 'Provencher', SIMON.street, SIMON.birthDate, ZOE.postalCode, SIMON.postalCode],
      ], { encoding: 'utf-8' }),
      dtmaxCsv([
        corporations,
        [`${BN.digits}RC0001`, 'Gagnon-Tremblay inc.', ZOE.localPhone, SIMON.localPhone, SIMON.street],
        [`${BN.digits}RC0002`, 'Provencher ltée', ZOE.street, ZOE.localPhone, ZOE.birthDate],
        [`${BN.digits}RC0003`, 'Zoé inc.', ZOE.postalCode, ZOE.email, SIMON.postalCode],
      ], { encoding: 'utf-8' }),
    ];
    const echoing = new Set(['province_unknown', 'language_unknown', 'role_unknown', 'date_invalid', 'date_ambiguous', 'date_two_digit_year']);
    for (const locale of ['fr', 'en'] as const) {
      const seen = new Set<string>();
      for (const bytes of files) {
        const result = await parseDtmaxCsv(bytes, { locale });
        for (const issue of result.issues) {
          if (echoing.has(issue.code)) seen.add(issue.code);
          for (const text of [issue.message, renderMessage(issue.code, issue.params, locale === 'fr' ? 'en' : 'fr'), JSON.stringify(issue.params)]) {
            expectNothingPersonal(text, `${issue.code} row ${issue.row}`);
          }
        }
      }
      expect(seen).toEqual(new Set(['province_unknown', 'language_unknown', 'role_unknown', 'date_invalid']));
    }
  });

  it('the validators show what they refuse masked', () => {
    for (const locale of ['fr', 'en'] as const) {
      const failures = [
        validateSin(ZOE.sin.replace(/5$/, '6'), { locale }),
        validateEmail(ZOE.email.replace('.ca', ''), { locale }),
        ...PHONES.map((phone) => validatePhone(phone, { locale })),
        ...POSTAL_CODES.map((code) => validatePostalCode(code, { locale })),
        // What a shifted row puts in a province column.
        ...[...POSTAL_CODES, ...LOCAL_PHONES, ...STREETS, ...BIRTH_DATES, ZOE.email].map((value) => validateProvince(value, { locale })),
      ];
      for (const failure of failures) {
        expect(failure.ok).toBe(false);
        if (!failure.ok) expectNothingPersonal(failure.message, `${failure.reason}: ${failure.message}`);
      }
    }
  });

  it('email_in_use from diffClients masks the address', () => {
    const stored: StoredClient = { id: 'c-simon', kind: 'individual', sin: SIMON.digits, firstName: 'Simon', lastName: 'Provencher', email: ZOE.email };
    const incoming: ClientRecord = { kind: 'individual', sin: ZOE.digits, firstName: 'Zoé', lastName: 'Gagnon-Tremblay', email: ZOE.email, source: { row: 2 } };
    for (const locale of ['fr', 'en'] as const) {
      const plan = diffClients([stored], [incoming], { locale });
      const warning = plan.creates[0]?.warnings.find((w) => w.code === 'email_in_use');
      expect(warning?.params.email).toBe('z***@exemple.ca');
      expect(warning?.message).toContain('z***@exemple.ca');
      expectNothingPersonal(JSON.stringify(plan.creates[0]?.warnings), 'email_in_use');
    }
  });

  it('matchPdfToClient reasons and displays mask numbers written with dots or non-breaking spaces, and e-mail addresses', () => {
    const clients: ClientRecord[] = [
      { kind: 'individual', sin: ZOE.digits, firstName: 'Zoé', lastName: 'Gagnon-Tremblay' },
      { kind: 'individual', sin: SIMON.digits, firstName: 'Simon', lastName: 'Provencher' },
    ];
    const names = [
      `${ZOE.sin} - Zoé Gagnon-Tremblay.pdf`,
      `${ZOE.digits} - ${SIMON.digits} - famille.pdf`,
      `${ZOE.digits} - Simon Provencher.pdf`,
      '271 845 936 - Zoé.pdf',
      `T183 2025 ${SIMON.sin}.pdf`,
      `${ZOE.email}.pdf`,
      `T183 - ${SIMON.email} - Provencher.pdf`,
    ];
    for (const name of names) {
      expectNothingPersonal(maskFileName(name), `maskFileName(${name})`);
      for (const locale of ['fr', 'en'] as const) {
        const match = matchPdfToClient(name, clients, { locale });
        const text = match.status === 'matched' ? match.message : `${match.message} ${JSON.stringify(match.params)}`;
        expectNothingPersonal(text, `match ${name}`);
      }
    }
  });
});
