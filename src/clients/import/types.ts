/**
 * Job 1, the client import: the shapes of its input, its preview ("Aperçu") and its report. Plain JSON-serializable
 * data a host may keep between the preview and the apply.
 */
import type { ClientKind } from '../../model/client.js';
import type { Locale, MessageParams } from '../../messages/catalogue.js';
import type { ParseIssue, ParseMeta, ParseOptions, ParseResult } from '../../parsers/types.js';
import type { ClientStore, Mailer, Portal } from '../../ports.js';
import type { ClientConflictReason, ClientPlan, FieldChange } from '../diff/types.js';
import type { InvitationOutcome, InvitationSettings } from '../../workflow/invitations.js';
import type { WorkflowRunOptions } from '../../workflow/context.js';

/** Which tax program exported the file. */
export type ClientImportSource = 'dtmax' | 'taxprep';

/** Input of {@link previewClientImport}. */
export interface ClientImportInput {
  /** `dtmax` (a `.csv`) or `taxprep` (a `.xlsx`, read by `taxsync/xlsx`, loaded only when needed). */
  readonly source: ClientImportSource;
  /** The file: bytes, an `ArrayBuffer`, a stream of chunks, or (DT Max only) its text. Give this or `parsed`. */
  readonly file?: Uint8Array | ArrayBuffer | string | AsyncIterable<Uint8Array>;
  /** A file the host already parsed with `parseDtmaxCsv` / `parseTaxprepXlsx`. Give this or `file`. */
  readonly parsed?: ParseResult;
  /** Individuals or corporations; detected from the headers when absent. */
  readonly kind?: ClientKind;
  /** Account manager assigned to the clients this import creates. */
  readonly accountManager?: string;
  /** Language of the preview and the report. Default `'fr'`. */
  readonly locale?: Locale;
  /** More parser options (`columns`, `dateOrder`, `delimiter`, `encoding`). */
  readonly parseOptions?: Omit<ParseOptions, 'kind' | 'locale'> & { readonly delimiter?: ',' | ';' | '\t'; readonly encoding?: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252' };
  /**
   * `'keep'` (default): an empty cell never erases what the host has. `'clear'`: it does, but only for fields the
   * file has a column for.
   */
  readonly blankFields?: 'keep' | 'clear';
}

/** The ports of the client import. `portal` (and `mailer`, unless the portal e-mails its own invitations) are needed to invite. */
export interface ClientImportPorts {
  readonly store: ClientStore;
  readonly portal?: Portal;
  readonly mailer?: Mailer;
}

/** Options of {@link previewClientImport}. */
export interface PreviewClientImportOptions {
  /** Id of the plan (and of its journal). Default: a random UUID. */
  readonly planId?: string;
  /** Stops reading the store. */
  readonly signal?: AbortSignal;
  /** Clock. */
  readonly now?: () => Date;
}

/** What the preview says will happen to a row. */
export type ClientImportAction = 'create' | 'update' | 'unchanged' | 'conflict' | 'rejected';

/** One line of the "Aperçu" table: a row of the file and what the import would do with it. */
export interface ClientImportPreviewRow {
  /** The row number a person sees in the file. */
  readonly row: number;
  /** `create`, `update`, `unchanged`, `conflict` (held for a person) or `rejected` (the row could not be read). */
  readonly action: ClientImportAction;
  /** The client's name (empty for a rejected row). */
  readonly name: string;
  /** Name and masked key, for display: `Simon Provencher (NAS *** *** 544)`. */
  readonly label: string;
  /** The e-mail, when there is one. */
  readonly email?: string;
  /** For `update`: what changes. SINs, BNs, NEQs and birth dates are masked here. */
  readonly changes?: readonly FieldChange[];
  /** For `conflict` and `rejected`: the reason code. */
  readonly reason?: ClientConflictReason | 'row_rejected';
  /** For `conflict` and `rejected`: what is wrong and what to do. */
  readonly message?: string;
  /** Warnings (an e-mail used by another client, parser warnings), in words. */
  readonly warnings: readonly string[];
  /** Whether applying would invite this client to the portal. */
  readonly invite: boolean;
}

/** Counts of a preview. */
export interface ClientImportPreviewSummary {
  /** Data rows in the file. */
  readonly rows: number;
  readonly creates: number;
  readonly updates: number;
  readonly unchanged: number;
  readonly conflicts: number;
  /** Rows the parser could not turn into a client. */
  readonly rejected: number;
  /** Clients applying would invite. */
  readonly invitations: number;
}

/**
 * A previewed import: the plan, the parse issues and the table to show. Plain JSON-serializable data: a host may
 * store it (say, in a job table) and apply it later, in another process.
 */
export interface ClientImportPreview {
  /** Identifies this plan and its journal: apply the same preview again to resume it. */
  readonly planId: string;
  /** When the preview was made, ISO 8601 UTC. */
  readonly createdAt: string;
  readonly source: ClientImportSource;
  readonly kind: ClientKind;
  readonly locale: Locale;
  /** Account manager for created clients. */
  readonly accountManager?: string;
  /** What the diff decided. */
  readonly plan: ClientPlan;
  /** Every issue the parser found. */
  readonly issues: readonly ParseIssue[];
  /** What the parser read (encoding, columns, counts). */
  readonly meta: ParseMeta;
  /** One line per data row, in file order. */
  readonly rows: readonly ClientImportPreviewRow[];
  readonly summary: ClientImportPreviewSummary;
}

/**
 * What happened to one row when applying — the same words in the three jobs: `created` / `updated` (written by this
 * run), `unchanged` (the file agrees with the host), `skipped` (nothing to do: an earlier run did it), `held` (not
 * done, waiting for a person: a conflict, a row not read, a client changed since the preview, or the batch was
 * stopped), `failed` (a port refused it; applying again retries it).
 */
export type ClientImportStatus = ClientImportItem['status'];

/** What every {@link ClientImportItem} says: the row and the client. */
export interface ClientImportItemBase {
  /** The row number a person sees in the file. */
  readonly row: number;
  /** The client's name (empty for a row the parser rejected). */
  readonly name: string;
  /** Name and masked key. */
  readonly label: string;
}

/** A client this run created. */
export interface ClientImportCreated extends ClientImportItemBase {
  readonly status: 'created';
  /** The host's id of the new client. */
  readonly clientId: string;
  /** The portal invitation. */
  readonly invitation: InvitationOutcome;
}

/** A client this run updated. */
export interface ClientImportUpdated extends ClientImportItemBase {
  readonly status: 'updated';
  /** The host's id of the client. */
  readonly clientId: string;
  /** What changed (identifiers masked). */
  readonly changes: readonly FieldChange[];
}

/** A client the file agrees with. */
export interface ClientImportUnchanged extends ClientImportItemBase {
  readonly status: 'unchanged';
  /** The host's id of the client. */
  readonly clientId: string;
}

/** A row an earlier run of the same preview already applied: nothing done twice. */
export interface ClientImportSkipped extends ClientImportItemBase {
  readonly status: 'skipped';
  /** The host's id of the client. */
  readonly clientId: string;
  /** `already_applied`. */
  readonly reason: 'already_applied';
  /** `reason` in words, in the report's language. */
  readonly message: string;
  /** Values of `message`, to render it in another language with `renderMessage(reason, params, locale)`. */
  readonly params: MessageParams;
  /** For a client created by the earlier run: the portal invitation (sent now if that run did not). */
  readonly invitation?: InvitationOutcome;
}

/** A row not applied, waiting for a person: see `reason`. */
export interface ClientImportHeld extends ClientImportItemBase {
  readonly status: 'held';
  /**
   * A conflict of the plan (`sin_collision`, `duplicate_in_file`, …), `row_rejected` (the parser could not read the
   * row), `changed_since_preview` (preview again), or `aborted` (the batch was stopped: apply again to finish).
   */
  readonly reason: ClientConflictReason | 'row_rejected' | 'changed_since_preview' | 'aborted';
  /** `reason` in words, in the report's language. */
  readonly message: string;
  /** Values of `message`, to render it in another language with `renderMessage(reason, params, locale)`. */
  readonly params?: MessageParams;
  /** The host's id of the client, when known. */
  readonly clientId?: string;
}

/** A row a port refused: applying again retries it. */
export interface ClientImportFailed extends ClientImportItemBase {
  readonly status: 'failed';
  /** `write_failed` (the store refused the write) or `client_not_found` (the client was deleted meanwhile). */
  readonly reason: 'write_failed' | 'client_not_found';
  /** `reason` in words, in the report's language. */
  readonly message: string;
  /** Values of `message`, to render it in another language with `renderMessage(reason, params, locale)`. */
  readonly params: MessageParams;
  /** The host's id of the client, when known. */
  readonly clientId?: string;
}

/** One row of a {@link ClientImportReport}: narrow on `status`. */
export type ClientImportItem = ClientImportCreated | ClientImportUpdated | ClientImportUnchanged | ClientImportSkipped | ClientImportHeld | ClientImportFailed;

/** Counts of a {@link ClientImportReport}: rows by status, and invitations. */
export interface ClientImportReportSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly held: number;
  readonly failed: number;
  /** Invitations sent by this run. */
  readonly invited: number;
  /** Invitations that failed (the client itself is saved). */
  readonly invitationsFailed: number;
}

