/**
 * Hand-written checks of what the ports return, without zod: the guard reads several answers per item of every apply,
 * and zod builds a copy of every object it parses. Each accepts only values its schema in port-schemas.ts accepts
 * (test/workflow/port-schemas.test.ts holds them to it); a value one does not accept is read by the schema, which says
 * why. Kept apart from the schemas so that an entry that loads no zod (the HTTP portal adapter, `taxsync/http`) can
 * check a portal's answers with the very same rules.
 * @internal
 */
import { parseInstant } from '../model/signing-time.js';

const JOURNAL_STATUSES: ReadonlySet<unknown> = /* @__PURE__ */ new Set(['pending', 'claimed', 'done', 'released', 'unknown']);
const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/**
 * True when `value` is a journal entry `journalEntrySchema` (port-schemas.ts) accepts, checked by hand: the guard
 * reads several entries per item of every apply. Never true for a value the schema refuses (test/workflow/port-schemas.test.ts).
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

/** True when `value` is a claim `claimStepResultSchema` (port-schemas.ts) accepts, checked by hand (see {@link isJournalEntry}). */
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

/** True when `value` is a client `storedClientSchema` (port-schemas.ts) accepts, checked by hand. */
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

/** True when `value` is what `createClientResultSchema` (port-schemas.ts) accepts, checked by hand. */
export const isCreateClientResult = (value: unknown): boolean => isObject(value) && typeof value.created === 'boolean' && isStoredClient(value.client);

/** True when `value` is a portal user `portalUserSchema` (port-schemas.ts) accepts, checked by hand. */
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

/** True when `value` is what `inviteClientResultSchema` (port-schemas.ts) accepts, checked by hand. */
export const isInviteClientResult = (value: unknown): boolean => isObject(value) && typeof value.created === 'boolean' && isPortalUser(value.user);

/** True when `value` is what `sendDocumentResultSchema` (port-schemas.ts) accepts, checked by hand. */
export function isSendDocumentResult(value: unknown): boolean {
  if (!isObject(value) || typeof value.created !== 'boolean') return false;
  const d = value.document;
  return isObject(d) && isId(d.id) && isId(d.clientId) && isId(d.idempotencyKey) && (d.purpose === 'sign' || d.purpose === 'consult') && isInstant(d.sentAt);
}

/** True when `value` is what `mailReceiptSchema` (port-schemas.ts) accepts, checked by hand. */
export const isMailReceipt = (value: unknown): boolean => isObject(value) && isId(value.id) && typeof value.duplicate === 'boolean';

/** True when `value` is a client file `clientFileSchema` (port-schemas.ts) accepts, checked by hand. */
export function isClientFile(value: unknown): boolean {
  if (!isObject(value) || !isId(value.id) || !optionalOf(value.label, isString) || !Array.isArray(value.taxpayers)) return false;
  for (const t of value.taxpayers as unknown[]) {
    if (!isObject(t) || !isId(t.taxpayerId) || !ROLE(t.role) || typeof t.name !== 'string') return false;
    if (t.forms !== undefined && !(Array.isArray(t.forms) && (t.forms as unknown[]).every(isString))) return false;
  }
  return true;
}

/** True when `value` is a signature record `signatureRecordSchema` (port-schemas.ts) accepts, checked by hand. */
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

/** True when `value` is a completion `signatureCompletionSchema` (port-schemas.ts) accepts, checked by hand. */
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
