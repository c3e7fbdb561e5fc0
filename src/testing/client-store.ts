/**
 * Conformance suite of the {@link ClientStore} port.
 */
import type { CorporationRecord, IndividualRecord } from '../model/client.js';
import type { ClientStore, JournalEntry, StoredClient } from '../ports.js';
import { check, checkData, checkRejects, declareSuite, type ConformanceOptions, type ConformanceTestApi } from './harness.js';

/** Options of {@link clientStoreTestSuite}. */
export type ClientStoreTestSuiteOptions = ConformanceOptions<ClientStore>;

const simon: IndividualRecord = {
  kind: 'individual',
  sin: '130692544',
  firstName: 'Simon',
  lastName: 'Provencher',
  birthDate: '1978-05-14',
  spouseSin: '271845935',
  role: 'principal',
  email: 'simon.provencher@exemple.ca',
  phone: '+15145550142',
  language: 'fr',
  address: { line1: '1234, rue Saint-Denis', city: 'Montréal', province: 'QC', postalCode: 'H2X 3J8', country: 'CA' },
  clientFile: 'PROVENCHER-2025',
  clientNumber: '1042',
};

const marieEve: IndividualRecord = {
  kind: 'individual',
  sin: '271845935',
  firstName: 'Marie-Ève',
  lastName: 'Côté',
  email: 'Marie-Eve.Cote@Exemple.ca',
  language: 'fr',
  clientFile: 'PROVENCHER-2025',
  role: 'spouse',
};

const lea: IndividualRecord = { kind: 'individual', firstName: 'Léa', lastName: 'Provencher', birthDate: '2012-08-30', clientFile: 'PROVENCHER-2025', role: 'dependant' };

const coteEtFils: CorporationRecord = {
  kind: 'corporation',
  businessNumber: '852147966',
  programAccount: 'RC0001',
  neq: '1171234567',
  name: 'Les Entreprises Côté et Fils ltée',
  fiscalYearEnd: '2025-12-31',
  contactName: 'Marie-Ève Côté',
  email: 'comptabilite@cote-fils.qc.ca',
  language: 'fr',
};

/** The record part of a stored client (what was given to `create` / `update`). */
function dataOf(client: StoredClient): Record<string, unknown> {
  const { id: _id, version: _version, accountManager: _manager, source: _source, ...data } = client;
  return data;
}

const ids = (clients: readonly StoredClient[]): string[] => clients.map((c) => c.id).sort();

async function all(store: ClientStore, kind?: 'individual' | 'corporation'): Promise<StoredClient[]> {
  const out: StoredClient[] = [];
  for await (const client of store.list(kind === undefined ? {} : { kind })) out.push(client);
  return out;
}

const entry = (applyId: string, itemKey: string, step: string, status: JournalEntry['status'], clientId?: string): JournalEntry => ({
  applyId,
  itemKey,
  step,
  status,
  ...(clientId === undefined ? {} : { clientId }),
  at: new Date(Date.UTC(2025, 3, 30, 12, 0, 0)).toISOString(),
});

/**
 * Declares the conformance tests of a {@link ClientStore} adapter: creation (idempotent by key), lookups, listing,
 * updates with optimistic concurrency (when `capabilities.versioning`), errors, and the journal. Each test gets a
 * fresh store from `factory`; give it an empty store.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { clientStoreTestSuite } from 'taxsync/testing';
 *
 * clientStoreTestSuite({ describe, it }, async () => createPostgresClientStore(await freshDatabase()), { name: 'postgres' });
 * ```
 */
