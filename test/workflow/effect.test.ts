/**
 * The kernel's rule for outside effects, on the reference store and on a store without claims (an adapter written
 * against an older port): claimed before, recorded after, never repeated when it may have happened.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryClientStore, TaxsyncError, type ClientStore, type JournalEntry } from '../../src/index.js';
import { SmtpMailError } from '../../src/smtp.js';
import { runEffect, effectSurelyNotDone, type EffectOutcome } from '../../src/workflow/effect.js';
import { createWorkflowContext, guardProgress, type WorkflowEvent } from '../../src/workflow/context.js';
import { wrapStore } from '../fixtures/wrap-store.js';

const STEP = { applyId: 'plan-2025-t183', itemKey: 'c-0001', step: 'email', clientId: 'c-0001' } as const;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A store as an adapter written before claims existed: no claimStep, no capabilities.claims. */
function withoutClaims(inner: ClientStore): ClientStore {
  const { claimStep: _claimStep, pruneJournal: _pruneJournal, ...rest } = wrapStore(inner, { capabilities: { versioning: inner.capabilities.versioning } });
  return rest;
}

const lastOf = (entries: readonly JournalEntry[]): JournalEntry['status'] | undefined => entries.filter((e) => e.step === STEP.step).at(-1)?.status;

describe.each([
  ['a store with claims', (store: ClientStore) => store],
  ['a store without claims', withoutClaims],
])('runEffect on %s', (_name, adapt) => {
  it('runs an effect once and records it done with its reference; later runs find it finished', async () => {
    const store = adapt(createMemoryClientStore());
    let runs = 0;
    const spec = { idempotent: false, run: async () => ({ ref: `msg-${++runs}`, value: runs }) };
    const first = await runEffect(createWorkflowContext('test', STEP.applyId, store, {}), STEP, spec);
    expect(first).toMatchObject({ status: 'done', value: 1, ref: 'msg-1', resumed: false, unrecorded: false });
    const second = await runEffect(createWorkflowContext('test', STEP.applyId, store, {}), STEP, spec);
    expect(second).toMatchObject({ status: 'finished', entry: { status: 'done', ref: 'msg-1' } });
    expect(runs).toBe(1);
  });

  it('after a run stopped during an effect that cannot be repeated, reports it unknown and never runs it again', async () => {
    const inner = createMemoryClientStore();
    let runs = 0;
    // The first run sends, then its store dies before "done" is recorded (the process was killed).
    const dying = wrapStore(adapt(inner), {
      appendJournal: async (entries) => {
        if (entries.some((e) => e.status === 'done')) throw new Error('connection terminated');
        return adapt(inner).appendJournal(entries);
      },
    });
    const cut = await runEffect(createWorkflowContext('test', STEP.applyId, dying, { leaseMs: 20 }), STEP, { idempotent: false, run: async () => ({ ref: 'm1', value: ++runs }) });
    expect(cut).toMatchObject({ status: 'done', unrecorded: true });
    await sleep(40);
    const store = adapt(inner);
    const again = await runEffect(createWorkflowContext('test', STEP.applyId, store, { leaseMs: 20 }), STEP, { idempotent: false, run: async () => ({ ref: 'm2', value: ++runs }) });
    expect(again.status).toBe('unknown');
    const third = await runEffect(createWorkflowContext('test', STEP.applyId, store, { leaseMs: 20 }), STEP, { idempotent: false, run: async () => ({ ref: 'm3', value: ++runs }) });
    expect(third.status).toBe('unknown');
    expect(runs).toBe(1);
    expect(lastOf(await store.readJournal(STEP.applyId, STEP.itemKey))).toBe('unknown');
  });

  it('repeats an idempotent effect left half-way, and says it resumed', async () => {
    const inner = createMemoryClientStore();
    const dying = wrapStore(adapt(inner), {
      appendJournal: async (entries) => {
        if (entries.some((e) => e.status === 'done')) throw new Error('connection terminated');
        return adapt(inner).appendJournal(entries);
      },
    });
    await runEffect(createWorkflowContext('test', STEP.applyId, dying, { leaseMs: 20 }), STEP, { idempotent: true, run: async () => ({ ref: 'doc-1', value: 'first' }) });
    await sleep(40);
    const again = await runEffect(createWorkflowContext('test', STEP.applyId, adapt(inner), { leaseMs: 20 }), STEP, { idempotent: true, run: async () => ({ ref: 'doc-1', value: 'again' }) });
    expect(again).toMatchObject({ status: 'done', value: 'again', resumed: true, unrecorded: false });
  });

  it('releases a step whose effect surely did not happen, so the next apply tries it again', async () => {
    const store = adapt(createMemoryClientStore());
    const refused = await runEffect(createWorkflowContext('test', STEP.applyId, store, {}), STEP, {
      idempotent: false,
      run: async () => {
        throw new SmtpMailError('smtp_rejected', { detail: '550 5.1.1 user unknown' }, { retryable: false, responseCode: 550 });
      },
    });
    expect(refused.status).toBe('failed');
    expect(lastOf(await store.readJournal(STEP.applyId, STEP.itemKey))).toBe('released');
    const retried = await runEffect(createWorkflowContext('test', STEP.applyId, store, {}), STEP, { idempotent: false, run: async () => ({ ref: 'm1', value: 1 }) });
    expect(retried).toMatchObject({ status: 'done', ref: 'm1' });
  });

  it('leaves unknown a non-repeatable effect that failed without saying whether it happened', async () => {
    const store = adapt(createMemoryClientStore());
    const cut = await runEffect(createWorkflowContext('test', STEP.applyId, store, {}), STEP, {
      idempotent: false,
      run: async () => {
        throw new Error('socket hang up');
      },
    });
    expect(cut.status).toBe('unknown');
    let ran = false;
    const next = await runEffect(createWorkflowContext('test', STEP.applyId, store, {}), STEP, {
      idempotent: false,
      run: async () => {
        ran = true;
        return { value: 1 };
      },
    });
    expect(next.status).toBe('unknown');
    expect(ran).toBe(false);
  });

  it('never throws: a journal that cannot be read or written is a failed step, and the effect is not run', async () => {
    const broken = wrapStore(adapt(createMemoryClientStore()), {
      claimStep: async () => {
        throw new Error('relation "journal_steps" does not exist');
      },
      readJournal: async () => {
        throw new Error('relation "journal" does not exist');
      },
      appendJournal: async () => {
        throw new Error('relation "journal" does not exist');
      },
    });
    let ran = false;
    const outcome = await runEffect(createWorkflowContext('test', STEP.applyId, broken, {}), STEP, {
      idempotent: true,
      run: async () => {
        ran = true;
        return { value: 1 };
      },
    });
    expect(outcome.status).toBe('failed');
    expect(ran).toBe(false);
  });
});

