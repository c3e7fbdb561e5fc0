/**
 * zod schemas of what the ports return, for {@link guardPorts}: a value a host's adapter hands back is read against
 * them before a workflow uses it. The client record reuses `model/client-schema.ts`.
 *
 * Where a job already checks a field itself and reports a precise reason on the one item concerned (a signature
 * record's `transmittedAt`, signing time, time zone and channel: `record_unreadable`, `channel_missing`; a
 * completion's certificate, channel and signed PDF: `completion_incomplete`), the schema checks its type only, so the
 * report keeps that reason instead of failing the whole call. Dates the jobs compare without checking (a completion's
 * `updatedAt`, a signer's `signedAt`, a portal user's `invitedAt`, a lease) must be ISO 8601 instants with their
 * offset: `Date.parse` would read `2026-03-14 15:42` in the server's own time zone, and `''` as NaN, which every
 * comparison then silently treats as "not newer".
 * @internal
 */
import { z } from 'zod';
import { corporationRecordSchema, individualRecordSchema } from '../model/client-schema.js';
import { parseInstant } from '../model/signing-time.js';
import type { ClientFile, SignatureCompletion, SignatureRecord } from '../model/signing.js';
import type {
  ClaimStepResult,
  CreateClientResult,
  InviteClientResult,
  JournalEntry,
  MailReceipt,
  PortalUser,
  PutDocumentResult,
  SendDocumentResult,
  StoredClient,
} from '../ports.js';

const id = /* @__PURE__ */ (() => z.string().min(1))();
/** An ISO 8601 instant with its offset (`2026-03-14T19:42:07Z`). */
const instant = /* @__PURE__ */ (() => z.string().refine((value) => parseInstant(value) !== undefined, { params: { problem: 'date' } }))();
const version = /* @__PURE__ */ (() => z.union([z.string(), z.number()]))();
const signerRole = /* @__PURE__ */ (() => z.enum(['taxpayer', 'spouse', 'signing_officer', 'trustee', 'preparer']))();

const storedShape = /* @__PURE__ */ (() => ({ id, version: version.optional(), accountManager: z.string().optional() }))();

/** A {@link StoredClient}: a client record plus `id`, `version` (a string or a number) and `accountManager`. */
export const storedClientSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion('kind', [individualRecordSchema.extend(storedShape), corporationRecordSchema.extend(storedShape)]))();

/** A {@link CreateClientResult}. */
export const createClientResultSchema = /* @__PURE__ */ (() => z.object({ client: storedClientSchema, created: z.boolean() }))();

/** A {@link JournalEntry}. */
export const journalEntrySchema = /* @__PURE__ */ (() =>
  z.object({
    applyId: id,
    itemKey: z.string(),
    step: id,
    status: z.enum(['pending', 'claimed', 'done', 'released', 'unknown']),
    clientId: z.string().optional(),
    ref: z.string().optional(),
    owner: z.string().optional(),
    leaseUntil: instant.optional(),
    at: z.string(),
  }))();

/** A {@link ClaimStepResult}. */
export const claimStepResultSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('claimed'), entry: journalEntrySchema, previous: journalEntrySchema.optional() }),
    z.object({ outcome: z.literal('held'), entry: journalEntrySchema }),
    z.object({ outcome: z.literal('finished'), entry: journalEntrySchema }),
  ]))();

const JOURNAL_STATUSES: ReadonlySet<unknown> = /* @__PURE__ */ new Set(['pending', 'claimed', 'done', 'released', 'unknown']);
const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/**
 * True when `value` is a journal entry {@link journalEntrySchema} accepts, checked by hand: the guard reads several
 * entries per item of every apply. Never true for a value the schema refuses (test/workflow/port-schemas.test.ts).
 */
export function isJournalEntry(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.applyId === 'string' &&
    e.applyId !== '' &&
    typeof e.itemKey === 'string' &&
    typeof e.step === 'string' &&
    e.step !== '' &&
    JOURNAL_STATUSES.has(e.status) &&
    optionalString(e.clientId) &&
    optionalString(e.ref) &&
    optionalString(e.owner) &&
    (e.leaseUntil === undefined || (typeof e.leaseUntil === 'string' && parseInstant(e.leaseUntil) !== undefined)) &&
    typeof e.at === 'string'
  );
}

/** True when `value` is a claim {@link claimStepResultSchema} accepts, checked by hand (see {@link isJournalEntry}). */
export function isClaimStepResult(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  if (!isJournalEntry(r.entry)) return false;
  if (r.outcome === 'claimed') return r.previous === undefined || isJournalEntry(r.previous);
  return r.outcome === 'held' || r.outcome === 'finished';
}

