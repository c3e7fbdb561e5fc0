import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isTaxsyncError,
  parseDtmaxCsv,
  renderMessage,
  streamDtmaxCsv,
  type ClientRecord,
  type DtmaxCsvInput,
  type ParseDtmaxCsvOptions,
  type ParsedRow,
  type ParseResult,
} from '../../src/index.js';
import {
  BN9,
  HEADERS_EN,
  HEADERS_FR,
  SIN,
  bare,
  concatBytes,
  csvText,
  dtmaxCsv,
  encodeText,
  inChunks,
  splitAt,
  withCheckDigit,
  type FileEncoding,
} from '../fixtures/csv.js';

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

/** Row, code and severity of every issue (and its field when there is one), in order. */
const issuesOf = (result: ParseResult): [number, string, string, string?][] =>
  result.issues.map((i) => (i.field === undefined ? [i.row, i.code, i.severity] : [i.row, i.code, i.severity, i.field]));

/** The error a parse throws (fails the test when it does not throw a TaxsyncError). */
async function thrown(input: DtmaxCsvInput, options?: ParseDtmaxCsvOptions): Promise<{ code: string; message: string; params: Readonly<Record<string, string | number>>; fr: string; en: string }> {
  try {
    await parseDtmaxCsv(input, options);
  } catch (error) {
    if (!isTaxsyncError(error)) throw error;
    return { code: error.code, message: error.message, params: error.params, fr: error.messageIn('fr'), en: error.messageIn('en') };
  }
  throw new Error('expected parseDtmaxCsv to throw');
}

