/**
 * Conformance suite of the {@link ClientStore} port.
 */
import type { CorporationRecord, IndividualRecord } from '../model/client.js';
import type { ClientStore, JournalEntry, StoredClient } from '../ports.js';
import type { ClientFile, SignatureDetails, SignatureRecord } from '../model/signing.js';
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

const codeOf = (error: unknown): string => {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : typeof error;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
 * updates with optimistic concurrency (when `capabilities.versioning`), errors, the journal, and — when
 * `capabilities.signatures` — client files and signature records (compare-and-set by version). Each test gets a
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
      const again = await store.create({ record: { ...simon, firstName: 'Autre' }, idempotencyKey: 'conformance-import:i0' }).catch((error: unknown) => {
        check(false, `a second create with the same key must say created: false, not throw (${codeOf(error)})`);
      });
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

    // ── One client per number ──

    'create refuses a second client with the same SIN or business number': async (store) => {
      const first = (await store.create({ record: simon, idempotencyKey: 'conformance-a' })).client;
      await checkRejects(() => store.create({ record: { ...simon, firstName: 'Simone', email: 'autre@exemple.ca' }, idempotencyKey: 'conformance-b' }), 'client_exists', 'a second individual with the same SIN');
      await store.create({ record: coteEtFils });
      await checkRejects(() => store.create({ record: { ...coteEtFils, name: 'Côté et Fils (bis)', neq: '1179999999' } }), 'client_exists', 'a second corporation with the same business number');
      checkData(ids(await all(store)).length, 2, 'a refused create must write nothing');
      checkData(ids(await store.find({ sin: '130692544' })), [first.id], 'the SIN must still find the first client only');
    },

    'update refuses to give a client the SIN of another': async (store) => {
      await store.create({ record: simon });
      const { client } = await store.create({ record: marieEve });
      await checkRejects(
        () => store.update({ id: client.id, record: { ...marieEve, sin: '130692544' }, ...(client.version === undefined ? {} : { expectedVersion: client.version }) }),
        'client_exists',
        "update of a client with another client's SIN",
      );
      const read = (await store.get(client.id)) as StoredClient;
      check(read.kind === 'individual' && read.sin === '271845935', 'a refused update must write nothing');
    },

    'concurrent creates of one SIN with different keys: exactly one client': async (store) => {
      const results = await Promise.allSettled([1, 2, 3, 4].map((n) => store.create({ record: { ...simon, clientNumber: String(n) }, idempotencyKey: `conformance-race-${n}` })));
      check(results.filter((r) => r.status === 'fulfilled').length === 1, 'exactly one of four concurrent creates of one SIN must succeed');
      check((await store.find({ sin: '130692544' })).length === 1, 'one SIN must find one client after a race');
    },

    // ── Claims (capabilities.claims) ──

    'declares whether it claims steps, and implements claimStep and pruneJournal when it does': async (store) => {
      const claims = store.capabilities.claims;
      check(claims === undefined || typeof claims === 'boolean', 'capabilities.claims must be a boolean when present');
      if (claims !== true) return;
      check(typeof store.claimStep === 'function', 'a store declaring claims must implement claimStep');
      check(typeof store.pruneJournal === 'function', 'a store declaring claims must implement pruneJournal');
    },

    'claimStep grants a free step, renews for its owner, holds it against another, and finishes with done': async (store) => {
      const c = claimStore(store);
      if (c === undefined) return;
      const step = { applyId: 'plan-c', itemKey: 'i0', step: 'email' };
      const first = await c.claimStep({ ...step, owner: 'worker-a', leaseMs: 60_000, clientId: 'c1' });
      check(first.outcome === 'claimed' && first.previous === undefined, `a free step must be claimed with no previous claim, got ${first.outcome}`);
      check(first.entry.owner === 'worker-a' && Date.parse(first.entry.leaseUntil ?? '') > Date.now() + 30_000, 'a claim must carry its owner and a lease in the future');
      const other = await c.claimStep({ ...step, owner: 'worker-b', leaseMs: 60_000 });
      check(other.outcome === 'held' && other.entry.owner === 'worker-a', `a live claim must hold the step against another owner, got ${other.outcome}`);
      const renewed = await c.claimStep({ ...step, owner: 'worker-a', leaseMs: 60_000 });
      check(renewed.outcome === 'claimed' && renewed.previous === undefined, 'the owner claiming again must renew its claim');
      await c.appendJournal([{ ...step, status: 'done', clientId: 'c1', ref: 'msg-1', at: new Date().toISOString() }]);
      const after = await c.claimStep({ ...step, owner: 'worker-b', leaseMs: 60_000 });
      check(after.outcome === 'finished' && after.entry.status === 'done' && after.entry.ref === 'msg-1', `a done step must be finished, with its ref, got ${after.outcome}`);
      const history = (await c.readJournal('plan-c', 'i0')).map((e) => [e.status, e.owner]);
      checkData(history, [['claimed', 'worker-a'], ['claimed', 'worker-a'], ['done', undefined]], 'claims must be written to the journal, in order');
    },

    'claimStep takes over a lapsed claim and says whose it was; a released step is claimed afresh': async (store) => {
      const c = claimStore(store);
      if (c === undefined) return;
      const step = { applyId: 'plan-d', itemKey: 'i0', step: 'send' };
      await c.claimStep({ ...step, owner: 'worker-dead', leaseMs: 1 });
      await sleep(30);
      const taken = await c.claimStep({ ...step, owner: 'worker-b', leaseMs: 60_000 });
      check(taken.outcome === 'claimed', `a lapsed claim must be taken over, got ${taken.outcome}`);
      check(taken.previous?.owner === 'worker-dead' && taken.previous.status === 'claimed', 'taking over must return the lapsed claim as previous');
      await c.appendJournal([{ ...step, status: 'released', at: new Date().toISOString() }]);
      const again = await c.claimStep({ ...step, owner: 'worker-c', leaseMs: 60_000 });
      check(again.outcome === 'claimed' && again.previous === undefined, 'a released step must be claimed with no previous claim');
      const legacy = { applyId: 'plan-d', itemKey: 'i1', step: 'send' };
      await c.appendJournal([{ ...legacy, status: 'pending', at: new Date().toISOString() }]);
      const fromPending = await c.claimStep({ ...legacy, owner: 'worker-c', leaseMs: 60_000 });
      check(fromPending.outcome === 'claimed' && fromPending.previous?.status === 'pending', 'a step left pending must be claimed with the pending entry as previous');
      await c.appendJournal([{ ...legacy, status: 'unknown', at: new Date().toISOString() }]);
      const unknown = await c.claimStep({ ...legacy, owner: 'worker-d', leaseMs: 60_000 });
      check(unknown.outcome === 'finished' && unknown.entry.status === 'unknown', 'an unknown step must be finished until a person decides');
    },

    'concurrent claims of one step by four owners: exactly one is granted': async (store) => {
      const c = claimStore(store);
      if (c === undefined) return;
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => c.claimStep({ applyId: 'plan-e', itemKey: `i${round}`, step: 'email', owner: `worker-${owner}`, leaseMs: 60_000 })));
        check(results.filter((r) => r.outcome === 'claimed').length === 1, `exactly one of four concurrent claims must be granted (round ${round})`);
        check(results.filter((r) => r.outcome === 'held').length === 3, 'the three others must be told the step is held');
      }
    },

    'claimStep refuses empty keys and leases out of range': async (store) => {
      const c = claimStore(store);
      if (c === undefined) return;
      await checkRejects(() => c.claimStep({ applyId: '', itemKey: 'i0', step: 'email', owner: 'w', leaseMs: 1000 }), 'invalid_input', 'a claim with an empty applyId');
      await checkRejects(() => c.claimStep({ applyId: 'p', itemKey: 'i0', step: 'email', owner: 'w', leaseMs: 0 }), 'invalid_input', 'a claim with leaseMs 0');
      await checkRejects(() => c.claimStep({ applyId: 'p', itemKey: 'i0', step: 'email', owner: 'w', leaseMs: 1.5 }), 'invalid_input', 'a claim with a fractional leaseMs');
    },

    'pruneJournal removes finished applies older than the date, and keeps open ones and shared scopes': async (store) => {
      const c = claimStore(store);
      if (c === undefined) return;
      const old = '2025-01-10T12:00:00.000Z';
      await c.appendJournal([
        { applyId: 'plan-old', itemKey: 'i0', step: 'create', status: 'done', at: old },
        { applyId: 'plan-old', itemKey: 'i1', step: 'email', status: 'released', at: old },
        { applyId: 'plan-open', itemKey: 'i0', step: 'email', status: 'unknown', at: old },
        { applyId: 'taxsync:invitations', itemKey: 'c1', step: 'invite', status: 'done', at: old },
        { applyId: 'plan-new', itemKey: 'i0', step: 'create', status: 'done', at: '2026-11-30T12:00:00.000Z' },
      ]);
      const removed = await c.pruneJournal('2026-01-01T00:00:00.000Z');
      check(removed === 2, `pruneJournal must remove the two entries of the finished old apply, removed ${removed}`);
      checkData(await c.readJournal('plan-old'), [], 'the pruned apply must have no journal left');
      check((await c.readJournal('plan-open')).length === 1, 'an apply with an unknown step must be kept');
      check((await c.readJournal('taxsync:invitations')).length === 1, 'shared scopes must be kept');
      check((await c.readJournal('plan-new')).length === 1, 'a recent apply must be kept');
      const fresh = await c.claimStep({ applyId: 'plan-old', itemKey: 'i0', step: 'create', owner: 'w', leaseMs: 60_000 });
      check(fresh.outcome === 'claimed', 'a pruned step holds no state any more');
    },

    // ── Client files and signature records (capabilities.signatures) ──

    'declares whether it keeps signatures, and implements the signature members when it does': async (store) => {
      const signatures = store.capabilities.signatures;
      check(signatures === undefined || typeof signatures === 'boolean', 'capabilities.signatures must be a boolean when present');
      if (signatures !== true) return;
      for (const member of ['getClientFile', 'putClientFile', 'listSignatureRecords', 'putSignatureRecord'] as const) {
        check(typeof store[member] === 'function', `a store declaring signatures must implement ${member}`);
      }
    },

    'putClientFile stores a family and getClientFile reads it back': async (store) => {
      const s = signatureStore(store);
      if (s === undefined) return;
      check((await s.getClientFile('PROVENCHER-2025')) === undefined, 'getClientFile of an unknown file must be undefined');
      await s.putClientFile(family);
      checkData(await s.getClientFile('PROVENCHER-2025'), family, 'getClientFile after putClientFile');
      const moved = { ...family, taxpayers: family.taxpayers.slice(0, 2) };
      await s.putClientFile(moved);
      checkData(await s.getClientFile('PROVENCHER-2025'), moved, 'putClientFile must replace the file with the same id');
    },

    'putSignatureRecord creates, replaces by taxpayer, year and form, and changes the version': async (store) => {
      const s = signatureStore(store);
      if (s === undefined) return;
      const first = await s.putSignatureRecord({ record: t183Record, expectedVersion: null });
      check(first.version !== undefined, 'a stored record must carry a version');
      checkData(withoutVersion(first), t183Record, 'putSignatureRecord must return the record');
      await checkRejects(() => s.putSignatureRecord({ record: t183Record, expectedVersion: null }), 'version_conflict', 'putSignatureRecord with expectedVersion null over an existing record');
      const transmitted = { ...t183Record, transmittedAt: '2026-04-02T13:00:00.000Z' };
      const second = await s.putSignatureRecord({ record: transmitted, expectedVersion: first.version ?? null });
      check(second.version !== first.version, 'putSignatureRecord must change the version');
      await checkRejects(() => s.putSignatureRecord({ record: t183Record, expectedVersion: first.version ?? null }), 'version_conflict', 'putSignatureRecord with a stale version');
      const all = await s.listSignatureRecords(['c-simon']);
      check(all.length === 1, `one record per taxpayer, year and form, found ${all.length}`);
      checkData(withoutVersion(all[0] as SignatureRecord), transmitted, 'the stored record');
    },

    'listSignatureRecords filters by taxpayers and tax year': async (store) => {
      const s = signatureStore(store);
      if (s === undefined) return;
      await s.putSignatureRecord({ record: t183Record });
      await s.putSignatureRecord({ record: { ...t183Record, documentType: 'TP-1000.TE' } });
      await s.putSignatureRecord({ record: { ...t183Record, taxYear: 2024 } });
      await s.putSignatureRecord({ record: { ...t183Record, taxpayerId: 'c-marie-eve', signature: { ...signature, signerName: 'Marie-Ève Côté' } } });
      const forms = (records: readonly SignatureRecord[]): string[] => records.map((r) => `${r.taxpayerId} ${r.taxYear} ${r.documentType}`).sort();
      checkData(forms(await s.listSignatureRecords(['c-simon'], 2025)), ['c-simon 2025 T183', 'c-simon 2025 TP-1000.TE'], 'records of one taxpayer and year');
      checkData(forms(await s.listSignatureRecords(['c-simon', 'c-marie-eve'])), ['c-marie-eve 2025 T183', 'c-simon 2024 T183', 'c-simon 2025 T183', 'c-simon 2025 TP-1000.TE'], 'records of two taxpayers, every year');
      checkData(await s.listSignatureRecords(['c-nobody'], 2025), [], 'records of a taxpayer with none');
      const [marieEve] = await s.listSignatureRecords(['c-marie-eve'], 2025);
      check(marieEve?.signature?.signerName === 'Marie-Ève Côté', 'signer names must keep their accents');
    },

    'concurrent signature writes from the same version: exactly one wins': async (store) => {
      const s = signatureStore(store);
      if (s === undefined) return;
      const results = await Promise.allSettled([1, 2, 3].map((n) => s.putSignatureRecord({ record: { ...t183Record, signature: { ...signature, certificateId: `CERT-${n}` } }, expectedVersion: null })));
      check(results.filter((r) => r.status === 'fulfilled').length === 1, 'exactly one of three concurrent first writes of a record must succeed');
    },
  });
}