/** What an apply did: one item per row of the file, and totals. Plain data for a host's UI; see {@link formatImportReport}. */
export interface ClientImportReport {
  readonly planId: string;
  readonly locale: Locale;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** `true` when `options.signal` stopped the batch: the rows not reached are `held` / `aborted`. Apply again to finish. */
  readonly aborted: boolean;
  /** One item per row, in file order. */
  readonly items: readonly ClientImportItem[];
  /** Rows by status, and invitations. */
  readonly summary: ClientImportReportSummary;
}

/** Progress of an apply, after each create or update. */
export interface ClientImportProgress {
  /** Creates and updates finished (whatever their outcome). */
  readonly done: number;
  /** Creates and updates in the plan. */
  readonly total: number;
  /** The item just finished. */
  readonly item: ClientImportItem;
}

/** Options of {@link applyClientImport}. */
export interface ApplyClientImportOptions extends InvitationSettings, WorkflowRunOptions {
  /** Invite new clients that have an e-mail (needs `ports.portal`). Default: `true` when a portal is given. */
  readonly invite?: boolean;
  /** Clients processed at the same time. Default 4. */
  readonly concurrency?: number;
  /** Stops the batch: clients in progress finish, the others are reported `held` / `aborted`. */
  readonly signal?: AbortSignal;
  /** Called after each create or update. Must not throw. */
  readonly onProgress?: (progress: ClientImportProgress) => void;
  /** Language of the report. Default: the preview's. */
  readonly locale?: Locale;
  /** Clock. */
  readonly now?: () => Date;
}