export function clientStoreTestSuite(api: ConformanceTestApi, factory: () => ClientStore | Promise<ClientStore>, options: ClientStoreTestSuiteOptions = {}): void {
  declareSuite(api, 'ClientStore conformance', factory, options, {
    'declares its capabilities': async (store) => {
      check(typeof store.capabilities === 'object' && store.capabilities !== null, 'capabilities must be an object');
      check(typeof store.capabilities.versioning === 'boolean', 'capabilities.versioning must be a boolean');
    },

    'create stores an individual and get returns it': async (store) => {
      const { client, created } = await store.create({ record: simon, accountManager: 'julie.tremblay', idempotencyKey: 'conformance-1' });
      check(created, 'created must be true for a new client');
      check(typeof client.id === 'string' && client.id !== '', 'the created client must have a non-empty string id');
      checkData(dataOf(client), simon, 'create must return the record it stored');
      check(client.accountManager === 'julie.tremblay', 'the account manager must be stored');
      if (store.capabilities.versioning) check(client.version !== undefined, 'a versioning store must return a version');
      const read = await store.get(client.id);
      check(read !== undefined, 'get must find the created client');
      checkData(dataOf(read), simon, 'get must return every field as stored (accents, nested address included)');
      check(read.accountManager === 'julie.tremblay', 'get must return the account manager');
    },

    'create stores corporations and people without a SIN': async (store) => {
      const corp = await store.create({ record: coteEtFils });
      const child = await store.create({ record: lea });
      checkData(dataOf((await store.get(corp.client.id)) as StoredClient), coteEtFils, 'a corporation must round-trip');
      checkData(dataOf((await store.get(child.client.id)) as StoredClient), lea, 'a dependant without SIN must round-trip');
      check(corp.client.id !== child.client.id, 'two clients must get two ids');
    },

    'create is idempotent by idempotencyKey': async (store) => {
      const first = await store.create({ record: simon, idempotencyKey: 'conformance-import:i0' });
      const again = await store.create({ record: { ...simon, firstName: 'Autre' }, idempotencyKey: 'conformance-import:i0' });
      check(again.created === false, 'a second create with the same key must say created: false');
      check(again.client.id === first.client.id, 'a second create with the same key must return the first client');
      check(again.client.kind === 'individual' && again.client.firstName === 'Simon', 'a second create with the same key must not change the client');
      check((await all(store)).length === 1, 'a second create with the same key must not store a second client');
    },

    'get returns undefined for an unknown id': async (store) => {
      check((await store.get('no-such-client')) === undefined, 'get of an unknown id must resolve to undefined, not throw');
    },

    'find matches by SIN, business number, NEQ or e-mail': async (store) => {
      const s = (await store.create({ record: simon })).client;
      const m = (await store.create({ record: marieEve })).client;
      const c = (await store.create({ record: coteEtFils })).client;
      checkData(ids(await store.find({ sin: '130692544' })), [s.id], 'find by SIN');
      checkData(ids(await store.find({ businessNumber: '852147966' })), [c.id], 'find by business number');
      checkData(ids(await store.find({ neq: '1171234567' })), [c.id], 'find by NEQ');
      checkData(ids(await store.find({ email: 'marie-eve.cote@exemple.ca' })), [m.id], 'find by e-mail must ignore case');
      checkData(ids(await store.find({ sin: '130692544', email: 'marie-eve.cote@exemple.ca' })), [s.id, m.id].sort(), 'find must match any criterion');
      checkData(await store.find({ sin: '412589632' }), [], 'find with no match');
      checkData(await store.find({}), [], 'find with no criterion');
    },

    'list yields every client, optionally of one kind': async (store) => {
      const s = (await store.create({ record: simon })).client;
      const l = (await store.create({ record: lea })).client;
      const c = (await store.create({ record: coteEtFils })).client;
      checkData(ids(await all(store)), [s.id, l.id, c.id].sort(), 'list must yield every client once');
      checkData(ids(await all(store, 'individual')), [s.id, l.id].sort(), 'list({ kind: individual })');
      checkData(ids(await all(store, 'corporation')), [c.id], 'list({ kind: corporation })');
    },

    'update replaces the record and keeps id and account manager': async (store) => {
      const { client } = await store.create({ record: simon, accountManager: 'julie.tremblay' });
      const { phone: _phone, ...withoutPhone } = simon;
      const next: IndividualRecord = { ...withoutPhone, lastName: 'Provencher-Roy', address: { ...simon.address, city: 'Laval' } };
      const updated = await store.update({ id: client.id, record: next, ...(client.version === undefined ? {} : { expectedVersion: client.version }) });
      check(updated.id === client.id, 'update must keep the id');
      checkData(dataOf(updated), next, 'update must return the new record');
      const read = (await store.get(client.id)) as StoredClient;
      checkData(dataOf(read), next, 'update must replace the record: a field left out (phone) is removed');
      check(read.accountManager === 'julie.tremblay', 'update must keep the account manager');
    },

    'find follows updates': async (store) => {
      const { client } = await store.create({ record: marieEve });
      await store.update({ id: client.id, record: { ...marieEve, email: 'meve@exemple.ca' }, ...(client.version === undefined ? {} : { expectedVersion: client.version }) });
      checkData(await store.find({ email: 'marie-eve.cote@exemple.ca' }), [], 'the old e-mail must no longer find the client');
      checkData(ids(await store.find({ email: 'MEVE@exemple.ca' })), [client.id], 'the new e-mail must find the client');
    },

    'update changes the version and refuses a stale one': async (store) => {
      if (!store.capabilities.versioning) return;
      const { client } = await store.create({ record: simon });
      const updated = await store.update({ id: client.id, record: { ...simon, phone: '+15145550199' }, expectedVersion: client.version as string | number });
      check(updated.version !== client.version, 'every update must change the version');
      await checkRejects(
        () => store.update({ id: client.id, record: { ...simon, phone: '+15145550000' }, expectedVersion: client.version as string | number }),
        'version_conflict',
        'update with a stale expectedVersion',
      );
      const read = (await store.get(client.id)) as StoredClient;
      check(read.kind === 'individual' && read.phone === '+15145550199', 'a refused update must write nothing');
    },

    'concurrent updates from the same version: exactly one wins': async (store) => {
      if (!store.capabilities.versioning) return;
      const { client } = await store.create({ record: simon });
      const version = client.version as string | number;
      const results = await Promise.allSettled(
        ['Laval', 'Longueuil', 'Gatineau'].map((city) => store.update({ id: client.id, record: { ...simon, address: { ...simon.address, city } }, expectedVersion: version })),
      );
      check(results.filter((r) => r.status === 'fulfilled').length === 1, 'exactly one of three concurrent updates from the same version must succeed');
    },

    'update of an unknown id throws client_not_found': async (store) => {
      await checkRejects(() => store.update({ id: 'no-such-client', record: simon }), 'client_not_found', 'update of an unknown id');
    },

    'update with another kind throws kind_mismatch': async (store) => {
      const { client } = await store.create({ record: simon });
      await checkRejects(() => store.update({ id: client.id, record: coteEtFils }), 'kind_mismatch', 'update of an individual with a corporation');
    },

    'returned clients are copies': async (store) => {
      const { client } = await store.create({ record: simon });
      (client as { firstName?: string }).firstName = 'Changé';
      const read = (await store.get(client.id)) as StoredClient & { address?: { city?: string } };
      if (read.address !== undefined) (read.address as { city?: string }).city = 'Changé';
      const again = (await store.get(client.id)) as StoredClient;
      checkData(dataOf(again), simon, 'changing a returned object must not change the store');
    },

    'journal reads back entries in order, per apply and per item': async (store) => {
      await store.appendJournal([entry('plan-a', 'i0', 'create', 'pending'), entry('plan-a', 'i0', 'create', 'done', 'c1')]);
      await store.appendJournal([entry('plan-b', 'i0', 'create', 'done', 'c9'), entry('plan-a', 'i1', 'update', 'done', 'c2')]);
      const a = await store.readJournal('plan-a');
      checkData(a.map((e) => [e.itemKey, e.step, e.status, e.clientId]), [['i0', 'create', 'pending', undefined], ['i0', 'create', 'done', 'c1'], ['i1', 'update', 'done', 'c2']], 'readJournal(plan-a)');
      checkData((await store.readJournal('plan-a', 'i1')).map((e) => e.clientId), ['c2'], 'readJournal(plan-a, i1)');
      checkData((await store.readJournal('plan-b')).map((e) => e.clientId), ['c9'], 'readJournal(plan-b)');
      checkData(await store.readJournal('plan-c'), [], 'readJournal of an unknown apply');
      const [first] = a;
      check(first !== undefined && typeof first.at === 'string' && !Number.isNaN(Date.parse(first.at)), 'journal entries must keep their timestamp');
    },
  });
}
