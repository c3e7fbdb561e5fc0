/**
 * The fast text reader: each page's text with positions, read from the document pdf-lib has already parsed, without
 * pdfjs-dist. It interprets the content stream's text operators (and Form XObjects) and groups glyphs into text items
 * exactly as pdfjs-dist's getTextContent does — same item boundaries, same inserted spaces, same widths — so that both
 * readers give the same runs and therefore the same fields. It only reads what it can read for certain (see fonts.ts
 * and content.ts); for anything else it returns `undefined` and the caller reads the document with pdfjs.
 *
 * Ported from pdfjs-dist 5.6 (src/core/evaluator.js, getTextContent, horizontal text only). When pdfjs-dist is
 * upgraded, test/signatures/fast-text.test.ts compares both readers run by run on every test PDF and says whether
 * this port still matches.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFContext, type PDFDocument, type PDFObject, type PDFPage } from 'pdf-lib';
import { displayedSize, normalizeRotation, type UserBox } from '../geometry.js';
import type { PageText } from '../place.js';
import type { Quarter, TextRun } from '../text.js';
import { ContentError, ContentLexer, NameOperand, Op, pageContentBytes, streamBytes, type Operand } from './content.js';
import { loadTextFont, type Glyph, type TextFont } from './fonts.js';
import { visibleBox } from './pdf-lib.js';
import { toRun, type TextItem } from './runs.js';
import { concatBytes } from '../../parsers/decode.js';

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
  fontName: string | undefined = undefined;
  fontSize = 0;
  charSpacing = 0;
  wordSpacing = 0;
  leading = 0;
  textHScale = 1;
  textRise = 0;

  constructor(
    public textMatrix: number[] = [1, 0, 0, 1, 0, 0],
    public textLineMatrix: number[] = [1, 0, 0, 1, 0, 0],
  ) {}

  clone(): TextState {
    // Field by field: q/Q clones the state for every text block some drivers write.
    const copy = new TextState(this.textMatrix.slice(), this.textLineMatrix.slice());
    copy.ctm = this.ctm;
    copy.font = this.font;
    copy.fontName = this.fontName;
    copy.fontSize = this.fontSize;
    copy.charSpacing = this.charSpacing;
    copy.wordSpacing = this.wordSpacing;
    copy.leading = this.leading;
    copy.textHScale = this.textHScale;
    copy.textRise = this.textRise;
    return copy;
  }

  translateTextMatrix(x: number, y: number): void {
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
    this.textMatrix = this.textLineMatrix.slice();
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
  readonly fontResources: Map<PDFDict, Map<string, PDFObject>>;
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
 * A resource dictionary's fonts by name, read once: print drivers give every text run a font resource of its own
 * name, and looking each up through pdf-lib (which decodes the name each time) would cost more than the text.
 */
function fontResources(cache: DocumentCache, resources: PDFDict | undefined): Map<string, PDFObject> {
  const fonts = resources?.lookup(FONT);
  if (!(fonts instanceof PDFDict)) return new Map();
  let map = cache.fontResources.get(fonts);
  if (map === undefined) {
    map = new Map();
    for (const [key, value] of fonts.entries()) map.set(nameText(key), value);
    cache.fontResources.set(fonts, map);
  }
  return map;
}

const num = (value: Operand | undefined): number => {
  if (typeof value !== 'number') throw new ContentError('operand that is not a number');
  return value;
};

const bytesOf = (value: Operand | undefined): Uint8Array => {
  if (!(value instanceof Uint8Array)) throw new ContentError('text operand that is not a string');
  return value;
};

/**
 * Reads one content stream (a page's, or a Form XObject's) into text items: a port of pdfjs-dist's getTextContent for
 * horizontal text, keeping its state machine as it is (item boundaries, fake spaces, end-of-line detection).
 */
class StreamReader {
  private readonly stack: TextState[] = [];
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
  /** This stream's font resources by name, read on the first Tf. */
  private fontResources: Map<string, PDFObject> | undefined;

