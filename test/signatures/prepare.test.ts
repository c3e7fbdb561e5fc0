import type { PDFNumber} from '@cantoo/pdf-lib';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, PDFString, decodePDFRawStream } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, signatureLayoutFor, type PlacedField, type ResolveResult } from '../../src/index.js';
import { PdfError, prepareForSignature, renderLayoutPreview, resolveSignatureFields } from '../../src/pdf.js';
import { bundleWithT183, encryptedPdf, t183, tp1000teTwoCopies, type BuiltPdf } from '../fixtures/forms.js';
import { expectSameRect, widgetsByPdfjs } from './widgets.js';

const now = new Date('2026-11-22T15:00:00Z');
const T183_2025 = signatureLayoutFor(2025, 'T183', { now });

async function resolvedFields(pdf: BuiltPdf, layout = T183_2025): Promise<Extract<ResolveResult, { status: 'resolved' }>> {
  const result = await resolveSignatureFields(pdf.bytes, layout);
  if (result.status !== 'resolved') throw new Error(`held: ${result.message.en}`);
  return result;
}

/** Each page's content streams, decoded: what a viewer draws. */
async function pageContents(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams = contents === undefined ? [] : contents instanceof PDFStream ? [contents] : contents.asArray().map((ref) => doc.context.lookup(ref));
    return streams
      .map((s) => (s instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(s).decode()).toString('latin1') : String(s)))
      .join('\n');
  });
}

