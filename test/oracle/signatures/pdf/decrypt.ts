import type { InflateLimits } from '../../../../src/zip/inflate.js';
import { InvalidArgumentError } from '../../../../src/errors/invalid-argument.js';
import { loadPdf, SAVE_OPTIONS } from './pdf-lib.js';

/** Options of {@link decryptPdf}. */
export interface DecryptPdfOptions {
  /** The user or owner password; none for a PDF encrypted with an empty user password. Never kept or logged. */
  readonly password?: string;
  /**
   * How far the PDF's compressed object and cross-reference streams may expand while it is parsed: the limits of
   * `resolveSignatureFields`'s `inflateLimits` (default 512 MiB, or 100 times the PDF past 32 MiB). Past either, the
   * call throws `PdfError` `inflate_limit_exceeded` as soon as the limit is reached.
   */
  readonly inflateLimits?: Partial<InflateLimits>;
}

/**
 * The PDF written whole and decrypted (RC4 40/128-bit, AES-128, AES-256 with the standard security handler), for a
 * document that must travel without its password — the dispatch hands the portal this copy of a password-protected
 * print, since the password may not go into the plan. An unencrypted PDF comes back rewritten, unchanged in content.
 * Signatures, usage rights and XFA data are left as they are (`prepareForSignature` deals with them).
 *
 * @throws {PdfError} `pdf_password_required`, `pdf_password_wrong`, `pdf_encrypted` (another security handler),
 *   `pdf_unreadable` or `inflate_limit_exceeded` (its object streams expand past `options.inflateLimits`).
 * @example
 * ```ts
 * const open = await decryptPdf(bytes, { password: rule(client) });
 * ```
 */
export async function decryptPdf(pdf: Uint8Array, options: DecryptPdfOptions = {}): Promise<Uint8Array> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'decryptPdf options must be an object' });
  if (options.password !== undefined && typeof options.password !== 'string') throw new InvalidArgumentError('invalid_input', { detail: 'decryptPdf: password must be a string' });
  const { doc } = await loadPdf(pdf, options.password, options.inflateLimits);
  return doc.save(SAVE_OPTIONS);
}
