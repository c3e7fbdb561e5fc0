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
  client_invitation_failed: msg<{ detail: Text }>({
    en: (p) => `The client could not be invited to the portal, so the document is held: ${s(p.detail)}`,
    fr: (p) => `Le client n'a pas pu être invité au portail; le document est retenu : ${s(p.detail)}`,
  }),
  client_gone: msg({
    en: () => 'The client matched in the preview is no longer in the client store: the document is held. Preview again.',
    fr: () => "Le client associé dans l'aperçu n'est plus dans le stockage de clients : le document est retenu. Refaites l'aperçu.",
  }),
  dispatch_aborted: msg({
    en: () => 'Not sent: the dispatch was stopped before this document. Run it again to finish.',
    fr: () => "Non envoyé : l'envoi a été arrêté avant ce document. Relancez-le pour terminer.",
  }),
};
