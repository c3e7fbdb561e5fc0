/**
 * Job 2, document dispatch, second half: send each ready document of a plan to its client's portal folder, with one
 * e-mail per client in their language. Every outside effect goes through the kernel (`runEffect`,
 * `ensureInvitation`): nothing twice across crashes, retries, chunks and concurrent applies.
 */
import { describeErrorParams } from '../internal/describe-error.js';
import { sha256Hex } from '../internal/hash.js';
import { runPool } from '../internal/pool.js';
import { createWorkflowContext, DEFAULT_LOCALE, guardProgress, type WorkflowContext } from '../workflow/context.js';
import { runEffect } from '../workflow/effect.js';
import { ensureInvitation } from '../workflow/invitations.js';
import { DEFAULT_FIRM_NAME, checkInvitationTemplates } from '../email/invitation.js';
import { escapeHtml } from '../internal/html.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { PlanError } from '../errors/plan.js';
import { renderMessage, type Locale, type MessageParams } from '../messages/catalogue.js';
import { DOCUMENT_ACTIONS } from '../messages/words.js';
import { guardPorts } from '../workflow/ports-guard.js';
import type { Mailer, SendDocumentResult, StoredClient } from '../ports.js';
import { checkDocumentEmailTemplates, renderDocumentEmail } from '../email/document-notice.js';
import { createClientIndex } from '../matching/client-index.js';
import { matchPdfToClient } from '../matching/match.js';
import { collectZip, DEFAULT_ZIP_LIMITS, openZipEntries, type ZipPdf } from '../zip/archive.js';
import { loadDispatchPlan } from './plan.js';
import { documentVersionEntry } from '../workflow/document-versions.js';
import { bytesOfPreview, loadDecrypter } from './preview.js';
import {
  DOC_KIND,
  DOCUMENTS_JOURNAL,
  documentKey,
  invitationBlock,
  invitedBefore,
  maskedIdentifier,
  readVersions,
  versionOf,
} from './shared.js';
import type {
  ApplyDocumentDispatchOptions,
  DispatchCode,
  DispatchEmail,
  DispatchItem,
  DispatchPlan,
  DispatchPlanBody,
  DispatchPlanDocument,
  DispatchPlanDocumentEntry,
  DispatchPlanItem,
  DispatchReport,
  DispatchStatus,
  DocumentDispatchPorts,
} from './types.js';

export { DOCUMENTS_JOURNAL, documentKey } from './shared.js';
export { DOCUMENT_VERSIONS_JOURNAL, documentVersionsKey as documentVersionKey } from '../workflow/document-versions.js';

/** Why a document's bytes cannot be had: thrown inside the send effect before anything leaves (`effect: 'none'`). */
class BytesProblem extends Error {
  readonly effect = 'none';
  constructor(
    readonly status: 'held' | 'failed',
    readonly code: DispatchCode,
    readonly params: MessageParams = {},
  ) {
    super(code);
  }
}

const isPreview = (value: DispatchPlan | DispatchPlanDocument): value is DispatchPlan =>
  typeof value === 'object' && value !== null && 'document' in value && typeof (value as { document?: unknown }).document === 'object';

/** The archive again, checked against the plan: its PDFs by index. */
async function rereadArchive(body: DispatchPlanBody, selected: readonly DispatchPlanItem[], options: ApplyDocumentDispatchOptions, locale: Locale): Promise<Map<number, ZipPdf> | undefined> {
  if (options.zip === undefined) return undefined;
  const archive = await collectZip(options.zip, { ...DEFAULT_ZIP_LIMITS, ...options.limits }, locale);
  const actual = await sha256Hex(archive);
  if (actual !== body.archiveSha256) throw new PlanError('plan_source_mismatch', { expected: body.archiveSha256.slice(0, 8), actual: actual.slice(0, 8) }, { locale });
  // The very archive the preview read: only the entries the items applied send are inflated and kept (a chunk of a
  // season's archive holds its own documents, not every entry's bytes), in archive order up to the last one needed.
  const wanted = new Set<number>();
  let last = -1;
  for (const item of selected) {
    for (const doc of item.documents) {
      wanted.add(doc.index);
      last = Math.max(last, doc.index);
    }
  }
  const entries = await openZipEntries(archive, { ...(options.limits === undefined ? {} : { limits: options.limits }), locale });
  const found = new Map<number, ZipPdf>();
  for (let i = 0; i <= last; i++) {
    const next = entries.next();
    if (next.done === true) break;
    if (wanted.has(i) && next.value.status === 'pdf') found.set(i, next.value);
  }
  return found;
}

