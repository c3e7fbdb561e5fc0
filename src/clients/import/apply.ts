/**
 * Job 1, the client import, second half: apply a preview through the host's ports — nothing lost, nothing done twice.
 */
import type { ClientRecord } from '../../model/client.js';
import { InvalidArgumentError } from '../../errors/invalid-argument.js';
import { isTaxsyncError } from '../../errors/taxsync-error.js';
import { renderMessage, type ClientMessageCode, type MessageArgs, type MessageParams } from '../../messages/catalogue.js';
import type { ClientLookup, JournalEntry, StoredClient } from '../../ports.js';
import { applyChanges } from '../diff/compare.js';
import type { PlannedCreate, PlannedUpdate } from '../diff/types.js';
import { CORPORATION_SPECS, INDIVIDUAL_SPECS, clientLabel, displayName, sameOptional, type ClientFieldPath, type FieldSpec } from '../fields.js';
import { createWorkflowContext } from '../../workflow/context.js';
import { checkInvitationSetup, ensureInvitation, type InvitationOutcome } from '../../workflow/invitations.js';
import { describeError, isVersionConflict } from '../../internal/describe-error.js';
import { runPool } from '../../internal/pool.js';
import { invitable, maskChanges } from './preview.js';
import type { ApplyClientImportOptions, ClientImportItem, ClientImportPorts, ClientImportPreview, ClientImportReport, ClientImportStatus } from './types.js';
import { guardPorts } from '../../workflow/ports-guard.js';

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
 * - Applying the same preview twice does nothing the second time (every row `skipped` / `already_applied`,
 *   `unchanged`, or still `held`): no duplicate client, no second invitation.
 * - An apply cut off anywhere (process killed, network down) and applied again with the same preview finishes the
 *   rest: the journal remembers each step, creation is idempotent by a key derived from the plan, the portal by
 *   client, and e-mails carry idempotency keys. With a mailer that cannot honour keys, an e-mail cut off mid-send
 *   is reported `delivery_unknown` rather than risked twice. Resume with the *same* preview (keep it: it is plain
 *   JSON). Previewing again is safe too — nothing is duplicated — but a client the interrupted run created and had
 *   not invited yet is then an existing client, which an import does not invite: `inviteOrMatchClient` does.
 * - A client changed in the store since the preview (another version, or a new client with the same SIN/BN) is
 *   `held` / `changed_since_preview`, never overwritten.
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
  ports = guardPorts(ports, options);
  const locale = options.locale ?? preview.locale ?? 'fr';
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const { store, portal, mailer } = ports;
  const invite = (options.invite ?? portal !== undefined) && portal !== undefined;
  if (options.invite === true && portal === undefined) throw new InvalidArgumentError('invalid_input', { detail: 'options.invite needs ports.portal' }, { locale });
  const invitationPorts = invite && portal !== undefined ? { store, portal, ...(mailer === undefined ? {} : { mailer }) } : undefined;
  if (invitationPorts !== undefined) checkInvitationSetup(invitationPorts, options);

  const planId = preview.planId;
  const context = createWorkflowContext('client-import', planId, store, options);
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
      status: 'held',
      reason: c.reason,
      message: renderMessage(c.reason, c.params, locale),
      params: c.params,
    });
  }
  for (const r of preview.rows) {
    if (r.action === 'rejected') items.push({ row: r.row, name: '', label: '', status: 'held', reason: 'row_rejected', message: r.message ?? '' });
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
    invitationPorts === undefined ? { status: 'not_invited' } : ensureInvitation(client, invitationPorts, options, locale, context);

  const processCreate = async (item: PlannedCreate): Promise<ClientImportItem> => {
    const base = { row: item.row ?? item.index + 1, name: displayName(item.record), label: clientLabel(item.record, locale) };
    const itemKey = `i${item.index}`;
    const steps = journal.get(itemKey);
    const finished = steps?.get('create');
    let client: StoredClient | undefined;
    let status: Extract<ClientImportStatus, 'created' | 'skipped'> = 'created';
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
          if (first !== undefined) return { ...base, status: 'held', clientId: first.id, ...why('changed_since_preview') };
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
    let invitation: InvitationOutcome;
    if (!invitable(item)) {
      const shared = item.warnings.find((w) => w.code === 'email_in_use');
      invitation =
        shared !== undefined
          ? { status: 'not_invited', ...why<ClientMessageCode>('email_in_use', shared.params) }
          : { status: 'not_invited', ...why('no_email') };
    } else invitation = await invitationFor(client);
    return status === 'created' ? { ...base, status, clientId: client.id, invitation } : { ...base, status, clientId: client.id, ...why('already_applied'), invitation };
  };

  const processUpdate = async (item: PlannedUpdate): Promise<ClientImportItem> => {
    const base = { row: item.row ?? item.index + 1, name: displayName(item.incoming), label: clientLabel(item.incoming, locale), clientId: item.id };
    const itemKey = `i${item.index}`;
    const already = { ...base, status: 'skipped' as const, ...why('already_applied') };
    const changed = { ...base, status: 'held' as const, ...why('changed_since_preview') };
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
      const code = isTaxsyncError(error) && error.code === 'client_not_found' ? 'client_not_found' : 'write_failed';
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
    items.push({ row: item.row ?? item.index + 1, name: displayName(shown), label: clientLabel(shown, locale), status: 'held', ...why('aborted') });
  }

  items.sort((a, b) => a.row - b.row);
  const summary = { created: 0, updated: 0, unchanged: 0, skipped: 0, held: 0, failed: 0, invited: 0, invitationsFailed: 0 };
  for (const item of items) {
    summary[item.status]++;
    const invitation = item.status === 'created' || item.status === 'skipped' ? item.invitation : undefined;
    if (invitation?.status === 'sent') summary.invited++;
    else if (invitation?.status === 'failed') summary.invitationsFailed++;
  }
  return { planId, locale, startedAt, finishedAt: now().toISOString(), aborted: notStarted.length > 0, items, summary };
}
