/**
 * The rows of a worksheet part, read as its text streams in: each `<row>` becomes the sheet's row number and its
 * cells as plain {@link CellValue}s, in column order (a cell the sheet does not store is `null`). Cell types, as
 * ECMA-376 §18.3.1.4 lists them:
 *
 * | `t` | cell | value |
 * |---|---|---|
 * | `s` | shared string | the table's text (rich-text runs joined, phonetic guides left out) |
 * | `inlineStr` | inline string (`<is>`) | its text, likewise |
 * | `str` | a formula's text result | the text |
 * | `b` | boolean | `true` / `false` |
 * | `e` | an error, or a formula's error result | `{ error: '#N/A' }` |
 * | `d` | an ISO 8601 date | a `Date` (the written day, at UTC midnight when no time is given) |
 * | `n` or none | a number | the number, or a `Date` when the cell's style shows a date (a serial of the workbook's date system) |
 *
 * A formula without a cached result is `null`. OOXML `_xHHHH_` escapes are decoded. Pure: runs anywhere.
 */
import type { CellValue } from '../types.js';
import { decodeEscapes } from './cells.js';
import { StringItemText, type SharedStrings } from './parts.js';
import { decodeXmlText, readAttributes, XmlScanner, XmlSyntaxError, type XmlHandler } from './xml-scan.js';

/** One row of a worksheet. */
export interface SheetRow {
  /** The sheet's own row number, from 1. */
  readonly number: number;
  /** Cells from column A; `null` where the sheet stores nothing. */
  readonly cells: CellValue[];
  /** Cells (column, from 0) whose shared-string index the table does not have: `null` in `cells`, damaged. */
  readonly dangling?: readonly { readonly column: number; readonly index: string }[];
}

/** What reading a worksheet needs from the rest of the workbook. */
export interface SheetContext {
  readonly sharedStrings: SharedStrings;
  /** For each style index, whether it shows a date. */
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
}

/** Excel's last column (XFD). */
const MAX_COLUMN = 16_384;
/** Excel's last row. */
const MAX_ROW = 1_048_576;

const DAY_MS = 86_400_000;

/** A date serial as exceljs turns it into a `Date` (UTC, so the day does not move with the time zone). */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25_569 + (date1904 ? 1462 : 0)) * DAY_MS));
}

/** An ISO 8601 date of a `t="d"` cell; the written date and time, read as UTC. */
function isoToDate(text: string): CellValue {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/.exec(text.trim());
  if (m === null) return text;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)));
  return Number.isNaN(date.getTime()) ? text : date;
}

