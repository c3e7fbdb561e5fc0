import { describe, expect, it } from 'vitest';
import {
  applyClientImport,
  createMemoryClientStore,
  createMemoryPortal,
  createOutboxMailer,
  describeImportItem,
  describeImportRow,
  formatImportPreview,
  formatImportReport,
  isTaxsyncError,
  loadClientImportPlan,
  parseDtmaxCsv,
  previewClientImport,
  renderMessage,
  type ClientImportItem,
  type ClientImportReport,
  type ClientImportInvitation,
  type ClientStore,
  type MemoryClientStore,
  type Portal,
  type StoredClient,
} from '../../src/index.js';
import { csvText, encodeText } from '../fixtures/csv.js';
import { wrapStore } from '../fixtures/wrap-store.js';
import { simpleSheet } from '../fixtures/xlsx/clients.js';
import { FAMILY_ROWS, HEADER, contentOf, dtmaxFile, dyingStore, mailerDyingAfterSend, refusingStore, type WriteBudget } from './helpers.js';

const fixedNow = (): Date => new Date(Date.UTC(2026, 2, 15, 14, 30, 0));

function setup(options: { idempotentMailer?: boolean; portalSendsInvitations?: boolean; tickingStore?: boolean } = {}) {
  // A store whose clock moves a second per reading: the short lease of a "killed" apply lapses, as in real time.
  let tick = 0;
  const store = createMemoryClientStore({ now: options.tickingStore === true ? () => new Date(fixedNow().getTime() + 1000 * tick++) : fixedNow });
  const portal = createMemoryPortal({ sendsInvitations: options.portalSendsInvitations ?? false, now: fixedNow });
  const mailer = createOutboxMailer({ idempotencyKeys: options.idempotentMailer ?? true, now: fixedNow });
  return { store, portal, mailer };
}

const reasonOf = (i: ClientImportItem): string | undefined => ('code' in i ? i.code : undefined);
const invitationOf = (i: ClientImportItem | undefined): ClientImportInvitation | undefined => (i !== undefined && 'invitation' in i ? i.invitation : undefined);
const statuses = (report: ClientImportReport): [number, string, string | undefined][] => report.items.map((i) => [i.row, i.status, reasonOf(i)]);

async function previewFamily(store: ClientStore, rows: readonly (readonly string[])[] = FAMILY_ROWS) {
  return previewClientImport({ source: 'dtmax', file: dtmaxFile(rows), accountManager: 'julie.tremblay', locale: 'fr' }, { store }, { now: fixedNow });
}

