/**
 * The in-memory {@link RateLimitStore}: the website form's default, for a single process.
 */
import { InvalidArgumentError } from '../../errors/invalid-argument.js';
import { checkRateLimitHit, decide, type RateLimitDecision, type RateLimitHitInput, type RateLimitStore } from './rate-limit.js';

/** Options of {@link createMemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /**
   * Most keys held at once (default 100,000: a few MB). When an attack spreads over more addresses than that, keys
   * whose window has passed are dropped first, then the least recently hit ones: memory stays bounded, at the cost of
   * forgetting the oldest buckets.
   */
  readonly maxKeys?: number;
}

/** A {@link RateLimitStore} in memory, with the number of keys it holds. */
export interface MemoryRateLimitStore extends RateLimitStore {
  /** Keys currently held. */
  readonly size: number;
}

interface Bucket {
  hits: number[];
  expiresAt: number;
}

/**
 * A {@link RateLimitStore} in this process's memory: right for one Node server (and for tests), wrong for several
 * instances or serverless functions, which do not share it — use `createPostgresRateLimitStore(pool)` from
 * `taxsync/postgres` there. Passes `rateLimitStoreTestSuite`.
 *
 * @example
 * ```ts
 * const handler = createClientFormHandler({ store, portal, mailer, rateLimits: createMemoryRateLimitStore() }, { secret });
 * ```
 */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): MemoryRateLimitStore {
  const maxKeys = options.maxKeys ?? 100_000;
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw new InvalidArgumentError('invalid_input', { detail: 'maxKeys must be a whole number, at least 1' });
  // Map order is insertion order; a hit re-inserts its key, so the first keys are the least recently hit.
  const buckets = new Map<string, Bucket>();

  const makeRoom = (now: number): void => {
    if (buckets.size < maxKeys) return;
    for (const [key, bucket] of buckets) if (bucket.expiresAt <= now) buckets.delete(key);
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    get size() {
      return buckets.size;
    },
    async hit(input: RateLimitHitInput): Promise<RateLimitDecision> {
      checkRateLimitHit(input);
      const { key, now, windowMs } = input;
      const previous = buckets.get(key);
      const hits = (previous?.hits ?? []).filter((at) => at > now - windowMs);
      const decision = decide(hits, input);
      if (decision.allowed) {
        hits.push(now);
        // Another process's clock (or a test's) may be behind: keep the log in time order.
        hits.sort((a, b) => a - b);
      }
      buckets.delete(key);
      if (hits.length > 0) {
        makeRoom(now);
        buckets.set(key, { hits, expiresAt: (hits.at(-1) ?? now) + windowMs });
      }
      return decision;
    },
  };
}
