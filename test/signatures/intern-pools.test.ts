/**
 * pdf-lib keeps every name it ever made (`PDFName.of` interns them in a module-level Map, never emptied), and print
 * drivers give every text run a font resource name of its own: each document resolved left its hundreds of names in
 * memory for good. taxsync makes the pool weak on its first load (intern-pools.ts). Checked through the public API on a
 * season's worth of such documents, and on what must not change: one instance per name at any moment, pdf-lib's own
 * constants, names a host makes.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PDFArray, PDFDict, PDFName, PDFRef } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { signatureLayoutFor } from '../../src/index.js';
import { resolveSignatureFields } from '../../src/pdf.js';
import { weakenedPools } from '../../src/signatures/pdf/intern-pools.js';
import { parsePdf } from '../../src/signatures/pdf/pdf-lib.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const layout = signatureLayoutFor(2025, 'T183', { now: new Date('2026-11-22T15:00:00Z') });
const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

let serial = 0;

/**
 * A `pages`-page return whose every text run has a font resource of a name never used before
 * (`/Helvetica-7592840450`, as print drivers and pdf-lib's drawText write them); plain content streams.
 */
function bundle(pages: number, runs: number): Uint8Array {
  const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'];
  const kids: string[] = [];
  for (let p = 0; p < pages; p++) {
    const names = Array.from({ length: runs }, () => `Helvetica-${String(7_000_000_000 + serial++)}`);
    const content = names.map((name, k) => `BT /${name} 9 Tf 40 ${740 - 20 * k} Td (Line ${10_100 + k} . . . . ${k * 137}.50) Tj ET`).join('\n');
    const pageNumber = objects.length + 1;
    kids.push(`${pageNumber} 0 R`);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << ${names.map((n) => `/${n} 3 0 R`).join(' ')} >> >> /Contents ${pageNumber + 1} 0 R >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
  return pdfOf(objects);
}

/** A PDF of these objects (numbered from 1, the first the catalog), with its cross-reference table. */
function pdfOf(objects: readonly string[]): Uint8Array {
  let text = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return latin1(text);
}

/** The heap once the event loop has turned (as it does between a host's jobs) and garbage was collected. */
async function heapUsed(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

describe("pdf-lib's name pool", () => {
  it('keeps no names of the documents resolved once they are gone: memory stays flat over a season of returns', async () => {
    const resolveSome = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) {
        const result = await resolveSignatureFields(bundle(20, 30), layout);
        expect(result.status === 'held' && result.reason).toBe('form_not_found');
        // A host's loop turns the event loop between documents (reading the next file, writing the result).
        if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await resolveSome(300);
    expect(weakenedPools()).toEqual(["names", "references"]);
    const settled = await heapUsed();
    // 600 more twenty-page returns, 360,000 names never seen before: kept for good, they took some 55 MB.
    await resolveSome(600);
    const grown = (await heapUsed()) - settled;
    expect(grown, `heap grew by ${(grown / 1e6).toFixed(1)} MB`).toBeLessThan(20e6);
  }, 120_000);

  it('stays flat as well in a loop that never lets the event loop turn (no I/O between documents)', async () => {
    const settled = await heapUsed();
    let most = 0;
    for (let i = 0; i < 600; i++) {
      const result = await resolveSignatureFields(bundle(20, 30), layout);
      expect(result.status).toBe('held');
      if (i % 50 === 49) {
        // Collected within the loop's own task: what the loop holds at this point.
        gc();
        most = Math.max(most, process.memoryUsage().heapUsed - settled);
      }
    }
    // 360,000 new names: a WeakRef keeps its target until the task ends, which such a loop never does; every 20,000
    // names, a load lets the event loop turn first. Without that, some 100 MB by the end of the loop.
    expect(most, `heap grew by up to ${(most / 1e6).toFixed(1)} MB`).toBeLessThan(45e6);
  }, 120_000);

  it('still gives one instance per name while it is in use, and keeps the constants and what was made before', async () => {
    const bytes = bundle(3, 4);
    const doc = await parsePdf(bytes);
    expect(weakenedPools()).toEqual(["names", "references"]);
    const fonts = doc.getPages()[0]?.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    const keys = fonts?.keys() ?? [];
    expect(keys).toHaveLength(4);
    gc();
    // The document holds its names: PDFName.of gives the very instances its dictionaries are keyed by.
    for (const key of keys) {
      expect(PDFName.of(key.decodeText())).toBe(key);
      expect(fonts?.get(PDFName.of(key.decodeText()))).toBeDefined();
    }
    // pdf-lib's constants, made when it loaded, are what PDFName.of gives, and what documents are keyed by.
    expect(PDFName.of('Type')).toBe(PDFName.Type);
    expect(PDFName.of('Font')).toBe(PDFName.Font);
    expect(doc.catalog.get(PDFName.of('Type'))).toBe(PDFName.of('Catalog'));
    // A name a host holds stays the one PDFName.of gives; one written with escapes is the same name.
    const held = PDFName.of(`Host-${serial++}`);
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(PDFName.of(held.decodeText())).toBe(held);
    expect(PDFName.of('A#20B')).toBe(PDFName.of('A B'));
    // References: the document's objects are found by the instances PDFRef.of gives.
    for (const [ref] of doc.context.enumerateIndirectObjects()) {
      expect(PDFRef.of(ref.objectNumber, ref.generationNumber)).toBe(ref);
      expect(doc.context.lookup(PDFRef.of(ref.objectNumber, ref.generationNumber))).toBeDefined();
    }
  });

  it('keeps none of the references a PDF names by the hundred thousand once it is gone', async () => {
    // One array of 100,000 references to objects that do not exist, in a document that is not a return.
    const manyRefs = (first: number): Uint8Array => {
      const refs = Array.from({ length: 100_000 }, (_, i) => `${first + i} 0 R`).join(' ');
      return pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Junk [${refs}] >>`]);
    };
    const first = await parsePdf(manyRefs(1_000_000));
    expect(weakenedPools()).toEqual(['names', 'references']);
    const junk = first.getPages()[0]?.node.lookup(PDFName.of('Junk'), PDFArray);
    expect(junk?.size()).toBe(100_000);
    expect(junk?.get(5)).toBe(PDFRef.of(1_000_005, 0));
    const resolveSome = async (from: number, count: number): Promise<void> => {
      for (let i = from; i < from + count; i++) {
        const result = await resolveSignatureFields(manyRefs(1_100_000 + i * 100_000), layout);
        expect(result.status).toBe('held');
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await resolveSome(0, 5);
    const settled = await heapUsed();
    // Ten more such documents, a million references never seen before: kept for good, they took some 160 MB.
    await resolveSome(5, 10);
    const grown = (await heapUsed()) - settled;
    expect(grown, `heap grew by ${(grown / 1e6).toFixed(1)} MB`).toBeLessThan(25e6);
  }, 120_000);
});
