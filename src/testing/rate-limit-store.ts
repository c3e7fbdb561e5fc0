/**
 * Conformance suite of the {@link RateLimitStore} port.
 */
import type { RateLimitDecision, RateLimitStore } from '../clients/form/rate-limit.js';
import { check, checkData, checkRejects, declareSuite, type ConformanceOptions, type ConformanceTestApi } from './harness.js';

/** Options of {@link rateLimitStoreTestSuite}. */
export type RateLimitStoreTestSuiteOptions = ConformanceOptions<RateLimitStore>;

const T0 = Date.UTC(2026, 2, 2, 14, 0, 0);
const MINUTE = 60_000;

const summary = (d: RateLimitDecision): [boolean, number, number, number] => [d.allowed, d.count, d.remaining, d.retryAfterMs];

/**
 * Declares the conformance tests of a {@link RateLimitStore} adapter: the sliding window (exact boundaries, refused
 * hits not recorded, `retryAfterMs`), independent keys (case, accents, quotes, long keys), atomicity under
 * concurrent hits, and refusal of unusable input. Times are passed in `now`, so the tests never wait. Each test gets
 * a fresh store from `factory`: give it an empty one.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { rateLimitStoreTestSuite } from 'taxsync/testing';
 *
 * rateLimitStoreTestSuite({ describe, it }, () => createPostgresRateLimitStore(pool), { cleanup: () => pool.query('TRUNCATE taxsync_rate_limits') });
 * ```
 */
export function rateLimitStoreTestSuite(api: ConformanceTestApi, factory: () => RateLimitStore | Promise<RateLimitStore>, options: RateLimitStoreTestSuiteOptions = {}): void {
  declareSuite(api, 'RateLimitStore conformance', factory, options, {
    'allows up to the limit, then refuses with the time to wait': async (store) => {
      const rule = { key: 'address:a1', limit: 3, windowMs: 10 * MINUTE };
      checkData(summary(await store.hit({ ...rule, now: T0 })), [true, 1, 2, 0], 'first hit');
      checkData(summary(await store.hit({ ...rule, now: T0 + 1_000 })), [true, 2, 1, 0], 'second hit');
      checkData(summary(await store.hit({ ...rule, now: T0 + 2_000 })), [true, 3, 0, 0], 'third hit (the limit)');
      const refused = await store.hit({ ...rule, now: T0 + 3_000 });
      checkData(summary(refused), [false, 3, 0, 10 * MINUTE - 3_000], 'a hit over the limit must be refused, retryAfterMs being when the oldest hit leaves the window');
    },

    'slides: each hit leaves the window windowMs after it was made': async (store) => {
      const rule = { key: 'email:b2', limit: 2, windowMs: 60_000 };
      check((await store.hit({ ...rule, now: T0 })).allowed, 'hit at 0 s');
      check((await store.hit({ ...rule, now: T0 + 40_000 })).allowed, 'hit at 40 s');
      const atEdge = await store.hit({ ...rule, now: T0 + 59_999 });
      checkData(summary(atEdge), [false, 2, 0, 1], 'at 59.999 s the first hit is still inside the window');
      const after = await store.hit({ ...rule, now: T0 + 60_000 });
      checkData(summary(after), [true, 2, 0, 0], 'at exactly 60 s the first hit has left the window: (now - windowMs, now]');
      const next = await store.hit({ ...rule, now: T0 + 61_000 });
      checkData(summary(next), [false, 2, 0, 39_000], 'then the 40 s hit blocks until 100 s');
    },

    'does not record refused hits, so a client is let in again': async (store) => {
      const rule = { key: 'address:c3', limit: 1, windowMs: 10_000 };
      check((await store.hit({ ...rule, now: T0 })).allowed, 'first hit');
      for (let i = 1; i <= 5; i++) check(!(await store.hit({ ...rule, now: T0 + i * 1_000 })).allowed, `retry ${i} inside the window must be refused`);
      const later = await store.hit({ ...rule, now: T0 + 10_000 });
      check(later.allowed, 'once the only recorded hit left the window, a hit must be allowed: refused hits must not have been recorded');
    },

    'keeps keys apart, compared exactly': async (store) => {
      const rule = { limit: 1, windowMs: MINUTE, now: T0 };
      const keys = ['email:Zoé', 'email:zoé', 'email:Zoe', "email:o'brien\"x", `address:${'9'.repeat(190)}`, 'address:Ω'];
      for (const key of keys) check((await store.hit({ ...rule, key })).allowed, `the first hit on ${JSON.stringify(key.slice(0, 20))} must be allowed: keys must not collide`);
      for (const key of keys) check(!(await store.hit({ ...rule, key })).allowed, `the second hit on ${JSON.stringify(key.slice(0, 20))} must be refused`);
    },

    'allows exactly the limit among concurrent hits on one key': async (store) => {
      const rule = { key: 'address:concurrent', limit: 5, windowMs: MINUTE };
      const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => store.hit({ ...rule, now: T0 + i })));
      const allowed = decisions.filter((d) => d.allowed).length;
      check(allowed === 5, `20 concurrent hits with a limit of 5 must allow exactly 5, allowed ${allowed}`);
      check(decisions.every((d) => d.allowed || d.retryAfterMs > 0), 'every refused hit must say how long to wait');
    },

    'accepts a smaller window for a later hit of a key seen before': async (store) => {
      // Hosts tune their limits between deployments: old hits are judged by the new rule.
      check((await store.hit({ key: 'email:d4', limit: 2, windowMs: 60 * MINUTE, now: T0 })).allowed, 'hit under the old rule');
      const decision = await store.hit({ key: 'email:d4', limit: 1, windowMs: MINUTE, now: T0 + 2 * MINUTE });
      checkData(summary(decision), [true, 1, 0, 0], 'a hit older than the new window must not count');
    },

    'refuses unusable input with invalid_input and records nothing': async (store) => {
      const base = { key: 'address:e5', limit: 2, windowMs: MINUTE, now: T0 };
      await checkRejects(() => store.hit({ ...base, limit: 0 }), 'invalid_input', 'a limit of 0');
      await checkRejects(() => store.hit({ ...base, limit: 1.5 }), 'invalid_input', 'a fractional limit');
      await checkRejects(() => store.hit({ ...base, windowMs: 0 }), 'invalid_input', 'a window of 0');
      await checkRejects(() => store.hit({ ...base, now: Number.NaN }), 'invalid_input', 'a time that is not a number');
      await checkRejects(() => store.hit({ ...base, key: '' }), 'invalid_input', 'an empty key');
      await checkRejects(() => store.hit({ ...base, key: 'x'.repeat(201) }), 'invalid_input', 'a key over 200 characters');
      checkData(summary(await store.hit(base)), [true, 1, 1, 0], 'after refused input, the key must be untouched');
    },
  });
}
