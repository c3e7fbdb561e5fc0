/**
 * Job 1, the client import, first half: read a DT Max or Taxprep client list and say what importing it would change,
 * as a table to show and a plan to keep. Nothing is written.
 */
import { InvalidArgumentError } from '../../errors/invalid-argument.js';
import { DEFAULT_LOCALE } from '../../workflow/context.js';
import { sealPlan } from '../../workflow/plan-document.js';
import type { StoredClient } from '../../ports.js';
import type { ClientFieldPath } from '../fields.js';
import { diffForImport, invitable, maskChanges, planChanges, recordOf, rowOfEntry, whoOf } from './decide.js';
import type { ClientImportPlanBody, ClientImportPlanHeldRow, ClientImportPlanItem } from './plan.js';
import { readImportFile } from './read.js';
import { SEALED } from './sealed.js';
import { guardPorts } from '../../workflow/ports-guard.js';
import type { ClientImportInput, ClientImportNote, ClientImportPorts, ClientImportPreview, ClientImportPreviewRow, PreviewClientImportOptions } from './types.js';

const PARSER_FIELD_TO_PATH: Readonly<Record<string, ClientFieldPath>> = {
  line1: 'address.line1', line2: 'address.line2', city: 'address.city', province: 'address.province', postalCode: 'address.postalCode', country: 'address.country',
};

/**
 * Reads a client list and compares it with the host's clients: a row-by-row table ready to show as the import's
 * preview ("Aperçu"), the counts, and `document` — the plan to keep between the preview and the apply (in a
 * database, a queue message): no full SIN, no birth date, the file by its SHA-256. Nothing is written.
 *
 * Every row of the table is data (`action`, and `code` + `params` for the rows held): render it with
 * `formatImportPreview(preview, locale)` or `describeImportRow(row, locale)`, in either language.
 *
 * @throws {@link ParseError} when the file cannot be read at all (see `parseDtmaxCsv`).
 *
 * @example
 * ```ts
 * const preview = await previewClientImport(
 *   { source: 'dtmax', file: await readFile('clients.csv'), accountManager: 'julie.tremblay', locale: 'fr' },
 *   { store },
 * );
 * console.log(formatImportPreview(preview));
 * await db.savePlan(preview.planId, JSON.stringify(preview.document)); // apply it in the next request
 * ```
 */