// ── Hand-written checks of the other answers an apply reads once per item ─────────────────────────────────────
// Each accepts only values its schema accepts (test/workflow/port-schemas.test.ts holds them to it); a value one
// does not accept is read by the schema, which says why. zod builds a copy of every object it parses: on a 10,000-row
// import that is most of the guard's cost and a third of the collector's.

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): boolean => typeof value === 'string' && value !== '';
const isInstant = (value: unknown): boolean => parseInstant(value) !== undefined;
const optionalOf = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || check(value);
const isFiniteNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isInteger = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value);
const isVersion = (value: unknown): boolean => typeof value === 'string' || isFiniteNumber(value);
const DIGITS9 = /^\d{9}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PROGRAM_ACCOUNT = /^[A-Z]{2}\d{4}$/;
const NEQ = /^\d{10}$/;
const matches = (pattern: RegExp) => (value: unknown): boolean => typeof value === 'string' && pattern.test(value);
const oneOf = (values: readonly string[]): ((value: unknown) => boolean) => {
  const set: ReadonlySet<unknown> = new Set(values);
  return (value) => set.has(value);
};
const PROVINCE = /* @__PURE__ */ oneOf(['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT']);
const LANGUAGE = /* @__PURE__ */ oneOf(['fr', 'en']);
const ROLE = /* @__PURE__ */ oneOf(['principal', 'spouse', 'dependant']);
const SIGNER_ROLE = /* @__PURE__ */ oneOf(['taxpayer', 'spouse', 'signing_officer', 'trustee', 'preparer']);
const isString = (value: unknown): boolean => typeof value === 'string';

function isAddress(value: unknown): boolean {
  if (!isObject(value)) return false;
  return (
    optionalOf(value.line1, isString) &&
    optionalOf(value.line2, isString) &&
    optionalOf(value.city, isString) &&
    optionalOf(value.province, PROVINCE) &&
    optionalOf(value.postalCode, isString) &&
    optionalOf(value.country, isString)
  );
}

/** The fields every client record has, and `id`, `version`, `accountManager` of a stored one. */
function isStoredBase(c: Record<string, unknown>): boolean {
  return (
    isId(c.id) &&
    optionalOf(c.version, isVersion) &&
    optionalOf(c.accountManager, isString) &&
    optionalOf(c.email, isString) &&
    optionalOf(c.phone, isString) &&
    optionalOf(c.language, LANGUAGE) &&
    optionalOf(c.address, isAddress) &&
    optionalOf(c.clientFile, isString) &&
    optionalOf(c.clientNumber, isString) &&
    optionalOf(c.source, (s) => isObject(s) && isInteger(s.row) && (s.row as number) > 0)
  );
}

/** True when `value` is a client {@link storedClientSchema} accepts, checked by hand. */
export function isStoredClient(value: unknown): boolean {
  if (!isObject(value) || !isStoredBase(value)) return false;
  if (value.kind === 'individual') {
    return (
      optionalOf(value.sin, matches(DIGITS9)) &&
      isId(value.firstName) &&
      isId(value.lastName) &&
      optionalOf(value.birthDate, matches(ISO_DATE)) &&
      optionalOf(value.spouseSin, matches(DIGITS9)) &&
      optionalOf(value.role, ROLE)
    );
  }
  if (value.kind === 'corporation') {
    return (
      optionalOf(value.businessNumber, matches(DIGITS9)) &&
      optionalOf(value.programAccount, matches(PROGRAM_ACCOUNT)) &&
      optionalOf(value.neq, matches(NEQ)) &&
      isId(value.name) &&
      optionalOf(value.fiscalYearEnd, matches(ISO_DATE)) &&
      optionalOf(value.contactName, isString)
    );
  }
  return false;
}

/** True when `value` is what {@link createClientResultSchema} accepts, checked by hand. */
export const isCreateClientResult = (value: unknown): boolean => isObject(value) && typeof value.created === 'boolean' && isStoredClient(value.client);

/** True when `value` is a portal user {@link portalUserSchema} accepts, checked by hand. */
export function isPortalUser(value: unknown): boolean {
  return (
    isObject(value) &&
    isId(value.id) &&
    isId(value.clientId) &&
    typeof value.email === 'string' &&
    (value.status === 'invited' || value.status === 'active') &&
    optionalOf(value.invitationUrl, isString) &&
    isInstant(value.invitedAt)
  );
}

