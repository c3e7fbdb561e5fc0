/**
 * `taxsync/xlsx`: the Taxprep client-list parser. A separate entry point because it loads exceljs, which hosts that
 * only read DT Max CSV files should not pay for.
 *
 * Node only (≥ 20.19): exceljs is built on Node streams. The result types (`ParseResult`, `ClientRecord`,
 * `ParseIssue`…) are also exported by the main `taxsync` entry.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseTaxprepXlsx } from 'taxsync/xlsx';
 *
 * const { records, issues, meta } = await parseTaxprepXlsx(await readFile('particuliers.xlsx'), { locale: 'fr' });
 * ```
 * @packageDocumentation
 */
export {
  parseTaxprepXlsx,
  streamTaxprepXlsx,
  type ParseTaxprepXlsxOptions,
  type TaxprepXlsxInput,
} from './parsers/taxprep-xlsx.js';
export { normalizeExcelCell } from './parsers/xlsx-cells.js';
export type { ClientRowStream } from './parsers/stream.js';
export type { CellValue, ParseIssue, ParseMeta, ParseOptions, ParseResult, ParsedRow } from './parsers/types.js';
