/**
 * # Ports: what a host implements
 *
 * taxsync never talks to a database, a mail server or a portal directly. Its workflows go through three small
 * interfaces that the host implements over its own systems:
 *
 * | port | what it is | reference implementation | conformance suite (`taxsync/testing`) |
 * |---|---|---|---|
 * | {@link ClientStore} | the host's client records, plus a small journal of what an apply did | `createMemoryClientStore()` | `clientStoreTestSuite` |
 * | {@link Mailer} | sends one e-mail | `createOutboxMailer()` | `mailerTestSuite` |
 * | {@link Portal} | the client portal: invites a client, receives documents, gives back signatures and signed documents | `createMemoryPortal()` | `portalTestSuite` |
 * | {@link DocumentStore} | bytes kept by SHA-256: PDFs of stored plans, signed PDFs and certificates | `createMemoryDocumentStore()`, `createFileDocumentStore(dir)` (`taxsync/fs`) | `documentStoreTestSuite` |
 *
 * Rules shared by every port:
 * - Every method is async and may throw. A workflow catches the error, reports the client concerned as failed with
 *   the error's message (SIN-like digit runs masked), and carries on with the others.
 * - Throw a {@link taxsync!TaxsyncError} with a documented code where this page asks for one (`version_conflict`,
 *   `client_not_found`, `kind_mismatch`, `mail_invalid`); anything else is reported as a generic failure.
 * - What an adapter can or cannot do is *declared* in its `capabilities` object, read before any work starts, never
 *   discovered by a failure half-way through a batch.
 * - Idempotency is part of the contract where this page says so: workflows rely on it so that an apply interrupted
 *   at any point (process killed, network down) can simply be run again — nothing lost, nothing done twice.
 * - Every method takes an optional last argument, {@link PortCallOptions} (`{ signal }`): the apply's `AbortSignal`.
 *   Honour it where you can (do not start once aborted; cancel a running query or request), never to report a write
 *   that took effect as failed. Adapters written without it keep working: workflows stop between calls anyway.
 * - What a method returns is checked against its documented shape before a workflow uses it: a value that cannot be
 *   read (a client without an id, a SIN of eight digits, a date that does not parse) fails the item concerned with
 *   a {@link taxsync!PortDataError} naming the port, the method and the field — never with a default.
 *
 * Adapters are factories that take an already-built client, in the style of Auth.js adapters:
 * `createPostgresClientStore(pool)`, `createSmtpMailer(transport)`.
 *
 * @packageDocumentation
 */
import type { ClientKind, ClientLanguage, ClientRecord } from './model/client.js';
import type { PlacedField, SignerRole } from './signatures/types.js';
import type { ClientFile, ListSignatureCompletionsQuery, SignatureCompletion, SignatureRecord } from './model/signing.js';
import type { Locale } from './messages/catalogue.js';

/**
 * The optional last argument of every port method: what the calling workflow passes along with the call.
 *
 * @example
 * ```ts
 * const store: ClientStore = {
 *   // …
 *   async get(id, options) {
 *     const { rows } = await db.query('SELECT … WHERE id = $1', [id], { signal: options?.signal });
 *     return rows[0];
 *   },
 * };
 * ```
 */
export interface PortCallOptions {
  /**
   * Aborted when the host stops the job (`options.signal` of an apply, a preview or a sync). Check it before an
   * effect starts (an adapter that throws then must have done nothing), and cancel a running query or request when
   * your client allows. Once an effect has taken place, return its result: a write reported as failed after it
   * happened would be repeated or reported unknown.
   */
  readonly signal?: AbortSignal;
}

// ── ClientStore ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A client as the host stores it: a {@link ClientRecord} plus the host's `id` and, when the store supports
 * optimistic concurrency, a `version`.
 */
export type StoredClient = ClientRecord & {
  /** The host's identifier of the client. Stable for the life of the client. */
  readonly id: string;
  /**
   * Opaque concurrency token (a counter, an `updated_at`, an ETag): it must change on every update of the client.
   * Compared for equality only. Absent when the store does not declare `capabilities.versioning`.
   */
  readonly version?: string | number;
  /** The account manager (a user of the firm) the client was assigned to when created. */
  readonly accountManager?: string;
};

