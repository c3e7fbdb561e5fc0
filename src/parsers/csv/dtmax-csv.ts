/**
 * DT Max client lists (`.csv`): French or English headers, Windows-1252 or UTF-8, `,` `;` or tab.
 */
import { ParseError } from '../../errors/parse.js';
import { renderMessage, type Locale } from '../../messages/catalogue.js';
import { CsvTokenizer } from './tokenizer.js';
import { readHead } from '../../internal/bytes.js';
import { createDecoder, fixWindows1252, sniffEncoding, utf8Evidence, utf8Wins, type ChunkDecoder } from '../decode.js';
import { foldHeader, HEADER_ALIASES } from '../aliases.js';
import { checkParseOptions, noHeaderError, planHeader, RowBuilder, type HeaderPlan } from '../rows.js';
import { collectRows, Counter, rowStream, type ClientRowStream } from '../stream.js';
import type { ParseIssue, ParseMeta, ParseOptions, ParseResult, ParsedRow, TextEncodingName } from '../types.js';
import { DEFAULT_LOCALE } from '../../messages/define.js';

/** Options of {@link parseDtmaxCsv}. */
export interface ParseDtmaxCsvOptions extends ParseOptions {
  /** Field delimiter; sniffed from the first lines when absent. */
  readonly delimiter?: ',' | ';' | '\t';
  /** Encoding; sniffed from the BOM and the bytes when absent. */
  readonly encoding?: TextEncodingName;
}

/** Input of {@link parseDtmaxCsv}: the bytes of the file, its text, or a stream of chunks. */
export type DtmaxCsvInput = Uint8Array | string | AsyncIterable<Uint8Array>;

/** Rows above the header a file may have (a title, an export date). */
const MAX_TITLE_ROWS = 10;

/** Characters no client list holds: C0 controls but tab, CR and LF; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const SNIFF_BYTES = 64 * 1024;
/** Bytes (or characters) decoded and tokenized at a time from a whole buffer or string. */
const PIECE = 64 * 1024;

/**
 * Reads a client list exported by DT Max as CSV.
 *
 * Every data row ends up either in `records` or with at least one `error` in `issues`; `row` numbers are the lines
 * a text editor shows (header = 1). The file's encoding (BOM, UTF-8, else Windows-1252) and delimiter are sniffed
 * and reported in `meta`, with the header mapping used.
 *
 * @throws {@link ParseError} `empty_input`, `binary_input`, `no_header`, `kind_undetected`, `column_not_found` or
 * `unknown_field` when the file as a whole cannot be read.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseDtmaxCsv, maskSin } from 'taxsync';
 *
 * const { records, issues, meta } = await parseDtmaxCsv(await readFile('clients.csv'), { locale: 'fr' });
 * console.log(meta.encoding, meta.delimiter, meta.counts);
 * for (const issue of issues) console.log(`ligne ${issue.row} : ${issue.message}`);
 * ```
 */
export async function parseDtmaxCsv(input: DtmaxCsvInput, options: ParseDtmaxCsvOptions = {}): Promise<ParseResult> {
  checkParseOptions(options, { delimiter: DELIMITERS });
  return collectRows(streamDtmaxCsv(input, options), options.locale ?? DEFAULT_LOCALE);
}

/**
 * The streaming form of {@link parseDtmaxCsv}: yields each row as it is read, so a file of any size is read with
 * flat memory. Same rules, same issues.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * const rows = streamDtmaxCsv(createReadStream('clients.csv'));
 * for await (const { record, issues } of rows) if (record) await save(record);
 * console.log(rows.meta()?.counts);
 * ```
 */
