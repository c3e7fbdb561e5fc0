/**
 * Apply throughput of the three jobs (items per second, memory adapters, so what is measured is taxsync's own work:
 * the journal, claims, checks and reports around each effect):
 * - client import: 10,000 new clients created, invited and placed in their client files (bench/clients.ts);
 * - document dispatch: 1,000 documents to consult, one per client, each client e-mailed once;
 * - signature sync: 2,000 client files of two taxpayers, one completed T183 each.
 *
 * `npm run bench apply` measures this checkout. With `TAXSYNC_BENCH_BASELINE=/path/to/an/older/checkout` (built:
 * `npm ci && npm run build` there), it measures that checkout too, task by task in alternation, and prints the ratio:
 * the kernel's claims must not cost more than 10 % of any job's throughput (issue #10).
 */
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import type { ClientFile, ClientRecord, SignatureCompletion } from '../src/index.js';
import { CITY, FIRST, LAST, withCheckDigit } from './data.js';
import { clientTasks } from './clients.js';
import { loadAdapters, loadCore, timed } from './lib.js';
import { compare, type BenchResult, type Contender } from './measure.js';

// TAXSYNC_BENCH_SCALE multiplies the sizes (profiling at a scale where one run's noise averages out).
const SCALE = Number(process.env.TAXSYNC_BENCH_SCALE ?? 1);
const DISPATCH_DOCUMENTS = 1_000 * SCALE;
const SYNC_FILES = 2_000 * SCALE;

/** Client `i` of a firm: a valid SIN, a French name, an e-mail, an address in Quebec. */
export function person(i: number): ClientRecord {
  return {
    kind: 'individual',
    sin: withCheckDigit(String(40_000_000 + i * 7)),
    firstName: FIRST[i % FIRST.length] ?? 'Zoé',
    lastName: LAST[(i * 7) % LAST.length] ?? 'Côté',
    email: `client${i}@exemple.ca`,
    language: i % 3 === 0 ? 'en' : 'fr',
    address: { line1: `${i}, rue Saint-Denis`, city: CITY[i % CITY.length] ?? 'Montréal', province: 'QC', postalCode: 'H2X 3J8' },
  };
}