/** What a {@link ClientStore} declares it can do. */
export interface ClientStoreCapabilities {
  /**
   * `true` when every client carries a `version` that changes on each update, and `update` with an
   * `expectedVersion` is atomic (compare-and-set). When `false`, workflows detect concurrent changes by comparing
   * field values just before writing, which leaves a small race window.
   */
  readonly versioning: boolean;
  /**
   * `true` when the store keeps client files and signature records: it implements {@link ClientStore.getClientFile},
   * {@link ClientStore.putClientFile}, {@link ClientStore.listSignatureRecords} and
   * {@link ClientStore.putSignatureRecord}. Absent or `false`: signature sync refuses to start.
   */
  readonly signatures?: boolean;
  /**
   * `true` when the store implements {@link ClientStore.claimStep} (atomic claims with leases) and
   * {@link ClientStore.pruneJournal}. Absent or `false`: two applies of one plan running at the same time cannot be
   * kept apart, and workflows say so in their report.
   */
  readonly claims?: boolean;
}

/** Input of {@link ClientStore.putSignatureRecord}. */
export interface PutSignatureRecordInput {
  /** The record; it replaces the stored one with the same `taxpayerId` + `taxYear` + `documentType`. */
  readonly record: SignatureRecord;
  /**
   * The `version` the caller read, or `null` when it read no record. When it differs from what is stored, nothing is
   * written and {@link taxsync!VersionConflictError} is thrown. Absent: written unconditionally.
   */
  readonly expectedVersion?: string | number | null;
}

/**
 * Criteria of {@link ClientStore.find}. A client matches when it matches *any* criterion given. Identifiers are
 * bare digits (`'130692544'`); e-mails compare case-insensitively.
 */
export interface ClientLookup {
  /** Social Insurance Number, nine digits. */
  readonly sin?: string;
  /** Business number, the nine-digit BN9. */
  readonly businessNumber?: string;
  /** Quebec enterprise number, ten digits. */
  readonly neq?: string;
  /** E-mail address, compared case-insensitively. */
  readonly email?: string;
}

/** Options of {@link ClientStore.list}. */
export interface ListClientsOptions {
  /** Only individuals or only corporations. Default: both. */
  readonly kind?: ClientKind;
}

/** Input of {@link ClientStore.create}. */
export interface CreateClientInput {
  /** The client to store. `source` (a file row) may be present; a store may keep or drop it. */
  readonly record: ClientRecord;
  /** Account manager (a user of the firm) the new client is assigned to. */
  readonly accountManager?: string;
  /**
   * Key that makes creation idempotent: when a client was already created with this key, `create` returns that
   * client with `created: false` instead of creating a second one. Store it atomically with the client (a unique
   * column). Workflows always pass one. At most 200 characters of `[A-Za-z0-9:._-]`.
   */
  readonly idempotencyKey?: string;
}

/** Result of {@link ClientStore.create}. */
export interface CreateClientResult {
  /** The stored client, with its new `id` (and `version` when versioning). */
  readonly client: StoredClient;
  /** `false` when the idempotency key had already been used: `client` is the one created then, left unchanged. */
  readonly created: boolean;
}

/** Input of {@link ClientStore.update}. */
export interface UpdateClientInput {
  /** Id of the client to update. */
  readonly id: string;
  /**
   * The client's new data. It replaces the stored record: a field absent here is removed. `kind` must be the stored
   * client's kind. `accountManager` is not part of the record and is kept.
   */
  readonly record: ClientRecord;
  /**
   * The `version` the caller read. When the store declares `capabilities.versioning` and the stored version differs,
   * nothing is written and `update` throws a {@link taxsync!VersionConflictError}. Ignored by stores without versioning.
   */
  readonly expectedVersion?: string | number;
}

/**
 * Progress of one step of one item of an apply, as recorded in the journal:
 * - `pending`: started, outcome unknown (written by older workflows; steps with an outside effect are now claimed);
 * - `claimed`: an apply (`owner`) is doing the step until `leaseUntil` (see {@link ClientStore.claimStep});
 * - `done`: finished, with its `ref`;
 * - `released`: an attempt failed before any effect: the step may be tried again;
 * - `unknown`: the step may or may not have taken effect (its owner stopped during an effect that cannot be checked
 *   or repeated safely): a person decides, by appending `done` or `released`.
 */
export type JournalStatus = 'pending' | 'claimed' | 'done' | 'released' | 'unknown';

