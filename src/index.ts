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
export { createClientIndex, isClientIndex, type ClientIndex } from './matching/client-index.js';
export { compileNamingPattern, type NamingPattern, type PatternToken } from './matching/patterns.js';
export {
  matchPdfToClient,
  maskFileName,
  type MatchPdfToClientOptions,
  type MatchReason,
  type MatchedBy,
  type FileNameFacts,
  type PdfMatch,
  type PdfMatched,
  type PdfNotMatched,
} from './matching/match.js';
export {
  readZip,
  ZipError,
  DEFAULT_ZIP_LIMITS,
  type ReadZipOptions,
  type ZipEntry,
  type ZipErrorCode,
  type ZipLimits,
  type ZipPdf,
  type ZipRejectReason,
  type ZipRejected,
  type ZipSkipReason,
  type ZipSkipped,
} from './matching/zip.js';
