/** The pdf-lib side shared by preparing and previewing: loading safely, and a page's visible box and rotation. */
import { ParseSpeeds, PDFDict, PDFDocument, PDFName, type PDFPage, type SaveOptions } from '@cantoo/pdf-lib';
import { isTaxsyncError } from '../../../../src/errors/taxsync-error.js';
import { InvalidArgumentError } from '../../../../src/errors/invalid-argument.js';
import { maskText } from '../../../../src/model/mask.js';
import { checkLimitOptions, type InflateBudget, type InflateLimits } from '../../../../src/zip/inflate.js';
import { InflateLimitError } from '../../../../src/errors/inflate-limit.js';
import { PdfError } from '../../../../src/errors/pdf.js';
import { normalizeRotation, type UserBox } from '../geometry.js';
import type { Quarter } from '../text.js';
import type { PlacedField } from '../../../../src/signatures/types.js';
import { limitInflation, pdfBudget } from './inflation.js';
import { parseWithin } from './parse-budget.js';

/**
 * Save options for every PDF taxsync writes: existing form fields keep their appearances (pdf-lib would otherwise
 * regenerate them), no default page is added, and saving does not yield to the event loop every 50 objects.
 */
export const SAVE_OPTIONS: SaveOptions = { updateFieldAppearances: false, addDefaultPage: false, objectsPerTick: Infinity };

const LOAD = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, ignoreEncryption: true } as const;

/**
 * Parses a PDF with pdf-lib without touching its metadata and without decrypting it, what pdf-lib inflates while
 * parsing (object and cross-reference streams) counted against `budget` (parse-budget.ts). An encrypted document
 * comes back with `isEncrypted` set and its strings and streams still encrypted: {@link openPdf} decrypts.
 * @throws {@link InflateLimitError} past the budget.
 */
export function parsePdf(pdf: Uint8Array, budget: InflateBudget = pdfBudget(pdf.length)): Promise<PDFDocument> {
  return parseWithin(budget, () => PDFDocument.load(pdf, LOAD));
}

/** How an opened PDF was protected: not at all, with an empty user password (anyone opens it), or with a password. */
export type PdfEncryption = 'none' | 'empty_password' | 'password';

/** What opening a PDF gave: the document (decrypted), or why it stays closed. */
export type PdfOpening =
  | { readonly status: 'open'; readonly doc: PDFDocument; readonly encryption: PdfEncryption }
  | { readonly status: 'password_required' }
  | { readonly status: 'password_wrong' }
  /** Encrypted by a method taxsync does not open (certificate security, an unknown security handler). */
  | { readonly status: 'encrypted' };

const FILTER = PDFName.of('Filter');

/**
 * Opens a PDF, decrypting it when it is encrypted with the standard security handler (RC4 40/128-bit, AES-128,
 * AES-256): first with the empty user password (government fillable forms: anyone may open them), then with
 * `password` when one is given. The password is only handed to the library; it is never kept, logged or put in an
 * error. Parse failures are thrown as they come (the caller turns them into `pdf_unreadable`).
 *
 * Every parse counts what pdf-lib inflates meanwhile (object and cross-reference streams, decrypted or not) against
 * one budget, set by `limits` (`inflateLimits`); the document opened keeps that budget for the streams read later
 * (inflation.ts), so that one PDF never inflates past its limits in all.
 * @throws {@link InflateLimitError} as soon as a parse passes the budget (no other parse is tried).
 */
export async function openPdf(pdf: Uint8Array, password?: string, limits?: Partial<InflateLimits>): Promise<PdfOpening> {
  const budget = pdfBudget(pdf.length, limits);
  const load = (options: typeof LOAD & { password?: string }): Promise<PDFDocument> => parseWithin(budget, () => PDFDocument.load(pdf, options));
  let failure: unknown;
  try {
    // One parse for an unencrypted PDF; an encrypted one is parsed to see its encryption, then again decrypting.
    const doc = await load({ ...LOAD, password: '' });
    return opened(doc, doc.context.isDecrypted ? 'empty_password' : 'none', budget);
  } catch (error) {
    if (error instanceof InflateLimitError) throw error;
    failure = error;
  }
  // A damaged file (its parse fails again, and that is thrown), another security handler, or a password needed. The
  // library says which in a plain Error's words: the document's own /Encrypt dictionary is read instead.
  const doc = await parsePdf(pdf, budget);
  if (!doc.isEncrypted) throw failure;
  const encrypt = doc.context.lookup(doc.context.trailerInfo.Encrypt);
  const handler = encrypt instanceof PDFDict ? encrypt.get(FILTER) : undefined;
  if (!(handler instanceof PDFName) || handler.asString() !== '/Standard') return { status: 'encrypted' };
  if (password === undefined || password === '') return { status: 'password_required' };
  let withPassword: PDFDocument;
  try {
    withPassword = await load({ ...LOAD, password });
  } catch (error) {
    if (error instanceof InflateLimitError) throw error;
    return { status: 'password_wrong' };
  }
  return opened(withPassword, 'password', budget);
}

