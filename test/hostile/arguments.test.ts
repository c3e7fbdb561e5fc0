/**
 * Wrong arguments and options — what a host's bug or untyped JavaScript passes — end in a TaxsyncError
 * (`InvalidArgumentError` or the function's own typed error), never a TypeError.
 */
import { describe, expect, it } from 'vitest';
import {
  createClientIndex,
  createMemoryClientStore,
  isTaxsyncError,
  matchPdfToClient,
  parseDtmaxCsv,
  previewDocumentDispatch,
  readZip,
  signatureLayoutFor,
  streamDtmaxCsv,
  type ClientRecord,
} from '../../src/index.js';
import { prepareForSignature, renderLayoutPreview, resolveSignatureFields } from '../../src/pdf.js';
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
