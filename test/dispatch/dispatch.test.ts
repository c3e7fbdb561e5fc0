import { readFile } from 'node:fs/promises';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyClientImport,
  applyDocumentDispatch,
  createMemoryClientStore,
  createMemoryDocumentStore,
  createMemoryPortal,
  createOutboxMailer,
  describeDispatchItem,
  DOCUMENT_VERSIONS_JOURNAL,
  formatDispatchPreview,
  formatDispatchReport,
  InvalidArgumentError,
  inviteOrMatchClient,
  loadDispatchPlan,
  PlanError,
  previewClientImport,
  previewDocumentDispatch,
  renderMessage,
  type ClientStore,
  type DispatchPlan,
  type MemoryClientStore,
  type Portal,
  type PortalUser,
  type SendDocumentInput,
  type StoredClient,
  type WorkflowEvent,
  syncSignatures,
} from '../../src/index.js';
import { buildPdf, t183 } from '../fixtures/forms.js';
import { makePdf } from '../fixtures/pdfs.js';
import { wrapStore } from '../fixtures/wrap-store.js';
import { PEOPLE } from '../matching/people.js';
import { completed, signed } from '../sync/helpers.js';

interface World {
  store: MemoryClientStore;
  portal: ReturnType<typeof createMemoryPortal>;
  mailer: ReturnType<typeof createOutboxMailer>;
  /** Clients by SIN. */
  clients: Map<string, StoredClient>;
}

/** The clients of the tests; `invited`: those with an address were invited the way taxsync records it. */
async function world(invited = true, mailerOptions: { idempotencyKeys?: boolean } = {}): Promise<World> {
  const store = createMemoryClientStore();
  const portal = createMemoryPortal();
  const mailer = createOutboxMailer(mailerOptions);
  const clients = new Map<string, StoredClient>();
  for (const record of PEOPLE) {
    const { client } = await store.create({ record });
    if (client.kind !== 'individual' || client.sin === undefined) continue;
    clients.set(client.sin, client);
    if (invited && client.email !== undefined) await inviteOrMatchClient({ email: client.email, sin: client.sin }, { store, portal, mailer });
  }
  // Zoé's portal account was opened by hand with an address the client list does not have: taxsync never invited her.
  const zoe = clients.get('631478526');
  if (zoe !== undefined) await portal.inviteClient({ clientId: zoe.id, email: 'zoe@portail.example.test', language: 'fr', name: 'Zoé Gagnon-Tremblay' });
  mailer.clear();
  return { store, portal, mailer, clients };
}

const id = (w: World, sin: string): string => w.clients.get(sin)?.id ?? 'missing';

let pdfs: Record<string, Uint8Array>;
beforeAll(async () => {
  pdfs = {
    simonEn: (await t183({ language: 'en' })).bytes,
    simonReprint: (await t183({ language: 'fr' })).bytes,
    // Two more prints of Simon's T183, each with other bytes: a corrected return printed by someone else, and the next.
    simonCorrected: (await t183({ language: 'en', glyphRuns: true })).bytes,
    simonAmended: (await t183({ language: 'fr', glyphRuns: true })).bytes,
    marieFr: (await t183({ language: 'fr', size: { width: 576, height: 756 } })).bytes,
    seanEn: (await t183({ language: 'en', size: { width: 576, height: 756 } })).bytes,
    // No labels to anchor on, and an A4 page unlike any measured print: held, never stamped at a guess.
    seanUnlabelled: (await t183({ labels: false, size: { width: 595, height: 842 } })).bytes,
    benoitScan: (await buildPdf([{ kind: 'scan' }])).bytes,
    zoe: (await t183({ language: 'fr', size: { width: 576, height: 756 } })).bytes,
    letter: await makePdf('Lettre de mission 2025'),
  };
});

// A fixed time in the archives: a zip made twice must be the same bytes (its SHA-256 is the plan's source), and
// fflate stamps entries with the clock's two-second DOS time by default.
const PRINTED = { mtime: new Date(2026, 2, 14, 9, 30) };

function archive(): Uint8Array {
  return zipSync({
    'T183 2025/130 692 544 - Simon Provencher.pdf': pdfs.simonEn as Uint8Array,
    'T183 2025/271845935 - Marie-Ève Côté.pdf': pdfs.marieFr as Uint8Array,
    'T183 2025/130692544 - Marie-Ève Côté.pdf': pdfs.letter as Uint8Array,
    'T183 2025/412589632 - Sean O’Brien.pdf': pdfs.seanUnlabelled as Uint8Array,
    'T183 2025/523698744 - Benoît Lœuillet.pdf': pdfs.benoitScan as Uint8Array,
    'T183 2025/COPIE/130692544 - Simon Provencher.pdf': pdfs.simonEn as Uint8Array,
    'T183 2025/notes.pdf': new TextEncoder().encode('Rappeler Simon lundi'),
    '__MACOSX/T183 2025/._notes.pdf': new Uint8Array([0, 5, 22, 7]),
    'T183 2025/631478526 - Zoé Gagnon-Tremblay.pdf': pdfs.zoe as Uint8Array,
  }, PRINTED);
}

/** Three clients, each with one document ready to sign. */
function threeClients(): Uint8Array {
  return zipSync({
    '130692544 - Simon Provencher.pdf': pdfs.simonEn as Uint8Array,
    '271845935 - Marie-Ève Côté.pdf': pdfs.marieFr as Uint8Array,
    '412589632 - Seán O’Brien.pdf': pdfs.seanEn as Uint8Array,
  }, PRINTED);
}

const T183 = (zip: Uint8Array) => ({ zip, documentType: 'T183', year: 2025, purpose: 'sign' as const });

const lineSummary = (plan: DispatchPlan) => plan.lines.map((l) => [l.displayName, l.status, l.code]);

/** What the outside world received: documents per client and e-mails per recipient and kind. */
const endState = (w: World) => ({
  documents: w.portal
    .documents()
    .map((d) => `${d.clientId}:${d.idempotencyKey}`)
    .sort(),
  mails: w.mailer.messages.map((m) => `${m.to}:${m.category}`).sort(),
});

