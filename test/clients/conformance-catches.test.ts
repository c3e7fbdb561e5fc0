/**
 * The conformance suites must fail adapters that break the contracts, or they prove nothing. Each suite is run here
 * with a recording test API against a deliberately broken adapter, and the failures it reports are checked.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryClientStore, createMemoryPortal, createOutboxMailer, type ClientStore, type Mailer, type Portal } from '../../src/index.js';
import { clientStoreTestSuite, mailerTestSuite, portalTestSuite } from '../../src/testing/index.js';
import { failuresOf } from '../fixtures/conformance.js';
import { wrapStore } from '../fixtures/wrap-store.js';

describe('the conformance suites catch broken adapters', () => {
  it('passes the reference adapters', async () => {
    expect(await failuresOf((api) => clientStoreTestSuite(api, () => createMemoryClientStore()))).toEqual(new Map());
    expect(await failuresOf((api) => mailerTestSuite(api, () => createOutboxMailer(), { delivered: (m) => m.messages }))).toEqual(new Map());
    expect(await failuresOf((api) => portalTestSuite(api, () => createMemoryPortal()))).toEqual(new Map());
  });

  it('fails a store that ignores idempotency keys and versions, and loses accents', async () => {
    const broken = (): ClientStore => {
      const inner = createMemoryClientStore();
      return wrapStore(inner, {
        get: async (id) => {
          const client = await inner.get(id);
          return client === undefined ? undefined : { ...client, ...(client.kind === 'individual' ? { firstName: client.firstName.normalize('NFD').replace(/[\u0300-\u036f]/g, '') } : {}) };
        },
        create: ({ idempotencyKey: _ignored, ...input }) => inner.create(input),
        update: ({ expectedVersion: _ignored, ...input }) => inner.update(input),
      });
    };
    const failures = await failuresOf((api) => clientStoreTestSuite(api, broken));
    expect([...failures.keys()].sort()).toEqual([
      'concurrent updates from the same version: exactly one wins',
      'create is idempotent by idempotencyKey',
      'create stores corporations and people without a SIN',
      'update changes the version and refuses a stale one',
    ]);
    expect(failures.get('create is idempotent by idempotencyKey')).toBe('a second create with the same key must say created: false, not throw (client_exists)');
  });

  it('fails a store whose claims are not a compare-and-set, and one that keeps two clients per SIN', async () => {
    const greedy = (): ClientStore => {
      const inner = createMemoryClientStore();
      // Reads then writes: every claimer sees the step free and is granted it.
      return Object.assign(Object.create(inner) as ClientStore, {
        claimStep: async (input: Parameters<NonNullable<ClientStore['claimStep']>>[0]) => {
          await inner.readJournal(input.applyId, input.itemKey);
          const entry = { ...input, status: 'claimed' as const, leaseUntil: new Date(Date.now() + input.leaseMs).toISOString(), at: new Date().toISOString() };
          await inner.appendJournal([entry]);
          return { outcome: 'claimed' as const, entry };
        },
      });
    };
    const claims = await failuresOf((api) => clientStoreTestSuite(api, greedy));
    expect([...claims.keys()].sort()).toEqual([
      'claimStep grants a free step, renews for its owner, holds it against another, and finishes with done',
      'claimStep refuses empty keys and leases out of range',
      'claimStep takes over a lapsed claim and says whose it was; a released step is claimed afresh',
      'concurrent claims of one step by four owners: exactly one is granted',
    ]);
    expect(claims.get('concurrent claims of one step by four owners: exactly one is granted')).toBe('exactly one of four concurrent claims must be granted (round 0)');

    const twoPerSin = (): ClientStore => {
      const inner = createMemoryClientStore();
      let n = 0;
      // Writes every individual under a number of its own, so nothing guards the SIN it was given.
      return Object.assign(Object.create(inner) as ClientStore, {
        create: async (input: Parameters<ClientStore['create']>[0]) =>
          inner.create(input.record.kind === 'individual' && input.record.sin !== undefined ? { ...input, record: { ...input.record, sin: `${900000000 + ++n}` } } : input),
      });
    };
    const unique = await failuresOf((api) => clientStoreTestSuite(api, twoPerSin));
    expect(unique.get('create refuses a second client with the same SIN or business number')).toMatch(/a second individual with the same SIN/);
    expect(unique.get('concurrent creates of one SIN with different keys: exactly one client')).toBe('exactly one of four concurrent creates of one SIN must succeed');
  });

  it('fails a mailer that sends a key twice, and a portal that invites a client twice', async () => {
    const mailer = (): Mailer & { sent: { to: string; subject: string; text: string }[] } => {
      const sent: { to: string; subject: string; text: string }[] = [];
      let n = 0;
      return { capabilities: { idempotencyKeys: true }, sent, send: async (m) => (sent.push(m), { id: `m${++n}`, duplicate: false }) };
    };
    const mailFailures = await failuresOf((api) => mailerTestSuite(api, mailer, { delivered: (m) => m.sent }));
    expect([...mailFailures.keys()].sort()).toEqual(['an incomplete message is refused with mail_invalid', 'the same idempotency key is sent once']);

    const portal = (): Portal => {
      const inner = createMemoryPortal();
      let n = 0;
      return { ...inner, capabilities: inner.capabilities, getUser: (id) => inner.getUser(id), inviteClient: async (input) => inner.inviteClient({ ...input, clientId: `${input.clientId}#${++n}` }) };
    };
    const portalFailures = await failuresOf((api) => portalTestSuite(api, portal));
    expect([...portalFailures.keys()].sort()).toEqual([
      'concurrent invitations of one client make one user',
      'getUser returns the user of a client, or undefined',
      'inviteClient creates the portal user of a client',
      'inviteClient is idempotent by client',
    ]);
  });

  it('fails a portal that sends a document twice, or declares documents it cannot receive', async () => {
    const careless = (): Portal => {
      const inner = createMemoryPortal();
      let n = 0;
      return {
        capabilities: inner.capabilities,
        inviteClient: (input) => inner.inviteClient(input),
        getUser: (id) => inner.getUser(id),
        sendDocument: async (input) => inner.sendDocument({ ...input, idempotencyKey: `${input.idempotencyKey}#${++n}` }),
        listSignatureCompletions: (query) => inner.listSignatureCompletions(query),
        downloadSignedDocument: (id) => inner.downloadSignedDocument(id),
      };
    };
    expect([...(await failuresOf((api) => portalTestSuite(api, careless))).keys()].sort()).toEqual([
      'concurrent sends of one key make one document',
      'sendDocument puts a document in the client folder, once per idempotency key',
    ]);
    const boastful = (): Portal => {
      const inner = createMemoryPortal();
      return { capabilities: { sendsInvitations: false, documents: true }, inviteClient: (i) => inner.inviteClient(i), getUser: (id) => inner.getUser(id) };
    };
    expect([...(await failuresOf((api) => portalTestSuite(api, boastful))).keys()]).toEqual(['declares whether it receives documents, and implements sendDocument when it does']);
  });
});
