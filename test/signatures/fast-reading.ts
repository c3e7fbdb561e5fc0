/**
 * The fast text reader as the tests read it: its pages, or the reason it gave for leaving the document to pdfjs-dist
 * (a `CannotDecode`). Any other error propagates and fails the test: a fault of the reader is never taken for a
 * fallback. Internal modules, hence the direct imports.
 */
import type { PDFDocument } from '@cantoo/pdf-lib';
import { CannotDecode, type CannotDecodeReason } from '../../src/signatures/pdf/cannot-decode.js';
import { extractPagesFast, type ExtractPagesFastOptions } from '../../src/signatures/pdf/fast-text.js';
import type { PageText } from '../../src/signatures/place.js';

/** The pages read, or why the reader cannot decode the document for certain. */
export type FastReading = { readonly pages: PageText[]; readonly cannotDecode?: undefined } | { readonly pages?: undefined; readonly cannotDecode: CannotDecodeReason };

/** Reads `doc` with the fast reader; a `CannotDecode` becomes its reason, anything else is thrown on. */
export function readFast(doc: PDFDocument, options: ExtractPagesFastOptions = {}): FastReading {
  try {
    return { pages: extractPagesFast(doc, options) };
  } catch (error) {
    if (error instanceof CannotDecode) return { cannotDecode: error.reason };
    throw error;
  }
}