/**
 * One line of the apply journal: "in apply `applyId`, item `itemKey`, step `step` is claimed / done / …". Workflows
 * claim a step with an outside effect before it runs and write `done` after it, so that an apply run again after a
 * crash, or run twice at the same time, skips what was finished and never repeats a step that may have happened.
 */
export interface JournalEntry {
  /** The apply (for an import: the preview's `planId`), or a shared scope such as `taxsync:invitations`. */
  readonly applyId: string;
  /** The item within the apply (never personal data: an index or a client id). */
  readonly itemKey: string;
  /** The step: `create`, `update`, `email`… Later workflows add their own steps. */
  readonly step: string;
  /** Where the step stands. */
  readonly status: JournalStatus;
  /** The client concerned, once known. */
  readonly clientId?: string;
  /** A reference the step produced (a portal user id, a message id). */
  readonly ref?: string;
  /** For `claimed`: who holds the claim (one id per running apply or worker). */
  readonly owner?: string;
  /** For `claimed`: when the claim lapses unless renewed, ISO 8601 UTC, by the store's clock. */
  readonly leaseUntil?: string;
  /** When the entry was written, ISO 8601 UTC. */
  readonly at: string;
}

/** Input of {@link ClientStore.claimStep}. */
export interface ClaimStepInput {
  /** The apply. */
  readonly applyId: string;
  /** The item within the apply. */
  readonly itemKey: string;
  /** The step. */
  readonly step: string;
  /**
   * Who claims: unique per running apply or worker (a random id made at start), never reused after a restart — a
   * claim by the same owner is a renewal.
   */
  readonly owner: string;
  /**
   * How long the claim holds, in milliseconds (1 to 86,400,000), by the store's clock. Longer than the effect's own
   * timeout: a claim that lapses while its owner is still working lets another apply take the step over.
   */
  readonly leaseMs: number;
  /** The client concerned, when known. */
  readonly clientId?: string;
}

/**
 * Outcome of {@link ClientStore.claimStep}:
 * - `claimed`: the caller holds the step and may do it. `previous` is present when an earlier claim lapsed (its owner
 *   stopped) or the step was left `pending` with no outcome: the effect may already have happened, so the caller
 *   repeats it only when it is idempotent at the port (keys), and otherwise records `unknown`.
 * - `held`: another owner holds a live claim (`entry.owner`, `entry.leaseUntil`): wait or skip, never repeat.
 * - `finished`: the step is `done` or `unknown`: nothing to do.
 */
export type ClaimStepResult =
  | { readonly outcome: 'claimed'; readonly entry: JournalEntry; readonly previous?: JournalEntry }
  | { readonly outcome: 'held'; readonly entry: JournalEntry }
  | { readonly outcome: 'finished'; readonly entry: JournalEntry };

/**
 * The host's client records: the port the client-import workflow reads and writes.
 *
 * Required: everything below. Small on purpose: seven methods, no query language. A Postgres adapter is a table of
 * clients (with unique indexes on SIN, BN and the idempotency key) and a table of journal entries.
 *
 * Later versions of taxsync add client files (dossiers) and signature records as *optional* members, declared in
 * `capabilities`; an adapter written against this version keeps working.
 *
 * @example
 * ```ts
 * import { createMemoryClientStore } from 'taxsync';
 * const store = createMemoryClientStore();
 * const { client } = await store.create({ record: { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher' } });
 * await store.update({ id: client.id, record: { ...client, email: 'simon@exemple.ca' }, expectedVersion: client.version });
 * ```
 */
export interface ClientStore {
  /** What this store can do; read once before a workflow starts. */
  readonly capabilities: ClientStoreCapabilities;

  /**
   * Every stored client (optionally of one kind), in any order. A workflow reads the whole list to build a preview,
   * so page through the database rather than loading it at once.
   */
  list(options?: ListClientsOptions, call?: PortCallOptions): AsyncIterable<StoredClient>;

  /** The client with this id, or `undefined` when there is none. Never throws for an unknown id. */
  get(id: string, options?: PortCallOptions): Promise<StoredClient | undefined>;

  /**
   * Clients matching any of the criteria (SIN, BN, NEQ, or e-mail case-insensitively); `[]` when none. Criteria left
   * undefined are ignored; a lookup with no criterion returns `[]`.
   */
  find(lookup: ClientLookup, options?: PortCallOptions): Promise<StoredClient[]>;

