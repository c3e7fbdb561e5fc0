import vm from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError, isTaxsyncError, parseDtmaxCsv, ParseError, renderMessage, TaxsyncError } from '../../src/index.js';

describe('TaxsyncError', () => {
  it('carries a stable code, its params, and a message in DEFAULT_LOCALE (French) by default', () => {
    const error = new TaxsyncError('column_not_found', { field: 'sin', header: 'No assurance sociale', found: 'NAS, Prénom, Nom' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TaxsyncError');
    expect(error.code).toBe('column_not_found');
    expect(error.params).toEqual({ field: 'sin', header: 'No assurance sociale', found: 'NAS, Prénom, Nom' });
    expect(error.message).toBe("options.columns associe sin à « No assurance sociale », mais le fichier n'a pas cet en-tête. En-têtes trouvés : NAS, Prénom, Nom.");
    expect(error.messageIn('en')).toBe('options.columns maps sin to "No assurance sociale", but the file has no such header. Headers found: NAS, Prénom, Nom.');
  });

  it('renders its message in the requested locale, and the other one with messageIn', () => {
    const error = new ParseError('empty_input', {}, { locale: 'fr' });
    expect(error.message).toBe("Le fichier est vide. Exportez de nouveau la liste de clients depuis le logiciel d'impôt.");
    expect(error.messageIn('en')).toBe('The file is empty. Export the client list again from the tax program.');
    expect(error.messageIn('fr')).toBe(error.message);
  });

  it('keeps the cause', () => {
    const cause = new RangeError('offset out of bounds');
    const error = new ParseError('read_failed', { detail: 'truncated file' }, { cause });
    expect(error.cause).toBe(cause);
    expect(error.messageIn('en')).toBe('The file could not be read: truncated file.');
    expect('cause' in new ParseError('read_failed', { detail: 'x' })).toBe(false);
  });

  it('has one subclass per failure family, each a TaxsyncError', () => {
    const parse = new ParseError('no_header', { found: 'A, B' });
    const arg = new InvalidArgumentError('invalid_input', { detail: 'a number' });
    expect(parse).toBeInstanceOf(TaxsyncError);
    expect(parse.name).toBe('ParseError');
    expect(arg).toBeInstanceOf(TaxsyncError);
    expect(arg.name).toBe('InvalidArgumentError');
    expect(arg.messageIn('en')).toBe('Unsupported input: a number.');
    expect(isTaxsyncError(parse)).toBe(true);
    expect(isTaxsyncError(arg)).toBe(true);
  });

  it('is what the parsers throw, with a code to switch on', async () => {
    const error: unknown = await parseDtmaxCsv(new Uint8Array(0)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTaxsyncError(error)).toBe(true);
    expect(error).toBeInstanceOf(ParseError);
    if (!isTaxsyncError(error)) return;
    expect(error.code).toBe('empty_input');
    expect(error.messageIn('fr')).toBe(renderMessage('empty_input', {}, 'fr'));
  });
});

describe('isTaxsyncError', () => {
  it('says false for other errors and values', () => {
    expect(isTaxsyncError(new Error('boom'))).toBe(false);
    expect(isTaxsyncError({ code: 'empty_input', message: 'The file is empty.' })).toBe(false);
    expect(isTaxsyncError(null)).toBe(false);
    expect(isTaxsyncError(undefined)).toBe(false);
    expect(isTaxsyncError('empty_input')).toBe(false);
    expect(TaxsyncError.isInstance(new Error('boom'))).toBe(false);
  });

  it('recognises an error made in another realm, where instanceof fails', () => {
    // A second copy of taxsync marks its errors with the same registered symbol; Symbol.for is shared across realms.
    const foreign: unknown = vm.runInNewContext(`
      class TaxsyncError extends Error {
        constructor() {
          super('The file is empty.');
          this.name = 'TaxsyncError';
          this.code = 'empty_input';
          this.params = {};
          Object.defineProperty(this, Symbol.for('taxsync.error'), { value: true });
        }
      }
      new TaxsyncError();
    `);
    expect(foreign instanceof Error).toBe(false);
    expect(foreign instanceof TaxsyncError).toBe(false);
    expect(isTaxsyncError(foreign)).toBe(true);
    expect(TaxsyncError.isInstance(foreign)).toBe(true);
  });

  it('says false for an error from another realm without the marker', () => {
    const foreign: unknown = vm.runInNewContext(`const e = new Error('boom'); e.code = 'empty_input'; e`);
    expect(isTaxsyncError(foreign)).toBe(false);
  });

  it('recognises an error from a second copy of the package', async () => {
    // After resetModules the loader evaluates the whole module graph again: a second copy, as with two installs.
    vi.resetModules();
    const second = await import('../../src/index.js');
    expect(second.TaxsyncError).not.toBe(TaxsyncError);
    const error = new second.ParseError('binary_input', { detected: 'a PDF document' });
    expect(error instanceof TaxsyncError).toBe(false);
    expect(isTaxsyncError(error)).toBe(true);
    expect(second.isTaxsyncError(new ParseError('empty_input'))).toBe(true);
  });
});
