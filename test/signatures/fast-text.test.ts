/**
 * taxsync's own text reader against pdfjs-dist's, on every form-like PDF the tests build: the same text runs (string,
 * position, direction, advance, size) page by page, and through the public API the same resolved fields — or the
 * same held outcome. The runs are internal (they are what placement consumes), hence the direct imports of both
 * readers; the resolved fields are compared through `taxsync/pdf`.
 */
import { PDFArray, PDFDocument, PDFName, PDFNumber, StandardFonts, type PDFPage } from '@cantoo/pdf-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError, signatureLayoutFor, type ResolveResult, type SignatureLayout, type TextRun } from '../../src/index.js';
import { resolveSignatureFields } from '../../src/pdf.js';
import type { CannotDecodeReason } from '../../src/signatures/pdf/cannot-decode.js';
import { ContentLexer } from '../../src/signatures/pdf/content.js';
import { extractPages } from '../../src/signatures/pdf/extract.js';
import { extractPagesFast } from '../../src/signatures/pdf/fast-text.js';
import { parsePdf } from '../../src/signatures/pdf/pdf-lib.js';
import type { PageText } from '../../src/signatures/place.js';
import { TextState } from '../../src/signatures/pdf/text-state.js';
import { buildPdf, bundleWithT183, FORMS, SMALL, t183, tp1000teTwoCopies, type PageSpec } from '../fixtures/forms.js';
import { readFast } from './fast-reading.js';
import { corpFormWithFont, corpFormWithOperators, winAnsi, withContent } from './font-fixtures.js';

const now = new Date('2026-11-22T15:00:00Z');

interface Case {
  readonly name: string;
  readonly pdf: () => Promise<Uint8Array>;
  readonly layout: SignatureLayout;
}

const T183 = signatureLayoutFor(2025, 'T183', { now });
const CORP = signatureLayoutFor(2025, 'T183CORP', { now });
const bytesOf = (built: Promise<{ bytes: Uint8Array }>): Promise<Uint8Array> => built.then((b) => b.bytes);
const pages = (...specs: PageSpec[]): Promise<Uint8Array> => bytesOf(buildPdf(specs));

const hex = (text: string): string => `<${Buffer.from(winAnsi(text)).toString('hex')}>`;

/**
 * Three pages that inherit their media box, crop box, rotation and resources from the page tree's root (one page
 * turns itself), and whose content names its fonts in several spellings: plainly, with a `#xx` escape, with a byte
 * outside ASCII (which pdf-lib writes escaped in the resource dictionary), in one character.
 */
async function inheritedPagesAndFontNames(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const helvetica = (await doc.embedFont(StandardFonts.Helvetica)).ref;
  const times = (await doc.embedFont(StandardFonts.TimesRoman)).ref;
  const contents = [
    `BT /F1 12 Tf 72 700 Td ${hex('Part F – Certification')} Tj /F#31 10 Tf 0 -20 Td ${hex('Signature')} Tj ET`,
    `BT /F\xe9 11 Tf 72 650 Td ${hex('Déclaration')} Tj /T 9 Tf 0 -30 Td ${hex('Date')} Tj ET`,
    `BT /Times-Roman-8427 12 Tf 90 600 Td ${hex('Signature of individual')} Tj ET`,
  ];
  for (const [i, content] of contents.entries()) {
    const page = doc.addPage([612, 792]);
    page.node.delete(PDFName.of('MediaBox'));
    page.node.delete(PDFName.of('Resources'));
    if (i === 2) page.node.set(PDFName.of('Rotate'), PDFNumber.of(90));
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(content)));
  }
  const root = doc.catalog.Pages();
  root.set(PDFName.of('MediaBox'), doc.context.obj([0, 0, 612, 792]));
  root.set(PDFName.of('CropBox'), doc.context.obj([20, 30, 600, 780]));
  root.set(PDFName.of('Rotate'), PDFNumber.of(180));
  root.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: helvetica, Fé: times, T: helvetica, 'Times-Roman-8427': times } }));
  const bytes = await doc.save({ useObjectStreams: false });
  const saved = (await PDFDocument.load(bytes)).getPages();
  if (saved.some((page) => page.node.get(PDFName.of('MediaBox')) !== undefined || page.node.get(PDFName.of('Resources')) !== undefined)) {
    throw new Error('the pages were meant to inherit their media box and resources');
  }
  return bytes;
}

