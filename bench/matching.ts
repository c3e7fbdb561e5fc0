/**
 * Matching benchmark, each line side by side with its floor (and the baseline checkout when TAXSYNC_BENCH_BASELINE
 * names one), at 10k, 100k and 1M clients: createClientIndex, index + match 10,000 file names, a naming pattern
 * given as a string; then the preview of a dispatch of a zip of 2,000 PDFs (reading the zip alone is bench/zip.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import type { ClientRecord } from '../src/index.js';
import { loadCore } from './lib.js';
import { compare, measure, median, printTable, sizes, type BenchResult, type Compared, type Contender, type WorkerOutput } from './measure.js';
import { FIRST, LAST, withCheckDigit } from './data.js';

const dir = new URL('./.data/', import.meta.url);


const SYLLABLES = ['ber', 'ge', 'ron', 'tré', 'pa', 'quin', 'lan', 'dry', 'bou', 'chard', 'ga', 'gnon', 'mo', 'rin', 'va', 'lée'];

// Realistic spread: most full names are unique, common surnames are shared by thousands.
export function clients(n: number): ClientRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const made = `${SYLLABLES[i % 16] ?? ''}${SYLLABLES[Math.floor(i / 16) % 16] ?? ''}${SYLLABLES[Math.floor(i / 256) % 16] ?? ''}`;
    const last = i % 50 === 0 ? (LAST[i % LAST.length] ?? '') : made.charAt(0).toUpperCase() + made.slice(1);
    return {
      kind: 'individual' as const,
      sin: withCheckDigit(String(10_000_000 + i * 7)),
      firstName: FIRST[Math.floor(i / 4096) % FIRST.length] ?? '',
      lastName: last,
      clientNumber: `C${Math.floor(i / 3)}`,
    };
  });
}

/**
 * Real names come decoded from a zip and clients from a database: flat strings. The template literals above make
 * rope strings that V8 compares and hashes several times slower; a JSON round trip gives the real representation.
 */
const flat = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Writes (once) a zip of `count` one-page PDFs and returns its path. */
async function zipFixture(count: number): Promise<string> {
  // The file name carries the generator's version: a cached archive of older names would no longer match.
  const path = new URL(`pdfs-${count}-v2.zip`, dir);
  if (existsSync(path)) return path.pathname;
  mkdirSync(dir, { recursive: true });
  const files: Record<string, Uint8Array> = {};
  const list = clients(count);
  for (const [i, c] of list.entries()) {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([612, 792]);
    for (let line = 0; line < 40; line++) page.drawText(`T183 ${i} line ${line} Authorization to e-file`, { x: 40, y: 750 - line * 16, size: 10, font });
    if (c.kind === 'individual') files[`${c.sin} - ${c.firstName} ${c.lastName}.pdf`] = await doc.save();
  }
  writeFileSync(path, zipSync(files));
  return path.pathname;
}

/** The file names of a batch: 10,000 names of clients of the list, written the four ways firms write them. */
function batchNames(list: readonly ClientRecord[], count = 10_000): string[] {
  return flat(Array.from({ length: count }, (_, k) => {
    const c = list[(k * 9973) % list.length];
    if (c === undefined || c.kind !== 'individual' || c.sin === undefined) return 'x.pdf';
    const sin = c.sin;
    switch (k % 4) {
      case 0: return `${sin.slice(0, 3)} ${sin.slice(3, 6)} ${sin.slice(6)} - ${c.firstName} ${c.lastName}.pdf`;
      case 1: return `${c.lastName.slice(0, 4).toUpperCase()}${sin}001.pdf`;
      case 2: return `T183 2025 - ${sin}.pdf`;
      default: return `${c.lastName}, ${c.firstName}.pdf`;
    }
  }));
}

/** The naive fold a hand-written matcher would use: NFD, marks removed, lower case, sorted words. */
const naiveKey = (text: string): string =>
  text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '').sort().join(' ');

const retained: unknown[] = [];

/** The heap in use after full collections (one may leave garbage that the next one takes). */
const heapUsed = (): number => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the bench worker runs with --expose-gc');
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
};

