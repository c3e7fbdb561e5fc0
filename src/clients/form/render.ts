/**
 * `renderClientForm`: the website form as HTML a webmaster can paste, matching the handler's fields.
 */
import { InvalidArgumentError } from '../../errors/invalid-argument.js';
import { escapeHtml } from '../../internal/html.js';
import type { Locale } from '../../messages/catalogue.js';
import { CLIENT_FORM_TEXTS, type ClientFormTexts } from '../../messages/form-page.js';
import { DEFAULT_LOCALE } from '../../messages/define.js';

/** Names of the form's fields, as the handler reads them (form-encoded or JSON). */
export const CLIENT_FORM_FIELDS = /* @__PURE__ */ Object.freeze({
  firstName: 'firstName',
  lastName: 'lastName',
  email: 'email',
  sin: 'sin',
  phone: 'phone',
  /** The visitor's language (`fr` or `en`): the answer's, and the new client's. */
  lang: 'lang',
  /** The signed time the form was shown (see `createClientFormHandler`'s `secret`). */
  token: 'formToken',
});

/** Default name of the honeypot field: a text field people never see and robots fill in. */
export const DEFAULT_HONEYPOT_FIELD = 'website';

/** A field the form may show besides first name, last name and e-mail, which it always has. */
export type ClientFormOptionalField = 'sin' | 'phone' | 'language';

/** A field of the form that can carry an error message. */
export type ClientFormFieldName = 'firstName' | 'lastName' | 'email' | 'sin' | 'phone';

/** Options of {@link renderClientForm}. */
export interface RenderClientFormOptions {
  /** Where the form is sent: the URL the handler answers at (absolute, or relative to the page). */
  readonly action: string;
  /** Language of the labels, and the `lang` sent with the form. Default: `DEFAULT_LOCALE` ('fr'). */
  readonly lang?: Locale;
  /**
   * Optional fields to show, in this order after the e-mail: `'sin'`, `'phone'`, `'language'` (a choice of
   * French or English, sent as `lang`). Default: `['phone', 'language']`.
   */
  readonly fields?: readonly ClientFormOptionalField[];
  /**
   * The signed form token from `handler.issueFormToken()`, put in a hidden field. Needed when the handler has a
   * `secret` (it measures the fill time with it): render the form per page view, or let the handler serve it (`GET`).
   */
  readonly token?: string;
  /** Values to put back in the fields (after an error). The SIN is never put back. */
  readonly values?: Readonly<Partial<Record<'firstName' | 'lastName' | 'email' | 'phone', string>>>;
  /** Messages to show under fields, linked to them for screen readers. */
  readonly errors?: Readonly<Partial<Record<ClientFormFieldName, string>>>;
  /** A message above the fields (such as what went wrong), announced to screen readers. */
  readonly message?: string;
  /** Name of the honeypot field; the handler's `honeypotField` must be the same. Default `'website'`. */
  readonly honeypotField?: string;
  /** Prefix of the elements' ids, to put two forms on one page. Default `'taxsync-form'`. */
  readonly idPrefix?: string;
  /**
   * Trusted HTML put before the button, for a CAPTCHA widget (e.g. `<div class="cf-turnstile" data-sitekey="…">`).
   * Inserted as is: never put visitor input here.
   */
  readonly captchaHtml?: string;
  /** Replaces some of the texts of this language. */
  readonly texts?: Partial<ClientFormTexts>;
}

const ID_PREFIX = /^[A-Za-z][A-Za-z0-9_-]{0,40}$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,40}$/;

/**
 * The website form as an HTML fragment (`<form>…</form>`) to paste in a page or return from a server: accessible
 * (every field has a `<label>`, required and optional fields say so in words, errors are tied to their field with
 * `aria-describedby` and `aria-invalid`, the message above is a live region), in French or English (`lang` on the
 * form), with `autocomplete` tokens so browsers fill it in, and no script. It posts `application/x-www-form-urlencoded`
 * in UTF-8 with the fields {@link CLIENT_FORM_FIELDS} that `createClientFormHandler` reads, a honeypot field hidden
 * from people (off screen, out of the tab order, hidden from screen readers), and the signed form token.
 *
 * Every value and message is HTML-escaped; only `captchaHtml` is inserted as is.
 *
 * @throws {@link InvalidArgumentError} `invalid_input` for an empty action, an unknown field or language, or an
 * id prefix or honeypot name that is not a plain identifier.
 *
 * @example
 * ```ts
 * // In the firm's server, per page view (the token dates the form):
 * const html = renderClientForm({ action: '/api/client-form', lang: 'fr', fields: ['sin', 'phone', 'language'], token: await handler.issueFormToken() });
 * ```
 */
