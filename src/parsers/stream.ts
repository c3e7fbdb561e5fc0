import type { ClientRecord } from '../model/client.js';
import { renderMessage, type IssueCode, type Locale } from '../messages/catalogue.js';
import type { ParseCounts, ParseIssue, ParseMeta, ParseResult, ParsedRow } from './types.js';

/**
 * Rows of a client list as they are read, for files too large to hold: memory stays flat however long the file.
 * `meta()` is available once the header has been read and final when iteration ends.
 *
 * A key seen twice gets its `duplicate_key` warning on the later row only (the earlier row was already yielded);
 * the collecting parsers also warn on the earlier row.
 */
export interface ClientRowStream extends AsyncIterable<ParsedRow> {
  /** What was read so far: undefined before the header, final after the last row. */
  meta(): ParseMeta | undefined;
}

/** Mutable counters a parser keeps while streaming. */
export class Counter {
  rows = 0;
  records = 0;
  rejected = 0;
  blank = 0;
  errors = 0;
  warnings = 0;

  add(row: ParsedRow | undefined): void {
    if (row === undefined) {
      this.blank++;
      return;
    }
    this.rows++;
    if (row.record === undefined) this.rejected++;
    else this.records++;
    for (const issue of row.issues) {
      if (issue.severity === 'error') this.errors++;
      else this.warnings++;
    }
  }

  snapshot(): ParseCounts {
    return { rows: this.rows, records: this.records, rejected: this.rejected, blank: this.blank, errors: this.errors, warnings: this.warnings };
  }
}

/** The batches of rows behind a stream made by {@link rowStream}, for {@link collectRows}. */
const BATCHES = Symbol('taxsync.rowBatches');

/**
 * A {@link ClientRowStream} over a parser's batches of rows (the rows of one piece of input): iterating it yields
 * row by row, while {@link collectRows} takes whole batches and spares every row its own trip through an async
 * generator.
 */
export function rowStream(batches: () => AsyncGenerator<ParsedRow[]>, meta: () => ParseMeta | undefined): ClientRowStream {
  async function* rows(): AsyncGenerator<ParsedRow> {
    for await (const batch of batches()) yield* batch;
  }
  return Object.defineProperty({ [Symbol.asyncIterator]: () => rows(), meta }, BATCHES, { value: batches }) as ClientRowStream;
}

/** The batches of `stream`: its own when it has them, else batches of one row. */
async function* batchesOf(stream: ClientRowStream): AsyncGenerator<readonly ParsedRow[]> {
  const own = (stream as { [BATCHES]?: () => AsyncGenerator<ParsedRow[]> })[BATCHES];
  if (own !== undefined) {
    yield* own();
    return;
  }
  for await (const row of stream) yield [row];
}

/** Reads a whole stream into a {@link ParseResult}. */
export async function collectRows(stream: ClientRowStream, locale: Locale): Promise<ParseResult> {
  const records: ClientRecord[] = [];
  const issues: ParseIssue[] = [];
  const warnedFirst = new Set<number>();
  let late = 0;
  for await (const batch of batchesOf(stream)) for (const row of batch) {
    if (row.record !== undefined) records.push(row.record);
    for (const issue of row.issues) {
      issues.push(issue);
      if (issue.code === 'duplicate_key' && typeof issue.params.otherRow === 'number' && !warnedFirst.has(issue.params.otherRow)) {
        warnedFirst.add(issue.params.otherRow);
        const params = { ...issue.params, otherRow: row.row };
        issues.push({ ...issue, row: issue.params.otherRow, message: renderMessage<IssueCode>('duplicate_key', params, locale), params });
        late++;
      }
    }
  }
  const meta = stream.meta();
  if (meta === undefined) throw new Error('taxsync: a client-list stream ended without a header; this is a bug.');
  issues.sort((a, b) => a.row - b.row);
  return { records, issues, meta: { ...meta, counts: { ...meta.counts, warnings: meta.counts.warnings + late } } };
}
