/**
 * The portal-invitation e-mail: its variables and its French and English defaults. Filling, escaping and checking
 * host overrides is the e-mail engine's work (engine.ts).
 */
import { checkTemplateOverrides, renderTemplate, templateWithOverrides } from './engine.js';
import type { Locale } from '../messages/catalogue.js';

/** One e-mail template. Variables are written `{{name}}`; see {@link INVITATION_TEMPLATE_VARIABLES}. */
export interface InvitationTemplate {
  /** Subject line. Line breaks are replaced by spaces. */
  readonly subject: string;
  /** Plain-text body. Values are inserted as they are. */
  readonly text: string;
  /** HTML body. Values are HTML-escaped, so a client named `<b>` cannot inject markup. */
  readonly html: string;
}

/** Host overrides, per language and part of the template; what is not given comes from the defaults. */
export type InvitationTemplates = Readonly<Partial<Record<Locale, Partial<InvitationTemplate>>>>;

/** Variables an invitation template may use. */
export const INVITATION_TEMPLATE_VARIABLES = ['name', 'fullName', 'email', 'firmName', 'accountManager', 'invitationUrl'] as const;

/** A variable of an invitation template. */
export type InvitationTemplateVariable = (typeof INVITATION_TEMPLATE_VARIABLES)[number];

/**
 * Values of the template variables: `name` (how to greet: the first name, or the corporation's contact or name),
 * `fullName`, `email` (the portal login), `firmName`, `accountManager`, `invitationUrl` (where the password is set).
 */
export type InvitationVariables = Readonly<Record<InvitationTemplateVariable, string>>;

/** The built-in invitation templates, in French and English. */
export const DEFAULT_INVITATION_TEMPLATES: Readonly<Record<Locale, InvitationTemplate>> = /* @__PURE__ */ (() => Object.freeze({
  fr: Object.freeze({
    subject: '{{firmName}} : créez votre mot de passe pour le portail client',
    text: [
      'Bonjour {{name}},',
      '',
      '{{firmName}} vous ouvre un accès à son portail client sécurisé, où vous pourrez consulter, déposer et signer vos documents fiscaux.',
      '',
      "Pour activer votre accès, créez votre mot de passe à l'adresse suivante :",
      '{{invitationUrl}}',
      '',
      "Votre identifiant est {{email}}. Si vous n'attendiez pas ce message, vous pouvez l'ignorer.",
      '',
      'Cordialement,',
      '{{firmName}}',
    ].join('\n'),
    html: [
      '<p>Bonjour {{name}},</p>',
      '<p>{{firmName}} vous ouvre un accès à son portail client sécurisé, où vous pourrez consulter, déposer et signer vos documents fiscaux.</p>',
      '<p><a href="{{invitationUrl}}">Créer mon mot de passe</a></p>',
      "<p>Votre identifiant est {{email}}. Si vous n'attendiez pas ce message, vous pouvez l'ignorer.</p>",
      '<p>Cordialement,<br>{{firmName}}</p>',
    ].join('\n'),
  }),
  en: Object.freeze({
    subject: '{{firmName}}: create your password for the client portal',
    text: [
      'Hello {{name}},',
      '',
      '{{firmName}} has opened an account for you on its secure client portal, where you can view, upload and sign your tax documents.',
      '',
      'To activate it, create your password here:',
      '{{invitationUrl}}',
      '',
      'Your login is {{email}}. If you were not expecting this message, you can ignore it.',
      '',
      'Kind regards,',
      '{{firmName}}',
    ].join('\n'),
    html: [
      '<p>Hello {{name}},</p>',
      '<p>{{firmName}} has opened an account for you on its secure client portal, where you can view, upload and sign your tax documents.</p>',
      '<p><a href="{{invitationUrl}}">Create my password</a></p>',
      '<p>Your login is {{email}}. If you were not expecting this message, you can ignore it.</p>',
      '<p>Kind regards,<br>{{firmName}}</p>',
    ].join('\n'),
  }),
}))();

/** What `firmName` says when the host gives none. */
export const DEFAULT_FIRM_NAME: Readonly<Record<Locale, string>> = /* @__PURE__ */ Object.freeze({ fr: 'Votre cabinet comptable', en: 'Your accounting firm' });

const KNOWN = /* @__PURE__ */ new Set<string>(INVITATION_TEMPLATE_VARIABLES);

/** The template of a language: the host's parts over the defaults. */
export function invitationTemplateFor(language: Locale, templates: InvitationTemplates = {}): InvitationTemplate {
  return templateWithOverrides(DEFAULT_INVITATION_TEMPLATES, language, templates);
}

/**
 * Checks host templates before a batch starts: every `{{variable}}` must be known.
 *
 * @throws {@link InvalidArgumentError} `template_variable_unknown` naming the language and the variable.
 */
export function checkInvitationTemplates(templates: InvitationTemplates = {}): void {
  checkTemplateOverrides(DEFAULT_INVITATION_TEMPLATES, templates, KNOWN);
}

/**
 * Renders the invitation e-mail of a language: values inserted as they are in the text, escaped in the HTML; the
 * subject is kept to one line.
 *
 * @throws {@link taxsync!InvalidArgumentError} `template_variable_unknown` when a host template uses an unknown variable.
 *
 * @example
 * ```ts
 * const mail = renderInvitation('fr', { name: 'Zoé', fullName: 'Zoé Gagnon', email: 'zoe@exemple.ca',
 *   firmName: 'Cabinet Tremblay', accountManager: 'Julie', invitationUrl: 'https://portail.example/i/abc' });
 * mail.subject; // 'Cabinet Tremblay : créez votre mot de passe pour le portail client'
 * ```
 */
export function renderInvitation(language: Locale, variables: InvitationVariables, templates: InvitationTemplates = {}): InvitationTemplate {
  return renderTemplate(DEFAULT_INVITATION_TEMPLATES, KNOWN, language, variables, templates);
}
