/** Bounded concurrency. Internal. */

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
