/**
 * Job 2, document dispatch: the shapes of its input, its plan (the preview) and its report. A plan holds the PDFs and
 * the clients they go to; its lines and report items carry no personal data in their messages.
 */
import type { InvitationSettings } from '../workflow/invitations.js';
import type { WorkflowRunOptions } from '../workflow/context.js';
import type { DocumentEmailTemplates } from '../email/document-notice.js';
import type { ClientMessageCode, Locale } from '../messages/catalogue.js';
import type { ClientStore, DocumentPurpose, Mailer, Portal, StoredClient } from '../ports.js';
import type { LayoutRegistry } from '../signatures/registry.js';
import type { HeldReason, LocalizedText, PdfProtection, PlacedField, ResolveResult, SignatureLayout, SignerRole } from '../signatures/types.js';
import type { MatchedBy, MatchReason } from '../matching/match.js';
import type { ZipLimits, ZipRejectReason, ZipSkipReason } from '../zip/archive.js';

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
  /** Language of messages. Default `'fr'`. */
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
   * Without it, such PDFs are held as `password_required`; a password that does not open the PDF holds it as
   * `password_wrong`. The password opens the PDF and is forgotten: it is in no line, message or plan; the ready line
   * carries the PDF decrypted (its `protection` says so), since whoever places the fields will not have the password.
   * PDFs encrypted with an empty user password (government forms) need no password.
   */
  readonly passwordFor?: PasswordFor;
}

/** Why an entry is not ready to send. */
export type DispatchHoldReason = MatchReason | ZipSkipReason | ZipRejectReason | HeldReason | 'duplicate_in_zip';

/** One entry of the archive in the plan. */
export interface DispatchLine {
  /** Position in the archive, from 0. */
  readonly index: number;
  /** Folders and name in the archive (context only). */
  readonly path: string;
  /** The file name through `maskFileName` (SIN-like numbers, whatever their separators, and e-mails masked): safe to show and log. */
  readonly displayName: string;
  /**
   * `ready`: matched, (to sign) fields placed. `held`: a person must decide (no sure client, fields not placeable).
   * `rejected`: not a usable PDF. `skipped`: not a document (folder, macOS metadata) or a duplicate.
   */
  readonly status: 'ready' | 'held' | 'rejected' | 'skipped';
  /** Why, when not ready. */
  readonly reason?: DispatchHoldReason;
  /** What happened and what to do, in `options.locale`. */
  readonly message: string;
  /** The client, when one was matched (also for a held document whose fields could not be placed). */
  readonly client?: StoredClient;
  /** How the client was matched. */
  readonly matchedBy?: MatchedBy;
  /** SHA-256 of the PDF, lower-case hex. */
  readonly sha256?: string;
  /** The PDF (ready lines). */
  readonly pdf?: Uint8Array;
  /** The signature fields placed on the PDF (ready lines, to sign). */
  readonly fields?: readonly PlacedField[];
  /**
   * What preparing the PDF removes (ready lines, to sign): its encryption, a usage-rights signature, XFA data. For a
   * password-protected PDF, `pdf` is already the decrypted copy; `sha256` stays the archive entry's.
   */
  readonly protection?: PdfProtection;
}

/** The documents of one client. */
export interface DispatchGroup {
  /** The client's id. */
  readonly clientId: string;
  /** The client. */
  readonly client: StoredClient;
  /** Indexes in `lines` of the client's ready documents. */
  readonly lines: readonly number[];
}

/** Counts of a plan. */
export interface DispatchPlanSummary {
  readonly entries: number;
  readonly ready: number;
  readonly held: number;
  readonly rejected: number;
  readonly skipped: number;
  /** Clients that will receive documents. */
  readonly clients: number;
}

/** The preview of a dispatch: what would be sent to whom, and what is held and why. Nothing has been written. */
export interface DispatchPlan {
  /** Stable id of this dispatch (same archive, type, year and purpose → same id): the key of its journal. */
  readonly planId: string;
  readonly documentType: string;
  readonly year: number;
  readonly purpose: DocumentPurpose;
  /** The document's title in each language, for the portal and the e-mail. */
  readonly title: LocalizedText;
  /** Who signs, for `sign`. */
  readonly signers: readonly SignerRole[];
  /** One line per archive entry, in archive order. */
  readonly lines: readonly DispatchLine[];
  /** Ready documents grouped by client. */
  readonly groups: readonly DispatchGroup[];
  readonly summary: DispatchPlanSummary;
  /** Language of the messages. */
  readonly locale: Locale;
}

