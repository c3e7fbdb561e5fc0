/**
 * A faster reading of names for pdf-lib's parser, while taxsync's own loads run (installed and removed with the
 * inflation bound, parse-budget.ts). pdf-lib's `PDFObjectParser.parseName` grows each name one character at a time
 * (a new string per byte) and runs two regular expressions over it for `#xx` escapes; print drivers write thousands
 * of names per bundle (a font resource per text run), and that was a tenth of resolving a twenty-page bundle. This
 * one reads a name without escapes from the bytes at once and finds its `PDFName` in a table, which gives the very
 * same object pdf-lib would (`PDFName.of` keeps one instance per name, forever). A name with `#` in it, or a parser
 * that does not look as expected, is read by pdf-lib's own method: same objects, same errors, same positions.
 */
import { PDFName, PDFObjectParser } from '@cantoo/pdf-lib';

/** The part of pdf-lib's ByteStream this relies on (its fields as the library names them). */
interface ByteStreamLike {
  bytes: Uint8Array;
  idx: number;
  column: number;
  length: number;
}

type ParseName = (this: { bytes: ByteStreamLike }) => PDFName;

/** pdf-lib's white space and delimiters: where a name ends. `#` (0x23) is marked 2: an escape, left to pdf-lib. */
const END = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256);
  for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) table[c] = 1;
  table[0x23] = 2;
  return table;
})();

/**
 * Names met lately, by a hash of their bytes: a direct-mapped cache (a name replaces the one in its slot), so that a
 * name met again is found without making its string. Bounded; the library's own pool is not.
 */
const SLOTS = 4096;
const texts: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const objects: (PDFName | undefined)[] = new Array<PDFName | undefined>(SLOTS).fill(undefined);

let original: ParseName | undefined;
let fast: ParseName | undefined;

function makeFast(parseName: ParseName): ParseName {
  return function (this: { bytes: ByteStreamLike }): PDFName {
    const stream = this.bytes;
    const bytes = stream.bytes;
    const start = stream.idx;
    // Anything unexpected (no leading `/`, another shape of stream): pdf-lib's own method decides, and throws.
    if (!(bytes instanceof Uint8Array) || typeof start !== 'number' || bytes[start] !== 0x2f || stream.length !== bytes.length) return parseName.call(this);
    const end = stream.length;
    let idx = start + 1;
    let kind = 0;
    let hash = 0x811c9dc5;
    for (; idx < end; idx++) {
      const byte = bytes[idx] as number;
      kind = END[byte] as number;
      if (kind !== 0) break;
      hash = Math.imul(hash ^ byte, 0x01000193);
    }
    if (kind === 2) return parseName.call(this);
    const length = idx - start - 1;
    const slot = (hash ^ (hash >>> 15)) & (SLOTS - 1);
    const known = texts[slot];
    let name: PDFName | undefined;
    if (known !== undefined && known.length === length) {
      let k = 0;
      while (k < length && known.charCodeAt(k) === bytes[start + 1 + k]) k++;
      if (k === length) name = objects[slot];
    }
    if (name === undefined) {
      // One character per byte, as pdf-lib reads it (latin1); the name has no escape, so its text is the name.
      const text = length <= 64 ? String.fromCharCode.apply(null, bytes.subarray(start + 1, idx) as unknown as number[]) : Buffer.from(bytes.buffer, bytes.byteOffset + start + 1, length).toString('latin1');
      name = PDFName.of(text);
      texts[slot] = text;
      objects[slot] = name;
    }
    // As pdf-lib's ByteStream.next() would have moved, byte by byte (a name holds no line break).
    stream.idx = idx;
    stream.column += idx - start;
    return name;
  };
}

type NameOf = (name: string) => PDFName;

let originalOf: NameOf | undefined;
let fastOf: NameOf | undefined;

/** How many names {@link memoized} remembers at most (the library's own pool keeps every name forever). */
const MEMO_LIMIT = 4096;

/**
 * `PDFName.of` remembering what it gave for each text: pdf-lib's parser asks for the same few names for every
 * dictionary and stream it reads (`Type`, `Catalog`, `Pages`, `Page`, `Length`, `ObjStm`…), and each call decodes
 * its argument with a regular expression before finding the name in the library's pool. `PDFName.of` gives one
 * instance per name, so the remembered one is the very object it would give again (kept from one load to the next).
 */
const memo = /* @__PURE__ */ new Map<string, PDFName>();

function memoized(of: NameOf): NameOf {
  return (name: string): PDFName => {
    let found = memo.get(name);
    if (found === undefined) {
      found = of(name);
      if (typeof name === 'string' && memo.size < MEMO_LIMIT) memo.set(name, found);
    }
    return found;
  };
}

/**
 * Puts the faster name reading in place (see above), and `PDFName.of` remembering its names (see {@link memoized});
 * a library without `parseName` or `PDFName.of` is left as it is.
 */
export function installFastNames(): void {
  const proto = PDFObjectParser.prototype as unknown as { parseName?: unknown };
  if (typeof proto.parseName === 'function' && original === undefined) {
    original = proto.parseName as ParseName;
    fast = makeFast(original);
    proto.parseName = fast;
  }
  const names = PDFName as unknown as { of?: unknown };
  if (typeof names.of === 'function' && originalOf === undefined) {
    originalOf = names.of as NameOf;
    fastOf = memoized(originalOf);
    names.of = fastOf;
  }
}

/** Puts pdf-lib's own name reading and `PDFName.of` back, unless something else replaced them meanwhile. */
export function uninstallFastNames(): void {
  if (original !== undefined) {
    const proto = PDFObjectParser.prototype as unknown as { parseName?: unknown };
    if (proto.parseName === fast) proto.parseName = original;
    original = undefined;
    fast = undefined;
  }
  if (originalOf !== undefined) {
    const names = PDFName as unknown as { of?: unknown };
    if (names.of === fastOf) names.of = originalOf;
    originalOf = undefined;
    fastOf = undefined;
  }
}
