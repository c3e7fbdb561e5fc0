/**
 * DT Max CSV benchmark: a generated 100,000-row Windows-1252 export with 14 columns, read four ways in the same run.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse as csvParse } from 'csv-parse';
import iconv from 'iconv-lite';
import { loadCore } from './lib.js';
import { measure, printTable, type BenchResult, type WorkerOutput } from './measure.js';
import { CITY, FIRST, LAST, withCheckDigit } from './data.js';

const dir = new URL('./.data/', import.meta.url);


/** Writes (once) the 100k-row sample and returns its path. */
export function csvFixture(rows = 100_000): string {
  const path = new URL(`dtmax-${rows}.csv`, dir);
  if (existsSync(path)) return path.pathname;
  mkdirSync(dir, { recursive: true });
  const lines = ['NAS;Prénom;Nom;Date de naissance;Courriel;Téléphone;Langue;Adresse;Ville;Province;Code postal;Dossier;Lien;NAS du conjoint'];
  for (let i = 0; i < rows; i++) {
    const sin = withCheckDigit(String(10_000_000 + i * 7));
    const first = FIRST[i % FIRST.length] ?? '';
    const last = LAST[(i * 7) % LAST.length] ?? '';
    lines.push(
      [
        `${sin.slice(0, 3)} ${sin.slice(3, 6)} ${sin.slice(6)}`, first, last, `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
        `client${i}@exemple.ca`, `514 555-${String(i % 10000).padStart(4, '0')}`, i % 3 === 0 ? 'Anglais' : 'Français',
        `"${i}, rue Saint-Denis; app. ${i % 40}"`, CITY[i % CITY.length] ?? '', 'Québec', 'H2X 3J8', `DOSSIER-${Math.floor(i / 3)}`,
        i % 3 === 0 ? 'Contribuable' : i % 3 === 1 ? 'Conjoint' : 'Personne à charge', '',
      ].join(';'),
    );
  }
  writeFileSync(path, iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1252'));
  return path.pathname;
}

/** Worker tasks, run in a child process each. */
export const csvTasks: Record<string, (file: string) => Promise<WorkerOutput>> = {
  // The floor: read, decode, split lines and fields, touch every field.
  async floor(file) {
    const t0 = performance.now();
    const text = new TextDecoder('latin1').decode(readFileSync(file));
    let rows = 0;
    let chars = 0;
    for (const line of text.split('\r\n')) {
      if (line === '') continue;
      for (const field of line.split(';')) chars += field.length;
      rows++;
    }
    if (chars < 0) throw new Error('unreachable');
    return { items: rows - 1, ms: performance.now() - t0 };
  },
  // csv-parse alone on the same bytes (streaming, arrays, latin1 decoding by Node).
  async csvParse(file) {
    const t0 = performance.now();
    let rows = 0;
    const parser = createReadStream(file).pipe(csvParse({ delimiter: ';', encoding: 'latin1', relax_column_count: true }));
    for await (const record of parser as AsyncIterable<string[]>) if (record.length > 0) rows++;
    return { items: rows - 1, ms: performance.now() - t0 };
  },
  async ourStream(file) {
    const { streamDtmaxCsv } = await loadCore();
    const t0 = performance.now();
    let rows = 0;
    for await (const row of streamDtmaxCsv(createReadStream(file))) if (row.record !== undefined || row.issues.length > 0) rows++;
    return { items: rows, ms: performance.now() - t0 };
  },
  async ourCollect(file) {
    const { parseDtmaxCsv } = await loadCore();
    const t0 = performance.now();
    const result = await parseDtmaxCsv(readFileSync(file));
    return { items: result.meta.counts.rows, ms: performance.now() - t0 };
  },
};

/** Runs the CSV benchmark and prints its table. */
export function benchCsv(rows = 100_000): BenchResult[] {
  const file = csvFixture(rows);
  const results = [
    measure('floor: read + decode + split lines/fields', 'rows', 'csv:floor', [file]),
    measure('csv-parse alone (streaming, arrays)', 'rows', 'csv:csvParse', [file]),
    measure('streamDtmaxCsv (validated, streamed)', 'rows', 'csv:ourStream', [file]),
    measure('parseDtmaxCsv (validated, all records kept)', 'rows', 'csv:ourCollect', [file]),
  ];
  printTable(`DT Max CSV, ${rows.toLocaleString('en-US')} rows, Windows-1252, 14 columns`, results);
  const [floor, baseline, ours] = results;
  if (floor !== undefined && baseline !== undefined && ours !== undefined) {
    console.log(`\nstreamed: ${(ours.perSecond / baseline.perSecond).toFixed(2)}× csv-parse (target ≥ 0.80), ${(ours.perSecond / floor.perSecond).toFixed(2)}× the floor (target ≥ 0.20), peak ${ours.peakRssMb.toFixed(0)} MB (target < 150 MB)`);
  }
  return results;
}
