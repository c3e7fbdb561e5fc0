/**
 * DT Max CSV benchmark: a generated Windows-1252 export (14 columns, quoted addresses holding `;`, accents, `’`) at
 * 10k, 100k and 1M rows, read side by side with `compare()` by papaparse (arrays, no validation: the reference),
 * csv-parse (streaming arrays), our `streamDtmaxCsv` and our `parseDtmaxCsv` on the whole buffer. Each contender runs
 * in its own child, interleaved, median of the rounds, highest peak RSS.
 *
 * Run alone: `npm run bench csv` (`-- --quick`: 100k only).
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCore, timed } from './lib.js';
import { compare, sizes, type Compared, type WorkerOutput } from './measure.js';
import { CITY, FIRST, LAST, withCheckDigit } from './data.js';

const dir = new URL('./.data/', import.meta.url);

/** Writes (once) a `rows`-row DT Max export (Windows-1252, `;`, CRLF) and returns its path. */
export async function csvFixture(rows = 100_000): Promise<string> {
  const path = fileURLToPath(new URL(`dtmax-${rows}.csv`, dir));
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.partial`;
  const { default: iconv } = await import('iconv-lite');
  const out = createWriteStream(partial);
  const write = (text: string): Promise<void> =>
    new Promise((resolve, reject) => out.write(iconv.encode(text, 'win1252'), (error) => (error ? reject(error) : resolve())));
  await write('NAS;Prénom;Nom;Date de naissance;Courriel;Téléphone;Langue;Adresse;Ville;Province;Code postal;Dossier;Lien;NAS du conjoint\r\n');
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const sin = withCheckDigit(String(10_000_000 + i * 7));
    lines.push(
      [
        `${sin.slice(0, 3)} ${sin.slice(3, 6)} ${sin.slice(6)}`, FIRST[i % FIRST.length] ?? '', LAST[(i * 7) % LAST.length] ?? '',
        `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, `client${i}@exemple.ca`, `514 555-${String(i % 10000).padStart(4, '0')}`,
        i % 3 === 0 ? 'Anglais' : 'Français', `"${i}, rue Saint-Denis; app. ${i % 40}"`, CITY[i % CITY.length] ?? '', 'Québec', 'H2X 3J8',
        `DOSSIER-${Math.floor(i / 3)}`, i % 3 === 0 ? 'Contribuable' : i % 3 === 1 ? 'Conjoint' : 'Personne à charge', '',
      ].join(';'),
    );
    if (lines.length === 10_000) {
      await write(`${lines.join('\r\n')}\r\n`);
      lines = [];
    }
  }
  if (lines.length > 0) await write(`${lines.join('\r\n')}\r\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  renameSync(partial, path);
  return path;
}

/**
 * Reads the warm-up file once untimed (then a collection, when the child has `--expose-gc`), then times the read of
 * the measured file: #13 compares readers warm, as a host parses upload after upload in a long-running process. The
 * first parse of a process also compiles the parser, which a 100k file does not amortise (papaparse's few functions
 * compile in a fraction of the time of a validating reader's). The warm-up file is the 10k one, so the peak RSS
 * stays that of the measured read. Every contender is measured the same way.
 */
async function warmTimed<T>(file: string, warmFile: string | undefined, read: (file: string) => Promise<T>): Promise<{ ms: number; value: T }> {
  if (warmFile !== undefined) {
    await read(warmFile);
    (globalThis as { gc?: () => void }).gc?.();
  }
  return timed(() => read(file));
}

/** Worker tasks, run in a child process each (`<file> [warm-up file]`); each loads its own library only (see bench/worker.ts). */
export const csvTasks: Record<string, (file: string, warmFile?: string) => Promise<WorkerOutput>> = {
  // papaparse on the decoded text, arrays, no validation: what a developer would reach for first.
  async papaparse(file, warmFile) {
    const { default: Papa } = await import('papaparse');
    const { ms, value: rows } = await warmTimed(file, warmFile, async (path) => {
      const text = new TextDecoder('latin1').decode(readFileSync(path));
      const result = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true });
      let touched = 0;
      for (const row of result.data) touched += row.length;
      if (touched < result.data.length) throw new Error('unreachable');
      return result.data.length - 1;
    });
    return { items: rows, ms };
  },
  // csv-parse, streaming arrays, latin1 decoded by Node.
  async csvParse(file, warmFile) {
    const { parse: csvParse } = await import('csv-parse');
    const { ms, value: rows } = await warmTimed(file, warmFile, async (path) => {
      let n = 0;
      const parser = createReadStream(path).pipe(csvParse({ delimiter: ';', encoding: 'latin1', relax_column_count: true }));
      for await (const record of parser as AsyncIterable<string[]>) if (record.length > 0) n++;
      return n - 1;
    });
    return { items: rows, ms };
  },
  async ourStream(file, warmFile) {
    const { streamDtmaxCsv } = await loadCore();
    const { ms, value: rows } = await warmTimed(file, warmFile, async (path) => {
      let n = 0;
      for await (const row of streamDtmaxCsv(createReadStream(path))) if (row.record !== undefined || row.issues.length > 0) n++;
      return n;
    });
    return { items: rows, ms };
  },
  // The stream with every record kept, as parseDtmaxCsv must (it returns them all): the same work, streamed.
  async ourStreamKept(file, warmFile) {
    const { streamDtmaxCsv } = await loadCore();
    const { ms, value: rows } = await warmTimed(file, warmFile, async (path) => {
      const kept: unknown[] = [];
      let n = 0;
      for await (const row of streamDtmaxCsv(createReadStream(path))) {
        if (row.record !== undefined) kept.push(row.record);
        if (row.record !== undefined || row.issues.length > 0) n++;
      }
      if (kept.length > n) throw new Error('unreachable');
      return n;
    });
    return { items: rows, ms };
  },
  async ourCollect(file, warmFile) {
    const { parseDtmaxCsv } = await loadCore();
    const { ms, value: result } = await warmTimed(file, warmFile, (path) => parseDtmaxCsv(readFileSync(path)));
    if (result.records.length + result.meta.counts.rejected !== result.meta.counts.rows) throw new Error('rows lost');
    return { items: result.meta.counts.rows, ms };
  },
};

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/**
 * `TAXSYNC_BEFORE=<checkout>`: also measure that checkout's built parser (a before/after line in the same run).
 * `TAXSYNC_AFTER=<checkout>`: measure that checkout's build instead of this one (a snapshot, so a rebuild during a
 * long run cannot change what is measured).
 */
const BEFORE = process.env.TAXSYNC_BEFORE;
const AFTER = process.env.TAXSYNC_AFTER;

/** Runs the CSV lines (10k, 100k, 1M; `--quick`: 100k) and prints each table with the ratios to the targets. */
export async function benchCsv(): Promise<Compared[]> {
  const all: Compared[] = [];
  for (const rows of sizes([10_000, 100_000, 1_000_000])) {
    const file = await csvFixture(rows);
    // Every contender reads the 10k file once untimed first (see warmTimed).
    const warm = await csvFixture(10_000);
    const results = compare(
      `DT Max CSV, ${rows.toLocaleString('en-US')} rows, Windows-1252, 14 columns`,
      'rows',
      [
        { name: 'papaparse (arrays, no validation)', task: 'csv:papaparse', args: [file, warm] },
        { name: 'csv-parse (streaming arrays, no validation)', task: 'csv:csvParse', args: [file, warm] },
        { name: 'streamDtmaxCsv (validated records, streamed)', task: 'csv:ourStream', args: [file, warm], ...(AFTER === undefined ? {} : { packageRoot: AFTER }) },
        { name: 'parseDtmaxCsv (validated records, whole buffer, all kept)', task: 'csv:ourCollect', args: [file, warm], ...(AFTER === undefined ? {} : { packageRoot: AFTER }) },
        { name: 'streamDtmaxCsv, every record kept (the work parseDtmaxCsv does, streamed)', task: 'csv:ourStreamKept', args: [file, warm], ...(AFTER === undefined ? {} : { packageRoot: AFTER }) },
        ...(BEFORE === undefined
          ? []
          : [
              { name: 'before: streamDtmaxCsv', task: 'csv:ourStream', args: [file, warm], packageRoot: BEFORE },
              { name: 'before: parseDtmaxCsv', task: 'csv:ourCollect', args: [file, warm], packageRoot: BEFORE },
            ]),
      ],
      { rounds: ROUNDS },
    );
    for (const r of results) if (r.items !== rows) throw new Error(`${r.name} read ${r.items} rows, expected ${rows}`);
    const [papa, , stream, collect, streamKept] = results;
    if (papa !== undefined && stream !== undefined && collect !== undefined && streamKept !== undefined) {
      console.log(
        `\nparseDtmaxCsv: ${(collect.perSecond / papa.perSecond).toFixed(2)}× papaparse (target ≥ 0.60 at 100k and 1M), ` +
          `${(collect.perSecond / streamKept.perSecond).toFixed(2)}× the stream keeping the same records (target ≥ 1.00), ` +
          `${(collect.perSecond / stream.perSecond).toFixed(2)}× the stream keeping none; ` +
          `streamDtmaxCsv peak ${stream.peakRssMb.toFixed(0)} MB (target < 150 MB at 1M)`,
      );
    }
    all.push(...results);
  }
  return all;
}
