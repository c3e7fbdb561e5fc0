/**
 * What every apply of every job shares while it runs: who it is (the claim owner), its clock, its lease, its logger,
 * its progress callback. Built once per apply by {@link createWorkflowContext}.
 */
import type { ClientStore } from '../ports.js';

export { DEFAULT_LOCALE } from '../messages/define.js';

/** How long an apply's claim on a step holds by default: five minutes, longer than any port call should take. */
export const DEFAULT_LEASE_MS = 300_000;

/**
 * One structured event of a workflow, for hosts that trace (OpenTelemetry, pino, a job table). Carries no personal
 * data: ids, codes, counts and durations only.
 */
export interface WorkflowEvent {
  /** The job: `client-import`, `document-dispatch`, `signature-sync`, `invitation`. */
  readonly job: string;
  /** The plan or run id. */
  readonly planId: string;
  /** What happened: `step` (one step of one item finished), `progress_failed` (the host's `onProgress` threw). */
  readonly event: 'step' | 'progress_failed';
  /** The step (`create`, `update`, `invite`, `email`, `send`, `sync`). */
  readonly step?: string;
  /** The item's key within the plan (a row number, an archive index, a client file id). */
  readonly item?: string;
  /** The outcome's status or code (`done`, `held`, `unknown`, `failed`, `delivery_unknown`…). */
  readonly outcome?: string;
  /** How long it took, in milliseconds. */
  readonly ms?: number;
}

/** Receives {@link WorkflowEvent}s. Must not throw (an error it throws is ignored). */
export type WorkflowLogger = (event: WorkflowEvent) => void;

/** Options every apply accepts for running as part of a bigger system. */
export interface WorkflowRunOptions {
  /**
   * Id of this run as a claim owner. Default: a random UUID. Give one per worker process only when you need to
   * recognise its claims; never reuse one after a restart.
   */
  readonly owner?: string;
  /**
   * How long a claim on a step holds, in milliseconds, before another apply may take the step over (default five
   * minutes). Longer than the slowest port call.
   */
  readonly leaseMs?: number;
  /** Structured events (no personal data), for hosts that trace. */
  readonly logger?: WorkflowLogger;
}

/** The running state of one apply. @internal */
export interface WorkflowContext {
  readonly job: string;
  readonly planId: string;
  readonly store: ClientStore;
  readonly owner: string;
  readonly leaseMs: number;
  readonly now: () => Date;
  readonly signal?: AbortSignal;
  /** Emits an event, never throwing. */
  readonly log: (event: Omit<WorkflowEvent, 'job' | 'planId'>) => void;
}

/** Builds the context of one apply. @internal */
export function createWorkflowContext(
  job: string,
  planId: string,
  store: ClientStore,
  options: WorkflowRunOptions & { readonly now?: () => Date; readonly signal?: AbortSignal },
): WorkflowContext {
  const logger = options.logger;
  return {
    job,
    planId,
    store,
    owner: options.owner ?? globalThis.crypto.randomUUID(),
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    now: options.now ?? (() => new Date()),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    log: (event) => {
      if (logger === undefined) return;
      try {
        logger({ job, planId, ...event });
      } catch {
        // A logger that throws must not change what the apply does.
      }
    },
  };
}

/** A host's `onProgress`, guarded: see {@link guardProgress}. @internal */
export interface GuardedProgress<P> {
  /** Calls the host's callback; an error it throws is caught. */
  readonly call: (progress: P) => void;
  /** Whether the callback threw at least once (reports say so once). */
  readonly failed: () => boolean;
}

/**
 * Wraps a host's `onProgress` so that an error it throws is caught, logged once (`progress_failed`) and never stops
 * the apply; later calls still go through. @internal
 */
export function guardProgress<P>(context: WorkflowContext, onProgress: ((progress: P) => void) | undefined): GuardedProgress<P> {
  let failed = false;
  return {
    call: (progress) => {
      if (onProgress === undefined) return;
      try {
        onProgress(progress);
      } catch {
        if (!failed) context.log({ event: 'progress_failed' });
        failed = true;
      }
    },
    failed: () => failed,
  };
}
