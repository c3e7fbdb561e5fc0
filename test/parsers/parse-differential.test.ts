/**
 * #13 made the readers faster; this test holds them to the answers they gave before. A generated corpus of client
 * lists — Windows-1252, UTF-8 with and without a BOM (with a stray Windows-1252 byte), UTF-16LE; `;`, `,` and tab;
 * quoted fields holding the delimiter, quotes and line breaks; French and English headers; individuals and
 * corporations; bad SINs, BNs, dates, e-mails, missing names, control characters, extra cells, blank lines,
 * duplicates, an unclosed quote — and workbooks of the same rows (shared strings, inline strings, number SINs, date
 * cells, error cells, a shared-string index past the table) is read by the current parsers and by a frozen copy of
 * the parsers as they were before (test/parsers/reference/, commit 0078d5b), from a whole buffer, a string and streams
 * cut at random places. Same records, same issues, same order, same meta — or the same error.
 */
import { describe, expect, it } from 'vitest';
import { parseDtmaxCsv, streamDtmaxCsv } from '../../src/index.js';
import { parseTaxprepXlsx, streamTaxprepXlsx } from '../../src/xlsx.js';
import { parseDtmaxCsv as referenceCsv, streamDtmaxCsv as referenceCsvStream } from './reference/csv/dtmax-csv.js';
import { parseTaxprepXlsx as referenceXlsx, streamTaxprepXlsx as referenceXlsxStream } from './reference/xlsx/taxprep-xlsx.js';
import { concatBytes, csvText, encodeText, formatNine, inChunks, withCheckDigit, type Delimiter, type FileEncoding } from '../fixtures/csv.js';
import { rawWorkbook } from '../fixtures/xlsx/raw.js';
import { addSheet, newWorkbook, workbookBytes } from '../fixtures/xlsx/workbooks.js';
import type ExcelJS from 'exceljs';

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): { int(n: number): number; pick<T>(list: readonly T[]): T; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)] as (typeof list)[number],
    chance: (p) => next() < p,
  };
}

type Rng = ReturnType<typeof random>;

const FIRST = ['Émilie', 'François', 'Zoé', 'Jean-Sébastien', 'Chloé', 'Benoît', 'Marie-Ève', 'Noémie', 'Gaëtan', 'JOSÉE', 'Anne "Nan"', 'Œdipe'];
const LAST = ['Côté', 'Bélanger', 'O’Brien', 'Lœuillet', 'Gagnon-Tremblay', 'Lévesque', 'Bouchard; fils', 'Pelletier', 'ROY', 'D’Amours'];
const CITY = ['Montréal', 'Québec', 'Trois-Rivières', 'Lévis', 'Saint-Jérôme', 'Toronto'];
const PROVINCE = ['QC', 'Québec', 'Quebec', 'ON', 'Ontario', 'Colombie-Britannique', 'Nouvelle-Zemble', ''];
const LANGUAGE = ['Français', 'Anglais', 'French', 'English', 'F', 'A', 'fr', 'klingon', ''];
const ROLE = ['Contribuable', 'Conjoint', 'Personne à charge', 'Principal', 'Spouse', 'Dependant', 'cousin', ''];
const HEADERS_IND_FR = ['NAS', 'Prénom', 'Nom', 'Date de naissance', 'Courriel', 'Téléphone', 'Langue', 'Adresse', 'Ville', 'Province', 'Code postal', 'Dossier', 'Lien', 'NAS du conjoint'];
const HEADERS_IND_EN = ['SIN', 'First name', 'Last name', 'Date of birth', 'Email', 'Phone', 'Language', 'Address', 'City', 'Province', 'Postal code', 'Family', 'Relationship', 'Spouse SIN'];
const HEADERS_CORP_FR = ['NE', 'Nom de la société', 'NEQ', 'Fin d’exercice', 'Personne-ressource', 'Courriel', 'Téléphone', 'Langue', 'Adresse', 'Ville', 'Province', 'Code postal'];
const HEADERS_CORP_EN = ['Business number', 'Corporation name', 'NEQ', 'Year end', 'Contact', 'Email', 'Phone', 'Language', 'Address', 'City', 'Province', 'Postal code'];

