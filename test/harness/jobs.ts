/**
 * The three jobs, each seen by the harness the same way: seed a world, preview once, apply a plan through some
 * ports, and read the report as one outcome per plan item. The harness, the concurrency tests and the child
 * processes use these drivers and nothing else of the jobs, so when a job's public shape changes (plans as
 * documents, outcomes as data) only its driver here changes.
 */
import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import {
  applyClientImport,
  applyDocumentDispatch,
  createOutboxMailer,
  inviteOrMatchClient,
  loadDispatchPlan,
  previewClientImport,
  previewDocumentDispatch,
  syncSignatures,
  type ClientImportPreview,
  type ClientImportReport,
  type ClientRecord,
  type DispatchPlan,
  type DispatchReport,
  type SignatureCompletion,
  type SyncLog,
} from '../../src/index.js';
import { dtmaxFile } from '../clients/helpers.js';
import { PEOPLE } from '../matching/people.js';
import { completed, signed } from '../sync/helpers.js';
import type { Ports, World } from './state.js';

/** What every apply of the harness is given: a short lease and the world's clock. */
export interface RunOptions {
  readonly leaseMs: number;
  readonly now: () => Date;
  readonly owner?: string;
  /** Items applied at the same time. */
  readonly concurrency?: number;
  /** Only these plan items (a chunk); all when absent. */
  readonly items?: readonly string[];
  /** The file or archive the plan was previewed from, when the driver cannot make it again (a worker process). */
  readonly source?: Uint8Array;
}

/** One job, as the harness drives it. */
export interface JobDriver<Plan, Report> {
  readonly name: string;
  /** Whether the job sends e-mail (then the harness runs it with and without mailer idempotency keys). */
  readonly mails: boolean;
  /** Puts the job's starting data in the world (through the world's own ports: not counted, never faulty). */
  setup(world: World): Promise<void>;
  /** The plan, made once per world. */
  preview(world: World): Promise<Plan>;
  /** Applies the plan (all of it) through `ports`. */
  apply(plan: Plan, ports: Ports, options: RunOptions): Promise<Report>;
  /**
   * One outcome per item of the plan, in words that do not depend on which run did the work (`applied`, not
   * `created` / `skipped`): a crash-free run and a faulty run followed by a healthy one must give the same map,
   * except that an e-mail may be `delivery_unknown`. Client ids are replaced by `who` (ids differ between worlds).
   */
  outcomes(plan: Plan, report: Report, who: ReadonlyMap<string, string>): Map<string, string>;
  /** The keys {@link JobDriver.outcomes} must have: every row / entry / taxpayer of the plan. */
  itemKeys(plan: Plan): string[];
}

/**
 * A plan's item keys cut into `n` chunks, one per worker (for `options.items` once the applies take it: see the TODO
 * in child-apply.ts).
 */
export function chunksOf(keys: readonly string[], n: number): string[][] {
  const out: string[][] = Array.from({ length: n }, () => []);
  keys.forEach((key, i) => out[i % n]?.push(key));
  return out;
}

export const FIRM = 'Cabinet Tremblay CPA';
export const PORTAL_URL = 'https://portail.example.test';

// ── Job 1: client import ────────────────────────────────────────────────────────────────────────────────────────

/** Seán is already a client with an old phone number and address (an update); the others are new. */
export const SEAN_BEFORE: ClientRecord = {
  kind: 'individual',
  sin: '412589632',
  firstName: 'Seán',
  lastName: 'O’Brien',
  email: 'sean.obrien@example.com',
  phone: '+16135550100',
  language: 'en',
  address: { line1: '12 Bank Street', city: 'Ottawa', province: 'ON', postalCode: 'K1P 5B4' },
};

/** The import's preview input: the sample DT Max list, as DT Max saves it (Windows-1252). */
export const importInput = () => ({ file: dtmaxFile(), source: 'dtmax' as const, accountManager: 'julie.tremblay', locale: 'fr' as const });

export const importJob: JobDriver<ClientImportPreview, ClientImportReport> = {
  name: 'client import',
  mails: true,
  async setup(world) {
    await world.store.create({ record: SEAN_BEFORE });
  },
  async preview(world) {
    return previewClientImport(importInput(), { store: world.store });
  },
  apply(plan, ports, { source, ...options }) {
    // Always as a stored plan would come back: its JSON document, and the file again.
    return applyClientImport(JSON.stringify(plan.document), ports, { firmName: FIRM, file: source ?? importInput().file, ...options });
  },
  outcomes(_plan, report, who) {
    const out = new Map<string, string>();
    for (const item of report.items) {
      let status: string;
      switch (item.status) {
        case 'created':
        case 'updated':
        case 'skipped':
          status = 'applied';
          break;
        case 'unchanged':
          status = 'unchanged';
          break;
        default:
          status = `${item.status} ${item.code}`;
      }
      const invitation = item.status === 'created' || item.status === 'skipped' ? item.invitation : undefined;
      const invited =
        invitation === undefined ? '' : invitation.status === 'sent' || invitation.status === 'already_sent' ? ' invited' : ` invitation ${invitation.status} ${invitation.code ?? ''}`;
      const client = 'clientId' in item && item.clientId !== undefined ? ` ${who.get(item.clientId) ?? '?'}` : '';
      out.set(String(item.row), `${status}${client}${invited}`);
    }
    return out;
  },
  itemKeys: (plan) => plan.rows.map((r) => String(r.row)),
};

