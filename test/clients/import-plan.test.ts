/**
 * The client import's plan as a document (kept between two requests, applied in chunks), its re-check against the
 * store at apply, the client files it writes, and its outcomes as data.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  PlanError,
  applyClientImport,
  createMemoryClientStore,
  createMemoryPortal,
  createOutboxMailer,
  describeImportItem,
  formatImportReport,
  isTaxsyncError,
  loadClientImportPlan,
  previewClientImport,
  type ClientImportReport,
  type MemoryClientStore,
  type WorkflowEvent,
} from '../../src/index.js';
import { FAMILY_ROWS, contentOf, dtmaxFile } from './helpers.js';

const fixedNow = (): Date => new Date(Date.UTC(2026, 2, 15, 14, 30, 0));
const sample = (name: string): Promise<Uint8Array> => readFile(new URL(`../../samples/${name}`, import.meta.url)).then((b) => new Uint8Array(b));

function setup() {
  const store = createMemoryClientStore({ now: fixedNow });
  const portal = createMemoryPortal({ now: fixedNow });
  const mailer = createOutboxMailer({ idempotencyKeys: false, now: fixedNow });
  return { store, portal, mailer };
}

const preview = (store: MemoryClientStore, file: Uint8Array, locale: 'fr' | 'en' = 'fr') =>
  previewClientImport({ source: 'dtmax', file, accountManager: 'julie.tremblay', locale }, { store }, { now: fixedNow });

/** Every way a SIN of the file could be written: bare, spaced, dashed. */
const sinForms = (digits: string): string[] => [digits, `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`, `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`];

/** The client files of the store, as a comparable snapshot (taxpayers by client content, not by id). */
async function filesOf(store: MemoryClientStore, ids: readonly string[]): Promise<unknown[]> {
  const names = new Map(store.snapshot().map((c) => [c.id, c.kind === 'individual' ? `${c.firstName} ${c.lastName}` : c.name]));
  const files = [];
  for (const id of ids) {
    const file = await store.getClientFile(id);
    files.push(file === undefined ? undefined : { id, taxpayers: file.taxpayers.map((t) => [names.get(t.taxpayerId), t.role, t.name]) });
  }
  return files;
}