describe('runEffect with concurrent applies (a store with claims)', () => {
  it('of four applies running one step at the same time, exactly one runs it; the others hold off', async () => {
    const store = createMemoryClientStore();
    let runs = 0;
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        runEffect(createWorkflowContext('test', STEP.applyId, store, { owner: `worker-${n}` }), STEP, {
          idempotent: false,
          run: async () => {
            runs++;
            await sleep(15);
            return { ref: `m-${n}`, value: n };
          },
        }),
      ),
    );
    expect(runs).toBe(1);
    const statuses = outcomes.map((o: EffectOutcome<number>) => o.status).sort();
    expect(statuses).toEqual(['done', 'held', 'held', 'held']);
  });

  it('a claim whose owner stopped is taken over once its lease lapses, not before', async () => {
    const store = createMemoryClientStore();
    await store.claimStep({ ...STEP, owner: 'crashed-worker', leaseMs: 30 });
    const spec = { idempotent: true, run: async () => ({ ref: 'doc-9', value: 'sent' }) };
    expect((await runEffect(createWorkflowContext('test', STEP.applyId, store, { owner: 'w2' }), STEP, spec)).status).toBe('held');
    await sleep(50);
    expect(await runEffect(createWorkflowContext('test', STEP.applyId, store, { owner: 'w2' }), STEP, spec)).toMatchObject({ status: 'done', resumed: true });
  });
});

describe('effectSurelyNotDone', () => {
  it('trusts refusals that say nothing left, and nothing else', () => {
    expect(effectSurelyNotDone(new SmtpMailError('smtp_rejected', { detail: '550' }, { retryable: false }))).toBe(true);
    expect(effectSurelyNotDone(new SmtpMailError('smtp_deferred', { detail: '451' }, { retryable: true }))).toBe(true);
    expect(effectSurelyNotDone(new TaxsyncError('mail_invalid', { detail: 'no recipient' }))).toBe(true);
    expect(effectSurelyNotDone(Object.assign(new Error('quota'), { effect: 'none' }))).toBe(true);
    expect(effectSurelyNotDone(new SmtpMailError('smtp_unreachable', { detail: 'ECONNREFUSED' }, { retryable: true, command: 'CONN' }))).toBe(true);
    // Lost after the message went out, before the server's answer: it may have been delivered.
    expect(effectSurelyNotDone(new SmtpMailError('smtp_unreachable', { detail: 'ETIMEDOUT' }, { retryable: true, command: 'DATA' }))).toBe(false);
    expect(effectSurelyNotDone(new Error('socket hang up'))).toBe(false);
    expect(effectSurelyNotDone(undefined)).toBe(false);
  });
});

describe('the run context', () => {
  it('catches an onProgress that throws, logs it once with no personal data, and keeps calling it', () => {
    const events: WorkflowEvent[] = [];
    const context = createWorkflowContext('client-import', 'plan-1', createMemoryClientStore(), { logger: (e) => events.push(e) });
    let calls = 0;
    const progress = guardProgress(context, () => {
      calls++;
      throw new Error('progress bar unmounted');
    });
    progress.call({ done: 1 });
    progress.call({ done: 2 });
    expect(calls).toBe(2);
    expect(progress.failed()).toBe(true);
    expect(events).toEqual([{ job: 'client-import', planId: 'plan-1', event: 'progress_failed' }]);
  });

  it('ignores a logger that throws', () => {
    const context = createWorkflowContext('client-import', 'plan-1', createMemoryClientStore(), {
      logger: () => {
        throw new Error('collector down');
      },
    });
    expect(() => context.log({ event: 'step', step: 'create', item: '12', outcome: 'done', ms: 3 })).not.toThrow();
  });
});
