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
  let checked = CHECKED.get(known);
  if (checked === undefined) CHECKED.set(known, (checked = new Set()));
  for (const part of [template.subject, template.text, template.html]) {
    // A batch renders the same few templates thousands of times: each text is checked once per set of variables.
    if (checked.has(part)) continue;
    for (const match of part.matchAll(VARIABLE)) {
      const variable = match[1] ?? '';
      if (!known.has(variable)) {
        throw new InvalidArgumentError('template_variable_unknown', { language, variable, known: [...known].join(', ') });
      }
    }
    if (checked.size >= MAX_CHECKED) checked.clear();
    checked.add(part);
  }
}

/** Template texts already found to use known variables only, per set of known variables (bounded). */
const CHECKED = /* @__PURE__ */ new WeakMap<ReadonlySet<string>, Set<string>>();
const MAX_CHECKED = 256;

/**
 * Fills a template: values as they are in the subject and text, HTML-escaped in the HTML — except variables whose
 * name ends in `Html`, which the caller builds from escaped parts. The subject is kept to one line.
 */
export function fillTemplate(template: EmailTemplate, variables: Readonly<Record<string, string>>): EmailTemplate {
  return {
    // One line whatever the template or the values say: a line break in a subject is a header injection.
    subject: fillPart(template.subject, variables, false).replace(/\s*[\r\n]+\s*/g, ' ').trim(),
    text: fillPart(template.text, variables, false),
    html: fillPart(template.html, variables, true),
  };
}

/**
 * A template text cut once into its literal pieces and variable names (literal, name, literal, name, …, literal):
 * a batch fills the same few texts thousands of times, so each is parsed once (bounded cache).
 */
function piecesOf(part: string): readonly string[] {
  let pieces = PIECES.get(part);
  if (pieces !== undefined) return pieces;
  const out: string[] = [];
  let last = 0;
  for (const match of part.matchAll(VARIABLE)) {
    out.push(part.slice(last, match.index), match[0], match[1] ?? '');
    last = match.index + match[0].length;
  }
  out.push(part.slice(last));
  pieces = out;
  if (PIECES.size >= MAX_CHECKED) PIECES.clear();
  PIECES.set(part, pieces);
  return pieces;
}

/** Fills one text: a value as it is, or HTML-escaped in HTML (but for names ending in `Html`); an unknown `{{name}}` stays as written. */
function fillPart(part: string, variables: Readonly<Record<string, string>>, html: boolean): string {
  const pieces = piecesOf(part);
  let out = pieces[0] as string;
  for (let i = 1; i < pieces.length; i += 3) {
    const name = pieces[i + 1] as string;
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    out += value === undefined ? (pieces[i] as string) : html && !name.endsWith('Html') ? escapeHtml(value) : value;
    out += pieces[i + 2] as string;
  }
  return out;
}

/** Parsed template texts (see {@link piecesOf}). */
const PIECES = /* @__PURE__ */ new Map<string, readonly string[]>();

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
