/**
 * The portal-invitation e-mail: French and English defaults, host overrides, `{{variable}}` substitution with
 * HTML escaping.
 */
import { InvalidArgumentError } from '../errors/taxsync-error.js';
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

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const KNOWN = /* @__PURE__ */ new Set<string>(INVITATION_TEMPLATE_VARIABLES);

/** An e-mail template of any kind: subject, text and HTML with `{{variable}}` placeholders. */
export interface EmailTemplate {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * Checks every `{{variable}}` of a template against the known ones.
 * @throws {@link InvalidArgumentError} `template_variable_unknown` naming the language and the variable.
 * @internal
 */
export function checkTemplateVariables(template: EmailTemplate, language: Locale, known: ReadonlySet<string>): void {
  for (const part of [template.subject, template.text, template.html]) {
    for (const match of part.matchAll(VARIABLE)) {
      const variable = match[1] ?? '';
      if (!known.has(variable)) {
        throw new InvalidArgumentError('template_variable_unknown', { language, variable, known: [...known].join(', ') });
      }
    }
  }
}

/**
 * Fills a template: values as they are in the subject and text, HTML-escaped in the HTML — except variables whose
 * name ends in `Html`, which the caller builds from escaped parts. The subject is kept to one line.
 * @internal
 */
export function fillTemplate(template: EmailTemplate, variables: Readonly<Record<string, string>>): EmailTemplate {
  const fill = (part: string, encode: (value: string, name: string) => string): string =>
    part.replace(VARIABLE, (whole, name: string) => {
      const value = variables[name];
      return value === undefined ? whole : encode(value, name);
    });
  return {
    // One line whatever the template or the values say: a line break in a subject is a header injection.
    subject: fill(template.subject, (v) => v).replace(/\s*[\r\n]+\s*/g, ' ').trim(),
    text: fill(template.text, (v) => v),
    html: fill(template.html, (v, name) => (name.endsWith('Html') ? v : escapeHtml(v))),
  };
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Host overrides of an e-mail template, per language and part. @internal */
export type TemplateOverrides = Readonly<Partial<Record<Locale, Partial<EmailTemplate>>>>;

/** The template of a language: the host's parts over the defaults. @internal */
export function templateWithOverrides(defaults: Readonly<Record<Locale, EmailTemplate>>, language: Locale, overrides: TemplateOverrides = {}): EmailTemplate {
  return { ...defaults[language], ...overrides[language] };
}

/** Checks the templates of both languages before a batch starts. @internal */
export function checkTemplateOverrides(defaults: Readonly<Record<Locale, EmailTemplate>>, overrides: TemplateOverrides, known: ReadonlySet<string>): void {
  for (const language of ['fr', 'en'] as const) checkTemplateVariables(templateWithOverrides(defaults, language, overrides), language, known);
}

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
 * @example
 * ```ts
 * const mail = renderInvitation('fr', { name: 'Zoé', fullName: 'Zoé Gagnon', email: 'zoe@exemple.ca',
 *   firmName: 'Cabinet Tremblay', accountManager: 'Julie', invitationUrl: 'https://portail.example/i/abc' });
 * mail.subject; // 'Cabinet Tremblay : créez votre mot de passe pour le portail client'
 * ```
 */
export function renderInvitation(language: Locale, variables: InvitationVariables, templates: InvitationTemplates = {}): InvitationTemplate {
  return fillTemplate(invitationTemplateFor(language, templates), variables);
}
