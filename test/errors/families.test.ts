/**
 * The error families: each has its own code union and its own `isInstance`, true for that family (and its
 * subclasses) only, across a second copy of the package; `TaxsyncError.isInstance` is true for all of them.
 */
import vm from 'node:vm';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  ClientNotFoundError,
  ClientExistsError,
  InvalidArgumentError,
  LayoutError,
  parseDtmaxCsv,
  ParseError,
  PdfError,
  PlanError,
  PortDataError,
  TaxsyncError,
  VersionConflictError,
  WebhookVerificationError,
  ZipError,
  type ErrorCode,
  type InvalidArgumentErrorCode,
  type LayoutErrorCode,
  type ParseErrorCode,
  type PdfErrorCode,
  type PlanErrorCode,
  type ZipErrorCode,
} from '../../src/index.js';
import { SmtpMailError, type SmtpErrorCode } from '../../src/smtp.js';
import { PortalHttpError, type PortalHttpErrorCode } from '../../src/http.js';
import { InflateLimitError } from '../../src/errors/inflate-limit.js';
import { encodeText } from '../fixtures/csv.js';

/** What a family's class looks like from outside: a constructor with a static `isInstance`. */
interface Family {
  readonly name: string;
  isInstance(value: unknown): boolean;
}

const rejection = async (run: () => unknown): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

/**
 * One real error of every family, from the public call that throws it where one is cheap to make (SMTP, the HTTP
 * portal and the inflate limit are built directly: their adapters' own tests make them against real servers).
 */
async function oneOfEach(exports: {
  readonly root: typeof import('../../src/index.js');
  readonly pdf: typeof import('../../src/pdf.js');
  readonly smtp: typeof import('../../src/smtp.js');
  readonly http: typeof import('../../src/http.js');
  readonly inflate: typeof import('../../src/errors/inflate-limit.js');
}): Promise<Map<string, unknown>> {
  const { root, pdf, smtp, http, inflate } = exports;
  const store = root.createMemoryClientStore();
  const { client } = await store.create({ record: { kind: 'individual', sin: '130692544', firstName: 'Zoé', lastName: 'Côté' } });
  return new Map<string, unknown>([
    ['ParseError', await rejection(() => root.parseDtmaxCsv(encodeText('', 'windows-1252')))],
    ['InvalidArgumentError', await rejection(() => root.compileNamingPattern('déclaration.pdf'))],
    ['ZipError', await rejection(() => root.readZip(encodeText('Ceci n’est pas une archive', 'windows-1252')))],
    ['LayoutError', await rejection(() => root.signatureLayoutFor(1987, 'T183'))],
    ['PdfError', await rejection(() => pdf.prepareForSignature(encodeText('%PDF-1.7 tronqué', 'windows-1252'), []))],
    ['VersionConflictError', await rejection(() => store.update({ id: client.id, record: client, expectedVersion: 'périmée' }))],
    ['ClientNotFoundError', await rejection(() => store.update({ id: 'client-inconnu', record: client }))],
    ['ClientExistsError', await rejection(() => store.create({ record: { kind: 'individual', sin: '130692544', firstName: 'Zoé', lastName: 'Gagnon' } }))],
    ['WebhookVerificationError', await rejection(() => root.verifyPortalWebhook('{}', {}, 'secret'))],
    // A host's store holding a SIN Excel cut to eight digits.
    [
      'PortDataError',
      await rejection(() =>
        root.previewClientImport(
          { source: 'dtmax', file: encodeText('NAS;Prénom;Nom\r\n130 692 544;Zoé;Côté\r\n', 'windows-1252') },
          { store: root.createMemoryClientStore({ clients: [{ kind: 'individual', sin: '13069254', firstName: 'Zoé', lastName: 'Côté' }] }) },
        ),
      ),
    ],
    ['InflateLimitError', new inflate.InflateLimitError({ limit: 'maxBytes', value: 1024, option: 'inflateLimits.maxBytes' })],
    ['SmtpMailError', new smtp.SmtpMailError('smtp_rejected', { detail: '550 5.1.1 <zoe@exemple.ca>: boîte inconnue' }, { retryable: false })],
    ['PlanError', new root.PlanError('plan_tampered', {})],
    ['PortalHttpError', new http.PortalHttpError('portal_unauthorized', { method: 'GET', path: '/v1/users', status: 401 }, { attempts: 1, status: 401 })],
  ]);
}

