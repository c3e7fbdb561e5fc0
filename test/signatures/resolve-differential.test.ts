/**
 * Differential test of resolve + prepare against the implementation before #13's work on twenty-page bundles (frozen
 * in test/oracle/signatures/, see test/oracle/README.md): on the bench's fixture forms — the one-page variants
 * (languages, sizes, rotation, crop box, glyph-by-glyph text, no time boxes), the 20-page bundles with the T183 at
 * page 1, 7, 11 and 20 — and on bundles where the form's identifiers show on a page that is not the form, are drawn
 * glyph by glyph, or where the form is missing, printed twice or next to scanned pages, both give the same outcome:
 * the same status and held reason, the same fields (page, rectangle, how each was placed) and, once prepared, the
 * same widgets on the same pages at the same rectangles.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { signatureLayoutFor, type ResolveResult, type SignatureLayout } from '../../src/index.js';
import { prepareForSignature, resolveSignatureFields } from '../../src/pdf.js';
import { prepareForSignature as oraclePrepare } from '../oracle/signatures/pdf/prepare.js';
import { resolveSignatureFields as oracleResolve } from '../oracle/signatures/pdf/resolve.js';
import { buildPdf, SMALL, type PageSpec } from '../fixtures/forms.js';

const now = new Date('2026-11-22T12:00:00Z');
const LAYOUTS: readonly [string, SignatureLayout][] = [
  ['T183 2025', signatureLayoutFor(2025, 'T183', { now })],
  ['T183 2023', signatureLayoutFor(2023, 'T183', { now })],
  ['T183CORP 2025', signatureLayoutFor(2025, 'T183CORP', { now })],
  ['TP-1000.TE 2023', signatureLayoutFor(2023, 'TP-1000.TE', { now })],
];

const t1 = (n: number): PageSpec[] => Array.from({ length: n }, (_, k) => ({ kind: 'T1', step: k + 1 }));
const bundle = (at: number, form: PageSpec, pages = 20): PageSpec[] => t1(pages).map((p, k) => (k + 1 === at ? form : p));

const CASES: readonly [string, PageSpec[]][] = [
  // The bench's one-page variants.
  ['T183 en', [{ kind: 'T183' }]],
  ['T183 fr', [{ kind: 'T183', language: 'fr' }]],
  ['T183 576×756', [{ kind: 'T183', size: SMALL }]],
  ['T183 576×756 fr', [{ kind: 'T183', size: SMALL, language: 'fr' }]],
  ['T183 rotated upright', [{ kind: 'T183', orientation: 'rotated-upright' }]],
  ['T183 sideways', [{ kind: 'T183', orientation: 'sideways' }]],
  ['T183 crop box', [{ kind: 'T183', crop: { left: 30, bottom: 40, right: 20, top: 10 } }]],
  ['T183 glyph by glyph', [{ kind: 'T183', glyphRuns: true }]],
  ['T183 no time boxes', [{ kind: 'T183', timeBoxes: false }]],
  ['T183 fr no time boxes', [{ kind: 'T183', language: 'fr', timeBoxes: false }]],
  // The bench's bundles.
  ...[1, 7, 11, 20].map((at, i): [string, PageSpec[]] => [`bundle, T183 at ${at}`, bundle(at, { kind: 'T183', language: i % 2 === 0 ? 'en' : 'fr' })]),
  // Identifiers on a page that is not the form (the T183CORP and T183TRUST print some of the T183's words).
  ['bundle, T183CORP en at 3 and T183 at 12', bundle(3, { kind: 'form', form: 'T183CORP' }).map((p, k) => (k === 11 ? { kind: 'T183' } : p))],
  ['bundle, T183CORP fr at 5, T183TRUST fr at 6, T183 fr at 15', bundle(5, { kind: 'form', form: 'T183CORP', language: 'fr' }).map((p, k) => (k === 5 ? { kind: 'form', form: 'T183TRUST', language: 'fr' } : k === 14 ? { kind: 'T183', language: 'fr' } : p))],
  ['bundle, T183TRUST en only', bundle(9, { kind: 'form', form: 'T183TRUST' })],
  ['bundle, AUTH fr and CO-1000.TE fr, no T183', bundle(2, { kind: 'form', form: 'AUTH', language: 'fr' }).map((p, k) => (k === 16 ? { kind: 'form', form: 'CO-1000.TE', language: 'fr' } : p))],
  // Identifiers split across text runs (glyph by glyph), on bigger or turned pages.
  ['bundle, T183 glyph by glyph at 8', bundle(8, { kind: 'T183', glyphRuns: true })],
  ['bundle, T183 fr glyph by glyph at 19', bundle(19, { kind: 'T183', language: 'fr', glyphRuns: true })],
  ['bundle, T183 sideways at 4', bundle(4, { kind: 'T183', orientation: 'sideways' })],
  ['bundle, T183 rotated upright at 13, 576×756', bundle(13, { kind: 'T183', orientation: 'rotated-upright', size: SMALL })],
  ['bundle, T183 with a crop box at 2', bundle(2, { kind: 'T183', crop: { left: 30, bottom: 40, right: 20, top: 10 } })],
  ['bundle, T183 without labels at 6', bundle(6, { kind: 'T183', labels: false })],
  // Two copies, none, scans.
  ['bundle, T183 at 3 and 18', bundle(3, { kind: 'T183' }).map((p, k) => (k === 17 ? { kind: 'T183', language: 'fr' } : p))],
  ['bundle, no T183', t1(20)],
  ['bundle, scans and a T183 at 10', bundle(10, { kind: 'T183' }).map((p, k) => (k % 4 === 2 ? { kind: 'scan' } : p))],
  ['scans only', [{ kind: 'scan' }, { kind: 'scan' }, { kind: 'scan' }]],
  ['TP-1000.TE, two copies in a bundle', [...t1(3), { kind: 'TP-1000.TE', part: 'info', copy: 'taxpayer' }, { kind: 'TP-1000.TE', part: 'signature', copy: 'taxpayer' }, { kind: 'TP-1000.TE', part: 'info', copy: 'preparer' }, { kind: 'TP-1000.TE', part: 'signature', copy: 'preparer' }, ...t1(2)]],
];

/** What a resolution says, without its message objects' identity: status, reason, fields, pages. */
const outcome = (result: ResolveResult): unknown => JSON.parse(JSON.stringify(result)) as unknown;

