import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ParseError, isTaxsyncError, type ClientRecord, type ParseResult, type ParsedRow } from '../../src/index.js';
import {
  normalizeExcelCell,
  parseTaxprepXlsx,
  streamTaxprepXlsx,
  type ParseTaxprepXlsxOptions,
  type TaxprepXlsxInput,
} from '../../src/xlsx.js';
import {
  BNS,
  HEADERS_FR,
  SINS,
  accentedList,
  cellShapes,
  corporationsFr,
  dates1900,
  dates1904,
  day,
  excelSerial,
  individualsEn,
  individualsFr,
  onlyHiddenList,
  severalSheets,
  simpleSheet,
} from '../fixtures/xlsx/clients.js';
import { compoundFile, damagePart, inChunks, inExcelOrder, patchPart, zipOf } from '../fixtures/xlsx/workbooks.js';

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

/** Row, code and severity of every issue (and its field when there is one), in order. */
const issuesOf = (result: ParseResult): [number, string, string, string?][] =>
  result.issues.map((i) => (i.field === undefined ? [i.row, i.code, i.severity] : [i.row, i.code, i.severity, i.field]));

/** The error a parse throws (fails the test when it does not throw a TaxsyncError). */
async function thrown(input: TaxprepXlsxInput, options?: ParseTaxprepXlsxOptions): Promise<{ name: string; code: string; message: string; params: Readonly<Record<string, string | number>>; fr: string; en: string }> {
  try {
    await parseTaxprepXlsx(input, options);
  } catch (error) {
    if (!isTaxsyncError(error)) throw error;
    return { name: error.name, code: error.code, message: error.message, params: error.params, fr: error.messageIn('fr'), en: error.messageIn('en') };
  }
  throw new Error('expected parseTaxprepXlsx to throw');
}

