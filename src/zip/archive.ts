/**
 * Reading the `.zip` of PDFs a tax program printed, safely: bounded output (counted while inflating, never trusting
 * the sizes the archive declares), names that are never used as paths, Windows CP437 and macOS decomposed names, CRC
 * checked, and every entry accounted for (a PDF, or skipped / rejected with a reason).
 */
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { ZipError } from '../errors/zip.js';
import type { Locale } from '../messages/catalogue.js';
import { chunksOf, concatBytes } from '../internal/bytes.js';
import { CentralDirectoryError, locateEntries, readCentralDirectory, type CentralEntry } from './central-directory.js';
import { checkLimitOptions, InflateBudget } from './inflate.js';
import { DEFAULT_LOCALE } from '../messages/define.js';
// Node's zlib in the Node build; fflate in the browser build, which swaps this module (tsup.config.ts).
import { crc32, inflateRawBounded } from './inflate-entry.js';

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
  /**
   * Real size of all entries together over the archive's own size, checked while inflating once the total passes
   * 16 MiB. Default 20 (PDFs barely compress: a real archive of prints is about 1:1 to 3:1).
   */
  readonly maxTotalRatio: number;
}

/** The defaults of {@link ZipLimits}. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = /* @__PURE__ */ (() => Object.freeze({
  maxInputBytes: 1024 ** 3,
  maxEntries: 10_000,
  maxEntryBytes: 200 * 1024 ** 2,
  maxTotalBytes: 2 * 1024 ** 3,
  maxRatio: 200,
  maxTotalRatio: 20,
}))();

/** Total output below which the archive-wide ratio is not checked. */
const TOTAL_RATIO_FLOOR = 16 * 1024 * 1024;
/** Output of one entry below which its own ratio is not checked. */
const ENTRY_RATIO_FLOOR = 1024 * 1024;

/** Why an entry was skipped: not a document, and not a problem. */
export type ZipSkipReason = 'directory' | 'macos_metadata' | 'system_file';
/**
 * Why an entry was rejected: it should have been a PDF and cannot be used. `overlapping_entry`: its bytes are shared
 * with another entry (a crafted archive: the same data under two names); `header_mismatch`: its local header
 * contradicts the archive's directory (name, method, sizes). An encrypted PDF is not rejected here: whether it opens
 * (empty user password, or the password the host's rule gives) is decided when it is read.
 */
export type ZipRejectReason = 'not_pdf' | 'crc_mismatch' | 'unsupported_compression' | 'corrupt_entry' | 'overlapping_entry' | 'header_mismatch';

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

/** An entry that cannot be used: not a PDF, corrupt. */
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
  /** Language of error messages. Default: `DEFAULT_LOCALE` ('fr'). */
  readonly locale?: Locale;
}

const SYSTEM_FILES = /* @__PURE__ */ new Set(['thumbs.db', '.ds_store', 'desktop.ini', 'ehthumbs.db', '.localized']);
const LONGEST_SYSTEM_FILE = 11;

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
  // Made here, not at module level: a host bundling one validator must not carry the engine (and fflate) along.
  return readZipWith({ inflateRawBounded, crc32 }, input, options);
}

/**
 * How entries are inflated and checked: inflate-entry.ts (Node's zlib) or inflate-fflate.ts (JavaScript, the browser
 * build's), which must give the same answers. @internal
 */
export interface ZipEngine {
  /** Inflates one entry against the budgets; `'corrupt'` when the data is not a complete deflate stream. */
  readonly inflateRawBounded: (data: Uint8Array, declared: number, budgets: readonly InflateBudget[]) => Uint8Array | 'corrupt';
  readonly crc32: (bytes: Uint8Array) => number;
}

/**
 * Reads a zip archive's entries one at a time, in archive order: each entry is inflated and checked when the loop asks
 * for it, so a host that handles PDFs one by one (and lets each go) holds one entry's bytes besides the archive's,
 * not every entry's. The archive's structure is checked before the first entry (not a zip, encrypted, too many
 * entries: nothing is yielded); the limits on what entries inflate to are counted as they inflate, and the one passed
 * ends the loop with its error — every entry yielded before it was complete and checked. Same entries and the same
 * limits as {@link readZip}.
 *
 * @throws {@link ZipError} `zip_invalid` (not a zip, truncated, multi-disk), `zip_encrypted`, `zip64_unsupported`, or
 * `zip_limit_exceeded` naming the limit.
 *
 * @example
 * ```ts
 * for await (const entry of streamZip(await readFile('T183-2025.zip'))) {
 *   if (entry.status === 'pdf') await handle(entry.name, entry.bytes);
 *   else report(entry.path, entry.reason);
 * }
 * ```
 */
export async function* streamZip(input: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>, options: ReadZipOptions = {}): AsyncGenerator<ZipEntry, void, undefined> {
  yield* await openZipEntries(input, options);
}

/**
 * {@link streamZip} in its two steps, for the jobs: the archive refused as a whole (or not) when this resolves, before
 * anything else is read; its entries as they are taken. @internal
 */
