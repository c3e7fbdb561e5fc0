/**
 * The ports as the jobs use them: every call carries the job's `AbortSignal`, and every value coming back from a
 * host's adapter is read against its schema before a workflow touches it. Fail closed: a value that cannot be read
 * is a {@link PortDataError} naming the port, the method and the field — never the value, never a default.
 * @internal
 */
import type { z } from 'zod';
import { PortDataError, type PortDataProblem, type PortName } from '../errors/port-data.js';
import { abortedWithoutEffect, throwIfAbortedBeforeCall } from '../internal/abort.js';
import type { Locale } from '../messages/catalogue.js';
import type { ClientStore, DocumentStore, Mailer, Portal, PortCallOptions } from '../ports.js';
import { DEFAULT_LOCALE } from './context.js';
import {
  claimStepResultSchema,
  clientFileSchema,
  createClientResultSchema,
  documentBytesSchema,
  signedDocumentSchema,
  documentHeldSchema,
  inviteClientResultSchema,
  isClaimStepResult,
  isClientFile,
  isCreateClientResult,
  isInviteClientResult,
  isJournalEntry,
  isMailReceipt,
  isPortalUser,
  isSendDocumentResult,
  isSignatureCompletion,
  isSignatureRecord,
  isStoredClient,
  journalEntrySchema,
  mailReceiptSchema,
  portalUserSchema,
  putDocumentResultSchema,
  removedCountSchema,
  sendDocumentResultSchema,
  signatureCompletionSchema,
  signatureRecordSchema,
  storedClientSchema,
} from './port-schemas.js';

/** Options of {@link guardPorts}. */
export interface GuardPortsOptions {
  /** The job's signal: passed to every port call (but `appendJournal`), and checked before each. */
  readonly signal?: AbortSignal | undefined;
  /** Language of the {@link PortDataError} messages. Default: `DEFAULT_LOCALE` ('fr'). */
  readonly locale?: Locale | undefined;
}

/** The ports a job may be given; other members (a rate-limit store…) pass through untouched. */
export interface GuardablePorts {
  readonly store?: ClientStore;
  readonly portal?: Portal;
  readonly mailer?: Mailer;
  readonly documents?: DocumentStore;
}

/** How one method is called and what it must return. */
interface MethodSpec {
  /** Where the {@link PortCallOptions} go in the argument list; absent: the call gets no signal (`appendJournal`). */
  readonly at?: number;
  /** `promise` (checked once), `list` (an array, each element checked) or `stream` (an async iterable, checked as it streams). */
  readonly shape: 'promise' | 'list' | 'stream';
  /** The schema of the value (of each element for `list` and `stream`); absent: the value is not read (`void`). */
  readonly schema?: z.ZodType;
  /** `undefined` (and `null`, read as `undefined`) is a valid answer: "none". */
  readonly optional?: boolean;
  /**
   * A hand-written check of the hottest answers (journal entries, claims), several times faster than the schema: it
   * accepts only values the schema accepts (a property test says so); a value it does not accept goes to the schema.
   */
  readonly fast?: (value: unknown) => boolean;
  /** A check across the call: the answer is about what was asked (the same id). Returns the field that differs. */
  readonly about?: (value: never, args: readonly unknown[]) => string | undefined;
}

const arg = (args: readonly unknown[], index: number, key?: string): unknown => {
  const value = args[index];
  return key === undefined ? value : (value as Record<string, unknown> | undefined)?.[key];
};

const STORE: Readonly<Record<keyof ClientStore, MethodSpec | undefined>> = {
  capabilities: undefined,
  list: { at: 1, shape: 'stream', schema: storedClientSchema, fast: isStoredClient },
  get: { at: 1, shape: 'promise', schema: storedClientSchema, fast: isStoredClient, optional: true, about: (c: { id: string }, args) => (c.id === arg(args, 0) ? undefined : 'id') },
  find: { at: 1, shape: 'list', schema: storedClientSchema, fast: isStoredClient },
  create: { at: 1, shape: 'promise', schema: createClientResultSchema, fast: isCreateClientResult },
  update: { at: 1, shape: 'promise', schema: storedClientSchema, fast: isStoredClient, about: (c: { id: string }, args) => (c.id === arg(args, 0, 'id') ? undefined : 'id') },
  appendJournal: { shape: 'promise' },
  readJournal: { at: 2, shape: 'list', schema: journalEntrySchema, fast: isJournalEntry },
  claimStep: { at: 1, shape: 'promise', schema: claimStepResultSchema, fast: isClaimStepResult },
  pruneJournal: { at: 1, shape: 'promise', schema: removedCountSchema },
  getClientFile: { at: 1, shape: 'promise', schema: clientFileSchema, fast: isClientFile, optional: true, about: (f: { id: string }, args) => (f.id === arg(args, 0) ? undefined : 'id') },
  putClientFile: { at: 1, shape: 'promise', schema: clientFileSchema, fast: isClientFile },
  listSignatureRecords: { at: 2, shape: 'list', schema: signatureRecordSchema, fast: isSignatureRecord },
  putSignatureRecord: { at: 1, shape: 'promise', schema: signatureRecordSchema, fast: isSignatureRecord },
};

