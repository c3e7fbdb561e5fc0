/**
 * Job 2, document dispatch: the shapes of its input, its preview, its stored plan and its report. Every line, item
 * and e-mail outcome is data — a `status`, a catalogue `code` and its masked `params` — rendered by
 * `formatDispatchPreview` / `formatDispatchReport` in either language at any time; nothing pre-rendered is kept.
 */
import type { InvitationSettings } from '../workflow/invitations.js';
import type { WorkflowRunOptions } from '../workflow/context.js';
import type { PlanDocument } from '../workflow/plan-document.js';
import type { DocumentEmailTemplates } from '../email/document-notice.js';
import type { Locale, MessageCode, MessageParams } from '../messages/catalogue.js';
import type { ClientStore, DocumentPurpose, DocumentStore, Mailer, Portal, StoredClient } from '../ports.js';
import type { LayoutRegistry } from '../signatures/registry.js';
import type { LocalizedText, PlacedField, ResolveResult, SignatureLayout, SignerRole } from '../signatures/types.js';
import type { MatchedBy } from '../matching/match.js';
import type { ZipLimits } from '../zip/archive.js';

/** What to dispatch. */
export interface DocumentDispatchInput {
  /** The `.zip` of PDFs, as bytes or a stream. */
  readonly zip: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>;
  /** Document type: `T183`, `TP-1000.TE`, `T183CORP`, …, or a firm's own registered type. */
  readonly documentType: string;
  /** Tax year the documents are for. */
  readonly year: number;
  /** `sign`: signature fields are placed and the client signs; `consult`: the client only reads. */
  readonly purpose: DocumentPurpose;
  /** The firm's file-naming pattern (see `compileNamingPattern`); without one, SINs/BNs are found anywhere in names. */
  readonly pattern?: string;
}

/**
 * Places signature fields on one PDF: `resolveSignatureFields` from `taxsync/pdf`, or the host's own. `password` is
 * given for a password-protected PDF, when `passwordFor` found one.
 */
export type ResolveFields = (pdf: Uint8Array, layout: SignatureLayout, options?: { readonly password?: string }) => Promise<ResolveResult>;

/** The file {@link PasswordFor} is asked about: already matched to its client. */
export interface PasswordRequest {
  /** The client the file was matched to. */
  readonly client: StoredClient;
  /** The file's own name in the archive (no folders). */
  readonly fileName: string;
}

/**
 * The password of a password-protected PDF, as the host knows it: the tax program's rule (ProFile: the first five
 * letters of the last name and the last three digits of the SIN…), the taxpayer's own password kept in the
 * taxpayer's data (DT Max), or the firm's one password. `undefined` when there is none. Never logged by taxsync.
 */
export type PasswordFor = (request: PasswordRequest) => string | undefined | Promise<string | undefined>;

/** Options of {@link previewDocumentDispatch}. */
export interface PreviewDocumentDispatchOptions {
  /** Language the preview is shown in; the plan and its reports default to it. Default: `DEFAULT_LOCALE` ('fr'). */
  readonly locale?: Locale;
  /** Limits on what the archive may expand to. */
  readonly limits?: Partial<ZipLimits>;
  /** The layouts to use, with the firm's own documents (see `createLayoutRegistry`). Default: the built-in ones. */
  readonly layouts?: LayoutRegistry;
  /**
   * Places fields when signing. Default: `resolveSignatureFields` of `taxsync/pdf`, loaded on first use (Node: it
   * uses pdfjs-dist).
   */
  readonly resolveFields?: ResolveFields;
  /**
   * Gives the password of a password-protected PDF (see {@link PasswordFor}). Called only for a PDF that needs one,
   * and only after the file was matched to its client, so the client's own data (or the firm's rule) can give it.
   * Without it, such PDFs are held as `layout_password_required`; a password that does not open the PDF holds it as
   * `layout_password_wrong`. The password opens the PDF and is forgotten: it is in no line, message or plan; the
   * document sent is the PDF decrypted (its `protection` says so), since whoever places the fields will not have
   * the password. PDFs encrypted with an empty user password (government forms) need no password.
   */
  readonly passwordFor?: PasswordFor;
  /**
   * A client never invited to the portal (no `taxsync:invitations` e-mail recorded): `invite` (default) invites
   * them at apply before their documents, `hold` holds their documents (`client_not_invited`). Decided here, so
   * the preview shows what apply will do; apply follows the plan.
   */
  readonly uninvited?: 'invite' | 'hold';
  /** Clock: the plan's `createdAt`. */
  readonly now?: () => Date;
}