export function openZipEntries(input: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>, options: ReadZipOptions = {}): Promise<Generator<ZipEntry, void, undefined>> {
  return openZip({ inflateRawBounded, crc32 }, input, options);
}

/** {@link readZip} with a given engine (the differential test runs both). @internal */
export async function readZipWith(engine: ZipEngine, input: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>, options: ReadZipOptions = {}): Promise<ZipEntry[]> {
  return [...(await openZip(engine, input, options))];
}

/**
 * Collects the archive and checks its structure (everything that refuses the archive as a whole), then returns the
 * entries to come, each inflated and checked as it is taken. @internal
 */
export async function openZip(engine: ZipEngine, input: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>, options: ReadZipOptions = {}): Promise<Generator<ZipEntry, void, undefined>> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  checkLimitOptions(options.limits, 'limits', locale);
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const bytes = await collectZip(input, limits, locale);
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

  return entriesOf(engine, bytes, directory, limits, locale);
}

/** The entries of an archive whose structure was checked, each inflated and checked as it is taken. */
function* entriesOf(engine: ZipEngine, bytes: Uint8Array, directory: readonly CentralEntry[], limits: ZipLimits, locale: Locale): Generator<ZipEntry, void, undefined> {
  const { inflateRawBounded } = engine;
  const locations = locateEntries(bytes, directory);
  const limitError = (limit: keyof ZipLimits): ZipError => new ZipError('zip_limit_exceeded', { limit, value: limits[limit] }, { locale });
  // Made once: the error each kind of budget throws (an entry's budget is made per entry).
  const entryExceeded = (which: 'maxBytes' | 'maxRatio'): Error => limitError(which === 'maxBytes' ? 'maxEntryBytes' : 'maxRatio');
  const totalExceeded = (which: 'maxBytes' | 'maxRatio'): Error => limitError(which === 'maxBytes' ? 'maxTotalBytes' : 'maxTotalRatio');
  // One budget for the whole archive, checked as every entry inflates, and one per entry.
  const archive = new InflateBudget({ inputSize: bytes.length, maxBytes: limits.maxTotalBytes, maxRatio: limits.maxTotalRatio, ratioFloor: TOTAL_RATIO_FLOOR, exceeded: totalExceeded });
  for (let i = 0; i < directory.length; i++) {
    const { flags, method, crc, size: declaredSize, rawName, extra } = directory[i] as CentralEntry;
    const decodedName = decodeName(rawName, (flags & 0x800) !== 0, extra, engine.crc32);
    const place = placeOf(decodedName);
    const location = locations[i];
    // An entry sharing bytes with another is refused even where it would be skipped: nothing of it is trusted.
    if (location !== undefined && 'problem' in location && location.problem === 'overlap') {
      yield { status: 'rejected', reason: 'overlapping_entry', ...place };
      continue;
    }
    const skip = skipReason(decodedName, place);
    if (skip !== undefined) {
      yield { status: 'skipped', reason: skip, ...place };
      continue;
    }
    if (location === undefined || 'problem' in location) {
      yield rejected(location?.problem === 'header_mismatch' ? 'header_mismatch' : 'corrupt_entry', place);
      continue;
    }
    const data = location.data;
    let content: Uint8Array;
    if (method === 0) {
      if (data.length > limits.maxEntryBytes) throw limitError('maxEntryBytes');
      archive.take(data.length);
      content = data;
    } else if (method === 8) {
      const entry = new InflateBudget({ inputSize: data.length, maxBytes: limits.maxEntryBytes, maxRatio: limits.maxRatio, ratioFloor: ENTRY_RATIO_FLOOR, exceeded: entryExceeded });
      const inflated = inflateRawBounded(data, declaredSize, [entry, archive]);
      if (inflated === 'corrupt') {
        yield rejected('corrupt_entry', place);
        continue;
      }
      content = inflated;
    } else {
      yield rejected('unsupported_compression', place);
      continue;
    }
    // A real size other than the declared one is a damaged or crafted entry, whatever its CRC says.
    if (content.length !== declaredSize) {
      yield rejected('corrupt_entry', place);
      continue;
    }
    if (engine.crc32(content) !== crc) {
      yield rejected('crc_mismatch', place);
      continue;
    }
    if (!isPdf(content)) {
      yield rejected('not_pdf', place);
      continue;
    }
    yield { status: 'pdf', bytes: content, name: place.name, folders: place.folders, path: place.path };
  }
}

const rejected = (reason: ZipRejectReason, place: Place): ZipRejected => ({ status: 'rejected', reason, name: place.name, folders: place.folders, path: place.path });

