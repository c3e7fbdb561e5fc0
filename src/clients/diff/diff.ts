/**
 * `diffClients`: what importing a client list would change in the host's records. Pure: no I/O, deterministic.
 */
import type { ClientRecord } from '../../model/client.js';
import { InvalidArgumentError } from '../../errors/invalid-argument.js';
import { maskEmail } from '../../model/mask.js';
import { renderMessage, type MessageParams, type MessageParamsFor, type ParamsOf } from '../../messages/catalogue.js';
import type { StoredClient } from '../../ports.js';
import { DEFAULT_LOCALE } from '../../messages/define.js';
import { CORPORATION_SPECS, INDIVIDUAL_SPECS, displayName, isBlank, keyLabel } from '../fields.js';
import { compare } from './compare.js';
import { fileKey, resolveCorporation, resolveIndividual, secondKey } from './identity.js';
import { StoredIndex, type SinSlot } from './stored-index.js';
import type { ClientConflictReason, ClientPlan, DiffClientsOptions, PlanWarning, PlannedConflict, PlannedCreate, PlannedUnchanged, PlannedUpdate } from './types.js';

/** Records that rows `first` and `next` share `key` (the group starts with the first row seen). */
const group = (map: Map<string, number[]>, key: string, first: number, next: number): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [first, next]);
  else list.push(next);
};

const rowOf = (record: ClientRecord, index: number): number => record.source?.row ?? index + 1;

/**
 * Who else has an e-mail being checked: its stored owners (outside this file's SIN matches), and the rows ending with
 * it — the first one as a number, an array only when a second comes.
 */
interface EmailUse {
  owners: StoredClient[] | undefined;
  first: number;
  rows: number[] | undefined;
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
  // Plain-JavaScript callers get an InvalidArgumentError naming the argument, never a `TypeError` half-way; each item
  // is checked in the first pass over its list (a million clients are read once less), in the same order as before.
  checkList('existing', existing);
  const index = new StoredIndex(existing, (p) => notARecord('existing', p));
  checkList('incoming', incoming);
  const n = incoming.length;