/** Every kind of page test/fixtures/forms.ts draws, and the PDFs of font-fixtures.ts the fast reader can read. */
const CASES: readonly Case[] = [
  { name: 'T183, English, Letter', pdf: () => bytesOf(t183()), layout: T183 },
  { name: 'T183, French only', pdf: () => bytesOf(t183({ language: 'fr' })), layout: T183 },
  { name: 'T183 on 576×756', pdf: () => bytesOf(t183({ size: SMALL })), layout: signatureLayoutFor(2023, 'T183', { now }) },
  { name: 'T183 on a landscape page with /Rotate 90', pdf: () => bytesOf(t183({ orientation: 'rotated-upright' })), layout: T183 },
  { name: 'T183 shown on its side', pdf: () => bytesOf(t183({ orientation: 'sideways' })), layout: T183 },
  { name: 'T183 with a crop box', pdf: () => bytesOf(t183({ crop: { left: 30, bottom: 40, right: 20, top: 10 } })), layout: T183 },
  { name: 'T183 drawn glyph by glyph', pdf: () => bytesOf(t183({ glyphRuns: true })), layout: T183 },
  { name: 'T183 without labels (measured positions)', pdf: () => bytesOf(t183({ size: SMALL, labels: false })), layout: signatureLayoutFor(2023, 'T183', { now }) },
  { name: 'T183 without time boxes', pdf: () => bytesOf(t183({ timeBoxes: false, language: 'fr' })), layout: T183 },
  { name: 'TP-1000.TE in two copies', pdf: () => bytesOf(tp1000teTwoCopies()), layout: signatureLayoutFor(2023, 'TP-1000.TE', { now }) },
  { name: '20-page bundle, T183 on page 11', pdf: () => bytesOf(bundleWithT183(11, 20)), layout: T183 },
  { name: 'T1 pages and a scan (form not found)', pdf: () => pages({ kind: 'T1', step: 1 }, { kind: 'scan' }, { kind: 'T1', step: 2 }, { kind: 'blank' }), layout: T183 },
  ...Object.keys(FORMS).flatMap((form) =>
    (['en', 'fr'] as const).map((language) => ({
      name: `${form} (${language})`,
      pdf: () => pages({ kind: 'form', form: form as keyof typeof FORMS, language }),
      layout: signatureLayoutFor(2025, form as 'T183CORP', { now }),
    })),
  ),
  { name: 'T183CORP in an embedded TrueType font (WinAnsi, /Widths)', pdf: () => corpFormWithFont('truetype'), layout: CORP },
  { name: 'T183CORP in an embedded Identity-H font with /ToUnicode', pdf: () => corpFormWithFont('type0'), layout: CORP },
  { name: 'T183CORP in Helvetica with /Differences (uniXXXX and glyph names)', pdf: () => corpFormWithFont('differences'), layout: CORP },
  { name: 'T183CORP written with TJ, Tc, Tw, Tz, Ts, \', ", marked content, an inline image and a Form XObject', pdf: corpFormWithOperators, layout: CORP },
  { name: 'pages inheriting their boxes, rotation and fonts; font names escaped, outside ASCII, one letter', pdf: inheritedPagesAndFontNames, layout: T183 },
];

async function pdfjsPages(pdf: Uint8Array): Promise<PageText[]> {
  const extraction = await extractPages(pdf);
  if (extraction.status !== 'ok') throw new Error(`pdfjs-dist could not read the fixture: ${extraction.status}`);
  return extraction.pages;
}

function expectSameRuns(fast: readonly TextRun[], reference: readonly TextRun[], where: string): void {
  expect(fast.map((r) => r.str), where).toEqual(reference.map((r) => r.str));
  fast.forEach((run, i) => {
    const other = reference[i] as TextRun;
    const at = `${where}, run ${i} (${JSON.stringify(run.str)})`;
    expect(run.angle, at).toBe(other.angle);
    for (const key of ['x', 'y', 'length', 'size'] as const) expect(Math.abs(run[key] - other[key]), `${at}: ${key}`).toBeLessThan(1e-6);
  });
}

/** The fields of a result, positions compared to within 0.5 pt. */
function expectSameResult(fast: ResolveResult, reference: ResolveResult): void {
  expect(fast.status).toBe(reference.status);
  expect(fast.pages).toEqual(reference.pages);
  if (fast.status === 'held' || reference.status === 'held') {
    expect(fast).toEqual(reference);
    return;
  }
  expect(fast.fields.map((f) => [f.name, f.page, f.placedBy, f.anchorText, f.rotation])).toEqual(reference.fields.map((f) => [f.name, f.page, f.placedBy, f.anchorText, f.rotation]));
  fast.fields.forEach((f, i) => {
    const other = reference.fields[i];
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(f[key] - (other?.[key] ?? NaN)), `${f.name}.${key}`).toBeLessThanOrEqual(0.5);
  });
  expect(fast.unplaced).toEqual(reference.unplaced);
  expect(fast.copies).toBe(reference.copies);
}

