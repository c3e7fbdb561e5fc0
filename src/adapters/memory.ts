/**
 * Reference implementations of the ports, kept in memory: real adapters (they pass the conformance suites), used by
 * taxsync's tests and demo, and handy in a host's own tests. Nothing survives the process.
 */
import type { ClientLanguage, ClientRecord } from '../model/client.js';
import { TaxsyncError } from '../errors/taxsync-error.js';
import type { PlacedField, SignerRole } from '../signatures/types.js';
import type { ClientFile, ListSignatureCompletionsQuery, SignatureCompletion, SignatureRecord } from '../model/signing.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { checkClaim } from './claims.js';
import { throwIfAbortedBeforeCall } from '../internal/abort.js';
import { maskBusinessNumber, maskSin } from '../model/mask.js';
import {
  type ClaimStepInput,
  type ClaimStepResult,
  type ClientLookup,
  type ClientStore,
  type CreateClientInput,
  type CreateClientResult,
  type InviteClientInput,
  type InviteClientResult,
  type JournalEntry,
  type ListClientsOptions,
  type MailMessage,
  type PutSignatureRecordInput,
  type MailReceipt,
  type Mailer,
  type CompletionCertificate,
  type PortCallOptions,
  type Portal,
  type PortalDocument,
  type SignedDocument,
  type PortalUser,
  type SendDocumentInput,
  type SendDocumentResult,
  type StoredClient,
  type UpdateClientInput,
} from '../ports.js';
import { ClientExistsError, ClientNotFoundError, VersionConflictError } from '../errors/store.js';
import { clonePlain } from '../internal/clone.js';

const copy = <T>(value: T): T => clonePlain(value);

/**
 * How the memory adapters honour {@link PortCallOptions.signal}: nothing starts once it is aborted (an `AbortError`
 * saying nothing happened), and a stream (`list`, `listSignatureCompletions`) checks it again before each element.
 * A call, once started, runs to its end in one step: a write that took place is never reported as failed.
 */
const before = (options: PortCallOptions | undefined): void => throwIfAbortedBeforeCall(options?.signal);

// ── Client store ────────────────────────────────────────────────────────────────────────────────────────────────

/** Options of {@link createMemoryClientStore}. */
export interface MemoryClientStoreOptions {
  /** Clients to start with. Those without an `id` get one. */
  readonly clients?: readonly (ClientRecord & { readonly id?: string; readonly accountManager?: string })[];
  /** Prefix of generated ids (`client-1`, `client-2`…). Default `'client-'`. */
  readonly idPrefix?: string;
  /** Clock of journal entries. Default: the system clock. */
  readonly now?: () => Date;
}

/** A {@link ClientStore} in memory, with a way to look inside for tests. */
export interface MemoryClientStore extends ClientStore {
  /** Number of clients stored. */
  readonly size: number;
  /** Copies of every stored client, in creation order. */
  snapshot(): StoredClient[];
  /** Copies of every journal entry, in order. */
  journalSnapshot(): JournalEntry[];
  getClientFile(id: string, options?: PortCallOptions): Promise<ClientFile | undefined>;
  putClientFile(file: ClientFile, options?: PortCallOptions): Promise<ClientFile>;
  listSignatureRecords(taxpayerIds: readonly string[], taxYear?: number, options?: PortCallOptions): Promise<SignatureRecord[]>;
  putSignatureRecord(input: PutSignatureRecordInput, options?: PortCallOptions): Promise<SignatureRecord>;
  /** Copies of every signature record, in creation order. */
  signatureSnapshot(): SignatureRecord[];
  claimStep(input: ClaimStepInput, options?: PortCallOptions): Promise<ClaimStepResult>;
  pruneJournal(olderThan: string, options?: PortCallOptions): Promise<number>;
}

/**
 * A journal entry as the memory store keeps it: a copy field by field (an entry is flat: strings only), frozen so that
 * it is handed back as it is, never changed by a reader. Built as one literal, not a spread: freezing a spread copy
 * gives V8 a new hidden class each time (three times the memory, four times the time, on every entry of every apply).
 */