const PORTAL: Readonly<Record<keyof Portal, MethodSpec | undefined>> = {
  capabilities: undefined,
  inviteClient: {
    at: 1,
    shape: 'promise',
    schema: inviteClientResultSchema,
    fast: isInviteClientResult,
    about: (r: { user: { clientId: string } }, args) => (r.user.clientId === arg(args, 0, 'clientId') ? undefined : 'user.clientId'),
  },
  getUser: { at: 1, shape: 'promise', schema: portalUserSchema, fast: isPortalUser, optional: true, about: (u: { clientId: string }, args) => (u.clientId === arg(args, 0) ? undefined : 'clientId') },
  sendDocument: {
    at: 1,
    shape: 'promise',
    schema: sendDocumentResultSchema,
    fast: isSendDocumentResult,
    about: (r: { document: { clientId: string; idempotencyKey: string } }, args) =>
      r.document.clientId !== arg(args, 0, 'clientId') ? 'document.clientId' : r.document.idempotencyKey !== arg(args, 0, 'idempotencyKey') ? 'document.idempotencyKey' : undefined,
  },
  listSignatureCompletions: { at: 1, shape: 'stream', schema: signatureCompletionSchema, fast: isSignatureCompletion },
  downloadSignedDocument: {
    at: 1,
    shape: 'promise',
    schema: signedDocumentSchema,
    optional: true,
    about: (d: { completionId: string }, args) => (d.completionId === arg(args, 0) ? undefined : 'completionId'),
  },
};

const MAILER: Readonly<Record<keyof Mailer, MethodSpec | undefined>> = {
  capabilities: undefined,
  send: { at: 1, shape: 'promise', schema: mailReceiptSchema, fast: isMailReceipt },
};

const DOCUMENTS: Readonly<Record<keyof DocumentStore, MethodSpec | undefined>> = {
  put: { at: 1, shape: 'promise', schema: putDocumentResultSchema },
  get: { at: 1, shape: 'promise', schema: documentBytesSchema, optional: true },
  has: { at: 1, shape: 'promise', schema: documentHeldSchema },
};

/** What zod says about a value, as a {@link PortDataProblem}, with the path of the field. */
function problemOf(error: z.ZodError, value: unknown): { field: string; problem: PortDataProblem } {
  const issue = error.issues[0];
  if (issue === undefined) return { field: 'result', problem: 'type' };
  const path = issue.path.map(String);
  if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string' && path.at(-1) !== issue.discriminator) path.push(issue.discriminator);
  let at: unknown = value;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  const field = path.length === 0 ? 'result' : path.join('.');
  switch (issue.code) {
    case 'invalid_type':
      return { field, problem: at === undefined ? 'missing' : 'type' };
    case 'invalid_union':
      return { field, problem: at === undefined ? 'missing' : 'discriminator' in issue ? 'value' : 'type' };
    case 'invalid_format':
      return { field, problem: 'format' };
    case 'too_small':
      return { field, problem: issue.origin === 'string' && at === '' ? 'missing' : 'range' };
    case 'too_big':
    case 'not_multiple_of':
      return { field, problem: 'range' };
    case 'invalid_value':
      return { field, problem: 'value' };
    case 'custom':
      return { field, problem: (issue.params as { problem?: PortDataProblem } | undefined)?.problem ?? 'format' };
    default:
      return { field, problem: 'type' };
  }
}

