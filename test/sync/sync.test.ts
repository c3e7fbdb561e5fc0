/**
 * syncSignatures over the memory adapters: what is copied, what is refused and why, idempotency, failures that stay
 * local, progress, abort, and the log in French and English.
 */
import { describe, expect, it } from 'vitest';
import {
  createMemoryClientStore,
  createMemoryPortal,
  describeSyncTaxpayer,
  formatSignatureTime,
  formatSyncLog,
  isTaxsyncError,
  syncSignatures,
  type Portal,
  type SignatureCompletion,
  type SyncChange,
  type SyncFormOutcome,
  type SyncLog,
  type WorkflowEvent,
  type SyncLogTaxpayer,
  type SyncMessageCode,
} from '../../src/index.js';
import { completed, notCompleted, seedFamilies, signed } from './helpers.js';
import { wrapStore } from '../fixtures/wrap-store.js';

/**
 * A taxpayer of the log, every variant's fields readable (absent ones `undefined`), for assertions, with `message`:
 * its line rendered in the log's language (the log itself stores codes and params only).
 */
type TaxpayerView = SyncLogTaxpayer & { readonly code?: SyncMessageCode; readonly message: string; readonly changes?: readonly SyncChange[]; readonly forms: readonly FormView[] };
type FormView = SyncFormOutcome & { readonly code?: SyncMessageCode };
const byId = (log: Awaited<ReturnType<typeof syncSignatures>>, taxpayerId: string): TaxpayerView | undefined => {
  const found = log.files.flatMap((f) => f.taxpayers).find((t) => t.taxpayerId === taxpayerId);
  return found === undefined ? undefined : { ...found, message: describeSyncTaxpayer(found, log.locale) };
};

