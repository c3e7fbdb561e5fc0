/**
 * Fail closed at the ports: what a host's adapter returns is read before a job uses it, and every call carries the
 * job's signal. Through the jobs (preview, apply, sync, the website form) over the reference adapters, with the
 * adapter answers a host's own code really produces: a row mapped without its id, a SIN Excel cut to eight digits,
 * an ORM's version object, a date in the portal's local format, a mail API's receipt without an id.
 */
import { describe, expect, it } from 'vitest';
import {
  PortDataError,
  TaxsyncError,
  applyClientImport,
  createMemoryClientStore,
  createMemoryPortal,
  createOutboxMailer,
  formatSyncLog,
  inviteOrMatchClient,
  previewClientImport,
  syncSignatures,
  describeSyncTaxpayer,
  describeImportItem,
  type ClientImportItem,
  type ClientStore,
  type IndividualRecord,
  type Mailer,
  type PortCallOptions,
  type Portal,
  type StoredClient,
} from '../../src/index.js';
import { guardPorts } from '../../src/workflow/ports-guard.js';
import { wrapStore } from '../fixtures/wrap-store.js';
import { dtmaxFile, FAMILY_ROWS } from '../clients/helpers.js';
import { completed, seedFamilies, signed } from '../sync/helpers.js';
import { rejection } from '../fixtures/rejection.js';

const fixedNow = (): Date => new Date(Date.UTC(2026, 2, 15, 14, 30, 0));

const simon: IndividualRecord = {
  kind: 'individual',
  sin: '130692544',
  firstName: 'Simon',
  lastName: 'Provencher',
  email: 'simon.provencher@exemple.ca',
  language: 'fr',
  clientFile: 'PROVENCHER-2025',
};

/** Nothing of the value itself: no digit run of a SIN (whole or cut), no e-mail, no name. */
function expectNoValue(text: string): void {
  expect(text).not.toMatch(/\d{6,}/);
  expect(text).not.toMatch(/@/);
  expect(text).not.toMatch(/Provencher|Marie-Ève|Côté/);
}

const messageOf = (item: ClientImportItem | undefined): string => (item === undefined ? '' : describeImportItem(item, 'fr'));

