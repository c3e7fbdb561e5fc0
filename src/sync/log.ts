/**
 * The signature-sync log as text for people, in French or English.
 */
import { renderMessage, type Locale } from '../messages/catalogue.js';
import type { SyncFormOutcome, SyncLog, SyncLogFile, SyncLogTaxpayer, SyncStatus } from './types.js';
import { describeSignatureTime } from '../model/signing-time.js';
import type { SignatureChannel, TaxpayerRole } from '../model/signing.js';

const TEXT = {
  en: {
    title: (year: number) => `Signature sync ${year}`,
    status: { updated: 'updated', unchanged: 'unchanged', failed: 'failed' } as Record<SyncStatus, string>,
    role: { principal: 'principal', spouse: 'spouse', dependant: 'dependant' } as Record<TaxpayerRole, string>,
    channel: { email: 'by e-mail', portal: 'in the portal', in_person: 'in person' } as Record<SignatureChannel, string>,
    file: 'Client file',
    signed: (form: string, year: number, at: string, certificate: string, channel: string) => `${form} ${year} signed ${at}, certificate ${certificate}, ${channel}`,
    totals: 'Totals',
    filesFailed: (n: number) => `${n} client file${n === 1 ? '' : 's'} not read`,
    aborted: 'Stopped before the end: run the sync again to finish.',
    colon: ':',
  },
  fr: {
    title: (year: number) => `Synchronisation des signatures ${year}`,
    status: { updated: 'mis à jour', unchanged: 'inchangé', failed: 'en échec' } as Record<SyncStatus, string>,
    role: { principal: 'principal', spouse: 'conjoint', dependant: 'personne à charge' } as Record<TaxpayerRole, string>,
    channel: { email: 'par courriel', portal: 'dans le portail', in_person: 'en personne' } as Record<SignatureChannel, string>,
    file: 'Dossier',
    signed: (form: string, year: number, at: string, certificate: string, channel: string) => `${form} ${year} signé le ${at}, certificat ${certificate}, ${channel}`,
    totals: 'Totaux',
    filesFailed: (n: number) => `${n} dossier${n > 1 ? 's' : ''} non lu${n > 1 ? 's' : ''}`,
    aborted: 'Arrêtée avant la fin : relancez la synchronisation pour terminer.',
    colon: ' :',
  },
} as const;

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
