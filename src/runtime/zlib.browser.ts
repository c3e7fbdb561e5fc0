/**
 * The part of `node:zlib` that taxsync's readers use, on fflate, for the browser build (`dist/browser/`, picked by the
 * `browser` export condition). The Node build keeps Node's native zlib, which is several times faster; tsup swaps
 * `node:zlib` for this file only when it builds for browsers and workers (see tsup.config.ts).
 *
 * Same contracts as Node's: `crc32` continues a running value, the inflaters throw on a damaged or truncated stream,
 * and `createInflateRaw` yields the inflated bytes in pieces as they come, so that callers keep bounding the output
 * while it is produced.
 */
import { Inflate, Unzlib } from 'fflate';
import { concatBytes } from '../internal/bytes.js';
import { crc32 as jsCrc32 } from '../internal/crc32.js';
import { type PipeTarget, iterate } from './stream.browser.js';

/** CRC-32 (ISO-HDLC, as in zip) of `data`, continuing from `value` as Node's `zlib.crc32` does. */
export function crc32(data: Uint8Array | string, value = 0): number {
  return jsCrc32(typeof data === 'string' ? new TextEncoder().encode(data) : data, value);
}

/** Options Node's inflaters take that matter here. */
export interface InflateOptions {
  readonly chunkSize?: number;
  readonly maxOutputLength?: number;
}

/** Input handed to fflate at a time: the output is counted as it comes, so a bomb stops within one slice's worth. */
const SLICE = 4 * 1024;

const tooLarge = (): Error => Object.assign(new RangeError('Cannot create a Buffer larger than maxOutputLength'), { code: 'ERR_BUFFER_TOO_LARGE' });

/** Runs a streaming fflate inflater over `data` in slices, stopping as soon as the output passes `maxOutputLength`. */
function inflateBounded(data: Uint8Array, options: InflateOptions | undefined, raw: boolean): Uint8Array {
  const max = options?.maxOutputLength ?? Number.POSITIVE_INFINITY;
  const parts: Uint8Array[] = [];
  let size = 0;
  const onData = (chunk: Uint8Array): void => {
    size += chunk.length;
    if (size > max) throw tooLarge();
    parts.push(chunk);
  };
  const inflater = raw ? new Inflate(onData) : new Unzlib(onData);
  for (let i = 0; i < data.length; i += SLICE) inflater.push(data.subarray(i, i + SLICE));
  inflater.push(new Uint8Array(0), true);
  return concatBytes(parts, size);
}

/** A raw deflate stream, inflated at once (`zlib.inflateRawSync`), bounded while it runs. */
export function inflateRawSync(data: Uint8Array, options?: InflateOptions): Uint8Array {
  return inflateBounded(data, options, true);
}

/** A zlib-wrapped deflate stream (a PDF's FlateDecode), inflated at once (`zlib.inflateSync`), bounded while it runs. */
export function inflateSync(data: Uint8Array, options?: InflateOptions): Uint8Array {
  return inflateBounded(data, options, false);
}

/** The piped-into, async-iterable inflater `zlib.createInflateRaw()` returns, as far as taxsync uses it. */
class InflateRawStream implements PipeTarget, AsyncIterable<Uint8Array> {
  #source: Iterable<Uint8Array> | AsyncIterable<Uint8Array> = [];

  receive(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): void {
    this.#source = source;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    const out: Uint8Array[] = [];
    const inflater = new Inflate((chunk) => {
      out.push(chunk);
    });
    for await (const piece of iterate(this.#source)) {
      inflater.push(piece);
      while (out.length > 0) yield out.shift() as Uint8Array;
    }
    // Throws "unexpected EOF" on a truncated stream, as Node's inflater errors.
    inflater.push(new Uint8Array(0), true);
    while (out.length > 0) yield out.shift() as Uint8Array;
  }
}

/** A streaming raw inflater (`zlib.createInflateRaw()`): pipe a `Readable.from(...)` into it, iterate its output. */
export function createInflateRaw(_options?: InflateOptions): InflateRawStream {
  return new InflateRawStream();
}