describe('the client-import plan as a document', () => {
  it('holds no full SIN and no birth date of the file, even with updates and conflicts', async () => {
    const { store } = setup();
    // Stored: Léa without her SIN and with another birth date (the update shows both fields), Marie-Ève as another person.
    await store.create({ record: { kind: 'individual', firstName: 'Léa', lastName: 'Provencher', birthDate: '2012-08-30', clientFile: 'PROVENCHER-2025' } });
    await store.create({ record: { kind: 'individual', sin: '271845935', firstName: 'Martine', lastName: 'Roy', birthDate: '1961-01-01' } });
    const rows = FAMILY_ROWS.map((r) => (r[1] === 'Léa' ? ['912 345 675', ...r.slice(1)] : [...r]));
    const bundled = await sample('dtmax-particuliers.csv');
    for (const file of [dtmaxFile(rows), bundled]) {
      const p = await preview(store, file);
      const json = JSON.stringify(p.document);
      const text = new TextDecoder('windows-1252').decode(file);
      const sins = [...text.matchAll(/^(\d[\d ]{8,11}\d);/gm)].map((m) => (m[1] as string).replace(/\D/g, '')).filter((d) => d.length === 9 && d !== '000000000');
      const births = [...text.matchAll(/;(\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4});/g)].map((m) => m[1] as string);
      expect(sins.length).toBeGreaterThan(4);
      expect(births.length).toBeGreaterThan(4);
      for (const sin of sins) for (const form of sinForms(sin)) expect(json, `SIN ${sin.slice(-3)}`).not.toContain(form);
      for (const birth of births) expect(json).not.toContain(birth);
      expect(json).not.toContain('1961-01-01');
      // Yet it says what the preview decided.
      expect(p.document.body.items.length + p.document.body.unchanged.length + p.document.body.held.length).toBe(p.rows.length);
    }
    const p = await preview(store, dtmaxFile(rows));
    const lea = p.document.body.items.find((i) => i.row === 4);
    expect(lea).toMatchObject({ key: '4', action: 'update', changes: expect.arrayContaining([{ field: 'sin', to: '*** *** 675' }]) as unknown });
    expect(p.document.body.held).toContainEqual(expect.objectContaining({ row: 3, action: 'conflict', code: 'sin_collision' }));
  });

  it('refuses a plan changed after the preview, and a plan of another job', async () => {
    const { store, portal, mailer } = setup();
    const p = await preview(store, dtmaxFile());
    const tampered = JSON.parse(JSON.stringify(p.document)) as { body: { items: { invite: boolean }[] } };
    const first = tampered.body.items[2];
    if (first === undefined) throw new Error('fixture');
    first.invite = !first.invite;
    const error = await applyClientImport(JSON.stringify(tampered), { store, portal, mailer }, { file: dtmaxFile() }).catch((e: unknown) => e);
    expect(PlanError.isInstance(error) && error.code).toBe('plan_tampered');
    const foreign = await loadClientImportPlan({ ...p.document, job: 'document-dispatch' }).catch((e: unknown) => e);
    expect(PlanError.isInstance(foreign) && foreign.code).toBe('plan_job_mismatch');
    const notJson = await loadClientImportPlan('{"format":').catch((e: unknown) => e);
    expect(PlanError.isInstance(notJson) && notJson.code).toBe('plan_invalid');
    expect(store.size).toBe(0);
  });

  it('refuses another file than the one previewed, naming both digests, and writes nothing', async () => {
    const { store, portal, mailer } = setup();
    const p = await preview(store, dtmaxFile());
    const plan = await loadClientImportPlan(JSON.stringify(p.document));
    const other = dtmaxFile(FAMILY_ROWS.slice(0, 5));
    const error = await applyClientImport(plan, { store, portal, mailer }, { file: other }).catch((e: unknown) => e);
    expect(PlanError.isInstance(error) && error.code).toBe('plan_source_mismatch');
    expect(PlanError.isInstance(error) && error.messageIn('en')).toMatch(/^The file given is not the one previewed \(SHA-256 [0-9a-f]{8}…, the plan expects [0-9a-f]{8}…\)/);
    const missing = await applyClientImport(plan, { store, portal, mailer }).catch((e: unknown) => e);
    expect(isTaxsyncError(missing) && missing.code).toBe('invalid_input');
    expect(store.size).toBe(0);
    expect(mailer.messages).toEqual([]);
    // The same file as a stream of chunks is the same file.
    const bytes = dtmaxFile();
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 100) yield bytes.slice(i, i + 100);
    }
    const report = await applyClientImport(plan, { store, portal, mailer }, { file: chunks() });
    expect(report.summary).toMatchObject({ created: 5, held: 1 });
  });

  it('applied in three chunks, in shuffled order, twice, equals one apply', async () => {

    const once = setup();
    await once.store.create({ record: { kind: 'individual', sin: '631478526', firstName: 'Zoé', lastName: 'Gagnon-Tremblay', phone: '+14505550100' } });
    const whole = await preview(once.store, dtmaxFile(FAMILY_ROWS));
    await applyClientImport(whole, once, { now: fixedNow });

    const chunked = setup();
    await chunked.store.create({ record: { kind: 'individual', sin: '631478526', firstName: 'Zoé', lastName: 'Gagnon-Tremblay', phone: '+14505550100' } });
    const p = await preview(chunked.store, dtmaxFile(FAMILY_ROWS));
    const keys = p.document.body.items.map((i) => i.key);
    expect(keys).toEqual(['2', '3', '4', '5', '7']);
    const chunks = [keys.slice(3), keys.slice(0, 1), keys.slice(1, 3)];
    const stored = JSON.stringify(p.document);
    const reports: ClientImportReport[] = [];
    for (const round of [0, 1]) {
      for (const chunk of round === 0 ? chunks : [...chunks].reverse()) {
        const plan = await loadClientImportPlan(stored);
        reports.push(await applyClientImport(plan, chunked, { file: dtmaxFile(FAMILY_ROWS), items: chunk, now: fixedNow }));
      }
    }
    // Each report covers its chunk only.
    expect(reports.map((r) => r.items.map((i) => String(i.row)))).toEqual([...chunks, ...[...chunks].reverse()]);
    expect(reports.slice(3).flatMap((r) => r.items.map((i) => i.status))).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(contentOf(chunked.store)).toEqual(contentOf(once.store));
    expect(chunked.mailer.messages.map((m) => m.to).sort()).toEqual(once.mailer.messages.map((m) => m.to).sort());
    expect(chunked.portal.users().map((u) => u.email).sort()).toEqual(once.portal.users().map((u) => u.email).sort());
    const ids = ['PROVENCHER-2025', 'OBRIEN-2025', 'GAGNON-2025'];
    expect(await filesOf(chunked.store, ids)).toEqual(await filesOf(once.store, ids));

    const unknown = await applyClientImport(p, chunked, { items: ['6'] }).catch((e: unknown) => e);
    expect(isTaxsyncError(unknown) && unknown.code).toBe('invalid_input');
  });

  it('holds a row whose decision moved since the preview, and never writes it', async () => {
    const { store, portal, mailer } = setup();
    await store.create({ record: { kind: 'individual', sin: '271845935', firstName: 'Marie-Ève', lastName: 'Côté', address: { city: 'Longueuil' } } });
    const { client: zoe } = await store.create({ record: { kind: 'individual', sin: '631478526', firstName: 'Zoé', lastName: 'Gagnon-Tremblay' } });
    const p = await preview(store, dtmaxFile());
    expect(p.rows.filter((r) => r.action === 'update').map((r) => r.row)).toEqual([3, 7]);
    const stored = JSON.stringify(p.document);

    // After the preview: Marie-Ève's SIN is corrected in the store (the row's SIN is not hers any more), and Seán is
    // created by hand with his SIN.
    const [marie] = await store.find({ sin: '271845935' });
    if (marie === undefined || marie.kind !== 'individual') throw new Error('fixture');
    await store.update({ id: marie.id, record: { ...marie, sin: '046454286' }, expectedVersion: marie.version as number });
    await store.create({ record: { kind: 'individual', sin: '412589632', firstName: 'Seán', lastName: 'O’Brien' } });
    const before = contentOf(store);

    const report = await applyClientImport(await loadClientImportPlan(stored), { store, portal, mailer }, { file: dtmaxFile(), now: fixedNow });
    const byRow = new Map(report.items.map((i) => [i.row, i]));
    expect(byRow.get(3)).toMatchObject({ status: 'held', code: 'changed_since_preview', clientId: marie.id });
    expect(byRow.get(5)).toMatchObject({ status: 'held', code: 'changed_since_preview' });
    expect(byRow.get(7)).toMatchObject({ status: 'updated', clientId: zoe.id });
    expect(await store.find({ sin: '271845935' })).toEqual([]);
    expect(await store.find({ sin: '412589632' })).toHaveLength(1);
    expect((await store.get(marie.id))?.address).toEqual({ city: 'Longueuil' });
    expect(contentOf(store).filter((c) => !before.includes(c))).toHaveLength(3); // Simon, Léa created; Zoé updated
    expect(mailer.messages.map((m) => m.to)).toEqual(['simon.provencher@exemple.ca']);
    const held = byRow.get(3);
    if (held === undefined) throw new Error('row 3');
    expect(describeImportItem(held, 'en')).toBe("row 3    Marie-Ève Côté (SIN *** *** 935) — This client was changed in your records after the preview. Nothing was overwritten: preview the import again.");
  });

  it('reports every item when onProgress throws, says so once, and logs steps without personal data', async () => {
    const { store, portal, mailer } = setup();
    const p = await preview(store, dtmaxFile());
    const events: WorkflowEvent[] = [];
    let calls = 0;
    const report = await applyClientImport(p, { store, portal, mailer }, {
      concurrency: 2,
      onProgress: () => {
        calls++;
        throw new Error('the progress bar is gone');
      },
      logger: (event) => events.push(event),
    });
    expect(calls).toBe(5);
    expect(report.progressFailed).toBe(true);
    expect(report.summary).toMatchObject({ created: 5, held: 1, invited: 4 });
    expect(report.items.map((i) => i.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(events.filter((e) => e.event === 'progress_failed')).toHaveLength(1);
    expect(events.filter((e) => e.step === 'create').map((e) => [e.item, e.outcome]).sort()).toEqual([['2', 'created'], ['3', 'created'], ['4', 'created'], ['5', 'created'], ['7', 'created']]);
    expect(events.filter((e) => e.step === 'client_file')).toHaveLength(3);
    const logged = JSON.stringify(events);
    for (const row of FAMILY_ROWS) {
      for (const form of sinForms(row[0].replace(/\D/g, ''))) if (!form.startsWith('000')) expect(logged).not.toContain(form);
      expect(logged).not.toContain(row[2]);
      expect(logged).not.toContain(row[2].toUpperCase());
    }
    expect(formatImportReport(report, 'en')).toContain('The progress callback threw an error; it was ignored and the import went on.');
  });

  it('keeps every item in the report and the totals when the journal cannot be read', async () => {
    const { store, portal, mailer } = setup();
    const p = await preview(store, dtmaxFile());
    await applyClientImport(p, { store, portal, mailer });
    const blind = Object.assign(Object.create(store) as MemoryClientStore, {
      readJournal: async () => {
        throw new Error('journal table locked (client 130692544)');
      },
    });
    const again = await applyClientImport(p, { store: blind, portal, mailer });
    expect(again.items.map((i) => [i.row, i.status])).toEqual([[2, 'failed'], [3, 'failed'], [4, 'failed'], [5, 'failed'], [6, 'held'], [7, 'failed']]);
    const { summary } = again;
    expect(summary.created + summary.updated + summary.unchanged + summary.skipped + summary.held + summary.failed).toBe(6);
    expect(JSON.stringify(again)).not.toContain('130692544');
    expect(store.size).toBe(5);
    expect(mailer.messages).toHaveLength(4);
  });

  it('holds a row another apply is creating right now, and creates it once', async () => {
    const { store, portal, mailer } = setup();
    const p = await preview(store, dtmaxFile());
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const inCreate = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const create = store.create.bind(store);
    const slow = Object.assign(Object.create(store) as MemoryClientStore, {
      create: async (input: Parameters<typeof create>[0]) => {
        entered();
        await gate;
        return create(input);
      },
    });
    const first = applyClientImport(p, { store: slow, portal, mailer }, { items: ['2'] });
    await inCreate;
    const second = await applyClientImport(p, { store, portal, mailer }, { items: ['2'] });
    expect(second.items).toEqual([expect.objectContaining({ row: 2, status: 'held', code: 'step_in_progress' })]);
    expect(describeImportItem(second.items[0] as never, 'fr')).toContain("Une autre application de ce plan fait cette étape en ce moment");
    release();
    expect((await first).items).toEqual([expect.objectContaining({ row: 2, status: 'created' })]);
    expect(store.size).toBe(1);
    const third = await applyClientImport(p, { store, portal, mailer }, { items: ['2'] });
    expect(third.items).toEqual([expect.objectContaining({ row: 2, status: 'skipped', code: 'already_applied' })]);
    expect(mailer.messages).toHaveLength(1);
  });

  it('renders a report in the other language at any time: nothing pre-rendered is stored', async () => {
    const { store, portal, mailer } = setup();
    const report = await applyClientImport(await preview(store, dtmaxFile(), 'fr'), { store, portal, mailer });
    const revived = JSON.parse(JSON.stringify(report)) as ClientImportReport;
    expect(JSON.stringify(report)).not.toMatch(/"message"/);
    const en = formatImportReport(revived, 'en');
    expect(en).toContain('row 6    Row 6 was not imported:');
    expect(en).toContain('row 4    Léa Provencher (PROVENCHER-2025) — not invited (No e-mail address: not invited to the portal.)');
    expect(en).not.toMatch(/ligne|NAS|aucun/i);
    expect(formatImportReport(revived, 'fr')).toContain('ligne 6    La ligne 6 n');
  });
});