  /**
   * Creates a client. Idempotent by `idempotencyKey`: a second call with the same key returns the first client and
   * `created: false`, whatever the record says.
   *
   * One client per number, whatever races: a store holds at most one individual per SIN and one corporation per
   * business number (a unique index). Workflows check for existing clients before creating, so a refusal only
   * happens when two imports race on one number.
   *
   * @throws {@link taxsync!ClientExistsError} (`client_exists`) when another client holds the SIN or business number —
   * nothing is written.
   */
  create(input: CreateClientInput, options?: PortCallOptions): Promise<CreateClientResult>;

  /**
   * Replaces a client's record and returns the stored client (with its new `version`).
   *
   * @throws {@link taxsync!VersionConflictError} (`version_conflict`) when versioning and `expectedVersion` is not the stored
   * version — nothing is written.
   * @throws {@link taxsync!ClientNotFoundError} (`client_not_found`) for an unknown id.
   * @throws {@link taxsync!TaxsyncError} `kind_mismatch` when `record.kind` is not the stored client's kind.
   * @throws {@link taxsync!ClientExistsError} (`client_exists`) when another client holds the new SIN or business number.
   */
  update(input: UpdateClientInput, options?: PortCallOptions): Promise<StoredClient>;

  /**
   * Appends journal entries, durably, in order. A later entry for the same `applyId` + `itemKey` + `step` supersedes
   * an earlier one. Must not lose an entry once the promise resolves. Workflows pass no `signal` here: what an apply
   * did is recorded even while it is being stopped.
   */
  appendJournal(entries: readonly JournalEntry[], options?: PortCallOptions): Promise<void>;

  /**
   * Journal entries of an apply (and of one item when `itemKey` is given), in the order they were appended; `[]`
   * when there are none.
   */
  readJournal(applyId: string, itemKey?: string, options?: PortCallOptions): Promise<JournalEntry[]>;

  /**
   * Claims one step atomically (compare-and-set on the step's latest entry), and appends the `claimed` entry to the
   * journal. Granted when the step has no entry, was `released` or left `pending`, is claimed by the same `owner` (a
   * renewal), or is claimed by an owner whose lease has run out; refused (`held`) while another owner's lease runs;
   * `finished` once `done` or `unknown`. Of concurrent claims of one step, exactly one is granted. Leases are measured
   * by the store's clock, so workers on several machines agree. Required when `capabilities.claims`.
   *
   * @throws {@link taxsync!InvalidArgumentError} `invalid_input` for an empty key or a `leaseMs` out of range.
   */
  claimStep?(input: ClaimStepInput, options?: PortCallOptions): Promise<ClaimStepResult>;

  /**
   * Removes the journal of every apply whose newest entry is older than `olderThan` (ISO 8601 UTC) and none of whose
   * steps is still `claimed`, `pending` or `unknown`; shared scopes (`applyId` starting with `taxsync:`, such as the
   * invitations) are always kept. Returns how many entries were removed. Required when `capabilities.claims`.
   */
  pruneJournal?(olderThan: string, options?: PortCallOptions): Promise<number>;

  /** The client file with this id, or `undefined`. Required when `capabilities.signatures`. */
  getClientFile?(id: string, options?: PortCallOptions): Promise<ClientFile | undefined>;

  /** Creates or replaces a client file (keyed by `id`) and returns it. Required when `capabilities.signatures`. */
  putClientFile?(file: ClientFile, options?: PortCallOptions): Promise<ClientFile>;

  /**
   * The signature records of these taxpayers (of one tax year when `taxYear` is given), in any order; `[]` when none.
   * Required when `capabilities.signatures`.
   */
  listSignatureRecords?(taxpayerIds: readonly string[], taxYear?: number, options?: PortCallOptions): Promise<SignatureRecord[]>;

  /**
   * Creates or replaces the signature record of `taxpayerId` + `taxYear` + `documentType`, atomically against
   * `expectedVersion`, and returns it with its new `version`. Required when `capabilities.signatures`.
   *
   * @throws {@link taxsync!VersionConflictError} (`version_conflict`) when `expectedVersion` is given and is not the stored
   * version (`null`: a record exists) — nothing is written.
   */
  putSignatureRecord?(input: PutSignatureRecordInput, options?: PortCallOptions): Promise<SignatureRecord>;
}

