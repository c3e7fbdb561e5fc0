/**
 * Conformance suite of the {@link Portal} port.
 */
import type { CompletionCertificate, InviteClientInput, Portal, SendDocumentInput } from '../ports.js';
import type { SignatureCompletion } from '../model/signing.js';
import { check, checkData, declareSuite, type ConformanceOptions, type ConformanceTestApi } from './harness.js';

/** Options of {@link portalTestSuite}. */
export interface PortalTestSuiteOptions<P extends Portal = Portal> extends ConformanceOptions<P> {
  /**
   * Makes the e-signature service behind the portal report a completion (or a state before completion), so the
   * suite can check what `listSignatureCompletions` returns — as `delivered` lets the mailer suite look at the mail
   * system. Without it, only the listing's shape is checked.
   */
  readonly recordCompletion?: (portal: P, completion: SignatureCompletion, files?: PortalTestSignedFiles) => unknown;
}

/**
 * The files the e-signature service issues for a completed completion, which `recordCompletion` is given for the
 * `downloadSignedDocument` tests: record them so that the portal returns them.
 */
export interface PortalTestSignedFiles {
  /** The signed PDF (its SHA-256 is the completion's `signedPdfSha256`). */
  readonly signedPdf: Uint8Array;
  /** The completion certificate. */
  readonly certificate: CompletionCertificate;
}

const completion = (id: string, clientId: string, state: SignatureCompletion['state'], updatedAt: string): SignatureCompletion => ({
  id,
  documentId: `doc-${id}`,
  clientId,
  clientFileId: 'GAGNON-2025',
  documentType: 'T183',
  taxYear: 2025,
  state,
  updatedAt,
  signers:
    state === 'completed'
      ? [{ role: 'taxpayer', name: 'Zoé Gagnon-Tremblay', status: 'signed', signedAt: updatedAt, timeZone: 'America/Toronto' }]
      : [{ role: 'taxpayer', name: 'Zoé Gagnon-Tremblay', status: state === 'declined' ? 'declined' : state === 'viewed' ? 'viewed' : 'pending' }],
  ...(state === 'completed' ? { certificateId: `CERT-${id}`, channel: 'portal' as const, signedPdfSha256: 'c'.repeat(64) } : {}),
});

/** Bytes of every value after a PDF header, so portals that transcode text are caught. */
const signedPdfBytes = (seed: number): Uint8Array => {
  const head = new TextEncoder().encode(`%PDF-1.7\n%âãÏÓ\n% T183 2025 signé — Zoé Gagnon-Tremblay #${seed}\n`);
  const bytes = new Uint8Array(head.length + 512);
  bytes.set(head);
  for (let i = 0; i < 512; i++) bytes[head.length + i] = (i * 7 + seed) & 0xff;
  return bytes;
};

const sha256 = async (bytes: Uint8Array): Promise<string> =>
  Array.from(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)), (b) => b.toString(16).padStart(2, '0')).join('');

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array): boolean => a instanceof Uint8Array && a.length === b.length && a.every((v, i) => v === b[i]);

