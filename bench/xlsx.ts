/**
 * Taxprep XLSX benchmark: a generated workbook (title row, French headers, 14 columns, Date cells, SINs as numbers
 * and as text), read in the same run by exceljs's streaming reader alone (exceljs is a dev dependency: taxsync reads
 * workbooks with its own SpreadsheetML reader) and by our parser, each in its own child process so that each peak RSS
 * is its own.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { loadXlsx } from './lib.js';
import { measure, printTable, type WorkerOutput } from './measure.js';
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

/** Worker tasks, run in a child process each. */
export const xlsxTasks: Record<string, (file: string) => Promise<WorkerOutput>> = {
  // exceljs's streaming reader alone, used as its README shows: for await over sheets, then rows; every cell touched.
  async exceljsRows(file) {
    const t0 = performance.now();
    let rows = 0;
    let touched = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), readerOptions);
    for await (const sheet of reader) {
      for await (const row of sheet) {
        for (const value of row.values as unknown[]) if (value !== undefined && value !== null) touched++;
        rows++;
      }
    }
    if (touched < rows) throw new Error('unreachable');
    return { items: rows - 2, ms: performance.now() - t0 };
  },
  // The same reader consumed through parse() event batches (one await per XML chunk), as our parser does.
  async exceljsBatches(file) {
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
  async ourStream(file) {
    const { streamTaxprepXlsx } = await loadXlsx();
    const t0 = performance.now();
    let rows = 0;
    for await (const row of streamTaxprepXlsx(createReadStream(file))) if (row.record !== undefined || row.issues.length > 0) rows++;
    return { items: rows, ms: performance.now() - t0 };
  },
  async ourCollect(file) {
    const { parseTaxprepXlsx } = await loadXlsx();
    const t0 = performance.now();
    const result = await parseTaxprepXlsx(readFileSync(file));
    return { items: result.meta.counts.rows, ms: performance.now() - t0 };
  },
};

/**
 * Runs the XLSX benchmark on a `rows`-row workbook (written once into bench/.data/) and prints its table. Each
 * measurement runs in a child process; `npm run build` must have run (the parser is measured as published, from dist/).
 */
export async function benchXlsx(rows: number): Promise<{ name: string; rowsPerSecond: number; peakRssMb: number }[]> {
  const file = await xlsxFixture(rows);
  const results = [
    measure('exceljs streaming reader alone (for await rows)', 'rows', 'xlsx:exceljsRows', [file]),
    measure('exceljs streaming reader alone (parse() batches)', 'rows', 'xlsx:exceljsBatches', [file]),
    measure('streamTaxprepXlsx (validated, streamed)', 'rows', 'xlsx:ourStream', [file]),
    measure('parseTaxprepXlsx (validated, all records kept)', 'rows', 'xlsx:ourCollect', [file]),
  ];
  for (const r of results) if (r.items !== rows) throw new Error(`${r.name} read ${r.items} rows, expected ${rows}`);
  printTable(`Taxprep XLSX, ${rows.toLocaleString('en-US')} rows, 14 columns`, results);
  const [rowsLine, batchesLine, ours] = results;
  if (rowsLine !== undefined && batchesLine !== undefined && ours !== undefined) {
    // Against the faster of exceljs's two ways of reading, in this run.
    const baseline = rowsLine.perSecond >= batchesLine.perSecond ? rowsLine : batchesLine;
    console.log(
      `\nstreamed: ${(ours.perSecond / baseline.perSecond).toFixed(2)}× the exceljs streaming reader alone, at its faster (target ≥ 1.00), ` +
        `peak ${ours.peakRssMb.toFixed(0)} MB (target < 400 MB)`,
    );
  }
  return results.map((r) => ({ name: r.name, rowsPerSecond: r.perSecond, peakRssMb: r.peakRssMb }));
}
