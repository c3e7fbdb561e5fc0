/**
 * Faster reading of white space, comments and plain numbers for pdf-lib's parser, while taxsync's own loads run
 * (installed and removed with the names of parse-names.ts and the inflation bound, parse-budget.ts). pdf-lib reads
 * them a byte at a time through its ByteStream's methods, and builds every number as a string one character at a
 * time before converting it (a new string per digit): a bundle holds thousands of numbers (object numbers,
 * references, boxes, widths) and the white space around each. These read the same bytes directly and leave the
 * stream exactly where pdf-lib's methods would — position, line and column — and give the same values; anything
 * other than the plain case (a sign, a decimal point, more than fifteen digits, a stream that does not look as
 * expected) is read by pdf-lib's own method: same values, same errors, same warnings. `PDFRef.of`, which makes a
 * string of every reference to find it in the library's pool, remembers the references of generation 0 by number.
 */
import { PDFObjectParser, PDFRef } from '@cantoo/pdf-lib';

/** The part of pdf-lib's ByteStream this relies on (its fields as the library names them). */
interface ByteStreamLike {
  bytes: Uint8Array;
  idx: number;
  line: number;
  column: number;
  length: number;
}

interface ParserLike {
  bytes: ByteStreamLike;
}

type Method<T> = (this: ParserLike) => T;

/** pdf-lib's white space (syntax/Whitespace.js): NUL, tab, line feed, form feed, carriage return, space. */
const WHITE = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256);
  for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) table[c] = 1;
  return table;
})();

/** pdf-lib's numeric characters (syntax/Numeric.js): digits, `.`, `+`, `-`. */
const NUMERIC = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256);
  for (let c = 0x30; c <= 0x39; c++) table[c] = 1;
  for (const c of [0x2e, 0x2b, 0x2d]) table[c] = 1;
  return table;
})();

/** Digits beyond which a number is left to pdf-lib (fifteen digits are always an exact integer). */
const MAX_DIGITS = 15;

/** The stream, when it looks as this module expects (a Uint8Array read up to its end); `undefined` otherwise. */
function streamOf(parser: ParserLike): ByteStreamLike | undefined {
  const stream = parser.bytes as ByteStreamLike | undefined;
  if (stream === undefined || stream === null) return undefined;
  const { bytes, idx } = stream;
  return bytes instanceof Uint8Array && typeof idx === 'number' && stream.length === bytes.length && typeof stream.line === 'number' && typeof stream.column === 'number' ? stream : undefined;
}

/**
 * pdf-lib's `skipWhitespaceAndComments`: white space, then each comment (`%` up to the end of its line, which stays)
 * and the white space after it. Lines and columns move as ByteStream.next() moves them (a line feed starts a line).
 */
function makeSkip(original: Method<void>): Method<void> {
  return function (this: ParserLike): void {
    const stream = streamOf(this);
    if (stream === undefined) {
      original.call(this);
      return;
    }
    const bytes = stream.bytes;
    const end = stream.length;
    let idx = stream.idx;
    let line = stream.line;
    let column = stream.column;
    for (;;) {
      while (idx < end && WHITE[bytes[idx] as number] === 1) {
        if (bytes[idx] === 0x0a) {
          line++;
          column = 0;
        } else {
          column++;
        }
        idx++;
      }
      if (idx >= end || bytes[idx] !== 0x25) break;
      // A comment: up to the line feed or carriage return (neither read).
      while (idx < end && bytes[idx] !== 0x0a && bytes[idx] !== 0x0d) {
        column++;
        idx++;
      }
    }
    stream.idx = idx;
    stream.line = line;
    stream.column = column;
  };
}

/**
 * The plain digits at the stream's position, read and returned as a number, when there are 1 to 15 of them and
 * `followed` says the byte after them ends the number as pdf-lib reads it; `undefined` (the stream untouched)
 * otherwise.
 */
function plainDigits(stream: ByteStreamLike, endsNumber: (byte: number | undefined) => boolean): number | undefined {
  const bytes = stream.bytes;
  const start = stream.idx;
  const end = Math.min(stream.length, start + MAX_DIGITS + 1);
  let idx = start;
  let value = 0;
  while (idx < end) {
    const digit = (bytes[idx] as number) - 0x30;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    idx++;
  }
  const count = idx - start;
  if (count === 0 || count > MAX_DIGITS || !endsNumber(idx < stream.length ? bytes[idx] : undefined)) return undefined;
  // Digits hold no line feed: the column moves by one per byte, as ByteStream.next() would move it.
  stream.idx = idx;
  stream.column += count;
  return value;
}

