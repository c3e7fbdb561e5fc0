/**
 * The fault harness (issue #10, "How it is checked"): for each job, every write of every port fails in turn — before
 * it takes effect, after it, only that call, or every write from there on (a crash) — then, as after a restart, a
 * healthy apply of the same plan runs on the same store, portal and mailer. The world must then be the world of one
 * crash-free run: each client created once, each client file as expected, each document delivered once, each e-mail
 * sent at most once (and, when missing, reported `delivery_unknown`), and an outcome for every item of the plan.
 *
 * The range of N comes from a healthy run's count of writes, so a job that gains a step is covered with no change.
 */
import { describe, expect, it } from 'vitest';
import { dispatchJob, importJob, syncJob, type JobDriver } from './jobs.js';
import { faultProblems } from './run.js';

const JOBS = [importJob, dispatchJob, syncJob] as JobDriver<unknown, unknown>[];

describe('fault harness: every write of every port fails in turn, then a healthy apply runs', () => {
  for (const job of JOBS) {
    for (const idempotencyKeys of job.mails ? [true, false] : [true]) {
      const title = `${job.name}${job.mails ? `, mailer ${idempotencyKeys ? 'with' : 'without'} idempotency keys` : ''}: the end state equals a crash-free run`;
      it(title, async () => {
        const { tried, problems } = await faultProblems(job, idempotencyKeys);
        expect(problems, `${problems.length} of ${tried} faults left the world different`).toEqual([]);
        // A few seconds alone; the suite runs files side by side on two cores.
      }, 120_000);
    }
  }
});
