/**
 * Job 2, document dispatch: a `.zip` of PDFs printed by the tax program → each PDF matched to exactly one client →
 * (to sign) its signature fields placed → sent to the client's portal folder, with one e-mail per client in their
 * language. A preview writes nothing; an apply is idempotent and resumes after a crash without sending anything twice.
 */
import { describeError } from '../internal/describe-error.js';
import { hashKey } from '../internal/hash.js';
import { runPool } from '../internal/pool.js';
import { ensureInvitation, type InvitationOutcome, type InvitationSettings } from '../workflow/invitations.js';
import { DEFAULT_FIRM_NAME } from '../email/invitation.js';
import { escapeHtml } from '../internal/html.js';
import type { ClientKind } from '../model/client.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { renderMessage, type ClientMessageCode, type Locale, type MessageParamsFor } from '../messages/catalogue.js';
import { DOCUMENT_ACTIONS } from '../messages/words.js';
import type { ClientStore, DocumentPurpose, Mailer, Portal, StoredClient } from '../ports.js';
import { createLayoutRegistry, type LayoutRegistry } from '../signatures/registry.js';
import type { HeldReason, LocalizedText, PdfProtection, PlacedField, ResolveResult, SignatureLayout, SignerRole } from '../signatures/types.js';
import { createClientIndex } from '../matching/client-index.js';
import { checkDocumentEmailTemplates, renderDocumentEmail, type DocumentEmailTemplates } from '../email/document-notice.js';
import { matchPdfToClient, maskFileName, type MatchedBy, type MatchReason } from '../matching/match.js';
import { compileNamingPattern } from '../matching/patterns.js';
import { readZip, type ZipLimits, type ZipRejectReason, type ZipSkipReason } from '../zip/archive.js';

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

const DOC_KIND: Readonly<Record<string, ClientKind>> = {
  T183: 'individual',
  'TP-1000.TE': 'individual',
  T183CORP: 'corporation',
  'CO-1000.TE': 'corporation',
};

