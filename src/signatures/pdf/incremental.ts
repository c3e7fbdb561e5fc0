/**
 * Saving a prepared PDF as an incremental update: the original bytes untouched, followed by the objects taxsync added
 * or changed and a cross-reference section that points back to the original's (PDF 32000-1 §7.5.6). This is how
 * viewers save form changes; it writes a few objects instead of re-serialising (and re-compressing) the whole
 * document, and keeps every original byte — page content included — exactly as it was.
 *
 * Only PDFs whose cross-reference data is sound are updated this way: every section reachable from the last
 * `startxref`, table or stream, must point at the objects it lists. Anything else (a damaged or unusual file) returns
 * `undefined`, and the caller rewrites the document with pdf-lib, which repairs what it parsed.
 */
import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFObjectParser,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFXRefStreamParser,
  type PDFDocument,
  type PDFObject,
} from '@cantoo/pdf-lib';

/** How the original's cross-reference data ends: what an update appends to. */
export interface UpdatePlan {
  /** Offset of the last cross-reference section (the original's last `startxref`). */
  readonly prev: number;
  /** The original's `/Size`: objects numbered from here on are new. */
  readonly size: number;
  /** Whether the last section is a cross-reference stream (an update then uses one too). */
  readonly stream: boolean;
  /** The original's largest object number, as pdf-lib parsed it: objects numbered above it are taxsync's. */
  readonly largest: number;
}

/**
 * Bytes as text, one character per byte (native, and several times faster than a TextDecoder on these short reads).
 * What is looked for in it — digits, white space, keywords — reads the same under either.
 */
