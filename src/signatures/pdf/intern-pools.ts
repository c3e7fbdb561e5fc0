/**
 * pdf-lib interns every name it ever makes (`PDFName.of` keeps one instance per text in a module-level `Map`, so that
 * names compare with `===`) and never lets one go; references (`PDFRef.of`) likewise, by number. Print drivers give
 * every text run a font resource name of its own (`/Helvetica-7592840450`), so each document parsed left its hundreds
 * of names behind for good: a worker preparing a season's returns grew by about 300 KB per twenty-page bundle
 * (measured: 835 MB of heap after 3,000 bundles) until it ran out of memory; and a hostile PDF with a million
 * distinct names, or references, kept them all.
 *
 * This makes both pools weak, as interning pools should be: an instance made after this runs is held by a `WeakRef`,
 * so that it lives exactly as long as something (a parsed document, a constant in code) refers to it. `PDFName.of`
 * and `PDFRef.of` still give one instance per text at any moment: an instance is only made anew once nothing refers
 * to the old one, so no one can tell the difference. Instances made before (pdf-lib's own constants, whatever the
 * host made) stay in the pools as they were.
 *
 * How: the pools are not exported, so each is found once through `PDFName.of` / `PDFRef.of` itself (the `Map` that
 * an instance never seen before is stored into), and its own `get` and `set` are then shadowed on that one object
 * (both functions only get and set). A pdf-lib whose pools no longer look like that is left as it is (instances are
 * then kept as before); test/signatures/intern-pools.test.ts fails on such an upgrade. The change holds for the whole
 * process, the host's own pdf-lib calls included, since they share the library's pools; only how long unused
 * instances are kept changes. Memory is given back as the garbage collector runs, once the event loop has turned
 * (a `WeakRef` keeps its target until the current task ends: see {@link poolsNeedTurn}).
 */
import { PDFName, PDFRef } from '@cantoo/pdf-lib';

type Pool = Map<string, object>;

/** The least growth of the weak part between two sweeps. */
const SWEEP_FROM = 4096;

let done = false;
const weakened: string[] = [];

/**
 * The pool `intern(key)` stores a new instance in under `key`, found by watching `Map.prototype.set` during one call
 * with a key no document has; `undefined` when the call does not store it that way, or does not give it back again.
 */
function findPool(key: string, intern: () => object): Pool | undefined {
  const set = Map.prototype.set;
  let found: Pool | undefined;
  // Only for the length of one synchronous call.
  Map.prototype.set = function (this: Map<unknown, unknown>, k: unknown, value: unknown) {
    if (k === key && found === undefined) found = this as Pool;
    return set.call(this, k, value);
  };
  let made: object | undefined;
  try {
    made = intern();
  } finally {
    Map.prototype.set = set;
  }
  if (found === undefined || made === undefined) return undefined;
  // The pool must give back what it stored, and be the pool: the same call finds the instance there again.
  if (Map.prototype.get.call(found, key) !== made || intern() !== made) return undefined;
  Map.prototype.delete.call(found, key);
  return found;
}

/** Makes `pool` keep what it is given from now on by a WeakRef (see above). */
function weaken(pool: Pool): void {
  const get = Map.prototype.get;
  const weak = new Map<string, WeakRef<object>>();
  // An entry whose instance is gone is dropped once the event loop turns after the collection (unless its key has a
  // new instance by then)…
  const finalizer = new FinalizationRegistry<string>((key) => {
    if (weak.get(key)?.deref() === undefined) weak.delete(key);
  });
  // …and in sweeps, each once the map has grown by half (at least SWEEP_FROM) since the last, for a loop that never
  // lets the event loop turn: amortised.
  let sweepAt = SWEEP_FROM;
  Object.defineProperty(pool, 'get', {
    configurable: true,
    value(this: Pool, key: string): object | undefined {
      return (get.call(this, key) as object | undefined) ?? weak.get(key)?.deref();
    },
  });
  Object.defineProperty(pool, 'set', {
    configurable: true,
    value(this: Pool, key: string, value: object): Pool {
      weak.set(key, new WeakRef(value));
      finalizer.register(value, key);
      counted();
      if (weak.size >= sweepAt) {
        for (const [text, ref] of weak) if (ref.deref() === undefined) weak.delete(text);
        sweepAt = weak.size + Math.max(SWEEP_FROM, weak.size >> 1);
      }
      return this;
    },
  });
}

/**
 * Instances made since the event loop last turned. A `WeakRef` keeps its target until the current task ends, so a
 * host that reads thousands of PDFs in one loop that never lets the event loop turn (no I/O between them) would keep
 * every name until the loop ends; past {@link TURN_AFTER} of them, the next load lets it turn first (parse-budget.ts).
 */
let sinceTurn = 0;
let resetting = false;
const TURN_AFTER = 20_000;

function counted(): void {
  sinceTurn++;
  if (!resetting) {
    resetting = true;
    setImmediate(() => {
      sinceTurn = 0;
      resetting = false;
    });
  }
}

/** Whether the pools have made so many instances within one task that the next load should let the event loop turn. */
export const poolsNeedTurn = (): boolean => sinceTurn >= TURN_AFTER;

/**
 * Makes pdf-lib's pools of names and references weak for what is made from now on (see above); once per process, on
 * taxsync's first PDF load. A pool that cannot be found is left as it is.
 */
export function weakenPools(): void {
  if (done) return;
  done = true;
  const tag = `${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const names = findPool(`taxsync-pool-probe-${tag}`, () => PDFName.of(`taxsync-pool-probe-${tag}`));
  if (names !== undefined) {
    weaken(names);
    weakened.push('names');
  }
  // A reference no PDF can hold: generation 65,536 (generations stop at 65,535).
  const number = 1 + Math.floor(Math.random() * 1e9);
  const refs = findPool(`${number} 65536 R`, () => PDFRef.of(number, 65_536));
  if (refs !== undefined) {
    weaken(refs);
    weakened.push('references');
  }
}

/** Which pools were found and made weak (for tests). */
export const weakenedPools = (): readonly string[] => weakened;