/** True when `value` is what {@link inviteClientResultSchema} accepts, checked by hand. */
export const isInviteClientResult = (value: unknown): boolean => isObject(value) && typeof value.created === 'boolean' && isPortalUser(value.user);

/** True when `value` is what {@link sendDocumentResultSchema} accepts, checked by hand. */
export function isSendDocumentResult(value: unknown): boolean {
  if (!isObject(value) || typeof value.created !== 'boolean') return false;
  const d = value.document;
  return isObject(d) && isId(d.id) && isId(d.clientId) && isId(d.idempotencyKey) && (d.purpose === 'sign' || d.purpose === 'consult') && isInstant(d.sentAt);
}

/** True when `value` is what {@link mailReceiptSchema} accepts, checked by hand. */
export const isMailReceipt = (value: unknown): boolean => isObject(value) && isId(value.id) && typeof value.duplicate === 'boolean';

/** True when `value` is a client file {@link clientFileSchema} accepts, checked by hand. */
export function isClientFile(value: unknown): boolean {
  if (!isObject(value) || !isId(value.id) || !optionalOf(value.label, isString) || !Array.isArray(value.taxpayers)) return false;
  for (const t of value.taxpayers as unknown[]) {
    if (!isObject(t) || !isId(t.taxpayerId) || !ROLE(t.role) || typeof t.name !== 'string') return false;
    if (t.forms !== undefined && !(Array.isArray(t.forms) && (t.forms as unknown[]).every(isString))) return false;
  }
  return true;
}

/** True when `value` is a signature record {@link signatureRecordSchema} accepts, checked by hand. */
export function isSignatureRecord(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (!(isId(value.taxpayerId) && typeof value.clientFileId === 'string' && isInteger(value.taxYear) && isId(value.documentType))) return false;
  if (!(optionalOf(value.transmittedAt, isString) && optionalOf(value.amountAtSigningCents, isFiniteNumber) && optionalOf(value.version, isVersion))) return false;
  const g = value.signature;
  if (g === undefined) return true;
  return (
    isObject(g) &&
    typeof g.signedAt === 'string' &&
    typeof g.timeZone === 'string' &&
    typeof g.signerName === 'string' &&
    SIGNER_ROLE(g.signerRole) &&
    typeof g.certificateId === 'string' &&
    typeof g.channel === 'string' &&
    typeof g.signedPdfSha256 === 'string' &&
    typeof g.completionId === 'string' &&
    optionalOf(g.documentId, isString)
  );
}

const COMPLETION_STATE = /* @__PURE__ */ oneOf(['sent', 'viewed', 'partially_signed', 'completed', 'declined', 'expired']);
const SIGNER_STATUS = /* @__PURE__ */ oneOf(['pending', 'viewed', 'signed', 'declined']);

/** True when `value` is a completion {@link signatureCompletionSchema} accepts, checked by hand. */
export function isSignatureCompletion(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (!(isId(value.id) && isId(value.documentId) && isId(value.clientId) && optionalOf(value.clientFileId, isString) && isId(value.documentType))) return false;
  if (!(isInteger(value.taxYear) && COMPLETION_STATE(value.state) && isInstant(value.updatedAt))) return false;
  if (!(optionalOf(value.certificateId, isString) && optionalOf(value.channel, isString) && optionalOf(value.signedPdfSha256, isString))) return false;
  if (!Array.isArray(value.signers)) return false;
  for (const s of value.signers as unknown[]) {
    if (!isObject(s) || !SIGNER_ROLE(s.role) || typeof s.name !== 'string' || !SIGNER_STATUS(s.status)) return false;
    if (!optionalOf(s.signedAt, isInstant) || !optionalOf(s.timeZone, isString)) return false;
  }
  return true;
}

/** A {@link ClientFile}. */
export const clientFileSchema = /* @__PURE__ */ (() =>
  z.object({
    id,
    label: z.string().optional(),
    taxpayers: z.array(
      z.object({
        taxpayerId: id,
        role: z.enum(['principal', 'spouse', 'dependant']),
        name: z.string(),
        forms: z.array(z.string()).readonly().optional(),
      }),
    ).readonly(),
  }))();

