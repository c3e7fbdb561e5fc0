/* A frozen copy of src/parsers at 0078d5b (before #13), the reference of parse-differential.test.ts. Do not edit. */
import type { ClientKind, ClientRecord } from '../../../src/model/client.js';
import type { DateOrder } from '../../../src/model/dates.js';
import type { IssueCode, Locale, MessageParams } from '../../../src/messages/catalogue.js';
import type { ClientField } from './aliases.js';

/** How serious a row issue is: an `error` keeps the row out of `records`; a `warning` keeps it in. */
export type IssueSeverity = 'error' | 'warning';

/** One problem found on one row. Personal identifiers in `message` and `params` are masked. */
export interface ParseIssue {
  /** The row number a person sees: the line in a text editor for a CSV (header = 1), the sheet's row in Excel. */
  readonly row: number;
  /** The field concerned, when there is one. */
  readonly field?: ClientField;
  /** The column header as written in the file, when the issue concerns one cell. */
  readonly column?: string;
  /** Stable code, safe to switch on. */
  readonly code: IssueCode;
  /** `error`: the row is not in `records`. `warning`: it is, without the faulty value. */
  readonly severity: IssueSeverity;
  /** What is wrong and what to do, in `options.locale`. */
  readonly message: string;
  /** The values in `message` (masked), to render it in another language with `renderMessage`. */
  readonly params: MessageParams;
}

/** Which column became which field. */
export interface ColumnMapping {
  /** Header as written in the file. */
  readonly header: string;
  /** 0-based position of the column. */
  readonly index: number;
  /** The field it feeds. */
  readonly field: ClientField;
}

/** Counts of a parse. */
export interface ParseCounts {
  /** Data rows read (blank rows excluded). */
  readonly rows: number;
  /** Rows that became a record. */
  readonly records: number;
  /** Rows left out because of at least one error issue. */
  readonly rejected: number;
  /** Blank rows skipped. */
  readonly blank: number;
  /** Issues of severity `error`. */
  readonly errors: number;
  /** Issues of severity `warning`. */
  readonly warnings: number;
}

/** What the parser decided about the file. */
export interface ParseMeta {
  /** `csv` (DT Max) or `xlsx` (Taxprep). */
  readonly format: 'csv' | 'xlsx';
  /** Individuals or corporations, given or detected. */
  readonly kind: ClientKind;
  /** Text encoding of a CSV. */
  readonly encoding?: TextEncodingName;
  /** Field delimiter of a CSV. */
  readonly delimiter?: ',' | ';' | '\t';
  /** Worksheet read in a workbook. */
  readonly sheet?: string;
  /** Whether the workbook uses the 1904 date system. */
  readonly date1904?: boolean;
  /** Row number of the header. */
  readonly headerRow: number;
  /** The header → field mapping used. */
  readonly columns: readonly ColumnMapping[];
  /** Headers that feed no field (reported once here, never per row). */
  readonly unknownColumns: readonly string[];
  /** Counts. */
  readonly counts: ParseCounts;
}

/** Encodings a CSV can be read in. */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Result of a parser: every data row of the file is in `records`, or has at least one `error` in `issues`. */
export interface ParseResult {
  /** Valid clients, in file order, each with `source.row`. */
  readonly records: ClientRecord[];
  /** Every issue of every row, in row order. */
  readonly issues: ParseIssue[];
  /** What was read and how. */
  readonly meta: ParseMeta;
}

/** One data row as a stream yields it: its record (when no error) and its issues. */
export interface ParsedRow {
  /** Row number a person sees. */
  readonly row: number;
  /** The record, absent when an issue of severity `error` rejected the row. */
  readonly record?: ClientRecord;
  /** Issues of this row (possibly warnings on a valid record). */
  readonly issues: readonly ParseIssue[];
}

/** Options shared by both parsers. */
export interface ParseOptions {
  /** Individuals or corporations; detected from the headers when absent. */
  readonly kind?: ClientKind;
  /**
   * Header to read for a field, overriding the built-in French/English aliases: `{ sin: 'No assurance sociale' }`.
   * Keys are {@link ClientField} names (`address.city` is accepted for `city`). A header named here that is not in
   * the file throws a `ParseError` (`column_not_found`).
   */
  readonly columns?: Readonly<Partial<Record<ClientField | `address.${'line1' | 'line2' | 'city' | 'province' | 'postalCode' | 'country'}`, string>>>;
  /** Language of issue messages and errors. Default `'en'`. */
  readonly locale?: Locale;
  /** How to read `03/04/1980` when the caller knows the file's convention. Without it such dates are ambiguous. */
  readonly dateOrder?: DateOrder;
}

/** Raw cell content before validation, as both parsers hand it over. */
export type CellValue = string | number | boolean | Date | null | { readonly error: string };
