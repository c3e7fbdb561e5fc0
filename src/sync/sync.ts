/**
 * Job 3, signature sync: reads the e-signature completions of one client file or many from the portal and copies
 * them into the signature records the e-file will carry — never a signature made after transmission, never over a
 * transmitted one — and returns a log per taxpayer, grouped by client file.
 */
import { foldName } from '../model/fold.js';
import { describeError, isVersionConflict } from '../internal/describe-error.js';
import { runPool } from '../internal/pool.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { renderMessage, type Locale, type MessageParams, type MessageParamsFor, type SyncMessageCode } from '../messages/catalogue.js';
import type { ClientStore, Portal } from '../ports.js';
import { describeSignatureTime, isValidTimeZone } from '../model/signing-time.js';
import type { ClientFile, ClientFileTaxpayer, CompletionSigner, SignatureCompletion, SignatureDetails, SignatureRecord } from '../model/signing.js';

/** What {@link syncSignatures} does to a taxpayer (or one of their forms). */
export type SyncStatus = 'updated' | 'unchanged' | 'failed';

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
  readonly filesDone: number;
  /** Files to synchronize. */
  readonly filesTotal: number;
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

/** What the sync did for one authorization form of a taxpayer. */
export interface SyncFormOutcome {
  /** The form (`T183`…). */
  readonly documentType: string;
  /** Tax year. */
  readonly taxYear: number;
  /** Updated, unchanged or failed. */
  readonly status: SyncStatus;
  /** Stable code of a failure (or of a note, such as `nothing_to_sign`). */
  readonly code?: SyncMessageCode;
  /** Values of the message (names, forms, times already rendered in the signer's zone). */
  readonly params?: MessageParams;
  /** What happened and what to do, in the log's language. */
  readonly message?: string;
  /** For `updated`: the fields written. */
  readonly changes?: readonly SyncChange[];
  /** The signature the record now carries (updated or unchanged). */
  readonly signature?: SignatureDetails;
}

/** One taxpayer in the {@link SyncLog}. */
export interface SyncLogTaxpayer {
  /** The taxpayer ({@link StoredClient | StoredClient.id}). */
  readonly taxpayerId: string;
  /** Their name. */
  readonly name: string;
  /** Principal, spouse or dependant. */
  readonly role: ClientFileTaxpayer['role'];
  /** `failed` when any form failed, else `updated` when any form was updated, else `unchanged`. */
  readonly status: SyncStatus;
  /** Code of the first failure (or note). */
  readonly code?: SyncMessageCode;
  /** Every failure of the taxpayer's forms, in the log's language, one sentence each. */
  readonly message?: string;
  /** The fields written, over all forms (each prefixed by its form in `forms`). */
  readonly changes?: readonly SyncChange[];
  /** Form by form. */
  readonly forms: readonly SyncFormOutcome[];
}

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
export interface SyncSummary {
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
  readonly summary: SyncSummary;
  /** Tax year synchronized. */
  readonly taxYear: number;
  /** Language of the messages. */
  readonly locale: Locale;
  /** `true` when the sync was stopped before every file was synchronized. */
  readonly aborted: boolean;
}

// ── Deciding one form (pure) ────────────────────────────────────────────────────────────────────────────────────

