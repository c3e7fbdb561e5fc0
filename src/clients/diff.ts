/**
 * `diffClients`: what importing a client list would change in the host's records. Pure: no I/O, deterministic.
 */
import type { Address, ClientRecord, CorporationRecord, IndividualRecord } from '../model/client.js';
import { maskBusinessNumber, maskEmail, maskNeq, maskSin } from '../model/mask.js';
import { renderMessage, type Locale, type MessageParams, type MessageParamsFor, type ParamsOf } from '../messages/catalogue.js';
import type { StoredClient } from '../ports.js';
import { CORPORATION_SPECS, INDIVIDUAL_SPECS, displayName, incomingValue, isBlank, keyLabel, sameValue, type ClientFieldPath, type FieldSpec } from './fields.js';
import { foldName } from '../model/fold.js';

export { CLIENT_FIELD_PATHS, type ClientFieldPath } from './fields.js';

/** Options of {@link diffClients}. */
export interface DiffClientsOptions {
  /**
   * What an empty incoming value does to a stored one. `'keep'` (default): nothing — an export that lacks a phone
   * number never erases the one the host has. `'clear'`: the stored value is removed (never for SIN, business
   * number, NEQ or names).
   */
  readonly blankFields?: 'keep' | 'clear';
  /**
   * Only these fields are compared and changed; the others are left as stored. Useful with `blankFields: 'clear'` to
   * clear only what the file actually has columns for. Default: every field.
   */
  readonly fields?: readonly ClientFieldPath[];
  /** Language of conflict and warning messages. Default `'en'`. */
  readonly locale?: Locale;
}

/** How an incoming record was matched to a stored client. */
export type ClientMatchedBy = 'sin' | 'businessNumber' | 'neq' | 'dependant' | 'name';

/** One field that would change. `from` / `to` are `undefined` when the field is absent on that side. */
export interface FieldChange {
  /** The field, nested parts written `address.city`. */
  readonly field: ClientFieldPath;
  /** The stored value. */
  readonly from: string | undefined;
  /** The value after the update. */
  readonly to: string | undefined;
}

/** Stable codes of {@link PlannedConflict.reason}. */
export type ClientConflictReason = 'sin_collision' | 'duplicate_in_file' | 'key_mismatch' | 'ambiguous_match' | 'missing_key';

/** Stable codes of {@link PlanWarning.code}. */
export type ClientPlanWarningCode = 'email_in_use';

/** Something to know about a create or an update that does not stop it. */
export interface PlanWarning {
  /** `email_in_use`: the e-mail also belongs to another client (stored, or another row of the file). */
  readonly code: ClientPlanWarningCode;
  /** Stored clients involved. */
  readonly ids: readonly string[];
  /** Other rows of the file involved. */
  readonly rows: readonly number[];
  /** What it means, in `options.locale`. */
  readonly message: string;
  /** Values of `message`, to render it in another language with `renderMessage`. */
  readonly params: MessageParams;
}

interface PlanItemBase {
  /** Position of the record in `incoming`. */
  readonly index: number;
  /** Row of the file (`record.source.row`), when known. */
  readonly row?: number;
}

/** A client the import would create. */
export interface PlannedCreate extends PlanItemBase {
  readonly action: 'create';
  /** The record to create. */
  readonly record: ClientRecord;
  /** Warnings (an e-mail used by another client). */
  readonly warnings: readonly PlanWarning[];
}

/** A stored client the import would update. */
export interface PlannedUpdate extends PlanItemBase {
  readonly action: 'update';
  /** The stored client's id. */
  readonly id: string;
  /** The stored client's version when read, for optimistic concurrency. */
  readonly version?: string | number;
  /** How it was matched. */
  readonly matchedBy: ClientMatchedBy;
  /** The merged record: the stored client with the changes applied (without `id` / `version`). */
  readonly record: ClientRecord;
  /** The record read from the file. */
  readonly incoming: ClientRecord;
  /** What changes, field by field. Never empty. */
  readonly changes: readonly FieldChange[];
  /** Warnings (an e-mail used by another client). */
  readonly warnings: readonly PlanWarning[];
}

