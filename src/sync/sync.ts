/**
 * Job 3, signature sync: reads the e-signature completions of one client file or many from the portal and copies
 * them into the signature records the e-file will carry — never a signature made after transmission, never over a
 * transmitted one — keeps the signed PDFs and their certificates when given a DocumentStore, and returns a log per
 * taxpayer, grouped by client file.
 */
import { describeErrorParams, isVersionConflict, trimmedDetail } from '../internal/describe-error.js';
import { runPool } from '../internal/pool.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import type { Locale, MessageParamsFor, SyncMessageCode } from '../messages/catalogue.js';
import type { ClientStore, Portal } from '../ports.js';
import type { ClientFile, ClientFileTaxpayer, SignatureCompletion, SignatureDetails, SignatureRecord } from '../model/signing.js';
import { createWorkflowContext, DEFAULT_LOCALE, guardProgress, type WorkflowContext } from '../workflow/context.js';
import { readDocumentVersions } from '../workflow/document-versions.js';
import { changesOf, decideForm } from './decide.js';
import { keepSignedDocument, keeperOf, type Keeper } from './keep.js';
import type {
  SyncChange,
  SyncFormOutcome,
  SyncLog,
  SyncLogFile,
  SyncLogSummary,
  SyncLogTaxpayer,
  SyncSignaturesInput,
  SyncSignaturesOptions,
  SyncSignaturesPorts,
} from './types.js';
import { guardPorts } from '../workflow/ports-guard.js';

function checkPorts(ports: SyncSignaturesPorts, locale: Locale): void {
  const { store, portal } = ports;
  if (store?.capabilities?.signatures !== true || typeof store.getClientFile !== 'function' || typeof store.listSignatureRecords !== 'function' || typeof store.putSignatureRecord !== 'function') {
    throw new InvalidArgumentError('signatures_unsupported', { port: 'ClientStore' }, { locale });
  }
  if (portal?.capabilities?.signatures !== true || typeof portal.listSignatureCompletions !== 'function') {
    throw new InvalidArgumentError('signatures_unsupported', { port: 'Portal' }, { locale });
  }
  const documents = ports.documents as unknown;
  if (documents !== undefined && (typeof documents !== 'object' || documents === null || typeof (documents as { put?: unknown }).put !== 'function' || typeof (documents as { has?: unknown }).has !== 'function')) {
    throw new InvalidArgumentError('invalid_input', { detail: 'ports.documents must be a DocumentStore (put, get, has)' }, { locale });
  }
}

/** What one run shares with every file it synchronizes. */
interface Run {
  readonly year: number;
  readonly store: SignatureStore & Required<Pick<ClientStore, 'getClientFile'>>;
  readonly portal: Required<Pick<Portal, 'listSignatureCompletions'>>;
  readonly keeper: Keeper | undefined;
  readonly context: WorkflowContext;
  readonly signal: AbortSignal | undefined;
}

/**
 * Synchronizes e-signatures from the portal into the client files: for each file, each taxpayer and each of their
 * authorization forms of the tax year, the completion's signature (UTC instant, the signer's time zone, name, role,
 * certificate, channel, signed PDF's SHA-256) is copied into the taxpayer's {@link SignatureRecord} — unless the
 * form was signed after the return was transmitted, or a transmitted signature would change: those are reported,
 * never written. A form sent and still waiting for its signer is `pending`.
 *
 * When several documents of one form were sent (a reprint sent as a new version), the newest version sent counts,
 * as document dispatch recorded it in the journal (of two sent under the same number by dispatches applied at the
 * same time, the one recorded last). With `ports.documents` and a portal that declares
 * `capabilities.signedDocuments`, the signed PDF and its completion certificate are downloaded, the PDF checked
 * against the completion's SHA-256 (a mismatch is a failure: nothing written, nothing kept), both put in the
 * DocumentStore, and their SHA-256s recorded (`signedPdfSha256`, `certificateSha256`).
 *
 * Safe to run again at any time: a record already carrying the completion (and its kept documents) is left alone
 * (`unchanged`), and writes are compare-and-set on the record's version (a record changed by someone else meanwhile
 * is read again and decided again, up to three times). One file failing never stops the others. The log holds codes
 * and params only: render it with {@link formatSyncLog} in either language.
 *
 * @throws {@link InvalidArgumentError} (`signatures_unsupported`) when the store or the portal does not declare
 * `capabilities.signatures` — before anything is read.
 *
 * @example
 * ```ts
 * const documents = createFileDocumentStore('/var/lib/cabinet/documents'); // taxsync/fs
 * const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal, documents });
 * console.log(formatSyncLog(log, 'fr'));
 * ```
 */
