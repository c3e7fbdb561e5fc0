/**
 * The guard's hand-written checks of journal entries and claims (the hottest answers of every apply) accept only
 * what the schemas accept: a property test over entries a host's store could really return — right, wrong in one
 * field (a number for a string, an empty id, a status of another version, a lease in the server's local time).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimStepResultSchema, isClaimStepResult, isJournalEntry, journalEntrySchema } from '../../src/workflow/port-schemas.js';

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