/** A SIN cell as people and programs write it, good or bad; `pool` holds SINs already used (for duplicates). */
function sinCell(rng: Rng, pool: string[]): string {
  const roll = rng.int(100);
  if (roll < 8 && pool.length > 0) return formatNine(rng.pick(pool), rng.pick(['spaces', 'dashes', 'bare'] as const));
  if (roll < 11) return '000 000 000';
  if (roll < 13) return '';
  if (roll < 15) return String(rng.int(90_000_000) + 10_000_000); // eight digits: truncated
  if (roll < 17) return '1.30692544E+08';
  if (roll < 19) return `${rng.int(900_000_000) + 100_000_000}`; // most fail the check
  if (roll < 21) return formatNine(withCheckDigit(`8${String(rng.int(10_000_000)).padStart(7, '0')}`), 'spaces');
  if (roll < 22) return 'NAS inconnu';
  const sin = withCheckDigit(String(rng.chance(0.1) ? 90_000_000 + rng.int(9_999_999) : 10_000_000 + rng.int(70_000_000)));
  pool.push(sin);
  return formatNine(sin, rng.pick(['spaces', 'dashes', 'bare'] as const));
}

function dateCell(rng: Rng): string {
  const y = 1930 + rng.int(80);
  const m = 1 + rng.int(12);
  const d = 1 + rng.int(28);
  const p = (n: number): string => String(n).padStart(2, '0');
  return rng.pick([`${y}-${p(m)}-${p(d)}`, `${p(d)}/${p(m)}/${y}`, `${p(m)}/${p(d)}/${y}`, `${y}/${p(m)}/${p(d)}`, `${p(d)}-${p(m)}-${String(y).slice(2)}`, `${d} mars ${y}`, '31/02/1980', 'inconnue', '']);
}

function individualRow(rng: Rng, i: number, pool: string[]): string[] {
  const first = rng.chance(0.04) ? '' : rng.pick(FIRST);
  const last = rng.chance(0.04) ? '' : rng.pick(LAST);
  return [
    sinCell(rng, pool),
    first,
    last,
    dateCell(rng),
    rng.pick([`client${i}@exemple.ca`, `Client.${i}@Exemple.CA`, 'pas-un-courriel', `${i}@`, '', `marie.${i}@exemple.qc.ca `]),
    rng.pick([`514 555-${String(i % 10_000).padStart(4, '0')}`, '(418) 555-0199 poste 12', '555-01', '+33 1 23 45 67 89', '']),
    rng.pick(LANGUAGE),
    rng.pick([`${i}, rue Saint-Denis; app. ${i % 40}`, `${i} chemin du Roy\r\nBureau 2`, `${i}  rue   "Principale"`, '']),
    rng.pick(CITY),
    rng.pick(PROVINCE),
    rng.pick(['H2X 3J8', 'h2x3j8', 'G1R-4P5', 'D1A 1A1', '12345', '']),
    rng.chance(0.9) ? `DOSSIER-${Math.floor(i / 3)}` : '',
    rng.pick(ROLE),
    rng.chance(0.2) ? sinCell(rng, []) : '',
  ];
}