function storedEntry(entry: JournalEntry, at: string): JournalEntry {
  const out: { -readonly [K in keyof JournalEntry]: JournalEntry[K] } = { applyId: entry.applyId, itemKey: entry.itemKey, step: entry.step, status: entry.status, at };
  if (entry.clientId !== undefined) out.clientId = entry.clientId;
  if (entry.ref !== undefined) out.ref = entry.ref;
  if (entry.owner !== undefined) out.owner = entry.owner;
  if (entry.leaseUntil !== undefined) out.leaseUntil = entry.leaseUntil;
  return Object.freeze(out);
}

/**
 * A {@link ClientStore} in memory. Versions are counters starting at 1; `update` is a true compare-and-set.
 * Every value going in or out is copied, so callers can never change the store behind its back.
 *
 * @example
 * ```ts
 * const store = createMemoryClientStore({ clients: [{ kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher' }] });
 * const [simon] = await store.find({ sin: '130692544' });
 * ```
 */
export function createMemoryClientStore(options: MemoryClientStoreOptions = {}): MemoryClientStore {
  const prefix = options.idPrefix ?? 'client-';
  const now = options.now ?? (() => new Date());
  const clients = new Map<string, StoredClient>();
  const bySin = new Map<string, Set<string>>();
  const byBn = new Map<string, Set<string>>();
  const byNeq = new Map<string, Set<string>>();
  const byEmail = new Map<string, Set<string>>();
  const byIdempotencyKey = new Map<string, string>();
  const journal: JournalEntry[] = [];
  const files = new Map<string, ClientFile>();
  const signatureRecords = new Map<string, SignatureRecord>();
  /** Record keys by taxpayer: the sync reads a few taxpayers at a time among many. */
  const recordsByTaxpayer = new Map<string, Set<string>>();
  const recordKey = (r: { taxpayerId: string; taxYear: number; documentType: string }): string => `${r.taxpayerId}\u0000${r.taxYear}\u0000${r.documentType}`;
  /**
   * Entries by apply, and by item within it, with each step's latest entry (what a claim compares and sets): reads
   * and claims stay fast however long the journal grows, with no composite string keys to build and hash.
   */
  const scopes = new Map<string, { entries: JournalEntry[]; items: Map<string, JournalEntry[]> }>();
  /** The latest entry of a step: an item has a handful of entries, scanned from the newest. */
  const latestOf = (applyId: string, itemKey: string, step: string): JournalEntry | undefined => {
    const entries = scopes.get(applyId)?.items.get(itemKey);
    if (entries === undefined) return undefined;
    for (let i = entries.length - 1; i >= 0; i--) if ((entries[i] as JournalEntry).step === step) return entries[i];
    return undefined;
  };
  let sequence = 0;

  const indexes = (client: ClientRecord): [Map<string, Set<string>>, string | undefined][] => [
    [bySin, client.kind === 'individual' ? client.sin : undefined],
    [byBn, client.kind === 'corporation' ? client.businessNumber : undefined],
    [byNeq, client.kind === 'corporation' ? client.neq : undefined],
    [byEmail, client.email?.trim().toLowerCase()],
  ];
  const index = (client: StoredClient, add: boolean): void => {
    for (const [map, key] of indexes(client)) {
      if (key === undefined || key === '') continue;
      let ids = map.get(key);
      if (add) {
        if (ids === undefined) map.set(key, (ids = new Set()));
        ids.add(client.id);
      } else {
        ids?.delete(client.id);
        if (ids?.size === 0) map.delete(key);
      }
    }
  };
  const store = (record: ClientRecord, id: string, version: number, accountManager: string | undefined): StoredClient => {
    // Field by field (no `delete`, which would turn the stored object into a slow dictionary for every later read).
    const client: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      if (key !== 'source' && key !== 'id' && key !== 'version' && key !== 'accountManager') client[key] = copy((record as unknown as Record<string, unknown>)[key]);
    }
    client.id = id;
    client.version = version;
    if (accountManager !== undefined) client.accountManager = accountManager;
    const stored = client as unknown as StoredClient;
    clients.set(id, stored);
    index(stored, true);
    return stored;
  };
  /** One client per number: the client other than `self` that holds the record's SIN or BN. */
  const holderOf = (record: ClientRecord, self?: string): ClientExistsError | undefined => {
    const [map, key, value] = record.kind === 'individual' ? [bySin, 'sin' as const, record.sin] : [byBn, 'businessNumber' as const, record.businessNumber];
    if (value === undefined || value === '') return undefined;
    const other = [...(map.get(value) ?? [])].find((id) => id !== self);
    if (other === undefined) return undefined;
    return new ClientExistsError({ id: other, key, value: key === 'sin' ? maskSin(value) : maskBusinessNumber(value) });
  };
  /** Records `entries` in order; returns the last one as stored. */
  const record = (entries: readonly JournalEntry[]): JournalEntry | undefined => {
    let last: JournalEntry | undefined;
    for (const entry of entries) {
      const stored = storedEntry(entry, entry.at || now().toISOString());
      journal.push(stored);
      let scope = scopes.get(stored.applyId);
      if (scope === undefined) scopes.set(stored.applyId, (scope = { entries: [], items: new Map() }));
      scope.entries.push(stored);
      const item = scope.items.get(stored.itemKey);
      if (item === undefined) scope.items.set(stored.itemKey, [stored]);
      else item.push(stored);
      last = stored;
    }
    return last;
  };

  for (const seed of options.clients ?? []) {
    const taken = holderOf(seed);
    if (taken !== undefined) throw taken;
    const id = seed.id ?? `${prefix}${++sequence}`;
    store(seed, id, 1, seed.accountManager);
  }

  const api: MemoryClientStore = {
    capabilities: Object.freeze({ versioning: true, signatures: true, claims: true }),

    get size() {
      return clients.size;
    },

    async *list(listOptions: ListClientsOptions = {}, call?: PortCallOptions) {
      before(call);
      // Snapshot the ids first: clients created while iterating are not yielded, none is yielded twice.
      for (const id of [...clients.keys()]) {
        const client = clients.get(id);
        if (client !== undefined && (listOptions.kind === undefined || client.kind === listOptions.kind)) {
          call?.signal?.throwIfAborted();
          yield copy(client);
        }
      }
    },

    async get(id, options) {
      before(options);
      const client = clients.get(id);
      return client === undefined ? undefined : copy(client);
    },

    async find(lookup: ClientLookup, options?: PortCallOptions) {
      before(options);
      const ids = new Set<string>();
      const collect = (map: Map<string, Set<string>>, key: string | undefined): void => {
        if (key === undefined || key === '') return;
        for (const id of map.get(key) ?? []) ids.add(id);
      };
      collect(bySin, lookup.sin);
      collect(byBn, lookup.businessNumber);
      collect(byNeq, lookup.neq);
      collect(byEmail, lookup.email?.trim().toLowerCase());
      return [...ids].map((id) => copy(clients.get(id) as StoredClient));
    },

    async create(input: CreateClientInput, options?: PortCallOptions): Promise<CreateClientResult> {
      before(options);
      if (input.idempotencyKey !== undefined) {
        const known = byIdempotencyKey.get(input.idempotencyKey);
        if (known !== undefined) return { client: copy(clients.get(known) as StoredClient), created: false };
      }
      const taken = holderOf(input.record);
      if (taken !== undefined) throw taken;
      const id = `${prefix}${++sequence}`;
      const client = store(input.record, id, 1, input.accountManager);
      if (input.idempotencyKey !== undefined) byIdempotencyKey.set(input.idempotencyKey, id);
      return { client: copy(client), created: true };
    },

    async update(input: UpdateClientInput, options?: PortCallOptions) {
      before(options);
      const current = clients.get(input.id);
      if (current === undefined) throw new ClientNotFoundError({ id: input.id });
      if (input.record.kind !== current.kind) {
        throw new TaxsyncError('kind_mismatch', { id: input.id, expected: current.kind, actual: input.record.kind });
      }
      const version = current.version as number;
      if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
        throw new VersionConflictError({ id: input.id, expected: String(input.expectedVersion), actual: version });
      }
      const taken = holderOf(input.record, input.id);
      if (taken !== undefined) throw taken;
      index(current, false);
      return copy(store(input.record, current.id, version + 1, current.accountManager));
    },

    async appendJournal(entries, options) {
      before(options);
      record(entries);
    },

    async claimStep(input, options) {
      before(options);
      checkClaim(input);
      const at = now();
      const latest = latestOf(input.applyId, input.itemKey, input.step);
      if (latest !== undefined && (latest.status === 'done' || latest.status === 'unknown')) return { outcome: 'finished', entry: latest };
      const live = latest?.status === 'claimed' && latest.owner !== input.owner && Date.parse(latest.leaseUntil ?? '') > at.getTime();
      if (live && latest !== undefined) return { outcome: 'held', entry: latest };
      const clientId = input.clientId ?? latest?.clientId;
      const entry: { -readonly [K in keyof JournalEntry]: JournalEntry[K] } = {
        applyId: input.applyId,
        itemKey: input.itemKey,
        step: input.step,
        status: 'claimed',
        owner: input.owner,
        leaseUntil: new Date(at.getTime() + input.leaseMs).toISOString(),
        at: at.toISOString(),
      };
      if (clientId !== undefined) entry.clientId = clientId;
      const stored = record([entry]) as JournalEntry;
      const lapsed = latest !== undefined && (latest.status === 'pending' || (latest.status === 'claimed' && latest.owner !== input.owner));
      return lapsed ? { outcome: 'claimed', entry: stored, previous: latest } : { outcome: 'claimed', entry: stored };
    },

    async pruneJournal(olderThan, options) {
      before(options);
      if (typeof olderThan !== 'string' || Number.isNaN(Date.parse(olderThan))) throw new InvalidArgumentError('invalid_input', { detail: 'pruneJournal needs an ISO 8601 date' });
      const newest = new Map<string, string>();
      const open = new Set<string>();
      for (const entry of journal) if ((newest.get(entry.applyId) ?? '') < entry.at) newest.set(entry.applyId, entry.at);
      for (const [applyId, scope] of scopes) {
        for (const entries of scope.items.values()) {
          const latest = new Map(entries.map((e) => [e.step, e.status]));
          for (const status of latest.values()) if (status !== 'done' && status !== 'released') open.add(applyId);
        }
      }
      const gone = new Set([...newest].filter(([applyId, at]) => !applyId.startsWith('taxsync:') && !open.has(applyId) && at < olderThan).map(([applyId]) => applyId));
      if (gone.size === 0) return 0;
      const kept = journal.filter((e) => !gone.has(e.applyId));
      const removed = journal.length - kept.length;
      // Not splice(…, ...kept): a spread of a long journal overflows the call stack.
      journal.length = 0;
      for (const entry of kept) journal.push(entry);
      for (const applyId of gone) scopes.delete(applyId);
      return removed;
    },

    async readJournal(applyId, itemKey, options) {
      before(options);
      const scope = scopes.get(applyId);
      // Stored entries are frozen: handed back as they are, in a new array.
      return (itemKey === undefined ? scope?.entries : scope?.items.get(itemKey))?.slice() ?? [];
    },

    snapshot() {
      return [...clients.values()].map(copy);
    },

    journalSnapshot() {
      return journal.map((e) => ({ ...e }));
    },

    async getClientFile(id, options) {
      before(options);
      const file = files.get(id);
      return file === undefined ? undefined : copy(file);
    },

    async putClientFile(file, options) {
      before(options);
      if (typeof file.id !== 'string' || file.id === '' || !Array.isArray(file.taxpayers)) {
        throw new TaxsyncError('invalid_input', { detail: 'a client file needs an id and a list of taxpayers' });
      }
      files.set(file.id, copy(file));
      return copy(file);
    },

    async listSignatureRecords(taxpayerIds, taxYear, options) {
      before(options);
      const out: SignatureRecord[] = [];
      for (const taxpayerId of new Set(taxpayerIds)) {
        for (const key of recordsByTaxpayer.get(taxpayerId) ?? []) {
          const r = signatureRecords.get(key);
          if (r !== undefined && (taxYear === undefined || r.taxYear === taxYear)) out.push(copy(r));
        }
      }
      return out;
    },

    async putSignatureRecord(input, options) {
      before(options);
      const key = recordKey(input.record);
      const current = signatureRecords.get(key);
      if (input.expectedVersion !== undefined && (current?.version ?? null) !== input.expectedVersion) {
        throw new VersionConflictError({ id: `${input.record.taxpayerId}/${input.record.taxYear}/${input.record.documentType}`, expected: String(input.expectedVersion), actual: String(current?.version ?? 'none') });
      }
      const { version: _version, ...data } = copy(input.record);
      const stored: SignatureRecord = { ...data, version: ((current?.version as number | undefined) ?? 0) + 1 };
      signatureRecords.set(key, stored);
      let keys = recordsByTaxpayer.get(stored.taxpayerId);
      if (keys === undefined) recordsByTaxpayer.set(stored.taxpayerId, (keys = new Set()));
      keys.add(key);
      return copy(stored);
    },

    signatureSnapshot() {
      return [...signatureRecords.values()].map(copy);
    },
  };
  return api;
}

