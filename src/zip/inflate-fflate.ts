/**
 * How {@link readZip} inflates and checks an entry in the browser build, which swaps inflate-entry.ts (Node's zlib)
 * for this module (tsup.config.ts): fflate and a JavaScript CRC-32. Same budgets, same rule as the Node engine: output
 * counted chunk by chunk, never after the fact.
 */
import { Inflate, inflateSync } from 'fflate';
import { concatBytes } from '../internal/bytes.js';
import { crc32 as jsCrc32 } from '../internal/crc32.js';
import { isLimitError, takeFrom, type InflateBudget } from './inflate.js';

// Compressed input is pushed in slices so that one push can never produce more than ~16 MiB (deflate's maximum
// ratio is about 1032:1): the real output is counted as it comes and inflating stops at the limit.
const SLICE = 16 * 1024;

/**
 * Inflates raw deflate data (a zip entry) with fflate, counting every chunk against each budget (an entry's own, the
 * archive's). Returns `'corrupt'` for data that is not a complete deflate stream.
 *
 * @param declared - The size the archive declares: a hint for the one-shot path of small entries, never trusted.
 * @throws the error of the first budget whose limit is passed.
 */
export function inflateRawBounded(data: Uint8Array, declared: number, budgets: readonly InflateBudget[]): Uint8Array | 'corrupt' {
  const room = Math.min(...budgets.map((b) => b.remaining()));
  // Fast path for the common small entry: one inflate into a buffer of the declared size plus one byte. The input is
  // at most one slice, so the work is bounded; a result that fills the spare byte means the header lied, and the
  // entry goes through the counted path below.
  if (data.length <= SLICE && declared < room) {
    let out: Uint8Array | undefined;
    try {
      out = inflateSync(data, { out: new Uint8Array(declared + 1) });
    } catch {
      return 'corrupt';
    }
    if (out.length <= declared) {
      takeFrom(budgets, out.length);
      return out;
    }
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    chunks.push(chunk);
    size += chunk.length;
    if (final) ended = true;
    takeFrom(budgets, chunk.length);
  });
  try {
    for (let i = 0; i < data.length || i === 0; i += SLICE) {
      const last = i + SLICE >= data.length;
      inflater.push(data.subarray(i, i + SLICE), last);
      if (last) break;
    }
  } catch (error) {
    if (isLimitError(error)) throw error;
    return 'corrupt';
  }
  if (!ended) return 'corrupt';
  return concatBytes(chunks, size);
}

/** CRC-32 of an entry's bytes (or of a name, for the Info-ZIP Unicode path field), in JavaScript. */
export function crc32(bytes: Uint8Array): number {
  return jsCrc32(bytes);
}