const hex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function sha256(bytes: Uint8Array): Promise<string> {
  return hex(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

let defaultResolver: Promise<ResolveFields> | undefined;
const loadResolver = (): Promise<ResolveFields> =>
  (defaultResolver ??= import('../signatures/pdf/resolve.js').then((m) => m.resolveSignatureFields));
let decrypter: Promise<(pdf: Uint8Array, options: { password?: string }) => Promise<Uint8Array>> | undefined;
const loadDecrypter = (): Promise<(pdf: Uint8Array, options: { password?: string }) => Promise<Uint8Array>> =>
  (decrypter ??= import('../signatures/pdf/decrypt.js').then((m) => m.decryptPdf));

/**
 * A password-protected PDF's fields, placed with the password `passwordFor` gives, and the PDF to send (decrypted);
 * `undefined` when the host has no password for it.
 */
async function resolveProtected(
  pdf: Uint8Array,
  layout: SignatureLayout,
  resolve: ResolveFields,
  passwordFor: PasswordFor,
  request: PasswordRequest,
): Promise<{ resolved: ResolveResult; pdf: Uint8Array } | undefined> {
  let password: string | undefined;
  try {
    password = await passwordFor(request);
  } catch {
    // The host's lookup failed: held for want of a password (its error, which may quote the password, is not shown).
    return undefined;
  }
  if (typeof password !== 'string' || password === '') return undefined;
  const resolved = await resolve(pdf, layout, { password });
  if (resolved.status !== 'resolved' || resolved.protection?.encryption !== 'password') return { resolved, pdf };
  return { resolved, pdf: await (await loadDecrypter())(pdf, { password }) };
}

/**
 * Previews a dispatch: reads the archive, matches every PDF to one client of the store, and (to sign) places the
 * signature fields on each PDF. Writes nothing. Every entry of the archive gets a line: ready, held with a reason,
 * rejected or skipped — nothing vanishes.
 *
 * @throws {@link ZipError} when the archive as a whole cannot be read; `LayoutError` when signing a type/year with no
 * layout; {@link InvalidArgumentError} `pattern_invalid`.
 *
 * @example
 * ```ts
 * const plan = await previewDocumentDispatch(
 *   { zip: await readFile('T183-2025.zip'), documentType: 'T183', year: 2025, purpose: 'sign', pattern: '{sin} - {name}.pdf' },
 *   { store },
 *   { locale: 'fr' },
 * );
 * console.log(formatDispatchPreview(plan, 'fr'));
 * ```
 */
export async function previewDocumentDispatch(
  input: DocumentDispatchInput,
  ports: Pick<DocumentDispatchPorts, 'store'>,
  options: PreviewDocumentDispatchOptions = {},
): Promise<DispatchPlan> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewDocumentDispatch options must be an object' });
  const locale = options.locale ?? 'fr';
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewDocumentDispatch expects an input object (zip, documentType, year, purpose)' }, { locale });
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > 2200) {
    throw new InvalidArgumentError('invalid_input', { detail: `year must be a tax year, got ${String(input.year)}` }, { locale });
  }
  const pattern = input.pattern === undefined ? undefined : compileNamingPattern(input.pattern);
  const registry = options.layouts ?? createLayoutRegistry();
  // Signing needs a layout (unknown pairs throw here, before anything is read); consulting only borrows its title.
  let layout: SignatureLayout | undefined;
  if (input.purpose === 'sign') layout = registry.layoutFor(input.year, input.documentType);
  else {
    try {
      layout = registry.layoutFor(input.year, input.documentType);
    } catch {
      layout = undefined;
    }
  }
  const title: LocalizedText = layout?.title ?? { en: input.documentType, fr: input.documentType };
  const resolve = input.purpose === 'sign' ? (options.resolveFields ?? (await loadResolver())) : undefined;

  const entries = await readZip(input.zip, { ...(options.limits === undefined ? {} : { limits: options.limits }), locale });
  const clients: StoredClient[] = [];
  for await (const client of ports.store.list()) clients.push(client);
  const index = createClientIndex(clients);
  const kind = DOC_KIND[input.documentType];

  const lines: DispatchLine[] = [];
  const seen = new Map<string, string>();
  for (const [i, entry] of entries.entries()) {
    const base = { index: i, path: entry.path, displayName: maskFileName(entry.name) };
    const line = (status: DispatchLine['status'], reason: DispatchHoldReason | undefined, message: string, extra: Partial<DispatchLine> = {}): void => {
      lines.push({ ...base, status, ...(reason === undefined ? {} : { reason }), message, ...extra });
    };
    if (entry.status === 'skipped') {
      line('skipped', entry.reason, renderMessage(entry.reason, {}, locale));
      continue;
    }
    if (entry.status === 'rejected') {
      line('rejected', entry.reason, renderMessage(entry.reason, {}, locale));
      continue;
    }
    const digest = await sha256(entry.bytes);
    const match = matchPdfToClient(entry.name, index, {
      ...(pattern === undefined ? {} : { pattern }),
      year: input.year,
      ...(kind === undefined ? {} : { kind }),
      locale,
    });
    if (match.status !== 'matched') {
      line('held', match.reason, match.message, { sha256: digest });
      continue;
    }
    const client = match.client;
    // The same PDF for the same client twice (a copy in another folder) is sent once. The same PDF for two clients
    // (a generic letter) is two documents.
    const first = seen.get(`${digest}:${client.id}`);
    if (first !== undefined) {
      line('skipped', 'duplicate_in_zip', renderMessage('duplicate_in_zip', { first: maskFileName(first) }, locale), { sha256: digest, client });
      continue;
    }
    seen.set(`${digest}:${client.id}`, entry.path);
    if (resolve === undefined || layout === undefined) {
      line('ready', undefined, renderMessage('document_ready_consult', {}, locale), { client, matchedBy: match.by, sha256: digest, pdf: entry.bytes });
      continue;
    }
    let resolved: ResolveResult;
    let pdf = entry.bytes;
    try {
      resolved = await resolve(entry.bytes, layout);
      // Asked only now that the file is matched to its client, and only for a PDF that needs a password.
      if (resolved.status === 'held' && resolved.reason === 'password_required' && options.passwordFor !== undefined) {
        ({ resolved, pdf } = (await resolveProtected(entry.bytes, layout, resolve, options.passwordFor, { client, fileName: entry.name })) ?? { resolved, pdf });
      }
    } catch (error) {
      line('held', 'unreadable', describeError(error), { client, matchedBy: match.by, sha256: digest });
      continue;
    }
    if (resolved.status === 'held') {
      line('held', resolved.reason, resolved.message[locale], { client, matchedBy: match.by, sha256: digest });
      continue;
    }
    const placedBy = [...new Set(resolved.fields.map((f) => f.placedBy))].join(', ');
    const ready = renderMessage('document_ready_sign', { fields: resolved.fields.length, placedBy }, locale);
    line('ready', undefined, resolved.protection === undefined ? ready : `${ready} ${resolved.protection.message[locale]}`, {
      client,
      matchedBy: match.by,
      sha256: digest,
      pdf,
      fields: resolved.fields,
      ...(resolved.protection === undefined ? {} : { protection: resolved.protection }),
    });
  }

  const groups = new Map<string, { clientId: string; client: StoredClient; lines: number[] }>();
  for (const l of lines) {
    if (l.status !== 'ready' || l.client === undefined) continue;
    const group = groups.get(l.client.id) ?? { clientId: l.client.id, client: l.client, lines: [] };
    group.lines.push(l.index);
    groups.set(l.client.id, group);
  }
  const count = (status: DispatchLine['status']): number => lines.filter((l) => l.status === status).length;
  const fingerprint = [input.documentType, input.year, input.purpose, ...lines.map((l) => `${l.sha256 ?? l.path}:${l.client?.id ?? ''}`).sort()].join('|');
  return {
    planId: `dispatch-${hashKey(fingerprint)}`,
    documentType: input.documentType,
    year: input.year,
    purpose: input.purpose,
    title,
    signers: input.purpose === 'sign' && layout !== undefined ? layout.signers : [],
    lines,
    groups: [...groups.values()],
    summary: { entries: lines.length, ready: count('ready'), held: count('held'), rejected: count('rejected'), skipped: count('skipped'), clients: groups.size },
    locale,
  };
}

