/**
 * The interpreter of the fast text reader: one content stream (a page's, or a Form XObject's) read operator by
 * operator into text items — a port of pdfjs-dist 5.6's getTextContent (src/core/evaluator.js, horizontal text only)
 * that keeps its state machine as it is: item boundaries, inserted spaces, end-of-line detection, widths. Form
 * XObjects are read by a nested interpreter. While skimming (skim.ts), strings are gathered rather than assembled.
 * What it cannot read exactly as pdfjs-dist would throws {@link CannotDecode}.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from '@cantoo/pdf-lib';
import { concatBytes } from '../../internal/bytes.js';
import { CannotDecode } from './cannot-decode.js';
import { ContentLexer, NameOperand, Op, streamBytes, type Operand } from './content.js';
import { fontResources, textFontOf, type FontCache, type FontResources } from './font-resources.js';
import type { Glyph, TextFont } from './fonts.js';
import type { ItemSink } from './runs.js';
import { gatherOnPage, gatherShown, unitsText, wholeStringOnPage, type ShownText, type View } from './skim.js';
import { IDENTITY, multiply, TextState, type Matrix } from './text-state.js';

const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;

const FONT = PDFName.of('Font');
const EXT_G_STATE = PDFName.of('ExtGState');
const XOBJECT = PDFName.of('XObject');
const SUBTYPE = PDFName.of('Subtype');
const FORM = PDFName.of('Form');
const MATRIX = PDFName.of('Matrix');
const RESOURCES = PDFName.of('Resources');

/** How deep Form XObjects may nest (each draws the next) before the reader leaves the document to pdfjs-dist. */
const MAX_FORM_DEPTH = 64;

const num = (value: Operand | undefined): number => {
  if (typeof value !== 'number') throw new CannotDecode('content_syntax', 'operand that is not a number');
  return value;
};

const bytesOf = (value: Operand | undefined): Uint8Array => {
  if (!(value instanceof Uint8Array)) throw new CannotDecode('content_syntax', 'text operand that is not a string');
  return value;
};

/**
 * Reads one content stream (a page's, or a Form XObject's) into text items: a port of pdfjs-dist's getTextContent for
 * horizontal text, keeping its state machine as it is (item boundaries, fake spaces, end-of-line detection).
 */
export class StreamReader {
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
    private readonly cache: FontCache,
    private readonly resources: PDFDict | undefined,
    initial: TextState,
    private readonly view: View,
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
          if (!(name instanceof NameOperand)) throw new CannotDecode('content_syntax', 'Tf without a font name');
          const size = num(args[1]);
          this.fontResources ??= fontResources(this.cache, this.resources);
          const entry = this.fontResources.find(name);
          if (entry === -1) throw new CannotDecode('resource', `font ${name.name} missing from the resources`);
          const key = this.fontResources.keys[entry] as PDFName;
          if (state.font !== undefined && key === state.fontName && size === state.fontSize) break;
          state.fontName = key;
          state.fontSize = size;
          state.font = textFontOf(this.cache, this.fontResources.values[entry] as PDFObject);
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
          if (!Array.isArray(elements)) throw new CannotDecode('content_syntax', 'TJ without an array');
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
              throw new CannotDecode('content_syntax', 'TJ element that is neither a string nor a number');
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
    if (this.state.font === undefined) throw new CannotDecode('content_syntax', 'text shown before any font is set');
  }

  private checkGraphicsState(name: Operand | undefined): void {
    if (!(name instanceof NameOperand)) throw new CannotDecode('content_syntax', 'gs without a name');
    const states = this.resources?.lookup(EXT_G_STATE);
    const gs = states instanceof PDFDict ? states.lookup(PDFName.of(name.name)) : undefined;
    if (gs instanceof PDFDict && gs.has(FONT)) throw new CannotDecode('resource', 'font set through an ExtGState');
  }

  private paintXObject(name: Operand | undefined): void {
    if (!(name instanceof NameOperand)) throw new CannotDecode('content_syntax', 'Do without a name');
    const xobjects = this.resources?.lookup(XOBJECT);
    const raw = xobjects instanceof PDFDict ? xobjects.get(PDFName.of(name.name)) : undefined;
    const xobject = raw === undefined ? undefined : this.cache.context.lookup(raw);
    if (!(xobject instanceof PDFRawStream)) throw new CannotDecode('resource', `XObject ${name.name} that is not a stream`);
    const subtype = xobject.dict.lookup(SUBTYPE);
    if (!(subtype instanceof PDFName)) throw new CannotDecode('resource', 'XObject without a subtype');
    if (subtype !== FORM) return;
    if (raw instanceof PDFRef && this.seen.has(raw)) throw new CannotDecode('resource', 'Form XObject drawing itself');
    // Each level is a nested call: bounded, so that a chain of forms cannot exhaust the stack.
    if (this.seen.size >= MAX_FORM_DEPTH) throw new CannotDecode('resource', `Form XObjects nested more than ${MAX_FORM_DEPTH} deep`);
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

  /**
   * Shows a string: pdfjs-dist's buildTextContentItem, glyph by glyph. Its deliberate hot-loop twins — skim.ts's
   * gatherShown (the same placing, gathering instead of assembling) and TextState.settle (the same advance, put
   * off) — change with it.
   */
  private showText(bytes: Uint8Array, extraSpacing: number): void {
    const s = this.state;
    s.settle();
    const font = s.font as TextFont;
    const current = this.current as TextState;
    if (current.fontSize !== s.fontSize || (current.fontName !== s.fontName && (current.font === undefined || current.font.name !== font.name))) {
      if (current.fontSize === s.fontSize && current.font === undefined) throw new CannotDecode('unlike_pdfjs', 'font change pdfjs-dist trips over');
      this.flush();
      // The reader's own copy, made again in place (nothing else refers to it).
      current.copyFrom(s);
    }
    if (this.shown?.hasText === true) {
      this.flush();
      const table = font.codes;
      if (table !== undefined && bytes.length > 0 && wholeStringOnPage(s, this.view, table, bytes.length)) gatherOnPage(s, table, bytes, extraSpacing, this.shown);
      else gatherShown(s, this.view, this.glyphs, font, bytes, extraSpacing, this.shown);
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
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => concatBytes(parts, parts.reduce((n, p) => n + p.length, 0));
