/**
 * The client import's preview and report as text for people, in French or English — rendered from the data (codes
 * and params) at any time, in either language.
 */
import { renderMessage, type Locale, type MessageCode, type MessageParams } from '../messages/catalogue.js';
import { IMPORT_REPORT_TEXTS } from '../messages/reports.js';
import { FIELD_LABELS, KEY_NAMES, wordOf, type Bilingual } from '../messages/words.js';
import type { FieldChange } from './diff/types.js';
import type { ClientFieldPath } from './fields.js';
import type {
  ClientImportInvitation,
  ClientImportItem,
  ClientImportNote,
  ClientImportPreview,
  ClientImportPreviewRow,
  ClientImportReport,
  ClientImportStatus,
  ClientImportWho,
} from './import/types.js';

/** Every field of a client record has its label (a new field without one does not compile). */
const FIELDS: Readonly<Record<ClientFieldPath, Bilingual>> = FIELD_LABELS;

const TEXT = IMPORT_REPORT_TEXTS;

const fieldLabel = (field: ClientFieldPath, locale: Locale): string => wordOf(FIELDS, field, locale);

/** A stored code and its params in words (a code the catalogue does not know is shown as is). */
const say = (code: string, params: MessageParams | undefined, locale: Locale): string => renderMessage(code as MessageCode, (params ?? {}) as never, locale);

const notes = (list: readonly ClientImportNote[], locale: Locale): string[] => list.map((n) => say(n.code, n.params, locale));

function describeChanges(changes: readonly FieldChange[], locale: Locale): string {
  const t = TEXT[locale];
  return changes.map((c) => `${fieldLabel(c.field, locale)}${t.colon} ${c.from ?? t.empty_value} → ${c.to ?? t.empty_value}`).join('; ');
}

/** `Simon Provencher (NAS *** *** 544)`, `Léa Provencher (PROVENCHER-2025)`: a client in a line, identifiers masked. */
function labelOf(who: ClientImportWho, locale: Locale): string {
  if (who.name === '') return '';
  if (who.key !== undefined) return `${who.name} (${KEY_NAMES[who.key.type][locale]} ${who.key.masked})`;
  return who.clientFile === undefined ? who.name : `${who.name} (${who.clientFile})`;
}

/** The row-rejected message with the parser's issues, in the wanted language. */
const rejected = (row: number, issues: readonly ClientImportNote[], locale: Locale): string => say('row_rejected', { row, detail: notes(issues, locale).join(' ') }, locale);

function describeInvitation(invitation: ClientImportInvitation | undefined, locale: Locale): string {
  if (invitation === undefined) return '';
  const words = TEXT[locale].invitation[invitation.status];
  return invitation.code === undefined ? words : `${words} (${say(invitation.code, invitation.params, locale)})`;
}

/** What a report line says after the client: the changes, the invitation, or the reason. */
function itemDetail(item: ClientImportItem, locale: Locale): string {
  switch (item.status) {
    case 'updated':
      return describeChanges(item.changes, locale);
    case 'created':
      return describeInvitation(item.invitation, locale);
    case 'unchanged':
      return '';
    case 'skipped':
      return [say(item.code, item.params, locale), describeInvitation(item.invitation, locale)].filter((x) => x !== '').join(' · ');
    case 'held':
      return item.code === 'row_rejected' ? rejected(item.row, item.issues ?? [], locale) : say(item.code, item.params, locale);
    case 'failed':
      return say(item.code, item.params, locale);
  }
}

/** `  ligne 4    Léa Provencher (PROVENCHER-2025) — detail`; a row with no client (not read) shows the detail only. */
const line = (row: number, label: string, detail: string, locale: Locale): string =>
  `  ${pad(row, locale)} ${label === '' ? detail : detail === '' ? label : `${label} — ${detail}`}`;

const pad = (row: number, locale: Locale): string => `${TEXT[locale].row} ${row}`.padEnd(TEXT[locale].rowWidth);

/**
 * One report item as one line for people (`ligne 4    Léa Provencher (PROVENCHER-2025) — non invité (…)`), in
 * either language, identifiers masked.
 */
export function describeImportItem(item: ClientImportItem, locale: Locale): string {
  return line(item.row, labelOf(item, locale), itemDetail(item, locale), locale).trimStart();
}

