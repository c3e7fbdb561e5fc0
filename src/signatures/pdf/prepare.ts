import {
  beginText,
  PDFArray,
  endText,
  fill,
  moveText,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFOperator,
  type PDFRef,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  showText,
  StandardFonts,
  stroke,
  type PDFFont,
} from 'pdf-lib';
import { PdfError } from '../errors.js';
import { displayRectToUser, normalizeRotation } from '../geometry.js';
import type { Quarter } from '../text.js';
import type { LocalizedText, PlacedField } from '../types.js';
import { checkFields, loadPdf, pageRotation, SAVE_OPTIONS, visibleBox } from './pdf-lib.js';

/** Options of {@link prepareForSignature}. */
export interface PrepareForSignatureOptions {
  /**
   * Draw the visible "Signez ici / Sign here" marker in signature and initials fields (default true). Turn it off
   * when the e-signature service draws its own.
   */
  readonly marker?: boolean;
  /** The marker's wording, French first as printed (default `Signez ici` / `Sign here`; initials: `Initiales` / `Initials`). */
  readonly markerText?: LocalizedText;
}

const MATRIX: Readonly<Record<Quarter, number[]>> = {
  0: [1, 0, 0, 1, 0, 0],
  90: [0, 1, -1, 0, 0, 0],
  180: [-1, 0, 0, -1, 0, 0],
  270: [0, -1, 1, 0, 0, 0],
};

const TOOLTIPS: Readonly<Record<PlacedField['type'], string>> = {
  signature: 'Signature',
  initials: 'Initiales / Initials',
  date: 'Date de signature / Date signed',
  time: 'Heure de signature / Time signed',
};

const FONT_KEY = 'TsHelv';

/** Every field of the document (fields and their kids), with its fully qualified name. */
function* allFields(doc: PDFDocument): Generator<{ name: string; dict: PDFDict }> {
  const acroForm = doc.catalog.getAcroForm();
  if (acroForm === undefined) return;
  for (const [field] of acroForm.getAllFields()) {
    let name = '';
    try {
      name = field.getFullyQualifiedName() ?? '';
    } catch {
      // A malformed /T (a name instead of a string): the field still counts, under no name.
    }
    yield { name, dict: field.dict };
  }
}

/** Refuses a PDF whose saving would break a digital signature, or that already has one of our field names. */
function checkDocument(doc: PDFDocument, fields: readonly PlacedField[]): void {
  const ours = new Set(fields.map((f) => f.name));
  if (doc.catalog.get(PDFName.of('Perms')) !== undefined) throw new PdfError('pdf_already_signed', { field: 'Perms (certification)' });
  for (const { name, dict } of allFields(doc)) {
    const type = dict.get(PDFName.of('FT'));
    if (type instanceof PDFName && type.asString() === '/Sig' && dict.get(PDFName.of('V')) !== undefined) {
      throw new PdfError('pdf_already_signed', { field: name });
    }
    if (ours.has(name)) throw new PdfError('pdf_field_exists', { name });
  }
}

/** The appearance of a field: a pale box with the bilingual marker for signatures, a thin frame for the others. */
function appearance(doc: PDFDocument, font: PDFFont, field: PlacedField, rotation: Quarter, options: PrepareForSignatureOptions): PDFRef {
  const turned = field.rotation === 90 || field.rotation === 270;
  const w = turned ? field.height : field.width;
  const h = turned ? field.width : field.height;
  const ops: PDFOperator[] = [];
  const marked = options.marker !== false;
  if (marked && (field.type === 'signature' || field.type === 'initials')) {
    const words =
      options.markerText ?? (field.type === 'signature' ? { fr: 'Signez ici', en: 'Sign here' } : { fr: 'Initiales', en: 'Initials' });
    let text = `${words.fr} / ${words.en}`;
    let size = Math.min(10, h * 0.5);
    if (font.widthOfTextAtSize(text, size) > w - 8) text = words.fr;
    size = Math.min(size, (w - 8) / Math.max(font.widthOfTextAtSize(text, 1), 1));
    ops.push(
      pushGraphicsState(),
      setFillingRgbColor(1, 0.97, 0.78),
      rectangle(0, 0, w, h),
      fill(),
      setStrokingRgbColor(0.8, 0.5, 0.05),
      setLineWidth(1),
      rectangle(0.5, 0.5, w - 1, h - 1),
      stroke(),
    );
    if (size >= 4) {
      ops.push(
        beginText(),
        setFillingRgbColor(0.5, 0.3, 0),
        setFontAndSize(FONT_KEY, size),
        moveText(4, (h - size * 0.7) / 2),
        showText(font.encodeText(text)),
        endText(),
      );
    }
    ops.push(popGraphicsState());
  } else if (marked) {
    ops.push(pushGraphicsState(), setStrokingRgbColor(0.6, 0.6, 0.6), setLineWidth(0.75), rectangle(0.375, 0.375, w - 0.75, h - 0.75), stroke(), popGraphicsState());
  }
  const stream = doc.context.formXObject(ops, {
    BBox: [0, 0, w, h],
    Matrix: MATRIX[rotation],
    Resources: { Font: { [FONT_KEY]: font.ref } },
  });
  return doc.context.register(stream);
}

