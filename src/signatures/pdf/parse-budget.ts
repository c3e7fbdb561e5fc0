/**
 * Bounds what pdf-lib inflates while it parses a file. Parsing is not only reading bytes: pdf-lib decodes every object
 * stream (`/Type /ObjStm`) and cross-reference stream (`/Type /XRef`) it meets, with no limit, so a small PDF whose
 * object stream inflates to gigabytes would take that much memory inside `PDFDocument.load`.
 *
 * Why a hook rather than a scan before parsing: which streams pdf-lib decodes is decided by its own parser — after
 * name escapes (`/Obj#53tm` is `/ObjStm`), and after decryption (an encrypted PDF's object streams are ciphertext in
 * the file) — so a scan of the raw bytes would have to redo both to be sure, and would still inflate each stream a
 * second time. Every decoder of the library (Flate, LZW, ASCII85, ASCIIHex, RunLength) grows its output through one
 * method, `DecodeStream.prototype.ensureBuffer`: wrapped, it counts each stream's output against the budget of the
 * load under way as the buffer grows, before the bigger buffer is allocated.
 *
 * Scope: the wrapper is installed only while at least one of taxsync's own loads runs, and removed after the last;
 * the budget is found through an AsyncLocalStorage, so two loads at once each count against their own budget, and a
 * host's own pdf-lib calls that run meanwhile (no budget in their context) decode exactly as before. The normal path
 * does no extra inflating: the wrapper only adds up sizes at the few points where a buffer grows.
 *
 * pdf-lib's parser catches every error thrown while an object is parsed (it then skips the object as invalid), so the
 * budget's error is kept here and thrown again once the load returns: the load stops inflating at the limit, then
 * fails with that error.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { decodePDFRawStream, PDFContext, PDFName, PDFRawStream } from '@cantoo/pdf-lib';
import type { InflateBudget } from '../../zip/inflate.js';
import { poolsNeedTurn, weakenPools } from './intern-pools.js';
import { installFastNames, uninstallFastNames } from './parse-names.js';
import { installFastObjects, uninstallFastObjects } from './parse-objects.js';
import { installFastSyntax, uninstallFastSyntax } from './parse-syntax.js';

/** The part of pdf-lib's DecodeStream the wrapper relies on (its fields as the library names them). */
interface DecodeStreamLike {
  buffer: Uint8Array;
  bufferLength: number;
  ensureBuffer(requested: number): Uint8Array;
  decode(): Uint8Array;
}

/** One load under way: its budget, what each of its streams has counted so far, and the error that stopped it. */
interface Scope {
  readonly budget: InflateBudget;
  readonly counted: WeakMap<DecodeStreamLike, number>;
  error?: unknown;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Counts a stream's output up to `size` bytes against the scope's budget; throws (and keeps) the budget's error. */
function count(scope: Scope, stream: DecodeStreamLike, size: number): void {
  if (scope.error !== undefined) throw scope.error;
  const before = scope.counted.get(stream) ?? 0;
  if (size <= before) return;
  scope.counted.set(stream, size);
  try {
    scope.budget.take(size - before);
  } catch (error) {
    scope.error = error;
    throw error;
  }
}

/**
 * DecodeStream.prototype, found through a decoder the library builds for us (the class itself is not exported): the
 * nearest prototype that owns `ensureBuffer`. A library whose decoders no longer look like this fails closed: no
 * PDF is parsed unbounded.
 */
function decodeStreamPrototype(): DecodeStreamLike {
  const context = PDFContext.create();
  const probe = decodePDFRawStream(PDFRawStream.of(context.obj({ Filter: PDFName.of('ASCIIHexDecode') }), new Uint8Array(0)));
  for (let proto: unknown = Object.getPrototypeOf(probe); proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const own = proto as Partial<DecodeStreamLike>;
    if (Object.prototype.hasOwnProperty.call(own, 'ensureBuffer')) {
      if (typeof own.ensureBuffer !== 'function' || typeof own.decode !== 'function') break;
      return own as DecodeStreamLike;
    }
  }
  throw new Error('@cantoo/pdf-lib no longer decodes streams through DecodeStream.ensureBuffer: taxsync cannot bound its parsing');
}

let installed: { proto: DecodeStreamLike; ensureBuffer: DecodeStreamLike['ensureBuffer']; decode: DecodeStreamLike['decode']; wrapped: DecodeStreamLike['ensureBuffer'] } | undefined;
let loads = 0;

function install(): void {
  const proto = decodeStreamPrototype();
  const { ensureBuffer, decode } = proto;
  // Called for every byte some decoders write: the test that the buffer must grow comes first, as in the original.
  const wrapped = function (this: DecodeStreamLike, requested: number): Uint8Array {
    if (requested > this.buffer.byteLength) {
      const scope = scopes.getStore();
      if (scope !== undefined) count(scope, this, requested);
    }
    return ensureBuffer.call(this, requested);
  };
  proto.ensureBuffer = wrapped;
  // The output past the last growth (within the buffer already allocated), so that the count is exact.
  proto.decode = function (this: DecodeStreamLike): Uint8Array {
    const out = decode.call(this);
    const scope = scopes.getStore();
    if (scope !== undefined) count(scope, this, this.bufferLength);
    return out;
  };
  installed = { proto, ensureBuffer, decode, wrapped };
}

function uninstall(): void {
  if (installed === undefined) return;
  // Put back only what is still ours (something else may have wrapped it meanwhile).
  if (installed.proto.ensureBuffer === installed.wrapped) {
    installed.proto.ensureBuffer = installed.ensureBuffer;
    installed.proto.decode = installed.decode;
  }
  installed = undefined;
}

/**
 * Runs `load` (a `PDFDocument.load`) with every stream pdf-lib decodes meanwhile counted against `budget`.
 * @throws the budget's error (an `InflateLimitError`) once a limit was passed, whatever the load did with it;
 *   otherwise what the load throws.
 */
export async function parseWithin<T>(budget: InflateBudget, load: () => Promise<T>): Promise<T> {
  // Every document parsed would otherwise leave its names and references in pdf-lib's pools for good (intern-pools.ts).
  weakenPools();
  // A loop of loads that never lets the event loop turn would keep every name made meanwhile (intern-pools.ts).
  if (poolsNeedTurn()) await new Promise<void>((resolve) => setImmediate(resolve));
  if (loads === 0) {
    install();
    // Names, white space, numbers and the loop over objects read faster meanwhile (parse-names.ts, parse-syntax.ts,
    // parse-objects.ts): the same objects, in the same scope as the bound.
    installFastNames();
    installFastSyntax();
    installFastObjects();
  }
  loads++;
  const scope: Scope = { budget, counted: new WeakMap() };
  try {
    const result = await scopes.run(scope, load);
    if (scope.error !== undefined) throw scope.error;
    return result;
  } catch (error) {
    throw scope.error ?? error;
  } finally {
    loads--;
    if (loads === 0) {
      uninstall();
      uninstallFastNames();
      uninstallFastSyntax();
      uninstallFastObjects();
    }
  }
}

/** Whether the wrapper is in place (for tests: it is removed once no load runs). */
export const parseBoundInstalled = (): boolean => installed !== undefined;
