/**
 * The page filter that spares placement the pages of a bundle that cannot be the form: it must never rule out a page
 * on which placeSignatureFields would find the form (checked on random text arrangements, with the identifiers cut
 * into runs anywhere, in any drawing order, with accents, case and white space varied), and it must rule out the
 * other pages of the test bundles. Internal module, hence the direct import.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeSignatureFields, signatureLayoutFor, type TextRun } from '../../src/index.js';
import { resolveSignatureFields } from '../../src/pdf.js';
import { extractPagesFast } from '../../src/signatures/pdf/fast-text.js';
import { mayIdentify } from '../../src/signatures/pdf/candidates.js';
import { parsePdf } from '../../src/signatures/pdf/pdf-lib.js';
import { buildLines, identifies, pageText } from '../../src/signatures/text.js';
import { buildPdf, bundleWithT183, tp1000teTwoCopies } from '../fixtures/forms.js';

const now = new Date('2026-11-22T15:00:00Z');
const T183 = signatureLayoutFor(2025, 'T183', { now });
const TP1000 = signatureLayoutFor(2023, 'TP-1000.TE', { now });

const identified = (runs: readonly TextRun[], ids: readonly (readonly string[])[]): boolean => identifies(pageText(buildLines(runs)), ids);

/** Text as a print shows it: accents and case varied, apostrophes typographic or not, spaces sometimes other spaces. */
const variants: Readonly<Record<string, readonly string[]>> = {
  e: ['e', 'é', 'E', 'É'],
  i: ['i', 'I', 'î'],
  "'": ["'", '’', 'ʼ'],
  ' ': [' ', ' ', '\u00a0', '  '],
  '-': ['-', '–', '‑'],
};

const printed = (text: string): fc.Arbitrary<string> =>
  fc.tuple(...[...text].map((c) => fc.constantFrom(...(variants[c] ?? [c])))).map((chars) => chars.join(''));

/** Runs that draw `text` from (x, y) on, cut at random places, in a random drawing order. */
const drawn = (text: string, x: number, y: number, size: number): fc.Arbitrary<TextRun[]> =>
  fc
    .tuple(printed(text), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean())
    .map(([str, cuts, reversed]) => {
      const points = [...new Set(cuts.map((c) => c % (str.length + 1)))].sort((a, b) => a - b);
      const bounds = [0, ...points, str.length];
      const runs: TextRun[] = [];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const [from, to] = [bounds[i] as number, bounds[i + 1] as number];
        if (to > from) runs.push({ str: str.slice(from, to), x: x + from * size * 0.5, y, angle: 0, length: (to - from) * size * 0.5, size });
      }
      return reversed ? runs.reverse() : runs;
    });

const FRAGMENTS = [...new Set([...T183.identifiers.flat(), ...TP1000.identifiers.flat()])];
const NOISE = ['T1 Income Tax and Benefit Return', 'Line 10100 . . . . 58 342,17', 'Signature', 'Partie F – Déclaration', 'Individual', 'Information Return'];

const page: fc.Arbitrary<TextRun[]> = fc
  .array(fc.tuple(fc.constantFrom(...FRAGMENTS, ...NOISE), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom(7, 8, 11)), {
    minLength: 1,
    maxLength: 8,
  })
  .chain((lines) => fc.tuple(...lines.map(([text, col, row, size]) => drawn(text, 36 + col * 4, 60 + row * 12, size))))
  .map((groups) => groups.flat());

describe('mayIdentify (pages placement can skip)', () => {
  it('never rules out a page on which the form would be identified', () => {
    fc.assert(
      fc.property(page, fc.constantFrom(T183.identifiers, TP1000.identifiers), (runs, ids) => {
        if (identified(runs, ids)) expect(mayIdentify(runs, ids)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the form often enough in those random pages for the check above to mean something', () => {
    const samples = fc.sample(page, { numRuns: 400, seed: 42 });
    expect(samples.filter((runs) => identified(runs, T183.identifiers)).length).toBeGreaterThan(10);
  });

  it('rules out the T1 pages of a bundle and keeps the T183', async () => {
    for (const at of [1, 11, 20]) {
      const pages = extractPagesFast(await parsePdf((await bundleWithT183(at, 20)).bytes));
      expect(pages.map((p) => mayIdentify(p.runs, T183.identifiers))).toEqual(pages.map((p) => p.page === at));
    }
  });

  it('leaves resolveSignatureFields with the result placement gives on every page\'s runs', async () => {
    for (const [bytes, layout] of [
      [(await bundleWithT183(1, 20)).bytes, T183],
      [(await bundleWithT183(14, 20)).bytes, T183],
      [(await tp1000teTwoCopies()).bytes, TP1000],
      [(await bundleWithT183(5, 6)).bytes, TP1000],
      [(await buildPdf([{ kind: 'T1', step: 1 }, { kind: 'scan' }, { kind: 'T183' }, { kind: 'blank' }])).bytes, T183],
      [(await buildPdf([{ kind: 'T1', step: 1 }, { kind: 'scan' }, { kind: 'blank' }])).bytes, T183],
    ] as const) {
      const everyPage = placeSignatureFields(extractPagesFast(await parsePdf(bytes)), layout);
      expect(await resolveSignatureFields(bytes, layout)).toEqual(everyPage);
    }
  });

  it('keeps every page of a form printed in copies on which the form is identified', async () => {
    const pages = extractPagesFast(await parsePdf((await tp1000teTwoCopies()).bytes));
    const kept = pages.filter((p) => mayIdentify(p.runs, TP1000.identifiers)).map((p) => p.page);
    const found = pages.filter((p) => identified(p.runs, TP1000.identifiers)).map((p) => p.page);
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(kept).toEqual(expect.arrayContaining(found));
    expect(placeSignatureFields(pages, TP1000)).toMatchObject({ status: 'resolved', copies: 2 });
  });
});
