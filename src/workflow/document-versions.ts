/**
 * The versions of a document sent to a client (same client, form and tax year; different bytes: a reprint, a
 * corrected return), as document dispatch records them in the journal and signature sync reads them: the newest
 * version sent is the one whose signature counts.
 *
 * Journal shape (shared scope, never pruned):
 * `{ applyId: 'taxsync:document-versions', itemKey: hashKey(clientId + '\0' + documentType + '\0' + taxYear),
 *    step: 'v<n>' (n = 1, 2, …), status: 'done', clientId, ref: '<sha256>:<portal document id>' }`, where the SHA-256
 * is the document's as printed (the archive entry's: a password-protected print is sent decrypted).
 */
import { hashKey } from '../internal/hash.js';
import type { ClientStore, JournalEntry } from '../ports.js';

/** The journal scope of document versions: shared by every dispatch, read by signature sync. */
export const DOCUMENT_VERSIONS_JOURNAL = 'taxsync:document-versions';

/** The journal item (`itemKey`) of one client's documents of one type and year (no personal data in clear). */
export function documentVersionsKey(clientId: string, documentType: string, taxYear: number): string {
  return hashKey(`${clientId}\u0000${documentType}\u0000${taxYear}`);
}

/** One version sent. */
export interface DocumentVersion {
  /** 1 for the first document sent, 2 for the next… */
  readonly n: number;
  /** SHA-256 of the document as printed (the archive entry). */
  readonly sha256: string;
  /** The portal's id of the document, when the entry carries it. */
  readonly documentId?: string;
}

/** The journal entry that records version `n` sent (for the dispatch). */
export function documentVersionEntry(
  version: DocumentVersion & { readonly documentId: string },
  clientId: string,
  documentType: string,
  taxYear: number,
  at: Date,
): JournalEntry {
  return {
    applyId: DOCUMENT_VERSIONS_JOURNAL,
    itemKey: documentVersionsKey(clientId, documentType, taxYear),
    step: `v${version.n}`,
    status: 'done',
    clientId,
    ref: `${version.sha256}:${version.documentId}`,
    at: at.toISOString(),
  };
}

const STEP = /^v([1-9]\d{0,8})$/;
const REF = /^([0-9a-f]{64})(?:[:\s|]\s*(\S.*))?$/;

/**
 * The versions of a client's document of one type and year that were sent (entries `done`), oldest first; `[]` when
 * the journal has none. A later entry of the same step supersedes an earlier one. A ref that is not a SHA-256
 * (optionally followed by `:` and the document id) is left out.
 */
export async function readDocumentVersions(store: ClientStore, clientId: string, documentType: string, taxYear: number): Promise<DocumentVersion[]> {
  const latest = new Map<number, JournalEntry>();
  for (const entry of await store.readJournal(DOCUMENT_VERSIONS_JOURNAL, documentVersionsKey(clientId, documentType, taxYear))) {
    const step = STEP.exec(entry.step);
    if (step !== null) latest.set(Number(step[1]), entry);
  }
  const versions: DocumentVersion[] = [];
  for (const [n, entry] of latest) {
    const ref = entry.status === 'done' && typeof entry.ref === 'string' ? REF.exec(entry.ref) : null;
    if (ref === null) continue;
    versions.push(ref[2] === undefined ? { n, sha256: ref[1] as string } : { n, sha256: ref[1] as string, documentId: ref[2] });
  }
  return versions.sort((a, b) => a.n - b.n);
}