/**
 * Applies a dispatch plan — the preview itself, or its `document` kept by the host and read back with
 * `loadDispatchPlan` — to all its items or to `options.items`. For each client: re-checks the client against the
 * store (gone → `client_gone`; the number the file name was matched on no longer theirs → `dispatch_changed_since_preview`),
 * invites them through the shared invitations journal when the plan says so, sends each document (a new version
 * when the client already has another one of the same type and year), then sends one e-mail listing them.
 *
 * The bytes sent come from the preview (same process), `ports.documents` (filled by the preview), or
 * `options.zip` (the same archive again: of it, only the entries of the items applied are inflated, in archive order up
 * to the last one they need); every byte is re-hashed against the plan and a mismatch is never sent.
 *
 * Exactly once: each document, invitation and e-mail is claimed in the journal before it is done and recorded after
 * (`runEffect`). Applying again — after a crash, a failure, or in chunks in any order, any number of times — does
 * only what is missing; an apply that finds another one working on a step holds it (`step_in_progress`); an e-mail
 * an earlier run may have sent, with a mailer that has no idempotency keys, is reported `delivery_unknown`, never
 * repeated. One client's failure never stops the others; every document of the items applied gets an item.
 *
 * @throws {@link PlanError} for a stored plan that cannot be read (see `loadDispatchPlan`), or `plan_source_mismatch`
 * when `options.zip` is not the previewed archive; {@link InvalidArgumentError} when the portal does not declare
 * `capabilities.documents`, the templates use unknown variables, or `options.items` names an item the plan does not
 * have — all before anything is sent.
 *
 * @example
 * ```ts
 * const plan = await loadDispatchPlan(storedJson);
 * const report = await applyDocumentDispatch(plan, { store, portal, mailer, documents }, { items: ['c-17', 'c-42'] });
 * console.log(formatDispatchReport(report, 'en'));
 * ```
 */