describe('a store whose answers cannot be read', () => {
  it('stops a preview at a listed client without an id, naming the element and the field, never the client', async () => {
    const store = createMemoryClientStore({ clients: [{ ...simon, id: 'c-simon' }] });
    // The host's adapter maps a row whose id column it forgot to select.
    const { id: _id, ...withoutId } = { ...simon, firstName: 'Marie-Ève', lastName: 'Côté', sin: '271845935', id: 'c-me' };
    const mapped = wrapStore(store, {
      async *list() {
        for await (const client of store.list()) yield client;
        yield withoutId as StoredClient;
      },
    });
    const error = await rejection(() => previewClientImport({ source: 'dtmax', file: dtmaxFile(), locale: 'fr' }, { store: mapped }));
    expect(PortDataError.isInstance(error)).toBe(true);
    const e = error as PortDataError;
    expect(e).toBeInstanceOf(TaxsyncError);
    expect([e.code, e.port, e.method, e.field, e.problem, e.item]).toEqual(['port_data_invalid', 'ClientStore', 'list', 'id', 'missing', 2]);
    expect(e.message).toBe('ClientStore.list a renvoyé une valeur que taxsync ne peut pas lire (élément 2) : « id » est absent. Rien n’en a été fait : corrigez l’adaptateur ou la donnée enregistrée, puis relancez.'.replaceAll('’', "'"));
    expect(e.messageIn('en')).toBe('ClientStore.list returned a value taxsync cannot read (item 2): "id" is missing. Nothing was done with it: fix the adapter or the stored data, then run again.');
    expect(e.params).toEqual({ port: 'ClientStore', method: 'list', field: 'id', problem: 'missing', item: 2 });
    expectNoValue(`${e.message} ${e.messageIn('en')} ${JSON.stringify(e.params)}`);
  });

  it('stops a preview at a SIN Excel cut to eight digits rather than plan its row as a new client', async () => {
    const store = createMemoryClientStore({ clients: [{ ...simon, id: 'c-simon', sin: '13069254' }] });
    const error = await rejection(() => previewClientImport({ source: 'dtmax', file: dtmaxFile(), locale: 'en' }, { store }));
    expect(PortDataError.isInstance(error) && [error.method, error.field, error.problem, error.item]).toEqual(['list', 'sin', 'format', 1]);
    expectNoValue((error as Error).message);
    // The same store, readable: the preview works and plans Simon as an update, not a second client.
    const fixed = createMemoryClientStore({ clients: [{ ...simon, id: 'c-simon' }] });
    const preview = await previewClientImport({ source: 'dtmax', file: dtmaxFile(), locale: 'en' }, { store: fixed });
    expect(preview.plan.creates.some((c) => c.record.kind === 'individual' && c.record.sin === '130692544')).toBe(false);
  });

  it('refuses to apply when the stored clients come back with a version object, and writes nothing', async () => {
    const store = createMemoryClientStore({ clients: [{ ...simon, id: 'c-simon' }], now: fixedNow });
    const rows = [['130 692 544', 'Simon', 'Provencher', '1978-05-14', 'simon.p@nouveau.ca', '', 'Français', '', '', '', '', 'PROVENCHER-2025', 'Contribuable'], FAMILY_ROWS[3]];
    const preview = await previewClientImport({ source: 'dtmax', file: dtmaxFile(rows), locale: 'fr' }, { store }, { now: fixedNow });
    expect(preview.rows.map((r) => [r.row, r.action])).toEqual([
      [2, 'update'],
      [3, 'create'],
    ]);
    // An ORM hands its row version back as the object it keeps it in.
    const odd = (c: StoredClient): StoredClient => ({ ...c, version: { updatedAt: '2026-03-15T14:30:00Z', revision: c.version } }) as unknown as StoredClient;
    const orm = wrapStore(store, {
      async get(id, options) {
        const client = await store.get(id, options);
        return client === undefined ? undefined : odd(client);
      },
      async find(lookup, options) {
        return (await store.find(lookup, options)).map(odd);
      },
      async *list(query, options) {
        for await (const c of store.list(query, options)) yield odd(c);
      },
    });
    // Apply decides every row again on the clients as stored now: it cannot read them, so it writes nothing at all.
    const error = await rejection(() => applyClientImport(preview, { store: orm }, { now: fixedNow }));
    expect(PortDataError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("« version » n'a pas le bon type");
    expectNoValue((error as Error).message);
    expect((await store.get('c-simon'))?.email).toBe('simon.provencher@exemple.ca');
    expect(store.size).toBe(1);
  });

  it('fails a website form whose lookup answers a client without an id, instead of creating a second one', async () => {
    const store = createMemoryClientStore({ clients: [{ ...simon, id: 'c-simon' }] });
    const portal = createMemoryPortal();
    const mailer = createOutboxMailer();
    const mapped = wrapStore(store, {
      async find(lookup, options) {
        return (await store.find(lookup, options)).map(({ id: _id, ...rest }) => rest as StoredClient);
      },
    });
    const error = await rejection(() => inviteOrMatchClient({ email: 'simon.provencher@exemple.ca', firstName: 'Simon', lastName: 'Provencher' }, { store: mapped, portal, mailer }, { locale: 'en' }));
    expect(PortDataError.isInstance(error) && [error.method, error.field, error.problem, error.item]).toEqual(['find', 'id', 'missing', 1]);
    expect(store.size).toBe(1);
    expect(portal.users()).toEqual([]);
    expect(mailer.messages).toEqual([]);
  });
});

describe('a portal whose completions cannot be read', () => {
  it('fails the client file with a completion dated in local time, copies nothing, and goes on with the other files', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-simon', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')));
    // The portal's own export format: local time with the zone's French abbreviation.
    portal.recordCompletion(completed('env-me', 'c-marie-eve', signed('Marie-Ève Côté', '2026-03-15T01:05:59Z'), { updatedAt: '2026-04-02 13:00 HAE' }));
    portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-16T12:00:00Z')));

    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'fr' });
    const [provencher, gagnon] = log.files;
    expect(provencher?.taxpayers.map((t) => t.status)).toEqual(['failed', 'failed', 'failed']);
    const message = provencher?.taxpayers[0] === undefined ? '' : describeSyncTaxpayer(provencher.taxpayers[0], 'fr');
    expect(message).toContain('Portal.listSignatureCompletions');
    expect(message).toContain('« updatedAt »');
    expect(message).toContain("n'est pas une date et heure ISO 8601 lisible");
    expect(message).not.toContain('HAE');
    // Simon's completion was readable, but the file is decided on all of its completions or not at all.
    expect(await store.listSignatureRecords(['c-simon', 'c-marie-eve'], 2025)).toEqual([]);
    expect(gagnon?.taxpayers.map((t) => t.status)).toEqual(['updated']);
    expect(formatSyncLog(log, 'fr')).toContain("(élément 2) : « updatedAt » n'est pas une date et heure ISO 8601 lisible");
  });

  it('refuses a signer time without its offset, which would be read in the server’s own time zone', async () => {
    const { store, portal } = await seedFamilies();
    portal.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-16 08:00:00'), { updatedAt: '2026-03-16T12:00:00Z' }));
    const log = await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'en' });
    expect(log.files[0]?.taxpayers.map((t) => t.status)).toEqual(['failed']);
    expect(JSON.stringify(log)).toContain('\\"signers.0.signedAt\\" is not a readable ISO 8601 date and time');
    expect(await store.listSignatureRecords(['c-zoe'], 2025)).toEqual([]);
  });
});

