/**
 * A document's fonts as its content streams name them: each resource dictionary's fonts found by name — by the name's
 * bytes in the content stream, without making a string of it, for the names print drivers write by the thousand — and
 * each font dictionary's text font (fonts.ts), both read once per document and shared by its pages.
 */
import { PDFDict, PDFName, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import type { NameOperand } from './content.js';
import { loadTextFont, type TextFont } from './fonts.js';

/** What a document's reading shares between its pages: fonts by object, font resources by dictionary. */
export interface FontCache {
  readonly context: PDFContext;
  readonly fonts: Map<PDFObject, TextFont>;
  readonly fontResources: Map<PDFDict, FontResources>;
}

/** An empty cache for one document. */
export const fontCache = (context: PDFContext): FontCache => ({ context, fonts: new Map(), fontResources: new Map() });

const FONT = PDFName.of('Font');

/** A name as the content stream spells it (pdf-lib keeps names #-encoded). */
const nameText = (name: PDFName): string => {
  const encoded = name.asString();
  return encoded.includes('#') ? name.decodeText() : encoded.slice(1);
};

/**
 * A resource dictionary's fonts, found by name. Print drivers give every text run a font resource of its own name,
 * so that finding them is a good part of reading a page: names written without `#` escapes (nearly all) are found by
 * their bytes in the content stream, without making a string of each (and hashing it); the others by their text.
 */
export class FontResources {
  /** Open addressing over {@link keys}: index + 1 of the entry whose name hashes there, 0 when free. */
  private readonly slots: Int32Array;
  /** The entries: pdf-lib's name (written form, `/` first), the key, the value. */
  private readonly written: string[] = [];
  readonly keys: readonly PDFName[];
  readonly values: readonly PDFObject[];
  /** Entry by the name's text, for names that are not found by their bytes; made when first needed. */
  private byText: Map<string, number> | undefined;

  constructor(readonly dict: PDFDict | undefined) {
    // Keys and values as two arrays (the same order): entries() would make a pair for each.
    this.keys = dict?.keys() ?? [];
    this.values = dict?.values() ?? [];
    this.slots = new Int32Array(2 << (32 - Math.clz32(this.keys.length)));
    const mask = this.slots.length - 1;
    for (let index = 0; index < this.keys.length; index++) {
      const written = (this.keys[index] as PDFName).asString();
      this.written.push(written);
      // A name pdf-lib writes with `#` escapes: not the same bytes as in a content stream that writes it plainly.
      if (written.includes('#')) continue;
      const n = written.length - 1;
      let slot = nameHash(n, written.charCodeAt(n), n > 1 ? written.charCodeAt(n - 1) : -1, n > 2 ? written.charCodeAt(n - 2) : -1) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = index + 1;
    }
  }

  /** The entry of this name, or -1. */
  find(name: NameOperand): number {
    if (!name.escaped) {
      const { source, start, end } = name;
      const length = end - start;
      const mask = this.slots.length - 1;
      const hash = nameHash(length, source[end - 1] ?? -1, length > 1 ? (source[end - 2] as number) : -1, length > 2 ? (source[end - 3] as number) : -1);
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const entry = (this.slots[slot] as number) - 1;
        if (entry === -1) break;
        const written = this.written[entry] as string;
        if (written.length !== length + 1) continue;
        // From the end: names made unique by a number differ there first.
        let k = length;
        while (k > 0 && source[start + k - 1] === written.charCodeAt(k)) k--;
        if (k === 0) return entry;
      }
    }
    if (this.byText === undefined) {
      this.byText = new Map();
      this.keys.forEach((key, i) => this.byText?.set(nameText(key), i));
    }
    return this.byText.get(name.name) ?? -1;
  }
}

/**
 * Where a name's entry goes in a {@link FontResources} table: from its length and last three characters (-1 where
 * there are fewer), which is what tells print drivers' numbered names apart; entries compare whole names anyway.
 */
const nameHash = (length: number, last: number, second: number, third: number): number =>
  Math.imul(Math.imul(Math.imul(length ^ 0x2545f491, FNV_PRIME) ^ last ^ (second << 8) ^ (third << 16), FNV_PRIME) ^ (length >>> 3), FNV_PRIME) >>> 7;

const FNV_PRIME = 0x01000193;

/** A resource dictionary's fonts, read once per document. */
export function fontResources(cache: FontCache, resources: PDFDict | undefined): FontResources {
  const fonts = resources?.lookup(FONT);
  if (!(fonts instanceof PDFDict)) return NO_FONTS;
  let found = cache.fontResources.get(fonts);
  if (found === undefined) {
    found = new FontResources(fonts);
    cache.fontResources.set(fonts, found);
  }
  return found;
}

const NO_FONTS = new FontResources(undefined);

/**
 * The text font of a font resource's value (a reference, or the font dictionary itself), loaded once per document.
 * @throws {CannotDecode} for a font whose text cannot be decoded for certain (see fonts.ts).
 */
export function textFontOf(cache: FontCache, value: PDFObject): TextFont {
  let font = cache.fonts.get(value);
  if (font === undefined) {
    font = loadTextFont(cache.context, value);
    cache.fonts.set(value, font);
  }
  return font;
}
