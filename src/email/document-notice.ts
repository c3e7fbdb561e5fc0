/**
 * The e-mail a client receives when documents are put in their portal folder: French and English defaults, host
 * overrides, variables escaped in HTML.
 */
import { checkTemplateOverrides, renderTemplate, templateWithOverrides, type EmailTemplate } from './engine.js';
import type { Locale } from '../messages/catalogue.js';

/** Host overrides of the document e-mail, per language and part; the rest comes from the defaults. */
export type DocumentEmailTemplates = Readonly<Partial<Record<Locale, Partial<EmailTemplate>>>>;

/** Variables a document e-mail template may use. `documentsHtml` is an escaped `<ul>` list for the HTML part. */
export const DOCUMENT_EMAIL_VARIABLES = ['name', 'fullName', 'firmName', 'year', 'count', 'documents', 'documentsHtml', 'portalUrl', 'action'] as const;

/** Values of the document e-mail's variables. */
export type DocumentEmailVariables = Readonly<Record<(typeof DOCUMENT_EMAIL_VARIABLES)[number], string>>;

const KNOWN = /* @__PURE__ */ new Set<string>(DOCUMENT_EMAIL_VARIABLES);

/** The built-in templates. `action` is "à signer" / "to sign" or "à consulter" / "to view". */
export const DEFAULT_DOCUMENT_EMAIL_TEMPLATES: Readonly<Record<Locale, EmailTemplate>> = /* @__PURE__ */ (() => Object.freeze({
  fr: Object.freeze({
    subject: '{{firmName}} : {{count}} document(s) {{action}} pour l\'année {{year}}',
    text: [
      'Bonjour {{name}},',
      '',
      '{{firmName}} a déposé dans votre portail client sécurisé {{count}} document(s) {{action}} pour l\'année d\'imposition {{year}} :',
      '{{documents}}',
      '',
      'Connectez-vous au portail pour y accéder : {{portalUrl}}',
      '',
      'Pour votre sécurité, les documents ne sont jamais joints aux courriels.',
      '',
      'Cordialement,',
      '{{firmName}}',
    ].join('\n'),
    html: [
      '<p>Bonjour {{name}},</p>',
      '<p>{{firmName}} a déposé dans votre portail client sécurisé {{count}} document(s) {{action}} pour l\'année d\'imposition {{year}} :</p>',
      '{{documentsHtml}}',
      '<p><a href="{{portalUrl}}">Accéder au portail</a></p>',
      '<p>Pour votre sécurité, les documents ne sont jamais joints aux courriels.</p>',
      '<p>Cordialement,<br>{{firmName}}</p>',
    ].join('\n'),
  }),
  en: Object.freeze({
    subject: '{{firmName}}: {{count}} document(s) {{action}} for {{year}}',
    text: [
      'Hello {{name}},',
      '',
      '{{firmName}} has put {{count}} document(s) {{action}} for the {{year}} tax year in your secure client portal:',
      '{{documents}}',
      '',
      'Sign in to the portal to open them: {{portalUrl}}',
      '',
      'For your security, documents are never attached to e-mails.',
      '',
      'Kind regards,',
      '{{firmName}}',
    ].join('\n'),
    html: [
      '<p>Hello {{name}},</p>',
      '<p>{{firmName}} has put {{count}} document(s) {{action}} for the {{year}} tax year in your secure client portal:</p>',
      '{{documentsHtml}}',
      '<p><a href="{{portalUrl}}">Open the portal</a></p>',
      '<p>For your security, documents are never attached to e-mails.</p>',
      '<p>Kind regards,<br>{{firmName}}</p>',
    ].join('\n'),
  }),
}))();

/** The template of a language: the host's parts over the defaults. */
export function documentEmailTemplateFor(language: Locale, templates: DocumentEmailTemplates = {}): EmailTemplate {
  return templateWithOverrides(DEFAULT_DOCUMENT_EMAIL_TEMPLATES, language, templates);
}

/**
 * Checks host templates before a dispatch starts.
 * @throws {@link InvalidArgumentError} `template_variable_unknown`.
 */
export function checkDocumentEmailTemplates(templates: DocumentEmailTemplates = {}): void {
  checkTemplateOverrides(DEFAULT_DOCUMENT_EMAIL_TEMPLATES, templates, KNOWN);
}

/**
 * Renders the document e-mail of a language: values inserted as they are in the text, escaped in the HTML (but for
 * `documentsHtml`, built from escaped titles); the subject is kept to one line.
 * @throws {@link taxsync!InvalidArgumentError} `template_variable_unknown` when a host template uses an unknown variable.
 *
 * @example
 * ```ts
 * renderDocumentEmail('fr', { name: 'Zoé', fullName: 'Zoé Gagnon', firmName: 'Cabinet Tremblay', year: '2025', count: '1',
 *   documents: '- T183', documentsHtml: '<ul><li>T183</li></ul>', portalUrl: 'https://portail.example', action: 'à signer' }).subject;
 * // 'Cabinet Tremblay : 1 document(s) à signer pour l'année 2025'
 * ```
 */
export function renderDocumentEmail(language: Locale, variables: DocumentEmailVariables, templates: DocumentEmailTemplates = {}): EmailTemplate {
  return renderTemplate(DEFAULT_DOCUMENT_EMAIL_TEMPLATES, KNOWN, language, variables, templates);
}
