/**
 * The fast text reader: each page's text with positions, read from the document pdf-lib has already parsed, without
 * pdfjs-dist. It interprets the content stream's text operators (and Form XObjects) and groups glyphs into text items
 * exactly as pdfjs-dist's getTextContent does — same item boundaries, same inserted spaces, same widths — so that both
 * readers give the same runs and therefore the same fields. It only reads what it can read for certain; for anything
 * else it throws {@link CannotDecode} (cannot-decode.ts), the one error upon which the caller (resolve.ts) reads the
 * document with pdfjs instead. Any other error is a fault of the reader and is not caught here.
 *
 * In a longer document it can skim each page first (see {@link ExtractPagesFastOptions.mayShowForm}): every operator,
 * font and check of the full reading, but the glyphs only gathered as text (and not placed one by one where a whole
 * string is certainly on the page), so that the pages of a bundle that cannot be the form are not assembled into
 * runs for nothing. Only the pages that may be the form are then read in full. Both readings decide alike whether
 * the document can be read for certain, and test/signatures/skim.test.ts checks that skimming changes nothing that
 * placement sees.
 *
 * This file only orchestrates, page by page; the reader is split by idea:
 * - page-box.ts: each page's visible box, rotation and resources, through the page tree;
 * - interpreter.ts: the content-stream interpreter, pdfjs-dist's getTextContent ported;
 * - text-state.ts: the graphics and text state it keeps;
 * - font-resources.ts: the fonts a content stream names, read once per document (fonts.ts decodes their strings);
 * - skim.ts: the cheaper reading that gathers a page's text for the "may this be the form?" check;
 * - content.ts: the content-stream lexer and stream bytes; cannot-decode.ts: the reasons to leave a PDF to pdfjs.
 *
 * Ported from pdfjs-dist 5.6 (src/core/evaluator.js, getTextContent, horizontal text only). When pdfjs-dist is
 * upgraded, test/signatures/fast-text.test.ts compares both readers run by run on every test PDF and says whether
 * this port still matches.
 */
import { PDFName, type PDFDocument, type PDFPage } from '@cantoo/pdf-lib';
import { displayedSize } from '../geometry.js';
import type { PageText } from '../place.js';
import type { TextRun } from '../text.js';
import { OTHER_TEXT } from './candidates.js';
import { CannotDecode } from './cannot-decode.js';
import { pageContentBytes } from './content.js';
import { fontCache } from './font-resources.js';
import { StreamReader } from './interpreter.js';
import { pageGeometry, pageTreeCache } from './page-box.js';
import { toRun, type TextItem } from './runs.js';
import { MAY_SHOW_FORM, ShownText } from './skim.js';
import { TextState } from './text-state.js';

const CONTENTS = PDFName.of('Contents');

/**
 * From how many pages a document's pages are skimmed when {@link ExtractPagesFastOptions.mayShowForm} is given: in a
 * one- or two-page document, the form is on most pages, and those would be read twice.
 */
export const SKIM_FROM_PAGES = 3;

/** Options of {@link extractPagesFast}. */
export interface ExtractPagesFastOptions {
  /**
   * Whether a page showing this text may be the form: the strings the page shows, decoded, each glyph that would be
   * in a text item kept, in drawing order, with `\n` wherever an item could begin or end, folded unit by unit
   * (candidates.ts's `foldedUnit`) and starting and ending with `\n`: what candidates.ts's `mayIdentifyFolded`
   * takes. A page for which it is `false` is not assembled into runs: it gets `[OTHER_TEXT]` when it has visible
   * text and `[]` otherwise — what resolve.ts's placement keeps of such a page.
   * Used in documents of {@link SKIM_FROM_PAGES} pages or more: it costs a cheaper reading of every page and a second
   * reading of each page it keeps, which would not pay off when most pages are kept.
   */
  readonly mayShowForm?: (shown: string) => boolean;
}

/** Skims a page with `reader`: whether it may show the form (found on the way, or from its whole text). */
function skimMayShowForm(reader: StreamReader, content: Uint8Array, shown: ShownText): boolean {
  try {
    reader.read(content);
  } catch (error) {
    if (error === MAY_SHOW_FORM) return true;
    throw error;
  }
  return shown.mayShow();
}

/**
 * Each page's displayed size, rotation and text runs, read from a document pdf-lib has parsed. With `mayShowForm`, the
 * pages it rules out get a stand-in for their runs (see {@link ExtractPagesFastOptions}); whether the document can be
 * read for certain is decided the same way (the cheaper reading goes through every operator, font and check the full
 * one does).
 *
 * @throws {CannotDecode} when some page's text cannot be read for certain: the caller reads the document with
 * pdfjs-dist. The budget's `InflateLimitError` for a deflate bomb, never to be handed to pdfjs-dist. Anything else is
 * a fault of this reader, and propagates as it is.
 */
export function extractPagesFast(doc: PDFDocument, options: ExtractPagesFastOptions = {}): PageText[] {
  const fonts = fontCache(doc.context);
  const tree = pageTreeCache(doc.context);
  const pages: PageText[] = [];
  const docPages = documentPages(doc);
  const mayShowForm = docPages.length >= SKIM_FROM_PAGES ? options.mayShowForm : undefined;
  let shown: ShownText | undefined;
  for (const [i, page] of docPages.entries()) {
    const { box, rotation, view, resources } = pageGeometry(tree, page);
    const content = pageContentBytes(doc.context, page.node.get(CONTENTS));
    const size = displayedSize(box, rotation);
    if (mayShowForm !== undefined) {
      shown ??= new ShownText(mayShowForm);
      shown.reset();
      if (!skimMayShowForm(new StreamReader(fonts, resources, new TextState(), view, shown, new Set(), shown), content, shown)) {
        pages.push({ page: i + 1, ...size, rotation, runs: shown.hasText ? [OTHER_TEXT] : [] });
        continue;
      }
    }
    const items: TextItem[] = [];
    new StreamReader(fonts, resources, new TextState(), view, items, new Set()).read(content);
    const runs: TextRun[] = [];
    for (const item of items) {
      const run = toRun(item, box, rotation);
      if (run !== undefined) runs.push(run);
    }
    pages.push({ page: i + 1, ...size, rotation, runs });
  }
  return pages;
}

/**
 * The document's pages, as pdf-lib lists them. pdf-lib walks the page tree with its own typed lookups; what it throws
 * there is about the document's tree (a /Kids that is not an array, a loop), which pdfjs-dist may still follow.
 */
function documentPages(doc: PDFDocument): PDFPage[] {
  try {
    return doc.getPages();
  } catch (error) {
    throw new CannotDecode('page', 'a page tree pdf-lib cannot follow', { cause: error });
  }
}
