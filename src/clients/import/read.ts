/** Reading the client list for the import: the same way at preview and at apply, with the file's SHA-256. Internal. */
import type { ClientKind } from '../../model/client.js';
import { InvalidArgumentError } from '../../errors/invalid-argument.js';
import { concatBytes } from '../../internal/bytes.js';
import { sha256Hex } from '../../internal/hash.js';
import type { Locale } from '../../messages/catalogue.js';
import { parseDtmaxCsv } from '../../parsers/csv/dtmax-csv.js';
import type { ParseOptions, ParseResult } from '../../parsers/types.js';
import type { ClientImportParseOptions, ClientImportSource } from './types.js';

type TaxprepParser = (input: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>, options?: ParseOptions) => Promise<ParseResult>;

/** What the import can be given as a file. */
export type ImportFile = Uint8Array | ArrayBuffer | string | AsyncIterable<Uint8Array>;

const isAsyncIterable = (value: unknown): value is AsyncIterable<Uint8Array> =>
  typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

/** The file as bytes or text (a stream read whole): its SHA-256 needs every byte, and the parser reads the same ones. */
async function settle(file: ImportFile, locale: Locale): Promise<Uint8Array | string> {
  if (typeof file === 'string' || file instanceof Uint8Array) return file;
  if (file instanceof ArrayBuffer) return new Uint8Array(file);
  if (!isAsyncIterable(file)) throw new InvalidArgumentError('invalid_input', { detail: 'the file must be bytes, an ArrayBuffer, text or a stream of Uint8Array chunks' }, { locale });
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of file) {
    if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('invalid_input', { detail: 'a file stream must yield Uint8Array chunks' }, { locale });
    chunks.push(chunk);
    size += chunk.length;
  }
  return concatBytes(chunks, size);
}

/** A file read for the import: what the parser made of it and the SHA-256 of its bytes (of its UTF-8 for text). */
export interface ReadImportFile {
  readonly parsed: ParseResult;
  readonly sha256: string;
}

/** Reads and parses the file with the options a plan keeps. */
export async function readImportFile(source: ClientImportSource, file: ImportFile, kind: ClientKind | undefined, parseOptions: ClientImportParseOptions | undefined, locale: Locale): Promise<ReadImportFile> {
  const settled = await settle(file, locale);
  const sha256 = await sha256Hex(settled);
  const options = { ...parseOptions, ...(kind === undefined ? {} : { kind }), locale };
  if (source === 'dtmax') return { parsed: await parseDtmaxCsv(settled, options), sha256 };
  if (source !== 'taxprep') throw new InvalidArgumentError('preview_invalid', { detail: `unknown source "${String(source)}" (dtmax or taxprep)` }, { locale });
  if (typeof settled === 'string') throw new InvalidArgumentError('preview_invalid', { detail: 'a Taxprep workbook is binary: pass its bytes, not text' }, { locale });
  // Loaded on demand, so the main entry never pulls the workbook reader (and node:zlib) in.
  const xlsx: { parseTaxprepXlsx?: TaxprepParser } = await import('../../xlsx.js');
  if (xlsx.parseTaxprepXlsx === undefined) throw new InvalidArgumentError('invalid_input', { detail: 'the Taxprep parser (taxsync/xlsx) is not available in this build' }, { locale });
  return { parsed: await xlsx.parseTaxprepXlsx(settled, options), sha256 };
}
