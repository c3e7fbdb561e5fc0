// Frozen oracle: the implementation before #13 (commit 0078d5b), for the differential tests. See README.md; never edit to make a test pass.
/**
 * `diffClients`: what importing a client list would change in the host's records. Pure: no I/O, deterministic.
 */
import type { ClientRecord } from '../../src/model/client.js';
import { InvalidArgumentError } from '../../src/errors/invalid-argument.js';
import { maskEmail } from '../../src/model/mask.js';
import { renderMessage, type MessageParams, type MessageParamsFor, type ParamsOf } from '../../src/messages/catalogue.js';
import type { StoredClient } from '../../src/ports.js';
import { DEFAULT_LOCALE } from '../../src/workflow/context.js';
import { CORPORATION_SPECS, INDIVIDUAL_SPECS, displayName, isBlank, keyLabel } from '../../src/clients/fields.js';
import { compare } from '../../src/clients/diff/compare.js';
import { fileKey, resolveCorporation, resolveIndividual, secondKey } from './diff-identity.js';
import { StoredIndex, push } from './diff-stored-index.js';
import type { ClientConflictReason, ClientPlan, DiffClientsOptions, PlanWarning, PlannedConflict, PlannedCreate, PlannedUnchanged, PlannedUpdate } from '../../src/clients/diff/types.js';

/** Records that rows `first` and `next` share `key` (the group starts with the first row seen). */
const group = (map: Map<string, number[]>, key: string, first: number, next: number): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [first, next]);
  else list.push(next);
};

const rowOf = (record: ClientRecord, index: number): number => record.source?.row ?? index + 1;

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
  checkArguments(existing, incoming, options);
  const locale = options.locale ?? DEFAULT_LOCALE;
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

/** Plain-JavaScript callers get an {@link InvalidArgumentError} naming the argument, never a `TypeError` half-way. */
function checkArguments(existing: unknown, incoming: unknown, options: unknown): void {
  const fail = (detail: string): never => {
    throw new InvalidArgumentError('invalid_input', { detail });
  };
  for (const [name, list] of [['existing', existing], ['incoming', incoming]] as const) {
    if (!Array.isArray(list)) fail(`diffClients expects ${name} as an array of clients`);
    (list as unknown[]).forEach((client, i) => {
      if (typeof client !== 'object' || client === null) fail(`diffClients: ${name}[${i}] is not a client record`);
    });
  }
  if (typeof options !== 'object' || options === null) fail('diffClients options must be an object');
}
