/** Signature layouts, PDFs held for manual placement, and preparing a PDF for signature (`taxsync/pdf`). */
import { limitValue, msg, s, type Locale, type Text } from './define.js';

/** What preparing a PDF removes (`protection_removed`'s `what`: codes joined by commas), in both languages. */
const PROTECTIONS: Readonly<Record<string, { en: string; fr: string }>> = {
  encryption: {
    en: 'the encryption (the prepared PDF is written decrypted)',
    fr: 'le chiffrement (le PDF préparé est enregistré déchiffré)',
  },
  usage_rights: {
    en: "the Reader usage rights (/Perms /UR3: the publisher's permission to save filled forms in the free Reader, not a person's signature)",
    fr: "les droits d'utilisation de Reader (/Perms /UR3 : la permission de l'éditeur d'enregistrer le formulaire rempli dans le Reader gratuit, pas la signature d'une personne)",
  },
  xfa: {
    en: 'the XFA form data (viewers that render XFA would otherwise show the form without the new fields)',
    fr: 'les données de formulaire XFA (sinon les visionneuses qui affichent le XFA montreraient le formulaire sans les nouveaux champs)',
  },
};
const protections = (p: { readonly what: Text }, locale: Locale): string =>
  s(p.what)
    .split(',')
    .filter((code) => code !== '')
    .map((code) => PROTECTIONS[code]?.[locale] ?? code)
    .join('; ');

