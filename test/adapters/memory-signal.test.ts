/**
 * The memory adapters and the call's signal: nothing starts once it is aborted (and the error says nothing took
 * place), a stream stops before its next element, and a call given a live signal works as without one.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryClientStore, createMemoryDocumentStore, createMemoryPortal, createOutboxMailer, type IndividualRecord } from '../../src/index.js';
import { completed, signed } from '../sync/helpers.js';
import { rejection } from '../fixtures/rejection.js';

const zoe: IndividualRecord = { kind: 'individual', sin: '527146831', firstName: 'Zoé', lastName: 'Gagnon-Tremblay', email: 'zoe.gt@exemple.ca', language: 'fr' };

const abortedWithoutEffect = (error: unknown): [string, unknown, string] => [(error as Error).name, (error as { effect?: unknown }).effect, ((error as Error).cause as Error).message];

describe('the memory adapters and the signal', () => {
  it('start nothing once aborted: no client, no journal entry, no message, no portal user, no document', async () => {
    const controller = new AbortController();
    controller.abort(new Error('arrêt demandé par le cabinet'));
    const signal = controller.signal;
    const store = createMemoryClientStore({ clients: [{ ...zoe, id: 'c-zoe' }] });
    const mailer = createOutboxMailer();
    const portal = createMemoryPortal();
    const documents = createMemoryDocumentStore();
    const pdf = new TextEncoder().encode('%PDF-1.7 T183 de Zoé');
    const calls: (() => Promise<unknown>)[] = [
      () => store.get('c-zoe', { signal }),
      () => store.find({ sin: '527146831' }, { signal }),
      () => store.create({ record: { ...zoe, sin: '130692544', email: 'simon@exemple.ca' }, idempotencyKey: 'k1' }, { signal }),
      () => store.update({ id: 'c-zoe', record: { ...zoe, email: 'zoe@nouveau.ca' } }, { signal }),
      () => store.appendJournal([{ applyId: 'plan-1', itemKey: '2', step: 'create', status: 'done', at: '2026-03-15T14:30:00Z' }], { signal }),
      () => store.readJournal('plan-1', undefined, { signal }),
      () => store.claimStep({ applyId: 'plan-1', itemKey: '2', step: 'email', owner: 'w1', leaseMs: 1000 }, { signal }),
      () => store.putClientFile({ id: 'GAGNON-2025', taxpayers: [] }, { signal }),
      () => store.putSignatureRecord({ record: { taxpayerId: 'c-zoe', clientFileId: 'GAGNON-2025', taxYear: 2025, documentType: 'T183' } }, { signal }),
      () => mailer.send({ to: 'zoe.gt@exemple.ca', subject: 'Bienvenue', text: 'Bonjour Zoé', language: 'fr', idempotencyKey: 'k2' }, { signal }),
      () => portal.inviteClient({ clientId: 'c-zoe', email: 'zoe.gt@exemple.ca', language: 'fr', name: 'Zoé Gagnon-Tremblay' }, { signal }),
      () => documents.put(pdf, { signal }),
      () => documents.get('0'.repeat(64), { signal }),
    ];
    for (const call of calls) expect(abortedWithoutEffect(await rejection(call))).toEqual(['AbortError', 'none', 'arrêt demandé par le cabinet']);
    expect(store.snapshot().map((c) => c.email)).toEqual(['zoe.gt@exemple.ca']);
    expect(store.journalSnapshot()).toEqual([]);
    expect(store.signatureSnapshot()).toEqual([]);
    expect(await store.getClientFile('GAGNON-2025')).toBeUndefined();
    expect(mailer.messages).toEqual([]);
    expect(portal.users()).toEqual([]);
    expect(documents.size).toBe(0);
  });

  it('stop a stream before its next element, and work as usual with a live signal', async () => {
    const store = createMemoryClientStore({
      clients: [
        { ...zoe, id: 'c-1' },
        { ...zoe, id: 'c-2', sin: '130692544', email: 'simon@exemple.ca' },
        { ...zoe, id: 'c-3', sin: '271845935', email: 'me@exemple.ca' },
      ],
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const stopped = await rejection(async () => {
      for await (const client of store.list({}, { signal: controller.signal })) {
        seen.push(client.id);
        if (seen.length === 2) controller.abort(new Error('aperçu annulé'));
      }
    });
    expect([(stopped as Error).message, seen]).toEqual(['aperçu annulé', ['c-1', 'c-2']]);

    const portal = createMemoryPortal();
    portal.recordCompletion(completed('env-1', 'c-1', signed('Zoé Gagnon-Tremblay', '2026-03-14T19:42:07Z')));
    portal.recordCompletion(completed('env-2', 'c-1', signed('Zoé Gagnon-Tremblay', '2026-03-15T19:42:07Z'), { documentType: 'TP-1000.TE' }));
    const listing = new AbortController();
    const completions: string[] = [];
    const cut = await rejection(async () => {
      for await (const c of portal.listSignatureCompletions({}, { signal: listing.signal })) {
        completions.push(c.id);
        listing.abort(new Error('synchronisation annulée'));
      }
    });
    expect([(cut as Error).message, completions]).toEqual(['synchronisation annulée', ['env-1']]);

    const live = new AbortController().signal;
    expect((await store.get('c-3', { signal: live }))?.id).toBe('c-3');
    const { client, created } = await store.create({ record: { ...zoe, sin: '412589632', email: 'sean@example.com' }, idempotencyKey: 'k3' }, { signal: live });
    expect([created, (await store.find({ sin: '412589632' }, { signal: live })).map((c) => c.id)]).toEqual([true, [client.id]]);
  });
});