  constructor(
    private readonly cache: DocumentCache,
    private readonly resources: PDFDict | undefined,
    initial: TextState,
    private readonly view: readonly [number, number, number, number],
    private readonly items: TextItem[],
    private readonly seen: ReadonlySet<PDFRef>,
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
          this.state = state.clone();
          break;
        case Op.Q: {
          const previous = this.stack.pop();
          if (previous !== undefined) this.state = previous;
          break;
        }
        case Op.cm:
          state.ctm = multiply(state.ctm, [num(args[0]), num(args[1]), num(args[2]), num(args[3]), num(args[4]), num(args[5])]);
          break;
        case Op.Tf: {
          const name = args[0];
          if (!(name instanceof NameOperand)) throw new ContentError('Tf without a font name');
          const size = num(args[1]);
          if (state.font !== undefined && name.name === state.fontName && size === state.fontSize) break;
          state.fontName = name.name;
          state.fontSize = size;
          state.font = this.font(name.name);
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
          state.textMatrix = state.textLineMatrix.slice();
          break;
        case Op.TD:
          state.leading = -num(args[1]);
          state.translateTextLineMatrix(num(args[0]), num(args[1]));
          state.textMatrix = state.textLineMatrix.slice();
          break;
        case Op['T*']:
          state.carriageReturn();
          break;
        case Op.Tm: {
          const m = [num(args[0]), num(args[1]), num(args[2]), num(args[3]), num(args[4]), num(args[5])];
          state.textMatrix = m.slice();
          state.textLineMatrix = m;
          this.updateAdvanceScale();
          break;
        }
        case Op.Tc:
          state.charSpacing = num(args[0]);
          break;
        case Op.Tw:
          state.wordSpacing = num(args[0]);
          break;
        case Op.BT:
          state.textMatrix = [1, 0, 0, 1, 0, 0];
          state.textLineMatrix = [1, 0, 0, 1, 0, 0];
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

  private font(resourceName: string): TextFont {
    this.fontResources ??= fontResources(this.cache, this.resources);
    const ref = this.fontResources.get(resourceName);
    if (ref === undefined) throw new ContentError(`font ${resourceName} missing from the resources`);
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
    const reader = new StreamReader(this.cache, own instanceof PDFDict ? own : this.resources, state, this.view, this.items, seen);
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
    const units = this.units.subarray(0, this.length);
    // Apply takes array-likes; chunks keep the argument count well under engine limits.
    if (units.length <= 4096) return String.fromCharCode.apply(null, units as unknown as number[]);
    let out = '';
    for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode.apply(null, units.subarray(i, i + 4096) as unknown as number[]);
    return out;
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
    const font = s.font as TextFont;
    const current = this.current as TextState;
    if (current.fontSize !== s.fontSize || (current.fontName !== s.fontName && (current.font === undefined || current.font.name !== font.name))) {
      if (current.fontSize === s.fontSize && current.font === undefined) throw new ContentError('font change pdfjs-dist trips over');
      this.flush();
      this.current = s.clone();
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

/** The page's `/Rotate` as pdfjs-dist reads it; `undefined` for a value pdfjs would treat differently from us. */
function rotationOf(page: PDFPage): Quarter | undefined {
  const angle = page.getRotation().angle;
  if (!Number.isInteger(angle) || angle % 90 !== 0) return undefined;
  return normalizeRotation(angle);
}

/** The page's media box must be a proper rectangle for pdf-lib's and pdfjs-dist's views of the page to agree. */
function hasProperBoxes(page: PDFPage): boolean {
  const proper = (box: PDFObject | undefined): boolean => {
    if (!(box instanceof PDFArray) || box.size() !== 4) return false;
    const v = box.asArray().map((x) => (x instanceof PDFNumber ? x.asNumber() : NaN));
    return v.every(Number.isFinite) && (v[2] as number) !== (v[0] as number) && (v[3] as number) !== (v[1] as number);
  };
  const crop = page.node.CropBox();
  return proper(page.node.MediaBox()) && (crop === undefined || proper(crop));
}

/**
 * Each page's displayed size, rotation and text runs, read from a document pdf-lib has parsed; `undefined` when some
 * page's text cannot be read for certain (the caller then uses pdfjs-dist).
 */
export function extractPagesFast(doc: PDFDocument): PageText[] | undefined {
  try {
    const cache: DocumentCache = { context: doc.context, fonts: new Map(), fontResources: new Map() };
    const pages: PageText[] = [];
    for (const [i, page] of doc.getPages().entries()) {
      const rotation = rotationOf(page);
      if (rotation === undefined || !hasProperBoxes(page)) return undefined;
      const box: UserBox = visibleBox(page);
      const view = [box.x, box.y, box.x + box.width, box.y + box.height] as const;
      const items: TextItem[] = [];
      const resources = page.node.Resources();
      const content = pageContentBytes(doc.context, page.node.get(CONTENTS));
      const reader = new StreamReader(cache, resources, new TextState(), view, items, new Set());
      reader.read(content);
      const runs: TextRun[] = [];
      for (const item of items) {
        const run = toRun(item, box, rotation);
        if (run !== undefined) runs.push(run);
      }
      pages.push({ page: i + 1, ...displayedSize(box, rotation), rotation, runs });
    }
    return pages;
  } catch (error) {
    if (error instanceof ContentError) return undefined;
    // pdf-lib throws on objects it cannot follow (a missing /Contents stream, a malformed box): pdfjs decides.
    return undefined;
  }
}