/**
 * The opened document, with the budget its parse used, unless something was left encrypted (the fork drops the
 * trailer's /Encrypt once decrypted).
 */
function opened(doc: PDFDocument, encryption: PdfEncryption, budget: InflateBudget): PdfOpening {
  if (doc.isEncrypted || doc.context.trailerInfo.Encrypt !== undefined) return { status: 'encrypted' };
  limitInflation(doc.context, budget);
  return { status: 'open', doc, encryption };
}

/**
 * Loads a PDF with pdf-lib without touching its metadata, decrypted (see {@link openPdf}), what it inflates while
 * parsing bounded by `limits` (`inflateLimits`). This is the one place where loading outcomes become errors.
 * @throws {PdfError} `pdf_unreadable`, `pdf_password_required`, `pdf_password_wrong`, `pdf_encrypted` (a
 *   security handler taxsync does not open), or `inflate_limit_exceeded` (its object or cross-reference streams
 *   expand past `limits`: a deflate bomb).
 */
export async function loadPdf(pdf: Uint8Array, password?: string, limits?: Partial<InflateLimits>): Promise<{ doc: PDFDocument; encryption: PdfEncryption }> {
  if (!(pdf instanceof Uint8Array)) throw new InvalidArgumentError('invalid_input', { detail: 'the PDF must be given as a Uint8Array' });
  if (password !== undefined && typeof password !== 'string') throw new InvalidArgumentError('invalid_input', { detail: 'password must be a string' });
  checkLimitOptions(limits, 'inflateLimits');
  let opening: PdfOpening;
  try {
    opening = await openPdf(pdf, password, limits);
  } catch (error) {
    // A bomb is the PDF's fault, as the other loading outcomes: the same PdfError, with the limit and its option.
    if (error instanceof InflateLimitError) throw new PdfError('inflate_limit_exceeded', error.params, { cause: error });
    throw pdfFailure(error);
  }
  switch (opening.status) {
    case 'open':
      checkPageTree(opening.doc);
      return { doc: opening.doc, encryption: opening.encryption };
    case 'password_required':
      throw new PdfError('pdf_password_required');
    case 'password_wrong':
      throw new PdfError('pdf_password_wrong');
    case 'encrypted':
      throw new PdfError('pdf_encrypted');
  }
}

/**
 * pdf-lib parses a truncated file, a bare header or a file without a trailer into a document with no catalog or
 * no page tree, which fail later with a TypeError: refuse them here.
 */
function checkPageTree(doc: PDFDocument): void {
  const pages = pageCount(doc);
  if (pages === undefined) throw new PdfError('pdf_unreadable', { detail: 'no catalog or page tree (a truncated or damaged file)' });
  if (pages === 0) throw new PdfError('pdf_unreadable', { detail: 'the document has no page' });
}

/** The document's page count, or `undefined` when it has no catalog or page tree to count (a truncated file). */
export function pageCount(doc: PDFDocument): number | undefined {
  try {
    return doc.getPageCount();
  } catch {
    return undefined;
  }
}

/** What pdf-lib throws on a damaged document, as the typed `pdf_unreadable` callers are promised; taxsync's own errors pass. */
export function pdfFailure(error: unknown): unknown {
  if (isTaxsyncError(error)) return error;
  // The library's own words (object numbers, offsets); masked all the same, as every detail taxsync shows.
  return new PdfError('pdf_unreadable', { detail: maskText(error instanceof Error ? error.message : String(error)) }, { cause: error });
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

/** The largest page side the PDF specification allows (200 in, ISO 32000 annex C): no field coordinate goes beyond it. */
const MAX_COORDINATE = 14_400;
const inRange = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;

/**
 * Checks fields before writing them.
 * @throws {InvalidArgumentError} `field_invalid` for a duplicate name, a page out of range, a size that is not
 *   positive, or a position or size that is not a finite number within ±14,400 pt (the PDF page-size limit).
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
            : ![field.x, field.y, field.width, field.height].every(inRange) || !(field.width > 0 && field.height > 0)
              ? `its position and size must be finite numbers within ±${MAX_COORDINATE} pt, its width and height positive`
              : undefined;
    if (problem !== undefined) throw new InvalidArgumentError('field_invalid', { name: String(field.name), detail: problem });
    names.add(field.name);
  }
}