  // 1. Keys seen twice in the file. SINs get their own map, keyed by the record's own string (no concatenation,
  // and its hash is computed once for this map and the stored-client lookup).
  // A row's SIN is looked up once, here: rows on a stored client claim its position (the first row keeps it), and only
  // the SINs of new clients need a map of their own.
  const slots: (SinSlot | undefined)[] = new Array<SinSlot | undefined>(n);
  const claimed = new Int32Array(existing.length).fill(-1);
  const newSins = new Map<string, number>();
  const otherSeen = new Map<string, number>();
  const duplicates = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const record = incoming[i] as ClientRecord;
    if (typeof record !== 'object' || (record as ClientRecord | null) === null) notARecord('incoming', i);
    if (record.kind === 'individual' && record.sin !== undefined) {
      const slot = index.sinSlot(record.sin);
      let first: number | undefined;
      if (slot === undefined) {
        first = newSins.get(record.sin);
        if (first === undefined) newSins.set(record.sin, i);
      } else {
        slots[i] = slot;
        const at = StoredIndex.first(slot);
        first = claimed[at] as number;
        if (first === -1) claimed[at] = i;
      }
      if (first !== undefined && first !== -1) group(duplicates, `s${record.sin}`, first, i);
      continue;
    }
    for (const key of [fileKey(record), secondKey(record)]) {
      if (key === undefined) continue;
      const first = otherSeen.get(key);
      if (first === undefined) otherSeen.set(key, i);
      else group(duplicates, key, first, i);
    }
  }
  /** The first row of the file with this SIN. */
  const firstRowWith = (sin: string): number | undefined => {
    const slot = index.sinSlot(sin);
    if (slot === undefined) return newSins.get(sin);
    const first = claimed[StoredIndex.first(slot)] as number;
    return first === -1 ? undefined : first;
  };
  if (typeof options !== 'object' || (options as DiffClientsOptions | null) === null) invalid('diffClients options must be an object');
  const locale = options.locale ?? DEFAULT_LOCALE;
  const clear = options.blankFields === 'clear';
  const only = options.fields === undefined ? undefined : new Set(options.fields);
  const individualSpecs = only === undefined ? INDIVIDUAL_SPECS : INDIVIDUAL_SPECS.filter((s) => only.has(s.path));
  const corporationSpecs = only === undefined ? CORPORATION_SPECS : CORPORATION_SPECS.filter((s) => only.has(s.path));
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
  /** Stored clients matched other than by SIN (those are caught by their SIN's claim), to catch two rows on one client. */
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
    const resolution = record.kind === 'individual' ? resolveIndividual(record, index, slots[i]) : resolveCorporation(record, index);
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
        const other = client.kind === 'individual' && client.sin !== undefined ? firstRowWith(client.sin) : undefined;
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

  // 3. E-mails of creates and updates that belong to someone else: only those few e-mails are looked up, each in one
  // map whose entry gathers its stored owners and its rows.
  let warningCount = 0;
  if (checks.length > 0) {
    const uses = new Map<string, EmailUse>();
    const useOf = checks.map(({ email }) => {
      let use = uses.get(email);
      if (use === undefined) uses.set(email, (use = { owners: undefined, first: -1, rows: undefined }));
      return use;
    });
    for (let p = 0; p < existing.length; p++) {
      const client = existing[p] as StoredClient;
      // A stored client that a row of this file matched by SIN is judged by that row's final e-mail instead (see
      // `matchedInFile`): skipped without reading it, as are most stored clients of a re-import.
      const j = claimed[p] as number;
      if (j !== -1 && matched[j] === client) continue;
      const email = client.email;
      if (email === undefined) continue;
      let use = uses.get(email);
      if (use === undefined) {
        const lower = email.trim().toLowerCase();
        if (lower === email || (use = uses.get(lower)) === undefined) continue;
      }
      (use.owners ??= []).push(client);
    }
    for (let i = 0; i < n; i++) {
      const email = finalEmail[i];
      const use = email === undefined ? undefined : uses.get(email);
      if (use === undefined) continue;
      if (use.first === -1) use.first = i;
      else (use.rows ??= [use.first]).push(i);
    }
    // A stored owner that a row of this file matched is judged by that row's final e-mail instead.
    const matchedInFile = (owner: StoredClient): boolean => {
      if (claimedBy.has(owner.id)) return true;
      const j = owner.kind === 'individual' && owner.sin !== undefined ? firstRowWith(owner.sin) : undefined;
      return j !== undefined && matched[j] === owner;
    };
    checks.forEach(({ email, id, i, warnings }, k) => {
      const use = useOf[k] as EmailUse;
      if (use.owners === undefined && use.rows === undefined) return; // this row alone has it: the common case
      const others = (use.owners ?? []).filter((c) => c.id !== id && !matchedInFile(c));
      const rows = (use.rows ?? []).filter((j) => j !== i).map((j) => rowOf(incoming[j] as ClientRecord, j));
      if (others.length === 0 && rows.length === 0) return;
      // The address is masked like everywhere else: the row's name already tells the person which client this is.
      const params = { email: maskEmail(email), ...(others.length === 0 ? {} : { other: others.map(displayName).join(', ') }), ...(rows.length === 0 ? {} : { rows: rows.join(', ') }) } as ParamsOf<'email_in_use'>;
      warnings.push({ code: 'email_in_use', ids: others.map((c) => c.id), rows, message: renderMessage('email_in_use', params, locale), params });
      warningCount++;
    });
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

/** Throws the {@link InvalidArgumentError} of a bad argument. */
const invalid = (detail: string): never => {
  throw new InvalidArgumentError('invalid_input', { detail });
};

/** A list argument that is not an array: an {@link InvalidArgumentError} naming it. */
function checkList(name: 'existing' | 'incoming', list: unknown): void {
  if (!Array.isArray(list)) invalid(`diffClients expects ${name} as an array of clients`);
}

/** An item of a list that is not an object: an {@link InvalidArgumentError} naming it and its position. */
const notARecord = (name: 'existing' | 'incoming', position: number): never => invalid(`diffClients: ${name}[${position}] is not a client record`);
