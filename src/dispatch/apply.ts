/**
 * Job 2, document dispatch, second half: send each ready document to its client's portal folder, with one e-mail per
 * client in their language. Idempotent: resumes after a crash without sending anything twice.
 */
import { describeError } from '../internal/describe-error.js';
import { hashKey } from '../internal/hash.js';
import { runPool } from '../internal/pool.js';
import { createWorkflowContext } from '../workflow/context.js';
import { ensureInvitation, type InvitationOutcome } from '../workflow/invitations.js';
import { DEFAULT_FIRM_NAME } from '../email/invitation.js';
import { escapeHtml } from '../internal/html.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { renderMessage, type ClientMessageCode, type Locale, type MessageParamsFor } from '../messages/catalogue.js';
import { DOCUMENT_ACTIONS } from '../messages/words.js';
import type { ClientStore, Mailer, StoredClient } from '../ports.js';
import { checkDocumentEmailTemplates, renderDocumentEmail } from '../email/document-notice.js';
import type { ApplyDocumentDispatchOptions, DispatchEmail, DispatchItem, DispatchLine, DispatchPlan, DispatchReport, DispatchSent, DispatchStatus, DocumentDispatchPorts } from './types.js';
import { guardPorts } from '../workflow/ports-guard.js';

/** Journal scope of sent documents: shared by every dispatch, so a document is never sent twice by two plans. */
export const DOCUMENTS_JOURNAL = 'taxsync:documents';

/** The idempotency key of a document: its content, its client, its type and its year. No personal data. */
export function documentKey(sha: string, clientId: string, documentType: string, year: number): string {
  return `taxsync-doc-${sha.slice(0, 40)}-${hashKey(`${clientId}\u0000${documentType}\u0000${year}`)}`;
}

/**
 * Applies a dispatch plan: for each client, invites them when needed (or holds their documents), sends each ready
 * document to the portal, then sends one e-mail listing them in the client's language.
 *
 * Nothing twice: each document goes with a key made of its SHA-256, its client, its type and its year, recorded in
 * the journal, so running the same plan again — after a crash, after a portal failure — sends only what is missing
 * and e-mails a client once. One client's failure never stops the others.
 *
 * @throws {@link InvalidArgumentError} when the portal does not declare `capabilities.documents`, or the templates
 * use unknown variables — before anything is sent.
 */
export async function applyDocumentDispatch(plan: DispatchPlan, ports: DocumentDispatchPorts, options: ApplyDocumentDispatchOptions = {}): Promise<DispatchReport> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'applyDocumentDispatch options must be an object' });
  ports = guardPorts(ports, options);
  const locale = options.locale ?? plan.locale;
  const { store, portal, mailer } = ports;
  if (portal.capabilities.documents !== true || portal.sendDocument === undefined) {
    throw new InvalidArgumentError('invalid_input', { detail: 'the portal does not declare capabilities.documents, so it cannot receive documents' }, { locale });
  }
  const sendDocument = portal.sendDocument.bind(portal);
  checkDocumentEmailTemplates(options.emailTemplates);
  const now = options.now ?? (() => new Date());
  const context = createWorkflowContext('document-dispatch', plan.planId, store, options);
  const items = new Map<number, DispatchItem>();
  const emails: DispatchEmail[] = [];
  let invited = 0;

  /** One item; its status and reason are matched by the calls below (a reason for all but `sent`, an id for `sent`). */
  const item = (l: DispatchLine, status: DispatchStatus, reason: Exclude<DispatchItem, DispatchSent>['reason'] | undefined, message: string, documentId?: string): void => {
    items.set(l.index, {
      index: l.index,
      displayName: l.displayName,
      status,
      ...(reason === undefined ? {} : { reason }),
      message,
      ...(l.client === undefined ? {} : { clientId: l.client.id }),
      ...(documentId === undefined ? {} : { documentId }),
    } as DispatchItem);
  };
  // A rejected entry (not a PDF, encrypted, damaged) needs a person as much as a held one.
  for (const l of plan.lines) if (l.status !== 'ready') item(l, l.status === 'skipped' ? 'skipped' : 'held', l.reason, l.message);

  let done = 0;
  const notStarted = await runPool(plan.groups, options.concurrency ?? 4, options.signal, async (group) => {
    const docs = group.lines.map((i) => plan.lines[i]).filter((l): l is DispatchLine => l !== undefined);
    try {
      const current = await store.get(group.clientId);
      if (current === undefined) {
        for (const l of docs) item(l, 'held', 'client_gone', renderMessage('client_gone', {}, locale));
        return;
      }
      // 1. The client's portal account.
      const user = await portal.getUser(current.id);
      if (user === undefined) {
        if (options.uninvited === 'hold') {
          for (const l of docs) item(l, 'held', 'not_invited', renderMessage('client_not_invited', {}, locale));
          return;
        }
        const invitation: InvitationOutcome = await ensureInvitation(current, { store, portal, ...(mailer === undefined ? {} : { mailer }) }, options, locale, context);
        if (invitation.status === 'sent') invited++;
        if (invitation.status === 'failed' || invitation.status === 'not_invited' || invitation.status === 'held') {
          const detail = invitation.message ?? invitation.reason ?? '';
          for (const l of docs) item(l, 'held', 'invitation_failed', renderMessage('client_invitation_failed', { detail }, locale));
          return;
        }
      }
      // 2. The documents.
      const language = current.language ?? options.defaultLanguage ?? 'fr';
      const delivered: DispatchLine[] = [];
      for (const l of docs) {
        if (l.pdf === undefined || l.sha256 === undefined) continue;
        const key = documentKey(l.sha256, current.id, plan.documentType, plan.year);
        try {
          const journal = await store.readJournal(DOCUMENTS_JOURNAL, key);
          const previous = journal.filter((e) => e.step === 'send' && e.status === 'done').at(-1);
          if (previous !== undefined) {
            item(l, 'skipped', 'already_sent', renderMessage('document_already_sent', {}, locale), previous.ref);
            delivered.push(l);
            continue;
          }
          const result = await sendDocument({
            clientId: current.id,
            idempotencyKey: key,
            fileName: l.path.split('/').pop() ?? l.path,
            pdf: l.pdf,
            sha256: l.sha256,
            documentType: plan.documentType,
            taxYear: plan.year,
            purpose: plan.purpose,
            title: `${plan.documentType} — ${plan.title[language]} (${plan.year})`,
            language,
            fields: l.fields ?? [],
            signers: plan.signers,
          });
          await store.appendJournal([{ applyId: DOCUMENTS_JOURNAL, itemKey: key, step: 'send', status: 'done', clientId: current.id, ref: result.document.id, at: now().toISOString() }]);
          if (result.created) item(l, 'sent', undefined, renderMessage('document_sent', {}, locale), result.document.id);
          else item(l, 'skipped', 'already_sent', renderMessage('document_already_sent', {}, locale), result.document.id);
          delivered.push(l);
        } catch (error) {
          item(l, 'failed', 'send_failed', renderMessage('document_send_failed', { detail: describeError(error) }, locale));
        }
      }
      // 3. One e-mail for what this client received, once per plan.
      if (delivered.length > 0) emails.push(await emailClient(current, delivered, plan, { store, mailer }, options, language, locale, now));
    } catch (error) {
      for (const l of docs) if (!items.has(l.index)) item(l, 'failed', 'send_failed', renderMessage('document_send_failed', { detail: describeError(error) }, locale));
    } finally {
      done++;
      options.onProgress?.({ done, total: plan.groups.length });
    }
  });
  for (const gi of notStarted) {
    const group = plan.groups[gi];
    for (const i of group?.lines ?? []) {
      const l = plan.lines[i];
      if (l !== undefined) item(l, 'held', 'aborted', renderMessage('dispatch_aborted', {}, locale));
    }
  }

  const ordered = [...items.values()].sort((a, b) => a.index - b.index);
  const count = (status: DispatchStatus): number => ordered.filter((i) => i.status === status).length;
  return {
    planId: plan.planId,
    items: ordered,
    emails,
    summary: {
      sent: count('sent'),
      skipped: count('skipped'),
      held: count('held'),
      failed: count('failed'),
      emailsSent: emails.filter((e) => e.status === 'sent').length,
      invited,
    },
    aborted: notStarted.length > 0,
    locale,
  };
}

