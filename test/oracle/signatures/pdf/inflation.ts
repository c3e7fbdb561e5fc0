/**
 * How far a PDF's compressed streams may expand while its text is read: one budget per document (the bounded inflate
 * of src/zip/inflate.ts), found from any of its streams through their shared context. pdfjs-dist, which reads the
 * documents taxsync's own reader cannot, has no such bound: its input is checked first with the same budget.
 */
import { PDFArray, type PDFContext, PDFName, PDFRawStream } from '@cantoo/pdf-lib';
import { InflateBudget, type InflateLimits } from '../../../../src/zip/inflate.js';
import { InflateLimitError } from '../../../../src/errors/inflate-limit.js';
import { inflateZlibBounded } from '../../../../src/zip/inflate-node.js';

/** The defaults of `inflateLimits` (ResolveSignatureFieldsOptions): 512 MiB, or 100 times the PDF past 32 MiB. */
export const DEFAULT_PDF_INFLATE_LIMITS: InflateLimits = Object.freeze({ maxBytes: 512 * 1024 ** 2, maxRatio: 100 });
const RATIO_FLOOR = 32 * 1024 * 1024;

const budgets = new WeakMap<PDFContext, InflateBudget>();

/** A fresh budget for a PDF of `size` bytes. */
export function pdfBudget(size: number, limits: Partial<InflateLimits> = {}): InflateBudget {
  const set: InflateLimits = { ...DEFAULT_PDF_INFLATE_LIMITS, ...limits };
  return new InflateBudget({
    inputSize: size,
    maxBytes: set.maxBytes,
    maxRatio: set.maxRatio,
    ratioFloor: RATIO_FLOOR,
    exceeded: (limit) => new InflateLimitError({ limit, value: set[limit], option: `inflateLimits.${limit}` }),
  });
}

/** Gives a parsed document its budget: the one its parse counted against (pdf-lib.ts, openPdf). */
export function limitInflation(context: PDFContext, budget: InflateBudget): void {
  budgets.set(context, budget);
}

/** The document's budget (the defaults, measured against nothing but the floor, when none was given). */
export function budgetOf(context: PDFContext): InflateBudget {
  let budget = budgets.get(context);
  if (budget === undefined) {
    budget = pdfBudget(0);
    budgets.set(context, budget);
  }
  return budget;
}

const FILTER = PDFName.of('Filter');
const SUBTYPE = PDFName.of('Subtype');
const FLATE = PDFName.of('FlateDecode');
const IMAGE = PDFName.of('Image');

/**
 * Inflates, counting only, every FlateDecode stream pdfjs-dist would read for text (images aside: text extraction
 * never decodes them), so that a bomb is refused before pdfjs-dist inflates it without a bound.
 * @throws {@link InflateLimitError}
 */
export function checkStreams(context: PDFContext, budget: InflateBudget): void {
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.get(SUBTYPE) === IMAGE) continue;
    const filter = object.dict.get(FILTER);
    const first = filter instanceof PDFArray ? filter.get(0) : filter;
    if (first !== FLATE) continue;
    inflateCounting(object.contents, budget);
  }
}

/**
 * The same check on bytes pdf-lib could not parse (pdfjs-dist repairs more): every `stream … endstream` whose data
 * starts like zlib data is inflated, counting only, images included (nothing tells them apart here).
 * @throws {@link InflateLimitError}
 */
export function checkRawStreams(pdf: Uint8Array, budget: InflateBudget): void {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  // Each search starts where the last one stopped, so the scan stays linear whatever the file repeats (a file of
  // nothing but `stream` keywords once took minutes here). `end` is the next `endstream` at or after the cursor,
  // found again only once the cursor has passed it; -1 once there is none left.
  let end = 0;
  for (let at = text.indexOf('stream'); at !== -1; at = text.indexOf('stream', at + 6)) {
    let start = at + 6;
    if (text[start] === 0x0d) start++;
    if (text[start] !== 0x0a) continue;
    start++;
    if (end !== -1 && end < start) end = text.indexOf('endstream', start);
    const data = pdf.subarray(start, end === -1 ? pdf.length : end);
    // The data ends at `endstream`: the next stream starts after it (an `endstream` also contains `stream`).
    if (end !== -1) at = end + 3;
    // A zlib header: deflate method, and a check value that makes the first two bytes a multiple of 31.
    if (data.length < 2 || ((data[0] ?? 0) & 0x0f) !== 8 || (((data[0] ?? 0) << 8) | (data[1] ?? 0)) % 31 !== 0) continue;
    inflateCounting(data, budget);
  }
}

function inflateCounting(data: Uint8Array, budget: InflateBudget): void {
  try {
    inflateZlibBounded(data, budget);
  } catch (error) {
    if (error instanceof InflateLimitError) throw error;
    // A damaged stream is the reader's business, not the budget's.
  }
}
