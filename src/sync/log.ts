/**
 * The signature-sync log as text for people, in French or English.
 */
import { renderMessage, type Locale } from '../messages/catalogue.js';
import { SYNC_LOG_TEXTS } from '../messages/reports.js';
import type { SyncFormOutcome, SyncLog, SyncLogFile, SyncLogTaxpayer, SyncStatus } from './types.js';
import { describeSignatureTime } from '../model/signing-time.js';

const TEXT = SYNC_LOG_TEXTS;

const MARK: Record<SyncStatus, string> = { updated: '✓', unchanged: '=', failed: '✗' };

const counts = (log: SyncLog, locale: Locale): string => {
  const t = TEXT[locale];
  const { updated, unchanged, failed, filesFailed } = log.summary;
  const parts = [`${updated} ${t.status.updated}`, `${unchanged} ${t.status.unchanged}`, `${failed} ${t.status.failed}`];
  if (filesFailed > 0) parts.push(t.filesFailed(filesFailed));
  return parts.join(', ');
};

function formDetail(form: SyncFormOutcome, locale: Locale): string {
  const t = TEXT[locale];
  if (form.status === 'failed') return renderMessage(form.code, form.params, locale);
  const s = form.signature;
  return t.signed(form.documentType, form.taxYear, describeSignatureTime(s.signedAt, s.timeZone), s.certificateId, t.channel[s.channel] ?? s.channel);
}

function taxpayerLine(taxpayer: SyncLogTaxpayer, locale: Locale): string {
  const t = TEXT[locale];
  const details =
    taxpayer.status === 'failed' ? taxpayer.forms.filter((f) => f.status === 'failed').map((f) => formDetail(f, locale))
    : taxpayer.status === 'updated' ? taxpayer.forms.filter((f) => f.status === 'updated').map((f) => formDetail(f, locale))
    : taxpayer.code === undefined ? [] : [renderMessage(taxpayer.code, {}, locale)];
  const head = `  ${MARK[taxpayer.status]} ${taxpayer.name} (${t.role[taxpayer.role] ?? taxpayer.role}) — ${t.status[taxpayer.status]}`;
  return details.length === 0 ? head : `${head}${t.colon} ${details.filter((d) => d !== '').join(' · ')}`;
}

function fileLines(file: SyncLogFile, locale: Locale): string[] {
  const t = TEXT[locale];
  const title = `${t.file} ${file.clientFileId}${file.label === undefined ? '' : ` — ${file.label}`}`;
  if (file.code !== undefined) return [`${title}${t.colon} ${file.params === undefined ? (file.message ?? file.code) : renderMessage(file.code, file.params, locale)}`];
  return [title, ...file.taxpayers.map((tp) => taxpayerLine(tp, locale))];
}

/**
 * Renders a {@link SyncLog} as text for people: a title with the counts, then each client file with its taxpayers
 * (✓ updated with the signature copied, = unchanged, ✗ failed with what to do), and the totals at the end. Messages
 * are rendered in `locale` whatever language the log was made in. Times are shown in the signer's time zone.
 *
 * @example
 * ```ts
 * console.log(formatSyncLog(log, 'fr'));
 * // Synchronisation des signatures 2025 — 2 mis à jour, 1 inchangé, 1 en échec
 * //
 * // Dossier PROVENCHER-2025 — Famille Provencher
 * //   ✓ Simon Provencher (principal) — mis à jour : T183 2025 signé le 2026/03/14 15:42:07 (America/Toronto), …
 * // …
 * // Totaux : 2 mis à jour, 1 inchangé, 1 en échec
 * ```
 */
export function formatSyncLog(log: SyncLog, locale: Locale = log.locale): string {
  const t = TEXT[locale];
  const lines = [`${t.title(log.taxYear)} — ${counts(log, locale)}`];
  if (log.aborted) lines.push(t.aborted);
  for (const file of log.files) lines.push('', ...fileLines(file, locale));
  lines.push('', `${t.totals}${t.colon} ${counts(log, locale)}`);
  return lines.join('\n');
}
