import { PDFArray, type PDFContext, PDFDict, type PDFDocument, type PDFFont, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, StandardFonts } from '@cantoo/pdf-lib';
import { PdfError } from '../../errors/pdf.js';
import { displayRectToUser, normalizeRotation } from '../geometry.js';
import type { Quarter } from '../text.js';
import type { LocalizedText, PlacedField } from '../types.js';
import { indirect, planUpdate, writeUpdate } from './incremental.js';
import { takeParsed } from './parsed-cache.js';
import { checkFields, loadPdf, pageRotation, pdfFailure, SAVE_OPTIONS, visibleBox } from './pdf-lib.js';
import type { InflateLimits } from '../../zip/inflate.js';
import { findProtection, formFields, removeProtection, type FoundProtection } from './protection.js';

/** Options of {@link prepareForSignature}. */
export interface PrepareForSignatureOptions {
  /**
   * Draw the visible "Signez ici / Sign here" marker in signature and initials fields (default true). Turn it off
   * when the e-signature service draws its own.
   */
  readonly marker?: boolean;
  /** The marker's wording, French first as printed (default `Signez ici` / `Sign here`; initials: `Initiales` / `Initials`). */
  readonly markerText?: LocalizedText;
  /**
   * The PDF's password, for a password-protected PDF (the user or the owner password). Not needed for a PDF
   * encrypted with an empty user password. Used to open the PDF only: never kept, logged or put in an error.
   */
  readonly password?: string;
  /**
   * How far the PDF's compressed object and cross-reference streams may expand while it is parsed: the limits of
   * `resolveSignatureFields`'s `inflateLimits` (default 512 MiB, or 100 times the PDF past 32 MiB). Past either, the
   * call throws `PdfError` `inflate_limit_exceeded` as soon as the limit is reached.
   */
  readonly inflateLimits?: Partial<InflateLimits>;
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

/** The tooltips as PDF strings (plain values, shared by every document): a handful of texts. */
const TOOLTIP_STRINGS = /* @__PURE__ */ new Map<string, PDFHexString>();

const FONT_KEY = 'TsHelv';

/** Names written for every field, made once (PDFName.of decodes its argument on every call). */
const N = {
  AP: PDFName.of('AP'),
  Annot: PDFName.of('Annot'),
  Annots: PDFName.of('Annots'),
  DA: PDFName.of('DA'),
  FT: PDFName.of('FT'),
  Ff: PDFName.of('Ff'),
  MK: PDFName.of('MK'),
  P: PDFName.of('P'),
  Rect: PDFName.of('Rect'),
  Sig: PDFName.of('Sig'),
  SigFlags: PDFName.of('SigFlags'),
  Subtype: PDFName.of('Subtype'),
  T: PDFName.of('T'),
  TU: PDFName.of('TU'),
  Tx: PDFName.of('Tx'),
  Type: PDFName.of('Type'),
  Widget: PDFName.of('Widget'),
  F: PDFName.of('F'),
  R: PDFName.of('R'),
  BC: PDFName.of('BC'),
  N: PDFName.of('N'),
  XObject: PDFName.of('XObject'),
  Form: PDFName.of('Form'),
  BBox: PDFName.of('BBox'),
  Matrix: PDFName.of('Matrix'),
  Resources: PDFName.of('Resources'),
} as const;

/** An array of numbers in `context`. */
function numbers(context: PDFContext, values: readonly number[]): PDFArray {
  const array = PDFArray.withContext(context);
  for (const value of values) array.push(PDFNumber.of(value));
  return array;
}

/** A string's characters as bytes (content streams written here are ASCII). */
const latin1Bytes = (text: string): Uint8Array => {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};

/**
 * Refuses a PDF whose saving would break a person's digital signature or a certification, or that already has one
 * of our field names; returns what it carries that preparing removes.
 */
function checkDocument(doc: PDFDocument, fields: readonly PlacedField[]): FoundProtection {
  const found = findProtection(doc);
  if (found.signed !== undefined) throw new PdfError('pdf_already_signed', { field: found.signed });
  const ours = new Set(fields.map((f) => f.name));
  if (ours.size > 0) for (const { name } of formFields(doc)) if (ours.has(name)) throw new PdfError('pdf_field_exists', { name });
  return found;
}

/**
 * What the marker's font (the standard Helvetica, the same metrics in every document) gives for a text: its width at
 * a size, and the text as a content-stream string; remembered, since every document asks for the same few texts at
 * the same few sizes, and pdf-lib measures them glyph by glyph, kerning pairs included.
 */
const measured = /* @__PURE__ */ new Map<string, number>();
const encoded = /* @__PURE__ */ new Map<string, string>();
/** How many texts (at a size) each of the two remembers at most: marker texts are a host's few choices. */
const MEASURED_LIMIT = 256;

/** The value remembered under `key`, made the first time (while the cache has room). */
function remembered<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size < MEASURED_LIMIT) cache.set(key, value);
  }
  return value;
}

