/**
 * The harness checked on itself: its faults do what they say, and its loop catches a job that is not exactly-once
 * (a harness that cannot fail would prove nothing about the three jobs).
 */
import { describe, expect, it } from 'vitest';
import { createOutboxMailer, type MailMessage } from '../../src/index.js';
import { FAULT_MODES, FaultInjector, InjectedFault, withFaults } from './faults.js';
import type { JobDriver } from './jobs.js';
import { faultProblems } from './run.js';

const message = (n: number): MailMessage => ({ to: `client${n}@exemple.ca`, subject: `Avis ${n}`, text: 'Bonjour', language: 'fr', idempotencyKey: `k${n}` });

describe('FaultInjector', () => {
  it.each(FAULT_MODES)('$name: the 2nd of 4 sends fails as the mode says', async (mode) => {
    const outbox = createOutboxMailer({ idempotencyKeys: false });
    const injector = new FaultInjector(2, mode);
    const mailer = withFaults(outbox, 'mailer', injector);
    const results: string[] = [];
    for (let n = 1; n <= 4; n++) {
      try {
        await mailer.send(message(n));
        results.push('ok');
      } catch (error) {
        expect(error).toBeInstanceOf(InjectedFault);
        results.push('thrown');
      }
    }
    const sent = outbox.messages.map((m) => m.subject);
    if (mode.extent === 'only') expect(results).toEqual(['ok', 'thrown', 'ok', 'ok']);
    else expect(results).toEqual(['ok', 'thrown', 'thrown', 'thrown']);
    const second = mode.when === 'after' ? ['Avis 2'] : [];
    expect(sent).toEqual(['Avis 1', ...second, ...(mode.extent === 'only' ? ['Avis 3', 'Avis 4'] : [])]);
    expect(injector.calls.map((c) => `${c.port}.${c.method} ${c.fate}`)[1]).toBe(`mailer.send failed-${mode.when}`);
    // Reads and capabilities pass through untouched.
    expect(mailer.capabilities).toBe(outbox.capabilities);
  });

  it('counts without failing when no fault is planned', async () => {
    const injector = new FaultInjector();
    const mailer = withFaults(createOutboxMailer(), 'mailer', injector);
    for (let n = 1; n <= 3; n++) await mailer.send(message(n));
    expect(injector.count).toBe(3);
    expect(injector.failures).toBe(0);
  });
});

interface NaiveReport {
  readonly items: readonly { readonly clientId: string; readonly status: 'sent' | 'skipped' | 'failed' }[];
}

/**
 * A welcome e-mail per client, written the way the jobs were before the kernel: "done" recorded after the send, no
 * claim, no way to tell a send that failed from one whose answer was lost.
 */
const naiveJob: JobDriver<string[], NaiveReport> = {
  name: 'naive welcome e-mails',
  mails: true,
  async setup(world) {
    await world.store.create({ record: { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca' } });
    await world.store.create({ record: { kind: 'individual', sin: '271845935', firstName: 'Marie-Ève', lastName: 'Côté', email: 'marie-eve.cote@exemple.ca' } });
  },
  async preview(world) {
    return world.store.snapshot().map((c) => c.id);
  },
  async apply(ids, ports) {
    const items: NaiveReport['items'][number][] = [];
    for (const clientId of ids) {
      try {
        if ((await ports.store.readJournal('welcome', clientId)).some((e) => e.status === 'done')) {
          items.push({ clientId, status: 'skipped' });
          continue;
        }
        const client = await ports.store.get(clientId);
        await ports.mailer.send({ to: client?.email ?? '', subject: 'Bienvenue', text: 'Bonjour', language: 'fr', idempotencyKey: `welcome-${clientId}`, category: 'welcome' });
        await ports.store.appendJournal([{ applyId: 'welcome', itemKey: clientId, step: 'email', status: 'done', at: new Date().toISOString() }]);
        items.push({ clientId, status: 'sent' });
      } catch {
        items.push({ clientId, status: 'failed' });
      }
    }
    return { items };
  },
  outcomes(_ids, report, who) {
    return new Map(report.items.map((i) => [who.get(i.clientId) ?? '?', i.status === 'failed' ? 'failed' : 'welcomed']));
  },
  itemKeys: () => ['130692544', '271845935'],
};

describe('the fault loop', () => {
  it('catches a job that sends twice after a lost answer and cannot say so', async () => {
    const { problems } = await faultProblems(naiveJob, false);
    expect(problems.some((p) => p.startsWith('after/only') && p.includes('e-mails sent twice or unplanned: welcome simon.provencher@exemple.ca'))).toBe(true);
  });

  it('sees nothing wrong when the mailer honours keys (the repeat is harmless)', async () => {
    expect((await faultProblems(naiveJob, true)).problems).toEqual([]);
  });
});
