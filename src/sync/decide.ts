/**
 * Job 3, deciding one authorization form (pure): from the portal's completions and the stored signature record, what
 * to write, or why nothing may be written.
 */
import { foldName } from '../model/fold.js';
import type { MessageParams, SyncMessageCode } from '../messages/catalogue.js';
import { describeSignatureTime, isValidTimeZone, parseInstant } from '../model/signing-time.js';
import type { ClientFileTaxpayer, CompletionSigner, SignatureCompletion, SignatureDetails, SignatureRecord } from '../model/signing.js';
import type { SyncChange } from './types.js';

/** Name words, folded and sorted: `Marie-Ève Côté` = `COTE, Marie Eve`. */
const nameKey = (name: string): string =>
  name
    .split(/[\s,.\-'’]+/)
    .map(foldName)
    .filter((w) => w !== '')
    .sort()
    .join(' ');

const DETAIL_FIELDS: readonly (keyof SignatureDetails)[] = ['signedAt', 'timeZone', 'signerName', 'signerRole', 'certificateId', 'channel', 'signedPdfSha256', 'certificateSha256', 'completionId', 'documentId'];

const sameValue = (field: keyof SignatureDetails, a: string | undefined, b: string | undefined): boolean =>
  field === 'signedAt' && a !== undefined && b !== undefined ? Date.parse(a) === Date.parse(b) : a === b;

/** The fields of `after` that differ from `before` (fields `after` lacks are not changes). */
export function changesOf(before: SignatureDetails | undefined, after: SignatureDetails): SyncChange[] {
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
export type Decision =
  | { readonly kind: 'failed'; readonly code: SyncMessageCode; readonly params: MessageParams }
  | { readonly kind: 'pending'; readonly code: SyncMessageCode; readonly params: MessageParams }
  | { readonly kind: 'unchanged'; readonly signature: SignatureDetails }
  | { readonly kind: 'write'; readonly signature: SignatureDetails; readonly changes: readonly SyncChange[] };

/** The states of a request still waiting for its signer (not completed, not declined, not expired). */
const WAITING: ReadonlySet<SignatureCompletion['state']> = /* @__PURE__ */ new Set(['sent', 'viewed', 'partially_signed']);

const latest = (completions: readonly SignatureCompletion[]): SignatureCompletion | undefined =>
  completions.reduce<SignatureCompletion | undefined>((best, c) => (best === undefined || Date.parse(c.updatedAt) > Date.parse(best.updatedAt) ? c : best), undefined);

/**
 * The completions that count when several documents of the form were sent (a reprint sent as a new version):
 * - the journal names the newest version sent (`newestDocumentId`): that document's completions only;
 * - else, when at most one document is still live (the others declined or expired), the document of the completion
 *   that changed last;
 * - else all of them (several signed copies are then `several_completions`, a newer unsigned one
 *   `newer_version_unsigned`).
 */
function counting(completions: readonly SignatureCompletion[], newestDocumentId: string | undefined): readonly SignatureCompletion[] {
  if (newestDocumentId !== undefined) return completions.filter((c) => c.documentId === newestDocumentId);
  const documents = new Set(completions.map((c) => c.documentId));
  if (documents.size <= 1) return completions;
  const live = new Set(completions.filter((c) => c.state !== 'declined' && c.state !== 'expired').map((c) => c.documentId));
  if (live.size > 1) return completions;
  const last = latest(completions);
  return last === undefined ? completions : completions.filter((c) => c.documentId === last.documentId);
}

/**
 * Decides one form of one taxpayer. `newestDocumentId`: the portal document of the newest version sent, as the
 * document-versions journal records it (absent when the journal has none).
 */
export function decideForm(
  taxpayer: ClientFileTaxpayer,
  form: string,
  year: number,
  allCompletions: readonly SignatureCompletion[],
  record: SignatureRecord | undefined,
  newestDocumentId?: string,
): Decision {
  const base = { form, year, name: taxpayer.name };
  const completions = counting(allCompletions, newestDocumentId);
  const completed = completions.filter((c) => c.state === 'completed');
  if (completed.length === 0) {
    const last = latest(completions);
    if (last === undefined) {
      // The newest version was sent (the journal says so) but the portal reports nothing for it yet: it waits.
      if (newestDocumentId !== undefined) return { kind: 'pending', code: 'signature_pending', params: { ...base, state: 'sent', pending: taxpayer.name } };
      return { kind: 'failed', code: 'no_completion', params: base };
    }
    switch (last.state) {
      case 'declined': {
        const who = last.signers.find((s) => s.status === 'declined')?.name ?? taxpayer.name;
        return { kind: 'failed', code: 'signature_declined', params: { ...base, signer: who } };
      }
      case 'expired':
        return { kind: 'failed', code: 'signature_expired', params: base };
      default: {
        const pending = last.signers.filter((s) => s.status !== 'signed').map((s) => s.name);
        const params = { ...base, state: last.state, pending: pending.length > 0 ? pending.join(', ') : taxpayer.name };
        return WAITING.has(last.state) ? { kind: 'pending', code: 'signature_pending', params } : { kind: 'failed', code: 'signature_pending', params };
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
      kind: WAITING.has(newer.state) ? 'pending' : 'failed',
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

  // What the store holds is read fail-closed: a transmission time (or a recorded signing time) that cannot be read
  // is a failure, never "not transmitted", which would let a signature made after transmission be copied.
  const transmitted = record?.transmittedAt === undefined ? undefined : parseInstant(record.transmittedAt);
  if (record?.transmittedAt !== undefined && transmitted === undefined) return { kind: 'failed', code: 'record_unreadable', params: { form: base.form, year: base.year, field: 'transmittedAt' } };
  if (record?.signature !== undefined && (parseInstant(record.signature.signedAt) === undefined || !isValidTimeZone(record.signature.timeZone))) {
    return { kind: 'failed', code: 'record_unreadable', params: { form: base.form, year: base.year, field: parseInstant(record.signature.signedAt) === undefined ? 'signature.signedAt' : 'signature.timeZone' } };
  }
  if (record?.transmittedAt !== undefined && transmitted !== undefined && Date.parse(signature.signedAt) >= transmitted) {
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
