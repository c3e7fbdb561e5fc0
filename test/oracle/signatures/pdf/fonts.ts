/**
 * Decoding the strings a content stream shows into Unicode text and glyph widths, for the fonts whose text can be
 * read for certain without their font program: simple fonts (Type1, TrueType) with a WinAnsi, MacRoman or Standard
 * encoding, /Differences and/or a /ToUnicode CMap, and Type0 fonts with Identity-H and a /ToUnicode CMap. The results
 * follow pdfjs-dist's own rules (which encoding applies when, which width a code gets), so that the fast reader and
 * pdfjs produce the same text. Anything else — Type3 fonts, vertical writing, CID fonts without /ToUnicode, symbolic
 * fonts, a glyph name outside the known list — throws {@link CannotDecode}, and the document is read with pdfjs.
 */
import { PDFArray, PDFDict, PDFName, PDFNull, PDFNumber, PDFRawStream, StandardFontEmbedder, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import { CannotDecode } from './cannot-decode.js';
import { streamBytes } from './content.js';
import { baseEncoding, glyphUnicode, type BaseEncodingName } from './encodings.js';

/** The dictionary keys read here (PDFName.of decodes its argument on every call). */
const K = {
  BaseEncoding: PDFName.of('BaseEncoding'),
  BaseFont: PDFName.of('BaseFont'),
  DW: PDFName.of('DW'),
  DescendantFonts: PDFName.of('DescendantFonts'),
  Differences: PDFName.of('Differences'),
  Encoding: PDFName.of('Encoding'),
  FirstChar: PDFName.of('FirstChar'),
  Flags: PDFName.of('Flags'),
  FontDescriptor: PDFName.of('FontDescriptor'),
  FontFile: PDFName.of('FontFile'),
  FontFile2: PDFName.of('FontFile2'),
  FontFile3: PDFName.of('FontFile3'),
  FontName: PDFName.of('FontName'),
  MissingWidth: PDFName.of('MissingWidth'),
  Subtype: PDFName.of('Subtype'),
  ToUnicode: PDFName.of('ToUnicode'),
  W: PDFName.of('W'),
  Widths: PDFName.of('Widths'),
} as const;

/** A character code as shown: its text, its advance in glyph units (thousandths of the font size), and how pdfjs classes it. */
export interface Glyph {
  readonly unicode: string;
  readonly width: number;
  /** The code is 32: word spacing (`Tw`) applies after it. */
  readonly wordSpace: boolean;
  readonly whitespace: boolean;
  readonly zeroWidthDiacritic: boolean;
  readonly invisibleFormatMark: boolean;
  /** The same classes as bits (see {@link GlyphFlag}), for the reader's inner loop. */
  readonly flags: number;
  /** The text's only UTF-16 unit, or -1 when it has several (or none). */
  readonly unit: number;
}

/** The bits of {@link Glyph.flags}, and of a {@link CodeTable}'s flags (where `Known` marks a decoded code). */
export const GlyphFlag = { WordSpace: 1, Whitespace: 2, ZeroWidthDiacritic: 4, InvisibleFormatMark: 8, Known: 128 } as const;

/**
 * A one-byte font's glyphs by code, as numbers (the reader's inner loop reads them without a glyph object): filled
 * as codes are first decoded, so that a code this reader cannot decode still throws where {@link TextFont.decode}
 * would.
 */
export interface CodeTable {
  /** The glyph's flags with `GlyphFlag.Known`; 0 until the code is decoded (see {@link glyph}). */
  readonly flags: Uint8Array;
  readonly widths: Float64Array;
  /** {@link Glyph.unit} of each code. */
  readonly units: Int32Array;
  /** Every code's width (decoded or not) lies between these two. */
  readonly minWidth: number;
  readonly maxWidth: number;
  /**
   * Decodes a code into the tables, and returns its glyph.
   * @throws {CannotDecode} for a code this reader cannot decode for certain.
   */
  glyph(code: number): Glyph;
}

/** A font as the text reader needs it. */
export interface TextFont {
  /** The name pdfjs-dist gives the font: two font resources with the same name do not split a text item. */
  readonly name: string;
  /**
   * Decodes a shown string into `out` (from index 0, reusing the array) and returns the number of glyphs.
   * @throws {CannotDecode} for a code this reader cannot decode for certain.
   */
  decode(bytes: Uint8Array, out: Glyph[]): number;
  /** The glyphs by code of a font whose codes are one byte each (a glyph per byte); `undefined` for others. */
  readonly codes: CodeTable | undefined;
}

// pdfjs-dist's classification of a glyph's text.
const SPECIAL_CHAR = /^(\s)|(\p{Mn})|(\p{Cf})$/u;

type Category = Pick<Glyph, 'whitespace' | 'zeroWidthDiacritic' | 'invisibleFormatMark'>;
const categories = /* @__PURE__ */ new Map<string, Category>();

function categoryOf(unicode: string): Category {
  let category = categories.get(unicode);
  if (category === undefined) {
    const groups = SPECIAL_CHAR.exec(unicode);
    category = { whitespace: groups?.[1] !== undefined, zeroWidthDiacritic: groups?.[2] !== undefined, invisibleFormatMark: groups?.[3] !== undefined };
    // Bounded by the alphabets of the documents read; capped all the same.
    if (categories.size < 4096) categories.set(unicode, category);
  }
  return category;
}

function makeGlyph(unicode: string, width: number, code: number): Glyph {
  const category = categoryOf(unicode);
  const flags =
    (code === 0x20 ? GlyphFlag.WordSpace : 0) |
    (category.whitespace ? GlyphFlag.Whitespace : 0) |
    (category.zeroWidthDiacritic ? GlyphFlag.ZeroWidthDiacritic : 0) |
    (category.invisibleFormatMark ? GlyphFlag.InvisibleFormatMark : 0);
  return { unicode, width, wordSpace: code === 0x20, ...category, flags, unit: unicode.length === 1 ? unicode.charCodeAt(0) : -1 };
}

const STANDARD_14 = /* @__PURE__ */ new Set([
  'Courier', 'Courier-Bold', 'Courier-BoldOblique', 'Courier-Oblique',
  'Helvetica', 'Helvetica-Bold', 'Helvetica-BoldOblique', 'Helvetica-Oblique',
  'Times-Roman', 'Times-Bold', 'Times-BoldItalic', 'Times-Italic',
]);
const SYMBOL_FONTS = /* @__PURE__ */ new Set(['Dingbats', 'Symbol', 'ZapfDingbats', 'Wingdings', 'Wingdings-Bold', 'Wingdings-Regular']);

const FLAG_SYMBOLIC = 4;
const FLAG_NONSYMBOLIC = 32;

const normalizeFontName = (name: string): string => name.replace(/[,_]/g, '-').replace(/\s/g, '');

/** Widths of a standard font by glyph name (the Adobe metrics pdf-lib carries, the same pdfjs-dist uses). */
function standardWidths(name: string): { byGlyph: (glyph: string) => number | undefined; defaultWidth: number } {
  if (name.startsWith('Courier')) return { byGlyph: () => undefined, defaultWidth: 600 };
  const font = StandardFontEmbedder.for(name as Parameters<typeof StandardFontEmbedder.for>[0]).font;
  return { byGlyph: (glyph) => font.getWidthOfGlyph(glyph) || undefined, defaultWidth: 0 };
}

const nameOf = (value: PDFObject | undefined): string | undefined => (value instanceof PDFName ? value.decodeText() : undefined);
const numberOf = (value: PDFObject | undefined): number | undefined => (value instanceof PDFNumber ? value.asNumber() : undefined);

/** The Unicode value pdfjs-dist gives a `uniXXXX` / `uXXXX` glyph name, or -1. */
function unicodeOfUniName(name: string): number {
  if (name[0] !== 'u') return -1;
  let hex: string;
  if (name.length === 7 && name[1] === 'n' && name[2] === 'i') hex = name.slice(3);
  else if (name.length >= 5 && name.length <= 7) hex = name.slice(1);
  else return -1;
  if (hex !== hex.toUpperCase() || !/^[0-9A-F]+$/.test(hex)) return -1;
  return parseInt(hex, 16);
}

// ── ToUnicode CMaps ────────────────────────────────────────────────────────────────────────────────────────────────

const bytesOfHex = (hex: string): number[] => {
  const digits = hex.replace(/[^0-9A-Fa-f]/g, '');
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 2) out.push(parseInt(digits.slice(i, i + 2).padEnd(2, '0'), 16));
  return out;
};
const intOf = (bytes: readonly number[]): number => bytes.reduce((n, b) => n * 256 + b, 0);

