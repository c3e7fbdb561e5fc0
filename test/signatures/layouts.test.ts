import { describe, expect, it } from 'vitest';
import {
  createLayoutRegistry,
  latestTaxYear,
  LayoutError,
  signatureLayoutFor,
  TaxsyncError,
  type LayoutDefinition,
  type SignatureLayout,
} from '../../src/index.js';
import { layoutDefinitionSchema } from '../../src/schemas.js';

const now = new Date('2026-11-22T15:00:00Z');
const BUILT_IN = ['T183', 'T183CORP', 'T183TRUST', 'TP-1000.TE', 'CO-1000.TE', 'AUTH'] as const;

const engagement: LayoutDefinition = {
  docType: 'ENGAGEMENT',
  formVersion: 'Lettre de mission v3',
  title: { en: 'Engagement letter', fr: 'Lettre de mission' },
  identifiers: [['Lettre de mission'], ['Engagement letter']],
  signers: ['taxpayer', 'preparer'],
  labelsSource: 'Our own template, version 3 (2025)',
  fields: [
    {
      signer: 'taxpayer',
      type: 'signature',
      required: true,
      width: 200,
      height: 30,
      sizeProvenance: { measured: false, note: 'fits the line of our template' },
      anchor: { text: ['Signature du client', 'Client signature'], offset: { from: 'top-left', x: 0, y: 4 }, provenance: { measured: false, note: 'above the caption' }, lineStart: true },
    },
    {
      signer: 'preparer',
      type: 'signature',
      required: true,
      width: 200,
      height: 30,
      sizeProvenance: { measured: false, note: 'fits the line of our template' },
      anchor: { text: ['Pour le cabinet', 'For the firm'], offset: { from: 'top-left', x: 0, y: 4 }, provenance: { measured: false, note: 'above the caption' }, lineStart: true },
    },
  ],
};