describe('prepareForSignature', () => {
  it('adds an unsigned /FT /Sig widget per signature and text fields for the date and time, read back by pdfjs', async () => {
    const pdf = await t183();
    const { fields } = await resolvedFields(pdf);
    const out = await prepareForSignature(pdf.bytes, fields);
    const { pages, widgets } = await widgetsByPdfjs(out);
    expect(pages).toBe(1);
    expect(widgets.map((w) => [w.fieldName, w.fieldType])).toEqual([
      ['taxpayer_signature', 'Sig'],
      ['taxpayer_date', 'Tx'],
      ['taxpayer_time_hours', 'Tx'],
      ['taxpayer_time_minutes', 'Tx'],
      ['taxpayer_time_seconds', 'Tx'],
    ]);
    for (const f of fields) expectSameRect(widgets.find((w) => w.fieldName === f.name), f);
  });

  it('writes a form pdf-lib reads back: field names, /FT /Sig, SigFlags, the same pages and page content', async () => {
    const pdf = await t183();
    const { fields } = await resolvedFields(pdf);
    const out = await prepareForSignature(pdf.bytes, fields);
    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const acroForm = doc.catalog.getAcroForm();
    const all = acroForm?.getAllFields().map(([f]) => [f.getFullyQualifiedName(), (f.dict.get(PDFName.of('FT')) as PDFName).asString()]);
    expect(all).toEqual([
      ['taxpayer_signature', '/Sig'],
      ['taxpayer_date', '/Tx'],
      ['taxpayer_time_hours', '/Tx'],
      ['taxpayer_time_minutes', '/Tx'],
      ['taxpayer_time_seconds', '/Tx'],
    ]);
    const signature = acroForm?.getAllFields()[0]?.[0];
    expect(signature?.dict.get(PDFName.of('V'))).toBeUndefined();
    expect((acroForm?.dict.get(PDFName.of('SigFlags')) as PDFNumber).asNumber() & 1).toBe(1);
    expect(await pageContents(out)).toEqual(await pageContents(pdf.bytes));
    expect(doc.getProducer()).toBe('taxsync test fixtures');
  });

  it('draws the bilingual marker in the signature box, and leaves it out on request', async () => {
    const pdf = await t183();
    const { fields } = await resolvedFields(pdf);
    const appearanceText = async (bytes: Uint8Array): Promise<string> => {
      const doc = await PDFDocument.load(bytes);
      const widget = doc.catalog.getAcroForm()?.getAllFields()[0]?.[0].dict as PDFDict;
      const ap = widget.lookup(PDFName.of('AP'), PDFDict).lookup(PDFName.of('N'));
      return ap instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(ap).decode()).toString('latin1') : '';
    };
    const marked = await appearanceText(await prepareForSignature(pdf.bytes, fields));
    const hex = Buffer.from('Signez ici / Sign here', 'latin1').toString('hex').toUpperCase();
    expect(marked.toUpperCase()).toContain(hex);
    const plain = await appearanceText(await prepareForSignature(pdf.bytes, fields, { marker: false }));
    expect(plain.toUpperCase()).not.toContain(hex);
    const custom = await appearanceText(await prepareForSignature(pdf.bytes, fields, { markerText: { fr: 'Signature', en: 'Sign' } }));
    expect(custom.toUpperCase()).toContain(Buffer.from('Signature / Sign', 'latin1').toString('hex').toUpperCase());
  });

  it('writes widgets where the fields are on rotated, sideways and cropped pages (checked with pdfjs viewports)', async () => {
    for (const spec of [{ orientation: 'rotated-upright' }, { orientation: 'sideways' }, { crop: { left: 30, bottom: 40, right: 20, top: 10 } }] as const) {
      const pdf = await t183(spec);
      const { fields } = await resolvedFields(pdf);
      const { widgets } = await widgetsByPdfjs(await prepareForSignature(pdf.bytes, fields));
      expect(widgets).toHaveLength(fields.length);
      for (const f of fields) expectSameRect(widgets.find((w) => w.fieldName === f.name), f);
    }
  });

  it('turns the marker with the form on a rotated page', async () => {
    const pdf = await t183({ orientation: 'rotated-upright' });
    const { fields } = await resolvedFields(pdf);
    const doc = await PDFDocument.load(await prepareForSignature(pdf.bytes, fields));
    const widget = doc.catalog.getAcroForm()?.getAllFields()[0]?.[0].dict as PDFDict;
    const stream = widget.lookup(PDFName.of('AP'), PDFDict).lookup(PDFName.of('N')) as PDFRawStream;
    expect(stream.dict.lookup(PDFName.of('Matrix'))?.toString()).toBe('[ 0 1 -1 0 0 0 ]');
    expect(widget.lookup(PDFName.of('MK'), PDFDict).lookup(PDFName.of('R'))?.toString()).toBe('90');
  });

  it('names the fields of each copy apart and keeps the page count of a bundle', async () => {
    const tp = await tp1000teTwoCopies();
    const { fields } = await resolvedFields(tp, signatureLayoutFor(2023, 'TP-1000.TE', { now }));
    const { pages, widgets } = await widgetsByPdfjs(await prepareForSignature(tp.bytes, fields));
    expect(pages).toBe(4);
    expect(widgets.filter((w) => w.fieldType === 'Sig').map((w) => [w.fieldName, w.page])).toEqual([
      ['taxpayer_signature', 2],
      ['taxpayer_signature_copy2', 4],
    ]);
    const bundle = await bundleWithT183(11, 20);
    const prepared = await prepareForSignature(bundle.bytes, (await resolvedFields(bundle)).fields);
    expect((await widgetsByPdfjs(prepared)).pages).toBe(20);
    expect(await pageContents(prepared)).toEqual(await pageContents(bundle.bytes));
  });

  it('refuses a PDF that already carries a digital signature', async () => {
    const doc = await PDFDocument.load((await t183()).bytes);
    const value = doc.context.register(doc.context.obj({ Type: 'Sig', Filter: 'Adobe.PPKLite', ByteRange: [0, 10, 20, 30] }));
    const sig = doc.context.register(doc.context.obj({ FT: 'Sig', T: PDFString.of('Signature1'), V: value, Type: 'Annot', Subtype: 'Widget', Rect: [0, 0, 0, 0] }));
    doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [sig], SigFlags: 3 }));
    const signed = await doc.save();
    const field: PlacedField = { name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 40, y: 113, width: 220, height: 24 };
    await expect(prepareForSignature(signed, [field])).rejects.toMatchObject({ name: 'PdfError', code: 'pdf_already_signed', params: { field: 'Signature1' } });
  });

  it('refuses to prepare the same PDF twice', async () => {
    const pdf = await t183();
    const { fields } = await resolvedFields(pdf);
    const once = await prepareForSignature(pdf.bytes, fields);
    await expect(prepareForSignature(once, fields)).rejects.toMatchObject({ code: 'pdf_field_exists', params: { name: 'taxpayer_signature' } });
  });

  it('refuses a PDF it cannot open with a typed error: no password, a wrong one, certificate security', async () => {
    const field: PlacedField = { name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 40, y: 113, width: 220, height: 24 };
    const cases = [
      [encryptedPdf({ userPassword: 'secret' }), undefined, 'pdf_password_required'],
      [encryptedPdf({ userPassword: 'secret' }), 'secreT', 'pdf_password_wrong'],
      [encryptedPdf({ securityHandler: 'Adobe.PubSec' }), undefined, 'pdf_encrypted'],
    ] as const;
    for (const [bytes, password, code] of cases) {
      const options = password === undefined ? {} : { password };
      const error = await prepareForSignature(bytes, [field], options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PdfError);
      expect(error).toMatchObject({ code });
      await expect(renderLayoutPreview(bytes, [field], options)).rejects.toMatchObject({ code });
    }
  });

  it('refuses fields that do not fit the PDF (a programming error)', async () => {
    const pdf = await t183();
    const base: PlacedField = { name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 40, y: 113, width: 220, height: 24 };
    await expect(prepareForSignature(pdf.bytes, [{ ...base, page: 2 }])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(prepareForSignature(pdf.bytes, [base, base])).rejects.toMatchObject({ code: 'field_invalid', message: expect.stringContaining('two fields have this name') });
    await expect(prepareForSignature(pdf.bytes, [{ ...base, width: 0 }])).rejects.toMatchObject({ code: 'field_invalid' });
    await expect(prepareForSignature(pdf.bytes, [{ ...base, name: 'taxpayer.signature' }])).rejects.toMatchObject({ code: 'field_invalid' });
  });
});

describe('renderLayoutPreview', () => {
  it('draws a labelled box per field into the page and keeps the page count', async () => {
    const pdf = await t183({ size: { width: 576, height: 756 }, labels: false });
    const result = await resolveSignatureFields(pdf.bytes, signatureLayoutFor(2023, 'T183', { now }));
    if (result.status !== 'resolved') throw new Error('held');
    const preview = await renderLayoutPreview(pdf.bytes, result.fields);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: preview.slice(), verbosity: 0 }).promise;
    expect(doc.numPages).toBe(1);
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('\n');
    await doc.destroy();
    expect(text).toContain('taxpayer_signature · measured');
    expect(text.split('\n')).toEqual(expect.arrayContaining(['HH', 'MM', 'SS']));
    const [before] = await pageContents(pdf.bytes);
    const [after] = await pageContents(preview);
    expect(after?.length).toBeGreaterThan(before?.length ?? 0);
  });
});