// ── Mailer ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** What a {@link Mailer} declares it can do. */
export interface MailerCapabilities {
  /**
   * `true` when `send` honours `idempotencyKey`: a second message with a key already sent is not sent again (and is
   * answered with `duplicate: true`). When `false`, workflows use the journal and, after a crash *during* a send,
   * report the message as "delivery unknown" rather than risk sending it twice.
   */
  readonly idempotencyKeys: boolean;
}

/** One e-mail, as workflows hand it to a {@link Mailer}. */
export interface MailMessage {
  /** Recipient address. */
  readonly to: string;
  /** Subject line (one line, already rendered). */
  readonly subject: string;
  /** Plain-text body. */
  readonly text: string;
  /** HTML body (variables already escaped). */
  readonly html?: string;
  /** Language the message is written in (for `Content-Language`, or to pick a sender). */
  readonly language: Locale;
  /** Key identifying this message across retries, such as `taxsync-invitation-<client id>`. */
  readonly idempotencyKey: string;
  /** What the message is for (`invitation`…), for the host's logs and templates. */
  readonly category?: string;
}

/** Receipt of {@link Mailer.send}. */
export interface MailReceipt {
  /** The mail system's id of the message (a Message-ID, a provider's id). */
  readonly id: string;
  /** `true` when the idempotency key had already been sent: nothing was sent this time. */
  readonly duplicate: boolean;
}

/**
 * Sends e-mails. One method: {@link Mailer.send}.
 *
 * @example
 * ```ts
 * import { createOutboxMailer } from 'taxsync';
 * const mailer = createOutboxMailer();
 * await mailer.send({ to: 'zoe@exemple.ca', subject: 'Bonjour', text: '…', language: 'fr', idempotencyKey: 'k1' });
 * mailer.messages.length; // 1
 * ```
 */
export interface Mailer {
  /** What this mailer can do. */
  readonly capabilities: MailerCapabilities;
  /**
   * Sends one message, resolving once the mail system has accepted it. With `capabilities.idempotencyKeys`, a key
   * already sent returns the first receipt with `duplicate: true` and sends nothing.
   *
   * @throws {@link taxsync!TaxsyncError} `mail_invalid` when the message lacks a recipient, a subject or a text body.
   */
  send(message: MailMessage, options?: PortCallOptions): Promise<MailReceipt>;
}

// ── Portal ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** What a {@link Portal} declares it can do. */
export interface PortalCapabilities {
  /**
   * `true` when the portal e-mails its invitations itself: workflows then send no invitation e-mail through the
   * {@link Mailer}. When `false`, `inviteClient` must return an `invitationUrl` for a user still `invited`, which
   * taxsync's template links to (an `active` user gets no invitation e-mail, so needs none).
   */
  readonly sendsInvitations: boolean;
  /**
   * `true` when the portal implements {@link Portal.sendDocument} (documents to sign or to consult). Absent or
   * `false`: document dispatch refuses to start rather than fail on the first document.
   */
  readonly documents?: boolean;
  /**
   * `true` when the portal implements {@link Portal.listSignatureCompletions}. Absent or `false`: signature sync
   * refuses to start.
   */
  readonly signatures?: boolean;
  /**
   * `true` when the portal implements {@link Portal.downloadSignedDocument}: the signed PDF of a completion and its
   * completion certificate, which the firm keeps six years. Signature sync then keeps both in the host's
   * {@link DocumentStore} (when given one) and records their SHA-256s in the signature record.
   */
  readonly signedDocuments?: boolean;
}

/** Input of {@link Portal.inviteClient}. */
export interface InviteClientInput {
  /** The {@link StoredClient | StoredClient.id}: the key of the invitation. */
  readonly clientId: string;
  /** The address the portal account is created for. */
  readonly email: string;
  /** Language of the portal and of its own e-mails. */
  readonly language: ClientLanguage;
  /** Display name: first and last name, or the corporation's name. */
  readonly name: string;
  /** The account manager the client is assigned to, when known. */
  readonly accountManager?: string;
}

/** A client's account on the portal. */
export interface PortalUser {
  /** The portal's id of the user. */
  readonly id: string;
  /** The client it belongs to. */
  readonly clientId: string;
  /** The account's e-mail address. */
  readonly email: string;
  /**
   * `invited` until the client has chosen a password, then `active`. Workflows never send their invitation e-mail to
   * an `active` user (an account opened by hand, or in an earlier season): the client already uses the portal.
   */
  readonly status: 'invited' | 'active';
  /** Link where the client creates their password; required for an `invited` user when the portal does not send invitations itself. */
  readonly invitationUrl?: string;
  /** When the invitation was first made, ISO 8601 UTC. */
  readonly invitedAt: string;
}

