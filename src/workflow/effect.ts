/**
 * The kernel's one rule for outside effects (create a client, invite, send a document, send an e-mail): a step is
 * claimed in the journal before it runs, recorded `done` after it, and never repeated when it may already have
 * happened and cannot be repeated safely. Every job runs its effects through {@link runEffect}.
 */
import type { ClaimStepInput, ClientStore, JournalEntry } from '../ports.js';
import { isTaxsyncError } from '../errors/taxsync-error.js';
import type { WorkflowContext } from './context.js';

/** Which step of which item of which apply: the journal's key. No personal data in any of the three. */
export interface EffectStep {
  /** The apply (a plan id) or a shared scope (`taxsync:invitations`). */
  readonly applyId: string;
  /** The item within the apply. */
  readonly itemKey: string;
  /** The step (`create`, `invite`, `email`, `send`). */
  readonly step: string;
  /** The client concerned, when known. */
  readonly clientId?: string;
}

/** What an effect gives back when it worked: a reference to record (a message id, a document id). */
export interface EffectResult<T> {
  /** Recorded in the journal's `done` entry. */
  readonly ref?: string;
  /** Handed back to the caller as is. */
  readonly value: T;
  /**
   * More journal entries that record what the effect did (a document's version), written in the same
   * `appendJournal` call as the `done` entry: one write instead of two, and never one without the other.
   */
  readonly entries?: readonly JournalEntry[];
}

/** How to run one effect. */
export interface EffectSpec<T> {
  /**
   * `true` when repeating the effect does nothing new (the port honours a key: `create` by idempotency key,
   * `inviteClient` by client, `sendDocument` by key, a mailer declaring `idempotencyKeys`). A step of an apply that
   * stopped half-way is then simply done again; when `false` it is reported `unknown` for a person to decide.
   */
  readonly idempotent: boolean;
  /** The effect. */
  readonly run: () => Promise<EffectResult<T>>;
}

/**
 * Outcome of {@link runEffect}:
 * - `done`: this run did the effect (`value`, `ref`). `resumed` when an earlier run had stopped during it (repeated
 *   only because it is idempotent). `unrecorded` when the effect worked but its `done` entry could not be written
 *   (the next run repeats an idempotent step, or reports an unsafe one `unknown`).
 * - `finished`: an earlier run did it (`entry.ref`).
 * - `held`: another apply holds a live claim on it right now: never repeated here; apply again later.
 * - `unknown`: it may or may not have happened (an earlier run stopped during an effect that cannot be repeated
 *   safely, or it failed in a way that does not say): a person decides.
 * - `failed`: it did not happen (`error`); applying again retries it.
 */
export type EffectOutcome<T> =
  | { readonly status: 'done'; readonly value: T; readonly ref?: string; readonly resumed: boolean; readonly unrecorded: boolean }
  | { readonly status: 'finished'; readonly entry: JournalEntry }
  | { readonly status: 'held'; readonly entry: JournalEntry }
  | { readonly status: 'unknown'; readonly entry?: JournalEntry }
  | { readonly status: 'failed'; readonly error: unknown };

const NOT_SENT_CODES: ReadonlySet<string> = new Set(['mail_invalid', 'smtp_rejected', 'smtp_deferred', 'smtp_auth_failed']);

/**
 * True when an error says for sure that the effect did not happen: a port that refused before doing anything (a
 * mail server that answered with a refusal, a message the mailer found invalid), or any error carrying
 * `effect: 'none'`. Any other error of an effect that cannot be repeated safely leaves it `unknown`.
 */
export function effectSurelyNotDone(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && (error as { effect?: unknown }).effect === 'none') return true;
  if (!isTaxsyncError(error)) return false;
  if (NOT_SENT_CODES.has(error.code)) return true;
  // Refused before a connection was made: nothing left.
  return error.code === 'smtp_unreachable' && (error as { command?: unknown }).command === 'CONN';
}

