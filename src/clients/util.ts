/**
 * Small helpers of the client workflows. Internal.
 */
import { isTaxsyncError } from '../model/errors.js';
import { maskText } from '../model/mask.js';

/**
 * A 53-bit hash of a string as 14 hex digits (cyrb53): stable ids and idempotency keys that carry no personal data
 * in clear. Not a cryptographic hash.
 */
export function hashKey(value: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/**
 * The message of an error thrown by a host's adapter, safe to show: every number that could be a SIN or BN (whatever
 * its separators) and every e-mail address is masked by `maskText`, and the text is cut at 300 characters.
 */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const masked = maskText(text);
  return masked.length > 300 ? `${masked.slice(0, 299)}…` : masked;
}

/** True for the `version_conflict` error of a store. */
export function isVersionConflict(error: unknown): boolean {
  return isTaxsyncError(error) && error.code === 'version_conflict';
}

/**
 * Runs `worker` over `items` with at most `concurrency` at a time, stopping to take new items once `signal` is
 * aborted. `worker` must not throw. Returns the indices never started.
 */
export async function runPool<T>(items: readonly T[], concurrency: number, signal: AbortSignal | undefined, worker: (item: T, index: number) => Promise<void>): Promise<number[]> {
  let next = 0;
  const lanes = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
  const lane = async (): Promise<void> => {
    while (next < items.length && signal?.aborted !== true) {
      const i = next++;
      await worker(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const skipped: number[] = [];
  for (let i = next; i < items.length; i++) skipped.push(i);
  return skipped;
}