export async function previewClientImport(input: ClientImportInput, ports: Pick<ClientImportPorts, 'store'>, options: PreviewClientImportOptions = {}): Promise<ClientImportPreview> {
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewClientImport expects an input object (source, file)' });
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewClientImport options must be an object' });
  ports = guardPorts(ports, options);
  const locale = input.locale ?? DEFAULT_LOCALE;
  const now = options.now ?? (() => new Date());
  let parsed = input.parsed;
  let sha256: string | undefined;
  if (parsed === undefined) {
    if (input.file === undefined) throw new InvalidArgumentError('preview_invalid', { detail: 'give the file (input.file) or a parse result (input.parsed)' }, { locale });
    const read = await readImportFile(input.source, input.file, input.kind, input.parseOptions, locale);
    parsed = read.parsed;
    sha256 = read.sha256;
  } else if (input.source !== 'dtmax' && input.source !== 'taxprep') {
    throw new InvalidArgumentError('preview_invalid', { detail: `unknown source "${String(input.source)}" (dtmax or taxprep)` }, { locale });
  }
  const existing: StoredClient[] = [];
  for await (const client of ports.store.list()) {
    options.signal?.throwIfAborted();
    existing.push(client);
  }
  options.signal?.throwIfAborted();
  const blankFields = input.blankFields ?? 'keep';
  const fields = blankFields === 'clear' ? [...new Set(parsed.meta.columns.map((c) => PARSER_FIELD_TO_PATH[c.field] ?? (c.field as ClientFieldPath)))] : undefined;
  const plan = diffForImport(existing, parsed.records, { blankFields, ...(fields === undefined ? {} : { fields }) }, locale);

  const warningsByRow = new Map<number, ClientImportNote[]>();
  const errorsByRow = new Map<number, ClientImportNote[]>();
  // A key twice in the file is already the row's conflict (duplicate_in_file): the parser's warning would repeat it.
  const duplicates = new Set(plan.conflicts.filter((c) => c.reason === 'duplicate_in_file').map(rowOfEntry));
  for (const issue of parsed.issues) {
    if (issue.code === 'duplicate_key' && duplicates.has(issue.row)) continue;
    const map = issue.severity === 'error' ? errorsByRow : warningsByRow;
    const list = map.get(issue.row);
    const note: ClientImportNote = { code: issue.code, params: issue.params };
    if (list === undefined) map.set(issue.row, [note]);
    else list.push(note);
  }
  const warningsOf = (row: number, more: readonly ClientImportNote[] = []): ClientImportNote[] => [...(warningsByRow.get(row) ?? []), ...more];
  const planWarnings = (warnings: readonly { code: 'email_in_use'; params: ClientImportNote['params'] }[]): ClientImportNote[] => warnings.map((w) => ({ code: w.code, params: w.params }));

  const rows: ClientImportPreviewRow[] = [];
  const items: ClientImportPlanItem[] = [];
  const held: ClientImportPlanHeldRow[] = [];
  const unchanged: { row: number; clientId: string }[] = [];
  for (const c of plan.creates) {
    const row = rowOfEntry(c);
    const invite = invitable(c);
    rows.push({ ...whoOf(c.record, row), action: 'create', ...(c.record.email === undefined ? {} : { email: c.record.email }), invite, warnings: warningsOf(row, planWarnings(c.warnings)) });
    items.push({ key: String(row), row, action: 'create', changes: [], invite, warnings: c.warnings.map((w) => w.code) });
  }
  for (const u of plan.updates) {
    const row = rowOfEntry(u);
    rows.push({ ...whoOf(u.incoming, row), action: 'update', ...(u.incoming.email === undefined ? {} : { email: u.incoming.email }), clientId: u.id, changes: maskChanges(u.changes), invite: false, warnings: warningsOf(row, planWarnings(u.warnings)) });
    items.push({ key: String(row), row, action: 'update', clientId: u.id, version: u.version ?? null, changes: planChanges(u.changes), invite: false, warnings: u.warnings.map((w) => w.code) });
  }
  for (const u of plan.unchanged) {
    const row = rowOfEntry(u);
    rows.push({ ...whoOf(u.record, row), action: 'unchanged', clientId: u.id, invite: false, warnings: warningsOf(row) });
    unchanged.push({ row, clientId: u.id });
  }
  for (const c of plan.conflicts) {
    const row = rowOfEntry(c);
    rows.push({ ...whoOf(recordOf(c), row), action: 'conflict', code: c.reason, params: c.params, invite: false, warnings: warningsOf(row) });
    held.push({ row, action: 'conflict', code: c.reason, params: c.params });
  }
  for (const [row, issues] of errorsByRow) {
    rows.push({ ...whoOf(undefined, row), action: 'rejected', code: 'row_rejected', params: { row }, issues, invite: false, warnings: warningsOf(row) });
    held.push({ row, action: 'rejected', code: 'row_rejected', params: { row }, issues });
  }
  rows.sort((a, b) => a.row - b.row);
  items.sort((a, b) => a.row - b.row);
  unchanged.sort((a, b) => a.row - b.row);
  held.sort((a, b) => a.row - b.row);

  const planId = options.planId ?? globalThis.crypto.randomUUID();
  const createdAt = now().toISOString();
  const parseOptions = input.parseOptions ?? {};
  const body: ClientImportPlanBody = {
    source: input.source,
    kind: parsed.meta.kind,
    ...(sha256 === undefined ? {} : { sha256 }),
    parseOptions: {
      ...(parseOptions.columns === undefined ? {} : { columns: parseOptions.columns }),
      ...(parseOptions.dateOrder === undefined ? {} : { dateOrder: parseOptions.dateOrder }),
      ...(parseOptions.delimiter === undefined ? {} : { delimiter: parseOptions.delimiter }),
      ...(parseOptions.encoding === undefined ? {} : { encoding: parseOptions.encoding }),
    },
    blankFields,
    ...(fields === undefined ? {} : { fields }),
    ...(input.accountManager === undefined ? {} : { accountManager: input.accountManager }),
    rows: parsed.meta.counts.rows,
    items,
    unchanged,
    held,
  };
  const document = await sealPlan('client-import', planId, createdAt, locale, body);
  SEALED.add(document);
  return {
    planId,
    createdAt,
    source: input.source,
    kind: parsed.meta.kind,
    locale,
    ...(input.accountManager === undefined ? {} : { accountManager: input.accountManager }),
    plan,
    meta: parsed.meta,
    rows,
    summary: {
      rows: parsed.meta.counts.rows,
      creates: plan.summary.creates,
      updates: plan.summary.updates,
      unchanged: plan.summary.unchanged,
      conflicts: plan.summary.conflicts,
      rejected: errorsByRow.size,
      invitations: plan.creates.filter(invitable).length,
    },
    document,
  };
}
