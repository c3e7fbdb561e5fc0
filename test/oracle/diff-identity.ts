// Frozen oracle: the implementation before #13 (commit 0078d5b), for the differential tests. See README.md; never edit to make a test pass.
/**
 * Who a record of the file is: the keys it is known by within the file, and the stored client it resolves to (or
 * why it resolves to none for sure).
 */
import type { ClientRecord, CorporationRecord, IndividualRecord } from '../../src/model/client.js';
import { foldName } from './fold.js';
import { maskBusinessNumber, maskNeq, maskSin } from '../../src/model/mask.js';
import type { MessageParams } from '../../src/messages/catalogue.js';
import type { StoredClient } from '../../src/ports.js';
import { displayName } from '../../src/clients/fields.js';
import type { StoredIndex } from './diff-stored-index.js';
import type { ClientConflictReason, ClientMatchedBy } from '../../src/clients/diff/types.js';

/** The stored client a record resolves to, or that it is new, or why it is held. */
export type Resolution =
  | { readonly type: 'match'; readonly client: StoredClient; readonly by: ClientMatchedBy }
  | { readonly type: 'create' }
  | { readonly type: 'conflict'; readonly reason: ClientConflictReason; readonly ids: readonly string[]; readonly rows: readonly number[]; readonly params: MessageParams };

/** `clientFile|first|last` folded: the family part of a dependant's key. */
export const familyKey = (record: IndividualRecord): string | undefined =>
  record.clientFile === undefined ? undefined : `${foldName(record.clientFile)}|${foldName(record.firstName)}|${foldName(record.lastName)}`;

/** The key an incoming record is identified by within one file (SIN, dependant, BN or NEQ, name). */
export function fileKey(record: ClientRecord): string | undefined {
  if (record.kind === 'individual') {
    if (record.sin !== undefined) return `s${record.sin}`;
    const family = familyKey(record);
    return family === undefined ? undefined : `d${family}|${record.birthDate ?? ''}`;
  }
  if (record.businessNumber !== undefined) return `b${record.businessNumber}`;
  if (record.neq !== undefined) return `n${record.neq}`;
  return `c${foldName(record.name)}`;
}

/** A corporation's second key: its NEQ when it also has a BN. */
export function secondKey(record: ClientRecord): string | undefined {
  return record.kind === 'corporation' && record.businessNumber !== undefined && record.neq !== undefined ? `n${record.neq}` : undefined;
}

/** Candidates of a dependant-style match, narrowed by birth date. */
function byBirthDate(candidates: readonly StoredClient[], birthDate: string | undefined): readonly StoredClient[] {
  if (birthDate === undefined || candidates.length === 0) return candidates;
  const same = candidates.filter((c) => (c as IndividualRecord).birthDate === birthDate);
  return same.length > 0 ? same : candidates.filter((c) => (c as IndividualRecord).birthDate === undefined);
}

function matchOrConflict(candidates: readonly StoredClient[], by: ClientMatchedBy): Resolution {
  if (candidates.length === 0) return { type: 'create' };
  const [only] = candidates;
  if (candidates.length === 1 && only !== undefined) return { type: 'match', client: only, by };
  return {
    type: 'conflict',
    reason: 'ambiguous_match',
    ids: candidates.map((c) => c.id),
    rows: [],
    params: { count: candidates.length, by },
  };
}

function sameFirstName(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase() || foldName(a) === foldName(b);
}


export function resolveIndividual(record: IndividualRecord, index: StoredIndex): Resolution {
  if (record.sin !== undefined) {
    const bySin = index.bySin.raw(record.sin);
    if (bySin !== undefined) {
      if (Array.isArray(bySin)) return matchOrConflict(bySin, 'sin');
      const stored = bySin as IndividualRecord & StoredClient;
      const resolution: Resolution = { type: 'match', client: stored, by: 'sin' };
      const firstDiffers = !sameFirstName(stored.firstName, record.firstName);
      // Nothing confirms the identity when a birth date is missing: a different first name is then enough.
      const birthAgrees = stored.birthDate !== undefined && record.birthDate !== undefined && stored.birthDate === record.birthDate;
      if (firstDiffers && !birthAgrees) {
        return {
          type: 'conflict',
          reason: 'sin_collision',
          ids: [stored.id],
          rows: [],
          params: { sin: maskSin(record.sin), existing: displayName(stored), incoming: displayName(record) },
        };
      }
      return resolution;
    }
    // A dependant stored without a SIN who now has one.
    const family = familyKey(record);
    if (family === undefined) return { type: 'create' };
    return matchOrConflict(byBirthDate(index.family(family, true), record.birthDate), 'dependant');
  }
  const family = familyKey(record);
  if (family === undefined) return { type: 'conflict', reason: 'missing_key', ids: [], rows: [], params: {} };
  return matchOrConflict(byBirthDate(index.family(family, false), record.birthDate), 'dependant');
}

export function resolveCorporation(record: CorporationRecord, index: StoredIndex): Resolution {
  const mismatch = (ids: readonly string[]): Resolution => ({
    type: 'conflict',
    reason: 'key_mismatch',
    ids,
    rows: [],
    params: {
      businessNumber: record.businessNumber === undefined ? '—' : maskBusinessNumber(record.businessNumber),
      neq: record.neq === undefined ? '—' : maskNeq(record.neq),
    },
  });
  const byNeq = record.neq === undefined ? [] : (index.byNeq.get(record.neq) ?? []);
  if (record.businessNumber !== undefined) {
    const byBn = index.byBn.get(record.businessNumber);
    if (byBn !== undefined) {
      const resolution = matchOrConflict(byBn, 'businessNumber');
      if (resolution.type !== 'match') return resolution;
      const stored = resolution.client as CorporationRecord & StoredClient;
      const neqElsewhere = byNeq.filter((c) => c.id !== stored.id);
      if (record.neq !== undefined && ((stored.neq !== undefined && stored.neq !== record.neq) || neqElsewhere.length > 0)) {
        return mismatch([stored.id, ...neqElsewhere.map((c) => c.id)]);
      }
      return resolution;
    }
  }
  if (byNeq.length > 0) {
    const resolution = matchOrConflict(byNeq, 'neq');
    if (resolution.type !== 'match') return resolution;
    const stored = resolution.client as CorporationRecord & StoredClient;
    if (record.businessNumber !== undefined && stored.businessNumber !== undefined) return mismatch([stored.id]);
    return resolution;
  }
  // By name: every namesake when the row has no number; only namesakes without numbers when it has one.
  const identified = record.businessNumber !== undefined || record.neq !== undefined;
  const namesakes = index
    .corporationsNamed(record.name)
    .filter((c) => !identified || ((c as CorporationRecord).businessNumber === undefined && (c as CorporationRecord).neq === undefined));
  return matchOrConflict(namesakes, 'name');
}