// ── Outbox mailer ───────────────────────────────────────────────────────────────────────────────────────────────

/** A message the outbox accepted. */
export interface OutboxMessage extends MailMessage {
  /** Id given by the outbox (`message-1`…). */
  readonly id: string;
  /** When it was accepted, ISO 8601 UTC. */
  readonly sentAt: string;
}

/** Options of {@link createOutboxMailer}. */
export interface OutboxMailerOptions {
  /** Whether the outbox honours idempotency keys (default `true`). `false` imitates a plain SMTP relay. */
  readonly idempotencyKeys?: boolean;
  /** Clock. Default: the system clock. */
  readonly now?: () => Date;
}

/** A {@link Mailer} that records messages instead of sending them. */
export interface OutboxMailer extends Mailer {
  /** Every accepted message, in order. */
  readonly messages: readonly OutboxMessage[];
  /** Forgets every message (idempotency keys included). */
  clear(): void;
}

/**
 * A {@link Mailer} that keeps messages in an array (`mailer.messages`), like nodemailer's `jsonTransport`: for
 * tests, demos, and a host's "preview the e-mails" screen. Honours idempotency keys unless told otherwise.
 *
 * @example
 * ```ts
 * const mailer = createOutboxMailer();
 * await applyClientImport(preview, { store, portal, mailer });
 * for (const m of mailer.messages) console.log(m.to, m.subject);
 * ```
 */
