/**
 * Runs one measurement in a fresh child process so that peak memory (maxRSS) belongs to that measurement alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildSync } from 'esbuild';
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
}

/** What a worker prints on stdout (one JSON line). */
export interface WorkerOutput {
  readonly items: number;
  readonly ms: number;
}

const root = fileURLToPath(new URL('../', import.meta.url));
let bundled: string | undefined;

/**
 * The worker, bundled once into plain JavaScript: a child running under a TypeScript loader would carry the loader's
 * own thread and memory (about 40 MB) in every peak RSS measured.
 */
function workerScript(): string {
  if (bundled !== undefined) return bundled;
  const out = fileURLToPath(new URL('./.data/worker.mjs', import.meta.url));
  mkdirSync(dirname(out), { recursive: true });
  buildSync({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  bundled = out;
  return out;
}

/**
 * Runs `bench/worker.ts <task> ...args` in a child and returns its timing with the child's peak RSS. `packageRoot`: the
 * checkout whose built `dist/` the task measures (default: this one; another one for a before/after comparison).
 */
export function measure(name: string, unit: string, task: string, args: readonly string[] = [], packageRoot: string = root): BenchResult {
  const child = spawnSync(process.execPath, ['--expose-gc', workerScript(), task, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    cwd: root,
    env: { ...process.env, TAXSYNC_ROOT: packageRoot },
  });
  if (child.status !== 0) throw new Error(`bench task ${task} failed:\n${child.stderr}`);
  const lines = child.stdout.trim().split('\n');
  const out = JSON.parse(lines[lines.length - 1] ?? '{}') as WorkerOutput & { maxRssKb: number };
  return { name, unit, items: out.items, ms: out.ms, perSecond: (out.items / out.ms) * 1000, peakRssMb: out.maxRssKb / 1024 };
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
