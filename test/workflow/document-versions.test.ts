/**
 * The version history of a client's form is every distinct document sent: two dispatches that sent two documents
 * under the same number (both read the history before either recorded) keep both, and signature sync takes the one
 * recorded last.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryClientStore, type JournalEntry } from '../../src/index.js';
import { documentVersionsKey, readDocumentVersions } from '../../src/workflow/document-versions.js';

const SHA = (c: string): string => c.repeat(64);

/** An entry as document dispatch writes it: step `v<n>`, ref `<sha256>[:<portal document id>]`. */
const entry = (n: number, sha: string, documentId?: string, status: JournalEntry['status'] = 'done'): JournalEntry => ({
  applyId: 'taxsync:document-versions',
  itemKey: documentVersionsKey('c-simon', 'T183', 2025),
  step: `v${n}`,
  status,
  clientId: 'c-simon',
  ref: documentId === undefined ? sha : `${sha}:${documentId}`,
  at: '2026-03-19T13:05:00.000Z',
});

async function read(entries: readonly JournalEntry[]) {
  const store = createMemoryClientStore();
  await store.appendJournal(entries);
  return readDocumentVersions(store, 'c-simon', 'T183', 2025);
}

describe('readDocumentVersions', () => {
  it('keeps two documents recorded under the same number, in the order they were recorded', async () => {
    const versions = await read([entry(1, SHA('a'), 'doc-a'), entry(2, SHA('c'), 'doc-c'), entry(2, SHA('b'), 'doc-b')]);
    expect(versions).toEqual([
      { n: 1, sha256: SHA('a'), documentId: 'doc-a' },
      { n: 2, sha256: SHA('c'), documentId: 'doc-c' },
      { n: 2, sha256: SHA('b'), documentId: 'doc-b' },
    ]);
  });

  it('orders by number first: an older version recorded late stays older', async () => {
    // Version 1 recorded after version 2 (its `done` write failed and the next apply completed it).
    const versions = await read([entry(2, SHA('b'), 'doc-b'), entry(1, SHA('a'), 'doc-a')]);
    expect(versions.map((v) => [v.n, v.documentId])).toEqual([
      [1, 'doc-a'],
      [2, 'doc-b'],
    ]);
  });

  it('lets a later entry of the same document supersede the earlier one, in its place and under its number', async () => {
    const versions = await read([
      entry(1, SHA('a'), 'doc-a'),
      entry(2, SHA('b')),
      entry(2, SHA('c'), 'doc-c'),
      // The document id of b filled in: b stays where it was first recorded, before c.
      entry(2, SHA('b'), 'doc-b'),
      // a recorded again under another number by an apply that read the history before a was recorded: still 1.
      entry(3, SHA('a'), 'doc-a'),
    ]);
    expect(versions.map((v) => [v.n, v.sha256, v.documentId])).toEqual([
      [1, SHA('a'), 'doc-a'],
      [2, SHA('b'), 'doc-b'],
      [2, SHA('c'), 'doc-c'],
    ]);
  });

  it('counts only documents whose latest entry is done, and leaves out refs that are not a SHA-256', async () => {
    const versions = await read([
      entry(1, SHA('a'), 'doc-a'),
      entry(2, SHA('b'), 'doc-b'),
      entry(2, SHA('b'), 'doc-b', 'released'),
      entry(3, SHA('c'), 'doc-c', 'claimed'),
      { ...entry(3, SHA('d')), ref: 'not-a-sha:doc-d' },
      { ...entry(4, SHA('e')), step: 'version-4' },
    ]);
    expect(versions.map((v) => v.sha256)).toEqual([SHA('a')]);
  });

  it('reads the entries of its own client, form and year only', async () => {
    const store = createMemoryClientStore();
    await store.appendJournal([entry(1, SHA('a'), 'doc-a'), { ...entry(2, SHA('b'), 'doc-b'), itemKey: documentVersionsKey('c-simon', 'T183', 2024) }]);
    expect(await readDocumentVersions(store, 'c-simon', 'T183', 2025)).toEqual([{ n: 1, sha256: SHA('a'), documentId: 'doc-a' }]);
    expect(await readDocumentVersions(store, 'c-marie-eve', 'T183', 2025)).toEqual([]);
  });
});