describe('client files written by the import', () => {
  it('creates the family files from the DT Max Dossier and Lien columns, and keeps them right on a re-import', async () => {
    const { store, portal, mailer } = setup();
    const report = await applyClientImport(await preview(store, dtmaxFile()), { store, portal, mailer });
    expect(report.files).toEqual([
      { id: 'GAGNON-2025', status: 'created', taxpayers: 1 },
      { id: 'OBRIEN-2025', status: 'created', taxpayers: 1 },
      { id: 'PROVENCHER-2025', status: 'created', taxpayers: 3 },
    ]);
    expect(report.summary).toMatchObject({ filesCreated: 3, filesUpdated: 0, filesFailed: 0 });
    expect(report.items.find((i) => i.row === 4)).toMatchObject({ clientFileId: 'PROVENCHER-2025' });
    const id = async (sin: string): Promise<string> => (await store.find({ sin }))[0]?.id ?? 'missing';
    const lea = store.snapshot().find((c) => c.kind === 'individual' && c.firstName === 'Léa');
    expect(await store.getClientFile('PROVENCHER-2025')).toEqual({
      id: 'PROVENCHER-2025',
      taxpayers: [
        { taxpayerId: await id('130692544'), role: 'principal', name: 'SIMON PROVENCHER' },
        { taxpayerId: await id('271845935'), role: 'spouse', name: 'Marie-Ève Côté' },
        { taxpayerId: lea?.id, role: 'dependant', name: 'Léa Provencher' },
      ],
    });

    // The host sets Léa's forms; then Marie-Ève gets her own file and the list is imported again.
    const file = await store.getClientFile('PROVENCHER-2025');
    if (file === undefined) throw new Error('file');
    await store.putClientFile({ ...file, label: 'Famille Provencher', taxpayers: file.taxpayers.map((t) => (t.role === 'dependant' ? { ...t, forms: [] } : t)) });
    const moved = FAMILY_ROWS.map((r) => (r[1] === 'Marie-Ève' ? [...r.slice(0, 11), 'COTE-2025', 'Contribuable'] : [...r]));
    const again = await applyClientImport(await preview(store, dtmaxFile(moved)), { store, portal, mailer });
    expect(again.items.find((i) => i.row === 3)).toMatchObject({ status: 'updated', clientFileId: 'COTE-2025' });
    expect(again.files.map((f) => [f.id, f.status, f.taxpayers])).toEqual([
      ['COTE-2025', 'created', 1],
      ['GAGNON-2025', 'unchanged', 1],
      ['OBRIEN-2025', 'unchanged', 1],
      ['PROVENCHER-2025', 'updated', 2],
    ]);
    expect(await store.getClientFile('PROVENCHER-2025')).toEqual({
      id: 'PROVENCHER-2025',
      label: 'Famille Provencher',
      taxpayers: [
        { taxpayerId: await id('130692544'), role: 'principal', name: 'SIMON PROVENCHER' },
        { taxpayerId: lea?.id, role: 'dependant', name: 'Léa Provencher', forms: [] },
      ],
    });
    expect((await store.getClientFile('COTE-2025'))?.taxpayers).toEqual([{ taxpayerId: await id('271845935'), role: 'principal', name: 'Marie-Ève Côté' }]);
    // A third import of the same list changes nothing.
    const third = await applyClientImport(await preview(store, dtmaxFile(moved)), { store, portal, mailer });
    expect(third.files.every((f) => f.status === 'unchanged')).toBe(true);
    expect(formatImportReport(again, 'fr')).toContain('dossiers : 1 créé, 1 mis à jour');
  });

  it('reports a client file the store refuses, and writes it on the next apply', async () => {
    const { store, portal, mailer } = setup();
    let refuse = true;
    const putClientFile = store.putClientFile.bind(store);
    const flaky = Object.assign(Object.create(store) as MemoryClientStore, {
      putClientFile: async (file: Parameters<typeof putClientFile>[0]) => {
        if (refuse && file.id === 'PROVENCHER-2025') throw new Error('disk full while writing 130 692 544');
        return putClientFile(file);
      },
    });
    const p = await preview(store, dtmaxFile());
    const report = await applyClientImport(p, { store: flaky, portal, mailer });
    expect(report.summary).toMatchObject({ created: 5, filesCreated: 2, filesFailed: 1 });
    const failed = report.files.find((f) => f.status === 'failed');
    expect(failed).toMatchObject({ id: 'PROVENCHER-2025', code: 'client_file_failed' });
    expect(JSON.stringify(report)).not.toContain('130 692 544');
    expect(report.items.find((i) => i.row === 2)).not.toHaveProperty('clientFileId');
    refuse = false;
    const retry = await applyClientImport(p, { store: flaky, portal, mailer });
    expect(retry.files.find((f) => f.id === 'PROVENCHER-2025')).toMatchObject({ status: 'created', taxpayers: 3 });
  });
});