describe('previewClientImport', () => {
  it('reads a Windows-1252 DT Max export and previews creates, rejected rows and invitations without writing', async () => {
    const { store } = setup();
    const preview = await previewFamily(store);
    expect(store.size).toBe(0);
    expect(store.journalSnapshot()).toEqual([]);
    expect(preview.kind).toBe('individual');
    expect(preview.meta.encoding).toBe('windows-1252');
    expect(preview.summary).toEqual({ rows: 6, creates: 5, updates: 0, unchanged: 0, conflicts: 0, rejected: 1, invitations: 4 });
    expect(preview.rows.map((r) => [r.row, r.action, r.invite])).toEqual([
      [2, 'create', true],
      [3, 'create', true],
      [4, 'create', false],
      [5, 'create', true],
      [6, 'rejected', false],
      [7, 'create', true],
    ]);
    const [simon, , , , bad] = preview.rows;
    if (simon === undefined || bad === undefined) throw new Error('fixture');
    expect(describeImportRow(simon, 'fr')).toBe('ligne 2    SIMON PROVENCHER (NAS *** *** 544) — sera invité');
    expect(bad).toMatchObject({ action: 'rejected', code: 'row_rejected', params: { row: 6 } });
    expect(describeImportRow(bad, 'fr')).toMatch(/^ligne 6 {4}La ligne 6 n'a pas été importée : Le NAS \*\*\* \*\*\* 789 n'est pas valide/);
    expect(describeImportRow(bad, 'en')).toMatch(/^row 6 {4}Row 6 was not imported: SIN \*\*\* \*\*\* 789/);
    // Nothing in the preview shows a full SIN.
    expect(JSON.stringify(preview.rows)).not.toMatch(/130 ?692 ?544|412 ?589 ?632/);
    const text = formatImportPreview(preview);
    expect(text).toContain("Aperçu de l'importation des clients — 6 lignes : 5 à créer");
    expect(text).toContain('ligne 4    Léa Provencher (PROVENCHER-2025)');
  });

  it('accepts a file the host already parsed, and masks identifiers in the changes it shows', async () => {
    const { store } = setup();
    await store.create({ record: { kind: 'individual', firstName: 'Léa', lastName: 'Provencher', birthDate: '2012-08-30', clientFile: 'PROVENCHER-2025' } });
    const rows = [['631 478 526', 'Léa', 'Provencher', '2012-08-30', '', '', 'F', '', '', '', '', 'PROVENCHER-2025', 'Personne à charge']];
    const parsed = await parseDtmaxCsv(dtmaxFile(rows), { locale: 'en' });
    const preview = await previewClientImport({ source: 'dtmax', parsed, locale: 'en' }, { store });
    expect(preview.plan.updates[0]?.changes).toContainEqual({ field: 'sin', from: undefined, to: '631478526' });
    const [row] = preview.rows;
    expect(row?.action === 'update' ? row.changes : undefined).toContainEqual({ field: 'sin', from: undefined, to: '*** *** 526' });
  });

  it('reads a Taxprep workbook through the taxsync/xlsx parser, loaded on demand', async () => {
    const { store } = setup();
    const bytes = await simpleSheet([
      ['NAS', 'Prénom', 'Nom', 'Courriel', 'Langue'],
      [130692544, 'Simon', 'Provencher', 'simon.provencher@exemple.ca', 'Français'],
      ['412 589 632', 'Seán', 'O’Brien', 'sean.obrien@example.com', 'Anglais'],
    ]);
    const preview = await previewClientImport({ source: 'taxprep', file: bytes, locale: 'en' }, { store });
    expect(preview.meta.format).toBe('xlsx');
    expect(preview.plan.creates.map((c) => c.record.kind === 'individual' && c.record.sin)).toEqual(['130692544', '412589632']);
  });

  it('refuses an input without a file', async () => {
    const { store } = setup();
    const error: unknown = await previewClientImport({ source: 'dtmax' }, { store }).catch((e: unknown) => e);
    expect(isTaxsyncError(error) && error.code).toBe('preview_invalid');
  });
});

