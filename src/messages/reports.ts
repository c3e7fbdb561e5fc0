/**
 * The words of the three jobs' reports for people — the client import, the document dispatch and the signature
 * sync —, in French and English. Each table is written once in English and its French copy is typed by it: a key
 * missing in one language, or a function taking other values, is a compile error. The reports themselves
 * (`src/clients/report.ts`, `src/dispatch/report.ts`, `src/sync/log.ts`) hold only the layout.
 */
import type { Locale } from './define.js';

/** A table of report texts in both languages, the French one with exactly the keys and types of the English one. */
export type ReportTexts<T> = Readonly<Record<Locale, T>>;

const plural = (n: number): string => (n === 1 ? '' : 's');
const pluriel = (n: number): string => (n > 1 ? 's' : '');

/** The counts of a client import preview (`ClientImportPreview['summary']`). */
export type ImportPreviewCounts = Readonly<Record<'rows' | 'creates' | 'updates' | 'unchanged' | 'conflicts' | 'rejected' | 'invitations', number>>;

const importEn = {
  reportTitle: 'Client import',
  previewTitle: 'Client import preview',
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged',
  skipped: 'skipped',
  held: 'held',
  failed: 'failed',
  sections: { created: 'Created', updated: 'Updated', skipped: 'Skipped (already done)', held: 'Held for review', failed: 'Failed', unchanged: 'Unchanged' },
  invited: (n: number): string => `${n} invitation${plural(n)} sent`,
  invitationsFailed: (n: number): string => `${n} invitation${plural(n)} failed`,
  aborted: 'Stopped before the end: apply again to finish.',
  row: 'row',
  /** Width of `row 12` before the client, so the names line up. */
  rowWidth: 8,
  empty: '(none)',
  unchangedCount: (n: number): string => `${n} client${plural(n)} already up to date.`,
  invitation: { sent: 'invitation sent', already_sent: 'already invited', not_invited: 'not invited', held: 'invitation in progress elsewhere', failed: 'invitation failed' },
  previewActions: { create: 'To create', update: 'To update', conflict: 'Conflicts (not imported)', rejected: 'Rows not read', unchanged: 'Unchanged' },
  willInvite: 'will be invited',
  previewSummary: (p: ImportPreviewCounts): string =>
    `${p.rows} rows: ${p.creates} to create, ${p.updates} to update, ${p.unchanged} unchanged, ${p.conflicts} conflicts, ${p.rejected} not read · ${p.invitations} invitations`,
  empty_value: '(empty)',
  /** Between a field and its change (`first name: Zoe → Zoé`). */
  colon: ':',
  filesTitle: 'Client files',
  files: (created: number, updated: number, failed: number): string =>
    `client files: ${created} created, ${updated} updated${failed > 0 ? `, ${failed} failed` : ''}`,
  fileStatus: { created: 'created', updated: 'updated', unchanged: 'unchanged', failed: 'failed' },
  taxpayers: (n: number): string => `${n} taxpayer${plural(n)}`,
  progressFailed: 'The progress callback threw an error; it was ignored and the import went on.',
};

/** The client import's report and preview words (`formatImportReport`, `formatImportPreview`). */
export type ImportReportTexts = typeof importEn;

/** The client import's report and preview words in each language. */
export const IMPORT_REPORT_TEXTS: ReportTexts<ImportReportTexts> = {
  en: importEn,
  fr: {
    reportTitle: 'Importation des clients',
    previewTitle: "Aperçu de l'importation des clients",
    created: 'créés',
    updated: 'mis à jour',
    unchanged: 'inchangés',
    skipped: 'ignorés',
    held: 'retenus',
    failed: 'en échec',
    sections: { created: 'Créés', updated: 'Mis à jour', skipped: 'Ignorés (déjà faits)', held: 'Retenus pour vérification', failed: 'En échec', unchanged: 'Inchangés' },
    invited: (n) => `${n} invitation${pluriel(n)} envoyée${pluriel(n)}`,
    invitationsFailed: (n) => `${n} invitation${pluriel(n)} en échec`,
    aborted: "Arrêtée avant la fin : relancez l'importation pour terminer.",
    row: 'ligne',
    rowWidth: 10,
    empty: '(aucun)',
    unchangedCount: (n) => `${n} client${pluriel(n)} déjà à jour.`,
    invitation: { sent: 'invitation envoyée', already_sent: 'déjà invité', not_invited: 'non invité', held: 'invitation en cours ailleurs', failed: "échec de l'invitation" },
    previewActions: { create: 'À créer', update: 'À mettre à jour', conflict: 'Conflits (non importés)', rejected: 'Lignes non lues', unchanged: 'Inchangés' },
    willInvite: 'sera invité',
    previewSummary: (p) =>
      `${p.rows} lignes : ${p.creates} à créer, ${p.updates} à mettre à jour, ${p.unchanged} inchangées, ${p.conflicts} conflits, ${p.rejected} non lues · ${p.invitations} invitations`,
    empty_value: '(vide)',
    colon: ' :',
    filesTitle: 'Dossiers',
    files: (created, updated, failed) => `dossiers : ${created} créé${pluriel(created)}, ${updated} mis à jour${failed > 0 ? `, ${failed} en échec` : ''}`,
    fileStatus: { created: 'créé', updated: 'mis à jour', unchanged: 'inchangé', failed: 'en échec' },
    taxpayers: (n) => `${n} contribuable${pluriel(n)}`,
    progressFailed: "La fonction de progression a levé une erreur; elle a été ignorée et l'importation a continué.",
  },
};

