/**
 * Job 1, the client import, second half: apply a plan through the host's ports — the preview object in the same
 * process, or its stored document with the file again. Each row is decided again against the store as it is now;
 * a row whose decision moved is held, never written. Nothing lost, nothing done twice.
 */
import type { ClientRecord } from '../../model/client.js';
import { InvalidArgumentError } from '../../errors/invalid-argument.js';
import { PlanError } from '../../errors/plan.js';
import { isTaxsyncError } from '../../errors/taxsync-error.js';
import type { ClientLookup, JournalEntry, StoredClient } from '../../ports.js';
import { createWorkflowContext, guardProgress } from '../../workflow/context.js';
import { runEffect } from '../../workflow/effect.js';
import { checkInvitationSetup, ensureInvitation, type InvitationOutcome, type InvitationPorts } from '../../workflow/invitations.js';
import { describeErrorParams, isVersionConflict } from '../../internal/describe-error.js';
import { runPool } from '../../internal/pool.js';
import { guardPorts } from '../../workflow/ports-guard.js';
import { writeClientFiles, type FileMember } from './client-files.js';
import { decisionsByRow, diffForImport, invitable, maskChanges, planChanges, recordsOfPlan, sameChanges, whoOf, type RowDecision } from './decide.js';
import { loadClientImportPlan, type ClientImportPlanDocument, type ClientImportPlanItem } from './plan.js';
import { readImportFile } from './read.js';
import { SEALED } from './sealed.js';
import type {
  ApplyClientImportOptions,
  ClientImportFileOutcome,
  ClientImportInvitation,
  ClientImportItem,
  ClientImportPorts,
  ClientImportPreview,
  ClientImportReport,
  ClientImportReportSummary,
  ClientImportWho,
} from './types.js';

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

/** Thrown inside the create effect when a client with the row's number appeared: nothing was created. */
class AppearedSincePreview extends Error {
  readonly effect = 'none';
  constructor(readonly clientId: string) {
    super('a client with this number appeared since the preview');
  }
}

const isPreview = (value: unknown): value is ClientImportPreview =>
  typeof value === 'object' && value !== null && 'document' in value && 'plan' in value && 'rows' in value;

/** The plan and the records of its file, from the preview object or from a stored document plus the file. */
async function planAndRecords(input: ClientImportPreview | ClientImportPlanDocument | string, options: ApplyClientImportOptions): Promise<{ document: ClientImportPlanDocument; records: ClientRecord[] }> {
  if (isPreview(input)) {
    if (typeof input.plan !== 'object' || input.plan === null || !Array.isArray(input.plan.creates)) {
      throw new InvalidArgumentError('preview_invalid', { detail: 'pass the object previewClientImport returned, or its document' });
    }
    // The preview object made in this process carries the records: its document is trusted as sealed (checking its
    // digest again costs a tenth of an apply). A preview that went through JSON or a store is checked like any plan.
    const document = SEALED.has(input.document) ? input.document : await loadClientImportPlan(input.document, options.locale);
    return { document, records: recordsOfPlan(input.plan) };
  }
  const document = await loadClientImportPlan(input, options.locale);
  const locale = options.locale ?? document.locale;
  const { body } = document;
  if (body.sha256 === undefined) {
    throw new InvalidArgumentError('invalid_input', { detail: 'this plan was previewed from a parse result, not a file: apply the preview object itself, or preview from the file' }, { locale });
  }
  if (options.file === undefined) throw new InvalidArgumentError('invalid_input', { detail: 'applying a stored plan needs the file previewed: options.file' }, { locale });
  const read = await readImportFile(body.source, options.file, body.kind, body.parseOptions, locale);
  if (read.sha256 !== body.sha256) throw new PlanError('plan_source_mismatch', { expected: body.sha256.slice(0, 8), actual: read.sha256.slice(0, 8) }, { locale });
  return { document, records: read.parsed.records };
}

const asInvitation = (outcome: InvitationOutcome): ClientImportInvitation => ({
  status: outcome.status,
  ...(outcome.reason === undefined ? {} : { code: outcome.reason, params: outcome.params ?? {} }),
  ...(outcome.portalUserId === undefined ? {} : { portalUserId: outcome.portalUserId }),
  ...(outcome.messageId === undefined ? {} : { messageId: outcome.messageId }),
});

const notInvited = (decision: RowDecision | undefined): ClientImportInvitation => {
  const shared = decision?.action === 'create' || decision?.action === 'update' ? decision.warnings.find((w) => w.code === 'email_in_use') : undefined;
  return shared !== undefined ? { status: 'not_invited', code: 'email_in_use', params: shared.params } : { status: 'not_invited', code: 'no_email', params: {} };
};

