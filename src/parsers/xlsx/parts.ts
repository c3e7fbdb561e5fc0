/**
 * The small parts of a workbook, read with the streaming tokenizer: the package relationships (where the workbook and
 * its sheets are), the workbook (sheet names, visibility, date system), the styles (which cell formats are dates)
 * and the shared-string table. Pure: the parts come in as text pieces.
 */
import { decodeXmlText, readAttributes, XmlScanner, type XmlHandler } from './xml-scan.js';
import { decodeEscapes } from './cells.js';

/** Feeds a part's text pieces to a handler, then checks the document ended properly. */
export async function scanPart(pieces: AsyncIterable<string> | Iterable<string>, handler: XmlHandler): Promise<void> {
  const scanner = new XmlScanner(handler);
  for await (const piece of pieces) scanner.write(piece);
  scanner.end();
}

/** A handler that reads only start tags. */
abstract class TagHandler implements XmlHandler {
  readonly collecting: boolean = false;
  abstract open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void {
    void name;
  }
  text(): void {}
}

// ---------------------------------------------------------------------------------------------------------------
// Relationships

/** One `<Relationship>` of a `.rels` part. */
export interface Relationship {
  readonly id: string;
  /** The relationship type's last segment (`worksheet`, `officeDocument`…), the same in strict and transitional OOXML. */
  readonly type: string;
  /** The target's path in the package, resolved against the source part's folder. */
  readonly path: string;
}

/** Resolves a relationship target (`worksheets/sheet1.xml`, `/xl/worksheets/sheet1.xml`, `../x.xml`) against a folder. */
export function resolvePartPath(folder: string, target: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : `${folder}${target}`;
  const out: string[] = [];
  for (const segment of joined.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

/** The folder of a part (`xl/workbook.xml` → `xl/`), and the path of its relationships part. */
export function relsPathOf(part: string): { folder: string; rels: string } {
  const slash = part.lastIndexOf('/');
  const folder = part.slice(0, slash + 1);
  return { folder, rels: `${folder}_rels/${part.slice(slash + 1)}.rels` };
}

class RelsHandler extends TagHandler {
  readonly found: Relationship[] = [];
  constructor(private readonly folder: string) {
    super();
  }
  open(name: string, raw: string): void {
    if (name !== 'Relationship') return;
    const a = readAttributes(raw);
    const id = a.get('Id');
    const target = a.get('Target');
    if (id === undefined || target === undefined || a.get('TargetMode') === 'External') return;
    const type = a.get('Type') ?? '';
    this.found.push({ id, type: type.slice(type.lastIndexOf('/') + 1), path: resolvePartPath(this.folder, target) });
  }
}

/** Reads a `.rels` part whose source part lies in `folder` (`''` for the package's own `_rels/.rels`). */
export async function readRelationships(pieces: AsyncIterable<string>, folder: string): Promise<Relationship[]> {
  const handler = new RelsHandler(folder);
  await scanPart(pieces, handler);
  return handler.found;
}

// ---------------------------------------------------------------------------------------------------------------
// Workbook

/** A `<sheet>` of the workbook, in tab order. */
export interface WorkbookSheet {
  readonly name: string;
  readonly hidden: boolean;
  /** Its relationship id (`r:id`). */
  readonly relationship: string | undefined;
}

/** What the workbook part says. */
export interface WorkbookPart {
  readonly sheets: readonly WorkbookSheet[];
  /** The 1904 date system (old Mac Excel). */
  readonly date1904: boolean;
}

const isTrue = (value: string | undefined): boolean => value === '1' || value === 'true';

class WorkbookHandler extends TagHandler {
  readonly sheets: WorkbookSheet[] = [];
  date1904 = false;
  open(name: string, raw: string): void {
    if (name === 'workbookPr') this.date1904 = isTrue(readAttributes(raw).get('date1904'));
    else if (name === 'sheet') {
      const a = readAttributes(raw);
      let relationship: string | undefined;
      // The relationships namespace's prefix is `r` by custom, not by rule.
      for (const [key, value] of a) if (key.endsWith(':id')) relationship = value;
      const state = a.get('state');
      this.sheets.push({ name: a.get('name') ?? '', hidden: state === 'hidden' || state === 'veryHidden', relationship });
    }
  }
}

/** Reads the workbook part. */
export async function readWorkbookPart(pieces: AsyncIterable<string>): Promise<WorkbookPart> {
  const handler = new WorkbookHandler();
  await scanPart(pieces, handler);
  return { sheets: handler.sheets, date1904: handler.date1904 };
}

// ---------------------------------------------------------------------------------------------------------------
// Styles: which cell formats show dates

/**
 * Built-in number formats that show dates or times (ECMA-376 §18.8.30, with the East Asian ones 27–36 and 50–58).
 * A cell whose format is one of these holds a date serial.
 */
const BUILT_IN_DATES = /* @__PURE__ */ new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * Whether a custom format code shows a date or time: once quoted text, escaped characters and bracketed parts
 * (colours, locales, conditions) are removed, it has a day, month, year, hour or second code. The same test as
 * exceljs's `isDateFmt`, plus escapes (`0\d` is not a date).
 */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*]/g, '');
  return /[ymdhMsb]/.test(bare);
}

