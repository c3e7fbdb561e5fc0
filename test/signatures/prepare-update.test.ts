/**
 * prepareForSignature writes an incremental update: the original PDF byte for byte, then the new and changed objects
 * and a cross-reference section chained to the original's. Checked here through the public API, reading the output
 * back with pdf-lib and pdfjs-dist, on PDFs with a cross-reference table, with a cross-reference stream, and on a PDF
 * whose cross-reference data is damaged (rewritten whole instead).
 */
import { PDFArray, PDFDocument, PDFName } from '@cantoo/pdf-lib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signatureLayoutFor, type ResolveResult } from '../../src/index.js';
import { prepareForSignature, resolveSignatureFields } from '../../src/pdf.js';
import { objectAt } from '../../src/signatures/pdf/incremental.js';
import { bundleWithT183, t183 } from '../fixtures/forms.js';

const now = new Date('2026-11-22T15:00:00Z');
const T183 = signatureLayoutFor(2025, 'T183', { now });
const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

function resolved(result: ResolveResult): Extract<ResolveResult, { status: 'resolved' }> {
  if (result.status !== 'resolved') throw new Error(`held: ${result.message.en}`);
  return result;
}

/** Field names per page, as pdfjs-dist reads them (it follows the cross-reference chain from the end of the file). */
async function widgetNames(bytes: Uint8Array): Promise<string[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const out: string[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const annotations = (await (await doc.getPage(n)).getAnnotations()) as { fieldName?: string }[];
    out.push(annotations.map((a) => a.fieldName ?? ''));
  }
  await doc.destroy();
  return out;
}

const FIELDS = ['taxpayer_signature', 'taxpayer_date', 'taxpayer_time_hours', 'taxpayer_time_minutes', 'taxpayer_time_seconds'];

describe('prepareForSignature as an incremental update', () => {
  it('keeps the original bytes and appends the fields with a cross-reference table chained to the original', async () => {
    const { bytes } = await t183();
    const out = await prepareForSignature(bytes, resolved(await resolveSignatureFields(bytes, T183)).fields);
    expect(Buffer.from(out.subarray(0, bytes.length)).equals(Buffer.from(bytes))).toBe(true);
    const update = latin1(out.subarray(bytes.length));
    const previous = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(latin1(bytes))?.[1];
    expect(update).toMatch(/\nxref\n/);
    expect(update).toContain(`/Prev ${previous}`);
    expect(update.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(await widgetNames(out)).toEqual([FIELDS]);
    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.catalog.getAcroForm()?.getAllFields().map(([f]) => f.getFullyQualifiedName())).toEqual(FIELDS);
  });

  it('writes every offset of its section right: each entry points at its object', async () => {
    const { bytes } = await t183({ language: 'fr' });
    const out = await prepareForSignature(bytes, resolved(await resolveSignatureFields(bytes, T183)).fields);
    const text = latin1(out);
    const xref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
    const table = text.slice(xref, text.indexOf('trailer', xref));
    const entries = [...table.matchAll(/^(\d+) (\d+)\r?\n((?:\d{10} \d{5} n\r?\n)+)/gm)].flatMap((m) =>
      (m[3] ?? '').trim().split(/\r?\n/).map((line, k) => [Number(m[1]) + k, Number(line.slice(0, 10))] as const),
    );
    expect(entries.length).toBeGreaterThan(FIELDS.length);
    for (const [num, offset] of entries) expect(text.slice(offset, offset + 20)).toMatch(new RegExp(`^${num} 0 obj`));
  });

  it('appends a cross-reference stream to a PDF that uses one', async () => {
    const original = await PDFDocument.load((await t183()).bytes);
    const bytes = await original.save({ useObjectStreams: true });
    expect(latin1(bytes)).toContain('/XRef');
    const out = await prepareForSignature(bytes, resolved(await resolveSignatureFields(bytes, T183)).fields);
    expect(Buffer.from(out.subarray(0, bytes.length)).equals(Buffer.from(bytes))).toBe(true);
    const update = latin1(out.subarray(bytes.length));
    expect(update).toContain('/Type /XRef');
    expect(update).not.toMatch(/\nxref\n/);
    expect(await widgetNames(out)).toEqual([FIELDS]);
  });

  it('rewrites a PDF whose cross-reference table is damaged, and the fields are there all the same', async () => {
    const { bytes } = await t183();
    // Shift every offset of the table by one: the entries no longer point at their objects.
    const text = latin1(bytes).replace(/^(\d{10}) 00000 n/gm, (_, offset: string) => `${String(Number(offset) + 1).padStart(10, '0')} 00000 n`);
    const damaged = new Uint8Array(Buffer.from(text, 'latin1'));
    const out = await prepareForSignature(damaged, resolved(await resolveSignatureFields(damaged, T183)).fields);
    expect(Buffer.from(out.subarray(0, 200)).equals(Buffer.from(damaged.subarray(0, 200)))).toBe(false);
    expect(await widgetNames(out)).toEqual([FIELDS]);
  });

  it('changes only the page that gets fields in a bundle, and keeps all its pages', async () => {
    const { bytes } = await bundleWithT183(7, 20);
    const out = await prepareForSignature(bytes, resolved(await resolveSignatureFields(bytes, T183)).fields);
    const names = await widgetNames(out);
    expect(names).toHaveLength(20);
    expect(names.map((n, i) => (n.length > 0 ? i + 1 : 0)).filter((p) => p > 0)).toEqual([7]);
    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.getPage(6).node.lookup(PDFName.of('Annots'), PDFArray).size()).toBe(FIELDS.length);
    expect(doc.getPage(5).node.lookup(PDFName.of('Annots'), PDFArray).size()).toBe(0);
  });
});

