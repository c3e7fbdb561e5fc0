/**
 * The fast text reader: each page's text with positions, read from the document pdf-lib has already parsed, without
 * pdfjs-dist. It interprets the content stream's text operators (and Form XObjects) and groups glyphs into text items
 * exactly as pdfjs-dist's getTextContent does — same item boundaries, same inserted spaces, same widths — so that both
 * readers give the same runs and therefore the same fields. It only reads what it can read for certain (see fonts.ts
 * and content.ts); for anything else it returns `undefined` and the caller reads the document with pdfjs.
 *
 * In a longer document it can skim each page first (see {@link ExtractPagesFastOptions.mayShowForm}): every operator,
 * font and check of the full reading, but the glyphs only gathered as text (and not placed one by one where a whole
 * string is certainly on the page), so that the pages of a bundle that cannot be the form are not assembled into
 * runs for nothing. Only the pages that may be the form are then read in full. Both readings decide alike whether
 * the document can be read for certain, and test/signatures/skim.test.ts checks that skimming changes nothing that
 * placement sees.
 *
 * Ported from pdfjs-dist 5.6 (src/core/evaluator.js, getTextContent, horizontal text only). When pdfjs-dist is
 * upgraded, test/signatures/fast-text.test.ts compares both readers run by run on every test PDF and says whether
 * this port still matches.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFContext, type PDFDocument, type PDFObject, type PDFPage } from '@cantoo/pdf-lib';
import { displayedSize, normalizeRotation, type UserBox } from '../geometry.js';
import type { PageText } from '../place.js';
import type { Quarter, TextRun } from '../text.js';
import { ContentError, ContentLexer, NameOperand, Op, pageContentBytes, streamBytes, type Operand } from './content.js';
import { GlyphFlag, loadTextFont, type CodeTable, type Glyph, type TextFont } from './fonts.js';
import { visibleBoxOf } from './pdf-lib.js';
import { foldedUnit, foldedUnitText, OTHER_TEXT } from './candidates.js';
import { makesRun, toRun, type TextItem } from './runs.js';
import { InflateLimitError } from '../../zip/inflate.js';
import { concatBytes } from '../../internal/bytes.js';

type Matrix = readonly [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** pdfjs-dist's Util.transform: m1 · m2. */
const multiply = (m1: Matrix, m2: Matrix): Matrix => [
  m1[0] * m2[0] + m1[2] * m2[1],
  m1[1] * m2[0] + m1[3] * m2[1],
  m1[0] * m2[2] + m1[2] * m2[3],
  m1[1] * m2[2] + m1[3] * m2[3],
  m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
  m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
];

/** The graphics and text state pdfjs-dist keeps while reading text (its TextState). */
class TextState {
  ctm: Matrix = IDENTITY;
  font: TextFont | undefined = undefined;
  /** The font resource's name (its key in the resources: one object per name). */
  fontName: PDFName | undefined = undefined;
  fontSize = 0;
  charSpacing = 0;
  wordSpacing = 0;
  leading = 0;
  textHScale = 1;
  textRise = 0;

  /**
   * A string whose advance over the text matrix is still to be applied (see {@link defer}): gatherOnPage does not
   * need the positions of a string it knows to be on the page, and the next operator usually sets the text matrix
   * anew (T*, Td, Tm, BT), which makes the advance moot. Anything that reads the text matrix settles it first.
   */
  private pending: Uint8Array | undefined = undefined;
  private pendingTable: CodeTable | undefined = undefined;
  private pendingExtra = 0;
  private pendingScale = 0;
  private pendingHScale = 0;
  private pendingCharSpacing = 0;
  private pendingWordSpacing = 0;

  constructor(
    public textMatrix: number[] = [1, 0, 0, 1, 0, 0],
    public textLineMatrix: number[] = [1, 0, 0, 1, 0, 0],
  ) {}

  /** Puts off advancing the text matrix over `bytes` of `table` as showText would (for a string on the page). */
  defer(table: CodeTable, bytes: Uint8Array, extraSpacing: number): void {
    this.settle();
    this.pending = bytes;
    this.pendingTable = table;
    this.pendingExtra = extraSpacing;
    this.pendingScale = 0.001 * this.fontSize;
    this.pendingHScale = this.textHScale;
    this.pendingCharSpacing = this.charSpacing;
    this.pendingWordSpacing = this.wordSpacing;
  }

  /**
   * Applies a put-off advance: showText's translations of the text matrix, glyph by glyph, as it makes them (same
   * operations in the same order, so the same doubles) for a string whose glyphs are all on the page.
   */
  settle(): void {
    const bytes = this.pending;
    const table = this.pendingTable;
    if (bytes === undefined || table === undefined) return;
    this.pending = undefined;
    this.pendingTable = undefined;
    const count = bytes.length;
    const scale = this.pendingScale;
    const hScale = this.pendingHScale;
    const tc = this.pendingCharSpacing;
    const tw = this.pendingWordSpacing;
    const extraSpacing = this.pendingExtra;
    const tm = this.textMatrix;
    const t0 = tm[0] as number;
    const t1 = tm[1] as number;
    const t2 = tm[2] as number;
    const t3 = tm[3] as number;
    let t4 = tm[4] as number;
    let t5 = tm[5] as number;
    const flagsOf = table.flags;
    const widths = table.widths;
    for (let i = 0; i < count; i++) {
      const code = bytes[i] as number;
      // Every code was decoded when the string was gathered.
      const flags = flagsOf[code] as number;
      if ((flags & GlyphFlag.InvisibleFormatMark) !== 0) continue;
      let charSpacing = tc + (i + 1 === count ? extraSpacing : 0);
      let scaledDim = (widths[code] as number) * scale;
      if ((flags & GlyphFlag.WordSpace) !== 0) charSpacing += tw;
      if ((flags & GlyphFlag.Whitespace) !== 0) {
        charSpacing += scaledDim;
        const dx = charSpacing * hScale;
        t4 = t0 * dx + t2 * 0 + t4;
        t5 = t1 * dx + t3 * 0 + t5;
        continue;
      }
      if ((flags & GlyphFlag.ZeroWidthDiacritic) !== 0) scaledDim = 0;
      scaledDim *= hScale;
      t4 = t0 * scaledDim + t2 * 0 + t4;
      t5 = t1 * scaledDim + t3 * 0 + t5;
      if (charSpacing) {
        const dx = charSpacing * hScale;
        t4 = t0 * dx + t2 * 0 + t4;
        t5 = t1 * dx + t3 * 0 + t5;
      }
    }
    tm[4] = t4;
    tm[5] = t5;
  }

  clone(): TextState {
    return new TextState(this.textMatrix.slice(), this.textLineMatrix.slice()).copyFrom(this);
  }