const widthOf = (font: PDFFont, text: string, size: number): number =>
  remembered(measured, `${font.name}\n${size}\n${text}`, () => font.widthOfTextAtSize(text, size));

const encodedText = (font: PDFFont, text: string): string => remembered(encoded, `${font.name}\n${text}`, () => font.encodeText(text).toString());

/** A number as content streams write it: at most four decimals, never in exponent notation. */
const num = (x: number): string => String(Math.round(x * 10000) / 10000);

/**
 * The appearance of a field: a pale box with the bilingual marker for signatures, a thin frame for the others. The
 * content is written as text directly (a few hundred bytes, left uncompressed): building it from pdf-lib operator
 * objects cost more than the rest of the field.
 */
function appearance(doc: PDFDocument, font: PDFFont, resources: PDFRef, field: PlacedField, rotation: Quarter, options: PrepareForSignatureOptions): PDFRef {
  const turned = field.rotation === 90 || field.rotation === 270;
  const w = turned ? field.height : field.width;
  const h = turned ? field.width : field.height;
  let content = '';
  const marked = options.marker !== false;
  if (marked && (field.type === 'signature' || field.type === 'initials')) {
    const words =
      options.markerText ?? (field.type === 'signature' ? { fr: 'Signez ici', en: 'Sign here' } : { fr: 'Initiales', en: 'Initials' });
    let text = `${words.fr} / ${words.en}`;
    let size = Math.min(10, h * 0.5);
    if (widthOf(font, text, size) > w - 8) text = words.fr;
    size = Math.min(size, (w - 8) / Math.max(widthOf(font, text, 1), 1));
    content += `q\n1 0.97 0.78 rg\n0 0 ${num(w)} ${num(h)} re\nf\n0.8 0.5 0.05 RG\n1 w\n0.5 0.5 ${num(w - 1)} ${num(h - 1)} re\nS\n`;
    if (size >= 4) {
      content += `BT\n0.5 0.3 0 rg\n/${FONT_KEY} ${num(size)} Tf\n4 ${num((h - size * 0.7) / 2)} Td\n${encodedText(font, text)} Tj\nET\n`;
    }
    content += 'Q\n';
  } else if (marked) {
    content += `q\n0.6 0.6 0.6 RG\n0.75 w\n0.375 0.375 ${num(w - 0.75)} ${num(h - 0.75)} re\nS\nQ\n`;
  }
  // The dictionary built from names made once (context.stream would decode every key and name again).
  const context = doc.context;
  const dict = PDFDict.withContext(context);
  dict.set(N.Type, N.XObject);
  dict.set(N.Subtype, N.Form);
  dict.set(N.BBox, numbers(context, [0, 0, w, h]));
  dict.set(N.Matrix, numbers(context, MATRIX[rotation]));
  dict.set(N.Resources, resources);
  return context.register(PDFRawStream.of(dict, latin1Bytes(content)));
}

