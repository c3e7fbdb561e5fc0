import { describe, expect, it } from 'vitest';
import { matchPdfToClient } from '../../src/index.js';
import { foldName, foldWords } from '../../src/model/fold.js';

describe('folding names', () => {
  it('ignores case, accents and ligatures, in words and whole', () => {
    expect(foldName("Lœuillet-D'Amour")).toBe('loeuilletdamour');
    expect(foldWords('Søren Łukasz HÉLÈNE')).toEqual(['soren', 'lukasz', 'helene']);
    expect(foldWords('Đorđe  Æsir-Strauß')).toEqual(['dorde', 'aesir', 'strauss']);
  });

  it('lets a file name in plain letters match a client whose name carries ø (once split in two words)', () => {
    const client = { id: 'c1', kind: 'individual' as const, firstName: 'Søren', lastName: 'Lœuillet', sin: '046454286' };
    const result = matchPdfToClient('Soren Loeuillet - T1 2025.pdf', [client]);
    expect(result.status).toBe('matched');
  });
});
