/**
 * While taxsync parses a PDF, names are read by parse-names.ts rather than by pdf-lib's own parseName: the parsed
 * document must be the very same — every object, every name the same PDFName instance — on a twenty-page bundle, on
 * objects packed in object streams, and on names pdf-lib's reader is left to: `#xx` escapes, bytes above 0x7F, long
 * names, a name at the very end of a stream. Outside taxsync's loads, pdf-lib's own method is in place.
 */
import { PDFDict, PDFDocument, PDFName, PDFObjectParser, type PDFObject } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { parsePdf } from '../../src/signatures/pdf/pdf-lib.js';
import { buildPdf, t183, type PageSpec } from '../fixtures/forms.js';
import { handmadePdf } from '../hostile/craft.js';

/** Every indirect object as text, by reference, in object-number order. */
function objects(doc: PDFDocument): string[] {
  return doc.context
    .enumerateIndirectObjects()
    .sort(([a], [b]) => a.objectNumber - b.objectNumber)
    .map(([ref, object]) => `${ref.toString()} ${object.toString()}`);
}

/** The names in a dictionary, recursively through nested dictionaries. */
function namesIn(object: PDFObject | undefined, out: PDFName[] = []): PDFName[] {
  if (object instanceof PDFName) out.push(object);
  if (object instanceof PDFDict) for (const [key, value] of object.entries()) namesIn(value, namesIn(key, out));
  return out;
}

async function samePdf(bytes: Uint8Array): Promise<void> {
  const plain = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  const ours = await parsePdf(bytes);
  expect(objects(ours)).toEqual(objects(plain));
  // The same instances, not only equal text: pdf-lib compares names by identity.
  for (const [ref, object] of ours.context.enumerateIndirectObjects()) {
    const other = plain.context.lookup(ref);
    const [a, b] = [namesIn(object), namesIn(other)];
    expect(a.length).toBe(b.length);
    a.forEach((name, i) => expect(name).toBe(b[i]));
  }
}

describe('names read while taxsync parses give the document pdf-lib parses', () => {
  it('on a twenty-page bundle (a font resource per text run)', async () => {
    const pages: PageSpec[] = Array.from({ length: 20 }, (_, k) => (k === 6 ? { kind: 'T183', language: 'fr' } : { kind: 'T1', step: k + 1 }));
    await samePdf((await buildPdf(pages)).bytes);
  });

  it('on objects packed in object streams', async () => {
    await samePdf(await (await PDFDocument.load((await t183()).bytes)).save({ useObjectStreams: true }));
  });

  it('on escaped, accented, long and last names', async () => {
    const long = `F${'x'.repeat(200)}`;
    const pdf = handmadePdf([`/Type /Font /Subtype /Type1 /BaseFont /Helvetica /N#41me /A#20B /Caf\xe9 /${long} /Empty / /Tail /Last`]);
    await samePdf(pdf);
    const doc = await parsePdf(pdf);
    const font = doc.context.enumerateIndirectObjects().find(([, o]) => o instanceof PDFDict && o.has(PDFName.of('Subtype')))?.[1] as PDFDict;
    expect(font.get(PDFName.of('NAme'))).toBe(PDFName.of('A B'));
    expect(font.get(PDFName.of('Caf\xe9'))).toBe(PDFName.of(long));
  });

  it('leaves pdf-lib’s own parseName in place outside taxsync’s loads', async () => {
    const proto = PDFObjectParser.prototype as unknown as { parseName: unknown };
    const before = proto.parseName;
    await parsePdf((await t183()).bytes);
    expect(proto.parseName).toBe(before);
  });
});
