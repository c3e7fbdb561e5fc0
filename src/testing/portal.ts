/**
 * Conformance suite of the {@link Portal} port.
 */
import type { InviteClientInput, Portal, SendDocumentInput } from '../ports.js';
import { check, declareSuite, type ConformanceOptions, type ConformanceTestApi } from './harness.js';

/** Options of {@link portalTestSuite}. */
export type PortalTestSuiteOptions<P extends Portal = Portal> = ConformanceOptions<P>;

const zoe: InviteClientInput = { clientId: 'conformance-client-1', email: 'zoe.gt@exemple.ca', language: 'fr', name: 'Zoé Gagnon-Tremblay', accountManager: 'julie.tremblay' };
const sean: InviteClientInput = { clientId: 'conformance-client-2', email: 'sean.obrien@example.com', language: 'en', name: 'Seán O’Brien' };

// A minimal but real PDF (one empty page), so portals that check their input accept it.
const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const t183: SendDocumentInput = {
  clientId: zoe.clientId,
  idempotencyKey: 'conformance-doc-1',
  fileName: 'T183 2025 - Zoé Gagnon-Tremblay.pdf',
  pdf: PDF,
  sha256: '0'.repeat(64),
  documentType: 'T183',
  taxYear: 2025,
  purpose: 'sign',
  title: 'T183 — Autorisation de transmission électronique (2025)',
  language: 'fr',
  fields: [{ name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 40, y: 113, width: 200, height: 24 }],
  signers: ['taxpayer'],
};

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

    'declares whether it receives documents, and implements sendDocument when it does': async (portal) => {
      const documents = portal.capabilities.documents;
      check(documents === undefined || typeof documents === 'boolean', 'capabilities.documents must be a boolean when present');
      if (documents === true) check(typeof portal.sendDocument === 'function', 'a portal declaring documents must implement sendDocument');
    },

    'sendDocument puts a document in the client folder, once per idempotency key': async (portal) => {
      if (portal.capabilities.documents !== true || portal.sendDocument === undefined) return;
      await portal.inviteClient(zoe);
      const first = await portal.sendDocument(t183);
      check(first.created === true, 'the first send of a key must say created: true');
      check(typeof first.document.id === 'string' && first.document.id !== '', 'the document must have a non-empty id');
      check(first.document.clientId === t183.clientId, 'the document must belong to the client it was sent to');
      check(first.document.idempotencyKey === t183.idempotencyKey, 'the document must keep its idempotency key');
      check(first.document.purpose === 'sign', 'the document must keep its purpose');
      check(!Number.isNaN(Date.parse(first.document.sentAt)), 'sentAt must be an ISO date');
      const again = await portal.sendDocument({ ...t183, title: 'changed' });
      check(again.created === false, 'a second send with the same key must say created: false');
      check(again.document.id === first.document.id, 'a second send with the same key must return the same document');
    },

    'concurrent sends of one key make one document': async (portal) => {
      if (portal.capabilities.documents !== true || portal.sendDocument === undefined) return;
      await portal.inviteClient(zoe);
      const send = portal.sendDocument.bind(portal);
      const results = await Promise.all([send(t183), send(t183), send(t183)]);
      check(new Set(results.map((r) => r.document.id)).size === 1, 'concurrent sends of one key must return one document');
      check(results.filter((r) => r.created).length === 1, 'exactly one concurrent send must say created: true');
    },

    'different keys make different documents': async (portal) => {
      if (portal.capabilities.documents !== true || portal.sendDocument === undefined) return;
      await portal.inviteClient(zoe);
      const a = await portal.sendDocument(t183);
      const b = await portal.sendDocument({ ...t183, idempotencyKey: 'conformance-doc-2', purpose: 'consult', fields: [], signers: [] });
      check(a.document.id !== b.document.id, 'two keys must make two documents');
      check(b.document.purpose === 'consult', 'a document to consult must say so');
    },

    'getUser returns the user of a client, or undefined': async (portal) => {
      check((await portal.getUser('conformance-nobody')) === undefined, 'getUser of a client never invited must be undefined');
      const { user } = await portal.inviteClient(sean);
      const read = await portal.getUser(sean.clientId);
      check(read?.id === user.id, 'getUser must return the invited user');
    },
  });
}