const FAMILIES: readonly Family[] = [
  ParseError,
  InvalidArgumentError,
  ZipError,
  LayoutError,
  PdfError,
  VersionConflictError,
  ClientNotFoundError,
  ClientExistsError,
  WebhookVerificationError,
  PortDataError,
  InflateLimitError,
  SmtpMailError,
  PortalHttpError,
  PlanError,
];

const here = async (): Promise<Map<string, unknown>> =>
  oneOfEach({
    root: await import('../../src/index.js'),
    pdf: await import('../../src/pdf.js'),
    smtp: await import('../../src/smtp.js'),
    http: await import('../../src/http.js'),
    inflate: await import('../../src/errors/inflate-limit.js'),
  });

/** The matrix of `Family.isInstance(error of family)`: true exactly on the diagonal. */
function matrix(errors: ReadonlyMap<string, unknown>): string[] {
  return FAMILIES.flatMap((family) => [...errors].filter(([, error]) => family.isInstance(error)).map(([of]) => `${family.name} ← ${of}`));
}
const DIAGONAL = FAMILIES.map((family) => `${family.name} ← ${family.name}`);

describe('the error families', () => {
  it('are thrown by the public calls, each of its own class and name', async () => {
    const errors = await here();
    expect([...errors.keys()].sort()).toEqual(FAMILIES.map((f) => f.name).sort());
    for (const [name, error] of errors) {
      expect(error, name).toBeInstanceOf(TaxsyncError);
      expect((error as Error).name).toBe(name);
    }
    expect((errors.get('ZipError') as ZipError).code).toBe('zip_invalid');
    expect((errors.get('VersionConflictError') as VersionConflictError).code).toBe('version_conflict');
    expect((errors.get('WebhookVerificationError') as WebhookVerificationError).reason).toBe('missing_header');
    expect((errors.get('PortDataError') as PortDataError).params).toEqual({ port: 'ClientStore', method: 'list', field: 'sin', problem: 'format', item: 1 });
  });

  it('isInstance is true for its own family only, and TaxsyncError.isInstance for every one', async () => {
    const errors = await here();
    expect(matrix(errors)).toEqual(DIAGONAL);
    for (const [name, error] of errors) expect(TaxsyncError.isInstance(error), name).toBe(true);
    // A plain TaxsyncError (what adapters throw for store_failed…) belongs to no family.
    const plain = new TaxsyncError('store_failed', { operation: 'create' });
    expect(FAMILIES.filter((family) => family.isInstance(plain))).toEqual([]);
    expect(TaxsyncError.isInstance(plain)).toBe(true);
  });

  it('says false for values that are not taxsync errors', () => {
    for (const value of [new Error('boom'), { code: 'empty_input', name: 'ParseError' }, null, undefined, 'zip_invalid', 42]) {
      expect(FAMILIES.filter((family) => family.isInstance(value))).toEqual([]);
    }
  });

  it("includes the host's subclasses of a family, and nothing else", () => {
    class CabinetParseError extends ParseError {}
    const error = new CabinetParseError('no_header', { found: 'Nom, Prénom', expected: 'NAS' });
    expect(FAMILIES.filter((family) => family.isInstance(error))).toEqual([ParseError]);
    expect(TaxsyncError.isInstance(error)).toBe(true);
  });

  it('holds across a second copy of the package, both ways', async () => {
    const errors = await here();
    vi.resetModules();
    const second = {
      root: await import('../../src/index.js'),
      pdf: await import('../../src/pdf.js'),
      smtp: await import('../../src/smtp.js'),
      http: await import('../../src/http.js'),
      inflate: await import('../../src/errors/inflate-limit.js'),
    };
    expect(second.root.ParseError).not.toBe(ParseError);
    const theirs = await oneOfEach(second);
    // Our classes recognise the second copy's errors, family by family, though instanceof says false.
    expect(theirs.get('ParseError')).not.toBeInstanceOf(ParseError);
    expect(matrix(theirs)).toEqual(DIAGONAL);
    // And the second copy's classes recognise ours.
    const secondFamilies: readonly Family[] = [
      second.root.ParseError,
      second.root.InvalidArgumentError,
      second.root.ZipError,
      second.root.LayoutError,
      second.root.PdfError,
      second.root.VersionConflictError,
      second.root.ClientNotFoundError,
      second.root.ClientExistsError,
      second.root.WebhookVerificationError,
      second.root.PortDataError,
      second.inflate.InflateLimitError,
      second.smtp.SmtpMailError,
      second.http.PortalHttpError,
      second.root.PlanError,
    ];
    expect(secondFamilies.flatMap((family) => [...errors].filter(([, e]) => family.isInstance(e)).map(([of]) => `${family.name} ← ${of}`))).toEqual(DIAGONAL);
  });

  it('recognises an error of another realm by its family mark alone', () => {
    const foreign: unknown = vm.runInNewContext(`
      const e = new Error('Aucun en-tête reconnu.');
      e.name = 'ParseError';
      e.code = 'no_header';
      Object.defineProperty(e, Symbol.for('taxsync.error'), { value: true });
      Object.defineProperty(e, Symbol.for('taxsync.error.ParseError'), { value: true });
      e;
    `);
    expect(foreign instanceof ParseError).toBe(false);
    expect(FAMILIES.filter((family) => family.isInstance(foreign))).toEqual([ParseError]);
    expect(TaxsyncError.isInstance(foreign)).toBe(true);
  });
});