/** A CMap destination (big-endian UTF-16 bytes) as text, the way pdfjs-dist reads it. */
function utf16Text(bytes: readonly number[]): string {
  const b = bytes.length % 2 === 0 ? bytes : [0, ...bytes];
  const points: number[] = [];
  for (let k = 0; k < b.length; k += 2) {
    const w1 = ((b[k] as number) << 8) | (b[k + 1] as number);
    if ((w1 & 0xf800) !== 0xd800) {
      points.push(w1);
      continue;
    }
    k += 2;
    const w2 = (((b[k] ?? 0) << 8) | (b[k + 1] ?? 0)) & 0x3ff;
    points.push(((w1 & 0x3ff) << 10) + w2 + 0x10000);
  }
  return String.fromCodePoint(...points);
}

const MAX_MAP_RANGE = 2 ** 24 - 1;

/** Parses a /ToUnicode CMap's bfchar and bfrange sections. @throws {CannotDecode} for what pdfjs reads otherwise. */
export function parseToUnicode(bytes: Uint8Array): Map<number, string> {
  const text = new TextDecoder('latin1').decode(bytes);
  const tokens = text.replace(/%[^\r\n]*/g, ' ').match(/<[0-9A-Fa-f\s]*>|<<|>>|\[|\]|\/[^\s/[\]<>()%{}]*|\([^)]*\)|[^\s/[\]<>()%{}]+/g) ?? [];
  const map = new Map<number, string>();
  const hexOf = (token: string | undefined): number[] => {
    if (token === undefined || !token.startsWith('<') || token.startsWith('<<')) throw new CannotDecode('to_unicode', 'ToUnicode entry that is not a hex string');
    return bytesOfHex(token.slice(1, -1));
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === 'usecmap' || token === 'begincidchar' || token === 'begincidrange' || token === 'beginnotdefrange') {
      throw new CannotDecode('to_unicode', `ToUnicode CMap with ${token}`);
    }
    if (token === 'beginbfchar') {
      for (i++; tokens[i] !== 'endbfchar'; i += 2) {
        if (i >= tokens.length) throw new CannotDecode('to_unicode', 'unterminated bfchar');
        map.set(intOf(hexOf(tokens[i])), utf16Text(hexOf(tokens[i + 1])));
      }
    } else if (token === 'beginbfrange') {
      for (i++; tokens[i] !== 'endbfrange'; ) {
        if (i >= tokens.length) throw new CannotDecode('to_unicode', 'unterminated bfrange');
        let low = intOf(hexOf(tokens[i]));
        const high = intOf(hexOf(tokens[i + 1]));
        if (high - low > MAX_MAP_RANGE) throw new CannotDecode('to_unicode', 'bfrange too large');
        if (tokens[i + 2] === '[') {
          i += 3;
          while (tokens[i] !== ']') {
            if (i >= tokens.length) throw new CannotDecode('to_unicode', 'unterminated bfrange array');
            if (low <= high) map.set(low++, utf16Text(hexOf(tokens[i])));
            i++;
          }
          i++;
        } else {
          // pdfjs-dist increments the last byte of the destination, carrying into the byte before it.
          let dst = hexOf(tokens[i + 2]);
          const last = dst.length - 1;
          while (low <= high) {
            map.set(low++, utf16Text(dst));
            const next = (dst[last] ?? 0) + 1;
            if (next > 0xff) {
              dst = [...dst.slice(0, Math.max(last - 1, 0)), ...(last >= 1 ? [(dst[last - 1] as number) + 1] : []), 0];
              continue;
            }
            dst = [...dst.slice(0, last), next];
          }
          i += 3;
        }
      }
    }
  }
  return map;
}

