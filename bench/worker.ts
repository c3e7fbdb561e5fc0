/**
 * Child-process entry of the benchmarks: `worker.ts <group:task> ...args` prints one JSON line. Only the task's own
 * group is loaded (each group is its own chunk of the bundle), so a child holds its contender's libraries and no
 * other's: exceljs, SheetJS, papaparse and pdf-lib loaded in every child added ~60 MB to each peak RSS measured.
 */
import { readFileSync } from 'node:fs';

type Tasks = Record<string, (...a: string[]) => Promise<{ items: number; ms: number }>>;

const [, , spec = '', ...args] = process.argv;
const [group, task = ''] = spec.split(':');
const groups: Record<string, () => Promise<Tasks>> = {
  clients: async () => (await import('./clients.js')).clientTasks,
  csv: async () => (await import('./csv.js')).csvTasks,
  matching: async () => (await import('./matching.js')).matchingTasks,
  xlsx: async () => (await import('./xlsx.js')).xlsxTasks,
  signatures: async () => (await import('./signatures.js')).signatureTasks,
  sync: async () => (await import('./sync.js')).syncTasks,
  apply: async () => (await import('./apply.js')).applyTasks,
  zip: async () => (await import('./zip.js')).zipTasks,
};
const load = groups[group ?? ''];
const fn = load === undefined ? undefined : (await load())[task];
if (fn === undefined) throw new Error(`unknown bench task ${spec}`);
const out = await fn(...args);
console.log(JSON.stringify({ ...out, maxRssKb: peakRssKb() }));

/**
 * This process's own peak RSS. Linux carries the parent's peak into a child's `ru_maxrss` across fork and exec, so
 * `process.resourceUsage().maxRSS` of a child spawned by a bench that had just built a 1M-row fixture reported the
 * bench's 758 MB instead of the child's 300 MB; `VmHWM` is the high-water mark of this process's own memory.
 */
function peakRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1] !== undefined) return Number(match[1]);
  } catch {
    // Not Linux: the rusage figure below.
  }
  return process.resourceUsage().maxRSS;
}
