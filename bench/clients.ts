/**
 * Client-sync benchmark: `diffClients` on 100,000 stored × 100,000 incoming clients (next to the floor of a bare
 * Map join in the same run), and `applyClientImport` of 10,000 new clients through the memory adapters, invitations
 * included. Each measurement runs in its own child process so its peak RSS is its own.
 *
 * Run alone: `npm run bench clients`.
 */
import type { ClientRecord, ParseResult, StoredClient } from '../src/index.js';
import { loadAdapters, loadCore, timed } from './lib.js';
import { measure, printTable, type BenchResult } from './measure.js';
import { CITY, FIRST, LAST, withCheckDigit } from './data.js';

const load = loadCore;


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
export function practice(n: number): { existing: StoredClient[]; incoming: ClientRecord[] } {
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
  // Hosts hand over clients read from a database or a JSON API, whose strings are flat; the template literals above
  // make rope strings that no real input has and that compare several times slower. Round-trip through JSON.
  return JSON.parse(JSON.stringify({ existing, incoming })) as { existing: StoredClient[]; incoming: ClientRecord[] };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Worker tasks, run in a child process each. */
export const clientTasks: Record<string, () => Promise<{ ms: number; items: number }>> = {
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
    const adapters = await loadAdapters();
    const store = adapters.createMemoryClientStore();
    const portal = adapters.createMemoryPortal();
    const mailer = adapters.createOutboxMailer();
    const preview = await core.previewClientImport({ source: 'dtmax', parsed, accountManager: 'julie.tremblay' }, { store });
    const { ms, value: report } = await timed(() => core.applyClientImport(preview, { store, portal, mailer }, { concurrency: 8 }));
    if (report.summary.created !== n || mailer.messages.length !== n) throw new Error(`unexpected report ${JSON.stringify(report.summary)}`);
    return { ms, items: n };
  },
};

/** Runs the client-sync benchmark, each measurement in its own child process, and prints its table. */
export function benchClients(): BenchResult[] {
  const floor = measure('floor: bare Map join of the same data, every field compared with ===', 'rows', 'clients:floor');
  const diff = measure('diffClients, 100k stored × 100k incoming (80% same, 10% changed, 10% new)', 'rows', 'clients:diff');
  const apply = measure('applyClientImport, 10k creates + invitations (memory adapters, concurrency 8)', 'clients', 'clients:apply');
  printTable('Client sync', [floor, diff, apply]);
  console.log(`\ndiffClients 100k × 100k: ${diff.ms.toFixed(0)} ms (target: well under a second), ${(diff.ms / floor.ms).toFixed(1)}× the bare Map join`);
  return [floor, diff, apply];
}
