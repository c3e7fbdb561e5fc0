/**
 * Skimming the pages of a longer document (fast-text.ts, `mayShowForm`): a page the skim rules out gets a stand-in
 * for its runs instead of its runs. That must change nothing: each page must come out as resolve.ts's placement
 * reduces it from the page's full runs (a stand-in only where the full runs could not identify the form either, with
 * the same "has text"), and the document must fall back to pdfjs-dist exactly when the full reading does. Checked on
 * random content streams (words of the identifiers cut anywhere, in TJ arrays or glyph by glyph, with character and
 * word spacing, scaling, rise, rotated and scaled text, text running off the page or near its edges, marked content,
 * white space only), and on the bundles of the other tests. Internal modules, hence the direct imports.
 */
import fc from 'fast-check';
import { PDFDocument, PDFName, StandardFonts, type PDFRef } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { placeSignatureFields, signatureLayoutFor, type TextRun } from '../../src/index.js';
import { resolveSignatureFields } from '../../src/pdf.js';
import { mayIdentify, mayIdentifyFolded, OTHER_TEXT } from '../../src/signatures/pdf/candidates.js';
import { SKIM_FROM_PAGES } from '../../src/signatures/pdf/fast-text.js';
import { parsePdf } from '../../src/signatures/pdf/pdf-lib.js';
import type { PageText } from '../../src/signatures/place.js';
import { bundleWithT183 } from '../fixtures/forms.js';
import { readFast, type FastReading } from './fast-reading.js';
import { winAnsi } from './font-fixtures.js';

const now = new Date('2026-11-22T15:00:00Z');
const T183 = signatureLayoutFor(2025, 'T183', { now });
/** Identifiers short enough for random pages to show them now and then. */
const SHORT: readonly (readonly string[])[] = [['Part F', 'Signature'], ['Partie F', 'Déclaration']];

type Ids = readonly (readonly string[])[];

const skimmed = (doc: PDFDocument, ids: Ids): FastReading => readFast(doc, { mayShowForm: (shown) => mayIdentifyFolded(shown, ids) });

/** What resolve.ts's placement keeps of a page read in full: its runs, or a stand-in when they cannot show the form. */
function reduced(page: PageText, ids: Ids): PageText {
  if (page.runs.length === 0 || mayIdentify(page.runs, ids)) return page;
  return { ...page, runs: page.runs.some((r) => r.str.trim() !== '') ? [OTHER_TEXT] : [] };
}

/** Skimming gives, page by page, what placement keeps of the full reading (or both give up). */
async function expectSkimMatches(bytes: Uint8Array, ids: Ids): Promise<PageText[] | undefined> {
  const fullReading = readFast(await parsePdf(bytes));
  const skimReading = skimmed(await parsePdf(bytes), ids);
  expect(skimReading.cannotDecode, 'the skim falls back to pdfjs-dist exactly when the full reading does, for the same reason').toBe(fullReading.cannotDecode);
  const full = fullReading.pages;
  const skim = skimReading.pages;
  if (full === undefined || skim === undefined) return undefined;
  expect(skim.map((page) => reduced(page, ids))).toEqual(full.map((page) => reduced(page, ids)));
  return skim;
}

interface PageSource {
  readonly content: string;
  /** A crop box inset from the Letter media box. */
  readonly inset?: number;
}

/** A PDF whose pages have these raw content streams, with three standard fonts (WinAnsi) as F1–F3. */
async function pdfOf(pages: readonly PageSource[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts: PDFRef[] = [];
  for (const name of [StandardFonts.Helvetica, StandardFonts.TimesRoman, StandardFonts.HelveticaBold]) fonts.push((await doc.embedFont(name)).ref);
  for (const source of pages) {
    const page = doc.addPage([612, 792]);
    if (source.inset !== undefined) page.setCropBox(source.inset, source.inset, 612 - 2 * source.inset, 792 - 2 * source.inset);
    const resources: Record<string, PDFRef> = { F1: fonts[0] as PDFRef, F2: fonts[1] as PDFRef, F3: fonts[2] as PDFRef };
    page.node.set(PDFName.of('Resources'), doc.context.obj({ Font: resources }));
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(source.content)));
  }
  return doc.save({ useObjectStreams: false });
}