export function streamDtmaxCsv(input: DtmaxCsvInput, options: ParseDtmaxCsvOptions = {}): ClientRowStream {
  checkParseOptions(options, { delimiter: DELIMITERS });
  let meta: ParseMeta | undefined;
  const counter = new Counter();
  const locale = options.locale ?? DEFAULT_LOCALE;
  let state: { plan: HeaderPlan; encoding: () => TextEncodingName | undefined; delimiter: ',' | ';' | '\t' } | undefined;
  const updateMeta = (): void => {
    if (state === undefined) return;
    const encoding = state.encoding();
    meta = {
      format: 'csv',
      kind: state.plan.kind,
      ...(encoding === undefined ? {} : { encoding }),
      delimiter: state.delimiter,
      headerRow: state.plan.row,
      columns: state.plan.columns,
      unknownColumns: state.plan.unknownColumns,
      counts: counter.snapshot(),
    };
  };

  async function* batches(): AsyncGenerator<ParsedRow[]> {
    const text = await openText(input, options);
    let tokenizer: CsvTokenizer | undefined;
    let delimiter: ',' | ';' | '\t' = ',';
    let builder: RowBuilder | undefined;
    const candidates: string[][] = [];
    /** The rows of the piece being read. */
    let out: ParsedRow[] = [];
    // Each record is built as the tokenizer ends it, from the one array of fields the tokenizer refills.
    const sink = (fields: string[], line: number): void => {
      // Windows-1252 text comes with its 0x80–0x9F characters left as C1 controls (see createDecoder): the fields
      // holding one get their characters here, before anything reads them, and a control still there is damage.
      const fixing = text.encoding() === 'windows-1252';
      let control = -1;
      for (let i = 0; i < fields.length; i++) {
        let field = fields[i] as string;
        if (!CONTROL.test(field)) continue;
        if (fixing) fields[i] = field = fixWindows1252(field);
        if (control === -1 && CONTROL.test(field)) control = i;
      }
      if (builder === undefined) {
        if (fields.every((f) => f.trim() === '')) return;
        const plan = planHeader(fields, line, options);
        if (plan === undefined) {
          candidates.push(fields.slice());
          if (candidates.length >= MAX_TITLE_ROWS) throw noHeaderError(candidates, options);
          return;
        }
        builder = new RowBuilder(plan, options);
        state = { plan, encoding: text.encoding, delimiter };
        updateMeta();
        return;
      }
      let extra: ParseIssue[] | undefined;
      // U+FFFD only comes out of a UTF-8 decode of bytes that are not UTF-8 (or a host that decoded badly).
      if (text.encoding() !== 'windows-1252' && fields.some((f) => f.includes('\uFFFD'))) {
        const params = { encoding: text.encoding() ?? 'UTF-8' };
        extra = [{ row: line, code: 'encoding_invalid', severity: 'error', message: renderMessage('encoding_invalid', params, locale), params }];
      }
      // A control character (NUL, a C0 or C1 control other than tab and line breaks) is never in a real export.
      if (control !== -1) (extra ??= []).push(builder.cellIssue('control_character', line, control));
      const row = builder.build(fields, line, extra);
      counter.add(row);
      if (row !== undefined) out.push(row);
    };

    for await (const piece of text.pieces) {
      if (tokenizer === undefined) {
        delimiter = options.delimiter ?? sniffDelimiter(text.encoding() === 'windows-1252' ? fixWindows1252(piece) : piece, options);
        tokenizer = new CsvTokenizer(delimiter, { reuseFields: true });
      }
      tokenizer.push(piece, sink);
      const rows = out;
      out = [];
      updateMeta();
      if (rows.length > 0) yield rows;
    }
    if (tokenizer === undefined) throw new ParseError('empty_input', {}, { locale });
    const end = tokenizer.end(sink);
    const last = out;
    out = [];
    if (builder === undefined) {
      // Nothing but blank lines (after a BOM, say) is an empty file, not a file without a header.
      if (candidates.length === 0 && end.unclosedQuoteLine === undefined) throw new ParseError('empty_input', {}, { locale });
      throw noHeaderError(candidates, options);
    }
    if (end.unclosedQuoteLine !== undefined) {
      const params = { row: end.unclosedQuoteLine, lastRow: end.lastLine };
      const row: ParsedRow = {
        row: end.unclosedQuoteLine,
        issues: [{ row: end.unclosedQuoteLine, code: 'unclosed_quote', severity: 'error', message: renderMessage('unclosed_quote', params, locale), params }],
      };
      counter.add(row);
      last.push(row);
    }
    updateMeta();
    if (last.length > 0) yield last;
  }

  return rowStream(batches, () => meta);
}