describe('applyClientImport', () => {
  it('creates clients for the account manager and invites those with an e-mail, in their language', async () => {
    const { store, portal, mailer } = setup();
    const preview = await previewFamily(store);
    const report = await applyClientImport(preview, { store, portal, mailer }, { firmName: 'Cabinet Tremblay CPA', now: fixedNow });

    expect(statuses(report)).toEqual([
      [2, 'created', undefined],
      [3, 'created', undefined],
      [4, 'created', undefined],
      [5, 'created', undefined],
      [6, 'held', 'row_rejected'],
      [7, 'created', undefined],
    ]);
    expect(report.summary).toEqual({ created: 5, updated: 0, unchanged: 0, skipped: 0, held: 1, failed: 0, invited: 4, invitationsFailed: 0, filesCreated: 3, filesUpdated: 0, filesFailed: 0 });
    const names = store.snapshot().map((c) => [c.kind === 'individual' ? c.firstName : c.name, c.accountManager]);
    expect(names.sort()).toEqual([
      ['Léa', 'julie.tremblay'],
      ['Marie-Ève', 'julie.tremblay'],
      ['SIMON', 'julie.tremblay'],
      ['Seán', 'julie.tremblay'],
      ['Zoé', 'julie.tremblay'],
    ]);
    // Léa (a dependant without e-mail) is not invited, and says why.
    expect(invitationOf(report.items[2])).toMatchObject({ status: 'not_invited', code: 'no_email' });
    expect(portal.users().map((u) => u.email).sort()).toEqual(['marie-eve.cote@exemple.ca', 'sean.obrien@example.com', 'simon.provencher@exemple.ca', 'zoe.gt@exemple.ca']);
    expect(mailer.messages.map((m) => [m.to, m.language, m.subject]).sort()).toEqual([
      ['marie-eve.cote@exemple.ca', 'fr', 'Cabinet Tremblay CPA : créez votre mot de passe pour le portail client'],
      ['sean.obrien@example.com', 'en', 'Cabinet Tremblay CPA: create your password for the client portal'],
      ['simon.provencher@exemple.ca', 'fr', 'Cabinet Tremblay CPA : créez votre mot de passe pour le portail client'],
      ['zoe.gt@exemple.ca', 'fr', 'Cabinet Tremblay CPA : créez votre mot de passe pour le portail client'],
    ]);
    // The invitations carry no identifier: no SIN of the file, bare or spaced, in any part of any message.
    const sins = FAMILY_ROWS.map((row) => row[0].replace(/\D/g, '')).filter((sin) => sin !== '000000000');
    expect(sins).toHaveLength(5);
    const mailText = mailer.messages.map((m) => `${m.subject}\n${m.text}\n${m.html ?? ''}`).join('\n');
    expect(sins.filter((sin) => mailText.includes(sin) || mailText.includes(`${sin.slice(0, 3)} ${sin.slice(3, 6)} ${sin.slice(6)}`))).toEqual([]);
    const first = mailer.messages.find((m) => m.to === 'simon.provencher@exemple.ca');
    const user = portal.users().find((u) => u.email === 'simon.provencher@exemple.ca');
    expect(first?.text).toContain(`Bonjour SIMON,`);
    expect(first?.text).toContain(user?.invitationUrl);
    expect(first?.html).toContain(`<a href="${user?.invitationUrl ?? ''}">Créer mon mot de passe</a>`);
  });

  it('does nothing the second time the same preview is applied, and a new preview finds nothing to do', async () => {
    const { store, portal, mailer } = setup();
    const preview = await previewFamily(store);
    await applyClientImport(preview, { store, portal, mailer });
    const after = contentOf(store);

    const again = await applyClientImport(preview, { store, portal, mailer });
    expect(again.summary).toEqual({ created: 0, updated: 0, unchanged: 0, skipped: 5, held: 1, failed: 0, invited: 0, invitationsFailed: 0, filesCreated: 0, filesUpdated: 0, filesFailed: 0 });
    expect(again.items.filter((i) => reasonOf(i) === 'already_applied')).toHaveLength(5);
    expect(contentOf(store)).toEqual(after);
    expect(mailer.messages).toHaveLength(4);
    expect(portal.users()).toHaveLength(4);

    const second = await previewFamily(store);
    expect(second.summary).toMatchObject({ creates: 0, updates: 0, unchanged: 5, rejected: 1, invitations: 0 });
    const report = await applyClientImport(second, { store, portal, mailer });
    expect(report.summary).toMatchObject({ created: 0, updated: 0, unchanged: 5, invited: 0 });
    expect(mailer.messages).toHaveLength(4);
  });

  it('applies its stored plan after a JSON round trip, with the file given again', async () => {
    const { store, portal, mailer } = setup();
    const preview = await previewFamily(store);
    const stored = JSON.stringify(preview.document);
    const plan = await loadClientImportPlan(stored);
    expect(plan.planId).toBe(preview.planId);
    const report = await applyClientImport(plan, { store, portal, mailer }, { file: dtmaxFile() });
    expect(report.summary).toMatchObject({ created: 5, held: 1, invited: 4, failed: 0 });
    // The JSON text itself is accepted too, and a second apply does nothing new.
    const again = await applyClientImport(stored, { store, portal, mailer }, { file: dtmaxFile() });
    expect(again.summary).toMatchObject({ created: 0, skipped: 5, invited: 0 });
    expect(store.size).toBe(5);
    expect(mailer.messages).toHaveLength(4);
  });

  it("with blankFields 'clear', empties only the fields the file has a column for", async () => {
    const { store } = setup();
    const { client } = await store.create({
      record: { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', phone: '+15145550142', email: 'simon.provencher@exemple.ca' },
    });
    const withEmptyPhone = await previewClientImport(
      { source: 'dtmax', file: dtmaxFile([['130 692 544', 'Simon', 'Provencher', '', '', '', '', '', '', '', '', '', '']]), blankFields: 'clear' },
      { store },
    );
    expect(withEmptyPhone.plan.updates[0]?.changes).toEqual([
      { field: 'email', from: 'simon.provencher@exemple.ca', to: undefined },
      { field: 'phone', from: '+15145550142', to: undefined },
    ]);
    const noPhoneColumn = encodeText(csvText([['NAS', 'Prénom', 'Nom'], ['130 692 544', 'Simon', 'Provencher']]), 'windows-1252');
    const preview = await previewClientImport({ source: 'dtmax', file: noPhoneColumn, blankFields: 'clear' }, { store });
    expect(preview.plan.unchanged.map((u) => u.id)).toEqual([client.id]);
  });

  it('updates changed clients field by field, through optimistic concurrency', async () => {
    const { store, portal, mailer } = setup();
    await applyClientImport(await previewFamily(store), { store, portal, mailer });
    const moved = FAMILY_ROWS.map((r) => (r[1] === 'Marie-Ève' ? [...r.slice(0, 8), 'Laval', 'Québec', 'H7N 1A1', ...r.slice(11)] : [...r]));
    const preview = await previewFamily(store, moved);
    expect(preview.summary).toMatchObject({ updates: 1, unchanged: 4 });
    const before = (await store.find({ sin: '271845935' }))[0];

    const report = await applyClientImport(preview, { store, portal, mailer });
    const item = report.items.find((i) => i.row === 3);
    expect(item).toMatchObject({ status: 'updated', clientId: before?.id });
    expect(item?.status === 'updated' ? item.changes : undefined).toEqual([
      { field: 'address.city', from: 'Montréal', to: 'Laval' },
      { field: 'address.postalCode', from: 'H2X 3J8', to: 'H7N 1A1' },
    ]);
    const after = (await store.find({ sin: '271845935' }))[0];
    expect(after?.version).toBe((before?.version as number) + 1);
    expect(after?.address).toEqual({ line1: '1234, rue Saint-Denis', city: 'Laval', province: 'QC', postalCode: 'H7N 1A1' });
    expect(mailer.messages).toHaveLength(4);
  });

  it('never overwrites a client changed since the preview, nor duplicates one created since', async () => {
    const { store, portal, mailer } = setup();
    await applyClientImport(await previewFamily(store, FAMILY_ROWS.slice(0, 2)), { store, portal, mailer });
    const moved = FAMILY_ROWS.map((r) => (r[1] === 'Marie-Ève' ? [...r.slice(0, 8), 'Laval', ...r.slice(9)] : [...r]));
    const preview = await previewFamily(store, moved);
    expect(preview.summary).toMatchObject({ updates: 1, creates: 3 });

    // Meanwhile, someone at the firm edits Marie-Ève and creates Seán by hand.
    const [marie] = await store.find({ sin: '271845935' });
    if (marie === undefined || marie.kind !== 'individual') throw new Error('fixture');
    await store.update({ id: marie.id, record: { ...marie, phone: '+15145550000' }, expectedVersion: marie.version as number });
    await store.create({ record: { kind: 'individual', sin: '412589632', firstName: 'Seán', lastName: 'O’Brien' } });

    const report = await applyClientImport(preview, { store, portal, mailer });
    expect(statuses(report).filter(([, status]) => status !== 'created')).toEqual([
      [2, 'unchanged', undefined],
      [3, 'held', 'changed_since_preview'],
      [5, 'held', 'changed_since_preview'],
      [6, 'held', 'row_rejected'],
    ]);
    const [stillMarie] = await store.find({ sin: '271845935' });
    expect(stillMarie).toMatchObject({ phone: '+15145550000', address: { city: 'Montréal' } });
    expect(await store.find({ sin: '412589632' })).toHaveLength(1);
    const held = report.items.find((i) => i.row === 3 && i.status === 'held');
    if (held === undefined) throw new Error('expected row 3 held');
    expect(describeImportItem(held, 'fr')).toContain("Ce client a été modifié dans vos dossiers après l'aperçu. Rien n'a été écrasé : refaites l'aperçu de l'importation.");
    expect(describeImportItem(held, 'en')).toContain('This client was changed in your records after the preview.');
  });

  it('keeps going when one client fails, and reports why without the SIN', async () => {
    const { store, portal, mailer } = setup();
    const preview = await previewFamily(store);
    const report = await applyClientImport(preview, { store: refusingStore(store, '271845935'), portal, mailer });
    const failed = report.items.find((i) => i.status === 'failed');
    if (failed === undefined) throw new Error('expected a failed item');
    expect(failed).toMatchObject({ row: 3, code: 'write_failed' });
    expect(describeImportItem(failed, 'fr')).toContain('*** *** 935');
    expect(JSON.stringify(failed)).not.toContain('271845935');
    expect(report.summary).toMatchObject({ created: 4, failed: 1, invited: 3 });

    // Once the cause is fixed, applying again finishes the job without repeating the rest.
    const retry = await applyClientImport(preview, { store, portal, mailer });
    expect(retry.summary).toMatchObject({ created: 1, failed: 0, invited: 1 });
    expect(mailer.messages).toHaveLength(4);
  });

  it('does not invite a new client whose e-mail belongs to another client', async () => {
    const { store, portal, mailer } = setup();
    const shared = [...FAMILY_ROWS.slice(0, 1), ['271 845 935', 'Marie-Ève', 'Côté', '1980-11-02', 'SIMON.PROVENCHER@exemple.ca', '', 'F', '', '', '', '', 'PROVENCHER-2025', 'Conjoint']];
    const report = await applyClientImport(await previewFamily(store, shared), { store, portal, mailer });
    expect(report.items.map((i) => [i.status, invitationOf(i)?.status, invitationOf(i)?.code])).toEqual([
      ['created', 'not_invited', 'email_in_use'],
      ['created', 'not_invited', 'email_in_use'],
    ]);
    expect(mailer.messages).toEqual([]);
  });

  it('lets the portal send its own invitations', async () => {
    const { store, portal, mailer } = setup({ portalSendsInvitations: true });
    const report = await applyClientImport(await previewFamily(store), { store, portal, mailer });
    expect(report.summary.invited).toBe(4);
    expect(portal.users()).toHaveLength(4);
    expect(mailer.messages).toEqual([]);
  });

  it('uses host templates with escaped variables, and refuses an unknown variable before writing anything', async () => {
    const { store, portal, mailer } = setup();
    const rows = [['130 692 544', '<b>Simon</b> & Cie', 'Provencher', '', 'simon.provencher@exemple.ca', '', 'F', '', '', '', '', '', '']];
    const preview = await previewFamily(store, rows);
    const bad = await applyClientImport(preview, { store, portal, mailer }, { templates: { fr: { subject: 'Bienvenue {{prenom}}' } } }).catch((e: unknown) => e);
    expect(isTaxsyncError(bad) && bad.code).toBe('template_variable_unknown');
    expect(store.size).toBe(0);

    await applyClientImport(preview, { store, portal, mailer }, {
      firmName: 'Lœuillet & Associés',
      templates: { fr: { subject: 'Bienvenue {{ name }}\r\nBcc: x@evil.test', html: '<p>Bonjour {{name}} — {{firmName}}</p><a href="{{invitationUrl}}">go</a>' } },
    });
    const [message] = mailer.messages;
    expect(message?.subject).toBe('Bienvenue <b>Simon</b> & Cie Bcc: x@evil.test');
    expect(message?.subject).not.toMatch(/[\r\n]/);
    expect(message?.html).toContain('<p>Bonjour &lt;b&gt;Simon&lt;/b&gt; &amp; Cie — Lœuillet &amp; Associés</p>');
    expect(message?.text).toContain('Bonjour <b>Simon</b> & Cie,');
  });

  it('reports progress, honours an AbortSignal, and finishes on the next apply', async () => {
    const { store, portal, mailer } = setup();
    const preview = await previewFamily(store);
    const controller = new AbortController();
    const seen: [number, number][] = [];
    const stopped = await applyClientImport(preview, { store, portal, mailer }, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: ({ done, total }) => {
        seen.push([done, total]);
        if (done === 2) controller.abort();
      },
    });
    expect(seen).toEqual([[1, 5], [2, 5]]);
    expect(stopped.aborted).toBe(true);
    expect(statuses(stopped)).toEqual([
      [2, 'created', undefined],
      [3, 'created', undefined],
      [4, 'held', 'aborted'],
      [5, 'held', 'aborted'],
      [6, 'held', 'row_rejected'],
      [7, 'held', 'aborted'],
    ]);
    expect(formatImportReport(stopped, 'en')).toContain('Stopped before the end: apply again to finish.');

    const rest = await applyClientImport(preview, { store, portal, mailer });
    expect(rest.aborted).toBe(false);
    expect(rest.summary).toMatchObject({ created: 3, invited: 2 });
    expect(store.size).toBe(5);
    expect(mailer.messages).toHaveLength(4);
  });

  it('runs clients concurrently up to the limit', async () => {
    const { store, portal, mailer } = setup();
    const rows = Array.from({ length: 40 }, (_, i) => {
      const eight = String(20_000_000 + i * 13);
      let sin = '';
      for (let d = 0; d <= 9 && sin === ''; d++) {
        const candidate = `${eight}${d}`;
        let sum = 0;
        for (let k = 0; k < 9; k++) {
          let v = candidate.charCodeAt(k) - 48;
          if (k % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
          sum += v;
        }
        if (sum % 10 === 0) sin = candidate;
      }
      return [sin, `Client${i}`, 'Tremblay', '', `client${i}@exemple.ca`, '', 'F', '', '', '', '', '', ''];
    });
    let inFlight = 0;
    let peak = 0;
    const slow = wrapStore(store, {
      create: async (input) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
        return store.create(input);
      },
    });
    const report = await applyClientImport(await previewFamily(store, rows), { store: slow, portal, mailer }, { concurrency: 6 });
    expect(report.summary).toMatchObject({ created: 40, invited: 40 });
    expect(peak).toBe(6);
    expect(new Set(store.snapshot().map((c) => c.kind === 'individual' && c.sin)).size).toBe(40);
  });

  it('formats the report for people in French and English, identifiers masked', async () => {
    const { store, portal, mailer } = setup();
    const report = await applyClientImport(await previewFamily(store), { store, portal, mailer });
    const fr = formatImportReport(report, 'fr');
    expect(fr.split('\n')[0]).toBe('Importation des clients — 5 créés, 0 mis à jour, 0 inchangés, 0 ignorés, 1 retenus, 0 en échec · 4 invitations envoyées, dossiers : 3 créés, 0 mis à jour');
    expect(fr).toContain('ligne 4    Léa Provencher (PROVENCHER-2025) — non invité (Aucun courriel : non invité au portail.)');
    expect(fr).toContain('ligne 5    Seán O’Brien (NAS *** *** 632) — invitation envoyée');
    const en = formatImportReport(report, 'en');
    expect(en.split('\n')[0]).toBe('Client import — 5 created, 0 updated, 0 unchanged, 0 skipped, 1 held, 0 failed · 4 invitations sent, client files: 3 created, 0 updated');
    expect(en).toContain('row 4    Léa Provencher (PROVENCHER-2025) — not invited (No e-mail address: not invited to the portal.)');
    for (const text of [fr, en]) expect(text.replace(/\s/g, '')).not.toMatch(/130692544|412589632|631478526/);
  });
});