const hex = (text: string): string => `<${Buffer.from(winAnsi(text)).toString('hex')}>`;

/** A line of text at (x, y) in font F1 at `size`. */
const line = (text: string, x: number, y: number, size = 10): string => `BT /F1 ${size} Tf ${x} ${y} Td ${hex(text)} Tj ET\n`;

// ── random content streams ───────────────────────────────────────────────────────────────────────────────────────

const WORDS = [
  ...new Set([...T183.identifiers.flat(), ...SHORT.flat()]),
  'T1 Income Tax and Benefit Return',
  'Line 10100 . . . . 58 342,17',
  'Signature',
  'Part',
  'F',
  'Partie F – Déclaration',
  '   ',
  ' ',
  '',
  'Déclaration’s œuvre',
];

/** A number PDF content streams accept, from a few that matter (edges of the page, zero, negative) and random ones. */
const coordinate = fc.oneof(
  fc.constantFrom(0, 36, 300, 560, 575.9, 576, 600, 611.99, 612, 612.01, 700, 780, 791.99, 792, 792.01, -5, -0.01, 20.5),
  fc.integer({ min: -100, max: 900 }),
);
const small = fc.constantFrom(0, 0.5, 1, 2, -1, -3, 12);
const size = fc.constantFrom(8, 10, 12, 0.5, 24, 0, -10);
const num = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(3));

/** Text cut into 1–4 pieces at random places. */
const cut = (text: string): fc.Arbitrary<string[]> =>
  fc.array(fc.nat(), { maxLength: 3 }).map((cuts) => {
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    const bounds = [0, ...points, text.length];
    const parts: string[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) parts.push(text.slice(bounds[i], bounds[i + 1]));
    return parts;
  });

/** One text-showing operator for `text`. */
const show = (text: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(`${hex(text)} Tj`),
    cut(text).chain((parts) => fc.array(fc.constantFrom(0, -250, 120, -30, 400), { minLength: parts.length, maxLength: parts.length }).map((kerns) => `[${parts.map((p, i) => `${hex(p)} ${kerns[i] ?? 0}`).join(' ')}] TJ`)),
    fc.constant(`${hex(text)} '`),
    fc.tuple(small, small).map(([aw, ac]) => `${num(aw)} ${num(ac)} ${hex(text)} "`),
    // Glyph by glyph, each placed with Td (what some drivers write).
    fc.constant([...text].map((c, i) => `${i === 0 ? '' : '4.5 0 Td '}${hex(c)} Tj`).join(' ')),
  );

const textObject: fc.Arbitrary<string> = fc
  .record({
    font: fc.constantFrom('F1', 'F2', 'F3'),
    size,
    spacing: fc.array(fc.tuple(fc.constantFrom('Tc', 'Tw', 'Tz', 'Ts', 'TL'), small), { maxLength: 3 }),
    place: fc.oneof(
      fc.tuple(coordinate, coordinate).map(([x, y]) => `${num(x)} ${num(y)} Td`),
      fc
        .tuple(fc.constantFrom([1, 0, 0, 1], [0, 1, -1, 0], [-1, 0, 0, -1], [0.5, 0, 0, 2], [0.7071, 0.7071, -0.7071, 0.7071], [1, 0, 0.3, 1]), coordinate, coordinate)
        .map(([m, x, y]) => `${m.join(' ')} ${num(x)} ${num(y)} Tm`),
    ),
    shows: fc.array(fc.constantFrom(...WORDS).chain(show), { minLength: 1, maxLength: 4 }),
    marked: fc.boolean(),
  })
  .map(({ font, size: s, spacing, place, shows, marked }) => {
    const body = `BT /${font} ${num(s)} Tf ${spacing.map(([op, v]) => `${op === 'Tz' ? num(100 + v * 10) : num(v)} ${op}`).join(' ')} ${place} ${shows.join(' ')} ET`;
    return marked ? `/Span BMC ${body} EMC` : body;
  });

