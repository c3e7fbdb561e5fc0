/**
 * The benchmarks measure what users run: the built package in dist/ (typed as the sources). `npm run bench` builds
 * first. Importing the sources through tsx would add its per-closure `__name` wrappers to every measurement.
 */
import { pathToFileURL } from 'node:url';

type Core = typeof import('../src/index.js');
type Xlsx = typeof import('../src/xlsx.js');
type Pdf = typeof import('../src/pdf.js');
type Bullmq = typeof import('../src/bullmq.js');

// Workers run bundled from bench/.data/, so the package root comes from the parent process when it is known.
const rootUrl = process.env.TAXSYNC_ROOT === undefined ? new URL('../', import.meta.url) : pathToFileURL(`${process.env.TAXSYNC_ROOT}/`);
const distUrl = (entry: string): string => new URL(`dist/${entry}.js`, rootUrl).href;

/** The main entry, built. */
export const loadCore = (): Promise<Core> => import(distUrl('index')) as Promise<Core>;
/**
 * The memory adapters a task runs a job against: the measured checkout's own, or, with `TAXSYNC_BENCH_ADAPTERS` set to
 * a checkout, that one's — so that two versions of a job can be compared on the very same adapters (what the job
 * itself costs, not what its test doubles cost).
 */
export const loadAdapters = async (): Promise<Pick<Core, 'createMemoryClientStore' | 'createMemoryPortal' | 'createOutboxMailer'>> => {
  const other = process.env.TAXSYNC_BENCH_ADAPTERS;
  return (await import(other === undefined ? distUrl('index') : new URL('dist/index.js', pathToFileURL(`${other}/`)).href)) as Core;
};
/** The `taxsync/xlsx` entry, built. */
export const loadXlsx = (): Promise<Xlsx> => import(distUrl('xlsx')) as Promise<Xlsx>;
/** The `taxsync/pdf` entry, built. */
export const loadPdf = (): Promise<Pdf> => import(distUrl('pdf')) as Promise<Pdf>;
/** The `taxsync/bullmq` entry, built. */
export const loadBullmq = (): Promise<Bullmq> => import(distUrl('bullmq')) as Promise<Bullmq>;

/** Set by a profiling script (`.tmp/prof.mts`-style) to wrap the timed part of a task, e.g. with the inspector's Profiler. */
type Around = <T>(fn: () => Promise<T>) => Promise<T>;

/** Times the measured part of a task; a profiler given as `globalThis.taxsyncBenchAround` wraps exactly that part. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const around = (globalThis as { taxsyncBenchAround?: Around }).taxsyncBenchAround;
  const t0 = performance.now();
  const value = around === undefined ? await fn() : await around(fn);
  return { ms: performance.now() - t0, value };
}
