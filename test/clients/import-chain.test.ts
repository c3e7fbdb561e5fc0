/**
 * The three jobs chained on the bundled samples, with no client file built by hand: the import writes the client
 * files from the DT Max Dossier / Lien columns, dispatch sends the T183s, and signature sync reads back the
 * completions into what the import wrote.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  applyClientImport,
  applyDocumentDispatch,
  createMemoryClientStore,
  createMemoryPortal,
  createOutboxMailer,
  loadClientImportPlan,
  previewClientImport,
  previewDocumentDispatch,
  syncSignatures,
  type SignatureCompletion,
} from '../../src/index.js';

const sample = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(new URL(`../../samples/${name}`, import.meta.url)));
const sha = (seed: string): string => Array.from({ length: 64 }, (_, i) => '0123456789abcdef'[(seed.charCodeAt(i % seed.length) + i) % 16]).join('');

describe('import → dispatch → sync on the bundled samples', () => {
  it('syncs signatures into the client files the import wrote', async () => {
    const store = createMemoryClientStore();
    const portal = createMemoryPortal();
    const mailer = createOutboxMailer();
    const csv = await sample('dtmax-particuliers.csv');

    // The import, across two requests: the plan kept as JSON, applied with the file.
    const preview = await previewClientImport({ source: 'dtmax', file: csv, accountManager: 'julie.tremblay', locale: 'fr' }, { store });
    const imported = await applyClientImport(await loadClientImportPlan(JSON.stringify(preview.document)), { store, portal, mailer }, { file: csv, firmName: 'Cabinet Tremblay CPA' });
    expect(imported.summary).toMatchObject({ created: 7, failed: 0, filesCreated: 6, filesFailed: 0 });
    const [marie] = await store.find({ sin: '271845935' });
    const [zoe] = await store.find({ sin: '631478526' });
    const [sean] = await store.find({ sin: '412589632' });
    if (marie === undefined || zoe === undefined || sean === undefined) throw new Error('the sample clients were not imported');
    // Simon is a conflict in this sample (his SIN is on two rows): his family's file has his spouse and their daughter.
    expect((await store.getClientFile('PROVENCHER-2025'))?.taxpayers.map((t) => [t.name, t.role])).toEqual([
      ['Marie-Ève Côté', 'spouse'],
      ['Léa Provencher', 'dependant'],
    ]);

    const plan = await previewDocumentDispatch({ zip: await sample('t183-2025-cabinet.zip'), documentType: 'T183', year: 2025, purpose: 'sign' }, { store }, { locale: 'fr' });
    const dispatched = await applyDocumentDispatch(plan, { store, portal, mailer }, { firmName: 'Cabinet Tremblay CPA', portalUrl: 'https://portail.example.test' });
    expect(dispatched.summary.sent).toBe(3);
    const documentOf = (clientId: string): string => portal.documents().find((d) => d.clientId === clientId)?.id ?? 'none';

    const completed = (client: { id: string }, name: string, signedAt: string): SignatureCompletion => ({
      id: `env-${client.id}`, documentId: documentOf(client.id), clientId: client.id, documentType: 'T183', taxYear: 2025, state: 'completed', updatedAt: signedAt,
      signers: [{ role: 'taxpayer', name, status: 'signed', signedAt, timeZone: 'America/Toronto' }], certificateId: `CERT-${client.id}`, channel: 'portal', signedPdfSha256: sha(client.id),
    });
    portal.recordCompletion(completed(marie, 'Marie-Ève Côté', '2026-03-15T01:05:59Z'));
    portal.recordCompletion(completed(zoe, 'Zoé Gagnon-Tremblay', '2026-03-16T14:10:00Z'));
    portal.recordCompletion({
      id: `env-${sean.id}`, documentId: documentOf(sean.id), clientId: sean.id, documentType: 'T183', taxYear: 2025, state: 'viewed', updatedAt: '2026-03-17T12:00:00Z',
      signers: [{ role: 'taxpayer', name: 'Seán O’Brien', status: 'viewed' }],
    });

    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025', 'OBRIEN-2025'], taxYear: 2025 }, { store, portal }, { locale: 'fr' });
    const status = new Map(log.files.flatMap((f) => f.taxpayers.map((t) => [t.taxpayerId, [f.clientFileId, t.status]])));
    expect(status.get(marie.id)).toEqual(['PROVENCHER-2025', 'updated']);
    expect(status.get(zoe.id)).toEqual(['GAGNON-2025', 'updated']);
    expect(status.get(sean.id)?.[0]).toBe('OBRIEN-2025');
    expect(status.get(sean.id)?.[1]).not.toBe('updated');
    const [record] = await store.listSignatureRecords([marie.id], 2025);
    expect(record).toMatchObject({ taxpayerId: marie.id, clientFileId: 'PROVENCHER-2025', documentType: 'T183', signature: { certificateId: `CERT-${marie.id}` } });
    expect(Date.parse(record?.signature?.signedAt ?? '')).toBe(Date.parse('2026-03-15T01:05:59Z'));
  });
});