export async function applyDocumentDispatch(
  planOrDocument: DispatchPlan | DispatchPlanDocument,
  ports: DocumentDispatchPorts,
  options: ApplyDocumentDispatchOptions = {},
): Promise<DispatchReport> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'applyDocumentDispatch options must be an object' });
  if (typeof planOrDocument !== 'object' || planOrDocument === null) {
    throw new InvalidArgumentError('invalid_input', { detail: 'applyDocumentDispatch expects a preview or a stored plan (loadDispatchPlan)' });
  }
  ports = guardPorts(ports, options);
  const given = isPreview(planOrDocument) ? planOrDocument.document : planOrDocument;
  const inMemory = bytesOfPreview(given);
  // Read back like a stored plan even when it comes from this process: a changed plan is never applied.
  const document = await loadDispatchPlan(given);
  const { body, planId } = document;
  const locale = document.locale;
  const { store, portal, mailer, documents } = ports;
  if (portal?.capabilities?.documents !== true || typeof portal.sendDocument !== 'function') {
    throw new InvalidArgumentError('invalid_input', { detail: 'the portal does not declare capabilities.documents, so it cannot receive documents' }, { locale });
  }
  const sendDocument = portal.sendDocument.bind(portal);
  checkDocumentEmailTemplates(options.emailTemplates);
  checkInvitationTemplates(options.templates);
  const known = new Set(body.items.map((i) => i.key));
  if (options.items !== undefined) {
    if (!Array.isArray(options.items) || options.items.some((k) => typeof k !== 'string' || !known.has(k))) {
      throw new InvalidArgumentError('invalid_input', { detail: 'options.items must list keys of this plan\'s items (client ids)' }, { locale });
    }
  }
  const chosen = options.items === undefined ? undefined : new Set(options.items);
  const selected = chosen === undefined ? body.items : body.items.filter((i) => chosen.has(i.key));
  const zipEntries = await rereadArchive(body, selected, options, locale);

  const context = createWorkflowContext('document-dispatch', planId, store, options);
  const progress = guardProgress(context, options.onProgress);
  const items = new Map<number, DispatchItem>();
  const emails: DispatchEmail[] = [];
  let invited = 0;

  // The lines the plan does not send: a rejected entry needs a person as much as a held one.
  for (const l of body.notSent) {
    if (chosen !== undefined && (l.clientId === undefined || !chosen.has(l.clientId))) continue;
    items.set(l.index, {
      index: l.index,
      displayName: l.displayName,
      status: l.status === 'skipped' ? 'skipped' : 'held',
      code: l.code,
      params: l.params,
      ...(l.clientId === undefined ? {} : { clientId: l.clientId }),
    });
  }

  const bytesFor = async (doc: DispatchPlanDocumentEntry, client: StoredClient): Promise<Uint8Array> => {
    const checked = async (bytes: Uint8Array, expected: string): Promise<Uint8Array> => {
      const actual = await sha256Hex(bytes);
      if (actual !== expected) throw new BytesProblem('failed', 'document_bytes_mismatch', { expected: expected.slice(0, 8), actual: actual.slice(0, 8) });
      return bytes;
    };
    // The preview's own copy (this process, never out of its hands) was hashed when it was made.
    const own = inMemory?.get(doc.sha256);
    if (own !== undefined) return own;
    const kept = await documents?.get(doc.sha256);
    if (kept !== undefined) return checked(kept, doc.sha256);
    const entry = zipEntries?.get(doc.index);
    if (entry === undefined) throw new BytesProblem('held', 'document_bytes_missing');
    const source = await checked(entry.bytes, doc.sourceSha256);
    if (doc.sha256 === doc.sourceSha256) return source;
    // The plan sends the decrypted copy of a password-protected PDF: decrypt it again, or hold it.
    const password = options.passwordFor === undefined ? undefined : await options.passwordFor({ client, fileName: entry.name });
    if (typeof password !== 'string' || password === '') throw new BytesProblem('held', 'document_password_needed');
    return checked(await (await loadDecrypter())(source, { password }), doc.sha256);
  };

  const total = selected.length;
  let done = 0;
  const notStarted = await runPool(selected, options.concurrency ?? 4, options.signal, async (item) => {
    const put = (doc: DispatchPlanDocumentEntry, status: DispatchStatus, code: DispatchCode, params: MessageParams = {}, extra: { documentId?: string; versionNumber?: number } = {}): void => {
      items.set(doc.index, { index: doc.index, displayName: doc.displayName, status, code, params, clientId: item.clientId, ...extra } as DispatchItem);
    };
    const all = (status: DispatchStatus, code: DispatchCode, params: MessageParams = {}): void => {
      for (const doc of item.documents) if (!items.has(doc.index)) put(doc, status, code, params);
    };
    try {
      const outcome = await applyItem(item, context, { put, all, bytesFor, sendDocument, zipEntries, options, body, mailer, ports, locale });
      if (outcome.invited) invited++;
      if (outcome.email !== undefined) emails.push(outcome.email);
    } catch (error) {
      // A store that failed mid-way: whatever was not settled is reported, never dropped.
      all('failed', 'dispatch_store_failed', describeErrorParams(error));
    } finally {
      done++;
      progress.call({ done, total });
    }
  });
  for (const i of notStarted) for (const doc of selected[i]?.documents ?? []) items.set(doc.index, { index: doc.index, displayName: doc.displayName, status: 'held', code: 'dispatch_aborted', params: {}, clientId: selected[i]?.clientId as string });

  const ordered = [...items.values()].sort((a, b) => a.index - b.index);
  return {
    planId,
    items: ordered,
    emails,
    summary: summarizeDispatch(ordered, emails, invited),
    aborted: notStarted.length > 0,
    progressFailed: progress.failed(),
    locale,
  };
}

/** The totals of a dispatch report, from its items and e-mails (one apply's, or a whole plan's assembled). @internal */
export function summarizeDispatch(items: readonly DispatchItem[], emails: readonly DispatchEmail[], invited: number): DispatchReport['summary'] {
  const count = (status: DispatchStatus): number => items.filter((i) => i.status === status).length;
  return {
    sent: count('sent'),
    skipped: count('skipped'),
    held: count('held'),
    failed: count('failed'),
    emailsSent: emails.filter((e) => e.status === 'sent').length,
    emailsNotSent: emails.filter((e) => e.status === 'failed' || e.status === 'held' || e.status === 'delivery_unknown').length,
    invited,
  };
}

interface ItemTools {
  readonly put: (doc: DispatchPlanDocumentEntry, status: DispatchStatus, code: DispatchCode, params?: MessageParams, extra?: { documentId?: string; versionNumber?: number }) => void;
  readonly all: (status: DispatchStatus, code: DispatchCode, params?: MessageParams) => void;
  readonly bytesFor: (doc: DispatchPlanDocumentEntry, client: StoredClient) => Promise<Uint8Array>;
  readonly sendDocument: NonNullable<DocumentDispatchPorts['portal']['sendDocument']>;
  readonly zipEntries: ReadonlyMap<number, ZipPdf> | undefined;
  readonly options: ApplyDocumentDispatchOptions;
  readonly body: DispatchPlanBody;
  readonly mailer: Mailer | undefined;
  readonly ports: DocumentDispatchPorts;
  readonly locale: Locale;
}

