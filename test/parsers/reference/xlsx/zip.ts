/* A frozen copy of src/parsers at 0078d5b (before #13), the reference of parse-differential.test.ts. Do not edit. */
/**
 * The zip layer of the workbook parser: the central directory read from the end of the archive, then any entry
 * inflated piece by piece, its CRC and size checked. exceljs's own streaming pass (unzipper, local headers in stored
 * order) drops entries when its consumer is slow (ZJONSSON/node-unzipper#234, exceljs/exceljs#3064), hangs on a
 * damaged deflate stream and spools worksheets to temporary files; reading by the directory has none of that, and
 * lets the workbook's parts be read in the order they are needed.
 */
import { crc32 } from 'node:zlib';
import { CentralDirectoryError, locateEntries, readCentralDirectory, type CentralEntry, type EntryLocation } from '../../../../src/zip/central-directory.js';
import { isLimitError, type InflateBudget } from '../../../../src/zip/inflate.js';
import { inflateRawPieces } from '../../../../src/zip/inflate-node.js';

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

/** One part of the workbook: a central-directory entry, its path in the package, and where its data is. */
export interface ZipEntry extends CentralEntry {
  readonly name: string;
  readonly location: EntryLocation;
}

/**
 * Reads the central directory into a map from part path to entry. Two parts of the same name make the workbook
 * damaged (which one Excel would read is not ours to guess). Throws {@link ZipFormatError}.
 */
export function readZipDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  let directory: CentralEntry[];
  try {
    directory = readCentralDirectory(bytes);
  } catch (error) {
    if (!(error instanceof CentralDirectoryError)) throw error;
    const reason: ZipFailure = error.reason === 'not_zip' ? 'truncated' : error.reason === 'damaged' ? 'damaged' : 'unsupported';
    throw new ZipFormatError(reason, error.message);
  }
  const locations = locateEntries(bytes, directory);
  const names = new TextDecoder('utf-8');
  const entries = new Map<string, ZipEntry>();
  for (const [i, entry] of directory.entries()) {
    // Package part names are ASCII or UTF-8 URIs; normalize separators only.
    const name = names.decode(entry.rawName).replace(/\\/g, '/').replace(/^\//, '');
    if (entries.has(name)) throw new ZipFormatError('damaged', `two parts are named ${name}`);
    entries.set(name, { ...entry, name, location: locations[i] ?? { problem: 'damaged' } });
  }
  return entries;
}

/**
 * The entry's bytes, inflated as a stream, every piece counted against the budgets (the part's own, the workbook's)
 * as it comes; checks the CRC and the size at the end (sizes declared in the archive are claims, not facts). Throws
 * {@link ZipFormatError}, or a budget's own error past its limit.
 */
export async function* inflateEntry(entry: ZipEntry, budgets: readonly InflateBudget[]): AsyncGenerator<Uint8Array> {
  const { location } = entry;
  if ('problem' in location) {
    if (location.problem === 'damaged') throw new ZipFormatError('truncated', `${entry.name} has a damaged header or runs past the end of the archive`);
    throw new ZipFormatError('damaged', `${entry.name} ${location.problem === 'overlap' ? 'shares its bytes with another part' : 'has a local header that contradicts the directory'}`);
  }
  if ((entry.flags & 1) !== 0) throw new ZipFormatError('unsupported', `${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError('unsupported', `${entry.name} uses compression method ${entry.method}`);
  let crc = 0;
  let size = 0;
  try {
    for await (const piece of inflateRawPieces(location.data, entry.method === 0, budgets)) {
      crc = crc32(piece, crc);
      size += piece.length;
      yield piece;
    }
  } catch (error) {
    if (error instanceof ZipFormatError || isLimitError(error)) throw error;
    throw new ZipFormatError('compression', `${entry.name} cannot be inflated`, { cause: error });
  }
  if (size !== entry.size || crc !== entry.crc) throw new ZipFormatError('damaged', `${entry.name} fails its CRC or size check`);
}

/** The entry as UTF-8 text, in pieces (a character split across two pieces is decoded whole). */
export async function* entryText(entry: ZipEntry, budgets: readonly InflateBudget[]): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of inflateEntry(entry, budgets)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}
