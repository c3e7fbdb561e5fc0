import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyDocumentDispatch,
  createMemoryClientStore,
  createMemoryPortal,
  createOutboxMailer,
  formatDispatchPreview,
  formatDispatchReport,
  InvalidArgumentError,
  previewDocumentDispatch,
  type DispatchPlan,
  type MemoryClientStore,
  type Portal,
  type SendDocumentInput,
  type StoredClient,
} from '../../src/index.js';
import { buildPdf, t183 } from '../fixtures/forms.js';
import { makePdf } from '../fixtures/pdfs.js';
import { PEOPLE } from '../matching/people.js';


interface World {
  store: MemoryClientStore;
  portal: ReturnType<typeof createMemoryPortal>;
  mailer: ReturnType<typeof createOutboxMailer>;
  clients: Map<string, StoredClient>;
}

async function world(invited = true): Promise<World> {
  const store = createMemoryClientStore();
  const portal = createMemoryPortal();
  const mailer = createOutboxMailer();
  const clients = new Map<string, StoredClient>();
  for (const record of PEOPLE) {
    const { client } = await store.create({ record });
    clients.set(record.kind === 'individual' ? (record.sin ?? '') : '', client);
    // Zoé's portal account was opened by the firm with an address the client list does not have.
    const email = client.email ?? (client.kind === 'individual' && client.firstName === 'Zoé' ? 'zoe@portail.example.test' : undefined);
    if (invited && email !== undefined) await portal.inviteClient({ clientId: client.id, email, language: client.language ?? 'fr', name: 'x' });
  }
  return { store, portal, mailer, clients };
}

let pdfs: Record<string, Uint8Array>;
beforeAll(async () => {
  pdfs = {
    simonEn: (await t183({ language: 'en' })).bytes,
    marieFr: (await t183({ language: 'fr' })).bytes,
    // No labels to anchor on, and an A4 page unlike any measured print: held, never stamped at a guess.
    seanUnlabelled: (await t183({ labels: false, size: { width: 595, height: 842 } })).bytes,
    benoitScan: (await buildPdf([{ kind: 'scan' }])).bytes,
    zoe: (await t183({ language: 'fr', size: { width: 576, height: 756 } })).bytes,
    letter: await makePdf('Lettre de mission 2025'),
  };
});

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
  });
}

const lineSummary = (plan: DispatchPlan) =>
  plan.lines.map((l) => ({ name: l.displayName, status: l.status, reason: l.reason, client: l.client?.kind === 'individual' ? l.client.sin : undefined }));