/** The AcroForm's default resources must name the font the text fields' default appearance uses. */
function ensureDefaultFont(doc: PDFDocument, acroFormDict: PDFDict, font: PDFFont, changed: Set<PDFRef>): void {
  const drRef = indirect(acroFormDict, 'DR');
  if (drRef !== undefined) changed.add(drRef);
  let resources = acroFormDict.lookupMaybe(PDFName.of('DR'), PDFDict);
  if (resources === undefined) {
    resources = doc.context.obj({});
    acroFormDict.set(PDFName.of('DR'), resources);
  }
  const fontsRef = indirect(resources, 'Font');
  if (fontsRef !== undefined) changed.add(fontsRef);
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
 * applied when writing, and markers are drawn upright relative to the form's text. Called with the very bytes
 * `resolveSignatureFields` just resolved (unchanged), it reuses the document that call parsed.
 *
 * The result is the original PDF byte for byte, followed by an incremental update (the fields, their appearances
 * and the objects that refer to them), as viewers save form changes. A PDF whose cross-reference data is damaged is
 * written out whole by pdf-lib instead, repaired.
 *
 * Protected and government PDFs: a PDF encrypted with an empty user password (RC4 40/128-bit, AES-128, AES-256) is
 * opened like any other, and one with a password opens with `options.password`; either is written whole and
 * decrypted. A usage-rights signature (`/Perms /UR3`, Reader Extensions) and XFA form data are removed when fields
 * are added; empty `/Sig` fields already on the form are kept. `resolveSignatureFields` reports each of these in its
 * result's `protection`. A person's signature (a `/Sig` field with a value) or a certification (`/Perms /DocMDP`)
 * is never broken: `pdf_already_signed`.
 *
 * @throws {PdfError} `pdf_password_required` / `pdf_password_wrong` (a password-protected PDF without its
 *   password, or with another), `pdf_encrypted` (a security handler other than the standard password one),
 *   `pdf_unreadable`, `pdf_already_signed` (saving would invalidate the existing signature), `pdf_field_exists`
 *   (the PDF was probably prepared already), `inflate_limit_exceeded` (its object streams expand past
 *   `options.inflateLimits`: a deflate bomb).
 * @throws {InvalidArgumentError} `field_invalid` for a field on a page the PDF does not have, a duplicate name, a
 *   size that is not positive, or a position or size that is not a finite number within ±14,400 pt (the PDF
 *   page-size limit).
 */
export async function prepareForSignature(pdf: Uint8Array, fields: readonly PlacedField[], options: PrepareForSignatureOptions = {}): Promise<Uint8Array> {
  try {
    return await prepare(pdf, fields, options);
  } catch (error) {
    // Whatever pdf-lib trips over in a damaged document is that document's failure, typed.
    throw pdfFailure(error);
  }
}

async function prepare(pdf: Uint8Array, fields: readonly PlacedField[], options: PrepareForSignatureOptions): Promise<Uint8Array> {
  const { doc, encryption } = (pdf instanceof Uint8Array ? takeParsed(pdf) : undefined) ?? (await loadPdf(pdf, options.password, options.inflateLimits));
  checkFields(fields, doc.getPageCount());
  const found = checkDocument(doc, fields);
  if (fields.length === 0) return doc.save(SAVE_OPTIONS);
  // An update appended to encrypted bytes would have to be encrypted too: an encrypted PDF is written whole, decrypted.
  const plan = encryption === 'none' ? planUpdate(pdf, doc) : undefined;

  // Existing objects this function changes: written again in the update (new ones are found by their numbers).
  const changed = new Set<PDFRef>();
  const root = doc.context.trailerInfo.Root;
  if (root instanceof PDFRef) changed.add(root);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  // One resource dictionary for every appearance stream.
  const appearanceResources = doc.context.register(doc.context.obj({ Font: { [FONT_KEY]: font.ref } }));
  const acroForm = doc.catalog.getOrCreateAcroForm();
  for (const ref of [indirect(doc.catalog, 'AcroForm'), indirect(acroForm.dict, 'Fields')]) if (ref !== undefined) changed.add(ref);
  ensureDefaultFont(doc, acroForm.dict, font, changed);
  const pages = doc.getPages();
  let signatures = false;
  const geometry = new Map<number, { box: ReturnType<typeof visibleBox>; turn: Quarter }>();
  const defaultAppearance = PDFString.of(`/${FONT_KEY} 0 Tf 0 g`);

  for (const field of fields) {
    const page = pages[field.page - 1];
    if (page === undefined) continue; // checkFields guarantees the page exists
    let pageGeometry = geometry.get(field.page);
    if (pageGeometry === undefined) {
      pageGeometry = { box: visibleBox(page), turn: pageRotation(page) };
      geometry.set(field.page, pageGeometry);
    }
    const { box, turn: pageTurn } = pageGeometry;
    const rect = displayRectToUser({ x0: field.x, y0: field.y, x1: field.x + field.width, y1: field.y + field.height }, box, pageTurn);
    // The marker turns with the form's text: its direction on the displayed page, plus the page's own rotation.
    const rotation = normalizeRotation((field.rotation ?? 0) + pageTurn);
    const signature = field.type === 'signature' || field.type === 'initials';
    signatures ||= signature;
    const context = doc.context;
    const widget = PDFDict.withContext(context);
    const mk = PDFDict.withContext(context);
    mk.set(N.R, PDFNumber.of(rotation));
    if (!signature) mk.set(N.BC, context.obj([0.6, 0.6, 0.6]));
    widget.set(N.Type, N.Annot);
    widget.set(N.Subtype, N.Widget);
    widget.set(N.FT, signature ? N.Sig : N.Tx);
    widget.set(N.F, PDFNumber.of(4));
    widget.set(N.Rect, context.obj([rect.x0, rect.y0, rect.x1, rect.y1]));
    widget.set(N.P, page.ref);
    widget.set(N.MK, mk);
    widget.set(N.T, PDFString.of(field.name));
    const tip = field.type === 'time' && field.component !== undefined ? `${TOOLTIPS.time} (${field.component})` : TOOLTIPS[field.type];
    let tooltip = TOOLTIP_STRINGS.get(tip);
    if (tooltip === undefined) {
      tooltip = PDFHexString.fromText(tip);
      TOOLTIP_STRINGS.set(tip, tooltip);
    }
    widget.set(N.TU, tooltip);
    if (!signature) {
      widget.set(N.DA, defaultAppearance);
      if (field.required === true) widget.set(N.Ff, PDFNumber.of(2));
    }
    const ap = PDFDict.withContext(context);
    ap.set(N.N, appearance(doc, font, appearanceResources, field, rotation, options));
    widget.set(N.AP, ap);
    const ref = context.register(widget);
    // Not page.node.addAnnot: it "normalizes" the page, wrapping its content streams in q/Q.
    changed.add(page.ref);
    const annotsRef = indirect(page.node, 'Annots');
    if (annotsRef !== undefined) changed.add(annotsRef);
    const annots = page.node.lookupMaybe(N.Annots, PDFArray);
    if (annots === undefined) page.node.set(N.Annots, context.obj([ref]));
    else annots.push(ref);
    acroForm.addField(ref);
  }

  removeProtection(doc, found, changed);
  if (signatures) {
    const flags = acroForm.dict.lookupMaybe(N.SigFlags, PDFNumber)?.asNumber() ?? 0;
    // SignaturesExist. AppendOnly (2) is for the signer to set once a signature is applied.
    acroForm.dict.set(N.SigFlags, PDFNumber.of(flags | 1));
  }
  if (plan === undefined) return doc.save(SAVE_OPTIONS);
  await doc.flush(); // writes the embedded font's dictionary
  return writeUpdate(pdf, doc, plan, changed);
}