// ── Fonts ──────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A font's /FontDescriptor as pdf-lib's `lookupMaybe(…, PDFDict)` reads it (absent or null: none), except that a value
 * of another kind is the document's fault, said with {@link CannotDecode} rather than pdf-lib's type error.
 */
function descriptorOf(dict: PDFDict): PDFDict | undefined {
  const value = dict.lookup(K.FontDescriptor);
  if (value === undefined || value === PDFNull) return undefined;
  if (value instanceof PDFDict) return value;
  throw new CannotDecode('font_type', 'FontDescriptor that is not a dictionary');
}

function toUnicodeOf(context: PDFContext, dict: PDFDict, base: PDFDict): Map<number, string> | undefined {
  const raw = dict.get(K.ToUnicode) ?? base.get(K.ToUnicode);
  if (raw === undefined) return undefined;
  const value = context.lookup(raw);
  if (!(value instanceof PDFRawStream)) throw new CannotDecode('to_unicode', 'ToUnicode that is not a stream');
  const map = parseToUnicode(streamBytes(value));
  return map.size > 0 ? map : undefined;
}

/** pdfjs-dist's font name: the descriptor's FontName, or the BaseFont when the two disagree in the ways it knows. */
function pdfjsFontName(dict: PDFDict, descriptor: PDFDict): string {
  const fontName = nameOf(descriptor.lookup(K.FontName));
  const baseFont = nameOf(dict.lookup(K.BaseFont));
  if (fontName === baseFont && fontName !== undefined) return fontName;
  // Other disagreements go through pdfjs-dist's list of known font names, which this reader does not carry.
  throw new CannotDecode('font_type', 'FontName and BaseFont differ');
}

