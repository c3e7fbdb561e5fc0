/**
 * The benchmarks measure what users run: the built package in dist/ (typed as the sources). `npm run bench` builds
 * first. Importing the sources through tsx would add its per-closure `__name` wrappers to every measurement.
 */
type Core = typeof import('../src/index.js');
type Xlsx = typeof import('../src/xlsx.js');

const distUrl = (entry: string): string => new URL(`../dist/${entry}.js`, import.meta.url).href;

/** The main entry, built. */
export const loadCore = (): Promise<Core> => import(distUrl('index')) as Promise<Core>;
/** The `taxsync/xlsx` entry, built. */
export const loadXlsx = (): Promise<Xlsx> => import(distUrl('xlsx')) as Promise<Xlsx>;