export async function syncSignatures(input: SyncSignaturesInput, ports: SyncSignaturesPorts, options: SyncSignaturesOptions = {}): Promise<SyncLog> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  checkPorts(ports, locale);
  ports = guardPorts(ports, options);
  if (!Array.isArray(input?.clientFileIds)) throw new InvalidArgumentError('invalid_input', { detail: 'syncSignatures needs { clientFileIds: string[] }' }, { locale });
  const runId = `sync-${globalThis.crypto.randomUUID()}`;
  const context = createWorkflowContext('signature-sync', runId, ports.store, options);
  const progress = guardProgress(context, options.onProgress);
  const taxYear = input.taxYear ?? context.now().getUTCFullYear() - 1;
  const run: Run = {
    year: taxYear,
    store: ports.store as Run['store'],
    portal: ports.portal as Run['portal'],
    keeper: keeperOf(ports.portal, ports.documents, options.signal),
    context,
    signal: options.signal,
  };
  const fileIds = [...new Set(input.clientFileIds)];
  const results: (SyncLogFile | undefined)[] = new Array<SyncLogFile | undefined>(fileIds.length);
  const counts = { updated: 0, unchanged: 0, pending: 0, failed: 0 };
  let done = 0;

  const skipped = await runPool(fileIds, options.concurrency ?? 4, options.signal, async (clientFileId, index) => {
    const file = await syncFile(clientFileId, run);
    results[index] = file;
    for (const t of file.taxpayers) counts[t.status]++;
    done++;
    progress.call({ clientFileId, done, total: fileIds.length, ...counts });
  });
  for (const index of skipped) results[index] = { clientFileId: fileIds[index] as string, status: 'failed', taxpayers: [], code: 'sync_aborted', params: {} };
  const files = results as SyncLogFile[];
  const summary: SyncLogSummary = { ...counts, filesFailed: files.filter((f) => f.status === 'failed').length };
  return {
    runId,
    files,
    summary,
    taxYear,
    locale,
    aborted: skipped.length > 0 || files.some((f) => f.status === 'failed' && f.code === 'sync_aborted'),
    progressFailed: progress.failed(),
  };
}

async function syncFile(clientFileId: string, run: Run): Promise<SyncLogFile> {
  const { store, portal, signal, year } = run;
  const fileFailure = <C extends SyncMessageCode>(code: C, params: MessageParamsFor<C>, label?: string): SyncLogFile => ({
    clientFileId,
    ...(label === undefined ? {} : { label }),
    status: 'failed',
    taxpayers: [],
    code,
    params,
  });

  let file: ClientFile | undefined;
  let records: SignatureRecord[];
  try {
    file = await store.getClientFile(clientFileId);
    if (file === undefined) return fileFailure('client_file_not_found', { id: clientFileId });
    records = await store.listSignatureRecords(file.taxpayers.map((t) => t.taxpayerId), year);
  } catch (error) {
    return fileFailure('store_error', describeErrorParams(error));
  }
  const label = file.label === undefined ? {} : { label: file.label };

  const completions: SignatureCompletion[] = [];
  try {
    for await (const c of portal.listSignatureCompletions({ clientIds: file.taxpayers.map((t) => t.taxpayerId), ...(signal === undefined ? {} : { signal }) })) {
      if (c.taxYear === year) completions.push(c);
    }
  } catch (error) {
    if (signal?.aborted === true) return fileFailure('sync_aborted', {}, file.label);
    const params = trimmedDetail(describeErrorParams(error));
    return {
      clientFileId,
      ...label,
      status: 'synced',
      taxpayers: file.taxpayers.map((t) => ({
        taxpayerId: t.taxpayerId, name: t.name, role: t.role, status: 'failed' as const, code: 'portal_error' as const, params,
        forms: [{ documentType: '*', taxYear: year, status: 'failed' as const, code: 'portal_error' as const, params }],
      })),
    };
  }

  const taxpayers: SyncLogTaxpayer[] = [];
  for (const taxpayer of file.taxpayers) {
    taxpayers.push(await syncTaxpayer(file, taxpayer, completions, records, run));
  }
  return { clientFileId, ...label, status: 'synced', taxpayers };
}

/** The store operations signature sync uses. */
type SignatureStore = Required<Pick<ClientStore, 'listSignatureRecords' | 'putSignatureRecord'>> & Pick<ClientStore, 'readJournal'>;

/** Writes attempted for one form when another writer changes its record in between (each attempt reads it again). */
const WRITE_ATTEMPTS = 3;

/**
 * The signature to write once its documents are kept: the certificate's SHA-256 added, or carried over from the
 * record when the sync keeps nothing and the signed PDF is the same.
 */
function withCertificate(signature: SignatureDetails, recorded: SignatureDetails | undefined, certificateSha256: string | undefined): SignatureDetails {
  const sha = certificateSha256 ?? (recorded?.signedPdfSha256 === signature.signedPdfSha256 ? recorded.certificateSha256 : undefined);
  return sha === undefined ? signature : { ...signature, certificateSha256: sha };
}

/**
 * Decides and writes one form. A write is compare-and-set on the record's version: when someone else changed the
 * record in between (a second sync, the host's own edit), the record is read again and the decision made again on
 * what it now holds — a transmission recorded meanwhile is then respected — up to {@link WRITE_ATTEMPTS} times.
 */