/** After plain digits, pdf-lib's parseRawNumber stops at anything but `+ - . 0-9` (and at the end). */
const endsRawNumber = (byte: number | undefined): boolean => byte === undefined || NUMERIC[byte] !== 1;
/** pdf-lib's parseRawInt stops at the first byte that is not a digit. */
const endsRawInt = (): boolean => true;

function makeNumber(original: Method<number>, endsNumber: (byte: number | undefined) => boolean): Method<number> {
  return function (this: ParserLike): number {
    const stream = streamOf(this);
    const value = stream === undefined ? undefined : plainDigits(stream, endsNumber);
    return value ?? original.call(this);
  };
}

type RefOf = (objectNumber: number, generationNumber?: number) => PDFRef;

/** References of generation 0 remembered by object number, below this number (the library's pool keeps every one). */
const REFS_LIMIT = 1 << 16;
const refs: (PDFRef | undefined)[] = [];

/**
 * `PDFRef.of` remembering the references of generation 0 by number: the library's gives one instance per reference
 * (pooled by its text, which it builds on every call), so the remembered one is the very object it would give again.
 */
function rememberingRefs(of: RefOf): RefOf {
  return (objectNumber: number, generationNumber = 0): PDFRef => {
    if (generationNumber !== 0 || !Number.isInteger(objectNumber) || objectNumber < 0 || objectNumber >= REFS_LIMIT) return of(objectNumber, generationNumber);
    let ref = refs[objectNumber];
    if (ref === undefined) {
      ref = of(objectNumber, 0);
      refs[objectNumber] = ref;
    }
    return ref;
  };
}

interface Installed {
  readonly proto: Record<string, unknown>;
  readonly originals: Record<string, unknown>;
  readonly fast: Record<string, unknown>;
  readonly refOf?: { readonly original: RefOf; readonly fast: RefOf };
}

let installed: Installed | undefined;

const METHODS = ['skipWhitespaceAndComments', 'parseRawNumber', 'parseRawInt'] as const;

/**
 * pdf-lib's BaseParser.prototype (the class is not exported), found from PDFObjectParser's: the nearest prototype
 * that owns all three methods, none of them overridden below it.
 */
function baseParserPrototype(): Record<string, unknown> | undefined {
  for (let proto: unknown = PDFObjectParser.prototype; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const own = proto as Record<string, unknown>;
    const owned = METHODS.filter((name) => Object.prototype.hasOwnProperty.call(own, name));
    if (owned.length === 0) continue;
    return owned.length === METHODS.length && METHODS.every((name) => typeof own[name] === 'function') ? own : undefined;
  }
  return undefined;
}

/**
 * Puts the faster readings and `PDFRef.of` in place (see above); a library whose BaseParser lacks one of the methods
 * is left as it is.
 */
export function installFastSyntax(): void {
  if (installed !== undefined) return;
  const proto = baseParserPrototype();
  if (proto === undefined) return;
  const { skipWhitespaceAndComments, parseRawNumber, parseRawInt } = proto;
  const fast = {
    skipWhitespaceAndComments: makeSkip(skipWhitespaceAndComments as Method<void>),
    parseRawNumber: makeNumber(parseRawNumber as Method<number>, endsRawNumber),
    parseRawInt: makeNumber(parseRawInt as Method<number>, endsRawInt),
  };
  Object.assign(proto, fast);
  const refClass = PDFRef as unknown as { of?: unknown };
  let refOf: Installed['refOf'];
  if (typeof refClass.of === 'function') {
    refOf = { original: refClass.of as RefOf, fast: rememberingRefs(refClass.of as RefOf) };
    refClass.of = refOf.fast;
  }
  installed = { proto, originals: { skipWhitespaceAndComments, parseRawNumber, parseRawInt }, fast, ...(refOf === undefined ? {} : { refOf }) };
}

/** Puts pdf-lib's own methods (and `PDFRef.of`) back, each unless something else replaced it meanwhile. */
export function uninstallFastSyntax(): void {
  if (installed === undefined) return;
  const { proto, originals, fast, refOf } = installed;
  for (const key of Object.keys(fast)) if (proto[key] === fast[key]) proto[key] = originals[key];
  const refClass = PDFRef as unknown as { of?: unknown };
  if (refOf !== undefined && refClass.of === refOf.fast) refClass.of = refOf.original;
  installed = undefined;
}