/** Result of {@link Portal.inviteClient}. */
export interface InviteClientResult {
  /** The portal user of the client. */
  readonly user: PortalUser;
  /** `false` when the client already had a portal user: nothing new was created. */
  readonly created: boolean;
}

/**
 * The client portal. This version needs one method; later versions add documents to send for signature and
 * signature completions to read back, as optional members declared in `capabilities`.
 *
 * @example
 * ```ts
 * import { createMemoryPortal } from 'taxsync';
 * const portal = createMemoryPortal();
 * const { user, created } = await portal.inviteClient({ clientId: 'c1', email: 'zoe@exemple.ca', language: 'fr', name: 'Zoé Gagnon' });
 * ```
 */
export interface Portal {
  /** What this portal can do. */
  readonly capabilities: PortalCapabilities;
  /**
   * Makes sure the client has a portal user, and returns it. Idempotent by `clientId`: a second call returns the same
   * user with `created: false` and sends nothing (even if the e-mail differs — changing a user's address is the
   * portal's own business).
   */
  inviteClient(input: InviteClientInput, options?: PortCallOptions): Promise<InviteClientResult>;
  /** The portal user of a client, or `undefined` when it has none. */
  getUser(clientId: string, options?: PortCallOptions): Promise<PortalUser | undefined>;
  /**
   * Puts one document in the client's secure folder, to sign (with its signature fields) or to consult. Required when
   * `capabilities.documents` is `true`. Idempotent by `idempotencyKey`: a second call with the same key returns the
   * first document with `created: false` and sends nothing — workflows rely on it to resume after a crash without
   * sending a document twice. The portal may notify the client itself; taxsync's dispatch also e-mails them once.
   */
  sendDocument?(input: SendDocumentInput, options?: PortCallOptions): Promise<SendDocumentResult>;
  /**
   * The e-signature completions of documents sent to sign — completed ones with their certificate, and the states
   * before completion (sent, viewed, partially signed, declined, expired) — one per document, in any order, paged
   * as the portal likes. Required when `capabilities.signatures` is `true`. Reading twice returns the same data
   * unless something happened in between.
   */
  listSignatureCompletions?(query?: ListSignatureCompletionsQuery, options?: PortCallOptions): AsyncIterable<SignatureCompletion>;
  /**
   * The signed PDF of a completed completion and its completion certificate, as the e-signature service issued them
   * (DocuSign's combined document and certificate of completion, Adobe Acrobat Sign's audit report, Zoho Sign's
   * completion certificate, or a service's JSON audit trail), or `undefined` when the portal has no such completion
   * or it is not completed. Required when `capabilities.signedDocuments` is `true`. The signed PDF must be the one
   * whose SHA-256 the completion reports (`signedPdfSha256`): signature sync checks it and keeps nothing otherwise.
   */
  downloadSignedDocument?(completionId: string, options?: DownloadSignedDocumentOptions): Promise<SignedDocument | undefined>;
}

/** Options of {@link Portal.downloadSignedDocument}. */
export interface DownloadSignedDocumentOptions {
  /** Stops the download. */
  readonly signal?: AbortSignal;
}

/**
 * A completion certificate (an audit trail): who signed, when, from where, with which checks. E-signature services
 * issue it as a PDF (DocuSign, Adobe Acrobat Sign, Zoho Sign) or as JSON; `mediaType` says which.
 */
export interface CompletionCertificate {
  /** The certificate as issued. */
  readonly bytes: Uint8Array;
  /** `application/pdf` or `application/json`. */
  readonly mediaType: 'application/pdf' | 'application/json';
}

/** What {@link Portal.downloadSignedDocument} returns: the signed PDF and its completion certificate. */
export interface SignedDocument {
  /** The completion ({@link SignatureCompletion.id}). */
  readonly completionId: string;
  /** The signed PDF, whose SHA-256 is the completion's `signedPdfSha256`. */
  readonly signedPdf: Uint8Array;
  /** The completion certificate. */
  readonly certificate: CompletionCertificate;
}

