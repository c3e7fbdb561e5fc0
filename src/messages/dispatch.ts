/** Document dispatch (`previewDocumentDispatch`, `applyDocumentDispatch`). */
import { msg, s, type Text } from './define.js';

/** Outcomes of document dispatch (`previewDocumentDispatch`, `applyDocumentDispatch`). */
export const dispatchMessages = {
  duplicate_in_zip: msg<{ first: Text }>({
    en: (p) => `The same PDF is already in the archive as ${s(p.first)}; it is sent once.`,
    fr: (p) => `Le même PDF figure déjà dans l'archive sous ${s(p.first)}; il n'est envoyé qu'une fois.`,
  }),
  document_ready_sign: msg<{ fields: Text; placedBy: Text }>({
    en: (p) => `Ready to send to sign: ${s(p.fields)} field(s) placed (${s(p.placedBy)}).`,
    fr: (p) => `Prêt à envoyer pour signature : ${s(p.fields)} champ(s) placé(s) (${s(p.placedBy)}).`,
  }),
  document_ready_consult: msg({
    en: () => 'Ready to send to consult.',
    fr: () => 'Prêt à envoyer pour consultation.',
  }),
  document_sent: msg({
    en: () => "Put in the client's portal folder.",
    fr: () => 'Déposé dans le dossier du client sur le portail.',
  }),
  document_already_sent: msg({
    en: () => "Already in the client's portal folder (sent before): not sent again.",
    fr: () => "Déjà dans le dossier du client sur le portail (envoyé auparavant) : pas envoyé de nouveau.",
  }),
  document_send_failed: msg<{ detail: Text }>({
    en: (p) => `The portal did not accept the document: ${s(p.detail)}. Run the dispatch again once the portal answers; nothing will be sent twice.`,
    fr: (p) => `Le portail n'a pas accepté le document : ${s(p.detail)}. Relancez l'envoi quand le portail répond; rien ne sera envoyé deux fois.`,
  }),
  client_not_invited: msg({
    en: () => 'The client has no portal account yet and this dispatch holds documents of uninvited clients (uninvited: "hold"). Invite the client, then dispatch again.',
    fr: () => "Le client n'a pas encore de compte sur le portail et cet envoi retient les documents des clients non invités (uninvited: « hold »). Invitez le client, puis relancez l'envoi.",
  }),
  client_gone: msg({
    en: () => 'The client matched in the preview is no longer in the client store: the document is held. Preview again.',
    fr: () => "Le client associé dans l'aperçu n'est plus dans le stockage de clients : le document est retenu. Refaites l'aperçu.",
  }),
  dispatch_no_email: msg({
    en: () => 'The client has no e-mail address and was never invited to the portal, so they could neither sign in nor be told: the document is held. Add an address, then dispatch again.',
    fr: () => "Le client n'a pas d'adresse courriel et n'a jamais été invité au portail : il ne pourrait ni s'y connecter ni être prévenu. Le document est retenu. Ajoutez une adresse, puis relancez l'envoi.",
  }),
  dispatch_cannot_invite: msg({
    en: () => 'The client was never invited to the portal, and the portal does not send invitations itself while no mailer was given: the document is held. Give a mailer, then dispatch again.',
    fr: () => "Le client n'a jamais été invité au portail, et le portail n'envoie pas lui-même les invitations alors qu'aucun service de courriel n'a été fourni : le document est retenu. Fournissez un service de courriel, puis relancez l'envoi.",
  }),
  dispatch_changed_since_preview: msg({
    en: () => 'The client record changed since the preview: the number the file name was matched on is no longer this client\'s. The document is held. Preview again.',
    fr: () => "La fiche du client a changé depuis l'aperçu : le numéro sur lequel le nom du fichier a été associé n'est plus celui de ce client. Le document est retenu. Refaites l'aperçu.",
  }),
  document_bytes_missing: msg({
    en: () => 'The PDF is neither in the document store nor given again (options.zip): the document is held. Apply with the archive, or with the DocumentStore the preview filled.',
    fr: () => "Le PDF n'est ni dans le stockage de documents ni fourni de nouveau (options.zip) : le document est retenu. Appliquez avec l'archive, ou avec le DocumentStore rempli par l'aperçu.",
  }),
  document_bytes_mismatch: msg<{ expected: Text; actual: Text }>({
    en: (p) => `The PDF found does not match the previewed one (SHA-256 ${s(p.actual)}…, the plan expects ${s(p.expected)}…): it was not sent. Preview again.`,
    fr: (p) => `Le PDF trouvé ne correspond pas à celui de l'aperçu (SHA-256 ${s(p.actual)}…, le plan attend ${s(p.expected)}…) : il n'a pas été envoyé. Refaites l'aperçu.`,
  }),
  document_password_needed: msg({
    en: () => 'This PDF is password-protected and the plan sends its decrypted copy, which is not in the document store: the document is held. Apply with the DocumentStore the preview filled, or give passwordFor again.',
    fr: () => "Ce PDF est protégé par mot de passe et le plan envoie sa copie déchiffrée, absente du stockage de documents : le document est retenu. Appliquez avec le DocumentStore rempli par l'aperçu, ou fournissez de nouveau passwordFor.",
  }),
  document_new_version: msg<{ version: Text }>({
    en: (p) => `New version ${s(p.version)}`,
    fr: (p) => `Nouvelle version ${s(p.version)}`,
  }),
  dispatch_store_failed: msg<{ detail: Text }>({
    en: (p) => `The client store could not be read (${s(p.detail)}): nothing was sent for this client. Dispatch again; nothing is sent twice.`,
    fr: (p) => `Le stockage de clients n'a pas pu être lu (${s(p.detail)}) : rien n'a été envoyé pour ce client. Relancez l'envoi; rien n'est envoyé deux fois.`,
  }),
  document_email_sent: msg({
    en: () => 'E-mail sent.',
    fr: () => 'Courriel envoyé.',
  }),
  document_email_already_sent: msg({
    en: () => 'E-mail already sent by an earlier run: not sent again.',
    fr: () => 'Courriel déjà envoyé par une exécution précédente : pas envoyé de nouveau.',
  }),
  document_email_no_address: msg({
    en: () => 'No e-mail address: the documents are in the portal, but the client was not told.',
    fr: () => "Aucune adresse courriel : les documents sont dans le portail, mais le client n'a pas été prévenu.",
  }),
  document_email_no_mailer: msg({
    en: () => 'No mailer was given: the documents are in the portal, but the client was not told.',
    fr: () => "Aucun service de courriel n'a été fourni : les documents sont dans le portail, mais le client n'a pas été prévenu.",
  }),
  document_email_failed: msg<{ detail: Text }>({
    en: (p) => `The e-mail could not be sent (${s(p.detail)}). Dispatch again to retry; it is never sent twice.`,
    fr: (p) => `Le courriel n'a pas pu être envoyé (${s(p.detail)}). Relancez l'envoi pour réessayer; il n'est jamais envoyé deux fois.`,
  }),
  document_email_unknown: msg({
    en: () => 'An earlier run stopped while sending this e-mail, and this mailer cannot tell whether it left. It is not sent again automatically: check the mail log.',
    fr: () => "Une exécution précédente s'est arrêtée pendant l'envoi de ce courriel, et ce service de courriel ne peut pas dire s'il est parti. Il n'est pas renvoyé automatiquement : vérifiez le journal d'envoi.",
  }),
  dispatch_aborted: msg({
    en: () => 'Not sent: the dispatch was stopped before this document. Run it again to finish.',
    fr: () => "Non envoyé : l'envoi a été arrêté avant ce document. Relancez-le pour terminer.",
  }),
};
