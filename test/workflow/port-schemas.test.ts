/**
 * The guard's hand-written checks of journal entries and claims (the hottest answers of every apply) accept only
 * what the schemas accept: a property test over entries a host's store could really return — right, wrong in one
 * field (a number for a string, an empty id, a status of another version, a lease in the server's local time).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createMemoryClientStore, createMemoryPortal, createOutboxMailer } from '../../src/index.js';
import {
  claimStepResultSchema,
  clientFileSchema,
  createClientResultSchema,
  inviteClientResultSchema,
  isClaimStepResult,
  isClientFile,
  isCreateClientResult,
  isInviteClientResult,
  isJournalEntry,
  isMailReceipt,
  isPortalUser,
  isSendDocumentResult,
  isSignatureCompletion,
  isSignatureRecord,
  isStoredClient,
  journalEntrySchema,
  mailReceiptSchema,
  portalUserSchema,
  sendDocumentResultSchema,
  signatureCompletionSchema,
  signatureRecordSchema,
  storedClientSchema,
} from '../../src/workflow/port-schemas.js';

const text = fc.oneof(fc.constant(''), fc.constant(''), fc.string({ maxLength: 8 }), fc.constantFrom('taxsync:invitations', 'plan-1', 'c-17'));
const oddValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.boolean(), text, fc.constant({}), fc.constant([]));
const instant = fc.oneof(
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-04-02T13:00:00-04:00', '2026-04-02 13:00', '2026-04-02 13:00 HAE', '', 'demain'),
);
const field = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 6, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: oddValue });
const entry = fc.record(
  {
    applyId: field(text),
    itemKey: field(text),
    step: field(fc.constantFrom('create', 'invite', 'email', 'send', 'v1')),
    status: field(fc.constantFrom('pending', 'claimed', 'done', 'released', 'unknown', 'failed', 'DONE')),
    clientId: field(text),
    ref: field(text),
    owner: field(text),
    leaseUntil: field(instant),
    at: field(instant),
  },
  { requiredKeys: ['applyId', 'itemKey', 'step', 'status', 'at'] },
);

describe('hand-written checks of journal answers', () => {
  it('accept a journal entry only when its schema does, and every entry a store really writes', () => {
    fc.assert(
      fc.property(entry, (value) => {
        if (isJournalEntry(value)) expect(journalEntrySchema.safeParse(value).success).toBe(true);
      }),
      { numRuns: 5_000 },
    );
    const written = { applyId: 'taxsync:invitations', itemKey: 'c-17', step: 'invite', status: 'claimed', clientId: 'c-17', owner: 'w-1', leaseUntil: '2026-04-02T17:00:00.000Z', at: '2026-04-02T16:59:30.000Z' };
    expect(isJournalEntry(written)).toBe(true);
    expect(isJournalEntry({ ...written, leaseUntil: '2026-04-02 13:00' })).toBe(false);
    expect(isJournalEntry({ ...written, status: 'failed' })).toBe(false);
    expect(isJournalEntry([written])).toBe(false);
  });

  it('accept a claim only when its schema does', () => {
    const claim = fc.record(
      { outcome: field(fc.constantFrom('claimed', 'held', 'finished', 'taken')), entry: field(entry), previous: field(entry) },
      { requiredKeys: ['outcome', 'entry'] },
    );
    fc.assert(
      fc.property(claim, (value) => {
        if (isClaimStepResult(value)) expect(claimStepResultSchema.safeParse(value).success).toBe(true);
      }),
      { numRuns: 5_000 },
    );
    const e = { applyId: 'plan-1', itemKey: 'c-17', step: 'email', status: 'done', at: '2026-04-02T16:59:30.000Z' };
    expect(isClaimStepResult({ outcome: 'finished', entry: e })).toBe(true);
    expect(isClaimStepResult({ outcome: 'claimed', entry: e, previous: { ...e, status: 'maybe' } })).toBe(false);
  });
});

// ── The other hand-written checks: stored clients, portal users, documents sent, receipts, files, records, completions.
// Each field right 29 times in 30 (objects have up to 17 fields: most values must be whole for the checks to accept some).
const maybe = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 29, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: oddValue });
const goodInstant = fc.oneof({ weight: 12, arbitrary: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()) }, { weight: 1, arbitrary: instant });
// Mostly right, sometimes wrong in the ways real data is.
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: bad });
const sinLike = mostly(fc.constantFrom('130692544', '046454286'), fc.constantFrom('130 692 544', '13069254', '', 'abcdefghi'));
const isoDay = mostly(fc.constant('1975-04-12'), fc.constantFrom('1975-4-12', '12/04/1975', ''));
const idText = mostly(fc.constantFrom('c-17', 'plan-1', 'Zoé', 'x'), text);
const addressArb = fc.record(
  { line1: maybe(idText), line2: maybe(idText), city: maybe(fc.constantFrom('Montréal', 'Québec')), province: maybe(mostly(fc.constantFrom('QC', 'ON'), fc.constantFrom('qc', 'XX'))), postalCode: maybe(idText), country: maybe(idText) },
  { requiredKeys: [] },
);
const base = {
  id: maybe(idText),
  version: maybe(mostly(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), fc.constantFrom(Number.NaN, Infinity))),
  accountManager: maybe(idText),
  email: maybe(fc.constantFrom('zoe@exemple.ca', '')),
  phone: maybe(idText),
  language: maybe(mostly(fc.constantFrom('fr', 'en'), fc.constantFrom('FR', 'es'))),
  address: mostly(addressArb, oddValue),
  clientFile: maybe(idText),
  clientNumber: maybe(idText),
  source: maybe(fc.record({ row: mostly(fc.integer({ min: 1, max: 50 }), fc.constantFrom(0, -2, 1.5, '3')) })),
};
const individual = fc.record(
  { kind: maybe(fc.constantFrom('individual', 'Individual')), sin: maybe(sinLike), firstName: maybe(fc.constantFrom('Zoé', '')), lastName: maybe(fc.constantFrom('Côté', '')), birthDate: maybe(isoDay), spouseSin: maybe(sinLike), role: maybe(fc.constantFrom('principal', 'spouse', 'dependant', 'child')), ...base },
  { requiredKeys: ['kind', 'id', 'firstName', 'lastName'] },
);
const corporation = fc.record(
  { kind: maybe(fc.constantFrom('corporation', 'company')), businessNumber: maybe(sinLike), programAccount: maybe(fc.constantFrom('RC0001', 'rc0001', 'RC01')), neq: maybe(fc.constantFrom('1234567890', '123456789')), name: maybe(fc.constantFrom('Gestion Côté inc.', '')), fiscalYearEnd: maybe(isoDay), contactName: maybe(idText), ...base },
  { requiredKeys: ['kind', 'id', 'name'] },
);
const storedClient = fc.oneof(individual, corporation);
const portalUser = fc.record(
  { id: maybe(idText), clientId: maybe(idText), email: maybe(idText), status: maybe(fc.constantFrom('invited', 'active', 'gone')), invitationUrl: maybe(idText), invitedAt: maybe(goodInstant) },
  { requiredKeys: ['id', 'clientId', 'email', 'status', 'invitedAt'] },
);
const sent = fc.record({
  document: fc.oneof(
    fc.record({ id: maybe(idText), clientId: maybe(idText), idempotencyKey: maybe(idText), purpose: maybe(fc.constantFrom('sign', 'consult', 'read')), sentAt: maybe(goodInstant) }, { requiredKeys: ['id', 'clientId', 'idempotencyKey', 'purpose', 'sentAt'] }),
    oddValue,
  ),
  created: maybe(fc.boolean()),
});
const clientFile = fc.record(
  {
    id: maybe(idText),
    label: maybe(idText),
    taxpayers: maybe(fc.array(fc.oneof(fc.record({ taxpayerId: maybe(idText), role: maybe(fc.constantFrom('principal', 'spouse', 'dependant', 'child')), name: maybe(idText), forms: maybe(fc.array(fc.oneof(text, fc.integer()), { maxLength: 2 })) }, { requiredKeys: ['taxpayerId', 'role', 'name'] }), oddValue), { maxLength: 3 })),
  },
  { requiredKeys: ['id', 'taxpayers'] },
);
const signature = fc.record({
  signedAt: maybe(goodInstant), timeZone: maybe(idText), signerName: maybe(idText), signerRole: maybe(fc.constantFrom('taxpayer', 'spouse', 'signing_officer', 'trustee', 'preparer', 'witness')),
  certificateId: maybe(idText), channel: maybe(idText), signedPdfSha256: maybe(idText), completionId: maybe(idText), documentId: maybe(idText),
}, { requiredKeys: ['signedAt', 'timeZone', 'signerName', 'signerRole', 'certificateId', 'channel', 'signedPdfSha256', 'completionId'] });
const signatureRecord = fc.record(
  { taxpayerId: maybe(idText), clientFileId: maybe(idText), taxYear: maybe(fc.oneof(fc.integer({ min: 2020, max: 2030 }), fc.constant(2025.5), fc.constant('2025'))), documentType: maybe(fc.constantFrom('T183', '')), signature: fc.oneof(signature, oddValue), transmittedAt: maybe(goodInstant), amountAtSigningCents: maybe(fc.oneof(fc.integer(), fc.constant(Number.NaN), fc.constant(1.25))), version: maybe(fc.oneof(fc.integer(), text)) },
  { requiredKeys: ['taxpayerId', 'clientFileId', 'taxYear', 'documentType'] },
);
const completion = fc.record(
  {
    id: maybe(idText), documentId: maybe(idText), clientId: maybe(idText), clientFileId: maybe(idText), documentType: maybe(fc.constantFrom('T183', '')),
    taxYear: maybe(fc.oneof(fc.integer({ min: 2020, max: 2030 }), fc.constant(2025.5))),
    state: maybe(fc.constantFrom('sent', 'viewed', 'partially_signed', 'completed', 'declined', 'expired', 'signed')),
    signers: maybe(fc.array(fc.oneof(fc.record({ role: maybe(fc.constantFrom('taxpayer', 'spouse', 'witness')), name: maybe(idText), status: maybe(fc.constantFrom('pending', 'viewed', 'signed', 'declined', 'done')), signedAt: maybe(goodInstant), timeZone: maybe(idText) }, { requiredKeys: ['role', 'name', 'status'] }), oddValue), { maxLength: 3 })),
    updatedAt: maybe(goodInstant), certificateId: maybe(idText), channel: maybe(idText), signedPdfSha256: maybe(idText),
  },
  { requiredKeys: ['id', 'documentId', 'clientId', 'documentType', 'taxYear', 'state', 'signers', 'updatedAt'] },
);

describe('hand-written checks of the other answers', () => {
  const cases: [string, fc.Arbitrary<unknown>, (v: unknown) => boolean, z.ZodType][] = [
    ['stored client', storedClient, isStoredClient, storedClientSchema],
    ['client created', fc.record({ client: fc.oneof(storedClient, oddValue), created: maybe(fc.boolean()) }), isCreateClientResult, createClientResultSchema],
    ['portal user', portalUser, isPortalUser, portalUserSchema],
    ['invitation', fc.record({ user: fc.oneof(portalUser, oddValue), created: maybe(fc.boolean()) }), isInviteClientResult, inviteClientResultSchema],
    ['document sent', sent, isSendDocumentResult, sendDocumentResultSchema],
    ['mail receipt', fc.record({ id: maybe(idText), duplicate: maybe(fc.boolean()) }), isMailReceipt, mailReceiptSchema],
    ['client file', clientFile, isClientFile, clientFileSchema],
    ['signature record', signatureRecord, isSignatureRecord, signatureRecordSchema],
    ['completion', completion, isSignatureCompletion, signatureCompletionSchema],
  ];
  for (const [what, arbitrary, fast, schema] of cases) {
    it(`accept a ${what} only when its schema does, and most well-formed ones`, () => {
      let accepted = 0;
      fc.assert(
        fc.property(arbitrary, (value) => {
          if (fast(value)) {
            accepted++;
            expect(schema.safeParse(value).success).toBe(true);
          }
        }),
        { numRuns: 4_000 },
      );
      // The generator makes each field wrong one time in thirty: a check that never accepts would pass the loop.
      expect(accepted).toBeGreaterThan(20);
    });
  }

  it('accept what the memory adapters really answer', async () => {
    const store = createMemoryClientStore();
    const { client } = await store.create({ record: { kind: 'individual', sin: '130692544', firstName: 'Zoé', lastName: 'Côté', email: 'zoe@exemple.ca', language: 'fr', address: { city: 'Montréal', province: 'QC' }, clientFile: 'CÔTÉ', role: 'principal' } });
    expect(isStoredClient(client)).toBe(true);
    expect(isStoredClient({ ...client, sin: '130 692 544' })).toBe(false);
    const portal = createMemoryPortal();
    const invited = await portal.inviteClient({ clientId: client.id, email: 'zoe@exemple.ca', language: 'fr', name: 'Zoé Côté' });
    expect(isInviteClientResult(invited)).toBe(true);
    expect(isPortalUser({ ...invited.user, invitedAt: '2026-04-02 13:00' })).toBe(false);
    const doc = await portal.sendDocument({ clientId: client.id, idempotencyKey: 'k-1', purpose: 'sign', title: 'T183', fileName: 't183.pdf', pdf: new Uint8Array([37, 80, 68, 70]), fields: [] } as never);
    expect(isSendDocumentResult(doc)).toBe(true);
    expect(isMailReceipt(await createOutboxMailer().send({ to: 'zoe@exemple.ca', subject: 'Bonjour', text: 'Allô', language: 'fr', idempotencyKey: 'k' }))).toBe(true);
  });
});