// ── Signature layouts (signatureLayoutFor, createLayoutRegistry, taxsync/pdf) ──────────────────────────────────
/** Layout lookups, PDFs held for manual placement, and errors preparing a PDF for signature. */
export const signatureMessages = {
  layout_unknown: msg<{ docType: Text; year: Text; supported: Text }>({
    en: (p) => `No signature layout for ${s(p.docType)} ${s(p.year)}. Supported: ${s(p.supported)}.`,
    fr: (p) => `Aucune disposition de signature pour ${s(p.docType)} ${s(p.year)}. Pris en charge : ${s(p.supported)}.`,
  }),
  layout_invalid: msg<{ docType: Text; detail: Text }>({
    en: (p) => `The layout ${s(p.docType)} cannot be registered: ${s(p.detail)}.`,
    fr: (p) => `La disposition ${s(p.docType)} ne peut pas être enregistrée : ${s(p.detail)}.`,
  }),
  layout_clash: msg<{ docType: Text; existing: Text }>({
    en: (p) => `The layout ${s(p.docType)} is already defined (${s(p.existing)}). Give the firm's document another docType.`,
    fr: (p) => `La disposition ${s(p.docType)} est déjà définie (${s(p.existing)}). Donnez un autre docType au document du cabinet.`,
  }),
  layout_encrypted: msg({
    en: () => 'This PDF is encrypted by a method taxsync cannot open (certificate security or another security handler than the standard password one): its fields cannot be placed. Print it again without protection.',
    fr: () => "Ce PDF est chiffré par une méthode que taxsync ne sait pas ouvrir (sécurité par certificat ou gestionnaire de sécurité autre que celui du mot de passe standard) : ses champs ne peuvent pas être placés. Imprimez-le de nouveau sans protection.",
  }),
  layout_password_required: msg({
    en: () => 'This PDF is password-protected and no password was given for it: its fields cannot be placed. Give the password rule of the tax program (passwordFor), or print it again without protection.',
    fr: () => "Ce PDF est protégé par un mot de passe et aucun mot de passe n'a été fourni : ses champs ne peuvent pas être placés. Fournissez la règle de mot de passe du logiciel d'impôt (passwordFor), ou imprimez-le de nouveau sans protection.",
  }),
  layout_password_wrong: msg({
    en: () => 'This PDF is password-protected and the password given for it does not open it: its fields cannot be placed. Check the password rule or the taxpayer\'s password in the tax program.',
    fr: () => "Ce PDF est protégé par un mot de passe et celui fourni ne l'ouvre pas : ses champs ne peuvent pas être placés. Vérifiez la règle de mot de passe ou le mot de passe du contribuable dans le logiciel d'impôt.",
  }),
  protection_removed: msg<{ what: Text }>({
    en: (p) => `Removed when the fields are added: ${protections(p, 'en')}.`,
    fr: (p) => `Retiré à l'ajout des champs : ${protections(p, 'fr')}.`,
  }),
  layout_unreadable: msg<{ detail: Text }>({
    en: (p) => `This file is not a readable PDF (${s(p.detail)}). Print it again from the tax program.`,
    fr: (p) => `Ce fichier n'est pas un PDF lisible (${s(p.detail)}). Imprimez-le de nouveau depuis le logiciel d'impôt.`,
  }),
  layout_reader_failed: msg<{ detail: Text }>({
    en: (p) => `taxsync's own text reader failed on this PDF (${s(p.detail)}): a fault in taxsync, not in the file. Report it to the taxsync maintainers with this message (not the PDF, which holds personal data); meanwhile, the integration can read such a PDF with the option textReader: 'pdfjs'.`,
    fr: (p) => `Le lecteur de texte de taxsync a échoué sur ce PDF (${s(p.detail)}) : c'est une défaillance de taxsync, pas du fichier. Signalez-la aux responsables de taxsync avec ce message (pas le PDF, qui contient des renseignements personnels); d'ici là, l'intégration peut lire un tel PDF avec l'option textReader: 'pdfjs'.`,
  }),
  layout_already_signed: msg({
    en: () => 'This PDF already carries a digital signature; adding fields would invalidate it. Send it to consult as it is, or print an unsigned copy to sign.',
    fr: () => 'Ce PDF porte déjà une signature numérique; y ajouter des champs l\'invaliderait. Envoyez-le tel quel pour consultation, ou imprimez une copie non signée à faire signer.',
  }),
  layout_image_only: msg({
    en: () => 'This PDF has no text (a scan or an image): the signature boxes cannot be found. Place the fields by hand, or print the form from the tax program instead of scanning it.',
    fr: () => "Ce PDF ne contient aucun texte (numérisation ou image) : les cases de signature ne peuvent pas être trouvées. Placez les champs à la main, ou imprimez le formulaire depuis le logiciel d'impôt au lieu de le numériser.",
  }),
  layout_form_not_found: msg<{ docType: Text; pagesWithoutText?: Text }>({
    en: (p) => `No page of this PDF is identified as ${s(p.docType)}${p.pagesWithoutText ? ` (pages without text: ${s(p.pagesWithoutText)})` : ''}. Check that the right document was printed, or place the fields by hand.`,
    fr: (p) => `Aucune page de ce PDF n'est reconnue comme ${s(p.docType)}${p.pagesWithoutText ? ` (pages sans texte : ${s(p.pagesWithoutText)})` : ''}. Vérifiez que le bon document a été imprimé, ou placez les champs à la main.`,
  }),
  layout_no_anchor: msg<{ docType: Text; pages: Text; field: Text }>({
    en: (p) => `${s(p.docType)} was found on page ${s(p.pages)}, but not its ${s(p.field)} label, and no measured position fits this print. Place the fields by hand; no field is ever put at a guessed position.`,
    fr: (p) => `${s(p.docType)} a été trouvé à la page ${s(p.pages)}, mais pas son libellé ${s(p.field)}, et aucune position mesurée ne convient à cette impression. Placez les champs à la main; aucun champ n'est jamais placé à une position devinée.`,
  }),
  layout_page_size_mismatch: msg<{ docType: Text; pages: Text; size: Text; expected: Text }>({
    en: (p) => `${s(p.docType)} was found on page ${s(p.pages)}, but its labels were not, and the page (${s(p.size)} pt) is not the size the positions were measured on (${s(p.expected)} pt). Place the fields by hand.`,
    fr: (p) => `${s(p.docType)} a été trouvé à la page ${s(p.pages)}, mais pas ses libellés, et la page (${s(p.size)} pt) n'a pas la taille sur laquelle les positions ont été mesurées (${s(p.expected)} pt). Placez les champs à la main.`,
  }),
  layout_page_count: msg<{ docType: Text; expected: Text; count: Text }>({
    en: (p) => `The measured positions of ${s(p.docType)} are on page ${s(p.expected)}, but this PDF has ${s(p.count)} page(s) there. Place the fields by hand.`,
    fr: (p) => `Les positions mesurées de ${s(p.docType)} sont à la page ${s(p.expected)}, mais ce PDF n'a que ${s(p.count)} page(s). Placez les champs à la main.`,
  }),
  layout_inflate_limit: msg<{ value: Text; limit: Text; option: Text }>({
    en: (p) => `This PDF's compressed content expands past the ${s(p.limit)} limit (${limitValue(p, 'en')}): a deflate bomb, or a print far larger than any real form. It was not read further. If the file is trusted, raise ${s(p.option)}.`,
    fr: (p) => `Le contenu compressé de ce PDF dépasse la limite ${s(p.limit)} (${limitValue(p, 'fr')}) une fois décompressé : une bombe de décompression, ou une impression bien plus grosse que tout formulaire réel. Sa lecture a été arrêtée. Si le fichier est fiable, augmentez ${s(p.option)}.`,
  }),
  pdf_unreadable: msg<{ detail: Text }>({
    en: (p) => `This file is not a readable PDF (${s(p.detail)}).`,
    fr: (p) => `Ce fichier n'est pas un PDF lisible (${s(p.detail)}).`,
  }),
  pdf_already_signed: msg<{ field: Text }>({
    en: (p) => `This PDF already carries a digital signature (field ${s(p.field)}); saving it with new fields would invalidate that signature. Send it as it is, or prepare an unsigned print.`,
    fr: (p) => `Ce PDF porte déjà une signature numérique (champ ${s(p.field)}); l'enregistrer avec de nouveaux champs invaliderait cette signature. Envoyez-le tel quel, ou préparez une impression non signée.`,
  }),
  pdf_password_required: msg({
    en: () => 'This PDF is password-protected: pass its password (options.password) to open it.',
    fr: () => 'Ce PDF est protégé par un mot de passe : passez son mot de passe (options.password) pour l\'ouvrir.',
  }),
  pdf_password_wrong: msg({
    en: () => 'This PDF is password-protected and the password given does not open it. Check the password.',
    fr: () => 'Ce PDF est protégé par un mot de passe et celui fourni ne l\'ouvre pas. Vérifiez le mot de passe.',
  }),
  pdf_field_exists: msg<{ name: Text }>({
    en: (p) => `The PDF already has a form field named ${s(p.name)}: it was probably prepared already. Prepare the original print instead.`,
    fr: (p) => `Le PDF a déjà un champ de formulaire nommé ${s(p.name)} : il a probablement déjà été préparé. Préparez plutôt l'impression d'origine.`,
  }),
  field_invalid: msg<{ name: Text; detail: Text }>({
    en: (p) => `Field ${s(p.name)} cannot be used: ${s(p.detail)}.`,
    fr: (p) => `Le champ ${s(p.name)} ne peut pas être utilisé : ${s(p.detail)}.`,
  }),
  pdfjs_missing: msg({
    en: () => 'Reading this PDF needs pdfjs-dist, which is not installed (taxsync\'s own text reader could not read it). Install it next to taxsync: npm install pdfjs-dist.',
    fr: () => "La lecture de ce PDF exige pdfjs-dist, qui n'est pas installé (le lecteur de texte de taxsync n'a pas pu le lire). Installez-le à côté de taxsync : npm install pdfjs-dist.",
  }),
  pdf_needs_node: msg({
    en: () => 'Placing signature fields on a PDF runs on a server (Node), not in a browser. Pass options.resolveFields, or preview the dispatch on the server.',
    fr: () => "Le placement des champs de signature sur un PDF s'exécute sur un serveur (Node), pas dans un navigateur. Passez options.resolveFields, ou prévisualisez l'envoi sur le serveur.",
  }),
};