/** Name words, folded and sorted: `Marie-Ève Côté` = `COTE, Marie Eve`. */
const nameKey = (name: string): string =>
  name
    .split(/[\s,.\-'’]+/)
    .map(foldName)
    .filter((w) => w !== '')
    .sort()
    .join(' ');

const DETAIL_FIELDS: readonly (keyof SignatureDetails)[] = ['signedAt', 'timeZone', 'signerName', 'signerRole', 'certificateId', 'channel', 'signedPdfSha256', 'completionId', 'documentId'];

const sameValue = (field: keyof SignatureDetails, a: string | undefined, b: string | undefined): boolean =>
  field === 'signedAt' && a !== undefined && b !== undefined ? Date.parse(a) === Date.parse(b) : a === b;

function changesOf(before: SignatureDetails | undefined, after: SignatureDetails): SyncChange[] {
  const changes: SyncChange[] = [];
  for (const field of DETAIL_FIELDS) {
    const from = before?.[field];
    const to = after[field];
    if (to === undefined || sameValue(field, from, to)) continue;
    changes.push(from === undefined ? { field, to } : { field, from, to });
  }
  return changes;
}

/** The signature that proves the taxpayer signed: the signed signer of role `taxpayer` (or `spouse`), else the only one signed. */
function signerOf(completion: SignatureCompletion, taxpayer: ClientFileTaxpayer): CompletionSigner | undefined {
  const signed = completion.signers.filter((s) => s.status === 'signed');
  const wanted = nameKey(taxpayer.name);
  return (
    signed.find((s) => nameKey(s.name) === wanted) ??
    signed.find((s) => s.role === 'taxpayer' || (taxpayer.role === 'spouse' && s.role === 'spouse')) ??
    (signed.length === 1 ? signed[0] : undefined)
  );
}

/** A decision for one form, before rendering. */
type Decision =
  | { readonly kind: 'failed'; readonly code: SyncMessageCode; readonly params: MessageParams }
  | { readonly kind: 'unchanged'; readonly signature: SignatureDetails }
  | { readonly kind: 'write'; readonly signature: SignatureDetails; readonly changes: readonly SyncChange[] };

const latest = (completions: readonly SignatureCompletion[]): SignatureCompletion | undefined =>
  completions.reduce<SignatureCompletion | undefined>((best, c) => (best === undefined || Date.parse(c.updatedAt) > Date.parse(best.updatedAt) ? c : best), undefined);

function decideForm(taxpayer: ClientFileTaxpayer, form: string, year: number, completions: readonly SignatureCompletion[], record: SignatureRecord | undefined): Decision {
  const base = { form, year, name: taxpayer.name };
  const completed = completions.filter((c) => c.state === 'completed');
  if (completed.length === 0) {
    const last = latest(completions);
    if (last === undefined) return { kind: 'failed', code: 'no_completion', params: base };
    switch (last.state) {
      case 'declined': {
        const who = last.signers.find((s) => s.status === 'declined')?.name ?? taxpayer.name;
        return { kind: 'failed', code: 'signature_declined', params: { ...base, signer: who } };
      }
      case 'expired':
        return { kind: 'failed', code: 'signature_expired', params: base };
      default: {
        const pending = last.signers.filter((s) => s.status !== 'signed').map((s) => s.name);
        return { kind: 'failed', code: 'signature_pending', params: { ...base, state: last.state, pending: pending.length > 0 ? pending.join(', ') : taxpayer.name } };
      }
    }
  }

  // The same completion may be reported twice (two pages, a retried listing): only different signatures conflict.
  const candidates = new Map<string, { completion: SignatureCompletion; signer: CompletionSigner | undefined }>();
  for (const c of completed) {
    const signer = signerOf(c, taxpayer);
    const key = `${c.certificateId ?? c.id}\u0000${signer?.signedAt === undefined ? '' : Date.parse(signer.signedAt)}`;
    if (!candidates.has(key)) candidates.set(key, { completion: c, signer });
  }
  if (candidates.size > 1) {
    const certificates = [...candidates.values()].map((c) => c.completion.certificateId ?? c.completion.id).join(', ');
    return { kind: 'failed', code: 'several_completions', params: { ...base, count: candidates.size, certificates } };
  }
  const [{ completion, signer } = { completion: completed[0] as SignatureCompletion, signer: undefined }] = candidates.values();

  // A different document of the same form sent after this one was signed is a newer version (an amended return, a
  // corrected form): the signature belongs to the old one, whose certificate would not match what is filed.
  const signedAt = Date.parse(completion.updatedAt);
  const newer = latest(completions.filter((c) => c.state !== 'completed' && c.documentId !== completion.documentId && Date.parse(c.updatedAt) > signedAt));
  if (newer !== undefined) {
    return {
      kind: 'failed',
      code: 'newer_version_unsigned',
      params: { ...base, state: newer.state, certificate: completion.certificateId ?? completion.id, document: newer.documentId },
    };
  }

  const missing: string[] = [];
  if (signer === undefined) {
    const names = completion.signers.filter((s) => s.status === 'signed').map((s) => s.name);
    if (names.length > 1) return { kind: 'failed', code: 'signer_mismatch', params: { ...base, signer: names.join(', ') } };
    missing.push('signer');
  } else {
    if (signer.signedAt === undefined || Number.isNaN(Date.parse(signer.signedAt))) missing.push('signedAt');
    if (signer.timeZone === undefined || !isValidTimeZone(signer.timeZone)) missing.push('timeZone');
  }
  if (completion.certificateId === undefined || completion.certificateId === '') missing.push('certificateId');
  if (completion.channel === undefined || !['email', 'portal', 'in_person'].includes(completion.channel)) missing.push('channel');
  if (completion.signedPdfSha256 === undefined || !/^[0-9a-f]{64}$/.test(completion.signedPdfSha256)) missing.push('signedPdfSha256');
  if (missing.length > 0 || signer === undefined) return { kind: 'failed', code: 'completion_incomplete', params: { ...base, missing: missing.join(', ') } };

  if (nameKey(signer.name) !== nameKey(taxpayer.name)) return { kind: 'failed', code: 'signer_mismatch', params: { ...base, signer: signer.name } };

  const signature: SignatureDetails = {
    signedAt: new Date(signer.signedAt as string).toISOString(),
    timeZone: signer.timeZone as string,
    signerName: signer.name,
    signerRole: signer.role,
    certificateId: completion.certificateId as string,
    channel: completion.channel as SignatureDetails['channel'],
    signedPdfSha256: completion.signedPdfSha256 as string,
    completionId: completion.id,
    documentId: completion.documentId,
  };

  if (record?.transmittedAt !== undefined && Date.parse(signature.signedAt) >= Date.parse(record.transmittedAt)) {
    return {
      kind: 'failed',
      code: 'signed_after_transmission',
      params: { ...base, signedAt: describeSignatureTime(signature.signedAt, signature.timeZone), transmittedAt: describeSignatureTime(record.transmittedAt, signature.timeZone) },
    };
  }
  const changes = changesOf(record?.signature, signature);
  if (changes.length === 0) return { kind: 'unchanged', signature: record?.signature ?? signature };
  const recorded = record?.signature;
  if (record?.transmittedAt !== undefined && recorded !== undefined && changes.some((c) => c.field !== 'documentId' && c.field !== 'completionId')) {
    return {
      kind: 'failed',
      code: 'transmitted_signature_would_change',
      params: {
        ...base,
        recorded: `${describeSignatureTime(recorded.signedAt, recorded.timeZone)} · ${recorded.certificateId}`,
        portal: `${describeSignatureTime(signature.signedAt, signature.timeZone)} · ${signature.certificateId}`,
      },
    };
  }
  return { kind: 'write', signature, changes };
}

// ── The workflow ────────────────────────────────────────────────────────────────────────────────────────────────

interface Counts {
  updated: number;
  unchanged: number;
  failed: number;
}

function checkPorts(ports: SyncSignaturesPorts, locale: Locale): void {
  const { store, portal } = ports;
  if (store?.capabilities?.signatures !== true || typeof store.getClientFile !== 'function' || typeof store.listSignatureRecords !== 'function' || typeof store.putSignatureRecord !== 'function') {
    throw new InvalidArgumentError('signatures_unsupported', { port: 'ClientStore' }, { locale });
  }
  if (portal?.capabilities?.signatures !== true || typeof portal.listSignatureCompletions !== 'function') {
    throw new InvalidArgumentError('signatures_unsupported', { port: 'Portal' }, { locale });
  }
}

/**
 * Synchronizes e-signatures from the portal into the client files: for each file, each taxpayer and each of their
 * authorization forms of the tax year, the completion's signature (UTC instant, the signer's time zone, name, role,
 * certificate, channel, signed PDF's SHA-256) is copied into the taxpayer's {@link SignatureRecord} — unless the
 * form was signed after the return was transmitted, or a transmitted signature would change: those are reported,
 * never written.
 *
 * Safe to run again at any time: a record already carrying the completion is left alone (`unchanged`), and writes
 * are compare-and-set on the record's version (a record changed by someone else meanwhile is read again and decided
 * again, up to three times). One file failing never stops the others.
 *
 * @throws {@link InvalidArgumentError} (`signatures_unsupported`) when the store or the portal does not declare
 * `capabilities.signatures` — before anything is read.
 *
 * @example
 * ```ts
 * const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal }, { locale: 'fr' });
 * console.log(formatSyncLog(log, 'fr'));
 * ```
 */
export async function syncSignatures(input: SyncSignaturesInput, ports: SyncSignaturesPorts, options: SyncSignaturesOptions = {}): Promise<SyncLog> {
  const locale = options.locale ?? 'fr';
  checkPorts(ports, locale);
  if (!Array.isArray(input?.clientFileIds)) throw new InvalidArgumentError('invalid_input', { detail: 'syncSignatures needs { clientFileIds: string[] }' }, { locale });
  const now = options.now ?? (() => new Date());
  const taxYear = input.taxYear ?? now().getUTCFullYear() - 1;
  const fileIds = [...new Set(input.clientFileIds)];
  const results: (SyncLogFile | undefined)[] = new Array<SyncLogFile | undefined>(fileIds.length);
  const counts: Counts = { updated: 0, unchanged: 0, failed: 0 };
  let filesDone = 0;
  const say: Say = (code, params) => renderMessage<SyncMessageCode>(code, params, locale);

  const skipped = await runPool(fileIds, options.concurrency ?? 4, options.signal, async (clientFileId, index) => {
    const file = await syncFile(clientFileId, taxYear, ports, options.signal, say);
    results[index] = file;
    for (const t of file.taxpayers) counts[t.status]++;
    filesDone++;
    options.onProgress?.({ clientFileId, filesDone, filesTotal: fileIds.length, ...counts });
  });
  for (const index of skipped) {
    results[index] = { clientFileId: fileIds[index] as string, taxpayers: [], code: 'sync_aborted', params: {}, message: say('sync_aborted', {}) };
  }
  const files = results as SyncLogFile[];
  return {
    files,
    summary: { ...counts, filesFailed: files.filter((f) => f.code !== undefined).length },
    taxYear,
    locale,
    aborted: skipped.length > 0 || files.some((f) => f.code === 'sync_aborted'),
  };
}

type Say = <C extends SyncMessageCode>(code: C, params: MessageParamsFor<C>) => string;

async function syncFile(clientFileId: string, year: number, ports: SyncSignaturesPorts, signal: AbortSignal | undefined, say: Say): Promise<SyncLogFile> {
  const store = ports.store as SignatureStore & Required<Pick<ClientStore, 'getClientFile'>>;
  const portal = ports.portal as Required<Pick<Portal, 'listSignatureCompletions'>>;
  const fileFailure = <C extends SyncMessageCode>(code: C, params: MessageParamsFor<C>): SyncLogFile => ({ clientFileId, taxpayers: [], code, params, message: say(code, params) });

  let file: ClientFile | undefined;
  let records: SignatureRecord[];
  try {
    file = await store.getClientFile(clientFileId);
    if (file === undefined) return fileFailure('client_file_not_found', { id: clientFileId });
    records = await store.listSignatureRecords(file.taxpayers.map((t) => t.taxpayerId), year);
  } catch (error) {
    return fileFailure('store_error', { detail: describeError(error) });
  }
  const label = file.label === undefined ? {} : { label: file.label };

  const completions: SignatureCompletion[] = [];
  try {
    for await (const c of portal.listSignatureCompletions({ clientIds: file.taxpayers.map((t) => t.taxpayerId), ...(signal === undefined ? {} : { signal }) })) {
      if (c.taxYear === year) completions.push(c);
    }
  } catch (error) {
    if (signal?.aborted === true) return { ...fileFailure('sync_aborted', {}), ...label };
    const params = { detail: describeError(error).replace(/\.+$/, '') };
    const message = say('portal_error', params);
    return {
      clientFileId,
      ...label,
      taxpayers: file.taxpayers.map((t) => ({
        taxpayerId: t.taxpayerId, name: t.name, role: t.role, status: 'failed' as const, code: 'portal_error' as const, message,
        forms: [{ documentType: '*', taxYear: year, status: 'failed' as const, code: 'portal_error' as const, params, message }],
      })),
    };
  }

  const taxpayers: SyncLogTaxpayer[] = [];
  for (const taxpayer of file.taxpayers) {
    taxpayers.push(await syncTaxpayer(file, taxpayer, year, completions, records, store, say));
  }
  return { clientFileId, ...label, taxpayers };
}

/** The store operations signature sync uses. */
type SignatureStore = Required<Pick<ClientStore, 'listSignatureRecords' | 'putSignatureRecord'>>;

/** Writes attempted for one form when another writer changes its record in between (each attempt reads it again). */
const WRITE_ATTEMPTS = 3;

/**
 * Decides and writes one form. A write is compare-and-set on the record's version: when someone else changed the
 * record in between (a second sync, the host's own edit), the record is read again and the decision made again on
 * what it now holds — a transmission recorded meanwhile is then respected — up to {@link WRITE_ATTEMPTS} times.
 */
async function syncForm(
  file: ClientFile,
  taxpayer: ClientFileTaxpayer,
  form: string,
  year: number,
  completions: readonly SignatureCompletion[],
  initial: SignatureRecord | undefined,
  store: SignatureStore,
  say: Say,
): Promise<SyncFormOutcome> {
  const where = { documentType: form, taxYear: year };
  const storeFailure = (detail: string): SyncFormOutcome => {
    const params = { detail };
    return { ...where, status: 'failed', code: 'store_error', params, message: say('store_error', params) };
  };
  let record = initial;
  for (let attempt = 1; ; attempt++) {
    const decision = decideForm(taxpayer, form, year, completions, record);
    if (decision.kind === 'failed') return { ...where, status: 'failed', code: decision.code, params: decision.params, message: say(decision.code, decision.params) };
    if (decision.kind === 'unchanged') return { ...where, status: 'unchanged', signature: decision.signature };
    try {
      const { version: _version, ...kept } = record ?? {};
      await store.putSignatureRecord({
        record: { ...kept, taxpayerId: taxpayer.taxpayerId, clientFileId: file.id, taxYear: year, documentType: form, signature: decision.signature },
        expectedVersion: record?.version ?? null,
      });
      return { ...where, status: 'updated', changes: decision.changes, signature: decision.signature };
    } catch (error) {
      if (!isVersionConflict(error)) return storeFailure(describeError(error));
      if (attempt >= WRITE_ATTEMPTS) return storeFailure(`the record kept changing during the sync (${WRITE_ATTEMPTS} attempts)`);
    }
    try {
      const fresh = await store.listSignatureRecords([taxpayer.taxpayerId], year);
      record = fresh.find((r) => r.taxpayerId === taxpayer.taxpayerId && r.documentType === form);
    } catch (error) {
      return storeFailure(describeError(error));
    }
  }
}

async function syncTaxpayer(
  file: ClientFile,
  taxpayer: ClientFileTaxpayer,
  year: number,
  allCompletions: readonly SignatureCompletion[],
  allRecords: readonly SignatureRecord[],
  store: SignatureStore,
  say: Say,
): Promise<SyncLogTaxpayer> {
  const completions = allCompletions.filter((c) => c.clientId === taxpayer.taxpayerId);
  const records = allRecords.filter((r) => r.taxpayerId === taxpayer.taxpayerId);
  const forms = taxpayer.forms ?? [...new Set([...completions.map((c) => c.documentType), ...records.filter((r) => r.signature !== undefined).map((r) => r.documentType)])];
  const head = { taxpayerId: taxpayer.taxpayerId, name: taxpayer.name, role: taxpayer.role };

  if (forms.length === 0) {
    if (taxpayer.forms !== undefined || taxpayer.role === 'dependant') {
      const message = say('nothing_to_sign', {});
      return { ...head, status: 'unchanged', code: 'nothing_to_sign', message, forms: [] };
    }
    const params = { form: 'T183', year, name: taxpayer.name };
    const message = say('no_completion', params);
    return { ...head, status: 'failed', code: 'no_completion', message, forms: [{ documentType: 'T183', taxYear: year, status: 'failed', code: 'no_completion', params, message }] };
  }

  const outcomes: SyncFormOutcome[] = [];
  for (const form of forms) {
    outcomes.push(await syncForm(file, taxpayer, form, year, completions.filter((c) => c.documentType === form), records.find((r) => r.documentType === form), store, say));
  }
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) {
    return { ...head, status: 'failed', code: failed[0]?.code as SyncMessageCode, message: failed.map((o) => o.message).join(' '), forms: outcomes };
  }
  const changes = outcomes.flatMap((o) => o.changes ?? []);
  if (changes.length > 0) return { ...head, status: 'updated', changes, forms: outcomes };
  return { ...head, status: 'unchanged', forms: outcomes };
}
