import { PDFDict, PDFDocument, PDFName } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { signatureLayoutFor, type ResolveResult } from '../../src/index.js';
import { decryptPdf, PdfError, prepareForSignature, renderLayoutPreview, resolveSignatureFields } from '../../src/pdf.js';
import { CIPHERS, protectedForm, qpdfCheck, qpdfEncrypted } from '../fixtures/protected.js';
import { expectSameRect, widgetsByPdfjs } from './widgets.js';

const now = new Date('2026-11-22T15:00:00Z');
const T183_2025 = signatureLayoutFor(2025, 'T183', { now });
const PASSWORD = 'TREMB544-Ç';

type Resolved = Extract<ResolveResult, { status: 'resolved' }>;

function resolvedOf(result: ResolveResult): Resolved {
  if (result.status !== 'resolved') throw new Error(`held: ${result.reason}: ${result.message.en}`);
  return result;
}

function heldOf(result: ResolveResult): Extract<ResolveResult, { status: 'held' }> {
  if (result.status !== 'held') throw new Error('expected a held result');
  return result;
}

/** The prepared PDF opened by pdfjs-dist (every field read back where it was placed) and passing `qpdf --check`. */
async function expectSoundOutput(out: Uint8Array, fields: Resolved['fields']): Promise<void> {
  const check = qpdfCheck(out);
  expect(check.ok, check.output).toBe(true);
  expect(qpdfEncrypted(out)).toBe(false);
  const { widgets } = await widgetsByPdfjs(out);
  for (const field of fields) expectSameRect(widgets.find((w) => w.fieldName === field.name), field);
  expect(widgets.find((w) => w.fieldName === 'taxpayer_signature')?.fieldType).toBe('Sig');
}

