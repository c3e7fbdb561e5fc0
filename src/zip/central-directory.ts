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
/** The extra field of an entry that has none (zero-length: nothing to mutate). */
const NO_BYTES = /* @__PURE__ */ new Uint8Array(0);
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
      // Most archives of prints carry no extra field: one shared empty array rather than a view per entry.
      extra: extraLength === 0 ? NO_BYTES : bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.headerOffset === 0xffffffff) {
      throw new CentralDirectoryError('zip64', 'ZIP64 entry');
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + u16(at + 32);
  }
  return entries;
}

/** Why an entry's data cannot be used, though the directory as a whole could be read. */
export type EntryProblem =
  /** The local header is missing or the data runs outside the archive's file data. */
  | 'damaged'
  /** The local header says another name, method, encryption, CRC or size than the central directory. */
  | 'header_mismatch'
  /** The entry's header or data shares bytes with another entry's: a crafted archive. */
  | 'overlap';

/** Where an entry's compressed bytes are, or why they cannot be used. */
export type EntryLocation = { readonly data: Uint8Array } | { readonly problem: EntryProblem };

const DESCRIPTOR = 0x08074b50;

/**
 * Finds every entry's compressed bytes through its local header, and checks what a crafted archive would fake: the
 * local header must agree with the central directory (name, method, encryption flag, CRC and sizes — those three
 * may be 0 in the local header of an entry written with a data descriptor, flag bit 3), the data must lie before the
 * central directory, and no two entries may share bytes (an entry sharing another's data would deliver the same
 * document under two names).
 */
export function locateEntries(bytes: Uint8Array, entries: readonly CentralEntry[]): EntryLocation[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(bytes, view);
  const fileDataEnd = end === -1 ? bytes.length : Math.min(end, view.getUint32(end + 16, true));
  const locations: EntryLocation[] = [];
  const spans: { index: number; start: number; end: number }[] = [];
  // Archives are written in order: the spans usually come sorted, and the sort below is then skipped.
  let sorted = true;
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as CentralEntry;
    const at = entry.headerOffset;
    if (at + 30 > fileDataEnd || u32(at) !== LOCAL) {
      locations.push({ problem: 'damaged' });
      continue;
    }
    const nameLength = u16(at + 26);
    const start = at + 30 + nameLength + u16(at + 28);
    const dataEnd = start + entry.compressedSize;
    if (dataEnd > fileDataEnd) {
      locations.push({ problem: 'damaged' });
      continue;
    }
    const flags = u16(at + 6);
    const deferred = ((flags | entry.flags) & 0x8) !== 0;
    let spanEnd = dataEnd;
    if (deferred) {
      const length = dataEnd + 4 <= fileDataEnd && u32(dataEnd) === DESCRIPTOR ? 16 : 12;
      if (dataEnd + length <= fileDataEnd) spanEnd += length;
    }
    // Every entry with a header takes part in the overlap check, even one refused below: two entries pointing at
    // one record must both go, not only the one whose name differs.
    if (spans.length > 0 && at < (spans[spans.length - 1] as { start: number }).start) sorted = false;
    spans.push({ index, start: at, end: spanEnd });
    if (
      u16(at + 8) !== entry.method ||
      (flags & 1) !== (entry.flags & 1) ||
      !agrees(u32(at + 14), entry.crc, deferred) ||
      !agrees(u32(at + 18), entry.compressedSize, deferred) ||
      !agrees(u32(at + 22), entry.size, deferred) ||
      !sameBytes(bytes, at + 30, nameLength, entry.rawName)
    ) {
      locations.push({ problem: 'header_mismatch' });
      continue;
    }
    locations.push({ data: bytes.subarray(start, dataEnd) });
  }
  // Sweep the spans in file order: every span that starts before an earlier one ended overlaps it, and both go.
  if (!sorted) spans.sort((a, b) => a.start - b.start);
  let reach = -1;
  let owner = -1;
  for (const span of spans) {
    if (span.start < reach) {
      locations[span.index] = { problem: 'overlap' };
      locations[owner] = { problem: 'overlap' };
    }
    if (span.end > reach) {
      reach = span.end;
      owner = span.index;
    }
  }
  return locations;
}

/** Whether a local header's value agrees with the directory's: equal, or 0 when it was deferred to a data descriptor. */
const agrees = (local: number, central: number, deferred: boolean): boolean => local === central || (deferred && local === 0);

/** Whether `length` bytes of `bytes` from `at` are exactly `expected` (no view made: this runs once per entry). */
function sameBytes(bytes: Uint8Array, at: number, length: number, expected: Uint8Array): boolean {
  if (length !== expected.length) return false;
  for (let i = 0; i < length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
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