const graphics = fc.constantFrom('', '2 0 0 2 0 0 cm', '0.5 0 0 0.5 100 100 cm', '0 1 -1 0 612 0 cm', '1 0 0 1 -50 20 cm');

const pageContent: fc.Arbitrary<PageSource> = fc
  .record({
    blocks: fc.array(fc.tuple(graphics, textObject).map(([cm, text]) => (cm === '' ? text : `q ${cm} ${text} Q`)), { maxLength: 6 }),
    inset: fc.option(fc.constantFrom(10, 36), { nil: undefined }),
  })
  .map(({ blocks, inset }) => (inset === undefined ? { content: blocks.join('\n') } : { content: blocks.join('\n'), inset }));

describe('skimming the pages of a longer document', () => {
  it('gives, page by page, what placement keeps of the full reading, on random pages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pageContent, { minLength: SKIM_FROM_PAGES, maxLength: 5 }), fc.constantFrom(T183.identifiers, SHORT), async (pages, ids) => {
        await expectSkimMatches(await pdfOf(pages), ids);
      }),
      { numRuns: 300 },
    );
  });

  it('drops the same glyphs as the full reading where text straddles the edge of the page', async () => {
    // Glyphs squeezed (horizontal scaling) or placed back over one another (negative character spacing) at the edge
    // of the crop box: narrow ones fall off the page between wide ones that stay, which the full reading can then
    // join into one word.
    const straddling = fc
      .record({
        word: fc.constantFrom('Part F', 'Signature', 'Partie F', 'Déclaration'),
        filler: fc.constantFrom('.', 'i', 'l', ',', ' '),
        at: fc.integer({ min: 1, max: 3 }),
        size: fc.constantFrom(12, 20, 30),
        tc: fc.constantFrom(0, 0, 0, -1, -3, -6),
        tz: fc.constantFrom(100, 70, 50, 50, 30, 30),
        x: fc.integer({ min: 14, max: 36 }),
        mirror: fc.boolean(),
      })
      .map(({ word, filler, at, size: s, tc, tz, x, mirror }) => {
        const text = word.slice(0, at) + filler + word.slice(at);
        // Mirrored: the same near the right edge, text drawn right to left.
        const place = mirror ? `-1 0 0 1 ${612 - x} 700 Tm` : `${x} 700 Td`;
        // The other words of the identifier set, drawn first: whether the page is the form hangs on this word, which
        // the skim then reads glyph by glyph (it assembles items only until the page's first visible run).
        const others = { 'Part F': 'Signature', Signature: 'Part F', 'Partie F': 'Déclaration', Déclaration: 'Partie F' }[word];
        return { content: `${line(others ?? '', 100, 600)}BT /F1 ${s} Tf ${tc} Tc ${tz} Tz ${place} ${hex(text)} Tj ET`, inset: 36 };
      });
    const ids = [['Part F', 'Signature'], ['Partie F', 'Déclaration']];
    await fc.assert(
      fc.asyncProperty(fc.array(straddling, { minLength: SKIM_FROM_PAGES, maxLength: 4 }), async (pages) => {
        await expectSkimMatches(await pdfOf(pages), ids);
      }),
      { numRuns: 300 },
    );
    // One such page: "P" stays, "." falls off the page, "art F" follows on without a space.
    const page = { content: `${line('Signature', 100, 600)}BT /F1 12 Tf 50 Tz 28 700 Td ${hex('P.art F')} Tj ET`, inset: 36 };
    const skim = (await expectSkimMatches(await pdfOf([page, page, page]), ids)) ?? [];
    expect(skim[0]?.runs.map((r) => r.str)).toEqual(['Signature', 'P art F']);
  });

  it('keeps enough random pages, and rules out enough, for the check above to mean something', async () => {
    let kept = 0;
    let ruledOut = 0;
    for (const pages of fc.sample(fc.array(pageContent, { minLength: SKIM_FROM_PAGES, maxLength: 5 }), { numRuns: 60, seed: 7 })) {
      const bytes = await pdfOf(pages);
      const full = readFast(await parsePdf(bytes)).pages ?? [];
      const skim = skimmed(await parsePdf(bytes), SHORT).pages ?? [];
      skim.forEach((page, i) => {
        if (page.runs.length === 1 && page.runs[0] === OTHER_TEXT) ruledOut++;
        else if (page.runs.length > 0 && JSON.stringify(page.runs) === JSON.stringify(full[i]?.runs)) kept++;
      });
      expect(skim.filter((page) => mayIdentify(page.runs, SHORT)).length).toBe(full.filter((page) => mayIdentify(page.runs, SHORT)).length);
    }
    expect(kept).toBeGreaterThan(20);
    expect(ruledOut).toBeGreaterThan(20);
  });

  it('rules out the T1 pages of a bundle, keeps the T183 whole, and resolves as with every page read', async () => {
    for (const at of [1, 11, 20]) {
      const { bytes } = await bundleWithT183(at, 20);
      const skim = (await expectSkimMatches(bytes, T183.identifiers)) ?? [];
      const full = readFast(await parsePdf(bytes)).pages ?? [];
      expect(skim.map((p) => (p.page === at ? p.runs : p.runs.length))).toEqual(full.map((p) => (p.page === at ? p.runs : 1)));
      expect(skim.filter((p) => p.page !== at).every((p) => p.runs[0] === OTHER_TEXT)).toBe(true);
      expect(await resolveSignatureFields(bytes, T183)).toEqual(placeSignatureFields(full, T183));
    }
  });

  it("keeps a page where the form's words are split across strings, kerned pieces and single glyphs", async () => {
    const split = [
      'BT /F1 10 Tf 72 700 Td (Par) Tj (t F) Tj ET',
      'BT /F2 9 Tf 72 650 Td [(Sig) -20 (na) 300 (ture)] TJ ET',
      `BT /F3 8 Tf 72 600 Td ${[...'Signature'].map((c, i) => `${i === 0 ? '' : '5 0 Td '}${hex(c)} Tj`).join(' ')} ET`,
      'BT /F1 10 Tf 1 Tc 72 550 Td (Part) Tj 2 Tw ( F) Tj ET',
    ];
    for (const content of split) {
      const bytes = await pdfOf([{ content: line('Page one', 72, 720) }, { content }, { content: line('Page three', 72, 720) }]);
      const full = readFast(await parsePdf(bytes)).pages ?? [];
      const skim = (await expectSkimMatches(bytes, [['Part F'], ['Signature']])) ?? [];
      expect(skim[1]?.runs, content).toEqual(full[1]?.runs);
      expect(skim[1]?.runs.length, content).toBeGreaterThan(0);
      expect(skim[0]?.runs).toEqual([OTHER_TEXT]);
    }
  });

  it('gives a ruled-out page with only white space, text off the page or text without width no text', async () => {
    const bytes = await pdfOf([
      { content: line('Partie F', 72, 700) + line('Déclaration', 72, 680) },
      { content: line('    ', 72, 700) + 'BT /F1 10 Tf 72 680 Td [( ) -500 (  )] TJ ET' },
      { content: line('Nothing to see', 700, 700) + line('below the page', 72, -40) },
      { content: line('Revenu', 580, 700, 10) },
      { content: '' },
      { content: 'BT /F1 10 Tf 0 Tz 72 700 Td (Squeezed flat) Tj ET' },
    ]);
    const full = readFast(await parsePdf(bytes)).pages ?? [];
    const skim = (await expectSkimMatches(bytes, SHORT)) ?? [];
    expect(skim.map((p) => p.runs.length === 0)).toEqual([false, true, true, false, true, true]);
    expect(full.map((p) => p.runs.some((r) => r.str.trim() !== ''))).toEqual([true, false, false, true, false, false]);
    expect(skim[3]?.runs).toEqual([OTHER_TEXT]);
    expect(skim[0]?.runs).toEqual(full[0]?.runs);
  });

  it('keeps a word whose letters run off the edge of the page apart, as the full reading does', async () => {
    // "Part" starts left of the crop box: its first glyphs are dropped, and "art F" cannot identify "Part F".
    const edge = (x: number): PageSource => ({ content: `BT /F1 10 Tf ${x} 700 Td (Part F) Tj ET\n${line('Signature', 100, 650)}`, inset: 36 });
    for (const x of [30, 33, 35.9, 36, 36.1, 300, 590, 575]) {
      await expectSkimMatches(await pdfOf([edge(x), edge(x), { content: line('x', 100, 100) }]), [['Part F', 'Signature']]);
    }
  });

  it('places a string after one it skimmed where the full reading does', async () => {
    // "Sig" lies well inside the page, so the skim does not place its glyphs; "Part F" comes after it, moved back by
    // the kerning: on the page only if "Sig"'s advance and the kerning are applied first ("F" would be past the edge
    // where "Sig" starts).
    const ids = [['Part F', 'Signature']];
    for (const content of [
      'BT /F1 20 Tf 535 700 Td [(Sig) 25000 (Part F)] TJ ET',
      'BT /F1 20 Tf 535 700 Td [(Sig) 25000] TJ 1 Tc 50 Tz (Part F) Tj ET',
      'BT /F1 20 Tf 535 700 Td [(Sig) 25000] TJ q (Part F) Tj Q ET',
      'BT /F1 20 Tf 535 700 Td [(Sig) 25000] TJ 0.5 0 0 0.5 0 0 cm (Part F) Tj ET',
    ]) {
      const page = { content: `${line('Signature', 100, 600)}${content}`, inset: 36 };
      const full = readFast(await parsePdf(await pdfOf([page, page, page]))).pages ?? [];
      const skim = (await expectSkimMatches(await pdfOf([page, page, page]), ids)) ?? [];
      expect(mayIdentify(full[0]?.runs ?? [], ids), content).toBe(true);
      expect(skim[0]?.runs, content).toEqual(full[0]?.runs);
    }
  });

  it('falls back to pdfjs-dist as the full reading does when a page it would rule out cannot be read for certain', async () => {
    const form = { content: line('Part F', 72, 700) + line('Signature', 72, 650) };
    // Some before any visible text (while the skim still makes items), some after (when it only gathers glyphs).
    for (const bad of [
      'BT /F9 10 Tf 72 700 Td (Income) Tj ET',
      'BT /F1 10 Tf 72 700 Td Tj ET',
      'BT 72 700 Td (Income) Tj ET',
      'BT /F1 10 Tf (a) 3 0 Td ET',
      `${line('Income', 72, 700)}${line('Tax', 72, 680)}BT /F9 10 Tf 72 660 Td (Return) Tj ET`,
      `${line('Income', 72, 700)}${line('Tax', 72, 680)}BT /F1 10 Tf 72 660 Td <01> Tj ET`,
      `${line('Income', 72, 700)}${line('Tax', 72, 680)}BT /F1 10 Tf 72 660 Td (Return) 3 Tj ET`,
      `${line('Income', 72, 700)}${line('Tax', 72, 680)}BT /F1 10 Tf 72 660 Td [(Re) /X (turn)] TJ ET`,
    ]) {
      const bytes = await pdfOf([form, { content: bad }, form]);
      const full = readFast(await parsePdf(bytes)).cannotDecode;
      expect(full, bad).toBeDefined();
      expect(skimmed(await parsePdf(bytes), SHORT).cannotDecode, bad).toBe(full);
    }
  });

  it(`reads every page in full in a document of fewer than ${SKIM_FROM_PAGES} pages`, async () => {
    const bytes = await pdfOf([{ content: line('Income', 72, 700) }, { content: line('Tax', 72, 700) }]);
    const skim = skimmed(await parsePdf(bytes), SHORT).pages ?? [];
    expect(skim.map((p) => p.runs.map((r: TextRun) => r.str))).toEqual([['Income'], ['Tax']]);
  });
});