describe('a mailer whose receipt cannot be read', () => {
  /** A provider API answering 202 with an empty body: the host's adapter returns what it parsed. */
  const receiptless = (inner: Mailer): Mailer => ({
    capabilities: inner.capabilities,
    async send(message, options) {
      await inner.send(message, options);
      return { duplicate: false } as unknown as { id: string; duplicate: boolean };
    },
  });

  it('reports the invitation failed with the reason, and the client saved', async () => {
    const store = createMemoryClientStore({ now: fixedNow });
    const portal = createMemoryPortal({ now: fixedNow });
    const outbox = createOutboxMailer({ now: fixedNow });
    const preview = await previewClientImport({ source: 'dtmax', file: dtmaxFile([FAMILY_ROWS[3]]), locale: 'fr' }, { store }, { now: fixedNow });
    const report = await applyClientImport(preview, { store, portal, mailer: receiptless(outbox) }, { now: fixedNow });
    const [sean] = report.items;
    expect(sean?.status).toBe('created');
    const invitation = sean !== undefined && 'invitation' in sean ? sean.invitation : undefined;
    expect(invitation?.status).toBe('failed');
    expect(invitation?.code).toBe('email_send_failed');
    expect(messageOf(sean)).toContain('Mailer.send');
    expect(messageOf(sean)).toContain('« id » est absent');
    expect(messageOf(sean)).not.toContain('@');
    expect(report.summary).toMatchObject({ created: 1, invited: 0, invitationsFailed: 1 });
  });

  it('with a mailer without idempotency keys, reports the delivery unknown, and again on the next apply, never sending twice', async () => {
    const store = createMemoryClientStore({ now: fixedNow });
    const portal = createMemoryPortal({ now: fixedNow });
    const outbox = createOutboxMailer({ idempotencyKeys: false, now: fixedNow });
    const preview = await previewClientImport({ source: 'dtmax', file: dtmaxFile([FAMILY_ROWS[3]]), locale: 'en' }, { store }, { now: fixedNow });
    const first = await applyClientImport(preview, { store, portal, mailer: receiptless(outbox) }, { now: fixedNow });
    const again = await applyClientImport(preview, { store, portal, mailer: receiptless(outbox) }, { now: fixedNow });
    const invitation = (report: typeof first): unknown => (report.items[0] !== undefined && 'invitation' in report.items[0] ? report.items[0].invitation?.code : undefined);
    expect([invitation(first), invitation(again)]).toEqual(['delivery_unknown', 'delivery_unknown']);
    expect(again.items[0]?.status).toBe('skipped');
    expect(outbox.messages).toHaveLength(1);
  });
});