/** The archive's bytes in one piece, refusing more than `limits.maxInputBytes`. @internal */
export async function collectZip(input: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>, limits: ZipLimits, locale: Locale): Promise<Uint8Array> {
  if (!(input instanceof Uint8Array) && !(input instanceof ArrayBuffer) && !(typeof input === 'object' && input !== null && Symbol.asyncIterator in input)) {
    throw new InvalidArgumentError('invalid_input', { detail: 'the zip must be a Uint8Array, an ArrayBuffer or an AsyncIterable<Uint8Array>' }, { locale });
  }
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    if (bytes.length > limits.maxInputBytes) throw new ZipError('zip_limit_exceeded', { limit: 'maxInputBytes', value: limits.maxInputBytes }, { locale });
    return bytes;
  }
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunksOf(input, 'the zip', locale)) {
    length += chunk.length;
    if (length > limits.maxInputBytes) throw new ZipError('zip_limit_exceeded', { limit: 'maxInputBytes', value: limits.maxInputBytes }, { locale });
    parts.push(chunk);
  }
  return concatBytes(parts, length);
}

// CP437: the code page of DOS and of Windows zip tools that do not set the UTF-8 flag.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

// Made once: a decoder per name was a good part of reading a zip of small PDFs.
const UTF8 = /* @__PURE__ */ new TextDecoder();
const UTF8_STRICT = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

function decodeName(raw: Uint8Array, utf8Flag: boolean, extra: Uint8Array, crc32: ZipEngine['crc32']): string {
  // Info-ZIP Unicode Path extra field (0x7075): the UTF-8 name, valid while its CRC matches the raw name.
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = (extra[i] ?? 0) | ((extra[i + 1] ?? 0) << 8);
    const size = (extra[i + 2] ?? 0) | ((extra[i + 3] ?? 0) << 8);
    if (id === 0x7075 && size >= 5 && extra[i + 4] === 1) {
      const view = new DataView(extra.buffer, extra.byteOffset + i + 5, 4);
      if (view.getUint32(0, true) === crc32(raw)) return UTF8.decode(extra.subarray(i + 9, i + 4 + size)).normalize('NFC');
    }
    i += 4 + size;
  }
  // An ASCII name reads the same in every encoding and is already NFC (most names a tax program writes).
  let ascii = true;
  for (let i = 0; i < raw.length && ascii; i++) ascii = (raw[i] as number) < 0x80;
  if (ascii) return UTF8.decode(raw);
  if (utf8Flag) return UTF8.decode(raw).normalize('NFC');
  // Without the flag the name is CP437 — unless it is valid UTF-8 with non-ASCII bytes (macOS and 7-Zip often forget
  // the flag), which CP437 text practically never is.
  try {
    return UTF8_STRICT.decode(raw).normalize('NFC');
  } catch {
    // CP437 below.
  }
  let name = '';
  for (const byte of raw) name += byte < 0x80 ? String.fromCharCode(byte) : (CP437_HIGH[byte - 0x80] ?? '\ufffd');
  return name.normalize('NFC');
}

const DRIVE = /^[a-z]:$/i;

/** Where an entry sat: its name, its folders, both joined. */
interface Place {
  readonly name: string;
  readonly folders: string[];
  readonly path: string;
}

function placeOf(name: string): Place {
  // Most names a tax program writes are clean (`T183 2025/123456789 - Simon Provencher.pdf`): split once, and the
  // name itself is the path.
  if (!name.includes('\\')) {
    const parts = name.split('/');
    let clean = true;
    for (let i = 0; i < parts.length && clean; i++) {
      const part = parts[i] as string;
      clean = part !== '' && part !== '.' && part !== '..' && part.trim() === part && !(i === 0 && DRIVE.test(part));
    }
    if (clean) {
      const base = parts.pop() as string;
      return { name: base, folders: parts, path: name };
    }
  }
  // Split by hand: each part trimmed; empty parts, `.`, `..` and a leading drive letter go.
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i <= name.length; i++) {
    const code = i === name.length ? 0x2f : name.charCodeAt(i);
    if (code !== 0x2f && code !== 0x5c) continue;
    const part = name.slice(start, i).trim();
    const first = start === 0;
    start = i + 1;
    if (part === '' || part === '.' || part === '..' || (first && DRIVE.test(part))) continue;
    parts.push(part);
  }
  const base = parts.pop() ?? '';
  return { name: base, folders: parts, path: parts.length === 0 ? base : `${parts.join('/')}/${base}` };
}

function skipReason(raw: string, place: { name: string; folders: readonly string[] }): ZipSkipReason | undefined {
  if (raw.endsWith('/') || raw.endsWith('\\') || place.name === '') return 'directory';
  if (place.folders.includes('__MACOSX') || place.name.startsWith('._')) return 'macos_metadata';
  // Lower-cased only when short enough to be one of them (a tax print's name is longer: no string made per entry).
  if (place.name.length <= LONGEST_SYSTEM_FILE && SYSTEM_FILES.has(place.name.toLowerCase())) return 'system_file';
  return undefined;
}

function isPdf(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d) return true;
  // The header may follow a little junk (the PDF spec tolerates it within the first 1024 bytes).
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 5 <= head.length; i++) {
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}

/** CRC-32 (the zip and PNG polynomial), as the reader computes it. */
export { crc32 };