type Delimiter = ',' | ';' | '\t';
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/**
 * Picks the delimiter from the first non-blank lines (quotes respected). The one that splits a line into the most
 * known headers wins: the header row decides, whatever commas a title row or semicolons a notes column holds. Without
 * a known header: the one that appears the same number of times on the most lines, then the most often.
 */
function sniffDelimiter(text: string, options: ParseOptions): Delimiter {
  const lines = firstLines(text, 10);
  const overrides = new Set(Object.values(options.columns ?? {}).filter((h): h is string => h !== undefined).map(foldHeader));
  const known = (cell: string): boolean => {
    const folded = foldHeader(cell);
    return HEADER_ALIASES.individual.has(folded) || HEADER_ALIASES.corporation.has(folded) || overrides.has(folded);
  };
  let best: Delimiter | undefined;
  let bestScore = 1;
  for (const delimiter of DELIMITERS) {
    for (const line of lines) {
      const score = splitLine(line, delimiter).filter(known).length;
      if (score > bestScore) {
        best = delimiter;
        bestScore = score;
      }
    }
  }
  return best ?? consistentDelimiter(lines);
}

/** The first non-blank lines of the text (a quoted line break does not end a line). */
function firstLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i <= text.length && lines.length < max; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (i === text.length || (!inQuotes && (c === '\n' || c === '\r'))) {
      const line = text.slice(start, i);
      if (line.trim() !== '') lines.push(line);
      start = i + 1;
    }
  }
  return lines;
}

/** Splits one line on the delimiter outside quotes, unquoting the cells. */
function splitLine(line: string, delimiter: Delimiter): string[] {
  const cells: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i <= line.length; i++) {
    const c = line[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (i === line.length || (!inQuotes && c === delimiter)) {
      cells.push(line.slice(start, i).trim().replace(/^"([\s\S]*)"$/, '$1').replace(/""/g, '"'));
      start = i + 1;
    }
  }
  return cells;
}

/** The delimiter that appears the same number of times on the most lines, then the most often; `,` when none. */
function consistentDelimiter(lines: readonly string[]): Delimiter {
  let best: { delimiter: Delimiter; lines: number; count: number } = { delimiter: ',', lines: 0, count: 0 };
  for (const delimiter of DELIMITERS) {
    const frequency = new Map<number, number>();
    for (const line of lines) {
      const n = splitLine(line, delimiter).length - 1;
      if (n > 0) frequency.set(n, (frequency.get(n) ?? 0) + 1);
    }
    for (const [count, n] of frequency) {
      if (n > best.lines || (n === best.lines && count > best.count)) best = { delimiter, lines: n, count };
    }
  }
  return best.delimiter;
}

/** Decoded text in pieces, and the encoding once known (Windows-1252 vs UTF-8 is decided at the first non-ASCII byte). */
interface OpenText {
  readonly pieces: AsyncIterable<string>;
  encoding(): TextEncodingName | undefined;
}

