/**
 * `taxsync/pdf`: resolving signature layouts on real PDFs and preparing them for signature. A separate entry point
 * because it loads pdf-lib and pdfjs-dist (the latter only when a PDF is first read). Node ≥ 20.19.
 * @packageDocumentation
 * @module taxsync/pdf
 */
export { resolveSignatureFields, type ResolveSignatureFieldsOptions } from './signatures/pdf/resolve.js';
export { prepareForSignature, type PrepareForSignatureOptions } from './signatures/pdf/prepare.js';
export { renderLayoutPreview } from './signatures/pdf/preview.js';
export { PdfError } from './signatures/errors.js';
export type { ResolveResult, ResolvedField, PlacedField, PageInfo, HeldReason, SignatureLayout } from './signatures/types.js';
