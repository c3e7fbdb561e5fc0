/**
 * How {@link readZip} inflates and checks an entry in Node: zlib's native raw inflate, stopped by zlib itself at the
 * budgets' room (`maxOutputLength`, checked as each chunk comes out, so a bomb never inflates past its limit), and
 * zlib's native CRC-32. The browser build (`dist/browser/`, picked by the `browser` export condition) swaps this module
 * for inflate-fflate.ts, which keeps the same contract in JavaScript (tsup.config.ts).
 */
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';
import { takeFrom, type InflateBudget } from './inflate.js';

/** The most zlib produces in one step: the least is 1 KiB (a small entry in one step, without a 16 KiB buffer each). */
const MAX_CHUNK = 64 * 1024;
const MIN_CHUNK = 1024;

/**
 * Inflates raw deflate data (a zip entry) with Node's zlib, counting the output against each budget (an entry's own,
 * the archive's). Returns `'corrupt'` for data that is not a complete deflate stream.
 *
 * @param declared - The size the archive declares: sizes zlib's output chunk (a small entry comes out in one piece),
 * never trusted — a bigger output takes more chunks and is counted all the same.
 * @throws the error of the first budget whose limit is passed.
 */
export function inflateRawBounded(data: Uint8Array, declared: number, budgets: readonly InflateBudget[]): Uint8Array | 'corrupt' {
  let room = Number.POSITIVE_INFINITY;
  for (const budget of budgets) room = Math.min(room, budget.remaining());
  let out: Buffer;
  try {
    out = inflateRawSync(data, {
      maxOutputLength: Math.max(1, Math.min(room, 2 ** 31 - 1)),
      chunkSize: Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, declared + 1)),
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_BUFFER_TOO_LARGE') return 'corrupt';
    // zlib stopped at the room left: one byte more is past the limit of the budget with the least room (the entry's
    // own when both have as little), whose error this throws, as the counted path does.
    takeFrom(budgets, room + 1);
    throw error;
  }
  takeFrom(budgets, out.length);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** CRC-32 of an entry's bytes (or of a name, for the Info-ZIP Unicode path field). */
export function crc32(bytes: Uint8Array): number {
  return zlibCrc32(bytes);
}
