/**
 * Property: whatever bytes come in — random ones, or a valid CSV, workbook, zip or PDF with bytes flipped, cut,
 * inserted or overwritten — every public function that takes bytes returns a result (issues, held or rejected lines
 * included) or throws a TaxsyncError, never another exception. Runs are kept few so the suite stays fast; a failure
 * prints the seed and the shrunk input to replay. A second property writes valid SINs every way the validators accept
 * them into CSV rows and file names, and finds none of them whole in any message produced.
 */
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { beforeAll, describe, it } from 'vitest';
import { isTaxsyncError, maskFileName, matchPdfToClient, parseDtmaxCsv, readZip, signatureLayoutFor } from '../../src/index.js';
import { prepareForSignature, resolveSignatureFields } from '../../src/pdf.js';
import { parseTaxprepXlsx } from '../../src/xlsx.js';
import { dtmaxFile, FAMILY_ROWS, HEADER } from '../clients/helpers.js';
import { csvText } from '../fixtures/csv.js';
import { t183 } from '../fixtures/forms.js';
import { makePdf } from '../fixtures/pdfs.js';
import { inline, rawWorkbook, s } from '../fixtures/xlsx/raw.js';

/** Runs `call`; an exception other than a TaxsyncError fails the property. */
async function typedOrResult(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!isTaxsyncError(error)) throw error;
  }
}

/** One change to a valid file, at a position chosen relative to its length. */
type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly mask: number }
  | { readonly kind: 'cut'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'overwrite'; readonly at: number; readonly bytes: Uint8Array };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
);

function mutate(original: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = new Uint8Array(original);
  for (const m of mutations) {
    const at = Math.min(bytes.length, Math.floor(m.at * bytes.length));
    switch (m.kind) {
      case 'flip':
        if (at < bytes.length) bytes[at] = (bytes[at] ?? 0) ^ m.mask;
        break;
      case 'cut':
        bytes = bytes.slice(0, at);
        break;
      case 'insert':
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
        break;
      case 'overwrite':
        bytes.set(m.bytes.subarray(0, bytes.length - at), at);
        break;
    }
  }
  return bytes;
}

const mutated = (valid: () => Uint8Array): fc.Arbitrary<Uint8Array> => fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => mutate(valid(), ms));
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.string({ maxLength: 512 }).map((t) => new TextEncoder().encode(t)));

let csv: Uint8Array;
let workbook: Uint8Array;
let zip: Uint8Array;
let pdf: Uint8Array;
const layout = signatureLayoutFor(2025, 'T183');
const field = { name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 72, y: 72, width: 200, height: 30 } as const;

beforeAll(async () => {
  csv = dtmaxFile();
  workbook = rawWorkbook({
    sheets: [{ name: 'Clients', rows: `<row r="1">${s('A1', 0)}${s('B1', 1)}${s('C1', 2)}</row><row r="2">${inline('A2', '<t>130 692 544</t>')}${s('B2', 3)}${s('C2', 4)}</row>` }],
    sharedStrings: ['<t>NAS</t>', '<t>Prénom</t>', '<t>Nom</t>', '<t>Simon</t>', '<t>Provencher</t>'],
  });
  pdf = (await t183()).bytes;
  zip = zipSync({ '130692544 - Simon Provencher.pdf': await makePdf('Simon'), 'notes.txt': new TextEncoder().encode('x') });
});

const runs = { numRuns: 60 };

