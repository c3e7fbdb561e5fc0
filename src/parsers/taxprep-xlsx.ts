/**
 * Taxprep client lists (`.xlsx`): our zip layer (xlsx-zip.ts) hands each part of the workbook, inflated as a stream,
 * to exceljs's streaming parsers; rows go through the shared RowBuilder. Node only: exceljs is built on Node streams.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { InvalidArgumentError, ParseError, isTaxsyncError } from '../model/errors.js';
import type { Locale } from '../model/messages.js';
import { chunksOf, detectBinary, readHead, sniffEncoding } from './decode.js';
import { noHeaderError, planHeader, RowBuilder, type HeaderPlan } from './rows.js';
import { collectRows, Counter, type ClientRowStream } from './stream.js';
import type { CellValue, ParseMeta, ParseOptions, ParseResult, ParsedRow } from './types.js';
import { normalizeExcelCell } from './xlsx-cells.js';
import { entryText, readZipDirectory, ZipFormatError, type ZipEntry, type ZipFailure } from './xlsx-zip.js';

/** Options of {@link parseTaxprepXlsx} and {@link streamTaxprepXlsx}. */
export interface ParseTaxprepXlsxOptions extends ParseOptions {
  /**
   * The worksheet to read: its name (compared without regard to case) or its position in the workbook, from 1.
   * Default: the first visible worksheet whose first rows hold a recognisable client-list header.
   */
  readonly sheet?: string | number;
}

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
 * exceljs reader options: shared strings and styles cached (a date cell is only a number with a date format),
 * hyperlinks ignored (`<hyperlinks>` comes after the cells, so a streaming parser cannot attach them; the text shown
 * is what we read).
 */