describe('previewDocumentDispatch', () => {
  it('gives every archive entry a line — ready, held, rejected or skipped — and writes nothing', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: w.store }, { locale: 'fr' });
    expect(lineSummary(plan)).toEqual([
      { name: '*** *** 544 - Simon Provencher.pdf', status: 'ready', reason: undefined, client: '130692544' },
      { name: '*** *** 935 - Marie-Ève Côté.pdf', status: 'ready', reason: undefined, client: '271845935' },
      { name: '*** *** 544 - Marie-Ève Côté.pdf', status: 'held', reason: 'name_mismatch', client: undefined },
      { name: '*** *** 632 - Sean O’Brien.pdf', status: 'held', reason: 'page_size_mismatch', client: '412589632' },
      { name: '*** *** 744 - Benoît Lœuillet.pdf', status: 'held', reason: 'image_only', client: '523698744' },
      { name: '*** *** 544 - Simon Provencher.pdf', status: 'skipped', reason: 'duplicate_in_zip', client: '130692544' },
      { name: 'notes.pdf', status: 'rejected', reason: 'not_pdf', client: undefined },
      { name: '._notes.pdf', status: 'skipped', reason: 'macos_metadata', client: undefined },
      { name: '*** *** 526 - Zoé Gagnon-Tremblay.pdf', status: 'ready', reason: undefined, client: '631478526' },
    ]);
    expect(plan.summary).toEqual({ entries: 9, ready: 3, held: 3, rejected: 1, skipped: 2, clients: 3 });
    const simon = plan.lines[0];
    expect(simon?.fields?.map((f) => f.name)).toEqual(expect.arrayContaining(['taxpayer_signature']));
    expect(simon?.fields?.every((f) => f.page === 1)).toBe(true);
    expect(w.portal.documents()).toHaveLength(0);
    expect(w.mailer.messages).toHaveLength(0);
    expect(await w.store.readJournal('taxsync:documents')).toEqual([]);
  });

  it('explains every held line in the chosen language, never with a full SIN', async () => {
    const w = await world();
    for (const locale of ['fr', 'en'] as const) {
      const plan = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: w.store }, { locale });
      const text = formatDispatchPreview(plan);
      expect(text).not.toMatch(/\d{9}|\d{3} \d{3} \d{3}/);
      expect(text).toContain(locale === 'fr' ? 'Retenus pour vérification (3)' : 'Held for review (3)');
      for (const l of plan.lines) expect(l.message).not.toBe('');
    }
  });

  it('sends the same PDF to two clients as two documents, but a copy for the same client once', async () => {
    const w = await world();
    const letter = await makePdf('Lettre de mission 2025 — modèle commun');
    const zip = zipSync({ '130692544 Simon Provencher.pdf': letter, '271845935 Marie-Ève Côté.pdf': letter, 'copie/130692544 Simon Provencher.pdf': letter });
    const plan = await previewDocumentDispatch({ zip, documentType: 'LETTRE', year: 2025, purpose: 'consult' }, { store: w.store });
    expect(lineSummary(plan).map((l) => [l.status, l.reason, l.client])).toEqual([
      ['ready', undefined, '130692544'],
      ['ready', undefined, '271845935'],
      ['skipped', 'duplicate_in_zip', '130692544'],
    ]);
    const report = await applyDocumentDispatch(plan, w);
    expect(report.summary.sent).toBe(2);
    expect(new Set(w.portal.documents().map((d) => d.clientId)).size).toBe(2);
  });

  it('holds a damaged PDF instead of failing the batch', async () => {
    const w = await world();
    const damaged = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n%% truncated by a failed print');
    const zip = zipSync({ '130692544 Simon Provencher.pdf': damaged, '271845935 Marie-Ève Côté.pdf': pdfs.marieFr as Uint8Array });
    const plan = await previewDocumentDispatch({ zip, documentType: 'T183', year: 2025, purpose: 'sign' }, { store: w.store }, { locale: 'en' });
    expect(lineSummary(plan).map((l) => [l.status, l.reason])).toEqual([
      ['held', 'unreadable'],
      ['ready', undefined],
    ]);
    expect(plan.lines[0]?.message).not.toBe('');
  });

  it('groups several documents of one client', async () => {
    const w = await world();
    const other = await makePdf('Second T183 page for Simon');
    const zip = zipSync({ 'a/130692544 Simon Provencher.pdf': await makePdf('first'), 'b/130692544 Simon Provencher.pdf': other });
    const plan = await previewDocumentDispatch({ zip, documentType: 'RELEVES', year: 2025, purpose: 'consult' }, { store: w.store });
    expect(plan.groups).toHaveLength(1);
    expect(plan.groups[0]?.lines).toEqual([0, 1]);
    expect(plan.title).toEqual({ en: 'RELEVES', fr: 'RELEVES' });
  });

  it('refuses an unknown signing layout before reading anything, with a typed error', async () => {
    const w = await world();
    await expect(previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2019, purpose: 'sign' }, { store: w.store })).rejects.toMatchObject({
      code: 'layout_unknown',
    });
  });
});