/** Why a document goes to the portal. */
export type DocumentPurpose = 'sign' | 'consult';

/** Input of {@link Portal.sendDocument}. */
export interface SendDocumentInput {
  /** The {@link StoredClient | StoredClient.id} of the client whose folder receives the document. */
  readonly clientId: string;
  /**
   * Key of this document for this client, type and year (taxsync derives it from the PDF's SHA-256, the client, the
   * document type and the tax year). The same key must never create a second document.
   */
  readonly idempotencyKey: string;
  /** File name to show (no folders). */
  readonly fileName: string;
  /** The PDF. */
  readonly pdf: Uint8Array;
  /** SHA-256 of `pdf`, lower-case hex: the portal may check it, and keep it as the document's fingerprint. */
  readonly sha256: string;
  /** Document type (`T183`, `TP-1000.TE`, or a firm's own). */
  readonly documentType: string;
  /** Tax year. */
  readonly taxYear: number;
  /** To sign or to consult. */
  readonly purpose: DocumentPurpose;
  /** Title to show the client, in their language (`T183 — Autorisation de transmission électronique (2025)`). */
  readonly title: string;
  /** The client's language. */
  readonly language: ClientLanguage;
  /**
   * For `sign`: where each signer signs, dates and writes the time, in PDF points from the bottom-left of the
   * displayed page (see `toDocuSignTabs` and friends to convert). Empty for `consult`.
   */
  readonly fields: readonly PlacedField[];
  /** For `sign`: who must sign, in order. */
  readonly signers: readonly SignerRole[];
}

/** A document in a client's portal folder. */
export interface PortalDocument {
  /** The portal's id of the document. */
  readonly id: string;
  /** The client it was sent to. */
  readonly clientId: string;
  /** The key it was sent with. */
  readonly idempotencyKey: string;
  /** To sign or to consult. */
  readonly purpose: DocumentPurpose;
  /** When it was first sent, ISO 8601 UTC. */
  readonly sentAt: string;
}

/** Result of {@link Portal.sendDocument}. */
export interface SendDocumentResult {
  /** The document. */
  readonly document: PortalDocument;
  /** `false` when the key had been used before: nothing was sent this time. */
  readonly created: boolean;
}


// ── DocumentStore ───────────────────────────────────────────────────────────────────────────────────────────────

/** Result of {@link DocumentStore.put}. */
export interface PutDocumentResult {
  /** SHA-256 of the bytes, lower-case hex: the document's key. */
  readonly sha256: string;
  /** `false` when the store already held these bytes: nothing new was written. */
  readonly created: boolean;
}

/**
 * Bytes kept by their SHA-256: the PDFs a stored plan refers to (so that a plan, which holds no document, can be
 * applied in another process), and the signed PDFs and completion certificates signature sync keeps (the CRA asks
 * firms to keep signed authorizations six years).
 *
 * Content-addressed, so writes are idempotent and never conflict. Workflows check every byte read against its
 * SHA-256 and treat a mismatch as a failure, never as the document.
 *
 * Reference implementations: `createMemoryDocumentStore()` (tests, one process) and `createFileDocumentStore(dir)` of
 * `taxsync/fs` (a folder, one file per document). Conformance suite: `documentStoreTestSuite` of `taxsync/testing`.
 *
 * @example
 * ```ts
 * import { createMemoryDocumentStore } from 'taxsync';
 * const documents = createMemoryDocumentStore();
 * const { sha256 } = await documents.put(pdfBytes);
 * const again = await documents.get(sha256); // the same bytes
 * ```
 */
export interface DocumentStore {
  /** Stores the bytes under their SHA-256 (computed by the store). Storing the same bytes again writes nothing. */
  put(bytes: Uint8Array, options?: PortCallOptions): Promise<PutDocumentResult>;
  /**
   * The bytes stored under `sha256` (64 lower-case hex digits), or `undefined` when there are none. A copy: changing
   * it never changes what is stored.
   *
   * @throws {@link taxsync!InvalidArgumentError} `invalid_input` for a key that is not 64 lower-case hex digits.
   */
  get(sha256: string, options?: PortCallOptions): Promise<Uint8Array | undefined>;
  /** Whether bytes are stored under `sha256`. @throws like {@link DocumentStore.get}. */
  has(sha256: string, options?: PortCallOptions): Promise<boolean>;
}
