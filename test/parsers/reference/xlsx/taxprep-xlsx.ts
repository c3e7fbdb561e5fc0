/* A frozen copy of what #13 changed in src/parsers, as it was at 0078d5b: the reference of parse-differential.test.ts. Do not edit (but for the default locale, 'fr' since #10, as in src). */
/**
 * Taxprep client lists (`.xlsx`): our zip layer (xlsx-zip.ts) hands each part of the workbook, inflated as a stream,
 * to our SpreadsheetML readers (xlsx-parts.ts, xlsx-sheet.ts); rows go through the shared RowBuilder. Node only for
 * the inflating (node:zlib).
 */
import { isTaxsyncError } from '../../../../src/errors/taxsync-error.js';
import { InvalidArgumentError } from '../../../../src/errors/invalid-argument.js';
import { ParseError } from '../../../../src/errors/parse.js';
import type { Locale } from '../../../../src/messages/catalogue.js';
import { chunksOf, concatBytes, readHead } from '../../../../src/internal/bytes.js';
import { detectBinary, sniffEncoding } from '../decode.js';
import { checkParseOptions, noHeaderError, planHeader, RowBuilder, type HeaderPlan } from '../rows.js';
import { collectRows, Counter, type ClientRowStream } from '../stream.js';
import type { CellValue, ParseMeta, ParseOptions, ParseResult, ParsedRow } from '../../../../src/parsers/types.js';
import { PartTooLargeError, readDateStyles, readRelationships, readSharedStrings, readWorkbookPart, relsPathOf, type Relationship } from './parts.js';
import { readSheetRows, type SheetRow } from './sheet.js';
import { entryText, readZipDirectory, ZipFormatError, type ZipEntry, type ZipFailure } from '../../../../src/parsers/xlsx/zip.js';
import { checkLimitOptions, InflateBudget, type InflateLimits } from '../../../../src/zip/inflate.js';
import { XmlSyntaxError } from '../../../../src/parsers/xlsx/xml-scan.js';

/** Options of {@link parseTaxprepXlsx} and {@link streamTaxprepXlsx}. */
export interface ParseTaxprepXlsxOptions extends ParseOptions {
  /**
   * The worksheet to read: its name (compared without regard to case) or its position in the workbook, from 1.
   * Default: the first visible worksheet whose first rows hold a recognisable client-list header.
   */
  readonly sheet?: string | number;
  /**
   * How far the workbook's compressed parts may expand, all parts together: `maxBytes` (default 2 GiB) and
   * `maxRatio`, the inflated size over the workbook's own size (default 100, checked past 32 MiB; a real export is
   * about 10:1). Past either, the parse throws `inflate_limit_exceeded`, before the bomb is inflated.
   */
  readonly inflateLimits?: Partial<InflateLimits>;
}

/** The defaults of {@link ParseTaxprepXlsxOptions.inflateLimits}. */
const DEFAULT_INFLATE_LIMITS: InflateLimits = { maxBytes: 2 * 1024 ** 3, maxRatio: 100 };
/** Output below which the workbook's ratio is not checked. */
const RATIO_FLOOR = 32 * 1024 * 1024;

/** Input of {@link parseTaxprepXlsx}: the bytes of the workbook, or a stream of chunks (a Node `Readable` is one). */
export type TaxprepXlsxInput = Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>;

/** Non-empty rows above the header a sheet may have (a title, the firm's name, an export date). */
const MAX_HEADER_CANDIDATES = 20;
/** Bytes read before deciding what the input is. */
const HEAD_BYTES = 64 * 1024;
/** Largest workbook part held in memory (shared strings, styles): a real export's are a few megabytes. */
const MAX_PART_BYTES = 256 * 1024 * 1024;
/** How much of an OLE compound file (old .xls, encrypted .xlsx) is read to tell which one it is. */
const COMPOUND_SCAN_BYTES = 32 * 1024 * 1024;