/** Counts of an import report, from its items and files. @internal */
export const summarize = (items: readonly ClientImportItem[], files: readonly ClientImportFileOutcome[]): ClientImportReportSummary => {
  const summary = { created: 0, updated: 0, unchanged: 0, skipped: 0, held: 0, failed: 0, invited: 0, invitationsFailed: 0, filesCreated: 0, filesUpdated: 0, filesFailed: 0 };
  for (const item of items) {
    summary[item.status]++;
    const invitation = item.status === 'created' || item.status === 'skipped' ? item.invitation : undefined;
    if (invitation?.status === 'sent') summary.invited++;
    else if (invitation?.status === 'failed') summary.invitationsFailed++;
  }
  for (const file of files) {
    if (file.status === 'created') summary.filesCreated++;
    else if (file.status === 'updated') summary.filesUpdated++;
    else if (file.status === 'failed') summary.filesFailed++;
  }
  return summary;
};

/**
 * Applies a client-import plan: creates and updates clients through the store, assigns new clients to the account
 * manager, invites new clients that have an e-mail to the portal (an e-mail from a template in their language), and
 * — when the store keeps client files (`capabilities.signatures`) — puts each client in the client file its row
 * names, with its role, so that `syncSignatures` works on what the import wrote.
 *
 * Give it the preview object (same process), or the stored plan (`preview.document`, as an object or JSON text) with
 * `options.file`: the file is read again with the plan's parser options and must be the one previewed (its SHA-256);
 * each plan item takes its row by number.
 *
 * Guarantees:
 * - Each row is decided again against the store as it is now. When the decision moved since the preview (another
 *   client holds the SIN, the stored client's version or SIN changed, the changes differ) the row is `held` /
 *   `changed_since_preview`, never written.
 * - Creation runs through the journal's claims with a key derived from the plan and the row, so a row is created
 *   once whatever crashes, retries or concurrent applies happen; a row another apply is doing right now is `held` /
 *   `step_in_progress`. Updates are compare-and-set writes. Invitations go through the shared invitations journal.
 * - `options.items` applies some items only (keys: row numbers): every chunk, in any order, any number of times,
 *   equals applying the plan once.
 * - One client failing never stops the others; a throwing `onProgress` never stops the apply (`progressFailed`).
 *
 * @throws {@link PlanError} for a plan that is damaged, tampered with, of another job, or given with another file
 * (`plan_source_mismatch`); {@link InvalidArgumentError} `invalid_input` for an unknown item key, a missing file or
 * invitations without a mailer; `template_variable_unknown` for a bad template. Nothing is written in those cases.
 *
 * @example
 * ```ts
 * const plan = await loadClientImportPlan(storedJson);
 * const report = await applyClientImport(plan, { store, portal, mailer }, {
 *   file: await readFile('clients.csv'), firmName: 'Cabinet Tremblay CPA', concurrency: 8,
 *   onProgress: ({ done, total }) => bar.update(done / total),
 * });
 * console.log(formatImportReport(report, 'fr'));
 * ```
 */
