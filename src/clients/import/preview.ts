/**
 * Job 1, the client import, first half: read a DT Max or Taxprep client list and say what importing it would change.
 * Nothing is written.
 */
import type { ClientRecord } from '../../model/client.js';
import { InvalidArgumentError } from '../../errors/invalid-argument.js';
import { maskBirthDate, maskBusinessNumber, maskNeq, maskSin } from '../../model/mask.js';
import { renderMessage, type Locale } from '../../messages/catalogue.js';
import { parseDtmaxCsv, type DtmaxCsvInput } from '../../parsers/csv/dtmax-csv.js';
import type { ParseOptions, ParseResult } from '../../parsers/types.js';
import type { StoredClient } from '../../ports.js';
import { diffClients } from '../diff/diff.js';
import type { FieldChange, PlannedCreate } from '../diff/types.js';
import { clientLabel, displayName, type ClientFieldPath } from '../fields.js';
import type { ClientImportInput, ClientImportPorts, ClientImportPreview, ClientImportPreviewRow, PreviewClientImportOptions } from './types.js';
import { guardPorts } from '../../workflow/ports-guard.js';

const PARSER_FIELD_TO_PATH: Readonly<Record<string, ClientFieldPath>> = {
  line1: 'address.line1', line2: 'address.line2', city: 'address.city', province: 'address.province', postalCode: 'address.postalCode', country: 'address.country',
};

type TaxprepParser = (input: Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array>, options?: ParseOptions) => Promise<ParseResult>;

async function parseInput(input: ClientImportInput, locale: Locale): Promise<ParseResult> {
  if (input.parsed !== undefined) return input.parsed;
  if (input.file === undefined) throw new InvalidArgumentError('preview_invalid', { detail: 'give the file (input.file) or a parse result (input.parsed)' }, { locale });
  const options = { ...input.parseOptions, ...(input.kind === undefined ? {} : { kind: input.kind }), locale };
  if (input.source === 'dtmax') {
    const file = input.file instanceof ArrayBuffer ? new Uint8Array(input.file) : input.file;
    return parseDtmaxCsv(file as DtmaxCsvInput, options);
  }
  if (input.source !== 'taxprep') throw new InvalidArgumentError('preview_invalid', { detail: `unknown source "${String(input.source)}" (dtmax or taxprep)` }, { locale });
  if (typeof input.file === 'string') throw new InvalidArgumentError('preview_invalid', { detail: 'a Taxprep workbook is binary: pass its bytes, not text' }, { locale });
  // Loaded on demand, so the main entry never pulls the workbook reader (and node:zlib) in.
  const xlsx: { parseTaxprepXlsx?: TaxprepParser } = await import('../../xlsx.js');
  if (xlsx.parseTaxprepXlsx === undefined) throw new InvalidArgumentError('invalid_input', { detail: 'the Taxprep parser (taxsync/xlsx) is not available in this build' }, { locale });
  return xlsx.parseTaxprepXlsx(input.file, options);
}

const MASKED: Partial<Record<ClientFieldPath, (value: string) => string>> = {
  sin: maskSin, spouseSin: maskSin, businessNumber: maskBusinessNumber, neq: maskNeq, birthDate: maskBirthDate,
};

/** Changes with personal identifiers masked, for people. */
export function maskChanges(changes: readonly FieldChange[]): FieldChange[] {
  return changes.map((c) => {
    const mask = MASKED[c.field];
    return mask === undefined ? c : { field: c.field, from: c.from === undefined ? undefined : mask(c.from), to: c.to === undefined ? undefined : mask(c.to) };
  });
}

export const invitable = (item: PlannedCreate): boolean =>
  item.record.email !== undefined && item.record.email.trim() !== '' && !item.warnings.some((w) => w.code === 'email_in_use');

