/**
 * `npm run bench`: speed and peak memory of taxsync's hot paths, each next to its floor measured in the same run.
 * Every measurement runs in its own child process so its peak RSS is its own.
 */
import { benchCsv } from './csv.js';

const only = process.argv[2];
if (only === undefined || only === 'csv') benchCsv();