export async function applyClientImport(
  plan: ClientImportPreview | ClientImportPlanDocument | string,
  ports: ClientImportPorts,
  options: ApplyClientImportOptions = {},
): Promise<ClientImportReport> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'applyClientImport options must be an object' });
  if (typeof plan !== 'string' && (typeof plan !== 'object' || plan === null)) throw new InvalidArgumentError('preview_invalid', { detail: 'pass the object previewClientImport returned, or its document' });
  ports = guardPorts(ports, options);
  const { document, records } = await planAndRecords(plan, options);
  const { body, planId } = document;
  const locale = options.locale ?? document.locale;
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const { store, portal, mailer } = ports;
  const invite = (options.invite ?? portal !== undefined) && portal !== undefined;
  if (options.invite === true && portal === undefined) throw new InvalidArgumentError('invalid_input', { detail: 'options.invite needs ports.portal' }, { locale });
  const invitationPorts: InvitationPorts | undefined = invite && portal !== undefined ? { store, portal, ...(mailer === undefined ? {} : { mailer }) } : undefined;
  if (invitationPorts !== undefined) checkInvitationSetup(invitationPorts, options);

  let selected: readonly ClientImportPlanItem[] = body.items;
  if (options.items !== undefined) {
    if (!Array.isArray(options.items)) throw new InvalidArgumentError('invalid_input', { detail: 'options.items must be an array of item keys' }, { locale });
    const byKey = new Map(body.items.map((item) => [item.key, item]));
    const wanted = new Set<string>();
    for (const key of options.items) {
      if (typeof key !== 'string' || !byKey.has(key)) throw new InvalidArgumentError('invalid_input', { detail: `options.items: "${String(key).slice(0, 20)}" is not an item of this plan (keys are the row numbers of the rows to create or update)` }, { locale });
      wanted.add(key);
    }
    selected = body.items.filter((item) => wanted.has(item.key));
  }

  // Decide every row again, against the store as it is now.
  const existing: StoredClient[] = [];
  for await (const client of store.list()) existing.push(client);
  const decisions = decisionsByRow(diffForImport(existing, records, body, locale));
  const recordAt = new Map<number, ClientRecord>();
  records.forEach((record, index) => recordAt.set(record.source?.row ?? index + 1, record));
  const who = (row: number): ClientImportWho => whoOf(recordAt.get(row), row);

  const context = createWorkflowContext('client-import', planId, store, { ...options, now });
  const progress = guardProgress(context, options.onProgress);
  const items: ClientImportItem[] = [];
  const members: FileMember[] = [];
  const place = (item: ClientImportItem, planItem?: ClientImportPlanItem): ClientImportItem => {
    if (item.status !== 'created' && item.status !== 'updated' && item.status !== 'unchanged' && item.status !== 'skipped') return item;
    const record = recordAt.get(item.row);
    if (record?.clientFile === undefined) return item;
    const moved = planItem?.changes.find((c) => c.field === 'clientFile');
    members.push({
      fileId: record.clientFile,
      taxpayerId: item.clientId,
      role: record.kind === 'individual' ? (record.role ?? 'principal') : 'principal',
      name: item.name,
      ...(moved?.from === undefined ? {} : { leftFile: moved.from }),
    });
    return { ...item, clientFileId: record.clientFile };
  };

  // Rows the plan does not apply: reported with the whole plan, not with a chunk.
  if (options.items === undefined) {
    for (const u of body.unchanged) items.push(place({ ...who(u.row), status: 'unchanged', clientId: u.clientId }));
    for (const h of body.held) {
      items.push(h.action === 'rejected' ? { ...who(h.row), status: 'held', code: h.code, params: h.params, issues: h.issues } : { ...who(h.row), status: 'held', code: h.code, params: h.params });
    }
  }

  const inviteClient = async (client: StoredClient, fresh = false): Promise<ClientImportInvitation> =>
    invitationPorts === undefined ? { status: 'not_invited' } : asInvitation(await ensureInvitation(client, invitationPorts, options, locale, context, fresh));

  /** The latest entry of a step of an item in this plan's journal. */
  const latest = async (key: string, step: string): Promise<JournalEntry | undefined> => (await store.readJournal(planId, key)).filter((e) => e.step === step).at(-1);

  const skippedCreate = async (base: ClientImportWho, clientId: string, item: ClientImportPlanItem, decision: RowDecision | undefined): Promise<ClientImportItem> => {
    const client = await store.get(clientId);
    if (client === undefined) return { ...base, status: 'failed', code: 'client_not_found', params: { id: clientId }, clientId };
    const invitation = item.invite ? await inviteClient(client) : notInvited(decision);
    return { ...base, status: 'skipped', code: 'already_applied', params: {}, clientId, invitation };
  };

  const processCreate = async (item: ClientImportPlanItem, base: ClientImportWho, decision: RowDecision | undefined): Promise<ClientImportItem> => {
    const record = recordAt.get(item.row);
    let resume = false;
    if (decision?.action !== 'create' || record === undefined) {
      // Decided otherwise now: done by an earlier apply of this plan, being done (or left half-way), or moved.
      const entry = await latest(item.key, 'create');
      if (entry?.status === 'done' && (entry.ref ?? entry.clientId) !== undefined) return skippedCreate(base, (entry.ref ?? entry.clientId) as string, item, decision);
      if (entry?.status === 'unknown') return { ...base, status: 'held', code: 'step_unknown', params: { step: 'create' } };
      if (record === undefined || (entry?.status !== 'claimed' && entry?.status !== 'pending' && entry?.status !== 'released')) {
        const other = decision?.action === 'update' || decision?.action === 'unchanged' ? { clientId: decision.id } : {};
        return { ...base, status: 'held', code: 'changed_since_preview', params: {}, ...other };
      }
      // An apply claimed the creation, or tried it and failed, and may have made the client (a store that wrote, then
      // failed to answer): held while its claim lives, else finished by the key (the store answers with the client
      // that apply created, or creates it now).
      resume = true;
    }
    const created = await runEffect(context, { applyId: planId, itemKey: item.key, step: 'create' }, {
      idempotent: true,
      run: async () => {
        if (!resume) {
          const lookup = lookupOf(record);
          const [first] = lookup === undefined ? [] : await store.find(lookup);
          if (first !== undefined) throw new AppearedSincePreview(first.id);
        }
        const result = await store.create({
          record: withoutSource(record),
          ...(body.accountManager === undefined ? {} : { accountManager: body.accountManager }),
          idempotencyKey: `taxsync:${planId}:${item.key}`,
        });
        return { ref: result.client.id, value: result };
      },
    });
    switch (created.status) {
      case 'held':
        return { ...base, status: 'held', code: 'step_in_progress', params: {} };
      case 'unknown':
        return { ...base, status: 'held', code: 'step_unknown', params: { step: 'create' } };
      case 'finished': {
        const clientId = created.entry.ref ?? created.entry.clientId;
        if (clientId === undefined) return { ...base, status: 'held', code: 'step_unknown', params: { step: 'create' } };
        return skippedCreate(base, clientId, item, decision);
      }
      case 'failed': {
        const { error } = created;
        if (error instanceof AppearedSincePreview) return { ...base, status: 'held', code: 'changed_since_preview', params: {}, clientId: error.clientId };
        if (isTaxsyncError(error) && error.code === 'client_exists') return { ...base, status: 'held', code: 'changed_since_preview', params: {} };
        return { ...base, status: 'failed', code: 'write_failed', params: describeErrorParams(error) };
      }
      case 'done': {
        const { client } = created.value;
        const invitation = item.invite && (decision?.action !== 'create' || invitable(decision)) ? await inviteClient(client, created.value.created) : notInvited(decision);
        if (!created.value.created) return { ...base, status: 'skipped', code: 'already_applied', params: {}, clientId: client.id, invitation };
        return { ...base, status: 'created', clientId: client.id, invitation };
      }
    }
  };

  const processUpdate = async (item: ClientImportPlanItem, base: ClientImportWho, decision: RowDecision | undefined): Promise<ClientImportItem> => {
    const clientId = item.clientId as string;
    const changed: ClientImportItem = { ...base, status: 'held', code: 'changed_since_preview', params: {}, clientId };
    const done = (): Promise<void> => store.appendJournal([{ applyId: planId, itemKey: item.key, step: 'update', status: 'done', clientId, at: now().toISOString() }]);
    if (decision?.action === 'unchanged' && decision.id === clientId) {
      // Written by an earlier apply (perhaps stopped before its journal entry), or someone made the same change.
      await done().catch(() => undefined);
      return { ...base, status: 'skipped', code: 'already_applied', params: {}, clientId };
    }
    if (decision?.action !== 'update' || decision.id !== clientId || !sameChanges(planChanges(decision.changes), item.changes)) return changed;
    const previewed = item.version ?? undefined;
    if (previewed !== undefined && decision.version !== previewed) return changed;
    try {
      await store.update({ id: clientId, record: withoutSource(decision.record), ...(decision.version === undefined ? {} : { expectedVersion: decision.version }) });
    } catch (error) {
      if (isVersionConflict(error)) return changed;
      if (isTaxsyncError(error) && error.code === 'client_not_found') return { ...base, status: 'failed', code: 'client_not_found', params: { id: clientId }, clientId };
      return { ...base, status: 'failed', code: 'write_failed', params: describeErrorParams(error), clientId };
    }
    try {
      await done();
    } catch {
      // Written: the next apply finds the client up to date and records it.
    }
    return { ...base, status: 'updated', clientId, changes: maskChanges(decision.changes) };
  };

  let finished = 0;
  const notStarted = await runPool(selected, options.concurrency ?? 4, options.signal, async (item) => {
    const started = Date.now();
    const base = who(item.row);
    const decision = decisions.get(item.row);
    let result: ClientImportItem;
    try {
      result = item.action === 'create' ? await processCreate(item, base, decision) : await processUpdate(item, base, decision);
    } catch (error) {
      result = { ...base, status: 'failed', code: 'write_failed', params: describeErrorParams(error), ...(item.clientId === undefined ? {} : { clientId: item.clientId }) };
    }
    result = place(result, item);
    items.push(result);
    context.log({ event: 'step', step: item.action, item: item.key, outcome: 'code' in result ? result.code : result.status, ms: Date.now() - started });
    finished++;
    progress.call({ done: finished, total: selected.length, item: result });
  });
  for (const i of notStarted) {
    const item = selected[i] as ClientImportPlanItem;
    items.push({ ...who(item.row), status: 'held', code: 'aborted', params: {} });
  }

  const files = await writeClientFiles(store, members, context);
  const failedFiles = new Set(files.filter((f) => f.status === 'failed').map((f) => f.id));
  const reported = items
    .map((item) => ('clientFileId' in item && item.clientFileId !== undefined && failedFiles.has(item.clientFileId) ? dropFile(item) : item))
    .sort((a, b) => a.row - b.row);
  return {
    planId,
    locale,
    startedAt,
    finishedAt: now().toISOString(),
    aborted: notStarted.length > 0,
    progressFailed: progress.failed(),
    items: reported,
    files,
    summary: summarize(reported, files),
  };
}

/** An item whose client file could not be written names none. */
function dropFile(item: ClientImportItem): ClientImportItem {
  const { clientFileId: _dropped, ...rest } = item;
  return rest as ClientImportItem;
}