export function createOutboxMailer(options: OutboxMailerOptions = {}): OutboxMailer {
  const honourKeys = options.idempotencyKeys ?? true;
  const now = options.now ?? (() => new Date());
  const messages: OutboxMessage[] = [];
  const byKey = new Map<string, string>();
  return {
    capabilities: Object.freeze({ idempotencyKeys: honourKeys }),
    get messages() {
      return messages;
    },
    clear() {
      messages.length = 0;
      byKey.clear();
    },
    async send(message: MailMessage, options?: PortCallOptions): Promise<MailReceipt> {
      before(options);
      const missing = (['to', 'subject', 'text', 'idempotencyKey'] as const).filter((k) => typeof message[k] !== 'string' || message[k].trim() === '');
      if (missing.length > 0) throw new TaxsyncError('mail_invalid', { detail: `missing ${missing.join(', ')}` });
      if (honourKeys) {
        const known = byKey.get(message.idempotencyKey);
        if (known !== undefined) return { id: known, duplicate: true };
      }
      const id = `message-${messages.length + 1}`;
      // The copy gets its two fields, then is frozen (not a frozen spread: see storedEntry).
      const sent = copy(message) as MailMessage & { id: string; sentAt: string };
      sent.id = id;
      sent.sentAt = now().toISOString();
      messages.push(Object.freeze(sent));
      byKey.set(message.idempotencyKey, id);
      return { id, duplicate: false };
    },
  };
}