describe('any bytes, any mutation: a result or a TaxsyncError, never another exception', () => {
  it('parseDtmaxCsv', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(anyBytes, mutated(() => csv)), (bytes) => typedOrResult(() => parseDtmaxCsv(bytes))), runs);
  });

  it('parseTaxprepXlsx', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(anyBytes, mutated(() => workbook)), (bytes) => typedOrResult(() => parseTaxprepXlsx(bytes))), runs);
  });

  it('readZip', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(anyBytes, mutated(() => zip)), (bytes) => typedOrResult(() => readZip(bytes))), runs);
  });

  it('resolveSignatureFields and prepareForSignature', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyBytes, mutated(() => pdf)), async (bytes) => {
        await typedOrResult(() => resolveSignatureFields(bytes, layout));
        await typedOrResult(() => prepareForSignature(bytes, [field]));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

/** A SIN that passes the check, from eight digits (first 1–7: issued, not a temporary resident's or a placeholder). */
const validSin = fc.tuple(fc.integer({ min: 1, max: 7 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 })).map(([first, rest]) => {
  const body = [first, ...rest];
  const sum = body.reduce((total, digit, i) => total + (i % 2 === 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit), 0);
  return `${body.join('')}${(10 - (sum % 10)) % 10}`;
});
/** Between two digit groups: what `validateSin` accepts (spaces of every kind, several of them, dots, dashes). */
const separator = fc.constantFrom('', ' ', '  ', '.', '-', ' - ', '\u00a0', '\u202f', '. ');
const written = fc.tuple(validSin, separator, separator).map(([sin, a, b]) => ({ sin, text: `${sin.slice(0, 3)}${a}${sin.slice(3, 6)}${b}${sin.slice(6)}` }));
/** The column of a DT Max row the number is typed into (a SIN column, or by mistake any other). */
const column = fc.integer({ min: 0, max: HEADER.length - 1 });

/** Every text a person or a log could see in a result or an error, in both languages. */
function messagesOf(value: unknown): string[] {
  if (isTaxsyncError(value)) return [value.message, value.messageIn('fr'), value.messageIn('en'), JSON.stringify(value.params)];
  const found: string[] = [];
  JSON.stringify(value, (key, v: unknown) => {
    if (typeof v === 'string' && (key === 'message' || key === 'en' || key === 'fr' || key === 'displayName')) found.push(v);
    return v;
  });
  return found;
}

function expectNoFullSin(texts: readonly string[], sin: string): void {
  for (const text of texts) {
    const digits = text.replace(/[^\p{Nd}]/gu, ' ').replace(/\s+/g, ' ');
    // The nine digits never appear together, whatever separated them in the input.
    if (text.replace(/[\s.\-\u00a0\u202f_/]/gu, '').includes(sin)) throw new Error(`a full SIN in: ${text.replace(/\d/g, '#')} (${digits.length} digit groups)`);
  }
}

describe('no full SIN in any message produced, whatever the separators', () => {
  it('parseDtmaxCsv: the number typed in any column of a row, or in place of the header', async () => {
    await fc.assert(
      fc.asyncProperty(written, column, fc.boolean(), async ({ sin, text }, at, inHeader) => {
        const row: string[] = [...(FAMILY_ROWS[0] as readonly string[])];
        row[at] = text;
        const header = inHeader ? HEADER.map((h, i) => (i === at ? text : h)) : [...HEADER];
        const bytes = new TextEncoder().encode(csvText([header, row, [...(FAMILY_ROWS[1] as readonly string[])]]));
        let outcome: unknown;
        try {
          outcome = await parseDtmaxCsv(bytes, { locale: 'fr' });
        } catch (error) {
          outcome = error;
        }
        expectNoFullSin(messagesOf(outcome), sin);
      }),
      runs,
    );
  });

  it('matchPdfToClient: the number in a file name, for a client or for nobody', async () => {
    const clients = [{ kind: 'individual' as const, sin: '130692544', firstName: 'Simon', lastName: 'Provencher' }];
    await fc.assert(
      fc.property(written, fc.constantFrom('{n} - Simon Provencher.pdf', '{n}.pdf', 'PROV{n}001.pdf', 'T183 {n} Inconnu.pdf'), ({ sin, text }, name) => {
        let outcome: unknown;
        try {
          outcome = matchPdfToClient(name.replace('{n}', text), clients);
        } catch (error) {
          outcome = error;
        }
        expectNoFullSin(messagesOf(outcome), sin);
        expectNoFullSin([maskFileName(name.replace('{n}', text))], sin);
      }),
      runs,
    );
  });
});
