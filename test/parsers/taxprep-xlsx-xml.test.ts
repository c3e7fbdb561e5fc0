/**
 * parseTaxprepXlsx on SpreadsheetML as other producers than exceljs write it (Excel itself, the Open XML SDK, strict
 * OOXML, report generators), and on parts that are not well-formed XML.
 */
import { describe, expect, it } from 'vitest';
import { isTaxsyncError, type ClientRecord } from '../../src/index.js';
import { parseTaxprepXlsx, type ParseTaxprepXlsxOptions } from '../../src/xlsx.js';
import { PartTooLargeError, readSharedStrings, SharedStrings } from '../../src/parsers/xlsx/parts.js';
import { readSheetRows } from '../../src/parsers/xlsx/sheet.js';
import { SINS } from '../fixtures/xlsx/clients.js';
import { inline, n, rawWorkbook, s, type RawWorkbook } from '../fixtures/xlsx/raw.js';
import { patchPart } from '../fixtures/xlsx/workbooks.js';

/** Serial of 1980-03-04 (1900 system) and of 2000-01-01. */
const MARCH_4_1980 = 29_284;
const JAN_1_2000 = 36_526;

const SHARED = [
  '<t>NAS</t>',
  '<t>Pr&#233;nom</t>',
  '<t>Nom</t>',
  '<t>Date de naissance</t>',
  '<t>Courriel</t>',
  // Rich text with a phonetic guide (East Asian Excel adds one): the guide is not part of the text.
  '<r><rPr><b/></rPr><t>Marie-</t></r><r><t>Ève</t></r><rPh sb="0" eb="1"><t>マリー</t></rPh><phoneticPr fontId="1"/>',
  '<t>C&#xF4;t&#233;</t>',
  '<t xml:space="preserve">marie-eve.cote@exemple.ca</t>',
  '<t><![CDATA[D’Amours]]></t>',
];

/**
 * A title row of cells without references; the header; a row with a SIN formatted `000 000 000` (a number, not a
 * date), a built-in date format; a row with neither row nor cell references, an inline rich-text name, a text formula,
 * an ISO date cell and a formula whose result is an error; a stored empty row; an unstored one; a custom French date
 * format with escapes and a locale.
 */
const ROWS =
  `<row><c t="inlineStr"><is><t>Liste des clients — Taxprep 2025</t></is></c></row>` +
  `<row r="2">${s('A2', 0)}${s('B2', 1)}${s('C2', 2)}${s('D2', 3)}${s('E2', 4)}</row>` +
  `<row r="3" spans="1:5">${n('A3', Number(SINS.marieEve), 3)}${s('B3', 5)}${s('C3', 6)}${n('D3', MARCH_4_1980, 1)}${s('E3', 7)}</row>` +
  `<row><!-- no references: the cells follow each other -->` +
  `<c t="inlineStr"><is><t>456 123 785</t></is></c>` +
  `<c t="inlineStr"><is><r><t>Jean-</t></r><r><rPr><i/></rPr><t>François</t></r></is></c>` +
  `<c t="str"><f>PROPER("tremblay")</f><v>Tremblay</v></c>` +
  `<c t="d"><v>1979-05-26T00:00:00</v></c>` +
  `<c t="e"><f>A1/0</f><v>#DIV/0!</v></c></row>` +
  `<row r="5" customHeight="1" ht="20"/>` +
  `<row r="7">${n('A7', Number(SINS.benoit))}${inline('B7', '<t>Beno&#238;t</t>')}${s('C7', 8)}${n('D7', JAN_1_2000, 2)}<c r="E7" s="2"/></row>`;

const STYLES = {
  numFmts: '<numFmt numFmtId="164" formatCode="[$-fr-CA]d\\ mmmm\\ yyyy;@"/><numFmt numFmtId="165" formatCode="000\\ 000\\ 000"/>',
  cellXfs: [0, 14, 164, 165],
};

const EXPECTED: ClientRecord[] = [
  { kind: 'individual', sin: SINS.marieEve, firstName: 'Marie-Ève', lastName: 'Côté', birthDate: '1980-03-04', email: 'marie-eve.cote@exemple.ca', source: { row: 3 } },
  { kind: 'individual', sin: SINS.jeanFrancois, firstName: 'Jean-François', lastName: 'Tremblay', birthDate: '1979-05-26', source: { row: 4 } },
  { kind: 'individual', sin: SINS.benoit, firstName: 'Benoît', lastName: 'D’Amours', birthDate: '2000-01-01', source: { row: 7 } },
];