/** The ports a dispatch uses. */
export interface DocumentDispatchPorts {
  readonly store: ClientStore;
  /** Needed to apply; must declare `capabilities.documents`. */
  readonly portal: Portal;
  /** Needed to e-mail clients (and to invite them unless the portal sends invitations). */
  readonly mailer?: Mailer;
}

/**
 * What happened to one document — the same words in the three jobs: `sent` (by this run), `skipped` (nothing to do:
 * already sent, not a document, a duplicate), `held` (not done, waiting for a person), `failed` (the portal refused
 * it; running the dispatch again retries it).
 */
export type DispatchStatus = DispatchItem['status'];

/** What every {@link DispatchItem} says: the archive entry and its client. */
export interface DispatchItemBase {
  /** Position in the archive. */
  readonly index: number;
  /** The file name with identifiers masked. */
  readonly displayName: string;
  /** What happened, in the report's language. */
  readonly message: string;
  /** The client, when matched. */
  readonly clientId?: string;
}

/** A document this run put in the client's portal folder. */
export interface DispatchSent extends DispatchItemBase {
  readonly status: 'sent';
  /** The portal's id of the document. */
  readonly documentId: string;
}

/** An entry with nothing to do: sent by an earlier run (`already_sent`), not a document, or a duplicate in the archive. */
export interface DispatchSkipped extends DispatchItemBase {
  readonly status: 'skipped';
  readonly reason: DispatchHoldReason | 'already_sent';
  /** The portal's id of the document, when it was sent before. */
  readonly documentId?: string;
}

/**
 * An entry not sent, waiting for a person: no sure client, fields not placeable, not a usable PDF (the preview's
 * reasons), or at apply: the client has no portal account (`not_invited`, `invitation_failed`), was deleted
 * (`client_gone`), or the batch was stopped (`aborted`: apply again to finish).
 */
export interface DispatchHeld extends DispatchItemBase {
  readonly status: 'held';
  readonly reason: DispatchHoldReason | 'not_invited' | 'invitation_failed' | 'aborted' | 'client_gone';
}

/** A document the portal refused (`send_failed`): running the dispatch again retries it. */
export interface DispatchFailed extends DispatchItemBase {
  readonly status: 'failed';
  readonly reason: 'send_failed';
}

/** The outcome of one archive entry: narrow on `status`. */
export type DispatchItem = DispatchSent | DispatchSkipped | DispatchHeld | DispatchFailed;

/** The e-mail of one client. */
export interface DispatchEmail {
  readonly clientId: string;
  /** The client's name, for people reading the report. */
  readonly clientName: string;
  /** `sent`, `already_sent` (an earlier run sent it), `not_sent` (nothing new for this client, or no address), or `failed`. */
  readonly status: 'sent' | 'already_sent' | 'not_sent' | 'failed';
  readonly reason?: ClientMessageCode;
  readonly message?: string;
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
  /** Clients invited to the portal by this run (so that their documents could be sent). */
  readonly invited: number;
}

/** What an apply did, document by document, with the e-mails per client. */
export interface DispatchReport {
  readonly planId: string;
  readonly items: readonly DispatchItem[];
  readonly emails: readonly DispatchEmail[];
  /** Documents by status, e-mails and invitations. */
  readonly summary: DispatchReportSummary;
  /** True when an `AbortSignal` stopped the apply before every client was done. */
  readonly aborted: boolean;
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
  /** A client with no portal account yet: `invite` (default) invites them first, `hold` holds their documents. */
  readonly uninvited?: 'invite' | 'hold';
  /** Link to the portal in the e-mail. Default `''` (the template then shows the bare sentence). */
  readonly portalUrl?: string;
  /** Overrides of the document e-mail per language. */
  readonly emailTemplates?: DocumentEmailTemplates;
  /** Language of the report. Default: the plan's. */
  readonly locale?: Locale;
  /** Clients handled at once. Default 4. */
  readonly concurrency?: number;
  /** Stops taking new clients once aborted; what started finishes. */
  readonly signal?: AbortSignal;
  /** Called after each client. */
  readonly onProgress?: (progress: DispatchProgress) => void;
  /** Clock, for the journal. */
  readonly now?: () => Date;
}
