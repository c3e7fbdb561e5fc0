/**
 * The Node half of the bounded inflate (inflate.ts holds the budget and the browser-safe fflate half): Node's zlib,
 * about ten times faster than a JavaScript inflate, for the Node-only readers (workbooks, PDF streams). Same budgets,
 * same rule: output counted chunk by chunk, never after the fact.
 */
import { Readable } from 'node:stream';
import { createInflateRaw, inflateSync } from 'node:zlib';
import { takeFrom, type InflateBudget } from './inflate.js';

/** zlib's output chunk: the most one step may produce before the budget sees it. */
const CHUNK = 16 * 1024;

/**
 * Inflates zlib-wrapped data (a PDF FlateDecode stream) in one call whose output zlib itself stops at the budget's
 * room (`maxOutputLength`, checked as each chunk comes out): memory and time stay bounded by the limit.
 *
 * @throws the budget's error past a limit; zlib's own error for damaged data.
 */
export function inflateZlibBounded(data: Uint8Array, budget: InflateBudget): Uint8Array {
  const room = budget.remaining();
  if (room === 0 && data.length > 0) throw budget.exceeded();
  let out: Buffer;
  try {
    out = inflateSync(data, { maxOutputLength: Math.max(1, Math.min(room, 2 ** 31 - 1)), chunkSize: CHUNK });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw budget.exceeded();
    throw error;
  }
  budget.take(out.length);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Inflates raw deflate data (a workbook part) as a stream of pieces, counting each piece against every budget before
 * handing it on.
 *
 * @throws the first budget's error past its limit; zlib's own error for damaged data.
 */
export async function* inflateRawPieces(data: Uint8Array, stored: boolean, budgets: readonly InflateBudget[]): AsyncGenerator<Uint8Array> {
  function* slices(): Generator<Uint8Array> {
    for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
  }
  const source = Readable.from(slices(), { objectMode: false });
  let pieces: AsyncIterable<Uint8Array> = source;
  if (!stored) {
    const inflater = createInflateRaw({ chunkSize: CHUNK });
    source.pipe(inflater);
    pieces = inflater;
  }
  for await (const piece of pieces) {
    takeFrom(budgets, piece.length);
    yield piece;
  }
}
