/**
 * The browser build's stand-in for node:zlib (src/runtime/zlib.browser.ts, fflate underneath) against Node's own
 * zlib: same bytes, same CRC-32, the same error code when output passes maxOutputLength (stopped while it runs, not
 * after inflating everything), and an error on a cut-short stream.
 */
import { crc32 as nodeCrc32, deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createInflateRaw, crc32, inflateRawSync, inflateSync } from '../../src/runtime/zlib.browser.js';
import { Readable } from '../../src/runtime/stream.browser.js';

const text = new TextEncoder().encode('Marie-Ève Côté’s T183 — œuvre, 12 €\n'.repeat(4000));

describe('the browser stand-in for node:zlib', () => {
  it('inflates zlib and raw deflate streams to the same bytes as Node', () => {
    expect(inflateSync(deflateSync(text))).toEqual(new Uint8Array(text));
    expect(inflateRawSync(deflateRawSync(text))).toEqual(new Uint8Array(text));
  });

  it('computes the same CRC-32 as Node, continued across pieces', () => {
    expect(crc32(text)).toBe(nodeCrc32(text));
    expect(crc32(text.subarray(1000), crc32(text.subarray(0, 1000)))).toBe(nodeCrc32(text));
  });

  it('stops a deflate bomb with ERR_BUFFER_TOO_LARGE, as Node does with maxOutputLength', () => {
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024));
    expect(() => inflateSync(bomb, { maxOutputLength: 1024 * 1024 })).toThrow(expect.objectContaining({ code: 'ERR_BUFFER_TOO_LARGE' }));
  });

  it('throws on a cut-short stream', () => {
    expect(() => inflateSync(deflateSync(text).subarray(0, 200))).toThrow();
    expect(() => inflateRawSync(deflateRawSync(text).subarray(0, 200))).toThrow();
  });

  it('streams a raw inflate piece by piece when a Readable.from source is piped into it', async () => {
    const compressed = deflateRawSync(text);
    const slices = function* (): Generator<Uint8Array> {
      for (let i = 0; i < compressed.length; i += 512) yield compressed.subarray(i, i + 512);
    };
    const inflater = createInflateRaw({ chunkSize: 16 * 1024 });
    Readable.from(slices()).pipe(inflater);
    const pieces: Uint8Array[] = [];
    for await (const piece of inflater) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(1);
    expect(Buffer.concat(pieces)).toEqual(Buffer.from(text));
  });
});