describe('the signal', () => {
  /** Records the call options every store method receives. */
  function recording(inner: ClientStore): { store: ClientStore; calls: [string, PortCallOptions | undefined][] } {
    const calls: [string, PortCallOptions | undefined][] = [];
    const at: Record<string, number> = { list: 1, get: 1, find: 1, create: 1, update: 1, appendJournal: 1, readJournal: 2, claimStep: 1 };
    const overrides: Record<string, unknown> = {};
    for (const [name, position] of Object.entries(at)) {
      const method = (inner as unknown as Record<string, (...args: unknown[]) => unknown>)[name]?.bind(inner);
      overrides[name] = (...args: unknown[]) => {
        calls.push([name, args[position] as PortCallOptions | undefined]);
        return method?.(...args);
      };
    }
    return { store: wrapStore(inner, overrides as Partial<ClientStore>), calls };
  }

  it('reaches every port call of an apply but the journal writes', async () => {
    const inner = createMemoryClientStore({ now: fixedNow });
    const { store, calls } = recording(inner);
    const controller = new AbortController();
    const preview = await previewClientImport({ source: 'dtmax', file: dtmaxFile(), locale: 'fr' }, { store }, { now: fixedNow, signal: controller.signal });
    expect(calls.map(([name, options]) => [name, options?.signal === controller.signal])).toEqual([['list', true]]);
    calls.length = 0;
    const report = await applyClientImport(preview, { store, portal: createMemoryPortal(), mailer: createOutboxMailer() }, { now: fixedNow, signal: controller.signal });
    expect(report.summary.created).toBe(5);
    const names = new Set(calls.map(([name]) => name));
    // Clients it has just created have no invitation history to read: no readJournal on the first apply.
    expect([...names].sort()).toEqual(['appendJournal', 'claimStep', 'create', 'find', 'list']);
    for (const [name, options] of calls) expect([name, options?.signal]).toEqual([name, name === 'appendJournal' ? undefined : controller.signal]);
    calls.length = 0;
    // Applied again, every client is already there: its journal and its invitation history are read, with the signal.
    const again = await applyClientImport(preview, { store, portal: createMemoryPortal(), mailer: createOutboxMailer() }, { now: fixedNow, signal: controller.signal });
    expect(again.summary.skipped).toBe(5);
    expect(new Set(calls.map(([name]) => name)).has('readJournal')).toBe(true);
    for (const [name, options] of calls) expect([name, options?.signal]).toEqual([name, name === 'appendJournal' ? undefined : controller.signal]);
  });

  it('stops a database call that hangs: nothing is created, and the next apply creates the client once', async () => {
    const inner = createMemoryClientStore({ now: fixedNow });
    let seen: AbortSignal | undefined;
    // A store whose create waits on a lock until the caller gives up, as a database statement would.
    const locked = wrapStore(inner, {
      create: (input, options) =>
        new Promise((_resolve, reject) => {
          seen = options?.signal;
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason as Error), { once: true });
        }),
    });
    const preview = await previewClientImport({ source: 'dtmax', file: dtmaxFile([FAMILY_ROWS[0]]), locale: 'fr' }, { store: inner }, { now: fixedNow });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('the firm closed the tab')), 50);
    const report = await applyClientImport(preview, { store: locked }, { now: fixedNow, signal: controller.signal });
    expect(seen).toBe(controller.signal);
    expect(seen?.aborted).toBe(true);
    expect(report.items.map((i) => i.status)).toEqual(['failed']);
    expect(inner.size).toBe(0);
    const again = await applyClientImport(preview, { store: inner }, { now: fixedNow });
    expect(again.items.map((i) => i.status)).toEqual(['created']);
    expect(inner.size).toBe(1);
  });

  it('starts no call once aborted, and says nothing took place', async () => {
    const store = createMemoryClientStore({ clients: [{ ...simon, id: 'c-simon' }] });
    const controller = new AbortController();
    controller.abort();
    const guarded = guardPorts({ store, mailer: createOutboxMailer() }, { signal: controller.signal });
    for (const call of [() => guarded.store.get('c-simon'), () => guarded.store.create({ record: simon }), () => guarded.mailer.send({ to: 'a@exemple.ca', subject: 'x', text: 'y', language: 'fr', idempotencyKey: 'k' })]) {
      const error = await rejection(call);
      expect([(error as Error).name, (error as { effect?: unknown }).effect]).toEqual(['AbortError', 'none']);
    }
    const streamed = await rejection(async () => {
      for await (const _ of guarded.store.list()) throw new Error('yielded a client after the abort');
    });
    expect((streamed as Error).name).toBe('AbortError');
    expect(store.size).toBe(1);
  });
});