/** A {@link SignatureRecord}: types only for the fields signature sync checks itself, form by form. */
export const signatureRecordSchema = /* @__PURE__ */ (() =>
  z.object({
    taxpayerId: id,
    clientFileId: z.string(),
    taxYear: z.number().int(),
    documentType: id,
    signature: z
      .object({
        signedAt: z.string(),
        timeZone: z.string(),
        signerName: z.string(),
        signerRole,
        certificateId: z.string(),
        channel: z.string(),
        signedPdfSha256: z.string(),
        completionId: z.string(),
        documentId: z.string().optional(),
      })
      .optional(),
    transmittedAt: z.string().optional(),
    amountAtSigningCents: z.number().optional(),
    version: version.optional(),
  }))();

/** A {@link SignatureCompletion}. */
export const signatureCompletionSchema = /* @__PURE__ */ (() =>
  z.object({
    id,
    documentId: id,
    clientId: id,
    clientFileId: z.string().optional(),
    documentType: id,
    taxYear: z.number().int(),
    state: z.enum(['sent', 'viewed', 'partially_signed', 'completed', 'declined', 'expired']),
    signers: z.array(
      z.object({
        role: signerRole,
        name: z.string(),
        status: z.enum(['pending', 'viewed', 'signed', 'declined']),
        signedAt: instant.optional(),
        timeZone: z.string().optional(),
      }),
    ).readonly(),
    updatedAt: instant,
    certificateId: z.string().optional(),
    channel: z.string().optional(),
    signedPdfSha256: z.string().optional(),
  }))();

/** A {@link PortalUser}. */
export const portalUserSchema = /* @__PURE__ */ (() =>
  z.object({
    id,
    clientId: id,
    email: z.string(),
    status: z.enum(['invited', 'active']),
    invitationUrl: z.string().optional(),
    invitedAt: instant,
  }))();

/** An {@link InviteClientResult}. */
export const inviteClientResultSchema = /* @__PURE__ */ (() => z.object({ user: portalUserSchema, created: z.boolean() }))();

/** A {@link SendDocumentResult}. */
export const sendDocumentResultSchema = /* @__PURE__ */ (() =>
  z.object({
    document: z.object({ id, clientId: id, idempotencyKey: id, purpose: z.enum(['sign', 'consult']), sentAt: instant }),
    created: z.boolean(),
  }))();

/** A {@link MailReceipt}. */
export const mailReceiptSchema = /* @__PURE__ */ (() => z.object({ id, duplicate: z.boolean() }))();

/** A {@link PutDocumentResult}. */
export const putDocumentResultSchema = /* @__PURE__ */ (() => z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), created: z.boolean() }))();

/** What `ClientStore.pruneJournal` returns: how many entries it removed. */
export const removedCountSchema = /* @__PURE__ */ (() => z.number().int().nonnegative())();

/** What `DocumentStore.get` returns when it holds the document: its bytes. */
export const documentBytesSchema = /* @__PURE__ */ (() => z.instanceof(Uint8Array))();

/** `Portal.downloadSignedDocument`: the signed PDF and its certificate. */
export const signedDocumentSchema = /* @__PURE__ */ (() =>
  z.object({
    completionId: z.string().min(1),
    signedPdf: z.instanceof(Uint8Array),
    certificate: z.object({ bytes: z.instanceof(Uint8Array), mediaType: z.enum(['application/pdf', 'application/json']) }),
  }))();

/** What `DocumentStore.has` returns. */
export const documentHeldSchema = /* @__PURE__ */ (() => z.boolean())();

// Every value the documented interfaces allow must pass the schemas (checked at compile time).
type Assert<T extends true> = T;
type Passes<T, S extends z.ZodType> = T extends z.infer<S> ? true : false;
type _Schemas = [
  Assert<Passes<StoredClient, typeof storedClientSchema>>,
  Assert<Passes<CreateClientResult, typeof createClientResultSchema>>,
  Assert<Passes<JournalEntry, typeof journalEntrySchema>>,
  Assert<Passes<ClaimStepResult, typeof claimStepResultSchema>>,
  Assert<Passes<ClientFile, typeof clientFileSchema>>,
  Assert<Passes<SignatureRecord, typeof signatureRecordSchema>>,
  Assert<Passes<SignatureCompletion, typeof signatureCompletionSchema>>,
  Assert<Passes<PortalUser, typeof portalUserSchema>>,
  Assert<Passes<InviteClientResult, typeof inviteClientResultSchema>>,
  Assert<Passes<SendDocumentResult, typeof sendDocumentResultSchema>>,
  Assert<Passes<MailReceipt, typeof mailReceiptSchema>>,
  Assert<Passes<PutDocumentResult, typeof putDocumentResultSchema>>,
];
