import { describe, expect, it } from 'vitest';
import { maskBirthDate, maskBusinessNumber, maskSin, messageCodes, renderMessage, type MessageCode } from '../../src/index.js';

const NINE_DIGIT_RUN = /\d{9}|\d{3}[\s-]\d{3}[\s-]\d{3}/;

describe('message catalogue', () => {
  it('has the codes the parsers and errors use', () => {
    for (const code of ['sin_invalid', 'sin_truncated', 'sin_scientific', 'duplicate_key', 'date_ambiguous', 'extra_cells', 'encoding_invalid', 'unclosed_quote', 'empty_input', 'binary_input', 'no_header', 'column_not_found', 'unknown_field', 'kind_undetected'] as const) {
      expect(messageCodes).toContain(code);
    }
    expect(new Set(messageCodes).size).toBe(messageCodes.length);
    expect(Object.isFrozen(messageCodes)).toBe(true);
  });

  // Params read back from stored data (a union of codes) are not checked by the compiler: a template never throws on
  // them and never prints `undefined`, even when they are empty.
  it.each(messageCodes.map((code) => [code]))('%s renders stored params it does not know without throwing', (code) => {
    for (const locale of ['fr', 'en'] as const) {
      const text = renderMessage<MessageCode>(code, {}, locale);
      expect(text).not.toContain('undefined');
      expect(text).not.toMatch(NINE_DIGIT_RUN);
    }
  });

  it('substitutes masked values where the text names them', () => {
    expect(renderMessage('sin_invalid', { value: maskSin('130 692 545') }, 'fr')).toBe(
      "Le NAS *** *** 545 n'est pas valide : son chiffre de contrôle ne correspond pas. Vérifiez le numéro dans le logiciel d'impôt.",
    );
    const bn = renderMessage('bn_invalid', { value: maskBusinessNumber('123456783RC0001'), reason: 'checksum' }, 'en');
    expect(bn).toMatch(/^Business number \*\*\* \*\*\* 783 RC0001 is not valid \(.+\)\. Check it against the CRA's records\.$/);
    expect(renderMessage('duplicate_key', { kind: 'sin', key: maskSin('130692544'), otherRow: 4 }, 'en')).toBe(
      'SIN *** *** 544 also appears on row 4. Both rows are kept; the import will ask which one is right.',
    );
    expect(renderMessage('date_invalid', { value: maskBirthDate('1980-02-30'), column: 'DDN' }, 'fr')).toContain('1980-**-**');
  });

  it('keeps optional parts out when their parameter is absent', () => {
    expect(renderMessage('binary_input', {}, 'en')).toBe('This is not a text (CSV) file. Export the client list as CSV.');
    expect(renderMessage('binary_input', { detected: 'a PNG image' }, 'en')).toBe(
      'This is not a text (CSV) file — it looks like a PNG image. Export the client list as CSV.',
    );
    expect(renderMessage('no_header', { found: '' }, 'fr')).toContain('En-têtes trouvés : (aucun).');
  });
});
