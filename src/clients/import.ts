/**
 * Job 1, the client import: preview what a DT Max or Taxprep client list would change, then apply it through the
 * host's ports — nothing lost, nothing done twice.
 */
import type { ClientKind, ClientRecord } from '../model/client.js';
import { isTaxsyncError } from '../errors/taxsync-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { maskBirthDate, maskBusinessNumber, maskNeq, maskSin } from '../model/mask.js';
import { renderMessage, type ClientMessageCode, type Locale, type MessageArgs, type MessageParams } from '../messages/catalogue.js';
import { parseDtmaxCsv, type DtmaxCsvInput } from '../parsers/csv/dtmax-csv.js';
import type { ParseIssue, ParseMeta, ParseOptions, ParseResult } from '../parsers/types.js';
import type { ClientLookup, ClientStore, JournalEntry, Mailer, Portal, StoredClient } from '../ports.js';
import {
  applyChanges,
  diffClients,
  type ClientConflictReason,
  type ClientPlan,
  type FieldChange,
  type PlannedCreate,
  type PlannedUpdate,
} from './diff.js';
import { CORPORATION_SPECS, INDIVIDUAL_SPECS, clientLabel, displayName, sameOptional, type ClientFieldPath, type FieldSpec } from './fields.js';
import { checkInvitationSetup, ensureInvitation, type InvitationOutcome, type InvitationSettings } from '../workflow/invitations.js';
import { describeError, isVersionConflict } from '../internal/describe-error.js';
import { runPool } from '../internal/pool.js';

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

const PARSER_FIELD_TO_PATH: Readonly<Record<string, ClientFieldPath>> = {
  line1: 'address.line1', line2: 'address.line2', city: 'address.city', province: 'address.province', postalCode: 'address.postalCode', country: 'address.country',
};

type TaxprepParser = (input: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>, options?: ParseOptions) => Promise<ParseResult>;

async function parseInput(input: ClientImportInput, locale: Locale): Promise<ParseResult> {
  if (input.parsed !== undefined) return input.parsed;
  if (input.file === undefined) throw new InvalidArgumentError('preview_invalid', { detail: 'give the file (input.file) or a parse result (input.parsed)' }, { locale });
  const options = { ...input.parseOptions, ...(input.kind === undefined ? {} : { kind: input.kind }), locale };
  if (input.source === 'dtmax') {
    const file = input.file instanceof ArrayBuffer ? new Uint8Array(input.file) : input.file;
    return parseDtmaxCsv(file as DtmaxCsvInput, options);
  }
  if (input.source !== 'taxprep') throw new InvalidArgumentError('preview_invalid', { detail: `unknown source "${String(input.source)}" (dtmax or taxprep)` }, { locale });
  if (typeof input.file === 'string') throw new InvalidArgumentError('preview_invalid', { detail: 'a Taxprep workbook is binary: pass its bytes, not text' }, { locale });
  // Loaded on demand, so the main entry never pulls the workbook reader (and node:zlib) in.
  const xlsx: { parseTaxprepXlsx?: TaxprepParser } = await import('../xlsx.js');
  if (xlsx.parseTaxprepXlsx === undefined) throw new InvalidArgumentError('invalid_input', { detail: 'the Taxprep parser (taxsync/xlsx) is not available in this build' }, { locale });
  return xlsx.parseTaxprepXlsx(input.file, options);
}

const MASKED: Partial<Record<ClientFieldPath, (value: string) => string>> = {
  sin: maskSin, spouseSin: maskSin, businessNumber: maskBusinessNumber, neq: maskNeq, birthDate: maskBirthDate,
};

/** Changes with personal identifiers masked, for people. */
export function maskChanges(changes: readonly FieldChange[]): FieldChange[] {
  return changes.map((c) => {
    const mask = MASKED[c.field];
    return mask === undefined ? c : { field: c.field, from: c.from === undefined ? undefined : mask(c.from), to: c.to === undefined ? undefined : mask(c.to) };
  });
}

const invitable = (item: PlannedCreate): boolean =>
  item.record.email !== undefined && item.record.email.trim() !== '' && !item.warnings.some((w) => w.code === 'email_in_use');

/**
 * Reads a client list and compares it with the host's clients: the plan (what `applyClientImport` would do), the
 * parse issues, and a row-by-row table ready to show as the import's preview ("Aperçu"). Nothing is written.
 *
 * @throws {@link ParseError} when the file cannot be read at all (see `parseDtmaxCsv`).
 *
 * @example
 * ```ts
 * const preview = await previewClientImport(
 *   { source: 'dtmax', file: await readFile('clients.csv'), accountManager: 'julie.tremblay', locale: 'fr' },
 *   { store },
 * );
 * console.table(preview.rows.map((r) => ({ ligne: r.row, action: r.action, client: r.label })));
 * ```
 */
