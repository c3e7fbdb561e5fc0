/**
 * Reading PDF content streams without pdfjs-dist: the bytes of a page's streams (inflated) and a tokenizer that hands
 * back each operator with its operands. The tokenizer follows pdfjs-dist's lexer where PDFs are sloppy (numbers, string
 * escapes, names with `#xx`), so that both readers see the same operands; where pdfjs would guess its way through
 * malformed content, this one gives up with {@link CannotDecode} and the caller lets pdfjs read the document.
 */
import { PDFArray, PDFName, PDFRawStream, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import { inflateZlibBounded } from '../../zip/inflate-node.js';
import { budgetOf } from './inflation.js';
import { concatBytes } from '../../internal/bytes.js';
import { CannotDecode } from './cannot-decode.js';

/**
 * A name operand (`/F1`). Its text is made when first asked for: a font resource is looked up by the name's bytes
 * (see font-resources.ts), and print drivers give every text run a font resource name of its own.
 */
export class NameOperand {
  /**
   * @param source the bytes of the content stream.
   * @param start where the name's characters start in `source` (after the `/`).
   * @param end where they end.
   * @param decoded its text, for a name written with `#xx` escapes (`undefined` otherwise).
   */
  constructor(
    readonly source: Buffer,
    readonly start: number,
    readonly end: number,
    private decoded: string | undefined,
  ) {}

  /** Whether the name is written with `#xx` escapes (its bytes are then not its text). */
  get escaped(): boolean {
    return this.decoded !== undefined;
  }

  /** The name's text, `#xx` escapes decoded. */
  get name(): string {
    // One character per byte: a flat string, which hashes fast as a Map key.
    this.decoded ??= this.source.toString('latin1', this.start, this.end);
    return this.decoded;
  }
}

/** A dictionary operand (marked-content properties, inline image parameters). */
export class DictOperand {
  constructor(readonly entries: ReadonlyMap<string, Operand>) {}
}

/** An operand: a number, a string's bytes, a name, an array, a dictionary, a boolean or null. */
export type Operand = number | Uint8Array | NameOperand | DictOperand | Operand[] | boolean | null;

/**
 * The content-stream operators (PDF 32000-1 Annex A), numbered so that the reader switches on small integers rather
 * than on strings: `Op.Tj`, `Op["'"]`.
 */
export const Op = {
  w: 0, J: 1, j: 2, M: 3, d: 4, ri: 5, i: 6, gs: 7, q: 8, Q: 9, cm: 10, m: 11, l: 12, c: 13, v: 14, y: 15, h: 16,
  re: 17, S: 18, s: 19, f: 20, F: 21, 'f*': 22, B: 23, 'B*': 24, b: 25, 'b*': 26, n: 27, W: 28, 'W*': 29, BT: 30,
  ET: 31, Tc: 32, Tw: 33, Tz: 34, TL: 35, Tf: 36, Tr: 37, Ts: 38, Td: 39, TD: 40, Tm: 41, 'T*': 42, Tj: 43, TJ: 44,
  "'": 45, '"': 46, d0: 47, d1: 48, CS: 49, cs: 50, SC: 51, SCN: 52, sc: 53, scn: 54, G: 55, g: 56, RG: 57, rg: 58,
  K: 59, k: 60, sh: 61, BI: 62, ID: 63, EI: 64, Do: 65, MP: 66, DP: 67, BMC: 68, BDC: 69, EMC: 70, BX: 71, EX: 72,
} as const;

/**
 * Operand count of each operator, by number (`-1`: variable). An operator missing from the table, or given another
 * number of operands, is content pdfjs would repair by guessing: not followed here.
 */
const ARITY: readonly number[] = [
  1, 1, 1, 1, 2, 1, 1, 1, 0, 0, 6, 2, 2, 6, 4, 4, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2,
  1, 1, 2, 2, 6, 0, 1, 1, 1, 3, 2, 6, 1, 1, -1, -1, -1, -1, 1, 1, 3, 3, 4, 4, 1, 0, 0, 1, 1, 1, 2, 1, 2, 0, 0, 0,
];

const NAMES = Object.keys(Op);

/** Operator number by its (at most three) bytes, packed little-endian. */
const BY_BYTES = /* @__PURE__ */ new Map<number, number>(
  NAMES.map((name, i) => [[...name].reduce((key, ch, k) => key | (ch.charCodeAt(0) << (8 * k)), 0), i]),
);

/** The same for operators of one or two bytes (most of them), as a table: -1 where there is none. */
const BY_TWO_BYTES = new Int8Array(1 << 16).fill(-1);
for (const [key, op] of BY_BYTES) if (key < 1 << 16) BY_TWO_BYTES[key] = op;

// pdfjs-dist's character classes: 1 white space, 2 delimiter.
const SPECIAL = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) SPECIAL[c] = 1;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) SPECIAL[c] = 2;

