/**
 * What pdf-lib inflates while it parses (object and cross-reference streams) is counted against the load's own
 * budget: exactly what it decodes on the normal path, one budget per load when two run at once, nothing for a host's
 * own pdf-lib calls, and the hook gone once no load runs. The bombs themselves are in the hostile corpus
 * (test/hostile), each in a child process with bounded memory.
 */
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { isTaxsyncError, signatureLayoutFor } from '../../src/index.js';
import { decryptPdf, PdfError, prepareForSignature, renderLayoutPreview, resolveSignatureFields } from '../../src/pdf.js';
import { budgetOf, pdfBudget } from '../../src/signatures/pdf/inflation.js';
import { parseBoundInstalled } from '../../src/signatures/pdf/parse-budget.js';
import { openPdf, parsePdf } from '../../src/signatures/pdf/pdf-lib.js';
import { t183 } from '../fixtures/forms.js';
import { encryptWithQpdf } from '../fixtures/protected.js';
import { encryptedObjectStreamBomb, handmadePdf, objectStreamBomb } from '../hostile/craft.js';

const KiB = 1024;
const FIELD = { name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 72, y: 72, width: 200, height: 30 } as const;

/** The T183 print as Acrobat saves it: objects packed in object streams behind a cross-reference stream. */
async function packedT183(): Promise<Uint8Array> {
  return (await PDFDocument.load((await t183()).bytes)).save({ useObjectStreams: true });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('what pdf-lib inflates while parsing is counted against the load’s budget', () => {
  it('on the normal path, exactly the bytes its object and cross-reference streams decode to', async () => {
    const pdf = await packedT183();
    const doc = await parsePdf(pdf);
    let decoded = 0;
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      const type = object instanceof PDFRawStream ? object.dict.get(PDFName.of('Type')) : undefined;
      if (object instanceof PDFRawStream && (type === PDFName.of('ObjStm') || type === PDFName.of('XRef'))) decoded += inflateSync(object.contents).length;
    }
    expect(decoded).toBeGreaterThan(0);
    const budget = pdfBudget(pdf.length);
    await parsePdf(pdf, budget);
    expect(budget.used).toBe(decoded);
    // The document opened keeps counting on the same budget (its page content is read later).
    const opening = await openPdf(pdf);
    expect(opening.status === 'open' && budgetOf(opening.doc.context).used).toBe(decoded);
    expect(parseBoundInstalled()).toBe(false);
  });

  it('two loads at once each count against their own budget; a host’s own pdf-lib load meanwhile is not bounded', async () => {
    const bomb = handmadePdf([await objectStreamBomb(256 * KiB)]);
    const packed = await packedT183();
    const [tight, roomy, host] = await Promise.all([
      failure(openPdf(bomb, undefined, { maxBytes: 64 * KiB })),
      openPdf(bomb, undefined, { maxBytes: 1024 * KiB }),
      PDFDocument.load(packed),
    ]);
    expect(isTaxsyncError(tight) && tight.code === 'inflate_limit_exceeded' && tight.params).toMatchObject({ limit: 'maxBytes', value: 64 * KiB, option: 'inflateLimits.maxBytes' });
    expect(roomy.status).toBe('open');
    expect(host.getPageCount()).toBe(1);
    expect(parseBoundInstalled()).toBe(false);
  });

  it('an encrypted PDF’s object streams are counted once decrypted (AES-256, empty user password)', async () => {
    const bomb = await encryptedObjectStreamBomb(256 * KiB);
    const error = await failure(prepareForSignature(bomb, [FIELD], { inflateLimits: { maxBytes: 64 * KiB } }));
    expect(error).toBeInstanceOf(PdfError);
    expect((error as PdfError).code).toBe('inflate_limit_exceeded');
    // Under the limit, the same file opens, its fields added.
    expect((await prepareForSignature(bomb, [FIELD])).length).toBeGreaterThan(bomb.length);
  });

  it('prepareForSignature, renderLayoutPreview and decryptPdf throw PdfError inflate_limit_exceeded naming the option, in both languages; raised, the file opens', async () => {
    const pdf = encryptWithQpdf(await packedT183(), 'aes-128', '', 'proprietaire-2025', true);
    const limits = { inflateLimits: { maxBytes: 256 } };
    for (const call of [prepareForSignature(pdf, [FIELD], limits), renderLayoutPreview(pdf, [FIELD], limits), decryptPdf(pdf, limits)]) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(PdfError);
      if (!(error instanceof PdfError)) continue;
      expect(error.code).toBe('inflate_limit_exceeded');
      expect(error.messageIn('en')).toContain('raise inflateLimits.maxBytes');
      expect(error.messageIn('fr')).toContain('augmentez inflateLimits.maxBytes');
    }
    const held = await resolveSignatureFields(pdf, signatureLayoutFor(2025, 'T183'), limits);
    expect(held.status === 'held' && held.reason).toBe('inflate_limit');
    expect((await decryptPdf(pdf)).length).toBeGreaterThan(0);
    expect((await resolveSignatureFields(pdf, signatureLayoutFor(2025, 'T183'))).status).toBe('resolved');
  });
});
