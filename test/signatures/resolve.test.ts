import { PDFDocument, PDFName, PDFNumber } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  createLayoutRegistry,
  InvalidArgumentError,
  placeSignatureFields,
  signatureLayoutFor,
  type LayoutDefinition,
  type ResolvedField,
  type ResolveResult,
  type TextRun,
} from '../../src/index.js';
import { resolveSignatureFields } from '../../src/pdf.js';
import { buildPdf, bundleWithT183, encryptedPdf, FORMS, LETTER, SMALL, t183, tp1000teTwoCopies, type Box, type SignatureMarks } from '../fixtures/forms.js';

// Taken before anything loads pdfjs-dist in this file.
const NATIVES = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify, toString: Function.prototype.toString };
const now = new Date('2026-11-22T15:00:00Z');
const T183_2025 = signatureLayoutFor(2025, 'T183', { now });
// A year without measurements: anchors only.
const T183_2024 = signatureLayoutFor(2024, 'T183', { now });

function resolved(result: ResolveResult): Extract<ResolveResult, { status: 'resolved' }> {
  if (result.status !== 'resolved') throw new Error(`expected resolved, got held ${result.reason}: ${result.message.en}`);
  return result;
}

function heldOf(result: ResolveResult): Extract<ResolveResult, { status: 'held' }> {
  if (result.status !== 'held') throw new Error(`expected held, got ${result.fields.length} fields`);
  return result;
}