  /** Makes this state a copy of `other` (its own matrices), field by field: q/Q does it for every text block. */
  copyFrom(other: TextState): this {
    other.settle();
    this.pending = undefined;
    this.pendingTable = undefined;
    const m = this.textMatrix;
    const l = this.textLineMatrix;
    const om = other.textMatrix;
    const ol = other.textLineMatrix;
    for (let i = 0; i < 6; i++) {
      m[i] = om[i] as number;
      l[i] = ol[i] as number;
    }
    this.ctm = other.ctm;
    this.font = other.font;
    this.fontName = other.fontName;
    this.fontSize = other.fontSize;
    this.charSpacing = other.charSpacing;
    this.wordSpacing = other.wordSpacing;
    this.leading = other.leading;
    this.textHScale = other.textHScale;
    this.textRise = other.textRise;
    return this;
  }

  translateTextMatrix(x: number, y: number): void {
    this.settle();
    const m = this.textMatrix as [number, number, number, number, number, number];
    m[4] = m[0] * x + m[2] * y + m[4];
    m[5] = m[1] * x + m[3] * y + m[5];
  }

  translateTextLineMatrix(x: number, y: number): void {
    const m = this.textLineMatrix as [number, number, number, number, number, number];
    m[4] = m[0] * x + m[2] * y + m[4];
    m[5] = m[1] * x + m[3] * y + m[5];
  }

  carriageReturn(): void {
    this.translateTextLineMatrix(0, -this.leading);
    this.startLine();
  }

  /**
   * The text matrix set to the line matrix (pdfjs-dist's `textMatrix = textLineMatrix.slice()`), copied into the
   * state's own array: each state owns its two arrays (clone copies them), and this runs for every line.
   */
  startLine(): void {
    // The text matrix is set anew: an advance put off no longer matters.
    this.pending = undefined;
    this.pendingTable = undefined;
    const m = this.textMatrix;
    const l = this.textLineMatrix;
    for (let i = 0; i < 6; i++) m[i] = l[i] as number;
  }

  /** Both matrices set to `a b c d e f` (Tm; BT with the identity). */
  setMatrices(a: number, b: number, c: number, d: number, e: number, f: number): void {
    this.pending = undefined;
    this.pendingTable = undefined;
    const m = this.textMatrix;
    const l = this.textLineMatrix;
    m[0] = l[0] = a;
    m[1] = l[1] = b;
    m[2] = l[2] = c;
    m[3] = l[3] = d;
    m[4] = l[4] = e;
    m[5] = l[5] = f;
  }
}

const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;

/** What a document's reading shares between its pages: fonts by object, font resources by dictionary. */
interface DocumentCache {
  readonly context: PDFContext;
  readonly fonts: Map<PDFObject, TextFont>;
  readonly fontResources: Map<PDFDict, FontResources>;
  /** What each page-tree node passes down to its pages (see {@link pageAttributes}). */
  readonly inherited: Map<PDFDict, Inheritable>;
}

const FONT = PDFName.of('Font');
const EXT_G_STATE = PDFName.of('ExtGState');
const XOBJECT = PDFName.of('XObject');
const SUBTYPE = PDFName.of('Subtype');
const FORM = PDFName.of('Form');
const MATRIX = PDFName.of('Matrix');
const RESOURCES = PDFName.of('Resources');
const CONTENTS = PDFName.of('Contents');

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
class FontResources {
  /** Open addressing over {@link keys}: index + 1 of the entry whose name hashes there, 0 when free. */
  private readonly slots: Int32Array;
  /** The entries: pdf-lib's name (written form, `/` first), the key, the value. */
  private readonly written: string[] = [];
  readonly keys: PDFName[] = [];
  readonly values: PDFObject[] = [];
  /** Entry by the name's text, for names that are not found by their bytes; made when first needed. */
  private byText: Map<string, number> | undefined;

