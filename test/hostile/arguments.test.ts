/**
 * Wrong arguments and options — what a host's bug or untyped JavaScript passes — end in a TaxsyncError
 * (`InvalidArgumentError` or the function's own typed error), never a TypeError.
 */
import { describe, expect, it } from 'vitest';
import {
  createClientIndex,
  createMemoryClientStore,
  diffClients,
  InvalidArgumentError,
  isTaxsyncError,
  maskFileName,
  maskText,
  matchPdfToClient,
  previewClientImport,
  parseDtmaxCsv,
  previewDocumentDispatch,
  readZip,
  signatureLayoutFor,
  streamDtmaxCsv,
  type ClientRecord,
} from '../../src/index.js';
import { decryptPdf, prepareForSignature, renderLayoutPreview, resolveSignatureFields, type PlacedField } from '../../src/pdf.js';
import { makePdf } from '../fixtures/pdfs.js';
import { parseTaxprepXlsx } from '../../src/xlsx.js';

/** An argument of the wrong type, as untyped JavaScript passes it. */
const wrong = <T>(value: unknown): T => value as T;
const csv = 'NAS;Prénom;Nom\n130692544;Simon;Provencher\n';
const layout = signatureLayoutFor(2025, 'T183');

const calls: readonly [string, () => unknown][] = [
  ['parseDtmaxCsv(42)', () => parseDtmaxCsv(wrong(42))],
  ['parseDtmaxCsv(csv, null)', () => parseDtmaxCsv(csv, wrong(null))],
  ['parseDtmaxCsv kind: company', () => parseDtmaxCsv(csv, { kind: wrong('company') })],
  ['parseDtmaxCsv locale: de', () => parseDtmaxCsv(csv, { locale: wrong('de') })],
  ['parseDtmaxCsv dateOrder: ymd', () => parseDtmaxCsv(csv, { dateOrder: wrong('ymd') })],
  ['parseDtmaxCsv columns: { sin: 5 }', () => parseDtmaxCsv(csv, { columns: wrong({ sin: 5 }) })],
  ['parseDtmaxCsv delimiter: |', () => parseDtmaxCsv(csv, { delimiter: wrong('|') })],
  ['streamDtmaxCsv(42)', async () => {
    for await (const row of streamDtmaxCsv(wrong(42))) void row;
  }],
  ['parseTaxprepXlsx(null)', () => parseTaxprepXlsx(wrong(null))],
  ['parseTaxprepXlsx kind: x', () => parseTaxprepXlsx(new Uint8Array([0x50, 0x4b, 3, 4]), { kind: wrong('x') })],
  ['readZip(null)', () => readZip(wrong(null))],
  ['readZip limits: null', () => readZip(new Uint8Array(0), { limits: wrong(null) })],
  ['resolveSignatureFields(null)', () => resolveSignatureFields(wrong(null), layout)],
  ['resolveSignatureFields options: null', () => resolveSignatureFields(new Uint8Array(3), layout, wrong(null))],
  ['prepareForSignature(null)', () => prepareForSignature(wrong(null), [])],
  ['prepareForSignature fields: null', () => prepareForSignature(new Uint8Array(3), wrong(null))],
  ['renderLayoutPreview(null)', () => renderLayoutPreview(wrong(null), [])],
  ['matchPdfToClient(42)', () => matchPdfToClient(wrong(42), [])],
  ['matchPdfToClient clients: null', () => matchPdfToClient('a.pdf', wrong<readonly ClientRecord[]>(null))],
  ['matchPdfToClient clients: [null]', () => matchPdfToClient('a.pdf', wrong<readonly ClientRecord[]>([null]))],
  ['createClientIndex(null)', () => createClientIndex(wrong<readonly ClientRecord[]>(null))],
  ['previewDocumentDispatch(null)', () => previewDocumentDispatch(wrong(null), { store: createMemoryClientStore() })],
  ['previewDocumentDispatch zip: null', () => previewDocumentDispatch({ zip: wrong(null), documentType: 'T183', year: 2025, purpose: 'consult' }, { store: createMemoryClientStore() })],
];

describe('wrong arguments end in a TaxsyncError', () => {
  it.each(calls)('%s', async (_, call) => {
    let thrown: unknown;
    try {
      await call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown, 'it should have refused the argument').toBeDefined();
    expect(isTaxsyncError(thrown), String(thrown)).toBe(true);
  });
});