/** Worker tasks. */
export const matchingTasks: Record<string, (...args: string[]) => Promise<WorkerOutput>> = {
  // The floor of the index: one Map from SIN to client.
  async sinMap(size = '100000') {
    const list = flat(clients(Number(size)));
    const t0 = performance.now();
    const map = new Map<string, ClientRecord>();
    for (const c of list) if (c.kind === 'individual' && c.sin !== undefined) map.set(c.sin, c);
    const ms = performance.now() - t0;
    if (map.size !== list.length) throw new Error('sinMap');
    return { items: list.length, ms };
  },
  // createClientIndex; also the heap it keeps above the records (after a full GC on both sides).
  async index(size = '100000') {
    const { createClientIndex } = await loadCore();
    const list = flat(clients(Number(size)));
    // Both kept reachable from outside this function while the heap is read: a local no longer used may be collected.
    retained.push(list);
    const before = heapUsed();
    const t0 = performance.now();
    const index = createClientIndex(list);
    const ms = performance.now() - t0;
    retained.push(index);
    const bytesPerItem = (heapUsed() - before) / list.length;
    if (index.size !== list.length) throw new Error('index');
    return { items: list.length, ms, bytesPerItem };
  },
  // The floor of index + match: a regex for the number, a Map by SIN, folded-name equality (a Map by folded name for
  // the files named by name alone). No check digit, no placeholder, no second number, no messages.
  async naiveMatch(size = '100000') {
    const list = flat(clients(Number(size)));
    const names = batchNames(list);
    const t0 = performance.now();
    const bySin = new Map<string, ClientRecord>();
    const byName = new Map<string, ClientRecord>();
    for (const c of list) {
      if (c.kind !== 'individual') continue;
      if (c.sin !== undefined) bySin.set(c.sin, c);
      byName.set(naiveKey(`${c.firstName} ${c.lastName}`), c);
    }
    const NUMBER = /\d{9}|\d{3}[\s.\-_]\d{3}[\s.\-_]\d{3}/;
    let matched = 0;
    for (const name of names) {
      const stem = name.replace(/\.pdf$/i, '');
      const m = NUMBER.exec(stem);
      if (m === null) {
        if (byName.get(naiveKey(stem)) !== undefined) matched++;
        continue;
      }
      const c = bySin.get(m[0].replace(/\D/g, ''));
      if (c === undefined || c.kind !== 'individual') continue;
      const rest = naiveKey(`${stem.slice(0, m.index)} ${stem.slice(m.index + m[0].length)}`.replace(/\d+/g, ' '));
      if (rest === '' || rest === 't' || rest === naiveKey(`${c.firstName} ${c.lastName}`) || naiveKey(c.lastName).replace(/ /g, '').startsWith(rest)) matched++;
    }
    const ms = performance.now() - t0;
    if (matched < 7_000) throw new Error(`floor: only ${matched} matched`);
    return { items: names.length, ms };
  },
  // What a dispatch does: build the index, then match every file name of the batch (a fresh process: cold).
  async match(size = '100000') {
    const { createClientIndex, matchPdfToClient } = await loadCore();
    const list = flat(clients(Number(size)));
    const names = batchNames(list);
    const t0 = performance.now();
    const index = createClientIndex(list);
    let matched = 0;
    for (const name of names) if (matchPdfToClient(name, index).status === 'matched') matched++;
    const ms = performance.now() - t0;
    if (matched < 7_000) throw new Error(`only ${matched} matched`);
    return { items: names.length, ms };
  },
  // matchPdfToClient with the naming pattern as a string, or compiled once (`compiled`), against a prebuilt index.
  async pattern(form = 'string') {
    const { compileNamingPattern, createClientIndex, matchPdfToClient } = await loadCore();
    const list = flat(clients(100_000));
    const index = createClientIndex(list);
    const names = batchNames(list).map((n, k) => (k % 4 === 0 ? n : (() => {
      const c = list[(k * 9973) % list.length];
      return c !== undefined && c.kind === 'individual' ? `${c.sin ?? ''} - ${c.firstName} ${c.lastName}.pdf` : n;
    })()));
    const pattern = form === 'compiled' ? compileNamingPattern('{sin} - {name}.pdf') : '{sin} - {name}.pdf';
    const runs: number[] = [];
    let matched = 0;
    for (let pass = 0; pass < 5; pass++) {
      matched = 0;
      const t0 = performance.now();
      for (const name of names) if (matchPdfToClient(name, index, { pattern }).status === 'matched') matched++;
      runs.push(performance.now() - t0);
    }
    if (matched < 9_000) throw new Error(`only ${matched} matched`);
    return { items: names.length, ms: median(runs.slice(1)) };
  },
  // The whole preview of a dispatch to consult: read the zip, hash every PDF, match every name against the store.
  async preview(file = '') {
    const { createMemoryClientStore, previewDocumentDispatch } = await loadCore();
    const store = createMemoryClientStore();
    for (const record of clients(2_000)) await store.create({ record });
    const bytes = readFileSync(file);
    const t0 = performance.now();
    const plan = await previewDocumentDispatch({ zip: bytes, documentType: 'T183', year: 2025, purpose: 'consult' }, { store });
    // These clients have no e-mail and were never invited, so their documents are held (dispatch_no_email): count
    // the files matched to a client.
    const matched = plan.lines.filter((l) => l.clientId !== undefined).length;
    if (matched < 1_900) throw new Error(`only ${matched} matched`);
    return { items: plan.summary.entries, ms: performance.now() - t0 };
  },
};