// ── In-process portal ───────────────────────────────────────────────────────────────────────────────────────────

/** Options of {@link createMemoryPortal}. */
export interface MemoryPortalOptions {
  /** Base of invitation links. Default `'https://portail.example.test'`. */
  readonly baseUrl?: string;
  /** Declare that the portal e-mails invitations itself (no `invitationUrl` is then needed). Default `false`. */
  readonly sendsInvitations?: boolean;
  /** Clock. Default: the system clock. */
  readonly now?: () => Date;
}

/** A document the memory portal received, with what it was sent with. */
export interface MemoryPortalDocument extends PortalDocument {
  readonly fileName: string;
  readonly sha256: string;
  readonly documentType: string;
  readonly taxYear: number;
  readonly title: string;
  readonly language: ClientLanguage;
  readonly fields: readonly PlacedField[];
  readonly signers: readonly SignerRole[];
  /** Size of the PDF in bytes (the bytes themselves are not kept). */
  readonly size: number;
}

/** The files of a completion recorded in a {@link MemoryPortal}: the signed PDF and the completion certificate. */
export interface MemoryPortalSignedFiles {
  /** The signed PDF. */
  readonly signedPdf?: Uint8Array;
  /** The completion certificate: bytes of a PDF, or bytes with their media type. */
  readonly certificate?: Uint8Array | CompletionCertificate;
}

