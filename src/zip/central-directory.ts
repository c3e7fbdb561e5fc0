/**
 * The central directory of a zip archive, read from the end of the bytes: the one zip parser behind both the
 * workbook reader and the PDF archive reader. It reads the structure only; inflating, name decoding and limits are
 * the callers' business. Pure and browser-safe.
 */

/** One file of the archive, as its central directory describes it. Sizes are claims of the archive, not facts. */
export interface CentralEntry {
  /** The name's bytes as stored (UTF-8 when `flags & 0x800`, otherwise usually CP437). */
  readonly rawName: Uint8Array;
  /** The central directory's extra field (for the Info-ZIP Unicode path, 0x7075). */
  readonly extra: Uint8Array;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  /** The uncompressed size the archive declares. */
  readonly size: number;
  readonly headerOffset: number;
}

/** Why the directory cannot be read. */
export type DirectoryFailure = 'not_zip' | 'zip64' | 'multi_disk' | 'damaged';

/** The archive's structure cannot be read. Internal: callers turn it into their own typed error. */
export class CentralDirectoryError extends Error {
  readonly reason: DirectoryFailure;

  constructor(reason: DirectoryFailure, detail: string) {
    super(detail);
    this.name = 'CentralDirectoryError';
    this.reason = reason;
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Reads every entry of the central directory, in directory order.
 *
 * @throws {@link CentralDirectoryError}
 */
export function readCentralDirectory(bytes: Uint8Array): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(bytes, view);
  if (end === -1) throw new CentralDirectoryError('not_zip', 'no end-of-central-directory record');
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  if (end >= 20 && u32(end - 20) === ZIP64_LOCATOR) throw new CentralDirectoryError('zip64', 'ZIP64 archive');
  const count = u16(end + 10);
  const size = u32(end + 12);
  const offset = u32(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new CentralDirectoryError('zip64', 'ZIP64 archive');
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0 || u16(end + 8) !== count) throw new CentralDirectoryError('multi_disk', 'multi-volume archive');
  if (offset + size > end) throw new CentralDirectoryError('damaged', 'central directory outside the archive');
  const entries: CentralEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || u32(at) !== CENTRAL) throw new CentralDirectoryError('damaged', `central directory entry ${i + 1} is damaged`);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const entry: CentralEntry = {
      flags: u16(at + 8),
      method: u16(at + 10),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      headerOffset: u32(at + 42),
      rawName: bytes.subarray(at + 46, at + 46 + nameLength),
      extra: bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.headerOffset === 0xffffffff) {
      throw new CentralDirectoryError('zip64', 'ZIP64 entry');
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + u16(at + 32);
  }
  return entries;
}

/** The entry's compressed bytes, found through its local header; undefined when the header or the data is damaged. */
export function entryData(bytes: Uint8Array, entry: CentralEntry): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.headerOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) return undefined;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) return undefined;
  return bytes.subarray(start, start + entry.compressedSize);
}

function findEnd(bytes: Uint8Array, view: DataView): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === EOCD && i + 22 + view.getUint16(i + 20, true) === bytes.length) return i;
  }
  // Tolerate trailing bytes after the comment: the last signature found.
  for (let i = bytes.length - 22; i >= stop; i--) if (view.getUint32(i, true) === EOCD) return i;
  return -1;
}
