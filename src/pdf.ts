/**
 * `taxsync/pdf`: resolving signature layouts on real PDFs and preparing them for signature. A separate entry point
 * because it loads pdf-lib and pdfjs-dist.
 * @packageDocumentation
 */
export {};