/**
 * The ports a preview reads. `store` is required. With `documents`, every ready PDF (the decrypted copy of a
 * password-protected one) is put there, so the stored plan can be applied in another process without the archive.
 * With `portal` (and `mailer`), the preview also holds the documents of clients that could not be invited (the
 * portal sends no invitations and there is no mailer), as apply would.
 */
export interface PreviewDocumentDispatchPorts {
  readonly store: ClientStore;
  readonly documents?: DocumentStore;
  readonly portal?: Portal;
  readonly mailer?: Mailer;
}

/** Any code a dispatch line, item or e-mail carries: a code of the catalogue (`renderMessage(code, params, locale)`). */
export type DispatchCode = MessageCode;

/** What preparing a PDF removes, as data (render with the catalogue's `protection_removed`). */
export interface DispatchProtection {
  /** The PDF was encrypted: with an empty user password, or with the password `passwordFor` gave. */
  readonly encryption?: 'empty_password' | 'password';
  /** A usage-rights signature (Reader Extensions) is removed. */
  readonly usageRights?: true;
  /** XFA form data is removed. */
  readonly xfa?: true;
}

/**
 * Whether a ready document is the first sent to its client for its type and year (`new`), or replaces one sent
 * before with other bytes (`new_version`: a reprint) — sent as version `versionNumber`.
 */
export type DispatchVersion = 'new' | 'new_version';

/** What every {@link DispatchLine} says. */
export interface DispatchLineBase {
  /** Position in the archive, from 0. */
  readonly index: number;
  /** The file name through `maskFileName` (SIN-like numbers and e-mails masked): safe to show, log and store. */
  readonly displayName: string;
  /** What happened: a catalogue code. */
  readonly code: DispatchCode;
  /** The code's values (masked). */
  readonly params: MessageParams;
  /** The client, when one was matched. */
  readonly clientId?: string;
  /** The client's masked label (`Simon Provencher (*** *** 544)`), when one was matched. */
  readonly clientLabel?: string;
}

/** A document that apply will send: what the plan keeps of it (`DispatchPlanDocumentEntry`), and its client. */
export interface DispatchReadyLine extends DispatchLineBase, Omit<DispatchPlanDocumentEntry, 'index' | 'displayName'> {
  readonly status: 'ready';
  readonly clientId: string;
  readonly clientLabel: string;
  /** How the client was matched. */
  readonly matchedBy: MatchedBy;
}

/**
 * An entry not sent: `held` (a person must decide: no sure client, fields not placeable, no e-mail, cannot be
 * invited), `rejected` (not a usable PDF) or `skipped` (not a document, or a duplicate).
 */
export interface DispatchNotSentLine extends DispatchLineBase {
  readonly status: 'held' | 'rejected' | 'skipped';
  /** SHA-256 of the archive entry, when it was a PDF. */
  readonly sourceSha256?: string;
}

/** One archive entry in the preview: narrow on `status`. */
export type DispatchLine = DispatchReadyLine | DispatchNotSentLine;

/** The ready documents of one client. */
export interface DispatchGroup {
  /** The client's id: the plan item's key. */
  readonly clientId: string;
  /** The client's masked label. */
  readonly clientLabel: string;
  /** Indexes of the client's ready documents. */
  readonly lines: readonly number[];
}

/** Counts of a preview. */
export interface DispatchPlanSummary {
  readonly entries: number;
  readonly ready: number;
  readonly held: number;
  readonly rejected: number;
  readonly skipped: number;
  /** Clients that will receive documents. */
  readonly clients: number;
}

/** One ready document in a stored plan: by SHA-256, never its bytes. */
export interface DispatchPlanDocumentEntry {
  /** Position in the archive. */
  readonly index: number;
  /** The masked file name; also the file name the portal shows. */
  readonly displayName: string;
  /** SHA-256 of the bytes to send. */
  readonly sha256: string;
  /** SHA-256 of the archive entry (the key of the document's journal). */
  readonly sourceSha256: string;
  /** The fields placed (to sign). */
  readonly fields: readonly PlacedField[];
  /** What preparing removes. */
  readonly protection?: DispatchProtection;
  /** `new` or `new_version`. */
  readonly version: DispatchVersion;
  /** The version number it is sent as. */
  readonly versionNumber: number;
}