describe('resolve then prepare on the same bytes', () => {
  it('does not reuse the parsed document when the bytes changed in between', async () => {
    const { bytes } = await t183();
    const { fields } = resolved(await resolveSignatureFields(bytes, T183));
    // The caller edits the buffer in place after resolving: the page grows by a point, same byte length.
    const at = latin1(bytes).indexOf('/MediaBox [ 0 0 612 792 ]');
    expect(at).toBeGreaterThan(0);
    bytes.set(new TextEncoder().encode('/MediaBox [ 0 0 612 793 ]'), at);
    const out = await prepareForSignature(bytes, fields);
    // The page dictionary is written again in the update: from the edited bytes, not from the earlier parse.
    expect((await PDFDocument.load(out, { updateMetadata: false })).getPage(0).getHeight()).toBe(793);
  });

  it('prepares the same resolved bytes twice into the same PDF', async () => {
    const { bytes } = await t183();
    const { fields } = resolved(await resolveSignatureFields(bytes, T183));
    const first = await prepareForSignature(bytes, fields);
    const second = await prepareForSignature(bytes, fields);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });
});

describe("the check that each cross-reference entry points at its object's header", () => {
  /** The check as it was first written: a regular expression on the 32 bytes at the offset, decoded one per byte. */
  const byExpression = (bytes: Uint8Array, offset: number, num: number, gen: number): boolean => {
    if (offset <= 0 || offset >= bytes.length) return false;
    const head = Buffer.from(bytes.subarray(offset, Math.min(bytes.length, offset + 32))).toString('latin1');
    const match = /^(\d+)\s+(\d+)\s+obj\b/.exec(head);
    return match !== null && Number(match[1]) === num && Number(match[2]) === gen;
  };
  const piece = fc.oneof(
    fc.constantFrom('12', '0', '7', '65535', '123456789012345678', ' ', '  ', '\n', '\r\n', '\t', '\x0b', '\x0c', '\xa0', '\x00', '\x85', 'obj', 'obj_', 'objx', 'obj1', 'endobj', '<<', '%', 'R', '-1', '1.5'),
    fc.string({ maxLength: 3 }).map((t) => [...t].map((c) => (c.charCodeAt(0) > 0xff ? 'x' : c)).join('')),
  );

  it('reads the bytes exactly as the regular expression reads their text, on random headers', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.constantFrom(0, 1, 7, 12, 65535), fc.constantFrom(0, 7, 12, 65535), (pieces, num, gen) => {
        const bytes = new Uint8Array(Buffer.from(`x${pieces.join('')}`, 'latin1'));
        for (const offset of [1, 2, 0, bytes.length, bytes.length - 1]) expect(objectAt(bytes, offset, num, gen)).toBe(byExpression(bytes, offset, num, gen));
      }),
      { numRuns: 2000 },
    );
    const header = (text: string): Uint8Array => new Uint8Array(Buffer.from(`x${text}`, 'latin1'));
    expect(objectAt(header('12 0 obj\n<<'), 1, 12, 0)).toBe(true);
    expect(objectAt(header('12\xa00\r\nobj<<'), 1, 12, 0)).toBe(true);
    expect(objectAt(header('12 0 objx'), 1, 12, 0)).toBe(false);
    expect(objectAt(header(`12 0 ${' '.repeat(24)}obj`), 1, 12, 0)).toBe(true);
    expect(objectAt(header(`12 0 ${' '.repeat(25)}obj`), 1, 12, 0)).toBe(false);
  });
});