describe('encrypted PDFs', () => {
  it('opens, resolves and prepares a PDF encrypted with an empty user password, each cipher, and says the encryption was removed', async () => {
    const plain = await protectedForm();
    const reference = resolvedOf(await resolveSignatureFields(plain.bytes, T183_2025));
    expect(reference.protection).toBeUndefined();
    for (const cipher of CIPHERS) {
      const pdf = await protectedForm({ encrypt: { cipher } });
      expect(qpdfEncrypted(pdf.bytes), cipher).toBe(true);
      for (const textReader of ['auto', 'pdfjs'] as const) {
        const result = resolvedOf(await resolveSignatureFields(pdf.bytes, T183_2025, { textReader }));
        expect(result.fields, `${cipher} ${textReader}`).toEqual(reference.fields);
        expect(result.protection?.encryption).toBe('empty_password');
        expect(result.protection?.message.en).toContain('the encryption (the prepared PDF is written decrypted)');
        expect(result.protection?.message.fr).toContain('le chiffrement');
      }
      const result = resolvedOf(await resolveSignatureFields(pdf.bytes, T183_2025));
      const out = await prepareForSignature(pdf.bytes, result.fields);
      // A full save, decrypted: not the encrypted bytes with an update appended.
      expect(Buffer.from(out.subarray(0, pdf.bytes.length)).equals(Buffer.from(pdf.bytes)), cipher).toBe(false);
      await expectSoundOutput(out, result.fields);
    }
  });

  it('opens a password-protected PDF with its password, each cipher, and holds it without one or with a wrong one', async () => {
    for (const cipher of CIPHERS) {
      const pdf = await protectedForm({ encrypt: { cipher, userPassword: PASSWORD } });
      const missing = heldOf(await resolveSignatureFields(pdf.bytes, T183_2025));
      expect(missing.reason).toBe('password_required');
      expect(missing.message.en).toContain('password-protected and no password was given');
      const wrong = heldOf(await resolveSignatureFields(pdf.bytes, T183_2025, { password: 'TREMB543' }));
      expect(wrong.reason).toBe('password_wrong');
      for (const textReader of ['auto', 'pdfjs'] as const) {
        const result = resolvedOf(await resolveSignatureFields(pdf.bytes, T183_2025, { password: PASSWORD, textReader }));
        expect(result.protection?.encryption, cipher).toBe('password');
        expect(result.fields.map((f) => f.name)).toContain('taxpayer_signature');
      }
      const { fields } = resolvedOf(await resolveSignatureFields(pdf.bytes, T183_2025, { password: PASSWORD }));
      // Not reusing the parse of resolve: preparing opens the bytes with the password itself.
      const out = await prepareForSignature(pdf.bytes.slice(), fields, { password: PASSWORD });
      await expectSoundOutput(out, fields);
      await expect(prepareForSignature(pdf.bytes, fields)).rejects.toMatchObject({ name: 'PdfError', code: 'pdf_password_required' });
      await expect(prepareForSignature(pdf.bytes, fields, { password: 'TREMB543' })).rejects.toMatchObject({ code: 'pdf_password_wrong' });
      // The owner password opens it too.
      const byOwner = resolvedOf(await resolveSignatureFields(pdf.bytes, T183_2025, { password: 'proprietaire-2025' }));
      expect(byOwner.fields).toEqual(fields);
    }
  });

  it('opens encrypted object streams and cross-reference streams, as Acrobat saves government forms', async () => {
    const plain = resolvedOf(await resolveSignatureFields((await protectedForm()).bytes, T183_2025));
    for (const cipher of ['aes-128', 'aes-256'] as const) {
      for (const userPassword of ['', PASSWORD]) {
        const pdf = await protectedForm({ usageRights: true, xfa: true, encrypt: { cipher, userPassword, objectStreams: true } });
        expect(Buffer.from(pdf.bytes).toString('latin1')).toContain('/ObjStm');
        const options = userPassword === '' ? {} : { password: userPassword };
        const result = resolvedOf(await resolveSignatureFields(pdf.bytes, T183_2025, options));
        expect(result.fields, cipher).toEqual(plain.fields);
        expect(result.protection).toMatchObject({ usageRights: true, xfa: true });
        await expectSoundOutput(await prepareForSignature(pdf.bytes, result.fields, options), result.fields);
      }
    }
  });

  it('never puts the password in a result, a message, an error or the prepared PDF', async () => {
    const pdf = await protectedForm({ encrypt: { cipher: 'aes-256', userPassword: PASSWORD } });
    const outputs: unknown[] = [
      await resolveSignatureFields(pdf.bytes, T183_2025, { password: `${PASSWORD}x` }),
      await resolveSignatureFields(pdf.bytes, T183_2025, { password: PASSWORD }),
    ];
    for (const wrong of [`${PASSWORD}x`, undefined]) {
      const error = await prepareForSignature(pdf.bytes, [], wrong === undefined ? {} : { password: wrong }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PdfError);
      const e = error as PdfError;
      outputs.push({ message: e.message, fr: e.messageIn('fr'), params: e.params, stack: e.stack, cause: String(e.cause) });
    }
    const { fields } = resolvedOf(outputs[1] as ResolveResult);
    const out = await prepareForSignature(pdf.bytes.slice(), fields, { password: PASSWORD });
    const text = JSON.stringify(outputs) + Buffer.from(out).toString('latin1');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('TREMB544');
  });

  it('decrypts a password-protected PDF whole, for a copy that travels without its password', async () => {
    const pdf = await protectedForm({ encrypt: { cipher: 'rc4-128', userPassword: PASSWORD } });
    await expect(decryptPdf(pdf.bytes)).rejects.toMatchObject({ code: 'pdf_password_required' });
    const open = await decryptPdf(pdf.bytes, { password: PASSWORD });
    expect(qpdfEncrypted(open)).toBe(false);
    expect(qpdfCheck(open).ok).toBe(true);
    const result = resolvedOf(await resolveSignatureFields(open, T183_2025));
    expect(result.protection).toBeUndefined();
    // An unencrypted PDF is then updated incrementally, as any other.
    const out = await prepareForSignature(open, result.fields);
    expect(Buffer.from(out.subarray(0, open.length)).equals(Buffer.from(open))).toBe(true);
  });

  it('draws the layout preview of an encrypted PDF, decrypted', async () => {
    const pdf = await protectedForm({ encrypt: { cipher: 'aes-128', userPassword: PASSWORD } });
    const { fields } = resolvedOf(await resolveSignatureFields(pdf.bytes, T183_2025, { password: PASSWORD }));
    await expect(renderLayoutPreview(pdf.bytes, fields)).rejects.toMatchObject({ code: 'pdf_password_required' });
    const picture = await renderLayoutPreview(pdf.bytes, fields, { password: PASSWORD });
    expect(qpdfEncrypted(picture)).toBe(false);
  });
});

