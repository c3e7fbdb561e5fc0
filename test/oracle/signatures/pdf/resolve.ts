import { isTaxsyncError } from '../../../../src/errors/taxsync-error.js';
import { InvalidArgumentError } from '../../../../src/errors/invalid-argument.js';
import { maskText } from '../../../../src/model/mask.js';
import { held, placeSignatureFields, type PageText } from '../place.js';
import type { ResolveResult, SignatureLayout } from '../../../../src/signatures/types.js';
import { mayIdentify, mayIdentifyFolded, OTHER_TEXT } from './candidates.js';
import { extractPages, hasSignatureValue } from './extract.js';
import { CannotDecode } from './cannot-decode.js';
import { extractPagesFast, SKIM_FROM_PAGES } from './fast-text.js';
import { keepParsed, type Parsed } from './parsed-cache.js';
import { openPdf, pageCount } from './pdf-lib.js';
import { formFieldBoxes } from './form-fields.js';
import { describeProtection, findProtection } from './protection.js';
import { checkLimitOptions, type InflateLimits } from '../../../../src/zip/inflate.js';
import { InflateLimitError } from '../../../../src/errors/inflate-limit.js';
import { checkRawStreams, checkStreams, pdfBudget } from './inflation.js';

/** Options of {@link resolveSignatureFields}. */
export interface ResolveSignatureFieldsOptions {
  /**
   * How the PDF's text is read. `'auto'` (the default): taxsync reads it itself from the document pdf-lib parses —
   * several times faster — whenever every page's fonts can be decoded for certain (simple fonts with a standard
   * encoding or /ToUnicode, Identity-H fonts with /ToUnicode), and with pdfjs-dist otherwise; both give the same text
   * and positions. Only a PDF taxsync's reader knows it cannot decode goes to pdfjs-dist: should the reader itself
   * fail on a PDF (a fault of taxsync), the PDF is held as `reader_failed` rather than quietly read by pdfjs-dist.
   * `'pdfjs'`: always pdfjs-dist.
   */
  readonly textReader?: 'auto' | 'pdfjs';
  /**
   * How far the PDF's compressed streams (object and cross-reference streams as it is parsed, then page content,
   * forms, font maps as its text is read) may expand, all together:
   * `maxBytes` (default 512 MiB) and `maxRatio`, over the PDF's own size (default 100, checked past 32 MiB). A PDF
   * past either is held (`inflate_limit`) as soon as the limit is reached, never inflated whole.
   */
  readonly inflateLimits?: Partial<InflateLimits>;
  /**
   * The PDF's password, for a password-protected PDF (the user or the owner password). Not needed for a PDF
   * encrypted with an empty user password, which opens like any other. Used to open the PDF only: never kept,
   * logged, or put in a message; keep it out of your own logs too.
   */
  readonly password?: string;
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

/** Why a PDF stays closed to taxsync (see openPdf). */
type Closed = 'password_required' | 'password_wrong' | 'encrypted';

/**
 * The document pdf-lib parses (decrypted, its inflation bounded from the parse on), or why it stays closed; `undefined` when pdf-lib
 * cannot parse it (its raw streams then pass the budget before pdfjs-dist reads it).
 */
async function open(pdf: Uint8Array, password: string | undefined, limits: Partial<InflateLimits> | undefined): Promise<Parsed | Closed | undefined> {
  let opening: Awaited<ReturnType<typeof openPdf>> | undefined;
  try {
    opening = await openPdf(pdf, password, limits);
  } catch (error) {
    // A bomb in what pdf-lib inflates while parsing (object streams, encrypted or not): held, never handed to pdfjs-dist.
    if (error instanceof InflateLimitError) throw error;
    opening = undefined;
  }
  // A file pdf-lib cannot parse, or parses into no page at all (cut short, no trailer): pdfjs-dist repairs more than
  // pdf-lib parses, so it decides whether the PDF is readable (once its streams pass the budget).
  if (opening === undefined || (opening.status === 'open' && !(Number(pageCount(opening.doc)) > 0))) {
    checkRawStreams(pdf, pdfBudget(pdf.length, limits));
    return undefined;
  }
  if (opening.status !== 'open') return opening.status;
  return { doc: opening.doc, encryption: opening.encryption };
}

/**
 * What taxsync's own reader made of the document: its pages' text; or that it cannot decode them for certain (then,
 * and only then, pdfjs-dist reads the document); or that it failed — a fault of the reader, which holds the document
 * (`reader_failed`) rather than letting pdfjs-dist quietly read it instead.
 */
type FastReading =
  | { readonly status: 'read'; readonly pages: PageText[]; readonly skimmed: boolean }
  | { readonly status: 'cannot_decode' }
  | { readonly status: 'failed'; readonly detail: string };

function readFast(parsed: Parsed, layout: SignatureLayout): FastReading {
  const mayShowForm = skimFor(layout);
  let pages: PageText[];
  try {
    pages = extractPagesFast(parsed.doc, mayShowForm === undefined ? {} : { mayShowForm });
  } catch (error) {
    if (error instanceof CannotDecode) return { status: 'cannot_decode' };
    // A deflate bomb is held as such (see resolve), never handed to pdfjs-dist.
    if (error instanceof InflateLimitError) throw error;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { status: 'failed', detail: maskText(detail) };
  }
  return { status: 'read', pages, skimmed: mayShowForm !== undefined && pages.length >= SKIM_FROM_PAGES };
}

/**
 * Finds where `layout`'s fields go on an actual PDF: reads its text with positions (taxsync's own reader, or
 * pdfjs-dist loaded on first use where that one cannot), applies each page's crop box and `/Rotate`, identifies the form on every page where it appears — anywhere in
 * a longer bundle, and on each copy when the program prints it twice — and places each field relative to its label.
 * A measured fixed position is used only on a page where the form is identified and whose size matches the
 * measurement. Each field says how it was placed (`placedBy: 'anchor' | 'fixed'`).
 *
 * Per-document outcomes are values, not exceptions: a PDF that does not fit is `{ status: 'held', reason, message }`
 * — password required or wrong, encrypted by an unsupported method, unreadable, already signed, image-only (a
 * scan), form not found, no anchor and no measurement that fits, page size or page count unlike the measurement,
 * taxsync's own text reader failing on it (`reader_failed`, a fault of taxsync to report) — so that a batch goes on. No field is ever placed at a guessed position. Runs on Node ≥ 20.19 (node:zlib,
 * pdfjs-dist's legacy build).
 *
 * Protected and government PDFs: a PDF encrypted with an empty user password (government fillable forms; RC4
 * 40/128-bit, AES-128, AES-256) is read like any other, a password-protected one with `options.password`. A
 * usage-rights signature (`/Perms /UR3`) is not a person's signature, and empty `/Sig` fields are not signatures:
 * neither holds the PDF; a signed `/Sig` field or a certification (`/Perms /DocMDP`) does (`already_signed`). What
 * `prepareForSignature` will remove — the encryption, the usage rights, the XFA data — is in the result's
 * `protection`, to be shown to the user.
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
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'resolveSignatureFields options must be an object' });
  const reader = options.textReader ?? 'auto';
  if (reader !== 'auto' && reader !== 'pdfjs') throw new InvalidArgumentError('invalid_input', { detail: "textReader must be 'auto' or 'pdfjs'" });
  checkLimitOptions(options.inflateLimits, 'inflateLimits');

  if (options.password !== undefined && typeof options.password !== 'string') throw new InvalidArgumentError('invalid_input', { detail: 'password must be a string' });

  try {
    return await resolve(pdf, layout, options, reader);
  } catch (error) {
    // A document pdf-lib or pdfjs-dist trips over is held, never a crash of the caller's batch.
    if (isTaxsyncError(error)) throw error;
    return held('unreadable', { detail: maskText(error instanceof Error ? error.message : String(error)) }, []);
  }
}

async function resolve(pdf: Uint8Array, layout: SignatureLayout, options: ResolveSignatureFieldsOptions, reader: 'auto' | 'pdfjs'): Promise<ResolveResult> {
  let parsed: Awaited<ReturnType<typeof open>>;
  let fast: FastReading | undefined;
  try {
    parsed = await open(pdf, options.password, options.inflateLimits);
    if (typeof parsed === 'string') return held(parsed, {}, []);
    fast = reader === 'auto' && parsed !== undefined ? readFast(parsed, layout) : undefined;
    if (fast?.status === 'failed') return held('reader_failed', { detail: fast.detail }, []);
    // pdfjs-dist will read this one: its streams must pass the budget first.
    if (fast?.status !== 'read' && parsed !== undefined) checkStreams(parsed.doc.context, pdfBudget(pdf.length, options.inflateLimits));
  } catch (error) {
    if (error instanceof InflateLimitError) return held('inflate_limit', error.params, []);
    throw error;
  }
  let pageTexts = fast?.status === 'read' ? fast.pages : undefined;
  if (pageTexts === undefined) {
    // pdfjs-dist gets the password only where the empty one does not open the PDF (it would try only the one given).
    const password = parsed === undefined || parsed.encryption === 'password' ? options.password : undefined;
    const extraction = await extractPages(pdf, password);
    switch (extraction.status) {
      case 'password_required':
      case 'password_wrong':
        return held(extraction.status, {}, []);
      case 'unreadable':
        return held('unreadable', { detail: extraction.detail }, []);
      case 'ok':
        pageTexts = extraction.pages;
    }
  }
  const pages = pageTexts.map((p) => ({ page: p.page, width: p.width, height: p.height, rotation: p.rotation, hasText: p.runs.some((r) => r.str.trim() !== '') }));
  // What the document carries, from its structure; a PDF pdf-lib cannot parse is checked for any signature value.
  const found = parsed === undefined ? undefined : findProtection(parsed.doc);
  if (found === undefined ? hasSignatureValue(pdf) : found.signed !== undefined) return held('already_signed', {}, pages);
  let placing = forPlacement(pageTexts, layout, fast?.status === 'read' && fast.skimmed);
  if (parsed !== undefined && layout.fields.some((f) => f.anchor?.formField !== undefined)) {
    const boxes = formFieldBoxes(parsed.doc);
    placing = placing.map((page) => ({ ...page, formFields: boxes.get(page.page) ?? [] }));
  }
  const result = placeSignatureFields(placing, layout);
  if (result.status !== 'resolved' || parsed === undefined || found === undefined) return result;
  // A document opened with a password is not handed on: preparing the same bytes asks for the password again.
  if (parsed.encryption !== 'password') keepParsed(pdf, parsed);
  const protection = describeProtection(found, parsed.encryption);
  return protection === undefined ? result : { ...result, protection };
}