/** The column of a cell reference (`C12` → 2, from 0); -1 when the reference has no letters. */
function columnOf(ref: string): number {
  let col = 0;
  let k = 0;
  for (; k < ref.length; k++) {
    const c = ref.charCodeAt(k) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
    if (col > MAX_COLUMN) throw new XmlSyntaxError('a cell reference past Excel’s last column');
  }
  return k === 0 ? -1 : col - 1;
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

const enum In {
  Nothing,
  Value,
  Formula,
  Inline,
}

class SheetHandler implements XmlHandler {
  rows: SheetRow[] = [];
  private inData = false;
  private rowNumber = 0;
  private cells: CellValue[] | undefined;
  private column = -1;
  private type: string | undefined;
  private style = 0;
  private inCell = false;
  private where = In.Nothing;
  private raw = '';
  private value: string | undefined;
  private dangling: { column: number; index: string }[] | undefined;
  private readonly inline = new StringItemText();

  constructor(private readonly context: SheetContext) {}

  get collecting(): boolean {
    return this.where === In.Value || (this.where === In.Inline && this.inline.collecting);
  }

  open(name: string, raw: string, selfClosing: boolean): void {
    if (this.inCell) {
      if (this.where === In.Inline) this.inline.open(name, selfClosing);
      else if (name === 'v') {
        this.where = In.Value;
        this.raw = '';
        if (selfClosing) this.value = '';
      } else if (name === 'is') {
        this.where = In.Inline;
        this.inline.reset();
      } else if (name === 'f') this.where = In.Formula;
      return;
    }
    if (name === 'c' && this.cells !== undefined) {
      this.cellAttributes(raw);
      this.value = undefined;
      this.inCell = true;
      this.where = In.Nothing;
    } else if (name === 'row' && this.inData) {
      const r = readAttributes(raw).get('r');
      const number = r === undefined ? Number.NaN : Number(r);
      this.rowNumber = Number.isInteger(number) && number > this.rowNumber && number <= MAX_ROW ? number : this.rowNumber + 1;
      this.cells = [];
      this.column = -1;
    } else if (name === 'sheetData') this.inData = true;
  }

  close(name: string): void {
    if (this.inCell) {
      if (name === 'c') {
        this.inCell = false;
        this.store();
      } else if (this.where === In.Inline) {
        if (name === 'is') {
          this.where = In.Nothing;
          this.value = this.inline.value();
        } else this.inline.close(name);
      } else if (name === 'v' && this.where === In.Value) {
        this.where = In.Nothing;
        this.value = decodeXmlText(this.raw);
      } else if (name === 'f') this.where = In.Nothing;
      return;
    }
    if (name === 'row' && this.cells !== undefined) {
      const cells = this.cells;
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      this.rows.push(this.dangling === undefined ? { number: this.rowNumber, cells } : { number: this.rowNumber, cells, dangling: this.dangling });
      this.cells = undefined;
      this.dangling = undefined;
    } else if (name === 'sheetData') this.inData = false;
  }

  text(raw: string): void {
    if (this.where === In.Value) this.raw += raw;
    else this.inline.add(raw);
  }

  /**
   * Reads a cell's `r`, `s` and `t` in one pass over its attributes (the worksheet's hottest path: one call per cell).
   * Values are references, numbers and type codes, which never hold an entity.
   */
  private cellAttributes(raw: string): void {
    let ref: string | undefined;
    let type: string | undefined;
    let style = 0;
    const n = raw.length;
    let k = 0;
    while (k < n) {
      const eq = raw.indexOf('=', k);
      if (eq === -1) break;
      let nameStart = k;
      while (nameStart < eq && isBlank(raw.charCodeAt(nameStart))) nameStart++;
      let nameEnd = eq;
      while (nameEnd > nameStart && isBlank(raw.charCodeAt(nameEnd - 1))) nameEnd--;
      let q = eq + 1;
      while (q < n && isBlank(raw.charCodeAt(q))) q++;
      const quote = raw.charCodeAt(q);
      if (quote !== 0x22 && quote !== 0x27) throw new XmlSyntaxError('a cell attribute without a quoted value');
      let close = q + 1;
      while (close < n && raw.charCodeAt(close) !== quote) close++;
      if (close >= n) throw new XmlSyntaxError('a cell attribute whose value is not closed');
      if (nameEnd - nameStart === 1) {
        const letter = raw.charCodeAt(nameStart);
        if (letter === 0x72 /* r */) ref = raw.slice(q + 1, close);
        else if (letter === 0x74 /* t */) type = raw.slice(q + 1, close);
        else if (letter === 0x73 /* s */) style = Number(raw.slice(q + 1, close));
      }
      k = close + 1;
    }
    const column = ref === undefined ? -1 : columnOf(ref);
    this.column = column === -1 ? this.column + 1 : column;
    if (this.column >= MAX_COLUMN) throw new XmlSyntaxError('a cell past Excel’s last column');
    this.type = type;
    this.style = style;
  }

  /** The finished cell's value, by its type. */
  private store(): void {
    const cells = this.cells;
    if (cells === undefined) return;
    const text = this.value;
    let value: CellValue = null;
    if (text !== undefined) {
      switch (this.type) {
        case 's': {
          // No index is an empty cell; an index the table does not have is damage, reported on the row — never
          // entry 0, never a silent blank.
          if (text.trim() === '') break;
          const index = Number(text);
          const found = this.context.sharedStrings.get(index);
          if (found === undefined) (this.dangling ??= []).push({ column: this.column, index: text.trim().slice(0, 12) });
          value = found ?? null;
          break;
        }
        case 'inlineStr':
          // Already decoded by StringItemText.
          value = text;
          break;
        case 'str':
          value = decodeEscapes(text);
          break;
        case 'b':
          value = text.trim() === '1' || text.trim() === 'true';
          break;
        case 'e':
          value = { error: text.trim() };
          break;
        case 'd':
          value = isoToDate(text);
          break;
        default: {
          if (text.trim() === '') break;
          const number = Number(text);
          if (!Number.isFinite(number)) value = { error: '#NUM!' };
          else value = this.context.dateStyles[this.style] === true ? serialToDate(number, this.context.date1904) : number;
        }
      }
    }
    while (cells.length < this.column) cells.push(null);
    cells[this.column] = value;
  }
}

/**
 * Reads a worksheet part as its text pieces arrive: yields the rows completed by each piece (a batch per piece, one
 * await per piece rather than per row). Throws {@link XmlSyntaxError} for XML that is not well-formed.
 */
export async function* readSheetRows(pieces: AsyncIterable<string>, context: SheetContext): AsyncGenerator<SheetRow[]> {
  const handler = new SheetHandler(context);
  const scanner = new XmlScanner(handler);
  for await (const piece of pieces) {
    scanner.write(piece);
    if (handler.rows.length > 0) {
      yield handler.rows;
      handler.rows = [];
    }
  }
  scanner.end();
  if (handler.rows.length > 0) yield handler.rows;
}
