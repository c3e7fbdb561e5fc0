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

/** Names met so far, by their bytes as text (no escapes: the text is the name). Bounded; the library's pool is not. */
const names = /* @__PURE__ */ new Map<string, PDFName>();
const MAX_NAMES = 1 << 16;

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
    while (idx < end && (kind = END[bytes[idx] as number] as number) === 0) idx++;
    if (kind === 2) return parseName.call(this);
    const text = idx - start - 1 <= 64 ? String.fromCharCode.apply(null, bytes.subarray(start + 1, idx) as unknown as number[]) : Buffer.from(bytes.buffer, bytes.byteOffset + start + 1, idx - start - 1).toString('latin1');
    let name = names.get(text);
    if (name === undefined) {
      name = PDFName.of(text);
      if (names.size < MAX_NAMES) names.set(text, name);
    }
    // As pdf-lib's ByteStream.next() would have moved, byte by byte (a name holds no line break).
    stream.idx = idx;
    stream.column += idx - start;
    return name;
  };
}

/** Puts the faster name reading in place (see above); a library without `parseName` is left as it is. */
export function installFastNames(): void {
  const proto = PDFObjectParser.prototype as unknown as { parseName?: unknown };
  if (typeof proto.parseName !== 'function' || original !== undefined) return;
  original = proto.parseName as ParseName;
  fast = makeFast(original);
  proto.parseName = fast;
}

/** Puts pdf-lib's own name reading back, unless something else replaced it meanwhile. */
export function uninstallFastNames(): void {
  if (original === undefined) return;
  const proto = PDFObjectParser.prototype as unknown as { parseName?: unknown };
  if (proto.parseName === fast) proto.parseName = original;
  original = undefined;
  fast = undefined;
}
