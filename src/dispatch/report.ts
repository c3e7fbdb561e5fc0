/**
 * The dispatch preview and report as text for people, in French or English.
 */
import type { Locale } from '../messages/catalogue.js';
import { DISPATCH_REPORT_TEXTS } from '../messages/reports.js';
import type { StoredClient } from '../ports.js';
import type { DispatchItem, DispatchPlan, DispatchReport } from './types.js';

const TEXT = DISPATCH_REPORT_TEXTS;

const clientName = (c: StoredClient): string => (c.kind === 'individual' ? `${c.firstName} ${c.lastName}` : c.name);

/**
 * The preview as text: one line per archive entry, grouped by what will happen, with the client each document goes
 * to and the reason for each held one. File names are shown with identifiers masked.
 */
export function formatDispatchPreview(plan: DispatchPlan, locale: Locale = plan.locale): string {
  const t = TEXT[locale];
  const out = [`${t.previewTitle(plan)}`, t.previewSummary(plan.summary)];
  for (const status of ['ready', 'held', 'rejected', 'skipped'] as const) {
    const lines = plan.lines.filter((l) => l.status === status);
    if (lines.length === 0) continue;
    out.push('', `${t.sections[status]} (${lines.length})`);
    for (const l of lines) {
      const who = l.client === undefined ? '' : ` ${t.to} ${clientName(l.client)}`;
      out.push(`  ${l.displayName}${who} — ${l.message}`);
    }
  }
  return out.join('\n');
}

/** The report as text: documents by outcome, then the e-mail of each client, then what to do if stopped early. */
export function formatDispatchReport(report: DispatchReport, locale: Locale = report.locale): string {
  const t = TEXT[locale];
  const out = [t.reportTitle, t.reportSummary(report.summary)];
  for (const status of ['sent', 'skipped', 'held', 'failed'] as const) {
    const items: DispatchItem[] = report.items.filter((i) => i.status === status);
    if (items.length === 0) continue;
    out.push('', `${t.reportSections[status]} (${items.length})`);
    for (const i of items) out.push(`  ${i.displayName} — ${i.message}`);
  }
  if (report.emails.length > 0) {
    out.push('', `${t.emails} (${report.emails.length})`);
    for (const e of report.emails) out.push(`  ${e.clientName}: ${t.email[e.status]}${e.message === undefined ? '' : ` — ${e.message}`}`);
  }
  if (report.aborted) out.push('', t.aborted);
  return out.join('\n');
}
