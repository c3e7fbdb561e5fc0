/**
 * The marks behind every `isInstance` of the error classes. Each class marks its instances with its own registered
 * symbol (`Symbol.for('taxsync.error.<Name>')`): registered symbols are shared by every realm and by every copy of the
 * package, where `instanceof` is not; and since each class sets its own, a check is true for that class and its
 * subclasses only. Internal: never exported by an entry point.
 */

/** Marks `error` as a member of the class whose symbol is `marker`. */
export function mark(error: object, marker: symbol): void {
  Object.defineProperty(error, marker, { value: true });
}

/** Whether `value` carries the mark `marker`. */
export function isMarked(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}
