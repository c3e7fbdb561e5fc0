/**
 * An incremental RFC 4180 tokenizer that knows the line on which each record starts.
 *
 * Why not csv-parse: the parsers need (1) the text-editor line where a multi-line record starts, (2) recovery from an
 * unclosed quote with the records before it kept, (3) incremental parsing that also runs in browsers without Node
 * streams, and (4) speed (see `npm run bench`). csv-parse remains the reference implementation in the tests: a
 * property test checks that both split every generated file the same way.
 *
 * Lenient where exports are sloppy: a quote inside an unquoted field, or text after a closing quote, is kept as
 * text. Line breaks are LF, CRLF or CR.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Receives each record and the 1-based line on which it starts. */
export type RecordSink = (fields: string[], line: number) => void;

/** What {@link CsvTokenizer.end} reports. */
export interface TokenizerEnd {
  /** Line of the record whose quote never closed, when the input ended inside quotes. */
  readonly unclosedQuoteLine?: number;
  /** Number of the last line of the input. */
  readonly lastLine: number;
}

/** Options of {@link CsvTokenizer}. */
export interface CsvTokenizerOptions {
  /**
   * Hand the sink the same array for every record, refilled (the sink copies what it keeps): a million-row file then
   * allocates one array of fields instead of a million.
   */
  readonly reuseFields?: boolean;
}

export class CsvTokenizer {
  private readonly delimiter: number;
  private readonly reuseFields: boolean;
  private fields: string[] = [];
  /** Fields of the current record so far (the array may be longer when it is reused). */
  private count = 0;
  private field = '';
  private inQuotes = false;
  /** A quote closed the field at the very end of a chunk: the next char decides whether it was `""`. */
  private quotePending = false;
  /** A CR ended the previous chunk: an LF starting the next one belongs to it. */
  private crPending = false;
  /** A CR inside quotes ended the previous chunk: it is a line break of its own unless an LF follows. */
  private quotedCrPending = false;
  private line = 1;
  private recordLine = 1;
  /** The current record has content (so an empty line is not mistaken for an empty record in quotes). */
  private started = false;

  constructor(delimiter: string, options: CsvTokenizerOptions = {}) {
    this.delimiter = delimiter.charCodeAt(0);
    this.reuseFields = options.reuseFields === true;
  }

  /** Feeds the next piece of decoded text. */
  push(text: string, sink: RecordSink): void {
    const delim = this.delimiter;
    const n = text.length;
    if (n === 0) return;
    let i = 0;
    if (this.quotedCrPending) {
      this.quotedCrPending = false;
      if (text.charCodeAt(0) !== LF) this.line++;
    }
    if (this.crPending) {
      this.crPending = false;
      if (n > 0 && text.charCodeAt(0) === LF) i = 1;
    }
    if (this.quotePending) {
      this.quotePending = false;
      if (n > 0 && text.charCodeAt(i) === QUOTE) {
        this.field += '"';
        this.inQuotes = true;
        i++;
      }
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        const end = q === -1 ? n : q;
        this.countLines(text, i, end);
        this.field += text.slice(i, end);
        if (q === -1) return;
        if (q + 1 === n) {
          this.inQuotes = false;
          this.quotePending = true;
          return;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          this.field += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      // Unquoted: run to the next delimiter or line break.
      let j = i;
      let c = 0;
      while (j < n) {
        c = text.charCodeAt(j);
        if (c === delim || c === LF || c === CR) break;
        if (c === QUOTE && j === i && this.field === '' ) break;
        j++;
      }
      if (j > i) {
        this.field += text.slice(i, j);
        this.started = true;
      }
      if (j === n) return;
      if (c === QUOTE && j === i && this.field === '') {
        this.inQuotes = true;
        this.started = true;
        i = j + 1;
        continue;
      }
      this.fields[this.count++] = this.field;
      this.field = '';
      if (c === delim) {
        this.started = true;
        i = j + 1;
        continue;
      }
      // Line break: the record ends.
      this.emit(sink);
      this.started = false;
      this.line++;
      this.recordLine = this.line;
      i = j + 1;
      if (c === CR) {
        if (i < n) {
          if (text.charCodeAt(i) === LF) i++;
        } else this.crPending = true;
      }
    }
  }

  /** Ends the input, emitting the last record if the file does not end with a line break. */
  end(sink: RecordSink): TokenizerEnd {
    if (this.inQuotes) {
      if (this.quotedCrPending) this.line++;
      // A file ending with a line break has no further line to show: the last line is the one that break ends.
      const lastLine = /[\r\n]$/.test(this.field) ? this.line - 1 : this.line;
      return { unclosedQuoteLine: this.recordLine, lastLine: Math.max(lastLine, this.recordLine) };
    }
    if (this.started || this.count > 0 || this.field !== '') {
      this.fields[this.count++] = this.field;
      this.emit(sink);
      this.field = '';
    }
    return { lastLine: this.line };
  }

  /** Hands the record to the sink: a new array each time, or the reused one cut to this record's fields. */
  private emit(sink: RecordSink): void {
    if (this.fields.length > this.count) this.fields.length = this.count;
    sink(this.fields, this.recordLine);
    if (!this.reuseFields) this.fields = [];
    this.count = 0;
  }

  /**
   * Counts the line breaks (LF, CRLF, or a lone CR, as text editors show them) inside a quoted field. Scans only the
   * slice: an `indexOf` for a break that never comes (no CR in an LF file) would rescan the rest of the chunk for
   * every quoted field.
   */
  private countLines(text: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === LF) this.line++;
      else if (c === CR) {
        if (k + 1 === text.length) this.quotedCrPending = true;
        else if (text.charCodeAt(k + 1) !== LF) this.line++;
      }
    }
  }
}
