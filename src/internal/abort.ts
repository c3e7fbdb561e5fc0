/** Aborts at the ports. Internal. */

/**
 * Throws when `signal` is aborted, *before* a port call starts: an `AbortError` that says nothing happened
 * (`effect: 'none'`, so the kernel releases the step instead of reporting it unknown), with the signal's reason as
 * `cause`. A fresh error each time: the signal's own `reason` is shared by every caller and must not be marked.
 */
export function throwIfAbortedBeforeCall(signal: AbortSignal | undefined): void {
  if (signal?.aborted !== true) return;
  const error = new Error('The operation was aborted before it started.', { cause: signal.reason });
  error.name = 'AbortError';
  Object.defineProperty(error, 'effect', { value: 'none', enumerable: true });
  throw error;
}
