/**
 * The fault harness's loop: a crash-free run for reference, then for each write N of it and each mode, a run whose
 * N-th write fails followed by a healthy run of the same plan on the same world. Used by faults.test.ts (the three
 * jobs) and harness.test.ts (a job with a known defect, which the loop must catch).
 */
import { expect } from 'vitest';
import { FAULT_MODES, FaultInjector, withFaults, type FaultMode } from './faults.js';
import type { JobDriver, RunOptions } from './jobs.js';
import { differences, endState, identities, newWorld, portsOf, unknownAddressesOf, type EndState, type Ports, type World } from './state.js';

/** The lease of every apply here: a crashed run's claim lapses once the world's clock moves past it. */
export const LEASE_MS = 30;

export const faulty = (world: World, injector: FaultInjector): Ports => ({
  store: withFaults(world.store, 'store', injector),
  portal: withFaults(world.portal, 'portal', injector),
  mailer: withFaults(world.mailer, 'mailer', injector),
  documents: withFaults(world.documents, 'documents', injector),
});

// One item at a time: the N-th write is then the same write in every run (the SHA-256s are hashed on a thread pool,
// so with several items at once the order of writes varies). Concurrency has its own tests (concurrent.test.ts).
const runOptions = (world: World): RunOptions => ({ leaseMs: LEASE_MS, now: world.clock.now, concurrency: 1 });

export interface Reference {
  readonly writes: number;
  readonly state: EndState;
  readonly outcomes: Map<string, string>;
}

export async function crashFree<P, R>(job: JobDriver<P, R>, idempotencyKeys: boolean): Promise<Reference> {
  const world = newWorld({ idempotencyKeys });
  await job.setup(world);
  const plan = await job.preview(world);
  const counter = new FaultInjector();
  const report = await job.apply(plan, faulty(world, counter), runOptions(world));
  const outcomes = job.outcomes(plan, report, identities(world.store));
  expect([...outcomes.keys()].filter((k) => job.itemKeys(plan).includes(k)).sort()).toEqual(job.itemKeys(plan).sort());
  return { writes: counter.count, state: await endState(world), outcomes };
}

/**
 * One faulty apply (the N-th write fails in `mode`), then a healthy apply of the same plan on the same world. Returns
 * what differs from the crash-free run, or `undefined` when nothing does.
 */
export async function faultThenRestart<P, R>(job: JobDriver<P, R>, idempotencyKeys: boolean, n: number, mode: FaultMode, reference: Reference): Promise<string | undefined> {
  const world = newWorld({ idempotencyKeys });
  await job.setup(world);
  const plan = await job.preview(world);
  const injector = new FaultInjector(n, mode);
  const problems: string[] = [];
  try {
    await job.apply(plan, faulty(world, injector), runOptions(world));
  } catch (error) {
    problems.push(`the faulty apply threw instead of reporting: ${String(error)}`);
  }
  const fatal = injector.calls[n - 1];
  if (fatal === undefined || fatal.fate === 'ok') return `write ${n} never failed (the run made ${injector.count} writes): the job is not deterministic ${problems.join(' ')}`;
  world.clock.advance(LEASE_MS + 1);
  const report = await job.apply(plan, portsOf(world), runOptions(world));

  const unknown = unknownAddressesOf(report, world.store);
  problems.push(...differences(await endState(world), reference.state, unknown));
  const outcomes = job.outcomes(plan, report, identities(world.store));
  for (const key of job.itemKeys(plan)) if (!outcomes.has(key)) problems.push(`${key}: missing from the final report`);
  for (const [key, expected] of reference.outcomes) {
    const actual = outcomes.get(key);
    if (actual === expected) continue;
    // An e-mail in doubt is reported, never repeated: the one difference a crash may leave.
    if (actual?.includes('delivery_unknown') === true) continue;
    // A client whose invitation e-mail is in doubt has its documents held (they would point to a portal the client
    // may not be able to enter), so no document e-mail either: what is reported is the invitation in doubt.
    const who = key.startsWith('e-mail ') ? key.slice('e-mail '.length) : undefined;
    if (actual === undefined && who !== undefined && [...outcomes.values()].some((v) => v.includes('delivery_unknown') && v.endsWith(` ${who}`))) continue;
    problems.push(`${key}: ${actual ?? 'no outcome'} (crash-free: ${expected})`);
  }
  for (const key of outcomes.keys()) if (!reference.outcomes.has(key) && !outcomes.get(key)?.includes('delivery_unknown')) problems.push(`${key}: ${outcomes.get(key)} (not in the crash-free report)`);
  return problems.length === 0 ? undefined : `${mode.when}/${mode.extent} at write ${n} (${fatal.port}.${fatal.method}):\n  ${problems.join('\n  ')}`;
}


/** Every fault the loop tries for a job, and what each left different (empty when the job is exactly-once). */
export async function faultProblems<P, R>(job: JobDriver<P, R>, idempotencyKeys: boolean): Promise<{ tried: number; problems: string[] }> {
  const reference = await crashFree(job, idempotencyKeys);
  // The world must hold something for the comparison to mean anything.
  expect(reference.writes).toBeGreaterThan(2);
  const problems: string[] = [];
  for (const mode of FAULT_MODES) {
    for (let n = 1; n <= reference.writes; n++) {
      const problem = await faultThenRestart(job, idempotencyKeys, n, mode, reference);
      if (problem !== undefined) problems.push(problem);
    }
  }
  return { tried: reference.writes * FAULT_MODES.length, problems };
}
