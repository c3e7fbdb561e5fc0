/**
 * The dispatch preview and report as text for people, in French or English.
 */
import type { Locale } from '../messages/catalogue.js';
import type { StoredClient } from '../ports.js';
import type { DispatchItem, DispatchLine, DispatchPlan, DispatchReport, DispatchStatus } from './types.js';

const TEXT = {
  en: {
    previewTitle: (p: DispatchPlan) => `Document dispatch preview — ${p.documentType} ${p.year}, ${p.purpose === 'sign' ? 'to sign' : 'to consult'}`,
    previewSummary: (p: DispatchPlan['summary']) =>
      `${p.entries} entries: ${p.ready} ready for ${p.clients} client(s), ${p.held} held, ${p.rejected} rejected, ${p.skipped} skipped`,
    sections: { ready: 'Ready to send', held: 'Held for review', rejected: 'Rejected', skipped: 'Skipped' } as Record<DispatchLine['status'], string>,
    reportTitle: 'Document dispatch',
    reportSummary: (t: DispatchReport['summary']) =>
      `${t.sent} sent, ${t.skipped} skipped, ${t.held} held, ${t.failed} failed · ${t.emailsSent} e-mail(s) sent, ${t.invited} invitation(s)`,
    reportSections: { sent: 'Sent', skipped: 'Skipped', held: 'Held', failed: 'Failed' } as Record<DispatchStatus, string>,
    emails: 'E-mails',
    email: { sent: 'sent', already_sent: 'already sent', not_sent: 'not sent', failed: 'failed' },
    aborted: 'Stopped before the end: apply again to finish.',
    to: '→',
  },
  fr: {
    previewTitle: (p: DispatchPlan) => `Aperçu de l'envoi de documents — ${p.documentType} ${p.year}, ${p.purpose === 'sign' ? 'à signer' : 'à consulter'}`,
    previewSummary: (p: DispatchPlan['summary']) =>
      `${p.entries} fichiers : ${p.ready} prêts pour ${p.clients} client(s), ${p.held} retenus, ${p.rejected} rejetés, ${p.skipped} ignorés`,
    sections: { ready: 'Prêts à envoyer', held: 'Retenus pour vérification', rejected: 'Rejetés', skipped: 'Ignorés' } as Record<DispatchLine['status'], string>,
    reportTitle: 'Envoi de documents',
    reportSummary: (t: DispatchReport['summary']) =>
      `${t.sent} envoyés, ${t.skipped} ignorés, ${t.held} retenus, ${t.failed} en échec · ${t.emailsSent} courriel(s) envoyé(s), ${t.invited} invitation(s)`,
    reportSections: { sent: 'Envoyés', skipped: 'Ignorés', held: 'Retenus', failed: 'En échec' } as Record<DispatchStatus, string>,
    emails: 'Courriels',
    email: { sent: 'envoyé', already_sent: 'déjà envoyé', not_sent: 'non envoyé', failed: 'en échec' },
    aborted: "Arrêté avant la fin : relancez l'envoi pour terminer.",
    to: '→',
  },
} as const;

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