describe('applyClientImport: nothing lost, nothing twice', () => {
  /** A clean run on a store that already has two of the clients (one of them with an old address). */
  async function scenario(options: { idempotentMailer?: boolean } = {}) {
    const ports = setup({ ...options, tickingStore: true });
    await ports.store.create({ record: { kind: 'individual', sin: '271845935', firstName: 'Marie-Ève', lastName: 'Côté', birthDate: '1980-11-02', address: { city: 'Longueuil' } } });
    await ports.store.create({ record: { kind: 'individual', sin: '631478526', firstName: 'Zoé', lastName: 'Gagnon-Tremblay', phone: '+14505550100' } });
    const preview = await previewFamily(ports.store);
    return { ...ports, preview };
  }

  async function cleanRun(): Promise<{ content: string[]; writes: number; recipients: string[] }> {
    const { store, portal, mailer, preview } = await scenario();
    const budget: WriteBudget = { remaining: Number.POSITIVE_INFINITY, mode: 'before', done: 0 };
    const report = await applyClientImport(preview, { store: dyingStore(store, budget), portal, mailer });
    expect(report.summary).toMatchObject({ created: 3, updated: 2, failed: 0, invited: 2 });
    return { content: contentOf(store), writes: budget.done, recipients: mailer.messages.map((m) => m.to).sort() };
  }

  it('finishes an apply killed after any number of writes, with the same result as a clean run', async () => {
    const clean = await cleanRun();
    expect(clean.writes).toBeGreaterThan(8);
    for (const mode of ['before', 'after'] as const) {
      for (let n = 0; n <= clean.writes; n++) {
        for (const concurrency of [1, 3]) {
          const { store, portal, mailer, preview } = await scenario();
          const budget: WriteBudget = { remaining: n, mode, done: 0 };
          // The killed run's claims lapse after 1 ms (its process is gone); the resumed run takes them over.
          await applyClientImport(preview, { store: dyingStore(store, budget), portal, mailer }, { concurrency, leaseMs: 1 });
          const resumed = await applyClientImport(preview, { store, portal, mailer }, { concurrency });
          const where = `killed ${mode} write ${n + 1}, concurrency ${concurrency}`;
          expect(resumed.summary.failed, where).toBe(0);
          expect(resumed.items.filter((i) => i.status === 'held' && i.code !== 'row_rejected'), where).toEqual([]);
          expect(contentOf(store), where).toEqual(clean.content);
          expect(mailer.messages.map((m) => m.to).sort(), where).toEqual(clean.recipients);
          expect(portal.users().map((u) => u.email).sort(), where).toEqual(clean.recipients);
          // A third apply finds nothing left to do.
          const third = await applyClientImport(preview, { store, portal, mailer });
          expect([third.summary.created, third.summary.updated, third.summary.invited], where).toEqual([0, 0, 0]);
        }
      }
    }
  });

  it('never sends an invitation twice when the process dies right after handing it to the mailer', async () => {
    for (const idempotentMailer of [true, false]) {
      const { store, portal, mailer, preview } = await scenario({ idempotentMailer });
      const dying = mailerDyingAfterSend(mailer, 1);
      const first = await applyClientImport(preview, { store, portal, mailer: dying }, { concurrency: 1, leaseMs: 1 });
      expect(dying.deaths).toBe(1);
      expect(first.summary.invitationsFailed).toBe(1);
      const second = await applyClientImport(preview, { store, portal, mailer }, { concurrency: 1 });
      const recipients = mailer.messages.map((m) => m.to);
      expect(new Set(recipients).size, `idempotent mailer: ${idempotentMailer}`).toBe(recipients.length);
      expect(recipients).toHaveLength(2);
      const outcomes = second.items.filter((i) => invitationOf(i) !== undefined && invitationOf(i)?.status !== 'not_invited').map((i) => [i.row, invitationOf(i)?.status, invitationOf(i)?.code]);
      expect(second.summary.invited).toBe(0);
      if (idempotentMailer) {
        // The mailer recognises the key: the retry is answered as a duplicate, nothing is sent.
        expect(outcomes).toEqual([[2, 'already_sent', undefined], [5, 'already_sent', undefined]]);
      } else {
        // A plain relay cannot tell: the message may have left, so it is not risked twice.
        expect(outcomes).toEqual([[2, 'already_sent', undefined], [5, 'failed', 'delivery_unknown']]);
      }
    }
  });
});

