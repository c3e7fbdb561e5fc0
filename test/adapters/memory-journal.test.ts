/**
 * The memory store's journal at the size a long-lived host reaches: pruning keeps working past what a spread of
 * arguments can hold.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryClientStore, type JournalEntry } from '../../src/index.js';

describe('createMemoryClientStore journal', () => {
  it('prunes finished applies from a journal of 400,000 entries, keeping the recent and open ones in order', async () => {
    const store = createMemoryClientStore();
    const old = '2025-01-10T12:00:00.000Z';
    const entries: JournalEntry[] = [];
    for (let i = 0; i < 200_000; i++) entries.push({ applyId: `plan-${i % 50}`, itemKey: `i${i}`, step: 'email', status: 'done', at: old });
    entries.push({ applyId: 'plan-open', itemKey: 'i0', step: 'email', status: 'unknown', at: old });
    for (let i = 0; i < 200_000; i++) entries.push({ applyId: 'plan-recent', itemKey: `i${i}`, step: 'email', status: 'done', at: '2026-11-30T12:00:00.000Z' });
    await store.appendJournal(entries);
    expect(await store.pruneJournal('2026-01-01T00:00:00.000Z')).toBe(200_000);
    const left = store.journalSnapshot();
    expect(left).toHaveLength(200_001);
    expect(left[0]?.applyId).toBe('plan-open');
    expect(left.at(-1)?.itemKey).toBe('i199999');
    expect(await store.readJournal('plan-7')).toEqual([]);
    expect((await store.readJournal('plan-recent', 'i42')).map((e) => e.status)).toEqual(['done']);
  });
});