describe('the fast text reader', () => {
  for (const c of CASES) {
    it(`reads what pdfjs-dist reads: ${c.name}`, async () => {
      const pdf = await c.pdf();
      const reading = readFast(await parsePdf(pdf));
      expect(reading.cannotDecode, 'the fast reader gave up on a PDF it should read').toBeUndefined();
      const fast = reading.pages;
      const reference = await pdfjsPages(pdf);
      expect(fast?.map((p) => [p.page, p.width, p.height, p.rotation])).toEqual(reference.map((p) => [p.page, p.width, p.height, p.rotation]));
      reference.forEach((page, i) => expectSameRuns(fast?.[i]?.runs ?? [], page.runs, `page ${page.page}`));
    });
  }

  it('resolves the same fields as with textReader: pdfjs on every fixture', async () => {
    for (const c of CASES) {
      const pdf = await c.pdf();
      const fast = await resolveSignatureFields(pdf, c.layout);
      const reference = await resolveSignatureFields(pdf, c.layout, { textReader: 'pdfjs' });
      expectSameResult(fast, reference);
    }
  });

  it('finds the form in each font and places its signature and date', async () => {
    for (const kind of ['truetype', 'type0', 'differences'] as const) {
      const result = await resolveSignatureFields(await corpFormWithFont(kind), CORP);
      if (result.status !== 'resolved') throw new Error(`${kind}: held ${result.reason}`);
      expect(result.fields.map((f) => [f.name, f.anchorText])).toEqual([
        ['signing_officer_signature', 'Signature of an authorized signing officer'],
        ['signing_officer_date', 'Date'],
      ]);
    }
  });
});

/** The T183 with its first page changed by `edit` (on the document pdf-lib loads), saved without object streams. */
async function t183With(edit: (doc: PDFDocument, page: PDFPage) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await bytesOf(t183()));
  edit(doc, doc.getPage(0));
  return doc.save({ useObjectStreams: false });
}

