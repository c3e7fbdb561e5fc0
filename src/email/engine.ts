/**
 * The one template engine behind every e-mail taxsync writes (the portal invitation, the document notice):
 * `{{variable}}` substitution, HTML escaping, host overrides part by part, and the check of the variables a host's
 * template uses. The templates themselves (texts, variables, defaults) live in their own files next to it.
 */
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { escapeHtml } from '../internal/html.js';
import type { Locale } from '../messages/catalogue.js';

/** An e-mail template of any kind: subject, text and HTML with `{{variable}}` placeholders. */
export interface EmailTemplate {
  /** Subject line. Line breaks are replaced by spaces. */
  readonly subject: string;
  /** Plain-text body. Values are inserted as they are. */
  readonly text: string;
  /** HTML body. Values are HTML-escaped, so a client named `<b>` cannot inject markup. */
  readonly html: string;
}

/** Host overrides of an e-mail template, per language and part. */
export type TemplateOverrides = Readonly<Partial<Record<Locale, Partial<EmailTemplate>>>>;

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * Checks every `{{variable}}` of a template against the known ones.
 * @throws {@link InvalidArgumentError} `template_variable_unknown` naming the language and the variable.
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

/** The template of a language: the host's parts over the defaults. */
export function templateWithOverrides(defaults: Readonly<Record<Locale, EmailTemplate>>, language: Locale, overrides: TemplateOverrides = {}): EmailTemplate {
  return { ...defaults[language], ...overrides[language] };
}

/**
 * Checks the templates of both languages, the host's parts over the defaults, before a batch starts.
 * @throws {@link InvalidArgumentError} `template_variable_unknown` naming the language and the variable.
 */
export function checkTemplateOverrides(defaults: Readonly<Record<Locale, EmailTemplate>>, overrides: TemplateOverrides, known: ReadonlySet<string>): void {
  for (const language of ['fr', 'en'] as const) checkTemplateVariables(templateWithOverrides(defaults, language, overrides), language, known);
}

/**
 * Renders the template of a language: the host's parts over the defaults, its variables checked against `known`
 * (an unknown `{{variable}}` never reaches a client as it is written), then filled.
 * @throws {@link InvalidArgumentError} `template_variable_unknown` naming the language and the variable.
 */
export function renderTemplate(
  defaults: Readonly<Record<Locale, EmailTemplate>>,
  known: ReadonlySet<string>,
  language: Locale,
  variables: Readonly<Record<string, string>>,
  overrides: TemplateOverrides = {},
): EmailTemplate {
  const template = templateWithOverrides(defaults, language, overrides);
  checkTemplateVariables(template, language, known);
  return fillTemplate(template, variables);
}