/** Reads one value against `spec`: returns it as it came (nothing is changed or defaulted) or throws a {@link PortDataError}. */
function read(value: unknown, spec: MethodSpec, args: readonly unknown[], where: { port: PortName; method: string; locale: Locale }, item?: number): unknown {
  const fail = (field: string, problem: PortDataProblem): PortDataError =>
    new PortDataError({ port: where.port, method: where.method, field, problem, ...(item === undefined ? {} : { item }) }, { locale: where.locale });
  if (spec.schema === undefined) return value;
  if (spec.optional === true && (value === undefined || value === null)) return undefined;
  // The hand-written check accepts only what the schema accepts; anything else is read by the schema, which says why.
  if (spec.fast?.(value) !== true) {
    const result = spec.schema.safeParse(value);
    if (!result.success) {
      const { field, problem } = problemOf(result.error, value);
      throw fail(field, problem);
    }
  }
  const differs = spec.about?.(value as never, args);
  if (differs !== undefined) throw fail(differs, 'mismatch');
  return value;
}

/**
 * The guarded stream of a `stream` method: an async iterator written by hand (an async generator per call costs a
 * generator object, its promise queue and a resumption per element), each element read against `spec` as it flows,
 * the first one that cannot be read ending the stream with a {@link PortDataError} naming its position.
 */