describe('the code unions', () => {
  it('type each family’s code with the codes it throws', () => {
    expectTypeOf<ParseError['code']>().toEqualTypeOf<ParseErrorCode>();
    expectTypeOf<InvalidArgumentError['code']>().toEqualTypeOf<InvalidArgumentErrorCode>();
    expectTypeOf<ZipError['code']>().toEqualTypeOf<ZipErrorCode>();
    expectTypeOf<LayoutError['code']>().toEqualTypeOf<LayoutErrorCode>();
    expectTypeOf<PdfError['code']>().toEqualTypeOf<PdfErrorCode>();
    expectTypeOf<SmtpMailError['code']>().toEqualTypeOf<SmtpErrorCode>();
    expectTypeOf<PortalHttpError['code']>().toEqualTypeOf<PortalHttpErrorCode>();
    expectTypeOf<VersionConflictError['code']>().toEqualTypeOf<'version_conflict'>();
    expectTypeOf<ClientNotFoundError['code']>().toEqualTypeOf<'client_not_found'>();
    expectTypeOf<WebhookVerificationError['code']>().toEqualTypeOf<'webhook_invalid'>();
    expectTypeOf<InflateLimitError['code']>().toEqualTypeOf<'inflate_limit_exceeded'>();
    expectTypeOf<PortDataError['code']>().toEqualTypeOf<'port_data_invalid'>();
    // Every family code is a catalogue code (so it renders in French and English).
    expectTypeOf<ParseErrorCode | InvalidArgumentErrorCode | ZipErrorCode | LayoutErrorCode | PdfErrorCode | SmtpErrorCode | PortalHttpErrorCode | PlanErrorCode>().toExtend<ErrorCode>();
  });

  it('narrow with isInstance, so a switch over code is checked', async () => {
    const error = await rejection(() => parseDtmaxCsv(encodeText('', 'windows-1252')));
    if (!ParseError.isInstance(error)) throw new Error('expected a ParseError');
    expectTypeOf(error.code).toEqualTypeOf<ParseErrorCode>();
    expect(error.code).toBe('empty_input');
  });

  it('refuse another family’s code at compile time', () => {
    const attempts = [
      // @ts-expect-error zip_invalid is a ZipError code, not a ParseError one
      () => new ParseError('zip_invalid'),
      // @ts-expect-error no_header is a ParseError code
      () => new ZipError('no_header'),
      // @ts-expect-error layout_unknown is a LayoutError code
      () => new PdfError('layout_unknown'),
      // @ts-expect-error pdf_encrypted is a PdfError code
      () => new LayoutError('pdf_encrypted'),
      // @ts-expect-error empty_input is a ParseError code
      () => new InvalidArgumentError('empty_input'),
      // @ts-expect-error portal_timeout is a PortalHttpError code
      () => new SmtpMailError('portal_timeout', {}, { retryable: true }),
      // @ts-expect-error smtp_rejected is an SmtpMailError code
      () => new PortalHttpError('smtp_rejected', { method: 'GET', path: '/' }, { attempts: 1 }),
    ];
    // At run time the base still renders what it is given: the check is the compiler's.
    expect(attempts.map((make) => make().name)).toEqual(['ParseError', 'ZipError', 'PdfError', 'LayoutError', 'InvalidArgumentError', 'SmtpMailError', 'PortalHttpError']);
  });
});
