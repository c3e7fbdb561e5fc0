/**
 * The fault harness's one tool: a wrapper of every port that counts the calls that write (to the store, the portal,
 * the mailer, the document store) and makes the N-th one fail in a chosen way. The jobs run unchanged on top of it.
 *
 * A fault has two sides:
 * - `when`: `before` — the call throws and nothing is written; `after` — the write happens, then the call throws (the
 *   caller cannot tell that it worked: a lost answer, a connection cut after COMMIT).
 * - `extent`: `only` — that one call fails, later ones work (a network blip); `from` — that call and every later write
 *   fail (the process died there: nothing it does afterwards reaches the outside world).
 *
 * The four modes of the harness are the four combinations.
 */

/** Every method of the ports that changes something outside the process. */
export const WRITE_METHODS: ReadonlySet<string> = new Set([
  // ClientStore
  'create',
  'update',
  'appendJournal',
  'claimStep',
  'putClientFile',
  'putSignatureRecord',
  // Portal
  'inviteClient',
  'sendDocument',
  // Mailer
  'send',
  // DocumentStore
  'put',
]);

/** One of the four ways a write fails. */
export interface FaultMode {
  readonly when: 'before' | 'after';
  readonly extent: 'only' | 'from';
}

/** The four modes, named for test titles. */
export const FAULT_MODES: readonly (FaultMode & { readonly name: string })[] = [
  { name: 'before, only that call', when: 'before', extent: 'only' },
  { name: 'after, only that call', when: 'after', extent: 'only' },
  { name: 'before, and every later write (crash)', when: 'before', extent: 'from' },
  { name: 'after, and every later write (crash)', when: 'after', extent: 'from' },
];

/** A write that reached a wrapped port. */
export interface WriteCall {
  /** 1-based position among the writes of the run. */
  readonly n: number;
  readonly port: string;
  readonly method: string;
  /** What happened to it. */
  readonly fate: 'ok' | 'failed-before' | 'failed-after';
}

/** The error a faulty port throws: a plain error, as a driver or a network would, never a typed "nothing happened". */
export class InjectedFault extends Error {
  constructor(call: Omit<WriteCall, 'fate'>, when: FaultMode['when']) {
    super(`injected fault (${when}) at write ${call.n}: ${call.port}.${call.method}`);
    this.name = 'InjectedFault';
  }
}

/** Counts the writes of one run and decides which fail. */
export class FaultInjector {
  readonly calls: WriteCall[] = [];

  /** `failAt` undefined: a healthy run that only counts. */
  constructor(
    readonly failAt?: number,
    readonly mode: FaultMode = { when: 'before', extent: 'only' },
  ) {}

  /** Number of writes so far. */
  get count(): number {
    return this.calls.length;
  }

  /** Number of writes that failed. */
  get failures(): number {
    return this.calls.filter((c) => c.fate !== 'ok').length;
  }

  /** Runs one write through the fault plan. */
  async write<T>(port: string, method: string, run: () => Promise<T>): Promise<T> {
    const n = this.calls.length + 1;
    const failing = this.failAt !== undefined && (n === this.failAt || (this.mode.extent === 'from' && n > this.failAt));
    if (!failing) {
      this.calls.push({ n, port, method, fate: 'ok' });
      return run();
    }
    // After a crash nothing reaches the outside world: only the fatal call itself may have been written.
    const after = this.mode.when === 'after' && n === this.failAt;
    this.calls.push({ n, port, method, fate: after ? 'failed-after' : 'failed-before' });
    if (after) await run();
    throw new InjectedFault({ n, port, method }, after ? 'after' : 'before');
  }
}

/**
 * The same port, with every write method going through `injector`. Everything else (capabilities, reads, a memory
 * adapter's `snapshot()`) is the inner port's own, so a port that grows a member keeps it.
 */
export function withFaults<P extends object>(port: P, name: string, injector: FaultInjector): P {
  return new Proxy(port, {
    get(target, property, _receiver) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (typeof property !== 'string' || !WRITE_METHODS.has(property)) return bound;
      return (...args: unknown[]) => injector.write(name, property, () => Promise.resolve(bound(...args)));
    },
  });
}

/**
 * The same port, each call of the named methods delayed by `ms` before it runs (and again before it answers): a
 * slow portal, so that concurrent applies really overlap.
 */
export function withLatency<P extends object>(port: P, methods: readonly string[], ms: number): P {
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  return new Proxy(port, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (typeof property !== 'string' || !methods.includes(property)) return bound;
      return async (...args: unknown[]) => {
        await pause();
        const result = await bound(...args);
        await pause();
        return result;
      };
    },
  });
}

/**
 * A clock every port and apply of a test shares, which a test moves forward: "waiting out" a crashed run's lease
 * costs nothing, and no assertion depends on how fast the machine is.
 */
export interface ManualClock {
  readonly now: () => Date;
  /** Moves the clock forward. */
  advance(ms: number): void;
}

/** A {@link ManualClock} starting at the real time. */
export function manualClock(): ManualClock {
  let skew = 0;
  return {
    now: () => new Date(Date.now() + skew),
    advance: (ms) => {
      skew += ms;
    },
  };
}