/** A full SIN anywhere (nine digits, possibly spaced or dashed): what must never be in an issue or an error. */
const FULL_SIN = /(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{3}(?!\d)/;

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

// ---------------------------------------------------------------------------------------------------------------------

describe('parseTaxprepXlsx: a French Taxprep export of individuals', () => {
  it('reads every row below the title rows, with the sheet’s own row numbers', async () => {
    const result = await parseTaxprepXlsx(await individualsFr());
    const gagnonAddress = { line1: '1234, rue Saint-Denis', city: 'Montréal', province: 'QC', postalCode: 'H2X 3J8' } as const;
    expect(result.records).toEqual<ClientRecord[]>([
      {
        kind: 'individual', sin: SINS.marieEve, firstName: 'Marie-Ève', lastName: 'Gagnon', birthDate: '1980-03-04', role: 'principal',
        email: 'marie-eve.gagnon@exemple.ca', phone: '+15145550142', language: 'fr', address: gagnonAddress, clientFile: 'GAGNON-2024', source: { row: 5 },
      },
      {
        kind: 'individual', sin: SINS.jeanFrancois, firstName: 'Jean-François', lastName: 'TREMBLAY', birthDate: '1979-05-26', role: 'spouse',
        phone: '+15145550199', language: 'fr', address: gagnonAddress, clientFile: 'GAGNON-2024', source: { row: 6 },
      },
      { kind: 'individual', firstName: 'Léa', lastName: 'Tremblay', birthDate: '2012-07-15', role: 'dependant', language: 'fr', clientFile: 'GAGNON-2024', source: { row: 7 } },
      {
        kind: 'individual', sin: SINS.benoit, firstName: 'Benoît', lastName: 'Lévesque', role: 'principal', language: 'en',
        address: { line1: '88, boul. René-Lévesque', city: 'Québec', province: 'QC' }, clientFile: 'LÉVESQUE-2024', source: { row: 11 },
      },
      { kind: 'individual', sin: SINS.marieEve, firstName: 'Seán', lastName: 'O’Brien', role: 'principal', language: 'en', clientFile: 'O’BRIEN-2024', source: { row: 12 } },
    ]);
    expect(issuesOf(result)).toEqual([
      [5, 'duplicate_key', 'warning', 'sin'],
      [9, 'sin_truncated', 'error', 'sin'],
      [10, 'sin_invalid', 'error', 'sin'],
      [11, 'cell_error', 'warning', 'email'],
      [11, 'postal_code_invalid', 'warning', 'postalCode'],
      [11, 'date_ambiguous', 'warning', 'birthDate'],
      [12, 'duplicate_key', 'warning', 'sin'],
    ]);
  });

  it('reports the sheet, the header row, the mapping and the counts (blank rows stored or not)', async () => {
    const { meta } = await parseTaxprepXlsx(await individualsFr());
    expect(meta).toMatchObject({ format: 'xlsx', kind: 'individual', sheet: 'Particuliers', date1904: false, headerRow: 4, unknownColumns: [] });
    expect(meta.columns.map((c) => [c.header, c.index, c.field])).toEqual([
      ['Fichier client', 0, 'clientFile'], ['Membre de la famille', 1, 'role'], ['NAS', 2, 'sin'], ['Prénom', 3, 'firstName'], ['Nom', 4, 'lastName'],
      ['Date de naissance', 5, 'birthDate'], ['Courriel', 6, 'email'], ['Téléphone', 7, 'phone'], ['Langue', 8, 'language'], ['Adresse', 9, 'line1'],
      ['Ville', 10, 'city'], ['Province', 11, 'province'], ['Code postal', 12, 'postalCode'],
    ]);
    // Rows 5–7 and 9–12 are data; 8 is a formatted blank row; 13 and 14 are formatted empty rows after the list.
    expect(meta.counts).toEqual({ rows: 7, records: 5, rejected: 2, blank: 3, errors: 2, warnings: 5 });
  });

  it('never pads a SIN that Excel shortened, and never shows a full SIN or birth date', async () => {
    const result = await parseTaxprepXlsx(await individualsFr(), { locale: 'fr' });
    const truncated = result.issues.find((i) => i.code === 'sin_truncated');
    expect(truncated).toMatchObject({ row: 9, column: 'NAS', params: { value: '*** *** 741', digits: 8 } });
    expect(truncated?.message).toContain('8 chiffres');
    expect(result.records.some((r) => r.source?.row === 9)).toBe(false);
    const ambiguous = result.issues.find((i) => i.code === 'date_ambiguous');
    expect(ambiguous?.message).not.toContain('03/04/1980');
    for (const issue of result.issues) {
      expect(issue.message).not.toMatch(FULL_SIN);
      expect(JSON.stringify(issue.params)).not.toMatch(FULL_SIN);
    }
  });

  it('never shows a phone number or a postal code the row got wrong', async () => {
    const cut = await parseTaxprepXlsx(await individualsFr(), { locale: 'fr' });
    expect(cut.issues.find((i) => i.code === 'postal_code_invalid')).toMatchObject({ row: 11, column: 'Code postal', params: { value: 'G** **' } });
    const bytes = await simpleSheet([
      [...HEADERS_FR],
      ['GAGNON-2024', 'Contribuable', '271 845 935', 'Marie-Ève', 'Gagnon', undefined, undefined, '(514) 555-019', 'Français', '1234, rue Saint-Denis', 'Montréal', 'QC', 'H2X 1Y'],
      // A phone number typed as a number (Excel drops its dashes) and a postal code in rich text.
      ['GAGNON-2024', 'Conjoint', SINS.jeanFrancois, 'Jean-François', 'Tremblay', undefined, undefined, 51455501, 'Français', '1234, rue Saint-Denis', 'Montréal', 'QC', { richText: [{ text: 'H2X', font: { bold: true } }, { text: '1Y8X' }] }],
    ]);
    const raw = ['514', '555', '5145550', 'H2X', '2X 1Y', '2X1Y8X'];
    for (const locale of ['fr', 'en'] as const) {
      const result = await parseTaxprepXlsx(bytes, { locale });
      expect(result.records).toHaveLength(2);
      expect(result.issues.map((i) => [i.row, i.code, i.column, i.params])).toEqual([
        [2, 'phone_invalid', 'Téléphone', { value: '(***) ***-*19' }],
        [2, 'postal_code_invalid', 'Code postal', { value: 'H** **' }],
        [3, 'phone_invalid', 'Téléphone', { value: '******01' }],
        [3, 'postal_code_invalid', 'Code postal', { value: 'H******' }],
      ]);
      for (const issue of result.issues) {
        for (const text of [issue.message, JSON.stringify(issue.params)]) {
          for (const value of raw) expect(text, `${issue.code} row ${issue.row}`).not.toContain(value);
          expect(text).toContain(String(issue.params.value));
        }
      }
      const [phone, postal] = result.issues;
      expect(phone?.message).toBe(
        locale === 'fr'
          ? "Le numéro de téléphone « (***) ***-*19 » n'est ni nord-américain ni international (+); il a été laissé de côté."
          : 'Phone number "(***) ***-*19" is not a North American or international (+) number; it was left out.',
      );
      expect(postal?.message).toBe(
        locale === 'fr'
          ? "Le code postal « H** ** » n'est pas un code postal canadien (A1A 1A1); il a été laissé de côté."
          : 'Postal code "H** **" is not a Canadian postal code (A1A 1A1); it was left out.',
      );
    }
  });

  it('never quotes a phone number, a postal code, an address or a date that cells moved by hand put in Langue, Province or a date column', async () => {
    const individuals = await simpleSheet([
      [...HEADERS_FR],
      // Values nobody expected, in their own columns: shown as they are.
      ['GAGNON-2024', 'Cousine', SINS.marieEve, 'Marie-Ève', 'Gagnon', day(1980, 3, 4), 'marie-eve@gagnon.ca', '514-555-0142', 'Espagnol', '1234, rue Saint-Denis', 'Montréal', 'Nunavik', 'H2X 3J8'],
      // The birth date deleted with Excel's "shift cells left": the address in Langue, the postal code (rich text) in Province.
      ['GAGNON-2024', 'Conjoint', SINS.jeanFrancois, 'Jean-François', 'Tremblay', 'jf@tremblay.ca', '514-555-0199', 'Français', '1234, rue Saint-Denis', 'Montréal', 'QC', { richText: [{ text: 'H2X', font: { bold: true } }, { text: ' 1Y8' }] }],
      // A cell inserted before Téléphone with "shift cells right": a phone number typed as a number in Langue.
      ['GAGNON-2024', 'Personne à charge', undefined, 'Léa', 'Gagnon', day(2015, 6, 1), undefined, undefined, 5550199, 'Français', '1234, rue Saint-Denis', 'Montréal', 'QC', 'H2X 1Y8'],
    ]);
    const corporations = await simpleSheet([
      ['Fichier client', 'NE', 'NEQ', 'Raison sociale', "Fin d'exercice", 'Personne-ressource', 'Courriel', 'Téléphone', 'Langue', 'Ville', 'Province', 'Code postal'],
      ['BOUL-2024', `${BNS.boulangerie}RC0001`, undefined, 'Boulangerie Côté inc.', '31/06/2024', 'Hélène Côté', 'info@boulangeriecote.ca', '418 555-0123', 'Espagnol', 'Québec', 'Nunavik', 'G1K 3A9'],
      // The year end, the contact and the e-mail deleted with "shift cells left": a phone number typed as a number in
      // Fin d'exercice (past Excel's last date), the postal code in Langue.
      ['TOIT-2024', `${BNS.toitures}RC0001`, undefined, 'Les Toitures Bélanger ltée', 5550123, 'Français', 'Lévis', 'QC', 'G6V 4Z2'],
      // The year end typed over with the contact's birth date and address.
      ['CONS-2024', `${BNS.conseils}RC0001`, undefined, 'Conseils Lévesque inc.', '1975-06-15, 1234, rue Saint-Denis'],
    ]);
    /** What the moved cells hold: none of it may be in an issue, in either language. */
    const raw = ['555', '0199', '0123', '1234', 'Saint-Denis', 'H2X', '1Y8', 'G6V', '4Z2', '1975', '06-15', '/06/'];
    const echoed = new Set(['province_unknown', 'language_unknown', 'role_unknown', 'date_invalid', 'date_ambiguous', 'date_two_digit_year']);
    const shown: Record<string, unknown[]> = {};
    for (const locale of ['fr', 'en'] as const) {
      for (const [name, bytes] of [['individuals', individuals], ['corporations', corporations]] as const) {
        const result = await parseTaxprepXlsx(bytes, { locale });
        for (const issue of result.issues) {
          for (const text of [issue.message, JSON.stringify(issue.params)]) {
            for (const value of raw) expect(text, `${issue.code} row ${issue.row}`).not.toContain(value);
          }
        }
        const rows = result.issues.filter((i) => echoed.has(i.code)).map((i) => [i.row, i.code, i.column, i.params.value]);
        if (shown[name] !== undefined) expect(rows).toEqual(shown[name]);
        shown[name] = rows;
      }
    }
    expect(shown.individuals).toEqual([
      [2, 'language_unknown', 'Langue', 'Espagnol'],
      [2, 'province_unknown', 'Province', 'Nunavik'],
      [2, 'role_unknown', 'Membre de la famille', 'Cousine'],
      [3, 'language_unknown', 'Langue', '####, *** *****-*****'],
      [3, 'province_unknown', 'Province', '*#* #*#'],
      [3, 'date_invalid', 'Date de naissance', '**@********.**'],
      [4, 'language_unknown', 'Langue', '#######'],
      // A city, one column to the right: a word without digits, shown.
      [4, 'province_unknown', 'Province', 'Montréal'],
    ]);
    expect(shown.corporations).toEqual([
      [2, 'language_unknown', 'Langue', 'Espagnol'],
      [2, 'province_unknown', 'Province', 'Nunavik'],
      [2, 'date_invalid', "Fin d'exercice", '##/##/####'],
      [3, 'language_unknown', 'Langue', '*#* #*#'],
      [3, 'date_invalid', "Fin d'exercice", '#######'],
      [4, 'date_invalid', "Fin d'exercice", '####-##-##, ####, *** *****-*****'],
    ]);
    const fr = await parseTaxprepXlsx(individuals, { locale: 'fr' });
    expect(fr.issues.find((i) => i.row === 2 && i.code === 'province_unknown')?.message).toBe("La province « Nunavik » n'est pas une province ou un territoire du Canada; elle a été laissée de côté.");
    expect(fr.issues.find((i) => i.row === 3 && i.code === 'language_unknown')?.message).toBe("La langue « ####, *** *****-***** » n'est ni le français ni l'anglais; elle a été laissée vide.");
    const en = await parseTaxprepXlsx(corporations, { locale: 'en' });
    expect(en.issues.find((i) => i.row === 2 && i.code === 'language_unknown')?.message).toBe('Language "Espagnol" is neither French nor English; it was left empty.');
    expect(en.issues.find((i) => i.row === 3 && i.code === 'date_invalid')?.message).toBe(`"#######" in Fin d'exercice is not a date taxsync can read (use YYYY-MM-DD); it was left empty.`);
  });

  it('writes its messages in the requested language', async () => {
    const fr = await parseTaxprepXlsx(await individualsFr(), { locale: 'fr' });
    const en = await parseTaxprepXlsx(await individualsFr(), { locale: 'en' });
    expect(fr.issues.find((i) => i.code === 'cell_error')?.message).toBe("La cellule Courriel contient l'erreur Excel #N/A; elle a été laissée vide.");
    expect(en.issues.find((i) => i.code === 'cell_error')?.message).toBe('Cell Courriel holds the Excel error #N/A; it was left empty.');
    expect(fr.records).toEqual(en.records);
  });
});

describe('parseTaxprepXlsx: English headers and corporations', () => {
  it('reads an English export (Taxpayer / Spouse / Dependant)', async () => {
    const result = await parseTaxprepXlsx(await individualsEn());
    expect(result.records).toEqual<ClientRecord[]>([
      {
        kind: 'individual', sin: SINS.benoit, firstName: 'John', lastName: 'Smith', birthDate: '1975-12-31', role: 'principal', email: 'john.smith@example.com',
        phone: '+16135550100', language: 'en', address: { line1: '12 Bank St', city: 'Ottawa', province: 'ON', postalCode: 'K1P 5N2' }, clientFile: 'SMITH-2024', source: { row: 2 },
      },
      {
        kind: 'individual', sin: SINS.zoe, firstName: 'Zoé', lastName: 'Smith', birthDate: '1977-06-01', role: 'spouse', email: 'ZOE.SMITH@example.com',
        language: 'fr', address: { line1: '12 Bank St', city: 'Ottawa', province: 'ON', postalCode: 'K1P 5N2' }, clientFile: 'SMITH-2024', source: { row: 3 },
      },
      { kind: 'individual', firstName: 'Liam', lastName: 'Smith', birthDate: '2015-09-30', role: 'dependant', clientFile: 'SMITH-2024', source: { row: 4 } },
    ]);
    expect(result.issues).toEqual([]);
    expect(result.meta).toMatchObject({ kind: 'individual', sheet: 'Clients', headerRow: 1, counts: { rows: 3, records: 3, blank: 0 } });
  });

  it('detects a corporations list: BN with its program account, NEQ, year end as a date cell or a serial', async () => {
    const result = await parseTaxprepXlsx(await corporationsFr());
    expect(result.meta).toMatchObject({ kind: 'corporation', sheet: 'Sociétés', headerRow: 2 });
    expect(result.records).toEqual<ClientRecord[]>([
      {
        kind: 'corporation', businessNumber: BNS.boulangerie, programAccount: 'RC0001', neq: '1171234567', name: 'Boulangerie Côté inc.', fiscalYearEnd: '2024-12-31',
        contactName: 'Hélène Côté', email: 'info@boulangeriecote.ca', phone: '+14185550123', language: 'fr', address: { city: 'Québec', province: 'QC', postalCode: 'G1K 3A9' },
        clientFile: 'BOUL-2024', source: { row: 3 },
      },
      {
        kind: 'corporation', businessNumber: BNS.toitures, programAccount: 'RC0001', neq: '1169876543', name: 'Les Toitures Bélanger ltée', fiscalYearEnd: '2024-06-30',
        contactName: 'François Bélanger', language: 'fr', address: { city: 'Lévis', province: 'QC', postalCode: 'G6V 4Z2' }, clientFile: 'TOIT-2024', source: { row: 4 },
      },
      { kind: 'corporation', name: 'Nouvelle Entreprise S.E.N.C.', clientFile: 'NOUV-2024', source: { row: 6 } },
    ]);
    expect(issuesOf(result)).toEqual([[5, 'bn_invalid', 'error', 'businessNumber']]);
    expect(result.issues[0]?.params.value).toBe('*** *** 789');
  });

  it('takes the kind from options.kind when the headers cannot tell', async () => {
    const bytes = await simpleSheet([
      ['Dossier', 'Nom', 'Courriel', 'Ville'],
      ['CÔTÉ-2024', 'Boulangerie Côté inc.', 'info@boulangeriecote.ca', 'Québec'],
    ]);
    const undetected = await thrown(bytes);
    expect(undetected.code).toBe('kind_undetected');
    expect(undetected.message).toContain('options.kind');
    // The headers, never the first client's cells.
    expect(undetected.params).toMatchObject({ found: 'Dossier, Nom, Courriel, Ville', unshown: 4 });
    expect(`${undetected.message} ${undetected.fr}`).not.toMatch(/boulangerie|CÔTÉ-2024/i);
    const corporations = await parseTaxprepXlsx(bytes, { kind: 'corporation' });
    expect(corporations.records).toEqual([
      { kind: 'corporation', name: 'Boulangerie Côté inc.', email: 'info@boulangeriecote.ca', address: { city: 'Québec' }, clientFile: 'CÔTÉ-2024', source: { row: 2 } },
    ]);
    // Forced to individuals, the same row lacks a first name: an error, not a silent drop.
    const individuals = await parseTaxprepXlsx(bytes, { kind: 'individual' });
    expect(individuals.records).toEqual([]);
    expect(issuesOf(individuals)).toEqual([[2, 'missing_name', 'error', 'firstName']]);
  });

  it('forces a list with individual headers to be read as individuals even with a company-name column', async () => {
    const bytes = await simpleSheet([
      ['NAS', 'Prénom', 'Nom', 'Raison sociale'],
      [SINS.marieEve, 'Marie-Ève', 'Gagnon', 'Gagnon Design inc.'],
    ]);
    const result = await parseTaxprepXlsx(bytes, { kind: 'individual' });
    expect(result.records).toEqual([{ kind: 'individual', sin: SINS.marieEve, firstName: 'Marie-Ève', lastName: 'Gagnon', source: { row: 2 } }]);
    expect(result.meta.unknownColumns).toEqual(['Raison sociale']);
  });
});

describe('parseTaxprepXlsx: options.columns', () => {
  const rows = [
    ['Numéro d’assurance sociale du client', 'Prénom', 'Nom', 'Remarque'],
    ['271 845 935', 'Marie-Ève', 'Gagnon', 'Client depuis 2019'],
  ];

  it('reads a renamed column only when told which field it is', async () => {
    const bytes = await simpleSheet(rows);
    const without = await parseTaxprepXlsx(bytes);
    expect(without.meta.unknownColumns).toEqual(['Numéro d’assurance sociale du client', 'Remarque']);
    expect(issuesOf(without)).toEqual([[2, 'missing_identifier', 'error', 'sin']]);
    const withOverride = await parseTaxprepXlsx(bytes, { columns: { sin: 'Numéro d’assurance sociale du client' } });
    expect(withOverride.records).toEqual([{ kind: 'individual', sin: SINS.marieEve, firstName: 'Marie-Ève', lastName: 'Gagnon', source: { row: 2 } }]);
    expect(withOverride.meta.columns[0]).toEqual({ header: 'Numéro d’assurance sociale du client', index: 0, field: 'sin' });
  });

  it('throws column_not_found when an override names a header the sheet does not have', async () => {
    const error = await thrown(await simpleSheet(rows), { columns: { email: 'Courriel du client' } });
    expect(error.code).toBe('column_not_found');
    expect(error.params).toMatchObject({ field: 'email', header: 'Courriel du client' });
  });
});

describe('parseTaxprepXlsx: every shape of cell value', () => {
  it('reads rich text, formulas with results, hyperlinks, inline strings, shared formulas and error cells', async () => {
    const result = await parseTaxprepXlsx(await cellShapes());
    expect(result.records).toEqual<ClientRecord[]>([
      {
        // SIN from a formula's number result, first name in rich text, last name from a text formula, birth date from a
        // formula whose result is a date, e-mail from a hyperlink, two-line address with Excel's _x000D_ escape.
        kind: 'individual', sin: SINS.marieEve, firstName: 'Anne-Sophie', lastName: 'Roy', birthDate: '1980-03-04', email: 'anne-sophie.roy@exemple.ca',
        address: { line1: '1234, rue Saint-Denis app. 5' }, clientFile: 'ROY-2024', source: { row: 2 },
      },
      // Inline string first name; a formula never calculated (no cached result) reads as empty, one whose result is an
      // error reads as that error (a warning, as for an error cell).
      { kind: 'individual', sin: SINS.jeanFrancois, firstName: 'Zoé', lastName: 'Roy', phone: '+15145550141', clientFile: 'ROY-2024', source: { row: 3 } },
      // A shared formula (a clone of F3) carries its own cached result.
      { kind: 'individual', sin: SINS.benoit, firstName: 'Marc', lastName: 'Roy', phone: '+15145550188', clientFile: 'ROY-2024', source: { row: 4 } },
    ]);
    expect(result.issues.map((i) => [i.row, i.code, i.severity, i.field, i.params])).toEqual([
      [2, 'cell_error', 'warning', 'phone', { column: 'Téléphone', value: '#REF!' }],
      [3, 'cell_error', 'warning', 'email', { column: 'Courriel', value: '#VALUE!' }],
    ]);
  });

  it('normalizeExcelCell turns each shape into a plain value', () => {
    const date = day(1980, 3, 4);
    expect(normalizeExcelCell(null)).toBeNull();
    expect(normalizeExcelCell(undefined)).toBeNull();
    expect(normalizeExcelCell('Côté')).toBe('Côté');
    expect(normalizeExcelCell(130692544)).toBe(130692544);
    expect(normalizeExcelCell(Number.NaN)).toEqual({ error: '#NUM!' });
    expect(normalizeExcelCell(true)).toBe(true);
    expect(normalizeExcelCell(date)).toBe(date);
    expect(normalizeExcelCell({ richText: [{ text: 'Jo', font: { bold: true } }, { text: 'sée' }] })).toBe('Josée');
    expect(normalizeExcelCell({ richText: [{ text: 'Jo' }, { font: { bold: true }, text: null }] })).toBe('Jo');
    expect(normalizeExcelCell({ text: 'jo@exemple.ca', hyperlink: 'mailto:jo@exemple.ca' })).toBe('jo@exemple.ca');
    expect(normalizeExcelCell({ text: { richText: [{ text: 'jo@' }, { text: 'exemple.ca' }] }, hyperlink: 'mailto:jo@exemple.ca' })).toBe('jo@exemple.ca');
    expect(normalizeExcelCell({ text: '', hyperlink: 'mailto:l%C3%A9a@exemple.ca?subject=Imp%C3%B4ts' })).toBe('léa@exemple.ca');
    expect(normalizeExcelCell({ formula: 'A1*2', result: 4 })).toBe(4);
    expect(normalizeExcelCell({ formula: 'DATE(1980,3,4)', result: date })).toBe(date);
    expect(normalizeExcelCell({ formula: '1/0', result: { error: '#DIV/0!' } })).toEqual({ error: '#DIV/0!' });
    expect(normalizeExcelCell({ formula: 'A1' })).toBeNull();
    expect(normalizeExcelCell({ sharedFormula: 'B2', result: 'Roy' })).toBe('Roy');
    expect(normalizeExcelCell({ sharedString: 1 }, ['Gagnon', { richText: [{ text: 'Tremb' }, { text: 'lay' }] }])).toBe('Tremblay');
    expect(normalizeExcelCell({ sharedString: 1 })).toBeNull();
    expect(normalizeExcelCell({ error: '#N/A' })).toEqual({ error: '#N/A' });
    expect(normalizeExcelCell('ligne 1_x000D_\nligne 2')).toBe('ligne 1\r\nligne 2');
    expect(normalizeExcelCell('_x005F_x000D_')).toBe('_x000D_');
  });
});

describe('parseTaxprepXlsx: dates', () => {
  it('reads date cells and serials of a 1900 workbook', async () => {
    const result = await parseTaxprepXlsx(await dates1900());
    expect(result.meta.date1904).toBe(false);
    expect(result.records.map((r) => (r.kind === 'individual' ? r.birthDate : undefined))).toEqual(['1980-03-04', '1979-05-26', '2000-01-01']);
  });

  it('reads date cells and serials of a 1904 workbook (old Mac Excel) with the 1904 epoch', async () => {
    const result = await parseTaxprepXlsx(await dates1904());
    expect(result.meta.date1904).toBe(true);
    expect(result.records.map((r) => (r.kind === 'individual' ? r.birthDate : undefined))).toEqual(['1980-03-04', '1979-05-26', '2000-01-01']);
    // The same serial means a date four years and a day later in the 1904 system.
    expect(excelSerial(1979, 5, 26, true) + 1462).toBe(excelSerial(1979, 5, 26));
  });

  it('does not move a midnight date cell to the previous day in a time zone west of UTC', async () => {
    const bytes = await dates1900();
    const previous = process.env.TZ;
    process.env.TZ = 'America/Toronto';
    try {
      expect(new Date(Date.UTC(2000, 0, 1)).getDate()).toBe(31); // local time really is behind UTC here
      const result = await parseTaxprepXlsx(bytes);
      expect(result.records.map((r) => (r.kind === 'individual' ? r.birthDate : undefined))).toEqual(['1980-03-04', '1979-05-26', '2000-01-01']);
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it('reads a text date in the day/month order the caller gives, and warns without it', async () => {
    const bytes = await simpleSheet([['NAS', 'Prénom', 'Nom', 'Date de naissance'], [SINS.benoit, 'Benoît', 'Lévesque', '03/04/1980']]);
    const dmy = await parseTaxprepXlsx(bytes, { dateOrder: 'dmy' });
    expect(dmy.records[0]).toMatchObject({ birthDate: '1980-04-03' });
    expect(dmy.issues).toEqual([]);
    const unknown = await parseTaxprepXlsx(bytes);
    expect(unknown.records[0]).not.toHaveProperty('birthDate');
    expect(issuesOf(unknown)).toEqual([[2, 'date_ambiguous', 'warning', 'birthDate']]);
  });
});

describe('parseTaxprepXlsx: SINs stored as numbers', () => {
  it('reads a 9-digit number cell as the SIN and rejects an 8-digit one without padding it', async () => {
    const bytes = await simpleSheet([
      ['NAS', 'Prénom', 'Nom'],
      [Number(SINS.jeanFrancois), 'Jean-François', 'Tremblay'],
      [SINS.truncated, 'Hélène', 'Côté'],
      [0, 'Léa', 'Tremblay'],
    ]);
    const result = await parseTaxprepXlsx(bytes);
    expect(result.records).toEqual([{ kind: 'individual', sin: SINS.jeanFrancois, firstName: 'Jean-François', lastName: 'Tremblay', source: { row: 2 } }]);
    expect(issuesOf(result)).toEqual([
      [3, 'sin_truncated', 'error', 'sin'],
      // 0 is the programs' "no SIN": without a client file the row has no identifier.
      [4, 'missing_identifier', 'error', 'sin'],
    ]);
    expect(JSON.stringify(result)).not.toContain(`0${SINS.truncated}`);
  });
});

describe('parseTaxprepXlsx: duplicates', () => {
  it('warns on both rows of a SIN that appears twice, keeping both records', async () => {
    const bytes = await simpleSheet([
      ['NAS', 'Prénom', 'Nom'],
      [SINS.marieEve, 'Marie-Ève', 'Gagnon'],
      [SINS.benoit, 'Benoît', 'Lévesque'],
      [Number(SINS.marieEve), 'Marie-Eve', 'Gagnon'],
    ]);
    const result = await parseTaxprepXlsx(bytes, { locale: 'fr' });
    expect(result.records.map((r) => r.source?.row)).toEqual([2, 3, 4]);
    expect(result.issues.map((i) => [i.row, i.code, i.params.otherRow])).toEqual([
      [2, 'duplicate_key', 4],
      [4, 'duplicate_key', 2],
    ]);
    expect(result.issues[0]?.message).toBe('Le NAS *** *** 935 figure aussi à la ligne 4. Les deux lignes sont gardées; l\'importation demandera laquelle est la bonne.');
    expect(result.meta.counts.warnings).toBe(2);
    // Streaming cannot go back: only the later row is flagged.
    const streamed: ParsedRow[] = [];
    for await (const row of streamTaxprepXlsx(bytes)) streamed.push(row);
    expect(streamed.map((r) => r.issues.map((i) => i.code))).toEqual([[], [], ['duplicate_key']]);
  });
});

describe('parseTaxprepXlsx: sheets', () => {
  it('reads the first visible sheet that has a client-list header', async () => {
    const result = await parseTaxprepXlsx(await severalSheets());
    expect(result.meta).toMatchObject({ sheet: 'Particuliers', kind: 'individual', headerRow: 1 });
    expect(result.records).toEqual([{ kind: 'individual', sin: SINS.marieEve, firstName: 'Marie-Ève', lastName: 'Gagnon', source: { row: 2 } }]);
  });

  it('reads the sheet named or numbered in options.sheet', async () => {
    const bytes = await severalSheets();
    const byIndex = await parseTaxprepXlsx(bytes, { sheet: 3 });
    expect(byIndex.meta).toMatchObject({ sheet: 'Sociétés', kind: 'corporation' });
    expect(byIndex.records).toEqual([{ kind: 'corporation', businessNumber: BNS.boulangerie, name: 'Boulangerie Côté inc.', source: { row: 2 } }]);
    expect(await parseTaxprepXlsx(bytes, { sheet: 'SOCIÉTÉS' })).toEqual(byIndex);
    const hidden = await parseTaxprepXlsx(bytes, { sheet: 'Archive 2023' });
    expect(hidden.records).toEqual([{ kind: 'individual', sin: SINS.benoit, firstName: 'Paul', lastName: 'Archambault', source: { row: 2 } }]);
  });

  it('says which sheets exist when the one asked for does not', async () => {
    const bytes = await severalSheets();
    const byName = await thrown(bytes, { sheet: 'Clients 2024' });
    expect(byName).toMatchObject({ name: 'ParseError', code: 'sheet_not_found', params: { sheet: '"Clients 2024"', found: 'Notes, Particuliers, Sociétés, Archive 2023' } });
    expect(byName.fr).toContain('Ses feuilles : Notes, Particuliers, Sociétés, Archive 2023');
    expect((await thrown(bytes, { sheet: 7 })).code).toBe('sheet_not_found');
  });

  it('throws no_header when the sheet asked for has no header, listing the header words it found', async () => {
    const error = await thrown(await severalSheets(), { sheet: 'Notes' });
    expect(error.code).toBe('no_header');
    // The title holds a date, which could as well be a birth date: counted, not shown.
    expect(error.params).toMatchObject({ found: 'Ne pas modifier les en-têtes.', unshown: 1, rows: 2 });
  });

  it('does not pick a hidden sheet on its own', async () => {
    const bytes = await onlyHiddenList();
    expect((await thrown(bytes)).code).toBe('no_header');
    expect((await parseTaxprepXlsx(bytes, { sheet: 'Archive' })).records).toHaveLength(1);
  });

  it('refuses an options.sheet that is neither a name nor a position from 1', async () => {
    await expect(parseTaxprepXlsx(await severalSheets(), { sheet: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(parseTaxprepXlsx(await severalSheets(), { sheet: ' ' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('gives up on a sheet whose first 20 non-empty rows hold no header', async () => {
    const rows = [...Array.from({ length: 20 }, (_, i) => [`Note ${i + 1}`]), ['NAS', 'Prénom', 'Nom'], [SINS.marieEve, 'Marie-Ève', 'Gagnon']];
    const error = await thrown(await simpleSheet(rows));
    expect(error.code).toBe('no_header');
    const within = await parseTaxprepXlsx(await simpleSheet(rows.slice(1)));
    expect(within.meta.headerRow).toBe(20);
  });
});

describe('parseTaxprepXlsx: inputs', () => {
  it('gives the same result for bytes, an ArrayBuffer and a stream of small chunks', async () => {
    const bytes = await individualsFr();
    const expected = await parseTaxprepXlsx(bytes);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    expect(await parseTaxprepXlsx(buffer)).toEqual(expected);
    for (const size of [1, 7, 4096]) expect(await parseTaxprepXlsx(inChunks(bytes, size))).toEqual(expected);
  });

  it('reads a workbook whose parts are in Excel’s order as one in exceljs’s order', async () => {
    for (const make of [individualsFr, cellShapes, dates1904]) {
      const bytes = await make();
      expect(await parseTaxprepXlsx(inExcelOrder(bytes))).toEqual(await parseTaxprepXlsx(bytes));
    }
  });

  it('reads accented text split across inflated pieces intact (exceljs/exceljs#2084), from shared or inline strings', async () => {
    for (const sharedStrings of [true, false]) {
      const { bytes, names } = await accentedList(2000, sharedStrings);
      const result = await parseTaxprepXlsx(inChunks(bytes, 16 * 1024 + 1), { kind: 'individual' });
      expect(result.issues).toEqual([]);
      expect(result.records.map((r) => (r.kind === 'individual' ? [r.firstName, r.lastName, r.address?.line1] : []))).toEqual(names);
    }
  });

  it('reads every part of the workbook even when the consumer is slow (exceljs/exceljs#3064)', async () => {
    const bytes = await severalSheets();
    for (const sheet of [2, 3]) {
      const rows: ParsedRow[] = [];
      for await (const row of streamTaxprepXlsx(inChunks(bytes, 512), { sheet })) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        rows.push(row);
      }
      expect(rows.map((r) => r.record?.kind)).toEqual([sheet === 2 ? 'individual' : 'corporation']);
    }
  });

  it('streams rows with meta available once the header is read', async () => {
    const stream = streamTaxprepXlsx(await individualsFr());
    expect(stream.meta()).toBeUndefined();
    const rows: number[] = [];
    for await (const row of stream) {
      rows.push(row.row);
      expect(stream.meta()?.headerRow).toBe(4);
    }
    expect(rows).toEqual([5, 6, 7, 9, 10, 11, 12]);
    expect(stream.meta()?.counts).toEqual({ rows: 7, records: 5, rejected: 2, blank: 3, errors: 2, warnings: 4 });
  });

  it('stops cleanly when the consumer stops early', async () => {
    const { bytes } = await accentedList(200, true);
    let seen = 0;
    for await (const row of streamTaxprepXlsx(inChunks(bytes, 8192), { kind: 'individual' })) {
      seen = row.row;
      if (seen === 10) break;
    }
    expect(seen).toBe(10);
  });
});

describe('parseTaxprepXlsx: files that are not a readable workbook', () => {
  it('throws empty_input for nothing at all', async () => {
    expect((await thrown(new Uint8Array())).code).toBe('empty_input');
    expect((await thrown(utf8('  \r\n'))).code).toBe('empty_input');
    expect((await thrown(inChunks(new Uint8Array(), 10))).code).toBe('empty_input');
  });

  it.each([
    ['a PDF', utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), 'a PDF document', 'un document PDF'],
    ['a CSV export', utf8(`${HEADERS_FR.join(';')}\r\nGAGNON-2024;Contribuable;271 845 935;Marie-Ève;Gagnon\r\n`), 'a text file (such as a CSV export)', 'un fichier texte (comme une exportation CSV)'],
    ['an HTML table saved as .xls', utf8('<!DOCTYPE html><html><body><table><tr><td>NAS</td></tr></table></body></html>'), 'a web page (HTML) saved with a spreadsheet extension', 'une page Web (HTML) enregistrée avec une extension de tableur'],
    ['random bytes', new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256)), 'binary data', 'des données binaires'],
  ])('throws not_a_workbook for %s, saying what it looks like', async (_, bytes, en, fr) => {
    const error = await thrown(bytes);
    expect(error).toMatchObject({ name: 'ParseError', code: 'not_a_workbook' });
    expect(error.en).toContain(en);
    expect(error.en).toBe(`This is not an Excel workbook (.xlsx) — it looks like ${en}. Export the client list from Taxprep as .xlsx.`);
    expect((await thrown(bytes, { locale: 'fr' })).message).toContain(`il ressemble à ${fr}`);
  });

  it('tells an old .xls from a password-protected workbook (both are OLE compound files)', async () => {
    const xls = await thrown(compoundFile({ Workbook: 9000, '\u0005SummaryInformation': 4096 }));
    expect(xls.code).toBe('not_a_workbook');
    expect(xls.en).toContain('an Excel 97–2003 workbook (.xls); open it in Excel and save it as .xlsx');
    const encrypted = await thrown(compoundFile({ '\u0006DataSpaces': 4096, EncryptionInfo: 4096, EncryptedPackage: 20000 }));
    expect(encrypted.code).toBe('not_a_workbook');
    expect(encrypted.en).toMatch(/a password-protected \(encrypted\) workbook; remove the password/);
    const unknown = await thrown(inChunks(compoundFile({ Contents: 5000 }), 1000));
    expect(unknown.en).toContain('an old Excel .xls workbook or a password-protected workbook; save it in Excel as an .xlsx without a password');
  });

  it('throws not_a_workbook for a zip that holds no worksheet', async () => {
    expect((await thrown(zipOf({ 'lisez-moi.txt': 'Bonjour', 'T183/271845935.pdf': '%PDF-1.7' }))).en).toContain('a ZIP archive that holds no worksheet');
    const docx = zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    expect((await thrown(docx)).en).toContain('a Word document (.docx)');
    const ods = zipOf({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office:document-content/>' });
    expect((await thrown(ods, { locale: 'fr' })).fr).toContain('une feuille de calcul OpenDocument (.ods)');
    const odt = zipOf({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document-content/>' });
    expect((await thrown(odt)).en).toContain('a ZIP archive that holds no worksheet');
    const xlsb = zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.bin': 'binaire', 'xl/worksheets/sheet1.bin': 'binaire' });
    expect((await thrown(xlsb)).en).toContain('an Excel binary workbook (.xlsb); save it as .xlsx');
    expect((await thrown(zipOf({}))).en).toContain('an empty ZIP archive');
  });

  it('throws read_failed for a truncated workbook', async () => {
    const bytes = await individualsFr();
    const error = await thrown(bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    expect(error).toMatchObject({ name: 'ParseError', code: 'read_failed' });
    expect(error.en).toBe('The file could not be read: the workbook is cut short (an incomplete download or copy). Export it again from Taxprep.');
  });

  it('throws read_failed, and does not hang, for a workbook whose compressed data is damaged', async () => {
    for (const part of ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml']) {
      const error = await thrown(damagePart(await individualsFr(), part));
      expect(error.code).toBe('read_failed');
      expect(error.en).toMatch(/^The file could not be read: the workbook is damaged/);
    }
  });

  it('throws read_failed for a worksheet that is not XML', async () => {
    const bytes = patchPart(await simpleSheet([['NAS', 'Prénom', 'Nom'], [SINS.marieEve, 'Marie-Ève', 'Gagnon']]), 'xl/worksheets/sheet1.xml', (xml) => xml.replace('<sheetData>', '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><<'));
    expect((await thrown(bytes)).code).toBe('read_failed');
  });

  it('rethrows the error of the caller’s own stream', async () => {
    const bytes = await individualsFr();
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 2000);
      throw new Error('connexion interrompue');
    }
    await expect(parseTaxprepXlsx(failing())).rejects.toThrow('connexion interrompue');
  });

  it('refuses an input that is not bytes', async () => {
    const error = await thrown('Prénom;Nom' as unknown as Uint8Array);
    expect(error.code).toBe('invalid_input');
  });

  it('throws typed errors only', async () => {
    const error = await parseTaxprepXlsx(utf8('%PDF-1.4')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
  });
});

describe('the bundled samples (what the demo prints)', () => {
  const sample = (name: string): Promise<Buffer> => readFile(new URL(`../../samples/${name}`, import.meta.url));

  it('samples/taxprep-particuliers.xlsx: 15 individuals in 9 client files, 2 rejected, 2 warnings', async () => {
    const result = await parseTaxprepXlsx(await sample('taxprep-particuliers.xlsx'), { locale: 'fr' });
    expect(result.meta).toMatchObject({ kind: 'individual', sheet: 'Particuliers', headerRow: 4, unknownColumns: [] });
    expect(result.meta.counts).toEqual({ rows: 15, records: 13, rejected: 2, blank: 0, errors: 2, warnings: 2 });
    expect(issuesOf(result)).toEqual([
      [9, 'sin_invalid', 'error', 'sin'],
      [10, 'sin_truncated', 'error', 'sin'],
      [11, 'date_ambiguous', 'warning', 'birthDate'],
      [13, 'postal_code_invalid', 'warning', 'postalCode'],
    ]);
    expect(new Set(result.records.map((r) => r.clientFile)).size).toBe(7);
    expect(result.records.slice(0, 3)).toEqual([
      expect.objectContaining({ sin: '327462586', spouseSin: SINS.jeanFrancois, role: 'principal', birthDate: '1980-03-04', clientFile: 'GAGNON-TREMBLAY 2024' }),
      // The spouse's SIN is a number cell and the birth date a serial.
      expect.objectContaining({ sin: SINS.jeanFrancois, spouseSin: '327462586', role: 'spouse', birthDate: '1979-05-26' }),
      expect.objectContaining({ firstName: 'Léa', role: 'dependant', birthDate: '2012-07-15' }),
    ]);
    expect(result.records[2]).not.toHaveProperty('sin');
  });

  it('samples/taxprep-societes.xlsx: 6 corporations, one business number rejected', async () => {
    const result = await parseTaxprepXlsx(await sample('taxprep-societes.xlsx'));
    expect(result.meta).toMatchObject({ kind: 'corporation', sheet: 'Sociétés', headerRow: 4 });
    expect(result.meta.counts).toEqual({ rows: 6, records: 5, rejected: 1, blank: 0, errors: 1, warnings: 0 });
    expect(issuesOf(result)).toEqual([[10, 'bn_invalid', 'error', 'businessNumber']]);
    expect(result.records[0]).toEqual({
      kind: 'corporation', businessNumber: '871234563', programAccount: 'RC0001', neq: '1171234567', name: 'Boulangerie Côté inc.', fiscalYearEnd: '2024-12-31',
      contactName: 'Hélène Côté', email: 'info@boulangeriecote.ca', phone: '+18195550175', language: 'fr',
      address: { line1: '45, rue King Ouest', city: 'Sherbrooke', province: 'QC', postalCode: 'J1H 1N9' }, clientFile: 'BOULANGERIE CÔTÉ 2024', source: { row: 5 },
    });
  });
});
