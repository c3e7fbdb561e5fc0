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
    expect(failures.get('create is idempotent by idempotencyKey')).toBe('a second create with the same key must say created: false');
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