/** A {@link Portal} in memory, with a way to look inside for tests. */
export interface MemoryPortal extends Portal {
  /** Copies of every portal user, in creation order. */
  users(): PortalUser[];
  /** Marks a user active, as if the client had chosen a password. */
  activate(clientId: string): void;
  /** Every document received, in order. */
  documents(): MemoryPortalDocument[];
  sendDocument(input: SendDocumentInput, options?: PortCallOptions): Promise<SendDocumentResult>;
  listSignatureCompletions(query?: ListSignatureCompletionsQuery, options?: PortCallOptions): AsyncIterable<SignatureCompletion>;
  downloadSignedDocument(completionId: string, options?: PortCallOptions): Promise<SignedDocument | undefined>;
  /**
   * Records the e-signature state of a document, as an e-signature service would report it: a completion with the
   * same `id` is replaced. For tests and demos (and the reference HTTP server). `files`: the signed PDF and the
   * completion certificate `downloadSignedDocument` returns for it (a certificate given as bytes is a PDF).
   */
  recordCompletion(completion: SignatureCompletion, files?: MemoryPortalSignedFiles): void;
  /** Copies of every completion, in the order first recorded. */
  completions(): SignatureCompletion[];
}

/**
 * A {@link Portal} in memory: one user per client, created by `inviteClient`, with an invitation link under
 * `baseUrl`. Used by the demo and the tests.
 */