// ── Job 2: document dispatch ────────────────────────────────────────────────────────────────────────────────────

let pdfs: Promise<Uint8Array[]> | undefined;
/** Five small real PDFs, made once per test file. */
const dispatchPdfs = (): Promise<Uint8Array[]> =>
  (pdfs ??= (async () => {
    // Loaded on first use: the worker processes, which never make PDFs, start faster without pdf-lib.
    const { makePdf } = await import('../fixtures/pdfs.js');
    return Promise.all(['T183 Simon', 'T183 Marie-Eve', 'Lettre de mission Marie-Eve', 'T183 Sean', 'T183 Benoit', 'T183 Zoe'].map((t) => makePdf(t)));
  })());

/** The archive the program printed: one client with two documents, a client not yet invited, one without e-mail. */
export async function dispatchArchive(): Promise<Uint8Array> {
  const [simon, marie, letter, sean, benoit, zoe] = await dispatchPdfs();
  // One fixed date: fflate stamps entries with the current time otherwise, and an archive made two seconds later is
  // another archive (the plan would rightly refuse it: plan_source_mismatch).
  return zipSync({
    'T183 2025/130 692 544 - Simon Provencher.pdf': simon as Uint8Array,
    'T183 2025/271845935 - Marie-Ève Côté.pdf': marie as Uint8Array,
    'T183 2025/271845935 - Marie-Ève Côté (lettre).pdf': letter as Uint8Array,
    'T183 2025/412589632 - Seán O’Brien.pdf': sean as Uint8Array,
    'T183 2025/523698744 - Benoît Lœuillet.pdf': benoit as Uint8Array,
    'T183 2025/631478526 - Zoé Gagnon-Tremblay.pdf': zoe as Uint8Array,
    'T183 2025/notes.txt': new TextEncoder().encode('Rappeler Simon lundi'),
  }, { mtime: new Date('2026-03-02T09:00:00') });
}

/** The dispatch's preview input, from the archive's bytes. */
export const dispatchInput = (zip: Uint8Array) => ({ zip, documentType: 'T183', year: 2025, purpose: 'consult' as const });

/**
 * Seeds the dispatch's clients (in a fixed order: the store's ids, hence the plan's id, are the same in every world);
 * Simon and Marie-Ève already have their portal account (opened by an earlier import).
 */
export async function seedDispatchClients(world: Pick<Ports, 'store' | 'portal'>): Promise<void> {
  for (const record of PEOPLE) {
    const { client } = await world.store.create({ record });
    if (client.kind === 'individual' && (client.firstName === 'Simon' || client.firstName === 'Marie-Ève') && client.email !== undefined) {
      // Invited the way taxsync invites (the invitations journal records it), by a mailer of its own: not counted.
      await inviteOrMatchClient({ email: client.email, ...(client.sin === undefined ? {} : { sin: client.sin }) }, { store: world.store, portal: world.portal, mailer: createOutboxMailer() });
    }
  }
}

export const dispatchJob: JobDriver<DispatchPlan, DispatchReport> = {
  name: 'document dispatch',
  mails: true,
  async setup(world) {
    await seedDispatchClients(world);
  },
  async preview(world) {
    return previewDocumentDispatch(dispatchInput(await dispatchArchive()), { store: world.store }, { locale: 'fr' });
  },
  async apply(plan, ports, { source, ...options }) {
    // Always as a stored plan would come back: its JSON document (no PDF in it), and the archive again.
    const document = await loadDispatchPlan(JSON.stringify(plan.document));
    return applyDocumentDispatch(document, ports, { firmName: FIRM, portalUrl: PORTAL_URL, zip: source ?? (await dispatchArchive()), ...options });
  },
  outcomes(_plan, report, who) {
    const out = new Map<string, string>();
    for (const item of report.items) {
      const status = item.status === 'sent' || (item.status === 'skipped' && item.code === 'document_already_sent') ? 'delivered' : `${item.status} ${item.code}`;
      out.set(`entry ${item.index}`, `${status} ${item.clientId === undefined ? '-' : (who.get(item.clientId) ?? '?')}`);
    }
    for (const email of report.emails) {
      const status = email.status === 'sent' || email.status === 'already_sent' ? 'sent' : `${email.status} ${email.code}`;
      out.set(`e-mail ${who.get(email.clientId) ?? '?'}`, status);
    }
    return out;
  },
  itemKeys: (plan) => plan.lines.map((l) => `entry ${l.index}`),
};

