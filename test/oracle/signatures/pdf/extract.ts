/**
 * Text with positions from a PDF, with pdfjs-dist's legacy build (the one that runs on Node 20), loaded lazily so
 * that importing `taxsync/pdf` costs nothing until a PDF is read. Node-only in practice: pdfjs runs its parser in
 * this thread ("fake worker"), which a browser host would rather give a real worker.
 */
import { PdfError } from '../../../../src/errors/pdf.js';
import { normalizeRotation, displayedSize, type UserBox } from '../geometry.js';
import type { PageText } from '../place.js';
import type { TextRun } from '../text.js';
import { toRun, type TextItem } from './runs.js';

/** What reading a PDF's text gave. */
export type Extraction =
  | { readonly status: 'ok'; readonly pages: PageText[] }
  | { readonly status: 'password_required' | 'password_wrong' }
  | { readonly status: 'unreadable'; readonly detail: string };

const isTextItem = (item: unknown): item is TextItem =>
  typeof item === 'object' && item !== null && typeof (item as { str?: unknown }).str === 'string' && Array.isArray((item as { transform?: unknown }).transform);

/** Whether the bytes hold a signature value dictionary (a signed signature field): every one has a `/ByteRange`. */
export function hasSignatureValue(pdf: Uint8Array): boolean {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).includes('/ByteRange');
}

/**
 * Built-ins that pdfjs-dist's legacy build *replaces* (not merely adds) with core-js polyfills when its modules are
 * evaluated — the page module on import, the worker module on the first document. The replacements are slower
 * (Array.prototype.push about 2.4× here) and would slow the host's whole process; the natives are put back once
 * pdfjs is loaded. The polyfills that add what Node 20 lacks (Promise.withResolvers, iterator helpers…) stay.
 */
const REPLACED: readonly (readonly [object, PropertyKey])[] = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [JSON, 'stringify'],
  [Function.prototype, 'toString'],
];

async function keepingNatives<T>(run: () => Promise<T>): Promise<T> {
  const saved = REPLACED.map(([target, key]) => Object.getOwnPropertyDescriptor(target, key));
  try {
    return await run();
  } finally {
    REPLACED.forEach(([target, key], i) => {
      const native = saved[i];
      if (native !== undefined && Object.getOwnPropertyDescriptor(target, key)?.value !== native.value) Object.defineProperty(target, key, native);
    });
  }
}

/**
 * Opens the PDF with pdfjs-dist and returns each page's displayed size and text runs. An encrypted PDF opens with
 * the empty user password, or with `password`.
 */
export function extractPages(pdf: Uint8Array, password?: string): Promise<Extraction> {
  return keepingNatives(() => extract(pdf, password));
}

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * pdfjs-dist is an optional peer dependency (41 MB with its canvas): taxsync's own text reader is the default, and
 * pdfjs a fallback loaded only here. The specifier is held in a variable so that bundlers leave it alone when the
 * host has not installed it.
 */
const PDFJS = 'pdfjs-dist/legacy/build/pdf.mjs';

/** Loads pdfjs-dist, or throws `PdfError('pdfjs_missing')` when the host has not installed it. */
async function loadPdfjs(): Promise<Pdfjs> {
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ PDFJS)) as Pdfjs;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    // Node says ERR_MODULE_NOT_FOUND; a browser, a TypeError on the bare specifier.
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || error instanceof TypeError) throw new PdfError('pdfjs_missing', {}, { cause: error });
    throw error;
  }
}

async function extract(pdf: Uint8Array, password: string | undefined): Promise<Extraction> {
  const pdfjs = await loadPdfjs();
  // pdfjs may take ownership of the buffer it is given: hand it a copy so the caller's bytes stay usable.
  const task = pdfjs.getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    ...(password === undefined ? {} : { password }),
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy();
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') {
      const code = (error as { code?: unknown }).code;
      return { status: code === pdfjs.PasswordResponses.INCORRECT_PASSWORD ? 'password_wrong' : 'password_required' };
    }
    return { status: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  }
  try {
    const pages: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = page.view;
      const box: UserBox = { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
      const rotation = normalizeRotation(page.rotate);
      // Our matching folds text itself: pdfjs's NFKC normalisation would only cost time.
      const content = await page.getTextContent({ disableNormalization: true });
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!isTextItem(item)) continue;
        const run = toRun(item, box, rotation);
        if (run !== undefined) runs.push(run);
      }
      pages.push({ page: n, ...displayedSize(box, rotation), rotation, runs });
      page.cleanup();
    }
    return { status: 'ok', pages };
  } catch (error) {
    return { status: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await doc.destroy();
  }
}