/** A full SIN anywhere in the text (nine digits, possibly spaced): what must never be in an issue or error. */
const FULL_SIN = /(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{3}(?!\d)/;

/** Every SIN written in the fixtures, bare and formatted: none may appear in any message. */
function expectNoSinIn(value: unknown, sins: readonly string[]): void {
  const text = JSON.stringify(value);
  for (const sin of sins) {
    expect(text).not.toContain(bare(sin));
    expect(text).not.toContain(`${bare(sin).slice(0, 3)} ${bare(sin).slice(3, 6)} ${bare(sin).slice(6)}`);
  }
}

/** Bytes from a seeded xorshift generator: random-looking binary data, the same on every run. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Issue messages and params only (records legitimately hold SINs). */
const messagesOf = (result: ParseResult): unknown => result.issues.map((i) => ({ message: i.message, params: i.params }));

// ---------------------------------------------------------------------------------------------------------------------
// The family a French DT Max export typically holds

const FAMILY = 'Famille D’Amours — Lévesque';
const FAMILY_ROWS_FR: string[][] = [
  ['1001', SIN.tremblay, 'Hélène', 'D’Amours', '1980-03-04', 'Helene.DAmours@Videotron.CA', '(514) 555-0199', '12, rue de l’Église', 'Trois-Rivières', 'Québec', 'g9a 5h7', 'F', FAMILY, 'Principal'],
  ['1001', SIN.gagnon, 'Œdipe', 'Lévesque', '25/12/1979', '', '819 555 0123', '12, rue de l’Église', 'Trois-Rivières', 'Qc', 'G9A5H7', 'Français', FAMILY, 'Conjoint'],
  ['1001', '000 000 000', 'Zoë', 'Lévesque', '2015-06-30', '', '', '', '', '', '', '', FAMILY, 'Enfant'],
  ['1002', SIN.roy, 'Renée', 'Cœur—Lion', '17 août 1985', 'renee@coeur.ca', '+33 1 23 45 67 89', '5 Main St., bureau 50 €', 'Sherbrooke', 'QC', 'J1H 1A1', 'A', '', ''],
];

const FAMILY_RECORDS: ClientRecord[] = [
  {
    kind: 'individual',
    sin: bare(SIN.tremblay),
    firstName: 'Hélène',
    lastName: 'D’Amours',
    birthDate: '1980-03-04',
    email: 'Helene.DAmours@videotron.ca',
    phone: '+15145550199',
    language: 'fr',
    address: { line1: '12, rue de l’Église', city: 'Trois-Rivières', province: 'QC', postalCode: 'G9A 5H7' },
    clientFile: FAMILY,
    clientNumber: '1001',
    role: 'principal',
    source: { row: 2 },
  },
  {
    kind: 'individual',
    sin: bare(SIN.gagnon),
    firstName: 'Œdipe',
    lastName: 'Lévesque',
    birthDate: '1979-12-25',
    phone: '+18195550123',
    language: 'fr',
    address: { line1: '12, rue de l’Église', city: 'Trois-Rivières', province: 'QC', postalCode: 'G9A 5H7' },
    clientFile: FAMILY,
    clientNumber: '1001',
    role: 'spouse',
    source: { row: 3 },
  },
  {
    kind: 'individual',
    firstName: 'Zoë',
    lastName: 'Lévesque',
    birthDate: '2015-06-30',
    clientFile: FAMILY,
    clientNumber: '1001',
    role: 'dependant',
    source: { row: 4 },
  },
  {
    kind: 'individual',
    sin: bare(SIN.roy),
    firstName: 'Renée',
    lastName: 'Cœur—Lion',
    birthDate: '1985-08-17',
    email: 'renee@coeur.ca',
    phone: '+33123456789',
    language: 'en',
    address: { line1: '5 Main St., bureau 50 €', city: 'Sherbrooke', province: 'QC', postalCode: 'J1H 1A1' },
    clientNumber: '1002',
    source: { row: 5 },
  },
];

const familyFile = (encoding: FileEncoding, headers: readonly string[] = HEADERS_FR, delimiter: ';' | ',' | '\t' = ';'): Uint8Array =>
  dtmaxCsv([headers, ...FAMILY_ROWS_FR], { encoding, delimiter });

// ---------------------------------------------------------------------------------------------------------------------

describe('parseDtmaxCsv: encodings', () => {
  it('decodes Windows-1252 right, including ’ œ — € (bytes 0x80–0x9F)', async () => {
    const bytes = familyFile('windows-1252');
    // The fixture really holds the Windows-1252 bytes of ’ (0x92), œ (0x9C), Œ (0x8C), — (0x97) and € (0x80).
    for (const byte of [0x92, 0x9c, 0x8c, 0x97, 0x80]) expect(bytes).toContain(byte);
    const result = await parseDtmaxCsv(bytes);
    expect(result.records).toEqual(FAMILY_RECORDS);
    expect(result.issues).toEqual([]);
    expect(result.meta).toMatchObject({ format: 'csv', kind: 'individual', encoding: 'windows-1252', delimiter: ';', headerRow: 1 });
    expect(result.meta.counts).toEqual({ rows: 4, records: 4, rejected: 0, blank: 0, errors: 0, warnings: 0 });
  });

  it.each([
    ['utf-8', 'utf-8'],
    ['utf-8-bom', 'utf-8-bom'],
    ['utf-16le-bom', 'utf-16le'],
  ] as const)('reads the same file saved as %s', async (encoding, reported) => {
    const result = await parseDtmaxCsv(familyFile(encoding));
    expect(result.records).toEqual(FAMILY_RECORDS);
    expect(result.issues).toEqual([]);
    expect(result.meta.encoding).toBe(reported);
  });

  it('reads the text itself when given a string (with or without a BOM), reporting no encoding', async () => {
    const text = csvText([HEADERS_FR, ...FAMILY_ROWS_FR]);
    for (const input of [text, `\uFEFF${text}`]) {
      const result = await parseDtmaxCsv(input);
      expect(result.records).toEqual(FAMILY_RECORDS);
      expect(result.meta.encoding).toBeUndefined();
    }
  });

  it('follows options.encoding over the sniffer', async () => {
    // UTF-8 bytes forced to Windows-1252 show the classic mojibake: proof the option is obeyed.
    const result = await parseDtmaxCsv(dtmaxCsv([['NAS', 'Prenom', 'Nom'], [SIN.tremblay, 'Zoé', 'Côté']], { encoding: 'utf-8' }), { encoding: 'windows-1252' });
    expect(result.meta.encoding).toBe('windows-1252');
    expect(result.records).toMatchObject([{ firstName: 'ZoÃ©', lastName: 'CÃ´tÃ©' }]);
  });
});

describe('parseDtmaxCsv: delimiters and headers', () => {
  it.each([[';'], [','], ['\t']] as const)('sniffs %j', async (delimiter) => {
    const result = await parseDtmaxCsv(familyFile('windows-1252', HEADERS_FR, delimiter));
    expect(result.meta.delimiter).toBe(delimiter);
    expect(result.records).toEqual(FAMILY_RECORDS);
  });

  it('sniffs `;` even when the first lines hold many commas inside quotes', async () => {
    const rows = [['NAS', 'Prénom', 'Nom', 'Adresse'], [SIN.tremblay, 'Jean', 'Tremblay', '1, 2, 3, rue des Érables, app. 4, 5e étage']];
    const result = await parseDtmaxCsv(dtmaxCsv(rows, { delimiter: ';' }));
    expect(result.meta.delimiter).toBe(';');
    expect(result.records).toMatchObject([{ address: { line1: '1, 2, 3, rue des Érables, app. 4, 5e étage' } }]);
  });

  it('sniffs `,` when a notes column is full of semicolons: the delimiter is the one every line has equally often', async () => {
    const notes = 'T1; TP-1; T183; RL-1; relevé 31';
    const sins = [SIN.tremblay, SIN.gagnon, SIN.roy, SIN.cote, SIN.temporary];
    const rows = [['SIN', 'First name', 'Last name', 'Notes'], ...sins.map((sin, i) => [sin, `First${i}`, `Last${i}`, notes])];
    const result = await parseDtmaxCsv(dtmaxCsv(rows, { delimiter: ',' }));
    expect(result.meta.delimiter).toBe(',');
    expect(result.records.map((r) => (r.kind === 'individual' ? r.sin : ''))).toEqual(sins.map(bare));
    expect(result.meta.unknownColumns).toEqual(['Notes']);
  });

  it('sniffs `;` after title rows that hold commas', async () => {
    const rows = [['Cabinet Lévesque, Côté et associés, CPA'], ['Exporté le 1er mars 2025, 14 h 05'], ['NAS', 'Prénom', 'Nom'], [SIN.tremblay, 'Jean', 'Tremblay']];
    const result = await parseDtmaxCsv(dtmaxCsv(rows, { delimiter: ';' }));
    expect(result.meta.delimiter).toBe(';');
    expect(result.meta.headerRow).toBe(3);
    expect(result.records).toHaveLength(1);
  });

  it("reads Excel's « Unicode text » export: UTF-16LE with a BOM, tab-delimited", async () => {
    const result = await parseDtmaxCsv(familyFile('utf-16le-bom', HEADERS_FR, '\t'));
    expect(result.meta).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(result.records).toEqual(FAMILY_RECORDS);
  });

  it('reads a file where every field is quoted, headers included', async () => {
    const result = await parseDtmaxCsv(dtmaxCsv([HEADERS_FR, ...FAMILY_ROWS_FR], { quoteAll: true }));
    expect(result.records).toEqual(FAMILY_RECORDS);
    expect(result.meta.delimiter).toBe(';');
  });

  it("skips Excel's `sep=;` hint line", async () => {
    const text = `sep=;\r\nNAS;Prénom;Nom\r\n${SIN.tremblay};Jean;Tremblay\r\n`;
    const result = await parseDtmaxCsv(encodeText(text, 'windows-1252'));
    expect(result.meta).toMatchObject({ delimiter: ';', headerRow: 2 });
    expect(result.records).toEqual([{ kind: 'individual', sin: bare(SIN.tremblay), firstName: 'Jean', lastName: 'Tremblay', source: { row: 3 } }]);
  });

  it('follows options.delimiter', async () => {
    const rows = [['NAS', 'Prénom', 'Nom', 'Ville'], [SIN.tremblay, 'Jean', 'Tremblay', 'Lévis, QC']];
    const text = csvText(rows, { delimiter: ',' });
    const result = await parseDtmaxCsv(text, { delimiter: ',' });
    expect(result.meta.delimiter).toBe(',');
    expect(result.records).toMatchObject([{ address: { city: 'Lévis, QC' } }]);
  });

  it('reads English headers to the same records and maps every column', async () => {
    const fr = await parseDtmaxCsv(familyFile('windows-1252', HEADERS_FR));
    const en = await parseDtmaxCsv(familyFile('windows-1252', HEADERS_EN, ','));
    expect(en.records).toEqual(fr.records);
    const fields = ['clientNumber', 'sin', 'firstName', 'lastName', 'birthDate', 'email', 'phone', 'line1', 'city', 'province', 'postalCode', 'language', 'clientFile', 'role'];
    expect(fr.meta.columns).toEqual(HEADERS_FR.map((header, index) => ({ header, index, field: fields[index] })));
    expect(en.meta.columns).toEqual(HEADERS_EN.map((header, index) => ({ header, index, field: fields[index] })));
    expect(fr.meta.unknownColumns).toEqual([]);
  });

  it('matches headers ignoring accents, case, spaces and punctuation', async () => {
    const rows = [['N.A.S.', 'PRENOM', 'nom de famille', 'DATE DE NAISSANCE', 'Code  postal'], [SIN.tremblay, 'Jean', 'Tremblay', '1980-03-04', 'H2X 1Y4']];
    const result = await parseDtmaxCsv(dtmaxCsv(rows));
    expect(result.meta.columns.map((c) => c.field)).toEqual(['sin', 'firstName', 'lastName', 'birthDate', 'postalCode']);
    expect(result.records).toEqual([
      { kind: 'individual', sin: bare(SIN.tremblay), firstName: 'Jean', lastName: 'Tremblay', birthDate: '1980-03-04', address: { postalCode: 'H2X 1Y4' }, source: { row: 2 } },
    ]);
  });

  it('lists unknown columns once in meta, never per row', async () => {
    const rows = [
      ['NAS', 'Prénom', 'Nom', 'Remarques', 'Solde dû'],
      [SIN.tremblay, 'Jean', 'Tremblay', 'Client depuis 2009', '120,00 $'],
      [SIN.gagnon, 'Marie', 'Gagnon', '', '0'],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows));
    expect(result.meta.unknownColumns).toEqual(['Remarques', 'Solde dû']);
    expect(result.issues).toEqual([]);
    expect(result.records).toHaveLength(2);
  });

  it('skips title rows above the header', async () => {
    const rows = [
      ['Liste des clients — DT Max 2024'],
      ['Exporté le 2025-03-01 par Cabinet Lévesque'],
      [],
      ['NAS', 'Prénom', 'Nom'],
      [SIN.tremblay, 'Jean', 'Tremblay'],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows));
    expect(result.meta.headerRow).toBe(4);
    expect(result.records).toEqual([{ kind: 'individual', sin: bare(SIN.tremblay), firstName: 'Jean', lastName: 'Tremblay', source: { row: 5 } }]);
  });

  it('throws no_header, listing the header words it saw and counting the other cells, when no row looks like a header', async () => {
    const error = await thrown(dtmaxCsv([['Colonne A', 'Colonne B'], ['x', 'y']]), { locale: 'fr' });
    expect(error.code).toBe('no_header');
    expect(error.params).toMatchObject({ found: 'Colonne A, Colonne B', unshown: 2, rows: 2 });
    expect(error.message).toMatch(
      /^Aucun en-tête de liste de clients n'a été reconnu dans les 2 premières lignes\. En-têtes trouvés : Colonne A, Colonne B \(et 2 autres cellules non affichées : elles peuvent contenir des renseignements personnels\)\./,
    );
  });

  it('still shows a renamed header row in no_header, so options.columns can be written from the message', async () => {
    const rows = [
      ['No. assurance sociale du client', 'Prénom du client', 'Nom du client', 'Municipalité de résidence'],
      [SIN.tremblay, 'Jean', 'Tremblay', 'Rimouski'],
    ];
    const error = await thrown(dtmaxCsv(rows));
    expect(error.code).toBe('no_header');
    expect(error.params).toMatchObject({ found: 'No. assurance sociale du client, Prénom du client, Nom du client, Municipalité de résidence', unshown: 4, rows: 2 });
    expect(`${error.fr} ${error.en}`).not.toMatch(/Jean|Tremblay|Rimouski/);
  });

  it('never puts a SIN or a birth date of a header-less file in the no_header error', async () => {
    const rows = [
      ['Jean', 'Tremblay', SIN.tremblay, '1980-03-04'],
      ['Marie', 'Gagnon', bare(SIN.gagnon), '1975-11-30'],
    ];
    const error = await thrown(dtmaxCsv(rows));
    expect(error.code).toBe('no_header');
    for (const text of [error.en, error.fr, JSON.stringify(error.params)]) {
      expect(text).not.toMatch(FULL_SIN);
      expect(text).not.toContain('1980-03-04');
      expect(text).not.toContain('1975-11-30');
    }
    // Names are data too: only counted.
    for (const text of [error.en, error.fr, JSON.stringify(error.params)]) {
      expect(text).not.toMatch(/Jean|Tremblay|Marie|Gagnon/);
    }
    expect(error.params).toMatchObject({ found: '', unshown: 8, rows: 2 });
    expect(error.en).toContain('Headers found: (none) (and 8 other cells not shown: they may hold personal data).');
  });
});