describe('signatureLayoutFor', () => {
  it('describes the T183 of a year: form version, signer, anchors in both languages', () => {
    const layout = signatureLayoutFor(2024, 'T183', { now });
    expect(layout.docType).toBe('T183');
    expect(layout.year).toBe(2024);
    expect(layout.formVersion).toBe('T183 (2024)');
    expect(layout.signers).toEqual(['taxpayer']);
    expect(layout.section?.text).toEqual(['Part F', 'Partie F']);
    const signature = layout.fields.find((f) => f.type === 'signature');
    expect(signature?.required).toBe(true);
    expect(signature?.anchor?.text).toContain('Signature of individual or legal representative');
    expect(signature?.anchor?.text).toContain('Signature du particulier ou de son représentant légal');
    expect(layout.fields.filter((f) => f.type === 'time').map((f) => f.component)).toEqual(['hours', 'minutes', 'seconds']);
    expect(layout.builtIn).toBe(true);
  });

  it('has fixed positions only where they were measured, each with its provenance', () => {
    const y2023 = signatureLayoutFor(2023, 'T183', { now });
    const sig2023 = y2023.fields.find((f) => f.type === 'signature');
    expect(sig2023?.fixed).toEqual([
      {
        page: 1,
        x: 40,
        y: 72,
        measured: expect.objectContaining({ producer: 'impotexpert', pageSize: { width: 576, height: 756 }, year: 2023, approximate: true }),
      },
    ]);
    expect(y2023.fields.find((f) => f.component === 'seconds')?.fixed[0]).toMatchObject({ x: 486, y: 49 });
    const sig2025 = signatureLayoutFor(2025, 'T183', { now }).fields.find((f) => f.type === 'signature');
    expect(sig2025?.fixed[0]).toMatchObject({ x: 40, y: 113, measured: { pageSize: { width: 612, height: 792 }, year: 2025 } });
    // 2024 was not measured: anchors only.
    expect(signatureLayoutFor(2024, 'T183', { now }).fields.every((f) => f.fixed.length === 0)).toBe(true);
    // The date box was never measured, in any year.
    expect(y2023.fields.find((f) => f.type === 'date')?.fixed).toEqual([]);
  });

  it('marks every size and offset that was not measured, for every built-in layout and year', () => {
    for (const docType of BUILT_IN) {
      const first = docType === 'T183TRUST' || docType === 'AUTH' ? 2021 : 2020;
      for (let year = first; year <= 2025; year++) {
        const layout = signatureLayoutFor(year, docType, { now });
        for (const field of layout.fields) {
          expect(field.sizeProvenance.measured, `${docType} ${year} ${field.type} size`).toBe(false);
          expect(field.anchor?.provenance.measured ?? false).toBe(false);
          for (const fixed of field.fixed) {
            expect(fixed.measured.source).toMatch(/ImpôtExpert/);
            expect(fixed.measured.year).toBe(year);
          }
        }
      }
    }
  });

  it('keeps the TP-1000.TE measurement that has no page size as documentation, with its two copies', () => {
    const layout = signatureLayoutFor(2023, 'TP-1000.TE', { now });
    expect(layout.copies).toEqual([2, 4]);
    expect(layout.fields.find((f) => f.type === 'signature')?.fixed).toEqual([
      { page: 2, x: 38, y: 298, measured: expect.objectContaining({ pageSize: null, producer: 'impotexpert' }) },
    ]);
  });

  it('leaves out measurements from another program or another page size', () => {
    const dtmax = signatureLayoutFor(2023, 'T183', { now, producer: 'dtmax' });
    expect(dtmax.producer).toBe('dtmax');
    expect(dtmax.fields.every((f) => f.fixed.length === 0)).toBe(true);
    expect(signatureLayoutFor(2023, 'T183', { now, producer: 'impotexpert' }).fields[0]?.fixed).toHaveLength(1);
    expect(signatureLayoutFor(2023, 'T183', { now, pageSize: { width: 612, height: 792 } }).fields[0]?.fixed).toEqual([]);
    expect(signatureLayoutFor(2023, 'T183', { now, pageSize: { width: 576.4, height: 755.8 } }).fields[0]?.fixed).toHaveLength(1);
  });

  it('gives each signer of the corporate, trust and Quebec forms', () => {
    expect(signatureLayoutFor(2025, 'T183CORP', { now }).signers).toEqual(['signing_officer']);
    expect(signatureLayoutFor(2025, 'T183TRUST', { now }).signers).toEqual(['trustee']);
    expect(signatureLayoutFor(2025, 'TP-1000.TE', { now }).signers).toEqual(['taxpayer']);
    expect(signatureLayoutFor(2025, 'CO-1000.TE', { now }).signers).toEqual(['signing_officer']);
    expect(signatureLayoutFor(2025, 'AUTH', { now }).signers).toEqual(['taxpayer']);
  });

  it('accepts the document type however it is spelled', () => {
    expect(signatureLayoutFor(2025, 't183 corp', { now }).docType).toBe('T183CORP');
    expect(signatureLayoutFor(2025, 'TP1000TE', { now }).docType).toBe('TP-1000.TE');
  });

  it('supports years up to the latest tax year that can be filed, computed from the clock', () => {
    expect(latestTaxYear(now)).toBe(2025);
    expect(latestTaxYear(new Date('2027-02-01T00:00:00Z'))).toBe(2026);
    expect(() => signatureLayoutFor(2026, 'T183', { now })).toThrow(LayoutError);
    expect(signatureLayoutFor(2026, 'T183', { now: new Date('2027-03-01T00:00:00Z') }).year).toBe(2026);
  });

  it('throws a typed error listing what is supported for an unknown year or type', () => {
    let error: unknown;
    try {
      signatureLayoutFor(2019, 'T183', { now });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LayoutError);
    expect(TaxsyncError.isInstance(error)).toBe(true);
    const layoutError = error as LayoutError;
    expect(layoutError.code).toBe('layout_unknown');
    expect(layoutError.messageIn('en')).toBe(
      'No signature layout for T183 2019. Supported: T183 2020–2025, T183CORP 2020–2025, T183TRUST 2021–2025, TP-1000.TE 2020–2025, CO-1000.TE 2020–2025, AUTH 2021–2025.',
    );
    expect(layoutError.message).toBe(layoutError.messageIn('fr'));
    expect(layoutError.messageIn('fr')).toMatch(/^Aucune disposition de signature pour T183 2019\. Pris en charge : T183 2020–2025/);
    expect(() => signatureLayoutFor(2025, 'T1013', { now })).toThrow(/^Aucune disposition de signature pour T1013 2025\./);
    expect(() => signatureLayoutFor(2024.5, 'T183', { now })).toThrow(LayoutError);
  });

  it('returns frozen layouts that callers cannot change', () => {
    const layout = signatureLayoutFor(2025, 'T183', { now });
    expect(Object.isFrozen(layout)).toBe(true);
    expect(Object.isFrozen(layout.fields[0]?.anchor?.text)).toBe(true);
    expect(() => {
      (layout.fields as SignatureLayout['fields'][number][]).push(layout.fields[0] as SignatureLayout['fields'][number]);
    }).toThrow(TypeError);
    expect(signatureLayoutFor(2025, 'T183', { now }).fields).toHaveLength(5);
  });

  it('ships layouts that pass the same validation firms get', () => {
    for (const docType of BUILT_IN) {
      const layout = signatureLayoutFor(2025, docType, { now });
      const asDefinition = {
        docType: layout.docType,
        formVersion: layout.formVersion,
        title: layout.title,
        identifiers: layout.identifiers,
        ...(layout.section ? { section: layout.section } : {}),
        signers: layout.signers,
        fields: layout.fields.map(({ fixed: _fixed, ...rest }) => rest),
        ...(layout.copies ? { copies: layout.copies } : {}),
        labelsSource: layout.labelsSource,
      };
      expect(layoutDefinitionSchema.safeParse(asDefinition).success, docType).toBe(true);
    }
  });
});

