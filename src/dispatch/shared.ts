/**
 * What the dispatch's preview and apply decide the same way: journal keys, versions, who may receive documents, and
 * how a client is shown. Internal.
 */
import { documentVersionsKey, readDocumentVersions } from '../workflow/document-versions.js';
import { maskBusinessNumber, maskSin } from '../model/mask.js';
import type { MatchedBy } from '../matching/match.js';
import type { ClientStore, Mailer, Portal, StoredClient } from '../ports.js';
import { INVITATIONS_JOURNAL } from '../workflow/invitations.js';

/** Journal scope of sent documents: shared by every dispatch, so a document is never sent twice by two plans. */
export const DOCUMENTS_JOURNAL = 'taxsync:documents';

/**
 * The idempotency key of a document, and its itemKey in {@link DOCUMENTS_JOURNAL}: the archive entry's SHA-256, its
 * client, its type and its year. No personal data.
 */
export function documentKey(sha: string, clientId: string, documentType: string, year: number): string {
  return `taxsync-doc-${sha.slice(0, 40)}-${documentVersionsKey(clientId, documentType, year)}`;
}

/**
 * The versions already sent to a client for a type and year: archive SHA-256 → version number, every document sent
 * (two documents sent at the same time by two dispatches may share a number).
 */
export async function readVersions(store: ClientStore, clientId: string, documentType: string, year: number): Promise<Map<string, number>> {
  return new Map((await readDocumentVersions(store, clientId, documentType, year)).map((v) => [v.sha256, v.n]));
}

/**
 * The version number of `sha`: its own when sent before, else the next one after the highest sent (then recorded in
 * `versions` unless `peek`).
 */
export function versionOf(versions: Map<string, number>, sha: string, peek = false): number {
  const known = versions.get(sha);
  if (known !== undefined) return known;
  const n = Math.max(0, ...versions.values()) + 1;
  if (!peek) versions.set(sha, n);
  return n;
}

/** The client kind each built-in form is for: a file matched to the other kind is held. */
export const DOC_KIND: Readonly<Record<string, 'individual' | 'corporation'>> = {
  T183: 'individual',
  'TP-1000.TE': 'individual',
  T183CORP: 'corporation',
  'CO-1000.TE': 'corporation',
};

/** Whether a client's invitation e-mail is recorded (`taxsync:invitations`): the one test of "invited". */
export async function invitedBefore(store: ClientStore, clientId: string): Promise<boolean> {
  return (await store.readJournal(INVITATIONS_JOURNAL, clientId)).some((e) => e.step === 'email' && e.status === 'done');
}

/** Why a client's documents cannot go yet, as a catalogue code, or `undefined` when they can. */
export function invitationBlock(
  client: StoredClient,
  invited: boolean,
  uninvited: 'invite' | 'hold',
  ports: { readonly portal?: Portal | undefined; readonly mailer?: Mailer | undefined },
): 'client_not_invited' | 'dispatch_no_email' | 'dispatch_cannot_invite' | undefined {
  if (invited) return undefined;
  if (uninvited === 'hold') return 'client_not_invited';
  if ((client.email?.trim() ?? '') === '') return 'dispatch_no_email';
  if (ports.portal !== undefined && !ports.portal.capabilities.sendsInvitations && ports.mailer === undefined) return 'dispatch_cannot_invite';
  return undefined;
}

/** The identifier the file name matched, masked (`*** *** 544`), or `undefined` when matched otherwise. */
export function maskedIdentifier(client: StoredClient, by: MatchedBy): string | undefined {
  if (by === 'sin' && client.kind === 'individual' && client.sin !== undefined) return maskSin(client.sin);
  if (by === 'businessNumber' && client.kind === 'corporation' && client.businessNumber !== undefined) return maskBusinessNumber(client.businessNumber);
  return undefined;
}

/** A client for people: the name and the masked key (`Simon Provencher (*** *** 544)`). */
export function clientLabel(client: StoredClient): string {
  const name = client.kind === 'individual' ? `${client.firstName} ${client.lastName}` : client.name;
  const key = client.kind === 'individual' ? client.sin : client.businessNumber;
  const masked = key === undefined ? undefined : client.kind === 'individual' ? maskSin(key) : maskBusinessNumber(key);
  return masked === undefined ? name : `${name} (${masked})`;
}