export function renderClientForm(options: RenderClientFormOptions): string {
  const invalid = (detail: string): InvalidArgumentError => new InvalidArgumentError('invalid_input', { detail });
  if (typeof options?.action !== 'string' || options.action.trim() === '') throw invalid('renderClientForm needs an action: the URL of the form handler');
  const lang = options.lang ?? DEFAULT_LOCALE;
  if (lang !== 'fr' && lang !== 'en') throw invalid('lang must be "fr" or "en"');
  const fields = options.fields ?? ['phone', 'language'];
  for (const field of fields) if (field !== 'sin' && field !== 'phone' && field !== 'language') throw invalid(`unknown form field "${String(field)}" (known: sin, phone, language)`);
  const prefix = options.idPrefix ?? 'taxsync-form';
  if (!ID_PREFIX.test(prefix)) throw invalid('idPrefix must be letters, digits, "-" or "_", starting with a letter');
  const honeypot = options.honeypotField ?? DEFAULT_HONEYPOT_FIELD;
  if (!FIELD_NAME.test(honeypot) || Object.values(CLIENT_FORM_FIELDS).includes(honeypot as never)) throw invalid('honeypotField must be a plain field name that the form does not otherwise use');

  const t: ClientFormTexts = { ...CLIENT_FORM_TEXTS[lang], ...options.texts };
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const id = (name: string): string => `${prefix}-${name}`;

  const input = (name: ClientFormFieldName, label: string, attributes: string, required: boolean, hint?: string): string => {
    const error = errors[name];
    const described = [hint === undefined ? '' : id(`${name}-hint`), error === undefined ? '' : id(`${name}-error`)].filter(Boolean).join(' ');
    const value = name === 'sin' ? undefined : values[name];
    return [
      `<p class="taxsync-form-field">`,
      `<label for="${id(name)}">${escapeHtml(label)} <span class="taxsync-form-${required ? 'required' : 'optional'}">(${escapeHtml(required ? t.required : t.optional)})</span></label>`,
      hint === undefined ? '' : `<br><small id="${id(`${name}-hint`)}">${escapeHtml(hint)}</small>`,
      `<br><input id="${id(name)}" name="${CLIENT_FORM_FIELDS[name]}" ${attributes}${required ? ' required' : ''}`,
      value === undefined || value === '' ? '' : ` value="${escapeHtml(value)}"`,
      described === '' ? '' : ` aria-describedby="${described}"`,
      error === undefined ? '' : ' aria-invalid="true"',
      `>`,
      error === undefined ? '' : `<br><strong class="taxsync-form-error" id="${id(`${name}-error`)}">${escapeHtml(error)}</strong>`,
      `</p>`,
    ].join('');
  };

  const parts: string[] = [
    `<form class="taxsync-client-form" action="${escapeHtml(options.action)}" method="post" accept-charset="UTF-8" lang="${lang}">`,
    `<p class="taxsync-form-intro">${escapeHtml(t.intro)}</p>`,
    `<div class="taxsync-form-message" role="alert" aria-live="assertive">${options.message === undefined ? '' : `<p>${escapeHtml(options.message)}</p>`}</div>`,
    input('firstName', t.firstName, 'type="text" autocomplete="given-name" maxlength="100"', true),
    input('lastName', t.lastName, 'type="text" autocomplete="family-name" maxlength="100"', true),
    input('email', t.email, 'type="email" autocomplete="email" maxlength="254" spellcheck="false"', true),
  ];
  let languageChosen = false;
  for (const field of fields) {
    if (field === 'sin') parts.push(input('sin', t.sin, 'type="text" inputmode="numeric" autocomplete="off" maxlength="20" spellcheck="false"', false, t.sinHint));
    else if (field === 'phone') parts.push(input('phone', t.phone, 'type="tel" autocomplete="tel" maxlength="40"', false));
    else if (!languageChosen) {
      languageChosen = true;
      const option = (value: Locale): string => `<option value="${value}" lang="${value}"${value === lang ? ' selected' : ''}>${escapeHtml(t.languages[value])}</option>`;
      parts.push(`<p class="taxsync-form-field"><label for="${id('lang')}">${escapeHtml(t.language)}</label><br><select id="${id('lang')}" name="${CLIENT_FORM_FIELDS.lang}">${option('fr')}${option('en')}</select></p>`);
    }
  }
  if (!languageChosen) parts.push(`<input type="hidden" name="${CLIENT_FORM_FIELDS.lang}" value="${lang}">`);
  // Off screen rather than display:none, which some robots recognise; aria-hidden and tabindex keep people away.
  parts.push(
    `<div class="taxsync-form-hp" aria-hidden="true" style="position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden">`,
    `<label for="${id(honeypot)}">${escapeHtml(t.honeypot)}</label><input id="${id(honeypot)}" name="${honeypot}" type="text" tabindex="-1" autocomplete="off" value="">`,
    `</div>`,
  );
  if (options.token !== undefined) parts.push(`<input type="hidden" name="${CLIENT_FORM_FIELDS.token}" value="${escapeHtml(options.token)}">`);
  if (options.captchaHtml !== undefined) parts.push(options.captchaHtml);
  parts.push(`<p><button type="submit">${escapeHtml(t.submit)}</button></p>`, `</form>`);
  return parts.join('\n');
}

/** A whole HTML page around a fragment (the form, or an answer). @internal */
export function renderPage(lang: Locale, title: string, body: string): string {
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body><main><h1>${escapeHtml(title)}</h1>`,
    body,
    '</main></body></html>',
  ].join('\n');
}