/**
 * Reads a client list exported by Taxprep as an Excel workbook (`.xlsx`).
 *
 * Every data row ends up either in `records` or with at least one `error` in `issues`; `row` numbers are the
 * sheet's own row numbers, as Excel shows them (title rows above the header are allowed). Cells may hold text,
 * numbers, dates, rich text, formulas (their cached result is read), hyperlinks or Excel errors: a SIN stored as a
 * number is read as digits (one that lost a digit is an error, never padded), date cells and date serials of both the
 * 1900 and 1904 date systems become `YYYY-MM-DD` without time-zone shifts. `meta` says which sheet was read, its date
 * system, and the header mapping used.
 *
 * Node only (node:zlib). The compressed workbook is held in memory (a 100,000-row export is about 6 MB); its
 * worksheets are inflated and read as streams, so memory does not grow with the number of rows. Workbooks from Excel
 * (transitional or strict OOXML), the Open XML SDK (prefixed elements), LibreOffice and exceljs are read alike. A
 * formula whose cached result is an Excel error reads as that error (a `cell_error` warning), as an error cell does.
 *
 * @throws {@link taxsync!ParseError} `empty_input`, `not_a_workbook` (a PDF, a CSV, an old `.xls`, a password-protected
 * workbook, a zip without worksheets…), `read_failed` (a damaged or truncated workbook), `sheet_not_found`,
 * `no_header`, `kind_undetected`, `column_not_found` or `unknown_field` when the file as a whole cannot be read.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseTaxprepXlsx } from 'taxsync/xlsx';
 *
 * const { records, issues, meta } = await parseTaxprepXlsx(await readFile('clients.xlsx'), { locale: 'fr' });
 * console.log(meta.sheet, meta.headerRow, meta.counts);
 * for (const issue of issues) console.log(`ligne ${issue.row} : ${issue.message}`);
 * ```
 */
export async function parseTaxprepXlsx(input: TaxprepXlsxInput, options: ParseTaxprepXlsxOptions = {}): Promise<ParseResult> {
  checkParseOptions(options);
  return collectRows(streamTaxprepXlsx(input, options), options.locale ?? 'fr');
}

/**
 * The streaming form of {@link parseTaxprepXlsx}: yields each row as it is read, so rows are never all held at once
 * (only the compressed workbook is). Same rules, same issues (a duplicate key is flagged on its later row only).
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { streamTaxprepXlsx } from 'taxsync/xlsx';
 *
 * const rows = streamTaxprepXlsx(createReadStream('clients.xlsx'), { sheet: 'Particuliers' });
 * for await (const { record, issues } of rows) if (record) await save(record);
 * console.log(rows.meta()?.counts);
 * ```
 */
