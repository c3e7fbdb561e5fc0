/**
 * Taxprep XLSX benchmark: a generated workbook (title row, French headers, 14 columns, Date cells, SINs as numbers
 * and as text) at 10k, 100k and 1M rows, read side by side with `compare()` by exceljs's streaming reader (the
 * reference), exceljs's in-memory reader, SheetJS (`xlsx`), and our parser streamed and collected — each in its own
 * child, interleaved, median of the rounds, highest peak RSS. exceljs and SheetJS are dev dependencies: taxsync reads
 * workbooks with its own SpreadsheetML reader.
 *
 * Run alone: `npm run bench xlsx` (`-- --quick`: 100k only).
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadXlsx, timed } from './lib.js';
import { compare, sizes, type Compared, type WorkerOutput } from './measure.js';
import { CITY, FIRST, LAST, withCheckDigit } from './data.js';

const dir = new URL('./.data/', import.meta.url);

const ROLE = ['Contribuable', 'Conjoint', 'Personne à charge'];

/** Writes (once) a `rows`-row Taxprep-like workbook with exceljs's streaming writer and returns its path. */
export async function xlsxFixture(rows: number): Promise<string> {
  const url = new URL(`taxprep-${rows}.xlsx`, dir);
  const path = fileURLToPath(url);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.partial`;
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: createWriteStream(partial), useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Particuliers');
  sheet.addRow(['Liste des clients — exportation Taxprep']).commit();
  sheet
    .addRow([
      'Fichier client', 'Membre de la famille', 'NAS', 'Prénom', 'Nom', 'Date de naissance', 'Courriel', 'Téléphone',
      'Langue', 'Adresse', 'Ville', 'Province', 'Code postal', 'NAS du conjoint',
    ])
    .commit();
  for (let i = 0; i < rows; i++) {
    const sin = withCheckDigit(String(10_000_000 + i * 7));
    const row = sheet.addRow([
      `DOSSIER-${Math.floor(i / 3)}`,
      ROLE[i % 3] ?? '',
      // Taxprep users format the SIN column either way: half the SINs are number cells, half are text.
      i % 2 === 0 ? Number(sin) : `${sin.slice(0, 3)} ${sin.slice(3, 6)} ${sin.slice(6)}`,
      FIRST[i % FIRST.length] ?? '',
      LAST[(i * 7) % LAST.length] ?? '',
      new Date(Date.UTC(1950 + (i % 50), i % 12, 1 + (i % 28))),
      `client${i}@exemple.ca`,
      `514 555-${String(i % 10_000).padStart(4, '0')}`,
      i % 3 === 0 ? 'Anglais' : 'Français',
      `${i} rue Saint-Denis`,
      CITY[i % CITY.length] ?? '',
      'QC',
      'H2X 3J8',
      '',
    ]);
    row.getCell(6).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
  renameSync(partial, path);
  return path;
}

const readerOptions = { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' } as const;

/** Worker tasks, run in a child process each; each loads its own library only (see bench/worker.ts). */
export const xlsxTasks: Record<string, (file: string) => Promise<WorkerOutput>> = {
  // exceljs's streaming reader alone, used as its README shows: for await over sheets, then rows; every cell touched.
  async exceljsRows(file) {
    const { default: ExcelJS } = await import('exceljs');
    const { ms, value: rows } = await timed(async () => {
      let n = 0;
      let touched = 0;
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), readerOptions);
      for await (const sheet of reader) {
        for await (const row of sheet) {
          for (const value of row.values as unknown[]) if (value !== undefined && value !== null) touched++;
          n++;
        }
      }
      if (touched < n) throw new Error('unreachable');
      return n;
    });
    return { items: rows - 2, ms };
  },
  // The same reader consumed through parse() event batches (one await per XML chunk), as our parser does.
  async exceljsBatches(file) {
    const { default: ExcelJS } = await import('exceljs');
    const t0 = performance.now();
    let rows = 0;
    let touched = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), readerOptions);
    for await (const sheet of reader) {
      const events = (sheet as unknown as { parse(): AsyncIterable<{ eventType: string; value: { values: unknown[] } }[]> }).parse();
      for await (const batch of events) {
        for (const event of batch) {
          if (event.eventType !== 'row') continue;
          for (const value of event.value.values) if (value !== undefined && value !== null) touched++;
          rows++;
        }
      }
    }
    if (touched < rows) throw new Error('unreachable');
    return { items: rows - 2, ms: performance.now() - t0 };
  },
  // exceljs's in-memory reader: the whole workbook as objects, then every row's cells touched.
  async exceljsWorkbook(file) {
    const { default: ExcelJS } = await import('exceljs');
    const t0 = performance.now();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    let rows = 0;
    let touched = 0;
    workbook.eachSheet((sheet) =>
      sheet.eachRow({ includeEmpty: false }, (row) => {
        for (const value of row.values as unknown[]) if (value !== undefined && value !== null) touched++;
        rows++;
      }),
    );
    if (touched < rows) throw new Error('unreachable');
    return { items: rows - 2, ms: performance.now() - t0 };
  },
  // SheetJS: read the file, the first sheet as arrays (dates as Date objects). Counts what it returns, 0 included.
  async sheetjs(file) {
    const SheetJS = await import('xlsx');
    const t0 = performance.now();
    const workbook = SheetJS.read(readFileSync(file), { type: 'buffer', cellDates: true, dense: true });
    const first = workbook.SheetNames[0];
    const sheet = first === undefined ? undefined : workbook.Sheets[first];
    const rows = sheet === undefined ? [] : SheetJS.utils.sheet_to_json<unknown[]>(sheet, { header: 1, blankrows: false });
    return { items: Math.max(0, rows.length - 2), ms: performance.now() - t0 };
  },
  async ourStream(file) {
    const { streamTaxprepXlsx } = await loadXlsx();
    const { ms, value: rows } = await timed(async () => {
      let n = 0;
      for await (const row of streamTaxprepXlsx(createReadStream(file))) if (row.record !== undefined || row.issues.length > 0) n++;
      return n;
    });
    return { items: rows, ms };
  },
  async ourCollect(file) {
    const { parseTaxprepXlsx } = await loadXlsx();
    const { ms, value: result } = await timed(() => parseTaxprepXlsx(readFileSync(file)));
    return { items: result.meta.counts.rows, ms };
  },
};

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** `TAXSYNC_BEFORE` / `TAXSYNC_AFTER`: as in bench/csv.ts (a before build; a snapshot of this one). */
const BEFORE = process.env.TAXSYNC_BEFORE;
const AFTER = process.env.TAXSYNC_AFTER;

/**
 * Runs the workbook lines (10k, 100k, 1M; `--quick`: 100k) on workbooks written once into bench/.data/, and prints
 * each table with the ratios to the targets. `npm run build` must have run (the parser is measured from dist/).
 */
export async function benchXlsx(): Promise<Compared[]> {
  const all: Compared[] = [];
  for (const rows of sizes([10_000, 100_000, 1_000_000])) {
    const file = await xlsxFixture(rows);
    const after = AFTER === undefined ? {} : { packageRoot: AFTER };
    const results = compare(
      `Taxprep XLSX, ${rows.toLocaleString('en-US')} rows, 14 columns`,
      'rows',
      [
        { name: 'exceljs streaming reader (for await rows)', task: 'xlsx:exceljsRows', args: [file] },
        // The in-memory reader holds every cell as objects: about 10 GB at 1M rows, more than this machine has.
        ...(rows <= 100_000 ? [{ name: 'exceljs in-memory reader', task: 'xlsx:exceljsWorkbook', args: [file] }] : []),
        // At 1M rows SheetJS returns 0 rows (the sheet XML passes V8's string limit) after reading for minutes: left out.
        ...(rows <= 100_000 ? [{ name: 'SheetJS xlsx (arrays)', task: 'xlsx:sheetjs', args: [file] }] : []),
        { name: 'streamTaxprepXlsx (validated, streamed)', task: 'xlsx:ourStream', args: [file], ...after },
        { name: 'parseTaxprepXlsx (validated, all records kept)', task: 'xlsx:ourCollect', args: [file], ...after },
        ...(BEFORE === undefined
          ? []
          : [
              { name: 'before: streamTaxprepXlsx', task: 'xlsx:ourStream', args: [file], packageRoot: BEFORE },
              { name: 'before: parseTaxprepXlsx', task: 'xlsx:ourCollect', args: [file], packageRoot: BEFORE },
            ]),
      ],
      {
        rounds: ROUNDS,
        note: 'SheetJS returns 0 rows without an error when the sheet XML passes V8\'s string limit: it is left out of the 1M line.',
      },
    );
    for (const r of results) if (r.items !== rows && !r.name.startsWith('SheetJS')) throw new Error(`${r.name} read ${r.items} rows, expected ${rows}`);
    const [exceljs] = results;
    const stream = results.find((r) => r.name.startsWith('streamTaxprepXlsx'));
    if (exceljs !== undefined && stream !== undefined) {
      console.log(
        `\nstreamTaxprepXlsx: ${(stream.perSecond / exceljs.perSecond).toFixed(2)}× the exceljs streaming reader (target ≥ 1.20 at 100k and 1M), ` +
          `peak ${stream.peakRssMb.toFixed(0)} MB (target < 400 MB at 1M)`,
      );
    }
    all.push(...results);
  }
  return all;
}
