/** Aborts at the ports. Internal. */

/**
 * An `AbortError` that says the call had no effect (`effect: 'none'`, so the kernel releases the step instead of
 * reporting it unknown), with the signal's reason as `cause`. A fresh error each time: the signal's own `reason` is
 * shared by every caller and must not be marked.
 */
export function abortedWithoutEffect(signal: AbortSignal, message = 'The operation was aborted before it started.'): Error {
  const error = new Error(message, { cause: signal.reason });
  error.name = 'AbortError';
  Object.defineProperty(error, 'effect', { value: 'none', enumerable: true });
  return error;
}

/** Throws {@link abortedWithoutEffect} when `signal` is aborted: call it *before* a port call starts. */
export function throwIfAbortedBeforeCall(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw abortedWithoutEffect(signal);
}