const hasFontFile = (descriptor: PDFDict): boolean =>
  descriptor.has(K.FontFile) || descriptor.has(K.FontFile2) || descriptor.has(K.FontFile3);

class SimpleFont implements TextFont, CodeTable {
  private readonly cache: (Glyph | undefined)[] = [];
  readonly flags = new Uint8Array(256);
  readonly widths = new Float64Array(256);
  readonly units = new Int32Array(256);
  readonly codes: CodeTable = this;
  constructor(
    readonly name: string,
    private readonly decodeCode: (code: number) => Glyph,
    readonly minWidth: number,
    readonly maxWidth: number,
  ) {}

  glyph(code: number): Glyph {
    let glyph = this.cache[code];
    if (glyph === undefined) {
      glyph = this.decodeCode(code);
      this.cache[code] = glyph;
      this.widths[code] = glyph.width;
      this.units[code] = glyph.unit;
      this.flags[code] = glyph.flags | GlyphFlag.Known;
    }
    return glyph;
  }

  decode(bytes: Uint8Array, out: Glyph[]): number {
    for (let i = 0; i < bytes.length; i++) {
      const code = bytes[i] as number;
      out[i] = this.cache[code] ?? this.glyph(code);
    }
    return bytes.length;
  }
}

class CidFont implements TextFont {
  private readonly cache = new Map<number, Glyph>();
  readonly codes = undefined;
  constructor(
    readonly name: string,
    private readonly toUnicode: ReadonlyMap<number, string>,
    private readonly widths: ReadonlyMap<number, number>,
    private readonly defaultWidth: number,
  ) {}

  decode(bytes: Uint8Array, out: Glyph[]): number {
    if (bytes.length % 2 !== 0) throw new CannotDecode('font_encoding', 'odd number of bytes for a two-byte font');
    for (let i = 0; i < bytes.length; i += 2) {
      const code = ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
      let glyph = this.cache.get(code);
      if (glyph === undefined) {
        const unicode = this.toUnicode.get(code);
        if (unicode === undefined || unicode === '') throw new CannotDecode('to_unicode', `code ${code} missing from ToUnicode`);
        glyph = makeGlyph(unicode, this.widths.get(code) ?? this.defaultWidth, code);
        this.cache.set(code, glyph);
      }
      out[i >> 1] = glyph;
    }
    return bytes.length >> 1;
  }
}

