/* A frozen copy of what #13 changed in src/parsers, as it was at 0078d5b: the reference of parse-differential.test.ts. Do not edit. */
import type { ClientRecord } from '../../../src/model/client.js';
import { renderMessage, type IssueCode, type Locale } from '../../../src/messages/catalogue.js';
import type { ParseCounts, ParseIssue, ParseMeta, ParseResult, ParsedRow } from '../../../src/parsers/types.js';

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

/** Reads a whole stream into a {@link ParseResult}. */
export async function collectRows(stream: ClientRowStream, locale: Locale): Promise<ParseResult> {
  const records: ClientRecord[] = [];
  const issues: ParseIssue[] = [];
  const warnedFirst = new Set<number>();
  let late = 0;
  for await (const row of stream) {
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