// ── Job 3: signature sync ───────────────────────────────────────────────────────────────────────────────────────

const SYNC_CLIENTS = [
  { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', clientFile: 'PROVENCHER-2025', role: 'principal' },
  { kind: 'individual', sin: '271845935', firstName: 'Marie-Ève', lastName: 'Côté', clientFile: 'PROVENCHER-2025', role: 'spouse' },
  { kind: 'individual', firstName: 'Léa', lastName: 'Provencher', clientFile: 'PROVENCHER-2025', role: 'dependant' },
  { kind: 'individual', sin: '631478526', firstName: 'Zoé', lastName: 'Gagnon-Tremblay', clientFile: 'GAGNON-2025', role: 'principal' },
  { kind: 'individual', sin: '412589632', firstName: 'Seán', lastName: 'O’Brien', clientFile: 'OBRIEN-2025', role: 'principal' },
] as const satisfies readonly ClientRecord[];

/** Completions on the portal, by the signer's first name (Seán has not signed yet: nothing to write, nothing to lose). */
const syncCompletions = (id: (firstName: string) => string): SignatureCompletion[] => [
  completed('simon-t183', id('Simon'), signed('Simon Provencher', '2026-03-02T14:03:27Z')),
  completed('marie-t183', id('Marie-Ève'), signed('Marie-Ève Côté', '2026-03-02T15:10:05Z')),
  completed('zoe-t183', id('Zoé'), signed('Zoé Gagnon-Tremblay', '2026-03-04T01:12:00Z', 'America/Vancouver')),
  completed('zoe-tp1000', id('Zoé'), signed('Zoé Gagnon-Tremblay', '2026-03-04T01:14:00Z', 'America/Vancouver'), { documentType: 'TP-1000.TE' }),
];

/** The sync's input: three client files. */
export const SYNC_INPUT = { clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025', 'OBRIEN-2025'], taxYear: 2025 };

export const syncJob: JobDriver<typeof SYNC_INPUT, SyncLog> = {
  name: 'signature sync',
  mails: false,
  async setup(world) {
    const ids = new Map<string, string>();
    const files = new Map<string, { taxpayerId: string; role: 'principal' | 'spouse' | 'dependant'; name: string }[]>();
    for (const record of SYNC_CLIENTS) {
      const { client } = await world.store.create({ record });
      ids.set(record.firstName, client.id);
      const list = files.get(record.clientFile) ?? [];
      list.push({ taxpayerId: client.id, role: record.role, name: `${record.firstName} ${record.lastName}` });
      files.set(record.clientFile, list);
    }
    for (const [id, taxpayers] of files) await world.store.putClientFile({ id, taxpayers });
    for (const completion of syncCompletions((name) => ids.get(name) ?? '?')) {
      // The portal keeps the signed PDF and the certificate of each completion; the sync keeps them in the world's
      // DocumentStore (one more port written, so one more place a fault can strike).
      const signedPdf = new TextEncoder().encode(`%PDF-1.7\n% ${completion.id} — signé\n%%EOF\n`);
      const certificate = new TextEncoder().encode(JSON.stringify({ certificate: completion.certificateId, signers: completion.signers }));
      world.portal.recordCompletion({ ...completion, signedPdfSha256: createHash('sha256').update(signedPdf).digest('hex') }, { signedPdf, certificate: { bytes: certificate, mediaType: 'application/json' } });
    }
  },
  async preview() {
    return SYNC_INPUT;
  },
  apply(input, ports, options) {
    return syncSignatures(input, ports, { locale: 'fr', ...options });
  },
  outcomes(_input, log) {
    const out = new Map<string, string>();
    for (const file of log.files) {
      if (file.status === 'failed') out.set(file.clientFileId, `failed ${file.code}`);
      for (const t of file.taxpayers) {
        const code = 'code' in t ? t.code : undefined;
        out.set(`${file.clientFileId} ${t.name}`, t.status === 'updated' || (t.status === 'unchanged' && code === undefined) ? 'signed' : `${t.status} ${code ?? ''}`);
      }
    }
    return out;
  },
  itemKeys: (input) => input.clientFileIds.flatMap((id) => SYNC_CLIENTS.filter((c) => c.clientFile === id).map((c) => `${id} ${c.firstName} ${c.lastName}`)),
};
