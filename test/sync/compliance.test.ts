/**
 * The checks before e-filing: readyToTransmit and the $300 rule; and signature times rendered in the signer's zone.
 */
import { describe, expect, it } from 'vitest';
import { formatSignatureTime, isTaxsyncError, needsNewAuthorization, readyToTransmit, type SignatureRecord } from '../../src/index.js';

const signedRecord = (documentType: string, signedAt: string, extra: Partial<SignatureRecord> = {}): SignatureRecord => ({
  taxpayerId: 'c-zoe',
  clientFileId: 'GAGNON-2025',
  taxYear: 2025,
  documentType,
  signature: {
    signedAt,
    timeZone: 'America/Montreal',
    signerName: 'Zoé Gagnon-Tremblay',
    signerRole: 'taxpayer',
    certificateId: 'CERT-1',
    channel: 'portal',
    signedPdfSha256: 'ab'.repeat(32),
    completionId: 'env-1',
  },
  ...extra,
});

describe('the $300 rule', () => {
  it('asks for a new form only above $300 of change, either way', () => {
    expect(needsNewAuthorization(-125_000, -155_001)).toBe(true);
    expect(needsNewAuthorization(-125_000, -155_000)).toBe(false);
    expect(needsNewAuthorization(42_000, 12_000)).toBe(false);
    expect(needsNewAuthorization(42_000, 11_999)).toBe(true);
    expect(needsNewAuthorization(-10_000, 20_001)).toBe(true);
  });
});

describe('readyToTransmit', () => {
  it('is ready when every form is signed before transmission with its channel', () => {
    const records = [signedRecord('T183', '2026-03-20T15:00:00Z'), signedRecord('TP-1000.TE', '2026-03-20T15:01:00Z')];
    expect(readyToTransmit({ taxpayerId: 'c-zoe', forms: ['T183', 'TP-1000.TE'], records }, 2025, { at: '2026-04-01T12:00:00Z' })).toEqual({ ready: true, problems: [] });
  });

  it('lists every problem with a message in French or English', () => {
    const records = [
      signedRecord('T183', '2026-04-02T13:00:05Z', { transmittedAt: '2026-04-02T13:00:00Z', amountAtSigningCents: -125_000 }),
      { ...signedRecord('CO-1000.TE', '2026-03-01T12:00:00Z'), taxYear: 2024 },
    ];
    const fr = readyToTransmit({ taxpayerId: 'c-zoe', forms: ['T183', 'TP-1000.TE'], records }, 2025, { currentAmountCents: -162_550 });
    expect(fr.ready).toBe(false);
    expect(fr.problems.map((p) => [p.documentType, p.code])).toEqual([
      ['T183', 'signed_after_transmission'],
      ['T183', 'new_authorization_needed'],
      ['TP-1000.TE', 'not_signed'],
    ]);
    expect(fr.problems[1]?.message).toContain('375,50 $');
    expect(fr.problems[0]?.message).toContain('2026/04/02 09:00:05 (America/Montreal)');
    const en = readyToTransmit({ taxpayerId: 'c-zoe', forms: ['T183'], records }, 2025, { currentAmountCents: -162_550, locale: 'en' });
    expect(en.problems[1]?.message).toContain('$375.50');
  });

  it('is never ready on a time it cannot read, and names the field (it neither throws nor passes)', () => {
    const ok = signedRecord('T183', '2026-03-14T19:42:07Z');
    const cases: [string, typeof ok][] = [
      ['transmittedAt', { ...ok, transmittedAt: '2026-04-02 13:00 HAE' }],
      ['transmittedAt', { ...ok, transmittedAt: '' }],
      ['signature.signedAt', { ...ok, signature: { ...ok.signature!, signedAt: '14/03/2026 15:42' } }],
      ['signature.timeZone', { ...ok, signature: { ...ok.signature!, timeZone: 'HAE' } }],
    ];
    for (const [field, record] of cases) {
      const result = readyToTransmit({ taxpayerId: 'c-zoe', forms: ['T183'], records: [record] }, 2025, { at: '2026-04-30T12:00:00-04:00', locale: 'fr' });
      expect(result.ready, field).toBe(false);
      expect(result.problems.map((p) => [p.code, p.params])).toEqual([['record_unreadable', { form: 'T183', year: 2025, field }]]);
      expect(result.problems[0]?.message).toContain(`a un champ ${field} illisible`);
    }
    expect(readyToTransmit({ taxpayerId: 'c-zoe', forms: ['T183'], records: [ok] }, 2025, { at: '2026-04-30T12:00:00-04:00' }).ready).toBe(true);
    expect(() => readyToTransmit({ taxpayerId: 'c-zoe', records: [ok] }, 2025, { at: 'demain' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('refuses a signature with no recorded channel, and a signature later than the planned transmission', () => {
    const record = signedRecord('T183', '2026-04-05T10:00:00Z');
    const noChannel = { ...record, signature: { ...record.signature!, channel: undefined as unknown as 'portal' } };
    const result = readyToTransmit({ taxpayerId: 'c-zoe', records: [noChannel] }, 2025, { at: '2026-04-01T00:00:00Z', locale: 'en' });
    expect(result.problems.map((p) => p.code)).toEqual(['signed_after_transmission', 'channel_missing']);
    expect(readyToTransmit({ taxpayerId: 'c-zoe', records: [] }, 2025).problems.map((p) => `${p.documentType} ${p.code}`)).toEqual(['T183 not_signed']);
  });
});

describe('formatSignatureTime', () => {
  it('renders Y/M/D HH:MM:SS in the explicit zone, across daylight-saving changes', () => {
    expect(formatSignatureTime('2026-03-08T06:59:59Z', 'America/Toronto')).toBe('2026/03/08 01:59:59');
    expect(formatSignatureTime('2026-03-08T07:00:00Z', 'America/Toronto')).toBe('2026/03/08 03:00:00');
    expect(formatSignatureTime('2026-01-15T03:30:00Z', 'America/St_Johns')).toBe('2026/01/15 00:00:00');
    expect(formatSignatureTime(new Date('2025-12-31T23:59:59Z'), 'UTC')).toBe('2025/12/31 23:59:59');
    expect(formatSignatureTime('2026-01-01T04:59:59Z', 'America/Montreal')).toBe('2025/12/31 23:59:59');
  });

  it('refuses an unknown zone or a non-date with a typed error', () => {
    const error = (() => {
      try {
        return formatSignatureTime('2026-03-08T07:00:00Z', 'Mars/Olympus');
      } catch (e) {
        return e;
      }
    })();
    expect(isTaxsyncError(error) && error.code).toBe('invalid_input');
    expect(() => formatSignatureTime('hier', 'UTC')).toThrow(/ISO 8601/);
  });
});