/** A stored client the file agrees with. */
export interface PlannedUnchanged extends PlanItemBase {
  readonly action: 'unchanged';
  /** The stored client's id. */
  readonly id: string;
  /** The stored client's version when read. */
  readonly version?: string | number;
  /** How it was matched. */
  readonly matchedBy: ClientMatchedBy;
  /** The record read from the file. */
  readonly record: ClientRecord;
}

/** A row the import will not apply, with why. */
export interface PlannedConflict extends PlanItemBase {
  readonly action: 'conflict';
  /** Stable code: `sin_collision`, `duplicate_in_file`, `key_mismatch`, `ambiguous_match`, `missing_key`. */
  readonly reason: ClientConflictReason;
  /** The record read from the file. */
  readonly record: ClientRecord;
  /** Stored clients involved. */
  readonly ids: readonly string[];
  /** Rows of the file involved (for `duplicate_in_file`, every row with the key, this one included). */
  readonly rows: readonly number[];
  /** What is wrong and what to do, in `options.locale`; identifiers masked. */
  readonly message: string;
  /** Values of `message`. */
  readonly params: MessageParams;
}

/** Counts of a {@link ClientPlan}. */
export interface ClientPlanSummary {
  /** Records in `incoming`. */
  readonly incoming: number;
  readonly creates: number;
  readonly updates: number;
  readonly unchanged: number;
  readonly conflicts: number;
  /** Warnings over creates and updates. */
  readonly warnings: number;
}

/** Result of {@link diffClients}. Every incoming record is in exactly one of the four lists. */
export interface ClientPlan {
  readonly creates: readonly PlannedCreate[];
  readonly updates: readonly PlannedUpdate[];
  readonly unchanged: readonly PlannedUnchanged[];
  readonly conflicts: readonly PlannedConflict[];
  readonly summary: ClientPlanSummary;
}

type Resolution =
  | { readonly type: 'match'; readonly client: StoredClient; readonly by: ClientMatchedBy }
  | { readonly type: 'create' }
  | { readonly type: 'conflict'; readonly reason: ClientConflictReason; readonly ids: readonly string[]; readonly rows: readonly number[]; readonly params: MessageParams };

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

/** Records that rows `first` and `next` share `key` (the group starts with the first row seen). */
const group = (map: Map<string, number[]>, key: string, first: number, next: number): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [first, next]);
  else list.push(next);
};

/** A map whose values are usually single: an array only where a key repeats (100k fewer arrays). */
class MultiMap<V extends object> {
  private readonly map = new Map<string, V | V[]>();

  add(key: string, value: V): void {
    const current = this.map.get(key);
    if (current === undefined) this.map.set(key, value);
    else if (Array.isArray(current)) current.push(value);
    else this.map.set(key, [current, value]);
  }

  get(key: string): readonly V[] | undefined {
    const current = this.map.get(key);
    return current === undefined ? undefined : Array.isArray(current) ? current : [current];
  }

  /** The value, or the array of values when the key repeats (no allocation on the hot path). */
  raw(key: string): V | readonly V[] | undefined {
    return this.map.get(key);
  }
}

const rowOf = (record: ClientRecord, index: number): number => record.source?.row ?? index + 1;

/** `clientFile|first|last` folded: the family part of a dependant's key. */
const familyKey = (record: IndividualRecord): string | undefined =>
  record.clientFile === undefined ? undefined : `${foldName(record.clientFile)}|${foldName(record.firstName)}|${foldName(record.lastName)}`;

