/**
 * Job 3, signature sync: the shapes of its input and of its log (per taxpayer, grouped by client file).
 */
import type { Locale, MessageParams, SyncMessageCode } from '../messages/catalogue.js';
import type { ClientStore, Portal } from '../ports.js';
import type { ClientFileTaxpayer, SignatureDetails } from '../model/signing.js';

/**
 * What {@link syncSignatures} does to a taxpayer (or one of their forms) — the same words as the other jobs:
 * `updated` (written by this run), `unchanged` (already carries the completion), `failed` (nothing written: the
 * message says why and what to do).
 */
export type SyncStatus = SyncLogTaxpayer['status'];

/** Input of {@link syncSignatures}. */
export interface SyncSignaturesInput {
  /** The client files to synchronize: one, or many at once. Duplicates are synchronized once. */
  readonly clientFileIds: readonly string[];
  /** Tax year of the returns. Default: the calendar year before `options.now()` (the tax season's year). */
  readonly taxYear?: number;
}

/** The ports of {@link syncSignatures}: both must declare `capabilities.signatures`. */
export interface SyncSignaturesPorts {
  readonly store: ClientStore;
  readonly portal: Portal;
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
  readonly failed: number;
}

/** Options of {@link syncSignatures}. */
export interface SyncSignaturesOptions {
  /** Language of the log's messages. Default `'fr'`. */
  readonly locale?: Locale;
  /** Client files synchronized at once. Default 4. */
  readonly concurrency?: number;
  /** Stops taking new client files once aborted; the files started finish. The log says `aborted: true`. */
  readonly signal?: AbortSignal;
  /** Called after each client file. */
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

/** A form nothing was written for, with why and what to do. */
export interface SyncFormFailed extends SyncFormOutcomeBase {
  readonly status: 'failed';
  /** Stable code of the failure. */
  readonly code: SyncMessageCode;
  /** Values of the message (names, forms, times already rendered in the signer's zone). */
  readonly params: MessageParams;
  /** What happened and what to do, in the log's language. */
  readonly message: string;
}

/** What the sync did for one authorization form of a taxpayer: narrow on `status`. */
export type SyncFormOutcome = SyncFormUpdated | SyncFormUnchanged | SyncFormFailed;

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

/** A taxpayer with at least one form updated and none failed. */
export interface SyncTaxpayerUpdated extends SyncLogTaxpayerBase {
  readonly status: 'updated';
  /** The fields written, over all forms (each prefixed by its form in `forms`). */
  readonly changes: readonly SyncChange[];
}

/** A taxpayer whose forms all already carry their completion, or who has nothing to sign (`nothing_to_sign`). */
export interface SyncTaxpayerUnchanged extends SyncLogTaxpayerBase {
  readonly status: 'unchanged';
  /** `nothing_to_sign` when the taxpayer has no form to sign. */
  readonly code?: SyncMessageCode;
  /** That note, in the log's language. */
  readonly message?: string;
}

/** A taxpayer with at least one form failed. */
export interface SyncTaxpayerFailed extends SyncLogTaxpayerBase {
  readonly status: 'failed';
  /** Code of the first failure. */
  readonly code: SyncMessageCode;
  /** Every failure of the taxpayer's forms, in the log's language, one sentence each. */
  readonly message: string;
}

/**
 * One taxpayer in the {@link SyncLog}: `failed` when any form failed, else `updated` when any form was updated, else
 * `unchanged`. Narrow on `status`.
 */
export type SyncLogTaxpayer = SyncTaxpayerUpdated | SyncTaxpayerUnchanged | SyncTaxpayerFailed;

/** One client file in the {@link SyncLog}. */
export interface SyncLogFile {
  /** The client file. */
  readonly clientFileId: string;
  /** Its label, when the store has one. */
  readonly label?: string;
  /** Its taxpayers, in the file's order. Empty when the file could not be read. */
  readonly taxpayers: readonly SyncLogTaxpayer[];
  /** Why the file as a whole was not synchronized (`client_file_not_found`, `store_error`, `sync_aborted`). */
  readonly code?: SyncMessageCode;
  /** Values of that message. */
  readonly params?: MessageParams;
  /** That reason, in the log's language. */
  readonly message?: string;
}

/** Counts of a {@link SyncLog}: taxpayers by status, plus client files that could not be read at all. */
export interface SyncLogSummary {
  readonly updated: number;
  readonly unchanged: number;
  readonly failed: number;
  /** Client files not synchronized as a whole (not found, store error, stopped). */
  readonly filesFailed: number;
}

/**
 * The log of a signature sync: taxpayers grouped by client file, then the counts. Plain JSON-serializable data for
 * a host's UI; {@link formatSyncLog} renders it as text.
 */
export interface SyncLog {
  /** The client files, in the order asked. */
  readonly files: readonly SyncLogFile[];
  /** Counts of updated / unchanged / failed taxpayers. */
  readonly summary: SyncLogSummary;
  /** Tax year synchronized. */
  readonly taxYear: number;
  /** Language of the messages. */
  readonly locale: Locale;
  /** `true` when the sync was stopped before every file was synchronized. */
  readonly aborted: boolean;
}