const base: RawWorkbook = { sheets: [{ name: 'Clients', rows: ROWS }], sharedStrings: SHARED, ...STYLES };

async function thrown(bytes: Uint8Array, options?: ParseTaxprepXlsxOptions): Promise<{ code: string; message: string; fr: string; en: string }> {
  try {
    await parseTaxprepXlsx(bytes, options);
  } catch (error) {
    if (!isTaxsyncError(error)) throw error;
    return { code: error.code, message: error.message, fr: error.messageIn('fr'), en: error.messageIn('en') };
  }
  throw new Error('expected parseTaxprepXlsx to throw');
}

describe('parseTaxprepXlsx: SpreadsheetML as Excel and other producers write it', () => {
  it.each<[string, RawWorkbook]>([
    ['Excel (transitional, default namespace)', base],
    ['the Open XML SDK (every element prefixed x:)', { ...base, prefix: 'x' }],
    ['Excel’s Strict Open XML format', { ...base, strict: true }],
    ['a generator that puts the workbook elsewhere and writes absolute targets', { ...base, workbookPath: 'classeur/liste.xml', absoluteTargets: true }],
  ])('reads every cell shape of a workbook written by %s', async (_, spec) => {
    const result = await parseTaxprepXlsx(rawWorkbook(spec));
    expect(result.records).toEqual(EXPECTED);
    // The formula whose cached result is an error reads as that error, as an error cell does.
    expect(result.issues.map((i) => [i.row, i.code, i.severity, i.field, i.params])).toEqual([[4, 'cell_error', 'warning', 'email', { column: 'Courriel', value: '#DIV/0!' }]]);
    expect(result.meta).toMatchObject({ format: 'xlsx', sheet: 'Clients', headerRow: 2, date1904: false });
    expect(result.meta.counts).toMatchObject({ rows: 3, records: 3, blank: 2 });
  });

  it('reads date serials of a 1904 workbook whose flag is written "true"', async () => {
    const rows = `<row r="1">${s('A1', 0)}${s('B1', 1)}${s('C1', 2)}${s('D1', 3)}</row><row r="2">${n('A2', Number(SINS.marieEve))}${s('B2', 5)}${s('C2', 6)}${n('D2', MARCH_4_1980 - 1462, 1)}</row>`;
    const result = await parseTaxprepXlsx(rawWorkbook({ ...base, sheets: [{ name: 'Clients', rows }], date1904: true }));
    expect(result.meta.date1904).toBe(true);
    expect(result.records.map((r) => (r.kind === 'individual' ? r.birthDate : undefined))).toEqual(['1980-03-04']);
  });

  it('skips chart sheets and hidden sheets, and reads a sheet name with an entity', async () => {
    const bytes = rawWorkbook({
      ...base,
      sheets: [
        { name: 'Graphique', chart: true },
        { name: 'Archives', state: 'hidden', rows: ROWS },
        { name: 'Clients & familles', rows: ROWS },
      ],
    });
    const result = await parseTaxprepXlsx(bytes);
    expect(result.meta.sheet).toBe('Clients & familles');
    expect(result.records).toEqual(EXPECTED);
    expect((await parseTaxprepXlsx(bytes, { sheet: 2 })).meta.sheet).toBe('Archives');
    // Position 1 is a chart sheet: there is no list to read there.
    const error = await thrown(bytes, { sheet: 1 });
    expect(error.code).toBe('sheet_not_found');
    expect(error.message).toContain('Clients & familles');
  });
});