describe('parseDtmaxCsv: corporations', () => {
  const CORP_HEADERS = ['Raison sociale', 'NE', 'NEQ', "Fin d'exercice", 'Personne-ressource', 'Courriel', 'Téléphone', 'Langue'];

  it('detects a corporation list and reads BN, program account, NEQ and fiscal year end', async () => {
    const rows = [
      CORP_HEADERS,
      ['Déneigement Côté inc.', `${BN9} RC 0001`, '1143 123 456', '2024-06-30', 'Luc Côté', 'luc@deneigementcote.ca', '418 555 0100', 'F'],
      ['Boulangerie L’Épi d’Or ltée', BN9.slice(0, 3) + ' ' + BN9.slice(3, 6) + ' ' + BN9.slice(6), '', '31/12/2024', '', '', '', 'Anglais'],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows));
    expect(result.meta.kind).toBe('corporation');
    expect(result.records).toEqual([
      {
        kind: 'corporation',
        businessNumber: BN9,
        programAccount: 'RC0001',
        neq: '1143123456',
        name: 'Déneigement Côté inc.',
        fiscalYearEnd: '2024-06-30',
        contactName: 'Luc Côté',
        email: 'luc@deneigementcote.ca',
        phone: '+14185550100',
        language: 'fr',
        source: { row: 2 },
      },
      { kind: 'corporation', businessNumber: BN9, name: 'Boulangerie L’Épi d’Or ltée', fiscalYearEnd: '2024-12-31', language: 'en', source: { row: 3 } },
    ]);
    // The same BN on two rows is a duplicate, as for SINs.
    expect(issuesOf(result)).toEqual([
      [2, 'duplicate_key', 'warning', 'businessNumber'],
      [3, 'duplicate_key', 'warning', 'businessNumber'],
    ]);
  });

  it('warns about an unknown program account, rejects an invalid BN, and leaves out a bad NEQ', async () => {
    const wrongBn = BN9.slice(0, 8) + String((Number(BN9[8]) + 1) % 10);
    const rows = [
      CORP_HEADERS,
      ['Alpha inc.', `${BN9}XX0001`, '', '', '', '', '', ''],
      ['Bêta ltée', `${wrongBn}RC0001`, '', '', '', '', '', ''],
      ['Gamma SENC', '', '12345', '', '', '', '', ''],
      ['', '', '', '', 'Personne', '', '', ''],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows), { locale: 'fr' });
    expect(result.records).toEqual([
      { kind: 'corporation', businessNumber: BN9, programAccount: 'XX0001', name: 'Alpha inc.', source: { row: 2 } },
      { kind: 'corporation', name: 'Gamma SENC', source: { row: 4 } },
    ]);
    expect(issuesOf(result)).toEqual([
      [2, 'bn_program_unknown', 'warning', 'businessNumber'],
      [3, 'bn_invalid', 'error', 'businessNumber'],
      [4, 'neq_invalid', 'warning', 'neq'],
      [5, 'missing_identifier', 'error'],
    ]);
    const bnIssue = result.issues.find((i) => i.code === 'bn_invalid');
    expect(bnIssue?.params.value).toBe(`*** *** ${wrongBn.slice(-3)} RC0001`);
    expect(bnIssue?.message).toMatch(/^Le numéro d'entreprise \*\*\* \*\*\* \d{3} RC0001 n'est pas valide/);
    expectNoSinIn(messagesOf(result), [BN9, wrongBn]);
  });

  it('detects English corporation headers', async () => {
    const rows = [
      ['Company name', 'Business number', 'Year end', 'Contact name', 'Email'],
      ['Northern Lights Ltd.', `${BN9}RC0001`, 'March 31, 2025', 'Ann Smith', 'ann@northernlights.ca'],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows, { delimiter: ',' }));
    expect(result.meta.kind).toBe('corporation');
    expect(result.records).toEqual([
      {
        kind: 'corporation',
        businessNumber: BN9,
        programAccount: 'RC0001',
        name: 'Northern Lights Ltd.',
        fiscalYearEnd: '2025-03-31',
        contactName: 'Ann Smith',
        email: 'ann@northernlights.ca',
        source: { row: 2 },
      },
    ]);
  });

  it('cannot tell the kind from `Nom; Courriel` alone: kind_undetected, unless options.kind says', async () => {
    const bytes = dtmaxCsv([['Nom', 'Courriel', 'Téléphone'], ['Déneigement Côté inc.', 'info@cote.ca', '418 555 0100']]);
    const error = await thrown(bytes);
    expect(error.code).toBe('kind_undetected');
    expect(error.en).toContain('Pass options.kind');
    const corp = await parseDtmaxCsv(bytes, { kind: 'corporation' });
    expect(corp.meta.kind).toBe('corporation');
    expect(corp.records).toEqual([{ kind: 'corporation', name: 'Déneigement Côté inc.', email: 'info@cote.ca', phone: '+14185550100', source: { row: 2 } }]);
  });

  it('refuses an options.kind that the headers contradict, naming the columns (never a data cell)', async () => {
    const error = await thrown(dtmaxCsv([['Nom', 'NE', 'Courriel'], ['Alpha inc.', BN9, 'a@alpha.ca']]), { kind: 'individual' });
    expect(error.code).toBe('kind_contradicted');
    expect(error.params).toEqual({ kind: 'individual', detected: 'corporation', columns: 'NE' });
    expect(error.fr).toContain("les colonnes NE sont celles d'une liste de sociétés");
    expect(`${error.fr} ${error.en}`).not.toContain('Alpha');
  });
});

describe('parseDtmaxCsv: options.columns', () => {
  it('maps headers the aliases do not know, including address.city', async () => {
    const rows = [
      ['No assurance sociale', 'Prénom', 'Nom', 'Municipalité de résidence', 'Ville'],
      [SIN.tremblay, 'Jean', 'Tremblay', 'Rimouski', 'Montréal (bureau)'],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows), { columns: { sin: 'No assurance sociale', 'address.city': 'Municipalité de résidence' } });
    expect(result.records).toEqual([
      { kind: 'individual', sin: bare(SIN.tremblay), firstName: 'Jean', lastName: 'Tremblay', address: { city: 'Rimouski' }, source: { row: 2 } },
    ]);
    // The alias `Ville` would also feed city; the override takes precedence and `Ville` is reported unknown.
    expect(result.meta.unknownColumns).toEqual(['Ville']);
    expect(result.meta.columns).toContainEqual({ header: 'Municipalité de résidence', index: 3, field: 'city' });
  });

  it('throws unknown_field for a key that is not a client field', async () => {
    const columns = { courriel2: 'Courriel secondaire' } as unknown as NonNullable<ParseDtmaxCsvOptions['columns']>;
    const error = await thrown(familyFile('windows-1252'), { columns });
    expect(error.code).toBe('unknown_field');
    expect(error.params.field).toBe('courriel2');
    expect(error.en).toMatch(/^options\.columns names "courriel2", which is not a client field\. Known fields: sin, firstName/);
  });

  it('throws column_not_found when the named header is not in the file', async () => {
    const error = await thrown(familyFile('windows-1252'), { columns: { sin: 'Numéro social' }, locale: 'fr' });
    expect(error.code).toBe('column_not_found');
    expect(error.params).toMatchObject({ field: 'sin', header: 'Numéro social' });
    expect(error.message).toMatch(/^options\.columns associe sin à « Numéro social », mais le fichier n'a pas cet en-tête\. En-têtes trouvés : #, NAS, Prénom/);
  });
});