export async function previewClientImport(input: ClientImportInput, ports: Pick<ClientImportPorts, 'store'>, options: PreviewClientImportOptions = {}): Promise<ClientImportPreview> {
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewClientImport expects an input object (source, file)' });
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewClientImport options must be an object' });
  const locale = input.locale ?? 'fr';
  const now = options.now ?? (() => new Date());
  const parsed = await parseInput(input, locale);
  const existing: StoredClient[] = [];
  for await (const client of ports.store.list()) {
    options.signal?.throwIfAborted();
    existing.push(client);
  }
  options.signal?.throwIfAborted();
  const fields =
    input.blankFields === 'clear'
      ? [...new Set(parsed.meta.columns.map((c) => PARSER_FIELD_TO_PATH[c.field] ?? (c.field as ClientFieldPath)))]
      : undefined;
  const plan = diffClients(existing, parsed.records, { locale, ...(input.blankFields === undefined ? {} : { blankFields: input.blankFields }), ...(fields === undefined ? {} : { fields }) });

  const warningsByRow = new Map<number, string[]>();
  const errorsByRow = new Map<number, string[]>();
  // A key twice in the file is already the row's conflict (duplicate_in_file): the parser's warning would repeat it.
  const held = new Set(plan.conflicts.filter((c) => c.reason === 'duplicate_in_file').map((c) => c.row));
  for (const issue of parsed.issues) {
    if (issue.code === 'duplicate_key' && held.has(issue.row)) continue;
    const map = issue.severity === 'error' ? errorsByRow : warningsByRow;
    const list = map.get(issue.row);
    if (list === undefined) map.set(issue.row, [issue.message]);
    else list.push(issue.message);
  }
  const rows: ClientImportPreviewRow[] = [];
  const line = (record: ClientRecord, index: number, rest: Omit<ClientImportPreviewRow, 'row' | 'name' | 'label' | 'warnings' | 'invite'> & { warnings?: readonly string[]; invite?: boolean }): void => {
    const row = record.source?.row ?? index + 1;
    rows.push({
      row,
      name: displayName(record),
      label: clientLabel(record, locale),
      ...(record.email === undefined ? {} : { email: record.email }),
      ...rest,
      warnings: [...(warningsByRow.get(row) ?? []), ...(rest.warnings ?? [])],
      invite: rest.invite ?? false,
    });
  };
  for (const c of plan.creates) line(c.record, c.index, { action: 'create', warnings: c.warnings.map((w) => w.message), invite: invitable(c) });
  for (const u of plan.updates) line(u.incoming, u.index, { action: 'update', changes: maskChanges(u.changes), warnings: u.warnings.map((w) => w.message) });
  for (const u of plan.unchanged) line(u.record, u.index, { action: 'unchanged' });
  for (const c of plan.conflicts) line(c.record, c.index, { action: 'conflict', reason: c.reason, message: c.message });
  for (const [row, issues] of errorsByRow) {
    rows.push({
      row,
      action: 'rejected',
      name: '',
      label: '',
      reason: 'row_rejected',
      message: renderMessage('row_rejected', { row, detail: issues.join(' ') }, locale),
      warnings: warningsByRow.get(row) ?? [],
      invite: false,
    });
  }
  rows.sort((a, b) => a.row - b.row);

  return {
    planId: options.planId ?? globalThis.crypto.randomUUID(),
    createdAt: now().toISOString(),
    source: input.source,
    kind: parsed.meta.kind,
    locale,
    ...(input.accountManager === undefined ? {} : { accountManager: input.accountManager }),
    plan,
    issues: parsed.issues,
    meta: parsed.meta,
    rows,
    summary: {
      rows: parsed.meta.counts.rows,
      creates: plan.summary.creates,
      updates: plan.summary.updates,
      unchanged: plan.summary.unchanged,
      conflicts: plan.summary.conflicts,
      rejected: errorsByRow.size,
      invitations: plan.creates.filter(invitable).length,
    },
  };
}

// ── Apply ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** What happened to one row when applying. */
export type ClientImportStatus = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';

