/**
 * Signature-layout benchmark: resolve (text extraction + anchor placement) and prepare (pdf-lib widgets) 1,000
 * one-page T183 prints and 200 twenty-page bundles, side by side with bare pdf-lib load + save of the same files
 * (compare(): interleaved rounds, each contender in a fresh child, median speed, highest peak RSS).
 *
 * Both text readers are measured: taxsync's own (the default, on the document pdf-lib parses, which
 * prepareForSignature then reuses) and pdfjs-dist (`textReader: 'pdfjs'`, the fallback).
 *
 * The floor is measured twice: with pdf-lib's defaults, and with the load/save options taxsync uses (no metadata
 * update, no field-appearance regeneration, no yielding while saving); ratios are to the latter, the faster one.
 * With TAXSYNC_BENCH_BASELINE naming another checkout (built), its resolve + prepare runs in the same rounds.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ParseSpeeds, PDFDocument } from '@cantoo/pdf-lib';
import type { PlacedField } from '../src/index.js';
import { buildPdf, SMALL, type PageSpec } from '../test/fixtures/forms.js';
import { loadCore, loadPdf } from './lib.js';
import { compare, type WorkerOutput } from './measure.js';

const dir = new URL('./.data/signatures/', import.meta.url);
const NOW = new Date('2026-11-22T12:00:00Z');

/** Ten one-page variants (languages, sizes, rotation, crop box, glyph-by-glyph text) and four 20-page bundles. */
async function fixtures(): Promise<{ onePage: string; bundles: string }> {
  const onePage = new URL('one-page/', dir);
  const bundles = new URL('bundles/', dir);
  if (existsSync(new URL('done', dir))) return { onePage: onePage.pathname, bundles: bundles.pathname };
  mkdirSync(onePage, { recursive: true });
  mkdirSync(bundles, { recursive: true });
  const variants: PageSpec[] = [
    { kind: 'T183' },
    { kind: 'T183', language: 'fr' },
    { kind: 'T183', size: SMALL },
    { kind: 'T183', size: SMALL, language: 'fr' },
    { kind: 'T183', orientation: 'rotated-upright' },
    { kind: 'T183', orientation: 'sideways' },
    { kind: 'T183', crop: { left: 30, bottom: 40, right: 20, top: 10 } },
    { kind: 'T183', glyphRuns: true },
    { kind: 'T183', timeBoxes: false },
    { kind: 'T183', language: 'fr', timeBoxes: false },
  ];
  for (const [i, spec] of variants.entries()) writeFileSync(new URL(`t183-${i}.pdf`, onePage), (await buildPdf([spec])).bytes);
  for (const [i, at] of [1, 7, 11, 20].entries()) {
    const pages: PageSpec[] = Array.from({ length: 20 }, (_, k) => (k + 1 === at ? { kind: 'T183', language: i % 2 === 0 ? 'en' : 'fr' } : { kind: 'T1', step: k + 1 }));
    writeFileSync(new URL(`bundle-${i}.pdf`, bundles), (await buildPdf(pages)).bytes);
  }
  writeFileSync(new URL('done', dir), '');
  return { onePage: onePage.pathname, bundles: bundles.pathname };
}

const readAll = (folder: string): Uint8Array[] =>
  readdirSync(folder)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(`${folder}/${f}`)));

/**
 * Runs `step` over `count` documents untimed, then three timed passes of `count` documents, and reports the median
 * pass: a host resolves and prepares batch after batch in a long-running process, and the first documents of a
 * process also pay for compiling (one pass over the few fixture files was not enough to measure anything warm).
 * Every line, floors included, is measured the same way.
 */
async function timed(folder: string, count: string, step: (pdf: Uint8Array, index: number) => Promise<unknown>): Promise<WorkerOutput> {
  const files = readAll(folder);
  const n = Number(count);
  const pass = async (): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await step(files[i % files.length] as Uint8Array, i % files.length);
    return performance.now() - t0;
  };
  await pass();
  const passes = [await pass(), await pass(), await pass()].sort((a, b) => a - b);
  return { items: n, ms: passes[1] ?? Number.NaN };
}

