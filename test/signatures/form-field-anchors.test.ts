import { describe, expect, it } from 'vitest';
import { createLayoutRegistry, type FieldAnchor, type LayoutDefinition } from '../../src/index.js';
import { prepareForSignature, resolveSignatureFields } from '../../src/pdf.js';
import { buildPdf, SMALL } from '../fixtures/forms.js';
import { protectedForm, qpdfCheck } from '../fixtures/protected.js';
import { expectSameRect, widgetsByPdfjs } from './widgets.js';

const now = new Date('2026-11-22T15:00:00Z');
const unmeasured = { measured: false, note: 'the fillable form’s own field' } as const;

/** A firm's layout for the government's fillable T183, whose captions are graphics: placed on its own fields. */
const fillable: LayoutDefinition = {
  docType: 'T183-FILLABLE',
  formVersion: 'T183 fillable ({year})',
  title: { en: 'T183 (fillable PDF from canada.ca)', fr: 'T183 (PDF remplissable de canada.ca)' },
  identifiers: [['Information Return for Electronic Filing'], ['transmission électronique']],
  signers: ['taxpayer'],
  labelsSource: 'The field names of the fillable PDF, read with qpdf --json',
  fields: [
    {
      signer: 'taxpayer',
      type: 'signature',
      required: true,
      width: 200,
      height: 24,
      sizeProvenance: unmeasured,
      anchor: { text: [], formField: { name: 'PartF\\[0\\]\\.Signature', fit: true }, offset: { from: 'bottom-left', x: 0, y: 0 }, provenance: unmeasured },
    },
    {
      signer: 'taxpayer',
      type: 'date',
      required: true,
      width: 90,
      height: 16,
      sizeProvenance: unmeasured,
      anchor: { text: ['Date'], formField: { name: 'Certification.*Date|PartF.*Date' }, offset: { from: 'bottom-left', x: 2, y: 2 }, provenance: unmeasured },
    },
  ],
};

describe('anchors on existing AcroForm fields', () => {
  it('places fields on the form’s own fields, found by a pattern on their full names, on a protected government form', async () => {
    for (const size of [undefined, SMALL]) {
      const pages = [{ kind: 'T183', labels: false, ...(size === undefined ? {} : { size }) }] as const;
      const built = await buildPdf(pages);
      // The fields drawn where the print has its signature line and date box.
      const mark = built.marks[0];
      if (mark === undefined) throw new Error('no marks');
      const sig = mark.signature;
      const date = mark.date;
      const pdf = await protectedForm({
        pages,
        textFields: {
          'form1[0].Page1[0].PartA[0].SIN[0]': [400, 600, 560, 620],
          'form1[0].Page1[0].PartF[0].Signature[0]': [sig.x0, sig.y0, sig.x1, sig.y1],
          'form1[0].Page1[0].PartF[0].Certification[0].Date[0]': [date.x0, date.y0, date.x1, date.y1],
        },
        encrypt: { cipher: 'aes-128' },
        usageRights: true,
        xfa: true,
      });
      const layout = createLayoutRegistry([fillable], { now }).layoutFor(2025, 'T183-FILLABLE');
      const result = await resolveSignatureFields(pdf.bytes, layout);
      if (result.status !== 'resolved') throw new Error(result.message.en);
      expect(result.protection).toMatchObject({ encryption: 'empty_password', usageRights: true, xfa: true });
      const [signature, dateField] = result.fields;
      expect(signature).toMatchObject({ name: 'taxpayer_signature', placedBy: 'anchor', anchorText: 'form1[0].Page1[0].PartF[0].Signature[0]' });
      expect(dateField).toMatchObject({ name: 'taxpayer_date', placedBy: 'anchor', width: 90, height: 16 });
      const at = (field: typeof signature) => [field?.x, field?.y, field?.width, field?.height].map((n) => Math.round((n ?? NaN) * 100) / 100);
      const round = (n: number): number => Math.round(n * 100) / 100;
      expect(at(signature)).toEqual([sig.x0, sig.y0, sig.x1 - sig.x0, sig.y1 - sig.y0].map(round));
      expect(at(dateField)).toEqual([date.x0 + 2, date.y0 + 2, 90, 16].map(round));

      const out = await prepareForSignature(pdf.bytes, result.fields);
      expect(qpdfCheck(out).ok).toBe(true);
      const { widgets } = await widgetsByPdfjs(out);
      for (const field of result.fields) expectSameRect(widgets.find((w) => w.fieldName === field.name), field);
      // The form's own fields are still there.
      expect(widgets.map((w) => w.fieldName)).toEqual(expect.arrayContaining(['form1[0].Page1[0].PartF[0].Signature[0]', 'form1[0].Page1[0].PartA[0].SIN[0]']));
    }
  });

  it('falls back to the label text when no field matches, and holds when neither is there', async () => {
    const layout = createLayoutRegistry([fillable], { now }).layoutFor(2025, 'T183-FILLABLE');
    const labelled = await protectedForm({ textFields: { 'form1[0].Page1[0].PartF[0].Signature[0]': [40, 140, 290, 170] } });
    const result = await resolveSignatureFields(labelled.bytes, layout);
    expect(result).toMatchObject({ status: 'resolved', fields: [{ name: 'taxpayer_signature' }, { name: 'taxpayer_date', anchorText: 'Date' }] });
    const bare = await protectedForm({ pages: [{ kind: 'T183', labels: false }] });
    expect(await resolveSignatureFields(bare.bytes, layout)).toMatchObject({ status: 'held', reason: 'no_anchor' });
  });

  it('refuses a layout whose anchor has neither a label nor a field, or a field pattern that is not a regular expression', () => {
    const field = fillable.fields[0];
    const anchor = field?.anchor;
    if (field === undefined || anchor === undefined) throw new Error('no anchor');
    const broken = (a: FieldAnchor): LayoutDefinition => ({ ...fillable, fields: [{ ...field, anchor: a }] });
    expect(() => createLayoutRegistry([broken({ text: [], offset: anchor.offset, provenance: unmeasured })])).toThrow(/needs a label text or a formField/);
    expect(() => createLayoutRegistry([broken({ text: [], offset: anchor.offset, provenance: unmeasured, formField: { name: 'PartF[0' } })])).toThrow(/valid regular expression/);
  });
});
