/**
 * Reading the `.zip` of PDFs a tax program printed, safely: bounded output (counted while inflating, never trusting
 * the sizes the archive declares), names that are never used as paths, Windows CP437 and macOS decomposed names, CRC
 * checked, and every entry accounted for (a PDF, or skipped / rejected with a reason).
 */
import { Inflate, inflateSync } from 'fflate';
import { TaxsyncError } from '../model/errors.js';
import type { Locale, MessageParams } from '../model/messages.js';
import { chunksOf, concatBytes } from '../parsers/decode.js';
import { CentralDirectoryError, entryData, readCentralDirectory, type CentralEntry } from '../zip/central-directory.js';

/** Limits on what an archive may expand to. Every limit has a safe default. */
export interface ZipLimits {
  /** Size of the archive itself. Default 1 GiB. */
  readonly maxInputBytes: number;
  /** Number of entries. Default 10,000. */
  readonly maxEntries: number;
  /** Real (inflated) size of one entry. Default 200 MiB. */
  readonly maxEntryBytes: number;
  /** Real size of all entries together. Default 2 GiB. */
  readonly maxTotalBytes: number;
  /** Inflated / compressed size of one entry, checked once it passes 1 MiB. Default 200. */
  readonly maxRatio: number;
}

/** The defaults of {@link ZipLimits}. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = /* @__PURE__ */ Object.freeze({
  maxInputBytes: 1024 ** 3,
  maxEntries: 10_000,
  maxEntryBytes: 200 * 1024 ** 2,
  maxTotalBytes: 2 * 1024 ** 3,
  maxRatio: 200,
});

/** Codes of {@link ZipError}. */
export type ZipErrorCode = 'zip_invalid' | 'zip_encrypted' | 'zip64_unsupported' | 'zip_limit_exceeded';

/**
 * The archive as a whole cannot be read: not a zip, encrypted, ZIP64, or beyond a limit. Nothing of it is returned —
 * an archive is never half-read silently.
 */
export class ZipError extends TaxsyncError {
  constructor(code: ZipErrorCode, params: MessageParams = {}, options: { cause?: unknown; locale?: Locale } = {}) {
    super(code, params, options);
    this.name = 'ZipError';
  }
}

/** Why an entry was skipped: not a document, and not a problem. */
export type ZipSkipReason = 'directory' | 'macos_metadata' | 'system_file';
/** Why an entry was rejected: it should have been a PDF and cannot be used. */
export type ZipRejectReason = 'not_pdf' | 'pdf_encrypted' | 'crc_mismatch' | 'unsupported_compression' | 'corrupt_entry';

interface EntryBase {
  /** The file's own name (no folders), Unicode NFC. Never a path: do not write it to disk as given. */
  readonly name: string;
  /** The folders the entry sat in, outermost first, `..` and drive letters removed: context only. */
  readonly folders: readonly string[];
  /** Folders and name joined with `/`, for display. */
  readonly path: string;
}

/** A PDF read from the archive. */
export interface ZipPdf extends EntryBase {
  readonly status: 'pdf';
  /** The PDF's bytes. */
  readonly bytes: Uint8Array;
}

/** An entry that is not a document (a folder, macOS metadata, `Thumbs.db`…), reported so nothing vanishes silently. */
export interface ZipSkipped extends EntryBase {
  readonly status: 'skipped';
  readonly reason: ZipSkipReason;
}

/** An entry that cannot be used: not a PDF, encrypted, corrupt. */
export interface ZipRejected extends EntryBase {
  readonly status: 'rejected';
  readonly reason: ZipRejectReason;
}

/** One entry of the archive, in archive order. */
export type ZipEntry = ZipPdf | ZipSkipped | ZipRejected;

/** Options of {@link readZip}. */
export interface ReadZipOptions {
  /** Override some limits; the others keep their defaults. */
  readonly limits?: Partial<ZipLimits>;
  /** Language of error messages. */
  readonly locale?: Locale;
}

const SYSTEM_FILES = /* @__PURE__ */ new Set(['thumbs.db', '.ds_store', 'desktop.ini', 'ehthumbs.db', '.localized']);

/**
 * Reads every entry of a zip archive.
 *
 * @throws {@link ZipError} `zip_invalid` (not a zip, truncated, multi-disk), `zip_encrypted`, `zip64_unsupported`, or
 * `zip_limit_exceeded` naming the limit.
 *
 * @example
 * ```ts
 * const entries = await readZip(await readFile('T183-2025.zip'), { limits: { maxEntries: 5000 } });
 * const pdfs = entries.filter((e) => e.status === 'pdf');
 * ```
 */
