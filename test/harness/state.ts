/**
 * What the outside world holds after an apply — clients, client files, portal users, portal documents, e-mails,
 * signature records, stored documents — in a form two runs can be compared in: no ids, no versions, no times, no
 * random links; a client is named by its SIN / BN (or its name when it has none).
 */
import {
  createMemoryClientStore,
  createMemoryDocumentStore,
  createMemoryPortal,
  createOutboxMailer,
  type ClientStore,
  type DocumentStore,
  type Mailer,
  type MemoryClientStore,
  type MemoryPortal,
  type OutboxMailer,
  type Portal,
  type StoredClient,
} from '../../src/index.js';
import { contentOf, stableJson } from '../clients/helpers.js';
import { manualClock, type ManualClock } from './faults.js';

/** The ports of one test world: memory adapters on one clock, the state every run of the test shares. */
export interface World {
  readonly store: MemoryClientStore;
  readonly portal: MemoryPortal;
  readonly mailer: OutboxMailer;
  readonly documents: ReturnType<typeof createMemoryDocumentStore>;
  readonly clock: ManualClock;
  /** Ids of the client files written (the memory store cannot list them). */
  readonly fileIds: Set<string>;
}

/** The ports a job is given. */
export interface Ports {
  readonly store: ClientStore;
  readonly portal: Portal;
  readonly mailer: Mailer;
  readonly documents: DocumentStore;
}

/** A fresh world. `idempotencyKeys`: whether the mailer honours keys (a plain SMTP relay does not). */
export function newWorld(options: { readonly idempotencyKeys: boolean }): World {
  const clock = manualClock();
  const fileIds = new Set<string>();
  const inner = createMemoryClientStore({ now: clock.now });
  // Remember every client file written, whoever writes it.
  const store = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (property !== 'putClientFile') return bound;
      return async (file: { id: string }) => {
        const written = await bound(file);
        fileIds.add(file.id);
        return written;
      };
    },
  });
  return {
    store,
    portal: createMemoryPortal({ now: clock.now }),
    mailer: createOutboxMailer({ idempotencyKeys: options.idempotencyKeys, now: clock.now }),
    documents: createMemoryDocumentStore(),
    clock,
    fileIds,
  };
}

/** The world's ports, untouched. */
export const portsOf = (world: World): Ports => ({ store: world.store, portal: world.portal, mailer: world.mailer, documents: world.documents });

/** How a client is named across runs: its number, else its name. */
export function identityOf(client: StoredClient): string {
  if (client.kind === 'individual') return client.sin ?? `${client.firstName} ${client.lastName}`;
  return client.businessNumber ?? client.name;
}

/** Client id → identity, for the clients of a store. */
export function identities(store: MemoryClientStore): Map<string, string> {
  return new Map(store.snapshot().map((c) => [c.id, identityOf(c)]));
}

/** The outside world after a run, comparable between runs. */
export interface EndState {
  readonly clients: readonly string[];
  readonly clientFiles: readonly string[];
  readonly portalUsers: readonly string[];
  readonly portalDocuments: readonly string[];
  readonly mails: readonly string[];
  readonly signatureRecords: readonly string[];
  readonly storedDocuments: number;
}

/** Reads a world's {@link EndState}. */
export async function endState(world: World): Promise<EndState> {
  const who = identities(world.store);
  const name = (id: string | undefined): string => (id === undefined ? '-' : (who.get(id) ?? `unknown client ${id}`));
  const fileIds = new Set([...world.fileIds, ...world.store.snapshot().flatMap((c) => (c.clientFile === undefined ? [] : [c.clientFile]))]);
  const clientFiles: string[] = [];
  for (const id of fileIds) {
    const file = await world.store.getClientFile(id);
    if (file !== undefined) clientFiles.push(stableJson({ ...file, taxpayers: file.taxpayers.map((t) => ({ ...t, taxpayerId: name(t.taxpayerId) })) }));
  }
  return {
    clients: contentOf(world.store),
    clientFiles: clientFiles.sort(),
    portalUsers: world.portal
      .users()
      .map((u) => `${name(u.clientId)} ${u.email} ${u.status}`)
      .sort(),
    portalDocuments: world.portal
      .documents()
      .map((d) => `${name(d.clientId)} ${d.sha256} ${d.documentType} ${d.taxYear} ${d.purpose} ${d.fileName}`)
      .sort(),
    mails: world.mailer.messages.map((m) => `${m.category ?? '-'} ${m.to.toLowerCase()} ${m.language} ${m.subject}`).sort(),
    signatureRecords: world.store
      .signatureSnapshot()
      .map(({ version: _version, ...r }) => stableJson({ ...r, taxpayerId: name(r.taxpayerId) }))
      .sort(),
    storedDocuments: world.documents.size,
  };
}