const hexDigit = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;

/** Hex digit values by byte; -2 for white space (skipped in hex strings), -1 for anything else. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 256; c++) HEX[c] = SPECIAL[c] === 1 ? -2 : hexDigit(c);

/**
 * The byte of two hex digits by the pair (first digit's byte << 8 | second's), -1 where either is not a digit: one
 * look-up per byte of a hex string (print drivers show nearly all their text as hex strings).
 */
const HEX_PAIR = /* @__PURE__ */ (() => {
  const table = new Int16Array(1 << 16).fill(-1);
  for (let hi = 0; hi < 256; hi++) {
    const h = hexDigit(hi);
    if (h < 0) continue;
    for (let lo = 0; lo < 256; lo++) {
      const l = hexDigit(lo);
      if (l >= 0) table[(hi << 8) | lo] = (h << 4) | l;
    }
  }
  return table;
})();

const latin1 = /* @__PURE__ */ new TextDecoder('latin1');

/** Marks the end of an array or dictionary, or an operator (its number in `keyword`), while reading operands. */
const CLOSE_ARRAY = Symbol('close-array');
const CLOSE_DICT = Symbol('close-dict');
const KEYWORD = Symbol('keyword');
type Token = Operand | typeof CLOSE_ARRAY | typeof CLOSE_DICT | typeof KEYWORD;

/**
 * Reads a content stream one operator at a time.
 * @example
 * ```ts
 * const lexer = new ContentLexer(bytes);
 * for (let op = lexer.next(); op !== -1; op = lexer.next()) if (op === Op.Tj) show(lexer.operands[0]);
 * ```
 */
export class ContentLexer {
  private pos = 0;
  /** The number of the last operator read. */
  private keyword = -1;
  /**
   * The operands of the operator `next` returned last: the first {@link count} entries (the array is reused from
   * one operator to the next, and setting an array's length is slow in V8).
   */
  readonly operands: Operand[] = [];
  /** How many operands the last operator has. */
  count = 0;

  /** The same bytes as a Buffer, for its latin1 slices (names): native, and flat strings. */
  private readonly buffer: Buffer;

  constructor(private readonly data: Uint8Array) {
    this.buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }

  /**
   * The next operator's number (see {@link Op}), its operands in {@link operands}; -1 at the end.
   * @throws {CannotDecode} on content pdfjs-dist would have to repair.
   */
  next(): number {
    const operands = this.operands;
    let count = 0;
    for (;;) {
      const token = this.token();
      if (token === undefined) {
        if (count > 0) throw new CannotDecode('content_syntax', 'operands after the last operator');
        this.count = 0;
        return -1;
      }
      if (token === KEYWORD) {
        const op = this.keyword;
        if (op === Op.BI) {
          this.skipInlineImage();
          this.count = 0;
          return Op.EI;
        }
        const arity = ARITY[op] as number;
        if (arity >= 0 && count !== arity) throw new CannotDecode('content_syntax', `${NAMES[op] ?? '?'} with ${count} operands`);
        this.count = count;
        return op;
      }
      if (token === CLOSE_ARRAY || token === CLOSE_DICT) throw new CannotDecode('content_syntax', 'unbalanced ] or >>');
      if (count === 33) throw new CannotDecode('content_syntax', 'too many operands');
      operands[count++] = token;
    }
  }

