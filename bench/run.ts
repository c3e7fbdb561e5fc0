/**
 * `npm run bench`: speed and peak memory of taxsync's hot paths, each next to its floor measured in the same run.
 * Every measurement runs in its own child process so its peak RSS is its own.
 */
import { benchApply } from './apply.js';
import { benchClients } from './clients.js';
import { benchCsv } from './csv.js';
import { benchMatching } from './matching.js';
import { benchQueue } from './queue.js';
import { benchSignatures } from './signatures.js';
import { benchSync } from './sync.js';
import { benchXlsx } from './xlsx.js';
import { benchZip } from './zip.js';

// `npm run bench [group] [-- --quick]`: one group (csv, xlsx, matching…) or all; `--quick` keeps the 100k lines only.
const only = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (only === undefined || only === 'csv') await benchCsv();
if (only === undefined || only === 'xlsx') await benchXlsx();
if (only === undefined || only === 'matching') await benchMatching();
if (only === undefined || only === 'zip') await benchZip();
if (only === undefined || only === 'clients') benchClients();
if (only === undefined || only === 'signatures') await benchSignatures();
if (only === undefined || only === 'sync') await benchSync();
if (only === undefined || only === 'apply') benchApply();
if (only === undefined || only === 'queue') await benchQueue();
