/**
 * The documents `resolveSignatureFields` parsed, handed on to `prepareForSignature` when it is given the same bytes
 * (the usual resolve-then-prepare sequence), so that a PDF is parsed once instead of twice.
 *
 * A document is handed on at most once (preparing changes it) and only if the bytes are those that were parsed:
 * the same `Uint8Array`, with the same contents (compared against a copy). A few documents at most are kept, the
 * oldest dropped first, so that a host that resolves without preparing holds no more than that.
 */
import type { PDFDocument } from '@cantoo/pdf-lib';
import type { PdfEncryption } from './pdf-lib.js';

/** A parsed document (decrypted, when the bytes are encrypted) and how its bytes were protected. */
export interface Parsed {
  readonly doc: PDFDocument;
  readonly encryption: PdfEncryption;
}

interface Entry extends Parsed {
  readonly copy: Uint8Array;
}

/** How many parsed documents wait for their `prepareForSignature` at most. */
const CAPACITY = 8;
/** Bytes larger than this are not kept (the copy and the parsed objects would weigh too much to hold). */
const MAX_BYTES = 16 * 1024 * 1024;

const waiting = /* @__PURE__ */ new Map<Uint8Array, Entry>();

/** Keeps `parsed`, parsed from `bytes` and not modified, for the next {@link takeParsed} of the same bytes. */
export function keepParsed(bytes: Uint8Array, parsed: Parsed): void {
  if (bytes.byteLength > MAX_BYTES) return;
  waiting.delete(bytes);
  waiting.set(bytes, { ...parsed, copy: bytes.slice() });
  while (waiting.size > CAPACITY) {
    const oldest = waiting.keys().next();
    if (oldest.done === true) break;
    waiting.delete(oldest.value);
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** The document parsed from exactly these bytes, if one is waiting; it is given out once. */
export function takeParsed(bytes: Uint8Array): Parsed | undefined {
  const entry = waiting.get(bytes);
  if (entry === undefined) return undefined;
  waiting.delete(bytes);
  return sameBytes(entry.copy, bytes) ? { doc: entry.doc, encryption: entry.encryption } : undefined;
}
