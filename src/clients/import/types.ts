/**
 * Job 1, the client import: the shapes of its input, its preview ("Aperçu"), its stored plan and its report. Every
 * line and item is data — a discriminated union with a stable `code` and its `params` (identifiers masked) — never
 * a pre-rendered message: render them with `formatImportPreview`, `formatImportReport`, `describeImportRow` and
 * `describeImportItem`, in either language, at any time.
 */
import type { ClientKind } from '../../model/client.js';
import type { IssueCode, Locale, MessageParams } from '../../messages/catalogue.js';
import type { ParseMeta, ParseOptions, ParseResult } from '../../parsers/types.js';
import type { ClientStore, Mailer, Portal } from '../../ports.js';
import type { ClientConflictReason, ClientPlan, ClientPlanWarningCode, FieldChange } from '../diff/types.js';
import type { InvitationSettings, InvitationStatus } from '../../workflow/invitations.js';
import type { WorkflowRunOptions } from '../../workflow/context.js';
import type { ClientImportPlanDocument } from './plan.js';

/** Which tax program exported the file. */
export type ClientImportSource = 'dtmax' | 'taxprep';

/** The parser options an import keeps in its plan, so that the apply reads the file again exactly as the preview did. */
export type ClientImportParseOptions = Omit<ParseOptions, 'kind' | 'locale'> & {
  /** Field delimiter of a DT Max CSV; detected when absent. */
  readonly delimiter?: ',' | ';' | '\t';
  /** Text encoding of a DT Max CSV; detected when absent. */
  readonly encoding?: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
};

/** Input of {@link previewClientImport}. */
export interface ClientImportInput {
  /** `dtmax` (a `.csv`) or `taxprep` (a `.xlsx`, read by `taxsync/xlsx`, loaded only when needed). */
  readonly source: ClientImportSource;
  /**
   * The file: bytes, an `ArrayBuffer`, a stream of chunks (read whole, to take its SHA-256), or (DT Max only) its
   * text. Give this or `parsed`. Only a preview made from the file can be applied from its stored plan.
   */
  readonly file?: Uint8Array | ArrayBuffer | string | AsyncIterable<Uint8Array>;
  /**
   * A file the host already parsed with `parseDtmaxCsv` / `parseTaxprepXlsx`. Give this or `file`. Such a preview is
   * applied in the same process (the preview object), not from its stored plan: the plan has no file to read again.
   */
  readonly parsed?: ParseResult;
  /** Individuals or corporations; detected from the headers when absent. */
  readonly kind?: ClientKind;
  /** Account manager assigned to the clients this import creates. */
  readonly accountManager?: string;
  /** Language of the preview and the report. Default: `DEFAULT_LOCALE` (`'fr'`). */
  readonly locale?: Locale;
  /** More parser options (`columns`, `dateOrder`, `delimiter`, `encoding`), kept in the plan. */
  readonly parseOptions?: ClientImportParseOptions;
  /**
   * `'keep'` (default): an empty cell never erases what the host has. `'clear'`: it does, but only for fields the
   * file has a column for.
   */
  readonly blankFields?: 'keep' | 'clear';
}