function corporationRow(rng: Rng, i: number, pool: string[]): string[] {
  let bn: string;
  const roll = rng.int(100);
  if (roll < 8 && pool.length > 0) bn = rng.pick(pool);
  else if (roll < 12) bn = '123456789';
  else if (roll < 15) bn = '';
  else {
    const nine = withCheckDigit(String(rng.int(80_000_000) + 10_000_000));
    pool.push(nine);
    bn = `${nine}${rng.pick(['', 'RC0001', ' RT 0001', 'RX0001', 'R0001'])}`;
  }
  return [
    bn,
    rng.chance(0.05) ? '' : `${rng.pick(LAST)} ${rng.pick(['inc.', 'Ltée', 'S.E.N.C.', 'Consultants'])} ${i}`,
    rng.pick(['1164567890', '11645678', '']),
    dateCell(rng),
    rng.chance(0.5) ? `${rng.pick(FIRST)} ${rng.pick(LAST)}` : '',
    rng.pick([`compta${i}@exemple.ca`, 'nul', '']),
    rng.pick(['514-555-0142', '']),
    rng.pick(LANGUAGE),
    rng.pick([`${i}, boul. René-Lévesque; bureau ${i % 9}`, '']),
    rng.pick(CITY),
    rng.pick(PROVINCE),
    rng.pick(['H3B 4W8', 'Z9Z 9Z9', '']),
  ];
}

/** Rows of one generated list: an optional title, the header, data rows with blank lines, and damage. */
function listRows(seed: number, kind: 'individual' | 'corporation', english: boolean, count: number): string[][] {
  const rng = random(seed);
  const pool: string[] = [];
  const header = kind === 'individual' ? (english ? HEADERS_IND_EN : HEADERS_IND_FR) : english ? HEADERS_CORP_EN : HEADERS_CORP_FR;
  const rows: string[][] = [];
  if (rng.chance(0.5)) rows.push(['Liste des clients — exportation DT Max']);
  rows.push([...header]);
  for (let i = 0; i < count; i++) {
    if (rng.chance(0.02)) rows.push([]);
    const row = kind === 'individual' ? individualRow(rng, i, pool) : corporationRow(rng, i, pool);
    if (rng.chance(0.02)) row.push('en trop', '');
    if (rng.chance(0.02)) row.length = Math.max(1, row.length - 4);
    if (rng.chance(0.01)) row[1] = `${row[1] ?? ''}\u0007`;
    rows.push(row);
  }
  return rows;
}

interface CsvCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly options: Parameters<typeof parseDtmaxCsv>[1];
}

function csvCorpus(): CsvCase[] {
  const cases: CsvCase[] = [];
  const encodings: FileEncoding[] = ['windows-1252', 'utf-8-bom', 'utf-8', 'utf-16le-bom'];
  const delimiters: Delimiter[] = [';', ',', '\t'];
  let seed = 1;
  for (const kind of ['individual', 'corporation'] as const) {
    for (const english of [false, true]) {
      for (const encoding of encodings) {
        seed++;
        const delimiter = delimiters[seed % delimiters.length] ?? ';';
        const rows = listRows(seed, kind, english, 300 + (seed % 5) * 70);
        let bytes = encodeText(csvText(rows, { delimiter, eol: seed % 4 === 0 ? '\n' : '\r\n', quoteAll: seed % 5 === 0 }), encoding);
        // A UTF-8 file with one row pasted from a Windows-1252 one, past the sniffed head.
        if (encoding === 'utf-8') bytes = concatBytes(bytes, encodeText(csvText([individualRow(random(seed), 9999, []).map((c) => c.replace(/[’œŒ]/g, 'e'))], { delimiter }), 'windows-1252'));
        const options = seed % 3 === 0 ? { locale: 'fr' as const, dateOrder: 'dmy' as const } : seed % 3 === 1 ? {} : { kind, locale: 'en' as const };
        cases.push({ name: `${kind} ${english ? 'en' : 'fr'} ${encoding} ${JSON.stringify(delimiter)} seed ${seed}`, bytes, options });
      }
    }
  }
  // A file ending inside a quote, the rows before it kept; and a large one whose rows cross the 64 KiB sniff window.
  cases.push({ name: 'unclosed quote', bytes: encodeText(`${csvText(listRows(99, 'individual', false, 50))}130 692 544;Jean;"Côté\r\nsans fin`, 'windows-1252'), options: {} });
  cases.push({ name: 'large, duplicates far apart', bytes: encodeText(csvText(listRows(7, 'individual', false, 3000)), 'windows-1252'), options: {} });
  return cases;
}