/**
 * Ids of the clients a report says `delivery_unknown` for: every object of the report (at any depth) that carries
 * the code, with the nearest `clientId` on it or around it. Reads the report as data, whatever its shape.
 */
export function deliveryUnknownClients(report: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown, clientId: string | undefined): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v, clientId);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    const here = typeof node.clientId === 'string' ? node.clientId : clientId;
    if (Object.values(node).includes('delivery_unknown') && here !== undefined) found.add(here);
    for (const v of Object.values(node)) walk(v, here);
  };
  walk(report, undefined);
  return found;
}

/** Multiset difference: the entries of `a` not matched one for one in `b`. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

/**
 * What differs between a world after a faulty run and a healthy one, and the world after one crash-free run (`[]`
 * when nothing does): every client once, every client file, every portal user and document once, every signature
 * record; every e-mail at most once, and one that is missing only when the final report says `delivery_unknown` for
 * its client. A client whose e-mail is in doubt may also miss what a job holds behind that e-mail (its documents),
 * never anything else.
 */
export function differences(actual: EndState, reference: EndState, unknown: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const same = (what: string, a: readonly string[], b: readonly string[]): void => {
    const extra = minus(a, b);
    const missing = minus(b, a);
    if (extra.length > 0) out.push(`${what} in excess: ${extra.join(' | ')}`);
    if (missing.length > 0) out.push(`${what} missing: ${missing.join(' | ')}`);
  };
  same('clients', actual.clients, reference.clients);
  same('client files', actual.clientFiles, reference.clientFiles);
  same('portal users', actual.portalUsers, reference.portalUsers);
  same('signature records', actual.signatureRecords, reference.signatureRecords);
  if (actual.storedDocuments !== reference.storedDocuments) out.push(`stored documents: ${actual.storedDocuments} (crash-free: ${reference.storedDocuments})`);
  const extraDocuments = minus(actual.portalDocuments, reference.portalDocuments);
  if (extraDocuments.length > 0) out.push(`documents delivered twice or unplanned: ${extraDocuments.join(' | ')}`);
  const extraMails = minus(actual.mails, reference.mails);
  if (extraMails.length > 0) out.push(`e-mails sent twice or unplanned: ${extraMails.join(' | ')}`);
  const missingMails = minus(reference.mails, actual.mails).filter((m) => !unknown.has(m.split(' ')[1] ?? ''));
  if (missingMails.length > 0) out.push(`e-mails missing with no delivery_unknown in the report: ${missingMails.join(' | ')}`);
  const missingDocuments = minus(reference.portalDocuments, actual.portalDocuments).filter((d) => !unknown.has(d.split(' ')[0] ?? ''));
  if (missingDocuments.length > 0) out.push(`documents missing: ${missingDocuments.join(' | ')}`);
  return out;
}

/** The e-mail addresses (lower case) and identities of the clients a report says `delivery_unknown` for. */
export function unknownAddressesOf(report: unknown, store: MemoryClientStore): Set<string> {
  const ids = deliveryUnknownClients(report);
  const out = new Set<string>();
  for (const client of store.snapshot()) {
    if (!ids.has(client.id)) continue;
    out.add(identityOf(client));
    if (client.email !== undefined) out.add(client.email.trim().toLowerCase());
  }
  return out;
}
