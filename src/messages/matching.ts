/** Matching a PDF's file name to a client (`matchPdfToClient`) and reading a zip (`readZip`). */
import { limitValue, msg, s, type Locale, type Text } from './define.js';
import { CLIENT_KINDS, MATCHED_BY, MATCHED_BY_NAME, wordOf } from './words.js';

/** What a file was matched by, in words: a file name matched by `name` matched a name unique in the list. */
const matchedBy = (by: Text, locale: Locale): string => (by === 'name' ? MATCHED_BY_NAME.file[locale] : wordOf(MATCHED_BY, by, locale));

/** Outcomes of matching a PDF's file name to a client (`matchPdfToClient`) and reading a zip (`readZip`). */
export const matchMessages = {
  matched: msg<{ by: keyof typeof MATCHED_BY | 'name'; key?: Text; nameChecked: 'yes' | 'no' }>({
    en: (p) => `Matched by ${matchedBy(p.by, 'en')}${p.key ? ` ${s(p.key)}` : ''}${p.nameChecked === 'yes' ? ', name confirmed' : ''}.`,
    fr: (p) => `Associé par ${matchedBy(p.by, 'fr')}${p.key ? ` ${s(p.key)}` : ''}${p.nameChecked === 'yes' ? ', nom confirmé' : ''}.`,
  }),
  no_key: msg({
    en: () => 'The file name has no SIN, business number, client number or client name: it cannot be sent without a person choosing the client.',
    fr: () => "Le nom du fichier ne contient ni NAS, ni numéro d'entreprise, ni numéro de client, ni nom : il ne peut pas être envoyé sans qu'une personne choisisse le client.",
  }),
  pattern_mismatch: msg<{ pattern: Text }>({
    en: (p) => `The file name does not follow the naming pattern "${s(p.pattern)}".`,
    fr: (p) => `Le nom du fichier ne suit pas le modèle de nom « ${s(p.pattern)} ».`,
  }),
  invalid_key: msg<{ key: Text }>({
    en: (p) => `The number ${s(p.key)} in the file name is not a valid SIN or business number (check digit). The file was probably misnamed.`,
    fr: (p) => `Le numéro ${s(p.key)} dans le nom du fichier n'est pas un NAS ni un numéro d'entreprise valide (chiffre de contrôle). Le fichier est probablement mal nommé.`,
  }),
  // Without `key`, no number of the file name is known: the sentence says so in its place.
  unknown_key: msg<{ key?: Text }>({
    en: (p) => `No client has the number ${p.key === undefined ? '(no known number)' : s(p.key)} found in the file name. Import or correct the client first; the name is never used instead.`,
    fr: (p) => `Aucun client n'a le numéro ${p.key === undefined ? '(aucun numéro connu)' : s(p.key)} trouvé dans le nom du fichier. Importez ou corrigez d'abord le client; le nom n'est jamais utilisé à la place.`,
  }),
  several_keys: msg<{ keys: Text }>({
    en: (p) => `The file name holds several client numbers (${s(p.keys)}): it may concern several people.`,
    fr: (p) => `Le nom du fichier contient plusieurs numéros de clients (${s(p.keys)}) : il peut concerner plusieurs personnes.`,
  }),
  duplicate_client_key: msg<{ count: Text; key: Text }>({
    en: (p) => `${s(p.count)} clients share the number ${s(p.key)} in your client list: fix the duplicate before sending.`,
    fr: (p) => `${s(p.count)} clients ont le même numéro ${s(p.key)} dans votre liste de clients : corrigez le doublon avant l'envoi.`,
  }),
  name_mismatch: msg<{ name: Text; key: Text }>({
    en: (p) => `The name "${s(p.name)}" in the file name does not match the client with the number ${s(p.key)}. Check that the file belongs to this client.`,
    fr: (p) => `Le nom « ${s(p.name)} » dans le nom du fichier ne correspond pas au client qui a le numéro ${s(p.key)}. Vérifiez que le fichier appartient bien à ce client.`,
  }),
  name_not_unique: msg<{ count: Text; name: Text }>({
    en: (p) => `${s(p.count)} clients are named "${s(p.name)}": a name alone cannot choose between them.`,
    fr: (p) => `${s(p.count)} clients s'appellent « ${s(p.name)} » : un nom seul ne permet pas de choisir.`,
  }),
  name_unknown: msg<{ name: Text }>({
    en: (p) => `No client is named exactly "${s(p.name)}".`,
    fr: (p) => `Aucun client ne s'appelle exactement « ${s(p.name)} ».`,
  }),
  unknown_client_number: msg<{ clientNumber: Text }>({
    en: (p) => `No client has the client number ${s(p.clientNumber)}.`,
    fr: (p) => `Aucun client n'a le numéro de client ${s(p.clientNumber)}.`,
  }),
  client_number_shared: msg<{ count: Text; clientNumber: Text }>({
    en: (p) => `${s(p.count)} clients share the client number ${s(p.clientNumber)} (a family) and the file name does not say which one.`,
    fr: (p) => `${s(p.count)} clients partagent le numéro de client ${s(p.clientNumber)} (une famille) et le nom du fichier ne précise pas lequel.`,
  }),
  year_mismatch: msg<{ found: Text; expected: Text }>({
    en: (p) => `The file name says tax year ${s(p.found)}, but this dispatch is for ${s(p.expected)}.`,
    fr: (p) => `Le nom du fichier indique l'année d'imposition ${s(p.found)}, mais cet envoi est pour ${s(p.expected)}.`,
  }),
  wrong_client_kind: msg<{ key: Text; actual: keyof typeof CLIENT_KINDS; expected: keyof typeof CLIENT_KINDS }>({
    en: (p) => `The number ${s(p.key)} belongs to ${wordOf(CLIENT_KINDS, p.actual, 'en')}, but this document is for ${wordOf(CLIENT_KINDS, p.expected, 'en')}.`,
    fr: (p) => `Le numéro ${s(p.key)} appartient à ${wordOf(CLIENT_KINDS, p.actual, 'fr')}, mais ce document est destiné à ${wordOf(CLIENT_KINDS, p.expected, 'fr')}.`,
  }),
  placeholder_key: msg<{ key: Text; name?: Text }>({
    en: (p) =>
      `The file name carries ${s(p.key)}, a placeholder or a number never issued as a SIN (all zeros, the programs' "no SIN", or a number starting with 0 or 8): it identifies nobody.${p.name ? ` The client named "${s(p.name)}" has a real number, so the file says another person or a mistake: it is held. Check whom it belongs to and name it with the right number.` : ' Name the file with the client\'s number.'}`,
    fr: (p) =>
      `Le nom du fichier porte ${s(p.key)}, un numéro fictif ou jamais attribué comme NAS (que des zéros, le « aucun NAS » des logiciels, ou un numéro commençant par 0 ou 8) : il n'identifie personne.${p.name ? ` Le client nommé « ${s(p.name)} » a un vrai numéro : le fichier désigne une autre personne ou contient une erreur, il est retenu. Vérifiez à qui il appartient et nommez-le avec le bon numéro.` : ' Nommez le fichier avec le numéro du client.'}`,
  }),
  zip_invalid: msg<{ detail: Text }>({
    en: (p) => `This is not a readable zip archive (${s(p.detail)}). Create the archive again from the tax program's print folder.`,
    fr: (p) => `Ce n'est pas une archive zip lisible (${s(p.detail)}). Créez de nouveau l'archive à partir du dossier d'impression du logiciel d'impôt.`,
  }),
  zip_encrypted: msg({
    en: () => 'The zip archive is password-protected. Create it again without a password; the documents are protected by the portal.',
    fr: () => "L'archive zip est protégée par un mot de passe. Créez-la de nouveau sans mot de passe; les documents sont protégés par le portail.",
  }),
  zip64_unsupported: msg({
    en: () => 'The zip archive uses the ZIP64 format (over 4 GB or 65,535 files), which taxsync does not read. Split it into smaller archives.',
    fr: () => "L'archive zip utilise le format ZIP64 (plus de 4 Go ou de 65 535 fichiers), que taxsync ne lit pas. Divisez-la en archives plus petites.",
  }),
  zip_limit_exceeded: msg<{ value: Text; limit: Text }>({
    en: (p) => `The zip archive exceeds the ${s(p.limit)} limit (${limitValue(p, 'en')}); nothing of it was read. Split it, or raise limits.${s(p.limit)} if the archive is trusted.`,
    fr: (p) => `L'archive zip dépasse la limite ${s(p.limit)} (${limitValue(p, 'fr')}); rien n'en a été lu. Divisez-la, ou augmentez limits.${s(p.limit)} si l'archive est fiable.`,
  }),
  directory: msg({ en: () => 'A folder.', fr: () => 'Un dossier.' }),
  macos_metadata: msg({ en: () => 'macOS metadata (__MACOSX, ._ file), not a document.', fr: () => "Métadonnées macOS (__MACOSX, fichier ._), pas un document." }),
  system_file: msg({ en: () => 'A system file (Thumbs.db, .DS_Store…), not a document.', fr: () => "Un fichier système (Thumbs.db, .DS_Store…), pas un document." }),
  not_pdf: msg({
    en: () => 'This file is not a PDF (its content does not start with %PDF-), whatever its name says.',
    fr: () => 'Ce fichier n\'est pas un PDF (son contenu ne commence pas par %PDF-), quoi qu\'en dise son nom.',
  }),
  pdf_encrypted: msg({
    en: () => 'This PDF is encrypted by a method taxsync cannot open (certificate security or an unknown security handler): it cannot be prepared for signature. Print it again without protection.',
    fr: () => 'Ce PDF est chiffré par une méthode que taxsync ne sait pas ouvrir (sécurité par certificat ou gestionnaire de sécurité inconnu) : il ne peut pas être préparé pour la signature. Imprimez-le de nouveau sans protection.',
  }),
  crc_mismatch: msg({
    en: () => 'This file is damaged in the archive (CRC check failed). Create the archive again.',
    fr: () => "Ce fichier est endommagé dans l'archive (contrôle CRC échoué). Créez de nouveau l'archive.",
  }),
  unsupported_compression: msg({
    en: () => 'This file uses a compression method taxsync does not read (only stored and deflate). Create the archive with standard settings.',
    fr: () => "Ce fichier utilise une méthode de compression que taxsync ne lit pas (seulement « stored » et « deflate »). Créez l'archive avec les réglages standard.",
  }),
  corrupt_entry: msg({
    en: () => 'This file is damaged in the archive and cannot be read. Create the archive again.',
    fr: () => "Ce fichier est endommagé dans l'archive et ne peut pas être lu. Créez de nouveau l'archive.",
  }),
  overlapping_entry: msg({
    en: () => 'This file shares its bytes with another file of the archive (a crafted or broken archive): neither is used, so one document can never go out under two names. Create the archive again from the print folder.',
    fr: () => "Ce fichier partage ses octets avec un autre fichier de l'archive (archive fabriquée ou endommagée) : aucun des deux n'est utilisé, pour qu'un document ne parte jamais sous deux noms. Créez de nouveau l'archive à partir du dossier d'impression.",
  }),
  header_mismatch: msg({
    en: () => "This file's local header contradicts the archive's directory (name, compression or sizes): a crafted or broken archive. Create the archive again.",
    fr: () => "L'en-tête local de ce fichier contredit le répertoire de l'archive (nom, compression ou tailles) : archive fabriquée ou endommagée. Créez de nouveau l'archive.",
  }),
  pattern_invalid: msg<{ pattern: Text; detail: Text }>({
    en: (p) => `The naming pattern "${s(p.pattern)}" cannot be used: ${s(p.detail)}.`,
    fr: (p) => `Le modèle de nom « ${s(p.pattern)} » ne peut pas être utilisé : ${s(p.detail)}.`,
  }),
};
