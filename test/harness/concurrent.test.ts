/**
 * Two and four applies of one plan at the same time in one process (two browser tabs, four workers), with a mailer
 * that has no idempotency keys and a slow portal, so that the applies really overlap: each client created once, each
 * invitation, document and e-mail once — the claims in the journal keep them apart, not luck.
 */
import { describe, expect, it } from 'vitest';
import { withLatency } from './faults.js';
import { dispatchJob, importJob, syncJob, type JobDriver } from './jobs.js';
import { crashFree } from './run.js';
import { differences, endState, identities, newWorld, portsOf, type Ports, type World } from './state.js';

/** A portal and a mailer that take a few milliseconds per call, as real ones take hundreds. */
const slow = (world: World): Ports => ({
  ...portsOf(world),
  portal: withLatency(world.portal, ['inviteClient', 'getUser', 'sendDocument'], 3),
  mailer: withLatency(world.mailer, ['send'], 3),
});

const JOBS = [importJob, dispatchJob, syncJob] as JobDriver<unknown, unknown>[];

describe('concurrent applies of one plan in one process', () => {
  for (const job of JOBS) {
    for (const applies of [2, 4]) {
      it(`${job.name}: ${applies} applies at once do each effect once`, async () => {
        const reference = await crashFree(job, false);
        const world = newWorld({ idempotencyKeys: false });
        await job.setup(world);
        const plan = await job.preview(world);
        const ports = slow(world);
        const reports = await Promise.all(Array.from({ length: applies }, (_, i) => job.apply(plan, ports, { leaseMs: 60_000, now: world.clock.now, owner: `worker-${i + 1}` })));

        // Nothing twice, nothing missing, nothing in doubt: no apply crashed.
        expect(differences(await endState(world), reference.state, new Set())).toEqual([]);
        const who = identities(world.store);
        for (const report of reports) {
          const outcomes = job.outcomes(plan, report, who);
          expect([...job.itemKeys(plan)].filter((k) => !outcomes.has(k)), 'items missing from a report').toEqual([]);
          // An apply that found another at work on an item may say so (held); none doubts, none fails where a lone
          // apply does not.
          for (const [key, outcome] of outcomes) {
            expect(outcome, key).not.toMatch(/delivery_unknown/);
            if (outcome.startsWith('failed')) expect(outcome, key).toBe(reference.outcomes.get(key));
          }
        }
        // Once they are all finished, one more apply finds everything done, as after a crash-free run.
        const after = job.outcomes(plan, await job.apply(plan, portsOf(world), { leaseMs: 60_000, now: world.clock.now }), identities(world.store));
        expect(Object.fromEntries(after)).toEqual(Object.fromEntries(reference.outcomes));
        expect(differences(await endState(world), reference.state, new Set())).toEqual([]);
      });
    }
  }
});
