/**
 * Client-sync benchmark: `diffClients` at 10k, 100k and 1M stored × incoming clients, side by side with the floor of
 * a Map join building the same plan (and the baseline checkout when TAXSYNC_BENCH_BASELINE names one), and
 * `applyClientImport` of 10,000 new clients through the memory adapters, invitations included. Each measurement runs in its own child process so its peak RSS is its own.
 *
 * Run alone: `npm run bench clients`.
 */
import type { ClientRecord, ParseResult, StoredClient } from '../src/index.js';
import { loadAdapters, loadCore, timed } from './lib.js';
import { compare, measure, median, printTable, sizes, type BenchResult } from './measure.js';
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
  // Hosts hand over clients read from a database or a JSON API, whose strings are flat; the template literals below
  // make rope strings that no real input has and that compare several times slower. Each record goes through JSON
  // (one by one: a million of them would pass V8's longest string at once).
  const flat = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const existing: StoredClient[] = [];
  const incoming: ClientRecord[] = [];
  for (let i = 0; i < n; i++) {
    const stored = person(i, 10_000_000);
    existing.push(flat({ ...stored, id: `client-${i}`, version: 1 } as StoredClient));
    let row: ClientRecord = { ...person(i, 10_000_000), source: { row: i + 2 } };
    if (i % 10 === 0 && row.kind === 'individual') row = { ...row, firstName: row.firstName.toUpperCase(), lastName: row.lastName.toUpperCase() };
    if (i % 10 === 1) row = { ...row, address: { ...row.address, city: 'Laval' } };
    if (i % 10 === 2) row = { ...person(i, 20_000_000), source: { row: i + 2 } };
    incoming.push(flat(row));
  }
  return { existing, incoming };
}


/** The items of a plan, as the floor builds them (the shapes of `ClientPlan`'s items). */
type Item = Record<string, unknown>;

/** Worker tasks, run in a child process each. */
export const clientTasks: Record<string, (size?: string) => Promise<{ ms: number; items: number }>> = {
  // The floor: a Map join that builds the same plan — one Map over the stored SINs, a lookup per row, every field
  // compared (=== then lower case, so that an UPPERCASE export is unchanged as in taxsync), and the same items:
  // creates, unchanged, updates with their changes and merged record. No normalization beyond case, no conflicts, no
  // duplicate or e-mail checks, no messages.
  async floor(size = '100000') {
    const { existing, incoming } = practice(Number(size));
    const runs: number[] = [];
    type Flat = Readonly<Record<string, string | undefined>> & { readonly address?: Readonly<Record<string, string | undefined>> };
    const FIELDS = ['firstName', 'lastName', 'birthDate', 'spouseSin', 'role', 'email', 'phone', 'language', 'clientFile', 'clientNumber'];
    const PARTS = ['line1', 'line2', 'city', 'province', 'postalCode', 'country'];
    const same = (a: string | undefined, b: string | undefined): boolean => a === b || b === undefined || (a !== undefined && a.toLowerCase() === b.toLowerCase());
    for (let r = 0; r < 4; r++) {
      const t0 = performance.now();
      const bySin = new Map<string, StoredClient>();
      for (const c of existing) if (c.kind === 'individual' && c.sin !== undefined) bySin.set(c.sin, c);
      const creates: Item[] = [];
      const unchanged: Item[] = [];
      const updates: Item[] = [];
      for (let i = 0; i < incoming.length; i++) {
        const row = incoming[i] as ClientRecord;
        if (row.kind !== 'individual' || row.sin === undefined) continue;
        const stored = bySin.get(row.sin);
        if (stored === undefined) {
          creates.push({ action: 'create', index: i, row: row.source?.row, record: row, warnings: [] });
          continue;
        }
        const c = stored as unknown as Flat;
        const x = row as unknown as Flat;
        let changes: { field: string; from: string | undefined; to: string | undefined }[] | undefined;
        for (const f of FIELDS) if (!same(c[f], x[f])) (changes ??= []).push({ field: f, from: c[f], to: x[f] });
        for (const f of PARTS) if (!same(c.address?.[f], x.address?.[f])) (changes ??= []).push({ field: `address.${f}`, from: c.address?.[f], to: x.address?.[f] });
        if (changes === undefined) {
          unchanged.push({ action: 'unchanged', index: i, id: stored.id, matchedBy: 'sin', record: row, row: row.source?.row, version: stored.version });
          continue;
        }
        const { id: _id, version: _version, source: _source, ...rest } = stored;
        const merged: Record<string, unknown> = { ...rest, address: { ...stored.address } };
        for (const change of changes) {
          if (change.field.startsWith('address.')) (merged.address as Record<string, unknown>)[change.field.slice(8)] = change.to;
          else merged[change.field] = change.to;
        }
        updates.push({ action: 'update', index: i, id: stored.id, matchedBy: 'sin', record: merged, incoming: row, changes, warnings: [], row: row.source?.row, version: stored.version });
      }
      if (r > 0) runs.push(performance.now() - t0);
      if (creates.length !== incoming.length / 10 || updates.length !== incoming.length / 10 || unchanged.length !== (incoming.length / 10) * 8) {
        throw new Error(`floor: unexpected plan ${creates.length} ${updates.length} ${unchanged.length}`);
      }
    }
    return { ms: median(runs), items: incoming.length };
  },
  async diff(size = '100000') {
    const { diffClients } = await load();
    const { existing, incoming } = practice(Number(size));
    const runs: number[] = [];
    const n = incoming.length;
    for (let r = 0; r < 4; r++) {
      const t0 = performance.now();
      const plan = diffClients(existing, incoming);
      const ms = performance.now() - t0;
      if (plan.summary.creates !== n / 10 || plan.summary.updates !== n / 10 || plan.summary.unchanged !== (n / 10) * 8) {
        throw new Error(`unexpected plan ${JSON.stringify(plan.summary)}`);
      }
      if (r > 0) runs.push(ms);
    }
    return { ms: median(runs), items: n };
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

/** Runs the client-sync benchmark, each measurement in its own child process, and prints its tables. */
export function benchClients(): BenchResult[] {
  // `TAXSYNC_BENCH_BASELINE=/path/to/checkout`: that checkout's built dist/ runs beside this one (before/after).
  const baseline = process.env.TAXSYNC_BENCH_BASELINE;
  const results: BenchResult[] = [];
  for (const n of sizes([10_000, 100_000, 1_000_000])) {
    const size = String(n);
    const label = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
    const diff = compare(`diffClients, ${label} stored × ${label} incoming (80% same, a tenth of them UPPERCASE; 10% changed; 10% new; warm, median)`, 'rows', [
      { name: 'floor: Map join building the same plan', task: 'clients:floor', args: [size] },
      { name: 'taxsync', task: 'clients:diff', args: [size] },
      ...(baseline === undefined ? [] : [{ name: 'baseline', task: 'clients:diff', args: [size], packageRoot: baseline }]),
    ]);
    const [floor, ours] = diff;
    if (floor !== undefined && ours !== undefined) console.log(`\ndiffClients ${label}: ${(ours.perSecond / floor.perSecond).toFixed(2)} of the Map-join floor (target ≥ 0.6)`);
    results.push(...diff);
  }
  const apply = measure('applyClientImport, 10k creates + invitations (memory adapters, concurrency 8)', 'clients', 'clients:apply');
  printTable('Client import apply', [apply]);
  return [...results, apply];
}
