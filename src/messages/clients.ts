/** Client sync: plan conflicts of `diffClients`, outcomes of the client import, errors of the client ports (stores, mailers). */
import { msg, s, type Locale, type Text } from './define.js';
import { MATCHED_BY, MATCHED_BY_NAME, rowWord, wordOf } from './words.js';

/** What a row was matched by, in words: a row matched by `name` matched stored clients of the same name. */
const matchedBy = (by: Text, locale: Locale): string => (by === 'name' ? MATCHED_BY_NAME.row[locale] : wordOf(MATCHED_BY, by, locale));
/** `Simon Provencher, row 7`: the other clients by name, then the other rows of the file. */
const others = (p: { readonly other?: Text; readonly rows?: Text }, locale: Locale): string =>
  [s(p.other), ...s(p.rows).split(', ').filter((row) => row !== '').map((row) => rowWord(row, locale))].filter((part) => part !== '').join(', ');

/** ` (SMTP 550 at RCPT TO)` from the `status` and `command` of an SMTP error, or nothing without a status. */
const smtpAt = (p: { readonly status?: Text; readonly command?: Text }, at: string): string => (p.status === undefined ? '' : ` (SMTP ${s(p.status)}${p.command === undefined ? '' : ` ${at} ${s(p.command)}`})`);