async function openText(input: DtmaxCsvInput, options: ParseDtmaxCsvOptions): Promise<OpenText> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  if (typeof input === 'string') {
    if (input.trim() === '') throw new ParseError('empty_input', {}, { locale });
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    return { pieces: stringPieces(text), encoding: () => undefined };
  }
  if (!(input instanceof Uint8Array) && (typeof input !== 'object' || input === null || !(Symbol.asyncIterator in input))) {
    throw new ParseError('invalid_input', { detail: 'expected a Uint8Array, a string or an AsyncIterable<Uint8Array>' }, { locale });
  }
  const iterator = byteChunks(input, locale)[Symbol.asyncIterator]();
  const { head, done } = await readHead(iterator, SNIFF_BYTES);
  if (head.length === 0 || (done && head.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09))) {
    throw new ParseError('empty_input', {}, { locale });
  }
  let encoding: TextEncodingName | undefined;
  let bomLength = 0;
  if (options.encoding !== undefined) encoding = options.encoding;
  else {
    // Sniff the first 64 KiB only, whatever the size of the first chunk: bytes after them that do not fit the
    // encoding are an issue on their row, not a reason to decode the whole file differently.
    const sample = head.subarray(0, SNIFF_BYTES);
    const sniffed = sniffEncoding(sample, done && head.length <= SNIFF_BYTES);
    if ('binary' in sniffed) throw new ParseError('binary_input', { detected: sniffed.binary }, { locale });
    bomLength = sniffed.bomLength;
    // Pure ASCII so far: UTF-8 and Windows-1252 agree; decide at the first byte above 0x7F.
    encoding = sniffed.encoding === 'utf-8' && isAscii(sample) ? undefined : sniffed.encoding;
  }
  let decoder: ChunkDecoder | undefined = encoding === undefined ? undefined : createDecoder(encoding, 'keep');
  const ascii = new TextDecoder('latin1');
  /** Bytes from the first non-ASCII one on, kept until the next chunk tells whether they are UTF-8. */
  let carry: Uint8Array | undefined;

  const decode = (bytes: Uint8Array, final: boolean): string => {
    if (decoder === undefined) {
      const firstHigh = bytes.findIndex((b) => b >= 0x80);
      if (firstHigh === -1) return ascii.decode(bytes);
      const verdict = utf8Verdict(bytes.subarray(firstHigh), final);
      if (verdict === undefined) {
        // Keep the bytes until the verdict window is complete (a lone 0xE9, `é` in Windows-1252, could start UTF-8).
        carry = bytes.slice(firstHigh);
        return ascii.decode(bytes.subarray(0, firstHigh));
      }
      encoding = verdict;
      decoder = createDecoder(encoding, 'keep');
    }
    return decoder.decode(bytes, final);
  };

  async function* pieces(): AsyncGenerator<string> {
    let current: Uint8Array | undefined = head.subarray(bomLength);
    let finished = done;
    while (current !== undefined) {
      let next: Uint8Array | undefined;
      if (!finished) {
        const r = await iterator.next();
        if (r.done === true) finished = true;
        else next = r.value;
      }
      const bytes: Uint8Array = carry === undefined ? current : joinBytes(carry, current);
      carry = undefined;
      const text = decode(bytes, next === undefined);
      if (text !== '') yield text;
      current = next;
    }
  }
  return { pieces: pieces(), encoding: () => encoding ?? 'utf-8' };
}

/**
 * The chunks of the input as non-empty Uint8Arrays (any byte view is accepted); a stream of strings (a file stream
 * opened with an encoding) is refused with a typed error rather than a TypeError deep in the decoder.
 */
async function* byteChunks(input: Uint8Array | AsyncIterable<Uint8Array>, locale: Locale): AsyncGenerator<Uint8Array> {
  if (input instanceof Uint8Array) {
    // Slices the size of a file stream's chunks: the rows of one slice are built and dropped before the next is
    // decoded, so they die young (a 1 MiB slice held ~7,000 rows' cells at once and made the whole-buffer parse
    // spend its time promoting them to the old generation).
    for (let i = 0; i < input.length; i += PIECE) yield input.subarray(i, Math.min(i + PIECE, input.length));
    return;
  }
  for await (const chunk of input as AsyncIterable<unknown>) {
    let bytes: Uint8Array;
    if (chunk instanceof Uint8Array) bytes = chunk;
    else if (ArrayBuffer.isView(chunk)) bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else throw new ParseError('invalid_input', { detail: `a stream chunk is a ${typeof chunk}, not bytes (open the file without an encoding)` }, { locale });
    if (bytes.length > 0) yield bytes;
  }
}

async function* stringPieces(text: string): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += PIECE) yield text.slice(i, i + PIECE);
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return false;
  return true;
}

/** How many bytes from the first non-ASCII one decide between UTF-8 and Windows-1252 after an ASCII head. */
const VERDICT_BYTES = 4096;

/**
 * Whether the bytes from the first non-ASCII one on are UTF-8. Always judged on the same window (the first
 * {@link VERDICT_BYTES}, or all that is left of the file), so the answer does not depend on how the input was cut
 * into chunks; undefined until that window is complete.
 */
function utf8Verdict(bytes: Uint8Array, final: boolean): 'utf-8' | 'windows-1252' | undefined {
  if (bytes.length < VERDICT_BYTES && !final) return undefined;
  const window = bytes.subarray(0, VERDICT_BYTES);
  return utf8Wins(utf8Evidence(window, final && bytes.length <= VERDICT_BYTES)) ? 'utf-8' : 'windows-1252';
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
