/* A frozen copy of what #13 changed in src/parsers, as it was at 0078d5b: the reference of parse-differential.test.ts. Do not edit. */
/**
 * Text decoding of exported files: BOMs, UTF-8, and Windows-1252 — decoded right, including the 0x80–0x9F range
 * (’ “ ” – — € œ Œ …) that Node 20's TextDecoder turns into control characters (nodejs/node#60888).
 */
import type { TextEncodingName } from '../../../src/parsers/types.js';

// Windows-1252 0x80–0x9F. The five undefined bytes map to their C1 controls, as the WHATWG Encoding Standard says.
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

const C1 = /[\u0080-\u009f]/g;
const fixC1 = (ch: string): string => CP1252_HIGH[ch.charCodeAt(0) - 0x80] ?? ch;

/** Decodes text incrementally: `final` is true for the last piece. */
export interface ChunkDecoder {
  decode(bytes: Uint8Array, final: boolean): string;
}

/** A decoder for the given encoding. Works in Node and browsers. */
export function createDecoder(encoding: TextEncodingName): ChunkDecoder {
  if (encoding === 'windows-1252') {
    // 'latin1' is Windows-1252 in browsers and ISO-8859-1 in Node 20: either way every byte maps to one char, and
    // the C1 range is then fixed up from the table (a no-op where the platform got it right).
    const decoder = new TextDecoder('latin1');
    return {
      decode: (bytes) => {
        const text = decoder.decode(bytes);
        return text.replace(C1, fixC1);
      },
    };
  }
  const label = encoding === 'utf-16le' ? 'utf-16le' : encoding === 'utf-16be' ? 'utf-16be' : 'utf-8';
  // ignoreBOM: the BOM was consumed when sniffing.
  const decoder = new TextDecoder(label, { fatal: false, ignoreBOM: true });
  return { decode: (bytes, final) => decoder.decode(bytes, { stream: !final }) };
}

/** What sniffing the start of a file found. */
export interface Sniffed {
  readonly encoding: TextEncodingName;
  /** Length of the byte-order mark to skip. */
  readonly bomLength: number;
}

/** What a file that is not the expected one turned out to be; rendered by the message catalogue in both languages. */
export type DetectedFileKind = 'pdf' | 'xlsx' | 'compound' | 'png' | 'jpeg' | 'binary';

/** Recognisable binary formats, to say what a wrong file is. */
export function detectBinary(head: Uint8Array): DetectedFileKind | undefined {
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf';
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return 'xlsx';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'compound';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  return undefined;
}

/**
 * Chooses the encoding from the first bytes: a BOM decides; otherwise text that is mostly UTF-8 is UTF-8 (the few
 * bytes that are not become an issue on their row) and anything else is Windows-1252, the encoding of the Windows tax
 * programs. `complete` says `head` is the whole file, so a sequence it cuts short is not UTF-8. Returns `binary` for
 * data that is not text at all.
 */
export function sniffEncoding(head: Uint8Array, complete = false): Sniffed | { readonly binary: DetectedFileKind } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8-bom', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const binary = detectBinary(head);
  if (binary !== undefined) return { binary };
  const sample = head.subarray(0, Math.min(head.length, 4096));
  let zeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      zeros++;
      if (i % 2 === 1) oddZeros++;
    }
  }
  if (zeros > 0) {
    // UTF-16LE without a BOM: ASCII text with a zero after every byte.
    if (oddZeros > sample.length / 4 && oddZeros === zeros) return { encoding: 'utf-16le', bomLength: 0 };
    return { binary: 'binary' };
  }
  return { encoding: utf8Wins(utf8Evidence(head, complete)) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** What bytes say about UTF-8: its well-formed multi-byte sequences, and the bytes above 0x7F that cannot be UTF-8. */
export interface Utf8Evidence {
  readonly valid: number;
  readonly invalid: number;
}

/**
 * Counts well-formed UTF-8 multi-byte sequences and the sequences that are not UTF-8. A sequence cut by the end of
 * `bytes` counts as neither, unless `complete` says nothing follows (then it is invalid).
 */
export function utf8Evidence(bytes: Uint8Array, complete = false): Utf8Evidence {
  let valid = 0;
  let invalid = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Well-formed sequences per the Unicode standard (table 3-7): no overlongs, surrogates or values past U+10FFFF.
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else {
      invalid++;
      i++;
      continue;
    }
    let k = 1;
    while (k <= need && i + k < n) {
      const c = bytes[i + k] ?? 0;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) break;
      k++;
    }
    if (k > need) valid++;
    else if (i + k < n || complete) invalid++;
    i += k;
  }
  return { valid, invalid };
}

/**
 * UTF-8 or not, from its evidence: valid UTF-8, or mostly UTF-8 (a UTF-8 file with a few rows pasted from a
 * Windows-1252 one). A real Windows-1252 file has almost no byte pairs that happen to form UTF-8.
 */
export function utf8Wins(evidence: Utf8Evidence): boolean {
  return evidence.invalid === 0 || evidence.valid > evidence.invalid;
}