function loadSimple(context: PDFContext, dict: PDFDict, type: string): TextFont {
  const descriptor = descriptorOf(dict);
  const baseFont = nameOf(dict.lookup(K.BaseFont));
  let name: string;
  let flags: number;
  let embedded = false;
  if (descriptor === undefined) {
    if (baseFont === undefined) throw new CannotDecode('font_type', 'font without BaseFont');
    name = normalizeFontName(baseFont);
    if (!STANDARD_14.has(name)) throw new CannotDecode('font_type', `non-standard font ${name} without a descriptor`);
    flags = FLAG_NONSYMBOLIC;
  } else {
    name = pdfjsFontName(dict, descriptor);
    flags = numberOf(descriptor.lookup(K.Flags)) ?? 0;
    if (!Number.isInteger(flags)) flags = 0;
    embedded = hasFontFile(descriptor);
  }
  if (name.charCodeAt(0) >= 0xb7) throw new CannotDecode('font_type', 'font name in a legacy Chinese encoding');

  // The encoding, as pdfjs-dist's extractDataStructures chooses it.
  const differences: string[] = [];
  let baseName: string | undefined;
  const encoding = dict.lookup(K.Encoding);
  if (encoding instanceof PDFName) {
    baseName = encoding.decodeText();
  } else if (encoding instanceof PDFDict) {
    baseName = nameOf(encoding.lookup(K.BaseEncoding));
    const diffs = encoding.lookup(K.Differences);
    if (diffs instanceof PDFArray) {
      let index = 0;
      for (const entry of diffs.asArray()) {
        const value = context.lookup(entry);
        if (value instanceof PDFNumber) index = value.asNumber();
        else if (value instanceof PDFName) differences[index++] = value.decodeText();
        else throw new CannotDecode('font_encoding', 'invalid Differences entry');
      }
    }
  } else if (encoding !== undefined) {
    throw new CannotDecode('font_encoding', 'Encoding that is neither a name nor a dictionary');
  }
  if (baseName === 'MacExpertEncoding') throw new CannotDecode('font_encoding', 'MacExpertEncoding');
  let base: BaseEncodingName | undefined = baseName === 'WinAnsiEncoding' || baseName === 'MacRomanEncoding' ? baseName : undefined;
  const symbolName = SYMBOL_FONTS.has(name);
  if (base !== undefined && !embedded && symbolName) base = undefined;
  let defaultName: BaseEncodingName;
  if (base !== undefined) {
    defaultName = base;
  } else {
    let symbolic = (flags & FLAG_SYMBOLIC) !== 0;
    const nonsymbolic = (flags & FLAG_NONSYMBOLIC) !== 0;
    if (type === 'TrueType' && symbolic && nonsymbolic && differences.length !== 0) symbolic = false;
    if (symbolic || symbolName) throw new CannotDecode('font_encoding', 'symbolic font without a base encoding');
    defaultName = type === 'TrueType' && !nonsymbolic ? 'WinAnsiEncoding' : 'StandardEncoding';
  }
  const defaultEncoding = baseEncoding(defaultName);
  const hasEncoding = base !== undefined || differences.length > 0;
  const glyphNameOf = (code: number): string => differences[code] || (defaultEncoding[code] ?? '');

  const toUnicode = toUnicodeOf(context, dict, dict);
  if (toUnicode === undefined && embedded) {
    // Without /ToUnicode, pdfjs-dist also reads the font program's own encoding, which this reader does not parse.
    if (!hasEncoding) throw new CannotDecode('font_encoding', 'embedded font without an encoding or ToUnicode');
    if (type === 'TrueType' && (flags & FLAG_SYMBOLIC) !== 0 && base === undefined) throw new CannotDecode('font_type', 'symbolic TrueType font');
  }

  // Widths: /Widths from /FirstChar, else the standard metrics by glyph name.
  const widths: (number | undefined)[] = [];
  let defaultWidth = 0;
  const widthsArray = dict.lookup(K.Widths);
  if (widthsArray instanceof PDFArray) {
    let j = numberOf(dict.lookup(K.FirstChar)) ?? 0;
    for (const w of widthsArray.asArray()) {
      const width = context.lookup(w);
      if (width instanceof PDFNumber) widths[j] = width.asNumber();
      j++;
    }
    if (descriptor === undefined) {
      defaultWidth = STANDARD_14.has(name) ? standardWidths(name).defaultWidth : 0;
    } else {
      defaultWidth = numberOf(descriptor.lookup(K.MissingWidth)) ?? 0;
    }
  } else {
    const std = baseFont === undefined ? undefined : normalizeFontName(baseFont);
    if (std === undefined || !STANDARD_14.has(std)) throw new CannotDecode('font_encoding', `font ${name} without /Widths`);
    const metrics = standardWidths(std);
    defaultWidth = metrics.defaultWidth;
    for (let code = 0; code < 256; code++) {
      const diff = differences[code];
      const fromDiff = diff === undefined ? undefined : metrics.byGlyph(diff);
      widths[code] = fromDiff ?? metrics.byGlyph(defaultEncoding[code] ?? '');
    }
  }

  const baseTable = base === undefined ? undefined : baseEncoding(base);
  const encodedUnicode = (code: number): string => {
    const glyphName = differences[code] !== undefined && differences[code] !== '.notdef' ? differences[code] : (defaultEncoding[code] ?? '');
    if (glyphName === '') throw new CannotDecode('font_encoding', `code ${code} has no glyph in the encoding`);
    const known = glyphUnicode(glyphName);
    if (known !== undefined) return String.fromCharCode(known);
    const uni = unicodeOfUniName(glyphName);
    if (uni > 0 && uni <= 0x10ffff) {
      if (baseTable !== undefined && uni === code) {
        const fromBase = glyphUnicode(baseTable[code] ?? '');
        if (fromBase === undefined) throw new CannotDecode('font_encoding', `glyph ${glyphName}`);
        return String.fromCharCode(fromBase);
      }
      return String.fromCodePoint(uni);
    }
    throw new CannotDecode('font_encoding', `glyph name ${glyphName} not in the known list`);
  };

  // Every code's width is widths[code] or defaultWidth (or the code does not decode).
  let minWidth = defaultWidth;
  let maxWidth = defaultWidth;
  for (const width of widths) {
    if (width === undefined) continue;
    minWidth = Math.min(minWidth, width);
    maxWidth = Math.max(maxWidth, width);
  }
  return new SimpleFont(name, (code) => {
    if (!embedded && type === 'Type1' && glyphNameOf(code) === '') throw new CannotDecode('font_encoding', `code ${code} of a non-embedded Type1 font has no glyph`);
    let unicode: string;
    if (toUnicode !== undefined) {
      const mapped = toUnicode.get(code);
      if (mapped === undefined || mapped === '') throw new CannotDecode('to_unicode', `code ${code} missing from ToUnicode`);
      unicode = mapped;
    } else {
      // An embedded Type1 font's own encoding overrides the codes /Differences leaves to it (pdfjs-dist).
      if (embedded && type === 'Type1' && base === undefined && differences[code] === undefined) throw new CannotDecode('font_encoding', `code ${code} left to the font program`);
      unicode = encodedUnicode(code);
    }
    const width = widths[code];
    if (width === undefined && embedded) throw new CannotDecode('font_encoding', `code ${code} without a width`);
    return makeGlyph(unicode, width ?? defaultWidth, code);
  }, minWidth, maxWidth);
}