  constructor(readonly dict: PDFDict | undefined) {
    const entries = dict?.entries() ?? [];
    this.slots = new Int32Array(2 << (32 - Math.clz32(entries.length)));
    const mask = this.slots.length - 1;
    for (const [key, value] of entries) {
      const index = this.keys.length;
      const written = key.asString();
      this.written.push(written);
      this.keys.push(key);
      this.values.push(value);
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
function fontResources(cache: DocumentCache, resources: PDFDict | undefined): FontResources {
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

const num = (value: Operand | undefined): number => {
  if (typeof value !== 'number') throw new ContentError('operand that is not a number');
  return value;
};

const bytesOf = (value: Operand | undefined): Uint8Array => {
  if (!(value instanceof Uint8Array)) throw new ContentError('text operand that is not a string');
  return value;
};

/** Where a reader puts its text items: the page's items, or a skim's text (see {@link ShownText}). */
interface ItemSink {
  push(item: TextItem): unknown;
}

/**
 * A page's text read for candidates.ts's check, and whether it has visible text, without assembling the whole page
 * into items. The reader makes items (pushed here) until one makes a run with text other than white space — the page
 * then has text, exactly as resolve.ts counts it — and from then on only gathers, in drawing order, the glyphs that
 * would go into items (on the page, as pdfjs-dist decides it). Pieces are separated by `\n` wherever an item could
 * start or end: every item, shown string, white-space glyph and glyph off the page, and every glyph the reader would
 * place relative to the previous one (where it may flush). So each run's text is some of these pieces put end to
 * end (with spaces perhaps added), which is what the check needs to rule the page out for certain. The text is
 * folded as it comes (see `foldedUnit`), which spares folding it again as a whole.
 */
class ShownText implements ItemSink {
  /** The folded text so far: `units[0…length)`, starting with a separator; gatherShown writes it directly. */
  units = new Uint16Array(4096);
  length = 1;
  /** All the units written so far, or-ed: below 0x100, the text makes a one-byte string. */
  bits = 0;
  /** Some item makes a run with visible text: the page has text, and the reader now gathers glyphs. */
  hasText = false;
  /** The length at which the text so far is checked next (see {@link probe}). */
  private nextProbe = FIRST_PROBE;

  constructor(private readonly mayShowForm: (shown: string) => boolean) {
    this.units[0] = 0x0a;
  }

  /** Empties it for the next page (the buffer is kept). */
  reset(): void {
    this.length = 1;
    this.bits = 0;
    this.hasText = false;
    this.nextProbe = FIRST_PROBE;
  }

  /**
   * Checks the text so far now and then (at lengths doubling each time): once it may show the form, the whole
   * page's text can only show it as well (more pieces only give more ways to chain words), and the page will be read
   * in full anyway, so the skim stops there (thrown through the reader as {@link MAY_SHOW_FORM}).
   */
  probe(): void {
    if (this.length < this.nextProbe) return;
    this.nextProbe = 2 * this.length;
    if (this.mayShowForm(this.text())) throw MAY_SHOW_FORM;
  }

  /** Whether the page's whole text may show the form. */
  mayShow(): boolean {
    return this.mayShowForm(this.text());
  }

  push(item: TextItem): void {
    const str = item.str;
    let units = this.reserve(str.length + 2);
    let n = this.length;
    let bits = this.bits;
    if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
    for (let i = 0; i < str.length; i++) {
      const unit = str.charCodeAt(i);
      const folded = foldedUnit(unit);
      if (folded >= 0) {
        units[n++] = folded;
        bits |= folded;
      } else {
        const text = foldedUnitText(unit);
        this.length = n;
        units = this.reserve(text.length + str.length - i + 1);
        for (let k = 0; k < text.length; k++) {
          const code = text.charCodeAt(k);
          units[n++] = code;
          bits |= code;
        }
      }
    }
    units[n++] = 0x0a;
    this.length = n;
    this.bits = bits;
    if (!this.hasText && makesRun(item) && str.trim() !== '') this.hasText = true;
    this.probe();
  }

  /** Room for `n` more units. */
  reserve(n: number): Uint16Array {
    if (this.length + n > this.units.length) {
      const grown = new Uint16Array(Math.max(this.units.length * 2, this.length + n));
      grown.set(this.units.subarray(0, this.length));
      this.units = grown;
    }
    return this.units;
  }

  /** The folded pieces, starting and ending with `\n`. */
  text(): string {
    if (this.units[this.length - 1] !== 0x0a) this.reserve(1)[this.length++] = 0x0a;
    const units = this.units.subarray(0, this.length);
    if (this.bits < 0x100) {
      // Mostly the case: a one-byte string, which the check searches faster.
      const bytes = Buffer.allocUnsafe(units.length);
      bytes.set(units);
      return bytes.toString('latin1');
    }
    try {
      // Native, and flat; a lone surrogate (which a /ToUnicode can map a code to) makes it throw.
      return utf16.decode(new Uint8Array(units.buffer, units.byteOffset, units.byteLength));
    } catch {
      return unitsText(units);
    }
  }
}

const utf16 = /* @__PURE__ */ new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

/** The length of shown text (UTF-16 units) at which a skim first checks whether the page may show the form. */
const FIRST_PROBE = 1024;

/** Thrown through a skimming reader: the page may show the form, and is to be read in full. */
const MAY_SHOW_FORM = Symbol('may-show-form');

/** Text folded unit by unit (candidates.ts's foldedUnitText). */
function foldedText(text: string): string {
  let out = '';
  for (let k = 0; k < text.length; k++) out += foldedUnitText(text.charCodeAt(k));
  return out;
}

/** UTF-16 units as a string, built at once (flat). */
function unitsText(units: Uint16Array): string {
  // Apply takes array-likes; chunks keep the argument count well under engine limits.
  if (units.length <= 4096) return String.fromCharCode.apply(null, units as unknown as number[]);
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode.apply(null, units.subarray(i, i + 4096) as unknown as number[]);
  return out;
}

/**
 * Reads one content stream (a page's, or a Form XObject's) into text items: a port of pdfjs-dist's getTextContent for
 * horizontal text, keeping its state machine as it is (item boundaries, fake spaces, end-of-line detection).
 */
class StreamReader {
  private readonly stack: TextState[] = [];
  /** States Q has discarded, for the next q (print drivers wrap every text block in q/Q). */
  private readonly spare: TextState[] = [];
  private state: TextState;
  private current: TextState | undefined;
  // pdfjs-dist's textContentItem.
  private initialized = false;
  /**
   * The open item's text as UTF-16 units (pdfjs-dist keeps an array of strings and joins it; units in a reused
   * buffer make the string at once, flat — a string grown piece by piece is slow to read afterwards).
   */
  private units = new Uint16Array(256);
  private length = 0;
  private totalWidth = 0;
  private width = 0;
  private height = 0;
  // The previous glyph's text rendering matrix (pdfjs-dist's prevTransform), kept as numbers: it changes per glyph.
  private hasPrev = false;
  private p0 = 0;
  private p1 = 0;
  private p2 = 0;
  private p3 = 0;
  private p4 = 0;
  private p5 = 0;
  // The current text rendering matrix, as computed by trm().
  private c0 = 0;
  private c1 = 0;
  private c2 = 0;
  private c3 = 0;
  private c4 = 0;
  private c5 = 0;
  private prevTextRise = 0;
  private textAdvanceScale = 0;
  private spaceInFlowMin = 0;
  private spaceInFlowMax = 0;
  private trackingSpaceMin = Infinity;
  private negativeSpaceMax = -Infinity;
  private notASpace = -Infinity;
  private transform: Matrix = IDENTITY;
  // pdfjs-dist's twoLastChars ring of two: the character before the last one, and the last one.
  private older = ' ';
  private recent = ' ';
  /** The glyphs of the string being shown (reused from string to string). */
  private readonly glyphs: Glyph[] = [];
  /** This stream's font resources, read on the first Tf. */
  private fontResources: FontResources | undefined;

  constructor(
    private readonly cache: DocumentCache,
    private readonly resources: PDFDict | undefined,
    initial: TextState,
    private readonly view: readonly [number, number, number, number],
    private readonly items: ItemSink,
    private readonly seen: ReadonlySet<PDFRef>,
    /** When given (it is then `items` too), the reader gathers glyphs there once it has found visible text. */
    private readonly shown?: ShownText,
  ) {
    this.state = initial;
  }

  read(data: Uint8Array): void {
    const lexer = new ContentLexer(data);
    const args = lexer.operands;
    for (let op = lexer.next(); op !== -1; op = lexer.next()) {
      const state = this.state;
      this.current ??= state.clone();
      switch (op) {
        case Op.q:
          this.stack.push(state);
          this.state = (this.spare.pop() ?? new TextState()).copyFrom(state);
          break;
        case Op.Q: {
          const previous = this.stack.pop();
          if (previous !== undefined) {
            // The state Q discards is referenced nowhere else: the next q reuses it.
            this.spare.push(state);
            this.state = previous;
          }
          break;
        }
        case Op.cm:
          state.ctm = multiply(state.ctm, [num(args[0]), num(args[1]), num(args[2]), num(args[3]), num(args[4]), num(args[5])]);
          break;
        case Op.Tf: {
          const name = args[0];
          if (!(name instanceof NameOperand)) throw new ContentError('Tf without a font name');
          const size = num(args[1]);
          this.fontResources ??= fontResources(this.cache, this.resources);
          const entry = this.fontResources.find(name);
          if (entry === -1) throw new ContentError(`font ${name.name} missing from the resources`);
          const key = this.fontResources.keys[entry] as PDFName;
          if (state.font !== undefined && key === state.fontName && size === state.fontSize) break;
          state.fontName = key;
          state.fontSize = size;
          state.font = this.font(this.fontResources.values[entry] as PDFObject);
          break;
        }
        case Op.Ts:
          state.textRise = num(args[0]);
          break;
        case Op.Tz:
          state.textHScale = num(args[0]) / 100;
          break;
        case Op.TL:
          state.leading = num(args[0]);
          break;
        case Op.Td:
          state.translateTextLineMatrix(num(args[0]), num(args[1]));
          state.startLine();
          break;
        case Op.TD:
          state.leading = -num(args[1]);
          state.translateTextLineMatrix(num(args[0]), num(args[1]));
          state.startLine();
          break;
        case Op['T*']:
          state.carriageReturn();
          break;
        case Op.Tm:
          state.setMatrices(num(args[0]), num(args[1]), num(args[2]), num(args[3]), num(args[4]), num(args[5]));
          this.updateAdvanceScale();
          break;
        case Op.Tc:
          state.charSpacing = num(args[0]);
          break;
        case Op.Tw:
          state.wordSpacing = num(args[0]);
          break;
        case Op.BT:
          state.setMatrices(1, 0, 0, 1, 0, 0);
          break;
        case Op.TJ: {
          this.requireFont();
          const elements = args[0];
          if (!Array.isArray(elements)) throw new ContentError('TJ without an array');
          const spaceFactor = -state.fontSize / 1000;
          let buffer: Uint8Array[] = [];
          for (const item of elements) {
            if (item instanceof Uint8Array) {
              buffer.push(item);
            } else if (typeof item === 'number') {
              if (item === 0) continue;
              this.showText(concat(buffer), item * spaceFactor);
              buffer = [];
            } else {
              throw new ContentError('TJ element that is neither a string nor a number');
            }
          }
          if (buffer.length > 0) this.showText(concat(buffer), 0);
          break;
        }
        case Op.Tj:
          this.requireFont();
          this.showText(bytesOf(args[0]), 0);
          break;
        case Op["'"]:
          this.requireFont();
          state.carriageReturn();
          this.showText(bytesOf(args[0]), 0);
          break;
        case Op['"']:
          this.requireFont();
          state.wordSpacing = num(args[0]);
          state.charSpacing = num(args[1]);
          state.carriageReturn();
          this.showText(bytesOf(args[2]), 0);
          break;
        case Op.Do:
          this.flush();
          this.paintXObject(args[0]);
          break;
        case Op.gs:
          this.checkGraphicsState(args[0]);
          break;
        case Op.BMC:
        case Op.BDC:
        case Op.EMC:
          this.flush();
          break;
      }
    }
    this.flush();
  }

  private requireFont(): void {
    if (this.state.font === undefined) throw new ContentError('text shown before any font is set');
  }

  /** The text font of a font resource's value (a reference, or the font dictionary itself). */
  private font(ref: PDFObject): TextFont {
    let font = this.cache.fonts.get(ref);
    if (font === undefined) {
      font = loadTextFont(this.cache.context, ref);
      this.cache.fonts.set(ref, font);
    }
    return font;
  }

  private checkGraphicsState(name: Operand | undefined): void {
    if (!(name instanceof NameOperand)) throw new ContentError('gs without a name');
    const states = this.resources?.lookup(EXT_G_STATE);
    const gs = states instanceof PDFDict ? states.lookup(PDFName.of(name.name)) : undefined;
    if (gs instanceof PDFDict && gs.has(FONT)) throw new ContentError('font set through an ExtGState');
  }

  private paintXObject(name: Operand | undefined): void {
    if (!(name instanceof NameOperand)) throw new ContentError('Do without a name');
    const xobjects = this.resources?.lookup(XOBJECT);
    const raw = xobjects instanceof PDFDict ? xobjects.get(PDFName.of(name.name)) : undefined;
    const xobject = raw === undefined ? undefined : this.cache.context.lookup(raw);
    if (!(xobject instanceof PDFRawStream)) throw new ContentError(`XObject ${name.name} that is not a stream`);
    const subtype = xobject.dict.lookup(SUBTYPE);
    if (!(subtype instanceof PDFName)) throw new ContentError('XObject without a subtype');
    if (subtype !== FORM) return;
    if (raw instanceof PDFRef && this.seen.has(raw)) throw new ContentError('Form XObject drawing itself');
    const state = this.state.clone();
    const matrix = xobject.dict.lookup(MATRIX);
    if (matrix instanceof PDFArray) {
      const values = matrix.asArray().map((v) => this.cache.context.lookup(v));
      if (values.length === 6 && values.every((v) => v instanceof PDFNumber)) {
        state.ctm = multiply(state.ctm, values.map((v) => (v as PDFNumber).asNumber()) as unknown as Matrix);
      }
    }
    const own = xobject.dict.lookup(RESOURCES);
    const seen = raw instanceof PDFRef ? new Set([...this.seen, raw]) : this.seen;
    const reader = new StreamReader(this.cache, own instanceof PDFDict ? own : this.resources, state, this.view, this.items, seen, this.shown);
    reader.read(streamBytes(xobject));
  }

  // ── pdfjs-dist's text item assembly ─────────────────────────────────────────────────────────────────────────────

  /**
   * The text rendering matrix ctm · textMatrix · [size·scale 0 0 size 0 rise] into c0…c5, computed as pdfjs-dist
   * does (its products by the matrix's zeros drop out) without allocating: this runs for every glyph.
   */
  private trm(): void {
    this.trmLinear();
    this.trmPosition();
  }

  /** c0…c3: they change with the text matrix's linear part, the font size and the CTM, not while glyphs advance. */
  private trmLinear(): void {
    const s = this.state;
    const tm = s.textMatrix;
    const m = s.ctm;
    const a = s.fontSize * s.textHScale;
    const n0 = (tm[0] as number) * a;
    const n1 = (tm[1] as number) * a;
    const n2 = (tm[2] as number) * s.fontSize;
    const n3 = (tm[3] as number) * s.fontSize;
    this.c0 = m[0] * n0 + m[2] * n1;
    this.c1 = m[1] * n0 + m[3] * n1;
    this.c2 = m[0] * n2 + m[2] * n3;
    this.c3 = m[1] * n2 + m[3] * n3;
  }

  /** c4, c5: where the next glyph starts. */
  private trmPosition(): void {
    const s = this.state;
    const tm = s.textMatrix;
    const m = s.ctm;
    const n4 = (tm[2] as number) * s.textRise + (tm[4] as number);
    const n5 = (tm[3] as number) * s.textRise + (tm[5] as number);
    this.c4 = m[0] * n4 + m[2] * n5 + m[4];
    this.c5 = m[1] * n4 + m[3] * n5 + m[5];
  }

  private currentTextTransform(): Matrix {
    this.trm();
    return [this.c0, this.c1, this.c2, this.c3, this.c4, this.c5];
  }

  private prevTransform(): Matrix | undefined {
    return this.hasPrev ? [this.p0, this.p1, this.p2, this.p3, this.p4, this.p5] : undefined;
  }

  private append(text: string): void {
    if (this.length + text.length > this.units.length) {
      const grown = new Uint16Array(Math.max(this.units.length * 2, this.length + text.length));
      grown.set(this.units);
      this.units = grown;
    }
    for (let i = 0; i < text.length; i++) this.units[this.length++] = text.charCodeAt(i);
  }

  private text(): string {
    return unitsText(this.units.subarray(0, this.length));
  }

  private saveLastChar(char: string): boolean {
    const ret = this.older !== ' ' && this.recent === ' ';
    this.older = this.recent;
    this.recent = char;
    return ret;
  }

  private shouldAddWhitespace(): boolean {
    return this.older !== ' ' && this.recent === ' ';
  }

  private resetLastChars(): void {
    this.older = ' ';
    this.recent = ' ';
  }

  private pushWhitespace(width: number, transform: Matrix | undefined): void {
    // pdfjs-dist's item would have no transform, and extract.ts skips such items.
    if (transform !== undefined) this.items.push({ str: ' ', width, height: 0, transform });
  }

  private ensureItem(): void {
    if (this.initialized) return;
    const s = this.state;
    const trm = this.currentTextTransform();
    this.transform = trm;
    this.width = 0;
    this.totalWidth = 0;
    this.height = Math.hypot(trm[2], trm[3]);
    this.textAdvanceScale = Math.hypot(s.textLineMatrix[0] as number, s.textLineMatrix[1] as number) * Math.hypot(s.ctm[0], s.ctm[1]);
    const { fontSize } = s;
    this.trackingSpaceMin = fontSize * TRACKING_SPACE_FACTOR;
    this.notASpace = fontSize * NOT_A_SPACE_FACTOR;
    this.negativeSpaceMax = fontSize * NEGATIVE_SPACE_FACTOR;
    this.spaceInFlowMin = fontSize * SPACE_IN_FLOW_MIN_FACTOR;
    this.spaceInFlowMax = fontSize * SPACE_IN_FLOW_MAX_FACTOR;
    this.initialized = true;
  }

  private updateAdvanceScale(): void {
    if (!this.initialized) return;
    const s = this.state;
    const scale = Math.hypot(s.textLineMatrix[0] as number, s.textLineMatrix[1] as number) * Math.hypot(s.ctm[0], s.ctm[1]);
    if (scale === this.textAdvanceScale) return;
    this.totalWidth += this.width * this.textAdvanceScale;
    this.width = 0;
    this.textAdvanceScale = scale;
  }

  private flush(): void {
    if (!this.initialized) return;
    this.totalWidth += this.width * this.textAdvanceScale;
    this.items.push({ str: this.text(), width: Math.abs(this.totalWidth), height: Math.abs(this.height), transform: this.transform });
    this.initialized = false;
    this.length = 0;
  }

  private appendEOL(): void {
    this.resetLastChars();
    // pdfjs-dist pushes an empty item when no item is open: it makes no run.
    if (this.initialized) this.flush();
  }

  /**
   * Whether the glyph about to be shown is on the page, placing it relative to the previous one: pdfjs-dist's
   * compareWithLastPosition. c0…c3 must be current (showText computes them once per string).
   */
  private compareWithLastPosition(glyphWidth: number): boolean {
    this.trmPosition();
    let posX = this.c4;
    let posY = this.c5;
    const view = this.view;
    if (posX + glyphWidth < view[0] || posX > view[2] || posY < view[1] || posY > view[3]) return false;
    if (!this.hasPrev) return true;
    let lastPosX = this.p4;
    let lastPosY = this.p5;
    if (lastPosX === posX && lastPosY === posY) return true;
    let rotate = -1;
    if (this.c0 && this.c1 === 0 && this.c2 === 0) rotate = this.c0 > 0 ? 0 : 180;
    else if (this.c1 && this.c0 === 0 && this.c3 === 0) rotate = this.c1 > 0 ? 90 : 270;
    switch (rotate) {
      case 0:
        break;
      case 90:
        [posX, posY] = [posY, posX];
        [lastPosX, lastPosY] = [lastPosY, lastPosX];
        break;
      case 180:
        [posX, posY, lastPosX, lastPosY] = [-posX, -posY, -lastPosX, -lastPosY];
        break;
      case 270:
        [posX, posY] = [-posY, -posX];
        [lastPosX, lastPosY] = [-lastPosY, -lastPosX];
        break;
      default: {
        const inverse = (x: number, y: number, m0: number, m1: number, m2: number, m3: number): [number, number] => {
          const scale = Math.hypot(m0, m1);
          return [(m0 * x + m1 * y) / scale, (m2 * x + m3 * y) / scale];
        };
        [posX, posY] = inverse(posX, posY, this.c0, this.c1, this.c2, this.c3);
        [lastPosX, lastPosY] = inverse(lastPosX, lastPosY, this.p0, this.p1, this.p2, this.p3);
      }
    }
    const advanceX = (posX - lastPosX) / this.textAdvanceScale;
    const advanceY = posY - lastPosY;
    const orientation = Math.sign(this.width || this.totalWidth);
    if (advanceX < orientation * this.negativeSpaceMax) {
      if (Math.abs(advanceY) > 0.5 * this.height) {
        this.appendEOL();
        return true;
      }
      this.resetLastChars();
      this.flush();
      return true;
    }
    const riseDelta = this.state.textRise - this.prevTextRise;
    const advanceYCorrected = riseDelta === 0 ? advanceY : advanceY - (this.c3 / this.state.fontSize) * riseDelta;
    if (Math.abs(advanceYCorrected) > this.height) {
      this.appendEOL();
      return true;
    }
    if (advanceX <= orientation * this.notASpace) this.resetLastChars();
    if (advanceX <= orientation * this.trackingSpaceMin) {
      if (this.shouldAddWhitespace()) {
        this.resetLastChars();
        this.flush();
        this.pushWhitespace(Math.abs(advanceX), this.prevTransform());
      } else {
        this.width += advanceX;
      }
    } else if (!this.addFakeSpaces(advanceX, orientation)) {
      if (this.length === 0) {
        this.resetLastChars();
        this.pushWhitespace(Math.abs(advanceX), this.prevTransform());
      } else {
        this.width += advanceX;
      }
    }
    if (Math.abs(advanceY) > this.height * VERTICAL_SHIFT_RATIO) this.flush();
    return true;
  }

  private addFakeSpaces(width: number, orientation: number): boolean {
    if (orientation * this.spaceInFlowMin <= width && width <= orientation * this.spaceInFlowMax) {
      if (this.initialized) {
        this.resetLastChars();
        this.append(' ');
      }
      return false;
    }
    const transform = this.prevTransform() ?? this.currentTextTransform();
    this.flush();
    this.resetLastChars();
    this.pushWhitespace(Math.abs(width), transform);
    return true;
  }

  private showText(bytes: Uint8Array, extraSpacing: number): void {
    const s = this.state;
    s.settle();
    const font = s.font as TextFont;
    const current = this.current as TextState;
    if (current.fontSize !== s.fontSize || (current.fontName !== s.fontName && (current.font === undefined || current.font.name !== font.name))) {
      if (current.fontSize === s.fontSize && current.font === undefined) throw new ContentError('font change pdfjs-dist trips over');
      this.flush();
      this.current = s.clone();
    }
    if (this.shown?.hasText === true) {
      this.flush();
      const table = font.codes;
      if (table !== undefined && bytes.length > 0 && this.wholeStringOnPage(table, bytes.length)) this.gatherOnPage(table, bytes, extraSpacing, this.shown);
      else this.gatherShown(font, bytes, extraSpacing, this.shown);
      return;
    }
    const glyphs = this.glyphs;
    const count = font.decode(bytes, glyphs);
    const scale = 0.001 * s.fontSize;
    const view = this.view;
    this.trmLinear();
    // Whether the text position is exactly where the previous glyph left it (no spacing added since): the next
    // glyph then compares equal to it, and compareWithLastPosition would only check that it is on the page.
    let atPrev = false;
    for (let i = 0; i < count; i++) {
      const glyph = glyphs[i] as Glyph;
      if (glyph.invisibleFormatMark) continue;
      let charSpacing = s.charSpacing + (i + 1 === count ? extraSpacing : 0);
      let scaledDim = glyph.width * scale;
      if (glyph.wordSpace) charSpacing += s.wordSpacing;
      if (glyph.whitespace) {
        charSpacing += scaledDim;
        s.translateTextMatrix(charSpacing * s.textHScale, 0);
        this.saveLastChar(' ');
        atPrev = false;
        continue;
      }
      if (!glyph.zeroWidthDiacritic) {
        const onPage = atPrev
          ? !(this.p4 + scaledDim < view[0] || this.p4 > view[2] || this.p5 < view[1] || this.p5 > view[3])
          : this.compareWithLastPosition(scaledDim);
        if (!onPage) {
          s.translateTextMatrix(scaledDim * s.textHScale, 0);
          atPrev = false;
          continue;
        }
      }
      this.ensureItem();
      if (glyph.zeroWidthDiacritic) scaledDim = 0;
      scaledDim *= s.textHScale;
      s.translateTextMatrix(scaledDim, 0);
      this.width += scaledDim;
      if (scaledDim) {
        this.trmPosition();
        this.hasPrev = true;
        this.p0 = this.c0;
        this.p1 = this.c1;
        this.p2 = this.c2;
        this.p3 = this.c3;
        this.p4 = this.c4;
        this.p5 = this.c5;
        this.prevTextRise = s.textRise;
        atPrev = true;
      }
      if (this.saveLastChar(glyph.unicode)) this.append(' ');
      this.append(glyph.unicode);
      if (charSpacing) {
        s.translateTextMatrix(charSpacing * s.textHScale, 0);
        atPrev = false;
      }
    }
    if (count === 0) {
      // pdfjs-dist still applies the spacing of an empty string (its `chars` is then falsy).
      const charSpacing = s.charSpacing + extraSpacing;
      if (charSpacing) s.translateTextMatrix(charSpacing * s.textHScale, 0);
    }
  }
  /**
   * Whether every glyph of the string about to be shown (`count` glyphs of `table`) is certainly on the page, so that
   * gatherShown need not place them one by one. The glyphs start where the text position is and each moves it along
   * the text direction by an advance that lies between bounds known from the font's widths and the spacing: if every
   * place the glyphs can start at lies inside the page with a margin far above any rounding, each glyph passes
   * compareWithLastPosition's page test. Any doubt (NaN, infinities, a glyph near an edge) answers `false`.
   */
  private wholeStringOnPage(table: CodeTable, count: number): boolean {
    const s = this.state;
    const tm = s.textMatrix;
    const m = s.ctm;
    const t0 = tm[0] as number;
    const t1 = tm[1] as number;
    // Where the first glyph starts (trmPosition's formula), and how far the position moves per unit of advance.
    const n4 = (tm[2] as number) * s.textRise + (tm[4] as number);
    const n5 = (tm[3] as number) * s.textRise + (tm[5] as number);
    const x = m[0] * n4 + m[2] * n5 + m[4];
    const y = m[1] * n4 + m[3] * n5 + m[5];
    const perX = m[0] * t0 + m[2] * t1;
    const perY = m[1] * t0 + m[3] * t1;
    // A glyph's advance (its width scaled, character spacing, word spacing after code 32, all times the horizontal
    // scaling; none for a format mark) lies in [lo, hi]; the last glyph's extra spacing moves no glyph.
    const scale = 0.001 * s.fontSize;
    const narrow = Math.min(table.minWidth * scale, table.maxWidth * scale, 0);
    const wide = Math.max(table.minWidth * scale, table.maxWidth * scale, 0);
    const a = (narrow + s.charSpacing + Math.min(s.wordSpacing, 0)) * s.textHScale;
    const b = (wide + s.charSpacing + Math.max(s.wordSpacing, 0)) * s.textHScale;
    const before = (count - 1) * Math.min(a, b, 0);
    const after = (count - 1) * Math.max(a, b, 0);
    const xs = [x + before * perX, x + after * perX];
    const ys = [y + before * perY, y + after * perY];
    // A bound on every quantity the positions are computed from, hence on their rounding errors (a few units in the
    // last place per operation, per glyph): the margin is a million times more.
    const magnitude =
      (1 + Math.abs(n4) + Math.abs(n5) + Math.abs(s.textRise) * (Math.abs(tm[2] as number) + Math.abs(tm[3] as number)) + (after - before) * (Math.abs(t0) + Math.abs(t1))) *
      (1 + Math.abs(m[0]) + Math.abs(m[1]) + Math.abs(m[2]) + Math.abs(m[3]) + Math.abs(m[4]) + Math.abs(m[5]));
    const margin = 1e-9 * (count + 8) * magnitude;
    const [x0, y0, x1, y1] = this.view;
    // The page test is `x + width < x0 || x > x1 || y < y0 || y > y1`. Comparisons that NaN fails.
    return (
      Math.min(xs[0] as number, xs[1] as number) >= x0 - narrow + margin &&
      Math.max(xs[0] as number, xs[1] as number) <= x1 - margin &&
      Math.min(ys[0] as number, ys[1] as number) >= y0 + margin &&
      Math.max(ys[0] as number, ys[1] as number) <= y1 - margin
    );
  }

  /**
   * showText without the text items: the same glyphs are dropped as off the page (same positions, computed with the
   * same operations in the same order, so the same doubles) and the text matrix advances exactly as there, while the
   * glyphs that would go into items are written to `shown`, split wherever showText could end an item (where it
   * calls compareWithLastPosition). Locals rather than state fields, no closure: this runs for every glyph.
   */
  private gatherShown(font: TextFont, bytes: Uint8Array, extraSpacing: number, shown: ShownText): void {
    const s = this.state;
    // A one-byte font's glyphs come from its tables, without glyph objects; others are decoded as showText does.
    const table = font.codes;
    const glyphs = this.glyphs;
    const count = table === undefined ? font.decode(bytes, glyphs) : bytes.length;
    const scale = 0.001 * s.fontSize;
    const view = this.view;
    const x0 = view[0];
    const y0 = view[1];
    const x1 = view[2];
    const y1 = view[3];
    const hScale = s.textHScale;
    const tm = s.textMatrix;
    const t0 = tm[0] as number;
    const t1 = tm[1] as number;
    const t2 = tm[2] as number;
    const t3 = tm[3] as number;
    let t4 = tm[4] as number;
    let t5 = tm[5] as number;
    const ctm = s.ctm;
    const m0 = ctm[0];
    const m1 = ctm[1];
    const m2 = ctm[2];
    const m3 = ctm[3];
    const m4 = ctm[4];
    const m5 = ctm[5];
    const rise = s.textRise;
    // One unit per glyph and one separator before each, plus one before and one after the string: enough unless a
    // glyph's text has several units (then more room is made).
    let units = shown.reserve(2 * count + 2);
    let n = shown.length;
    let bits = shown.bits;
    if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
    let atPrev = false;
    // The previous glyph's position (showText's p4, p5), valid while atPrev.
    let px = 0;
    let py = 0;
    for (let i = 0; i < count; i++) {
      let flags: number;
      let width: number;
      let unit: number;
      if (table !== undefined) {
        const code = bytes[i] as number;
        flags = table.flags[code] as number;
        if (flags === 0) flags = table.glyph(code).flags;
        width = table.widths[code] as number;
        unit = table.units[code] as number;
      } else {
        const glyph = glyphs[i] as Glyph;
        flags = glyph.flags;
        width = glyph.width;
        unit = glyph.unit;
      }
      if ((flags & GlyphFlag.InvisibleFormatMark) !== 0) continue;
      let charSpacing = s.charSpacing + (i + 1 === count ? extraSpacing : 0);
      let scaledDim = width * scale;
      if ((flags & GlyphFlag.WordSpace) !== 0) charSpacing += s.wordSpacing;
      if ((flags & GlyphFlag.Whitespace) !== 0) {
        charSpacing += scaledDim;
        const dx = charSpacing * hScale;
        t4 = t0 * dx + t2 * 0 + t4;
        t5 = t1 * dx + t3 * 0 + t5;
        if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
        atPrev = false;
        continue;
      }
      const diacritic = (flags & GlyphFlag.ZeroWidthDiacritic) !== 0;
      if (!diacritic) {
        let x = px;
        let y = py;
        if (!atPrev) {
          const n4 = t2 * rise + t4;
          const n5 = t3 * rise + t5;
          x = m0 * n4 + m2 * n5 + m4;
          y = m1 * n4 + m3 * n5 + m5;
          // showText compares this glyph's place with the previous one's: it may end the item here.
          if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
        }
        if (x + scaledDim < x0 || x > x1 || y < y0 || y > y1) {
          const dx = scaledDim * hScale;
          t4 = t0 * dx + t2 * 0 + t4;
          t5 = t1 * dx + t3 * 0 + t5;
          if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
          atPrev = false;
          continue;
        }
      } else {
        scaledDim = 0;
      }
      scaledDim *= hScale;
      t4 = t0 * scaledDim + t2 * 0 + t4;
      t5 = t1 * scaledDim + t3 * 0 + t5;
      if (scaledDim) {
        const n4 = t2 * rise + t4;
        const n5 = t3 * rise + t5;
        px = m0 * n4 + m2 * n5 + m4;
        py = m1 * n4 + m3 * n5 + m5;
        atPrev = true;
      }
      const folded = unit >= 0 ? foldedUnit(unit) : -1;
      if (folded >= 0) {
        units[n++] = folded;
        bits |= folded;
      } else {
        // Text of several units, or a unit that folds to several.
        const text = foldedText(table !== undefined ? table.glyph(bytes[i] as number).unicode : (glyphs[i] as Glyph).unicode);
        shown.length = n;
        units = shown.reserve(text.length + 2 * (count - i) + 2);
        for (let k = 0; k < text.length; k++) {
          const code = text.charCodeAt(k);
          units[n++] = code;
          bits |= code;
        }
      }
      if (charSpacing) {
        const dx = charSpacing * hScale;
        t4 = t0 * dx + t2 * 0 + t4;
        t5 = t1 * dx + t3 * 0 + t5;
        atPrev = false;
      }
    }
    if (count === 0) {
      // showText still applies the spacing of an empty string.
      const charSpacing = s.charSpacing + extraSpacing;
      if (charSpacing) {
        const dx = charSpacing * hScale;
        t4 = t0 * dx + t2 * 0 + t4;
        t5 = t1 * dx + t3 * 0 + t5;
      }
    }
    tm[4] = t4;
    tm[5] = t5;
    if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
    shown.length = n;
    shown.bits = bits;
    shown.probe();
  }

  /**
   * gatherShown for a string of a one-byte font whose glyphs are all on the page (see wholeStringOnPage): no glyph is
   * placed, and a piece ends wherever showText could end an item in that case — after white space, after a glyph
   * without advance (which leaves the next one to be compared, when the previous one was) and after any spacing
   * (which moves the next glyph away from where this one ended); more places than showText's, which only makes more
   * pieces. Advancing the text matrix over the string is put off (TextState.defer): usually the next operator sets it
   * anew.
   */
  private gatherOnPage(table: CodeTable, bytes: Uint8Array, extraSpacing: number, shown: ShownText): void {
    const s = this.state;
    const count = bytes.length;
    const scale = 0.001 * s.fontSize;
    const hScale = s.textHScale;
    const charSpacing0 = s.charSpacing;
    const wordSpacing = s.wordSpacing;
    const flagsOf = table.flags;
    const widths = table.widths;
    const unitsOf = table.units;
    let units = shown.reserve(2 * count + 2);
    let n = shown.length;
    let bits = shown.bits;
    if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
    for (let i = 0; i < count; i++) {
      const code = bytes[i] as number;
      let flags = flagsOf[code] as number;
      if (flags === 0) flags = table.glyph(code).flags;
      if ((flags & GlyphFlag.InvisibleFormatMark) !== 0) continue;
      if ((flags & GlyphFlag.Whitespace) !== 0) {
        if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
        continue;
      }
      const unit = unitsOf[code] as number;
      const folded = unit >= 0 ? foldedUnit(unit) : -1;
      if (folded >= 0) {
        units[n++] = folded;
        bits |= folded;
      } else {
        const text = foldedText(table.glyph(code).unicode);
        shown.length = n;
        units = shown.reserve(text.length + 2 * (count - i) + 2);
        for (let k = 0; k < text.length; k++) {
          const c = text.charCodeAt(k);
          units[n++] = c;
          bits |= c;
        }
      }
      // Spacing after the glyph, or a glyph without advance: the next one is compared with where this one ended.
      const spacing = charSpacing0 + (i + 1 === count ? extraSpacing : 0) + ((flags & GlyphFlag.WordSpace) !== 0 ? wordSpacing : 0);
      if (spacing || (flags & GlyphFlag.ZeroWidthDiacritic) !== 0 || !((widths[code] as number) * scale * hScale)) units[n++] = 0x0a;
    }
    s.defer(table, bytes, extraSpacing);
    if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
    shown.length = n;
    shown.bits = bits;
    shown.probe();
  }

}

const concat = (parts: readonly Uint8Array[]): Uint8Array => concatBytes(parts, parts.reduce((n, p) => n + p.length, 0));

const MEDIA_BOX = PDFName.of('MediaBox');
const CROP_BOX = PDFName.of('CropBox');
const ROTATE = PDFName.of('Rotate');

/** A page's inheritable entries, as found on the page or its nearest ancestor that has them. */
interface Inheritable {
  readonly mediaBox: PDFObject | undefined;
  readonly cropBox: PDFObject | undefined;
  readonly rotate: PDFObject | undefined;
  readonly resources: PDFObject | undefined;
}

const NOTHING_INHERITED: Inheritable = { mediaBox: undefined, cropBox: undefined, rotate: undefined, resources: undefined };

/**
 * The page's media box, crop box, `/Rotate` and resources exactly as pdf-lib's PDFPageLeaf reads them (MediaBox(),
 * CropBox(), Rotate(), Resources(): the page's own entry, else the nearest ancestor's, every ancestor visited). pdf-lib
 * walks up the page tree for each of them on each page, decoding a name at each step; what a parent passes down is
 * the same for all its pages, so it is looked up once per parent here (and throws where pdf-lib's walk would).
 */
function pageAttributes(cache: DocumentCache, page: PDFPage): { mediaBox: PDFArray; cropBox: PDFArray | undefined; rotate: PDFNumber | undefined; resources: PDFDict | undefined } {
  const node = page.node;
  const parent = node.Parent();
  let inherited = NOTHING_INHERITED;
  if (parent !== undefined) {
    let found = cache.inherited.get(parent);
    if (found === undefined) {
      let mediaBox: PDFObject | undefined;
      let cropBox: PDFObject | undefined;
      let rotate: PDFObject | undefined;
      let resources: PDFObject | undefined;
      parent.ascend((ancestor) => {
        mediaBox ??= ancestor.get(MEDIA_BOX);
        cropBox ??= ancestor.get(CROP_BOX);
        rotate ??= ancestor.get(ROTATE);
        resources ??= ancestor.get(RESOURCES);
      });
      found = { mediaBox, cropBox, rotate, resources };
      cache.inherited.set(parent, found);
    }
    inherited = found;
  }
  const context = cache.context;
  return {
    mediaBox: context.lookup(node.get(MEDIA_BOX) ?? inherited.mediaBox, PDFArray),
    cropBox: context.lookupMaybe(node.get(CROP_BOX) ?? inherited.cropBox, PDFArray),
    rotate: context.lookupMaybe(node.get(ROTATE) ?? inherited.rotate, PDFNumber),
    resources: context.lookupMaybe(node.get(RESOURCES) ?? inherited.resources, PDFDict),
  };
}

/** The page's `/Rotate` as pdfjs-dist reads it; `undefined` for a value pdfjs would treat differently from us. */
function rotationOf(rotate: PDFNumber | undefined): Quarter | undefined {
  // pdf-lib's page.getRotation().angle.
  const angle = rotate === undefined ? 0 : rotate.asNumber();
  if (!Number.isInteger(angle) || angle % 90 !== 0) return undefined;
  return normalizeRotation(angle);
}

/**
 * The page's visible box (pdf-lib.ts's visibleBox) from its media and crop boxes; `undefined` unless the media box
 * (and the crop box, if any) is a proper rectangle, for pdf-lib's and pdfjs-dist's views of the page to agree.
 */
function pageBox(media: PDFArray, crop: PDFArray | undefined): UserBox | undefined {
  const proper = (box: PDFObject | undefined): boolean => {
    if (!(box instanceof PDFArray) || box.size() !== 4) return false;
    const v = box.asArray().map((x) => (x instanceof PDFNumber ? x.asNumber() : NaN));
    return v.every(Number.isFinite) && (v[2] as number) !== (v[0] as number) && (v[3] as number) !== (v[1] as number);
  };
  if (!proper(media) || (crop !== undefined && !proper(crop))) return undefined;
  const mediaBox = media.asRectangle();
  return visibleBoxOf(mediaBox, crop?.asRectangle() ?? mediaBox);
}

/**
 * From how many pages a document's pages are skimmed when {@link ExtractPagesFastOptions.mayShowForm} is given: in a
 * one- or two-page document, the form is on most pages, and those would be read twice.
 */
export const SKIM_FROM_PAGES = 3;

/** Options of {@link extractPagesFast}. */
export interface ExtractPagesFastOptions {
  /**
   * Whether a page showing this text may be the form: the strings the page shows, decoded, each glyph that would be
   * in a text item kept, in drawing order, with `\n` wherever an item could begin or end, folded unit by unit
   * (candidates.ts's `foldedUnit`) and starting and ending with `\n`: what candidates.ts's `mayIdentifyFolded`
   * takes. A page for which it is `false` is not assembled into runs: it gets `[OTHER_TEXT]` when it has visible
   * text and `[]` otherwise — what resolve.ts's placement keeps of such a page.
   * Used in documents of {@link SKIM_FROM_PAGES} pages or more: it costs a cheaper reading of every page and a second
   * reading of each page it keeps, which would not pay off when most pages are kept.
   */
  readonly mayShowForm?: (shown: string) => boolean;
}

/** Skims a page with `reader`: whether it may show the form (found on the way, or from its whole text). */
function skimMayShowForm(reader: StreamReader, content: Uint8Array, shown: ShownText): boolean {
  try {
    reader.read(content);
  } catch (error) {
    if (error === MAY_SHOW_FORM) return true;
    throw error;
  }
  return shown.mayShow();
}

/**
 * Each page's displayed size, rotation and text runs, read from a document pdf-lib has parsed; `undefined` when some
 * page's text cannot be read for certain (the caller then uses pdfjs-dist). With `mayShowForm`, the pages it rules out
 * get a stand-in for their runs (see {@link ExtractPagesFastOptions}); whether the document can be read for certain
 * is decided the same way (the cheaper reading goes through every operator, font and check the full one does).
 */
export function extractPagesFast(doc: PDFDocument, options: ExtractPagesFastOptions = {}): PageText[] | undefined {
  try {
    const cache: DocumentCache = { context: doc.context, fonts: new Map(), fontResources: new Map(), inherited: new Map() };
    const pages: PageText[] = [];
    const docPages = doc.getPages();
    const mayShowForm = docPages.length >= SKIM_FROM_PAGES ? options.mayShowForm : undefined;
    let shown: ShownText | undefined;
    for (const [i, page] of docPages.entries()) {
      const { mediaBox, cropBox, rotate, resources } = pageAttributes(cache, page);
      const rotation = rotationOf(rotate);
      if (rotation === undefined) return undefined;
      const box = pageBox(mediaBox, cropBox);
      if (box === undefined) return undefined;
      const view = [box.x, box.y, box.x + box.width, box.y + box.height] as const;
      const content = pageContentBytes(doc.context, page.node.get(CONTENTS));
      const size = displayedSize(box, rotation);
      if (mayShowForm !== undefined) {
        shown ??= new ShownText(mayShowForm);
        shown.reset();
        if (!skimMayShowForm(new StreamReader(cache, resources, new TextState(), view, shown, new Set(), shown), content, shown)) {
          pages.push({ page: i + 1, ...size, rotation, runs: shown.hasText ? [OTHER_TEXT] : [] });
          continue;
        }
      }
      const items: TextItem[] = [];
      new StreamReader(cache, resources, new TextState(), view, items, new Set()).read(content);
      const runs: TextRun[] = [];
      for (const item of items) {
        const run = toRun(item, box, rotation);
        if (run !== undefined) runs.push(run);
      }
      pages.push({ page: i + 1, ...size, rotation, runs });
    }
    return pages;
  } catch (error) {
    // A deflate bomb is refused, never handed to pdfjs-dist (which would inflate it whole).
    if (error instanceof InflateLimitError) throw error;
    if (error instanceof ContentError) return undefined;
    // pdf-lib throws on objects it cannot follow (a missing /Contents stream, a malformed box): pdfjs decides.
    return undefined;
  }
}
