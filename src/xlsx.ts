/**
 * `taxsync/xlsx`: the Taxprep client-list parser. A separate entry point because it loads exceljs, which hosts that
 * only read DT Max CSV files should not pay for.
 * @packageDocumentation
 */
export {};
