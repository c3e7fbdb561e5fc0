/**
 * syncSignatures keeping the signed record: the signed PDF (made with pdf-lib) and its completion certificate are
 * downloaded from the portal, checked against the completion's SHA-256, put in the DocumentStore and recorded —
 * once; a PDF that is not the one certified, missing files, a failing store: a failure with a reason, nothing kept.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createMemoryDocumentStore,
  describeSyncTaxpayer,
  formatSyncLog,
  type DocumentStore,
  type MemoryPortal,
  type SignatureCompletion,
  type SyncLog,
  type SyncLogTaxpayer,
} from '../../src/index.js';
import { makePdf } from '../fixtures/pdfs.js';
import { completed, seedFamilies, signed } from './helpers.js';
import { syncSignatures } from '../../src/index.js';
import { createFileDocumentStore } from '../../src/fs.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const taxpayer = (log: SyncLog, id: string): SyncLogTaxpayer | undefined => log.files.flatMap((f) => f.taxpayers).find((t) => t.taxpayerId === id);
const GAGNON = { clientFileIds: ['GAGNON-2025'], taxYear: 2025 };

/** Zoé's T183 signed on the portal, with its signed PDF and a JSON audit trail as certificate. */
async function zoeSigned(portal: MemoryPortal, extra: Partial<SignatureCompletion> = {}) {
  const signedPdf = await makePdf('T183 2025 - Zoe Gagnon-Tremblay - signed 2026-03-20 11:00:00 America/Toronto');
  const certificate = new TextEncoder().encode(JSON.stringify({ envelope: 'env-zoe', signer: 'Zoé Gagnon-Tremblay', ip: '203.0.113.7', events: ['envoyé', 'consulté', 'signé'] }));
  const completion = { ...completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')), signedPdfSha256: sha(signedPdf), ...extra };
  portal.recordCompletion(completion, { signedPdf, certificate: { bytes: certificate, mediaType: 'application/json' } });
  return { signedPdf, certificate, completion };
}

/** Counts the portal's downloads. */
function counting(portal: MemoryPortal): { portal: MemoryPortal; downloads: () => number } {
  let downloads = 0;
  return {
    portal: { ...portal, downloadSignedDocument: (id: string) => ((downloads += 1), portal.downloadSignedDocument(id)) },
    downloads: () => downloads,
  };
}

describe('syncSignatures keeps the signed PDF and its certificate', () => {
  it('downloads, checks and keeps both, records their SHA-256s, and downloads nothing the second time', async () => {
    const { store, portal } = await seedFamilies();
    const { signedPdf, certificate } = await zoeSigned(portal);
    const documents = createMemoryDocumentStore();
    const watched = counting(portal);

    const log = await syncSignatures(GAGNON, { store, portal: watched.portal, documents });

    expect(taxpayer(log, 'c-zoe')).toMatchObject({ status: 'updated' });
    const [record] = await store.listSignatureRecords(['c-zoe'], 2025);
    expect(record?.signature).toMatchObject({ signedPdfSha256: sha(signedPdf), certificateSha256: sha(certificate), certificateId: 'CERT-ENV-ZOE' });
    expect(await documents.get(sha(signedPdf))).toEqual(signedPdf);
    expect(await documents.get(sha(certificate))).toEqual(certificate);
    expect(watched.downloads()).toBe(1);
    expect(formatSyncLog(log, 'fr')).toContain('PDF signé et certificat conservés');

    const again = await syncSignatures(GAGNON, { store, portal: watched.portal, documents });
    expect(taxpayer(again, 'c-zoe')?.status).toBe('unchanged');
    expect(watched.downloads()).toBe(1);
    expect(documents.size).toBe(2);
  });

  it('fails closed when the signed PDF is not the one the completion certifies: nothing written, nothing kept', async () => {
    const { store, portal } = await seedFamilies();
    const other = await makePdf('T183 2025 - another document');
    await zoeSigned(portal, { signedPdfSha256: sha(other) });
    const documents = createMemoryDocumentStore();

    const log = await syncSignatures(GAGNON, { store, portal, documents }, { locale: 'en' });

    const zoe = taxpayer(log, 'c-zoe');
    expect(zoe).toMatchObject({ status: 'failed', code: 'signed_document_mismatch', params: { form: 'T183', year: 2025, expected: sha(other).slice(0, 8) } });
    expect(zoe === undefined ? '' : describeSyncTaxpayer(zoe, 'en')).toContain('is not the one its completion certifies');
    expect(zoe === undefined ? '' : describeSyncTaxpayer(zoe, 'fr')).toContain("n'est pas celui que certifie sa signature");
    expect(store.signatureSnapshot()).toEqual([]);
    expect(documents.size).toBe(0);
  });

  it('fails when the portal has no files for a completed form, or a certificate that is not what it says', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')));
    const documents = createMemoryDocumentStore();
    const missing = await syncSignatures(GAGNON, { store, portal, documents });
    expect(taxpayer(missing, 'c-zoe')).toMatchObject({ status: 'failed', code: 'signed_document_missing' });

    const signedPdf = await makePdf('T183 2025 - Zoe');
    portal.recordCompletion({ ...completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-20T15:00:00Z')), signedPdfSha256: sha(signedPdf) }, {
      signedPdf,
      certificate: { bytes: new TextEncoder().encode('{"envelope": "env-zoe", "events": [cut'), mediaType: 'application/json' },
    });
    const truncated = await syncSignatures(GAGNON, { store, portal, documents });
    expect(taxpayer(truncated, 'c-zoe')).toMatchObject({ status: 'failed', code: 'signed_document_missing' });
    expect(store.signatureSnapshot()).toEqual([]);
    expect(documents.size).toBe(0);
  });

  it('reports a failing document store or portal download per form, and the next run finishes', async () => {
    const { store, portal } = await seedFamilies();
    const { signedPdf } = await zoeSigned(portal);
    const inner = createMemoryDocumentStore();
    let down = true;
    const flaky: DocumentStore = {
      put: (bytes) => (down ? Promise.reject(new Error('disk full writing 130 692 544.pdf')) : inner.put(bytes)),
      get: (key) => inner.get(key),
      has: (key) => inner.has(key),
    };
    const first = await syncSignatures(GAGNON, { store, portal, documents: flaky }, { locale: 'en' });
    expect(taxpayer(first, 'c-zoe')).toMatchObject({ status: 'failed', code: 'document_store_error' });
    expect(JSON.stringify(first)).not.toContain('130 692 544');
    expect(JSON.stringify(first)).toContain('*** *** 544');
    expect(store.signatureSnapshot()).toEqual([]);

    const broken: MemoryPortal = { ...portal, downloadSignedDocument: () => Promise.reject(new Error('HTTP 502')) };
    down = false;
    const second = await syncSignatures(GAGNON, { store, portal: broken, documents: flaky });
    expect(taxpayer(second, 'c-zoe')).toMatchObject({ status: 'failed', code: 'portal_error', params: { detail: 'HTTP 502' } });

    const third = await syncSignatures(GAGNON, { store, portal, documents: flaky });
    expect(taxpayer(third, 'c-zoe')?.status).toBe('updated');
    expect(await inner.get(sha(signedPdf))).toEqual(signedPdf);
  });

  it('adds the kept documents to a record synced before without them, even once transmitted, and keeps them without a store', async () => {
    const { store, portal } = await seedFamilies();
    const { certificate } = await zoeSigned(portal);
    await syncSignatures(GAGNON, { store, portal });
    const [before] = await store.listSignatureRecords(['c-zoe'], 2025);
    expect(before?.signature?.certificateSha256).toBeUndefined();
    await store.putSignatureRecord({ record: { ...before!, transmittedAt: '2026-03-25T12:00:00Z' }, expectedVersion: before!.version ?? null });

    const documents = createMemoryDocumentStore();
    const log = await syncSignatures(GAGNON, { store, portal, documents });
    const zoe = taxpayer(log, 'c-zoe');
    expect(zoe?.status).toBe('updated');
    expect(zoe?.status === 'updated' ? zoe.changes : []).toEqual([{ field: 'certificateSha256', to: sha(certificate) }]);
    const [after] = await store.listSignatureRecords(['c-zoe'], 2025);
    expect(after).toMatchObject({ transmittedAt: '2026-03-25T12:00:00Z', signature: { ...before?.signature, certificateSha256: sha(certificate) } });

    // A sync without a document store leaves what was kept alone.
    const plain = await syncSignatures(GAGNON, { store, portal });
    expect(taxpayer(plain, 'c-zoe')?.status).toBe('unchanged');
    expect((await store.listSignatureRecords(['c-zoe'], 2025))[0]?.signature?.certificateSha256).toBe(sha(certificate));
  });

  it('downloads again when the store lost a kept document', async () => {
    const { store, portal } = await seedFamilies();
    const { signedPdf } = await zoeSigned(portal);
    await syncSignatures(GAGNON, { store, portal, documents: createMemoryDocumentStore() });
    const fresh = createMemoryDocumentStore();
    const log = await syncSignatures(GAGNON, { store, portal, documents: fresh });
    expect(taxpayer(log, 'c-zoe')?.status).toBe('unchanged');
    expect(await fresh.get(sha(signedPdf))).toEqual(signedPdf);
  });

  it('downloads again and repairs a kept PDF damaged on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxsync-sync-kept-'));
    try {
      const { store, portal } = await seedFamilies();
      const { signedPdf } = await zoeSigned(portal);
      const documents = createFileDocumentStore(dir);
      await syncSignatures(GAGNON, { store, portal, documents });
      writeFileSync(documents.pathOf(sha(signedPdf)), 'damaged');
      const watched = counting(portal);
      const log = await syncSignatures(GAGNON, { store, portal: watched.portal, documents });
      expect(taxpayer(log, 'c-zoe')?.status).toBe('unchanged');
      expect(watched.downloads()).toBe(1);
      expect(await documents.get(sha(signedPdf))).toEqual(signedPdf);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a documents port that is not a DocumentStore, before reading anything', async () => {
    const { store, portal } = await seedFamilies();
    const error = await syncSignatures(GAGNON, { store, portal, documents: {} as DocumentStore }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input' });
  });
});
