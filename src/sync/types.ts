/**
 * Job 3, signature sync: the shapes of its input and of its log (per taxpayer, grouped by client file).
 */
import type { Locale, MessageParams, SyncMessageCode } from '../messages/catalogue.js';
import type { ClientStore, DocumentStore, Portal } from '../ports.js';
import type { ClientFileTaxpayer, SignatureDetails } from '../model/signing.js';
import type { WorkflowRunOptions } from '../workflow/context.js';

/**
 * What {@link syncSignatures} does to a taxpayer (or one of their forms) — the same words as the other jobs:
 * `updated` (written by this run), `unchanged` (already carries the completion), `pending` (sent, waiting for the
 * signer: nothing for the preparer to fix), `failed` (nothing written: the `code` says why and what to do).
 */
export type SyncStatus = SyncLogTaxpayer['status'];

/** Input of {@link syncSignatures}. */
export interface SyncSignaturesInput {
  /** The client files to synchronize: one, or many at once. Duplicates are synchronized once. */
  readonly clientFileIds: readonly string[];
  /** Tax year of the returns. Default: the calendar year before `options.now()` (the tax season's year). */
  readonly taxYear?: number;
}

/**
 * The ports of {@link syncSignatures}: the store and the portal must declare `capabilities.signatures`. Given a
 * `documents` store and a portal that declares `capabilities.signedDocuments`, the sync also keeps each signed PDF
 * and its completion certificate (the CRA asks firms to keep signed forms six years).
 */
export interface SyncSignaturesPorts {
  readonly store: ClientStore;
  readonly portal: Portal;
  /**
   * Where the signed PDFs and completion certificates are kept, by SHA-256 (`createFileDocumentStore` of
   * `taxsync/fs`, or your own). Absent: nothing is downloaded, and records carry the signed PDF's SHA-256 only.
   */
  readonly documents?: DocumentStore;
}

/** Progress of {@link syncSignatures}, after each client file. */
export interface SyncProgress {
  /** The file just finished. */
  readonly clientFileId: string;
  /** Files finished so far. */
  readonly done: number;
  /** Files to synchronize. */
  readonly total: number;
  /** Taxpayer counts so far. */
  readonly updated: number;
  readonly unchanged: number;
  readonly pending: number;
  readonly failed: number;
}

/** Options of {@link syncSignatures}. */
export interface SyncSignaturesOptions extends WorkflowRunOptions {
  /**
   * Language the log is rendered in by default ({@link formatSyncLog}) and of the errors thrown. The log stores codes
   * and params only, so it renders in either language at any time. Default: `DEFAULT_LOCALE` ('fr').
   */
  readonly locale?: Locale;
  /** Client files synchronized at once. Default 4. */
  readonly concurrency?: number;
  /** Stops taking new client files once aborted; the files started finish. The log says `aborted: true`. */
  readonly signal?: AbortSignal;
  /** Called after each client file. An error it throws is caught and never stops the sync; the log says `progressFailed`. */
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Clock (the default tax year). */
  readonly now?: () => Date;
}

/** One field of a signature record that a sync changed. */
export interface SyncChange {
  /** The field of {@link SignatureDetails}. */
  readonly field: keyof SignatureDetails;
  /** The value before (absent when there was no signature). */
  readonly from?: string;
  /** The value written. */
  readonly to: string;
}

/** What every {@link SyncFormOutcome} says: the form. */
export interface SyncFormOutcomeBase {
  /** The form (`T183`…). */
  readonly documentType: string;
  /** Tax year. */
  readonly taxYear: number;
}

/** A form whose signature this sync wrote. */
export interface SyncFormUpdated extends SyncFormOutcomeBase {
  readonly status: 'updated';
  /** The fields written. */
  readonly changes: readonly SyncChange[];
  /** The signature the record now carries. */
  readonly signature: SignatureDetails;
}

/** A form whose record already carries the completion. */
export interface SyncFormUnchanged extends SyncFormOutcomeBase {
  readonly status: 'unchanged';
  /** The signature the record carries. */
  readonly signature: SignatureDetails;
}

/**
 * A form sent to sign and waiting for its signer (sent, opened or partly signed; not declined, not expired):
 * nothing was written, and nothing is for the preparer to fix. `code` is `signature_pending` (who has not signed
 * yet), or `newer_version_unsigned` (a newer version was sent after an older one was signed).
 */
export interface SyncFormPending extends SyncFormOutcomeBase {
  readonly status: 'pending';
  /** Stable code of the wait. */
  readonly code: SyncMessageCode;
  /** Values of its message (names, forms, the state at the portal). */
  readonly params: MessageParams;
}

/** A form nothing was written for: `code` says why and what to do (render it with `renderMessage` or {@link formatSyncLog}). */
export interface SyncFormFailed extends SyncFormOutcomeBase {
  readonly status: 'failed';
  /** Stable code of the failure. */
  readonly code: SyncMessageCode;
  /** Values of the message (names, forms, times already rendered in the signer's zone; masked details). */
  readonly params: MessageParams;
}

