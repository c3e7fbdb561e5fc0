import { TaxsyncError, type TaxsyncErrorArgs } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';

const MARKER = Symbol.for('taxsync.error.ParseError');

/** Codes of {@link ParseError}: the reasons a whole input file cannot be read. */
export type ParseErrorCode =
  | 'empty_input'
  | 'binary_input'
  | 'invalid_input'
  | 'no_header'
  | 'column_not_found'
  | 'unknown_field'
  | 'kind_undetected'
  | 'kind_contradicted'
  | 'not_a_workbook'
  | 'sheet_not_found'
  | 'read_failed'
  | 'inflate_limit_exceeded';

/**
 * An input file could not be read at all: empty (`empty_input`), binary (`binary_input`), no recognisable header
 * (`no_header`, `kind_undetected`), a `columns` override naming a header that is not there (`column_not_found`) or a
 * field that does not exist (`unknown_field`), a `kind` the headers contradict (`kind_contradicted`), not a workbook
 * (`not_a_workbook`), a sheet that is not there (`sheet_not_found`), a workbook part that expands past its limits
 * (`inflate_limit_exceeded`), or damaged (`read_failed`).
 */
export class ParseError<C extends ParseErrorCode = ParseErrorCode> extends TaxsyncError<C> {
  declare readonly code: ParseErrorCode;

  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    super(code, ...args);
    this.name = 'ParseError';
    mark(this, MARKER);
  }

  /** True for a {@link ParseError} (or a subclass), also from another copy of the package; false for other families. */
  static override isInstance(value: unknown): value is ParseError {
    return isMarked(value, MARKER);
  }
}
