/** The pdf-lib side shared by preparing and previewing: loading safely, and a page's visible box and rotation. */
import { ParseSpeeds, PDFDocument, type PDFPage, type SaveOptions } from 'pdf-lib';
import { InvalidArgumentError, isTaxsyncError } from '../../model/errors.js';
import { PdfError } from '../errors.js';
import { normalizeRotation, type UserBox } from '../geometry.js';
import type { Quarter } from '../text.js';
import type { PlacedField } from '../types.js';

/**
 * Save options for every PDF taxsync writes: existing form fields keep their appearances (pdf-lib would otherwise
 * regenerate them), no default page is added, and saving does not yield to the event loop every 50 objects.
 */
export const SAVE_OPTIONS: SaveOptions = { updateFieldAppearances: false, addDefaultPage: false, objectsPerTick: Infinity };

/**
 * Parses a PDF with pdf-lib without touching its metadata. The document may be encrypted: callers check
 * `isEncrypted` and refuse it (parsed with `ignoreEncryption` only to *see* the encryption: pdf-lib's
 * EncryptedPDFError does not survive `instanceof`, being an ES5-compiled subclass of Error).
 */
export function parsePdf(pdf: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, ignoreEncryption: true });
}

/**
 * Loads a PDF with pdf-lib without touching its metadata.
 * @throws {PdfError} `pdf_encrypted` (never `ignoreEncryption`, which yields blank pages) or `pdf_unreadable`.
 */
export async function loadPdf(pdf: Uint8Array): Promise<PDFDocument> {
  if (!(pdf instanceof Uint8Array)) throw new InvalidArgumentError('invalid_input', { detail: 'the PDF must be given as a Uint8Array' });
  let doc: PDFDocument;
  try {
    doc = await parsePdf(pdf);
  } catch (error) {
    throw new PdfError('pdf_unreadable', { detail: error instanceof Error ? error.message : String(error) }, { cause: error });
  }
  if (doc.isEncrypted) throw new PdfError('pdf_encrypted');
  // pdf-lib parses a truncated file, a bare header or a file without a trailer into a document with no catalog or
  // no page tree, which fail later with a TypeError: refuse them here.
  let pages: number;
  try {
    pages = doc.getPageCount();
  } catch (error) {
    throw new PdfError('pdf_unreadable', { detail: 'no catalog or page tree (a truncated or damaged file)' }, { cause: error });
  }
  if (pages === 0) throw new PdfError('pdf_unreadable', { detail: 'the document has no page' });
  return doc;
}

/** What pdf-lib throws on a damaged document, as the typed `pdf_unreadable` callers are promised; taxsync's own errors pass. */
export function pdfFailure(error: unknown): unknown {
  if (isTaxsyncError(error)) return error;
  return new PdfError('pdf_unreadable', { detail: error instanceof Error ? error.message : String(error) }, { cause: error });
}

/** The page's visible area in user space: its crop box, clipped to its media box (as viewers and pdfjs do). */
export function visibleBox(page: PDFPage): UserBox {
  return visibleBoxOf(page.getMediaBox(), page.getCropBox());
}

/**
 * {@link visibleBox} from the page's boxes as pdf-lib gives them (`getMediaBox()`, and `getCropBox()`, which is the
 * media box when the page has no crop box), for a caller that has read them already.
 */
export function visibleBoxOf(media: Rectangle, crop: Rectangle): UserBox {
  const norm = (r: Rectangle): [number, number, number, number] => [
    Math.min(r.x, r.x + r.width),
    Math.min(r.y, r.y + r.height),
    Math.max(r.x, r.x + r.width),
    Math.max(r.y, r.y + r.height),
  ];
  const [mx0, my0, mx1, my1] = norm(media);
  const [cx0, cy0, cx1, cy1] = norm(crop);
  const x0 = Math.max(mx0, cx0);
  const y0 = Math.max(my0, cy0);
  const x1 = Math.min(mx1, cx1);
  const y1 = Math.min(my1, cy1);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : { x: mx0, y: my0, width: mx1 - mx0, height: my1 - my0 };
}

/** A rectangle as pdf-lib gives a page's boxes. */
export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The page's `/Rotate`, normalised. */
export const pageRotation = (page: PDFPage): Quarter => normalizeRotation(page.getRotation().angle);

/**
 * Checks fields before writing them.
 * @throws {InvalidArgumentError} `field_invalid` for a duplicate name, a page out of range, or a size that is not positive.
 */
export function checkFields(fields: readonly PlacedField[], pageCount: number): void {
  if (!Array.isArray(fields)) throw new InvalidArgumentError('invalid_input', { detail: 'fields must be an array (ResolveResult.fields)' });
  const names = new Set<string>();
  for (const field of fields) {
    if (typeof field !== 'object' || field === null) throw new InvalidArgumentError('field_invalid', { name: String(field), detail: 'a field must be an object' });
    const problem =
      typeof field.name !== 'string' || field.name === '' || /[.\s]/.test(field.name)
        ? 'its name must be a non-empty string without dots or spaces'
        : names.has(field.name)
          ? 'two fields have this name'
          : !Number.isInteger(field.page) || field.page < 1 || field.page > pageCount
            ? `page ${field.page} is not between 1 and ${pageCount}`
            : !(field.width > 0 && field.height > 0) || !Number.isFinite(field.x) || !Number.isFinite(field.y)
              ? 'its position and size must be finite, its width and height positive'
              : undefined;
    if (problem !== undefined) throw new InvalidArgumentError('field_invalid', { name: String(field.name), detail: problem });
    names.add(field.name);
  }
}