describe('applyDocumentDispatch', () => {
  it('sends each ready document to its own client, with its fields, and e-mails each client once in their language', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: w.store }, { locale: 'fr' });
    const report = await applyDocumentDispatch(plan, w, { firmName: 'Cabinet Tremblay CPA', portalUrl: 'https://portail.example.test' });
    expect(report.summary).toEqual({ sent: 3, skipped: 2, held: 4, failed: 0, emailsSent: 2, invited: 0 });
    const docs = w.portal.documents();
    const owner = (id: string) => [...w.clients.entries()].find(([, c]) => c.id === id)?.[0];
    expect(docs.map((d) => [owner(d.clientId), d.fileName, d.purpose])).toEqual([
      ['130692544', '130 692 544 - Simon Provencher.pdf', 'sign'],
      ['271845935', '271845935 - Marie-Ève Côté.pdf', 'sign'],
      ['631478526', '631478526 - Zoé Gagnon-Tremblay.pdf', 'sign'],
    ]);
    expect(docs.every((d) => d.fields.some((f) => f.type === 'signature') && d.signers.includes('taxpayer'))).toBe(true);
    // Zoé has no e-mail address: her document is in the portal, and no e-mail could be sent.
    expect(report.emails.find((e) => e.clientId === w.clients.get('631478526')?.id)).toMatchObject({ status: 'not_sent', reason: 'no_email' });
    expect(w.mailer.messages.map((m) => [m.to, m.language])).toEqual([
      ['simon.provencher@exemple.ca', 'fr'],
      ['marie-eve.cote@exemple.ca', 'fr'],
    ]);
    const mail = w.mailer.messages[0];
    expect(mail?.subject).toBe("Cabinet Tremblay CPA : 1 document(s) à signer pour l'année 2025");
    expect(mail?.text).toContain('https://portail.example.test');
    expect(formatDispatchReport(report, 'en')).not.toMatch(/\d{9}/);
  });

  it('does nothing the second time: no document and no e-mail twice', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: w.store });
    await applyDocumentDispatch(plan, w);
    const again = await applyDocumentDispatch(plan, w);
    expect(again.summary).toMatchObject({ sent: 0, failed: 0, emailsSent: 0 });
    expect(again.items.filter((i) => i.status === 'skipped' && i.reason === 'already_sent')).toHaveLength(3);
    // A new preview of the same archive is the same dispatch: still nothing twice.
    const replanned = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: w.store });
    expect(replanned.planId).toBe(plan.planId);
    await applyDocumentDispatch(replanned, w);
    expect(w.portal.documents()).toHaveLength(3);
    expect(w.mailer.messages).toHaveLength(2);
  });

  it('finishes after a crash at any point without sending a document or an e-mail twice', async () => {
    for (let crashAfter = 0; crashAfter < 4; crashAfter++) {
      for (const when of ['before', 'after'] as const) {
        const w = await world();
        const plan = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: w.store });
        let calls = 0;
        // A portal that dies on its (crashAfter+1)-th document, before or after the document lands.
        const flaky: Portal = {
          capabilities: w.portal.capabilities,
          inviteClient: (i) => w.portal.inviteClient(i),
          getUser: (id) => w.portal.getUser(id),
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
        expect(first.summary.failed).toBe(crashAfter < 3 ? 1 : 0);
        const second = await applyDocumentDispatch(plan, w);
        expect(second.summary.failed).toBe(0);
        expect(w.portal.documents()).toHaveLength(3);
        expect(new Set(w.portal.documents().map((d) => d.idempotencyKey)).size).toBe(3);
        expect(w.mailer.messages).toHaveLength(2);
        expect(new Set(w.mailer.messages.map((m) => m.to)).size).toBe(2);
      }
    }
  });

  it('keeps going when one client fails, and says why', async () => {
    const w = await world();
    const marie = w.clients.get('271845935')?.id;
    const plan = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: w.store });
    const picky: Portal = {
      capabilities: w.portal.capabilities,
      inviteClient: (i) => w.portal.inviteClient(i),
      getUser: (id) => w.portal.getUser(id),
      sendDocument: async (input) => {
        if (input.clientId === marie) throw new Error('quota exceeded for 130692544');
        return w.portal.sendDocument(input);
      },
    };
    const report = await applyDocumentDispatch(plan, { ...w, portal: picky }, { locale: 'en' });
    expect(report.summary).toMatchObject({ sent: 2, failed: 1 });
    const failed = report.items.find((i) => i.status === 'failed');
    expect(failed?.clientId).toBe(marie);
    expect(failed?.message).toContain('quota exceeded for *** *** 544');
  });

  it('invites a client without a portal account first, or holds their documents when asked to', async () => {
    const held = await world(false);
    const plan = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: held.store });
    const report = await applyDocumentDispatch(plan, held, { uninvited: 'hold' });
    expect(report.summary).toMatchObject({ sent: 0, held: 7 });
    expect(report.items.filter((i) => i.status === 'held' && i.reason === 'not_invited')).toHaveLength(3);
    expect(held.portal.documents()).toHaveLength(0);

    const invited = await world(false);
    const plan2 = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: invited.store });
    const report2 = await applyDocumentDispatch(plan2, invited, { concurrency: 1 });
    // Simon and Marie-Ève are invited and get their documents; Zoé has no e-mail, so she cannot be invited: held.
    expect(report2.summary).toMatchObject({ sent: 2, invited: 2 });
    expect(report2.items.find((i) => i.clientId === invited.clients.get('631478526')?.id)).toMatchObject({ status: 'held', reason: 'invitation_failed' });
    expect(invited.mailer.messages.map((m) => m.category)).toEqual(['invitation', 'documents-sign', 'invitation', 'documents-sign']);
  });

  it('refuses a portal that cannot receive documents before sending anything', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: w.store });
    const invitationsOnly: Portal = { capabilities: { sendsInvitations: false }, inviteClient: (i) => w.portal.inviteClient(i), getUser: (id) => w.portal.getUser(id) };
    await expect(applyDocumentDispatch(plan, { ...w, portal: invitationsOnly })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(w.mailer.messages).toHaveLength(0);
  });

  it('stops taking clients once aborted and reports the rest as held', async () => {
    const w = await world();
    const plan = await previewDocumentDispatch({ zip: archive(), documentType: 'T183', year: 2025, purpose: 'sign' }, { store: w.store });
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
    expect(report.items.filter((i) => i.status === 'held' && i.reason === 'aborted')).toHaveLength(2);
    expect(formatDispatchReport(report, 'fr')).toContain("relancez l'envoi");
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
