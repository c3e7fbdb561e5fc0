/**
 * Ruling out, before a page is skimmed, the pages of a bundle whose strings cannot show the form: the skim (skim.ts)
 * then only runs the page's operators for their checks, without gathering its text. Every character of the form's
 * identifiers (some set of them) must be among the glyphs the page shows for candidates.ts's check to keep the
 * page, and every glyph the page shows is a code of a string in its content stream, in one of the fonts its resources
 * name. So a page keeps its skim unless the codes found in its strings, decoded with every font of its resources,
 * lack some character of every identifier set — a necessary condition, never a guess.
 *
 * Any doubt keeps the page: a Form XObject (its own stream and fonts are not looked at), an inline image (its data
 * could hide a string's delimiters), a string that does not end, a font this reader cannot decode, a code it cannot
 * decode, a font of codes longer than a byte. The check reads the content stream's bytes once, and the decoded codes
 * of each font once per document.
 */
import { PDFDict, PDFName, PDFRawStream } from '@cantoo/pdf-lib';
import { foldedUnitText } from './candidates.js';
import { HEX } from './content.js';
import { fontResources, textFontOf, type FontCache, type FontResources } from './font-resources.js';
import type { TextFont } from './fonts.js';

const XOBJECT = PDFName.of('XObject');
const SUBTYPE = PDFName.of('Subtype');
const IMAGE = PDFName.of('Image');
const EMPTY = new Uint8Array(0);

/** Folded units of each identifier set, rarest first (see candidates.ts's `identifierUnits`). */
export type IdentifierUnits = readonly (readonly number[])[];

/** The identifiers' units numbered 1…n (`slot[unit]`, 0 for the others), and the sets each slot's unit is in. */
interface Slots {
  readonly slot: Uint8Array;
  readonly count: number;
  /** How many distinct units each set has. */
  readonly sizes: readonly number[];
  /** By slot: the indexes of the sets holding its unit. */
  readonly setsOf: readonly (readonly number[])[];
}

const slotsCache = /* @__PURE__ */ new WeakMap<IdentifierUnits, Slots | undefined>();

/** The slots of these identifier units; `undefined` past 255 distinct units (the filter then keeps every page). */
function slotsOf(units: IdentifierUnits): Slots | undefined {
  if (slotsCache.has(units)) return slotsCache.get(units);
  const slot = new Uint8Array(0x10000);
  let count = 0;
  for (const unit of units.flat()) if (slot[unit] === 0 && count < 255) slot[unit] = ++count;
  let slots: Slots | undefined;
  if (units.flat().every((unit) => slot[unit] !== 0)) {
    const setsOf: number[][] = Array.from({ length: count + 1 }, () => []);
    units.forEach((set, i) => new Set(set).forEach((unit) => setsOf[slot[unit] as number]?.push(i)));
    slots = { slot, count, sizes: units.map((set) => new Set(set).size), setsOf };
  }
  slotsCache.set(units, slots);
  return slots;
}

/** What a byte shown with one of a page's fonts may show of the identifiers: their slots, or anything (`null`). */
type ByteSlots = readonly (Uint8Array | null)[];

/** One document's page filter: what it learns of fonts and resources is kept for its other pages. */
export class PageFilter {
  /** By font: each code's slots, or `null` for a code it cannot decode. */
  private readonly fontSlots = new Map<TextFont, ByteSlots>();
  /** By resources' fonts: what each byte may show with any of them; `undefined` when some font is beyond this check. */
  private readonly byteSlots = new Map<FontResources, ByteSlots | undefined>();
  private readonly hasForms = new Map<PDFDict, boolean>();
  private readonly slots: Slots | undefined;
  /** Which bytes the page's strings hold so far (reused from page to page). */
  private readonly present = new Uint8Array(256);
  /** Which identifier units (by slot) the page may show so far. */
  private readonly shows: Uint8Array;
  /** How many units of each set the page has not shown yet. */
  private readonly remaining: number[];

  constructor(
    private readonly cache: FontCache,
    private readonly sets: IdentifierUnits,
  ) {
    this.slots = slotsOf(sets);
    this.shows = new Uint8Array((this.slots?.count ?? 0) + 1);
    this.remaining = sets.map(() => 0);
  }

