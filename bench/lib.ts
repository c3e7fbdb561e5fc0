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
/** The `taxsync/xlsx` entry, built. */
export const loadXlsx = (): Promise<Xlsx> => import(distUrl('xlsx')) as Promise<Xlsx>;
/** The `taxsync/pdf` entry, built. */
export const loadPdf = (): Promise<Pdf> => import(distUrl('pdf')) as Promise<Pdf>;
/** The `taxsync/bullmq` entry, built. */
export const loadBullmq = (): Promise<Bullmq> => import(distUrl('bullmq')) as Promise<Bullmq>;