/** The widgets of a prepared PDF: name, page and rectangle, in page order. */
async function widgets(bytes: Uint8Array): Promise<unknown[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: unknown[] = [];
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const ref of annots?.asArray() ?? []) {
      const widget = doc.context.lookup(ref instanceof PDFRef ? ref : undefined, PDFDict);
      const rect = widget.lookup(PDFName.of('Rect'), PDFArray).asArray().map(String);
      out.push({ page: i + 1, name: widget.lookupMaybe(PDFName.of('T'), PDFString)?.decodeText(), type: String(widget.get(PDFName.of('FT'))), rect });
    }
  });
  return out;
}

describe('resolve + prepare give what they gave before (frozen oracle)', () => {
  it.each(CASES)('%s', async (_name, pages) => {
    const { bytes } = await buildPdf(pages);
    let resolvedSomewhere = false;
    for (const [layoutName, layout] of LAYOUTS) {
      const before = await oracleResolve(bytes, layout);
      const after = await resolveSignatureFields(bytes, layout);
      expect(outcome(after), layoutName).toEqual(outcome(before));
      if (after.status !== 'resolved' || before.status !== 'resolved') continue;
      resolvedSomewhere = true;
      // Each side prepares the bytes it resolved, reusing its own parsed document.
      const preparedAfter = await prepareForSignature(bytes, after.fields);
      const preparedBefore = await oraclePrepare(bytes, before.fields);
      const [w1, w0] = [await widgets(preparedAfter), await widgets(preparedBefore)];
      expect(w1, layoutName).toEqual(w0);
      expect(w1.length).toBe(after.fields.length);
    }
    // The cases where some layout resolves are the ones that say the fields land where they did.
    const expectsNone = /no T183|scans only|T183TRUST en only|without labels/.test(_name);
    if (!expectsNone) expect(resolvedSomewhere).toBe(true);
  });

  it('covers held outcomes too (a form not found, an image-only PDF)', async () => {
    const layout = signatureLayoutFor(2025, 'T183', { now });
    const reasons = new Set<string>();
    for (const pages of [t1(20), [{ kind: 'scan' } as PageSpec, { kind: 'scan' } as PageSpec, { kind: 'scan' } as PageSpec]]) {
      const { bytes } = await buildPdf(pages);
      const [before, after] = [await oracleResolve(bytes, layout), await resolveSignatureFields(bytes, layout)];
      expect(outcome(after)).toEqual(outcome(before));
      if (after.status === 'held') reasons.add(after.reason);
    }
    expect(reasons.size).toBe(2);
  });
});