async function emailClient(
  client: StoredClient,
  delivered: readonly DispatchLine[],
  plan: DispatchPlan,
  ports: { store: ClientStore; mailer: Mailer | undefined },
  options: ApplyDocumentDispatchOptions,
  language: Locale,
  locale: Locale,
  now: () => Date,
): Promise<DispatchEmail> {
  const result = <R extends ClientMessageCode>(status: DispatchEmail['status'], reason?: R, params?: MessageParamsFor<R>, messageId?: string): DispatchEmail => ({
    clientId: client.id,
    clientName: client.kind === 'individual' ? `${client.firstName} ${client.lastName}` : client.name,
    status,
    ...(reason === undefined ? {} : { reason, message: renderMessage<ClientMessageCode>(reason, params ?? {}, locale) }),
    ...(messageId === undefined ? {} : { messageId }),
  });
  const email = client.email?.trim();
  if (email === undefined || email === '') return result('not_sent', 'no_email');
  if (ports.mailer === undefined) return result('not_sent', 'email_send_failed', { detail: 'no mailer' });
  const mailer = ports.mailer;
  const journal = await ports.store.readJournal(plan.planId, client.id);
  const last = journal.filter((e) => e.step === 'email').at(-1);
  if (last?.status === 'done') return result('already_sent', undefined, {}, last.ref);
  if (last?.status === 'pending' && !mailer.capabilities.idempotencyKeys) return result('failed', 'delivery_unknown');

  const names = client.kind === 'individual' ? { name: client.firstName, fullName: `${client.firstName} ${client.lastName}` } : { name: client.contactName ?? client.name, fullName: client.name };
  const titles = delivered.map(() => `${plan.documentType} — ${plan.title[language]} (${plan.year})`);
  const action = DOCUMENT_ACTIONS[plan.purpose][language];
  const mail = renderDocumentEmail(
    language,
    {
      ...names,
      firmName: options.firmName ?? DEFAULT_FIRM_NAME[language],
      year: String(plan.year),
      count: String(delivered.length),
      documents: titles.map((t) => `- ${t}`).join('\n'),
      documentsHtml: `<ul>${titles.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`,
      portalUrl: options.portalUrl ?? '',
      action,
    },
    options.emailTemplates,
  );
  try {
    if (!mailer.capabilities.idempotencyKeys) {
      await ports.store.appendJournal([{ applyId: plan.planId, itemKey: client.id, step: 'email', status: 'pending', clientId: client.id, at: now().toISOString() }]);
    }
    const receipt = await mailer.send({ to: email, ...mail, language, idempotencyKey: `taxsync-${plan.planId}-${client.id}`, category: `documents-${plan.purpose}` });
    await ports.store.appendJournal([{ applyId: plan.planId, itemKey: client.id, step: 'email', status: 'done', clientId: client.id, ref: receipt.id, at: now().toISOString() }]);
    return result(receipt.duplicate ? 'already_sent' : 'sent', undefined, {}, receipt.id);
  } catch (error) {
    return result('failed', 'email_send_failed', { detail: describeError(error) });
  }
}
