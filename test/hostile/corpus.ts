/**
 * The hostile-input corpus: each case is an input built by readable code (craft.ts, the fixtures), the public
 * function it goes through, and what must come out — a typed error, an issue, a held or rejected line — never a crash,
 * a hang, or memory out of bounds (hostile.test.ts runs each case in a child process and checks all three).
 */
import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { unzipSync, zipSync } from 'fflate';
import { PDFDocument } from '@cantoo/pdf-lib';
import { concatBytes, dtmaxCsv, encodeText, HEADERS_FR, SIN } from '../fixtures/csv.js';
import { makePdf } from '../fixtures/pdfs.js';
import { t183 } from '../fixtures/forms.js';
import { buildZip } from '../fixtures/zip.js';
import { inline, rawWorkbook, s } from '../fixtures/xlsx/raw.js';
import {
  craftZip,
  deflateBomb,
  descriptorEntry,
  encryptedObjectStreamBomb,
  handmadePdf,
  honestEntry,
  localHeader,
  objectStreamBomb,
  pdfWithContent,
  pdfWithFontMap,
  workbookWithPart,
  xrefStreamBomb,
  type CentralRecord,
  type LocalRecord,
} from './craft.js';

/** Which public function a case goes through (child.ts calls it). */
export interface Call {
  readonly fn: 'readZip' | 'parseDtmaxCsv' | 'parseTaxprepXlsx' | 'resolveSignatureFields' | 'prepareForSignature' | 'dispatch' | 'match';
  readonly kind?: 'individual' | 'corporation';
  readonly textReader?: 'pdfjs';
  readonly purpose?: 'sign' | 'consult';
  /**
   * The call loads pdfjs-dist (a PDF pdf-lib cannot parse): child.ts loads it before measuring, since pdfjs-dist
   * alone holds ~300 MB whatever it reads. Bombs never set it: their bound must hold with pdfjs-dist unloaded.
   */
  readonly reachesPdfjs?: boolean;
}

/** One hostile input and what must come of it. */
export interface HostileCase extends Call {
  readonly name: string;
  /** The class of attack or breakage, as issue #12 lists them. */
  readonly family: 'zip' | 'workbook' | 'csv' | 'pdf' | 'matching';
  readonly build: () => Promise<Uint8Array>;
  /** `{ ok: … }`: the result's summary (child.ts); `{ error: 'Class code' }`: the typed error. */
  readonly expect: { readonly ok: unknown } | { readonly error: string };
}

const MiB = 1024 * 1024;
const SIMON = '130692544 - Simon Provencher.pdf';
const MARIE = '271845935 - Marie-Ève Côté.pdf';
const header = [...HEADERS_FR];
const row = (sin: string, first: string, last: string): string[] => header.map((h) => (h === 'NAS' ? sin : h === 'Prénom' ? first : h === 'Nom' ? last : ''));

/** A workbook of individuals (header row 1, data from row 2) whose rows are written as given. */
const individualsSheet = (rows: string): Uint8Array =>
  rawWorkbook({
    sheets: [{ name: 'Clients', rows: `<row r="1">${s('A1', 0)}${s('B1', 1)}${s('C1', 2)}</row>${rows}` }],
    sharedStrings: ['<t>NAS</t>', '<t>Prénom</t>', '<t>Nom</t>', '<t>Simon</t>', '<t>Provencher</t>'],
  });