const READER_OPTIONS = { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' } as const;

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
 * Node only (exceljs). The compressed workbook is held in memory (a 100,000-row export is about 6 MB); its
 * worksheets are inflated and parsed as streams. A formula whose cached result is an Excel error reads as an empty
 * cell: exceljs's worksheet parser drops such results.
 *
 * @throws {@link ParseError} `empty_input`, `not_a_workbook` (a PDF, a CSV, an old `.xls`, a password-protected
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
  return collectRows(streamTaxprepXlsx(input, options), options.locale ?? 'en');
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
  const locale = options.locale ?? 'en';
  checkSheetOption(options, locale);
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
    const workbook = await openWorkbook(input, locale);
    const wanted = workbook.sheets.filter((sheet) => (options.sheet === undefined ? !sheet.hidden : sheetMatches(sheet, options.sheet)));
    if (wanted.length === 0 && options.sheet !== undefined) {
      throw new ParseError('sheet_not_found', { sheet: JSON.stringify(options.sheet), found: workbook.sheets.map((s) => s.name).join(', ') }, { locale });
    }
    const candidates: CellValue[][] = [];
    for (const sheet of wanted) {
      const seen: CellValue[][] = [];
      let builder: RowBuilder | undefined;
      let previous = 0;
      const batches = workbook.parse(sheet)[Symbol.asyncIterator]();
      try {
        // One loop, no nested generator: every row crosses as few async frames as possible.
        scan: for (;;) {
          let batch: IteratorResult<readonly SheetEvent[]>;
          try {
            batch = await batches.next();
          } catch (error) {
            throw readFailure(error, locale);
          }
          if (batch.done === true) break;
          for (const event of batch.value) {
            if (event.eventType !== 'row') continue;
            const row = event.value as ExcelRow;
            const cells = cellsOf(row);
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
            const parsed = builder.build(cells, row.number);
            counter.add(parsed);
            if (parsed !== undefined) yield parsed;
          }
          updateMeta();
        }
      } finally {
        // Closes exceljs's parser and the inflating stream when the sheet is left early (or the caller stops).
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

/** The parts of exceljs's streaming `Row` we read. */
interface ExcelRow {
  readonly number: number;
  /** 1-based and sparse: `values[0]` is always empty. */
  readonly values: unknown;
}

/** One exceljs worksheet-parse event (`row`, `hyperlink`). */
interface SheetEvent {
  readonly eventType: string;
  readonly value: unknown;
}

/** Batches of parse events: one await per piece of XML rather than one per row. */
type SheetEvents = AsyncIterable<readonly SheetEvent[]>;

/** A worksheet of the workbook, in tab order. */
interface SheetInfo {
  readonly name: string;
  /** Position in the workbook's tab order, from 1. */
  readonly position: number;
  readonly hidden: boolean;
  /** Its part in the archive (`xl/worksheets/sheet1.xml`). */
  readonly entry: ZipEntry;
}

function cellsOf(row: ExcelRow): CellValue[] {
  const values = Array.isArray(row.values) ? (row.values as readonly unknown[]) : [];
  const cells: CellValue[] = new Array<CellValue>(Math.max(values.length - 1, 0));
  for (let i = 1; i < values.length; i++) cells[i - 1] = normalizeExcelCell(values[i]);
  return cells;
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
// The workbook: our zip layer, exceljs's parsers

/** exceljs 4.4 `WorkbookReader` internals: the parsers of each part, fed with our own entry streams. */
interface ReaderInternals {
  properties?: { model?: { date1904?: boolean } };
  model?: { sheets?: readonly { readonly name: string; readonly state?: string; readonly rId?: string }[] };
  workbookRels?: readonly { readonly Id: string; readonly Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Iterable<{ readonly eventType: string; readonly value: unknown }>;
}

const PART_PARSERS = ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles', '_parseWorksheet'] as const;

/** An opened workbook: its worksheets in tab order, its date system, and a way to parse one sheet's rows. */
interface OpenedWorkbook {
  readonly sheets: readonly SheetInfo[];
  readonly date1904: boolean;
  parse(sheet: SheetInfo): SheetEvents;
}

async function openWorkbook(input: TaxprepXlsxInput, locale: Locale): Promise<OpenedWorkbook> {
  const bytes = await readWorkbookBytes(input, locale);
  let entries: Map<string, ZipEntry>;
  try {
    entries = readZipDirectory(bytes);
  } catch (error) {
    throw readFailure(error, locale);
  }
  const workbookEntry = entries.get('xl/workbook.xml');
  if (workbookEntry === undefined) throw new ParseError('not_a_workbook', { detected: await describeZip(bytes, entries) }, { locale });

  // The reader's own unzip pass (`parse()`) is never started: only its part parsers are used, in the order they need.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as unknown as string, READER_OPTIONS) as unknown as ReaderInternals;
  for (const method of PART_PARSERS) {
    if (typeof reader[method] !== 'function') throw new Error(`taxsync: this version of exceljs has no WorkbookReader.${method}; taxsync supports exceljs 4.4.`);
  }
  // These parts are held in memory by exceljs (the shared strings above all): bound what a hostile file can make them.
  const part = (entry: ZipEntry): Readable => Readable.from(entryText(bytes, entry, MAX_PART_BYTES));
  try {
    const rels = entries.get('xl/_rels/workbook.xml.rels');
    if (rels !== undefined) await reader._parseRels(part(rels));
    await reader._parseWorkbook(part(workbookEntry));
    const sharedStrings = entries.get('xl/sharedStrings.xml');
    if (sharedStrings !== undefined) for await (const _ of reader._parseSharedStrings(part(sharedStrings))) void _;
    const styles = entries.get('xl/styles.xml');
    if (styles !== undefined) await reader._parseStyles(part(styles));
  } catch (error) {
    throw readFailure(error, locale);
  }

  const targets = new Map((reader.workbookRels ?? []).map((rel) => [rel.Id, rel.Target]));
  const sheets: SheetInfo[] = [];
  (reader.model?.sheets ?? []).forEach((sheet, index) => {
    const target = sheet.rId === undefined ? undefined : targets.get(sheet.rId);
    // Targets are relative to xl/ (`worksheets/sheet1.xml`) or absolute (`/xl/worksheets/sheet1.xml`); chart sheets are not lists.
    const path = target === undefined ? undefined : target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const entry = path === undefined || !/^xl\/worksheets\/[^/]+\.xml$/.test(path) ? undefined : entries.get(path);
    if (entry === undefined) return;
    sheets.push({ name: sheet.name, position: index + 1, hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden', entry });
  });
  if (sheets.length === 0) throw new ParseError('not_a_workbook', { detected: 'zip' }, { locale });

  return {
    sheets,
    date1904: reader.properties?.model?.date1904 === true,
    parse(sheet) {
      const sheetNo = /(\d+)\.xml$/.exec(sheet.entry.name)?.[1] ?? String(sheet.position);
      for (const event of reader._parseWorksheet(entryText(bytes, sheet.entry), sheetNo)) {
        if (event.eventType === 'worksheet') return (event.value as { parse(): SheetEvents }).parse();
      }
      throw new Error('taxsync: exceljs returned no worksheet reader; taxsync supports exceljs 4.4.');
    },
  };
}

function readFailure(error: unknown, locale: Locale): unknown {
  if (isTaxsyncError(error)) return error;
  let reason: ZipFailure | 'xml' = 'damaged';
  if (error instanceof ZipFormatError) reason = error.reason;
  else if (error instanceof Error && /xml|sax|tag|attribute|entity/i.test(error.message)) reason = 'xml';
  return new ParseError('read_failed', { detail: READ_FAILURES[reason][locale] }, { cause: error, locale });
}

const READ_FAILURES = {
  truncated: {
    en: 'the workbook is cut short (an incomplete download or copy). Export it again from Taxprep',
    fr: 'le classeur est incomplet (téléchargement ou copie interrompu). Exportez-le de nouveau depuis Taxprep',
  },
  compression: {
    en: 'the workbook is damaged (its compressed data cannot be read). Export it again from Taxprep',
    fr: 'le classeur est endommagé (ses données compressées sont illisibles). Exportez-le de nouveau depuis Taxprep',
  },
  damaged: {
    en: 'the workbook is damaged (a part of it fails its integrity check). Export it again from Taxprep',
    fr: "le classeur est endommagé (une de ses parties échoue au contrôle d'intégrité). Exportez-le de nouveau depuis Taxprep",
  },
  unsupported: {
    en: 'the workbook uses a zip feature the reader does not support (ZIP64, encryption or an unusual compression). Open it in Excel, save it as .xlsx and retry',
    fr: "le classeur utilise une fonction zip que le lecteur ne prend pas en charge (ZIP64, chiffrement ou compression inhabituelle). Ouvrez-le dans Excel, enregistrez-le en .xlsx et réessayez",
  },
  oversized: {
    en: 'a part of the workbook inflates to more than 256 MB, which no client list needs. Check where the file comes from',
    fr: "une partie du classeur dépasse 256 Mo une fois décompressée, ce dont aucune liste de clients n'a besoin. Vérifiez la provenance du fichier",
  },
  xml: {
    en: 'a part of the workbook is not valid XML. Open it in Excel, save it again and retry',
    fr: "une partie du classeur n'est pas du XML valide. Ouvrez-le dans Excel, enregistrez-le de nouveau et réessayez",
  },
} as const satisfies Record<ZipFailure | 'xml', Record<Locale, string>>;

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
  const iterator = chunksOf(input)[Symbol.asyncIterator]();
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
  return parts.length === 1 ? head : Buffer.concat(parts, length);
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

/** Names of the streams in an OLE compound file are UTF-16LE in its directory. */
const utf16 = (name: string): Buffer => Buffer.from(name, 'utf16le');

async function describeCompoundFile(head: Uint8Array, iterator: AsyncIterator<Uint8Array>, done: boolean): Promise<Detected> {
  const parts: Uint8Array[] = [head];
  let length = head.length;
  while (!done && length < COMPOUND_SCAN_BYTES) {
    const next = await iterator.next();
    if (next.done === true) break;
    parts.push(next.value);
    length += next.value.length;
  }
  const bytes = Buffer.concat(parts);
  // An encrypted .xlsx is a compound file holding `EncryptionInfo` and `EncryptedPackage` (MS-OFFCRYPTO).
  if (bytes.includes(utf16('EncryptedPackage')) || bytes.includes(utf16('EncryptionInfo'))) return 'encrypted';
  if (bytes.includes(utf16('Workbook')) || bytes.includes(utf16('Book'))) return 'xls';
  if (bytes.includes(utf16('WordDocument'))) return 'doc';
  return 'compound';
}

/** Tells what a zip without a workbook part is, from its entry names (and an OpenDocument file's `mimetype`). */
async function describeZip(bytes: Uint8Array, entries: ReadonlyMap<string, ZipEntry>): Promise<Detected> {
  const names = [...entries.keys()];
  if (names.length === 0) return 'emptyZip';
  if (entries.has('xl/workbook.bin')) return 'xlsb';
  if (names.some((n) => n.startsWith('word/'))) return 'docx';
  if (names.some((n) => n.startsWith('ppt/'))) return 'pptx';
  const mimetype = entries.get('mimetype');
  if (mimetype !== undefined && mimetype.size < 200) {
    let type = '';
    try {
      for await (const text of entryText(bytes, mimetype)) type += text;
    } catch {
      return 'zip';
    }
    if (type.trim() === 'application/vnd.oasis.opendocument.spreadsheet') return 'ods';
  }
  return 'zip';
}
