/**
 * `taxsync/xlsx`: the Taxprep client-list parser. It reads the workbook's SpreadsheetML itself (its own zip layer and
 * streaming XML reader, no spreadsheet library), and is a separate entry point because it inflates with Node's zlib,
 * which the main entry never loads.
 *
 * Node only (≥ 20.19). `normalizeExcelCell` is for hosts that read workbooks with exceljs themselves, with the Excel date
 * helpers (`excelSerialToDate`, `spreadsheetDateToIso`). The result types (`ParseResult`, `ClientRecord`, `ParseIssue`…)
 * are also exported by the main `taxsync` entry.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseTaxprepXlsx } from 'taxsync/xlsx';
 *
 * const { records, issues, meta } = await parseTaxprepXlsx(await readFile('particuliers.xlsx'), { locale: 'fr' });
 * ```
 * @packageDocumentation
 * @module taxsync/xlsx
 */
// ── The Taxprep workbook parser ──
export {
  parseTaxprepXlsx,
  streamTaxprepXlsx,
  type ParseTaxprepXlsxOptions,
  type TaxprepXlsxInput,
} from './parsers/xlsx/taxprep-xlsx.js';
// For hosts that read workbooks themselves (exceljs): a cell's value and Excel's dates, as the parser reads them.
export { normalizeExcelCell } from './parsers/xlsx/cells.js';
export { excelSerialToDate, spreadsheetDateToIso } from './model/dates.js';
export type { DateFailure, DateResult } from './model/dates.js';
// The types of the results, as the main entry exports them.
export type { InflateLimits } from './zip/inflate.js';
export type { ClientRowStream } from './parsers/stream.js';
export type { CellValue, ParseIssue, ParseMeta, ParseOptions, ParseResult, ParsedRow } from './parsers/types.js';