/** Worker tasks, run in a child process each: `<task> <folder> <count>`. */
export const signatureTasks: Record<string, (folder: string, count: string) => Promise<WorkerOutput>> = {
  floorDefaults: (folder, count) => timed(folder, count, async (pdf) => (await PDFDocument.load(pdf)).save()),
  floor: (folder, count) =>
    timed(folder, count, async (pdf) => {
      const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
      return doc.save({ updateFieldAppearances: false, addDefaultPage: false, objectsPerTick: Infinity });
    }),
  async resolve(folder, count) {
    const [{ signatureLayoutFor }, { resolveSignatureFields }] = await Promise.all([loadCore(), loadPdf()]);
    const layout = signatureLayoutFor(2025, 'T183', { now: NOW });
    return timed(folder, count, async (pdf) => {
      if ((await resolveSignatureFields(pdf, layout)).status === 'held') throw new Error('a bench PDF was held');
    });
  },
  async resolvePdfjs(folder, count) {
    const [{ signatureLayoutFor }, { resolveSignatureFields }] = await Promise.all([loadCore(), loadPdf()]);
    const layout = signatureLayoutFor(2025, 'T183', { now: NOW });
    return timed(folder, count, async (pdf) => {
      if ((await resolveSignatureFields(pdf, layout, { textReader: 'pdfjs' })).status === 'held') throw new Error('a bench PDF was held');
    });
  },
  async prepare(folder, count) {
    const [{ signatureLayoutFor }, { resolveSignatureFields, prepareForSignature }] = await Promise.all([loadCore(), loadPdf()]);
    const layout = signatureLayoutFor(2025, 'T183', { now: NOW });
    const files = readAll(folder);
    const fields: (readonly PlacedField[])[] = [];
    for (const file of files) {
      const result = await resolveSignatureFields(file, layout);
      if (result.status !== 'resolved') throw new Error('a bench PDF was held');
      fields.push(result.fields);
    }
    return timed(folder, count, (pdf, i) => prepareForSignature(pdf, fields[i] ?? []));
  },
  async both(folder, count) {
    const [{ signatureLayoutFor }, { resolveSignatureFields, prepareForSignature }] = await Promise.all([loadCore(), loadPdf()]);
    const layout = signatureLayoutFor(2025, 'T183', { now: NOW });
    return timed(folder, count, async (pdf) => {
      const result = await resolveSignatureFields(pdf, layout);
      if (result.status !== 'resolved') throw new Error('a bench PDF was held');
      return prepareForSignature(pdf, result.fields);
    });
  },
  async bothPdfjs(folder, count) {
    const [{ signatureLayoutFor }, { resolveSignatureFields, prepareForSignature }] = await Promise.all([loadCore(), loadPdf()]);
    const layout = signatureLayoutFor(2025, 'T183', { now: NOW });
    return timed(folder, count, async (pdf) => {
      const result = await resolveSignatureFields(pdf, layout, { textReader: 'pdfjs' });
      if (result.status !== 'resolved') throw new Error('a bench PDF was held');
      return prepareForSignature(pdf, result.fields);
    });
  },
};

const FLOOR = "pdf-lib load + save (taxsync's options)";
/** A checkout (built) to measure resolve + prepare on as well, side by side: before/after comparisons. */
const BASELINE = process.env.TAXSYNC_BENCH_BASELINE;
const BOTH = 'resolve + prepare (own text reader, one parse)';

/** One side-by-side line: every contender on the same files, interleaved rounds, ratios to pdf-lib load + save. */
function run(title: string, folder: string, count: number): void {
  const args = [folder, String(count)];
  const results = compare(title, 'docs', [
    { name: FLOOR, task: 'signatures:floor', args },
    { name: 'pdf-lib load + save (defaults)', task: 'signatures:floorDefaults', args },
    { name: BOTH, task: 'signatures:both', args },
    ...(BASELINE === undefined ? [] : [{ name: `${BOTH}, baseline checkout`, task: 'signatures:both', args, packageRoot: BASELINE }]),
    { name: "resolve + prepare (textReader: 'pdfjs', pdfjs-dist)", task: 'signatures:bothPdfjs', args },
    { name: 'resolveSignatureFields alone (own text reader + anchors)', task: 'signatures:resolve', args },
    { name: "resolveSignatureFields alone (textReader: 'pdfjs')", task: 'signatures:resolvePdfjs', args },
    { name: 'prepareForSignature alone (parse + widgets + incremental update)', task: 'signatures:prepare', args },
  ], { reference: FLOOR, note: 'Goal (#13): resolve + prepare ≥ 0.6 of pdf-lib load + save on the twenty-page bundles.' });
  const floor = results.find((r) => r.name === FLOOR);
  const both = results.find((r) => r.name === BOTH);
  if (floor !== undefined && both !== undefined) console.log(`\nresolve + prepare: ${(both.perSecond / floor.perSecond).toFixed(2)}× pdf-lib load + save; peak ${both.peakRssMb.toFixed(0)} MB`);
  const baseline = results.find((r) => r.name === `${BOTH}, baseline checkout`);
  if (floor !== undefined && baseline !== undefined) console.log(`baseline checkout: ${(baseline.perSecond / floor.perSecond).toFixed(2)}× pdf-lib load + save`);
}

/** Runs the signature benchmark and prints its tables. */
export async function benchSignatures(): Promise<void> {
  const { onePage, bundles } = await fixtures();
  run('Signature layouts: 1,000 one-page T183 prints (10 variants; warm, median of 3 passes)', onePage, 1000);
  run('Signature layouts: 200 twenty-page bundles, the T183 at page 1, 7, 11 or 20 (warm, median of 3 passes)', bundles, 200);
}
