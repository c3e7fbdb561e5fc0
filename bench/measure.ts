/**
 * Runs one measurement in a fresh child process so that peak memory (maxRSS) belongs to that measurement alone.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** One line of a benchmark table. */
export interface BenchResult {
  readonly name: string;
  /** Items per second (rows, docs, matches…). */
  readonly perSecond: number;
  readonly unit: string;
  readonly peakRssMb: number;
  readonly items: number;
  readonly ms: number;
  /** Heap bytes per item the measured structure keeps, when the task measures it (after a full GC). */
  readonly bytesPerItem?: number;
}

/** What a worker prints on stdout (one JSON line). */
export interface WorkerOutput {
  readonly items: number;
  readonly ms: number;
  readonly bytesPerItem?: number;
}

const root = fileURLToPath(new URL('../', import.meta.url));
let bundled: string | undefined;

/**
 * The worker, bundled once into plain JavaScript: a child running under a TypeScript loader would carry the loader's
 * own thread and memory (about 40 MB) in every peak RSS measured.
 */
function workerScript(): string {
  if (bundled !== undefined) return bundled;
  // Required here, not imported: the children load this module too, and need no bundler.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const outdir = fileURLToPath(new URL('./.data/worker/', import.meta.url));
  buildSync({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    outdir,
    // One chunk per group, loaded by the worker only for its own task.
    splitting: true,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  bundled = `${outdir}worker.mjs`;
  return bundled;
}

/**
 * Runs `bench/worker.ts <task> ...args` in a child and returns its timing with the child's peak RSS. `packageRoot`: the
 * checkout whose built `dist/` the task measures (default: this one; another one for a before/after comparison).
 */
export function measure(name: string, unit: string, task: string, args: readonly string[] = [], packageRoot: string = root, env: Readonly<Record<string, string>> = {}): BenchResult {
  const child = spawnSync(process.execPath, ['--expose-gc', workerScript(), task, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    cwd: root,
    env: { ...process.env, ...env, TAXSYNC_ROOT: packageRoot },
  });
  if (child.status !== 0) throw new Error(`bench task ${task} failed:\n${child.stderr}`);
  const lines = child.stdout.trim().split('\n');
  const out = JSON.parse(lines[lines.length - 1] ?? '{}') as WorkerOutput & { maxRssKb: number };
  return {
    name, unit, items: out.items, ms: out.ms, perSecond: (out.items / out.ms) * 1000, peakRssMb: out.maxRssKb / 1024,
    ...(out.bytesPerItem === undefined ? {} : { bytesPerItem: out.bytesPerItem }),
  };
}

/** `npm run bench -- --quick`: only the 100k lines (see {@link sizes}). */
export const QUICK = process.argv.includes('--quick');

/** `BENCH_SIZES=1000000` (comma-separated): only those sizes, e.g. to rerun the long 1M lines alone. */
const ONLY_SIZES = process.env.BENCH_SIZES?.split(',').map(Number);

/** The sizes a line runs at: all of them, only 100,000 with `--quick`, or those `BENCH_SIZES` names. */
export function sizes(all: readonly number[]): number[] {
  if (ONLY_SIZES !== undefined) return all.filter((n) => ONLY_SIZES.includes(n));
  return QUICK ? all.filter((n) => n === 100_000) : [...all];
}

/** One contender of a side-by-side line: a worker task (and its arguments) measured in its own child process. */
export interface Contender {
  readonly name: string;
  readonly task: string;
  readonly args?: readonly string[];
  /** Another checkout's built `dist/` (before/after comparisons). */
  readonly packageRoot?: string;
  /** More environment for the child (e.g. `TAXSYNC_BENCH_ADAPTERS`). */
  readonly env?: Readonly<Record<string, string>>;
}

/** A contender's result over its rounds: median speed, highest peak RSS, every run's speed. */
export interface Compared extends BenchResult {
  readonly runs: readonly number[];
}

/** The median of a list of numbers (NaN when empty). */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Measures contenders side by side: `rounds` rounds (default 5), each running every contender once in a fresh child,
 * interleaved (A B C, A B C…) so that the machine's noise falls on all of them alike; reports each one's median speed
 * and highest peak RSS, and prints the table with every contender's ratio to `reference` (default: the first).
 */
export function compare(title: string, unit: string, all: readonly Contender[], options: { rounds?: number; reference?: string; note?: string } = {}): Compared[] {
  const rounds = options.rounds ?? 5;
  // `BENCH_SKIP=pdfjs` (a regular expression): leaves out the contenders it names — never the reference — to rerun a
  // long line's key ratio alone. The skipped ones are listed under the table.
  const skip = process.env.BENCH_SKIP === undefined ? undefined : new RegExp(process.env.BENCH_SKIP, 'i');
  const isSkipped = (c: Contender): boolean => skip !== undefined && c.name !== options.reference && c !== all[0] && skip.test(c.name);
  const contenders = all.filter((c) => !isSkipped(c));
  const runs = contenders.map(() => [] as BenchResult[]);
  for (let round = 0; round < rounds; round++) {
    contenders.forEach((c, i) => runs[i]?.push(measure(c.name, unit, c.task, c.args ?? [], c.packageRoot, c.env)));
  }
  const results: Compared[] = contenders.map((c, i) => {
    const mine = runs[i] ?? [];
    const speeds = mine.map((r) => r.perSecond);
    const mid = median(speeds);
    const at = mine.find((r) => r.perSecond === mid) ?? mine[0];
    return { name: c.name, unit, items: at?.items ?? 0, ms: at?.ms ?? Number.NaN, perSecond: mid, peakRssMb: Math.max(...mine.map((r) => r.peakRssMb)), runs: speeds };
  });
  const ref = results.find((r) => r.name === options.reference) ?? results[0];
  console.log(`\n## ${title}`);
  if (options.note !== undefined) console.log(`\n${options.note}\n`);
  console.log(`| contender | speed (median of ${rounds}) | ratio to ${ref?.name ?? '—'} | peak RSS |`);
  console.log('|---|---:|---:|---:|');
  for (const r of results) {
    const ratio = ref === undefined ? Number.NaN : r.perSecond / ref.perSecond;
    console.log(`| ${r.name} | ${Math.round(r.perSecond).toLocaleString('en-US')} ${unit}/s | ${ratio.toFixed(2)} | ${r.peakRssMb.toFixed(0)} MB |`);
  }
  const skipped = all.filter(isSkipped);
  if (skipped.length > 0) console.log(`\n(not run, BENCH_SKIP: ${skipped.map((c) => c.name).join('; ')})`);
  return results;
}

/** Prints results as a table. */
export function printTable(title: string, results: readonly BenchResult[]): void {
  console.log(`\n## ${title}`);
  console.log('| measurement | speed | peak RSS |');
  console.log('|---|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.name} | ${Math.round(r.perSecond).toLocaleString('en-US')} ${r.unit}/s | ${r.peakRssMb.toFixed(0)} MB |`);
  }
}
