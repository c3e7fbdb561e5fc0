/**
 * CRC-32 (ISO-HDLC: zip, PNG, gzip) in JavaScript, for the builds without Node's `zlib.crc32` (browsers, workers).
 * Internal.
 *
 * Four bytes a step through four tables ("slicing by 4"): the plain byte-at-a-time loop is a chain of dependent table
 * lookups, four times as many as this one, which is what made it the slow half of reading a zip in JavaScript.
 */

const TABLES = /* @__PURE__ */ (() => {
  const tables = new Int32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = tables[n] as number;
    for (let t = 1; t < 4; t++) {
      c = (tables[c & 0xff] as number) ^ (c >>> 8);
      tables[t * 256 + n] = c;
    }
  }
  return tables;
})();

/** CRC-32 of `bytes`, continuing from `value` (the CRC of the bytes before them) as Node's `zlib.crc32` does. */
export function crc32(bytes: Uint8Array, value = 0): number {
  const t = TABLES;
  let c = ~value;
  let i = 0;
  const fours = bytes.length - (bytes.length & 3);
  for (; i < fours; i += 4) {
    c ^= (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
    c = (t[768 + (c & 0xff)] as number) ^ (t[512 + ((c >>> 8) & 0xff)] as number) ^ (t[256 + ((c >>> 16) & 0xff)] as number) ^ (t[c >>> 24] as number);
  }
  for (; i < bytes.length; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}
