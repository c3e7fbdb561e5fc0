import type { PDFDocument } from 'pdf-lib';
import { InvalidArgumentError } from '../../model/errors.js';
import { held, placeSignatureFields, type PageText } from '../place.js';
import type { ResolveResult, SignatureLayout } from '../types.js';
import { mayIdentify, mayIdentifyFolded, OTHER_TEXT } from './candidates.js';
import { extractPages, hasSignatureValue } from './extract.js';
import { extractPagesFast, SKIM_FROM_PAGES } from './fast-text.js';
import { keepParsed } from './parsed-cache.js';
import { parsePdf } from './pdf-lib.js';

/** Options of {@link resolveSignatureFields}. */
export interface ResolveSignatureFieldsOptions {
  /**
   * How the PDF's text is read. `'auto'` (the default): taxsync reads it itself from the document pdf-lib parses —
   * several times faster — whenever every page's fonts can be decoded for certain (simple fonts with a standard
   * encoding or /ToUnicode, Identity-H fonts with /ToUnicode), and with pdfjs-dist otherwise; both give the same text
   * and positions. `'pdfjs'`: always pdfjs-dist.
   */
  readonly textReader?: 'auto' | 'pdfjs';
}

const standIns = new WeakMap<SignatureLayout['identifiers'], boolean>();

/** Whether the stand-in for a page's text could identify the form (never, for any identifier with a letter). */
function standInMayIdentify(layout: SignatureLayout): boolean {
  let may = standIns.get(layout.identifiers);
  if (may === undefined) {
    may = mayIdentify([OTHER_TEXT], layout.identifiers);
    standIns.set(layout.identifiers, may);
  }
  return may;
}

/**
 * The pages as placement needs them: a page that cannot show the form (see candidates.ts) keeps its size and whether
 * it has text, not its runs — placeSignatureFields only looks for the form's identifiers on such a page, and would
 * build its lines for nothing. The result is the same as with every page's runs (test/signatures/candidates.test.ts
 * compares both on the test bundles).
 */
function forPlacement(pages: readonly PageText[], layout: SignatureLayout, skimmed: boolean): PageText[] {
  if (standInMayIdentify(layout)) return [...pages];
  return pages.map((page) => {
    // A page the fast reader skimmed and ruled out already has the stand-in (which identifies nothing: see above).
    if (page.runs.length === 0 || (page.runs.length === 1 && page.runs[0] === OTHER_TEXT)) return page;
    // One it skimmed and kept showed text that may be the form: almost always the form, whose lines placement builds
    // anyway (keeping a page's runs never changes the result, only the time taken).
    if (skimmed || mayIdentify(page.runs, layout.identifiers)) return page;
    return { ...page, runs: page.runs.some((r) => r.str.trim() !== '') ? [OTHER_TEXT] : [] };
  });
}

/**
 * The check that lets the fast reader leave out the runs of the pages forPlacement would reduce to a stand-in, or
 * `undefined` where forPlacement keeps every page's runs (identifiers that the stand-in itself could match).
 */
function skimFor(layout: SignatureLayout): ((shown: string) => boolean) | undefined {
  if (standInMayIdentify(layout)) return undefined;
  return (shown) => mayIdentifyFolded(shown, layout.identifiers);
}

/** The pages' text from taxsync's own reader, with the parsed document; `undefined` when pdfjs-dist must read it. */
async function readFast(pdf: Uint8Array, layout: SignatureLayout): Promise<{ doc: PDFDocument; pages: PageText[] | undefined; skimmed: boolean } | 'encrypted' | undefined> {
  let doc: PDFDocument;
  try {
    doc = await parsePdf(pdf);
  } catch {
    // pdfjs-dist repairs more than pdf-lib parses: it decides whether the PDF is readable.
    return undefined;
  }
  if (doc.isEncrypted) return 'encrypted';
  const mayShowForm = skimFor(layout);
  const pages = extractPagesFast(doc, mayShowForm === undefined ? {} : { mayShowForm });
  return { doc, pages, skimmed: mayShowForm !== undefined && pages !== undefined && pages.length >= SKIM_FROM_PAGES };
}

/**
 * Finds where `layout`'s fields go on an actual PDF: reads its text with positions (taxsync's own reader, or
 * pdfjs-dist loaded on first use where that one cannot), applies each page's crop box and `/Rotate`, identifies the form on every page where it appears — anywhere in
 * a longer bundle, and on each copy when the program prints it twice — and places each field relative to its label.
 * A measured fixed position is used only on a page where the form is identified and whose size matches the
 * measurement. Each field says how it was placed (`placedBy: 'anchor' | 'fixed'`).
 *
 * Per-document outcomes are values, not exceptions: a PDF that does not fit is `{ status: 'held', reason, message }`
 * — encrypted, unreadable, already signed, image-only (a scan), form not found, no anchor and no measurement that
 * fits, page size or page count unlike the measurement — so that a batch goes on. No field is ever placed at a
 * guessed position. Runs on Node ≥ 20.19 (node:zlib, pdfjs-dist's legacy build).
 *
 * The text is read by taxsync itself from the document pdf-lib parses whenever its fonts allow (see
 * {@link ResolveSignatureFieldsOptions.textReader}), with pdfjs-dist otherwise. When the fields resolve, the parsed
 * document is kept for a `prepareForSignature` of the same, unchanged bytes, which then does not parse them again.
 *
 * @param pdf the PDF's bytes (left untouched).
 * @throws {InvalidArgumentError} only for arguments that are not a PDF's bytes and a layout (a programming error).
 * @throws {PdfError} `pdfjs_missing` when the PDF needs pdfjs-dist (an optional peer dependency: own reader first,
 * pdfjs-dist only for PDFs it cannot read, or with `textReader: 'pdfjs'`) and the host has not installed it.
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
export async function resolveSignatureFields(pdf: Uint8Array, layout: SignatureLayout, options: ResolveSignatureFieldsOptions = {}): Promise<ResolveResult> {
  if (!(pdf instanceof Uint8Array)) throw new InvalidArgumentError('invalid_input', { detail: 'resolveSignatureFields expects the PDF as a Uint8Array' });
  if (typeof layout !== 'object' || layout === null || !Array.isArray(layout.fields)) {
    throw new InvalidArgumentError('invalid_input', { detail: 'resolveSignatureFields expects a layout from signatureLayoutFor or a layout registry' });
  }
  const reader = options.textReader ?? 'auto';
  if (reader !== 'auto' && reader !== 'pdfjs') throw new InvalidArgumentError('invalid_input', { detail: "textReader must be 'auto' or 'pdfjs'" });

  const fast = reader === 'auto' ? await readFast(pdf, layout) : undefined;
  if (fast === 'encrypted') return held('encrypted', {}, []);
  let pageTexts = fast?.pages;
  if (pageTexts === undefined) {
    const extraction = await extractPages(pdf);
    switch (extraction.status) {
      case 'encrypted':
        return held('encrypted', {}, []);
      case 'unreadable':
        return held('unreadable', { detail: extraction.detail }, []);
      case 'ok':
        pageTexts = extraction.pages;
    }
  }
  const pages = pageTexts.map((p) => ({ page: p.page, width: p.width, height: p.height, rotation: p.rotation, hasText: p.runs.some((r) => r.str.trim() !== '') }));
  if (hasSignatureValue(pdf)) return held('already_signed', {}, pages);
  const result = placeSignatureFields(forPlacement(pageTexts, layout, fast?.skimmed === true), layout);
  if (result.status === 'resolved' && fast !== undefined) keepParsed(pdf, fast.doc);
  return result;
}
