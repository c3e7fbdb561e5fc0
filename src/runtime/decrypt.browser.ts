/**
 * Stands in for the dispatch's PDF decrypter in the browser build (see resolve.browser.ts): opening a
 * password-protected PDF is server work, so the document is held with `pdf_needs_node`.
 */
import { PdfError } from '../errors/pdf.js';

/** Always throws `PdfError('pdf_needs_node')`. */
export function decryptPdf(_pdf: Uint8Array, _options: { password?: string }): Promise<Uint8Array> {
  return Promise.reject(new PdfError('pdf_needs_node'));
}