async function syncForm(
  file: ClientFile,
  taxpayer: ClientFileTaxpayer,
  form: string,
  completions: readonly SignatureCompletion[],
  initial: SignatureRecord | undefined,
  run: Run,
): Promise<SyncFormOutcome> {
  const { store, year, keeper } = run;
  const where = { documentType: form, taxYear: year };
  const storeFailure = (error: unknown): SyncFormOutcome => ({ ...where, status: 'failed', code: 'store_error', params: describeErrorParams(error) });

  let newestDocumentId: string | undefined;
  if (typeof store.readJournal === 'function') {
    try {
      // The highest number; of two documents sent under it at the same time, the one recorded last.
      newestDocumentId = (await readDocumentVersions(store as ClientStore, taxpayer.taxpayerId, form, year)).at(-1)?.documentId;
    } catch (error) {
      return storeFailure(error);
    }
  }

  let record = initial;
  for (let attempt = 1; ; attempt++) {
    const decision = decideForm(taxpayer, form, year, completions, record, newestDocumentId);
    if (decision.kind === 'failed' || decision.kind === 'pending') return { ...where, status: decision.kind, code: decision.code, params: decision.params };
    let certificateSha256: string | undefined;
    if (keeper !== undefined) {
      const kept = await keepSignedDocument(keeper, decision.signature, record?.signature, { form, year });
      if (!kept.ok) return { ...where, status: 'failed', code: kept.code, params: kept.params };
      certificateSha256 = kept.certificateSha256;
    }
    const signature = withCertificate(decision.signature, record?.signature, certificateSha256);
    const changes: SyncChange[] = changesOf(record?.signature, signature);
    if (changes.length === 0) return { ...where, status: 'unchanged', signature: decision.kind === 'unchanged' ? decision.signature : signature };
    try {
      const { version: _version, ...rest } = record ?? {};
      await store.putSignatureRecord({
        record: { ...rest, taxpayerId: taxpayer.taxpayerId, clientFileId: file.id, taxYear: year, documentType: form, signature },
        expectedVersion: record?.version ?? null,
      });
      return { ...where, status: 'updated', changes, signature };
    } catch (error) {
      if (!isVersionConflict(error)) return storeFailure(error);
      if (attempt >= WRITE_ATTEMPTS) return storeFailure(`the record kept changing during the sync (${WRITE_ATTEMPTS} attempts)`);
    }
    try {
      const fresh = await store.listSignatureRecords([taxpayer.taxpayerId], year);
      record = fresh.find((r) => r.taxpayerId === taxpayer.taxpayerId && r.documentType === form);
    } catch (error) {
      return storeFailure(error);
    }
  }
}

async function syncTaxpayer(
  file: ClientFile,
  taxpayer: ClientFileTaxpayer,
  allCompletions: readonly SignatureCompletion[],
  allRecords: readonly SignatureRecord[],
  run: Run,
): Promise<SyncLogTaxpayer> {
  const { year, context } = run;
  const completions = allCompletions.filter((c) => c.clientId === taxpayer.taxpayerId);
  const records = allRecords.filter((r) => r.taxpayerId === taxpayer.taxpayerId);
  const forms = taxpayer.forms ?? [...new Set([...completions.map((c) => c.documentType), ...records.filter((r) => r.signature !== undefined).map((r) => r.documentType)])];
  const head = { taxpayerId: taxpayer.taxpayerId, name: taxpayer.name, role: taxpayer.role };

  if (forms.length === 0) {
    if (taxpayer.forms !== undefined || taxpayer.role === 'dependant') return { ...head, status: 'unchanged', code: 'nothing_to_sign', params: {}, forms: [] };
    const params = { form: 'T183', year, name: taxpayer.name };
    context.log({ event: 'step', step: 'sync', item: `${taxpayer.taxpayerId}/T183`, outcome: 'no_completion', ms: 0 });
    return { ...head, status: 'failed', code: 'no_completion', params, forms: [{ documentType: 'T183', taxYear: year, status: 'failed', code: 'no_completion', params }] };
  }

  const outcomes: SyncFormOutcome[] = [];
  for (const form of forms) {
    const started = Date.now();
    const outcome = await syncForm(file, taxpayer, form, completions.filter((c) => c.documentType === form), records.find((r) => r.documentType === form), run);
    context.log({ event: 'step', step: 'sync', item: `${taxpayer.taxpayerId}/${form}`, outcome: 'code' in outcome ? outcome.code : outcome.status, ms: Date.now() - started });
    outcomes.push(outcome);
  }
  const changes = outcomes.flatMap((o) => (o.status === 'updated' ? o.changes : []));
  const failed = outcomes.find((o) => o.status === 'failed');
  if (failed !== undefined) return { ...head, status: 'failed', code: failed.code, params: failed.params, forms: outcomes };
  const pending = outcomes.find((o) => o.status === 'pending');
  if (pending !== undefined) return { ...head, status: 'pending', code: pending.code, params: pending.params, changes, forms: outcomes };
  if (changes.length > 0) return { ...head, status: 'updated', changes, forms: outcomes };
  return { ...head, status: 'unchanged', forms: outcomes };
}
