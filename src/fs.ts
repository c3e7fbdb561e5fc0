/**
 * `taxsync/fs`: `createFileDocumentStore`, a `DocumentStore` in a folder of the filesystem (Node only) — the signed
 * PDFs and completion certificates signature sync keeps, and the PDFs a stored dispatch plan refers to, one file per
 * document named by its SHA-256, written atomically and checked on every read.
 *
 * @example
 * ```ts
 * import { createFileDocumentStore } from 'taxsync/fs';
 * const documents = createFileDocumentStore('/var/lib/cabinet/documents');
 * ```
 * @packageDocumentation
 * @module taxsync/fs
 */
// ── The filesystem document store ──
export { createFileDocumentStore, type FileDocumentStore, type FileDocumentStoreOptions } from './adapters/fs-documents.js';
