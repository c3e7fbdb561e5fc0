/**
 * Job 3, signature sync: reads the e-signature completions of one client file or many from the portal and copies
 * them into the signature records the e-file will carry — never a signature made after transmission, never over a
 * transmitted one — and returns a log per taxpayer, grouped by client file.
 */
import { describeError, isVersionConflict } from '../internal/describe-error.js';
import { runPool } from '../internal/pool.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { renderMessage, type Locale, type MessageParamsFor, type SyncMessageCode } from '../messages/catalogue.js';
import type { ClientStore, Portal } from '../ports.js';
import type { ClientFile, ClientFileTaxpayer, SignatureCompletion, SignatureRecord } from '../model/signing.js';
import { decideForm } from './decide.js';
import type { SyncFormOutcome, SyncLog, SyncLogFile, SyncLogTaxpayer, SyncSignaturesInput, SyncSignaturesOptions, SyncSignaturesPorts } from './types.js';
import { guardPorts } from '../workflow/ports-guard.js';

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
  ports = guardPorts(ports, options);
  if (!Array.isArray(input?.clientFileIds)) throw new InvalidArgumentError('invalid_input', { detail: 'syncSignatures needs { clientFileIds: string[] }' }, { locale });
  const now = options.now ?? (() => new Date());
  const taxYear = input.taxYear ?? now().getUTCFullYear() - 1;
  const fileIds = [...new Set(input.clientFileIds)];
  const results: (SyncLogFile | undefined)[] = new Array<SyncLogFile | undefined>(fileIds.length);
  const counts: Counts = { updated: 0, unchanged: 0, failed: 0 };
  let done = 0;
  const say: Say = (code, params) => renderMessage<SyncMessageCode>(code, params, locale);

  const skipped = await runPool(fileIds, options.concurrency ?? 4, options.signal, async (clientFileId, index) => {
    const file = await syncFile(clientFileId, taxYear, ports, options.signal, say);
    results[index] = file;
    for (const t of file.taxpayers) counts[t.status]++;
    done++;
    options.onProgress?.({ clientFileId, done, total: fileIds.length, ...counts });
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
  const changes = outcomes.flatMap((o) => (o.status === 'updated' ? o.changes : []));
  if (changes.length > 0) return { ...head, status: 'updated', changes, forms: outcomes };
  return { ...head, status: 'unchanged', forms: outcomes };
}
