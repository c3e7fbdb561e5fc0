import { inflateRawSync, inflateSync, crc32 } from 'node:zlib';
import { expect, it } from 'vitest';
import { deflateBomb } from './craft.js';

it('crafted bombs inflate to exactly what they declare (CRC-32, size, Adler-32)', async () => {
  for (const format of ['raw', 'zlib'] as const) {
    const bomb = await deflateBomb('<a>', 0x20, 3 * 1024 * 1024 + 17, '</a>', format);
    const out = format === 'raw' ? inflateRawSync(bomb.compressed) : inflateSync(bomb.compressed);
    expect(out.length).toBe(bomb.size);
    expect(crc32(out)).toBe(bomb.crc);
    expect(out.subarray(0, 3).toString()).toBe('<a>');
    expect(out.subarray(-4).toString()).toBe('</a>');
    expect(bomb.compressed.length).toBeLessThan(bomb.size / 500);
  }
});