describe('previewDocumentDispatch', () => {
  it('gives every archive entry a line — ready, held, rejected or skipped — as codes, and writes nothing', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch(T183(archive()), { store: w.store }, { locale: 'fr' });
    expect(lineSummary(plan)).toEqual([
      ['*** *** 544 - Simon Provencher.pdf', 'ready', 'document_ready_sign'],
      ['*** *** 935 - Marie-Ève Côté.pdf', 'ready', 'document_ready_sign'],
      ['*** *** 544 - Marie-Ève Côté.pdf', 'held', 'name_mismatch'],
      ['*** *** 632 - Sean O’Brien.pdf', 'held', 'layout_page_size_mismatch'],
      ['*** *** 744 - Benoît Lœuillet.pdf', 'held', 'layout_image_only'],
      ['*** *** 544 - Simon Provencher.pdf', 'skipped', 'duplicate_in_zip'],
      ['notes.pdf', 'rejected', 'not_pdf'],
      ['._notes.pdf', 'skipped', 'macos_metadata'],
      // No e-mail and never invited (her portal account was opened by hand): she could not be told. Held here,
      // as apply would hold it — the preview no longer says "ready" for what apply will not send.
      ['*** *** 526 - Zoé Gagnon-Tremblay.pdf', 'held', 'dispatch_no_email'],
    ]);
    expect(plan.summary).toEqual({ entries: 9, ready: 2, held: 4, rejected: 1, skipped: 2, clients: 2 });
    const simon = plan.lines[0];
    if (simon?.status !== 'ready') throw new Error('Simon is not ready');
    expect(simon.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['taxpayer_signature']));
    expect(simon).toMatchObject({ clientId: id(w, '130692544'), clientLabel: 'Simon Provencher (*** *** 544)', version: 'new', versionNumber: 1 });
    expect(w.portal.documents()).toHaveLength(1 - 1);
    expect(w.mailer.messages).toHaveLength(0);
    expect(await w.store.readJournal('taxsync:documents')).toEqual([]);
  });

  it('renders the same preview in either language at any time, never with a full SIN', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch(T183(archive()), { store: w.store }, { locale: 'fr' });
    const fr = formatDispatchPreview(plan);
    const en = formatDispatchPreview(plan, 'en');
    expect(fr).toContain('Retenus pour vérification (4)');
    expect(en).toContain('Held for review (4)');
    expect(en).toContain('has no e-mail address and was never invited');
    expect(en).not.toMatch(/ la | le | du /);
    for (const text of [fr, en]) expect(text).not.toMatch(/\d{9}|\d{3} \d{3} \d{3}/);
  });

  it('keeps a plan that is JSON with no SIN, no PDF, no e-mail, and refuses one edited by hand', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch(T183(archive()), { store: w.store });
    const json = JSON.stringify(plan.document);
    // SHA-256 digests and the plan id (hex) aside, no run of nine digits (a SIN or BN, with or without separators).
    expect(json.replace(/[0-9a-f]{64}|dispatch-[0-9a-f]{14}/g, '')).not.toMatch(/\d{9}|\d{3}[ -]\d{3}[ -]\d{3}/);
    expect(json).not.toContain('%PDF');
    expect(json).not.toContain('@');
    expect(json.length).toBeLessThan(20_000);
    const back = await loadDispatchPlan(json);
    expect(back).toEqual(plan.document);
    expect(back.body.items.map((i) => [i.key, i.label, i.matched])).toEqual([
      [id(w, '130692544'), 'Simon Provencher (*** *** 544)', { by: 'sin', masked: '*** *** 544' }],
      [id(w, '271845935'), 'Marie-Ève Côté (*** *** 935)', { by: 'sin', masked: '*** *** 935' }],
    ]);
    const edited = json.replace(id(w, '130692544'), id(w, '631478526'));
    await expect(loadDispatchPlan(edited)).rejects.toMatchObject({ code: 'plan_tampered' });
    await expect(loadDispatchPlan(JSON.stringify({ ...plan.document, job: 'client-import' }))).rejects.toBeInstanceOf(PlanError);
  });

  it('sends the same PDF to two clients as two documents, but a copy for the same client once', async () => {
    const w = await world();
    const letter = await makePdf('Lettre de mission 2025 — modèle commun');
    const zip = zipSync({ '130692544 Simon Provencher.pdf': letter, '271845935 Marie-Ève Côté.pdf': letter, 'copie/130692544 Simon Provencher.pdf': letter });
    const plan = await previewDocumentDispatch({ zip, documentType: 'LETTRE', year: 2025, purpose: 'consult' }, { store: w.store });
    expect(plan.lines.map((l) => [l.status, l.code, l.clientId])).toEqual([
      ['ready', 'document_ready_consult', id(w, '130692544')],
      ['ready', 'document_ready_consult', id(w, '271845935')],
      ['skipped', 'duplicate_in_zip', id(w, '130692544')],
    ]);
    const report = await applyDocumentDispatch(plan, w);
    expect(report.summary.sent).toBe(2);
    expect(new Set(w.portal.documents().map((d) => d.clientId)).size).toBe(2);
  });

  it('holds a damaged PDF instead of failing the batch', async () => {
    const w = await world();
    const damaged = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n%% truncated by a failed print');
    const zip = zipSync({ '130692544 Simon Provencher.pdf': damaged, '271845935 Marie-Ève Côté.pdf': pdfs.marieFr as Uint8Array });
    const plan = await previewDocumentDispatch(T183(zip), { store: w.store }, { locale: 'en' });
    expect(plan.lines.map((l) => [l.status, l.code])).toEqual([
      ['held', 'layout_unreadable'],
      ['ready', 'document_ready_sign'],
    ]);
  });

  it('groups several documents of one client', async () => {
    const w = await world();
    const zip = zipSync({ 'a/130692544 Simon Provencher.pdf': await makePdf('first'), 'b/130692544 Simon Provencher.pdf': await makePdf('Second page for Simon') });
    const plan = await previewDocumentDispatch({ zip, documentType: 'RELEVES', year: 2025, purpose: 'consult' }, { store: w.store });
    expect(plan.groups).toEqual([{ clientId: id(w, '130692544'), clientLabel: 'Simon Provencher (*** *** 544)', lines: [0, 1] }]);
    expect(plan.title).toEqual({ en: 'RELEVES', fr: 'RELEVES' });
  });

  it('refuses an unknown signing layout before reading anything, with a typed error', async () => {
    const w = await world();
    await expect(previewDocumentDispatch({ ...T183(archive()), year: 2019 }, { store: w.store })).rejects.toMatchObject({ code: 'layout_unknown' });
  });

  it('holds at preview what apply would hold: uninvited clients when asked, and clients that cannot be invited', async () => {
    const w = await world(false);
    const hold = await previewDocumentDispatch(T183(threeClients()), { store: w.store }, { uninvited: 'hold' });
    expect(hold.lines.map((l) => [l.status, l.code])).toEqual(Array(3).fill(['held', 'client_not_invited']));
    const invitationsOnly: Portal = { capabilities: { sendsInvitations: false, documents: true }, inviteClient: (i) => w.portal.inviteClient(i), getUser: (c) => w.portal.getUser(c) };
    const noMailer = await previewDocumentDispatch(T183(threeClients()), { store: w.store, portal: invitationsOnly });
    expect(noMailer.lines.map((l) => l.code)).toEqual(Array(3).fill('dispatch_cannot_invite'));
    const report = await applyDocumentDispatch(hold, w);
    expect(report.summary).toMatchObject({ sent: 0, held: 3 });
    expect(w.portal.documents()).toHaveLength(1 - 1);
  });
});