/**
 * Reads a client list and compares it with the host's clients: the plan (what `applyClientImport` would do), the
 * parse issues, and a row-by-row table ready to show as the import's preview ("Aperçu"). Nothing is written.
 *
 * @throws {@link ParseError} when the file cannot be read at all (see `parseDtmaxCsv`).
 *
 * @example
 * ```ts
 * const preview = await previewClientImport(
 *   { source: 'dtmax', file: await readFile('clients.csv'), accountManager: 'julie.tremblay', locale: 'fr' },
 *   { store },
 * );
 * console.table(preview.rows.map((r) => ({ ligne: r.row, action: r.action, client: r.label })));
 * ```
 */
export async function previewClientImport(input: ClientImportInput, ports: Pick<ClientImportPorts, 'store'>, options: PreviewClientImportOptions = {}): Promise<ClientImportPreview> {
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewClientImport expects an input object (source, file)' });
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewClientImport options must be an object' });
  ports = guardPorts(ports, options);
  const locale = input.locale ?? 'fr';
  const now = options.now ?? (() => new Date());
  const parsed = await parseInput(input, locale);
  const existing: StoredClient[] = [];
  for await (const client of ports.store.list()) {
    options.signal?.throwIfAborted();
    existing.push(client);
  }
  options.signal?.throwIfAborted();
  const fields =
    input.blankFields === 'clear'
      ? [...new Set(parsed.meta.columns.map((c) => PARSER_FIELD_TO_PATH[c.field] ?? (c.field as ClientFieldPath)))]
      : undefined;
  const plan = diffClients(existing, parsed.records, { locale, ...(input.blankFields === undefined ? {} : { blankFields: input.blankFields }), ...(fields === undefined ? {} : { fields }) });

  const warningsByRow = new Map<number, string[]>();
  const errorsByRow = new Map<number, string[]>();
  // A key twice in the file is already the row's conflict (duplicate_in_file): the parser's warning would repeat it.
  const held = new Set(plan.conflicts.filter((c) => c.reason === 'duplicate_in_file').map((c) => c.row));
  for (const issue of parsed.issues) {
    if (issue.code === 'duplicate_key' && held.has(issue.row)) continue;
    const map = issue.severity === 'error' ? errorsByRow : warningsByRow;
    const list = map.get(issue.row);
    if (list === undefined) map.set(issue.row, [issue.message]);
    else list.push(issue.message);
  }
  const rows: ClientImportPreviewRow[] = [];
  const line = (record: ClientRecord, index: number, rest: Omit<ClientImportPreviewRow, 'row' | 'name' | 'label' | 'warnings' | 'invite'> & { warnings?: readonly string[]; invite?: boolean }): void => {
    const row = record.source?.row ?? index + 1;
    rows.push({
      row,
      name: displayName(record),
      label: clientLabel(record, locale),
      ...(record.email === undefined ? {} : { email: record.email }),
      ...rest,
      warnings: [...(warningsByRow.get(row) ?? []), ...(rest.warnings ?? [])],
      invite: rest.invite ?? false,
    });
  };
  for (const c of plan.creates) line(c.record, c.index, { action: 'create', warnings: c.warnings.map((w) => w.message), invite: invitable(c) });
  for (const u of plan.updates) line(u.incoming, u.index, { action: 'update', changes: maskChanges(u.changes), warnings: u.warnings.map((w) => w.message) });
  for (const u of plan.unchanged) line(u.record, u.index, { action: 'unchanged' });
  for (const c of plan.conflicts) line(c.record, c.index, { action: 'conflict', reason: c.reason, message: c.message });
  for (const [row, issues] of errorsByRow) {
    rows.push({
      row,
      action: 'rejected',
      name: '',
      label: '',
      reason: 'row_rejected',
      message: renderMessage('row_rejected', { row, detail: issues.join(' ') }, locale),
      warnings: warningsByRow.get(row) ?? [],
      invite: false,
    });
  }
  rows.sort((a, b) => a.row - b.row);

  return {
    planId: options.planId ?? globalThis.crypto.randomUUID(),
    createdAt: now().toISOString(),
    source: input.source,
    kind: parsed.meta.kind,
    locale,
    ...(input.accountManager === undefined ? {} : { accountManager: input.accountManager }),
    plan,
    issues: parsed.issues,
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
  };
}