/** One item of a stored plan: a client, their ready documents and their one e-mail. */
export interface DispatchPlanItem {
  /** The item's key: the client id (`options.items` of apply takes these). */
  readonly key: string;
  /** The client's id. */
  readonly clientId: string;
  /** The client's masked label, for display. */
  readonly label: string;
  /** What identified the client in the file names, masked (`*** *** 544`): apply holds the item when it moved. */
  readonly matched: { readonly by: MatchedBy; readonly masked?: string };
  /** The documents. */
  readonly documents: readonly DispatchPlanDocumentEntry[];
}

/** A line of a stored plan that will not be sent, with why. */
export interface DispatchPlanNotSent {
  readonly index: number;
  readonly displayName: string;
  readonly status: 'held' | 'rejected' | 'skipped';
  readonly code: DispatchCode;
  readonly params: MessageParams;
  readonly clientId?: string;
  readonly clientLabel?: string;
}

/** The body of a stored dispatch plan: no PDF bytes, no full SIN/BN, no client record. */
export interface DispatchPlanBody {
  readonly documentType: string;
  readonly year: number;
  readonly purpose: DocumentPurpose;
  /** The document's title in each language, for the portal and the e-mail. */
  readonly title: LocalizedText;
  /** Who signs, for `sign`. */
  readonly signers: readonly SignerRole[];
  /** The naming pattern the preview matched with, when one was given (apply re-checks names with it). */
  readonly pattern?: string;
  /** SHA-256 of the archive: apply given the archive again refuses another one (`plan_source_mismatch`). */
  readonly archiveSha256: string;
  /** Entries in the archive. */
  readonly entries: number;
  /** What to do with clients never invited. */
  readonly uninvited: 'invite' | 'hold';
  /** One item per client with ready documents. */
  readonly items: readonly DispatchPlanItem[];
  /** The lines not sent. */
  readonly notSent: readonly DispatchPlanNotSent[];
}

/** A stored dispatch plan: the document `previewDocumentDispatch` returns as `plan.document`. */
export type DispatchPlanDocument = PlanDocument<'document-dispatch', DispatchPlanBody>;

/** The preview of a dispatch: what would be sent to whom, and what is held and why. Nothing has been sent. */
export interface DispatchPlan {
  /** Stable id of this dispatch (same archive, type, year and purpose → same id): the key of its journal. */
  readonly planId: string;
  readonly documentType: string;
  readonly year: number;
  readonly purpose: DocumentPurpose;
  /** The document's title in each language. */
  readonly title: LocalizedText;
  /** Who signs, for `sign`. */
  readonly signers: readonly SignerRole[];
  /** One line per archive entry, in archive order. */
  readonly lines: readonly DispatchLine[];
  /** Ready documents grouped by client. */
  readonly groups: readonly DispatchGroup[];
  readonly summary: DispatchPlanSummary;
  /** Language the preview was made in. */
  readonly locale: Locale;
  /** The plan to keep (JSON-safe; `loadDispatchPlan` reads it back) and to apply, here or in another process. */
  readonly document: DispatchPlanDocument;
}

/** The ports a dispatch uses. */
export interface DocumentDispatchPorts {
  readonly store: ClientStore;
  /** Needed to apply; must declare `capabilities.documents`. */
  readonly portal: Portal;
  /** Needed to e-mail clients (and to invite them unless the portal sends invitations). */
  readonly mailer?: Mailer;
  /** Where the preview put the PDFs: apply takes them from here (re-hashed) when it has no archive. */
  readonly documents?: DocumentStore;
}

/**
 * What happened to one document — the same words in the three jobs: `sent` (by this run), `skipped` (nothing to do:
 * already sent, not a document, a duplicate), `held` (not done, waiting for a person or another apply), `failed`
 * (did not happen; applying again retries it).
 */
export type DispatchStatus = DispatchItem['status'];

/** What every {@link DispatchItem} says. */
export interface DispatchItemBase {
  /** Position in the archive. */
  readonly index: number;
  /** The file name with identifiers masked. */
  readonly displayName: string;
  /** Why: a catalogue code. */
  readonly code: DispatchCode;
  /** The code's values (masked). */
  readonly params: MessageParams;
  /** The client, when matched. */
  readonly clientId?: string;
}

/** A document this run put in the client's portal folder. */
export interface DispatchSent extends DispatchItemBase {
  readonly status: 'sent';
  /** The portal's id of the document. */
  readonly documentId: string;
  /** The version number it was sent as. */
  readonly versionNumber: number;
}

/** An entry with nothing to do: sent before (`document_already_sent`), not a document, or a duplicate. */
export interface DispatchSkipped extends DispatchItemBase {
  readonly status: 'skipped';
  /** The portal's id of the document, when it was sent before. */
  readonly documentId?: string;
}

