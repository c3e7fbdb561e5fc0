/**
 * The DocumentStore conformance suite against the memory store and the filesystem store of `taxsync/fs` (real files
 * in a temporary folder), and what the filesystem store promises beyond the port: its layout, atomic writes, damaged
 * files refused, a second process seeing what the first stored.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryDocumentStore, DocumentStoreError, isTaxsyncError } from '../../src/index.js';
import { createFileDocumentStore, type FileDocumentStore } from '../../src/fs.js';
import { documentStoreTestSuite } from '../../src/testing/index.js';

const dirs: string[] = [];
const freshDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'taxsync-documents-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Flips one byte in the middle of the stored file. */
const corruptFile = (store: FileDocumentStore, sha256: string): void => {
  const path = store.pathOf(sha256);
  const bytes = readFileSync(path);
  const middle = bytes.length >> 1;
  bytes[middle] = (bytes[middle] ?? 0) ^ 0x20;
  writeFileSync(path, bytes);
};

documentStoreTestSuite({ describe, it }, () => createMemoryDocumentStore(), { name: 'memory' });
documentStoreTestSuite({ describe, it }, () => createFileDocumentStore(freshDir()), { name: 'filesystem', corrupt: corruptFile });

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

describe('createFileDocumentStore', () => {
  const pdf = new TextEncoder().encode('%PDF-1.7\n% T183 2025 — Benoît Lœuillet, signé\n%%EOF\n');
  const sha = createHash('sha256').update(pdf).digest('hex');

  it('keeps one file per document, named by its SHA-256 in two levels of folders, and no temporary file', async () => {
    const dir = freshDir();
    const store = createFileDocumentStore(dir);
    await store.put(pdf);
    await store.put(pdf);
    expect(files(dir)).toEqual([join(sha.slice(0, 2), sha.slice(2, 4), sha)]);
    expect(new Uint8Array(readFileSync(store.pathOf(sha)))).toEqual(pdf);
  });

  it('is read by another process and another store over the same folder', async () => {
    const dir = freshDir();
    await createFileDocumentStore(dir).put(pdf);
    const script = `
      import { createFileDocumentStore } from ${JSON.stringify(new URL('../../src/fs.ts', import.meta.url).pathname)};
      const bytes = await createFileDocumentStore(process.argv[1]).get(process.argv[2]);
      console.log(new TextDecoder().decode(bytes));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir, sha], { encoding: 'utf8' });
    expect(out).toContain('Benoît Lœuillet');
  });

  it('refuses a damaged file with a typed, bilingual error that carries no bytes, and repairs it on the next put', async () => {
    const store = createFileDocumentStore(freshDir());
    await store.put(pdf);
    writeFileSync(store.pathOf(sha), 'SIN 130 692 544 — not the PDF');
    const error = await store.get(sha).catch((e: unknown) => e);
    expect(DocumentStoreError.isInstance(error)).toBe(true);
    expect(isTaxsyncError(error) && error.code).toBe('document_corrupted');
    expect(isTaxsyncError(error) && error.params).toEqual({ sha256: sha.slice(0, 8) });
    expect(isTaxsyncError(error) && error.messageIn('fr')).toContain('abîmée');
    expect(String((error as Error).message)).not.toContain('130 692 544');
    expect(await store.put(pdf)).toEqual({ sha256: sha, created: true });
    expect(await store.get(sha)).toEqual(pdf);
  });

  it('never reads or writes outside its folder', async () => {
    const dir = freshDir();
    const store = createFileDocumentStore(join(dir, 'inner'));
    writeFileSync(join(dir, 'secret'), 'x');
    for (const key of ['../secret', `../${'0'.repeat(61)}`, '/etc/passwd']) {
      await expect(store.get(key)).rejects.toMatchObject({ code: 'invalid_input' });
      expect(() => store.pathOf(key)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
    expect(() => createFileDocumentStore('  ')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('stores documents put by several stores at once, each once', async () => {
    const dir = freshDir();
    const stores = [createFileDocumentStore(dir), createFileDocumentStore(dir), createFileDocumentStore(dir, { fsync: false })];
    const docs = Array.from({ length: 12 }, (_, i) => new TextEncoder().encode(`%PDF-1.7\n% T183 n° ${i} — Zoé\n%%EOF\n`));
    const results = await Promise.all(docs.flatMap((d) => stores.map((s) => s.put(d))));
    expect(results.filter((r) => r.created)).toHaveLength(docs.length);
    expect(files(dir)).toHaveLength(docs.length);
  });
});
