/**
 * Hostile inputs made byte by byte, the way an attacker or a broken tool makes them: zips whose central directory
 * and local headers say what we choose (shared data, other names, other sizes, data descriptors), deflate bombs
 * compressed as a stream (never held inflated), PDFs whose page content, or font map, inflates to hundreds of
 * megabytes, and workbooks whose sheet or shared-string table does.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { concatBytes } from '../fixtures/csv.js';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, StandardFonts } from '@cantoo/pdf-lib';

// ── Zips, byte by byte ───────────────────────────────────────────────────────────────────────────────────────────

/** The fields a local header and a central-directory entry both carry (each may say something else). */
export interface RecordFields {
  readonly name: string;
  readonly flags?: number;
  readonly method: 0 | 8;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
}

/** What a local header says, field by field. */
export interface LocalRecord extends RecordFields {
  /** The bytes after the header: the entry's data (already compressed), and a data descriptor if wanted. */
  readonly body: Uint8Array;
}

/**
 * What a central-directory entry says; `local` is the index of the local record it points at, `offset` (when given)
 * the byte it points at instead.
 */
export interface CentralRecord extends RecordFields {
  readonly offset?: number;
  readonly local: number;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Writes local records one after the other, then the central directory exactly as given, then the end record. */
export function craftZip(locals: readonly LocalRecord[], centrals: readonly CentralRecord[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const local of locals) {
    const name = utf8(local.name);
    const header = new Uint8Array(30 + name.length);
    const v = new DataView(header.buffer);
    v.setUint32(0, 0x04034b50, true); // local file header signature
    v.setUint16(4, 20, true); // version needed: 2.0
    v.setUint16(6, local.flags ?? 0, true);
    v.setUint16(8, local.method, true);
    v.setUint32(14, local.crc, true);
    v.setUint32(18, local.compressedSize, true);
    v.setUint32(22, local.size, true);
    v.setUint16(26, name.length, true);
    header.set(name, 30);
    offsets.push(at);
    parts.push(header, local.body);
    at += header.length + local.body.length;
  }
  const directoryStart = at;
  for (const central of centrals) {
    const name = utf8(central.name);
    const entry = new Uint8Array(46 + name.length);
    const v = new DataView(entry.buffer);
    v.setUint32(0, 0x02014b50, true); // central directory signature
    v.setUint16(4, 20, true);
    v.setUint16(6, 20, true);
    v.setUint16(8, central.flags ?? 0, true);
    v.setUint16(10, central.method, true);
    v.setUint32(16, central.crc, true);
    v.setUint32(20, central.compressedSize, true);
    v.setUint32(24, central.size, true);
    v.setUint16(28, name.length, true);
    v.setUint32(42, central.offset ?? offsets[central.local] ?? 0, true);
    entry.set(name, 46);
    parts.push(entry);
    at += entry.length;
  }
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true); // end of central directory
  v.setUint16(8, centrals.length, true);
  v.setUint16(10, centrals.length, true);
  v.setUint32(12, at - directoryStart, true);
  v.setUint32(16, directoryStart, true);
  parts.push(end);
  return concatBytes(...parts);
}

/** The bytes of a local header alone (for one hidden inside another entry's data). */
export function localHeader(record: Omit<LocalRecord, 'body'>): Uint8Array {
  return craftZip([{ ...record, body: new Uint8Array(0) }], []).subarray(0, 30 + utf8(record.name).length);
}

/** A file deflated into a local record and its matching central entry: what an honest zip tool writes. */
export function honestEntry(name: string, data: Uint8Array, local: number): { local: LocalRecord; central: CentralRecord } {
  const body = deflateRawSync(data);
  const fields = { name, method: 8 as const, crc: crc32(data), compressedSize: body.length, size: data.length };
  return { local: { ...fields, body }, central: { ...fields, local } };
}

/**
 * The same file as macOS Archive Utility writes it: flag bit 3, zeros for CRC and sizes in the local header, the real
 * values in a data descriptor after the data (with its optional signature) and in the central directory.
 */
export function descriptorEntry(name: string, data: Uint8Array, local: number): { local: LocalRecord; central: CentralRecord } {
  const compressed = deflateRawSync(data);
  const descriptor = new Uint8Array(16);
  const v = new DataView(descriptor.buffer);
  v.setUint32(0, 0x08074b50, true);
  v.setUint32(4, crc32(data), true);
  v.setUint32(8, compressed.length, true);
  v.setUint32(12, data.length, true);
  return {
    local: { name, flags: 0x8, method: 8, crc: 0, compressedSize: 0, size: 0, body: concatBytes(compressed, descriptor) },
    central: { name, flags: 0x8, method: 8, crc: crc32(data), compressedSize: compressed.length, size: data.length, local },
  };
}

// ── Deflate bombs, compressed as a stream ────────────────────────────────────────────────────────────────────────

/** Compressed `prefix + fill × count + suffix`, with the CRC and size of what it inflates to; never held inflated. */
export interface Bomb {
  readonly compressed: Uint8Array;
  readonly crc: number;
  readonly size: number;
}