export function createMemoryPortal(options: MemoryPortalOptions = {}): MemoryPortal {
  const baseUrl = (options.baseUrl ?? 'https://portail.example.test').replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const sendsInvitations = options.sendsInvitations ?? false;
  const users = new Map<string, PortalUser & { language: ClientLanguage }>();
  const strip = ({ language: _language, ...user }: PortalUser & { language: ClientLanguage }): PortalUser => copy(user);
  const documents = new Map<string, MemoryPortalDocument>();
  const completions = new Map<string, SignatureCompletion>();
  /** Completion ids by client: the sync asks for a few clients at a time among many. */
  const completionsByClient = new Map<string, Set<string>>();
  const signedFiles = new Map<string, { signedPdf?: Uint8Array; certificate?: CompletionCertificate }>();
  return {
    capabilities: Object.freeze({ sendsInvitations, documents: true, signatures: true, signedDocuments: true }),
    async inviteClient(input: InviteClientInput, options?: PortCallOptions): Promise<InviteClientResult> {
      before(options);
      if (typeof input.clientId !== 'string' || input.clientId === '' || typeof input.email !== 'string' || !input.email.includes('@')) {
        throw new TaxsyncError('invalid_input', { detail: 'inviteClient needs a clientId and an e-mail address' });
      }
      const known = users.get(input.clientId);
      if (known !== undefined) return { user: strip(known), created: false };
      const user = {
        id: `portal-user-${users.size + 1}`,
        clientId: input.clientId,
        email: input.email,
        status: 'invited' as const,
        language: input.language,
        invitedAt: now().toISOString(),
        ...(sendsInvitations ? {} : { invitationUrl: `${baseUrl}/${input.language === 'fr' ? 'invitation' : 'invite'}/${globalThis.crypto.randomUUID()}` }),
      };
      users.set(input.clientId, user);
      return { user: strip(user), created: true };
    },
    async getUser(clientId, options) {
      before(options);
      const user = users.get(clientId);
      return user === undefined ? undefined : strip(user);
    },
    users() {
      return [...users.values()].map(strip);
    },
    activate(clientId) {
      const user = users.get(clientId);
      if (user !== undefined) users.set(clientId, { ...user, status: 'active' });
    },
    async sendDocument(input: SendDocumentInput, options?: PortCallOptions): Promise<SendDocumentResult> {
      before(options);
      if (typeof input.idempotencyKey !== 'string' || input.idempotencyKey === '' || !(input.pdf instanceof Uint8Array) || input.pdf.length === 0) {
        throw new TaxsyncError('invalid_input', { detail: 'sendDocument needs an idempotencyKey and the PDF bytes' });
      }
      const known = documents.get(input.idempotencyKey);
      if (known !== undefined) return { document: documentOf(known), created: false };
      const { pdf, ...rest } = input;
      const stored: MemoryPortalDocument = {
        ...copy(rest),
        id: `portal-document-${documents.size + 1}`,
        sentAt: now().toISOString(),
        size: pdf.length,
      };
      documents.set(input.idempotencyKey, stored);
      return { document: documentOf(stored), created: true };
    },
    documents() {
      return [...documents.values()].map((d) => copy(d));
    },
    async *listSignatureCompletions(query: ListSignatureCompletionsQuery = {}, options?: PortCallOptions) {
      const { signal: querySignal, ...filter } = query;
      const signal = querySignal === undefined || options?.signal === undefined ? (querySignal ?? options?.signal) : AbortSignal.any([querySignal, options.signal]);
      throwIfAbortedBeforeCall(signal);
      // Snapshot first: completions recorded while iterating are not yielded, none is yielded twice.
      const ids = filter.clientIds === undefined ? [...completions.keys()] : [...new Set(filter.clientIds)].flatMap((id) => [...(completionsByClient.get(id) ?? [])]);
      for (const id of ids) {
        const completion = completions.get(id);
        if (completion === undefined) continue;
        signal?.throwIfAborted();
        if (completionMatches(completion, filter)) yield copy(completion);
      }
    },
    async downloadSignedDocument(completionId, options) {
      before(options);
      const completion = completions.get(completionId);
      const files = signedFiles.get(completionId);
      if (completion?.state !== 'completed' || files?.signedPdf === undefined || files.certificate === undefined) return undefined;
      return { completionId, signedPdf: files.signedPdf.slice(), certificate: { bytes: files.certificate.bytes.slice(), mediaType: files.certificate.mediaType } };
    },
    recordCompletion(completion, files) {
      if (typeof completion.id !== 'string' || completion.id === '' || typeof completion.clientId !== 'string' || !Array.isArray(completion.signers)) {
        throw new TaxsyncError('invalid_input', { detail: 'a completion needs an id, a clientId and its signers' });
      }
      if (files !== undefined) {
        const certificate = files.certificate instanceof Uint8Array ? { bytes: files.certificate, mediaType: 'application/pdf' as const } : files.certificate;
        signedFiles.set(completion.id, {
          ...(files.signedPdf === undefined ? {} : { signedPdf: files.signedPdf.slice() }),
          ...(certificate === undefined ? {} : { certificate: { bytes: certificate.bytes.slice(), mediaType: certificate.mediaType } }),
        });
      }
      const previous = completions.get(completion.id);
      if (previous !== undefined) completionsByClient.get(previous.clientId)?.delete(previous.id);
      completions.set(completion.id, copy(completion));
      let ids = completionsByClient.get(completion.clientId);
      if (ids === undefined) completionsByClient.set(completion.clientId, (ids = new Set()));
      ids.add(completion.id);
    },
    completions() {
      return [...completions.values()].map(copy);
    },
  };
}

/** Whether a completion passes the criteria of a {@link ListSignatureCompletionsQuery}. */
function completionMatches(c: SignatureCompletion, q: Omit<ListSignatureCompletionsQuery, 'signal'>): boolean {
  if (q.clientIds !== undefined && !q.clientIds.includes(c.clientId)) return false;
  if (q.clientFileIds !== undefined && (c.clientFileId === undefined || !q.clientFileIds.includes(c.clientFileId))) return false;
  if (q.documentIds !== undefined && !q.documentIds.includes(c.documentId)) return false;
  if (q.since !== undefined && Date.parse(c.updatedAt) < Date.parse(q.since)) return false;
  return true;
}

const documentOf = (d: MemoryPortalDocument): PortalDocument => ({ id: d.id, clientId: d.clientId, idempotencyKey: d.idempotencyKey, purpose: d.purpose, sentAt: d.sentAt });