/** Whether the client is still the one the file names were matched to. */
function stillMatches(client: StoredClient, item: DispatchPlanItem, tools: ItemTools): boolean {
  if (item.matched.masked !== undefined && maskedIdentifier(client, item.matched.by) !== item.matched.masked) return false;
  if (tools.zipEntries === undefined) return true;
  // With the archive again, the real file names are matched again against the client as stored now.
  const index = createClientIndex([client]);
  const kind = DOC_KIND[tools.body.documentType];
  return item.documents.every((doc) => {
    const entry = tools.zipEntries?.get(doc.index);
    if (entry === undefined) return true;
    const match = matchPdfToClient(entry.name, index, { ...(tools.body.pattern === undefined ? {} : { pattern: tools.body.pattern }), year: tools.body.year, ...(kind === undefined ? {} : { kind }) });
    return match.status === 'matched';
  });
}

/** One client: re-check, invitation, documents, e-mail. Throws only when the store fails outside an effect. */
async function applyItem(item: DispatchPlanItem, context: WorkflowContext, tools: ItemTools): Promise<{ invited: boolean; email?: DispatchEmail }> {
  const { store } = context;
  const { body, options, put, all } = tools;
  const current = await store.get(item.clientId);
  if (current === undefined) {
    all('held', 'client_gone');
    return { invited: false };
  }
  if (!stillMatches(current, item, tools)) {
    all('held', 'dispatch_changed_since_preview');
    return { invited: false };
  }
  // 1. The invitation: the invitations journal decides, never "the portal user exists".
  let invitedNow = false;
  const invited = await invitedBefore(store, current.id);
  const block = invitationBlock(current, invited, body.uninvited, tools.ports);
  if (block !== undefined) {
    all('held', block);
    return { invited: false };
  }
  if (!invited) {
    const { portal, mailer } = tools.ports;
    const invitation = await ensureInvitation(current, { store, portal, ...(mailer === undefined ? {} : { mailer }) }, options, tools.locale, context);
    if (invitation.status !== 'sent' && invitation.status !== 'already_sent') {
      all('held', invitation.reason ?? 'invitation_failed', invitation.params ?? { detail: invitation.status });
      return { invited: false };
    }
    invitedNow = invitation.status === 'sent';
  }

  // 2. The documents, each at most once (keyed by the archive entry, the client, the type and the year).
  const language = current.language ?? options.defaultLanguage ?? DEFAULT_LOCALE;
  const versions = await readVersions(store, current.id, body.documentType, body.year);
  const recorded = new Set(versions.keys());
  const delivered: { doc: DispatchPlanDocumentEntry; version: number }[] = [];
  for (const doc of item.documents) {
    const version = versionOf(versions, doc.sourceSha256, true);
    const started = Date.now();
    const key = documentKey(doc.sourceSha256, current.id, body.documentType, body.year);
    const sent = await runEffect<SendDocumentResult>(
      context,
      { applyId: DOCUMENTS_JOURNAL, itemKey: key, step: 'send', clientId: current.id },
      {
        idempotent: true,
        run: async () => {
          const pdf = await tools.bytesFor(doc, current);
          const result = await tools.sendDocument({
            clientId: current.id,
            idempotencyKey: key,
            fileName: doc.displayName,
            pdf,
            sha256: doc.sha256,
            documentType: body.documentType,
            taxYear: body.year,
            purpose: body.purpose,
            title: documentTitle(body, language, version),
            language,
            fields: doc.fields,
            signers: body.signers,
          });
          // The version sent is recorded with the `done` entry, in one write (signature sync reads it).
          const entries = recorded.has(doc.sourceSha256)
            ? []
            : [documentVersionEntry({ n: version, sha256: doc.sourceSha256, documentId: result.document.id }, current.id, body.documentType, body.year, context.now())];
          return { ref: result.document.id, value: result, entries };
        },
      },
    );
    context.log({ event: 'step', step: 'send', item: current.id, outcome: sent.status, ms: Date.now() - started });
    let documentId: string | undefined;
    switch (sent.status) {
      case 'done':
        documentId = sent.value.document.id;
        if (sent.value.created) put(doc, 'sent', 'document_sent', {}, { documentId, versionNumber: version });
        else put(doc, 'skipped', 'document_already_sent', {}, { documentId });
        break;
      case 'finished':
        documentId = sent.entry.ref ?? '';
        put(doc, 'skipped', 'document_already_sent', {}, sent.entry.ref === undefined ? {} : { documentId: sent.entry.ref });
        break;
      case 'held':
        put(doc, 'held', 'step_in_progress');
        break;
      case 'unknown':
        put(doc, 'held', 'step_unknown', { step: 'send' });
        break;
      case 'failed':
        if (sent.error instanceof BytesProblem) put(doc, sent.error.status, sent.error.code, sent.error.params);
        else put(doc, 'failed', 'document_send_failed', describeErrorParams(sent.error));
        break;
    }
    if (documentId === undefined) continue;
    delivered.push({ doc, version });
    versions.set(doc.sourceSha256, version);
    if (sent.status === 'done' && !sent.unrecorded) recorded.add(doc.sourceSha256);
    if (!recorded.has(doc.sourceSha256)) {
      // Which version is the newest, for signature sync (an earlier run sent it, or the write with `done` failed);
      // a failed write is completed by the next apply.
      recorded.add(doc.sourceSha256);
      await store
        .appendJournal([documentVersionEntry({ n: version, sha256: doc.sourceSha256, documentId }, current.id, body.documentType, body.year, context.now())])
        .catch(() => undefined);
    }
  }

  // 3. One e-mail for what this client received, once per plan.
  if (delivered.length === 0) return { invited: invitedNow };
  return { invited: invitedNow, email: await emailClient(current, item, delivered, context, tools, language) };
}

