/**
 * Conformance suite of the {@link DocumentStore} port.
 */
import type { DocumentStore } from '../ports.js';
import { sha256Hex } from '../internal/hash.js';
import { isTaxsyncError } from '../errors/taxsync-error.js';
import { check, checkRejects, declareSuite, type ConformanceOptions, type ConformanceTestApi } from './harness.js';

/** Options of {@link documentStoreTestSuite}. */
export interface DocumentStoreTestSuiteOptions<D extends DocumentStore = DocumentStore> extends ConformanceOptions<D> {
  /**
   * Damages what the store holds under `sha256` behind its back (flips a byte of the file, the row, the object), so
   * the suite can check that damaged bytes are never served. Without it, that test is left out.
   */
  readonly corrupt?: (store: D, sha256: string) => unknown;
  /** Size of the large document, in bytes. Default 20 MB (a long return with its schedules, scanned). */
  readonly largeBytes?: number;
}

const encoder = new TextEncoder();

/** A small real-looking PDF with accents in its text, so stores that transcode text are caught. */
const pdf = (title: string): Uint8Array =>
  encoder.encode(
    `%PDF-1.7\n%âãÏÓ\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj 4 0 obj<</Title(${title})>>endobj\n` +
      `trailer<</Root 1 0 R/Info 4 0 R>>\n%%EOF\n`,
  );

const same = (a: Uint8Array | undefined, b: Uint8Array): boolean => a !== undefined && a.length === b.length && a.every((v, i) => v === b[i]);

/** Bytes that no text encoding round-trips: every byte value, then a pattern. */
function binary(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = i < 256 ? i : x & 0xff;
  }
  return bytes;
}

const INVALID_KEYS: readonly string[] = [
  '',
  '../../../etc/passwd',
  `../${'a'.repeat(61)}`,
  `${'a'.repeat(62)}/.`,
  `${'a'.repeat(31)}/${'b'.repeat(32)}`,
  'A'.repeat(64),
  'a'.repeat(63),
  'a'.repeat(65),
  `${'a'.repeat(63)}\u0000`,
  `${'g'.repeat(64)}`,
];

/**
 * Declares the conformance tests of a {@link DocumentStore} adapter: bytes come back as put, under their real
 * SHA-256; a second put writes nothing (`created: false`), also when several run at once (exactly one says
 * `created: true`); an unknown key is `undefined` / `false`; a key that is not 64 lower-case hex digits (`../` and
 * friends) is refused with `invalid_input` before anything is read; what `get` returns is a copy; a 20 MB document
 * round-trips; and — given `options.corrupt` — damaged bytes are never served (a rejection, never the bytes).
 *
 * @example
 * ```ts
 * import { rm, writeFile } from 'node:fs/promises';
 * documentStoreTestSuite({ describe, it }, () => createFileDocumentStore(freshDir()), {
 *   corrupt: (store, sha256) => writeFile(store.pathOf(sha256), 'damaged'),
 * });
 * ```
 */
export function documentStoreTestSuite<D extends DocumentStore>(api: ConformanceTestApi, factory: () => D | Promise<D>, options: DocumentStoreTestSuiteOptions<D> = {}): void {
  declareSuite(api, 'DocumentStore conformance', factory, options, {
    'put stores bytes under their SHA-256, and get returns them': async (store) => {
      const bytes = pdf('T183 2025 — Zoé Gagnon-Tremblay, signé');
      const expected = await sha256Hex(bytes);
      const put = await store.put(bytes);
      check(put.sha256 === expected, `put must return the SHA-256 of the bytes (${expected}), got ${String(put.sha256)}`);
      check(put.created === true, 'the first put of some bytes must say created: true');
      check(same(await store.get(expected), bytes), 'get must return exactly the bytes put');
      check((await store.has(expected)) === true, 'has must be true for stored bytes');
      const other = binary(4096);
      const second = await store.put(other);
      check(second.sha256 === (await sha256Hex(other)) && same(await store.get(second.sha256), other), 'binary bytes (every byte value) must round-trip');
      check(same(await store.get(expected), bytes), 'a second document must not change the first');
    },

    'putting the same bytes again writes nothing': async (store) => {
      const bytes = pdf('Certificat de signature — CERT-7F3A');
      const first = await store.put(bytes);
      const again = await store.put(bytes.slice());
      check(again.sha256 === first.sha256, 'the same bytes must get the same key');
      check(again.created === false, 'a second put of the same bytes must say created: false');
      check(same(await store.get(first.sha256), bytes), 'the bytes must still be there');
    },

    'concurrent puts of the same bytes store them once': async (store) => {
      const bytes = binary(256 * 1024);
      const results = await Promise.all([store.put(bytes), store.put(bytes.slice()), store.put(bytes.slice()), store.put(bytes.slice())]);
      check(new Set(results.map((r) => r.sha256)).size === 1, 'concurrent puts of the same bytes must return one key');
      check(results.filter((r) => r.created).length === 1, `exactly one concurrent put must say created: true, got ${results.filter((r) => r.created).length}`);
      check(same(await store.get(results[0]?.sha256 ?? ''), bytes), 'the bytes must be stored whole');
    },

    'an unknown key is absent': async (store) => {
      const unknown = await sha256Hex('never stored');
      check((await store.get(unknown)) === undefined, 'get of an unknown key must be undefined');
      check((await store.has(unknown)) === false, 'has of an unknown key must be false');
    },

    'keys that are not 64 lower-case hex digits are refused, ../ included': async (store) => {
      await store.put(pdf('Léa'));
      for (const key of INVALID_KEYS) {
        await checkRejects(() => store.get(key), 'invalid_input', `get(${JSON.stringify(key)})`);
        await checkRejects(() => store.has(key), 'invalid_input', `has(${JSON.stringify(key)})`);
      }
      await checkRejects(() => store.get(42 as unknown as string), 'invalid_input', 'get(42)');
    },

    'what get returns is a copy, and what put was given is copied': async (store) => {
      const bytes = pdf('Marie-Ève Côté');
      const original = bytes.slice();
      const { sha256 } = await store.put(bytes);
      bytes.fill(0);
      check(same(await store.get(sha256), original), 'changing the array given to put must not change what is stored');
      const read = (await store.get(sha256)) as Uint8Array;
      read.fill(0x41);
      check(same(await store.get(sha256), original), 'changing the array get returned must not change what is stored');
    },

    'a large document round-trips': async (store) => {
      const bytes = binary(options.largeBytes ?? 20 * 1024 * 1024);
      const { sha256, created } = await store.put(bytes);
      check(created && sha256 === (await sha256Hex(bytes)), 'a large document must be stored under its SHA-256');
      check(same(await store.get(sha256), bytes), 'a large document must come back whole');
    },

    'damaged bytes are never served': async (store) => {
      if (options.corrupt === undefined) return;
      const bytes = pdf('Simon Provencher — T183 signé');
      const { sha256 } = await store.put(bytes);
      await options.corrupt(store, sha256);
      let served: Uint8Array | undefined;
      let error: unknown;
      try {
        served = await store.get(sha256);
      } catch (caught) {
        error = caught;
      }
      check(error !== undefined, `get of damaged bytes must reject, but it returned ${served === undefined ? 'undefined' : `${served.length} bytes`}`);
      check(isTaxsyncError(error) && error.code === 'document_corrupted', `get of damaged bytes must reject with a TaxsyncError of code document_corrupted, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      const repaired = await store.put(bytes);
      check(repaired.sha256 === sha256 && same(await store.get(sha256), bytes), 'putting the original again must make the document readable again');
    },
  });
}