function loadType0(context: PDFContext, dict: PDFDict): TextFont {
  const encoding = nameOf(dict.lookup(K.Encoding));
  if (encoding !== 'Identity-H') throw new CannotDecode('font_type', `Type0 font with encoding ${encoding ?? 'other than a name'}`);
  const descendants = dict.lookup(K.DescendantFonts);
  const cid = descendants instanceof PDFArray ? context.lookup(descendants.get(0)) : undefined;
  if (!(cid instanceof PDFDict)) throw new CannotDecode('font_type', 'Type0 font without a descendant font');
  const subtype = nameOf(cid.lookup(K.Subtype));
  if (subtype !== 'CIDFontType0' && subtype !== 'CIDFontType2') throw new CannotDecode('font_type', `descendant font ${subtype ?? '?'}`);
  const descriptor = descriptorOf(cid);
  if (descriptor === undefined || !hasFontFile(descriptor)) throw new CannotDecode('font_type', 'CID font not embedded');
  const name = pdfjsFontName(cid, descriptor);
  const toUnicode = toUnicodeOf(context, cid, dict);
  if (toUnicode === undefined) throw new CannotDecode('to_unicode', 'CID font without ToUnicode');

  const dw = numberOf(cid.lookup(K.DW));
  const defaultWidth = dw === undefined ? 1000 : Math.ceil(dw);
  const widths = new Map<number, number>();
  const w = cid.lookup(K.W);
  if (w instanceof PDFArray) {
    const items = w.asArray().map((item) => context.lookup(item));
    for (let i = 0; i < items.length; i++) {
      const first = items[i++];
      if (!(first instanceof PDFNumber) || !Number.isInteger(first.asNumber())) break;
      let start = first.asNumber();
      const next = items[i];
      if (next instanceof PDFArray) {
        for (const c of next.asArray()) {
          const width = context.lookup(c);
          if (width instanceof PDFNumber) widths.set(start, width.asNumber());
          start++;
        }
      } else if (next instanceof PDFNumber && Number.isInteger(next.asNumber())) {
        const width = items[++i];
        if (!(width instanceof PDFNumber)) continue;
        for (let j = start; j <= next.asNumber(); j++) widths.set(j, width.asNumber());
      } else {
        break;
      }
    }
  }
  return new CidFont(name, toUnicode, widths, defaultWidth);
}