class StylesHandler extends TagHandler {
  private readonly formats = new Map<number, string>();
  private readonly cellFormats: number[] = [];
  private inCellXfs = false;
  private inNumFmts = false;
  open(name: string, raw: string): void {
    switch (name) {
      case 'numFmts':
        this.inNumFmts = true;
        break;
      case 'cellXfs':
        this.inCellXfs = true;
        break;
      case 'numFmt':
        if (this.inNumFmts) {
          const a = readAttributes(raw);
          const id = Number(a.get('numFmtId'));
          if (Number.isInteger(id)) this.formats.set(id, a.get('formatCode') ?? '');
        }
        break;
      case 'xf':
        if (this.inCellXfs) this.cellFormats.push(Number(readAttributes(raw).get('numFmtId') ?? 0));
        break;
      default:
    }
  }
  override close(name: string): void {
    if (name === 'cellXfs') this.inCellXfs = false;
    else if (name === 'numFmts') this.inNumFmts = false;
  }
  dateStyles(): boolean[] {
    return this.cellFormats.map((id) => {
      const custom = this.formats.get(id);
      return custom !== undefined ? isDateFormat(custom) : BUILT_IN_DATES.has(id);
    });
  }
}

/** Reads the styles part: for each cell style index (a cell's `s`), whether its number format shows a date. */
export async function readDateStyles(pieces: AsyncIterable<string>): Promise<boolean[]> {
  const handler = new StylesHandler();
  await scanPart(pieces, handler);
  return handler.dateStyles();
}

// ---------------------------------------------------------------------------------------------------------------
// Shared strings

/**
 * Collects the text of a string item (`<si>` of the shared-string table, `<is>` of an inline string): plain `<t>`, or
 * the `<t>` of each rich-text run, without the phonetic guide (`<rPh>`) East Asian workbooks add.
 */
export class StringItemText {
  collecting = false;
  private raw = '';
  private text = '';
  private phonetic = 0;

  reset(): void {
    this.text = '';
    this.phonetic = 0;
    this.collecting = false;
  }
  /** An element inside the item opens. */
  open(name: string, selfClosing: boolean): void {
    if (name === 'rPh') {
      if (!selfClosing) this.phonetic++;
    } else if (name === 't' && this.phonetic === 0 && !selfClosing) {
      this.collecting = true;
      this.raw = '';
    }
  }
  /** An element inside the item closes. */
  close(name: string): void {
    if (name === 'rPh') this.phonetic = Math.max(0, this.phonetic - 1);
    else if (name === 't' && this.collecting) {
      this.collecting = false;
      this.text += decodeXmlText(this.raw);
    }
  }
  add(raw: string): void {
    this.raw += raw;
  }
  /** The item's text, OOXML `_xHHHH_` escapes decoded. */
  value(): string {
    return decodeEscapes(this.text);
  }
}

/** A part holds more than any client list needs (a hostile or broken file). Internal: the parser reports it as `read_failed`. */
export class PartTooLargeError extends Error {
  constructor(detail: string) {
    super(`xlsx: ${detail}`);
    this.name = 'PartTooLargeError';
  }
}

/** Items of the shared-string table joined into one string per block. */
const BLOCK_BITS = 12;
const BLOCK = 1 << BLOCK_BITS;

/**
 * The shared-string table, compact: its items joined into one string per 4,096 of them, with each item's offset in a
 * typed array — 4 bytes an item instead of a string object and an array slot each (a million-row list has millions
 * of items: the table alone took over 150 MB as an array of strings).
 */
export class SharedStrings {
  private readonly blocks: string[] = [];
  private pending: string[] = [];
  private pendingLength = 0;
  private starts = new Uint32Array(BLOCK);
  /** Number of items. */
  count = 0;

  /** Appends the next item. */
  add(text: string): void {
    if (this.count === this.starts.length) {
      const grown = new Uint32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = this.pendingLength;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pending.length === BLOCK) this.seal();
  }

  /** Ends the table (items added after would start a new block). */
  seal(): void {
    if (this.pending.length === 0) return;
    this.blocks.push(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  /** Item `index`, or undefined when the table has no such item. */
  get(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const block = this.blocks[index >>> BLOCK_BITS];
    if (block === undefined) return undefined;
    const next = index + 1;
    const end = (next & (BLOCK - 1)) === 0 || next === this.count ? block.length : (this.starts[next] ?? block.length);
    return block.slice(this.starts[index], end);
  }
}

class SharedStringsHandler implements XmlHandler {
  readonly strings = new SharedStrings();
  private readonly item = new StringItemText();
  private inItem = false;
  get collecting(): boolean {
    return this.item.collecting;
  }
  constructor(private readonly maxStrings: number) {}
  open(name: string, _raw: string, selfClosing: boolean): void {
    if (name === 'si') {
      this.inItem = true;
      this.item.reset();
    } else if (this.inItem) this.item.open(name, selfClosing);
  }
  close(name: string): void {
    if (name === 'si') {
      this.inItem = false;
      if (this.strings.count >= this.maxStrings) throw new PartTooLargeError('the shared-string table is larger than any client list needs');
      this.strings.add(this.item.value());
    } else if (this.inItem) this.item.close(name);
  }
  text(raw: string): void {
    this.item.add(raw);
  }
}

/** Reads the shared-string table, each item as plain text. */
export async function readSharedStrings(pieces: AsyncIterable<string>, maxStrings = 16_000_000): Promise<SharedStrings> {
  const handler = new SharedStringsHandler(maxStrings);
  await scanPart(pieces, handler);
  handler.strings.seal();
  return handler.strings;
}