// ── Client sync (diffClients, the ports, the client-import workflow) ────────────────────────────────────────────
/** Plan conflicts, per-client import outcomes and the errors of the client ports. */
export const clientMessages = {
  sin_collision: msg<{ sin: Text; existing: Text; incoming: Text }>({
    en: (p) => `SIN ${s(p.sin)} belongs to ${s(p.existing)} in your records, but this row is ${s(p.incoming)}: first name and birth date both differ. Nothing was changed; check the SIN in the tax program.`,
    fr: (p) => `Le NAS ${s(p.sin)} appartient à ${s(p.existing)} dans vos dossiers, mais cette ligne est au nom de ${s(p.incoming)} : le prénom et la date de naissance diffèrent. Rien n'a été modifié; vérifiez le NAS dans le logiciel d'impôt.`,
  }),
  duplicate_in_file: msg<{ key: Text; rows: Text }>({
    en: (p) => `${s(p.key)} appears on rows ${s(p.rows)} of the file. None of these rows was imported: keep only one in the tax program and import again.`,
    fr: (p) => `${s(p.key)} figure aux lignes ${s(p.rows)} du fichier. Aucune de ces lignes n'a été importée : n'en gardez qu'une dans le logiciel d'impôt et importez de nouveau.`,
  }),
  key_mismatch: msg<{ businessNumber: Text; neq: Text }>({
    en: (p) => `Business number ${s(p.businessNumber)} and NEQ ${s(p.neq)} belong to different clients in your records (or disagree with the one found). Nothing was changed; check both numbers.`,
    fr: (p) => `Le numéro d'entreprise ${s(p.businessNumber)} et le NEQ ${s(p.neq)} appartiennent à des clients différents dans vos dossiers (ou ne concordent pas avec celui trouvé). Rien n'a été modifié; vérifiez les deux numéros.`,
  }),
  ambiguous_match: msg<{ count: Text; by: keyof typeof MATCHED_BY | 'name' }>({
    en: (p) => `${s(p.count)} clients in your records match this row (${matchedBy(p.by, 'en')}). Nothing was changed: merge them, or add a SIN or business number to the row.`,
    fr: (p) => `${s(p.count)} clients de vos dossiers correspondent à cette ligne (${matchedBy(p.by, 'fr')}). Rien n'a été modifié : fusionnez-les, ou ajoutez un NAS ou un numéro d'entreprise à la ligne.`,
  }),
  missing_key: msg({
    en: () => 'This row has no SIN, business number, NEQ or client file to match it on; it was not imported.',
    fr: () => "Cette ligne n'a ni NAS, ni numéro d'entreprise, ni NEQ, ni dossier permettant de l'associer; elle n'a pas été importée.",
  }),
  // `other`: the other clients' names; `rows`: the other rows of the file with the address (`7, 9`). At least one.
  email_in_use: msg<{ email: Text; other: Text; rows?: Text } | { email: Text; other?: Text; rows: Text }>({
    en: (p) => `E-mail ${s(p.email)} also belongs to ${others(p, 'en')}. The client is imported, but not invited to the portal until each client has their own address.`,
    fr: (p) => `Le courriel ${s(p.email)} appartient aussi à ${others(p, 'fr')}. Le client est importé, mais il ne sera pas invité au portail tant que chaque client n'aura pas sa propre adresse.`,
  }),
  changed_since_preview: msg({
    en: () => 'This client was changed in your records after the preview. Nothing was overwritten: preview the import again.',
    fr: () => "Ce client a été modifié dans vos dossiers après l'aperçu. Rien n'a été écrasé : refaites l'aperçu de l'importation.",
  }),
  already_applied: msg({
    en: () => 'Already done by an earlier run of this import; nothing was repeated.',
    fr: () => "Déjà fait lors d'une exécution précédente de cette importation; rien n'a été répété.",
  }),
  row_rejected: msg<{ row: Text; detail: Text }>({
    en: (p) => `Row ${s(p.row)} was not imported: ${s(p.detail)}`,
    fr: (p) => `La ligne ${s(p.row)} n'a pas été importée : ${s(p.detail)}`,
  }),
  no_email: msg({
    en: () => 'No e-mail address: not invited to the portal.',
    fr: () => 'Aucun courriel : non invité au portail.',
  }),
  invitation_failed: msg<{ detail: Text }>({
    en: (p) => `The portal invitation failed (${s(p.detail)}). The client is saved; the invitation is tried again the next time taxsync invites this client (an import, a document dispatch, the website form).`,
    fr: (p) => `L'invitation au portail a échoué (${s(p.detail)}). Le client est enregistré; l'invitation sera réessayée la prochaine fois que taxsync invitera ce client (importation, envoi de documents, formulaire du site).`,
  }),
  email_send_failed: msg<{ detail: Text }>({
    en: (p) => `The invitation e-mail could not be sent (${s(p.detail)}). Apply the import again to retry; it is never sent twice.`,
    fr: (p) => `Le courriel d'invitation n'a pas pu être envoyé (${s(p.detail)}). Relancez l'importation pour réessayer; il n'est jamais envoyé deux fois.`,
  }),
  delivery_unknown: msg({
    en: () => 'An earlier run stopped while sending the invitation e-mail, and this mailer cannot tell whether it left. It is not sent again automatically: check the mail log, then resend the invitation from the portal if needed.',
    fr: () => "Une exécution précédente s'est arrêtée pendant l'envoi du courriel d'invitation, et ce service de courriel ne peut pas dire s'il est parti. Il n'est pas renvoyé automatiquement : vérifiez le journal d'envoi, puis renvoyez l'invitation depuis le portail au besoin.",
  }),
  invitation_url_missing: msg({
    en: () => 'The portal returned no invitation link and does not send invitations itself, so no e-mail was sent. Fix the portal adapter (inviteClient must return invitationUrl).',
    fr: () => "Le portail n'a renvoyé aucun lien d'invitation et n'envoie pas lui-même les invitations : aucun courriel n'a été envoyé. Corrigez l'adaptateur du portail (inviteClient doit renvoyer invitationUrl).",
  }),
  portal_account_active: msg({
    en: () => "The client's portal account is already active: no invitation e-mail was sent, and none will be.",
    fr: () => "Le compte du client sur le portail est déjà actif : aucun courriel d'invitation n'a été envoyé, et aucun ne le sera.",
  }),
  aborted: msg({
    en: () => 'The import was stopped before this client was processed. Apply it again to finish.',
    fr: () => "L'importation a été arrêtée avant le traitement de ce client. Relancez-la pour terminer.",
  }),
  write_failed: msg<{ detail: Text }>({
    en: (p) => `Your client storage refused this client (${s(p.detail)}). The other clients were imported; apply again after fixing the cause.`,
    fr: (p) => `Votre stockage de clients a refusé ce client (${s(p.detail)}). Les autres clients ont été importés; relancez après avoir corrigé la cause.`,
  }),
  client_file_failed: msg<{ file: Text; detail: Text }>({
    en: (p) => `Client file ${s(p.file)} could not be written (${s(p.detail)}). Its clients are imported; apply the import again to write the file.`,
    fr: (p) => `Le dossier ${s(p.file)} n'a pas pu être enregistré (${s(p.detail)}). Ses clients sont importés; relancez l'importation pour enregistrer le dossier.`,
  }),
  version_conflict: msg<{ id: Text; expected: Text; actual: Text }>({
    en: (p) => `Client ${s(p.id)} was changed by someone else (expected version ${s(p.expected)}, found ${s(p.actual)}). Read it again before updating.`,
    fr: (p) => `Le client ${s(p.id)} a été modifié par quelqu'un d'autre (version attendue ${s(p.expected)}, trouvée ${s(p.actual)}). Relisez-le avant de le mettre à jour.`,
  }),
  client_not_found: msg<{ id: Text }>({
    en: (p) => `Client ${s(p.id)} is not in the client store (deleted since the preview?).`,
    fr: (p) => `Le client ${s(p.id)} n'est pas dans le stockage de clients (supprimé depuis l'aperçu?).`,
  }),
  client_exists: msg<{ id: Text; key: 'sin' | 'businessNumber'; value: Text }>({
    en: (p) => `Another client (${s(p.id)}) already holds ${p.key === 'businessNumber' ? 'business number' : 'SIN'} ${s(p.value)}: the store keeps one client per number. Nothing was written; update client ${s(p.id)} instead.`,
    fr: (p) => `Un autre client (${s(p.id)}) porte déjà ${p.key === 'businessNumber' ? "le numéro d'entreprise" : 'le NAS'} ${s(p.value)} : le stockage garde un seul client par numéro. Rien n'a été écrit; mettez plutôt à jour le client ${s(p.id)}.`,
  }),
  kind_mismatch: msg<{ id: Text; expected: Text; actual: Text }>({
    en: (p) => `Client ${s(p.id)} is ${s(p.expected)}; it cannot be updated with ${s(p.actual)} data.`,
    fr: (p) => `Le client ${s(p.id)} est de type ${s(p.expected)}; il ne peut pas être mis à jour avec des données de type ${s(p.actual)}.`,
  }),
  store_unavailable: msg<{ detail?: Text }>({
    en: (p) => `The client database cannot be reached${p.detail ? ` (${s(p.detail)})` : ''}. Check that PostgreSQL is running and the connection settings of your pool, then try again.`,
    fr: (p) => `La base de données des clients est injoignable${p.detail ? ` (${s(p.detail)})` : ''}. Vérifiez que PostgreSQL fonctionne et les paramètres de connexion de votre pool, puis réessayez.`,
  }),
  store_schema_missing: msg<{ detail?: Text }>({
    en: (p) => `The taxsync tables are missing or incomplete in the client database${p.detail ? ` (${s(p.detail)})` : ''}. Run migratePostgresClientStore(pool) once, with the same options as the store, then try again.`,
    fr: (p) => `Les tables de taxsync sont absentes ou incomplètes dans la base de données des clients${p.detail ? ` (${s(p.detail)})` : ''}. Exécutez migratePostgresClientStore(pool) une fois, avec les mêmes options que le stockage, puis réessayez.`,
  }),
  store_failed: msg<{ operation?: Text; sqlstate?: Text }>({
    en: (p) => `The client database refused ${p.operation ? `the ${s(p.operation)} call` : 'the call'}${p.sqlstate ? ` (PostgreSQL error ${s(p.sqlstate)})` : ''}. This call wrote nothing; the error's cause holds the database's own message.`,
    fr: (p) => `La base de données des clients a refusé ${p.operation ? `l'appel ${s(p.operation)}` : "l'appel"}${p.sqlstate ? ` (erreur PostgreSQL ${s(p.sqlstate)})` : ''}. Cet appel n'a rien écrit; la cause de l'erreur contient le message de la base de données.`,
  }),
  template_variable_unknown: msg<{ language: Text; variable: Text; known: Text }>({
    en: (p) => `The ${s(p.language)} invitation template uses {{${s(p.variable)}}}, which is not a template variable. Known variables: ${s(p.known)}.`,
    fr: (p) => `Le modèle d'invitation ${s(p.language)} utilise {{${s(p.variable)}}}, qui n'est pas une variable de modèle. Variables connues : ${s(p.known)}.`,
  }),
  preview_invalid: msg<{ detail: Text }>({
    en: (p) => `This client-import input cannot be used: ${s(p.detail)}.`,
    fr: (p) => `Ces données d'importation de clients ne peuvent pas être utilisées : ${s(p.detail)}.`,
  }),
  mail_invalid: msg<{ detail: Text }>({
    en: (p) => `This e-mail cannot be sent: ${s(p.detail)}.`,
    fr: (p) => `Ce courriel ne peut pas être envoyé : ${s(p.detail)}.`,
  }),
  // SMTP mailer (taxsync/smtp). `status` is the SMTP reply code, `command` the SMTP step, `detail` the masked reply.
  smtp_rejected: msg<{ status?: Text; command?: Text; detail: Text }>({
    en: (p) => `The mail server refused this e-mail for good${smtpAt(p, 'at')}: ${s(p.detail)}. Sending it again will not help: check the recipient's address and the message.`,
    fr: (p) => `Le serveur de courriel a refusé ce courriel définitivement${smtpAt(p, 'à')} : ${s(p.detail)}. Le renvoyer n'y changera rien : vérifiez l'adresse du destinataire et le message.`,
  }),
  smtp_deferred: msg<{ status?: Text; command?: Text; detail: Text }>({
    en: (p) => `The mail server turned this e-mail away for now${smtpAt(p, 'at')}: ${s(p.detail)}. It was not sent; retry later.`,
    fr: (p) => `Le serveur de courriel a refusé ce courriel pour le moment${smtpAt(p, 'à')} : ${s(p.detail)}. Il n'a pas été envoyé; réessayez plus tard.`,
  }),
  smtp_unreachable: msg<{ detail: Text }>({
    en: (p) => `The mail server could not be reached or the connection failed (${s(p.detail)}). Retry later; if it keeps failing, check the transport's host, port and TLS settings.`,
    fr: (p) => `Le serveur de courriel est injoignable ou la connexion a échoué (${s(p.detail)}). Réessayez plus tard; si l'échec persiste, vérifiez l'hôte, le port et les paramètres TLS du transport.`,
  }),
  smtp_auth_failed: msg<{ status?: Text; command?: Text; detail: Text }>({
    en: (p) => `The mail server refused the login${smtpAt(p, 'at')}: ${s(p.detail)}. Check the user name and password (or OAuth2 token) of the nodemailer transport; retrying as is will not help.`,
    fr: (p) => `Le serveur de courriel a refusé l'authentification${smtpAt(p, 'à')} : ${s(p.detail)}. Vérifiez le nom d'utilisateur et le mot de passe (ou le jeton OAuth2) du transport nodemailer; réessayer tel quel n'y changera rien.`,
  }),
  smtp_failed: msg<{ detail: Text }>({
    en: (p) => `The e-mail could not be sent (${s(p.detail)}). This transport error is not one taxsync recognises: check the mail log before retrying.`,
    fr: (p) => `Le courriel n'a pas pu être envoyé (${s(p.detail)}). Cette erreur du transport n'est pas de celles que taxsync reconnaît : consultez le journal du courriel avant de réessayer.`,
  }),
  form_invalid: msg<{ field: Text; detail: Text }>({
    en: (p) => `The form's ${s(p.field)} is not valid: ${s(p.detail)}`,
    fr: (p) => `Le champ ${s(p.field)} du formulaire n'est pas valide : ${s(p.detail)}`,
  }),
  identity_conflict: msg({
    en: () => 'The e-mail address and the SIN given belong to two different clients. Nothing was created or sent; check the client file.',
    fr: () => "Le courriel et le NAS fournis appartiennent à deux clients différents. Rien n'a été créé ni envoyé; vérifiez le dossier du client.",
  }),
};
