/** Signature sync (`syncSignatures`), its compliance checks, the HTTP portal client and webhooks. */
import { msg, s, type Locale, type Text } from './define.js';
import { dollars } from './words.js';

/** Where a form stands at the portal (the `state` parameter of `signature_pending`, `newer_version_unsigned`), as words. */
const SIGNING_STATES: Readonly<Record<string, { en: string; fr: string }>> = {
  sent: { en: 'sent, not opened', fr: 'envoyé, pas encore ouvert' },
  viewed: { en: 'opened, not signed', fr: 'ouvert, pas encore signé' },
  partially_signed: { en: 'partially signed', fr: 'signé en partie' },
  declined: { en: 'declined', fr: 'refusé' },
  expired: { en: 'expired', fr: 'expiré' },
};
const signingState = (state: string | number | undefined, locale: 'en' | 'fr'): string => SIGNING_STATES[s(state)]?.[locale] ?? s(state);
/** Why a portal error leaves out what the other party said (its `withheld` parameter), as words. */
const WITHHELD: Readonly<Record<string, { en: string; fr: string }>> = {
  credentials: {
    en: "the portal's own words are left out because they repeated the access token or another credential",
    fr: "les propos du portail sont omis parce qu'ils reprenaient le jeton d'accès ou un autre identifiant de connexion",
  },
};
/** The `detail` of an HTTP portal error and, when its `withheld` parameter is set, why the rest was left out. */
const portalDetail = (p: { readonly detail?: Text; readonly withheld?: Text }, locale: Locale): string =>
  [s(p.detail), WITHHELD[s(p.withheld)]?.[locale] ?? ''].filter((part) => part !== '').join('; ');

