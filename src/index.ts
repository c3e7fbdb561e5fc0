/**
 * taxsync — move clients, tax documents and e-signatures between DT Max / Taxprep and a client portal.
 *
 * This entry point is light: it never loads exceljs or pdf-lib. The Taxprep workbook parser is in `taxsync/xlsx`.
 * @packageDocumentation
 */
export * from './model/client.js';
export * from './model/dates.js';
export * from './model/errors.js';
export * from './model/identifiers.js';
export * from './model/mask.js';
export * from './model/messages.js';
export { INDIVIDUAL_FIELDS, CORPORATION_FIELDS, type ClientField } from './parsers/aliases.js';
export * from './parsers/types.js';
export type { ClientRowStream } from './parsers/stream.js';
export { parseDtmaxCsv, streamDtmaxCsv, type ParseDtmaxCsvOptions, type DtmaxCsvInput } from './parsers/dtmax-csv.js';