describe('government fillable forms', () => {
  it('removes a usage-rights signature (/Perms /UR3) and the XFA data when fields are added, and reports both', async () => {
    const pdf = await protectedForm({ usageRights: true, xfa: true, encrypt: { cipher: 'aes-128' } });
    const result = resolvedOf(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(result.protection).toMatchObject({ encryption: 'empty_password', usageRights: true, xfa: true });
    expect(result.protection?.message.en).toContain('/Perms /UR3');
    expect(result.protection?.message.fr).toContain('XFA');
    const out = await prepareForSignature(pdf.bytes, result.fields);
    await expectSoundOutput(out, result.fields);
    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.catalog.get(PDFName.of('Perms'))).toBeUndefined();
    expect(doc.catalog.get(PDFName.of('NeedsRendering'))).toBeUndefined();
    expect(doc.catalog.getAcroForm()?.dict.get(PDFName.of('XFA'))).toBeUndefined();
  });

  it('removes usage rights and XFA from an unencrypted form in an incremental update', async () => {
    for (const extras of [{ usageRights: true }, { xfa: true }] as const) {
      const pdf = await protectedForm(extras);
      const result = resolvedOf(await resolveSignatureFields(pdf.bytes, T183_2025));
      expect(result.protection?.encryption).toBeUndefined();
      expect(result.protection?.usageRights ?? false).toBe('usageRights' in extras);
      expect(result.protection?.xfa ?? false).toBe('xfa' in extras);
      const out = await prepareForSignature(pdf.bytes, result.fields);
      expect(Buffer.from(out.subarray(0, pdf.bytes.length)).equals(Buffer.from(pdf.bytes))).toBe(true);
      await expectSoundOutput(out, result.fields);
      const doc = await PDFDocument.load(out, { updateMetadata: false });
      expect(doc.catalog.lookupMaybe(PDFName.of('Perms'), PDFDict)?.get(PDFName.of('UR3'))).toBeUndefined();
      expect(doc.catalog.getAcroForm()?.dict.get(PDFName.of('XFA'))).toBeUndefined();
    }
  });

  it('keeps an empty /Sig field already on the form, not counted as signed', async () => {
    const pdf = await protectedForm({ emptySignatureField: true, encrypt: { cipher: 'rc4-40' } });
    const result = resolvedOf(await resolveSignatureFields(pdf.bytes, T183_2025));
    const out = await prepareForSignature(pdf.bytes, result.fields);
    await expectSoundOutput(out, result.fields);
    const { widgets } = await widgetsByPdfjs(out);
    expect(widgets.find((w) => w.fieldName === 'Signature_Preparer')).toMatchObject({ fieldType: 'Sig', page: 1, display: { x0: 320, y0: 40, x1: 560, y1: 64 } });
  });

  it('holds a certified PDF (/Perms /DocMDP) and one with a signed /Sig field (listed in the form or not), encrypted or not', async () => {
    const cases = [{ certified: true }, { signedSignatureField: true }, { certified: true, usageRights: true }, { signedWidgetOutsideForm: true, usageRights: true }] as const;
    for (const extras of cases) {
      for (const encrypt of [undefined, { cipher: 'aes-256' as const }]) {
        const pdf = await protectedForm({ ...extras, ...(encrypt === undefined ? {} : { encrypt }) });
        const result = heldOf(await resolveSignatureFields(pdf.bytes, T183_2025));
        expect(result.reason, JSON.stringify(extras)).toBe('already_signed');
        const field = { name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 40, y: 113, width: 220, height: 24 } as const;
        await expect(prepareForSignature(pdf.bytes, [field])).rejects.toMatchObject({ code: 'pdf_already_signed' });
      }
    }
  });

  it('reads a damaged /Perms or AcroForm without throwing: a /Perms it cannot read holds the PDF', async () => {
    const doc = await PDFDocument.load((await protectedForm({ textFields: { 'form1[0].Date[0]': [300, 100, 400, 120] } })).bytes);
    doc.catalog.set(PDFName.of('Perms'), PDFName.of('Broken'));
    doc.catalog.getAcroForm()?.dict.set(PDFName.of('Fields'), doc.context.obj(12));
    const bytes = await doc.save({ useObjectStreams: false });
    expect(heldOf(await resolveSignatureFields(bytes, T183_2025)).reason).toBe('already_signed');
    const field = { name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 40, y: 113, width: 220, height: 24 } as const;
    await expect(prepareForSignature(bytes, [field])).rejects.toMatchObject({ code: 'pdf_already_signed' });
  });
});