  /**
   * Whether the page, its content stream `content` read with `resources`, may show the form (`true` in any doubt).
   * The strings are read until they may show every unit of some set, which is soon on a page of running text.
   */
  mayShowForm(resources: PDFDict | undefined, content: Uint8Array): boolean {
    if (this.sets.length === 0) return false;
    const slots = this.slots;
    if (slots === undefined || (resources !== undefined && this.drawsForms(resources))) return true;
    const byteSlots = this.byteSlotsOf(fontResources(this.cache, resources));
    if (byteSlots === undefined) return true;
    const { shows, remaining } = this;
    shows.fill(0);
    for (let i = 0; i < remaining.length; i++) remaining[i] = slots.sizes[i] as number;
    if (remaining.some((n) => n === 0)) return true;
    this.present.fill(0);
    // A new byte: the units it may show; `true` (stop) once it may show anything or completes a set.
    const shown = (byte: number): boolean => {
      const provided = byteSlots[byte];
      if (provided === null || provided === undefined) return true;
      for (let k = 0; k < provided.length; k++) {
        const slot = provided[k] as number;
        if (shows[slot] === 1) continue;
        shows[slot] = 1;
        for (const set of slots.setsOf[slot] ?? []) if (--(remaining[set] as number) === 0) return true;
      }
      return false;
    };
    return stringBytes(content, this.present, shown) !== 'read';
  }

  /** What each byte may show with any font of these resources; `undefined` if one is not a one-byte font it decodes. */
  private byteSlotsOf(fonts: FontResources): ByteSlots | undefined {
    if (this.byteSlots.has(fonts)) return this.byteSlots.get(fonts);
    let union: (Uint8Array | null)[] | undefined = Array.from({ length: 256 }, () => EMPTY);
    const done = new Set<TextFont>();
    for (const value of fonts.values) {
      let font: TextFont;
      try {
        font = textFontOf(this.cache, value);
      } catch {
        union = undefined;
        break;
      }
      if (done.has(font)) continue;
      done.add(font);
      const codes = this.fontSlotsOf(font);
      if (codes === undefined) {
        union = undefined;
        break;
      }
      for (let code = 0; code < 256; code++) {
        const a = union[code];
        const b = codes[code];
        union[code] = a === null || a === undefined || b === null || b === undefined ? null : a === EMPTY ? b : b.length === 0 ? a : Uint8Array.from(new Set([...a, ...b]));
      }
    }
    this.byteSlots.set(fonts, union);
    return union;
  }

  /** Each code's slots for a one-byte font, all decoded at once; `undefined` for a font of longer codes. */
  private fontSlotsOf(font: TextFont): ByteSlots | undefined {
    const table = font.codes;
    const slots = this.slots;
    if (table === undefined || slots === undefined) return undefined;
    let codes = this.fontSlots.get(font);
    if (codes === undefined) {
      const decoded: (Uint8Array | null)[] = [];
      for (let code = 0; code < 256; code++) {
        try {
          // The glyph's text folded unit by unit, as the skim folds it.
          const unicode = table.glyph(code).unicode;
          const found: number[] = [];
          for (let i = 0; i < unicode.length; i++) {
            const text = foldedUnitText(unicode.charCodeAt(i));
            for (let k = 0; k < text.length; k++) {
              const slot = slots.slot[text.charCodeAt(k)] as number;
              if (slot !== 0) found.push(slot);
            }
          }
          decoded.push(found.length === 0 ? EMPTY : Uint8Array.from(found));
        } catch {
          decoded.push(null);
        }
      }
      codes = decoded;
      this.fontSlots.set(font, codes);
    }
    return codes;
  }

  /** Whether the resources name a Form XObject (or anything but an image). */
  private drawsForms(resources: PDFDict): boolean {
    let forms = this.hasForms.get(resources);
    if (forms === undefined) {
      forms = false;
      const xobjects = resources.lookup(XOBJECT);
      if (xobjects instanceof PDFDict) {
        for (const [, raw] of xobjects.entries()) {
          const xobject = this.cache.context.lookup(raw);
          // Only an image is certainly not a form.
          if (!(xobject instanceof PDFRawStream) || xobject.dict.lookup(SUBTYPE) !== IMAGE) forms = true;
        }
      } else if (xobjects !== undefined) {
        forms = true;
      }
      this.hasForms.set(resources, forms);
    }
    return forms;
  }
}

/** The escapes of literal strings that stand for one byte (besides octal ones and line continuations). */
const ESCAPED = /* @__PURE__ */ (() => {
  const table = new Int16Array(256).fill(-1);
  for (const [c, b] of [
    [0x6e, 0x0a],
    [0x72, 0x0d],
    [0x74, 0x09],
    [0x62, 0x08],
    [0x66, 0x0c],
  ] as const)
    table[c] = b;
  return table;
})();

