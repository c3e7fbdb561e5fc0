/**
 * Skimming a page: its text gathered for candidates.ts's check ("may this page show the form?") rather than assembled
 * into text items. The interpreter (interpreter.ts) runs every operator, font and check of the full reading either
 * way; while it skims, it hands each shown string to {@link gatherShown} (or {@link gatherOnPage} when
 * {@link wholeStringOnPage} proves the whole string is on the page), which write the folded glyphs into a
 * {@link ShownText} split wherever an item could begin or end. A page the check rules out is never read in full.
 */
import { foldedUnit, foldedUnitText } from './candidates.js';
import { GlyphFlag, type CodeTable, type Glyph, type TextFont } from './fonts.js';
import { makesRun, type ItemSink, type TextItem } from './runs.js';
import type { TextState } from './text-state.js';

/** The page's visible box as the reader tests glyphs against it: left, bottom, right, top. */
export type View = readonly [number, number, number, number];

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
export class ShownText implements ItemSink {
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
const FIRST_PROBE = 4096;

/** Thrown through a skimming reader: the page may show the form, and is to be read in full. */
export const MAY_SHOW_FORM = Symbol('may-show-form');

/** Text folded unit by unit (candidates.ts's foldedUnitText). */
function foldedText(text: string): string {
  let out = '';
  for (let k = 0; k < text.length; k++) out += foldedUnitText(text.charCodeAt(k));
  return out;
}

/** UTF-16 units as a string, built at once (flat). */
export function unitsText(units: Uint16Array): string {
  // Apply takes array-likes; chunks keep the argument count well under engine limits.
  if (units.length <= 4096) return String.fromCharCode.apply(null, units as unknown as number[]);
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode.apply(null, units.subarray(i, i + 4096) as unknown as number[]);
  return out;
}

/**
 * Whether every glyph of the string about to be shown (`count` glyphs of `table`) is certainly on the page, so that
 * gatherShown need not place them one by one. The glyphs start where the text position is and each moves it along
 * the text direction by an advance that lies between bounds known from the font's widths and the spacing: if every
 * place the glyphs can start at lies inside the page with a margin far above any rounding, each glyph passes
 * compareWithLastPosition's page test. Any doubt (NaN, infinities, a glyph near an edge) answers `false`.
 */
export function wholeStringOnPage(s: TextState, view: View, table: CodeTable, count: number): boolean {
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
  // Scalars, not arrays: this runs for every string a skimmed page shows.
  const xa = x + before * perX;
  const xb = x + after * perX;
  const ya = y + before * perY;
  const yb = y + after * perY;
  // A bound on every quantity the positions are computed from, hence on their rounding errors (a few units in the
  // last place per operation, per glyph): the margin is a million times more.
  const magnitude =
    (1 + Math.abs(n4) + Math.abs(n5) + Math.abs(s.textRise) * (Math.abs(tm[2] as number) + Math.abs(tm[3] as number)) + (after - before) * (Math.abs(t0) + Math.abs(t1))) *
    (1 + Math.abs(m[0]) + Math.abs(m[1]) + Math.abs(m[2]) + Math.abs(m[3]) + Math.abs(m[4]) + Math.abs(m[5]));
  const margin = 1e-9 * (count + 8) * magnitude;
  const [x0, y0, x1, y1] = view;
  // The page test is `x + width < x0 || x > x1 || y < y0 || y > y1`. Comparisons that NaN fails.
  return (
    Math.min(xa, xb) >= x0 - narrow + margin &&
    Math.max(xa, xb) <= x1 - margin &&
    Math.min(ya, yb) >= y0 + margin &&
    Math.max(ya, yb) <= y1 - margin
  );
}

/**
 * interpreter.ts's `StreamReader.showText` without the text items, a deliberate hot-loop twin of it: the same glyphs
 * are dropped as off the page (same positions, computed with the same operations in the same order, so the same
 * doubles) and the text matrix advances exactly as there, while the glyphs that would go into items are written to
 * `shown`, split wherever showText could end an item (where it calls compareWithLastPosition). Locals rather than
 * state fields, no closure: this runs for every glyph. A change to how showText advances or drops a glyph is made
 * here too (test/signatures/skim.test.ts compares both readings).
 */
export function gatherShown(s: TextState, view: View, glyphs: Glyph[], font: TextFont, bytes: Uint8Array, extraSpacing: number, shown: ShownText): void {
  // A one-byte font's glyphs come from its tables, without glyph objects; others are decoded as showText does.
  const table = font.codes;
  const count = table === undefined ? font.decode(bytes, glyphs) : bytes.length;
  const scale = 0.001 * s.fontSize;
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
 * anew. A deliberate hot-loop twin of gatherShown's folding, without its placing.
 */
export function gatherOnPage(s: TextState, table: CodeTable, bytes: Uint8Array, extraSpacing: number, shown: ShownText): void {
  const count = bytes.length;
  const scale = 0.001 * s.fontSize;
  const hScale = s.textHScale;
  const charSpacing0 = s.charSpacing;
  const wordSpacing = s.wordSpacing;
  const flagsOf = table.flags;
  const widths = table.widths;
  const unitsOf = table.units;
  // Without spacing, and with a scale that keeps every plain glyph's advance a finite number other than zero, a plain
  // glyph ends no piece: its folded unit comes from the table's gathered units, one look-up per glyph.
  const plain = charSpacing0 === 0 && extraSpacing === 0 && inScale(scale) && inScale(hScale) ? gatheredUnits(table) : undefined;
  let units = shown.reserve(2 * count + 2);
  let n = shown.length;
  let bits = shown.bits;
  if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
  for (let i = 0; i < count; i++) {
    const code = bytes[i] as number;
    if (plain !== undefined) {
      const gathered = plain[code] as number;
      if (gathered >= 0) {
        units[n++] = gathered;
        bits |= gathered;
        continue;
      }
      if (gathered === Gathered.White) {
        if (units[n - 1] !== 0x0a) units[n++] = 0x0a;
        continue;
      }
      if (gathered === Gathered.Skipped) continue;
    }
    let flags = flagsOf[code] as number;
    if (flags === 0) flags = table.glyph(code).flags;
    if (plain !== undefined && plain[code] === Gathered.Unseen) plain[code] = gatheredUnit(table, code, flags);
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

/**
 * Scales (the font size's thousandth, the horizontal scaling) under which a plain glyph's advance — its width, at
 * least {@link PLAIN_WIDTH} and at most its inverse in size, times both — is certainly a finite number other than zero.
 */
const inScale = (x: number): boolean => Math.abs(x) >= 1e-100 && Math.abs(x) <= 1e100;

/** The least width (in size, and the inverse of the greatest) of a glyph gathered from {@link gatheredUnits}. */
const PLAIN_WIDTH = 1e-6;

const gathered = /* @__PURE__ */ new WeakMap<CodeTable, Int32Array>();

/** What {@link gatheredUnits} holds for a code other than a plain glyph's folded unit. */
const Gathered = {
  /** Not decoded yet. */
  Unseen: -1,
  /** Read glyph by glyph: spacing, no advance, the word space, or several folded units. */
  Other: -2,
  /** White space: ends a piece (spacing after it does not matter). */
  White: -3,
  /** An invisible format mark: left out. */
  Skipped: -4,
} as const;

/**
 * A one-byte font's codes as gatherOnPage writes them without spacing: the folded unit of a plain glyph (decoded, not
 * white space, not a format mark, not a zero-width diacritic, not the word space, a width of ordinary size, one folded
 * unit), or what else the code is (see {@link Gathered}); filled as gatherOnPage first reads each code glyph by glyph.
 */
function gatheredUnits(table: CodeTable): Int32Array {
  let units = gathered.get(table);
  if (units === undefined) {
    units = new Int32Array(256).fill(Gathered.Unseen);
    gathered.set(table, units);
  }
  return units;
}

/** The code's entry in {@link gatheredUnits}, from its decoded flags (in gatherOnPage's order: format marks first). */
function gatheredUnit(table: CodeTable, code: number, flags: number): number {
  if ((flags & GlyphFlag.InvisibleFormatMark) !== 0) return Gathered.Skipped;
  if ((flags & GlyphFlag.Whitespace) !== 0) return Gathered.White;
  if ((flags & (GlyphFlag.WordSpace | GlyphFlag.ZeroWidthDiacritic)) !== 0) return Gathered.Other;
  const width = Math.abs(table.widths[code] as number);
  if (!(width >= PLAIN_WIDTH && width <= 1 / PLAIN_WIDTH)) return Gathered.Other;
  const unit = table.units[code] as number;
  const folded = unit >= 0 ? foldedUnit(unit) : -1;
  return folded >= 0 ? folded : Gathered.Other;
}
