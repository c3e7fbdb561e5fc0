/**
 * The DocumentStore conformance suite must fail stores that break the port's contract: a store that hands out its
 * own array, trusts keys as paths, says `created: true` every time, or serves damaged bytes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryDocumentStore, DocumentStoreError, type DocumentStore } from '../../src/index.js';
import { documentStoreTestSuite } from '../../src/testing/index.js';
import { failuresOf } from '../fixtures/conformance.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A map-backed store with switchable faults, and a way to damage what it holds. */
function faulty(faults: { readonly shared?: boolean; readonly anyKey?: boolean; readonly alwaysCreated?: boolean; readonly unchecked?: boolean; readonly lossy?: boolean }) {
  const held = new Map<string, Uint8Array>();
  const store: DocumentStore & { damage(key: string): void } = {
    async put(bytes) {
      const key = sha(bytes);
      const known = held.has(key);
      if (!known || faults.unchecked !== true) held.set(key, faults.shared === true ? bytes : bytes.slice(0, faults.lossy === true ? 10 * 1024 * 1024 : undefined));
      return { sha256: key, created: faults.alwaysCreated === true || !known };
    },
    async get(key) {
      if (faults.anyKey !== true && !/^[0-9a-f]{64}$/.test(key)) throw new Error('bad key');
      const bytes = held.get(key);
      if (bytes !== undefined && faults.unchecked !== true && sha(bytes) !== key) throw new DocumentStoreError('document_corrupted', { sha256: key.slice(0, 8) });
      return faults.shared === true ? bytes : bytes?.slice();
    },
    async has(key) {
      return held.has(key);
    },
    damage(key) {
      const bytes = held.get(key);
      if (bytes !== undefined) bytes[0] = (bytes[0] ?? 0) ^ 1;
    },
  };
  return store;
}

const failing = async (faults: Parameters<typeof faulty>[0]): Promise<string[]> =>
  [...(await failuresOf((api) => documentStoreTestSuite(api, () => faulty(faults), { corrupt: (s, key) => s.damage(key), largeBytes: 12 * 1024 * 1024 }))).keys()].sort();

describe('the DocumentStore conformance suite catches broken stores', () => {
  it('passes the memory store as shipped', async () => {
    expect([...(await failuresOf((api) => documentStoreTestSuite(api, () => createMemoryDocumentStore()))).keys()]).toEqual([]);
  });

  it('fails a store that shares its arrays with callers', async () => {
    expect(await failing({ shared: true })).toContain('what get returns is a copy, and what put was given is copied');
  });

  it('fails a store that takes any string as a key (../ included), or refuses keys with a plain Error', async () => {
    expect(await failing({ anyKey: true })).toEqual(['keys that are not 64 lower-case hex digits are refused, ../ included']);
    expect(await failing({})).toEqual(['keys that are not 64 lower-case hex digits are refused, ../ included']);
  });

  it('fails a store that says created: true for bytes it already had', async () => {
    expect(await failing({ alwaysCreated: true })).toEqual(
      expect.arrayContaining(['concurrent puts of the same bytes store them once', 'putting the same bytes again writes nothing']),
    );
  });

  it('fails a store that serves damaged bytes, or truncates large documents', async () => {
    expect(await failing({ unchecked: true })).toContain('damaged bytes are never served');
    // Refusing damaged bytes with an untyped error is not enough either: the host cannot tell it from an outage.
    const untyped = (): DocumentStore => {
      const inner = faulty({});
      return { ...inner, get: (key) => inner.get(key).catch(() => Promise.reject(new Error('checksum'))) };
    };
    expect([...(await failuresOf((api) => documentStoreTestSuite(api, untyped, { corrupt: (s, key) => (s as ReturnType<typeof faulty>).damage(key), largeBytes: 1024 }))).keys()]).toContain('damaged bytes are never served');
    expect(await failing({ lossy: true })).toContain('a large document round-trips');
  });
});
