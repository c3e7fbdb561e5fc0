/**
 * The RateLimitStore port: the conformance suite on the memory store, the suite failing broken stores, and what only
 * the memory store promises (bounded memory).
 */
import { describe, expect, it } from 'vitest';
import { createMemoryRateLimitStore, type RateLimitDecision, type RateLimitHitInput, type RateLimitStore } from '../../src/index.js';
import { rateLimitStoreTestSuite } from '../../src/testing/index.js';
import { failuresOf } from '../fixtures/conformance.js';

rateLimitStoreTestSuite({ describe, it }, () => createMemoryRateLimitStore(), { name: 'memory' });
rateLimitStoreTestSuite({ describe, it }, () => createMemoryRateLimitStore({ maxKeys: 8 }), { name: 'memory, 8 keys at most' });

/** A store written the naive way: read, think (await), write — and other mistakes, one per variant. */
function naiveStore(mistake: 'race' | 'records-refused' | 'fixed-window' | 'no-checks'): RateLimitStore {
  const hits = new Map<string, number[]>();
  return {
    async hit(input: RateLimitHitInput): Promise<RateLimitDecision> {
      if (mistake !== 'no-checks' && (input.limit < 1 || !Number.isInteger(input.limit) || input.windowMs < 1 || !Number.isFinite(input.now) || input.key === '' || input.key.length > 200)) {
        return createMemoryRateLimitStore().hit(input);
      }
      const start = mistake === 'fixed-window' ? Math.floor(input.now / input.windowMs) * input.windowMs - 1 : input.now - input.windowMs;
      const recent = (hits.get(input.key) ?? []).filter((t) => t > start);
      if (mistake === 'race') await new Promise((r) => setTimeout(r, 1));
      const allowed = recent.length < input.limit;
      if (allowed || mistake === 'records-refused') recent.push(input.now);
      hits.set(input.key, recent);
      const oldest = recent[recent.length - input.limit] ?? input.now;
      return allowed
        ? { allowed, count: recent.length, remaining: input.limit - recent.length, retryAfterMs: 0 }
        : { allowed, count: Math.min(recent.length, input.limit), remaining: 0, retryAfterMs: Math.max(1, oldest + input.windowMs - input.now) };
    },
  };
}

describe('the RateLimitStore conformance suite', () => {
  it('passes the memory store', async () => {
    expect(await failuresOf((api) => rateLimitStoreTestSuite(api, () => createMemoryRateLimitStore()))).toEqual(new Map());
  });

  it('fails a store whose read and write are not atomic', async () => {
    const failures = await failuresOf((api) => rateLimitStoreTestSuite(api, () => naiveStore('race')));
    expect([...failures.keys()]).toEqual(['allows exactly the limit among concurrent hits on one key']);
    expect(failures.get('allows exactly the limit among concurrent hits on one key')).toBe('20 concurrent hits with a limit of 5 must allow exactly 5, allowed 20');
  });

  it('fails a store that records refused hits, a fixed window, and one that accepts unusable input', async () => {
    expect([...(await failuresOf((api) => rateLimitStoreTestSuite(api, () => naiveStore('records-refused')))).keys()]).toEqual([
      'allows up to the limit, then refuses with the time to wait',
      'slides: each hit leaves the window windowMs after it was made',
      'does not record refused hits, so a client is let in again',
    ]);
    expect([...(await failuresOf((api) => rateLimitStoreTestSuite(api, () => naiveStore('fixed-window')))).keys()]).toContain('slides: each hit leaves the window windowMs after it was made');
    expect([...(await failuresOf((api) => rateLimitStoreTestSuite(api, () => naiveStore('no-checks')))).keys()]).toEqual(['refuses unusable input with invalid_input and records nothing']);
  });
});

describe('createMemoryRateLimitStore', () => {
  it('holds at most maxKeys keys, dropping expired then least recently hit ones', async () => {
    const store = createMemoryRateLimitStore({ maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) await store.hit({ key: `address:${i}`, limit: 1, windowMs: 1_000, now: 1_000_000 + i });
    expect(store.size).toBe(100);
    // The most recent keys are still counted.
    expect((await store.hit({ key: 'address:999', limit: 1, windowMs: 1_000, now: 1_000_999 })).allowed).toBe(false);
    // After the window, everything expired makes room at once.
    await store.hit({ key: 'fresh', limit: 1, windowMs: 1_000, now: 2_100_000 });
    expect(store.size).toBe(1);
  });
});