/** A journal entry of `step` (built field by field: it is written three times per effect of every item). */
const entry = (step: EffectStep, status: JournalEntry['status'], at: Date, ref?: string): JournalEntry => {
  const out: { -readonly [K in keyof JournalEntry]: JournalEntry[K] } = { applyId: step.applyId, itemKey: step.itemKey, step: step.step, status, at: at.toISOString() };
  if (step.clientId !== undefined) out.clientId = step.clientId;
  if (ref !== undefined) out.ref = ref;
  return out;
};

/** Appends without throwing: the outcome already says what matters, and a store that fails now fails the next read. */
async function tryAppend(store: ClientStore, entries: readonly JournalEntry[]): Promise<boolean> {
  try {
    await store.appendJournal(entries);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs one outside effect at most once across crashes, retries and concurrent applies:
 *
 * 1. The step is claimed ({@link ClientStore.claimStep}, atomic, with an owner and a lease). A step already `done` or
 *    `unknown` is not run; a step another apply holds is `held`; a step an earlier run left half-way is repeated
 *    only when `spec.idempotent`, else recorded and returned `unknown`.
 * 2. The effect runs. On success `done` is recorded with its `ref`. On failure the step is `released` (tried again by
 *    the next apply) when the effect is idempotent or the error says nothing happened, and `unknown` otherwise.
 *
 * With a store that does not declare `capabilities.claims`, a `pending` entry stands in for the claim: effects stay
 * once across crashes, but two applies running at the same moment are not kept apart.
 *
 * Never throws: every failure, of the store or of the effect, is an outcome.
 */
export async function runEffect<T>(context: WorkflowContext, step: EffectStep, spec: EffectSpec<T>): Promise<EffectOutcome<T>> {
  const { store, now } = context;
  const claims = store.capabilities.claims === true && typeof store.claimStep === 'function';
  let resumed = false;
  try {
    if (claims) {
      const input: { -readonly [K in keyof ClaimStepInput]: ClaimStepInput[K] } = { applyId: step.applyId, itemKey: step.itemKey, step: step.step, owner: context.owner, leaseMs: context.leaseMs };
      if (step.clientId !== undefined) input.clientId = step.clientId;
      const claim = await (store.claimStep as NonNullable<ClientStore['claimStep']>)(input);
      if (claim.outcome === 'held') return { status: 'held', entry: claim.entry };
      if (claim.outcome === 'finished') return claim.entry.status === 'unknown' ? { status: 'unknown', entry: claim.entry } : { status: 'finished', entry: claim.entry };
      if (claim.previous !== undefined) {
        if (!spec.idempotent) {
          const marked = entry(step, 'unknown', now());
          await store.appendJournal([marked]);
          return { status: 'unknown', entry: marked };
        }
        resumed = true;
      }
    } else {
      const latest = (await store.readJournal(step.applyId, step.itemKey)).filter((e) => e.step === step.step).at(-1);
      if (latest?.status === 'done') return { status: 'finished', entry: latest };
      if (latest?.status === 'unknown') return { status: 'unknown', entry: latest };
      if (latest?.status === 'pending' || latest?.status === 'claimed') {
        if (!spec.idempotent) {
          const marked = entry(step, 'unknown', now());
          await store.appendJournal([marked]);
          return { status: 'unknown', entry: marked };
        }
        resumed = true;
      }
      await store.appendJournal([entry(step, 'pending', now())]);
    }
  } catch (error) {
    // The journal could not be read or written: nothing was attempted.
    return { status: 'failed', error };
  }

  let result: EffectResult<T>;
  try {
    result = await spec.run();
  } catch (error) {
    if (spec.idempotent || effectSurelyNotDone(error)) {
      await tryAppend(store, [entry(step, 'released', now())]);
      return { status: 'failed', error };
    }
    const marked = entry(step, 'unknown', now());
    await tryAppend(store, [marked]);
    return { status: 'unknown', entry: marked };
  }
  const done = entry(step, 'done', now(), result.ref);
  const recorded = await tryAppend(store, result.entries === undefined || result.entries.length === 0 ? [done] : [done, ...result.entries]);
  return { status: 'done', value: result.value, ...(result.ref === undefined ? {} : { ref: result.ref }), resumed, unrecorded: !recorded };
}
