import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, toDocumensoFields, toDocuSealFields, toDocuSignTabs, type PlacedField } from '../../src/index.js';

const letter = { width: 612, height: 792 };
const small = { width: 576, height: 756 };

const signature: PlacedField = { name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 40, y: 113, width: 220, height: 24, required: true };
const date: PlacedField = { name: 'taxpayer_date', signer: 'taxpayer', type: 'date', page: 1, x: 310, y: 118.46, width: 90, height: 18, required: false };
const hours: PlacedField = { name: 'taxpayer_time_hours', signer: 'taxpayer', type: 'time', component: 'hours', page: 1, x: 449, y: 89, width: 22, height: 16, required: false };
const spouse: PlacedField = { name: 'spouse_signature_copy2', signer: 'spouse', type: 'signature', page: 2, x: 38, y: 298, width: 220, height: 24 };

describe('toDocuSignTabs', () => {
  it('gives each signer tabs in points from the top-left corner, by their upper-left corner', () => {
    const tabs = toDocuSignTabs([signature, date, hours, spouse], [letter, small], { documentId: '3' });
    expect(tabs.taxpayer?.signHereTabs).toEqual([
      { documentId: '3', pageNumber: '1', xPosition: '40', yPosition: '655', width: '220', height: '24', tabLabel: 'taxpayer_signature', optional: 'false' },
    ]);
    // 792 - (118.46 + 18) = 655.54
    expect(tabs.taxpayer?.dateSignedTabs[0]).toMatchObject({ xPosition: '310', yPosition: '656', optional: 'true' });
    expect(tabs.taxpayer?.textTabs).toEqual([expect.objectContaining({ tabLabel: 'taxpayer_time_hours', yPosition: '687', locked: 'true' })]);
    // Page 2 is 756 high: 756 - (298 + 24) = 434.
    expect(tabs.spouse?.signHereTabs[0]).toMatchObject({ documentId: '3', pageNumber: '2', xPosition: '38', yPosition: '434' });
    expect(tabs.signing_officer).toBeUndefined();
  });

  it('refuses a field on a page it has no size for', () => {
    expect(() => toDocuSignTabs([spouse], [letter])).toThrow(InvalidArgumentError);
    let refused: unknown;
    try {
      toDocuSignTabs([spouse], [letter]);
    } catch (error) {
      refused = error;
    }
    expect(InvalidArgumentError.isInstance(refused) ? refused.messageIn('en') : refused).toContain('Field spouse_signature_copy2 cannot be used: page 2 is not among the 1 page size(s) given.');
    expect(InvalidArgumentError.isInstance(refused) ? refused.message : refused).toMatch(/^Le champ spouse_signature_copy2 ne pe/);
  });
});

describe('toDocumensoFields', () => {
  it('gives percentages of the page from its top-left corner', () => {
    expect(toDocumensoFields([signature, hours], [letter])).toEqual([
      { type: 'SIGNATURE', signer: 'taxpayer', name: 'taxpayer_signature', pageNumber: 1, pageX: 6.54, pageY: 82.7, width: 35.95, height: 3.03, required: true },
      { type: 'TEXT', signer: 'taxpayer', name: 'taxpayer_time_hours', pageNumber: 1, pageX: 73.37, pageY: 86.74, width: 3.59, height: 2.02, required: false },
    ]);
  });
});

describe('toDocuSealFields', () => {
  it('gives fractions of the page from its top-left corner, pages from 1', () => {
    expect(toDocuSealFields([date, spouse], [letter, small])).toEqual([
      { name: 'taxpayer_date', type: 'date', role: 'taxpayer', required: false, areas: [{ x: 0.5065, y: 0.8277, w: 0.1471, h: 0.0227, page: 1 }] },
      { name: 'spouse_signature_copy2', type: 'signature', role: 'spouse', required: true, areas: [{ x: 0.066, y: 0.5741, w: 0.3819, h: 0.0317, page: 2 }] },
    ]);
  });

  it('agrees with the other converters on where a field is', () => {
    const [seal] = toDocuSealFields([signature], [letter]);
    const [documenso] = toDocumensoFields([signature], [letter]);
    const docusign = toDocuSignTabs([signature], [letter]).taxpayer?.signHereTabs[0];
    expect(seal?.areas[0]?.y).toBeCloseTo((documenso?.pageY ?? 0) / 100, 3);
    expect(Number(docusign?.yPosition)).toBeCloseTo((seal?.areas[0]?.y ?? 0) * letter.height, 0);
  });
});