describe('parseDtmaxCsv: rows', () => {
  it('reads multi-line quoted fields, giving the line where the record starts', async () => {
    const rows = [
      ['NAS', 'Prénom', 'Nom', 'Adresse'],
      [SIN.tremblay, 'Jean', 'Tremblay', '12, rue Principale\r\napp. 3\r\nLévis'],
      [SIN.gagnon, 'Marie', 'Gagnon', '8 rue du Pont'],
      [SIN.roy, 'Luc', 'Roy', 'C.P. 45\nSucc. A'],
      [SIN.cote, 'Ève', 'Côté', ''],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows));
    expect(result.records.map((r) => [r.source?.row, r.address?.line1])).toEqual([
      [2, '12, rue Principale app. 3 Lévis'],
      [5, '8 rue du Pont'],
      [6, 'C.P. 45 Succ. A'],
      [8, undefined],
    ]);
  });

  it('reads escaped quotes', async () => {
    const text = 'NAS;Prénom;Nom\r\n' + `${SIN.tremblay};"Jean ""Johnny""";"Tremblay; fils"\r\n` + `${SIN.gagnon};"""Marie""";Gagnon\r\n`;
    const result = await parseDtmaxCsv(encodeText(text, 'windows-1252'));
    expect(result.records.map((r) => (r.kind === 'individual' ? [r.firstName, r.lastName] : []))).toEqual([
      ['Jean "Johnny"', 'Tremblay; fils'],
      ['"Marie"', 'Gagnon'],
    ]);
  });

  it('accepts a short row and warns about a long one (extra_cells)', async () => {
    const rows = [
      ['NAS', 'Prénom', 'Nom', 'Courriel', 'Téléphone'],
      [SIN.tremblay, 'Jean', 'Tremblay'],
      [SIN.gagnon, 'Marie', 'Gagnon', 'marie@gagnon.ca', '514 555 0199', 'H2X 1Y4', 'QC'],
      [SIN.roy, 'Luc', 'Roy', '', '', '', ''],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows));
    expect(result.records.map((r) => r.source?.row)).toEqual([2, 3, 4]);
    expect(result.records[1]).toMatchObject({ email: 'marie@gagnon.ca', phone: '+15145550199' });
    expect(result.records[1]?.address).toBeUndefined();
    expect(issuesOf(result)).toEqual([[3, 'extra_cells', 'warning']]);
    expect(result.issues[0]?.params).toEqual({ count: 2 });
  });

  it('skips blank lines (counted apart) and keeps row numbers true', async () => {
    const text = `NAS;Prénom;Nom\r\n\r\n${SIN.tremblay};Jean;Tremblay\r\n;;\r\n   \r\n${SIN.gagnon};Marie;Gagnon\r\n\r\n`;
    const result = await parseDtmaxCsv(encodeText(text, 'utf-8'));
    expect(result.records.map((r) => r.source?.row)).toEqual([3, 6]);
    expect(result.meta.counts).toEqual({ rows: 2, records: 2, rejected: 0, blank: 4, errors: 0, warnings: 0 });
  });

  it('warns on both rows of a duplicate SIN and keeps both records', async () => {
    const rows = [
      ['NAS', 'Prénom', 'Nom'],
      [SIN.tremblay, 'Jean', 'Tremblay'],
      [SIN.gagnon, 'Marie', 'Gagnon'],
      [bare(SIN.tremblay), 'J.', 'Tremblay'],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows), { locale: 'fr' });
    expect(result.records.map((r) => r.source?.row)).toEqual([2, 3, 4]);
    expect(issuesOf(result)).toEqual([
      [2, 'duplicate_key', 'warning', 'sin'],
      [4, 'duplicate_key', 'warning', 'sin'],
    ]);
    expect(result.issues.map((i) => i.params.otherRow)).toEqual([4, 2]);
    expect(result.issues[0]?.message).toBe('Le NAS *** *** 544 figure aussi à la ligne 4. Les deux lignes sont gardées; l\'importation demandera laquelle est la bonne.');
    expect(result.meta.counts.warnings).toBe(2);
  });

  it('reads `000 000 000` as no SIN: fine for a dependant with a client file, an error without', async () => {
    const rows = [
      ['NAS', 'Prénom', 'Nom', 'Dossier'],
      ['000 000 000', 'Zoë', 'Lévesque', 'Famille Lévesque'],
      ['000-000-000', 'Léo', 'Lévesque', ''],
      ['', 'Noé', 'Lévesque', ''],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows));
    expect(result.records).toEqual([{ kind: 'individual', firstName: 'Zoë', lastName: 'Lévesque', clientFile: 'Famille Lévesque', source: { row: 2 } }]);
    expect(issuesOf(result)).toEqual([
      [3, 'missing_identifier', 'error', 'sin'],
      [4, 'missing_identifier', 'error', 'sin'],
    ]);
  });

  it('flags SINs that Excel damaged: truncated (8 digits) and scientific notation, never padded', async () => {
    const rows = [
      ['NAS', 'Prénom', 'Nom'],
      ['46454286', 'Jean', 'Tremblay'],
      ['1.30693E+08', 'Marie', 'Gagnon'],
      ['1,30693E+08', 'Luc', 'Roy'],
      ['130 692 545', 'Ève', 'Côté'],
      ['046 454 286', 'Léa', 'Roy'],
      ['13069254A', 'Noé', 'Roy'],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows));
    expect(result.records).toEqual([]);
    expect(issuesOf(result)).toEqual([
      [2, 'sin_truncated', 'error', 'sin'],
      [3, 'sin_scientific', 'error', 'sin'],
      [4, 'sin_scientific', 'error', 'sin'],
      [5, 'sin_invalid', 'error', 'sin'],
      [6, 'sin_never_issued', 'error', 'sin'],
      [7, 'sin_format', 'error', 'sin'],
    ]);
    expect(result.issues[0]?.params).toEqual({ value: '*** *** 286', digits: 8 });
    expect(result.issues[4]?.params).toEqual({ value: '*** *** 286', prefix: '0' });
    expectNoSinIn(messagesOf(result), ['046454286', '130692545', SIN.tremblay]);
  });

  it('accepts a temporary resident SIN', async () => {
    const result = await parseDtmaxCsv(dtmaxCsv([['NAS', 'Prénom', 'Nom'], [SIN.temporary, 'Ana', 'Silva']]));
    expect(result.records).toEqual([{ kind: 'individual', sin: bare(SIN.temporary), firstName: 'Ana', lastName: 'Silva', source: { row: 2 } }]);
  });

  it('leaves an ambiguous date empty with a warning, and reads it with options.dateOrder', async () => {
    const rows = [
      ['NAS', 'Prénom', 'Nom', 'Date de naissance'],
      [SIN.tremblay, 'Jean', 'Tremblay', '03/04/1980'],
      [SIN.gagnon, 'Marie', 'Gagnon', '30/02/1980'],
      [SIN.roy, 'Luc', 'Roy', '03/04/80'],
      [SIN.cote, 'Ève', 'Côté', '13/04/1980'],
    ];
    const bytes = dtmaxCsv(rows);
    const result = await parseDtmaxCsv(bytes);
    expect(result.records.map((r) => (r.kind === 'individual' ? r.birthDate : 'corp'))).toEqual([undefined, undefined, undefined, '1980-04-13']);
    expect(issuesOf(result)).toEqual([
      [2, 'date_ambiguous', 'warning', 'birthDate'],
      [3, 'date_invalid', 'warning', 'birthDate'],
      [4, 'date_two_digit_year', 'warning', 'birthDate'],
    ]);
    // A birth date is personal data: its digits are not shown back.
    expect(result.issues.map((i) => i.params.value)).toEqual(['##/##/####', '##/##/####', '##/##/##']);
    const dmy = await parseDtmaxCsv(bytes, { dateOrder: 'dmy' });
    expect(dmy.records.map((r) => (r.kind === 'individual' ? r.birthDate : 'corp'))).toEqual(['1980-04-03', undefined, undefined, '1980-04-13']);
    const mdy = await parseDtmaxCsv(bytes, { dateOrder: 'mdy' });
    expect(mdy.records.map((r) => (r.kind === 'individual' ? r.birthDate : 'corp'))).toEqual(['1980-03-04', undefined, undefined, undefined]);
  });

  it.each([
    ['F', 'fr'], ['f', 'fr'], ['Français', 'fr'], ['FRANCAIS', 'fr'], ['French', 'fr'], ['fr', 'fr'],
    ['A', 'en'], ['Anglais', 'en'], ['E', 'en'], ['English', 'en'], ['en', 'en'],
  ])('reads language %j as %s', async (value, language) => {
    const result = await parseDtmaxCsv(dtmaxCsv([['NAS', 'Prénom', 'Nom', 'Langue'], [SIN.tremblay, 'Jean', 'Tremblay', value]]));
    expect(result.records).toMatchObject([{ language }]);
    expect(result.issues).toEqual([]);
  });

  it('warns about a language it does not know, keeping the record', async () => {
    const result = await parseDtmaxCsv(dtmaxCsv([['NAS', 'Prénom', 'Nom', 'Langue'], [SIN.tremblay, 'Jean', 'Tremblay', 'Espagnol']]));
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).not.toHaveProperty('language');
    expect(issuesOf(result)).toEqual([[2, 'language_unknown', 'warning', 'language']]);
  });

  it('reads the family role column', async () => {
    const rows = [
      ['NAS', 'Prénom', 'Nom', 'Dossier', 'Lien'],
      [SIN.tremblay, 'Jean', 'Tremblay', 'F-1', 'Contribuable'],
      [SIN.gagnon, 'Marie', 'Gagnon', 'F-1', 'Conjointe'],
      ['', 'Léo', 'Tremblay', 'F-1', 'Personne à charge'],
      ['', 'Mia', 'Tremblay', 'F-1', 'Cousine'],
    ];
    const result = await parseDtmaxCsv(dtmaxCsv(rows));
    expect(result.records.map((r) => (r.kind === 'individual' ? r.role : 'corp'))).toEqual(['principal', 'spouse', 'dependant', undefined]);
    expect(issuesOf(result)).toEqual([[5, 'role_unknown', 'warning', 'role']]);
  });

  it('writes its messages in French when asked', async () => {
    const result = await parseDtmaxCsv(dtmaxCsv([['NAS', 'Prénom', 'Nom', 'Courriel'], [SIN.tremblay, 'Jean', 'Tremblay', 'jean@']]), { locale: 'fr' });
    expect(result.issues).toEqual([
      {
        row: 2,
        field: 'email',
        column: 'Courriel',
        code: 'email_invalid',
        severity: 'warning',
        params: { value: 'j***@' },
        message: renderMessage('email_invalid', { value: 'j***@' }, 'fr'),
      },
    ]);
    // The address is personal data even when it is wrong: masked like a valid one.
    expect(result.issues[0]?.message).toMatch(/^Le courriel « j\*\*\*@ » n'est pas une adresse valide/);
  });

  it('property: every data row ends in records or has an error issue', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', '   ', SIN.tremblay, SIN.gagnon, bare(SIN.roy), '000 000 000', '46454286', '1.30693E+08', '130 692 545', '046 454 286'),
      fc.constantFrom('Jean', 'Zoë', 'D’Amours', '03/04/1980', '1980-03-04', 'F', 'A', 'x@y', 'QC', 'H2X 1Y4', 'Famille 1', 'Conjoint'),
      fc.string({ maxLength: 6 }),
    );
    const row = fc.array(cell, { minLength: 0, maxLength: 9 });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), fc.constantFrom(';', ','), async (rows, delimiter) => {
        const headers = ['NAS', 'Prénom', 'Nom', 'Date de naissance', 'Langue', 'Courriel', 'Province', 'Code postal', 'Dossier'];
        const text = csvText([headers, ...rows], { delimiter });
        const result = await parseDtmaxCsv(text);
        const dataRows = rows.filter((r) => r.some((c) => c.trim() !== '')).length;
        const rejected = new Set(result.issues.filter((i) => i.severity === 'error').map((i) => i.row));
        expect(result.records.length + rejected.size).toBe(dataRows);
        expect(result.meta.counts.rows).toBe(dataRows);
        for (const record of result.records) expect(rejected.has(record.source?.row ?? -1)).toBe(false);
        expect(JSON.stringify(messagesOf(result))).not.toMatch(/(?<!\d)(?:130\s?692\s?545|046\s?454\s?286)(?!\d)/);
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseDtmaxCsv: bad input', () => {
  it.each([
    ['an empty Uint8Array', new Uint8Array(0)],
    ['an empty string', ''],
    ['a string of whitespace', '  \r\n\t\r\n'],
    ['whitespace bytes', new TextEncoder().encode('   \r\n\r\n  ')],
    ['a UTF-8 BOM alone', new Uint8Array([0xef, 0xbb, 0xbf])],
    ['a UTF-8 BOM and blank lines', new Uint8Array([0xef, 0xbb, 0xbf, 0x0d, 0x0a, 0x20, 0x0d, 0x0a])],
    ['a UTF-16LE BOM alone', new Uint8Array([0xff, 0xfe])],
    ['a stream with no chunks', (async function* () {})()],
  ])('throws empty_input for %s', async (_, input) => {
    const error = await thrown(input);
    expect(error.code).toBe('empty_input');
    expect(error.fr).toBe("Le fichier est vide. Exportez de nouveau la liste de clients depuis le logiciel d'impôt.");
  });

  const pdf = new TextEncoder().encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
  it.each([
    ['a PDF', pdf, 'a PDF document'],
    ['a PNG', png, 'a PNG image'],
    ['an .xlsx workbook', xlsx, 'a ZIP archive or an Excel .xlsx workbook (use taxsync/xlsx for workbooks)'],
    ['random binary bytes', noise(4096, 2025), 'binary data'],
  ])('throws binary_input for %s', async (_, bytes, detected) => {
    const error = await thrown(bytes);
    expect(error.code).toBe('binary_input');
    expect(error.en).toContain(detected);
  });

  it('throws invalid_input for something that is not bytes, text or a stream', async () => {
    const error = await thrown(42 as unknown as DtmaxCsvInput);
    expect(error.code).toBe('invalid_input');
  });

  it('throws invalid_input, not a TypeError, for a stream of strings (a file stream opened with an encoding)', async () => {
    async function* strings(): AsyncGenerator<string> {
      yield `NAS;Prénom;Nom\r\n${SIN.tremblay};Jean;Tremblay\r\n`;
    }
    const error = await thrown(strings() as unknown as DtmaxCsvInput, { locale: 'fr' });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Entrée non prise en charge : /);
  });

  it('accepts any byte view in a stream (a DataView chunk)', async () => {
    const bytes = dtmaxCsv([['NAS', 'Prénom', 'Nom'], [SIN.tremblay, 'Zoé', 'Côté']]);
    async function* views(): AsyncGenerator<DataView> {
      yield new DataView(bytes.buffer, bytes.byteOffset, 10);
      yield new DataView(bytes.buffer, bytes.byteOffset + 10);
    }
    const result = await parseDtmaxCsv(views() as unknown as DtmaxCsvInput);
    expect(result.records).toEqual([{ kind: 'individual', sin: bare(SIN.tremblay), firstName: 'Zoé', lastName: 'Côté', source: { row: 2 } }]);
  });

  it('reports an unclosed quote on the row where it opens, keeping the records before it', async () => {
    const text = `NAS;Prénom;Nom\r\n${SIN.tremblay};Jean;Tremblay\r\n${SIN.gagnon};"Marie;Gagnon\r\n${SIN.roy};Luc;Roy\r\n`;
    const result = await parseDtmaxCsv(encodeText(text, 'windows-1252'));
    expect(result.records).toEqual([{ kind: 'individual', sin: bare(SIN.tremblay), firstName: 'Jean', lastName: 'Tremblay', source: { row: 2 } }]);
    expect(issuesOf(result)).toEqual([[3, 'unclosed_quote', 'error']]);
    expect(result.issues[0]?.params).toEqual({ row: 3, lastRow: 4 });
    expect(result.meta.counts).toMatchObject({ rows: 2, records: 1, rejected: 1, errors: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Large files: the sniffer looks at the first 64 KiB; what comes after must still be decoded right.

const KIB64 = 64 * 1024;

/** ASCII filler rows with valid, distinct SINs, enough to push the interesting rows past the first 64 KiB. */
function fillerRows(count: number, firstEight = 20000000): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    rows.push([withCheckDigit(String(firstEight + i * 7)), `Prenom${i}`, `Nom${i}`, 'Rue Principale, bureau 100', 'Montreal', 'QC', 'H2X 1Y4']);
  }
  return rows;
}

describe('parseDtmaxCsv: encodings past the sniffed head', () => {
  const headers = ['SIN', 'First name', 'Last name', 'Address', 'City', 'Province', 'Postal code'];

  it('reports encoding_invalid on exactly the row that breaks UTF-8 after the first 64 KiB', async () => {
    const head = encodeText(csvText([['NAS', 'Prénom', 'Nom', 'Adresse', 'Ville', 'Province', 'Code postal'], ...fillerRows(1200)]), 'utf-8');
    expect(head.length).toBeGreaterThan(KIB64);
    const tail = concatBytes(
      encodeText(csvText([[SIN.tremblay, 'Hélène', 'Tremblay', '', 'Québec', 'QC', '']]), 'utf-8'),
      encodeText(csvText([[SIN.gagnon, 'Zoé', 'Gagnon', '', 'Lévis', 'QC', '']]), 'windows-1252'),
      encodeText(csvText([[SIN.roy, 'Luc', 'Roy', '', 'Montréal', 'QC', '']]), 'utf-8'),
    );
    const bytes = concatBytes(head, tail);
    const result = await parseDtmaxCsv(bytes);
    expect(result.meta.encoding).toBe('utf-8');
    expect(result.records).toHaveLength(1202);
    expect(result.records.at(-2)).toMatchObject({ firstName: 'Hélène', address: { city: 'Québec' }, source: { row: 1202 } });
    expect(result.records.at(-1)).toMatchObject({ firstName: 'Luc', address: { city: 'Montréal' }, source: { row: 1204 } });
    expect(issuesOf(result)).toEqual([[1203, 'encoding_invalid', 'error']]);
    expect(result.issues[0]?.params).toEqual({ encoding: 'utf-8' });
  });

  it('reads a small UTF-8 file with one Windows-1252 row as UTF-8, flagging that row, never as mojibake', async () => {
    // Two exports pasted together: the UTF-8 rows must not silently become "HÃ©lÃ¨ne".
    const bytes = concatBytes(
      encodeText(csvText([['SIN', 'First name', 'Last name', 'City'], [SIN.tremblay, 'Hélène', 'Côté', 'Québec'], [SIN.gagnon, 'Noémie', 'Bérubé', 'Lévis']]), 'utf-8'),
      encodeText(csvText([[SIN.roy, 'Zoé', 'Roy', 'Montréal']]), 'windows-1252'),
      encodeText(csvText([[SIN.cote, 'Ève', 'Lévesque', 'Trois-Rivières']]), 'utf-8'),
    );
    for (const input of [bytes, inChunks(bytes, 1)]) {
      const result = await parseDtmaxCsv(input);
      expect(result.meta.encoding).toBe('utf-8');
      expect(result.records.map((r) => (r.kind === 'individual' ? [r.firstName, r.lastName, r.address?.city] : []))).toEqual([
        ['Hélène', 'Côté', 'Québec'],
        ['Noémie', 'Bérubé', 'Lévis'],
        ['Ève', 'Lévesque', 'Trois-Rivières'],
      ]);
      expect(issuesOf(result)).toEqual([[4, 'encoding_invalid', 'error']]);
    }
  });

  it('decides between UTF-8 and Windows-1252 on the same bytes however the stream is cut, after an ASCII head', async () => {
    const headers = ['SIN', 'First name', 'Last name', 'City'];
    const head = encodeText(csvText([headers, ...fillerRows(1000).map((r) => r.slice(0, 4))], { delimiter: ',' }), 'utf-8');
    expect(head.every((b) => b < 0x80)).toBe(true);
    const tail = concatBytes(
      encodeText(csvText([[SIN.roy, 'Zoé', 'Roy', 'Montréal']], { delimiter: ',' }), 'windows-1252'),
      encodeText(csvText([[SIN.tremblay, 'Hélène', 'Côté', 'Québec'], [SIN.gagnon, 'Noémie', 'Bérubé', 'Lévis']], { delimiter: ',' }), 'utf-8'),
    );
    const bytes = concatBytes(head, tail);
    const whole = await parseDtmaxCsv(bytes);
    expect(whole.meta.encoding).toBe('utf-8');
    expect(issuesOf(whole)).toEqual([[1002, 'encoding_invalid', 'error']]);
    expect(whole.records.at(-1)).toMatchObject({ firstName: 'Noémie', lastName: 'Bérubé' });
    expect(await parseDtmaxCsv(inChunks(bytes, 1))).toEqual(whole);
    expect(await parseDtmaxCsv(splitAt(bytes, [head.length + 1, head.length + 2, head.length + 30]))).toEqual(whole);
  });

  it('reads a Windows-1252 file that ends with an accent and no line break', async () => {
    // The only byte above 0x7F is the last one: 0xE9 could start a UTF-8 sequence, but nothing follows it.
    const rows = [['SIN', 'First name', 'Last name', 'Address', 'City', 'Province', 'Postal code'], ...fillerRows(1000), [SIN.tremblay, 'Jean', 'José']];
    const bytes = dtmaxCsv(rows, { delimiter: ',', finalEol: false });
    expect(bytes.length).toBeGreaterThan(KIB64);
    expect(bytes.findIndex((b) => b >= 0x80)).toBe(bytes.length - 1);
    for (const input of [bytes, inChunks(bytes, 1)]) {
      const result = await parseDtmaxCsv(input);
      expect(result.meta.encoding).toBe('windows-1252');
      expect(result.issues).toEqual([]);
      expect(result.records.at(-1)).toMatchObject({ lastName: 'José' });
    }
    const small = dtmaxCsv([['NAS', 'Prenom', 'Nom'], [SIN.tremblay, 'Jean', 'José']], { finalEol: false });
    expect(small.at(-1)).toBe(0xe9);
    expect(await parseDtmaxCsv(small)).toMatchObject({ records: [{ lastName: 'José' }], issues: [], meta: { encoding: 'windows-1252' } });
  });

  it('decodes as Windows-1252 a file whose first 64 KiB are ASCII and whose accents come later', async () => {
    const rows = [headers, ...fillerRows(1000), [SIN.tremblay, 'Hélène', 'D’Amours', '12, rue de l’Église — app. 5', 'Trois-Rivières', 'Québec', 'G9A 5H7']];
    const bytes = dtmaxCsv(rows, { delimiter: ',' });
    expect(bytes.findIndex((b) => b >= 0x80)).toBeGreaterThan(KIB64);
    const result = await parseDtmaxCsv(bytes);
    expect(result.meta.encoding).toBe('windows-1252');
    expect(result.issues).toEqual([]);
    expect(result.records.at(-1)).toEqual({
      kind: 'individual',
      sin: bare(SIN.tremblay),
      firstName: 'Hélène',
      lastName: 'D’Amours',
      address: { line1: '12, rue de l’Église — app. 5', city: 'Trois-Rivières', province: 'QC', postalCode: 'G9A 5H7' },
      source: { row: 1002 },
    });
  });

  it('decodes as UTF-8 a file whose first 64 KiB are ASCII and whose accents come later in UTF-8', async () => {
    const rows = [headers, ...fillerRows(1000), [SIN.tremblay, 'Hélène', 'D’Amours', '', 'Trois-Rivières', 'Québec', '']];
    const result = await parseDtmaxCsv(dtmaxCsv(rows, { delimiter: ',', encoding: 'utf-8' }));
    expect(result.meta.encoding).toBe('utf-8');
    expect(result.issues).toEqual([]);
    expect(result.records.at(-1)).toMatchObject({ firstName: 'Hélène', lastName: 'D’Amours', address: { city: 'Trois-Rivières', province: 'QC' } });
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Streams: any chunking of the bytes gives exactly the result of the whole buffer.

describe('parseDtmaxCsv: AsyncIterable input', () => {
  /** A file with every tricky spot both inside the sniffed head and past it. */
  function trickyFile(encoding: FileEncoding): Uint8Array {
    const tricky: string[][] = [
      [SIN.tremblay, 'Jean "Johnny"', 'D’Amours', '12, rue de l’Église\r\nApp. 3', 'Trois-Rivières', 'Québec', 'G9A 5H7'],
      [SIN.gagnon, '""', 'Œuvre—Cœur', '50 €', 'Lévis', 'QC', ''],
      [SIN.roy, 'Zoë', 'Ébert', '"', 'Montréal', 'QC', ''],
    ];
    const rows = [['NAS', 'Prénom', 'Nom', 'Adresse', 'Ville', 'Province', 'Code postal'], ...tricky, ...fillerRows(900), ...tricky.map((r, i) => [withCheckDigit(String(30000000 + i)), ...r.slice(1)])];
    return dtmaxCsv(rows, { encoding });
  }

  /**
   * Offsets inside each spot that must survive a cut: inside a multi-byte char, between CR and LF, inside `""`. A cut
   * goes after every byte that follows (within three bytes) a CR, a quote or a byte above 0x7F, which covers the
   * two-byte units of UTF-16 as well.
   */
  function trickyOffsets(bytes: Uint8Array): number[] {
    const cuts: number[] = [];
    const tricky = (b: number | undefined): boolean => b === 0x0d || b === 0x22 || (b ?? 0) >= 0x80;
    for (let i = 1; i < bytes.length; i++) {
      if (tricky(bytes[i - 1]) || tricky(bytes[i - 2]) || tricky(bytes[i - 3])) cuts.push(i);
    }
    return cuts;
  }

  it.each(['windows-1252', 'utf-8', 'utf-8-bom', 'utf-16le-bom'] as const)('%s: 1-byte chunks, odd chunks and cuts at every tricky spot', async (encoding) => {
    const bytes = trickyFile(encoding);
    expect(bytes.length).toBeGreaterThan(KIB64 + 1000);
    const whole = await parseDtmaxCsv(bytes);
    expect(whole.issues).toEqual([]);
    expect(whole.records).toHaveLength(906);
    expect(whole.records[0]).toMatchObject({ firstName: 'Jean "Johnny"', lastName: 'D’Amours', address: { line1: '12, rue de l’Église App. 3' } });
    expect(whole.records.at(-2)).toMatchObject({ firstName: '""', lastName: 'Œuvre—Cœur', address: { line1: '50 €' } });
    expect(whole.records.at(-1)).toMatchObject({ firstName: 'Zoë', lastName: 'Ébert', address: { line1: '"' } });

    expect(await parseDtmaxCsv(inChunks(bytes, 1))).toEqual(whole);
    expect(await parseDtmaxCsv(inChunks(bytes, [3, 7, 1, 4093, 2, 65537]))).toEqual(whole);
    const cuts = trickyOffsets(bytes);
    expect(cuts.length).toBeGreaterThan(6);
    expect(await parseDtmaxCsv(splitAt(bytes, cuts))).toEqual(whole);
  });

  it('property: any cuts of a file past the sniffed head give the same result', async () => {
    const bytes = trickyFile('utf-8');
    const whole = await parseDtmaxCsv(bytes);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: KIB64 - 200, max: bytes.length - 1 }), { maxLength: 40 }), async (cuts) => {
        expect(await parseDtmaxCsv(splitAt(bytes, cuts))).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });

  it('an all-ASCII head then Windows-1252 accents: same result in 1-byte chunks (the encoding is decided on more than one byte)', async () => {
    const headers = ['SIN', 'First name', 'Last name', 'Address', 'City', 'Province', 'Postal code'];
    const rows = [headers, ...fillerRows(1000), [SIN.tremblay, 'Hélène', 'Côté', 'Église', 'Québec', 'QC', ''], [SIN.gagnon, 'Ã‰ric', 'Roy', '', '', '', '']];
    const bytes = dtmaxCsv(rows, { delimiter: ',' });
    const whole = await parseDtmaxCsv(bytes);
    expect(whole.meta.encoding).toBe('windows-1252');
    expect(whole.records.at(-2)).toMatchObject({ firstName: 'Hélène', lastName: 'Côté' });
    expect(whole.records.at(-1)).toMatchObject({ firstName: 'Ã‰ric' });
    expect(await parseDtmaxCsv(inChunks(bytes, 1))).toEqual(whole);
    // Cut right after each high byte, so the decoder sees a lone byte that could start a UTF-8 sequence.
    const afterHigh = [...bytes.keys()].filter((i) => (bytes[i - 1] ?? 0) >= 0x80);
    expect(await parseDtmaxCsv(splitAt(bytes, afterHigh))).toEqual(whole);
  });
});

describe('streamDtmaxCsv', () => {
  it('yields each data row with its record or issues, and meta once the header is read', async () => {
    const rows = [
      ['NAS', 'Prénom', 'Nom'],
      [SIN.tremblay, 'Jean', 'Tremblay'],
      [],
      ['46454286', 'Marie', 'Gagnon'],
      [SIN.tremblay, 'J.', 'Tremblay'],
    ];
    const stream = streamDtmaxCsv(inChunks(dtmaxCsv(rows), 5));
    expect(stream.meta()).toBeUndefined();
    const seen: ParsedRow[] = [];
    for await (const row of stream) {
      seen.push(row);
      expect(stream.meta()?.headerRow).toBe(1);
    }
    expect(seen.map((r) => [r.row, r.record?.source?.row, r.issues.map((i) => i.code)])).toEqual([
      [2, 2, []],
      [4, undefined, ['sin_truncated']],
      // The stream warns on the later row only: the earlier one was already yielded.
      [5, 5, ['duplicate_key']],
    ]);
    expect(stream.meta()).toMatchObject({ encoding: 'windows-1252', delimiter: ';', kind: 'individual' });
    expect(stream.meta()?.counts).toEqual({ rows: 3, records: 2, rejected: 1, blank: 1, errors: 1, warnings: 1 });
  });

  it('throws the same typed errors as parseDtmaxCsv', async () => {
    const stream = streamDtmaxCsv(new TextEncoder().encode('%PDF-1.4\n'));
    await expect(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    ).rejects.toMatchObject({ code: 'binary_input' });
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('no full SIN in any message', () => {
  it('holds for a file full of bad and duplicate SINs, in both languages', async () => {
    const sins = [SIN.tremblay, SIN.gagnon, '130 692 545', '046 454 286', '846 454 280', '13069254', '1306925441'];
    const rows = [
      ['NAS', 'Prénom', 'Nom', 'NAS du conjoint', 'Date de naissance'],
      ...sins.map((sin, i) => [sin, `Prénom${i}`, `Nom${i}`, sins[(i + 2) % sins.length] ?? '', '1980-02-30']),
      [SIN.tremblay, 'Jean', 'Tremblay', SIN.gagnon, '03/04/1980'],
    ];
    for (const locale of ['fr', 'en'] as const) {
      const result = await parseDtmaxCsv(dtmaxCsv(rows), { locale });
      expect(result.issues.length).toBeGreaterThan(8);
      // Everything but the records (which hold SINs by design): issues with their messages and params, and meta.
      expect(JSON.stringify({ ...result, records: [] })).not.toMatch(FULL_SIN);
      expectNoSinIn(messagesOf(result), sins.filter((s) => bare(s).length === 9));
    }
  });

  it('holds when a misplaced delimiter shifts a SIN into another column', async () => {
    // `Tremblay; Jean` typed in one cell shifted everything right: the SIN lands in Courriel, the e-mail in Téléphone.
    const text = `NAS;Prénom;Nom;Courriel;Téléphone;Langue\r\n;Tremblay; Jean;${SIN.tremblay};jean@tremblay.ca;${bare(SIN.gagnon)}\r\n`;
    const result = await parseDtmaxCsv(encodeText(text, 'windows-1252'), { locale: 'fr' });
    expect(issuesOf(result)).toEqual([
      [2, 'email_invalid', 'warning', 'email'],
      [2, 'phone_invalid', 'warning', 'phone'],
      [2, 'language_unknown', 'warning', 'language'],
      [2, 'missing_identifier', 'error', 'sin'],
    ]);
    // The SIN that landed in Courriel: shown by its shape only (an e-mail cell without `@` shows no digit at all).
    expect(result.issues[0]?.params).toEqual({ value: '### ### ###' });
    // The SIN that landed in Langue: no digit of it shown (language_unknown shows a cell with digits by its shape).
    expect(result.issues[2]?.params).toEqual({ value: '#########' });
    // The e-mail address landed in Téléphone: masked as a phone number, every letter hidden.
    expect(result.issues[1]?.params).toEqual({ value: '****@********.**' });
    expectNoSinIn(messagesOf(result), [SIN.tremblay, SIN.gagnon]);
  });

  it('holds for the errors a whole file can throw', async () => {
    const headerless = dtmaxCsv([[SIN.tremblay, 'Jean', 'Tremblay'], [SIN.gagnon, 'Marie', 'Gagnon']]);
    const wrongOverride = dtmaxCsv([['NAS', 'Prénom', 'Nom'], [SIN.tremblay, 'Jean', 'Tremblay']]);
    for (const [input, options] of [
      [headerless, {}],
      [headerless, { locale: 'fr' }],
      [wrongOverride, { columns: { sin: 'Numéro social' } }],
    ] as const) {
      const error = await thrown(input, options);
      expect(`${error.en} ${error.fr} ${JSON.stringify(error.params)}`).not.toMatch(FULL_SIN);
    }
  });
});

describe('no phone number or postal code in any message', () => {
  // A Windows-1252 export whose phone numbers lost a digit or two and whose postal codes are cut or run on.
  const rows = [
    [...HEADERS_FR],
    ['1', SIN.tremblay, 'Jean', 'Tremblay', '1980-03-04', 'jean@tremblay.ca', '(514) 555-019', '4521, rue Saint-Denis', 'Montréal', 'QC', 'H2X 1Y', 'Français', 'TREMBLAY-2024', 'Contribuable'],
    ['2', SIN.gagnon, 'Marie', 'Gagnon', '1982-11-30', '', '514-555-01', '12, côte de la Fabrique', 'Québec', 'QC', 'g1r4p5x', 'Français', 'GAGNON-2024', 'Contribuable'],
    ['3', SIN.roy, 'Élise', 'Roy', '', '', '+1 514 555 01', '', 'Lévis', 'Québec', 'G6V  9Z', '', '', ''],
  ];
  const RAW = ['514', '555', '(514) 555-019', '514-555-01', 'H2X', '2X 1Y', 'g1r', 'G1R', '4p5x', '4P5X', 'G6V', '9Z'];

  it('shows only the last two digits of a phone number and the first letter of a postal code, in params and in both languages', async () => {
    for (const locale of ['fr', 'en'] as const) {
      const result = await parseDtmaxCsv(dtmaxCsv(rows), { locale });
      expect(result.meta.encoding).toBe('windows-1252');
      expect(result.records).toHaveLength(3);
      expect(result.issues.map((i) => [i.row, i.code, i.params])).toEqual([
        [2, 'phone_invalid', { value: '(***) ***-*19' }],
        [2, 'postal_code_invalid', { value: 'H** **' }],
        [3, 'phone_invalid', { value: '***-***-01' }],
        [3, 'postal_code_invalid', { value: 'g******' }],
        [4, 'phone_invalid', { value: '+* *** *** 01' }],
        [4, 'postal_code_invalid', { value: 'G** **' }],
      ]);
      for (const issue of result.issues) {
        const other = renderMessage(issue.code, issue.params, locale === 'fr' ? 'en' : 'fr');
        for (const text of [issue.message, other, JSON.stringify(issue.params)]) {
          for (const raw of RAW) expect(text, `${issue.code} row ${issue.row}`).not.toContain(raw);
          expect(text).toContain(String(issue.params.value));
        }
      }
    }
    const fr = await parseDtmaxCsv(dtmaxCsv(rows), { locale: 'fr' });
    expect(fr.issues[0]?.message).toBe("Le numéro de téléphone « (***) ***-*19 » n'est ni nord-américain ni international (+); il a été laissé de côté.");
    expect(fr.issues[1]?.message).toBe("Le code postal « H** ** » n'est pas un code postal canadien (A1A 1A1); il a été laissé de côté.");
    const en = await parseDtmaxCsv(dtmaxCsv(rows), { locale: 'en' });
    expect(en.issues[0]?.message).toBe('Phone number "(***) ***-*19" is not a North American or international (+) number; it was left out.');
    expect(en.issues[1]?.message).toBe('Postal code "H** **" is not a Canadian postal code (A1A 1A1); it was left out.');
  });

  it('masks a SIN typed in the phone column more than a SIN issue would', async () => {
    const result = await parseDtmaxCsv(dtmaxCsv([['NAS', 'Prénom', 'Nom', 'Téléphone', 'Code postal'], ['', 'Jean', 'Tremblay', SIN.gagnon, SIN.tremblay]]));
    expect(result.issues.filter((i) => i.code !== 'missing_identifier').map((i) => [i.code, i.params])).toEqual([
      ['phone_invalid', { value: '*** *** *35' }],
      ['postal_code_invalid', { value: '*** *** ***' }],
    ]);
    expectNoSinIn(result.issues, [SIN.gagnon, SIN.tremblay]);
  });
});

describe('no cell of a shifted row in any message', () => {
  // Rows of hand-edited DT Max exports, written as they are in the file: a separator too many or too few moves every
  // later cell by one column, so a phone number, a postal code, an address or a date lands in Province, Langue, Lien
  // or Fin d'exercice, whose issues used to quote the cell as it was.
  const lines = (header: readonly string[], ...rows: string[]): Uint8Array => encodeText(`${[header.join(';'), ...rows].join('\r\n')}\r\n`, 'windows-1252');
  const individuals = lines(
    HEADERS_FR,
    // Values nobody expected, in their own columns: shown as they are.
    `1;${SIN.tremblay};Jean;Tremblay;1980-03-04;jean@tremblay.ca;514 555-0142;"4521, rue Saint-Denis";Montréal;Nunavik;H2X 1Y8;Espagnol;TREMBLAY-2024;Cousine`,
    // A `;` typed in the address: everything after it one column to the right, the postal code in Langue.
    `2;${SIN.gagnon};Marie;Gagnon;1982-11-30;marie@gagnon.ca;514 555-0199;4521; rue Saint-Denis;Montréal;QC;H2X 1Y8;Français;GAGNON-2024;Contribuable`,
    // The client number and its separator gone: everything one column to the left, the postal code in Province.
    `${SIN.roy};Élise;Roy;1975-06-15;elise@roy.ca;418 555-0123;"12, côte de la Fabrique";Québec;QC;G1R 4P5;Français;ROY-2024;Contribuable`,
  );
  // An export that lists the family columns first; the file number was left empty and its separator lost.
  const family = lines(['NAS', 'Prénom', 'Nom', 'Dossier', 'Lien', 'Téléphone', 'Langue', 'Adresse', 'Province', 'Code postal'], `${SIN.cote};Léo;Côté;Personne à charge;555-0199;Français;"1234, rue Saint-Denis";QC;G1R 4P5`);
  const BN = ['1234567', '2345678', '3456789', '4567890'].map((eight) => `${withCheckDigit(`${eight}1`)}RC0001`);
  const corporations = lines(
    ['NE', 'Raison sociale', "Fin d'exercice", 'Téléphone', 'Adresse', 'Ville', 'Province', 'Code postal', 'Langue'],
    `${BN[0]};Boulangerie Côté inc.;31/06/2024;418 555-0123;"12, rue Saint-Paul";Québec;Nunavik;G1K 3A9;Espagnol`,
    `${BN[1]};Toitures Bélanger ltée;31/12/24;418 555-0124;"12, rue Saint-Paul";Québec;QC;G1K 3A9;Français`,
    // The year end left empty and its separator lost: the phone number in Fin d'exercice, the postal code in Province.
    `${BN[2]};Conseils Lévesque inc.;555-0199;"1234, rue Saint-Denis";Lévis;QC;G6V 4Z2;Français`,
    // The year end and the phone number left empty, both separators lost: the address in Fin d'exercice.
    `${BN[3]};Gestion Roy inc.;"1234, rue Saint-Denis";Montréal;QC;H2X 1Y8;Français`,
  );
  /** What the shifted cells hold: none of it may be in an issue, in either language. */
  const RAW = ['555-0199', '5550199', '555 0199', '0199', '1234', '4521', 'Saint-Denis', 'H2X', '1Y8', 'G1R', '4P5', 'G6V', '4Z2', '1975', '06-15', '/06/', '/12/'];
  const ECHOED = new Set(['province_unknown', 'language_unknown', 'role_unknown', 'date_invalid', 'date_ambiguous', 'date_two_digit_year']);
  /** Row, code and value of the issues that echo a cell; and every issue held to RAW, in params and both languages. */
  async function echoed(bytes: Uint8Array): Promise<[number, string, unknown][]> {
    let shown: [number, string, unknown][] | undefined;
    for (const locale of ['fr', 'en'] as const) {
      const result = await parseDtmaxCsv(bytes, { locale });
      for (const issue of result.issues) {
        const other = renderMessage(issue.code, issue.params, locale === 'fr' ? 'en' : 'fr');
        for (const text of [issue.message, other, JSON.stringify(issue.params)]) {
          for (const raw of RAW) expect(text, `${issue.code} row ${issue.row}`).not.toContain(raw);
        }
      }
      const rows = result.issues.filter((i) => ECHOED.has(i.code)).map((i): [number, string, unknown] => [i.row, i.code, i.params.value]);
      if (shown !== undefined) expect(rows).toEqual(shown);
      shown = rows;
    }
    return shown ?? [];
  }

  it('masks a postal code that a separator too many or too few put in Province or Langue, and keeps unknown words readable', async () => {
    expect(await echoed(individuals)).toEqual([
      [2, 'language_unknown', 'Espagnol'],
      [2, 'province_unknown', 'Nunavik'],
      [2, 'role_unknown', 'Cousine'],
      [3, 'language_unknown', '*#* #*#'],
      [3, 'province_unknown', 'Montréal'],
      [3, 'role_unknown', '******-####'],
      [4, 'language_unknown', '***-####'],
      [4, 'province_unknown', '*#* #*#'],
      // The e-mail address that landed in Date de naissance: no longer shown as maskEmail would show it.
      [4, 'date_invalid', '*****@***.**'],
    ]);
    const fr = await parseDtmaxCsv(individuals, { locale: 'fr' });
    const en = await parseDtmaxCsv(individuals, { locale: 'en' });
    const message = (result: ParseResult, row: number, code: string): string | undefined => result.issues.find((i) => i.row === row && i.code === code)?.message;
    expect(message(fr, 2, 'province_unknown')).toBe("La province « Nunavik » n'est pas une province ou un territoire du Canada; elle a été laissée de côté.");
    expect(message(en, 2, 'language_unknown')).toBe('Language "Espagnol" is neither French nor English; it was left empty.');
    expect(message(fr, 3, 'language_unknown')).toBe("La langue « *#* #*# » n'est ni le français ni l'anglais; elle a été laissée vide.");
    expect(message(en, 4, 'province_unknown')).toBe('Province "*#* #*#" is not a Canadian province or territory; it was left out.');
  });

  it('masks a phone number in Lien, an address in Langue, and a phone number or an address in Fin d’exercice', async () => {
    expect(await echoed(family)).toEqual([
      [2, 'language_unknown', '####, *** *****-*****'],
      [2, 'province_unknown', '*#* #*#'],
      [2, 'role_unknown', '###-####'],
    ]);
    expect(await echoed(corporations)).toEqual([
      [2, 'language_unknown', 'Espagnol'],
      [2, 'province_unknown', 'Nunavik'],
      // A year end is no personal data, but the cell could be: its digits are hidden like a birth date's.
      [2, 'date_invalid', '##/##/####'],
      [3, 'date_two_digit_year', '##/##/##'],
      [4, 'province_unknown', '*#* #*#'],
      [4, 'date_invalid', '###-####'],
      [5, 'province_unknown', 'Français'],
      [5, 'date_invalid', '####, *** *****-*****'],
    ]);
    const en = await parseDtmaxCsv(corporations, { locale: 'en' });
    expect(en.issues.find((i) => i.row === 4 && i.code === 'date_invalid')?.message).toBe(`"###-####" in Fin d'exercice is not a date taxsync can read (use YYYY-MM-DD); it was left empty.`);
  });

  it('masks a birth date, a phone number or an address that a separator too many put in Courriel', async () => {
    // The commonest shift: a stray `;` before Courriel moves the birth date (or the phone number, or the address) there.
    const shifted = lines(
      ['NAS', 'Prénom', 'Nom', 'Courriel', 'Téléphone'],
      `${SIN.roy};Élise;Roy;1975-06-15;418 555-0123`,
      `${SIN.gagnon};Marie;Gagnon;555-0199;`,
      `${SIN.cote};Léo;Côté;"1234, rue Saint-Denis";`,
      `${SIN.tremblay};Jean;Tremblay;jtremblay;`,
    );
    await echoed(shifted);
    const en = await parseDtmaxCsv(shifted, { locale: 'en' });
    expect(en.issues.filter((i) => i.code === 'email_invalid').map((i) => [i.row, i.params.value])).toEqual([
      [2, '####-##-##'],
      [3, '###-####'],
      [4, '####, *** *****-*****'],
      // Without `@`, even a short word is shown by its shape only: everything in this column is personal.
      [5, '*********'],
    ]);
    expect(en.issues.find((i) => i.row === 2 && i.code === 'email_invalid')?.message).toBe('E-mail "####-##-##" is not a valid address; it was left out, so this client will not be invited.');
  });
});

describe('messages render in the other language from their params', () => {
  it('keeps params language-neutral so messageIn/renderMessage can switch locale', async () => {
    const { renderMessage } = await import('../../src/index.js');
    const csv = 'NAS;Prénom;Nom;Dossier\r\n130 692 544;Simon;Provencher;P\r\n130692544;Simon;PROVENCHER;P\r\n;;Roy;\r\n';
    const fr = await parseDtmaxCsv(csv, { locale: 'fr' });
    const en = await parseDtmaxCsv(csv, { locale: 'en' });
    expect(fr.issues.map((i) => i.code)).toEqual(['duplicate_key', 'duplicate_key', 'missing_name']);
    fr.issues.forEach((issue, i) => {
      expect(renderMessage(issue.code, issue.params, 'en')).toBe(en.issues[i]?.message);
    });
    expect(en.issues[0]?.message).toBe('SIN *** *** 544 also appears on row 3. Both rows are kept; the import will ask which one is right.');
  });

  it('names the missing column by its role when the file has none', async () => {
    const result = await parseDtmaxCsv('NAS;Nom\r\n130 692 544;Provencher\r\n', { locale: 'fr' });
    expect(result.issues).toEqual([
      expect.objectContaining({ row: 2, code: 'missing_name', field: 'firstName', message: "Le fichier n'a pas de colonne prénom : un client doit avoir un nom." }),
    ]);
  });

  it('does not call a row that was rejected the first holder of a duplicated SIN', async () => {
    const result = await parseDtmaxCsv('NAS;Prénom;Nom\r\n130 692 544;;Provencher\r\n130692544;Simon;Provencher\r\n');
    expect(result.records).toHaveLength(1);
    expect(result.issues.map((i) => i.code)).toEqual(['missing_name']);
  });
});

describe('phone extensions', () => {
  it('keeps an extension in RFC 3966 form instead of dropping it', async () => {
    const result = await parseDtmaxCsv('NAS;Prénom;Nom;Téléphone\r\n130 692 544;Simon;Provencher;450 555-0177 poste 12\r\n');
    expect(result.records[0]?.phone).toBe('+14505550177;ext=12');
  });
});