/** What a dispatch preview's title names (`DispatchPlan`). */
export interface DispatchPreviewHead {
  readonly documentType: string;
  readonly year: number;
  readonly purpose: 'sign' | 'consult';
}

/** The counts of a dispatch preview (`DispatchPlan['summary']`). */
export type DispatchPreviewCounts = Readonly<Record<'entries' | 'ready' | 'clients' | 'held' | 'rejected' | 'skipped', number>>;

/** The counts of a dispatch report (`DispatchReport['summary']`). */
export type DispatchReportCounts = Readonly<Record<'sent' | 'skipped' | 'held' | 'failed' | 'emailsSent' | 'emailsNotSent' | 'invited', number>>;

const dispatchEn = {
  previewTitle: (p: DispatchPreviewHead): string => `Document dispatch preview — ${p.documentType} ${p.year}, ${p.purpose === 'sign' ? 'to sign' : 'to consult'}`,
  previewSummary: (p: DispatchPreviewCounts): string =>
    `${p.entries} entries: ${p.ready} ready for ${p.clients} client(s), ${p.held} held, ${p.rejected} rejected, ${p.skipped} skipped`,
  sections: { ready: 'Ready to send', held: 'Held for review', rejected: 'Rejected', skipped: 'Skipped' },
  reportTitle: 'Document dispatch',
  reportSummary: (t: DispatchReportCounts): string =>
    `${t.sent} sent, ${t.skipped} skipped, ${t.held} held, ${t.failed} failed · ${t.emailsSent} e-mail(s) sent, ${t.emailsNotSent} not sent, ${t.invited} invitation(s)`,
  reportSections: { sent: 'Sent', skipped: 'Skipped', held: 'Held', failed: 'Failed' },
  emails: 'E-mails',
  email: { sent: 'sent', already_sent: 'already sent', not_sent: 'not sent', held: 'held', delivery_unknown: 'delivery unknown', failed: 'failed' },
  aborted: 'Stopped before the end: apply again to finish.',
  to: '→',
};

/** The document dispatch's preview and report words (`formatDispatchPreview`, `formatDispatchReport`). */
export type DispatchReportTexts = typeof dispatchEn;

/** The document dispatch's preview and report words in each language. */
export const DISPATCH_REPORT_TEXTS: ReportTexts<DispatchReportTexts> = {
  en: dispatchEn,
  fr: {
    previewTitle: (p) => `Aperçu de l'envoi de documents — ${p.documentType} ${p.year}, ${p.purpose === 'sign' ? 'à signer' : 'à consulter'}`,
    previewSummary: (p) => `${p.entries} fichiers : ${p.ready} prêts pour ${p.clients} client(s), ${p.held} retenus, ${p.rejected} rejetés, ${p.skipped} ignorés`,
    sections: { ready: 'Prêts à envoyer', held: 'Retenus pour vérification', rejected: 'Rejetés', skipped: 'Ignorés' },
    reportTitle: 'Envoi de documents',
    reportSummary: (t) =>
      `${t.sent} envoyés, ${t.skipped} ignorés, ${t.held} retenus, ${t.failed} en échec · ${t.emailsSent} courriel(s) envoyé(s), ${t.emailsNotSent} non envoyé(s), ${t.invited} invitation(s)`,
    reportSections: { sent: 'Envoyés', skipped: 'Ignorés', held: 'Retenus', failed: 'En échec' },
    emails: 'Courriels',
    email: { sent: 'envoyé', already_sent: 'déjà envoyé', not_sent: 'non envoyé', held: 'retenu', delivery_unknown: 'envoi incertain', failed: 'en échec' },
    aborted: "Arrêté avant la fin : relancez l'envoi pour terminer.",
    to: '→',
  },
};

const syncEn = {
  title: (year: number): string => `Signature sync ${year}`,
  status: { updated: 'updated', unchanged: 'unchanged', pending: 'pending', failed: 'failed' },
  role: { principal: 'principal', spouse: 'spouse', dependant: 'dependant' },
  channel: { email: 'by e-mail', portal: 'in the portal', in_person: 'in person' },
  file: 'Client file',
  signed: (form: string, year: number, at: string, certificate: string, channel: string): string => `${form} ${year} signed ${at}, certificate ${certificate}, ${channel}`,
  totals: 'Totals',
  filesFailed: (n: number): string => `${n} client file${plural(n)} not read`,
  aborted: 'Stopped before the end: run the sync again to finish.',
  kept: 'signed PDF and certificate kept',
  colon: ':',
};

/** The signature sync log's words (`formatSyncLog`). */
export type SyncLogTexts = typeof syncEn;

/** The signature sync log's words in each language. */
export const SYNC_LOG_TEXTS: ReportTexts<SyncLogTexts> = {
  en: syncEn,
  fr: {
    title: (year) => `Synchronisation des signatures ${year}`,
    status: { updated: 'mis à jour', unchanged: 'inchangé', pending: 'en attente', failed: 'en échec' },
    role: { principal: 'principal', spouse: 'conjoint', dependant: 'personne à charge' },
    channel: { email: 'par courriel', portal: 'dans le portail', in_person: 'en personne' },
    file: 'Dossier',
    signed: (form, year, at, certificate, channel) => `${form} ${year} signé le ${at}, certificat ${certificate}, ${channel}`,
    totals: 'Totaux',
    filesFailed: (n) => `${n} dossier${pluriel(n)} non lu${pluriel(n)}`,
    aborted: 'Arrêtée avant la fin : relancez la synchronisation pour terminer.',
    kept: 'PDF signé et certificat conservés',
    colon: ' :',
  },
};