const flat = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A one-page PDF per client, told apart by a trailing comment (distinct bytes, distinct SHA-256). */
export async function archive(clients: readonly ClientRecord[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  page.drawText('T183 — Authorization to e-file', { x: 72, y: 720, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  const base = await doc.save();
  const files: Record<string, Uint8Array> = {};
  clients.forEach((c, i) => {
    if (c.kind !== 'individual' || c.sin === undefined) return;
    const tail = new TextEncoder().encode(`\n%${i}\n`);
    const bytes = new Uint8Array(base.length + tail.length);
    bytes.set(base);
    bytes.set(tail, base.length);
    files[`${c.sin} - ${c.firstName} ${c.lastName}.pdf`] = bytes;
  });
  return zipSync(files, { level: 1 });
}

type Run = () => Promise<{ ms: number; items: number }>;

/**
 * A job's steady throughput in a long-running host process: three untimed applies (each on fresh data: JIT, heap
 * growth and the zod schemas' first compilation are paid there), then the median of three timed ones. What a firm
 * runs in tax season is a worker or a web server applying plan after plan, not one apply per process.
 */
async function steady(run: Run): Promise<{ ms: number; items: number }> {
  for (let i = 0; i < 3; i++) await run();
  const runs = [await run(), await run(), await run()].sort((a, b) => a.ms - b.ms);
  return runs[1] as { ms: number; items: number };
}

const jobs: Record<string, Run> = {
  async dispatch() {
    const core = await loadCore();
    const adapters = await loadAdapters();
    const clients = flat(Array.from({ length: DISPATCH_DOCUMENTS }, (_, i) => person(i)));
    const store = adapters.createMemoryClientStore();
    const portal = adapters.createMemoryPortal();
    const mailer = adapters.createOutboxMailer();
    // Every client already invited, the way taxsync invites (its invitations journal knows): the dispatch only sends.
    const invitations = adapters.createOutboxMailer();
    for (const record of clients) {
      const { client } = await store.create({ record });
      if (client.kind === 'individual') await core.inviteOrMatchClient({ email: client.email ?? '', ...(client.sin === undefined ? {} : { sin: client.sin }) }, { store, portal, mailer: invitations });
    }
    const plan = await core.previewDocumentDispatch({ zip: await archive(clients), documentType: 'T183', year: 2025, purpose: 'consult' }, { store });
    const { ms, value: report } = await timed(() => core.applyDocumentDispatch(plan, { store, portal, mailer }, { concurrency: 8 }));
    if (report.summary.sent !== DISPATCH_DOCUMENTS || report.summary.emailsSent !== DISPATCH_DOCUMENTS) throw new Error(`unexpected report ${JSON.stringify(report.summary)}`);
    return { ms, items: DISPATCH_DOCUMENTS };
  },
  async sync() {
    const core = await loadCore();
    const adapters = await loadAdapters();
    const store = adapters.createMemoryClientStore();
    const portal = adapters.createMemoryPortal();
    const ids: string[] = [];
    for (let f = 0; f < SYNC_FILES; f++) {
      const taxpayers = [0, 1].map((k) => ({ taxpayerId: `c-${f}-${k}`, role: k === 0 ? ('principal' as const) : ('spouse' as const), name: `${FIRST[(f + k) % FIRST.length] ?? 'Zoé'} ${LAST[f % LAST.length] ?? 'Côté'}` }));
      const file: ClientFile = { id: `DOSSIER-${f}`, taxpayers };
      await store.putClientFile(file);
      for (const t of taxpayers) {
        const signedAt = new Date(Date.UTC(2026, 2, 1) + f * 61_000).toISOString();
        const completion: SignatureCompletion = {
          id: `env-${t.taxpayerId}`, documentId: `doc-${t.taxpayerId}`, clientId: t.taxpayerId, documentType: 'T183', taxYear: 2025, state: 'completed', updatedAt: signedAt,
          signers: [{ role: 'taxpayer', name: t.name, status: 'signed', signedAt, timeZone: 'America/Toronto' }],
          certificateId: `CERT-${t.taxpayerId}`, channel: 'portal', signedPdfSha256: (f % 16).toString(16).repeat(64),
        };
        portal.recordCompletion(completion);
      }
      ids.push(file.id);
    }
    const { ms, value: log } = await timed(() => core.syncSignatures({ clientFileIds: ids, taxYear: 2025 }, { store, portal }, { concurrency: 8 }));
    if (log.summary.updated !== SYNC_FILES * 2) throw new Error(`unexpected summary ${JSON.stringify(log.summary)}`);
    return { ms, items: SYNC_FILES * 2 };
  },
  import: () => (clientTasks.apply as Run)(),
};

/**
 * Child-process tasks (group `apply`): `<job>` is the steady throughput ({@link steady}); `<job>First` the first
 * apply of a fresh process (compiling included), shown beside it.
 */
export const applyTasks: Record<string, () => Promise<{ ms: number; items: number }>> = Object.fromEntries(
  Object.entries(jobs).flatMap(([name, run]) => [
    [name, () => steady(run)],
    [`${name}First`, run],
  ]),
);

const TASKS = [
  ['client import: 10k creates + invitations into 3,334 client files', 'clients', 'apply:import'],
  ['document dispatch: 1k documents + e-mails', 'documents', 'apply:dispatch'],
  ['signature sync: 2k files, 4k taxpayers', 'taxpayers', 'apply:sync'],
] as const;

/**
 * Measures each job's apply (median of 5, interleaved with the baseline when one is given) and prints the tables:
 * the steady throughput (the goal of #10: within 10 % of the baseline), then the first apply of a fresh process.
 */
export function benchApply(): BenchResult[] {
  const baseline = process.env.TAXSYNC_BENCH_BASELINE;
  const results: BenchResult[] = [];
  const tasks = TASKS.flatMap(([name, unit, task]): [string, string, string][] => [
    [`${name}, steady (a host applying plan after plan)`, unit, task],
    [`${name}, first apply of a fresh process`, unit, `${task}First`],
  ]);
  for (const [name, unit, task] of tasks) {
    const contenders: Contender[] = [{ name: 'this checkout', task }];
    if (baseline !== undefined) {
      contenders.push({ name: 'baseline', task, packageRoot: baseline });
      // The baseline's job on this checkout's memory adapters: both versions of the job on the very same adapters,
      // so the ratio to this line is what the job itself costs (the claims, guards and journal of the kernel).
      contenders.push({ name: "baseline job on this checkout's adapters", task, packageRoot: baseline, env: { TAXSYNC_BENCH_ADAPTERS: fileURLToPath(new URL('../', import.meta.url)) } });
    }
    results.push(...compare(`Apply throughput, ${name} (memory adapters)`, unit, contenders, { rounds: baseline === undefined ? 3 : 5, reference: 'baseline' }));
  }
  return results;
}