describe('parseTaxprepXlsx: parts that are not well-formed XML', () => {
  const worksheet = 'xl/worksheets/sheet1.xml';
  it.each<[string, string, (xml: string) => string]>([
    ['an element closed by the wrong end tag', worksheet, (xml) => xml.replace('</c></row>', '</row></row>')],
    ['a worksheet cut short', worksheet, (xml) => xml.slice(0, xml.indexOf('<row r="7">') + 20)],
    ['a document type declaration (which could define entities)', worksheet, (xml) => xml.replace('<worksheet', '<!DOCTYPE x [<!ENTITY a "b">]><worksheet')],
    ['an attribute without quotes', worksheet, (xml) => xml.replace('<c r="A3"', '<c r=A3')],
    ['a stray "<"', worksheet, (xml) => xml.replace('<row r="3"', '< row r="3"')],
    ['text after the root element', worksheet, (xml) => `${xml}texte`],
    ['a shared-string table cut short', 'xl/sharedStrings.xml', (xml) => xml.slice(0, -20)],
    ['a styles part with an unclosed element', 'xl/styles.xml', (xml) => xml.replace('</cellXfs>', '')],
    ['a workbook part with two root elements', 'xl/workbook.xml', (xml) => `${xml}<workbook/>`],
  ])('throws read_failed for %s', async (_, part, patch) => {
    const error = await thrown(patchPart(rawWorkbook(base), part, patch));
    expect(error.code).toBe('read_failed');
    expect(error.en).toMatch(/not valid XML/);
    expect(error.fr).toMatch(/pas du XML valide/);
  });
});

describe('the worksheet reader, fed any way the inflater cuts the text', () => {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    '<row r="1"><c r="A1" t="inlineStr"><is><t>C&#xF4;t&amp;&#233; &lt;QC&gt;</t></is></c><c r="C1" t="b"><v>1</v></c><c r="D1" s="1"><v>29284</v></c></row>' +
    '<row r="2"><c r="B2" t="str"><f>A1</f><v>ligne 1_x000D_\nligne 2</v></c><c r="C2" t="e"><v>#N/A</v></c><c r="D2"><v>1.5</v></c>' +
    '<c r="E2" t="s"><v>0</v></c><c r="F2" t="s"><v>7</v></c><c r="G2" t="d"><v>2025-04-30</v></c><c r="H2" t="s"><v></v></c></row></sheetData></worksheet>';
  const sharedStrings = new SharedStrings();
  sharedStrings.add('Québec');
  sharedStrings.seal();
  const context = { sharedStrings, dateStyles: [false, true], date1904: false };
  const expected = [
    { number: 1, cells: ['Côt&é <QC>', null, true, new Date(Date.UTC(1980, 2, 4))] },
    // F2 points past the one-entry table: null, and named as damage for the row's issues.
    { number: 2, cells: [null, 'ligne 1\r\nligne 2', { error: '#N/A' }, 1.5, 'Québec', null, new Date(Date.UTC(2025, 3, 30)), null], dangling: [{ column: 5, index: '7' }] },
  ];

  async function read(pieces: readonly string[]): Promise<unknown[]> {
    async function* feed(): AsyncGenerator<string> {
      yield* pieces;
    }
    const rows: unknown[] = [];
    for await (const batch of readSheetRows(feed(), context)) rows.push(...batch);
    return rows;
  }

  it('reads each cell type the same whether the text comes whole, one character at a time, or cut at every place', async () => {
    expect(await read([xml])).toEqual(expected);
    expect(await read([...xml])).toEqual(expected);
    for (let cut = 1; cut < xml.length; cut += 7) expect(await read([xml.slice(0, cut), xml.slice(cut)])).toEqual(expected);
  });
});

describe('the shared-string table reader', () => {
  it('stops at its bound instead of holding a table no client list needs', async () => {
    async function* table(): AsyncGenerator<string> {
      yield '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Côté</t></si><si><t>Roy</t></si>';
      yield '<si><t>Lévesque</t></si></sst>';
    }
    const strings = await readSharedStrings(table(), 3);
    expect([0, 1, 2, 3].map((i) => strings.get(i))).toEqual(['Côté', 'Roy', 'Lévesque', undefined]);
    await expect(readSharedStrings(table(), 2)).rejects.toBeInstanceOf(PartTooLargeError);
  });

  it('gives back every item of a table of several blocks, empty items and the last one included, and nothing past it', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => (i % 97 === 0 ? '' : `Élise Côté-${i}${i % 3 === 0 ? ' — Québec' : ''}`));
    async function* table(): AsyncGenerator<string> {
      yield '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
      for (const item of items) yield `<si><t>${item}</t></si>`;
      yield '</sst>';
    }
    const strings = await readSharedStrings(table());
    expect(strings.count).toBe(items.length);
    expect(items.map((_, i) => strings.get(i))).toEqual(items);
    for (const index of [-1, 10_000, 1.5, Number.NaN]) expect(strings.get(index)).toBeUndefined();
  });
});