/**
 * Renders a {@link ClientImportReport} as text for people: a summary line, then the clients created, updated,
 * held, failed and skipped, one per line with the reason, a count of the unchanged ones and the client files.
 * Identifiers are masked. Any language, whatever the report's own.
 *
 * @param locale Default: the report's.
 *
 * @example
 * ```ts
 * console.log(formatImportReport(report, 'fr'));
 * // Importation des clients — 3 créés, 1 mis à jour, 5 inchangés, 0 ignorés, 2 retenus, 0 en échec · 2 invitations envoyées
 * // …
 * ```
 */
export function formatImportReport(report: ClientImportReport, locale: Locale = report.locale): string {
  const t = TEXT[locale];
  const { summary } = report;
  const extras = [t.invited(summary.invited), ...(summary.invitationsFailed > 0 ? [t.invitationsFailed(summary.invitationsFailed)] : [])];
  if (report.files.length > 0) extras.push(t.files(summary.filesCreated, summary.filesUpdated, summary.filesFailed));
  const lines = [
    `${t.reportTitle} — ${summary.created} ${t.created}, ${summary.updated} ${t.updated}, ${summary.unchanged} ${t.unchanged}, ${summary.skipped} ${t.skipped}, ${summary.held} ${t.held}, ${summary.failed} ${t.failed} · ${extras.join(', ')}`,
  ];
  if (report.aborted) lines.push(t.aborted);
  if (report.progressFailed) lines.push(t.progressFailed);
  const byStatus = (status: ClientImportStatus): ClientImportItem[] => report.items.filter((i) => i.status === status);
  for (const status of ['created', 'updated', 'held', 'failed', 'skipped'] as const) {
    const items = byStatus(status);
    if (items.length === 0) continue;
    lines.push('', `${t.sections[status]} (${items.length})`);
    for (const item of items) lines.push(line(item.row, labelOf(item, locale), itemDetail(item, locale), locale));
  }
  if (summary.unchanged > 0) lines.push('', t.unchangedCount(summary.unchanged));
  const files = report.files.filter((f) => f.status !== 'unchanged');
  if (files.length > 0) {
    lines.push('', `${t.filesTitle} (${files.length})`);
    for (const f of files) {
      const detail = f.code === undefined ? t.taxpayers(f.taxpayers) : say(f.code, f.params, locale);
      lines.push(`  ${f.id} — ${t.fileStatus[f.status]} · ${detail}`);
    }
  }
  return lines.join('\n');
}

/** What a preview line says after the client. */
function rowDetail(row: ClientImportPreviewRow, locale: Locale): string {
  const t = TEXT[locale];
  const parts: string[] = [];
  switch (row.action) {
    case 'create':
      if (row.invite) parts.push(t.willInvite);
      break;
    case 'update':
      parts.push(describeChanges(row.changes, locale));
      break;
    case 'conflict':
      parts.push(say(row.code, row.params, locale));
      break;
    case 'rejected':
      parts.push(rejected(row.row, row.issues, locale));
      break;
    case 'unchanged':
      break;
  }
  parts.push(...notes(row.warnings, locale));
  return parts.join(' · ');
}

/** One preview row as one line for people, in either language, identifiers masked. */
export function describeImportRow(row: ClientImportPreviewRow, locale: Locale): string {
  return line(row.row, labelOf(row, locale), rowDetail(row, locale), locale).trimStart();
}

/**
 * Renders a {@link ClientImportPreview} as text: a counts line, then the rows to create, update, the conflicts and
 * the rows that could not be read, each with what would happen and why. Identifiers are masked. Any language.
 *
 * @param locale Default: the preview's.
 */
export function formatImportPreview(preview: ClientImportPreview, locale: Locale = preview.locale): string {
  const t = TEXT[locale];
  const lines = [`${t.previewTitle} — ${t.previewSummary(preview.summary)}`];
  const groups: readonly ClientImportPreviewRow['action'][] = ['create', 'update', 'conflict', 'rejected'];
  for (const action of groups) {
    const rows = preview.rows.filter((r) => r.action === action);
    if (rows.length === 0) continue;
    lines.push('', `${t.previewActions[action]} (${rows.length})`);
    for (const row of rows) lines.push(line(row.row, labelOf(row, locale), rowDetail(row, locale), locale));
  }
  const unchanged = preview.rows.filter((r) => r.action === 'unchanged').length;
  if (unchanged > 0) lines.push('', t.unchangedCount(unchanged));
  return lines.join('\n');
}