/**
 * Reads the bytes the content stream's strings hold — literal strings with their escapes decoded, hex strings
 * decoded — or more (each literal string's raw bytes as well), calling `shown` for each byte the first time it is
 * met (`present` marks those) until it returns `true` (`'stopped'`). `'unsure'` when it cannot say: an inline image
 * (`ID`), whose data may hold what looks like delimiters; a string that does not end; a hex string with a character
 * that is neither a digit nor white space. Comments are skipped as the lexer skips them. `'read'`: every string read.
 */
export function stringBytes(data: Uint8Array, present: Uint8Array, shown: (byte: number) => boolean): 'read' | 'stopped' | 'unsure' {
  const n = data.length;
  if (hasInlineImage(data)) return 'unsure';
  let paren = -2;
  let angle = -2;
  let percent = -2;
  let pos = 0;
  for (;;) {
    if (paren !== -1 && paren < pos) paren = data.indexOf(0x28, pos);
    if (angle !== -1 && angle < pos) angle = data.indexOf(0x3c, pos);
    if (percent !== -1 && percent < pos) percent = data.indexOf(0x25, pos);
    let at = n;
    if (paren !== -1 && paren < at) at = paren;
    if (angle !== -1 && angle < at) at = angle;
    if (percent !== -1 && percent < at) at = percent;
    if (at === n) return 'read';
    if (at === percent) {
      // A comment runs to the end of the line.
      let end = at + 1;
      while (end < n && data[end] !== 0x0a && data[end] !== 0x0d) end++;
      pos = end;
    } else if (at === angle) {
      if (data[at + 1] === 0x3c) {
        pos = at + 2;
        continue;
      }
      const end = data.indexOf(0x3e, at + 1);
      if (end === -1) return 'unsure';
      let first = -1;
      let i = at + 1;
      // Pairs of digits without white space: the common case, two at a time.
      for (; i + 1 < end; i += 2) {
        const hi = HEX[data[i] as number] as number;
        const lo = HEX[data[i + 1] as number] as number;
        if ((hi | lo) < 0) break;
        const byte = (hi << 4) | lo;
        if (present[byte] === 0 && mark(present, byte, shown)) return 'stopped';
      }
      for (; i < end; i++) {
        const digit = HEX[data[i] as number] as number;
        if (digit === -2) continue;
        if (digit === -1) return 'unsure';
        if (first === -1) {
          first = digit;
        } else {
          const byte = (first << 4) | digit;
          if (present[byte] === 0 && mark(present, byte, shown)) return 'stopped';
          first = -1;
        }
      }
      if (first !== -1 && present[first << 4] === 0 && mark(present, first << 4, shown)) return 'stopped';
      pos = end + 1;
    } else {
      let depth = 1;
      let i = at + 1;
      for (; i < n; i++) {
        const c = data[i] as number;
        if (present[c] === 0 && mark(present, c, shown)) return 'stopped';
        if (c === 0x28) {
          depth++;
        } else if (c === 0x29) {
          if (--depth === 0) break;
        } else if (c === 0x5c && i + 1 < n) {
          const e = data[++i] as number;
          if (present[e] === 0 && mark(present, e, shown)) return 'stopped';
          const escaped = ESCAPED[e] as number;
          if (escaped >= 0 && present[escaped] === 0 && mark(present, escaped, shown)) return 'stopped';
          if (e >= 0x30 && e <= 0x37) {
            let x = e & 0x0f;
            for (let k = 0; k < 2 && i + 1 < n && (data[i + 1] as number) >= 0x30 && (data[i + 1] as number) <= 0x37; k++) x = (x << 3) + ((data[++i] as number) & 0x0f);
            if (present[x & 0xff] === 0 && mark(present, x & 0xff, shown)) return 'stopped';
          }
        }
      }
      if (i >= n) return 'unsure';
      pos = i + 1;
    }
  }
}

/** Marks a byte met for the first time; whether `shown` says to stop. */
function mark(present: Uint8Array, byte: number, shown: (byte: number) => boolean): boolean {
  present[byte] = 1;
  return shown(byte);
}

/** Whether the stream may hold an inline image: an `ID` keyword between white space or delimiters (or its look-alike). */
function hasInlineImage(data: Uint8Array): boolean {
  for (let k = data.indexOf(0x49); k !== -1; k = data.indexOf(0x49, k + 1)) {
    if (data[k + 1] !== 0x44) continue;
    const before = k === 0 ? 0x20 : (data[k - 1] as number);
    const after = data[k + 2] ?? 0x20;
    if (!isRegular(before) && !isRegular(after)) return true;
  }
  return false;
}

/** A byte that is neither white space nor a delimiter (it continues a keyword or a name). */
const isRegular = (c: number): boolean => !(c === 0x00 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20 || c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25);
