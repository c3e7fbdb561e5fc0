/**
 * Client-sync benchmark: `diffClients` on 100,000 stored × 100,000 incoming clients (next to the floor of a bare
 * Map join in the same run), and `applyClientImport` of 10,000 new clients through the memory adapters, invitations
 * included. Each measurement runs in its own child process so its peak RSS is its own.
 *
 * Run alone: `npx tsx bench/clients.ts` (uses dist/, so `npm run build` first; `TAXSYNC_BENCH_FROM_SRC=1` reads src/).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClientRecord, ParseResult, StoredClient } from '../src/index.js';
import { loadCore } from './lib.js';
import { CITY, FIRST, LAST, withCheckDigit } from './data.js';

/** One line of the benchmark's results. */
export interface ClientBenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly peakRssMb?: number;
}

const load = async (): Promise<typeof import('../src/index.js')> =>
  process.env.TAXSYNC_BENCH_FROM_SRC === '1' ? import('../src/index.js') : loadCore();


function person(i: number, sinBase: number): ClientRecord {
  return {
    kind: 'individual',
    sin: withCheckDigit(String(sinBase + i * 7)),
    firstName: FIRST[i % FIRST.length] ?? '',
    lastName: LAST[(i * 7) % LAST.length] ?? '',
    birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
    email: sinBase === 10_000_000 ? `client${i}@exemple.ca` : `client${i}.${sinBase / 1_000_000}@exemple.ca`,
    phone: `+1514555${String(i % 10000).padStart(4, '0')}`,
    language: i % 3 === 0 ? 'en' : 'fr',
    address: { line1: `${i}, rue Saint-Denis`, city: CITY[i % CITY.length] ?? '', province: 'QC', postalCode: 'H2X 3J8' },
    clientFile: `DOSSIER-${Math.floor(i / 3)}`,
    role: i % 3 === 0 ? 'principal' : 'spouse',
  };
}

/**
 * 100k stored clients and a 100k-row export of the same practice: 80% identical (a tenth of them in UPPERCASE, as
 * DT Max exports), 10% with a changed city, 10% new clients.
 */