describe('createLayoutRegistry', () => {
  it('knows the firm documents it was given, and the built-in forms', () => {
    const registry = createLayoutRegistry([engagement], { now });
    const letter = registry.layoutFor(2025, 'engagement');
    expect(letter.docType).toBe('ENGAGEMENT');
    expect(letter.builtIn).toBe(false);
    expect(letter.signers).toEqual(['taxpayer', 'preparer']);
    expect(registry.layoutFor(1998, 'ENGAGEMENT').year).toBe(1998);
    expect(registry.layoutFor(2025, 'T183').builtIn).toBe(true);
    expect(registry.list().map((l) => l.docType)).toEqual([...BUILT_IN, 'ENGAGEMENT']);
    expect(registry.list().find((l) => l.docType === 'T183')).toMatchObject({
      firstYear: 2020,
      lastYear: 2025,
      measurements: [
        { year: 2023, producer: 'impotexpert', pageSize: { width: 576, height: 756 } },
        { year: 2025, producer: 'impotexpert', pageSize: { width: 612, height: 792 } },
      ],
    });
    let refused: unknown;
    try {
      registry.layoutFor(2025, 'PROCURATION');
    } catch (e) {
      refused = e;
    }
    expect(LayoutError.isInstance(refused) ? refused.messageIn('en') : refused).toMatch(/Supported: .*ENGAGEMENT \(any year\)/);
  });

  it('keeps no state between registries and copies what it was given', () => {
    const mutable = structuredClone(engagement) as { -readonly [K in keyof LayoutDefinition]: LayoutDefinition[K] };
    const registry = createLayoutRegistry([mutable], { now });
    mutable.formVersion = 'changed after registration';
    expect(registry.layoutFor(2025, 'ENGAGEMENT').formVersion).toBe('Lettre de mission v3');
    expect(() => createLayoutRegistry([], { now }).layoutFor(2025, 'ENGAGEMENT')).toThrow(LayoutError);
    expect(() => signatureLayoutFor(2025, 'ENGAGEMENT', { now })).toThrow(LayoutError);
  });

  it('refuses a firm layout that reuses a built-in document type', () => {
    expect(() => createLayoutRegistry([{ ...engagement, docType: 't183' }])).toThrow(
      expect.objectContaining({ code: 'layout_clash', message: expect.stringContaining('built-in T183') }),
    );
  });

  it('refuses two firm layouts of one type for the same years, and accepts them for different years', () => {
    expect(() => createLayoutRegistry([engagement, { ...engagement, firstYear: 2024 }])).toThrow(expect.objectContaining({ code: 'layout_clash' }));
    const registry = createLayoutRegistry(
      [
        { ...engagement, lastYear: 2023, formVersion: 'v2' },
        { ...engagement, firstYear: 2024, formVersion: 'v3' },
      ],
      { now },
    );
    expect(registry.layoutFor(2022, 'ENGAGEMENT').formVersion).toBe('v2');
    expect(registry.layoutFor(2025, 'ENGAGEMENT').formVersion).toBe('v3');
  });

  it('validates firm layouts and says what is wrong', () => {
    const noPlacement = {
      ...engagement,
      fields: [{ signer: 'taxpayer', type: 'signature', required: true, width: 200, height: 30, sizeProvenance: { measured: false, note: 'x' } }],
    } as LayoutDefinition;
    expect(() => createLayoutRegistry([noPlacement])).toThrow(
      expect.objectContaining({ name: 'LayoutError', code: 'layout_invalid', message: expect.stringContaining('neither an anchor nor a measured position') }),
    );
    const unknownSigner = { ...engagement, signers: ['taxpayer'] } as LayoutDefinition;
    expect(() => createLayoutRegistry([unknownSigner])).toThrow(/preparer is not in signers/);
    const badMeasurement = {
      ...engagement,
      measurements: [{ measured: { source: 'ruler', producer: 'word', pageSize: { width: 612, height: 792 }, year: 2025 }, positions: [{ field: 'spouse_signature', page: 1, x: 10, y: 10 }] }],
    } as LayoutDefinition;
    expect(() => createLayoutRegistry([badMeasurement])).toThrow(/no field is spouse_signature/);
    expect(() => createLayoutRegistry([{ ...engagement, docType: '' }])).toThrow(expect.objectContaining({ code: 'layout_invalid' }));
  });
});
