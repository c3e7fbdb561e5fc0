/**
 * The words of the website form, in French and English: labels, hints, the button. Typed so that both languages
 * always hold every text (the answers and field errors are in the message catalogue, `src/messages/`).
 */
import type { Locale } from './define.js';

/** Every text the rendered form shows. */
export interface ClientFormTexts {
  /** Title of the page the handler serves (`GET`). */
  readonly title: string;
  /** One sentence above the fields. */
  readonly intro: string;
  /** Label of the first-name field. */
  readonly firstName: string;
  /** Label of the last-name field. */
  readonly lastName: string;
  /** Label of the e-mail field. */
  readonly email: string;
  /** Label of the SIN field. */
  readonly sin: string;
  /** Under the SIN field: why it is asked and that it is optional. */
  readonly sinHint: string;
  /** Label of the phone field. */
  readonly phone: string;
  /** The language choice. */
  readonly language: string;
  /** Marks a required field, inside its label. */
  readonly required: string;
  /** Marks an optional field, inside its label. */
  readonly optional: string;
  /** Label of the honeypot field, in case a person ever sees it (a style sheet blocked, a screen reader). */
  readonly honeypot: string;
  /** The submit button. */
  readonly submit: string;
  /** Names of the two languages, each in its own language. */
  readonly languages: Readonly<Record<Locale, string>>;
  /** Link back to the empty form on a message page. */
  readonly back: string;
}

/** The built-in texts of the form, per language. */
export const CLIENT_FORM_TEXTS: Readonly<Record<Locale, ClientFormTexts>> = /* @__PURE__ */ (() => Object.freeze({
  fr: Object.freeze({
    title: 'Accès au portail client',
    intro: 'Remplissez ce formulaire pour recevoir une invitation au portail client du cabinet.',
    firstName: 'Prénom',
    lastName: 'Nom de famille',
    email: 'Courriel',
    sin: "Numéro d'assurance sociale",
    sinHint: 'Facultatif : il aide le cabinet à retrouver votre dossier. Il ne sera jamais affiché.',
    phone: 'Téléphone',
    language: 'Langue de correspondance',
    required: 'obligatoire',
    optional: 'facultatif',
    honeypot: 'Laissez ce champ vide',
    submit: 'Recevoir mon invitation',
    languages: Object.freeze({ fr: 'Français', en: 'English' }),
    back: 'Retour au formulaire',
  }),
  en: Object.freeze({
    title: 'Client portal access',
    intro: "Fill in this form to receive an invitation to the firm's client portal.",
    firstName: 'First name',
    lastName: 'Last name',
    email: 'E-mail address',
    sin: 'Social insurance number',
    sinHint: 'Optional: it helps the firm find your file. It is never displayed.',
    phone: 'Phone',
    language: 'Preferred language',
    required: 'required',
    optional: 'optional',
    honeypot: 'Leave this field empty',
    submit: 'Send me an invitation',
    languages: Object.freeze({ fr: 'Français', en: 'English' }),
    back: 'Back to the form',
  }),
}))();
