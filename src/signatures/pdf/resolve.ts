import { InvalidArgumentError } from '../../model/errors.js';
import { held, placeSignatureFields } from '../place.js';
import type { ResolveResult, SignatureLayout } from '../types.js';
import { extractPages, hasSignatureValue } from './extract.js';

/**
 * Finds where `layout`'s fields go on an actual PDF: reads its text with positions (pdfjs-dist, loaded on first
 * use), applies each page's crop box and `/Rotate`, identifies the form on every page where it appears — anywhere in
 * a longer bundle, and on each copy when the program prints it twice — and places each field relative to its label.
 * A measured fixed position is used only on a page where the form is identified and whose size matches the
 * measurement. Each field says how it was placed (`placedBy: 'anchor' | 'fixed'`).
 *
 * Per-document outcomes are values, not exceptions: a PDF that does not fit is `{ status: 'held', reason, message }`
 * — encrypted, unreadable, already signed, image-only (a scan), form not found, no anchor and no measurement that
 * fits, page size or page count unlike the measurement — so that a batch goes on. No field is ever placed at a
 * guessed position. Runs on Node ≥ 20.19 (pdfjs-dist's legacy build).
 *
 * @param pdf the PDF's bytes (left untouched).
 * @throws {InvalidArgumentError} only for arguments that are not a PDF's bytes and a layout (a programming error).
 * @example
 * ```ts
 * import { signatureLayoutFor } from 'taxsync';
 * import { resolveSignatureFields, prepareForSignature } from 'taxsync/pdf';
 *
 * const result = await resolveSignatureFields(bytes, signatureLayoutFor(2025, 'T183'));
 * if (result.status === 'held') queueForManualPlacement(result.reason, result.message.fr);
 * else await portal.send(await prepareForSignature(bytes, result.fields));
 * ```
 */
export async function resolveSignatureFields(pdf: Uint8Array, layout: SignatureLayout): Promise<ResolveResult> {
  if (!(pdf instanceof Uint8Array)) throw new InvalidArgumentError('invalid_input', { detail: 'resolveSignatureFields expects the PDF as a Uint8Array' });
  if (typeof layout !== 'object' || layout === null || !Array.isArray(layout.fields)) {
    throw new InvalidArgumentError('invalid_input', { detail: 'resolveSignatureFields expects a layout from signatureLayoutFor or a layout registry' });
  }
  const extraction = await extractPages(pdf);
  switch (extraction.status) {
    case 'encrypted':
      return held('encrypted', {}, []);
    case 'unreadable':
      return held('unreadable', { detail: extraction.detail }, []);
    case 'ok':
      break;
  }
  const pages = extraction.pages.map((p) => ({ page: p.page, width: p.width, height: p.height, rotation: p.rotation, hasText: p.runs.some((r) => r.str.trim() !== '') }));
  if (hasSignatureValue(pdf)) return held('already_signed', {}, pages);
  return placeSignatureFields(extraction.pages, layout);
}