/**
 * Standard fonts named with a standard encoding and nothing else (what PDF libraries write when they draw with
 * Helvetica): their text depends on those names only, so their decoding is shared between documents.
 */
const sharedStandardFonts = /* @__PURE__ */ new Map<string, TextFont>();

function standardKey(dict: PDFDict, type: string): string | undefined {
  if (dict.has(K.FontDescriptor) || dict.has(K.Widths) || dict.has(K.ToUnicode)) return undefined;
  const baseFont = nameOf(dict.lookup(K.BaseFont));
  const encoding = dict.get(K.Encoding);
  if (baseFont === undefined || (encoding !== undefined && !(encoding instanceof PDFName))) return undefined;
  return `${type}/${baseFont}/${encoding === undefined ? '' : encoding.decodeText()}`;
}

/**
 * The text font of a font dictionary.
 * @throws {CannotDecode} for a font whose text this reader cannot decode for certain.
 */
export function loadTextFont(context: PDFContext, value: PDFObject | undefined): TextFont {
  const dict = value === undefined ? undefined : context.lookup(value);
  if (!(dict instanceof PDFDict)) throw new CannotDecode('resource', 'font that is not a dictionary');
  const type = nameOf(dict.lookup(K.Subtype));
  switch (type) {
    case 'Type1':
    case 'TrueType': {
      const key = standardKey(dict, type);
      if (key === undefined) return loadSimple(context, dict, type);
      let font = sharedStandardFonts.get(key);
      if (font === undefined) {
        font = loadSimple(context, dict, type);
        // A handful of names at most (14 fonts × 3 encodings × 2 types); capped all the same.
        if (sharedStandardFonts.size < 256) sharedStandardFonts.set(key, font);
      }
      return font;
    }
    case 'Type0':
      return loadType0(context, dict);
    default:
      throw new CannotDecode('font_type', `font type ${type ?? '?'}`);
  }
}