/** Outcomes of signature sync (`syncSignatures`), its compliance checks, the HTTP portal client and webhooks. */
export const syncMessages = {
  signatures_unsupported: msg<{ port: Text }>({
    en: (p) => `The ${s(p.port)} does not declare capabilities.signatures, so signatures cannot be synchronized. Use an adapter that keeps client files and signature records (store) and lists signature completions (portal).`,
    fr: (p) => `Le port ${s(p.port)} ne déclare pas capabilities.signatures : impossible de synchroniser les signatures. Utilisez un adaptateur qui conserve les dossiers et les signatures (stockage) et qui liste les signatures terminées (portail).`,
  }),
  client_file_not_found: msg<{ id: Text }>({
    en: (p) => `Client file ${s(p.id)} is not in the client store. Check the file's id, or create it, then sync again.`,
    fr: (p) => `Le dossier ${s(p.id)} n'est pas dans le stockage de clients. Vérifiez son identifiant ou créez-le, puis relancez la synchronisation.`,
  }),
  no_completion: msg<{ form: Text; year: Text; name: Text }>({
    en: (p) => `No ${s(p.form)} ${s(p.year)} was sent to sign on the portal for ${s(p.name)}. Send the form to sign, then sync again.`,
    fr: (p) => `Aucun ${s(p.form)} ${s(p.year)} n'a été envoyé pour signature sur le portail pour ${s(p.name)}. Envoyez le formulaire pour signature, puis relancez la synchronisation.`,
  }),
  nothing_to_sign: msg({
    en: () => 'Signs no authorization form: nothing to synchronize.',
    fr: () => "Ne signe aucun formulaire d'autorisation : rien à synchroniser.",
  }),
  signature_pending: msg<{ form: Text; year: Text; state: Text; pending: Text }>({
    en: (p) => `${s(p.form)} ${s(p.year)} is not signed yet (${signingState(p.state, 'en')}): still waiting for ${s(p.pending)}. Remind them, then sync again.`,
    fr: (p) => `Le ${s(p.form)} ${s(p.year)} n'est pas encore signé (${signingState(p.state, 'fr')}) : il manque la signature de ${s(p.pending)}. Faites un rappel, puis relancez la synchronisation.`,
  }),
  signature_declined: msg<{ signer: Text; form: Text; year: Text }>({
    en: (p) => `${s(p.signer)} declined to sign ${s(p.form)} ${s(p.year)}. The document is locked: correct it if needed and send a new version to sign.`,
    fr: (p) => `${s(p.signer)} a refusé de signer le ${s(p.form)} ${s(p.year)}. Le document est verrouillé : corrigez-le au besoin et envoyez une nouvelle version pour signature.`,
  }),
  signature_expired: msg<{ form: Text; year: Text }>({
    en: (p) => `The signing request for ${s(p.form)} ${s(p.year)} expired before it was signed. Send the form to sign again.`,
    fr: (p) => `La demande de signature du ${s(p.form)} ${s(p.year)} a expiré avant d'être signée. Envoyez de nouveau le formulaire pour signature.`,
  }),
  signed_after_transmission: msg<{ form: Text; year: Text; signedAt: Text; transmittedAt: Text }>({
    en: (p) => `${s(p.form)} ${s(p.year)} was signed on ${s(p.signedAt)}, after the return was transmitted on ${s(p.transmittedAt)}. The CRA requires signing before transmission: the signature was not copied. Have the form signed again and contact the CRA about the transmitted return.`,
    fr: (p) => `Le ${s(p.form)} ${s(p.year)} a été signé le ${s(p.signedAt)}, après la transmission de la déclaration le ${s(p.transmittedAt)}. L'ARC exige la signature avant la transmission : la signature n'a pas été copiée. Faites signer de nouveau le formulaire et communiquez avec l'ARC au sujet de la déclaration transmise.`,
  }),
  record_unreadable: msg<{ form: Text; year: Text; field: Text }>({
    en: (p) => `The stored signature record of ${s(p.form)} ${s(p.year)} has a ${s(p.field)} that cannot be read as a date and time with its offset (ISO 8601, such as 2026-04-02T13:00:00-04:00). Nothing was copied or checked: correct the record in your client storage, then run again.`,
    fr: (p) => `L'enregistrement de signature du ${s(p.form)} ${s(p.year)} a un champ ${s(p.field)} illisible comme date et heure avec son décalage (ISO 8601, par exemple 2026-04-02T13:00:00-04:00). Rien n'a été copié ni vérifié : corrigez l'enregistrement dans votre stockage de clients, puis relancez.`,
  }),
  transmitted_signature_would_change: msg<{ form: Text; year: Text; recorded: Text; portal: Text }>({
    en: (p) => `The return for ${s(p.form)} ${s(p.year)} was transmitted with the signature of ${s(p.recorded)}, but the portal now reports ${s(p.portal)}. A transmitted signature is never overwritten: check which completion is right before doing anything.`,
    fr: (p) => `La déclaration associée au ${s(p.form)} ${s(p.year)} a été transmise avec la signature du ${s(p.recorded)}, mais le portail indique maintenant ${s(p.portal)}. Une signature transmise n'est jamais remplacée : vérifiez quelle signature est la bonne avant toute action.`,
  }),
  signer_mismatch: msg<{ form: Text; year: Text; signer: Text; name: Text }>({
    en: (p) => `${s(p.form)} ${s(p.year)} was signed by "${s(p.signer)}", which does not match the taxpayer "${s(p.name)}". Not copied: check who signed, and send the form to the right person if needed.`,
    fr: (p) => `Le ${s(p.form)} ${s(p.year)} a été signé par « ${s(p.signer)} », ce qui ne correspond pas au contribuable « ${s(p.name)} ». Non copié : vérifiez qui a signé et, au besoin, envoyez le formulaire à la bonne personne.`,
  }),
  several_completions: msg<{ count: Text; form: Text; year: Text; certificates: Text }>({
    en: (p) => `${s(p.count)} different signed copies of ${s(p.form)} ${s(p.year)} exist on the portal (certificates ${s(p.certificates)}). None was copied: keep one (cancel the others on the portal), then sync again.`,
    fr: (p) => `${s(p.count)} exemplaires signés différents du ${s(p.form)} ${s(p.year)} existent sur le portail (certificats ${s(p.certificates)}). Aucun n'a été copié : n'en gardez qu'un (annulez les autres sur le portail), puis relancez la synchronisation.`,
  }),
  newer_version_unsigned: msg<{ form: Text; year: Text; document: Text; state: Text; certificate: Text }>({
    en: (p) => `A newer version of ${s(p.form)} ${s(p.year)} (portal document ${s(p.document)}, ${signingState(p.state, 'en')}) was sent after the signed one (certificate ${s(p.certificate)}): the signature belongs to the earlier version and was not copied. Have the new version signed, then sync again.`,
    fr: (p) => `Une version plus récente du ${s(p.form)} ${s(p.year)} (document ${s(p.document)} du portail, ${signingState(p.state, 'fr')}) a été envoyée après la version signée (certificat ${s(p.certificate)}) : la signature appartient à l'ancienne version et n'a pas été copiée. Faites signer la nouvelle version, puis relancez la synchronisation.`,
  }),
  signed_document_missing: msg<{ form: Text; year: Text }>({
    en: (p) => `The portal reports ${s(p.form)} ${s(p.year)} as signed but gives no signed PDF or completion certificate to keep. Nothing was copied: the firm must keep both six years. Ask the portal's support, then sync again.`,
    fr: (p) => `Le portail indique que le ${s(p.form)} ${s(p.year)} est signé, mais ne fournit pas le PDF signé ou le certificat de signature à conserver. Rien n'a été copié : le cabinet doit conserver les deux pendant six ans. Communiquez avec le soutien du portail, puis relancez la synchronisation.`,
  }),
  signed_document_mismatch: msg<{ form: Text; year: Text; expected: Text; actual: Text }>({
    en: (p) => `The signed PDF of ${s(p.form)} ${s(p.year)} downloaded from the portal is not the one its completion certifies (SHA-256 ${s(p.actual)}…, the completion says ${s(p.expected)}…). Nothing was copied or kept. Ask the portal's support, then sync again.`,
    fr: (p) => `Le PDF signé du ${s(p.form)} ${s(p.year)} téléchargé du portail n'est pas celui que certifie sa signature (SHA-256 ${s(p.actual)}…, la signature indique ${s(p.expected)}…). Rien n'a été copié ni conservé. Communiquez avec le soutien du portail, puis relancez la synchronisation.`,
  }),
  document_store_error: msg<{ detail: Text }>({
    en: (p) => `The signed PDF and its certificate could not be kept in the document store: ${s(p.detail)}. Nothing was copied. Sync again; nothing is written twice.`,
    fr: (p) => `Le PDF signé et son certificat n'ont pas pu être conservés dans le stockage de documents : ${s(p.detail)}. Rien n'a été copié. Relancez la synchronisation; rien n'est écrit deux fois.`,
  }),
  completion_incomplete: msg<{ form: Text; year: Text; missing: Text }>({
    en: (p) => `The portal reports ${s(p.form)} ${s(p.year)} as signed but without ${s(p.missing)}. Not copied: the e-file needs them. Ask the portal's support, then sync again.`,
    fr: (p) => `Le portail indique que le ${s(p.form)} ${s(p.year)} est signé, mais sans ${s(p.missing)}. Non copié : la transmission électronique en a besoin. Communiquez avec le soutien du portail, puis relancez la synchronisation.`,
  }),
  portal_error: msg<{ detail: Text }>({
    en: (p) => `The portal could not be read: ${s(p.detail)}. Sync again once it answers; nothing is written twice.`,
    fr: (p) => `Le portail n'a pas pu être lu : ${s(p.detail)}. Relancez la synchronisation quand il répond; rien n'est écrit deux fois.`,
  }),
  store_error: msg<{ detail: Text }>({
    en: (p) => `The client store failed: ${s(p.detail)}. Sync again; nothing is written twice.`,
    fr: (p) => `Le stockage de clients a échoué : ${s(p.detail)}. Relancez la synchronisation; rien n'est écrit deux fois.`,
  }),
  sync_aborted: msg({
    en: () => 'Not synchronized: the sync was stopped before this client file. Run it again to finish.',
    fr: () => "Non synchronisé : la synchronisation a été arrêtée avant ce dossier. Relancez-la pour terminer.",
  }),
  not_signed: msg<{ form: Text; year: Text }>({
    en: (p) => `${s(p.form)} ${s(p.year)} is not signed. It must be signed before the return is transmitted.`,
    fr: (p) => `Le ${s(p.form)} ${s(p.year)} n'est pas signé. Il doit l'être avant la transmission de la déclaration.`,
  }),
  channel_missing: msg<{ form: Text; year: Text }>({
    en: (p) => `${s(p.form)} ${s(p.year)} has no recorded channel (e-mail, portal or in person). The CRA requires it to be recorded.`,
    fr: (p) => `Le ${s(p.form)} ${s(p.year)} n'indique pas comment il a été signé (courriel, portail ou en personne). L'ARC exige que ce soit consigné.`,
  }),
  // `change`: the amount in dollars (412.5), written as each language writes money.
  new_authorization_needed: msg<{ change: number; form: Text; year: Text }>({
    en: (p) => `The refund or balance changed by ${dollars(p.change, 'en')} since ${s(p.form)} ${s(p.year)} was signed (more than $300): have a new ${s(p.form)} signed before transmitting.`,
    fr: (p) => `Le remboursement ou le solde a changé de ${dollars(p.change, 'fr')} depuis la signature du ${s(p.form)} ${s(p.year)} (plus de 300 $) : faites signer un nouveau ${s(p.form)} avant la transmission.`,
  }),
  portal_http_error: msg<{ detail?: Text; withheld?: Text; method: Text; path: Text; status: Text }>({
    en: (p) => `The portal answered ${s(p.method)} ${s(p.path)} with HTTP ${s(p.status)}${portalDetail(p, 'en') ? ` (${portalDetail(p, 'en')})` : ''}.`,
    fr: (p) => `Le portail a répondu à ${s(p.method)} ${s(p.path)} par HTTP ${s(p.status)}${portalDetail(p, 'fr') ? ` (${portalDetail(p, 'fr')})` : ''}.`,
  }),
  portal_unauthorized: msg<{ status: Text; method: Text; path: Text }>({
    en: (p) => `The portal refused the token (HTTP ${s(p.status)}) on ${s(p.method)} ${s(p.path)}. Check the token given to createHttpPortal.`,
    fr: (p) => `Le portail a refusé le jeton (HTTP ${s(p.status)}) pour ${s(p.method)} ${s(p.path)}. Vérifiez le jeton passé à createHttpPortal.`,
  }),
  portal_timeout: msg<{ method: Text; path: Text; detail: Text }>({
    en: (p) => `The portal did not answer ${s(p.method)} ${s(p.path)} in time (${s(p.detail)}).`,
    fr: (p) => `Le portail n'a pas répondu à temps à ${s(p.method)} ${s(p.path)} (${s(p.detail)}).`,
  }),
  portal_network_error: msg<{ detail?: Text; withheld?: Text; method: Text; path: Text }>({
    en: (p) => `The portal could not be reached for ${s(p.method)} ${s(p.path)}${portalDetail(p, 'en') ? `: ${portalDetail(p, 'en')}` : ''}.`,
    fr: (p) => `Le portail n'a pas pu être joint pour ${s(p.method)} ${s(p.path)}${portalDetail(p, 'fr') ? ` : ${portalDetail(p, 'fr')}` : ''}.`,
  }),
  portal_bad_response: msg<{ method: Text; path: Text; detail: Text }>({
    en: (p) => `The portal's answer to ${s(p.method)} ${s(p.path)} is not what the protocol says: ${s(p.detail)}.`,
    fr: (p) => `La réponse du portail à ${s(p.method)} ${s(p.path)} n'est pas conforme au protocole : ${s(p.detail)}.`,
  }),
  // `reason` (missing_header, bad_timestamp…) is kept in the params for logs; the sentence says it through `detail`.
  webhook_invalid: msg<{ detail: Text; reason?: Text }>({
    en: (p) => `Webhook refused: ${s(p.detail)}.`,
    fr: (p) => `Webhook refusé : ${s(p.detail)}.`,
  }),
};