const latin1 = {
  decode: (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
};
const MAX_SECTIONS = 64;

const isWhite = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;

/** The offset after the last `startxref` keyword, or -1. */
function lastStartxref(bytes: Uint8Array): number {
  const tail = latin1.decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  const at = tail.lastIndexOf('startxref');
  if (at === -1) return -1;
  const match = /^startxref\s+(\d+)\s*(?:%%EOF)?\s*$/.exec(tail.slice(at));
  return match === null ? -1 : Number(match[1]);
}

/** White space as `\s` matches it in text decoded one character per byte. */
const isSpaceByte = (c: number): boolean => (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0;
const isDigitByte = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** A character `\b` counts as part of a word. */
const isWordByte = (c: number): boolean => isDigitByte(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

/**
 * Whether `bytes` hold `num gen obj` at `offset`: `/^(\d+)\s+(\d+)\s+obj\b/` on the 32 bytes there, read byte by
 * byte (this runs for every object of the original's cross-reference data).
 */
export function objectAt(bytes: Uint8Array, offset: number, num: number, gen: number): boolean {
  if (offset <= 0 || offset >= bytes.length) return false;
  const end = Math.min(bytes.length, offset + 32);
  let i = offset;
  let first = 0;
  for (let field = 0; field < 2; field++) {
    const start = i;
    let value = 0;
    while (i < end && isDigitByte(bytes[i] as number)) value = value * 10 + ((bytes[i++] as number) - 0x30);
    if (i === start) return false;
    // Past fifteen digits, a number as Number() reads its text (the sum above may round differently).
    if (i - start > 15) value = Number(latin1.decode(bytes.subarray(start, i)));
    if (field === 0) first = value;
    else if (first !== num || value !== gen) return false;
    const digitsEnd = i;
    while (i < end && isSpaceByte(bytes[i] as number)) i++;
    if (i === digitsEnd) return false;
  }
  if (i + 3 > end || bytes[i] !== 0x6f || bytes[i + 1] !== 0x62 || bytes[i + 2] !== 0x6a) return false;
  // \b after "obj": the end of the 32 bytes, or a character that is not part of a word.
  return !(i + 3 < end && isWordByte(bytes[i + 3] as number));
}

interface Section {
  readonly trailer: PDFDict;
  readonly entries: readonly { num: number; gen: number; offset: number }[];
}

/** A classic `xref` table and its trailer at `offset`, or `undefined`. */
function tableAt(bytes: Uint8Array, offset: number, context: PDFContext): Section | undefined {
  // 20 bytes an entry: 4 MB is some 200,000 objects; a larger table makes the caller rewrite the file instead.
  const text = latin1.decode(bytes.subarray(offset, Math.min(bytes.length, offset + 4 * 1024 * 1024)));
  const trailerAt = text.indexOf('trailer');
  if (!text.startsWith('xref') || trailerAt === -1) return undefined;
  const lines = text.slice(4, trailerAt).trim().split(/\r\n|\r|\n/);
  const entries: { num: number; gen: number; offset: number }[] = [];
  for (let i = 0; i < lines.length; ) {
    const head = /^(\d+)\s+(\d+)\s*$/.exec((lines[i] ?? '').trim());
    if (head === null) return undefined;
    const first = Number(head[1]);
    const count = Number(head[2]);
    for (let k = 0; k < count; k++) {
      const entry = /^(\d{10})\s(\d{5})\s([nf])\s*$/.exec(lines[i + 1 + k] ?? '');
      if (entry === null) return undefined;
      if (entry[3] === 'n') entries.push({ num: first + k, gen: Number(entry[2]), offset: Number(entry[1]) });
    }
    i += 1 + count;
  }
  const trailer = PDFObjectParser.forBytes(bytes.subarray(offset + trailerAt + 'trailer'.length), context).parseObject();
  return trailer instanceof PDFDict ? { trailer, entries } : undefined;
}

/** A cross-reference stream at `offset`, or `undefined`. */
function streamAt(bytes: Uint8Array, offset: number, context: PDFContext): Section | undefined {
  const head = /^(\d+)\s+(\d+)\s+obj\s*/.exec(latin1.decode(bytes.subarray(offset, Math.min(bytes.length, offset + 32))));
  if (head === null) return undefined;
  const object = PDFObjectParser.forBytes(bytes.subarray(offset + head[0].length), context).parseObject();
  if (!(object instanceof PDFRawStream) || object.dict.lookup(PDFName.of('Type')) !== PDFName.of('XRef')) return undefined;
  const entries = PDFXRefStreamParser.forStream(object)
    .parseIntoContext()
    .filter((e) => !e.deleted && !e.inObjectStream)
    .map((e) => ({ num: e.ref.objectNumber, gen: e.ref.generationNumber, offset: e.offset }));
  return { trailer: object.dict, entries };
}

/**
 * Checks the original's cross-reference sections and prepares `doc` for an update: new objects are numbered from
 * the original's `/Size` on. `undefined` when the PDF should be rewritten instead.
 */
export function planUpdate(bytes: Uint8Array, doc: PDFDocument): UpdatePlan | undefined {
  try {
    if (latin1.decode(bytes.subarray(0, 5)) !== '%PDF-') return undefined;
    const last = lastStartxref(bytes);
    if (last <= 0 || last >= bytes.length) return undefined;
    // A scratch context: parsing sections must not touch the document's trailer information.
    const scratch = PDFContext.create();
    let size: number | undefined;
    let stream = false;
    const seen = new Set<number>();
    const pending = [last];
    while (pending.length > 0) {
      const offset = pending.pop() as number;
      if (seen.has(offset) || seen.size >= MAX_SECTIONS || offset <= 0 || offset >= bytes.length) return undefined;
      const isTable = latin1.decode(bytes.subarray(offset, offset + 4)) === 'xref';
      const section = isTable ? tableAt(bytes, offset, scratch) : streamAt(bytes, offset, scratch);
      if (section === undefined) return undefined;
      if (seen.size === 0) {
        size = section.trailer.lookup(PDFName.of('Size'), PDFNumber).asNumber();
        stream = !isTable;
      }
      seen.add(offset);
      for (const e of section.entries) if (!objectAt(bytes, e.offset, e.num, e.gen)) return undefined;
      for (const key of ['Prev', 'XRefStm']) {
        const next = section.trailer.get(PDFName.of(key));
        if (next instanceof PDFNumber) pending.push(next.asNumber());
        else if (next !== undefined) return undefined;
      }
    }
    if (size === undefined || !Number.isInteger(size) || size <= 0) return undefined;
    const largest = doc.context.largestObjectNumber;
    // New objects must not reuse a number the original's cross-reference data gives out.
    doc.context.largestObjectNumber = Math.max(largest, size - 1);
    return { prev: last, size, stream, largest };
  } catch {
    return undefined;
  }
}

/**
 * An object's text as pdf-lib writes it (the same characters, one per byte): built as one string, where pdf-lib's
 * writer measures each object, then copies it character by character through a call per object — most of an
 * update's cost otherwise. Streams other than raw ones (which compute their contents) are left to pdf-lib.
 */
function objectText(object: PDFObject): string {
  if (object instanceof PDFName) return object.asString();
  if (object instanceof PDFDict) {
    let text = '<<\n';
    for (const [key, value] of object.entries()) text += `${key.asString()} ${objectText(value)}\n`;
    return `${text}>>`;
  }
  if (object instanceof PDFArray) {
    let text = '[ ';
    for (const item of object.asArray()) text += `${objectText(item)} `;
    return `${text}]`;
  }
  if (object instanceof PDFRawStream) {
    object.updateDict();
    const contents = object.contents;
    return `${objectText(object.dict)}\nstream\n${Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength).toString('latin1')}\nendstream`;
  }
  if (object instanceof PDFStream) {
    const bytes = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(bytes, 0);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
  // Numbers, strings, references, booleans, null: pdf-lib's own text for each.
  return object.toString();
}

/** Contiguous runs of object numbers: `[first, count]` pairs. */
function subsections(numbers: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of numbers) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}

/**
 * The original bytes followed by an update holding `changed` objects and every object created since
 * {@link planUpdate}.
 */
export function writeUpdate(bytes: Uint8Array, doc: PDFDocument, plan: UpdatePlan, changed: Iterable<PDFRef>): Uint8Array {
  const context = doc.context;
  const refs = new Map<number, PDFRef>();
  for (const ref of changed) refs.set(ref.objectNumber, ref);
  for (const [ref] of context.enumerateIndirectObjects()) if (ref.objectNumber > plan.largest) refs.set(ref.objectNumber, ref);
  const ordered = [...refs.values()].sort((a, b) => a.objectNumber - b.objectNumber);

  // The update as text (one character per byte), appended to the original bytes at the end.
  let text = isWhite(bytes[bytes.length - 1]) ? '' : '\n';
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (const ref of ordered) {
    const object = context.lookup(ref);
    if (object === undefined) continue;
    offsets.set(ref.objectNumber, { offset: bytes.length + text.length, gen: ref.generationNumber });
    text += `${ref.objectNumber} ${ref.generationNumber} obj\n${objectText(object)}\nendobj\n`;
  }

  const size = Math.max(plan.size, context.largestObjectNumber + 1);
  const trailer = context.obj({});
  trailer.set(PDFName.of('Prev'), PDFNumber.of(plan.prev));
  const { Root, Info, ID } = context.trailerInfo;
  if (Root !== undefined) trailer.set(PDFName.of('Root'), Root);
  if (Info !== undefined) trailer.set(PDFName.of('Info'), Info);
  if (ID !== undefined) trailer.set(PDFName.of('ID'), ID);
  const xrefOffset = bytes.length + text.length;

  if (plan.stream) {
    // A cross-reference stream, uncompressed: type (1 byte), offset (4), generation (2) per entry.
    const xrefNumber = size;
    offsets.set(xrefNumber, { offset: xrefOffset, gen: 0 });
    const numbers = [...offsets.keys()].sort((a, b) => a - b);
    let data = '';
    for (const n of numbers) {
      const { offset, gen } = offsets.get(n) as { offset: number; gen: number };
      data += String.fromCharCode(1, (offset >>> 24) & 255, (offset >>> 16) & 255, (offset >>> 8) & 255, offset & 255, (gen >> 8) & 255, gen & 255);
    }
    trailer.set(PDFName.of('Type'), PDFName.of('XRef'));
    trailer.set(PDFName.of('Size'), PDFNumber.of(xrefNumber + 1));
    trailer.set(PDFName.of('W'), context.obj([1, 4, 2]));
    trailer.set(PDFName.of('Index'), context.obj(subsections(numbers).flat()));
    trailer.set(PDFName.of('Length'), PDFNumber.of(data.length));
    text += `${xrefNumber} 0 obj\n${objectText(trailer)}\nstream\n${data}\nendstream\nendobj\n`;
  } else {
    const numbers = [...offsets.keys()].sort((a, b) => a - b);
    let table = 'xref\n';
    for (const [first, count] of subsections(numbers)) {
      table += `${first} ${count}\n`;
      for (let n = first; n < first + count; n++) {
        const { offset, gen } = offsets.get(n) as { offset: number; gen: number };
        table += `${String(offset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;
      }
    }
    trailer.set(PDFName.of('Size'), PDFNumber.of(size));
    text += `${table}trailer\n${objectText(trailer)}\n`;
  }
  text += `startxref\n${xrefOffset}\n%%EOF\n`;

  // Encoded on its own, then copied after the original: writing the text into a Buffer view of the output was
  // several times slower.
  const update = Buffer.from(text, 'latin1');
  const out = new Uint8Array(bytes.length + update.length);
  out.set(bytes, 0);
  out.set(update, bytes.length);
  return out;
}

/** The indirect object holding `value`'s key in `dict`, when it is one (so that changing it means rewriting it). */
export function indirect(dict: PDFDict, key: string): PDFRef | undefined {
  const value = dict.get(PDFName.of(key));
  return value instanceof PDFRef ? value : undefined;
}
