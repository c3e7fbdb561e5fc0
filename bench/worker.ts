/** Child-process entry of the benchmarks: `worker.ts <group:task> ...args` prints one JSON line. */
import { clientTasks } from './clients.js';
import { csvTasks } from './csv.js';
import { matchingTasks } from './matching.js';
import { xlsxTasks } from './xlsx.js';
import { signatureTasks } from './signatures.js';
import { syncTasks } from './sync.js';
import { applyTasks } from './apply.js';
import { zipTasks } from './zip.js';

const [, , spec = '', ...args] = process.argv;
const [group, task = ''] = spec.split(':');
const groups: Record<string, Record<string, (...a: string[]) => Promise<{ items: number; ms: number }>>> = { clients: clientTasks, csv: csvTasks, matching: matchingTasks, xlsx: xlsxTasks, signatures: signatureTasks, sync: syncTasks, apply: applyTasks, zip: zipTasks };
const fn = groups[group ?? '']?.[task];
if (fn === undefined) throw new Error(`unknown bench task ${spec}`);
const out = await fn(...args);
console.log(JSON.stringify({ ...out, maxRssKb: process.resourceUsage().maxRSS }));