/** The AcroForm's default resources must name the font the text fields' default appearance uses. */
function ensureDefaultFont(doc: PDFDocument, acroFormDict: PDFDict, font: PDFFont): void {
  let resources = acroFormDict.lookupMaybe(PDFName.of('DR'), PDFDict);
  if (resources === undefined) {
    resources = doc.context.obj({});
    acroFormDict.set(PDFName.of('DR'), resources);
  }
  let fonts = resources.lookupMaybe(PDFName.of('Font'), PDFDict);
  if (fonts === undefined) {
    fonts = doc.context.obj({});
    resources.set(PDFName.of('Font'), fonts);
  }
  if (!fonts.has(PDFName.of(FONT_KEY))) fonts.set(PDFName.of(FONT_KEY), font.ref);
}

/**
 * Returns the PDF with the fields in place: an AcroForm signature field (`/FT /Sig`, unsigned) for each signature
 * and initials field, named after the field (`taxpayer_signature`, `spouse_signature`, `…_copy2`), a text field for
 * each date and time box, and a visible bilingual marker "Signez ici / Sign here" in the signature boxes (turn it off
 * with `marker: false`). Pages and their content are otherwise unchanged: fields are annotations, the document's
 * metadata and existing fields are kept as they were.
 *
 * Fields are in displayed-page coordinates (as `resolveSignatureFields` returns them); crop boxes and `/Rotate` are
 * applied when writing, and markers are drawn upright relative to the form's text.
 *
 * @throws {PdfError} `pdf_encrypted`, `pdf_unreadable`, `pdf_already_signed` (saving would invalidate the existing
 *   signature), `pdf_field_exists` (the PDF was probably prepared already).
 * @throws {InvalidArgumentError} `field_invalid` for a field on a page the PDF does not have, a duplicate name, or
 *   a size that is not positive.
 */
export async function prepareForSignature(pdf: Uint8Array, fields: readonly PlacedField[], options: PrepareForSignatureOptions = {}): Promise<Uint8Array> {
  const doc = await loadPdf(pdf);
  checkFields(fields, doc.getPageCount());
  checkDocument(doc, fields);
  if (fields.length === 0) return doc.save(SAVE_OPTIONS);

  const font = await doc.embedFont(StandardFonts.Helvetica);
  const acroForm = doc.catalog.getOrCreateAcroForm();
  ensureDefaultFont(doc, acroForm.dict, font);
  const pages = doc.getPages();
  let signatures = false;

  for (const field of fields) {
    const page = pages[field.page - 1];
    if (page === undefined) continue; // checkFields guarantees the page exists
    const box = visibleBox(page);
    const pageTurn = pageRotation(page);
    const rect = displayRectToUser({ x0: field.x, y0: field.y, x1: field.x + field.width, y1: field.y + field.height }, box, pageTurn);
    // The marker turns with the form's text: its direction on the displayed page, plus the page's own rotation.
    const rotation = normalizeRotation((field.rotation ?? 0) + pageTurn);
    const signature = field.type === 'signature' || field.type === 'initials';
    signatures ||= signature;
    const widget = doc.context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: signature ? 'Sig' : 'Tx',
      F: 4,
      Rect: [rect.x0, rect.y0, rect.x1, rect.y1],
      P: page.ref,
      MK: signature ? { R: rotation } : { R: rotation, BC: [0.6, 0.6, 0.6] },
    });
    widget.set(PDFName.of('T'), PDFString.of(field.name));
    widget.set(PDFName.of('TU'), PDFHexString.fromText(field.type === 'time' && field.component !== undefined ? `${TOOLTIPS.time} (${field.component})` : TOOLTIPS[field.type]));
    if (!signature) {
      widget.set(PDFName.of('DA'), PDFString.of(`/${FONT_KEY} 0 Tf 0 g`));
      if (field.required === true) widget.set(PDFName.of('Ff'), PDFNumber.of(2));
    }
    widget.set(PDFName.of('AP'), doc.context.obj({ N: appearance(doc, font, field, rotation, options) }));
    const ref = doc.context.register(widget);
    // Not page.node.addAnnot: it "normalizes" the page, wrapping its content streams in q/Q.
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annots === undefined) page.node.set(PDFName.of('Annots'), doc.context.obj([ref]));
    else annots.push(ref);
    acroForm.addField(ref);
  }

  if (signatures) {
    const flags = acroForm.dict.lookupMaybe(PDFName.of('SigFlags'), PDFNumber)?.asNumber() ?? 0;
    // SignaturesExist. AppendOnly (2) is for the signer to set once a signature is applied.
    acroForm.dict.set(PDFName.of('SigFlags'), PDFNumber.of(flags | 1));
  }
  return doc.save(SAVE_OPTIONS);
}
