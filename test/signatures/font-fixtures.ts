/**
 * Form-like PDFs written with fonts and content-stream operators that pdf-lib's drawText never produces, to exercise
 * both text readers on what real print drivers write: an embedded TrueType font (simple, WinAnsi, /Widths), an
 * embedded CID font (Type0, Identity-H, /W, /ToUnicode), a standard font with /Differences, TJ kerning, character
 * and word spacing, horizontal scaling, text rise, the ' and " operators, marked content, inline images, text in a
 * Form XObject — and the fonts the fast reader must hand over to pdfjs-dist (Type3, CID without /ToUnicode).
 *
 * The embedded font is LiberationSans-Regular from pdfjs-dist's own standard fonts (always installed with it); its
 * character map and advance widths are read here from the TrueType tables (cmap format 4, hmtx).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFDocument, PDFHexString, PDFName, type PDFPage, type PDFRef } from '@cantoo/pdf-lib';

/** What the test needs of a TrueType font: its bytes, glyph per code point, advance per glyph (1/1000 em). */
export interface TrueTypeFont {
  readonly bytes: Uint8Array;
  glyphOf(codePoint: number): number;
  advance(glyph: number): number;
}

/** LiberationSans-Regular, as shipped in pdfjs-dist/standard_fonts. */
export function liberationSans(): TrueTypeFont {
  const pkg = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
  const bytes = new Uint8Array(readFileSync(join(dirname(pkg), 'standard_fonts', 'LiberationSans-Regular.ttf')));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  for (let i = 0, n = view.getUint16(4); i < n; i++) {
    const at = 12 + i * 16;
    tables.set(String.fromCharCode(...bytes.subarray(at, at + 4)), view.getUint32(at + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`no ${tag} table`);
    return at;
  };
  const unitsPerEm = view.getUint16(table('head') + 18);
  const metrics = view.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const cmap = table('cmap');
  let format4 = -1;
  for (let i = 0, n = view.getUint16(cmap + 2); i < n; i++) {
    const rec = cmap + 4 + i * 8;
    const offset = cmap + view.getUint32(rec + 4);
    if (view.getUint16(rec) === 3 && view.getUint16(rec + 2) === 1 && view.getUint16(offset) === 4) format4 = offset;
  }
  if (format4 === -1) throw new Error('no Unicode BMP cmap');
  const segments = view.getUint16(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return {
    bytes,
    glyphOf(codePoint) {
      for (let s = 0; s < segments; s++) {
        if (codePoint > view.getUint16(ends + s * 2)) continue;
        const start = view.getUint16(starts + s * 2);
        if (codePoint < start) return 0;
        const delta = view.getInt16(deltas + s * 2);
        const rangeOffset = view.getUint16(rangeOffsets + s * 2);
        if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
        const glyph = view.getUint16(rangeOffsets + s * 2 + rangeOffset + (codePoint - start) * 2);
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
      return 0;
    },
    advance(glyph) {
      return Math.round((view.getUint16(hmtx + Math.min(glyph, metrics - 1) * 4) * 1000) / unitsPerEm);
    },
  };
}

const WIN_ANSI_EXTRA: Readonly<Record<string, number>> = { '€': 0x80, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, œ: 0x9c, Œ: 0x8c };

/** Text in WinAnsiEncoding (Latin-1 plus the Windows-1252 punctuation French forms use). */
export function winAnsi(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => WIN_ANSI_EXTRA[c] ?? (c.charCodeAt(0) <= 0xff ? c.charCodeAt(0) : 0x3f)));
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

/** How a test page's text is encoded and with which font. */
export type FontKind =
  /** Embedded TrueType, WinAnsiEncoding, /Widths, no /ToUnicode. */
  | 'truetype'
  /** Embedded TrueType through a Type0 font: Identity-H, CIDToGIDMap Identity, /W, /ToUnicode. */
  | 'type0'
  /** Helvetica (standard, not embedded) with /Differences naming glyphs by `uniXXXX` and by name. */
  | 'differences'
  /** A Type0 font as above but without /ToUnicode: only its font program knows the text. */
  | 'type0-no-tounicode'
  /** Most text in Helvetica, the form's code line in a Type3 font. */
  | 'type3';

/** A font added to the document, and how to encode a string for it. */
interface Encoder {
  readonly ref: PDFRef;
  encode(text: string): Uint8Array;
}

function streamOf(doc: PDFDocument, contents: Uint8Array | string, dict: Record<string, unknown> = {}): PDFRef {
  const bytes = typeof contents === 'string' ? new TextEncoder().encode(contents) : contents;
  return doc.context.register(doc.context.stream(bytes, dict as never));
}

function toUnicodeCMap(entries: readonly [number, string][], codeBytes: 1 | 2): string {
  const code = (n: number): string => n.toString(16).padStart(codeBytes * 2, '0').toUpperCase();
  const dst = (text: string): string => [...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('').toUpperCase();
  const lines = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    `1 begincodespacerange <${code(0)}> <${code(codeBytes === 1 ? 0xff : 0xffff)}> endcodespacerange`,
  ];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`, ...chunk.map(([c, t]) => `<${code(c)}> <${dst(t)}>`), 'endbfchar');
  }
  lines.push('endcmap CMapName currentdict /CMap defineresource pop end end');
  return lines.join('\n');
}

/** Registers the page's main font and returns how to encode text for it. */
function addFont(doc: PDFDocument, kind: FontKind, alphabet: string): Encoder {
  const context = doc.context;
  if (kind === 'differences' || kind === 'type3') {
    // 128 → /Euro, 129 → /uni00E9, 130 → /eacute, 131 → /quoteright: the same letters by other names.
    const font = context.obj({
      Type: 'Font',
      Subtype: 'Type1',
      BaseFont: 'Helvetica',
      Encoding: { Type: 'Encoding', BaseEncoding: 'WinAnsiEncoding', Differences: [128, 'Euro', 'uni00E9', 'eacute', 'quoteright'] },
    });
    // é alternates between its two names; ’ goes through the Differences too.
    const encode = (text: string): Uint8Array => {
      let eacutes = 0;
      return Uint8Array.from([...text].map((c, i) => (c === 'é' ? (eacutes++ % 2 === 0 ? 129 : 130) : c === '’' ? 131 : (winAnsi(text)[i] ?? 0x3f))));
    };
    return { ref: context.register(font), encode };
  }
  const ttf = liberationSans();
  const file = streamOf(doc, ttf.bytes, { Length1: ttf.bytes.length });
  const descriptor = context.register(
    context.obj({ Type: 'FontDescriptor', FontName: 'LiberationSans', Flags: 32, FontBBox: [-544, -303, 1302, 980], ItalicAngle: 0, Ascent: 905, Descent: -212, CapHeight: 1409, StemV: 80, FontFile2: file }),
  );
  if (kind === 'truetype') {
    const widths: number[] = [];
    for (let code = 32; code <= 255; code++) {
      const unicode = Object.entries(WIN_ANSI_EXTRA).find(([, b]) => b === code)?.[0].charCodeAt(0) ?? code;
      widths.push(ttf.advance(ttf.glyphOf(unicode)));
    }
    const font = context.obj({ Type: 'Font', Subtype: 'TrueType', BaseFont: 'LiberationSans', FirstChar: 32, LastChar: 255, Widths: widths, Encoding: 'WinAnsiEncoding', FontDescriptor: descriptor });
    return { ref: context.register(font), encode: winAnsi };
  }
  const glyphs = new Map<string, number>();
  for (const c of new Set(alphabet)) glyphs.set(c, ttf.glyphOf(c.charCodeAt(0)));
  const w = [...glyphs.values()].sort((a, b) => a - b).flatMap((g) => [g, [ttf.advance(g)]]);
  const cid = context.obj({
    Type: 'Font',
    Subtype: 'CIDFontType2',
    BaseFont: 'LiberationSans',
    CIDSystemInfo: { Registry: PDFHexString.fromText('Adobe'), Ordering: PDFHexString.fromText('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    CIDToGIDMap: 'Identity',
    DW: 1000,
    W: w,
  });
  const type0 = context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'LiberationSans', Encoding: 'Identity-H', DescendantFonts: [context.register(cid)] });
  if (kind === 'type0') {
    type0.set(PDFName.of('ToUnicode'), streamOf(doc, toUnicodeCMap([...glyphs].map(([c, g]) => [g, c]), 2)));
  }
  const encode = (text: string): Uint8Array =>
    Uint8Array.from([...text].flatMap((c) => {
      const g = glyphs.get(c) ?? 0;
      return [g >> 8, g & 255];
    }));
  return { ref: context.register(type0), encode };
}

/** A Type3 font whose glyphs are squares, for the codes of the ASCII letters and digits. */
function addType3(doc: PDFDocument): PDFRef {
  const context = doc.context;
  const square = streamOf(doc, '600 0 0 0 500 700 d1 0 0 500 700 re f');
  const procs: Record<string, PDFRef> = {};
  const names: string[] = [];
  for (let code = 32; code < 127; code++) {
    names.push(`g${code}`);
    procs[`g${code}`] = square;
  }
  return context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'Type3',
      FontBBox: [0, 0, 600, 700],
      FontMatrix: [0.001, 0, 0, 0.001, 0, 0],
      CharProcs: procs as never,
      Encoding: { Type: 'Encoding', Differences: [32, ...names] },
      FirstChar: 32,
      LastChar: 126,
      Widths: new Array(95).fill(600),
    }),
  );
}

/** The text of a T183CORP, English, where drawForm (forms.ts) puts it; the last line is the form's code. */
const CORP_LINES: readonly [string, number, number, number][] = [
  ['Canada Revenue Agency', 36, 756, 8],
  ['Information Return for Corporations', 150, 730, 11],
  ['Filing Electronically', 150, 716, 11],
  ...Array.from({ length: 6 }, (_, i): [string, number, number, number] => [`Line ${i + 1} . . . . . . . . . . . . . . . . . . . . ${(i * 311.25).toFixed(2)}`, 40, 672 - i * 18, 8]),
  ['Part 3 – Declaration', 36, 204, 8],
  ['I declare that the information given is correct and complete. L’entreprise déclare, Émilie Côté — 1 204,55 €.', 40, 188, 7],
  ['Signature of an authorized signing officer', 40, 140, 7],
  ['Date', 310, 140, 7],
  ['T183 CORP E (25)', 36, 24, 6],
];

/** Draws the T183CORP text in the given font kind, with plain Tj; boxes under the captions as drawForm does. */
export async function corpFormWithFont(kind: FontKind): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const font = addFont(doc, kind, CORP_LINES.map(([t]) => t).join(''));
  const fonts: Record<string, PDFRef> = { F1: font.ref };
  const helvetica = doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica', Encoding: 'WinAnsiEncoding' }));
  fonts.F0 = helvetica;
  if (kind === 'type3') fonts.F3 = addType3(doc);
  let content = '';
  for (const [i, [text, x, y, size]] of CORP_LINES.entries()) {
    const last = i === CORP_LINES.length - 1;
    // type3: the code line in the Type3 font; the rest in Helvetica.
    const [name, bytes] = kind === 'type3' ? [last ? 'F3' : 'F0', winAnsi(text)] : ['F1', font.encode(text)];
    content += `BT /${name} ${size} Tf ${x} ${y} Td <${hex(bytes)}> Tj ET\n`;
  }
  content += '0.5 w 38 107.46 250 30 re S 308 115.46 100 22 re S\n';
  setPage(doc, page, content, fonts);
  return doc.save({ useObjectStreams: false });
}

function setPage(doc: PDFDocument, page: PDFPage, content: string, fonts: Record<string, PDFRef>, xobjects: Record<string, PDFRef> = {}): void {
  const resources = doc.context.obj({ Font: fonts as never, XObject: xobjects as never });
  page.node.set(PDFName.of('Resources'), resources);
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(content)));
}

/**
 * A T183CORP page written the way print drivers do: TJ with kerning and word breaks made of negative adjustments,
 * character and word spacing, horizontal scaling, text rise, T*, ' and ", marked content, an inline image, a
 * rotated text matrix, and the declaration and signature captions inside a Form XObject drawn with a matrix.
 */
export async function corpFormWithOperators(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const helvetica = doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica', Encoding: 'WinAnsiEncoding' }));
  const bold = doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica-Bold', Encoding: 'WinAnsiEncoding' }));
  const t = (text: string): string => `<${hex(winAnsi(text))}>`;
  const form = [
    'BT /F1 8 Tf 1 0 0 1 36 204 Tm',
    `[${t('Part')} -250 ${t('3')} -150 ${t('–')} -700 ${t('Declaration')}] TJ ET`,
    '/P <</MCID 0>> BDC BT /F0 7 Tf 40 188 Td 0.2 Tc 1.5 Tw',
    `(I declare that the information given is \\(correct\\) and complete.) Tj ET EMC`,
    'BT /F0 7 Tf 40 140 Td 0 Tc 0 Tw',
    `[${t('Signa')} 12 ${t('ture of an autho')} -8 ${t('rized signing officer')}] TJ ET`,
    `BT /F0 7 Tf 310 140 Td ${t('Date')} Tj ET`,
  ].join('\n');
  const xobject = doc.context.register(
    doc.context.flateStream(form, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 612, 792], Matrix: [1, 0, 0, 1, 0, 0], Resources: { Font: { F0: helvetica, F1: bold } } } as never),
  );
  const content = [
    'q BT /F0 8 Tf 14 TL 36 756 Td (Canada Revenue Agency) Tj ET Q',
    `BT /F1 11 Tf 14 TL 150 730 Td 95 Tz ${t('Information Return for Corporations')} Tj T* 100 Tz ${t('Filing Electronically')} Tj ET`,
    `BT /F0 8 Tf 18 TL 40 672 Td (Line 1 . . . . . . . . . . . . . . . . . . . . 0.00) Tj (Line 2 . . . . . . . . . . . . . . . . . . . . 311.25) ' 1 0.1 (Line 3 . . . . . . . . . . . . . . . . . . . . 622.50) " ET`,
    'BT /F0 8 Tf 40 600 Td (Amount) Tj 3 Ts (2) Tj 0 Ts ( see note) Tj ET',
    'BT /F0 6 Tf 0 1 -1 0 590 300 Tm (Printed sideways in the margin) Tj ET',
    'q 20 0 0 10 500 40 cm BI /W 4 /H 2 /CS /G /BPC 8 ID \x00\x40\x80\xff\x10\x20\x30\x45 EI Q',
    'q 1 0 0 1 0 0 cm /Fm0 Do Q',
    '0.5 w 38 107.46 250 30 re S 308 115.46 100 22 re S',
    'BT /F0 6 Tf 36 24 Td (T183 CORP E \\(25\\)) Tj ET',
  ].join('\n');
  const bytes = new Uint8Array([...content].map((c) => c.charCodeAt(0)));
  page.node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F0: helvetica, F1: bold }, XObject: { Fm0: xobject } }));
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(bytes)));
  return doc.save({ useObjectStreams: false });
}

/** A copy of a PDF whose first page's content stream is replaced by `content` (raw, uncompressed). */
export async function withContent(pdf: Uint8Array, content: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const page = doc.getPage(0);
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(content)));
  return doc.save({ useObjectStreams: false });
}