describe('applyDocumentDispatch', () => {
  it('sends each ready document to its own client, with its fields, and e-mails each client once in their language', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch(T183(archive()), { store: w.store }, { locale: 'fr' });
    const report = await applyDocumentDispatch(plan, w, { firmName: 'Cabinet Tremblay CPA', portalUrl: 'https://portail.example.test', concurrency: 1 });
    expect(report.summary).toEqual({ sent: 2, skipped: 2, held: 5, failed: 0, emailsSent: 2, emailsNotSent: 0, invited: 0 });
    expect(report.summary.sent).toBe(plan.summary.ready);
    expect(w.portal.documents().map((d) => [d.clientId, d.fileName, d.purpose])).toEqual([
      [id(w, '130692544'), '*** *** 544 - Simon Provencher.pdf', 'sign'],
      [id(w, '271845935'), '*** *** 935 - Marie-Ève Côté.pdf', 'sign'],
    ]);
    expect(w.portal.documents().every((d) => d.fields.some((f) => f.type === 'signature') && d.signers.includes('taxpayer'))).toBe(true);
    expect(w.mailer.messages.map((m) => [m.to, m.language, m.category])).toEqual([
      ['simon.provencher@exemple.ca', 'fr', 'documents-sign'],
      ['marie-eve.cote@exemple.ca', 'fr', 'documents-sign'],
    ]);
    expect(w.mailer.messages[0]?.subject).toBe("Cabinet Tremblay CPA : 1 document(s) à signer pour l'année 2025");
    expect(w.mailer.messages[0]?.text).toContain('https://portail.example.test');
    // Data, rendered in either language afterwards.
    expect(report.emails.map((e) => [e.status, e.code])).toEqual([
      ['sent', 'document_email_sent'],
      ['sent', 'document_email_sent'],
    ]);
    const en = formatDispatchReport(report, 'en');
    expect(en).toContain('2 sent, 2 skipped, 5 held, 0 failed');
    expect(formatDispatchReport(report, 'fr')).toContain('2 envoyés');
    expect(en).not.toMatch(/\d{9}/);
  });

  it('does nothing the second time: no document and no e-mail twice', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch(T183(archive()), { store: w.store });
    await applyDocumentDispatch(plan, w);
    const again = await applyDocumentDispatch(plan, w);
    expect(again.summary).toMatchObject({ sent: 0, failed: 0, emailsSent: 0 });
    expect(again.items.filter((i) => i.status === 'skipped' && i.code === 'document_already_sent')).toHaveLength(2);
    // A new preview of the same archive is the same dispatch, and the same documents: still nothing twice.
    const replanned = await previewDocumentDispatch(T183(archive()), { store: w.store });
    expect(replanned.planId).toBe(plan.planId);
    expect(replanned.lines.filter((l) => l.status === 'ready').map((l) => l.status === 'ready' && l.version)).toEqual(['new', 'new']);
    await applyDocumentDispatch(replanned, w);
    expect(w.portal.documents()).toHaveLength(2);
    expect(w.mailer.messages).toHaveLength(2);
  });

  it('applies a plan read back from JSON with the archive again, or with the document store and no archive', async () => {
    for (const source of ['zip', 'documents'] as const) {
      const w = await world();
      const documents = createMemoryDocumentStore();
      const preview = await previewDocumentDispatch(T183(threeClients()), { store: w.store, documents }, { locale: 'en' });
      expect(documents.size).toBe(3);
      const plan = await loadDispatchPlan(JSON.parse(JSON.stringify(preview.document)) as unknown);
      const report = source === 'zip' ? await applyDocumentDispatch(plan, w, { zip: threeClients() }) : await applyDocumentDispatch(plan, { ...w, documents });
      expect(report.summary).toMatchObject({ sent: 3, failed: 0, held: 0, emailsSent: 3 });
      expect(report.locale).toBe('en');
      expect(w.portal.documents().map((d) => d.sha256).sort()).toEqual(
        preview.lines
          .flatMap((l) => (l.status === 'ready' ? [l.sha256] : []))
          .sort(),
      );
    }
  });

  it('applied with the archive again, inflates only the entries of the items it applies, up to the last one', async () => {
    const w = await world();
    // A season's archive: the chunk's client first, then a large print nobody is sent (a bundle left in the folder).
    const padding = new Uint8Array(Buffer.from(`%PDF-1.7\n%${' '.repeat(400_000)}\n%%EOF\n`, 'latin1'));
    const zip = (): Uint8Array =>
      zipSync({ '130692544 - Simon Provencher.pdf': pdfs.simonEn as Uint8Array, '271845935 - Marie-Ève Côté.pdf': pdfs.marieFr as Uint8Array, 'Liasse.pdf': padding }, PRINTED);
    const preview = await previewDocumentDispatch(T183(zip()), { store: w.store });
    const plan = await loadDispatchPlan(JSON.stringify(preview.document));
    const simon = plan.body.items.find((i) => i.documents.some((d) => d.index === 0));
    expect(simon).toBeDefined();
    // Limits the big entry would pass (it inflates past 300 kB): a chunk that needs only the first entry never reads it.
    const limits = { maxEntryBytes: 300_000 };
    const report = await applyDocumentDispatch(plan, w, { zip: zip(), items: [simon?.key ?? ''], limits });
    expect(report.summary).toMatchObject({ sent: 1, failed: 0, held: 0 });
    // The rest of the plan still checks every entry it needs against the same limits.
    const rest = plan.body.items.filter((i) => i.key !== simon?.key).map((i) => i.key);
    await expect(applyDocumentDispatch(plan, w, { zip: zip(), items: rest, limits })).resolves.toMatchObject({ summary: { sent: 1 } });
    await expect(applyDocumentDispatch(plan, w, { zip: zip(), limits: { maxEntryBytes: 1_000 } })).rejects.toMatchObject({ code: 'zip_limit_exceeded' });
  });

  it("holds a stored plan's documents when their bytes cannot be had, and never sends bytes that do not match", async () => {
    const w = await world();
    const preview = await previewDocumentDispatch(T183(threeClients()), { store: w.store });
    const plan = await loadDispatchPlan(JSON.stringify(preview.document));
    const nothing = await applyDocumentDispatch(plan, w);
    expect(nothing.items.map((i) => [i.status, i.code])).toEqual(Array(3).fill(['held', 'document_bytes_missing']));
    // A document store whose bytes were changed under the same key: a failure, never the document.
    const lying = createMemoryDocumentStore();
    const forged = { put: lying.put, has: lying.has, get: async () => makePdf('not the T183') };
    const mismatch = await applyDocumentDispatch(plan, { ...w, documents: forged });
    expect(mismatch.items.map((i) => [i.status, i.code])).toEqual(Array(3).fill(['failed', 'document_bytes_mismatch']));
    expect(describeDispatchItem(mismatch.items[0] as (typeof mismatch.items)[number], 'en')).toMatch(/SHA-256 [0-9a-f]{8}…, the plan expects [0-9a-f]{8}…/);
    expect(w.portal.documents()).toHaveLength(0);
    expect(w.mailer.messages).toHaveLength(0);
  });

  it('refuses an archive that is not the previewed one with plan_source_mismatch, before sending anything', async () => {
    const w = await world();
    const preview = await previewDocumentDispatch(T183(threeClients()), { store: w.store });
    const plan = await loadDispatchPlan(JSON.stringify(preview.document));
    const other = zipSync({ '130692544 - Simon Provencher.pdf': pdfs.simonReprint as Uint8Array });
    const error = await applyDocumentDispatch(plan, w, { zip: other }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanError);
    expect(error).toMatchObject({ code: 'plan_source_mismatch', params: { expected: plan.body.archiveSha256.slice(0, 8) } });
    expect(w.portal.documents()).toHaveLength(0);
    await expect(applyDocumentDispatch(plan, w, { items: ['not-a-client'] })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('applies three chunks in any order, each twice, to the same end as one apply', async () => {
    const once = await world(false, { idempotencyKeys: false });
    const plan = await previewDocumentDispatch(T183(threeClients()), { store: once.store });
    await applyDocumentDispatch(plan, once);

    const chunked = await world(false, { idempotencyKeys: false });
    const documents = createMemoryDocumentStore();
    const preview = await previewDocumentDispatch(T183(threeClients()), { store: chunked.store, documents });
    const stored = JSON.stringify(preview.document);
    const keys = preview.document.body.items.map((i) => i.key);
    const order = [[keys[2]], [keys[0]], [keys[1]], [keys[1]], [keys[2]], [keys[0]]] as string[][];
    const reports = [];
    for (const items of order) reports.push(await applyDocumentDispatch(await loadDispatchPlan(stored), { ...chunked, documents }, { items }));
    expect(reports.slice(0, 3).map((r) => r.summary.sent)).toEqual([1, 1, 1]);
    expect(reports.slice(3).map((r) => [r.summary.sent, r.summary.emailsSent])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    // Each chunk's report covers its own client only.
    expect(reports[0]?.items.map((i) => i.clientId)).toEqual([keys[2]]);
    const ids = (w: World) => new Map([...w.clients.values()].map((c) => [c.id, c.kind === 'individual' ? c.sin : '']));
    const normalise = (w: World) => {
      const sin = ids(w);
      const state = endState(w);
      return { documents: w.portal.documents().map((d) => `${sin.get(d.clientId)}:${d.sha256}`).sort(), mails: state.mails, invitations: w.mailer.messages.filter((m) => m.category === 'invitation').length };
    };
    expect(normalise(chunked)).toEqual(normalise(once));
    expect(normalise(once).mails).toHaveLength(6);
  });

  it('sends the invitation e-mail before the documents when an earlier apply lost it after inviteClient', async () => {
    const w = await world(false, { idempotencyKeys: false });
    const zip = zipSync({ '130692544 - Simon Provencher.pdf': pdfs.simonEn as Uint8Array });
    const plan = await previewDocumentDispatch(T183(zip), { store: w.store });
    expect(plan.summary.ready).toBe(1);
    // The store dies the moment the portal has created the user: nothing after that is recorded.
    let dead = false;
    const dying = new Proxy(w.store as ClientStore, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => (dead ? Promise.reject(new Error('connection terminated')) : (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
    const portal: Portal = {
      capabilities: w.portal.capabilities,
      getUser: (c) => w.portal.getUser(c),
      sendDocument: (input) => w.portal.sendDocument(input),
      inviteClient: async (input) => {
        const result = await w.portal.inviteClient(input);
        dead = true;
        return result;
      },
    };
    const crashed = await applyDocumentDispatch(plan, { ...w, store: dying, portal }, { leaseMs: 1 });
    expect(crashed.items.map((i) => i.status)).toEqual(['held']);
    expect(w.mailer.messages).toHaveLength(0);
    expect(w.portal.documents()).toHaveLength(0);
    // The portal user exists now, but the invitations journal has no e-mail: the next apply sends it first.
    expect(await w.portal.getUser(id(w, '130692544'))).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const report = await applyDocumentDispatch(plan, w);
    expect(report.summary).toMatchObject({ sent: 1, emailsSent: 1 });
    expect(w.mailer.messages.map((m) => m.category)).toEqual(['invitation', 'documents-sign']);
    expect(w.mailer.messages[0]?.text).toContain('http');
  });

  it('holds documents matched on a number the client no longer has (SIN corrected after the preview)', async () => {
    for (const [source, corrected] of [
      ['documents', '130692007'],
      ['zip', '230696544'],
    ] as const) {
      const w = await world();
      const documents = createMemoryDocumentStore();
      const preview = await previewDocumentDispatch(T183(threeClients()), { store: w.store, documents });
      const simon = w.clients.get('130692544') as StoredClient & { kind: 'individual' };
      const { id: _id, version: _version, ...record } = simon;
      await w.store.update({ id: simon.id, record: { ...record, sin: corrected } });
      const plan = await loadDispatchPlan(JSON.stringify(preview.document));
      // From the document store, the masked number shows the change; with the archive again, the real file name
      // is matched again (the corrected SIN ends like the old one).
      const report = source === 'zip' ? await applyDocumentDispatch(plan, w, { zip: threeClients() }) : await applyDocumentDispatch(plan, { ...w, documents });
      expect(report.items.map((i) => [i.clientId === simon.id, i.status, i.code])).toEqual([
        [true, 'held', 'dispatch_changed_since_preview'],
        [false, 'sent', 'document_sent'],
        [false, 'sent', 'document_sent'],
      ]);
      expect(w.portal.documents().some((d) => d.clientId === simon.id)).toBe(false);
    }
  });

  it('shows a reprint as a new version and sends it as version 2, recorded for signature sync', async () => {
    const w = await world();
    const first = await previewDocumentDispatch(T183(zipSync({ '130692544 - Simon Provencher.pdf': pdfs.simonEn as Uint8Array })), { store: w.store });
    await applyDocumentDispatch(first, w);
    const reprint = await previewDocumentDispatch(T183(zipSync({ '130692544 - Simon Provencher.pdf': pdfs.simonReprint as Uint8Array })), { store: w.store }, { locale: 'en' });
    expect(reprint.lines[0]).toMatchObject({ status: 'ready', version: 'new_version', versionNumber: 2 });
    expect(formatDispatchPreview(reprint)).toContain('(New version 2)');
    const report = await applyDocumentDispatch(reprint, w);
    expect(report.items[0]).toMatchObject({ status: 'sent', versionNumber: 2 });
    const docs = w.portal.documents();
    expect(docs).toHaveLength(2);
    expect(docs[1]?.title).toMatch(/\(2025\) — Nouvelle version 2$/);
    expect(w.mailer.messages).toHaveLength(2);
    expect(w.mailer.messages[1]?.text).toContain('Nouvelle version 2');
    const versions = await w.store.readJournal(DOCUMENT_VERSIONS_JOURNAL);
    expect(versions.map((e) => [e.step, e.status, e.clientId, e.ref])).toEqual([
      // The archive entry's SHA-256 and the portal's document id: the one whose signature sync will count.
      ['v1', 'done', id(w, '130692544'), `${first.lines[0]?.status === 'ready' ? first.lines[0].sourceSha256 : ''}:${docs[0]?.id}`],
      ['v2', 'done', id(w, '130692544'), `${reprint.lines[0]?.status === 'ready' ? reprint.lines[0].sourceSha256 : ''}:${docs[1]?.id}`],
    ]);
  });

  it('the reprint sent as version 2 is the one signature sync counts, though the client signed both', async () => {
    const w = await world();
    await applyDocumentDispatch(await previewDocumentDispatch(T183(zipSync({ '130692544 - Simon Provencher.pdf': pdfs.simonEn as Uint8Array })), { store: w.store }), w);
    await applyDocumentDispatch(await previewDocumentDispatch(T183(zipSync({ '130692544 - Simon Provencher.pdf': pdfs.simonReprint as Uint8Array })), { store: w.store }), w);
    const [v1, v2] = w.portal.documents();
    const simon = id(w, '130692544');
    await w.store.putClientFile({ id: 'PROVENCHER-2025', taxpayers: [{ taxpayerId: simon, role: 'principal', name: 'Simon Provencher', forms: ['T183'] }] });
    // He signed the first print on March 14, then the corrected one on March 19 (the portal keeps both completions).
    w.portal.recordCompletion(completed('env-v1', simon, signed('Simon Provencher', '2026-03-14T19:42:07Z'), { documentId: v1?.id ?? '' }));
    w.portal.recordCompletion(completed('env-v2', simon, signed('Simon Provencher', '2026-03-19T13:05:00Z'), { documentId: v2?.id ?? '' }));
    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025'], taxYear: 2025 }, w);
    expect(log.summary).toMatchObject({ updated: 1, failed: 0 });
    const [record] = await w.store.listSignatureRecords([simon], 2025);
    expect(record?.signature).toMatchObject({ signedAt: '2026-03-19T13:05:00.000Z', completionId: 'env-v2', documentId: v2?.id });
  });

  it('keeps both documents when two plans send new versions to the same client at once; signature sync counts the one recorded last', async () => {
    const w = await world();
    const simon = id(w, '130692544');
    const one = (pdf: Uint8Array) => T183(zipSync({ '130692544 - Simon Provencher.pdf': pdf }, PRINTED));
    await applyDocumentDispatch(await previewDocumentDispatch(one(pdfs.simonEn as Uint8Array), { store: w.store }), w);
    // Two staff members preview a print each before either applies: both plans say version 2.
    const a = await previewDocumentDispatch(one(pdfs.simonReprint as Uint8Array), { store: w.store });
    const b = await previewDocumentDispatch(one(pdfs.simonCorrected as Uint8Array), { store: w.store });
    expect([a.lines[0], b.lines[0]]).toMatchObject([{ status: 'ready', versionNumber: 2 }, { status: 'ready', versionNumber: 2 }]);
    // The portal holds each send until both applies are sending: each chose its number before the other recorded one.
    let arrived = 0;
    let meet = (): void => undefined;
    const met = new Promise<void>((resolve) => (meet = resolve));
    const portal: Portal = {
      capabilities: w.portal.capabilities,
      inviteClient: (i) => w.portal.inviteClient(i),
      getUser: (c) => w.portal.getUser(c),
      sendDocument: async (input: SendDocumentInput) => {
        if (++arrived === 2) meet();
        await met;
        return w.portal.sendDocument(input);
      },
    };
    const reports = await Promise.all([applyDocumentDispatch(a, { ...w, portal }), applyDocumentDispatch(b, { ...w, portal })]);
    expect(reports.map((r) => r.items.map((i) => [i.status, i.code]))).toEqual([[['sent', 'document_sent']], [['sent', 'document_sent']]]);
    const [v1, ...reprints] = w.portal.documents();
    expect(reprints).toHaveLength(2);

    // Both are in the history: each keeps its number when sent again, and the next print is version 3.
    const later = await previewDocumentDispatch(
      T183(
        zipSync(
          {
            'A/130692544 - Simon Provencher.pdf': pdfs.simonReprint as Uint8Array,
            'B/130692544 - Simon Provencher.pdf': pdfs.simonCorrected as Uint8Array,
            'C/130692544 - Simon Provencher.pdf': pdfs.simonAmended as Uint8Array,
          },
          PRINTED,
        ),
      ),
      { store: w.store },
    );
    expect(later.lines.map((l) => [l.index, l.status === 'ready' ? l.versionNumber : l.status])).toEqual([
      [0, 2],
      [1, 2],
      [2, 3],
    ]);

    // Signature sync counts the version recorded last, though the other one was signed later.
    const recorded = (await w.store.readJournal(DOCUMENT_VERSIONS_JOURNAL)).map((e) => [e.step, e.ref?.slice(e.ref.indexOf(':') + 1)]);
    expect(recorded.map(([step]) => step)).toEqual(['v1', 'v2', 'v2']);
    const last = recorded[2]?.[1];
    const other = reprints.find((d) => d.id !== last);
    expect(new Set(reprints.map((d) => d.id))).toEqual(new Set([recorded[1]?.[1], last]));
    await w.store.putClientFile({ id: 'PROVENCHER-2025', taxpayers: [{ taxpayerId: simon, role: 'principal', name: 'Simon Provencher', forms: ['T183'] }] });
    w.portal.recordCompletion(completed('env-v1', simon, signed('Simon Provencher', '2026-03-14T19:42:07Z'), { documentId: v1?.id ?? '' }));
    w.portal.recordCompletion(completed('env-last', simon, signed('Simon Provencher', '2026-03-19T13:05:00Z'), { documentId: last ?? '' }));
    w.portal.recordCompletion(completed('env-other', simon, signed('Simon Provencher', '2026-03-20T10:00:00Z'), { documentId: other?.id ?? '' }));
    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025'], taxYear: 2025 }, w);
    expect(log.summary).toMatchObject({ updated: 1, failed: 0 });
    const [record] = await w.store.listSignatureRecords([simon], 2025);
    expect(record?.signature).toMatchObject({ completionId: 'env-last', documentId: last, signedAt: '2026-03-19T13:05:00.000Z' });
  });

  it('finishes after a crash at any point without sending a document or an e-mail twice', async () => {
    for (let crashAfter = 0; crashAfter < 3; crashAfter++) {
      for (const when of ['before', 'after'] as const) {
        const w = await world();
        const plan = await previewDocumentDispatch(T183(threeClients()), { store: w.store });
        let calls = 0;
        const flaky: Portal = {
          capabilities: w.portal.capabilities,
          inviteClient: (i) => w.portal.inviteClient(i),
          getUser: (c) => w.portal.getUser(c),
          sendDocument: async (input: SendDocumentInput) => {
            calls++;
            if (calls === crashAfter + 1) {
              if (when === 'after') await w.portal.sendDocument(input);
              throw new Error('ECONNRESET portal');
            }
            return w.portal.sendDocument(input);
          },
        };
        const first = await applyDocumentDispatch(plan, { ...w, portal: flaky }, { concurrency: 1 });
        expect(first.summary.failed).toBe(1);
        const second = await applyDocumentDispatch(plan, w);
        expect(second.summary.failed).toBe(0);
        expect(w.portal.documents()).toHaveLength(3);
        expect(w.mailer.messages).toHaveLength(3);
        expect(new Set(w.mailer.messages.map((m) => m.to)).size).toBe(3);
      }
    }
  });

  it('keeps an e-mail in the report and the totals when the journal cannot be read at the e-mail step', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch(T183(threeClients()), { store: w.store });
    const failing = wrapStore(w.store, {
      claimStep: async (input) => (input.applyId === plan.planId ? Promise.reject(new Error('journal unavailable')) : (w.store.claimStep?.(input) as never)),
      readJournal: async (applyId, itemKey) => (applyId === plan.planId ? Promise.reject(new Error('journal unavailable')) : w.store.readJournal(applyId, itemKey)),
    });
    const report = await applyDocumentDispatch(plan, { ...w, store: failing });
    expect(report.summary).toMatchObject({ sent: 3, emailsSent: 0, emailsNotSent: 3 });
    expect(report.emails.map((e) => [e.status, e.code])).toEqual(Array(3).fill(['failed', 'document_email_failed']));
    // Applied again on a healthy store: the e-mails go, once.
    const again = await applyDocumentDispatch(plan, w);
    expect(again.summary).toMatchObject({ sent: 0, emailsSent: 3 });
    expect(w.mailer.messages).toHaveLength(3);
  });

  it('holds a step another apply is doing, and reports an e-mail an earlier run may have sent as delivery unknown', async () => {
    const w = await world(true, { idempotencyKeys: false });
    const plan = await previewDocumentDispatch(T183(threeClients()), { store: w.store });
    const simon = id(w, '130692544');
    // Another worker holds a live claim on Simon's e-mail; an earlier run died while sending Marie-Ève's.
    await w.store.claimStep?.({ applyId: plan.planId, itemKey: simon, step: 'email', owner: 'worker-2', leaseMs: 60_000 });
    const marie = id(w, '271845935');
    await w.store.claimStep?.({ applyId: plan.planId, itemKey: marie, step: 'email', owner: 'dead-worker', leaseMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const report = await applyDocumentDispatch(plan, w);
    const byClient = Object.fromEntries(report.emails.map((e) => [e.clientId, [e.status, e.code]]));
    expect(byClient[simon]).toEqual(['held', 'step_in_progress']);
    expect(byClient[marie]).toEqual(['delivery_unknown', 'document_email_unknown']);
    expect(w.mailer.messages.map((m) => m.to)).toEqual(['sean.obrien@example.com']);
    expect(formatDispatchReport(report, 'en')).toContain('delivery unknown');
  });

  it('keeps going when one client fails, and says why with the identifiers masked', async () => {
    const w = await world();
    const marie = id(w, '271845935');
    const plan = await previewDocumentDispatch(T183(threeClients()), { store: w.store });
    const picky: Portal = {
      capabilities: w.portal.capabilities,
      inviteClient: (i) => w.portal.inviteClient(i),
      getUser: (c) => w.portal.getUser(c),
      sendDocument: async (input) => {
        if (input.clientId === marie) throw new Error('quota exceeded for 130692544');
        return w.portal.sendDocument(input);
      },
    };
    const report = await applyDocumentDispatch(plan, { ...w, portal: picky });
    expect(report.summary).toMatchObject({ sent: 2, failed: 1 });
    const failed = report.items.find((i) => i.status === 'failed');
    expect(failed?.clientId).toBe(marie);
    expect(describeDispatchItem(failed as (typeof report.items)[number], 'en')).toContain('quota exceeded for *** *** 544');
  });

  it('invites a client never invited first, through the invitations journal, then sends their documents', async () => {
    const w = await world(false);
    const plan = await previewDocumentDispatch(T183(archive()), { store: w.store });
    expect(plan.summary).toMatchObject({ ready: 2 });
    const report = await applyDocumentDispatch(plan, w, { concurrency: 1 });
    expect(report.summary).toMatchObject({ sent: 2, invited: 2 });
    expect(w.mailer.messages.map((m) => m.category)).toEqual(['invitation', 'documents-sign', 'invitation', 'documents-sign']);
  });

  describe('clients who already use the portal', () => {
    /**
     * A firm adopting taxsync: it opened its clients' portal accounts itself, and taxsync never invited them. Simon and
     * Marie-Ève have chosen their password (active); Seán has not yet (invited).
     */
    async function adopted(): Promise<World> {
      const w = await world(false);
      for (const sin of ['130692544', '271845935', '412589632']) {
        const client = w.clients.get(sin);
        if (client?.kind !== 'individual' || client.email === undefined) throw new Error('fixture');
        await w.portal.inviteClient({ clientId: client.id, email: client.email, language: client.language ?? 'fr', name: `${client.firstName} ${client.lastName}` });
      }
      w.portal.activate(id(w, '130692544'));
      w.portal.activate(id(w, '271845935'));
      return w;
    }
    const userOf = (w: World, sin: string): string | undefined => w.portal.users().find((u) => u.clientId === id(w, sin))?.id;
    const emailSteps = (w: World, sin: string) => w.store.journalSnapshot().filter((e) => e.applyId === 'taxsync:invitations' && e.itemKey === id(w, sin) && e.step === 'email');

    it('sends their documents without an invitation e-mail, records the invitation settled, and says why', async () => {
      const w = await adopted();
      const plan = await previewDocumentDispatch(T183(threeClients()), { store: w.store });
      const events: WorkflowEvent[] = [];
      const report = await applyDocumentDispatch(plan, w, { concurrency: 1, logger: (e) => events.push(e) });
      expect(report.items.map((i) => [i.clientId, i.status])).toEqual([
        [id(w, '130692544'), 'sent'],
        [id(w, '271845935'), 'sent'],
        [id(w, '412589632'), 'sent'],
      ]);
      // Seán (invited, no password yet) gets taxsync's invitation; Simon and Marie-Ève only their documents' e-mail.
      expect(report.summary).toMatchObject({ sent: 3, held: 0, failed: 0, emailsSent: 3, invited: 1 });
      expect(w.mailer.messages.map((m) => [m.to, m.category])).toEqual([
        ['simon.provencher@exemple.ca', 'documents-sign'],
        ['marie-eve.cote@exemple.ca', 'documents-sign'],
        ['sean.obrien@example.com', 'invitation'],
        ['sean.obrien@example.com', 'documents-sign'],
      ]);
      expect(events.filter((e) => e.step === 'invitation').map((e) => [e.item, e.outcome])).toEqual([
        [id(w, '130692544'), 'portal_account_active'],
        [id(w, '271845935'), 'portal_account_active'],
        [id(w, '412589632'), 'sent'],
      ]);
      expect(renderMessage('portal_account_active', {}, 'fr')).toMatch(/compte/);
      expect(renderMessage('portal_account_active', {}, 'en')).toMatch(/account/);
      for (const sin of ['130692544', '271845935']) expect(emailSteps(w, sin)).toEqual([expect.objectContaining({ status: 'done', ref: userOf(w, sin) })]);

      // Applying again, or dispatching other documents later, invites nobody.
      await applyDocumentDispatch(plan, w);
      const later = zipSync({ '130692544 - Simon Provencher.pdf': pdfs.simonReprint as Uint8Array }, PRINTED);
      const next = await applyDocumentDispatch(await previewDocumentDispatch(T183(later), { store: w.store }), w);
      expect(next.summary).toMatchObject({ sent: 1, invited: 0 });
      expect(w.mailer.messages.filter((m) => m.category === 'invitation').map((m) => m.to)).toEqual(['sean.obrien@example.com']);
      for (const sin of ['130692544', '271845935']) expect(emailSteps(w, sin)).toHaveLength(1);
    });

    it('does not hold their documents when the portal gives no invitation link for an active account', async () => {
      const w = await adopted();
      // A host's portal: the link to create a password is gone once the client has one.
      const withoutLink = (user: PortalUser): PortalUser => {
        if (user.status !== 'active') return user;
        const { invitationUrl: _spent, ...rest } = user;
        return rest;
      };
      const portal: Portal = {
        capabilities: w.portal.capabilities,
        inviteClient: async (input) => {
          const { user, created } = await w.portal.inviteClient(input);
          return { user: withoutLink(user), created };
        },
        getUser: async (clientId) => {
          const user = await w.portal.getUser(clientId);
          return user === undefined ? undefined : withoutLink(user);
        },
        sendDocument: (input) => w.portal.sendDocument(input),
      };
      const plan = await previewDocumentDispatch(T183(threeClients()), { store: w.store });
      const report = await applyDocumentDispatch(plan, { ...w, portal });
      expect(report.items.map((i) => [i.status, i.code])).toEqual(Array(3).fill(['sent', 'document_sent']));
      expect(w.mailer.messages.filter((m) => m.category === 'invitation').map((m) => m.to)).toEqual(['sean.obrien@example.com']);
      expect(emailSteps(w, '130692544')).toEqual([expect.objectContaining({ status: 'done', ref: userOf(w, '130692544') })]);
    });
  });

  it('refuses a portal that cannot receive documents before sending anything', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch(T183(archive()), { store: w.store });
    const invitationsOnly: Portal = { capabilities: { sendsInvitations: false }, inviteClient: (i) => w.portal.inviteClient(i), getUser: (c) => w.portal.getUser(c) };
    await expect(applyDocumentDispatch(plan, { ...w, portal: invitationsOnly })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(w.mailer.messages).toHaveLength(0);
  });

  it('stops taking clients once aborted and reports the rest as held', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch(T183(threeClients()), { store: w.store });
    const controller = new AbortController();
    const progress: number[] = [];
    const report = await applyDocumentDispatch(plan, w, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.done);
        controller.abort();
      },
    });
    expect(report.aborted).toBe(true);
    expect(progress).toEqual([1]);
    expect(report.summary.sent).toBe(1);
    expect(report.items.filter((i) => i.status === 'held' && i.code === 'dispatch_aborted')).toHaveLength(2);
    expect(formatDispatchReport(report, 'fr')).toContain("relancez l'envoi");
  });

  it('goes on when onProgress throws, says so once, and logs steps without personal data', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch(T183(threeClients()), { store: w.store });
    const events: WorkflowEvent[] = [];
    let calls = 0;
    const report = await applyDocumentDispatch(plan, w, {
      logger: (e) => events.push(e),
      onProgress: () => {
        calls++;
        throw new Error('the progress bar is gone');
      },
    });
    expect(calls).toBe(3);
    expect(report).toMatchObject({ progressFailed: true, summary: { sent: 3, emailsSent: 3 } });
    expect(events.filter((e) => e.event === 'progress_failed')).toHaveLength(1);
    expect(events.filter((e) => e.step === 'send').map((e) => e.outcome)).toEqual(['done', 'done', 'done']);
    expect(JSON.stringify(events).replaceAll(plan.planId, '')).not.toMatch(/\d{9}|@|Simon|Provencher/);
    expect(formatDispatchReport(report, 'en')).toContain(renderMessage('progress_failed', {}, 'en'));
  });

  it('sends documents to consult without fields', async () => {
    const w = await world();
    const zip = zipSync({ 'AVIS 2025/412589632 - Seán O’Brien.pdf': await makePdf('Notice of assessment') });
    const plan = await previewDocumentDispatch({ zip, documentType: 'AVIS', year: 2025, purpose: 'consult' }, { store: w.store }, { locale: 'en' });
    const report = await applyDocumentDispatch(plan, w, { firmName: 'Lévesque & Nguyen CPA' });
    expect(report.summary.sent).toBe(1);
    expect(w.portal.documents()[0]).toMatchObject({ purpose: 'consult', fields: [], signers: [] });
    expect(w.mailer.messages[0]?.subject).toBe('Lévesque & Nguyen CPA: 1 document(s) to view for 2025');
    expect(w.mailer.messages[0]?.html).toContain('Lévesque &amp; Nguyen CPA');
  });
});

describe('the bundled samples', () => {
  it('preview and apply agree: every ready document is sent, from the plan kept as JSON', async () => {
    const store = createMemoryClientStore();
    const portal = createMemoryPortal();
    const mailer = createOutboxMailer();
    const documents = createMemoryDocumentStore();
    const sample = (file: string): Promise<Uint8Array> => readFile(new URL(`../../samples/${file}`, import.meta.url));
    const imported = await previewClientImport({ file: await sample('dtmax-particuliers.csv'), source: 'dtmax', locale: 'fr' }, { store });
    await applyClientImport(imported, { store, portal, mailer });
    for (const file of ['t183-2025-cabinet.zip', 't183-2025-windows.zip', 't183-2025-macos.zip']) {
      const zip = await sample(file);
      const preview = await previewDocumentDispatch(T183(zip), { store, documents, portal, mailer });
      const plan = await loadDispatchPlan(JSON.stringify(preview.document));
      const report = await applyDocumentDispatch(plan, { store, portal, mailer, documents });
      expect([file, report.summary.sent, report.summary.failed]).toEqual([file, preview.summary.ready, 0]);
      expect(report.items.filter((i) => i.status === 'held')).toHaveLength(preview.summary.held + preview.summary.rejected);
    }
  });
});
