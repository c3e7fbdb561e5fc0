/**
 * What the conformance suites need from a test runner, and the small assertions they use, so that they run under
 * vitest, jest, mocha or `node:test` alike.
 */
import { isTaxsyncError } from '../errors/taxsync-error.js';

/**
 * The test functions a suite is given: `describe` and `it` of vitest, jest, mocha or `node:test` all fit.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * clientStoreTestSuite({ describe, it }, () => createPostgresClientStore(pool));
 * ```
 */
export interface ConformanceTestApi {
  /** Groups tests. */
  readonly describe: (name: string, body: () => void) => unknown;
  /** Declares one test; the body rejects (throws) on failure. */
  readonly it: (name: string, body: () => Promise<void>) => unknown;
}

/** Options shared by every conformance suite. */
export interface ConformanceOptions<T> {
  /** Name of the adapter, shown in the `describe` title. */
  readonly name?: string;
  /** Titles of tests to leave out (an adapter that cannot do something should rather declare it in `capabilities`). */
  readonly skip?: readonly string[];
  /** Called after each test with the adapter it used (close connections, drop tables…). */
  readonly cleanup?: (adapter: T) => unknown;
}

/** A conformance check that did not hold. */
export class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

/** Fails the test with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

/** Structural equality of JSON-like values (key order ignored, `undefined` properties equal to absent ones). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (o: object): string[] => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined).sort();
  const ka = keys(a);
  const kb = keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Fails unless `actual` equals `expected` structurally. */
export function checkData(actual: unknown, expected: unknown, what: string): void {
  check(sameData(actual, expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Fails unless `run` rejects with a taxsync error of code `code`. */
export async function checkRejects(run: () => Promise<unknown>, code: string, what: string): Promise<void> {
  let error: unknown;
  try {
    await run();
  } catch (caught) {
    error = caught;
  }
  check(error !== undefined, `${what}: expected an error with code ${code}, but the call succeeded`);
  check(isTaxsyncError(error) && error.code === code, `${what}: expected a TaxsyncError with code ${code}, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
}

/** Declares the tests of a suite, each with a fresh adapter. @internal */
export function declareSuite<T>(
  api: ConformanceTestApi,
  title: string,
  factory: () => T | Promise<T>,
  options: ConformanceOptions<T>,
  tests: Readonly<Record<string, (adapter: T) => Promise<void>>>,
): void {
  const skip = new Set(options.skip ?? []);
  api.describe(options.name === undefined ? title : `${title}: ${options.name}`, () => {
    for (const [name, body] of Object.entries(tests)) {
      if (skip.has(name)) continue;
      api.it(name, async () => {
        const adapter = await factory();
        try {
          await body(adapter);
        } finally {
          await options.cleanup?.(adapter);
        }
      });
    }
  });
}
