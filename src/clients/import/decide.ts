/** What the import decides for each row, the same way at preview and at apply (where it is decided again). Internal. */
import type { ClientRecord } from '../../model/client.js';
import { maskBirthDate, maskBusinessNumber, maskEmail, maskNeq, maskSin, maskText } from '../../model/mask.js';
import type { Locale } from '../../messages/catalogue.js';
import type { StoredClient } from '../../ports.js';
import { diffClients } from '../diff/diff.js';
import type { ClientPlan, FieldChange, PlannedConflict, PlannedCreate, PlannedUnchanged, PlannedUpdate } from '../diff/types.js';
import { displayName, type ClientFieldPath } from '../fields.js';
import type { ClientImportPlanBody, ClientImportPlanChange } from './plan.js';
import type { ClientImportWho } from './types.js';

/** The decision of the diff for one row. */
export type RowDecision = PlannedCreate | PlannedUpdate | PlannedUnchanged | PlannedConflict;

/** The row number of a plan entry. */
export const rowOfEntry = (entry: RowDecision): number => entry.row ?? entry.index + 1;

/** The record a row was read as. */
export const recordOf = (entry: RowDecision): ClientRecord => (entry.action === 'update' ? entry.incoming : entry.record);

/** Every plan entry by row. */
export function decisionsByRow(plan: ClientPlan): Map<number, RowDecision> {
  const map = new Map<number, RowDecision>();
  for (const list of [plan.creates, plan.updates, plan.unchanged, plan.conflicts] as const) for (const entry of list) map.set(rowOfEntry(entry), entry);
  return map;
}

/** The records of a plan in their original order (to decide again at apply). */
export function recordsOfPlan(plan: ClientPlan): ClientRecord[] {
  const entries: RowDecision[] = [...plan.creates, ...plan.updates, ...plan.unchanged, ...plan.conflicts];
  return entries.sort((a, b) => a.index - b.index).map(recordOf);
}

/** The diff an import makes (the same options at preview and apply). */
export function diffForImport(existing: readonly StoredClient[], records: readonly ClientRecord[], body: Pick<ClientImportPlanBody, 'blankFields' | 'fields'>, locale: Locale): ClientPlan {
  return diffClients(existing, records, { locale, blankFields: body.blankFields, ...(body.fields === undefined ? {} : { fields: body.fields }) });
}

/** Whether a planned create invites: it has an e-mail nobody else uses. */
export const invitable = (item: PlannedCreate): boolean =>
  item.record.email !== undefined && item.record.email.trim() !== '' && !item.warnings.some((w) => w.code === 'email_in_use');

// Tables of imported functions in pure IIFEs: a bundler keeps a module-level reference to another chunk's binding
// (it may throw before that chunk is initialised), and with it every message of the catalogue (tarball test).
const SHOWN_MASKS: Partial<Record<ClientFieldPath, (value: string) => string>> = /* @__PURE__ */ (() => ({
  sin: maskSin, spouseSin: maskSin, businessNumber: maskBusinessNumber, neq: maskNeq, birthDate: maskBirthDate,
}))();

/** Changes with personal identifiers masked, for the preview table and the report. */
export function maskChanges(changes: readonly FieldChange[]): FieldChange[] {
  return changes.map((c) => {
    const mask = SHOWN_MASKS[c.field];
    return mask === undefined ? c : { field: c.field, from: c.from === undefined ? undefined : mask(c.from), to: c.to === undefined ? undefined : mask(c.to) };
  });
}

const STORED_MASKS: Partial<Record<ClientFieldPath, (value: string) => string>> = /* @__PURE__ */ (() => ({ ...SHOWN_MASKS, email: maskEmail, phone: maskText }))();

/** Changes as a stored plan keeps them: values masked (identifiers, birth dates, e-mails, phones), absent when empty. */
export function planChanges(changes: readonly FieldChange[]): ClientImportPlanChange[] {
  return changes.map((c) => {
    const mask = STORED_MASKS[c.field] ?? ((v: string) => v);
    return { field: c.field, ...(c.from === undefined ? {} : { from: mask(c.from) }), ...(c.to === undefined ? {} : { to: mask(c.to) }) };
  });
}

/** Whether two change sets are the same (fields and masked values, in order). */
export function sameChanges(a: readonly ClientImportPlanChange[], b: readonly ClientImportPlanChange[]): boolean {
  return a.length === b.length && a.every((c, i) => c.field === b[i]?.field && c.from === b[i]?.from && c.to === b[i]?.to);
}

/** Who a row is about, for display: name, masked key, client file. */
export function whoOf(record: ClientRecord | undefined, row: number): ClientImportWho {
  if (record === undefined) return { row, name: '' };
  const key =
    record.kind === 'individual'
      ? record.sin === undefined ? undefined : { type: 'sin' as const, masked: maskSin(record.sin) }
      : record.businessNumber !== undefined
        ? { type: 'businessNumber' as const, masked: maskBusinessNumber(record.businessNumber) }
        : record.neq === undefined ? undefined : { type: 'neq' as const, masked: maskNeq(record.neq) };
  return { row, name: displayName(record), ...(key === undefined ? {} : { key }), ...(record.clientFile === undefined ? {} : { clientFile: record.clientFile }) };
}
