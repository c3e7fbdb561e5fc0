/**
 * The newest version sent counts: when a reprint of a taxpayer's form was sent as a new version, the journal of
 * document versions (written by document dispatch) says which portal document is the newest, and the sync takes
 * its completion; without that journal, only an unambiguous case is resolved.
 */
import { describe, expect, it } from 'vitest';
import { syncSignatures, type JournalEntry, type MemoryClientStore, type SyncLog, type SyncLogTaxpayer } from '../../src/index.js';
import { hashKey } from '../../src/internal/hash.js';
import { SHA, completed, notCompleted, seedFamilies, signed } from './helpers.js';

const taxpayer = (log: SyncLog, id: string): SyncLogTaxpayer | undefined => log.files.flatMap((f) => f.taxpayers).find((t) => t.taxpayerId === id);
const PROVENCHER = { clientFileIds: ['PROVENCHER-2025'], taxYear: 2025 };

/** What document dispatch records when it sends version `n` of a client's form: the PDF's SHA-256 and the portal document. */
const version = (clientId: string, n: number, documentId: string | undefined, status: JournalEntry['status'] = 'done'): JournalEntry => ({
  applyId: 'taxsync:document-versions',
  itemKey: hashKey(`${clientId}\u0000T183\u00002025`),
  step: `v${n}`,
  status,
  clientId,
  ...(documentId === undefined ? { ref: SHA(n) } : { ref: `${SHA(n)}:${documentId}` }),
  at: new Date(Date.UTC(2026, 2, 10 + n)).toISOString(),
});

async function reprinted(): Promise<{ store: MemoryClientStore; portal: Awaited<ReturnType<typeof seedFamilies>>['portal'] }> {
  const { store, portal } = await seedFamilies();
  // Simon signed the first T183 on March 14 and, after a correction, the reprint on March 19.
  portal.recordCompletion(completed('env-simon-v1', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')));
  portal.recordCompletion(completed('env-simon-v2', 'c-simon', signed('Simon Provencher', '2026-03-19T13:05:00Z')));
  return { store, portal };
}

describe('syncSignatures takes the newest version sent', () => {
  it('copies the signature of the newest version the journal names, where it would otherwise refuse to choose', async () => {
    const { store, portal } = await reprinted();
    const unsure = await syncSignatures(PROVENCHER, { store, portal });
    expect(taxpayer(unsure, 'c-simon')).toMatchObject({ status: 'failed', code: 'several_completions' });

    await store.appendJournal([version('c-simon', 1, 'doc-env-simon-v1'), version('c-simon', 2, 'doc-env-simon-v2')]);
    const log = await syncSignatures(PROVENCHER, { store, portal });
    expect(taxpayer(log, 'c-simon')).toMatchObject({ status: 'updated' });
    const [record] = await store.listSignatureRecords(['c-simon'], 2025);
    expect(record?.signature).toMatchObject({ certificateId: 'CERT-ENV-SIMON-V2', completionId: 'env-simon-v2', documentId: 'doc-env-simon-v2', signedAt: '2026-03-19T13:05:00.000Z' });
  });

  it('holds the signature of an old version while the newest waits for its signer: pending', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-simon-v1', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')));
    portal.recordCompletion(notCompleted('env-simon-v2', 'c-simon', 'viewed', [{ role: 'taxpayer', name: 'Simon Provencher', status: 'viewed' }], { updatedAt: '2026-03-18T13:00:00Z' }));
    await store.appendJournal([version('c-simon', 1, 'doc-env-simon-v1'), version('c-simon', 2, 'doc-env-simon-v2')]);
    const log = await syncSignatures(PROVENCHER, { store, portal });
    expect(taxpayer(log, 'c-simon')).toMatchObject({ status: 'pending', code: 'signature_pending', params: { state: 'viewed' } });
    expect(log.summary).toMatchObject({ pending: 1, updated: 0 });
    expect(store.signatureSnapshot()).toEqual([]);
  });

  it('says pending when the newest version was sent but the portal reports nothing for it yet', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-simon-v1', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')));
    await store.appendJournal([version('c-simon', 1, 'doc-env-simon-v1'), version('c-simon', 2, 'portal-document-77')]);
    const log = await syncSignatures(PROVENCHER, { store, portal }, { locale: 'en' });
    expect(taxpayer(log, 'c-simon')).toMatchObject({ status: 'pending', code: 'signature_pending', params: { state: 'sent', pending: 'Simon Provencher' } });
    expect(store.signatureSnapshot()).toEqual([]);
  });

  it('counts only versions recorded done, and a later entry of a step supersedes the earlier one', async () => {
    const { store, portal } = await reprinted();
    // Version 3 was claimed but never confirmed sent; version 2's entry was rewritten with its document.
    await store.appendJournal([version('c-simon', 1, 'doc-env-simon-v1'), version('c-simon', 2, undefined), version('c-simon', 2, 'doc-env-simon-v2'), version('c-simon', 3, 'doc-v3', 'claimed')]);
    const log = await syncSignatures(PROVENCHER, { store, portal });
    expect(taxpayer(log, 'c-simon')).toMatchObject({ status: 'updated' });
    expect((await store.listSignatureRecords(['c-simon'], 2025))[0]?.signature?.completionId).toBe('env-simon-v2');
  });

  it('without a journal, takes the last change only when every other version is declined or expired', async () => {
    const { store, portal } = await seedFamilies();
    // Simon signed v1, then declined the reprint: the refusal is the last word — nothing copied.
    portal.recordCompletion(completed('env-simon-v1', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')));
    portal.recordCompletion(notCompleted('env-simon-v2', 'c-simon', 'declined', [{ role: 'taxpayer', name: 'Simon Provencher', status: 'declined' }], { updatedAt: '2026-03-18T13:00:00Z' }));
    // Marie-Ève let v1 expire and signed v2.
    portal.recordCompletion(notCompleted('env-me-v1', 'c-marie-eve', 'expired', [{ role: 'taxpayer', name: 'Marie-Ève Côté', status: 'pending' }], { updatedAt: '2026-03-05T10:00:00Z' }));
    portal.recordCompletion(completed('env-me-v2', 'c-marie-eve', signed('Marie-Ève Côté', '2026-03-16T11:00:00Z')));
    const log = await syncSignatures(PROVENCHER, { store, portal });
    expect(taxpayer(log, 'c-simon')).toMatchObject({ status: 'failed', code: 'signature_declined' });
    expect(taxpayer(log, 'c-marie-eve')).toMatchObject({ status: 'updated' });
    expect(store.signatureSnapshot().map((r) => [r.taxpayerId, r.signature?.completionId])).toEqual([['c-marie-eve', 'env-me-v2']]);
  });

  it('falls back to those rules when the journal names no portal document', async () => {
    const { store, portal } = await reprinted();
    await store.appendJournal([version('c-simon', 1, undefined), version('c-simon', 2, undefined)]);
    const log = await syncSignatures(PROVENCHER, { store, portal });
    expect(taxpayer(log, 'c-simon')).toMatchObject({ status: 'failed', code: 'several_completions' });
  });
});