export async function readZip(input: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>, options: ReadZipOptions = {}): Promise<ZipEntry[]> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const locale = options.locale ?? 'en';
  const bytes = await collect(input, limits, locale);
  let directory: CentralEntry[];
  try {
    directory = readCentralDirectory(bytes);
  } catch (error) {
    if (!(error instanceof CentralDirectoryError)) throw error;
    if (error.reason === 'zip64') throw new ZipError('zip64_unsupported', {}, { locale });
    throw new ZipError('zip_invalid', { detail: error.reason === 'multi_disk' ? 'multi-volume archives are not supported' : error.message }, { locale });
  }
  if (directory.length > limits.maxEntries) throw new ZipError('zip_limit_exceeded', { limit: 'maxEntries', value: limits.maxEntries }, { locale });
  if (directory.some((e) => (e.flags & 1) !== 0 || e.method === 99)) throw new ZipError('zip_encrypted', {}, { locale });

  const entries: ZipEntry[] = [];
  let total = 0;
  for (const entry of directory) {
    const { flags, method, crc, size: declaredSize, rawName, extra } = entry;
    const decodedName = decodeName(rawName, (flags & 0x800) !== 0, extra);
    const place = placeOf(decodedName);
    const skip = skipReason(decodedName, place);
    if (skip !== undefined) {
      entries.push({ status: 'skipped', reason: skip, ...place });
      continue;
    }
    const reject = (reason: ZipRejectReason): void => {
      entries.push({ status: 'rejected', reason, ...place });
    };
    const data = entryData(bytes, entry);
    if (data === undefined) {
      reject('corrupt_entry');
      continue;
    }
    let content: Uint8Array;
    if (method === 0) {
      if (data.length > limits.maxEntryBytes) throw new ZipError('zip_limit_exceeded', { limit: 'maxEntryBytes', value: limits.maxEntryBytes }, { locale });
      content = data;
    } else if (method === 8) {
      const inflated = inflateBounded(data, declaredSize, Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total), limits.maxRatio);
      if (inflated === 'corrupt') {
        reject('corrupt_entry');
        continue;
      }
      if (typeof inflated === 'string') {
        const limit = inflated === 'ratio' ? 'maxRatio' : limits.maxEntryBytes <= limits.maxTotalBytes - total ? 'maxEntryBytes' : 'maxTotalBytes';
        throw new ZipError('zip_limit_exceeded', { limit, value: limits[limit] }, { locale });
      }
      content = inflated;
    } else {
      reject('unsupported_compression');
      continue;
    }
    total += content.length;
    if (total > limits.maxTotalBytes) throw new ZipError('zip_limit_exceeded', { limit: 'maxTotalBytes', value: limits.maxTotalBytes }, { locale });
    if (crc32(content) !== crc) {
      reject('crc_mismatch');
      continue;
    }
    if (!isPdf(content)) {
      reject('not_pdf');
      continue;
    }
    if (isEncryptedPdf(content)) {
      reject('pdf_encrypted');
      continue;
    }
    entries.push({ status: 'pdf', bytes: content, ...place });
  }
  return entries;
}

async function collect(input: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>, limits: ZipLimits, locale: Locale): Promise<Uint8Array> {
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    if (bytes.length > limits.maxInputBytes) throw new ZipError('zip_limit_exceeded', { limit: 'maxInputBytes', value: limits.maxInputBytes }, { locale });
    return bytes;
  }
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunksOf(input)) {
    length += chunk.length;
    if (length > limits.maxInputBytes) throw new ZipError('zip_limit_exceeded', { limit: 'maxInputBytes', value: limits.maxInputBytes }, { locale });
    parts.push(chunk);
  }
  return concatBytes(parts, length);
}

// Compressed input is pushed in slices so that one push can never produce more than ~16 MiB (deflate's maximum
// ratio is about 1032:1): the real output is counted as it comes and inflating stops at the limit.
const SLICE = 16 * 1024;

