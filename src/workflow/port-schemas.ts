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
export { isJournalEntry, isClaimStepResult, isStoredClient, isCreateClientResult, isPortalUser, isInviteClientResult, isSendDocumentResult, isMailReceipt, isClientFile, isSignatureRecord, isSignatureCompletion } from './port-checks.js';
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
