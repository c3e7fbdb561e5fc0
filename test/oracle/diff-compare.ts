/**
 * Field by field: what an incoming record changes on a stored client, and the stored client with the changes applied.
 */
import type { Address, ClientRecord } from '../../src/model/client.js';
import type { StoredClient } from '../../src/ports.js';
import { CORPORATION_SPECS, INDIVIDUAL_SPECS, incomingValue, isBlank, sameValue, type FieldSpec } from '../../src/clients/fields.js';
import type { FieldChange } from '../../src/clients/diff/types.js';

type MutableRecord = Record<string, unknown>;

type Flat = Readonly<Record<string, string | undefined>>;

/** The compared fields of one kind as property names: top-level ones, and the parts of `address`. */
const readPlan = (specs: readonly FieldSpec[]): { readonly fields: readonly string[]; readonly parts: readonly string[] } => ({
  fields: specs.filter((s) => s.address === undefined).map((s) => s.path),
  parts: specs.flatMap((s) => (s.address === undefined ? [] : [s.address])),
});
const INDIVIDUAL_PLAN = /* @__PURE__ */ readPlan(INDIVIDUAL_SPECS);
const CORPORATION_PLAN = /* @__PURE__ */ readPlan(CORPORATION_SPECS);

/**
 * True when every compared field holds the very same string on both sides: the common case of a re-import, decided
 * with plain property reads before any normalization (100k rows: this is most of the diff's time otherwise). The
 * fields read are derived from the one field list (`INDIVIDUAL_SPECS` / `CORPORATION_SPECS`), never listed again.
 */
export function identical(a: ClientRecord, b: ClientRecord): boolean {
  if (a.kind !== b.kind) return false;
  const plan = a.kind === 'individual' ? INDIVIDUAL_PLAN : CORPORATION_PLAN;
  const x = a as unknown as Flat;
  const y = b as unknown as Flat;
  for (const key of plan.fields) if (x[key] !== y[key]) return false;
  const p = a.address as Flat | undefined;
  const q = b.address as Flat | undefined;
  if (p === q) return true;
  if (p === undefined || q === undefined) return false;
  for (const part of plan.parts) if (p[part] !== q[part]) return false;
  return true;
}

/** Field-level changes of `incoming` over `stored`, and the merged record; `undefined` when nothing changes. */
export function compare(
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
