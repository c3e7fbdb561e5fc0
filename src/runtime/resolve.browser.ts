/**
 * Stands in for `taxsync/pdf`'s `resolveSignatureFields` as the default field placer of the document dispatch in the
 * browser build: placing fields reads PDFs with Node's zlib and Buffer, so a browser host passes its own
 * `resolveFields` (a call to its server), and every document to sign is held with this reason until it does.
 */
import { PdfError } from '../errors/pdf.js';
import type { ResolveResult, SignatureLayout } from '../signatures/types.js';

/** Always throws `PdfError('pdf_needs_node')`: the dispatch holds the document with that message. */
export function resolveSignatureFields(_pdf: Uint8Array, _layout: SignatureLayout): Promise<ResolveResult> {
  return Promise.reject(new PdfError('pdf_needs_node'));
}