type ClaimStore = ClientStore & Required<Pick<ClientStore, 'claimStep' | 'pruneJournal'>>;

const claimStore = (store: ClientStore): ClaimStore | undefined => (store.capabilities.claims === true ? (store as ClaimStore) : undefined);

type SignatureStore = Required<Pick<ClientStore, 'getClientFile' | 'putClientFile' | 'listSignatureRecords' | 'putSignatureRecord'>>;

const signatureStore = (store: ClientStore): SignatureStore | undefined => (store.capabilities.signatures === true ? (store as SignatureStore) : undefined);

const family: ClientFile = {
  id: 'PROVENCHER-2025',
  label: 'Famille Provencher',
  taxpayers: [
    { taxpayerId: 'c-simon', role: 'principal', name: 'Simon Provencher', forms: ['T183', 'TP-1000.TE'] },
    { taxpayerId: 'c-marie-eve', role: 'spouse', name: 'Marie-Ève Côté' },
    { taxpayerId: 'c-lea', role: 'dependant', name: 'Léa Provencher', forms: [] },
  ],
};

const signature: SignatureDetails = {
  signedAt: '2026-03-14T19:42:07.000Z',
  timeZone: 'America/Toronto',
  signerName: 'Simon Provencher',
  signerRole: 'taxpayer',
  certificateId: 'CERT-7F3A-2291',
  channel: 'portal',
  signedPdfSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  certificateSha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
  completionId: 'env-1',
  documentId: 'doc-1',
};

const t183Record: SignatureRecord = { taxpayerId: 'c-simon', clientFileId: 'PROVENCHER-2025', taxYear: 2025, documentType: 'T183', signature, amountAtSigningCents: -125_000 };

const withoutVersion = ({ version: _version, ...record }: SignatureRecord): SignatureRecord => record;