function guardedStream(open: () => unknown, spec: MethodSpec, args: readonly unknown[], where: { port: PortName; method: string; locale: Locale }, signal: AbortSignal | undefined): AsyncIterableIterator<unknown> {
  let source: AsyncIterator<unknown> | undefined;
  let item = 0;
  let closed = false;
  const start = (): AsyncIterator<unknown> => {
    throwIfAbortedBeforeCall(signal);
    const iterable = open() as AsyncIterable<unknown> | undefined;
    const factory = (iterable as { [Symbol.asyncIterator]?: unknown } | undefined)?.[Symbol.asyncIterator];
    if (typeof factory !== 'function') throw new PortDataError({ port: where.port, method: where.method, field: 'result', problem: 'type' }, { locale: where.locale });
    return (factory as () => AsyncIterator<unknown>).call(iterable);
  };
  const finish = (): IteratorResult<unknown> => {
    closed = true;
    return { done: true, value: undefined };
  };
  // Ends the source (its `finally`, a database cursor) when the guard stops it, as `for await` would.
  const stop = async (error: unknown): Promise<never> => {
    closed = true;
    try {
      await source?.return?.();
    } catch {
      // The reason already known is the one reported.
    }
    throw error;
  };
  const iterator: AsyncIterableIterator<unknown> = {
    async next(): Promise<IteratorResult<unknown>> {
      if (closed) return { done: true, value: undefined };
      // Stopped between two elements: the source is ended, as when the job's loop stops.
      if (source !== undefined && signal?.aborted === true) return stop(abortedWithoutEffect(signal));
      try {
        source ??= start();
      } catch (error) {
        closed = true;
        throw error;
      }
      let step: IteratorResult<unknown>;
      try {
        step = await source.next();
      } catch (error) {
        closed = true;
        throw error;
      }
      if (step.done === true) return finish();
      item++;
      let value: unknown;
      try {
        value = read(step.value, spec, args, where, item);
      } catch (error) {
        return stop(error);
      }
      return { done: false, value };
    },
    async return(): Promise<IteratorResult<unknown>> {
      if (!closed) {
        closed = true;
        await source?.return?.();
      }
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** The guarded port behind each proxy, and the original behind it: guarding twice guards the original once. */
const originals = new WeakMap<object, object>();

/** `call` merged into what the caller passed at `at` (a caller's own signal and the job's both count). */
function withCallOptions(args: readonly unknown[], at: number, signal: AbortSignal): unknown[] {
  const out = args.slice(0, at);
  while (out.length < at) out.push(undefined);
  const given = args[at] as PortCallOptions | undefined;
  const theirs = given?.signal;
  out.push({ ...given, signal: theirs === undefined || theirs === signal ? signal : AbortSignal.any([theirs, signal]) });
  return out;
}

function guardPort<T extends object>(port: T, name: PortName, specs: Readonly<Record<string, MethodSpec | undefined>>, options: GuardPortsOptions): T {
  const target = (originals.get(port) ?? port) as T;
  const { signal } = options;
  const locale = options.locale ?? DEFAULT_LOCALE;
  const cache = new Map<PropertyKey, { readonly original: unknown; readonly wrapped: unknown }>();

  const wrap = (method: string, fn: (...args: unknown[]) => unknown, spec: MethodSpec): ((...args: unknown[]) => unknown) => {
    const where = { port: name, method, locale };
    const argsFor = (args: unknown[]): unknown[] => (spec.at === undefined || signal === undefined ? args : withCallOptions(args, spec.at, signal));
    if (spec.shape === 'stream') {
      return (...args: unknown[]) => {
        // listSignatureCompletions takes its own signal in the query too.
        if (method === 'listSignatureCompletions' && signal !== undefined) {
          const query = (args[0] ?? {}) as { signal?: AbortSignal };
          args = [{ ...query, signal: query.signal === undefined || query.signal === signal ? signal : AbortSignal.any([query.signal, signal]) }, ...args.slice(1)];
        }
        return guardedStream(() => fn.apply(target, argsFor(args)), spec, args, where, signal);
      };
    }
    // A plain function returning the port's promise chained once: no `async` layer of its own on every call (the
    // guard sits on every journal read and claim of every item). Anything the call throws becomes a rejection.
    const settle = (value: unknown, args: readonly unknown[]): unknown => {
      if (spec.shape === 'promise') return read(value, spec, args, where);
      if (!Array.isArray(value)) throw new PortDataError({ port: name, method, field: 'result', problem: 'type' }, { locale });
      for (let index = 0; index < value.length; index++) read(value[index], spec, args, where, index + 1);
      return value;
    };
    return (...args: unknown[]) => {
      let pending: unknown;
      try {
        if (spec.at !== undefined) throwIfAbortedBeforeCall(signal);
        pending = fn.apply(target, argsFor(args));
      } catch (error) {
        return Promise.reject(error);
      }
      return Promise.resolve(pending).then((value) => settle(value, args));
    };
  };

  const guarded = new Proxy(target, {
    get(inner, key) {
      const value: unknown = Reflect.get(inner, key, inner);
      if (typeof value !== 'function') return value;
      const known = cache.get(key);
      if (known !== undefined && known.original === value) return known.wrapped;
      const spec = typeof key === 'string' ? specs[key] : undefined;
      // A member this version does not know (a host's extra, a newer port method) is forwarded as it is.
      const wrapped = spec === undefined ? (value as (...args: unknown[]) => unknown).bind(inner) : wrap(key as string, value as (...args: unknown[]) => unknown, spec);
      cache.set(key, { original: value, wrapped });
      return wrapped;
    },
  });
  originals.set(guarded, target);
  return guarded;
}

/**
 * Wraps a job's ports so that (a) every call receives `{ signal }` as its optional last argument (but
 * `appendJournal`: what an apply did is recorded even while it is being stopped) and does not start once the signal
 * is aborted, and (b) every value coming back is read against its schema: a value that cannot be read throws a
 * {@link PortDataError} (`port_data_invalid`: port, method, field path, what is wrong — never the value). A list
 * (`find`, `readJournal`, `listSignatureRecords`) is read whole; a stream (`list`, `listSignatureCompletions`) is read
 * element by element as it flows, and the first element that cannot be read stops it with a {@link PortDataError}
 * naming its position: fail closed — a preview never goes on without a client it could not read (the row that
 * client would have matched would be planned as a new client), and signature sync fails the client file concerned
 * rather than decide on a part of its completions.
 *
 * Values are returned as they came (nothing is changed, stripped or defaulted); `null` for "none" is read as
 * `undefined`. Guarding guarded ports again guards the original ports once, with the new signal. Other members
 * (capabilities, a host's own methods) pass through.
 * @internal
 */
export function guardPorts<P extends GuardablePorts>(ports: P, options: GuardPortsOptions = {}): P {
  if (typeof ports !== 'object' || ports === null) return ports;
  const { store, portal, mailer, documents } = ports;
  const object = (value: unknown): value is object => typeof value === 'object' && value !== null;
  return {
    ...ports,
    ...(object(store) ? { store: guardPort(store, 'ClientStore', STORE, options) } : {}),
    ...(object(portal) ? { portal: guardPort(portal, 'Portal', PORTAL, options) } : {}),
    ...(object(mailer) ? { mailer: guardPort(mailer, 'Mailer', MAILER, options) } : {}),
    ...(object(documents) ? { documents: guardPort(documents, 'DocumentStore', DOCUMENTS, options) } : {}),
  };
}