/** The title the portal and the e-mail show: `T183 — Autorisation… (2025)`, and the version past the first. */
function documentTitle(body: DispatchPlanBody, language: Locale, version: number): string {
  const title = `${body.documentType} — ${body.title[language]} (${body.year})`;
  return version > 1 ? `${title} — ${renderMessage('document_new_version', { version }, language)}` : title;
}

async function emailClient(
  client: StoredClient,
  item: DispatchPlanItem,
  delivered: readonly { doc: DispatchPlanDocumentEntry; version: number }[],
  context: WorkflowContext,
  tools: ItemTools,
  language: Locale,
): Promise<DispatchEmail> {
  const result = (status: DispatchEmail['status'], code: DispatchCode, params: MessageParams = {}, messageId?: string): DispatchEmail => ({
    clientId: client.id,
    clientLabel: item.label,
    status,
    code,
    params,
    ...(messageId === undefined ? {} : { messageId }),
  });
  const email = client.email?.trim();
  if (email === undefined || email === '') return result('not_sent', 'document_email_no_address');
  const mailer = tools.mailer;
  if (mailer === undefined) return result('not_sent', 'document_email_no_mailer');
  const { body, options } = tools;
  const names = client.kind === 'individual' ? { name: client.firstName, fullName: `${client.firstName} ${client.lastName}` } : { name: client.contactName ?? client.name, fullName: client.name };
  const titles = delivered.map((d) => documentTitle(body, language, d.version));
  const mail = renderDocumentEmail(
    language,
    {
      ...names,
      firmName: options.firmName ?? DEFAULT_FIRM_NAME[language],
      year: String(body.year),
      count: String(delivered.length),
      documents: titles.map((t) => `- ${t}`).join('\n'),
      documentsHtml: `<ul>${titles.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`,
      portalUrl: options.portalUrl ?? '',
      action: DOCUMENT_ACTIONS[body.purpose][language],
    },
    options.emailTemplates,
  );
  const started = Date.now();
  const sent = await runEffect(
    context,
    { applyId: context.planId, itemKey: client.id, step: 'email', clientId: client.id },
    {
      idempotent: mailer.capabilities.idempotencyKeys,
      run: async () => {
        const receipt = await mailer.send({ to: email, ...mail, language, idempotencyKey: `taxsync-${context.planId}-${client.id}`, category: `documents-${body.purpose}` });
        return { ref: receipt.id, value: receipt };
      },
    },
  );
  context.log({ event: 'step', step: 'email', item: client.id, outcome: sent.status, ms: Date.now() - started });
  switch (sent.status) {
    case 'done':
      return sent.value.duplicate ? result('already_sent', 'document_email_already_sent', {}, sent.value.id) : result('sent', 'document_email_sent', {}, sent.value.id);
    case 'finished':
      return result('already_sent', 'document_email_already_sent', {}, sent.entry.ref);
    case 'held':
      return result('held', 'step_in_progress');
    case 'unknown':
      return result('delivery_unknown', 'document_email_unknown');
    case 'failed':
      return result('failed', 'document_email_failed', describeErrorParams(sent.error));
  }
}
