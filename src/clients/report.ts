/**
 * The client import's preview and report as text for people, in French or English.
 */
import { renderMessage, type ClientMessageCode, type Locale, type MessageParams } from '../messages/catalogue.js';
import { IMPORT_REPORT_TEXTS } from '../messages/reports.js';
import { FIELD_LABELS, wordOf, type Bilingual } from '../messages/words.js';
import type { FieldChange } from './diff/types.js';
import type { ClientFieldPath } from './fields.js';
import type { ClientImportItem, ClientImportPreview, ClientImportPreviewRow, ClientImportReport, ClientImportStatus } from './import/types.js';
import type { InvitationOutcome } from '../workflow/invitations.js';

/** Every field of a client record has its label (a new field without one does not compile). */
const FIELDS: Readonly<Record<ClientFieldPath, Bilingual>> = FIELD_LABELS;

const TEXT = IMPORT_REPORT_TEXTS;

const fieldLabel = (field: ClientFieldPath, locale: Locale): string => wordOf(FIELDS, field, locale);

function describeChanges(changes: readonly FieldChange[], locale: Locale): string {
  const t = TEXT[locale];
  return changes.map((c) => `${fieldLabel(c.field, locale)}${t.colon} ${c.from ?? t.empty_value} → ${c.to ?? t.empty_value}`).join('; ');
}

/** A message in the wanted language when its code and values are known, else as stored. */
function say(locale: Locale, message: string | undefined, reason: string | undefined, params: MessageParams | undefined): string | undefined {
  if (reason === undefined || params === undefined || reason === 'row_rejected') return message;
  return renderMessage(reason as ClientMessageCode | 'step_in_progress', params, locale);
}

function describeInvitation(invitation: InvitationOutcome | undefined, locale: Locale): string {
  if (invitation === undefined) return '';
  const words = TEXT[locale].invitation[invitation.status];
  const message = say(locale, invitation.message, invitation.reason, invitation.params);
  return message === undefined ? words : `${words} (${message})`;
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
      return [say(locale, item.message, item.reason, item.params), item.invitation === undefined ? '' : describeInvitation(item.invitation, locale)].filter((x) => x !== '').join(' · ');
    case 'held':
    case 'failed':
      return say(locale, item.message, item.reason, item.params) ?? item.message;
  }
}

/** `  ligne 4    Léa Provencher (PROVENCHER-2025) — detail`; a row with no client (not read) shows the detail only. */
const line = (row: number, label: string, detail: string, locale: Locale): string =>
  `  ${pad(row, locale)} ${label === '' ? detail : detail === '' ? label : `${label} — ${detail}`}`;

const pad = (row: number, locale: Locale): string => `${TEXT[locale].row} ${row}`.padEnd(TEXT[locale].rowWidth);

/**
 * Renders a {@link ClientImportReport} as text for people: a summary line, then the clients created, updated,
 * held, failed and skipped, one per line with the reason, and a count of the unchanged ones. Identifiers are masked.
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
  const lines = [
    `${t.reportTitle} — ${summary.created} ${t.created}, ${summary.updated} ${t.updated}, ${summary.unchanged} ${t.unchanged}, ${summary.skipped} ${t.skipped}, ${summary.held} ${t.held}, ${summary.failed} ${t.failed} · ${extras.join(', ')}`,
  ];
  if (report.aborted) lines.push(t.aborted);
  const byStatus = (status: ClientImportStatus): ClientImportItem[] => report.items.filter((i) => i.status === status);
  for (const status of ['created', 'updated', 'held', 'failed', 'skipped'] as const) {
    const items = byStatus(status);
    if (items.length === 0) continue;
    lines.push('', `${t.sections[status]} (${items.length})`);
    for (const item of items) lines.push(line(item.row, item.label, itemDetail(item, locale), locale));
  }
  if (summary.unchanged > 0) lines.push('', t.unchangedCount(summary.unchanged));
  return lines.join('\n');
}

/**
 * Renders a {@link ClientImportPreview} as text: a counts line, then the rows to create, update, the conflicts and
 * the rows that could not be read, each with what would happen and why. Identifiers are masked.
 */
export function formatImportPreview(preview: ClientImportPreview, locale: Locale = preview.locale): string {
  const t = TEXT[locale];
  const lines = [`${t.previewTitle} — ${t.previewSummary(preview.summary)}`];
  const groups: readonly ClientImportPreviewRow['action'][] = ['create', 'update', 'conflict', 'rejected'];
  for (const action of groups) {
    const rows = preview.rows.filter((r) => r.action === action);
    if (rows.length === 0) continue;
    lines.push('', `${t.previewActions[action]} (${rows.length})`);
    for (const row of rows) {
      const parts: string[] = [];
      if (action === 'create' && row.invite) parts.push(t.willInvite);
      if (action === 'update' && row.changes !== undefined) parts.push(describeChanges(row.changes, locale));
      if (row.message !== undefined) parts.push(row.message);
      parts.push(...row.warnings);
      lines.push(line(row.row, row.label, parts.join(' · '), locale));
    }
  }
  const unchanged = preview.rows.filter((r) => r.action === 'unchanged').length;
  if (unchanged > 0) lines.push('', t.unchangedCount(unchanged));
  return lines.join('\n');
}
