/**
 * The dispatch preview and report as text for people, in French or English — rendered from the codes and params
 * they hold, so a plan previewed in French reads in English (and back) at any time.
 */
import { renderMessage, type Locale } from '../messages/catalogue.js';
import { DISPATCH_REPORT_TEXTS } from '../messages/reports.js';
import { DEFAULT_LOCALE } from '../workflow/context.js';
import type { DispatchEmail, DispatchItem, DispatchLine, DispatchPlan, DispatchProtection, DispatchReport } from './types.js';

const TEXT = DISPATCH_REPORT_TEXTS;

const protectionText = (protection: DispatchProtection, locale: Locale): string => {
  const what = [protection.encryption === undefined ? '' : 'encryption', protection.usageRights === true ? 'usage_rights' : '', protection.xfa === true ? 'xfa' : ''].filter((w) => w !== '');
  return renderMessage('protection_removed', { what: what.join(',') }, locale);
};

/**
 * One line of a preview in words: what will happen to the entry and why (identifiers masked).
 *
 * @param locale - Default: `DEFAULT_LOCALE` ('fr').
 */
export function describeDispatchLine(line: DispatchLine, locale: Locale = DEFAULT_LOCALE): string {
  let text = renderMessage(line.code, line.params, locale);
  if (line.status === 'ready') {
    if (line.version === 'new_version') text = `${text} (${renderMessage('document_new_version', { version: line.versionNumber }, locale)})`;
    if (line.protection !== undefined && Object.keys(line.protection).length > 0) text = `${text} ${protectionText(line.protection, locale)}`;
  }
  return text;
}

/**
 * One document of a report in words.
 *
 * @param locale - Default: `DEFAULT_LOCALE` ('fr').
 */
export function describeDispatchItem(item: DispatchItem, locale: Locale = DEFAULT_LOCALE): string {
  const text = renderMessage(item.code, item.params, locale);
  return item.status === 'sent' && item.versionNumber > 1 ? `${text} (${renderMessage('document_new_version', { version: item.versionNumber }, locale)})` : text;
}

/**
 * One client's e-mail of a report in words.
 *
 * @param locale - Default: `DEFAULT_LOCALE` ('fr').
 */
export function describeDispatchEmail(email: DispatchEmail, locale: Locale = DEFAULT_LOCALE): string {
  return renderMessage(email.code, email.params, locale);
}

/**
 * The preview as text: one line per archive entry, grouped by what will happen, with the client each document goes
 * to (masked) and the reason for each held one.
 *
 * @param locale - Default: the language the preview was made in.
 */
export function formatDispatchPreview(plan: DispatchPlan, locale: Locale = plan.locale): string {
  const t = TEXT[locale];
  const out = [`${t.previewTitle(plan)}`, t.previewSummary(plan.summary)];
  for (const status of ['ready', 'held', 'rejected', 'skipped'] as const) {
    const lines = plan.lines.filter((l) => l.status === status);
    if (lines.length === 0) continue;
    out.push('', `${t.sections[status]} (${lines.length})`);
    for (const l of lines) {
      const who = l.clientLabel === undefined ? '' : ` ${t.to} ${l.clientLabel}`;
      out.push(`  ${l.displayName}${who} — ${describeDispatchLine(l, locale)}`);
    }
  }
  return out.join('\n');
}

/**
 * The report as text: documents by outcome, then the e-mail of each client, then what to do if stopped early.
 *
 * @param locale - Default: the language of the plan it applied.
 */
export function formatDispatchReport(report: DispatchReport, locale: Locale = report.locale): string {
  const t = TEXT[locale];
  const out = [t.reportTitle, t.reportSummary(report.summary)];
  for (const status of ['sent', 'skipped', 'held', 'failed'] as const) {
    const items: DispatchItem[] = report.items.filter((i) => i.status === status);
    if (items.length === 0) continue;
    out.push('', `${t.reportSections[status]} (${items.length})`);
    for (const i of items) out.push(`  ${i.displayName} — ${describeDispatchItem(i, locale)}`);
  }
  if (report.emails.length > 0) {
    out.push('', `${t.emails} (${report.emails.length})`);
    for (const e of report.emails) out.push(`  ${e.clientLabel}: ${t.email[e.status]} — ${describeDispatchEmail(e, locale)}`);
  }
  if (report.progressFailed) out.push('', renderMessage('progress_failed', {}, locale));
  if (report.aborted) out.push('', t.aborted);
  return out.join('\n');
}
