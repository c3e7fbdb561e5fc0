/**
 * Client files, taxpayers and completions that look like a firm's, for the signature-sync tests.
 */
import {
  createMemoryClientStore,
  createMemoryPortal,
  type ClientFile,
  type CompletionSigner,
  type MemoryClientStore,
  type MemoryPortal,
  type SignatureCompletion,
} from '../../src/index.js';

export const SHA = (n: number): string => n.toString(16).padStart(2, '0').repeat(32);

/** The Provencher family (principal, spouse, dependant) and the Gagnon-Tremblay file (one taxpayer). */
export async function seedFamilies(): Promise<{ store: MemoryClientStore; portal: MemoryPortal; ids: Record<string, string> }> {
  const store = createMemoryClientStore({
    clients: [
      { id: 'c-simon', kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', clientFile: 'PROVENCHER-2025', role: 'principal' },
      { id: 'c-marie-eve', kind: 'individual', sin: '271845935', firstName: 'Marie-Ève', lastName: 'Côté', clientFile: 'PROVENCHER-2025', role: 'spouse' },
      { id: 'c-lea', kind: 'individual', firstName: 'Léa', lastName: 'Provencher', clientFile: 'PROVENCHER-2025', role: 'dependant' },
      { id: 'c-zoe', kind: 'individual', sin: '527146831', firstName: 'Zoé', lastName: 'Gagnon-Tremblay', clientFile: 'GAGNON-2025' },
    ],
  });
  const provencher: ClientFile = {
    id: 'PROVENCHER-2025',
    label: 'Famille Provencher',
    taxpayers: [
      { taxpayerId: 'c-simon', role: 'principal', name: 'Simon Provencher' },
      { taxpayerId: 'c-marie-eve', role: 'spouse', name: 'Marie-Ève Côté' },
      { taxpayerId: 'c-lea', role: 'dependant', name: 'Léa Provencher' },
    ],
  };
  const gagnon: ClientFile = { id: 'GAGNON-2025', taxpayers: [{ taxpayerId: 'c-zoe', role: 'principal', name: 'Zoé Gagnon-Tremblay' }] };
  await store.putClientFile(provencher);
  await store.putClientFile(gagnon);
  const portal = createMemoryPortal();
  return { store, portal, ids: { simon: 'c-simon', marieEve: 'c-marie-eve', lea: 'c-lea', zoe: 'c-zoe' } };
}

/** A signed signer. */
export const signed = (name: string, signedAt: string, timeZone = 'America/Toronto', role: CompletionSigner['role'] = 'taxpayer'): CompletionSigner => ({ role, name, status: 'signed', signedAt, timeZone });

/** A completed T183 (by default) of 2025 for a client. */
export function completed(id: string, clientId: string, signer: CompletionSigner, extra: Partial<SignatureCompletion> = {}): SignatureCompletion {
  return {
    id,
    documentId: `doc-${id}`,
    clientId,
    documentType: 'T183',
    taxYear: 2025,
    state: 'completed',
    signers: [signer],
    updatedAt: signer.signedAt ?? '2026-03-01T00:00:00Z',
    certificateId: `CERT-${id.toUpperCase()}`,
    channel: 'portal',
    signedPdfSha256: SHA(id.length + 7),
    ...extra,
  };
}

/** A completion that is not completed yet (sent, viewed, partially signed, declined, expired). */
export function notCompleted(id: string, clientId: string, state: SignatureCompletion['state'], signers: readonly CompletionSigner[], extra: Partial<SignatureCompletion> = {}): SignatureCompletion {
  return { id, documentId: `doc-${id}`, clientId, documentType: 'T183', taxYear: 2025, state, signers, updatedAt: '2026-03-10T14:00:00Z', ...extra };
}
