/**
 * `taxsync/pdf`: resolving signature layouts on real PDFs and preparing them for signature. A separate entry point
 * because it loads @cantoo/pdf-lib (the maintained fork of pdf-lib, which also decrypts). pdfjs-dist is an optional
 * peer dependency: taxsync reads PDFs' text with its own reader, and loads pdfjs-dist only for a PDF that reader cannot
 * read (or with `textReader: 'pdfjs'`); when it is needed and not installed, `resolveSignatureFields` throws
 * `PdfError` `pdfjs_missing`. Node ≥ 20.19.
 * @packageDocumentation
 * @module taxsync/pdf
 */
// ── Placing a layout's fields on a real PDF, and preparing it for signature ──
export { resolveSignatureFields, type ResolveSignatureFieldsOptions } from './signatures/pdf/resolve.js';
export { prepareForSignature, type PrepareForSignatureOptions } from './signatures/pdf/prepare.js';
export { renderLayoutPreview } from './signatures/pdf/preview.js';
// ── Protected PDFs (decrypting a print), and PdfError ──
export { decryptPdf, type DecryptPdfOptions } from './signatures/pdf/decrypt.js';
export { PdfError, type PdfErrorCode } from './errors/pdf.js';
// ── Types of the results (also exported by the main entry, with the layouts) ──
export type { InflateLimits } from './zip/inflate.js';
export type { ResolveResult, ResolvedField, PlacedField, PageInfo, HeldReason, PdfProtection, SignatureLayout } from './signatures/types.js';
