/**
 * The graphics and text state the fast text reader keeps while it interprets a content stream: the current
 * transformation matrix, the font and its size, spacing, scaling, rise, and the text and line matrices, with the
 * operations of the text-positioning operators (Td, T*, Tm, BT) on them — pdfjs-dist's TextState, plus an advance over a
 * shown string that can be put off while a skim does not need positions (see {@link TextState.defer}).
 */
import type { PDFName } from '@cantoo/pdf-lib';
import { GlyphFlag, type CodeTable, type TextFont } from './fonts.js';

/** A transformation matrix `[a b c d e f]`, as pdfjs-dist writes them. */
export type Matrix = readonly [number, number, number, number, number, number];

/** The identity matrix. */
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** pdfjs-dist's Util.transform: m1 · m2. */
export const multiply = (m1: Matrix, m2: Matrix): Matrix => [
  m1[0] * m2[0] + m1[2] * m2[1],
  m1[1] * m2[0] + m1[3] * m2[1],
  m1[0] * m2[2] + m1[2] * m2[3],
  m1[1] * m2[2] + m1[3] * m2[3],
  m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
  m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
];

/** The graphics and text state pdfjs-dist keeps while reading text (its TextState). */
export class TextState {
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
   * operations in the same order, so the same doubles) for a string whose glyphs are all on the page. A deliberate
   * hot-loop twin of the advance in interpreter.ts's `StreamReader.showText` and skim.ts's `gatherShown`: a change to
   * how one advances is made to all three (test/signatures/skim.test.ts compares their results).
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