describe('applyClientImport: clients who already use the portal', () => {
  /**
   * A firm adopting taxsync: its clients were imported without invitations, then it opened their portal accounts
   * itself. Simon and Seán have chosen their password (active); Marie-Ève has not yet (invited); Zoé has no account.
   */
  async function adopted() {
    const ports = setup();
    const preview = await previewFamily(ports.store);
    await applyClientImport(preview, { store: ports.store }, { now: fixedNow });
    const clientOf = (email: string): StoredClient => {
      const found = ports.store.snapshot().find((c) => c.email === email);
      if (found === undefined) throw new Error(`fixture: no client ${email}`);
      return found;
    };
    const open = async (email: string, language: 'fr' | 'en', name: string): Promise<StoredClient> => {
      const client = clientOf(email);
      await ports.portal.inviteClient({ clientId: client.id, email, language, name });
      return client;
    };
    const simon = await open('simon.provencher@exemple.ca', 'fr', 'Simon Provencher');
    const marie = await open('marie-eve.cote@exemple.ca', 'fr', 'Marie-Ève Côté');
    const sean = await open('sean.obrien@example.com', 'en', 'Seán O’Brien');
    ports.portal.activate(simon.id);
    ports.portal.activate(sean.id);
    return { ...ports, preview, simon, marie, sean, zoe: clientOf('zoe.gt@exemple.ca') };
  }

  it('sends no invitation to a client whose portal account is active, records it, and says why', async () => {
    const { store, portal, mailer, preview, simon, sean } = await adopted();
    const report = await applyClientImport(preview, { store, portal, mailer }, { firmName: 'Cabinet Tremblay CPA', now: fixedNow });

    const userOf = (clientId: string): string | undefined => portal.users().find((u) => u.clientId === clientId)?.id;
    expect(report.items.map((i) => [i.row, i.status, invitationOf(i)?.status, invitationOf(i)?.code])).toEqual([
      [2, 'skipped', 'already_sent', 'portal_account_active'],
      [3, 'skipped', 'sent', undefined],
      [4, 'skipped', 'not_invited', 'no_email'],
      [5, 'skipped', 'already_sent', 'portal_account_active'],
      [6, 'held', undefined, undefined],
      [7, 'skipped', 'sent', undefined],
    ]);
    expect(invitationOf(report.items[0])).toEqual({ status: 'already_sent', code: 'portal_account_active', params: {}, portalUserId: userOf(simon.id) });
    // Only Marie-Ève (invited, no password yet) and Zoé (no account) get taxsync's e-mail; the counts say so.
    expect(mailer.messages.map((m) => [m.to, m.category]).sort()).toEqual([
      ['marie-eve.cote@exemple.ca', 'invitation'],
      ['zoe.gt@exemple.ca', 'invitation'],
    ]);
    expect(report.summary).toMatchObject({ skipped: 5, invited: 2, invitationsFailed: 0 });
    // The e-mail step is settled in the shared invitations journal, with the portal user as its reference.
    for (const client of [simon, sean]) {
      expect(store.journalSnapshot().filter((e) => e.applyId === 'taxsync:invitations' && e.itemKey === client.id && e.step === 'email')).toEqual([
        expect.objectContaining({ status: 'done', clientId: client.id, ref: userOf(client.id) }),
      ]);
    }
    // People read why nothing was e-mailed, in either language.
    const [simonItem] = report.items;
    if (simonItem === undefined) throw new Error('fixture');
    const fr = renderMessage('portal_account_active', {}, 'fr');
    const en = renderMessage('portal_account_active', {}, 'en');
    expect(fr).toMatch(/compte/);
    expect(en).toMatch(/account/);
    expect(describeImportItem(simonItem, 'fr')).toContain(`déjà invité (${fr})`);
    expect(describeImportItem(simonItem, 'en')).toContain(`already invited (${en})`);
    expect(formatImportReport(report, 'en').split('\n')[0]).toContain('2 invitations sent');

    // Applying again sends nothing to anyone.
    const again = await applyClientImport(preview, { store, portal, mailer }, { now: fixedNow });
    expect(again.items.map((i) => invitationOf(i)?.status)).toEqual(['already_sent', 'already_sent', 'not_invited', 'already_sent', undefined, 'already_sent']);
    expect(again.summary.invited).toBe(0);
    expect(mailer.messages).toHaveLength(2);
    // The earlier run's reference is the portal user, not an e-mail: it is not reported as one.
    expect(invitationOf(again.items[0])).toEqual({ status: 'already_sent', portalUserId: userOf(simon.id) });
  });

  it('goes on when the portal gives no invitation link for an active account', async () => {
    const { store, portal, mailer, preview, simon } = await adopted();
    // A host's portal: the link to create a password is gone once the client has one.
    const noLinkOnceActive: Portal = {
      capabilities: portal.capabilities,
      inviteClient: async (input) => {
        const { user, created } = await portal.inviteClient(input);
        const { invitationUrl: _spent, ...rest } = user;
        return { user: user.status === 'active' ? rest : user, created };
      },
      getUser: (clientId) => portal.getUser(clientId),
    };
    const report = await applyClientImport(preview, { store, portal: noLinkOnceActive, mailer }, { now: fixedNow });
    expect(report.items.map((i) => [i.row, invitationOf(i)?.status, invitationOf(i)?.code])).toEqual([
      [2, 'already_sent', 'portal_account_active'],
      [3, 'sent', undefined],
      [4, 'not_invited', 'no_email'],
      [5, 'already_sent', 'portal_account_active'],
      [6, undefined, undefined],
      [7, 'sent', undefined],
    ]);
    expect(report.summary).toMatchObject({ invited: 2, invitationsFailed: 0 });
    expect(mailer.messages.map((m) => m.to)).not.toContain(simon.email);
  });
});

/** Type-level guard: the memory store is a ClientStore. */
const _typeCheck: ClientStore = createMemoryClientStore() satisfies MemoryClientStore;
void _typeCheck;
void HEADER;