export const CORPUS: readonly HostileCase[] = [
  // ── Zips ──────────────────────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'two central entries named for two clients share one local record',
    family: 'zip',
    fn: 'dispatch',
    build: async () => {
      const { local, central } = honestEntry(SIMON, await makePdf('Simon'), 0);
      return craftZip([local], [central, { ...central, name: MARIE }]);
    },
    expect: { ok: ['rejected overlapping_entry', 'rejected overlapping_entry'] },
  },
  {
    name: '9,000 entries of a 0.5 MB archive share one record that inflates to 1 MiB',
    family: 'zip',
    fn: 'readZip',
    build: async () => {
      const { local, central } = honestEntry('x.pdf', new Uint8Array(MiB - 1), 0);
      const centrals = Array.from({ length: 9000 }, (_, i): CentralRecord => ({ ...central, name: `${String(i).padStart(4, '0')}.pdf` }));
      // Every name but the first contradicts the local header too; the shared data alone is enough to refuse them.
      return craftZip([local], centrals);
    },
    expect: { ok: Array.from({ length: 9000 }, () => 'rejected overlapping_entry') },
  },
  {
    name: 'a second entry whose local header hides inside the first entry’s stored data',
    family: 'zip',
    fn: 'readZip',
    build: async () => {
      const pdf = await makePdf('Marie');
      const inner = { name: MARIE, method: 0 as const, crc: crc32(pdf), compressedSize: pdf.length, size: pdf.length };
      const hidden = concatBytes(localHeader(inner), pdf);
      const outer = { name: SIMON, method: 0 as const, crc: crc32(hidden), compressedSize: hidden.length, size: hidden.length };
      const innerAt = 30 + new TextEncoder().encode(SIMON).length;
      return craftZip([{ ...outer, body: hidden }], [{ ...outer, local: 0 }, { ...inner, local: 0, offset: innerAt }]);
    },
    expect: { ok: ['rejected overlapping_entry', 'rejected overlapping_entry'] },
  },
  {
    name: 'an honest archive whose directory lists its entries in the reverse of their order in the file',
    family: 'zip',
    fn: 'readZip',
    build: async () => {
      const simon = honestEntry(SIMON, await makePdf('Simon'), 0);
      const marie = honestEntry(MARIE, await makePdf('Marie'), 1);
      // Directory order is not file order: nothing overlaps, and both are read, in the directory's order.
      return craftZip([simon.local, marie.local], [marie.central, simon.central]);
    },
    expect: { ok: [`pdf ${MARIE}`, `pdf ${SIMON}`] },
  },
  {
    name: 'a local header whose name is another client’s',
    family: 'zip',
    fn: 'readZip',
    build: async () => {
      const { local, central } = honestEntry(MARIE, await makePdf('Marie'), 0);
      return craftZip([local], [{ ...central, name: SIMON }]);
    },
    expect: { ok: ['rejected header_mismatch'] },
  },
  {
    name: 'a local header whose sizes and method contradict the directory',
    family: 'zip',
    fn: 'readZip',
    build: async () => {
      const a = honestEntry(SIMON, await makePdf('Simon'), 0);
      const b = honestEntry(MARIE, await makePdf('Marie'), 1);
      return craftZip([{ ...a.local, size: a.local.size + 1 }, { ...b.local, method: 0 }], [a.central, b.central]);
    },
    expect: { ok: ['rejected header_mismatch', 'rejected header_mismatch'] },
  },
  {
    name: 'a data-descriptor entry (macOS Archive Utility): accepted, sizes from the directory',
    family: 'zip',
    fn: 'readZip',
    build: async () => {
      const a = descriptorEntry(SIMON, await makePdf('Simon'), 0);
      const b = descriptorEntry(MARIE, await makePdf('Marie'), 1);
      return craftZip([a.local, b.local], [a.central, b.central]);
    },
    expect: { ok: [`pdf ${SIMON}`, `pdf ${MARIE}`] },
  },
  {
    name: 'a 3 MB archive of 3,000 entries just under 1 MiB each (each under the per-entry ratio check)',
    family: 'zip',
    fn: 'readZip',
    build: async () => {
      const data = new Uint8Array(MiB - 1);
      const body = deflateRawSync(data);
      const fields = { method: 8 as const, crc: crc32(data), compressedSize: body.length, size: data.length };
      const locals = Array.from({ length: 3000 }, (_, i): LocalRecord => ({ ...fields, name: `${i}.pdf`, body }));
      return craftZip(locals, locals.map((l, i) => ({ ...fields, name: l.name, local: i })));
    },
    expect: { error: 'ZipError zip_limit_exceeded' },
  },
  {
    name: 'a single-entry zip bomb (64 MiB from 64 KiB)',
    family: 'zip',
    fn: 'readZip',
    build: async () => buildZip([{ name: 'bombe.pdf', data: new Uint8Array(64 * MiB) }]),
    expect: { error: 'ZipError zip_limit_exceeded' },
  },
  {
    name: 'sizes that lie small (10 bytes declared, 3 MiB real)',
    family: 'zip',
    fn: 'readZip',
    // Random bytes: incompressible, so no ratio limit stops it first.
    build: async () => buildZip([{ name: SIMON, data: concatBytes(await makePdf('Simon'), randomBytes(3 * MiB)), declaredSize: 10 }]),
    expect: { ok: ['rejected corrupt_entry'] },
  },
  {
    name: 'traversal and drive-letter names',
    family: 'zip',
    fn: 'readZip',
    build: async () => {
      const pdf = await makePdf('Simon');
      return zipSync({ '../../../etc/130692544 - Simon Provencher.pdf': pdf, 'C:/Windows/271845935.pdf': pdf });
    },
    expect: { ok: ['pdf etc/130692544 - Simon Provencher.pdf', 'pdf Windows/271845935.pdf'] },
  },
  {
    name: 'a truncated archive (cut in the middle of its central directory)',
    family: 'zip',
    fn: 'readZip',
    build: async () => {
      const zip = zipSync({ [SIMON]: await makePdf('Simon'), [MARIE]: await makePdf('Marie') });
      return zip.subarray(0, zip.length - 40);
    },
    expect: { error: 'ZipError zip_invalid' },
  },

  // ── Workbooks ─────────────────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'a 0.5 MB workbook whose sheet inflates to 512 MiB',
    family: 'workbook',
    fn: 'parseTaxprepXlsx',
    build: async () => {
      const honest = individualsSheet('');
      const sheet = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        `<row r="1">${inline('A1', '<t>NAS</t>')}${inline('B1', '<t>Prénom</t>')}${inline('C1', '<t>Nom</t>')}</row>`;
      return workbookWithPart(honest, 'xl/worksheets/sheet1.xml', await deflateBomb(sheet, 0x20, 512 * MiB, '</sheetData></worksheet>', 'raw'));
    },
    expect: { error: 'ParseError inflate_limit_exceeded' },
  },
  {
    name: 'a shared-string table whose one string inflates to 256 MiB',
    family: 'workbook',
    fn: 'parseTaxprepXlsx',
    build: async () => {
      const table = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>NAS</t></si><si><t>Prénom</t></si><si><t>Nom</t></si><si><t>';
      return workbookWithPart(individualsSheet(''), 'xl/sharedStrings.xml', await deflateBomb(table, 0x61, 256 * MiB, '</t></si></sst>', 'raw'));
    },
    expect: { error: 'ParseError inflate_limit_exceeded' },
  },
  {
    name: 'cells pointing past the shared-string table: an error on their row, and a row of only such cells does not vanish',
    family: 'workbook',
    fn: 'parseTaxprepXlsx',
    build: async () =>
      individualsSheet(
        `<row r="2">${inline('A2', `<t>${SIN.tremblay}</t>`)}${s('B2', 3)}${s('C2', 4)}</row>` +
          `<row r="3">${inline('A3', `<t>${SIN.gagnon}</t>`)}${s('B3', 3)}${s('C3', 99)}</row>` +
          `<row r="4">${s('A4', 97)}${s('B4', 98)}${s('C4', 99)}</row>`,
      ),
    // Row 3 also lacks its last name (the damaged cell held it).
    expect: { ok: { records: 1, issues: ['3 shared_string_missing error', '3 missing_name error', '4 shared_string_missing error', '4 shared_string_missing error', '4 shared_string_missing error'] } },
  },
  {
    name: 'a workbook part whose directory entry points at another part’s data',
    family: 'workbook',
    fn: 'parseTaxprepXlsx',
    build: async () => {
      const parts = unzipSync(individualsSheet(`<row r="2">${inline('A2', `<t>${SIN.tremblay}</t>`)}${s('B2', 3)}${s('C2', 4)}</row>`));
      const entries = Object.entries(parts).map(([name, data], i) => honestEntry(name, data, i));
      const strings = entries.findIndex((e) => e.central.name === 'xl/sharedStrings.xml');
      const centrals = entries.map((e) => (e.central.name === 'xl/styles.xml' ? { ...entries[strings]!.central, name: 'xl/styles.xml' } : e.central));
      return craftZip(entries.map((e) => e.local), centrals);
    },
    expect: { error: 'ParseError read_failed' },
  },
  {
    name: 'billion laughs: entity definitions in a sheet',
    family: 'workbook',
    fn: 'parseTaxprepXlsx',
    build: async () => {
      const laughs = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
      const sheet = `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "ha">${laughs}]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${inline('A1', '<t>NAS</t>')}${inline('B1', '<t>&l10;</t>')}</row></sheetData></worksheet>`;
      const data = new TextEncoder().encode(sheet);
      return workbookWithPart(individualsSheet(''), 'xl/worksheets/sheet1.xml', { compressed: deflateRawSync(data), crc: crc32(data), size: data.length });
    },
    expect: { error: 'ParseError read_failed' },
  },
  {
    name: 'a truncated workbook',
    family: 'workbook',
    fn: 'parseTaxprepXlsx',
    build: async () => {
      const wb = individualsSheet(`<row r="2">${inline('A2', `<t>${SIN.tremblay}</t>`)}${s('B2', 3)}${s('C2', 4)}</row>`);
      return wb.subarray(0, Math.floor(wb.length * 0.6));
    },
    expect: { error: 'ParseError read_failed' },
  },
  {
    name: 'a list of individuals read with kind: corporation',
    family: 'workbook',
    fn: 'parseTaxprepXlsx',
    kind: 'corporation',
    build: async () => individualsSheet(`<row r="2">${inline('A2', `<t>${SIN.tremblay}</t>`)}${s('B2', 3)}${s('C2', 4)}</row>`),
    expect: { error: 'ParseError kind_contradicted' },
  },

  // ── CSV ───────────────────────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'NUL bytes in a first name after the first 4 KiB',
    family: 'csv',
    fn: 'parseDtmaxCsv',
    build: async () => {
      // 200 clean rows (about 8 KiB) first: the sniffing of the first 4 KiB sees plain text.
      const clean = Array.from({ length: 200 }, (_, i) => row(SIN.tremblay, 'Simon', `Provencher${i}`));
      return dtmaxCsv([header, ...clean, row(SIN.gagnon, 'Ma\u0000rie', 'Côté')], { encoding: 'utf-8' });
    },
    expect: { ok: { records: 200, issues: [...Array.from({ length: 200 }, (_, i) => `${i + 2} duplicate_key warning`), '202 control_character error'] } },
  },
  {
    name: 'a UTF-16 CSV with a BOM',
    family: 'csv',
    fn: 'parseDtmaxCsv',
    build: async () => dtmaxCsv([header, row(SIN.tremblay, 'Simon', 'Provencher')], { encoding: 'utf-16le-bom' }),
    expect: { ok: { records: 1, issues: [] } },
  },
  {
    name: 'an unclosed quote that swallows the rest of the file',
    family: 'csv',
    fn: 'parseDtmaxCsv',
    build: async () => encodeText(`${header.join(';')}\r\n${row(SIN.tremblay, '"Simon', 'Provencher').join(';')}\r\n${'x;'.repeat(100_000)}`, 'utf-8'),
    expect: { ok: { records: 0, issues: ['2 unclosed_quote error'] } },
  },
  {
    name: 'a list of corporations read with kind: individual',
    family: 'csv',
    fn: 'parseDtmaxCsv',
    kind: 'individual',
    build: async () => dtmaxCsv([['NE', 'Raison sociale', 'Courriel'], ['123456782', 'Alpha inc.', 'a@alpha.ca']]),
    expect: { error: 'ParseError kind_contradicted' },
  },

  // ── PDFs ──────────────────────────────────────────────────────────────────────────────────────────────────────
  ...(['resolveSignatureFields', 'dispatch'] as const).map(
    (fn): HostileCase => ({
      name: `a 0.5 MB PDF whose page content inflates to 512 MiB (${fn})`,
      family: 'pdf',
      fn,
      purpose: 'sign',
      build: async () => {
        const pdf = await pdfWithContent((await deflateBomb('BT ET\n', 0x20, 512 * MiB, '\n', 'zlib')).compressed);
        return fn === 'dispatch' ? zipSync({ [SIMON]: pdf }, { level: 0 }) : pdf;
      },
      expect: { ok: fn === 'dispatch' ? ['held layout_inflate_limit'] : 'held inflate_limit' },
    }),
  ),
  {
    name: 'the same bomb read by pdfjs-dist (textReader: pdfjs): refused before pdfjs inflates it',
    family: 'pdf',
    fn: 'resolveSignatureFields',
    textReader: 'pdfjs',
    build: async () => pdfWithContent((await deflateBomb('BT ET\n', 0x20, 256 * MiB, '\n', 'zlib')).compressed),
    expect: { ok: 'held inflate_limit' },
  },
  {
    name: 'the same bomb given to prepareForSignature: fields added without inflating the content',
    family: 'pdf',
    fn: 'prepareForSignature',
    build: async () => pdfWithContent((await deflateBomb('BT ET\n', 0x20, 512 * MiB, '\n', 'zlib')).compressed),
    expect: { ok: 'prepared bigger' },
  },
  {
    name: 'a font whose /ToUnicode map inflates to 128 MiB',
    family: 'pdf',
    fn: 'resolveSignatureFields',
    build: async () => pdfWithFontMap((await deflateBomb('/CIDInit /ProcSet findresource begin\n', 0x20, 128 * MiB, '\nend\n', 'zlib')).compressed),
    expect: { ok: 'held inflate_limit' },
  },
  // What pdf-lib itself inflates while parsing: object streams (however their type is spelled, encrypted or not) and
  // cross-reference streams. Held by resolveSignatureFields, a PdfError from prepareForSignature, all within bounds.
  ...(
    [
      ['a 0.5 MB PDF whose object stream inflates to 512 MiB', async () => handmadePdf([await objectStreamBomb(512 * MiB)])],
      ['the object-stream bomb with its type spelled /Obj#53tm', async () => handmadePdf([await objectStreamBomb(512 * MiB, '/Obj#53tm')])],
      ['a cross-reference stream that inflates to 512 MiB', async () => handmadePdf([], { xrefStream: await xrefStreamBomb(512 * MiB) })],
      ['the object-stream bomb in a PDF encrypted by qpdf (AES-256, empty user password)', async () => encryptedObjectStreamBomb(512 * MiB)],
    ] as const
  ).flatMap(([name, build]): HostileCase[] => [
    { name: `${name} (resolveSignatureFields)`, family: 'pdf', fn: 'resolveSignatureFields', build, expect: { ok: 'held inflate_limit' } },
    { name: `${name} (prepareForSignature)`, family: 'pdf', fn: 'prepareForSignature', build, expect: { error: 'PdfError inflate_limit_exceeded' } },
  ]),
  {
    name: 'the object-stream bomb in a zip dispatched to sign',
    family: 'pdf',
    fn: 'dispatch',
    purpose: 'sign',
    build: async () => zipSync({ [SIMON]: handmadePdf([await objectStreamBomb(512 * MiB)]) }, { level: 0 }),
    expect: { ok: ['held layout_inflate_limit'] },
  },
  ...(
    [
      ['a truncated PDF', async () => (await t183()).bytes.subarray(0, 900)],
      ['a header-only file', async () => new TextEncoder().encode('%PDF-1.7\n')],
      ['objects without a trailer or a catalog', async () => new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Page /MediaBox [0 0 612 792] >>\nendobj\n')],
      ['a catalog without pages', async () => catalogWithoutPages()],
    ] as const
  ).flatMap(([name, build]): HostileCase[] => [
    { name: `${name} (prepareForSignature)`, family: 'pdf', fn: 'prepareForSignature', build, expect: { error: 'PdfError pdf_unreadable' } },
    { name: `${name} (resolveSignatureFields)`, family: 'pdf', fn: 'resolveSignatureFields', reachesPdfjs: true, build, expect: { ok: 'held unreadable' } },
  ]),

  // ── Matching ──────────────────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'the "no SIN" placeholder with a client’s name',
    family: 'matching',
    fn: 'match',
    build: async () => new TextEncoder().encode('000 000 000 - Simon Provencher.pdf'),
    expect: { ok: 'mismatch placeholder_key' },
  },
  {
    name: 'a number no SIN starts with (8), and a client’s name',
    family: 'matching',
    fn: 'match',
    build: async () => new TextEncoder().encode('812 345 674 - Marie-Ève Côté.pdf'),
    expect: { ok: 'mismatch placeholder_key' },
  },
];

/** A PDF whose catalog has no /Pages. */
async function catalogWithoutPages(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  const text = new TextDecoder('latin1').decode(await doc.save({ useObjectStreams: false }));
  return Uint8Array.from(text.replace(/\/Pages \d+ 0 R/, '/Foo 0 0 R'), (c) => c.charCodeAt(0));
}