const field = (fields: readonly ResolvedField[], name: string): ResolvedField => {
  const found = fields.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no field ${name} among ${fields.map((f) => f.name).join(', ')}`);
  return found;
};

/** The field lies inside the entry box the form drew for it. */
function expectInside(f: ResolvedField, box: Box | undefined): void {
  expect(box, `box for ${f.name}`).toBeDefined();
  if (box === undefined) return;
  expect(f.x).toBeGreaterThanOrEqual(box.x0 - 0.01);
  expect(f.y).toBeGreaterThanOrEqual(box.y0 - 0.01);
  expect(f.x + f.width).toBeLessThanOrEqual(box.x1 + 0.01);
  expect(f.y + f.height).toBeLessThanOrEqual(box.y1 + 0.01);
}

function expectAllInside(fields: readonly ResolvedField[], marks: SignatureMarks, suffix = ''): void {
  expectInside(field(fields, `taxpayer_signature${suffix}`), marks.signature);
  expectInside(field(fields, `taxpayer_date${suffix}`), marks.date);
  if (marks.hours) {
    expectInside(field(fields, `taxpayer_time_hours${suffix}`), marks.hours);
    expectInside(field(fields, `taxpayer_time_minutes${suffix}`), marks.minutes);
    expectInside(field(fields, `taxpayer_time_seconds${suffix}`), marks.seconds);
  }
}

describe('resolveSignatureFields on a T183', () => {
  it('places the signature, date and HH/MM/SS boxes from the English labels of Part F', async () => {
    const pdf = await t183();
    const result = resolved(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(result.fields.map((f) => f.name)).toEqual([
      'taxpayer_signature',
      'taxpayer_date',
      'taxpayer_time_hours',
      'taxpayer_time_minutes',
      'taxpayer_time_seconds',
    ]);
    expectAllInside(result.fields, pdf.marks[0] as SignatureMarks);
    expect(result.fields.every((f) => f.placedBy === 'anchor' && f.page === 1 && f.copy === 1 && f.rotation === 0)).toBe(true);
    expect(field(result.fields, 'taxpayer_signature')).toMatchObject({ anchorText: 'Signature of individual or legal representative', required: true, signer: 'taxpayer' });
    expect(field(result.fields, 'taxpayer_time_minutes').anchorText).toBe('MM');
    expect(result.copies).toBe(1);
    expect(result.unplaced).toEqual([]);
    expect(result.pages).toEqual([{ page: 1, width: 612, height: 792, rotation: 0, hasText: true }]);
  });

  it('places them from the French labels of a French-only print', async () => {
    const pdf = await t183({ language: 'fr' });
    const result = resolved(await resolveSignatureFields(pdf.bytes, T183_2025));
    expectAllInside(result.fields, pdf.marks[0] as SignatureMarks);
    expect(field(result.fields, 'taxpayer_signature').anchorText).toBe('Signature du particulier ou de son représentant légal');
  });

  it('reads text drawn one glyph at a time, as some print drivers write it', async () => {
    const pdf = await t183({ glyphRuns: true });
    const result = resolved(await resolveSignatureFields(pdf.bytes, T183_2025));
    expectAllInside(result.fields, pdf.marks[0] as SignatureMarks);
  });

  it('prefers anchors to measured positions, even on the measured page size', async () => {
    const pdf = await t183({ size: SMALL });
    const result = resolved(await resolveSignatureFields(pdf.bytes, signatureLayoutFor(2023, 'T183', { now })));
    expect(result.fields.every((f) => f.placedBy === 'anchor')).toBe(true);
    expectAllInside(result.fields, pdf.marks[0] as SignatureMarks);
  });

  it('falls back to the measured 2023 positions on an unlabelled 576×756 print, saying so', async () => {
    const pdf = await t183({ size: SMALL, labels: false });
    const result = resolved(await resolveSignatureFields(pdf.bytes, signatureLayoutFor(2023, 'T183', { now })));
    expect(result.fields.map((f) => [f.name, f.x, f.y, f.placedBy])).toEqual([
      ['taxpayer_signature', 40, 72, 'fixed'],
      ['taxpayer_time_hours', 436, 49, 'fixed'],
      ['taxpayer_time_minutes', 462, 49, 'fixed'],
      ['taxpayer_time_seconds', 486, 49, 'fixed'],
    ]);
    expect(field(result.fields, 'taxpayer_signature').measured).toMatchObject({ producer: 'impotexpert', year: 2023, pageSize: { width: 576, height: 756 } });
    // The date box was never measured: it is listed, not guessed.
    expect(result.unplaced).toEqual([{ name: 'taxpayer_date', copy: 1 }]);
  });

  it('falls back to the measured 2025 positions on an unlabelled Letter print', async () => {
    const pdf = await t183({ labels: false });
    const result = resolved(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(field(result.fields, 'taxpayer_signature')).toMatchObject({ x: 40, y: 113, placedBy: 'fixed' });
    expect(field(result.fields, 'taxpayer_time_seconds')).toMatchObject({ x: 501, y: 89 });
  });

  it('holds a print whose page size is not the measured one, in French and English', async () => {
    const pdf = await t183({ size: SMALL, labels: false });
    const result = heldOf(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(result.reason).toBe('page_size_mismatch');
    expect(result.message.en).toBe(
      'T183 was found on page 1, but its labels were not, and the page (576×756 pt) is not the size the positions were measured on (612×792 pt). Place the fields by hand.',
    );
    expect(result.message.fr).toContain("n'a pas la taille sur laquelle les positions ont été mesurées (612×792 pt)");
    expect(result.pageNumbers).toEqual([1]);
  });

  it('holds an unlabelled print of a year with no measurement, instead of guessing', async () => {
    const pdf = await t183({ labels: false });
    const result = heldOf(await resolveSignatureFields(pdf.bytes, signatureLayoutFor(2024, 'T183', { now })));
    expect(result.reason).toBe('no_anchor');
    expect(result.message.en).toContain('T183 was found on page 1, but not its Signature of individual or legal representative label');
    expect(result.message.fr).toContain('aucun champ n\'est jamais placé à une position devinée');
  });

  it('ignores measurements of another program when the producer is given', async () => {
    const pdf = await t183({ size: SMALL, labels: false });
    const result = await resolveSignatureFields(pdf.bytes, signatureLayoutFor(2023, 'T183', { now, producer: 'taxprep' }));
    expect(heldOf(result).reason).toBe('no_anchor');
  });

  it('places the fields without time boxes when the print has none', async () => {
    const pdf = await t183({ timeBoxes: false });
    const result = resolved(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(result.fields.map((f) => f.name)).toEqual(['taxpayer_signature', 'taxpayer_date']);
    expect(result.unplaced.map((u) => u.name)).toEqual(['taxpayer_time_hours', 'taxpayer_time_minutes', 'taxpayer_time_seconds']);
  });
});

describe('resolveSignatureFields on rotated and cropped pages', () => {
  it('applies /Rotate 90 on a landscape page whose form displays upright', async () => {
    const pdf = await t183({ orientation: 'rotated-upright' });
    const result = resolved(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(result.pages[0]).toEqual({ page: 1, width: 612, height: 792, rotation: 90, hasText: true });
    expectAllInside(result.fields, pdf.marks[0] as SignatureMarks);
    expect(result.fields.every((f) => f.rotation === 0)).toBe(true);
  });

  it('follows the text of a page shown on its side', async () => {
    const pdf = await t183({ orientation: 'sideways' });
    const result = resolved(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(result.pages[0]).toMatchObject({ width: 792, height: 612, rotation: 90 });
    expectAllInside(result.fields, pdf.marks[0] as SignatureMarks);
    // The form's text reads downwards on the displayed page: a quarter turn clockwise.
    expect(result.fields.every((f) => f.rotation === 270)).toBe(true);
    const signature = field(result.fields, 'taxpayer_signature');
    expect(signature.height).toBeGreaterThan(signature.width);
  });

  it('measures from the crop box, not the media box', async () => {
    const pdf = await t183({ crop: { left: 30, bottom: 40, right: 20, top: 10 } });
    const result = resolved(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(result.pages[0]).toMatchObject({ width: 612, height: 792 });
    expectAllInside(result.fields, pdf.marks[0] as SignatureMarks);
  });
});

describe('resolveSignatureFields on several copies and bundles', () => {
  it('gives fields to both copies of a TP-1000.TE (pages 2 and 4)', async () => {
    const pdf = await tp1000teTwoCopies();
    const result = resolved(await resolveSignatureFields(pdf.bytes, signatureLayoutFor(2023, 'TP-1000.TE', { now })));
    expect(result.copies).toBe(2);
    expect(result.fields.map((f) => [f.name, f.page, f.copy])).toEqual([
      ['taxpayer_signature', 2, 1],
      ['taxpayer_date', 2, 1],
      ['taxpayer_signature_copy2', 4, 2],
      ['taxpayer_date_copy2', 4, 2],
    ]);
    const [first, second] = pdf.marks;
    expectInside(field(result.fields, 'taxpayer_signature'), first?.signature);
    expectInside(field(result.fields, 'taxpayer_signature_copy2'), second?.signature);
    expectInside(field(result.fields, 'taxpayer_date_copy2'), second?.date);
  });

  it('finds the T183 in the middle of a 20-page bundle and ignores the T1 signature area', async () => {
    const pdf = await bundleWithT183(11, 20);
    const result = resolved(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(result.pages).toHaveLength(20);
    expect(new Set(result.fields.map((f) => f.page))).toEqual(new Set([11]));
    expectAllInside(result.fields, pdf.marks[0] as SignatureMarks);
  });

  it('holds a PDF that is another form', async () => {
    const pdf = await t183();
    const result = heldOf(await resolveSignatureFields(pdf.bytes, signatureLayoutFor(2025, 'T183TRUST', { now })));
    expect(result.reason).toBe('form_not_found');
    expect(result.message.en).toBe('No page of this PDF is identified as T183TRUST. Check that the right document was printed, or place the fields by hand.');
  });

  it('uses measured positions on every copy page of a firm layout, and holds a PDF short of pages', async () => {
    const consent: LayoutDefinition = {
      docType: 'CONSENT',
      formVersion: 'Consentement 2025',
      title: { en: 'Consent', fr: 'Consentement' },
      identifiers: [['T183 E (25)']],
      signers: ['taxpayer'],
      copies: [1, 2],
      labelsSource: 'Firm template',
      fields: [
        { signer: 'taxpayer', type: 'signature', required: true, width: 150, height: 20, sizeProvenance: { measured: false, note: 'default' } },
      ],
      measurements: [
        {
          measured: { source: 'Measured by the firm on its own print, 2025-03-02', producer: 'word', pageSize: { width: 612, height: 792 }, year: 2025 },
          positions: [{ field: 'taxpayer_signature', page: 1, x: 300, y: 60 }],
        },
      ],
    };
    const layout = createLayoutRegistry([consent], { now }).layoutFor(2025, 'CONSENT');
    const two = await buildPdf([{ kind: 'T183' }, { kind: 'T183' }]);
    const result = resolved(await resolveSignatureFields(two.bytes, layout));
    expect(result.fields.map((f) => [f.name, f.page, f.x, f.y, f.placedBy])).toEqual([
      ['taxpayer_signature', 1, 300, 60, 'fixed'],
      ['taxpayer_signature_copy2', 2, 300, 60, 'fixed'],
    ]);
    const one = await t183();
    const short = heldOf(await resolveSignatureFields(one.bytes, layout));
    expect(short.reason).toBe('page_count');
    expect(short.message.en).toBe('The measured positions of CONSENT are on page 2, but this PDF has 1 page(s) there. Place the fields by hand.');
  });
});

describe('resolveSignatureFields on the other built-in forms', () => {
  for (const form of Object.keys(FORMS) as (keyof typeof FORMS)[]) {
    for (const language of ['en', 'fr'] as const) {
      it(`places the ${form} signature from its ${language === 'en' ? 'English' : 'French'} caption`, async () => {
        const pdf = await buildPdf([{ kind: 'T1', step: 1 }, { kind: 'form', form, language }]);
        const layout = signatureLayoutFor(2025, form, { now });
        const result = resolved(await resolveSignatureFields(pdf.bytes, layout));
        const signer = layout.signers[0];
        const marks = pdf.marks[0] as SignatureMarks;
        const signature = field(result.fields, `${signer}_signature`);
        expect(signature.page).toBe(2);
        expect(signature.anchorText).toBe(FORMS[form][language].signature);
        expectInside(signature, marks.signature);
        expectInside(field(result.fields, `${signer}_date`), marks.date);
        // A form of another type is not taken for this one.
        expect(heldOf(await resolveSignatureFields(pdf.bytes, T183_2025)).reason).toBe('form_not_found');
      });
    }
  }
});

describe('resolveSignatureFields on PDFs that cannot take fields', () => {
  it('holds a scanned (image-only) PDF', async () => {
    const pdf = await buildPdf([{ kind: 'scan' }, { kind: 'scan' }]);
    const result = heldOf(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(result.reason).toBe('image_only');
    expect(result.pages.map((p) => p.hasText)).toEqual([false, false]);
    expect(result.message.fr).toContain('Ce PDF ne contient aucun texte');
  });

  it('says which pages have no text when the form is not found', async () => {
    const pdf = await buildPdf([{ kind: 'T1', step: 1 }, { kind: 'scan' }, { kind: 'T1', step: 2 }]);
    const result = heldOf(await resolveSignatureFields(pdf.bytes, T183_2025));
    expect(result.reason).toBe('form_not_found');
    expect(result.pageNumbers).toEqual([2]);
    expect(result.message.en).toContain('(pages without text: 2)');
  });

  it('opens a PDF encrypted by hand (RC4 40-bit) with the empty or the given password, and holds what it cannot open', async () => {
    // The hand-made print is a T183 reduced to its identifying lines and its signature caption.
    const open = await resolveSignatureFields(encryptedPdf(), T183_2025);
    expect(open).toMatchObject({ status: 'resolved', fields: [{ name: 'taxpayer_signature', placedBy: 'anchor' }], protection: { encryption: 'empty_password' } });
    const withPassword = await resolveSignatureFields(encryptedPdf({ userPassword: 'secret' }), T183_2025, { password: 'secret' });
    expect(withPassword).toMatchObject({ status: 'resolved', fields: [{ name: 'taxpayer_signature' }], protection: { encryption: 'password' } });
    const required = heldOf(await resolveSignatureFields(encryptedPdf({ userPassword: 'secret' }), T183_2025));
    expect(required.reason).toBe('password_required');
    expect(required.message.fr).toContain("aucun mot de passe n'a été fourni");
    const wrong = heldOf(await resolveSignatureFields(encryptedPdf({ userPassword: 'secret' }), T183_2025, { password: 'secreT' }));
    expect(wrong.reason).toBe('password_wrong');
    const certificate = heldOf(await resolveSignatureFields(encryptedPdf({ securityHandler: 'Adobe.PubSec' }), T183_2025));
    expect(certificate.reason).toBe('encrypted');
    expect(certificate.message.en).toContain('certificate security');
  });

  it('holds bytes that are not a PDF', async () => {
    const result = heldOf(await resolveSignatureFields(new TextEncoder().encode('NAS;Prénom;Nom\n130 692 544;Émilie;Côté\n'), T183_2025));
    expect(result.reason).toBe('unreadable');
  });

  it('holds a PDF that already carries a digital signature', async () => {
    const doc = await PDFDocument.load((await t183()).bytes);
    const value = doc.context.obj({ Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: 'adbe.pkcs7.detached', ByteRange: [0, 10, 20, 30] });
    const sig = doc.context.register(doc.context.obj({ FT: 'Sig', T: 'Signature1', V: doc.context.register(value), Type: 'Annot', Subtype: 'Widget', Rect: [0, 0, 0, 0] }));
    doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [sig], SigFlags: PDFNumber.of(3) }));
    const result = heldOf(await resolveSignatureFields(await doc.save({ useObjectStreams: false }), T183_2025));
    expect(result.reason).toBe('already_signed');
  });

  it('leaves the caller\'s bytes as they were', async () => {
    const pdf = await t183();
    const copy = pdf.bytes.slice();
    await resolveSignatureFields(pdf.bytes, T183_2025);
    expect(pdf.bytes.byteLength).toBe(copy.byteLength);
    expect(Buffer.from(pdf.bytes).equals(Buffer.from(copy))).toBe(true);
  });

  it('puts back the built-ins that pdfjs-dist\'s legacy build replaces with slower polyfills', async () => {
    await resolveSignatureFields((await t183()).bytes, T183_2025);
    expect(Array.prototype.push).toBe(NATIVES.push);
    expect(JSON.parse).toBe(NATIVES.parse);
    expect(JSON.stringify).toBe(NATIVES.stringify);
    expect(Function.prototype.toString).toBe(NATIVES.toString);
    expect(NATIVES.toString.call(Array.prototype.push)).toContain('[native code]');
  });

  it('throws only for arguments that are a programming error', async () => {
    await expect(resolveSignatureFields('T183.pdf' as unknown as Uint8Array, T183_2025)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(resolveSignatureFields(new Uint8Array(4), {} as typeof T183_2025)).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('placeSignatureFields (the pure core, with text runs of our own)', () => {
  const run = (str: string, x: number, y: number, size = 7): TextRun => ({ str, x, y, angle: 0, length: str.length * size * 0.5, size });
  const page = (runs: TextRun[]) => ({ page: 1, width: LETTER.width, height: LETTER.height, rotation: 0 as const, runs });
  const title = [run('Information Return for Electronic Filing of', 150, 730, 11), run("an Individual's Income Tax and Benefit Return", 150, 716, 11)];

  it('takes the time labels that follow HH on its line, not the month of a YYYY MM DD caption', () => {
    const result = placeSignatureFields(
      [
        page([
          ...title,
          run('Part F – Declaration and authorization', 36, 204, 8),
          run('Signature of individual or legal representative', 40, 140),
          run('Date (YYYY MM DD)', 310, 140),
          run('HH', 452, 140),
          run('MM', 479, 140),
          run('SS', 504, 140),
        ]),
      ],
      T183_2025,
    );
    const fields = resolved(result).fields;
    expect(field(fields, 'taxpayer_time_minutes').x).toBe(476);
    expect(field(fields, 'taxpayer_time_seconds').x).toBe(501);
  });

  it('needs the caption at the start of its line: the same words in a sentence are not a caption', () => {
    const result = placeSignatureFields(
      [page([...title, run('Part F – Declaration and authorization', 36, 204, 8), run('By signing below, your Signature confirms the declaration.', 40, 150)])],
      T183_2024,
    );
    expect(heldOf(result).reason).toBe('no_anchor');
  });

  it('only searches below the Part F heading', () => {
    const result = placeSignatureFields(
      [page([...title, run('Signature of individual or legal representative', 40, 600), run('Part F – Declaration and authorization', 36, 204, 8)])],
      T183_2024,
    );
    expect(heldOf(result).reason).toBe('no_anchor');
  });
});