describe('syncSignatures', () => {
  it('copies a completed T183 into the record: UTC instant, signer time zone, certificate, channel, signed PDF hash', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-simon', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07.000Z')));
    portal.recordCompletion(completed('env-me', 'c-marie-eve', signed('MARIE-EVE COTE', '2026-03-15T01:05:59Z', 'America/Vancouver'), { channel: 'email' }));

    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025'], taxYear: 2025 }, { store, portal });

    expect(log.files.map((f) => f.clientFileId)).toEqual(['PROVENCHER-2025']);
    expect(log.files[0]?.taxpayers.map((t) => [t.name, t.status])).toEqual([
      ['Simon Provencher', 'updated'],
      ['Marie-Ève Côté', 'updated'],
      ['Léa Provencher', 'unchanged'],
    ]);
    expect(log.summary).toEqual({ updated: 2, unchanged: 1, pending: 0, failed: 0, filesFailed: 0 });
    expect(byId(log, 'c-lea')?.code).toBe('nothing_to_sign');

    const [simon] = await store.listSignatureRecords(['c-simon'], 2025);
    expect(simon).toMatchObject({
      taxpayerId: 'c-simon',
      clientFileId: 'PROVENCHER-2025',
      taxYear: 2025,
      documentType: 'T183',
      signature: {
        signedAt: '2026-03-14T19:42:07.000Z',
        timeZone: 'America/Toronto',
        signerName: 'Simon Provencher',
        signerRole: 'taxpayer',
        certificateId: 'CERT-ENV-SIMON',
        channel: 'portal',
        completionId: 'env-simon',
        documentId: 'doc-env-simon',
      },
    });
    expect(simon?.signature?.signedPdfSha256).toMatch(/^[0-9a-f]{64}$/);
    // The e-file carries the time in the signer's zone: 19:42:07 UTC is 15:42:07 in Toronto (EDT, after March 8).
    expect(formatSignatureTime(simon?.signature?.signedAt ?? '', 'America/Toronto')).toBe('2026/03/14 15:42:07');
    const [marieEve] = await store.listSignatureRecords(['c-marie-eve'], 2025);
    expect(marieEve?.signature?.channel).toBe('email');
    expect(formatSignatureTime(marieEve?.signature?.signedAt ?? '', marieEve?.signature?.timeZone ?? '')).toBe('2026/03/14 18:05:59');
    expect(byId(log, 'c-simon')?.changes?.map((c) => c.field)).toEqual(expect.arrayContaining(['signedAt', 'timeZone', 'certificateId', 'channel', 'signedPdfSha256']));
  });

  it('is idempotent: a second run changes nothing and says unchanged', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-simon', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')));
    // The same completion reported twice (a portal paging twice over it) is one signature, not a conflict.
    portal.recordCompletion({ ...completed('env-simon', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')), id: 'env-simon-copy' , certificateId: 'CERT-ENV-SIMON' });
    await syncSignatures({ clientFileIds: ['PROVENCHER-2025'], taxYear: 2025 }, { store, portal });
    const before = store.signatureSnapshot();
    const again = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'PROVENCHER-2025'], taxYear: 2025 }, { store, portal });
    expect(again.files).toHaveLength(1);
    expect(byId(again, 'c-simon')?.status).toBe('unchanged');
    expect(again.summary.updated).toBe(0);
    expect(store.signatureSnapshot()).toEqual(before);
  });

  it('reports a form waiting for its signer as pending, declined and expired forms as failed, and writes nothing', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(notCompleted('env-simon', 'c-simon', 'viewed', [{ role: 'taxpayer', name: 'Simon Provencher', status: 'viewed' }]));
    portal.recordCompletion(notCompleted('env-me', 'c-marie-eve', 'declined', [{ role: 'taxpayer', name: 'Marie-Ève Côté', status: 'declined' }]));
    portal.recordCompletion(notCompleted('env-zoe', 'c-zoe', 'expired', [{ role: 'taxpayer', name: 'Zoé Gagnon-Tremblay', status: 'pending' }]));

    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'en' });

    expect(byId(log, 'c-simon')).toMatchObject({ status: 'pending', code: 'signature_pending', params: { state: 'viewed', pending: 'Simon Provencher' } });
    expect(byId(log, 'c-simon')?.message).toContain('still waiting for Simon Provencher');
    expect(byId(log, 'c-simon')?.message).toContain('opened, not signed');
    expect(byId(log, 'c-marie-eve')).toMatchObject({ status: 'failed', code: 'signature_declined' });
    expect(byId(log, 'c-marie-eve')?.message).toContain('send a new version');
    expect(byId(log, 'c-zoe')).toMatchObject({ status: 'failed', code: 'signature_expired' });
    expect(log.summary).toEqual({ updated: 0, unchanged: 1, pending: 1, failed: 2, filesFailed: 0 });
    expect(store.signatureSnapshot()).toEqual([]);
  });

  it('reports a principal with nothing on the portal as no_completion', async () => {
    const { store, portal } = await seedFamilies();
    const log = await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store, portal });
    expect(byId(log, 'c-zoe')).toMatchObject({ status: 'failed', code: 'no_completion' });
    expect(byId(log, 'c-zoe')?.message).toBe("✗ Zoé Gagnon-Tremblay (principal) — en échec : Aucun T183 2025 n'a été envoyé pour signature sur le portail pour Zoé Gagnon-Tremblay. Envoyez le formulaire pour signature, puis relancez la synchronisation.");
    expect(JSON.stringify(log)).not.toMatch(/Aucun|Envoyez/);
  });

  it('never copies a signature made after the return was transmitted', async () => {
    const { store, portal } = await seedFamilies();
    await store.putSignatureRecord({ record: { taxpayerId: 'c-zoe', clientFileId: 'GAGNON-2025', taxYear: 2025, documentType: 'T183', transmittedAt: '2026-04-02T13:00:00Z' } });
    portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-04-02T13:00:05Z')));
    const before = store.signatureSnapshot();

    const log = await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'fr' });

    expect(byId(log, 'c-zoe')).toMatchObject({ status: 'failed', code: 'signed_after_transmission' });
    expect(byId(log, 'c-zoe')?.message).toContain('2026/04/02 09:00:05 (America/Toronto)');
    expect(byId(log, 'c-zoe')?.message).toContain('2026/04/02 09:00:00 (America/Toronto)');
    expect(store.signatureSnapshot()).toEqual(before);
  });

  it('fails closed on a stored transmission time it cannot read: nothing copied, the field named', async () => {
    for (const transmittedAt of ['', '2026-04-02 13:00 HAE', '2026-04-02', 'April 2, 2026 9:00']) {
      const { store, portal } = await seedFamilies();
      await store.putSignatureRecord({ record: { taxpayerId: 'c-zoe', clientFileId: 'GAGNON-2025', taxYear: 2025, documentType: 'T183', transmittedAt } });
      // Signed after the (unreadable) transmission: read as "not transmitted", it would be copied.
      portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-04-02T18:00:05Z')));
      const before = store.signatureSnapshot();

      const log = await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'en' });

      expect(byId(log, 'c-zoe'), JSON.stringify(transmittedAt)).toMatchObject({ status: 'failed', code: 'record_unreadable' });
      expect(byId(log, 'c-zoe')?.message).toContain('has a transmittedAt that cannot be read as a date and time');
      expect(store.signatureSnapshot()).toEqual(before);
    }
  });

  it('never overwrites a transmitted signature with a different completion', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-1', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')));
    await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store, portal });
    const [record] = await store.listSignatureRecords(['c-zoe'], 2025);
    await store.putSignatureRecord({ record: { ...record!, transmittedAt: '2026-03-25T12:00:00Z' }, expectedVersion: record!.version ?? null });
    const before = store.signatureSnapshot();
    // The portal now says another certificate, signed earlier (say, a re-issued envelope).
    portal.recordCompletion(completed('env-1', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-19T15:00:00Z'), { certificateId: 'CERT-REISSUED' }));

    const log = await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'en' });

    expect(byId(log, 'c-zoe')).toMatchObject({ status: 'failed', code: 'transmitted_signature_would_change' });
    expect(byId(log, 'c-zoe')?.message).toContain('CERT-ENV-1');
    expect(byId(log, 'c-zoe')?.message).toContain('CERT-REISSUED');
    expect(store.signatureSnapshot()).toEqual(before);
  });

  it('updates an untransmitted record when a new version was signed', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-1', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')));
    await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store, portal });
    portal.recordCompletion(completed('env-1', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-22T16:30:00Z'), { certificateId: 'CERT-V2' }));
    const log = await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store, portal });
    expect(byId(log, 'c-zoe')?.status).toBe('updated');
    expect(byId(log, 'c-zoe')?.changes).toEqual(expect.arrayContaining([{ field: 'certificateId', from: 'CERT-ENV-1', to: 'CERT-V2' }]));
  });

  it('never copies the signature of an earlier version when a newer version of the form was sent and is not signed', async () => {
    const { store, portal } = await seedFamilies();
    // Simon signed the T183 on March 14; the return was corrected and a new T183 sent on March 18 (opened, not signed).
    portal.recordCompletion(completed('env-simon-v1', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')));
    portal.recordCompletion(notCompleted('env-simon-v2', 'c-simon', 'viewed', [{ role: 'taxpayer', name: 'Simon Provencher', status: 'viewed' }], { updatedAt: '2026-03-18T13:00:00Z' }));
    // Zoé's unsigned request is older than her signature: it is the signed version that is current.
    portal.recordCompletion(notCompleted('env-zoe-old', 'c-zoe', 'expired', [{ role: 'taxpayer', name: 'Zoé Gagnon-Tremblay', status: 'pending' }], { updatedAt: '2026-03-01T10:00:00Z' }));
    portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')));

    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'en' });

    expect(byId(log, 'c-simon')).toMatchObject({ status: 'pending', code: 'newer_version_unsigned' });
    expect(byId(log, 'c-simon')?.message).toContain('doc-env-simon-v2, opened, not signed');
    expect(byId(log, 'c-simon')?.message).toContain('certificate CERT-ENV-SIMON-V1');
    expect(byId(log, 'c-zoe')).toMatchObject({ status: 'updated' });
    expect(store.signatureSnapshot().map((r) => [r.taxpayerId, r.signature?.certificateId])).toEqual([['c-zoe', 'CERT-ENV-ZOE']]);
    const fr = await syncSignatures({ clientFileIds: ['PROVENCHER-2025'], taxYear: 2025 }, { store, portal }, { locale: 'fr' });
    expect(byId(fr, 'c-simon')?.message).toContain('Une version plus récente du T183 2025');

    // Once the new version is signed, its signature is the one copied.
    portal.recordCompletion(completed('env-simon-v2', 'c-simon', signed('Simon Provencher', '2026-03-19T09:05:00Z')));
    const after = await syncSignatures({ clientFileIds: ['PROVENCHER-2025'], taxYear: 2025 }, { store, portal });
    expect(byId(after, 'c-simon')).toMatchObject({ status: 'failed', code: 'several_completions' });
  });

  it('reads a record again and decides again when someone else changed it during the sync', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')));
    // The host records the transmission while the sync is about to write.
    let raced = false;
    const racing = wrapStore(store, {
      async putSignatureRecord(input) {
        if (!raced) {
          raced = true;
          await store.putSignatureRecord({ record: { taxpayerId: 'c-zoe', clientFileId: 'GAGNON-2025', taxYear: 2025, documentType: 'T183', transmittedAt: '2026-04-01T12:00:00Z' }, expectedVersion: null });
        }
        return store.putSignatureRecord(input);
      },
    });
    const log = await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store: racing, portal });
    expect(byId(log, 'c-zoe')?.status).toBe('updated');
    // The transmission written meanwhile is kept, next to the signature.
    expect(store.signatureSnapshot()).toEqual([expect.objectContaining({ transmittedAt: '2026-04-01T12:00:00Z', version: 2, signature: expect.objectContaining({ certificateId: 'CERT-ENV-ZOE' }) })]);
  });

  it('gives up with store_error on a record that keeps changing, after three attempts', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')));
    let writes = 0;
    const busy = wrapStore(store, {
      async putSignatureRecord(input) {
        writes++;
        const [current] = await store.listSignatureRecords(['c-zoe'], 2025);
        await store.putSignatureRecord({ record: { taxpayerId: 'c-zoe', clientFileId: 'GAGNON-2025', taxYear: 2025, documentType: 'T183' }, expectedVersion: current?.version ?? null });
        return store.putSignatureRecord(input);
      },
    });
    const log = await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store: busy, portal }, { locale: 'en' });
    expect(byId(log, 'c-zoe')).toMatchObject({ status: 'failed', code: 'store_error' });
    expect(byId(log, 'c-zoe')?.message).toContain('kept changing');
    expect(writes).toBe(3);
  });

  it('refuses a signer whose name is not the taxpayer’s, several different completions, and an incomplete completion', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-simon', 'c-simon', signed('Marie-Ève Côté', '2026-03-14T19:42:07Z')));
    portal.recordCompletion(completed('env-me-1', 'c-marie-eve', signed('Marie-Ève Côté', '2026-03-14T19:42:07Z')));
    portal.recordCompletion(completed('env-me-2', 'c-marie-eve', signed('Marie-Ève Côté', '2026-03-16T11:00:00Z')));
    portal.recordCompletion({ ...completed('env-zoe', 'c-zoe', { role: 'taxpayer', name: 'Zoé Gagnon-Tremblay', status: 'signed', signedAt: '2026-03-14T19:42:07Z' }) });

    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'en' });

    expect(byId(log, 'c-simon')).toMatchObject({ status: 'failed', code: 'signer_mismatch' });
    expect(byId(log, 'c-simon')?.message).toContain('"Marie-Ève Côté"');
    expect(byId(log, 'c-marie-eve')).toMatchObject({ status: 'failed', code: 'several_completions' });
    expect(byId(log, 'c-marie-eve')?.message).toContain('CERT-ENV-ME-1, CERT-ENV-ME-2');
    expect(byId(log, 'c-zoe')).toMatchObject({ status: 'failed', code: 'completion_incomplete' });
    expect(byId(log, 'c-zoe')?.message).toContain('timeZone');
    expect(store.signatureSnapshot()).toEqual([]);
  });

  it('syncs each listed form, and only the tax year asked', async () => {
    const { store, portal } = await seedFamilies();
    await store.putClientFile({ id: 'GAGNON-2025', taxpayers: [{ taxpayerId: 'c-zoe', role: 'principal', name: 'Zoé Gagnon-Tremblay', forms: ['T183', 'TP-1000.TE'] }] });
    portal.recordCompletion(completed('env-t183', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')));
    portal.recordCompletion(completed('env-2024', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2025-03-20T15:00:00Z'), { taxYear: 2024, documentType: 'TP-1000.TE' }));
    const log = await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'en' });
    const zoe = byId(log, 'c-zoe');
    expect(zoe?.forms.map((f: FormView) => [f.documentType, f.status, f.code])).toEqual([
      ['T183', 'updated', undefined],
      ['TP-1000.TE', 'failed', 'no_completion'],
    ]);
    expect(zoe?.status).toBe('failed');
    expect((await store.listSignatureRecords(['c-zoe'])).map((r) => `${r.documentType} ${r.taxYear}`)).toEqual(['T183 2025']);
  });

  it('keeps going when the portal fails for one file, and reports an unknown file', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')));
    const flaky: Portal = {
      capabilities: portal.capabilities,
      inviteClient: (i) => portal.inviteClient(i),
      getUser: (id) => portal.getUser(id),
      listSignatureCompletions: (query) => {
        if (query?.clientIds?.includes('c-simon') === true) throw new Error('HTTP 502 from portal for SIN 130 692 544');
        return portal.listSignatureCompletions(query);
      },
    };
    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'NOPE-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal: flaky }, { locale: 'en', concurrency: 1 });
    expect(log.files.map((f) => [f.clientFileId, f.status, f.status === 'failed' ? f.code : undefined])).toEqual([
      ['PROVENCHER-2025', 'synced', undefined],
      ['NOPE-2025', 'failed', 'client_file_not_found'],
      ['GAGNON-2025', 'synced', undefined],
    ]);
    expect(log.files[0]?.taxpayers.every((t) => t.status === 'failed' && t.code === 'portal_error')).toBe(true);
    expect(byId(log, 'c-simon')?.message).toContain('*** *** 544');
    expect(JSON.stringify(log)).not.toContain('130 692 544');
    expect(byId(log, 'c-zoe')?.status).toBe('updated');
    expect(log.summary).toEqual({ updated: 1, unchanged: 0, pending: 0, failed: 3, filesFailed: 1 });
  });

  it('reports progress after each file and stops taking files once aborted', async () => {
    const { store, portal } = await seedFamilies();
    const controller = new AbortController();
    const seen: string[] = [];
    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal }, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(`${p.clientFileId} ${p.done}/${p.total} failed=${p.failed}`);
        controller.abort();
      },
    });
    expect(seen).toEqual(['PROVENCHER-2025 1/2 failed=2']);
    expect(log.aborted).toBe(true);
    expect(log.files[1]).toMatchObject({ clientFileId: 'GAGNON-2025', status: 'failed', code: 'sync_aborted', taxpayers: [] });
    expect(formatSyncLog(log, 'en')).toContain('Stopped before the end');
  });

  it('survives a throwing onProgress (the log says so once), and tells a logger each form with no personal data', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')));
    portal.recordCompletion(notCompleted('env-simon', 'c-simon', 'sent', [{ role: 'taxpayer', name: 'Simon Provencher', status: 'pending' }]));
    const events: WorkflowEvent[] = [];
    let calls = 0;
    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal }, {
      concurrency: 1,
      logger: (e) => events.push(e),
      onProgress: () => {
        calls++;
        throw new Error('the UI went away');
      },
    });
    expect(calls).toBe(2);
    expect(log.progressFailed).toBe(true);
    expect(log.summary).toEqual({ updated: 1, unchanged: 1, pending: 1, failed: 1, filesFailed: 0 });
    expect(formatSyncLog(log, 'en')).toContain('The progress callback (onProgress) threw an error');
    expect(events.filter((e) => e.event === 'progress_failed')).toHaveLength(1);
    expect(events.filter((e) => e.event === 'step').map((e) => [e.job, e.planId, e.item, e.outcome])).toEqual([
      ['signature-sync', log.runId, 'c-simon/T183', 'signature_pending'],
      ['signature-sync', log.runId, 'c-marie-eve/T183', 'no_completion'],
      ['signature-sync', log.runId, 'c-zoe/T183', 'updated'],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Simon|Zoé|Provencher|130692544/);
  });

  it('keeps codes and params only: the same log renders in French and English, pending with who has not signed', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(notCompleted('env-me', 'c-marie-eve', 'partially_signed', [
      { role: 'taxpayer', name: 'Marie-Ève Côté', status: 'pending' },
      { role: 'spouse', name: 'Simon Provencher', status: 'signed', signedAt: '2026-03-14T19:42:07Z', timeZone: 'America/Toronto' },
    ]));
    const log = JSON.parse(JSON.stringify(await syncSignatures({ clientFileIds: ['PROVENCHER-2025'], taxYear: 2025 }, { store, portal }))) as SyncLog;
    expect(JSON.stringify(log)).not.toMatch(/"message"/);
    const me = log.files[0]?.taxpayers[1];
    expect(me).toMatchObject({ status: 'pending', code: 'signature_pending', params: { state: 'partially_signed', pending: 'Marie-Ève Côté' } });
    expect(me === undefined ? '' : describeSyncTaxpayer(me, 'en')).toBe('… Marie-Ève Côté (spouse) — pending: T183 2025 is not signed yet (partially signed): still waiting for Marie-Ève Côté. Remind them, then sync again.');
    expect(me === undefined ? '' : describeSyncTaxpayer(me)).toContain('… Marie-Ève Côté (conjoint) — en attente : Le T183 2025 n\'est pas encore signé (signé en partie)');
    expect(formatSyncLog(log, 'fr').split('\n').at(-1)).toBe('Totaux : 0 mis à jour, 1 inchangé, 1 en attente, 1 en échec');
    expect(formatSyncLog(log, 'en').split('\n').at(-1)).toBe('Totals: 0 updated, 1 unchanged, 1 pending, 1 failed');
  });

  it('refuses ports that do not declare signatures, before reading anything', async () => {
    const store = createMemoryClientStore();
    const portal = createMemoryPortal();
    const bare: Portal = { capabilities: { sendsInvitations: false }, inviteClient: (i) => portal.inviteClient(i), getUser: (id) => portal.getUser(id) };
    const error = await syncSignatures({ clientFileIds: ['X'] }, { store, portal: bare }).catch((e: unknown) => e);
    expect(isTaxsyncError(error) && error.code).toBe('signatures_unsupported');
    expect(isTaxsyncError(error) && error.messageIn('fr')).toContain('capabilities.signatures');
  });

  it('uses the previous calendar year by default', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')));
    const log = await syncSignatures({ clientFileIds: ['GAGNON-2025'] }, { store, portal }, { now: () => new Date('2026-04-01T12:00:00Z') });
    expect(log.taxYear).toBe(2025);
    expect(byId(log, 'c-zoe')?.status).toBe('updated');
  });
});

