/**
 * The zip layer of the workbook parser: the central directory read from the end of the archive, then any entry
 * inflated piece by piece, its CRC and size checked. exceljs's own streaming pass (unzipper, local headers in stored
 * order) drops entries when its consumer is slow (ZJONSSON/node-unzipper#234, exceljs/exceljs#3064), hangs on a
 * damaged deflate stream and spools worksheets to temporary files; reading by the directory has none of that, and
 * lets the workbook's parts be read in the order they are needed.
 */
import { Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { CentralDirectoryError, entryData, readCentralDirectory, type CentralEntry } from '../zip/central-directory.js';

/** Why an archive cannot be read. */
export type ZipFailure = 'truncated' | 'damaged' | 'compression' | 'unsupported' | 'oversized';

/** An archive that cannot be read, and why. Internal: the parser turns it into a `read_failed` ParseError. */
export class ZipFormatError extends Error {
  readonly reason: ZipFailure;

  constructor(reason: ZipFailure, detail: string, options?: { cause?: unknown }) {
    super(`xlsx zip: ${detail}`, options);
    this.name = 'ZipFormatError';
    this.reason = reason;
  }
}

/** One part of the workbook: a central-directory entry and its path in the package. */
export interface ZipEntry extends CentralEntry {
  readonly name: string;
}

/** Compressed bytes handed to zlib at a time, and the size of the pieces it inflates to (a hundred rows or so). */
const SLICE = 16 * 1024;

/** Reads the central directory into a map from part path to entry. Throws {@link ZipFormatError}. */
export function readZipDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  let directory: CentralEntry[];
  try {
    directory = readCentralDirectory(bytes);
  } catch (error) {
    if (!(error instanceof CentralDirectoryError)) throw error;
    const reason: ZipFailure = error.reason === 'not_zip' ? 'truncated' : error.reason === 'damaged' ? 'damaged' : 'unsupported';
    throw new ZipFormatError(reason, error.message);
  }
  const names = new TextDecoder('utf-8');
  const entries = new Map<string, ZipEntry>();
  for (const entry of directory) {
    // Package part names are ASCII or UTF-8 URIs; normalize separators only.
    const name = names.decode(entry.rawName).replace(/\\/g, '/').replace(/^\//, '');
    entries.set(name, { ...entry, name });
  }
  return entries;
}

/**
 * The entry's bytes, inflated as a stream; checks the CRC and the size at the end, and stops past `maxBytes` of real
 * output (sizes declared in the archive are claims, not facts). Throws {@link ZipFormatError}.
 */
export async function* inflateEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes = Number.POSITIVE_INFINITY): AsyncGenerator<Uint8Array> {
  const found = entryData(bytes, entry);
  if (found === undefined) throw new ZipFormatError('truncated', `${entry.name} has a damaged header or runs past the end of the archive`);
  if ((entry.flags & 1) !== 0) throw new ZipFormatError('unsupported', `${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError('unsupported', `${entry.name} uses compression method ${entry.method}`);
  const data = found;
  function* slices(): Generator<Uint8Array> {
    for (let i = 0; i < data.length; i += SLICE) yield data.subarray(i, i + SLICE);
  }
  let pieces: AsyncIterable<Uint8Array>;
  if (entry.method === 0) pieces = Readable.from(slices(), { objectMode: false });
  else {
    const inflater = createInflateRaw({ chunkSize: SLICE });
    Readable.from(slices(), { objectMode: false }).pipe(inflater);
    pieces = inflater;
  }
  let crc = 0;
  let size = 0;
  try {
    for await (const piece of pieces) {
      crc = crc32(piece, crc);
      size += piece.length;
      if (size > maxBytes) throw new ZipFormatError('oversized', `${entry.name} inflates past ${maxBytes} bytes`);
      yield piece;
    }
  } catch (error) {
    if (error instanceof ZipFormatError) throw error;
    throw new ZipFormatError('compression', `${entry.name} cannot be inflated`, { cause: error });
  }
  if (size !== entry.size || crc !== entry.crc) throw new ZipFormatError('damaged', `${entry.name} fails its CRC or size check`);
}

/** The entry as UTF-8 text, in pieces (a character split across two pieces is decoded whole). */
export async function* entryText(bytes: Uint8Array, entry: ZipEntry, maxBytes?: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of inflateEntry(bytes, entry, maxBytes)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}
