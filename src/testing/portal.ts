/**
 * Conformance suite of the {@link Portal} port.
 */
import type { InviteClientInput, Portal } from '../ports.js';
import { check, declareSuite, type ConformanceOptions, type ConformanceTestApi } from './harness.js';

/** Options of {@link portalTestSuite}. */
export type PortalTestSuiteOptions<P extends Portal = Portal> = ConformanceOptions<P>;

const zoe: InviteClientInput = { clientId: 'conformance-client-1', email: 'zoe.gt@exemple.ca', language: 'fr', name: 'Zoé Gagnon-Tremblay', accountManager: 'julie.tremblay' };
const sean: InviteClientInput = { clientId: 'conformance-client-2', email: 'sean.obrien@example.com', language: 'en', name: 'Seán O’Brien' };

/**
 * Declares the conformance tests of a {@link Portal} adapter: invitations create one user per client, are idempotent
 * by client id (also when called concurrently), and come with an invitation link unless the portal declares that it
 * sends invitations itself.
 *
 * @example
 * ```ts
 * portalTestSuite({ describe, it }, () => createHttpPortal({ baseUrl, token }), { name: 'http' });
 * ```
 */
export function portalTestSuite<P extends Portal>(api: ConformanceTestApi, factory: () => P | Promise<P>, options: PortalTestSuiteOptions<P> = {}): void {
  declareSuite(api, 'Portal conformance', factory, options, {
    'declares its capabilities': async (portal) => {
      check(typeof portal.capabilities === 'object' && portal.capabilities !== null, 'capabilities must be an object');
      check(typeof portal.capabilities.sendsInvitations === 'boolean', 'capabilities.sendsInvitations must be a boolean');
    },

    'inviteClient creates the portal user of a client': async (portal) => {
      const { user, created } = await portal.inviteClient(zoe);
      check(created === true, 'the first invitation of a client must say created: true');
      check(typeof user.id === 'string' && user.id !== '', 'the user must have a non-empty id');
      check(user.clientId === zoe.clientId, 'the user must belong to the invited client');
      check(user.email === zoe.email, 'the user must have the invited e-mail');
      check(user.status === 'invited' || user.status === 'active', `status must be invited or active, got ${String(user.status)}`);
      check(typeof user.invitedAt === 'string' && !Number.isNaN(Date.parse(user.invitedAt)), 'invitedAt must be an ISO date');
      if (!portal.capabilities.sendsInvitations) {
        check(typeof user.invitationUrl === 'string' && /^https?:\/\//.test(user.invitationUrl), 'a portal that does not send invitations itself must return an http(s) invitationUrl');
      }
    },

    'inviteClient is idempotent by client': async (portal) => {
      const first = await portal.inviteClient(zoe);
      const again = await portal.inviteClient({ ...zoe, email: 'autre@exemple.ca' });
      check(again.created === false, 'a second invitation of the same client must say created: false');
      check(again.user.id === first.user.id, 'a second invitation of the same client must return the same user');
    },

    'concurrent invitations of one client make one user': async (portal) => {
      const results = await Promise.all([portal.inviteClient(zoe), portal.inviteClient(zoe), portal.inviteClient(zoe)]);
      check(new Set(results.map((r) => r.user.id)).size === 1, 'concurrent invitations of one client must return one user');
      check(results.filter((r) => r.created).length === 1, 'exactly one concurrent invitation must say created: true');
    },

    'different clients get different users': async (portal) => {
      const a = await portal.inviteClient(zoe);
      const b = await portal.inviteClient(sean);
      check(a.user.id !== b.user.id, 'two clients must get two users');
    },

    'getUser returns the user of a client, or undefined': async (portal) => {
      check((await portal.getUser('conformance-nobody')) === undefined, 'getUser of a client never invited must be undefined');
      const { user } = await portal.inviteClient(sean);
      const read = await portal.getUser(sean.clientId);
      check(read?.id === user.id, 'getUser must return the invited user');
    },
  });
}
