import { TaxsyncError, type TaxsyncErrorArgs } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';

const MARKER = Symbol.for('taxsync.error.DocumentStoreError');

/** Codes of {@link DocumentStoreError}. */
export type DocumentStoreErrorCode = 'document_corrupted';

/**
 * A `DocumentStore` refused to serve what it holds: the bytes stored under a SHA-256 no longer have that
 * SHA-256 (`document_corrupted`: a damaged disk, a file edited by hand). The damaged bytes are never returned.
 * `params.sha256` is the first 8 hex digits of the key.
 */
export class DocumentStoreError<C extends DocumentStoreErrorCode = DocumentStoreErrorCode> extends TaxsyncError<C> {
  declare readonly code: DocumentStoreErrorCode;

  constructor(code: C, ...args: TaxsyncErrorArgs<C>) {
    super(code, ...args);
    this.name = 'DocumentStoreError';
    mark(this, MARKER);
  }

  /** True for a {@link DocumentStoreError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is DocumentStoreError {
    return isMarked(value, MARKER);
  }
}