/** Every outcome in one comparable shape: the result, or the error's class, code and message. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await run() };
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string };
    return { error: { name: e.name, code: e.code, message: e.message } };
  }
}

async function streamed(rows: AsyncIterable<unknown> & { meta(): unknown }): Promise<unknown> {
  const seen: unknown[] = [];
  for await (const row of rows) seen.push(row);
  return { rows: seen, meta: rows.meta() };
}

/**
 * Equal, and of the same shapes: plain objects (the records are built by constructors since #13), no property set to
 * undefined where the reference left it out, and the same key order (what `JSON.stringify` writes, e.g. in a saved plan).
 */
function sameShapes(actual: unknown, expected: unknown): void {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  const records = (actual as { ok?: { records: object[] } }).ok?.records ?? [];
  for (const record of records) {
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    const address = (record as { address?: object }).address;
    if (address !== undefined) expect(Object.getPrototypeOf(address)).toBe(Object.prototype);
  }
}

/** Random cut points, so chunk boundaries fall inside quotes, CRLFs, multi-byte characters. */
function chunkSizes(seed: number): number[] {
  const rng = random(seed);
  return Array.from({ length: 16 }, () => 1 + rng.int(rng.chance(0.3) ? 7 : 9000));
}

describe('the DT Max CSV reader gives the answers it gave before #13', () => {
  const corpus = csvCorpus();
  it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_, { bytes, options }) => {
    const before = await outcome(() => referenceCsv(bytes, options));
    sameShapes(await outcome(() => parseDtmaxCsv(bytes, options)), before);
    const sizes = chunkSizes(bytes.length);
    expect(await outcome(() => parseDtmaxCsv(inChunks(bytes, sizes), options))).toEqual(await outcome(() => referenceCsv(inChunks(bytes, sizes), options)));
    expect(await outcome(() => streamed(streamDtmaxCsv(inChunks(bytes, sizes), options)))).toEqual(await outcome(() => streamed(referenceCsvStream(inChunks(bytes, sizes), options))));
    expect(await outcome(() => streamed(streamDtmaxCsv(bytes, options)))).toEqual(await outcome(() => streamed(referenceCsvStream(bytes, options))));
    // The corpus must exercise what it claims to: records, errors and warnings, duplicates in most files.
    const result = (before as { ok?: { records: unknown[]; issues: { code: string }[] } }).ok;
    expect(result?.records.length).toBeGreaterThan(10);
    expect(result?.issues.some((i) => i.code !== 'duplicate_key')).toBe(true);
  });

  it('reads text the same way as bytes', async () => {
    const text = csvText(listRows(5, 'individual', true, 400), { delimiter: ',' });
    expect(await parseDtmaxCsv(text)).toEqual(await referenceCsv(text));
    expect(await parseDtmaxCsv(`\uFEFF${text}`, { locale: 'fr' })).toEqual(await referenceCsv(`\uFEFF${text}`, { locale: 'fr' }));
  });

  it('covers duplicates on both rows and every kind of issue the generator aims at', async () => {
    const codes = new Set<string>();
    for (const c of corpus) for (const issue of (await parseDtmaxCsv(c.bytes, c.options)).issues) codes.add(issue.code);
    for (const code of ['duplicate_key', 'sin_invalid', 'sin_truncated', 'sin_scientific', 'sin_never_issued', 'bn_invalid', 'missing_name', 'date_ambiguous', 'email_invalid', 'control_character', 'extra_cells', 'encoding_invalid', 'unclosed_quote']) {
      expect(codes, code).toContain(code);
    }
  });
});