/** The key an incoming record is identified by within one file (SIN, dependant, BN or NEQ, name). */
function fileKey(record: ClientRecord): string | undefined {
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
function secondKey(record: ClientRecord): string | undefined {
  return record.kind === 'corporation' && record.businessNumber !== undefined && record.neq !== undefined ? `n${record.neq}` : undefined;
}

/** Indexes of the stored clients, built lazily: a diff where every SIN matches never folds a name. */
class StoredIndex {
  readonly bySin = new MultiMap<StoredClient>();
  readonly byBn = new MultiMap<StoredClient>();
  readonly byNeq = new MultiMap<StoredClient>();
  private readonly individuals: StoredClient[] = [];
  private readonly sinless: StoredClient[] = [];
  private readonly corporations: StoredClient[] = [];
  private families: Map<string, StoredClient[]> | undefined;
  private sinlessFamilies: Map<string, StoredClient[]> | undefined;
  private corporationNames: Map<string, StoredClient[]> | undefined;

  constructor(existing: readonly StoredClient[]) {
    for (const client of existing) {
      if (client.kind === 'individual') {
        this.individuals.push(client);
        if (client.sin === undefined) this.sinless.push(client);
        else this.bySin.add(client.sin, client);
      } else {
        this.corporations.push(client);
        if (client.businessNumber !== undefined) this.byBn.add(client.businessNumber, client);
        if (client.neq !== undefined) this.byNeq.add(client.neq, client);
      }
    }
  }

  /** Stored individuals of the same client file with the same folded names (only those without a SIN if asked). */
  family(key: string, withoutSin: boolean): readonly StoredClient[] {
    const build = (clients: readonly StoredClient[]): Map<string, StoredClient[]> => {
      const map = new Map<string, StoredClient[]>();
      for (const client of clients) {
        const k = familyKey(client as IndividualRecord);
        if (k !== undefined) push(map, k, client);
      }
      return map;
    };
    if (withoutSin) return (this.sinlessFamilies ??= build(this.sinless)).get(key) ?? [];
    return (this.families ??= build(this.individuals)).get(key) ?? [];
  }

  /** Stored corporations with the same folded name. */
  corporationsNamed(name: string): readonly StoredClient[] {
    if (this.corporationNames === undefined) {
      this.corporationNames = new Map();
      for (const client of this.corporations) push(this.corporationNames, foldName((client as CorporationRecord).name), client);
    }
    return this.corporationNames.get(foldName(name)) ?? [];
  }
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

function resolveIndividual(record: IndividualRecord, index: StoredIndex): Resolution {
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

function resolveCorporation(record: CorporationRecord, index: StoredIndex): Resolution {
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

type MutableRecord = Record<string, unknown>;

/**
 * True when every comparable field holds the very same string on both sides: the common case of a re-import, decided
 * with plain property reads before any normalization (100k rows: this is most of the diff's time otherwise).
 */
function identical(a: ClientRecord, b: ClientRecord): boolean {
  if (a.email !== b.email || a.phone !== b.phone || a.language !== b.language || a.clientFile !== b.clientFile || a.clientNumber !== b.clientNumber) return false;
  const x = a.address;
  const y = b.address;
  if (x !== y) {
    if (x === undefined || y === undefined) return false;
    if (x.line1 !== y.line1 || x.line2 !== y.line2 || x.city !== y.city || x.province !== y.province || x.postalCode !== y.postalCode || x.country !== y.country) return false;
  }
  if (a.kind === 'individual') {
    return b.kind === 'individual' && a.sin === b.sin && a.firstName === b.firstName && a.lastName === b.lastName && a.birthDate === b.birthDate && a.spouseSin === b.spouseSin && a.role === b.role;
  }
  return (
    b.kind === 'corporation' && a.businessNumber === b.businessNumber && a.programAccount === b.programAccount && a.neq === b.neq && a.name === b.name &&
    a.fiscalYearEnd === b.fiscalYearEnd && a.contactName === b.contactName
  );
}

/** Field-level changes of `incoming` over `stored`, and the merged record; `undefined` when nothing changes. */
function compare(
  stored: StoredClient,
  incoming: ClientRecord,
  specs: readonly FieldSpec[],
  clear: boolean,
): { changes: FieldChange[]; merged: ClientRecord } | undefined {
  if (identical(stored, incoming)) return undefined;
  let changes: FieldChange[] | undefined;
  for (const spec of specs) {
    const to = spec.get(incoming);
    const from = spec.get(stored);
    if (to === from) continue;
    if (isBlank(to)) {
      if (clear && spec.clearable && !isBlank(from)) (changes ??= []).push({ field: spec.path, from, to: undefined });
      continue;
    }
    if (from !== undefined && !isBlank(from) && sameValue(spec.comparison, from, to as string)) continue;
    (changes ??= []).push({ field: spec.path, from, to: incomingValue(spec.comparison, to as string) });
  }
  if (changes === undefined) return undefined;
  return { changes, merged: applyChanges(stored, changes) };
}

/**
 * A stored client with changes applied, as a plain {@link ClientRecord}: `id`, `version`, `accountManager` and
 * `source` are left out.
 */
export function applyChanges(stored: ClientRecord, changes: readonly FieldChange[]): ClientRecord {
  const { id: _id, version: _version, accountManager: _manager, source: _source, ...rest } = stored as StoredClient;
  const merged: MutableRecord = { ...rest };
  let address: Record<string, string> | undefined = stored.address === undefined ? undefined : { ...stored.address };
  for (const change of changes) {
    if (change.field.startsWith('address.')) {
      const part = change.field.slice('address.'.length);
      address ??= {};
      if (change.to === undefined) delete address[part];
      else address[part] = change.to;
    } else if (change.to === undefined) delete merged[change.field];
    else merged[change.field] = change.to;
  }
  if (address !== undefined && Object.keys(address).length > 0) merged.address = address satisfies Address;
  else delete merged.address;
  return merged as unknown as ClientRecord;
}

/**
 * Compares a client list read from a file with the clients the host already has, and says what an import would do:
 * which clients to create, which to update (field by field), which are unchanged, and which rows are conflicts
 * that need a person. Pure and fast (100,000 × 100,000 in well under a second: one pass, hash maps only).
 *
 * Matching: individuals by SIN; corporations by the nine-digit BN, with the NEQ as a second key; people without a
 * SIN (dependants) by client file + name (accents, case and punctuation folded) + birth date. A dependant stored
 * without a SIN who now has one is matched the same way and gains it; a corporation with no number matches a
 * stored one of the same name only when exactly one has it.
 *
 * Rules:
 * - Values are compared normalized (Unicode NFC, spaces, e-mails and codes case-insensitively, phones as
 *   `+1NXXNXXXXXX`). Letter case alone is never a change; an UPPERCASE value equal to the stored one but for accents
 *   (`GAGNE` / `Gagné`) is not one either.
 * - An empty incoming value never erases a stored one, unless `options.blankFields` is `'clear'`.
 * - The same SIN on a different person (first name and birth date both disagree, or a different first name with
 *   no birth date to confirm) is a `sin_collision` conflict, never an update; a different last name with the same
 *   first name and birth date is an update (a marriage).
 * - A key twice in the file makes a `duplicate_in_file` conflict of every row that has it (none is picked), and so
 *   do two rows that resolve to the same stored client.
 * - An e-mail that also belongs to another client (stored, or another row) adds an `email_in_use` warning.
 * - Stored clients absent from the file are never deleted nor reported: an export may be partial.
 *
 * @example
 * ```ts
 * const plan = diffClients(await allClients(store), parsed.records, { locale: 'fr' });
 * for (const u of plan.updates) console.log(u.id, u.changes.map((c) => c.field).join(', '));
 * console.log(plan.summary); // { incoming: 240, creates: 12, updates: 31, unchanged: 195, conflicts: 2, warnings: 1 }
 * ```
 */
export function diffClients(existing: readonly StoredClient[], incoming: readonly ClientRecord[], options: DiffClientsOptions = {}): ClientPlan {
  const locale = options.locale ?? 'en';
  const clear = options.blankFields === 'clear';
  const only = options.fields === undefined ? undefined : new Set(options.fields);
  const individualSpecs = only === undefined ? INDIVIDUAL_SPECS : INDIVIDUAL_SPECS.filter((s) => only.has(s.path));
  const corporationSpecs = only === undefined ? CORPORATION_SPECS : CORPORATION_SPECS.filter((s) => only.has(s.path));
  const index = new StoredIndex(existing);
  const n = incoming.length;

  // 1. Keys seen twice in the file. SINs get their own map, keyed by the record's own string (no concatenation,
  // and its hash is computed once for this map and the stored-client lookup).
  const sinSeen = new Map<string, number>();
  const otherSeen = new Map<string, number>();
  const duplicates = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const record = incoming[i] as ClientRecord;
    if (record.kind === 'individual' && record.sin !== undefined) {
      const first = sinSeen.get(record.sin);
      if (first === undefined) sinSeen.set(record.sin, i);
      else group(duplicates, `s${record.sin}`, first, i);
      continue;
    }
    for (const key of [fileKey(record), secondKey(record)]) {
      if (key === undefined) continue;
      const first = otherSeen.get(key);
      if (first === undefined) otherSeen.set(key, i);
      else group(duplicates, key, first, i);
    }
  }
  const duplicateOf = new Map<number, number[]>();
  for (const group of duplicates.values()) {
    for (const i of group) {
      const rows = duplicateOf.get(i);
      duplicateOf.set(i, rows === undefined ? group : [...new Set([...rows, ...group])].sort((a, b) => a - b));
    }
  }

  // 2. One pass: resolve each record against the stored clients and compare.
  const creates: PlannedCreate[] = [];
  const updates: PlannedUpdate[] = [];
  const unchanged: PlannedUnchanged[] = [];
  const conflicts: PlannedConflict[] = [];
  /** The stored client each row matched (undefined when it did not). */
  const matched: (StoredClient | undefined)[] = new Array<StoredClient | undefined>(n);
  /** The e-mail each row's client ends up with (lower case), for creates, updates and unchanged rows. */
  const finalEmail: (string | undefined)[] = new Array<string | undefined>(n);
  /** Stored clients matched other than by SIN (those are caught by `sinSeen`), to catch two rows on one client. */
  const claimedBy = new Map<string, number>();
  const claimedTwice = new Map<string, Set<number>>();
  const claim = (id: string, a: number, b: number): void => {
    const rows = claimedTwice.get(id);
    if (rows === undefined) claimedTwice.set(id, new Set([a, b]));
    else rows.add(a).add(b);
  };
  const toCheck: { email: string; id: string | undefined; i: number; warnings: PlanWarning[] }[] = [];

  // `duplicate_in_file` takes no params: its key and rows are shown from the record here.
  const conflict = <R extends ClientConflictReason>(i: number, reason: R, ids: readonly string[], rows: readonly number[], ...given: R extends 'duplicate_in_file' ? [] : [params: MessageParamsFor<R>]): PlannedConflict => {
    const record = incoming[i] as ClientRecord;
    const shown: MessageParams = given[0] ?? { key: keyLabel(record, locale), rows: rows.join(', ') };
    const row = record.source?.row;
    return {
      action: 'conflict',
      index: i,
      ...(row === undefined ? {} : { row }),
      reason,
      record,
      ids,
      rows,
      message: renderMessage<ClientConflictReason>(reason, shown, locale),
      params: shown,
    };
  };

  for (let i = 0; i < n; i++) {
    const record = incoming[i] as ClientRecord;
    const dup = duplicateOf.get(i);
    if (dup !== undefined) {
      conflicts.push(conflict(i, 'duplicate_in_file', [], dup.map((j) => rowOf(incoming[j] as ClientRecord, j))));
      continue;
    }
    const resolution = record.kind === 'individual' ? resolveIndividual(record, index) : resolveCorporation(record, index);
    if (resolution.type === 'conflict') {
      conflicts.push(conflict(i, resolution.reason, resolution.ids, resolution.rows, resolution.params));
      continue;
    }
    const row = record.source?.row;
    let email: string | undefined;
    let warnings: PlanWarning[] | undefined;
    let id: string | undefined;
    if (resolution.type === 'create') {
      warnings = [];
      creates.push(row === undefined ? { action: 'create', index: i, record, warnings } : { action: 'create', index: i, row, record, warnings });
      email = record.email;
    } else {
      const { client, by } = resolution;
      id = client.id;
      matched[i] = client;
      if (by !== 'sin') {
        const first = claimedBy.get(id);
        if (first === undefined) claimedBy.set(id, i);
        else claim(id, first, i);
        // A row without SIN that lands on a stored client whose SIN another row carries: the same person twice.
        const other = client.kind === 'individual' && client.sin !== undefined ? sinSeen.get(client.sin) : undefined;
        if (other !== undefined && other !== i) claim(id, other, i);
      }
      const diff = compare(client, record, record.kind === 'individual' ? individualSpecs : corporationSpecs, clear);
      if (diff === undefined) {
        // Built field by field, not spread: 100k of these are made in a big diff.
        const item: { -readonly [K in keyof PlannedUnchanged]: PlannedUnchanged[K] } = { action: 'unchanged', index: i, id, matchedBy: by, record };
        if (row !== undefined) item.row = row;
        if (client.version !== undefined) item.version = client.version;
        unchanged.push(item);
        email = client.email;
      } else {
        warnings = [];
        const item: { -readonly [K in keyof PlannedUpdate]: PlannedUpdate[K] } = {
          action: 'update', index: i, id, matchedBy: by, record: diff.merged, incoming: record, changes: diff.changes, warnings,
        };
        if (row !== undefined) item.row = row;
        if (client.version !== undefined) item.version = client.version;
        updates.push(item);
        email = diff.merged.email;
      }
    }
    if (email === undefined || isBlank(email)) continue;
    const lower = email.trim().toLowerCase();
    finalEmail[i] = lower;
    if (warnings !== undefined) toCheck.push({ email: lower, id, i, warnings });
  }

  // Two rows landing on one stored client (one by BN, one by NEQ; a dependant with and without birth date): both
  // are taken out of the plan and held.
  let planCreates: PlannedCreate[] = creates;
  let planUpdates: PlannedUpdate[] = updates;
  let planUnchanged: PlannedUnchanged[] = unchanged;
  let checks = toCheck;
  if (claimedTwice.size > 0) {
    const held = new Map<number, { id: string; indices: number[] }>();
    for (const [id, indices] of claimedTwice) {
      const all = [...new Set(indices)].sort((a, b) => a - b);
      for (const i of all) held.set(i, { id, indices: all });
    }
    const already = new Set(conflicts.map((c) => c.index));
    for (const [i, { id, indices }] of held) {
      finalEmail[i] = undefined;
      matched[i] = undefined;
      if (already.has(i)) continue;
      conflicts.push(conflict(i, 'duplicate_in_file', [id], indices.map((j) => rowOf(incoming[j] as ClientRecord, j))));
    }
    conflicts.sort((a, b) => a.index - b.index);
    planCreates = creates.filter((c) => !held.has(c.index));
    planUpdates = updates.filter((u) => !held.has(u.index));
    planUnchanged = unchanged.filter((u) => !held.has(u.index));
    checks = toCheck.filter((c) => !held.has(c.i));
  }

  // 3. E-mails of creates and updates that belong to someone else: only those few e-mails are looked up.
  let warningCount = 0;
  if (checks.length > 0) {
    const wanted = new Set(checks.map((c) => c.email));
    const owners = new Map<string, StoredClient[]>();
    for (const client of existing) {
      const email = client.email;
      if (email === undefined) continue;
      const lower = wanted.has(email) ? email : email.trim().toLowerCase();
      if (wanted.has(lower)) push(owners, lower, client);
    }
    const rowsWith = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const email = finalEmail[i];
      if (email !== undefined && wanted.has(email)) push(rowsWith, email, i);
    }
    // A stored owner that a row of this file matched is judged by that row's final e-mail instead.
    const matchedInFile = (owner: StoredClient): boolean => {
      if (claimedBy.has(owner.id)) return true;
      const j = owner.kind === 'individual' && owner.sin !== undefined ? sinSeen.get(owner.sin) : undefined;
      return j !== undefined && matched[j] === owner;
    };
    for (const { email, id, i, warnings } of checks) {
      const others = (owners.get(email) ?? []).filter((c) => c.id !== id && !matchedInFile(c));
      const rows = (rowsWith.get(email) ?? []).filter((j) => j !== i).map((j) => rowOf(incoming[j] as ClientRecord, j));
      if (others.length === 0 && rows.length === 0) continue;
      // The address is masked like everywhere else: the row's name already tells the person which client this is.
      const params = { email: maskEmail(email), ...(others.length === 0 ? {} : { other: others.map(displayName).join(', ') }), ...(rows.length === 0 ? {} : { rows: rows.join(', ') }) } as ParamsOf<'email_in_use'>;
      warnings.push({ code: 'email_in_use', ids: others.map((c) => c.id), rows, message: renderMessage('email_in_use', params, locale), params });
      warningCount++;
    }
  }

  return {
    creates: planCreates,
    updates: planUpdates,
    unchanged: planUnchanged,
    conflicts,
    summary: {
      incoming: n,
      creates: planCreates.length,
      updates: planUpdates.length,
      unchanged: planUnchanged.length,
      conflicts: conflicts.length,
      warnings: warningCount,
    },
  };
}