/** The ports of the client import. `portal` (and `mailer`, unless the portal e-mails its own invitations) are needed to invite. */
export interface ClientImportPorts {
  /** The host's clients, the journal, and (when it declares `capabilities.signatures`) the client files. */
  readonly store: ClientStore;
  /** The portal new clients are invited to. */
  readonly portal?: Portal;
  /** Sends the invitation e-mails (unless the portal sends its own). */
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

/** A note on a row (a parser warning or issue, a plan warning): a code and its masked values. */
export interface ClientImportNote {
  /** A parser issue code (`date_ambiguous`, `sin_invalid`…) or a plan warning (`email_in_use`). */
  readonly code: IssueCode | ClientPlanWarningCode;
  /** Values of the message, identifiers masked: `renderMessage(code, params, locale)`. */
  readonly params: MessageParams;
}

/** The masked key a client is known by: `{ type: 'sin', masked: '*** *** 544' }`. */
export interface ClientImportKey {
  /** Which identifier. */
  readonly type: 'sin' | 'businessNumber' | 'neq';
  /** Its masked form, the only one ever shown. */
  readonly masked: string;
}

/** Who a row or an item is about, for display. No identifier in clear. */
export interface ClientImportWho {
  /** The row number a person sees in the file. */
  readonly row: number;
  /** The client's name (empty for a row the parser rejected). */
  readonly name: string;
  /** The key, masked, when the row has one. */
  readonly key?: ClientImportKey;
  /** The client file (dossier) of the row, when the file names one. */
  readonly clientFile?: string;
}

/** A row the import would create a client for. */
export interface ClientImportPreviewCreate extends ClientImportWho {
  readonly action: 'create';
  /** The e-mail, when there is one. */
  readonly email?: string;
  /** Whether applying would invite this client to the portal. */
  readonly invite: boolean;
  /** Parser and plan warnings (`email_in_use`…). */
  readonly warnings: readonly ClientImportNote[];
}

/** A row that would update a stored client. */
export interface ClientImportPreviewUpdate extends ClientImportWho {
  readonly action: 'update';
  /** The e-mail, when there is one. */
  readonly email?: string;
  /** The stored client. */
  readonly clientId: string;
  /** What changes; SINs, BNs, NEQs and birth dates masked. */
  readonly changes: readonly FieldChange[];
  /** Whether applying would invite this client (never: an import invites new clients only). */
  readonly invite: false;
  /** Parser and plan warnings. */
  readonly warnings: readonly ClientImportNote[];
}

/** A row the host's records already agree with. */
export interface ClientImportPreviewUnchanged extends ClientImportWho {
  readonly action: 'unchanged';
  /** The stored client. */
  readonly clientId: string;
  /** Always `false`. */
  readonly invite: false;
  /** Parser warnings. */
  readonly warnings: readonly ClientImportNote[];
}

/** A row held for a person: a conflict of the plan. */
export interface ClientImportPreviewConflict extends ClientImportWho {
  readonly action: 'conflict';
  /** `sin_collision`, `duplicate_in_file`, `key_mismatch`, `ambiguous_match`, `missing_key`. */
  readonly code: ClientConflictReason;
  /** Values of the message (identifiers masked). */
  readonly params: MessageParams;
  /** Always `false`. */
  readonly invite: false;
  /** Parser warnings. */
  readonly warnings: readonly ClientImportNote[];
}

/** A row the parser could not read. */
export interface ClientImportPreviewRejected extends ClientImportWho {
  readonly action: 'rejected';
  /** `row_rejected`. */
  readonly code: 'row_rejected';
  /** `{ row }`. */
  readonly params: MessageParams;
  /** What is wrong: the parser's error issues of the row. */
  readonly issues: readonly ClientImportNote[];
  /** Always `false`. */
  readonly invite: false;
  /** Parser warnings. */
  readonly warnings: readonly ClientImportNote[];
}

/** One line of the "Aperçu" table: narrow on `action`. */
export type ClientImportPreviewRow = ClientImportPreviewCreate | ClientImportPreviewUpdate | ClientImportPreviewUnchanged | ClientImportPreviewConflict | ClientImportPreviewRejected;

/** Counts of a preview. */
export interface ClientImportPreviewSummary {
  /** Data rows in the file. */
  readonly rows: number;
  /** Clients to create. */
  readonly creates: number;
  /** Clients to update. */
  readonly updates: number;
  /** Rows the host's records agree with. */
  readonly unchanged: number;
  /** Rows held for a person. */
  readonly conflicts: number;
  /** Rows the parser could not turn into a client. */
  readonly rejected: number;
  /** Clients applying would invite. */
  readonly invitations: number;
}

/**
 * A previewed import, in this process: the table to show, the decisions of the diff and, in `document`, the plan to
 * keep. Only `document` is meant to be stored (it holds no full SIN and no birth date); the rest holds the records
 * read from the file.
 */
export interface ClientImportPreview {
  /** Identifies this plan and its journal. */
  readonly planId: string;
  /** When the preview was made, ISO 8601 UTC. */
  readonly createdAt: string;
  /** Which program exported the file. */
  readonly source: ClientImportSource;
  /** Individuals or corporations. */
  readonly kind: ClientKind;
  /** Language the preview was made in (reports default to it). */
  readonly locale: Locale;
  /** Account manager for created clients. */
  readonly accountManager?: string;
  /** What the diff decided (full records: keep it in memory only). */
  readonly plan: ClientPlan;
  /** What the parser read (encoding, columns, counts). */
  readonly meta: ParseMeta;
  /** One line per data row, in file order. */
  readonly rows: readonly ClientImportPreviewRow[];
  /** Counts. */
  readonly summary: ClientImportPreviewSummary;
  /** The plan as a document to keep (database, queue message) and apply later with the file: {@link loadClientImportPlan}. */
  readonly document: ClientImportPlanDocument;
}

/** A client's portal invitation, as the import reports it. */
export interface ClientImportInvitation {
  /**
   * `sent`, `already_sent` (by an earlier run, or not needed: the client's portal account is active), `not_invited`,
   * `held` (another apply is inviting), `failed`.
   */
  readonly status: InvitationStatus;
  /**
   * Why, for `not_invited`, `held` and `failed`: `no_email`, `email_in_use`, `step_in_progress`, `invitation_failed`,
   * `email_send_failed`, `delivery_unknown`, `invitation_url_missing`. For `already_sent`: `portal_account_active` when
   * this run found the client's portal account active and e-mailed nothing.
   */
  readonly code?: string;
  /** Values of the message. */
  readonly params?: MessageParams;
  /** The client's portal user, once known. */
  readonly portalUserId?: string;
  /** The mailer's id of the invitation e-mail, when sent. */
  readonly messageId?: string;
}

/** What every {@link ClientImportItem} says: the row, the client, and the client file the import put it in. */
export interface ClientImportItemBase extends ClientImportWho {
  /** The client file (dossier) this row's client is in after the apply, when the store keeps client files. */
  readonly clientFileId?: string;
}

/** A client this run created. */
export interface ClientImportCreated extends ClientImportItemBase {
  readonly status: 'created';
  /** The host's id of the new client. */
  readonly clientId: string;
  /** The portal invitation. */
  readonly invitation: ClientImportInvitation;
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

/** A row an earlier apply of the same plan already did: nothing done twice. */
export interface ClientImportSkipped extends ClientImportItemBase {
  readonly status: 'skipped';
  /** `already_applied`. */
  readonly code: 'already_applied';
  /** `{}`. */
  readonly params: MessageParams;
  /** The host's id of the client. */
  readonly clientId: string;
  /** For a client created by the earlier run: the portal invitation (sent now if that run did not). */
  readonly invitation?: ClientImportInvitation;
}

/** Why a row is held. */
export type ClientImportHeldCode = ClientConflictReason | 'row_rejected' | 'changed_since_preview' | 'aborted' | 'step_in_progress' | 'step_unknown';

/** A row not applied, waiting for a person (or for another apply): see `code`. */
export interface ClientImportHeld extends ClientImportItemBase {
  readonly status: 'held';
  /**
   * A conflict of the plan (`sin_collision`, `duplicate_in_file`, …), `row_rejected` (the parser could not read the
   * row: see `issues`), `changed_since_preview` (the client or the decision moved since the preview: preview again),
   * `step_in_progress` (another apply is doing it right now), `step_unknown` (an earlier run may have done it: a
   * person checks), or `aborted` (the batch was stopped: apply again to finish).
   */
  readonly code: ClientImportHeldCode;
  /** Values of the message (identifiers masked). */
  readonly params: MessageParams;
  /** For `row_rejected`: the parser's issues. */
  readonly issues?: readonly ClientImportNote[];
  /** The host's id of the client, when known. */
  readonly clientId?: string;
}

/** A row a port refused: applying again retries it. */
export interface ClientImportFailed extends ClientImportItemBase {
  readonly status: 'failed';
  /** `write_failed` (the store refused the write or could not be read) or `client_not_found` (deleted meanwhile). */
  readonly code: 'write_failed' | 'client_not_found';
  /** Values of the message (error details with identifiers masked). */
  readonly params: MessageParams;
  /** The host's id of the client, when known. */
  readonly clientId?: string;
}

/** One row of a {@link ClientImportReport}: narrow on `status`. */
export type ClientImportItem = ClientImportCreated | ClientImportUpdated | ClientImportUnchanged | ClientImportSkipped | ClientImportHeld | ClientImportFailed;

/**
 * What happened to one row when applying: `created` / `updated` (written by this run), `unchanged` (the file agrees
 * with the host), `skipped` (an earlier run did it), `held` (waiting for a person or another apply), `failed` (a port
 * refused it; applying again retries it).
 */
export type ClientImportStatus = ClientImportItem['status'];

/** What the apply did to one client file (dossier). */
export interface ClientImportFileOutcome {
  /** The file's id: the client file named by the rows (`PROVENCHER-2025`). */
  readonly id: string;
  /** `created`, `updated`, `unchanged` (already right) or `failed` (the store refused it: apply again). */
  readonly status: 'created' | 'updated' | 'unchanged' | 'failed';
  /** Its taxpayers after the apply. */
  readonly taxpayers: number;
  /** For `failed`: `client_file_failed`. */
  readonly code?: 'client_file_failed';
  /** For `failed`: values of the message. */
  readonly params?: MessageParams;
}

/** Counts of a {@link ClientImportReport}: rows by status, invitations, client files. */
export interface ClientImportReportSummary {
  /** Clients created. */
  readonly created: number;
  /** Clients updated. */
  readonly updated: number;
  /** Rows the host agreed with. */
  readonly unchanged: number;
  /** Rows an earlier apply did. */
  readonly skipped: number;
  /** Rows held. */
  readonly held: number;
  /** Rows a port refused. */
  readonly failed: number;
  /** Invitations sent by this run. */
  readonly invited: number;
  /** Invitations that failed (the client itself is saved). */
  readonly invitationsFailed: number;
  /** Client files created. */
  readonly filesCreated: number;
  /** Client files updated. */
  readonly filesUpdated: number;
  /** Client files the store refused. */
  readonly filesFailed: number;
}

/** What an apply did: one item per row applied, the client files, and totals. Plain data; see {@link formatImportReport}. */
export interface ClientImportReport {
  /** The plan applied. */
  readonly planId: string;
  /** Language the report is shown in by default (`formatImportReport` renders either). */
  readonly locale: Locale;
  /** When the apply started, ISO 8601 UTC. */
  readonly startedAt: string;
  /** When it finished. */
  readonly finishedAt: string;
  /** `true` when `options.signal` stopped the batch: the rows not reached are `held` / `aborted`. Apply again to finish. */
  readonly aborted: boolean;
  /** `true` when the host's `onProgress` threw (caught, logged once, the apply went on). */
  readonly progressFailed: boolean;
  /** One item per row applied (every row of the file without `options.items`), in file order. */
  readonly items: readonly ClientImportItem[];
  /** The client files this apply created, updated or checked. */
  readonly files: readonly ClientImportFileOutcome[];
  /** Rows by status, invitations, client files. */
  readonly summary: ClientImportReportSummary;
}

/** Progress of an apply, after each create or update. */
export interface ClientImportProgress {
  /** Creates and updates finished (whatever their outcome). */
  readonly done: number;
  /** Creates and updates this apply takes on. */
  readonly total: number;
  /** The item just finished. */
  readonly item: ClientImportItem;
}

/** Options of {@link applyClientImport}. */
export interface ApplyClientImportOptions extends InvitationSettings, WorkflowRunOptions {
  /**
   * The file previewed, when applying a stored plan (a document): read again with the plan's parser options and
   * checked against its SHA-256 (`PlanError` `plan_source_mismatch` otherwise). Not needed with the preview object.
   */
  readonly file?: Uint8Array | ArrayBuffer | string | AsyncIterable<Uint8Array>;
  /**
   * Apply only these plan items (keys: row numbers as strings, `'12'`; see `document.body.items`). Applying every
   * chunk, in any order, any number of times, equals applying the plan once. Default: the whole plan. An unknown key
   * is an `InvalidArgumentError` (`invalid_input`).
   */
  readonly items?: readonly string[];
  /** Invite new clients that have an e-mail (needs `ports.portal`). Default: `true` when a portal is given. */
  readonly invite?: boolean;
  /** Clients processed at the same time. Default 4. */
  readonly concurrency?: number;
  /** Stops the batch: clients in progress finish, the others are reported `held` / `aborted`. */
  readonly signal?: AbortSignal;
  /** Called after each create or update. An error it throws is caught (the report says `progressFailed`). */
  readonly onProgress?: (progress: ClientImportProgress) => void;
  /** Language of the report. Default: the plan's. */
  readonly locale?: Locale;
  /** Clock. */
  readonly now?: () => Date;
}