describe('formatSyncLog', () => {
  async function mixedLog() {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-simon', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')));
    portal.recordCompletion(notCompleted('env-me', 'c-marie-eve', 'declined', [{ role: 'taxpayer', name: 'Marie-Ève Côté', status: 'declined' }]));
    const late: SignatureCompletion = completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-04-03T14:00:00Z', 'America/Halifax'));
    portal.recordCompletion(late);
    await store.putSignatureRecord({ record: { taxpayerId: 'c-zoe', clientFileId: 'GAGNON-2025', taxYear: 2025, documentType: 'T183', transmittedAt: '2026-04-02T13:00:00Z' } });
    return syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'fr' });
  }

  it('renders the log in French, grouped by file, ending with the counts', async () => {
    const text = formatSyncLog(await mixedLog(), 'fr');
    const lines = text.split('\n');
    expect(lines[0]).toBe('Synchronisation des signatures 2025 — 1 mis à jour, 1 inchangé, 0 en attente, 2 en échec');
    expect(text).toContain('Dossier PROVENCHER-2025 — Famille Provencher');
    expect(text).toContain('  ✓ Simon Provencher (principal) — mis à jour : T183 2025 signé le 2026/03/14 15:42:07 (America/Toronto), certificat CERT-ENV-SIMON, dans le portail');
    expect(text).toContain('  ✗ Marie-Ève Côté (conjoint) — en échec : Marie-Ève Côté a refusé de signer le T183 2025.');
    expect(text).toContain('  = Léa Provencher (personne à charge) — inchangé');
    expect(text).toContain('2026/04/03 11:00:00 (America/Halifax)');
    expect(lines.at(-1)).toBe('Totaux : 1 mis à jour, 1 inchangé, 0 en attente, 2 en échec');
  });

  it('renders the same log in English, whatever language it was made in', async () => {
    const text = formatSyncLog(await mixedLog(), 'en');
    expect(text.split('\n')[0]).toBe('Signature sync 2025 — 1 updated, 1 unchanged, 0 pending, 2 failed');
    expect(text).toContain('Marie-Ève Côté declined to sign T183 2025.');
    expect(text).toContain('after the return was transmitted on 2026/04/02 10:00:00 (America/Halifax)');
    expect(text).not.toMatch(/refusé|Dossier/);
    expect(text.split('\n').at(-1)).toBe('Totals: 1 updated, 1 unchanged, 0 pending, 2 failed');
  });
});