  private token(): Token | undefined {
    const data = this.data;
    const n = data.length;
    let pos = this.pos;
    // Skip white space and comments.
    for (;;) {
      if (pos >= n) {
        this.pos = pos;
        return undefined;
      }
      const c = data[pos] as number;
      if (c === 0x25) {
        while (pos < n && data[pos] !== 0x0a && data[pos] !== 0x0d) pos++;
      } else if (SPECIAL[c] === 1) {
        pos++;
      } else {
        break;
      }
    }
    const c = data[pos] as number;
    this.pos = pos;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) return this.number();
    switch (c) {
      case 0x28:
        return this.literalString();
      case 0x2f:
        return this.name();
      case 0x5b:
        this.pos++;
        return this.array();
      case 0x5d:
        this.pos++;
        return CLOSE_ARRAY;
      case 0x3c:
        if (data[pos + 1] === 0x3c) {
          this.pos += 2;
          return this.dict();
        }
        return this.hexString();
      case 0x3e:
        if (data[pos + 1] === 0x3e) {
          this.pos += 2;
          return CLOSE_DICT;
        }
        throw new CannotDecode('content_syntax', 'stray >');
      case 0x7b:
      case 0x7d:
      case 0x29:
        throw new CannotDecode('content_syntax', `unexpected ${String.fromCharCode(c)}`);
    }
    let end = pos;
    while (end < n && SPECIAL[data[end] as number] === 0) end++;
    this.pos = end;
    if (end - pos <= 2) {
      const op = BY_TWO_BYTES[c | ((end - pos > 1 ? (data[pos + 1] as number) : 0) << 8)] as number;
      if (op === -1) throw new CannotDecode('content_syntax', `unknown operator ${latin1.decode(data.subarray(pos, end))}`);
      this.keyword = op;
      return KEYWORD;
    }
    if (end - pos === 3) {
      const op = BY_BYTES.get(c | ((data[pos + 1] as number) << 8) | ((data[pos + 2] as number) << 16));
      if (op === undefined) throw new CannotDecode('content_syntax', `unknown operator ${latin1.decode(data.subarray(pos, end))}`);
      this.keyword = op;
      return KEYWORD;
    }
    const word = latin1.decode(data.subarray(pos, end));
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    throw new CannotDecode('content_syntax', `unknown operator ${word}`);
  }

  /** pdfjs-dist's number reading, digit by digit, so that both give the same doubles. */
  private number(): number {
    const data = this.data;
    let pos = this.pos;
    let ch = data[pos] ?? -1;
    let divideBy = 0;
    let sign = 1;
    if (ch === 0x2d) {
      sign = -1;
      ch = data[++pos] ?? -1;
      if (ch === 0x2d) ch = data[++pos] ?? -1;
    } else if (ch === 0x2b) {
      ch = data[++pos] ?? -1;
    }
    if (ch === 0x0a || ch === 0x0d) throw new CannotDecode('content_syntax', 'line break inside a number');
    if (ch === 0x2e) {
      divideBy = 10;
      ch = data[++pos] ?? -1;
    }
    if (ch < 0x30 || ch > 0x39) throw new CannotDecode('content_syntax', 'a sign or point that is not a number');
    let value = ch - 0x30;
    for (;;) {
      ch = data[++pos] ?? -1;
      if (ch >= 0x30 && ch <= 0x39) {
        if (divideBy !== 0) divideBy *= 10;
        value = value * 10 + (ch - 0x30);
      } else if (ch === 0x2e) {
        if (divideBy === 0) divideBy = 1;
        else break;
      } else if (ch === 0x2d) {
        throw new CannotDecode('content_syntax', 'minus sign inside a number');
      } else {
        break;
      }
    }
    this.pos = pos;
    if (divideBy !== 0) value /= divideBy;
    return sign * value;
  }

  private literalString(): Uint8Array {
    const data = this.data;
    const n = data.length;
    let pos = this.pos + 1;
    const start = pos;
    // Fast path: no escapes and no nested parentheses.
    while (pos < n) {
      const c = data[pos] as number;
      if (c === 0x29) {
        this.pos = pos + 1;
        return data.subarray(start, pos);
      }
      if (c === 0x5c || c === 0x28) break;
      pos++;
    }
    const out: number[] = [];
    for (let i = start; i < pos; i++) out.push(data[i] as number);
    let depth = 1;
    while (pos < n) {
      let c = data[pos++] as number;
      if (c === 0x28) {
        depth++;
      } else if (c === 0x29) {
        if (--depth === 0) {
          this.pos = pos;
          return Uint8Array.from(out);
        }
      } else if (c === 0x5c) {
        if (pos >= n) break;
        c = data[pos++] as number;
        switch (c) {
          case 0x6e:
            out.push(0x0a);
            continue;
          case 0x72:
            out.push(0x0d);
            continue;
          case 0x74:
            out.push(0x09);
            continue;
          case 0x62:
            out.push(0x08);
            continue;
          case 0x66:
            out.push(0x0c);
            continue;
          case 0x0d:
            if (data[pos] === 0x0a) pos++;
            continue;
          case 0x0a:
            continue;
        }
        if (c >= 0x30 && c <= 0x37) {
          let x = c & 0x0f;
          const d1 = data[pos] ?? -1;
          if (d1 >= 0x30 && d1 <= 0x37) {
            x = (x << 3) + (d1 & 0x0f);
            pos++;
            const d2 = data[pos] ?? -1;
            if (d2 >= 0x30 && d2 <= 0x37) {
              x = (x << 3) + (d2 & 0x0f);
              pos++;
            }
          }
          // pdfjs keeps the full value of \400–\777 as one UTF-16 unit; a byte cannot hold it.
          if (x > 0xff) throw new CannotDecode('content_syntax', 'octal escape above \\377');
          out.push(x);
          continue;
        }
      }
      out.push(c);
    }
    throw new CannotDecode('content_syntax', 'unterminated string');
  }

  private hexString(): Uint8Array {
    const data = this.data;
    const start = this.pos + 1;
    const end = data.indexOf(0x3e, start);
    if (end === -1) throw new CannotDecode('content_syntax', 'unterminated hex string');
    const out = new Uint8Array((end - start + 1) >> 1);
    let length = 0;
    let first = -1;
    let pos = start;
    // Pairs of digits without white space: the common case, two at a time.
    for (; pos + 1 < end; pos += 2) {
      const byte = HEX_PAIR[((data[pos] as number) << 8) | (data[pos + 1] as number)] as number;
      if (byte < 0) break;
      out[length++] = byte;
    }
    for (; pos < end; pos++) {
      const digit = HEX[data[pos] as number] as number;
      if (digit < 0) {
        if (digit === -2) continue;
        throw new CannotDecode('content_syntax', 'invalid hex digit');
      }
      if (first === -1) {
        first = digit;
      } else {
        out[length++] = (first << 4) | digit;
        first = -1;
      }
    }
    if (first !== -1) out[length++] = first << 4;
    this.pos = end + 1;
    return length === out.length ? out : out.subarray(0, length);
  }

  private name(): NameOperand {
    const data = this.data;
    const n = data.length;
    let pos = this.pos + 1;
    const start = pos;
    let escaped = false;
    while (pos < n && SPECIAL[data[pos] as number] === 0) {
      if (data[pos] === 0x23) escaped = true;
      pos++;
    }
    this.pos = pos;
    if (!escaped) return new NameOperand(this.buffer, start, pos, undefined);
    let out = '';
    for (let i = start; i < pos; i++) {
      const c = data[i] as number;
      if (c === 0x23) {
        const hi = hexDigit(data[i + 1] ?? -1);
        const lo = hexDigit(data[i + 2] ?? -1);
        if (hi === -1 || lo === -1 || i + 2 >= pos) throw new CannotDecode('content_syntax', 'malformed #xx in a name');
        out += String.fromCharCode((hi << 4) | lo);
        i += 2;
      } else {
        out += String.fromCharCode(c);
      }
    }
    return new NameOperand(this.buffer, start, pos, out);
  }

  private array(): Operand[] {
    const items: Operand[] = [];
    for (;;) {
      const token = this.token();
      if (token === undefined) throw new CannotDecode('content_syntax', 'unterminated array');
      if (token === CLOSE_ARRAY) return items;
      if (token === CLOSE_DICT || token === KEYWORD) throw new CannotDecode('content_syntax', 'operator inside an array');
      items.push(token);
    }
  }

  private dict(): DictOperand {
    const entries = new Map<string, Operand>();
    for (;;) {
      const key = this.token();
      if (key === CLOSE_DICT) return new DictOperand(entries);
      if (!(key instanceof NameOperand)) throw new CannotDecode('content_syntax', 'dictionary key that is not a name');
      const value = this.token();
      if (value === undefined || value === CLOSE_ARRAY || value === CLOSE_DICT || value === KEYWORD) throw new CannotDecode('content_syntax', 'malformed dictionary');
      entries.set(key.name, value);
    }
  }

  /** Skips `BI … ID <data> EI`, finding the end of the data the way its filter defines it. */
  private skipInlineImage(): void {
    const params = new Map<string, Operand>();
    for (;;) {
      const key = this.token();
      if (key === KEYWORD && this.keyword === Op.ID) break;
      if (!(key instanceof NameOperand)) throw new CannotDecode('content_syntax', 'malformed inline image');
      const value = this.token();
      if (value === undefined || value === CLOSE_ARRAY || value === CLOSE_DICT || value === KEYWORD) throw new CannotDecode('content_syntax', 'malformed inline image');
      params.set(key.name, value);
    }
    const data = this.data;
    const start = this.pos + 1; // one white-space byte after ID
    const filter = params.get('F') ?? params.get('Filter');
    const filterName = filter instanceof NameOperand ? filter.name : Array.isArray(filter) && filter.length === 0 ? undefined : filter === undefined ? undefined : '?';
    let end: number;
    if (filterName === undefined) {
      end = start + this.inlineImageLength(params);
    } else {
      const marker =
        filterName === 'DCTDecode' || filterName === 'DCT'
          ? [0xff, 0xd9]
          : filterName === 'ASCII85Decode' || filterName === 'A85'
            ? [0x7e, 0x3e]
            : filterName === 'ASCIIHexDecode' || filterName === 'AHx'
              ? [0x3e]
              : undefined;
      if (marker === undefined) throw new CannotDecode('content_syntax', `inline image with filter ${filterName}`);
      end = indexOf(data, marker, start);
      if (end === -1) throw new CannotDecode('content_syntax', 'inline image without its end');
      end += marker.length;
    }
    // The data ends with EI after optional white space.
    let pos = end;
    while (pos < data.length && SPECIAL[data[pos] as number] === 1) pos++;
    if (data[pos] !== 0x45 || data[pos + 1] !== 0x49 || SPECIAL[data[pos + 2] ?? 0x20] === 0) throw new CannotDecode('content_syntax', 'inline image without EI');
    this.pos = pos + 2;
  }

  private inlineImageLength(params: ReadonlyMap<string, Operand>): number {
    const num = (...keys: string[]): number | undefined => {
      for (const k of keys) {
        const v = params.get(k);
        if (typeof v === 'number') return v;
      }
      return undefined;
    };
    const width = num('W', 'Width');
    const height = num('H', 'Height');
    const mask = params.get('IM') ?? params.get('ImageMask');
    const space = params.get('CS') ?? params.get('ColorSpace');
    const spaceName = space instanceof NameOperand ? space.name : undefined;
    const components = mask === true ? 1 : spaceName === 'G' || spaceName === 'DeviceGray' ? 1 : spaceName === 'RGB' || spaceName === 'DeviceRGB' ? 3 : spaceName === 'CMYK' || spaceName === 'DeviceCMYK' ? 4 : undefined;
    const bits = mask === true ? 1 : num('BPC', 'BitsPerComponent');
    if (width === undefined || height === undefined || components === undefined || bits === undefined) throw new CannotDecode('content_syntax', 'inline image of unknown size');
    return height * Math.ceil((width * components * bits) / 8);
  }
}