/** What happened to one document. */
export type DispatchStatus = 'sent' | 'skipped' | 'held' | 'failed';

/** The outcome of one archive entry. */
export interface DispatchItem {
  /** Position in the archive. */
  readonly index: number;
  /** The file name with identifiers masked. */
  readonly displayName: string;
  /**
   * `sent`: put in the portal now. `skipped`: already sent before (nothing repeated), or not a document. `held`: a
   * person must decide. `failed`: the portal refused it; running the dispatch again retries it.
   */
  readonly status: DispatchStatus;
  /** Why, for everything but `sent`. */
  readonly reason?: DispatchHoldReason | 'already_sent' | 'not_invited' | 'invitation_failed' | 'send_failed' | 'aborted' | 'client_gone';
  /** In the report's language. */
  readonly message: string;
  /** The client, when matched. */
  readonly clientId?: string;
  /** The portal's id of the document, once sent. */
  readonly documentId?: string;
}

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

/** Totals of a dispatch report. */
export interface DispatchTotals {
  readonly sent: number;
  readonly skipped: number;
  readonly held: number;
  readonly failed: number;
  readonly emailsSent: number;
  readonly invitations: number;
}

/** What an apply did, document by document, with the e-mails per client. */
export interface DispatchReport {
  readonly planId: string;
  readonly items: readonly DispatchItem[];
  readonly emails: readonly DispatchEmail[];
  readonly totals: DispatchTotals;
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
export interface ApplyDocumentDispatchOptions extends InvitationSettings {
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
  const locale = options.locale ?? plan.locale;
  const { store, portal, mailer } = ports;
  if (portal.capabilities.documents !== true || portal.sendDocument === undefined) {
    throw new InvalidArgumentError('invalid_input', { detail: 'the portal does not declare capabilities.documents, so it cannot receive documents' }, { locale });
  }
  const sendDocument = portal.sendDocument.bind(portal);
  checkDocumentEmailTemplates(options.emailTemplates);
  const now = options.now ?? (() => new Date());
  const items = new Map<number, DispatchItem>();
  const emails: DispatchEmail[] = [];
  let invitations = 0;

  for (const l of plan.lines) {
    if (l.status === 'ready') continue;
    items.set(l.index, {
      index: l.index,
      displayName: l.displayName,
      // A rejected entry (not a PDF, encrypted, damaged) needs a person as much as a held one.
      status: l.status === 'skipped' ? 'skipped' : 'held',
      ...(l.reason === undefined ? {} : { reason: l.reason }),
      message: l.message,
      ...(l.client === undefined ? {} : { clientId: l.client.id }),
    });
  }
  const item = (l: DispatchLine, status: DispatchStatus, reason: DispatchItem['reason'], message: string, documentId?: string): void => {
    items.set(l.index, {
      index: l.index,
      displayName: l.displayName,
      status,
      ...(reason === undefined ? {} : { reason }),
      message,
      ...(l.client === undefined ? {} : { clientId: l.client.id }),
      ...(documentId === undefined ? {} : { documentId }),
    });
  };

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
        const invitation: InvitationOutcome = await ensureInvitation(current, { store, portal, ...(mailer === undefined ? {} : { mailer }) }, options, locale, now);
        if (invitation.status === 'sent') invitations++;
        if (invitation.status === 'failed' || invitation.status === 'not_invited') {
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
    totals: {
      sent: count('sent'),
      skipped: count('skipped'),
      held: count('held'),
      failed: count('failed'),
      emailsSent: emails.filter((e) => e.status === 'sent').length,
      invitations,
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
