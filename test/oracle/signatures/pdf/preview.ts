import { degrees, rgb, StandardFonts } from '@cantoo/pdf-lib';
import { InvalidArgumentError } from '../../../../src/errors/invalid-argument.js';
import { displayToUser, displayRectToUser, normalizeRotation } from '../geometry.js';
import { inverse, rotate, rotateBox } from '../text.js';
import type { PlacedField, ResolvedField } from '../../../../src/signatures/types.js';
import { checkFields, loadPdf, pageRotation, pdfFailure, SAVE_OPTIONS, visibleBox } from './pdf-lib.js';
import type { InflateLimits } from '../../../../src/zip/inflate.js';

const COLORS = {
  signature: rgb(0.1, 0.35, 0.85),
  initials: rgb(0.45, 0.2, 0.75),
  date: rgb(0.05, 0.55, 0.25),
  time: rgb(0.85, 0.45, 0.05),
} as const;

const TIME_LABELS = { hours: 'HH', minutes: 'MM', seconds: 'SS' } as const;
const LABEL_SIZE = 6;

/**
 * The PDF with each field drawn as a labelled box — solid for fields placed by anchor, dashed for measured fixed
 * positions, labelled with the field's name and how it was placed (time boxes: HH, MM, SS) — for integrators to check a layout by eye. The drawing goes into the page content: the result is a
 * picture to look at, not a document to send.
 *
 * A protected PDF is opened as `prepareForSignature` opens it (`options.password` for a password-protected one) and
 * the picture is written decrypted.
 *
 * What the PDF inflates while it is parsed is bounded by `options.inflateLimits`, as in `prepareForSignature`.
 *
 * @throws {PdfError} `pdf_unreadable`, `pdf_password_required`, `pdf_password_wrong`, `pdf_encrypted` or
 *   `inflate_limit_exceeded`.
 * @throws {InvalidArgumentError} `field_invalid` for a field on a page the PDF does not have.
 */
export async function renderLayoutPreview(
  pdf: Uint8Array,
  fields: readonly (PlacedField | ResolvedField)[],
  options: { readonly password?: string; readonly inflateLimits?: Partial<InflateLimits> } = {},
): Promise<Uint8Array> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'renderLayoutPreview options must be an object' });
  if (options.password !== undefined && typeof options.password !== 'string') throw new InvalidArgumentError('invalid_input', { detail: 'renderLayoutPreview: password must be a string' });
  try {
    return await render(pdf, fields, options);
  } catch (error) {
    throw pdfFailure(error);
  }
}

async function render(pdf: Uint8Array, fields: readonly (PlacedField | ResolvedField)[], options: { readonly password?: string; readonly inflateLimits?: Partial<InflateLimits> }): Promise<Uint8Array> {
  const { doc } = await loadPdf(pdf, options.password, options.inflateLimits);
  checkFields(fields, doc.getPageCount());
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = doc.getPages();
  for (const field of fields) {
    const page = pages[field.page - 1];
    if (page === undefined) continue;
    const box = visibleBox(page);
    const pageTurn = pageRotation(page);
    const display = { x0: field.x, y0: field.y, x1: field.x + field.width, y1: field.y + field.height };
    const rect = displayRectToUser(display, box, pageTurn);
    const fixed = 'placedBy' in field && field.placedBy === 'fixed';
    const color = COLORS[field.type];
    page.drawRectangle({
      x: rect.x0,
      y: rect.y0,
      width: rect.x1 - rect.x0,
      height: rect.y1 - rect.y0,
      color,
      opacity: 0.12,
      borderColor: color,
      borderWidth: 1,
      borderOpacity: 0.9,
      ...(fixed ? { borderDashArray: [3, 2] } : {}),
    });
    // Time boxes are narrow and side by side: a short label each, or they would overlap.
    const name = field.type === 'time' && field.component !== undefined ? TIME_LABELS[field.component] : field.name;
    const how = field.type === 'time' || !('placedBy' in field) ? '' : fixed ? ' · measured' : ' · anchor';
    const textTurn = field.rotation ?? 0;
    // The label sits inside the box, along its top edge, in the direction of the form's text (above it would cover
    // the form's own caption).
    const frame = rotateBox(display, inverse(textTurn));
    const [lx, ly] = rotate(frame.x0 + 2, frame.y1 - LABEL_SIZE - 1, textTurn);
    const [ux, uy] = displayToUser(lx, ly, box, pageTurn);
    page.drawText(`${name}${how}`, {
      x: ux,
      y: uy,
      size: LABEL_SIZE,
      font,
      color,
      rotate: degrees(normalizeRotation(textTurn + pageTurn)),
    });
  }
  return doc.save(SAVE_OPTIONS);
}
