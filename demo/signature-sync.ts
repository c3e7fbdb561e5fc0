/**
 * Demo of job 3, signature sync: the firm's DT Max client list is imported first — the import writes the client
 * files (dossiers) from its Dossier and Lien columns, nothing is built by hand —, then the completions of five forms
 * (a spouse who signed both forms, a late signature, a declined form, a form still waiting) are synchronized from the
 * portal — through the HTTP client against the reference server on 127.0.0.1 — then synchronized again to show that
 * nothing changes, with the log in French and English and a pre-transmission check.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  applyClientImport,
  createMemoryClientStore,
  createMemoryDocumentStore,
  formatSyncLog,
  previewClientImport,
  readyToTransmit,
  syncSignatures,
  type SignatureCompletion,
} from '../src/index.js';
import { createHttpPortal } from '../src/http.js';
import { startPortalServer } from '../src/testing/index.js';

const indent = (text: string): string => text.split('\n').map((l) => `  ${l}`).join('\n');
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
/** The signed PDF the e-signature service returns for a completion (a stand-in: one line of PDF syntax). */
const signedPdfOf = (id: string): Uint8Array => new TextEncoder().encode(`%PDF-1.7\n% ${id} — signé / signed\n%%EOF\n`);
/** Its completion certificate, as a JSON audit trail. */
const certificateOf = (c: SignatureCompletion): Uint8Array => new TextEncoder().encode(JSON.stringify({ certificate: c.certificateId, signers: c.signers, completedAt: c.updatedAt }));

function done(id: string, clientId: string, documentType: string, name: string, signedAt: string, timeZone: string, channel: SignatureCompletion['channel']): SignatureCompletion {
  return {
    id, documentId: `doc-${id}`, clientId, documentType, taxYear: 2025, state: 'completed', updatedAt: signedAt,
    signers: [{ role: 'taxpayer', name, status: 'signed', signedAt, timeZone }],
    certificateId: `CERT-${id.slice(4).toUpperCase()}`, ...(channel === undefined ? {} : { channel }), signedPdfSha256: sha(signedPdfOf(id)),
  };
}

/** Runs the signature-sync demo, printing through `log`. */
export async function runSignatureSyncDemo(log: (line: string) => void): Promise<void> {
  log('\n## 4. Synchronisation des signatures / Signature sync');
  const store = createMemoryClientStore();
  // The client files come from the import (the Dossier and Lien columns of the DT Max list), not from this demo.
  const csv = new Uint8Array(await readFile(new URL('../samples/dtmax-particuliers.csv', import.meta.url)));
  const imported = await applyClientImport(await previewClientImport({ source: 'dtmax', file: csv, locale: 'fr' }, { store }), { store });
  const clientFileIds = imported.files.map((f) => f.id).filter((id) => ['PROVENCHER-2025', 'GAGNON-2025', 'LOEUILLET-2025', 'OBRIEN-2025'].includes(id));
  log(`Dossiers créés par l'importation / client files written by the import: ${clientFileIds.join(', ')}`);
  const idOf = async (sin: string): Promise<string> => (await store.find({ sin }))[0]?.id ?? `missing-${sin.slice(-3)}`;
  const [marieEve, zoe, benoit, sean] = await Promise.all(['271845935', '631478526', '523698744', '412589632'].map(idOf));
  if (marieEve === undefined || zoe === undefined || benoit === undefined || sean === undefined) throw new Error('the sample clients were not imported');
  // Zoé's return was transmitted on April 2 at 9:00 (Montréal) — before she signed: the CRA requires the opposite.
  await store.putSignatureRecord({ record: { taxpayerId: zoe, clientFileId: 'GAGNON-2025', taxYear: 2025, documentType: 'T183', transmittedAt: '2026-04-02T13:00:00Z' } });

  const server = await startPortalServer();
  try {
    const completions: SignatureCompletion[] = [
      done('env-me-t183', marieEve, 'T183', 'Marie-Ève Côté', '2026-03-15T01:05:59Z', 'America/Vancouver', 'email'),
      done('env-me-tp1000', marieEve, 'TP-1000.TE', 'MARIE-EVE COTE', '2026-03-15T01:07:12Z', 'America/Vancouver', 'email'),
      done('env-zoe-t183', zoe, 'T183', 'Zoé Gagnon-Tremblay', '2026-04-03T14:10:00Z', 'America/Toronto', 'portal'),
      {
        id: 'env-benoit-t183', documentId: 'doc-benoit', clientId: benoit, documentType: 'T183', taxYear: 2025, state: 'declined', updatedAt: '2026-03-20T16:00:00Z',
        signers: [{ role: 'taxpayer', name: 'Benoît Lœuillet', status: 'declined' }],
      },
      {
        id: 'env-sean-t183', documentId: 'doc-sean', clientId: sean, documentType: 'T183', taxYear: 2025, state: 'viewed', updatedAt: '2026-03-22T12:00:00Z',
        signers: [{ role: 'taxpayer', name: 'Seán O’Brien', status: 'viewed' }],
      },
    ];
    for (const c of completions) {
      server.recordCompletion(c, c.state === 'completed' ? { signedPdf: signedPdfOf(c.id), certificate: { bytes: certificateOf(c), mediaType: 'application/json' } } : undefined);
    }
    // The signed PDFs and their certificates are kept here (in production: createFileDocumentStore of taxsync/fs).
    const documents = createMemoryDocumentStore();
    // A portal that stumbles: one 503 with Retry-After, and a connection dropped in the middle of a page.
    server.inject({ kind: 'status', status: 503, retryAfter: 0, path: '/signature-completions' });
    server.inject({ kind: 'drop', path: '/signature-completions', skip: 2 });

    const portal = createHttpPortal({ baseUrl: server.url, token: server.token, backoffMs: 20 });
    const first = await syncSignatures({ clientFileIds, taxYear: 2025 }, { store, portal, documents }, { locale: 'fr', concurrency: 2 });
    log(`\nPortail : ${server.url} (serveur de référence : ${server.requests.length} requêtes, dont ${server.requests.filter((r) => r.status !== 200).length} en erreur reprises automatiquement)`);
    log('\n### Journal (français)\n');
    log(indent(formatSyncLog(first, 'fr')));
    log('\n### Log (English)\n');
    log(indent(formatSyncLog(first, 'en')));

    log(`\nDocuments conservés / documents kept: ${documents.size} (PDF signés et certificats / signed PDFs and certificates)`);

    const again = await syncSignatures({ clientFileIds, taxYear: 2025 }, { store, portal, documents }, { locale: 'fr' });
    const { updated, unchanged, pending, failed } = again.summary;
    log(`\nDeuxième synchronisation / second sync: ${updated} mis à jour / updated, ${unchanged} inchangés / unchanged, ${pending} en attente / pending, ${failed} en échec / failed; ${documents.size} documents.`);

    log('\n### Avant la transmission / Before e-filing');
    for (const [taxpayerId, name] of [[marieEve, 'Marie-Ève Côté'], [zoe, 'Zoé Gagnon-Tremblay']] as const) {
      const records = await store.listSignatureRecords([taxpayerId], 2025);
      const check = readyToTransmit({ taxpayerId, forms: taxpayerId === zoe ? ['T183'] : ['T183', 'TP-1000.TE'], records }, 2025, { at: '2026-04-05T12:00:00Z', locale: 'fr' });
      log(`  ${name}: ${check.ready ? 'prêt à transmettre' : check.problems.map((p) => p.message).join(' ')}`);
    }
  } finally {
    await server.close();
  }
}
