/** Byte inputs and byte helpers shared by the parsers, the zip reader and the PDF reader. Internal. */
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import type { Locale } from '../messages/catalogue.js';

/** Accepted byte inputs, normalized to an async sequence of chunks. */
export type ByteInput = Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>;

/**
 * Turns any accepted input into chunks. A stream chunk that is not bytes (a string from a stream opened with an
 * encoding, a number) is an `InvalidArgumentError` `invalid_input` naming `what`, never a `TypeError` further on.
 */
export async function* chunksOf(input: ByteInput, what = 'input', locale?: Locale): AsyncGenerator<Uint8Array> {
  if (input instanceof Uint8Array) {
    // Feed large buffers in slices so decoding and tokenizing keep a small working set.
    const size = 1 << 20;
    for (let i = 0; i < input.length; i += size) yield input.subarray(i, Math.min(i + size, input.length));
    return;
  }
  if (input instanceof ArrayBuffer) {
    yield* chunksOf(new Uint8Array(input));
    return;
  }
  for await (const chunk of input as AsyncIterable<unknown>) {
    let bytes: Uint8Array;
    if (chunk instanceof Uint8Array) bytes = chunk;
    else if (ArrayBuffer.isView(chunk)) bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else {
      const kind = chunk === null ? 'null' : typeof chunk;
      throw new InvalidArgumentError('invalid_input', { detail: `a chunk of ${what} is a ${kind}, not bytes (open the file without an encoding)` }, locale === undefined ? {} : { locale });
    }
    if (bytes.length > 0) yield bytes;
  }
}

/** Reads chunks until at least `min` bytes (or the end) are available, for sniffing. */
export async function readHead(
  iterator: AsyncIterator<Uint8Array>,
  min: number,
): Promise<{ head: Uint8Array; done: boolean }> {
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < min) {
    const next = await iterator.next();
    if (next.done === true) return { head: concatBytes(parts, length), done: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: concatBytes(parts, length), done: false };
}

/** Joins byte chunks of the given total length (the one chunk itself when there is only one). */
export function concatBytes(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
