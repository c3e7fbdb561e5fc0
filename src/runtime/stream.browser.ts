/**
 * The part of `node:stream` that taxsync's readers use (`Readable.from(…)`, piped into an inflater or iterated), for
 * the browser build; see zlib.browser.ts.
 */

/** What `pipe` hands its source to (the browser inflater). */
export interface PipeTarget {
  receive(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): void;
}

/** The source's pieces, one at a time, whether it is synchronous or not. */
export async function* iterate(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* source;
}

class IterableReadable implements AsyncIterable<Uint8Array> {
  readonly #source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

  constructor(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>) {
    this.#source = source;
  }

  pipe<T extends PipeTarget>(target: T): T {
    target.receive(this.#source);
    return target;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return iterate(this.#source);
  }
}

/** `Readable.from(iterable)`: iterable again, or piped into the browser inflater. */
export const Readable = {
  from(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, _options?: { objectMode?: boolean }): IterableReadable {
    return new IterableReadable(source);
  },
};