describe('a guarded stream', () => {
  /** A store whose `list` yields `clients` and records whether its cursor was closed (its `finally` ran). */
  const cursorStore = (clients: readonly unknown[]): { store: ClientStore; closed: () => boolean } => {
    let closed = false;
    const inner = createMemoryClientStore();
    const store = wrapStore(inner, {
      list: () =>
        (async function* cursor() {
          try {
            for (const client of clients) yield client as StoredClient;
          } finally {
            closed = true;
          }
        })(),
    });
    return { store, closed: () => closed };
  };
  const zoe = { ...simon, id: 'c-1' };

  it('stops between two elements when the signal aborts, and closes the source', async () => {
    const { store, closed } = cursorStore([zoe, { ...zoe, id: 'c-2' }, { ...zoe, id: 'c-3' }]);
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await rejection(async () => {
      for await (const client of guardPorts({ store }, { signal: controller.signal }).store.list()) {
        seen.push(client.id);
        controller.abort();
      }
    });
    expect([(error as Error).name, (error as { effect?: unknown }).effect, seen]).toEqual(['AbortError', 'none', ['c-1']]);
    expect(closed()).toBe(true);
  });

  it('ends at the first element it cannot read, naming its position, and closes the source', async () => {
    const { store, closed } = cursorStore([zoe, { ...zoe, id: 'c-2', sin: '130 692 544' }, { ...zoe, id: 'c-3' }]);
    const seen: string[] = [];
    const error = await rejection(async () => {
      for await (const client of guardPorts({ store }, { locale: 'en' }).store.list()) seen.push(client.id);
    });
    expect(error).toBeInstanceOf(PortDataError);
    expect([(error as PortDataError).code, (error as PortDataError).message.includes('130'), seen]).toEqual(['port_data_invalid', false, ['c-1']]);
    expect((error as PortDataError).message).toMatch(/2/);
    expect(closed()).toBe(true);
  });

  it('closes the source when the caller stops early, and yields everything when nobody stops', async () => {
    const early = cursorStore([zoe, { ...zoe, id: 'c-2' }]);
    for await (const _ of guardPorts({ store: early.store }).store.list()) break;
    expect(early.closed()).toBe(true);
    const whole = cursorStore([zoe, { ...zoe, id: 'c-2' }]);
    const ids: string[] = [];
    for await (const client of guardPorts({ store: whole.store }).store.list()) ids.push(client.id);
    expect([ids, whole.closed()]).toEqual([['c-1', 'c-2'], true]);
  });

  it('fails a list that is not a stream as unreadable', async () => {
    const store = wrapStore(createMemoryClientStore(), { list: (() => [zoe]) as unknown as ClientStore['list'] });
    const error = await rejection(async () => {
      for await (const _ of guardPorts({ store }).store.list()) break;
    });
    expect((error as PortDataError).code).toBe('port_data_invalid');
  });
});