async function listAll<P extends Portal>(portal: P, query: Parameters<NonNullable<Portal['listSignatureCompletions']>>[0] = {}): Promise<SignatureCompletion[]> {
  const out: SignatureCompletion[] = [];
  for await (const c of (portal.listSignatureCompletions as NonNullable<Portal['listSignatureCompletions']>).call(portal, query)) out.push(c);
  return out;
}

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
 * sends invitations itself; documents (when `capabilities.documents`) are sent once per key; signature completions
 * (when `capabilities.signatures`) are listed with every field, filtered and paged; signed documents (when
 * `capabilities.signedDocuments`) come back byte for byte — give `options.recordCompletion` so the suite can make
 * the e-signature service report completions and their files.
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
      if (!portal.capabilities.sendsInvitations && user.status === 'invited') {
        check(typeof user.invitationUrl === 'string' && /^https?:\/\//.test(user.invitationUrl), 'a portal that does not send invitations itself must return an http(s) invitationUrl for an invited user');
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

    'declares whether it lists signature completions, and implements it when it does': async (portal) => {
      const signatures = portal.capabilities.signatures;
      check(signatures === undefined || typeof signatures === 'boolean', 'capabilities.signatures must be a boolean when present');
      if (signatures === true) check(typeof portal.listSignatureCompletions === 'function', 'a portal declaring signatures must implement listSignatureCompletions');
    },

    'listSignatureCompletions yields nothing for a client without documents': async (portal) => {
      if (portal.capabilities.signatures !== true || portal.listSignatureCompletions === undefined) return;
      checkData(await listAll(portal, { clientIds: ['conformance-nobody'] }), [], 'completions of a client with no documents');
    },

    'listSignatureCompletions returns every state with its fields, filtered by client, document and time': async (portal) => {
      if (portal.capabilities.signatures !== true || portal.listSignatureCompletions === undefined || options.recordCompletion === undefined) return;
      const done = completion('env-1', 'conformance-client-1', 'completed', '2026-03-14T19:42:07.000Z');
      const declined = completion('env-2', 'conformance-client-1', 'declined', '2026-03-16T10:00:00.000Z');
      const viewed = completion('env-3', 'conformance-client-2', 'viewed', '2026-03-18T10:00:00.000Z');
      for (const c of [done, declined, viewed]) await options.recordCompletion(portal, c);
      const byId = (list: readonly SignatureCompletion[]): string[] => list.map((c) => c.id).sort();
      const all = await listAll(portal);
      checkData(byId(all), ['env-1', 'env-2', 'env-3'], 'every completion');
      checkData(all.find((c) => c.id === 'env-1'), done, 'a completed completion must keep every field (signer, time zone, certificate, channel, SHA-256)');
      checkData(all.find((c) => c.id === 'env-2'), declined, 'a declined completion must keep its state and signers');
      checkData(byId(await listAll(portal, { clientIds: ['conformance-client-1'] })), ['env-1', 'env-2'], 'filtered by clientIds');
      checkData(byId(await listAll(portal, { documentIds: ['doc-env-3'] })), ['env-3'], 'filtered by documentIds');
      checkData(byId(await listAll(portal, { since: '2026-03-16T00:00:00.000Z' })), ['env-2', 'env-3'], 'filtered by since');
      checkData(byId(await listAll(portal, { clientFileIds: ['GAGNON-2025'], clientIds: ['conformance-client-2'] })), ['env-3'], 'criteria combine');
    },

    'listSignatureCompletions pages through many completions, each once': async (portal) => {
      if (portal.capabilities.signatures !== true || portal.listSignatureCompletions === undefined || options.recordCompletion === undefined) return;
      const count = 230;
      for (let i = 0; i < count; i++) {
        const at = new Date(Date.UTC(2026, 2, 1, 12, 0, i)).toISOString();
        await options.recordCompletion(portal, completion(`env-${String(i).padStart(3, '0')}`, `conformance-client-${i % 7}`, i % 3 === 0 ? 'completed' : 'sent', at));
      }
      const all = await listAll(portal);
      check(all.length === count, `${count} completions must be listed, got ${all.length}`);
      check(new Set(all.map((c) => c.id)).size === count, 'no completion may be listed twice');
    },

    'declares whether it gives signed documents, and implements downloadSignedDocument when it does': async (portal) => {
      const signedDocuments = portal.capabilities.signedDocuments;
      check(signedDocuments === undefined || typeof signedDocuments === 'boolean', 'capabilities.signedDocuments must be a boolean when present');
      if (signedDocuments === true) check(typeof portal.downloadSignedDocument === 'function', 'a portal declaring signedDocuments must implement downloadSignedDocument');
    },

    'downloadSignedDocument returns the signed PDF and the certificate byte for byte, or undefined': async (portal) => {
      if (portal.capabilities.signedDocuments !== true || portal.downloadSignedDocument === undefined || options.recordCompletion === undefined) return;
      const download = portal.downloadSignedDocument.bind(portal);
      const pdfCertificate: CompletionCertificate = { bytes: signedPdfBytes(99), mediaType: 'application/pdf' };
      const jsonCertificate: CompletionCertificate = {
        bytes: new TextEncoder().encode(JSON.stringify({ envelope: 'env-json', signer: 'Zoé Gagnon-Tremblay', ip: '203.0.113.7', events: ['envoyé', 'consulté', 'signé'] })),
        mediaType: 'application/json',
      };
      const withPdf = { ...completion('env-pdf', 'conformance-client-1', 'completed', '2026-03-14T19:42:07.000Z'), signedPdfSha256: await sha256(signedPdfBytes(1)) };
      const withJson = { ...completion('env-json', 'conformance-client-1', 'completed', '2026-03-15T10:00:00.000Z'), signedPdfSha256: await sha256(signedPdfBytes(2)) };
      await options.recordCompletion(portal, withPdf, { signedPdf: signedPdfBytes(1), certificate: pdfCertificate });
      await options.recordCompletion(portal, withJson, { signedPdf: signedPdfBytes(2), certificate: jsonCertificate });
      await options.recordCompletion(portal, completion('env-sent', 'conformance-client-1', 'sent', '2026-03-16T10:00:00.000Z'));

      const first = await download('env-pdf');
      check(first !== undefined, 'downloadSignedDocument of a completed completion recorded with its files must return them');
      check(first.completionId === 'env-pdf', 'the download must name its completion');
      check(sameBytes(first.signedPdf, signedPdfBytes(1)), 'the signed PDF must come back byte for byte');
      check((await sha256(first.signedPdf)) === withPdf.signedPdfSha256, "the signed PDF's SHA-256 must be the completion's signedPdfSha256");
      check(first.certificate.mediaType === 'application/pdf' && sameBytes(first.certificate.bytes, pdfCertificate.bytes), 'a PDF certificate must come back byte for byte, as application/pdf');
      const second = await download('env-json');
      check(second !== undefined && sameBytes(second.signedPdf, signedPdfBytes(2)), 'each completion must get its own signed PDF');
      check(second.certificate.mediaType === 'application/json' && sameBytes(second.certificate.bytes, jsonCertificate.bytes), 'a JSON certificate must come back byte for byte, as application/json');
      check((await download('env-sent')) === undefined, 'a completion that is not completed has no signed document: undefined');
      check((await download('env-unknown')) === undefined, 'an unknown completion has no signed document: undefined');
    },

    'getUser returns the user of a client, or undefined': async (portal) => {
      check((await portal.getUser('conformance-nobody')) === undefined, 'getUser of a client never invited must be undefined');
      const { user } = await portal.inviteClient(sean);
      const read = await portal.getUser(sean.clientId);
      check(read?.id === user.id, 'getUser must return the invited user');
    },
  });
}
