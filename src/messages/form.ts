/** The website form (`createClientFormHandler`): what a visitor reads and the form's field errors. */
import { msg, s, type Locale, type Text } from './define.js';

/** Names of the website form's fields, as they read inside a sentence. */
const FORM_FIELDS: Readonly<Record<string, { en: string; fr: string }>> = {
  firstName: { en: 'first name', fr: 'prénom' },
  lastName: { en: 'last name', fr: 'nom de famille' },
  email: { en: 'e-mail address', fr: 'courriel' },
  sin: { en: 'social insurance number', fr: "numéro d'assurance sociale" },
  phone: { en: 'phone number', fr: 'numéro de téléphone' },
};
const formField = (field: string | number | undefined, locale: Locale): string => FORM_FIELDS[s(field)]?.[locale] ?? s(field);

// ── The website form (createClientFormHandler) ──────────────────────────────────────────────────────────────────
/**
 * What a visitor of the firm's website form reads, and the form's field errors. The public answers never depend on
 * whether the person was found, created or already invited, and never echo a SIN, even masked.
 */
export const formMessages = {
  form_received: msg({
    en: () => 'Thank you, your request was received. If it matches our records, an invitation to the client portal is on its way to the e-mail address we have on file for you. If nothing arrives within the hour, check your junk mail folder or contact the firm.',
    fr: () => "Merci, votre demande a bien été reçue. Si elle correspond à nos dossiers, une invitation au portail client est en route vers le courriel que nous avons à votre dossier. Si rien n'arrive d'ici une heure, vérifiez vos courriels indésirables ou communiquez avec le cabinet.",
  }),
  form_fields_invalid: msg({
    en: () => 'Some fields need correcting: see the messages next to them, then send the form again.',
    fr: () => 'Certains champs sont à corriger : voyez les messages à côté de chacun, puis envoyez de nouveau le formulaire.',
  }),
  form_field_required: msg<{ field: Text }>({
    en: (p) => `Enter your ${formField(p.field, 'en')}.`,
    fr: (p) => `Inscrivez votre ${formField(p.field, 'fr')}.`,
  }),
  form_field_too_long: msg<{ field: Text; max: Text }>({
    en: (p) => `Your ${formField(p.field, 'en')} is too long (at most ${s(p.max)} characters).`,
    fr: (p) => `Votre ${formField(p.field, 'fr')} est trop long (${s(p.max)} caractères au plus).`,
  }),
  form_field_name: msg<{ field: Text }>({
    en: (p) => `Your ${formField(p.field, 'en')} may hold only letters, spaces, hyphens, apostrophes and periods.`,
    fr: (p) => `Votre ${formField(p.field, 'fr')} ne peut contenir que des lettres, des espaces, des traits d'union, des apostrophes et des points.`,
  }),
  form_field_email: msg({
    en: () => 'This is not a valid e-mail address. Check it (for example: name@example.com).',
    fr: () => "Ce courriel n'est pas valide. Vérifiez-le (par exemple : nom@exemple.ca).",
  }),
  form_field_sin: msg({
    en: () => 'This social insurance number is not valid: check its nine digits, or leave the field empty.',
    fr: () => "Ce numéro d'assurance sociale n'est pas valide : vérifiez ses neuf chiffres, ou laissez le champ vide.",
  }),
  form_field_phone: msg({
    en: () => 'This phone number is not valid: give ten digits with the area code, or leave the field empty.',
    fr: () => "Ce numéro de téléphone n'est pas valide : inscrivez dix chiffres avec l'indicatif régional, ou laissez le champ vide.",
  }),
  form_too_large: msg<{ max: Text }>({
    en: (p) => `The form sent is too large (more than ${s(p.max)} bytes). Shorten what you typed and send it again.`,
    fr: (p) => `Le formulaire envoyé est trop volumineux (plus de ${s(p.max)} octets). Raccourcissez ce que vous avez inscrit et envoyez-le de nouveau.`,
  }),
  form_malformed: msg({
    en: () => 'The form could not be read (its data is damaged or not in the expected format). Reload the page and send it again.',
    fr: () => "Le formulaire n'a pas pu être lu (ses données sont endommagées ou pas dans le format attendu). Rechargez la page et envoyez-le de nouveau.",
  }),
  form_unsupported_type: msg({
    en: () => 'The form was sent in a format this address does not accept. Send it as a web form or as JSON.',
    fr: () => "Le formulaire a été envoyé dans un format que cette adresse n'accepte pas. Envoyez-le comme formulaire Web ou en JSON.",
  }),
  form_method_not_allowed: msg({
    en: () => 'This address only receives the form (POST) and shows it (GET).',
    fr: () => "Cette adresse ne fait que recevoir le formulaire (POST) et l'afficher (GET).",
  }),
  form_rejected: msg({
    en: () => 'The form could not be accepted. If you are filling it in yourself, reload the page, fill in only the visible fields and send it again, or contact the firm.',
    fr: () => "Le formulaire n'a pas pu être accepté. Si vous le remplissez vous-même, rechargez la page, remplissez seulement les champs visibles et envoyez-le de nouveau, ou communiquez avec le cabinet.",
  }),
  form_too_fast: msg<{ seconds: Text }>({
    en: (p) => `The form was sent too quickly after it was opened. Wait ${s(p.seconds)} seconds, then send it again.`,
    fr: (p) => `Le formulaire a été envoyé trop vite après son ouverture. Attendez ${s(p.seconds)} secondes, puis envoyez-le de nouveau.`,
  }),
  form_expired: msg({
    en: () => 'This form has expired or was not opened from the firm’s page. Reload the page and fill it in again.',
    fr: () => "Ce formulaire a expiré ou n'a pas été ouvert depuis la page du cabinet. Rechargez la page et remplissez-le de nouveau.",
  }),
  form_rate_limited: msg<{ minutes: Text }>({
    en: (p) => `Too many requests were sent. Wait about ${s(p.minutes)} minute(s), then try again.`,
    fr: (p) => `Trop de demandes ont été envoyées. Attendez environ ${s(p.minutes)} minute(s), puis réessayez.`,
  }),
  form_origin_forbidden: msg({
    en: () => 'This form cannot be sent from this website. Use the form on the firm’s own website.',
    fr: () => "Ce formulaire ne peut pas être envoyé depuis ce site Web. Utilisez le formulaire du site du cabinet.",
  }),
  form_captcha_failed: msg({
    en: () => 'The anti-robot check did not pass. Complete it again, then send the form.',
    fr: () => "La vérification anti-robot n'a pas réussi. Refaites-la, puis envoyez le formulaire.",
  }),
  form_unavailable: msg({
    en: () => 'The form cannot be processed right now. Nothing was lost: try again in a few minutes.',
    fr: () => "Le formulaire ne peut pas être traité pour le moment. Rien n'a été perdu : réessayez dans quelques minutes.",
  }),
};