/** What the sync did for one authorization form of a taxpayer: narrow on `status`. */
export type SyncFormOutcome = SyncFormUpdated | SyncFormUnchanged | SyncFormPending | SyncFormFailed;

/** What every {@link SyncLogTaxpayer} says: who, and form by form. */
export interface SyncLogTaxpayerBase {
  /** The taxpayer ({@link StoredClient | StoredClient.id}). */
  readonly taxpayerId: string;
  /** Their name. */
  readonly name: string;
  /** Principal, spouse or dependant. */
  readonly role: ClientFileTaxpayer['role'];
  /** Form by form. */
  readonly forms: readonly SyncFormOutcome[];
}

/** A taxpayer with at least one form updated, and none failed or pending. */
export interface SyncTaxpayerUpdated extends SyncLogTaxpayerBase {
  readonly status: 'updated';
  /** The fields written, over all forms (each prefixed by its form in `forms`). */
  readonly changes: readonly SyncChange[];
}

/** A taxpayer whose forms all already carry their completion, or who has nothing to sign (`code: 'nothing_to_sign'`). */
export interface SyncTaxpayerUnchanged extends SyncLogTaxpayerBase {
  readonly status: 'unchanged';
  /** `nothing_to_sign` when the taxpayer has no form to sign. */
  readonly code?: SyncMessageCode;
  /** Values of that note (none). */
  readonly params?: MessageParams;
}

/** A taxpayer with a form waiting for its signer and none failed: `code` and `params` are the first pending form's. */
export interface SyncTaxpayerPending extends SyncLogTaxpayerBase {
  readonly status: 'pending';
  /** Code of the first pending form. */
  readonly code: SyncMessageCode;
  /** Its params. */
  readonly params: MessageParams;
  /** Fields written meanwhile for the taxpayer's other forms (often none). */
  readonly changes: readonly SyncChange[];
}

/** A taxpayer with at least one form failed: `code` and `params` are the first failure's; every failure is in `forms`. */
export interface SyncTaxpayerFailed extends SyncLogTaxpayerBase {
  readonly status: 'failed';
  /** Code of the first failure. */
  readonly code: SyncMessageCode;
  /** Its params. */
  readonly params: MessageParams;
}

/**
 * One taxpayer in the {@link SyncLog}: `failed` when any form failed, else `pending` when any form waits for its
 * signer, else `updated` when any form was updated, else `unchanged`. Narrow on `status`.
 */
export type SyncLogTaxpayer = SyncTaxpayerUpdated | SyncTaxpayerUnchanged | SyncTaxpayerPending | SyncTaxpayerFailed;

/** What every {@link SyncLogFile} says: the client file. */
export interface SyncLogFileBase {
  /** The client file. */
  readonly clientFileId: string;
  /** Its label, when the store has one. */
  readonly label?: string;
}

/** A client file that was read and synchronized, taxpayer by taxpayer. */
export interface SyncLogFileSynced extends SyncLogFileBase {
  readonly status: 'synced';
  /** Its taxpayers, in the file's order. */
  readonly taxpayers: readonly SyncLogTaxpayer[];
}

/** A client file not synchronized as a whole: `code` is `client_file_not_found`, `store_error` or `sync_aborted`. */
export interface SyncLogFileFailed extends SyncLogFileBase {
  readonly status: 'failed';
  /** Always empty: the file's taxpayers were not reached. */
  readonly taxpayers: readonly SyncLogTaxpayer[];
  /** Why. */
  readonly code: SyncMessageCode;
  /** Values of that message. */
  readonly params: MessageParams;
}

/** One client file in the {@link SyncLog}: narrow on `status`. */
export type SyncLogFile = SyncLogFileSynced | SyncLogFileFailed;

/** Counts of a {@link SyncLog}: taxpayers by status, plus client files that could not be read at all. */
export interface SyncLogSummary {
  readonly updated: number;
  readonly unchanged: number;
  /** Taxpayers waiting for a signer. */
  readonly pending: number;
  readonly failed: number;
  /** Client files not synchronized as a whole (not found, store error, stopped). */
  readonly filesFailed: number;
}

/**
 * The log of a signature sync: taxpayers grouped by client file, then the counts. Plain JSON-serializable data —
 * codes and params, no rendered text — for a host's UI or database; {@link formatSyncLog} renders it in either
 * language, {@link describeSyncTaxpayer} one taxpayer's line.
 */
export interface SyncLog {
  /** The id of this run (the `planId` of its logger events). */
  readonly runId: string;
  /** The client files, in the order asked. */
  readonly files: readonly SyncLogFile[];
  /** Counts of updated / unchanged / pending / failed taxpayers. */
  readonly summary: SyncLogSummary;
  /** Tax year synchronized. */
  readonly taxYear: number;
  /** The language asked for: {@link formatSyncLog}'s default. */
  readonly locale: Locale;
  /** `true` when the sync was stopped before every file was synchronized. */
  readonly aborted: boolean;
  /** `true` when the host's `onProgress` threw (caught; the sync went on). */
  readonly progressFailed: boolean;
}
