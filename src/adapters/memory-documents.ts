/** The in-memory {@link DocumentStore}: the reference implementation, for tests and one-process hosts. */
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { sha256Hex } from '../internal/hash.js';
import { throwIfAbortedBeforeCall } from '../internal/abort.js';
import type { DocumentStore } from '../ports.js';

/** A {@link DocumentStore} in memory, with what tests need to look inside. */
export interface MemoryDocumentStore extends DocumentStore {
  /** How many documents are stored. */
  readonly size: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Checks a document key, shared by the document stores taxsync ships. @internal */
export function checkDocumentKey(sha256: string): void {
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) {
    throw new InvalidArgumentError('invalid_input', { detail: 'a document key is a SHA-256: 64 lower-case hex digits' });
  }
}

/** Checks what `put` is given, shared by the document stores taxsync ships. @internal */
export function checkDocumentBytes(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('invalid_input', { detail: 'DocumentStore.put takes the bytes as a Uint8Array' });
}

/**
 * A {@link DocumentStore} in memory: documents by SHA-256, copied in and out.
 *
 * @example
 * ```ts
 * const documents = createMemoryDocumentStore();
 * const { sha256, created } = await documents.put(new TextEncoder().encode('%PDF-1.7 …'));
 * ```
 */
export function createMemoryDocumentStore(): MemoryDocumentStore {
  const documents = new Map<string, Uint8Array>();
  return {
    get size() {
      return documents.size;
    },
    async put(bytes, options) {
      throwIfAbortedBeforeCall(options?.signal);
      checkDocumentBytes(bytes);
      const copy = bytes.slice();
      const sha256 = await sha256Hex(copy);
      if (documents.has(sha256)) return { sha256, created: false };
      documents.set(sha256, copy);
      return { sha256, created: true };
    },
    async get(sha256, options) {
      throwIfAbortedBeforeCall(options?.signal);
      checkDocumentKey(sha256);
      return documents.get(sha256)?.slice();
    },
    async has(sha256, options) {
      throwIfAbortedBeforeCall(options?.signal);
      checkDocumentKey(sha256);
      return documents.has(sha256);
    },
  };
}
