/**
 * The versions of a document sent to a client (same client, form and tax year; different bytes: a reprint, a
 * corrected return), as document dispatch records them in the journal and signature sync reads them: the newest
 * version sent is the one whose signature counts.
 *
 * Journal shape (shared scope, never pruned):
 * `{ applyId: 'taxsync:document-versions', itemKey: hashKey(clientId + '\0' + documentType + '\0' + taxYear),
 *    step: 'v<n>' (n = 1, 2, …), status: 'done', clientId, ref: '<sha256>:<portal document id>' }`, where the SHA-256
 * is the document's as printed (the archive entry's: a password-protected print is sent decrypted).
 *
 * A document is identified by its SHA-256, not by its step: two dispatches applied at the same time may each send a
 * different document under the same number (each read the versions before the other recorded its own), and both
 * stay in the history.
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
  /**
   * 1 for the first document sent, 2 for the next…: the number the document was first recorded with (the one its
   * portal title shows). Two documents may share a number, when two dispatches sent them at the same time.
   */
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
 * The versions of a client's document of one type and year that were sent, oldest first; `[]` when the journal has
 * none. One version per document (SHA-256): the latest entry of a document supersedes its earlier ones (its status, its
 * portal document id filled in by a later write), while its number and its place come from its first entry. Only
 * documents whose latest entry is `done` count; an entry whose step is not `v<n>`, or whose ref is not a SHA-256
 * (optionally followed by `:` and the document id), is left out.
 *
 * Ordered by number, then by the order the journal holds the first entries of the documents (append order, which
 * {@link ClientStore.readJournal} guarantees): of two documents recorded under the same number, the one recorded last
 * comes last, so `.at(-1)` is the newest version sent.
 */
export async function readDocumentVersions(store: ClientStore, clientId: string, documentType: string, taxYear: number): Promise<DocumentVersion[]> {
  const documents = new Map<string, { readonly n: number; readonly place: number; done: boolean; documentId: string | undefined }>();
  const entries = await store.readJournal(DOCUMENT_VERSIONS_JOURNAL, documentVersionsKey(clientId, documentType, taxYear));
  entries.forEach((entry, place) => {
    const step = STEP.exec(entry.step);
    const ref = step !== null && typeof entry.ref === 'string' ? REF.exec(entry.ref) : null;
    if (step === null || ref === null) return;
    const known = documents.get(ref[1] as string);
    if (known === undefined) documents.set(ref[1] as string, { n: Number(step[1]), place, done: entry.status === 'done', documentId: ref[2] });
    else {
      known.done = entry.status === 'done';
      known.documentId = ref[2];
    }
  });
  const versions: (DocumentVersion & { readonly place: number })[] = [];
  for (const [sha256, { n, place, done, documentId }] of documents) {
    if (done) versions.push(documentId === undefined ? { n, sha256, place } : { n, sha256, documentId, place });
  }
  return versions.sort((a, b) => a.n - b.n || a.place - b.place).map(({ place: _place, ...version }) => version);
}