/** A chain of `depth` Form XObjects, each drawing the next, the last one showing the form's title. */
function nestedForms(doc: PDFDocument, page: PDFPage, depth: number): void {
  const context = doc.context;
  const font = context.register(context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica', Encoding: 'WinAnsiEncoding' }));
  let inner = context.register(context.stream('BT /H 12 Tf 72 700 Td (Part F) Tj ET', { Subtype: 'Form', BBox: [0, 0, 612, 792], Resources: { Font: { H: font } } }));
  for (let i = 1; i < depth; i++) {
    inner = context.register(context.stream('/X Do', { Subtype: 'Form', BBox: [0, 0, 612, 792], Resources: { XObject: { X: inner } } }));
  }
  page.node.Resources()?.set(PDFName.of('XObject'), context.obj({ Outer: inner }));
  const contents = page.node.get(PDFName.of('Contents'));
  page.node.set(PDFName.of('Contents'), context.obj([...(contents instanceof PDFArray ? contents.asArray() : contents === undefined ? [] : [contents]), context.register(context.stream('/Outer Do'))]));
}

describe('falling back to pdfjs-dist', () => {
  const fallbacks: readonly [string, CannotDecodeReason, () => Promise<Uint8Array>][] = [
    ['a Type3 font', 'font_type', () => corpFormWithFont('type3')],
    ['a CID font without /ToUnicode', 'to_unicode', () => corpFormWithFont('type0-no-tounicode')],
    ['an operator pdfjs-dist would have to guess around (Tj without its string)', 'content_syntax', async () => withContent(await bytesOf(t183()), 'BT 36 700 Td Tj ET')],
    ['a font missing from the page resources', 'resource', async () => withContent(await bytesOf(t183()), 'BT /Nope 8 Tf 36 700 Td (Part F) Tj ET')],
    [
      'a compressed content stream that is damaged',
      'stream',
      () => t183With((doc, page) => page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(new Uint8Array([0x78, 0x9c, 0xff, 0xff, 0x00]), { Filter: 'FlateDecode' })))),
    ],
    ['a /Rotate that is not a multiple of 90', 'page', () => t183With((_, page) => page.node.set(PDFName.of('Rotate'), PDFNumber.of(45)))],
    ['a page tree whose /Parent chain loops', 'page', () => t183With((doc) => doc.catalog.Pages().set(PDFName.of('Parent'), doc.context.getObjectRef(doc.catalog.Pages()) ?? PDFName.of('Oops')))],
    ['a /MediaBox that is not an array', 'page', () => t183With((_, page) => page.node.set(PDFName.of('MediaBox'), PDFNumber.of(612)))],
    ['Form XObjects nested 80 deep', 'resource', () => t183With((doc, page) => nestedForms(doc, page, 80))],
  ];
  for (const [what, reason, make] of fallbacks) {
    it(`hands a page with ${what} to pdfjs-dist (${reason}) and resolves as it does`, async () => {
      const pdf = await make();
      expect(readFast(await parsePdf(pdf)).cannotDecode).toBe(reason);
      const fast = await resolveSignatureFields(pdf, CORP);
      expect(fast.status === 'held' && fast.reason).not.toBe('reader_failed');
      expectSameResult(fast, await resolveSignatureFields(pdf, CORP, { textReader: 'pdfjs' }));
    });
  }

  it('reads Form XObjects nested as deep as print drivers nest them', async () => {
    const pdf = await t183With((doc, page) => nestedForms(doc, page, 12));
    const fast = extractPagesFast(await parsePdf(pdf));
    expect(fast[0]?.runs.filter((r) => r.str === 'Part F').length, 'the innermost form is read').toBe(1);
    expectSameRuns(fast[0]?.runs ?? [], (await pdfjsPages(pdf))[0]?.runs ?? [], 'page 1');
  });

  it('still places the fields of a form whose code line is in a Type3 font', async () => {
    const result = await resolveSignatureFields(await corpFormWithFont('type3'), CORP);
    expect(result.status).toBe('resolved');
  });

  it('lets pdfjs-dist decide about bytes pdf-lib cannot parse', async () => {
    const result = await resolveSignatureFields(new TextEncoder().encode('%PDF-1.7\nnot really'), T183);
    expect(result).toMatchObject({ status: 'held', reason: 'unreadable' });
  });

  it('refuses a textReader it does not know', async () => {
    const pdf = await bytesOf(t183());
    await expect(resolveSignatureFields(pdf, T183, { textReader: 'fast' as 'auto' })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('reads a PDF saved with object streams and a cross-reference stream', async () => {
    const pdf = await (await PDFDocument.load(await bytesOf(t183({ language: 'fr' })))).save({ useObjectStreams: true });
    expect(extractPagesFast(await parsePdf(pdf)).length).toBe(1);
    expectSameResult(await resolveSignatureFields(pdf, T183), await resolveSignatureFields(pdf, T183, { textReader: 'pdfjs' }));
  });
});

describe('a fault of the fast reader', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const faults: readonly [string, () => void][] = [
    ['a TypeError in the content-stream lexer', () => vi.spyOn(ContentLexer.prototype, 'next').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'length')");
    })],
    ['a RangeError while setting the text matrix', () => vi.spyOn(TextState.prototype, 'setMatrices').mockImplementation(() => {
      throw new RangeError('Invalid array length');
    })],
  ];
  for (const [what, inject] of faults) {
    it(`is not hidden behind pdfjs-dist: ${what} holds the PDF as reader_failed`, async () => {
      const pdf = await bytesOf(t183());
      // The reference first, untouched; then the same PDF read with the fault in place.
      expect((await resolveSignatureFields(pdf, T183)).status).toBe('resolved');
      inject();
      const name = what.split(' ')[1] as string;
      const doc = await parsePdf(pdf);
      expect(() => extractPagesFast(doc)).toThrow(name === 'TypeError' ? TypeError : RangeError);
      const result = await resolveSignatureFields(pdf, T183);
      if (result.status !== 'held') throw new Error(`resolved around the fault: ${result.status}`);
      expect(result.reason).toBe('reader_failed');
      expect(result.message.en).toContain(name);
      expect(result.message.en).toContain("textReader: 'pdfjs'");
      expect(result.message.fr).toContain('défaillance de taxsync');
      // The fault is the reader's: pdfjs-dist, asked for, still reads the PDF.
      expect((await resolveSignatureFields(pdf, T183, { textReader: 'pdfjs' })).status).toBe('resolved');
    });
  }

  it('holds a document of a dispatch-sized batch alone: the next PDF resolves', async () => {
    const pdf = await bytesOf(t183());
    const spy = vi.spyOn(ContentLexer.prototype, 'next').mockImplementationOnce(() => {
      throw new TypeError('x is not a function');
    });
    const first = await resolveSignatureFields(pdf, T183);
    const second = await resolveSignatureFields(pdf, T183);
    expect(spy).toHaveBeenCalled();
    expect(first.status === 'held' && first.reason).toBe('reader_failed');
    expect(second.status).toBe('resolved');
  });
});