/** One row of a {@link ClientImportReport}. */
export interface ClientImportItem {
  /** The row number a person sees in the file. */
  readonly row: number;
  /** The client's name (empty for a rejected row). */
  readonly name: string;
  /** Name and masked key. */
  readonly label: string;
  /**
   * `created` / `updated`: written by this run. `unchanged`: the file agrees with the host. `skipped`: not applied
   * on purpose — a conflict, a row the parser rejected, a client changed since the preview, already done by an
   * earlier run, or the batch was stopped (see `reason`). `failed`: a port refused it (see `message`).
   */
  readonly status: ClientImportStatus;
  /** The host's id of the client, when known. */
  readonly clientId?: string;
  /** Stable code of why, for `skipped` and `failed`. */
  readonly reason?: ClientConflictReason | ClientMessageCode;
  /** `reason` in words, in the report's language. */
  readonly message?: string;
  /** Values of `message`, to render it in another language with `renderMessage(reason, params, locale)`. */
  readonly params?: MessageParams;
  /** For `updated`: what changed (identifiers masked). */
  readonly changes?: readonly FieldChange[];
  /** For new clients: the portal invitation. */
  readonly invitation?: InvitationOutcome;
}

/** Totals of a {@link ClientImportReport}. */
export interface ClientImportTotals {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
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
  /** `true` when `options.signal` stopped the batch: the rows not reached are `skipped` / `aborted`. Apply again to finish. */
  readonly aborted: boolean;
  /** One item per row, in file order. */
  readonly items: readonly ClientImportItem[];
  readonly totals: ClientImportTotals;
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
export interface ApplyClientImportOptions extends InvitationSettings {
  /** Invite new clients that have an e-mail (needs `ports.portal`). Default: `true` when a portal is given. */
  readonly invite?: boolean;
  /** Clients processed at the same time. Default 4. */
  readonly concurrency?: number;
  /** Stops the batch: clients in progress finish, the others are reported `skipped` / `aborted`. */
  readonly signal?: AbortSignal;
  /** Called after each create or update. Must not throw. */
  readonly onProgress?: (progress: ClientImportProgress) => void;
  /** Language of the report. Default: the preview's. */
  readonly locale?: Locale;
  /** Clock. */
  readonly now?: () => Date;
}

const SPECS = /* @__PURE__ */ (() => new Map<ClientFieldPath, FieldSpec>([...INDIVIDUAL_SPECS, ...CORPORATION_SPECS].map((s) => [s.path, s])))();
const fieldHolds = (client: ClientRecord, field: ClientFieldPath, value: string | undefined): boolean => {
  const spec = SPECS.get(field);
  return spec !== undefined && sameOptional(spec.comparison, spec.get(client), value);
};

const lookupOf = (record: ClientRecord): ClientLookup | undefined => {
  if (record.kind === 'individual') return record.sin === undefined ? undefined : { sin: record.sin };
  const lookup = {
    ...(record.businessNumber === undefined ? {} : { businessNumber: record.businessNumber }),
    ...(record.neq === undefined ? {} : { neq: record.neq }),
  };
  return Object.keys(lookup).length === 0 ? undefined : lookup;
};

const withoutSource = (record: ClientRecord): ClientRecord => {
  const { source: _source, ...rest } = record;
  return rest as ClientRecord;
};

function assertPreview(preview: ClientImportPreview): void {
  const ok =
    typeof preview === 'object' && preview !== null && typeof preview.planId === 'string' && preview.planId !== '' &&
    typeof preview.plan === 'object' && preview.plan !== null && Array.isArray(preview.plan.creates) && Array.isArray(preview.plan.updates) &&
    Array.isArray(preview.rows);
  if (!ok) throw new InvalidArgumentError('preview_invalid', { detail: 'pass the object previewClientImport returned' });
}

/**
 * Applies a previewed import: creates and updates clients through the store, assigns new clients to the account
 * manager, and invites new clients that have an e-mail to the portal (an e-mail from a template in their
 * language). Clients without an e-mail (minors, dependants) are not invited.
 *
 * Guarantees — nothing lost, nothing twice:
 * - One client failing never stops the others; it is reported with its reason.
 * - Applying the same preview twice does nothing the second time (every row `skipped` / `already_applied` or
 *   `unchanged`): no duplicate client, no second invitation.
 * - An apply cut off anywhere (process killed, network down) and applied again with the same preview finishes the
 *   rest: the journal remembers each step, creation is idempotent by a key derived from the plan, the portal by
 *   client, and e-mails carry idempotency keys. With a mailer that cannot honour keys, an e-mail cut off mid-send
 *   is reported `delivery_unknown` rather than risked twice. Resume with the *same* preview (keep it: it is plain
 *   JSON). Previewing again is safe too — nothing is duplicated — but a client the interrupted run created and had
 *   not invited yet is then an existing client, which an import does not invite: `inviteOrMatchClient` does.
 * - A client changed in the store since the preview (another version, or a new client with the same SIN/BN) is
 *   `skipped` / `changed_since_preview`, never overwritten.
 *
 * @throws {@link InvalidArgumentError} `preview_invalid` for something that is not a preview; `invalid_input`
 * when invitations need a mailer that was not given; `template_variable_unknown` for a bad template. Nothing is
 * written in those cases.
 *
 * @example
 * ```ts
 * const report = await applyClientImport(preview, { store, portal, mailer }, {
 *   firmName: 'Cabinet Tremblay CPA', concurrency: 8, signal: AbortSignal.timeout(60_000),
 *   onProgress: ({ done, total }) => bar.update(done / total),
 * });
 * console.log(formatImportReport(report, 'fr'));
 * ```
 */
export async function applyClientImport(preview: ClientImportPreview, ports: ClientImportPorts, options: ApplyClientImportOptions = {}): Promise<ClientImportReport> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'applyClientImport options must be an object' });
  assertPreview(preview);
  const locale = options.locale ?? preview.locale ?? 'fr';
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const { store, portal, mailer } = ports;
  const invite = (options.invite ?? portal !== undefined) && portal !== undefined;
  if (options.invite === true && portal === undefined) throw new InvalidArgumentError('invalid_input', { detail: 'options.invite needs ports.portal' }, { locale });
  const invitationPorts = invite && portal !== undefined ? { store, portal, ...(mailer === undefined ? {} : { mailer }) } : undefined;
  if (invitationPorts !== undefined) checkInvitationSetup(invitationPorts, options);

  const planId = preview.planId;
  const why = <C extends ClientMessageCode>(reason: C, ...args: MessageArgs<C>): { reason: C; message: string; params: MessageParams } => {
    const params: MessageParams = args[0] ?? {};
    return { reason, message: renderMessage<ClientMessageCode>(reason, params, locale), params };
  };
  const items: ClientImportItem[] = [];

  // Rows that need no work.
  for (const u of preview.plan.unchanged) {
    items.push({ row: u.row ?? u.index + 1, name: displayName(u.record), label: clientLabel(u.record, locale), status: 'unchanged', clientId: u.id });
  }
  for (const c of preview.plan.conflicts) {
    items.push({
      row: c.row ?? c.index + 1,
      name: displayName(c.record),
      label: clientLabel(c.record, locale),
      status: 'skipped',
      reason: c.reason,
      message: renderMessage(c.reason, c.params, locale),
      params: c.params,
    });
  }
  for (const r of preview.rows) {
    if (r.action === 'rejected') items.push({ row: r.row, name: '', label: '', status: 'skipped', reason: 'row_rejected', message: r.message ?? '' });
  }

  // The journal of this plan: what an earlier run finished.
  const journal = new Map<string, Map<string, JournalEntry>>();
  for (const entry of await store.readJournal(planId)) {
    let steps = journal.get(entry.itemKey);
    if (steps === undefined) journal.set(entry.itemKey, (steps = new Map()));
    steps.set(entry.step, entry);
  }
  const record = (itemKey: string, step: string, status: JournalEntry['status'], clientId?: string): Promise<void> =>
    store.appendJournal([{ applyId: planId, itemKey, step, status, ...(clientId === undefined ? {} : { clientId }), at: now().toISOString() }]);

  type Work = PlannedCreate | PlannedUpdate;
  const work: Work[] = [...preview.plan.creates, ...preview.plan.updates].sort((a, b) => (a.row ?? a.index) - (b.row ?? b.index));
  let done = 0;

  const invitationFor = async (client: StoredClient): Promise<InvitationOutcome> =>
    invitationPorts === undefined ? { status: 'not_invited' } : ensureInvitation(client, invitationPorts, options, locale, now);

  const processCreate = async (item: PlannedCreate): Promise<ClientImportItem> => {
    const base = { row: item.row ?? item.index + 1, name: displayName(item.record), label: clientLabel(item.record, locale) };
    const itemKey = `i${item.index}`;
    const steps = journal.get(itemKey);
    const finished = steps?.get('create');
    let client: StoredClient | undefined;
    let status: ClientImportStatus = 'created';
    try {
      if (finished?.status === 'done' && finished.clientId !== undefined) {
        client = await store.get(finished.clientId);
        if (client === undefined) return { ...base, status: 'failed', clientId: finished.clientId, ...why('client_not_found', { id: finished.clientId }) };
        status = 'skipped';
      } else {
        if (finished === undefined) {
          // First attempt: a client with this SIN / BN that appeared since the preview is someone else's work.
          const lookup = lookupOf(item.record);
          const found = lookup === undefined ? [] : await store.find(lookup);
          const [first] = found;
          if (first !== undefined) return { ...base, status: 'skipped', clientId: first.id, ...why('changed_since_preview') };
          await record(itemKey, 'create', 'pending');
        }
        const result = await store.create({
          record: withoutSource(item.record),
          ...(preview.accountManager === undefined ? {} : { accountManager: preview.accountManager }),
          idempotencyKey: `taxsync:${planId}:${itemKey}`,
        });
        client = result.client;
        if (!result.created) status = 'skipped';
        await record(itemKey, 'create', 'done', client.id);
      }
    } catch (error) {
      return { ...base, status: 'failed', ...(client === undefined ? {} : { clientId: client.id }), ...why('write_failed', { detail: describeError(error) }) };
    }
    const skipped = status === 'skipped' ? why('already_applied') : {};
    let invitation: InvitationOutcome;
    if (!invitable(item)) {
      const shared = item.warnings.find((w) => w.code === 'email_in_use');
      invitation =
        shared !== undefined
          ? { status: 'not_invited', ...why<ClientMessageCode>('email_in_use', shared.params) }
          : { status: 'not_invited', ...why('no_email') };
    } else invitation = await invitationFor(client);
    return { ...base, status, clientId: client.id, ...skipped, invitation };
  };

  const processUpdate = async (item: PlannedUpdate): Promise<ClientImportItem> => {
    const base = { row: item.row ?? item.index + 1, name: displayName(item.incoming), label: clientLabel(item.incoming, locale), clientId: item.id };
    const itemKey = `i${item.index}`;
    const already = { ...base, status: 'skipped' as const, ...why('already_applied') };
    const changed = { ...base, status: 'skipped' as const, ...why('changed_since_preview') };
    try {
      if (journal.get(itemKey)?.get('update')?.status === 'done') return already;
      const current = await store.get(item.id);
      if (current === undefined) return { ...base, status: 'failed', ...why('client_not_found', { id: item.id }) };
      if (item.changes.every((c) => fieldHolds(current, c.field, c.to))) {
        // Written by an earlier run that stopped before its journal entry (or by someone making the same change).
        await record(itemKey, 'update', 'done', item.id);
        return already;
      }
      const versionMoved = item.version !== undefined && current.version !== item.version;
      if (versionMoved || !item.changes.every((c) => fieldHolds(current, c.field, c.from))) return changed;
      await store.update({
        id: item.id,
        record: applyChanges(current, item.changes),
        ...(current.version === undefined ? {} : { expectedVersion: current.version }),
      });
      await record(itemKey, 'update', 'done', item.id);
      return { ...base, status: 'updated', changes: maskChanges(item.changes) };
    } catch (error) {
      if (isVersionConflict(error)) return changed;
      const code: ClientMessageCode = isTaxsyncError(error) && error.code === 'client_not_found' ? 'client_not_found' : 'write_failed';
      return { ...base, status: 'failed', ...why(code, { id: item.id, detail: describeError(error) }) };
    }
  };

  const notStarted = await runPool(work, options.concurrency ?? 4, options.signal, async (item) => {
    let result: ClientImportItem;
    try {
      result = item.action === 'create' ? await processCreate(item) : await processUpdate(item);
    } catch (error) {
      result = { row: item.row ?? item.index + 1, name: displayName(item.record), label: clientLabel(item.record, locale), status: 'failed', ...why('write_failed', { detail: describeError(error) }) };
    }
    items.push(result);
    done++;
    options.onProgress?.({ done, total: work.length, item: result });
  });
  for (const i of notStarted) {
    const item = work[i] as Work;
    const shown = item.action === 'update' ? item.incoming : item.record;
    items.push({ row: item.row ?? item.index + 1, name: displayName(shown), label: clientLabel(shown, locale), status: 'skipped', ...why('aborted') });
  }

  items.sort((a, b) => a.row - b.row);
  const totals = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, invited: 0, invitationsFailed: 0 };
  for (const item of items) {
    totals[item.status]++;
    if (item.invitation?.status === 'sent') totals.invited++;
    else if (item.invitation?.status === 'failed') totals.invitationsFailed++;
  }
  return { planId, locale, startedAt, finishedAt: now().toISOString(), aborted: notStarted.length > 0, items, totals };
}
