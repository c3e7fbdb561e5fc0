/** Deep copies of plain data, for the memory adapters. Internal. */

/**
 * A deep copy of plain data (objects, arrays, strings, numbers, booleans, `null`, `undefined`, `Date`, `Uint8Array`):
 * what the memory adapters store and hand back, so that neither side can change the other's copy. Several times
 * faster than `structuredClone` on the small records a workflow passes per item; anything else (a `Map`, a class
 * instance, a function) goes through `structuredClone`, which copies it or throws as it always did.
 */
export function clonePlain<T>(value: T): T {
  return copyValue(value, 0) as T;
}

/** Past this depth the data is handed to `structuredClone` (which handles cycles) rather than recursed into. */
const MAX_DEPTH = 32;

function copyValue(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || typeof value === 'symbol') return structuredClone(value);
    return value;
  }
  if (depth > MAX_DEPTH) return structuredClone(value);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyValue(value[i], depth + 1);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = copyValue((value as Record<string, unknown>)[key], depth + 1);
    return out;
  }
  if (value instanceof Uint8Array && proto === Uint8Array.prototype) return value.slice();
  if (value instanceof Date) return new Date(value.getTime());
  return structuredClone(value);
}