describe('guardPorts', () => {
  it('returns values as they came, passes other members through, and reads null as none', async () => {
    const store = createMemoryClientStore({ clients: [{ ...simon, id: 'c-simon', accountManager: 'julie.tremblay' }] });
    const { store: guarded } = guardPorts({ store });
    const stored = await guarded.get('c-simon');
    expect(stored).toEqual(await store.get('c-simon'));
    expect((guarded as typeof store).size).toBe(1);
    expect((guarded as typeof store).snapshot()).toHaveLength(1);
    expect(guarded.capabilities).toBe(store.capabilities);
    const nulls = guardPorts({ store: wrapStore(store, { get: async () => null as unknown as undefined }) }).store;
    expect(await nulls.get('c-inconnu')).toBeUndefined();
  });

  it('refuses an answer about someone else: another client for an id, another client’s portal user or document', async () => {
    const store = createMemoryClientStore({ clients: [{ ...simon, id: 'c-simon' }, { ...simon, id: 'c-zoe', sin: '527146831', firstName: 'Zoé', lastName: 'Gagnon-Tremblay', email: 'zoe.gt@exemple.ca' }] });
    const swapped = wrapStore(store, { get: async (id) => store.get(id === 'c-simon' ? 'c-zoe' : id) });
    const error = await rejection(() => guardPorts({ store: swapped }, { locale: 'en' }).store.get('c-simon'));
    expect(PortDataError.isInstance(error) && [error.method, error.field, error.problem]).toEqual(['get', 'id', 'mismatch']);

    const portal = createMemoryPortal();
    await portal.inviteClient({ clientId: 'c-zoe', email: 'zoe.gt@exemple.ca', language: 'fr', name: 'Zoé Gagnon-Tremblay' });
    // A portal adapter that caches its last answer and hands it to the next caller.
    const confused: Portal = {
      capabilities: portal.capabilities,
      getUser: (clientId) => portal.getUser(clientId),
      inviteClient: () => portal.inviteClient({ clientId: 'c-zoe', email: 'zoe.gt@exemple.ca', language: 'fr', name: 'Zoé' }),
      sendDocument: (input) => portal.sendDocument({ ...input, clientId: 'c-zoe' }),
    };
    const guarded = guardPorts({ portal: confused }).portal;
    const invite = await rejection(() => guarded.inviteClient({ clientId: 'c-simon', email: 'simon.provencher@exemple.ca', language: 'fr', name: 'Simon Provencher' }));
    expect(PortDataError.isInstance(invite) && [invite.port, invite.method, invite.field, invite.problem]).toEqual(['Portal', 'inviteClient', 'user.clientId', 'mismatch']);
    const pdf = new TextEncoder().encode('%PDF-1.7 T183 de Simon');
    const send = await rejection(() =>
      (guarded.sendDocument as NonNullable<Portal['sendDocument']>)({
        clientId: 'c-simon', idempotencyKey: 'doc-simon-t183-2025', fileName: 'T183.pdf', pdf, sha256: 'a'.repeat(64), documentType: 'T183', taxYear: 2025,
        purpose: 'consult', title: 'T183 (2025)', language: 'fr', fields: [], signers: [],
      }),
    );
    expect(PortDataError.isInstance(send) && [send.method, send.field, send.problem]).toEqual(['sendDocument', 'document.clientId', 'mismatch']);
  });

  it('guards guarded ports once, with the newest signal', async () => {
    const store = createMemoryClientStore({ clients: [{ ...simon, id: 'c-simon' }] });
    const received: (AbortSignal | undefined)[] = [];
    const spy = wrapStore(store, {
      get: async (id, options) => {
        received.push(options?.signal);
        return store.get(id, options);
      },
    });
    const first = new AbortController();
    const second = new AbortController();
    const once = guardPorts({ store: spy }, { signal: first.signal });
    const twice = guardPorts(once, { signal: second.signal });
    await twice.store.get('c-simon');
    expect(received).toEqual([second.signal]);
  });
});