/** The same generated rows as a workbook (exceljs), SINs half as numbers, dates as date cells when they parse. */
async function workbookOf(seed: number, kind: 'individual' | 'corporation', english: boolean): Promise<Uint8Array> {
  const rows = listRows(seed, kind, english, 400);
  const workbook = newWorkbook();
  const cells: ExcelJS.CellValue[][] = rows.map((row, r) =>
    row.map((cell, c) => {
      if (r > 1 && c === 0 && /^\d{8,9}$/.test(cell) && r % 2 === 0) return Number(cell);
      if (r > 1 && c === 3 && /^\d{4}-\d{2}-\d{2}$/.test(cell) && r % 3 === 0) return new Date(`${cell}T00:00:00Z`);
      if (r > 1 && c === 5 && r % 17 === 0) return { error: '#N/A' } as ExcelJS.CellErrorValue;
      return cell.replaceAll('\u0007', '');
    }),
  );
  addSheet(workbook, english ? 'Clients' : 'Particuliers', cells, { dateColumns: [4] });
  return workbookBytes(workbook);
}

describe('the Taxprep workbook reader gives the answers it gave before #13', () => {
  const cases: [string, () => Promise<Uint8Array>, Parameters<typeof parseTaxprepXlsx>[1]][] = [
    ['individuals, French, exceljs', () => workbookOf(11, 'individual', false), {}],
    ['individuals, English, exceljs', () => workbookOf(12, 'individual', true), { locale: 'fr', dateOrder: 'mdy' }],
    ['corporations, French, exceljs', () => workbookOf(13, 'corporation', false), {}],
    ['corporations, English, exceljs', () => workbookOf(14, 'corporation', true), { kind: 'corporation' }],
    [
      'raw SpreadsheetML: inline strings, rich text, a shared-string index past the table, errors',
      async () =>
        rawWorkbook({
          sharedStrings: ['<t>NAS</t>', '<t>Prénom</t>', '<t>Nom</t>', '<r><t>Hél</t></r><r><t>ène</t></r>', '<t>Côté</t>', '<t xml:space="preserve"> Lœuillet </t>', '<t>Date de naissance</t>'],
          cellXfs: [0, 14],
          sheets: [
            {
              name: 'Feuil1',
              rows:
                '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>6</v></c></row>' +
                '<row r="2"><c r="A2"><v>130692544</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" t="s"><v>4</v></c><c r="D2" s="1"><v>29284</v></c></row>' +
                '<row r="4"><c r="A4" t="inlineStr"><is><t>271 845 935</t></is></c><c r="B4" t="s"><v>42</v></c><c r="C4" t="s"><v>5</v></c></row>' +
                '<row r="5"><c r="A5" t="str"><v>271845935</v></c><c r="B5" t="inlineStr"><is><r><t>Zo</t></r><r><t>é</t></r></is></c><c r="C5" t="e"><v>#REF!</v></c><c r="D5" t="d"><v>1980-03-04</v></c></row>' +
                '<row r="6"><c r="A6"><v>52398741</v></c><c r="B6" t="s"><v>1</v></c><c r="C6" t="s"><v>4</v></c><c r="D6"><v>1.5</v></c><c r="F6" t="b"><v>1</v></c></row>',
            },
          ],
        }),
      {},
    ],
  ];
  it.each(cases)('%s', async (_, make, options) => {
    const bytes = await make();
    const before = await outcome(() => referenceXlsx(bytes, options));
    sameShapes(await outcome(() => parseTaxprepXlsx(bytes, options)), before);
    const sizes = chunkSizes(bytes.length);
    expect(await outcome(() => streamed(streamTaxprepXlsx(inChunks(bytes, sizes), options)))).toEqual(await outcome(() => streamed(referenceXlsxStream(inChunks(bytes, sizes), options))));
    expect((before as { ok?: { records: unknown[] } }).ok?.records.length).toBeGreaterThan(0);
  });
});