export function streamTaxprepXlsx(input: TaxprepXlsxInput, options: ParseTaxprepXlsxOptions = {}): ClientRowStream {
  checkParseOptions(options);
  const locale = options.locale ?? 'fr';
  checkSheetOption(options, locale);
  checkLimitOptions(options.inflateLimits, 'inflateLimits', locale);
  const counter = new Counter();
  let meta: ParseMeta | undefined;
  let state: { plan: HeaderPlan; sheet: string; date1904: boolean } | undefined;
  const updateMeta = (): void => {
    if (state === undefined) return;
    meta = {
      format: 'xlsx',
      kind: state.plan.kind,
      sheet: state.sheet,
      date1904: state.date1904,
      headerRow: state.plan.row,
      columns: state.plan.columns,
      unknownColumns: state.plan.unknownColumns,
      counts: counter.snapshot(),
    };
  };

  async function* rows(): AsyncGenerator<ParsedRow> {
    const workbook = await openWorkbook(input, locale, { ...DEFAULT_INFLATE_LIMITS, ...options.inflateLimits });
    const wanted = workbook.sheets.filter((sheet) => (options.sheet === undefined ? !sheet.hidden : sheetMatches(sheet, options.sheet)));
    if (wanted.length === 0 && options.sheet !== undefined) {
      throw new ParseError('sheet_not_found', { sheet: JSON.stringify(options.sheet), found: workbook.sheets.map((s) => s.name).join(', ') }, { locale });
    }
    const candidates: CellValue[][] = [];
    for (const sheet of wanted) {
      const seen: CellValue[][] = [];
      let builder: RowBuilder | undefined;
      let previous = 0;
      const batches = workbook.parse(sheet);
      try {
        // One loop, no nested generator: every row crosses as few async frames as possible.
        scan: for (;;) {
          let batch: IteratorResult<SheetRow[]>;
          try {
            batch = await batches.next();
          } catch (error) {
            throw readFailure(error, locale);
          }
          if (batch.done === true) break;
          for (const row of batch.value) {
            const { cells } = row;
            if (builder === undefined) {
              if (cells.every(isEmptyCell)) continue;
              const plan = planHeader(cells, row.number, options);
              if (plan === undefined) {
                seen.push(cells);
                if (seen.length >= MAX_HEADER_CANDIDATES) break scan;
                continue;
              }
              builder = new RowBuilder(plan, options, workbook.date1904);
              state = { plan, sheet: sheet.name, date1904: workbook.date1904 };
              previous = row.number;
              updateMeta();
              continue;
            }
            // Rows a sheet does not store at all are blank rows too, as a person scrolling the sheet sees them.
            if (row.number > previous + 1) counter.blank += row.number - previous - 1;
            previous = row.number;
            const current = builder;
            const extra = (row.dangling ?? []).map((d) =>
              current.cellIssue('shared_string_missing', row.number, d.column, { index: d.index, count: workbook.sharedStringCount }),
            );
            const parsed = builder.build(cells, row.number, extra);
            counter.add(parsed);
            if (parsed !== undefined) yield parsed;
          }
          updateMeta();
        }
      } finally {
        // Closes the inflating stream when the sheet is left early (or the caller stops).
        await batches.return?.(undefined);
      }
      if (builder !== undefined) {
        updateMeta();
        return;
      }
      if (options.sheet !== undefined) throw noHeaderError(seen, options);
      candidates.push(...seen);
    }
    throw noHeaderError(candidates, options);
  }

  return {
    [Symbol.asyncIterator]: () => rows()[Symbol.asyncIterator](),
    meta: () => meta,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Sheets and rows

/** A worksheet of the workbook, in tab order. */
interface SheetInfo {
  readonly name: string;
  /** Position in the workbook's tab order, from 1. */
  readonly position: number;
  readonly hidden: boolean;
  /** Its part in the archive (`xl/worksheets/sheet1.xml`). */
  readonly entry: ZipEntry;
}

const isEmptyCell = (cell: CellValue): boolean => cell === null || (typeof cell === 'string' && cell.trim() === '');

function sheetMatches(info: SheetInfo, wanted: string | number): boolean {
  if (typeof wanted === 'number') return info.position === wanted;
  const fold = (name: string): string => name.normalize('NFC').trim().toLowerCase();
  return fold(info.name) === fold(wanted);
}

function checkSheetOption(options: ParseTaxprepXlsxOptions, locale: Locale): void {
  const { sheet } = options;
  if (sheet === undefined || (typeof sheet === 'string' && sheet.trim() !== '') || (typeof sheet === 'number' && Number.isInteger(sheet) && sheet >= 1)) return;
  throw new InvalidArgumentError('invalid_input', { detail: `options.sheet must be a sheet name or a position from 1, not ${JSON.stringify(sheet)}` }, { locale });
}

// ---------------------------------------------------------------------------------------------------------------
// The workbook: our zip layer, our part readers

/** An opened workbook: its worksheets in tab order, its date system, and a way to read one sheet's rows. */
interface OpenedWorkbook {
  readonly sheets: readonly SheetInfo[];
  readonly date1904: boolean;
  /** Entries of the shared-string table (for the message of a cell pointing past it). */
  readonly sharedStringCount: number;
  parse(sheet: SheetInfo): AsyncGenerator<SheetRow[]>;
}

/** Where the workbook part is: the package's `officeDocument` relationship, or Excel's usual path. */
async function workbookPath(entries: ReadonlyMap<string, ZipEntry>, part: (entry: ZipEntry) => AsyncGenerator<string>): Promise<string> {
  const root = entries.get('_rels/.rels');
  if (root !== undefined) {
    const rels = await readRelationships(part(root), '');
    const office = rels.find((rel) => rel.type === 'officeDocument' && entries.has(rel.path));
    if (office !== undefined) return office.path;
  }
  return 'xl/workbook.xml';
}

async function openWorkbook(input: TaxprepXlsxInput, locale: Locale, limits: InflateLimits): Promise<OpenedWorkbook> {
  const bytes = await readWorkbookBytes(input, locale);
  // One budget for every part of the workbook, counted as each one inflates; and each small part's own cap.
  const budget = new InflateBudget({
    inputSize: bytes.length,
    maxBytes: limits.maxBytes,
    maxRatio: limits.maxRatio,
    ratioFloor: RATIO_FLOOR,
    exceeded: (limit) => new ParseError('inflate_limit_exceeded', { limit, value: limits[limit], option: `inflateLimits.${limit}` }, { locale }),
  });
  const partBudget = (): InflateBudget =>
    new InflateBudget({
      inputSize: 0,
      maxBytes: MAX_PART_BYTES,
      maxRatio: Number.POSITIVE_INFINITY,
      ratioFloor: 0,
      exceeded: () => new ZipFormatError('oversized', `a part inflates past ${MAX_PART_BYTES} bytes`),
    });
  let entries: Map<string, ZipEntry>;
  try {
    entries = readZipDirectory(bytes);
  } catch (error) {
    throw readFailure(error, locale);
  }
  // The small parts are read whole (bounded: a hostile file could make them large); worksheets are streamed.
  const part = (entry: ZipEntry): AsyncGenerator<string> => entryText(entry, [partBudget(), budget]);
  let path: string;
  let workbook: Awaited<ReturnType<typeof readWorkbookPart>>;
  let relationships: Relationship[] = [];
  let sharedStrings: string[] = [];
  let dateStyles: boolean[] = [];
  try {
    path = await workbookPath(entries, part);
    const workbookEntry = entries.get(path);
    if (workbookEntry === undefined) throw new ParseError('not_a_workbook', { detected: await describeZip(entries, [budget]) }, { locale });
    const { folder, rels } = relsPathOf(path);
    const relsEntry = entries.get(rels);
    if (relsEntry !== undefined) relationships = await readRelationships(part(relsEntry), folder);
    workbook = await readWorkbookPart(part(workbookEntry));
    const byType = (type: string): ZipEntry | undefined => {
      const found = relationships.find((rel) => rel.type === type);
      return entries.get(found?.path ?? `${folder}${type}.xml`);
    };
    const strings = byType('sharedStrings');
    if (strings !== undefined) sharedStrings = await readSharedStrings(part(strings));
    const styles = byType('styles');
    if (styles !== undefined) dateStyles = await readDateStyles(part(styles));
  } catch (error) {
    throw readFailure(error, locale);
  }

  const targets = new Map(relationships.map((rel) => [rel.id, rel]));
  const sheets: SheetInfo[] = [];
  workbook.sheets.forEach((sheet, index) => {
    const target = sheet.relationship === undefined ? undefined : targets.get(sheet.relationship);
    // Chart sheets and dialog sheets are not lists.
    const entry = target === undefined || target.type !== 'worksheet' ? undefined : entries.get(target.path);
    if (entry === undefined) return;
    sheets.push({ name: sheet.name, position: index + 1, hidden: sheet.hidden, entry });
  });
  if (sheets.length === 0) throw new ParseError('not_a_workbook', { detected: 'zip' }, { locale });

  const context = { sharedStrings, dateStyles, date1904: workbook.date1904 };
  return {
    sheets,
    date1904: workbook.date1904,
    sharedStringCount: sharedStrings.length,
    parse: (sheet) => readSheetRows(entryText(sheet.entry, [budget]), context),
  };
}

function readFailure(error: unknown, locale: Locale): unknown {
  if (isTaxsyncError(error)) return error;
  let reason: ZipFailure | 'xml' = 'damaged';
  if (error instanceof ZipFormatError) reason = error.reason;
  else if (error instanceof XmlSyntaxError) reason = 'xml';
  else if (error instanceof PartTooLargeError) reason = 'oversized';
  // A reason code, not a sentence: messageIn() renders it in either language (see the read_failed entry of the catalogue).
  return new ParseError('read_failed', { reason }, { cause: error, locale });
}


// ---------------------------------------------------------------------------------------------------------------
// Reading the input, and telling what a wrong file is

const isAsyncIterable = (value: unknown): value is AsyncIterable<Uint8Array> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

const startsWith = (bytes: Uint8Array, ...prefix: number[]): boolean => prefix.every((b, i) => bytes[i] === b);

/** The whole (compressed) workbook, after checking from its first bytes that it is a zip at all. */
async function readWorkbookBytes(input: TaxprepXlsxInput, locale: Locale): Promise<Uint8Array> {
  if (!(input instanceof Uint8Array) && !(input instanceof ArrayBuffer) && !isAsyncIterable(input)) {
    throw new ParseError('invalid_input', { detail: 'expected a Uint8Array, an ArrayBuffer or an AsyncIterable<Uint8Array>' }, { locale });
  }
  const iterator = chunksOf(input, 'the workbook', locale)[Symbol.asyncIterator]();
  const { head, done } = await readHead(iterator, HEAD_BYTES);
  if (!startsWith(head, 0x50, 0x4b, 0x03, 0x04)) {
    try {
      if (done && head.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) throw new ParseError('empty_input', {}, { locale });
      const detected = startsWith(head, 0xd0, 0xcf, 0x11, 0xe0) ? await describeCompoundFile(head, iterator, done) : describeNonZip(head);
      throw new ParseError('not_a_workbook', { detected }, { locale });
    } finally {
      await iterator.return?.(undefined);
    }
  }
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  const parts: Uint8Array[] = [head];
  let length = head.length;
  for (let next = done ? undefined : await iterator.next(); next !== undefined && next.done !== true; next = await iterator.next()) {
    parts.push(next.value);
    length += next.value.length;
  }
  return parts.length === 1 ? head : concatBytes(parts, length);
}

type Detected =
  | 'pdf' | 'png' | 'jpeg' | 'text' | 'html' | 'xml2003' | 'binary'
  | 'xls' | 'doc' | 'encrypted' | 'compound'
  | 'zip' | 'emptyZip' | 'docx' | 'pptx' | 'ods' | 'xlsb';

function describeNonZip(head: Uint8Array): Detected {
  if (startsWith(head, 0x50, 0x4b, 0x05, 0x06)) return 'emptyZip';
  const binary = detectBinary(head);
  if (binary !== undefined) return binary === 'pdf' || binary === 'png' || binary === 'jpeg' ? binary : 'binary';
  const sniffed = sniffEncoding(head);
  if ('binary' in sniffed) return 'binary';
  const start = new TextDecoder('latin1').decode(head.subarray(0, 2048)).toLowerCase();
  if (start.includes('<html') || start.includes('<!doctype html')) return 'html';
  if (start.includes('urn:schemas-microsoft-com:office:spreadsheet')) return 'xml2003';
  return 'text';
}

/** Names of the streams in an OLE compound file are UTF-16LE in its directory (ASCII names here). */
function utf16(name: string): Uint8Array {
  const out = new Uint8Array(name.length * 2);
  for (let i = 0; i < name.length; i++) out[i * 2] = name.charCodeAt(i);
  return out;
}

/** Whether `needle` occurs in `bytes`. */
function contains(bytes: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  for (let i = bytes.indexOf(first ?? 0); i !== -1 && i + needle.length <= bytes.length; i = bytes.indexOf(first ?? 0, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j++;
    if (j === needle.length) return true;
  }
  return false;
}

async function describeCompoundFile(head: Uint8Array, iterator: AsyncIterator<Uint8Array>, done: boolean): Promise<Detected> {
  const parts: Uint8Array[] = [head];
  let length = head.length;
  while (!done && length < COMPOUND_SCAN_BYTES) {
    const next = await iterator.next();
    if (next.done === true) break;
    parts.push(next.value);
    length += next.value.length;
  }
  const bytes = concatBytes(parts, length);
  // An encrypted .xlsx is a compound file holding `EncryptionInfo` and `EncryptedPackage` (MS-OFFCRYPTO).
  if (contains(bytes, utf16('EncryptedPackage')) || contains(bytes, utf16('EncryptionInfo'))) return 'encrypted';
  if (contains(bytes, utf16('Workbook')) || contains(bytes, utf16('Book'))) return 'xls';
  if (contains(bytes, utf16('WordDocument'))) return 'doc';
  return 'compound';
}

/** Tells what a zip without a workbook part is, from its entry names (and an OpenDocument file's `mimetype`). */
async function describeZip(entries: ReadonlyMap<string, ZipEntry>, budgets: readonly InflateBudget[]): Promise<Detected> {
  const names = [...entries.keys()];
  if (names.length === 0) return 'emptyZip';
  if (entries.has('xl/workbook.bin')) return 'xlsb';
  if (names.some((n) => n.startsWith('word/'))) return 'docx';
  if (names.some((n) => n.startsWith('ppt/'))) return 'pptx';
  const mimetype = entries.get('mimetype');
  if (mimetype !== undefined && mimetype.size < 200) {
    let type = '';
    try {
      for await (const text of entryText(mimetype, budgets)) type += text;
    } catch {
      return 'zip';
    }
    if (type.trim() === 'application/vnd.oasis.opendocument.spreadsheet') return 'ods';
  }
  return 'zip';
}