function inflateBounded(data: Uint8Array, declared: number, maxBytes: number, maxRatio: number): Uint8Array | 'size' | 'ratio' | 'corrupt' {
  // Fast path for the common small entry: one inflate into a buffer of the declared size plus one byte. The input is
  // at most one slice, so the work is bounded; a result that fills the spare byte means the header lied, and the
  // entry goes through the counted path below.
  if (data.length <= SLICE && declared < maxBytes && declared <= data.length * maxRatio + 1024 * 1024) {
    try {
      const out = inflateSync(data, { out: new Uint8Array(declared + 1) });
      if (out.length <= declared) return out;
    } catch {
      return 'corrupt';
    }
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    chunks.push(chunk);
    size += chunk.length;
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length || i === 0; i += SLICE) {
      const last = i + SLICE >= data.length;
      inflater.push(data.subarray(i, i + SLICE), last);
      if (size > maxBytes) return 'size';
      if (size > 1024 * 1024 && size > data.length * maxRatio) return 'ratio';
      if (last) break;
    }
  } catch {
    return 'corrupt';
  }
  if (!ended) return 'corrupt';
  return concatBytes(chunks, size);
}

// CP437: the code page of DOS and of Windows zip tools that do not set the UTF-8 flag.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decodeName(raw: Uint8Array, utf8Flag: boolean, extra: Uint8Array): string {
  // Info-ZIP Unicode Path extra field (0x7075): the UTF-8 name, valid while its CRC matches the raw name.
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = (extra[i] ?? 0) | ((extra[i + 1] ?? 0) << 8);
    const size = (extra[i + 2] ?? 0) | ((extra[i + 3] ?? 0) << 8);
    if (id === 0x7075 && size >= 5 && extra[i + 4] === 1) {
      const view = new DataView(extra.buffer, extra.byteOffset + i + 5, 4);
      if (view.getUint32(0, true) === crc32(raw)) return new TextDecoder().decode(extra.subarray(i + 9, i + 4 + size)).normalize('NFC');
    }
    i += 4 + size;
  }
  if (utf8Flag) return new TextDecoder().decode(raw).normalize('NFC');
  // Without the flag the name is CP437 — unless it is valid UTF-8 with non-ASCII bytes (macOS and 7-Zip often forget
  // the flag), which CP437 text practically never is.
  if (raw.some((b) => b >= 0x80)) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw).normalize('NFC');
    } catch {
      // CP437 below.
    }
  }
  let name = '';
  for (const byte of raw) name += byte < 0x80 ? String.fromCharCode(byte) : (CP437_HIGH[byte - 0x80] ?? '\ufffd');
  return name.normalize('NFC');
}

function placeOf(name: string): { name: string; folders: string[]; path: string } {
  const parts = name
    .replace(/\\/g, '/')
    .split('/')
    .map((part) => part.trim())
    .filter((part, i) => part !== '' && part !== '.' && part !== '..' && !(i === 0 && /^[a-z]:$/i.test(part)));
  const base = parts.pop() ?? '';
  return { name: base, folders: parts, path: [...parts, base].join('/') };
}

function skipReason(raw: string, place: { name: string; folders: readonly string[] }): ZipSkipReason | undefined {
  if (raw.endsWith('/') || raw.endsWith('\\') || place.name === '') return 'directory';
  if (place.folders.some((f) => f === '__MACOSX') || place.name.startsWith('._')) return 'macos_metadata';
  if (SYSTEM_FILES.has(place.name.toLowerCase())) return 'system_file';
  return undefined;
}

function isPdf(bytes: Uint8Array): boolean {
  // The header may follow a little junk (the PDF spec tolerates it within the first 1024 bytes).
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 5 <= head.length; i++) {
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}

/** True when a PDF declares an `/Encrypt` dictionary in a trailer or cross-reference stream. */
export function isEncryptedPdf(bytes: Uint8Array): boolean {
  // Trailers and xref-stream dictionaries are uncompressed, so the key is visible as plain bytes.
  const key = [0x2f, 0x45, 0x6e, 0x63, 0x72, 0x79, 0x70, 0x74]; // "/Encrypt"
  outer: for (let i = bytes.indexOf(0x2f); i !== -1 && i + key.length < bytes.length; i = bytes.indexOf(0x2f, i + 1)) {
    for (let k = 1; k < key.length; k++) if (bytes[i + k] !== key[k]) continue outer;
    const after = new TextDecoder('latin1').decode(bytes.subarray(i + key.length, i + key.length + 24));
    if (/^\s*(?:\d+\s+\d+\s+R|<<)/.test(after)) return true;
  }
  return false;
}

const CRC_TABLE = /* @__PURE__ */ (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (the zip and PNG polynomial). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = (CRC_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
