/**
 * The signature-sync log as text for people, in French or English, rendered from the codes and params it stores.
 */
import { renderMessage, type Locale } from '../messages/catalogue.js';
import { SYNC_LOG_TEXTS } from '../messages/reports.js';
import { DEFAULT_LOCALE } from '../workflow/context.js';
import type { SyncFormOutcome, SyncLog, SyncLogFile, SyncLogTaxpayer, SyncStatus } from './types.js';
import { describeSignatureTime } from '../model/signing-time.js';

const TEXT = SYNC_LOG_TEXTS;

const MARK: Record<SyncStatus, string> = { updated: '✓', unchanged: '=', pending: '…', failed: '✗' };

const counts = (log: SyncLog, locale: Locale): string => {
  const t = TEXT[locale];
  const { updated, unchanged, pending, failed, filesFailed } = log.summary;
  const parts = [`${updated} ${t.status.updated}`, `${unchanged} ${t.status.unchanged}`, `${pending} ${t.status.pending}`, `${failed} ${t.status.failed}`];
  if (filesFailed > 0) parts.push(t.filesFailed(filesFailed));
  return parts.join(', ');
};

function formDetail(form: SyncFormOutcome, locale: Locale): string {
  const t = TEXT[locale];
  if (form.status === 'failed' || form.status === 'pending') return renderMessage(form.code, form.params, locale);
  const s = form.signature;
  const signed = t.signed(form.documentType, form.taxYear, describeSignatureTime(s.signedAt, s.timeZone), s.certificateId, t.channel[s.channel] ?? s.channel);
  return s.certificateSha256 === undefined ? signed : `${signed}, ${t.kept}`;
}

/**
 * One taxpayer of a {@link SyncLog} as one line, in `locale`: the mark (✓ updated, = unchanged, … pending, ✗
 * failed), the name and role, the status, and the forms that matter (what was copied, who has not signed yet, what
 * failed and what to do). For a host's UI that lists taxpayers itself.
 *
 * @example
 * ```ts
 * describeSyncTaxpayer(log.files[0].taxpayers[1], 'en');
 * // "… Marie-Ève Côté (spouse) — pending: T183 2025 is not signed yet (opened, not signed): still waiting for Marie-Ève Côté. …"
 * ```
 */
export function describeSyncTaxpayer(taxpayer: SyncLogTaxpayer, locale: Locale = DEFAULT_LOCALE): string {
  const t = TEXT[locale];
  const shown: readonly SyncFormOutcome['status'][] = taxpayer.status === 'failed' ? ['failed'] : taxpayer.status === 'pending' ? ['pending', 'updated'] : taxpayer.status === 'updated' ? ['updated'] : [];
  const details =
    taxpayer.status !== 'unchanged' ? taxpayer.forms.filter((f) => shown.includes(f.status)).map((f) => formDetail(f, locale))
    : taxpayer.code === undefined ? [] : [renderMessage(taxpayer.code, taxpayer.params ?? {}, locale)];
  const head = `${MARK[taxpayer.status]} ${taxpayer.name} (${t.role[taxpayer.role] ?? taxpayer.role}) — ${t.status[taxpayer.status]}`;
  const said = details.filter((d) => d !== '');
  return said.length === 0 ? head : `${head}${t.colon} ${said.join(' · ')}`;
}

function fileLines(file: SyncLogFile, locale: Locale): string[] {
  const t = TEXT[locale];
  const title = `${t.file} ${file.clientFileId}${file.label === undefined ? '' : ` — ${file.label}`}`;
  if (file.status === 'failed') return [`${title}${t.colon} ${renderMessage(file.code, file.params, locale)}`];
  return [title, ...file.taxpayers.map((tp) => `  ${describeSyncTaxpayer(tp, locale)}`)];
}

/**
 * Renders a {@link SyncLog} as text for people: a title with the counts, then each client file with its taxpayers
 * (✓ updated with the signature copied, = unchanged, … pending with who has not signed yet, ✗ failed with what to
 * do), and the totals at the end. The log stores codes and params only, so it renders in either language whatever
 * language it was made in. Times are shown in the signer's time zone.
 *
 * @param locale Default: the log's `locale` (the one `syncSignatures` was given, else `DEFAULT_LOCALE` ('fr')).
 *
 * @example
 * ```ts
 * console.log(formatSyncLog(log, 'fr'));
 * // Synchronisation des signatures 2025 — 2 mis à jour, 1 inchangé, 1 en attente, 1 en échec
 * //
 * // Dossier PROVENCHER-2025 — Famille Provencher
 * //   ✓ Simon Provencher (principal) — mis à jour : T183 2025 signé le 2026/03/14 15:42:07 (America/Toronto), …
 * // …
 * // Totaux : 2 mis à jour, 1 inchangé, 1 en attente, 1 en échec
 * ```
 */
export function formatSyncLog(log: SyncLog, locale: Locale = log.locale ?? DEFAULT_LOCALE): string {
  const t = TEXT[locale];
  const lines = [`${t.title(log.taxYear)} — ${counts(log, locale)}`];
  if (log.aborted) lines.push(t.aborted);
  if (log.progressFailed) lines.push(renderMessage('progress_failed', {}, locale));
  for (const file of log.files) lines.push('', ...fileLines(file, locale));
  lines.push('', `${t.totals}${t.colon} ${counts(log, locale)}`);
  return lines.join('\n');
}