function indexOf(data: Uint8Array, marker: readonly number[], from: number): number {
  const first = marker[0] as number;
  for (let i = data.indexOf(first, from); i !== -1; i = data.indexOf(first, i + 1)) {
    if (marker.every((b, k) => data[i + k] === b)) return i;
  }
  return -1;
}

// PDFName.of decodes its argument on every call: the names read for every stream, once.
const FILTER = PDFName.of('Filter');
const DECODE_PARMS = PDFName.of('DecodeParms');
const FLATE_DECODE = PDFName.of('FlateDecode');

/** A stream's bytes, decoded. Only unfiltered and FlateDecode (without predictor) streams are read. */
export function streamBytes(stream: PDFObject | undefined): Uint8Array {
  if (!(stream instanceof PDFRawStream)) throw new CannotDecode('stream', 'content that is not a stream');
  const filter = stream.dict.get(FILTER);
  const filters = filter === undefined ? [] : filter instanceof PDFArray ? filter.asArray() : [filter];
  if (filters.length === 0) return stream.contents;
  const params = stream.dict.get(DECODE_PARMS);
  if (filters.length !== 1 || filters[0] !== FLATE_DECODE || (params !== undefined && !(params instanceof PDFArray && params.size() === 0))) {
    throw new CannotDecode('stream', 'a stream filter other than FlateDecode');
  }
  const budget = budgetOf(stream.dict.context);
  try {
    // Node's zlib (ten times faster than a JavaScript inflate on content streams), bounded by the document's budget.
    return inflateZlibBounded(stream.contents, budget);
  } catch (error) {
    // zlib's own errors (Z_DATA_ERROR, Z_BUF_ERROR…) say the data is damaged; the budget's error and anything else
    // pass as they are.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('Z_')) throw new CannotDecode('stream', `damaged FlateDecode stream (${code})`, { cause: error });
    throw error;
  }
}

/** The bytes of a page's `/Contents` (one stream or an array of them, concatenated as pdfjs-dist does). */
export function pageContentBytes(context: PDFContext, contents: PDFObject | undefined): Uint8Array {
  if (contents === undefined) return new Uint8Array(0);
  const resolved = context.lookup(contents);
  if (!(resolved instanceof PDFArray)) return streamBytes(resolved);
  const parts = resolved.asArray().map((ref) => streamBytes(context.lookup(ref)));
  return concatBytes(parts, parts.reduce((n, p) => n + p.length, 0));
}