function practice(n: number): { existing: StoredClient[]; incoming: ClientRecord[] } {
  const existing: StoredClient[] = [];
  const incoming: ClientRecord[] = [];
  for (let i = 0; i < n; i++) {
    const stored = person(i, 10_000_000);
    existing.push({ ...stored, id: `client-${i}`, version: 1 } as StoredClient);
    let row: ClientRecord = { ...person(i, 10_000_000), source: { row: i + 2 } };
    if (i % 10 === 0 && row.kind === 'individual') row = { ...row, firstName: row.firstName.toUpperCase(), lastName: row.lastName.toUpperCase() };
    if (i % 10 === 1) row = { ...row, address: { ...row.address, city: 'Laval' } };
    if (i % 10 === 2) row = { ...person(i, 20_000_000), source: { row: i + 2 } };
    incoming.push(row);
  }
  return { existing, incoming };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** What a child prints: its measurement and its own peak RSS. */
interface TaskOutput {
  readonly ms: number;
  readonly items: number;
  readonly maxRssKb: number;
}

const tasks: Record<string, () => Promise<{ ms: number; items: number }>> = {
  // The floor: one Map over the stored SINs, a lookup and a plain === of every field per row (no normalization,
  // no conflicts, no e-mail checks, no plan built).
  async floor() {
    const { existing, incoming } = practice(100_000);
    const runs: number[] = [];
    type Flat = Readonly<Record<string, string | undefined>> & { readonly address?: Readonly<Record<string, string | undefined>> };
    const FIELDS = ['firstName', 'lastName', 'birthDate', 'spouseSin', 'role', 'email', 'phone', 'language', 'clientFile', 'clientNumber'];
    const PARTS = ['line1', 'line2', 'city', 'province', 'postalCode', 'country'];
    for (let r = 0; r < 6; r++) {
      const t0 = performance.now();
      const bySin = new Map<string, StoredClient>();
      for (const c of existing) if (c.kind === 'individual' && c.sin !== undefined) bySin.set(c.sin, c);
      let same = 0;
      for (const row of incoming) {
        if (row.kind !== 'individual' || row.sin === undefined) continue;
        const c = bySin.get(row.sin) as unknown as Flat | undefined;
        if (c === undefined) continue;
        const x = row as unknown as Flat;
        let equal = true;
        for (const f of FIELDS) if (c[f] !== x[f]) equal = false;
        for (const f of PARTS) if (c.address?.[f] !== x.address?.[f]) equal = false;
        if (equal) same++;
      }
      if (r > 0) runs.push(performance.now() - t0);
      if (same < 0) throw new Error('unreachable');
    }
    return { ms: median(runs), items: incoming.length };
  },
  async diff() {
    const { diffClients } = await load();
    const { existing, incoming } = practice(100_000);
    const runs: number[] = [];
    for (let r = 0; r < 6; r++) {
      const t0 = performance.now();
      const plan = diffClients(existing, incoming);
      const ms = performance.now() - t0;
      if (plan.summary.creates !== 10_000 || plan.summary.updates !== 10_000 || plan.summary.unchanged !== 80_000) {
        throw new Error(`unexpected plan ${JSON.stringify(plan.summary)}`);
      }
      if (r > 0) runs.push(ms);
    }
    return { ms: median(runs), items: incoming.length };
  },
  async apply() {
    const core = await load();
    const n = 10_000;
    const records = Array.from({ length: n }, (_, i) => ({ ...person(i, 30_000_000), source: { row: i + 2 } }));
    const parsed: ParseResult = {
      records,
      issues: [],
      meta: {
        format: 'csv',
        kind: 'individual',
        headerRow: 1,
        columns: [],
        unknownColumns: [],
        counts: { rows: n, records: n, rejected: 0, blank: 0, errors: 0, warnings: 0 },
      },
    };
    const store = core.createMemoryClientStore();
    const portal = core.createMemoryPortal();
    const mailer = core.createOutboxMailer();
    const preview = await core.previewClientImport({ source: 'dtmax', parsed, accountManager: 'julie.tremblay' }, { store });
    const t0 = performance.now();
    const report = await core.applyClientImport(preview, { store, portal, mailer }, { concurrency: 8 });
    const ms = performance.now() - t0;
    if (report.totals.created !== n || mailer.messages.length !== n) throw new Error(`unexpected report ${JSON.stringify(report.totals)}`);
    return { ms, items: n };
  },
};

function measure(task: string): TaskOutput {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), task], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`bench task clients:${task} failed:\n${child.stderr}`);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '{}') as TaskOutput;
}

/** Runs the client-sync benchmark (each measurement in a child process) and returns its results. */
export async function benchClients(): Promise<ClientBenchResult[]> {
  const floor = measure('floor');
  const diff = measure('diff');
  const apply = measure('apply');
  const mb = (kb: number): number => Math.round(kb / 1024);
  return [
    { name: 'diffClients, 100k stored × 100k incoming (80% same, 10% changed, 10% new)', value: Math.round(diff.ms), unit: 'ms', peakRssMb: mb(diff.maxRssKb) },
    { name: 'floor: bare Map join of the same data, every field compared with ===', value: Math.round(floor.ms), unit: 'ms', peakRssMb: mb(floor.maxRssKb) },
    { name: 'diffClients ÷ floor', value: Math.round((diff.ms / floor.ms) * 10) / 10, unit: '×' },
    { name: 'applyClientImport, 10k creates + invitations (memory adapters, concurrency 8)', value: Math.round((apply.items / apply.ms) * 1000), unit: 'clients/s', peakRssMb: mb(apply.maxRssKb) },
  ];
}

// Child-process entry: `clients.ts <task>` prints one JSON line. Run with no task: print the whole table.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const task = process.argv[2];
  if (task === undefined) {
    for (const r of await benchClients()) console.log(`| ${r.name} | ${r.value.toLocaleString('en-US')} ${r.unit} | ${r.peakRssMb === undefined ? '' : `${r.peakRssMb} MB`} |`);
  } else {
    const run = tasks[task];
    if (run === undefined) throw new Error(`unknown task ${task}`);
    const out = await run();
    console.log(JSON.stringify({ ...out, maxRssKb: process.resourceUsage().maxRSS }));
  }
}