const bombs = new Map<string, Promise<Bomb>>();

/**
 * Deflates (raw for zip entries, zlib-wrapped for PDF streams) a long run of one byte between two texts. The same
 * bomb asked twice is made once.
 */
export function deflateBomb(prefix: string, fill: number, count: number, suffix: string, format: 'raw' | 'zlib'): Promise<Bomb> {
  const key = JSON.stringify([prefix, fill, count, suffix, format]);
  let bomb = bombs.get(key);
  if (bomb === undefined) {
    bomb = makeBomb(prefix, fill, count, suffix, format);
    bombs.set(key, bomb);
  }
  return bomb;
}

/**
 * Each piece is deflated on its own and flushed without ending the stream (Z_FULL_FLUSH: no reference reaches back
 * before it), so one compressed mebibyte of `fill` can be repeated as many times as wanted: the bomb costs no time to
 * make, and inflates to exactly what it says.
 */
async function makeBomb(prefix: string, fill: number, count: number, suffix: string, format: 'raw' | 'zlib'): Promise<Bomb> {
  const flushed = (data: Uint8Array): Uint8Array => deflateRawSync(data, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const block = Buffer.alloc(1024 * 1024, fill);
  const unit = flushed(block);
  const rest = count % block.length;
  const parts: Uint8Array[] = [flushed(utf8(prefix))];
  for (let i = 0; i < Math.floor(count / block.length); i++) parts.push(unit);
  if (rest > 0) parts.push(flushed(block.subarray(0, rest)));
  parts.push(deflateRawSync(utf8(suffix), { level: 9 })); // the final block
  let crc = crc32(utf8(prefix));
  for (let i = 0; i < Math.floor(count / block.length); i++) crc = crc32(block, crc);
  crc = crc32(utf8(suffix), crc32(block.subarray(0, rest), crc));
  const size = utf8(prefix).length + count + utf8(suffix).length;
  if (format === 'raw') return { compressed: concatBytes(...parts), crc, size };
  // zlib: a header (deflate, 32 KiB window, level 9) and the Adler-32 of the whole content at the end.
  const trailer = new Uint8Array(4);
  new DataView(trailer.buffer).setUint32(0, adler32(prefix, fill, count, suffix), false);
  return { compressed: concatBytes(new Uint8Array([0x78, 0xda]), ...parts, trailer), crc, size };
}

/** Adler-32 of `prefix + fill × count + suffix`, the run computed in closed form. */
function adler32(prefix: string, fill: number, count: number, suffix: string): number {
  const MOD = 65521n;
  let a = 1n;
  let b = 0n;
  const add = (bytes: Uint8Array): void => {
    for (const byte of bytes) {
      a = (a + BigInt(byte)) % MOD;
      b = (b + a) % MOD;
    }
  };
  add(utf8(prefix));
  const n = BigInt(count);
  b = (b + n * a + BigInt(fill) * ((n * (n + 1n)) / 2n)) % MOD;
  a = (a + n * BigInt(fill)) % MOD;
  add(utf8(suffix));
  return Number((b << 16n) | a);
}

// ── PDFs ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** A one-page PDF whose page content is the given FlateDecode stream (made with pdf-lib's low-level API). */
export async function pdfWithContent(content: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const stream = PDFRawStream.of(doc.context.obj({ Filter: 'FlateDecode', Length: content.length }), content);
  page.node.set(PDFName.of('Contents'), doc.context.register(stream));
  return doc.save({ useObjectStreams: false });
}

/** A one-page PDF that shows "T183" in a font whose /ToUnicode map is the given FlateDecode stream. */
export async function pdfWithFontMap(toUnicode: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('T183', { x: 72, y: 700, size: 12, font });
  const map = doc.context.register(PDFRawStream.of(doc.context.obj({ Filter: 'FlateDecode', Length: toUnicode.length }), toUnicode));
  await doc.flush(); // writes the font's dictionary
  const dict = doc.context.lookup(font.ref);
  if (!(dict instanceof PDFDict)) throw new Error('pdf-lib gave no font dictionary');
  dict.set(PDFName.of('ToUnicode'), map);
  return doc.save({ useObjectStreams: false });
}

// ── Workbooks ────────────────────────────────────────────────────────────────────────────────────────────────────

/** A workbook's parts (an honest one, from the raw fixtures) with one part replaced by a bomb. */
export function workbookWithPart(workbook: Uint8Array, part: string, bomb: Bomb): Uint8Array {
  const parts = unzipSync(workbook);
  const locals: LocalRecord[] = [];
  const centrals: CentralRecord[] = [];
  for (const [name, data] of Object.entries(parts)) {
    const entry = name === part ? { name, method: 8 as const, crc: bomb.crc, compressedSize: bomb.compressed.length, size: bomb.size } : undefined;
    if (entry !== undefined) {
      locals.push({ ...entry, body: bomb.compressed });
      centrals.push({ ...entry, local: locals.length - 1 });
    } else {
      const honest = honestEntry(name, data, locals.length);
      locals.push(honest.local);
      centrals.push(honest.central);
    }
  }
  return craftZip(locals, centrals);
}
