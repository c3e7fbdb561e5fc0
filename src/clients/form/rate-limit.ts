/**
 * The `RateLimitStore` port: how the website form counts recent submissions per client address and per e-mail,
 * over a sliding window, in storage the host chooses (memory for one process, PostgreSQL for several).
 */
import { InvalidArgumentError } from '../../errors/invalid-argument.js';

/** A limit: at most `limit` accepted hits within any `windowMs` milliseconds. */
export interface RateLimitRule {
  /** Hits accepted within one window, at least 1. */
  readonly limit: number;
  /** Length of the sliding window in milliseconds, at least 1. */
  readonly windowMs: number;
}

/** Input of {@link RateLimitStore.hit}. */
export interface RateLimitHitInput extends RateLimitRule {
  /**
   * The bucket: an opaque string of at most 200 characters. The form handler passes `address:` or `email:` plus an
   * HMAC of the value, never the address or e-mail itself. A key is always used with the same rule.
   */
  readonly key: string;
  /** The time of the hit, in milliseconds since the epoch (the caller's clock, so every store agrees with it). */
  readonly now: number;
}

/** What {@link RateLimitStore.hit} decided. */
export interface RateLimitDecision {
  /** `true` when the hit was within the limit and was recorded; `false` when refused (and not recorded). */
  readonly allowed: boolean;
  /** Hits recorded for the key inside the window after this call (this one included when allowed). */
  readonly count: number;
  /** Hits still allowed inside the window after this call. */
  readonly remaining: number;
  /** When refused: milliseconds until the oldest hit leaves the window and a hit would be allowed again; else 0. */
  readonly retryAfterMs: number;
}

/**
 * Storage of the website form's rate limits: a **sliding-window log** per key. A hit is allowed when fewer than
 * `limit` earlier hits of the key fall inside `(now - windowMs, now]`; an allowed hit is recorded, a refused one is
 * not (so a client that keeps retrying is let in again as soon as its oldest hit leaves the window, never locked out
 * for good).
 *
 * The contract, checked by `rateLimitStoreTestSuite` in `taxsync/testing`:
 * - `hit` is atomic per key: of concurrent hits on one key, exactly `limit` are allowed within a window, even across
 *   processes when the store is shared (PostgreSQL serialises them on the key's row).
 * - Keys are independent, compared exactly (case, accents and quotes included).
 * - A `limit` below 1, a `windowMs` below 1, a non-finite `now` or an empty key throw `InvalidArgumentError`
 *   (`invalid_input`); nothing is recorded then.
 * - Storage is bounded: a key holds at most `limit` timestamps; expired keys are dropped (memory) or pruned
 *   (`prune` of the PostgreSQL store).
 *
 * Implementations shipped: `createMemoryRateLimitStore()` (one process) and `createPostgresRateLimitStore(pool)` in
 * `taxsync/postgres` (several processes or serverless instances).
 *
 * @example
 * ```ts
 * const decision = await store.hit({ key: 'address:3f9a…', limit: 10, windowMs: 600_000, now: Date.now() });
 * if (!decision.allowed) return new Response('Too many requests', { status: 429, headers: { 'Retry-After': String(Math.ceil(decision.retryAfterMs / 1000)) } });
 * ```
 */
export interface RateLimitStore {
  /** Counts one hit on `key` under `limit` / `windowMs` at `now`, and says whether it is allowed. */
  hit(input: RateLimitHitInput): Promise<RateLimitDecision>;
}

/** Longest key a store must accept. */
export const MAX_RATE_LIMIT_KEY_LENGTH = 200;

/** Checks a hit's input; shared by the stores taxsync ships. @internal */
export function checkRateLimitHit(input: RateLimitHitInput): void {
  const bad = (detail: string): InvalidArgumentError => new InvalidArgumentError('invalid_input', { detail });
  if (typeof input !== 'object' || input === null) throw bad('a rate-limit hit needs { key, limit, windowMs, now }');
  const { key, limit, windowMs, now } = input;
  if (typeof key !== 'string' || key === '' || key.length > MAX_RATE_LIMIT_KEY_LENGTH || key.includes('\u0000')) {
    throw bad(`a rate-limit key must be a non-empty string of at most ${MAX_RATE_LIMIT_KEY_LENGTH} characters without NUL`);
  }
  if (!Number.isSafeInteger(limit) || limit < 1) throw bad('a rate limit must be a whole number of hits, at least 1');
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) throw bad('a rate-limit window must be a whole number of milliseconds, at least 1');
  if (!Number.isSafeInteger(now) || now < 0) throw bad('the time of a rate-limit hit must be whole milliseconds since the epoch');
}

/**
 * The decision of a sliding-window log: `hits` are the key's recorded times (ascending), already pruned to the
 * window. @internal
 */
export function decide(hits: readonly number[], input: RateLimitHitInput): RateLimitDecision {
  if (hits.length < input.limit) {
    const count = hits.length + 1;
    return { allowed: true, count, remaining: input.limit - count, retryAfterMs: 0 };
  }
  // The hit that must leave the window before one more is allowed.
  const blocking = hits[hits.length - input.limit] ?? input.now;
  return { allowed: false, count: hits.length, remaining: 0, retryAfterMs: Math.max(1, blocking + input.windowMs - input.now) };
}