/**
 * An entry not sent, waiting for a person or for another apply: the preview's reasons, or at apply: the client is
 * gone (`client_gone`), changed since the preview (`dispatch_changed_since_preview`), not invited, another apply is on it
 * (`step_in_progress`), an earlier run left it unknown (`step_unknown`), the bytes are not available
 * (`document_bytes_missing`, `document_password_needed`), or the apply was stopped (`dispatch_aborted`).
 */
export interface DispatchHeld extends DispatchItemBase {
  readonly status: 'held';
}

/** A document not sent (the portal refused it, its bytes did not match): applying again retries it. */
export interface DispatchFailed extends DispatchItemBase {
  readonly status: 'failed';
}

/** The outcome of one archive entry: narrow on `status`. */
export type DispatchItem = DispatchSent | DispatchSkipped | DispatchHeld | DispatchFailed;

/** The e-mail of one client. */
export interface DispatchEmail {
  readonly clientId: string;
  /** The client's masked label. */
  readonly clientLabel: string;
  /**
   * `sent` (by this run), `already_sent` (an earlier run), `not_sent` (no address, no mailer), `held` (another apply
   * is sending it), `delivery_unknown` (an earlier run stopped while sending and the mailer has no idempotency keys:
   * a person checks), `failed` (not sent; applying again retries).
   */
  readonly status: 'sent' | 'already_sent' | 'not_sent' | 'held' | 'delivery_unknown' | 'failed';
  /** Why: a catalogue code. */
  readonly code: DispatchCode;
  /** The code's values (masked). */
  readonly params: MessageParams;
  /** The mailer's id of the message. */
  readonly messageId?: string;
}

/** Counts of a {@link DispatchReport}: documents by status, e-mails and invitations. */
export interface DispatchReportSummary {
  readonly sent: number;
  readonly skipped: number;
  readonly held: number;
  readonly failed: number;
  /** Clients e-mailed by this run. */
  readonly emailsSent: number;
  /** E-mails not sent for a reason a person should see (failed, held, delivery unknown). */
  readonly emailsNotSent: number;
  /** Clients invited to the portal by this run (so that their documents could be sent). */
  readonly invited: number;
}

/** What an apply did, document by document, with the e-mails per client. */
export interface DispatchReport {
  readonly planId: string;
  /** The documents of the items applied (and, for a whole apply, the lines the plan does not send). */
  readonly items: readonly DispatchItem[];
  readonly emails: readonly DispatchEmail[];
  /** Documents by status, e-mails and invitations. */
  readonly summary: DispatchReportSummary;
  /** True when an `AbortSignal` stopped the apply before every client was done. */
  readonly aborted: boolean;
  /** True when the host's `onProgress` threw (it was ignored). */
  readonly progressFailed: boolean;
  /** Language reports default to (the plan's). */
  readonly locale: Locale;
}

/** Progress of an apply. */
export interface DispatchProgress {
  /** Clients finished. */
  readonly done: number;
  /** Clients to do. */
  readonly total: number;
}

/** Options of {@link applyDocumentDispatch}. */
export interface ApplyDocumentDispatchOptions extends InvitationSettings, WorkflowRunOptions {
  /**
   * The archive again, when applying a stored plan without a `DocumentStore`: it must be the previewed one (its
   * SHA-256), else `PlanError('plan_source_mismatch')`.
   */
  readonly zip?: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>;
  /** Limits on what the archive may expand to, with `zip`. */
  readonly limits?: Partial<ZipLimits>;
  /**
   * With `zip`, for a password-protected PDF that is not in `ports.documents`: the same lookup as the preview's.
   * Without it (or the store), such a document is held (`document_password_needed`).
   */
  readonly passwordFor?: PasswordFor;
  /** Apply only these items (client ids, the plan items' keys). Default: every item. */
  readonly items?: readonly string[];
  /** Link to the portal in the e-mail. Default `''` (the template then shows the bare sentence). */
  readonly portalUrl?: string;
  /** Overrides of the document e-mail per language. */
  readonly emailTemplates?: DocumentEmailTemplates;
  /** Clients handled at once. Default 4. */
  readonly concurrency?: number;
  /** Stops taking new clients once aborted; what started finishes. */
  readonly signal?: AbortSignal;
  /** Called after each client. An error it throws is ignored (the report says `progressFailed`). */
  readonly onProgress?: (progress: DispatchProgress) => void;
  /** Clock, for the journal. */
  readonly now?: () => Date;
}