/** A stream opened with an encoding, as `createReadStream(path, 'utf8')` gives one: it yields strings, not bytes. */
async function* textStream(): AsyncGenerator<string> {
  yield 'NAS;Prénom;Nom\n';
}
const pdf = await makePdf('T183 — Autorisation de transmission électronique');
const field = (change: Partial<Record<'x' | 'y' | 'width' | 'height', number>>): PlacedField[] => [
  { name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 72, y: 72, width: 180, height: 36, ...change },
];

// Issue #12 (review): each of these threw a TypeError, or a PdfError for a bad argument. Each names what is wrong.
const refused: readonly [string, () => unknown, 'invalid_input' | 'field_invalid', RegExp][] = [
  ['readZip(stream of strings)', () => readZip(wrong(textStream())), 'invalid_input', /chunk of the zip is a string/],
  ['parseTaxprepXlsx(stream of strings)', () => parseTaxprepXlsx(wrong(textStream())), 'invalid_input', /chunk of the workbook is a string/],
  ['previewDocumentDispatch options: null', () => previewDocumentDispatch({ zip: new Uint8Array(4), documentType: 'T183', year: 2025, purpose: 'consult' }, { store: createMemoryClientStore() }, wrong(null)), 'invalid_input', /previewDocumentDispatch options/],
  ['decryptPdf options: null', () => decryptPdf(pdf, wrong(null)), 'invalid_input', /decryptPdf options/],
  ['decryptPdf password: 5', () => decryptPdf(pdf, { password: wrong(5) }), 'invalid_input', /password/],
  ['previewClientImport(null)', () => previewClientImport(wrong(null), { store: createMemoryClientStore() }), 'invalid_input', /previewClientImport expects an input/],
  ['previewClientImport options: null', () => previewClientImport({ source: 'dtmax', file: csv }, { store: createMemoryClientStore() }, wrong(null)), 'invalid_input', /previewClientImport options/],
  ['renderLayoutPreview options: null', () => renderLayoutPreview(pdf, [], wrong(null)), 'invalid_input', /renderLayoutPreview options/],
  ['maskText(5)', () => maskText(wrong(5)), 'invalid_input', /maskText/],
  ['diffClients(null, null)', () => diffClients(wrong(null), wrong(null)), 'invalid_input', /diffClients expects existing/],
  ['diffClients([], [null])', () => diffClients([], wrong([null])), 'invalid_input', /incoming\[0\] is not a client record/],
  ['diffClients options: null', () => diffClients([], [], wrong(null)), 'invalid_input', /diffClients options/],
  // Each item is checked in the pass that first reads its list: still the stored list's item first, then the file's.
  ['diffClients([a client, 5], null)', () => diffClients(wrong([{ kind: 'individual', id: 'a', firstName: 'Zoé', lastName: 'Côté' }, 5]), wrong(null)), 'invalid_input', /existing\[1\] is not a client record/],
  ['diffClients([], [a record, null], null)', () => diffClients([], wrong([{ kind: 'individual', firstName: 'Zoé', lastName: 'Côté' }, null]), wrong(null)), 'invalid_input', /incoming\[1\] is not a client record/],
  ['maskFileName(null)', () => maskFileName(wrong(null)), 'invalid_input', /maskFileName/],
  ['prepareForSignature width: Infinity', () => prepareForSignature(pdf, field({ width: Infinity })), 'field_invalid', /finite/],
  ['prepareForSignature height: 1e9', () => prepareForSignature(pdf, field({ height: 1e9 })), 'field_invalid', /14400/],
  ['prepareForSignature x: -20000', () => prepareForSignature(pdf, field({ x: -20_000 })), 'field_invalid', /14400/],
  ['prepareForSignature y: 1e300', () => prepareForSignature(pdf, field({ y: 1e300 })), 'field_invalid', /14400/],
  ['renderLayoutPreview width: Infinity', () => renderLayoutPreview(pdf, field({ width: Infinity })), 'field_invalid', /finite/],
];

describe('wrong arguments are an InvalidArgumentError that names the argument', () => {
  it.each(refused)('%s', async (_, call, code, detail) => {
    const thrown: unknown = await (async () => call())().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown, String(thrown)).toBeInstanceOf(InvalidArgumentError);
    expect(thrown).toMatchObject({ code });
    expect(JSON.stringify((thrown as InvalidArgumentError).params)).toMatch(detail);
  });

  it('still prepares an ordinary field on a real PDF', async () => {
    const out = await prepareForSignature(pdf, field({ x: 72, y: 72, width: 180, height: 36 }));
    expect(out.length).toBeGreaterThan(pdf.length);
  });
});