const ratioLine = (what: string, results: readonly Compared[], ours: string, floor: string, target: string): void => {
  const a = results.find((r) => r.name === ours);
  const b = results.find((r) => r.name === floor);
  if (a !== undefined && b !== undefined) console.log(`\n${what}: ${(a.perSecond / b.perSecond).toFixed(2)} of ${floor} (target ${target})`);
};

/** Runs the matching benchmark and prints its tables. */
export async function benchMatching(): Promise<BenchResult[]> {
  // `TAXSYNC_BENCH_BASELINE=/path/to/checkout`: that checkout's built dist/ runs beside this one (before/after).
  const baseline = process.env.TAXSYNC_BENCH_BASELINE;
  const before = (task: string, args: readonly string[]): Contender[] => (baseline === undefined ? [] : [{ name: 'baseline', task, args, packageRoot: baseline }]);
  const results: BenchResult[] = [];
  for (const n of sizes([10_000, 100_000, 1_000_000])) {
    const size = String(n);
    const label = n.toLocaleString('en-US');
    const index = compare(`createClientIndex, ${label} clients`, 'clients', [
      { name: 'floor: a Map by SIN', task: 'matching:sinMap', args: [size] },
      { name: 'taxsync', task: 'matching:index', args: [size] },
      ...before('matching:index', [size]),
    ]);
    ratioLine('createClientIndex', index, 'taxsync', 'floor: a Map by SIN', '≥ 0.3');
    // The heap the index keeps above the records, from one more run (its own child).
    const heap = [measure('taxsync', 'clients', 'matching:index', [size]), ...(baseline === undefined ? [] : [measure('baseline', 'clients', 'matching:index', [size], baseline)])];
    for (const h of heap) console.log(`${h.name}: ${(h.bytesPerItem ?? Number.NaN).toFixed(0)} bytes per client above the records (target ≤ 300)`);
    const match = compare(`createClientIndex + matchPdfToClient, 10,000 file names against ${label} clients (fresh process)`, 'names', [
      { name: 'floor: regex + Map + folded-name equality', task: 'matching:naiveMatch', args: [size] },
      { name: 'taxsync', task: 'matching:match', args: [size] },
      ...before('matching:match', [size]),
    ]);
    ratioLine('index + match', match, 'taxsync', 'floor: regex + Map + folded-name equality', '≥ 0.5');
    results.push(...index, ...heap, ...match);
  }
  const pattern = compare('matchPdfToClient with a naming pattern, 10,000 names against 100,000 clients (warm)', 'names', [
    { name: 'pattern compiled once', task: 'matching:pattern', args: ['compiled'] },
    { name: 'pattern as a string', task: 'matching:pattern', args: ['string'] },
    ...before('matching:pattern', ['string']),
  ]);
  ratioLine('pattern as a string', pattern, 'pattern as a string', 'pattern compiled once', '≈ 1.0');
  results.push(...pattern);

  const zip = await zipFixture(2_000);
  const zipResults = [measure('previewDocumentDispatch, 2,000 PDFs to consult (zip + SHA-256 + match)', 'PDFs', 'matching:preview', [zip])];
  printTable('Dispatch preview', zipResults);
  return [...results, ...zipResults];
}
