/**
 * `createClientFormHandler`: the website form's endpoint, as a Web-standard `(Request) => Promise<Response>`.
 * Web APIs only (Request, Response, URL, TextDecoder, crypto.subtle): it runs in Node ≥ 20, Next.js route
 * handlers, Cloudflare Workers, Deno and Bun.
 */
import { isTaxsyncError } from '../../errors/taxsync-error.js';
import { InvalidArgumentError } from '../../errors/invalid-argument.js';
import { validateEmail, validatePhone, validateSin } from '../../model/identifiers.js';
import { renderMessage, type FormMessageCode, type Locale, type MessageParams } from '../../messages/catalogue.js';
import { createMemoryRateLimitStore } from './memory-rate-limit.js';
import { concatBytes } from '../../internal/bytes.js';
import { checkInvitationSetup, inviteOrMatchClient, type InvitationPorts, type InvitationSettings, type InvitationStatus, type InviteOrMatchResult } from '../../workflow/invitations.js';
import { describeError } from '../../internal/describe-error.js';
import type { RateLimitRule, RateLimitStore } from './rate-limit.js';
import { CLIENT_FORM_FIELDS, DEFAULT_HONEYPOT_FIELD, renderClientForm, renderPage, type ClientFormFieldName, type ClientFormOptionalField } from './render.js';
import { escapeHtml } from '../../internal/html.js';
import { CLIENT_FORM_TEXTS } from '../../messages/form-page.js';
import { importFormSecret, issueFormToken, keyedHash, readFormToken, type FormKey, type FormSecret } from './token.js';
import { guardPorts } from '../../workflow/ports-guard.js';
import { DEFAULT_LOCALE } from '../../messages/define.js';

// ── Public types ────────────────────────────────────────────────────────────────────────────────────────────────

/** The ports the form works through: those of an invitation, plus where rate limits are counted. */
export interface ClientFormPorts extends InvitationPorts {
  /**
   * Where submissions are counted for the rate limits. Default: a new `createMemoryRateLimitStore()`, right for one
   * process; with several instances (serverless, a cluster) give a shared one, such as
   * `createPostgresRateLimitStore(pool)` from `taxsync/postgres`.
   */
  readonly rateLimits?: RateLimitStore;
}

/** The rate limits of the form. `false` turns one off. */
export interface ClientFormRateLimits {
  /** Requests per client address (every POST, valid or not). Default 10 per 10 minutes. */
  readonly perAddress?: RateLimitRule | false;
  /** Accepted submissions per e-mail address (case-insensitive). Default 5 per hour. */
  readonly perEmail?: RateLimitRule | false;
}

/** What the CAPTCHA hook is given. */
export interface ClientFormCaptchaInput {
  /** Every field received, as strings (the widget's answer is among them: `cf-turnstile-response`, `h-captcha-response`, `g-recaptcha-response`). */
  readonly fields: Readonly<Record<string, string>>;
  /** The client address, when known (the providers' `remoteip`). */
  readonly clientAddress: string | undefined;
  /** The request, for anything else (headers). Its body was already read. */
  readonly request: Request;
}

/** The real outcome of an accepted submission, for the host (the visitor never sees it). */
export interface ClientFormOutcome {
  /** What `inviteOrMatchClient` did: `created`, `matched` (with `by`) or `conflict`, and the invitation's outcome. */
  readonly result: InviteOrMatchResult;
  /** The visitor's language. */
  readonly locale: Locale;
  /** When the submission was received, ISO 8601 UTC. */
  readonly receivedAt: string;
}

/** What happened to a request, for the log. */
export type ClientFormLogEvent = 'submission_accepted' | 'submission_rejected' | 'submission_failed' | 'invitation_failed';

/** One line of the handler's log. Personal data is masked (`z***@exemple.ca`); SINs and addresses never appear. */
export interface ClientFormLogEntry {
  /** `info` for accepted submissions, `warn` for refused ones and failed invitations, `error` for failures of a port. */
  readonly level: 'info' | 'warn' | 'error';
  /** What happened. */
  readonly event: ClientFormLogEvent;
  /** The answer's code (`form_received`, `form_rate_limited`, …). */
  readonly code: FormMessageCode;
  /** The HTTP status answered. */
  readonly status: number;
  /** What happened, in English, masked. */
  readonly message: string;
  /** For accepted submissions: `created`, `matched` or `conflict`. */
  readonly outcome?: InviteOrMatchResult['status'];
  /** For accepted submissions: how a client was matched, or why it was a conflict. */
  readonly detail?: string;
  /** The client's id, when one was found or created. */
  readonly clientId?: string;
  /** The invitation's status, when one was attempted. */
  readonly invitation?: InvitationStatus;
  /** The e-mail typed in the form, masked. */
  readonly email?: string;
}

/** Options of {@link createClientFormHandler}. Every protection is on by default. */
export interface CreateClientFormHandlerOptions extends InvitationSettings {
  /**
   * The host's secret, at least 32 bytes (e.g. `process.env.FORM_SECRET`, made with `openssl rand -base64 32`).
   * It signs the time each form was shown (a hidden `formToken` field), so the minimum fill time cannot be forged,
   * and keys the hashes the rate limits are counted under. Required unless `minFillTimeMs` is `0`.
   */
  readonly secret?: FormSecret;
  /** Account manager assigned to the clients the form creates. */
  readonly accountManager?: string;
  /**
   * Origins (`https://www.cabinet-exemple.ca`) whose pages may post the form, besides the handler's own (whose
   * pages it serves itself); CORS is answered for these only. A request from any other `Origin` gets 403.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Refuse requests without an `Origin` header (every current browser sends one with a form POST; scripts and robots
   * often do not). Default `true`. Set `false` to accept server-to-server posts.
   */
  readonly requireOrigin?: boolean;
  /** Largest body accepted, in bytes. Default 8,192 (a filled form is under 1 KB). From 512 to 1,048,576. */
  readonly maxBodyBytes?: number;
  /** Shortest time between showing the form and sending it, in ms. Default 3,000. `0` turns the check (and the token) off. */
  readonly minFillTimeMs?: number;
  /** Longest time a shown form stays valid, in ms. Default 12 hours. */
  readonly maxFormAgeMs?: number;
  /** Name of the honeypot field (must match `renderClientForm`'s). Default `'website'`. */
  readonly honeypotField?: string;
  /** Rate limits per client address and per e-mail, over a sliding window. */
  readonly rateLimit?: ClientFormRateLimits;
  /**
   * The client address of a request, when the platform gives it in a header you trust (`CF-Connecting-IP` on
   * Cloudflare, the last hop of `X-Forwarded-For` behind your own proxy). The Node adapter passes the socket's
   * address instead. Unknown addresses share one bucket.
   */
  readonly clientAddress?: (request: Request) => string | undefined;
  /**
   * CAPTCHA check (Turnstile, hCaptcha, reCAPTCHA…): return `true` when the widget's answer verifies with the
   * provider. Called for well-formed submissions only; a `false` or a throw answers 403.
   */
  readonly verifyCaptcha?: (input: ClientFormCaptchaInput) => boolean | Promise<boolean>;
  /** Told the real outcome of each accepted submission. A throw is logged, never shown to the visitor. */
  readonly onOutcome?: (outcome: ClientFormOutcome) => void | Promise<void>;
  /**
   * Receives one masked entry per POST, and one per failure of the work done after answering. Without a logger, a
   * failure of that work (a port down, `onOutcome` throwing) is written to `console.error`, masked, so it is never lost.
   */
  readonly logger?: (entry: ClientFormLogEntry) => void;
  /**
   * Runs the matching and inviting after the answer is sent: the platform's way to keep work alive past the response
   * (Cloudflare Workers' `ctx.waitUntil`, Vercel's `waitUntil` from `@vercel/functions`, Next.js `after`). When given
   * (here or per request in the context), an accepted submission is answered as soon as it is validated and its rate
   * limits counted, so the answer's delay cannot tell a client from a stranger. The work never rejects: its failures
   * go to the `logger`. {@link toNodeHandler} gives one by default (Node's process lives on).
   */
  readonly waitUntil?: (work: Promise<unknown>) => void;
  /**
   * Without `waitUntil`: the shortest time, in ms, before an accepted submission is answered, plus a random jitter
   * of up to a tenth of it, so that found, created and already-invited answer after the same delay. It must exceed
   * the host's worst usual time to look up, create and invite (mail included); work that takes longer is answered
   * when it ends. Default 1,500. From 0 (off) to 30,000. Not used when the work runs in the background.
   */
  readonly minResponseMs?: number;
  /** Language when neither the form nor `Accept-Language` says. Default: `DEFAULT_LOCALE` ('fr'). */
  readonly defaultLocale?: Locale;
  /** Optional fields of the form the handler serves on `GET` (see `renderClientForm`). Default `['phone', 'language']`. */
  readonly fields?: readonly ClientFormOptionalField[];
  /** Where the form served on `GET` posts. Default: the path it was served from. */
  readonly action?: string;
  /** Clock. */
  readonly now?: () => Date;
}

/** Per-request facts the platform knows and the Web `Request` does not carry. */
export interface ClientFormRequestContext {
  /** The client's IP address (the Node adapter gives the socket's). Wins over `options.clientAddress`. */
  readonly clientAddress?: string;
  /** This request's `waitUntil` (a Worker's `ctx.waitUntil`, bound). Wins over `options.waitUntil`. */
  readonly waitUntil?: (work: Promise<unknown>) => void;
}

/**
 * The handler: give it a `Request`, get a `Response`. Also issues form tokens and renders the form, for hosts that
 * serve the form from their own pages.
 */
export interface ClientFormHandler {
  /**
   * Answers one request: `POST` a submission (form-encoded, multipart or JSON), `GET` the form as a page (with a
   * fresh token), `OPTIONS` a CORS preflight from an allowed origin; anything else 405.
   */
  (request: Request, context?: ClientFormRequestContext): Promise<Response>;
  /** A new signed form token dated now, for `renderClientForm({ token })`. Throws `invalid_input` without a `secret`. */
  issueFormToken(): Promise<string>;
  /**
   * Resolves when the work handed to `waitUntil` so far (matching, inviting, `onOutcome`) has finished: await it on
   * shutdown (`SIGTERM`) so no invitation is cut off. Never rejects.
   */
  settled(): Promise<void>;
}

// ── Defaults and checks ─────────────────────────────────────────────────────────────────────────────────────────

const DEFAULT_PER_ADDRESS: RateLimitRule = { limit: 10, windowMs: 10 * 60_000 };
const DEFAULT_PER_EMAIL: RateLimitRule = { limit: 5, windowMs: 60 * 60_000 };
const DEFAULT_MIN_RESPONSE_MS = 1_500;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const CLOCK_SKEW_MS = 60_000;
const NAME = /^[\p{L}\p{M}](?:[\p{L}\p{M} '’.-]*[\p{L}\p{M}.])?$/u;
const MAX_LENGTH: Readonly<Record<ClientFormFieldName, number>> = { firstName: 100, lastName: 100, email: 254, sin: 20, phone: 40 };
const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const MULTIPART_TYPE = 'multipart/form-data';

/** Masks an e-mail for a log: first character of the local part, then the domain. */
const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  return at < 1 ? '***' : `${email[0]}***${email.slice(at)}`;
};

function checkRule(rule: RateLimitRule | false | undefined, name: string, fallback: RateLimitRule): RateLimitRule | false {
  if (rule === false) return false;
  if (rule === undefined) return fallback;
  if (typeof rule !== 'object' || !Number.isSafeInteger(rule.limit) || rule.limit < 1 || !Number.isSafeInteger(rule.windowMs) || rule.windowMs < 1) {
    throw new InvalidArgumentError('invalid_input', { detail: `rateLimit.${name} must be false or { limit, windowMs } with whole numbers of at least 1` });
  }
  return { limit: rule.limit, windowMs: rule.windowMs };
}

function wholeOption(value: number | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new InvalidArgumentError('invalid_input', { detail: `${name} must be a whole number from ${min} to ${max}` });
  return value;
}

/** The visitor's language from `Accept-Language` (by quality), or `undefined`. */
function acceptedLocale(header: string | null): Locale | undefined {
  if (header === null) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const found = ranked.find((r) => r.lang === 'fr' || r.lang === 'en');
  return found?.lang as Locale | undefined;
}

const asLocale = (value: unknown): Locale | undefined => (value === 'fr' || value === 'en' ? value : undefined);

// ── Reading the body ────────────────────────────────────────────────────────────────────────────────────────────

/** A refusal: the status, the code of its message, and what the answer needs. */
class Refusal {
  constructor(
    readonly status: number,
    readonly code: FormMessageCode,
    readonly params: MessageParams = {},
    readonly extra: { readonly retryAfterSeconds?: number; readonly errors?: Partial<Record<ClientFormFieldName, FormMessageCode>>; readonly refill?: boolean } = {},
  ) {}
}

/** Reads at most `max` bytes of the body; more is a 413, whatever `Content-Length` said. */
async function readBody(request: Request, max: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > max) throw new Refusal(413, 'form_too_large', { max });
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => undefined);
        throw new Refusal(413, 'form_too_large', { max });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal(400, 'form_malformed');
  }
  return concatBytes(chunks, size);
}

/** The fields of a body, every value a string. Throws a {@link Refusal} for what cannot be read. */
async function parseFields(type: string, contentType: string, body: Uint8Array): Promise<Record<string, string>> {
  const malformed = (): Refusal => new Refusal(400, 'form_malformed');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    if (type !== MULTIPART_TYPE) throw malformed();
    text = '';
  }
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  if (type === JSON_TYPE) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw malformed();
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw malformed();
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'string') fields[key] = value;
      else if (typeof value === 'number' && Number.isFinite(value)) fields[key] = String(value);
      else if (value !== null && value !== undefined) throw malformed();
    }
    return fields;
  }
  if (type === FORM_TYPE) {
    for (const [key, value] of new URLSearchParams(text)) if (!(key in fields)) fields[key] = value;
    return fields;
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw malformed();
  }
  for (const [key, value] of form) {
    if (typeof value !== 'string') throw malformed();
    if (!(key in fields)) fields[key] = value;
  }
  return fields;
}

// ── Validating the fields ───────────────────────────────────────────────────────────────────────────────────────

interface ValidForm {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly sin?: string;
  readonly phone?: string;
}

const clean = (value: string | undefined): string => (value ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * Checks every field, and collects every problem (a visitor fixes them all at once). Names are always required,
 * even for a person who is already a client: asking only some visitors for them would tell who is a client.
 */
function validate(fields: Readonly<Record<string, string>>): ValidForm {
  const errors: Partial<Record<ClientFormFieldName, FormMessageCode>> = {};
  const values: Partial<Record<ClientFormFieldName, string>> = {};
  for (const name of ['firstName', 'lastName', 'email', 'sin', 'phone'] as const) {
    const value = clean(fields[CLIENT_FORM_FIELDS[name]]);
    if (value.length > MAX_LENGTH[name]) errors[name] = 'form_field_too_long';
    else values[name] = value;
  }
  for (const name of ['firstName', 'lastName'] as const) {
    const value = values[name];
    if (value === undefined) continue;
    if (value === '') errors[name] = 'form_field_required';
    else if (!NAME.test(value)) errors[name] = 'form_field_name';
  }
  let email: string | undefined;
  if (values.email !== undefined) {
    if (values.email === '') errors.email = 'form_field_required';
    else {
      const checked = validateEmail(values.email);
      if (checked.ok) email = checked.value;
      else errors.email = 'form_field_email';
    }
  }
  let sin: string | undefined;
  if (values.sin !== undefined && values.sin !== '') {
    const checked = validateSin(values.sin);
    if (checked.ok) sin = checked.value;
    else errors.sin = 'form_field_sin';
  }
  let phone: string | undefined;
  if (values.phone !== undefined && values.phone !== '') {
    const checked = validatePhone(values.phone);
    if (checked.ok) phone = checked.value;
    else errors.phone = 'form_field_phone';
  }
  if (Object.keys(errors).length > 0 || email === undefined) throw new Refusal(422, 'form_fields_invalid', {}, { errors, refill: true });
  return { firstName: values.firstName ?? '', lastName: values.lastName ?? '', email, ...(sin === undefined ? {} : { sin }), ...(phone === undefined ? {} : { phone }) };
}

// ── The handler ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The website form's endpoint: recognises clients and invites the others, safely, as a Web-standard request
 * handler (`(request: Request) => Promise<Response>`) that Node 20 (through {@link toNodeHandler}), Next.js route
 * handlers, Hono, Cloudflare Workers, Deno and Bun all accept.
 *
 * A `POST` goes through, in order: the origin check (403, CORS only for `allowedOrigins`), the rate limit per client
 * address (429 with `Retry-After`), the body size limit (413) and its format (form-encoded, multipart or JSON; 415,
 * 400), the honeypot (400), the signed form token and minimum fill time (400), the fields (422, every problem at
 * once, the SIN's check digit included), the CAPTCHA hook (403), the rate limit per e-mail (429), then
 * `inviteOrMatchClient`: an existing client (by SIN or e-mail) is invited at the address on file and never changed,
 * a new one is created for `accountManager` and invited, once, however often the form is sent.
 *
 * **No enumeration.** The answer to an accepted submission is the same — status, headers and body — whether the
 * person was found, created, already invited or in conflict with another client: "if it matches our records, an
 * invitation is on its way". The real outcome goes to `onOutcome` and the `logger`. A SIN typed in the form is never
 * echoed back, even masked, nor put back in the form after an error. Nor does the answer's **delay** tell: with a
 * `waitUntil` (the platform's, or {@link toNodeHandler}'s default) the matching and inviting run after the answer;
 * without one, the answer waits at least `minResponseMs` (plus jitter), which must exceed the usual invite time.
 *
 * Answers are in the visitor's language (the `lang` field, else `Accept-Language`, else `defaultLocale`), as JSON
 * (`{ ok, code, message, fields? }`) when the request asks for it (`Accept: application/json`, or a JSON body
 * without `Accept: text/html`), else as an HTML page (the form again, filled in, after a fixable error).
 * A rate-limit store that fails answers 503 (before anything is looked up). Once a submission is accepted, a port that
 * fails is logged (`submission_failed`, level `error`) and the visitor gets the same answer as any other — a 503 there
 * would come only for the addresses whose work reaches the failing port; the workflow is idempotent, so resending is safe.
 *
 * @throws {@link InvalidArgumentError} `invalid_input` for options that cannot work (no secret with a minimum fill
 * time, a short secret, a bad origin or rate limit), and when the portal needs a mailer that is missing.
 *
 * @example
 * ```ts
 * import { createClientFormHandler, toNodeHandler } from 'taxsync';
 *
 * const handler = createClientFormHandler({ store, portal, mailer }, {
 *   secret: process.env.FORM_SECRET!,
 *   allowedOrigins: ['https://www.cabinet-exemple.ca'],
 *   accountManager: 'julie.tremblay',
 *   firmName: 'Cabinet Tremblay CPA',
 *   onOutcome: ({ result }) => audit(result),
 * });
 * http.createServer(toNodeHandler(handler)).listen(8080);   // work after the answer; await handler.settled() on SIGTERM
 * // Next.js: createClientFormHandler(ports, { ...options, waitUntil: after }); export const POST = handler
 * // Worker:  handler(request, { waitUntil: (work) => ctx.waitUntil(work) })
 * ```
 */
export function createClientFormHandler(ports: ClientFormPorts, options: CreateClientFormHandlerOptions = {}): ClientFormHandler {
  const invalid = (detail: string): InvalidArgumentError => new InvalidArgumentError('invalid_input', { detail });
  if (typeof ports !== 'object' || ports === null || ports.store === undefined || ports.portal === undefined) throw invalid('createClientFormHandler needs ports { store, portal, mailer }');
  ports = guardPorts(ports, { locale: options.defaultLocale });
  // A missing mailer or a template with an unknown variable fails here, not at the first visitor.
  checkInvitationSetup(ports, options);
  const minFillTimeMs = wholeOption(options.minFillTimeMs, 'minFillTimeMs', 3_000, 0, 3_600_000);
  const maxFormAgeMs = wholeOption(options.maxFormAgeMs, 'maxFormAgeMs', 12 * 3_600_000, 60_000, 30 * 24 * 3_600_000);
  const maxBodyBytes = wholeOption(options.maxBodyBytes, 'maxBodyBytes', 8_192, 512, 1_048_576);
  const minResponseMs = wholeOption(options.minResponseMs, 'minResponseMs', DEFAULT_MIN_RESPONSE_MS, 0, 30_000);
  if (options.waitUntil !== undefined && typeof options.waitUntil !== 'function') throw invalid('waitUntil must be a function, such as ctx.waitUntil.bind(ctx)');
  if (options.secret === undefined && minFillTimeMs > 0) {
    throw invalid('a secret is needed to sign the time each form is shown (minimum fill time); give options.secret (32+ random bytes), or set minFillTimeMs: 0 to turn the check off');
  }
  const key: FormKey | undefined = options.secret === undefined ? undefined : importFormSecret(options.secret);
  const honeypot = options.honeypotField ?? DEFAULT_HONEYPOT_FIELD;
  const allowedOrigins = options.allowedOrigins?.map((origin) => {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw invalid(`allowedOrigins: "${String(origin)}" is not an origin such as https://www.cabinet-exemple.ca`);
    }
    if (parsed.origin === 'null' || parsed.origin !== origin.replace(/\/$/, '')) throw invalid(`allowedOrigins: "${origin}" must be a bare origin (scheme, host and port), such as https://www.cabinet-exemple.ca`);
    return parsed.origin;
  });
  const requireOrigin = options.requireOrigin ?? true;
  const perAddress = checkRule(options.rateLimit?.perAddress, 'perAddress', DEFAULT_PER_ADDRESS);
  const perEmail = checkRule(options.rateLimit?.perEmail, 'perEmail', DEFAULT_PER_EMAIL);
  const rateLimits = ports.rateLimits ?? createMemoryRateLimitStore();
  const defaultLocale = options.defaultLocale ?? DEFAULT_LOCALE;
  const now = options.now ?? (() => new Date());
  const fieldsShown = options.fields ?? ['phone', 'language'];
  // Fails now, not at the first visitor, for a bad field list or honeypot name.
  renderClientForm({ action: '/', fields: fieldsShown, honeypotField: honeypot });
  const settings: InvitationSettings = {
    ...(options.firmName === undefined ? {} : { firmName: options.firmName }),
    ...(options.templates === undefined ? {} : { templates: options.templates }),
  };
  const log = (entry: ClientFormLogEntry): void => {
    try {
      options.logger?.(entry);
    } catch {
      // A failing logger must not change the visitor's answer.
    }
  };
  // A failure of the work after acceptance: the visitor cannot be told, so the firm must be, logger or not.
  const logFailure = (entry: ClientFormLogEntry): void => {
    if (options.logger === undefined) console.error('taxsync client form:', JSON.stringify(entry));
    else log(entry);
  };
  // The work handed to waitUntil and not finished yet, for settled().
  const pending = new Set<Promise<void>>();
  const settled = async (): Promise<void> => {
    while (pending.size > 0) await Promise.all([...pending]);
  };

  const newToken = async (): Promise<string> => {
    if (key === undefined) throw invalid('issueFormToken needs options.secret');
    return issueFormToken(key, now().getTime());
  };

  interface Answer {
    readonly locale: Locale;
    readonly json: boolean;
    readonly cors: Readonly<Record<string, string>>;
    readonly action: string;
    fields?: Readonly<Record<string, string>>;
  }

  const headersFor = (answer: Answer, type: string, extra: Record<string, string> = {}): Headers =>
    new Headers({
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-language': answer.locale,
      vary: 'Origin, Accept, Accept-Language',
      ...answer.cors,
      ...extra,
    });

  const formHtml = async (answer: Answer, extra: { message?: string; errors?: Partial<Record<ClientFormFieldName, string>> } = {}): Promise<string> => {
    const values = answer.fields;
    // A SIN sent from a form of the host's own that shows it must get its error next to it.
    const sent = values !== undefined && (values[CLIENT_FORM_FIELDS.sin] ?? '') !== '';
    return renderClientForm({
      action: answer.action,
      lang: answer.locale,
      fields: sent && !fieldsShown.includes('sin') ? ['sin', ...fieldsShown] : fieldsShown,
      honeypotField: honeypot,
      ...(key === undefined ? {} : { token: await newToken() }),
      ...(values === undefined
        ? {}
        : { values: { firstName: values[CLIENT_FORM_FIELDS.firstName] ?? '', lastName: values[CLIENT_FORM_FIELDS.lastName] ?? '', email: values[CLIENT_FORM_FIELDS.email] ?? '', phone: values[CLIENT_FORM_FIELDS.phone] ?? '' } }),
      ...(extra.message === undefined ? {} : { message: extra.message }),
      ...(extra.errors === undefined ? {} : { errors: extra.errors }),
    });
  };

  const answerRefusal = async (refusal: Refusal, answer: Answer): Promise<Response> => {
    const message = renderMessage(refusal.code, refusal.params, answer.locale);
    const extraHeaders: Record<string, string> = {};
    if (refusal.extra.retryAfterSeconds !== undefined) extraHeaders['retry-after'] = String(refusal.extra.retryAfterSeconds);
    if (refusal.status === 405) extraHeaders.allow = 'GET, HEAD, POST, OPTIONS';
    if (refusal.status === 413) extraHeaders.connection = 'close';
    const fieldErrors = Object.entries(refusal.extra.errors ?? {}).map(([field, code]) => [field, { code, message: renderMessage(code, { field }, answer.locale) }] as const);
    if (answer.json) {
      const body = { ok: false, code: refusal.code, message, ...(fieldErrors.length === 0 ? {} : { fields: Object.fromEntries(fieldErrors) }) };
      return new Response(JSON.stringify(body), { status: refusal.status, headers: headersFor(answer, 'application/json; charset=utf-8', extraHeaders) });
    }
    const texts = CLIENT_FORM_TEXTS[answer.locale];
    const body = refusal.extra.refill
      ? await formHtml(answer, { message, errors: Object.fromEntries(fieldErrors.map(([field, e]) => [field, e.message])) })
      : `<p role="alert">${escapeHtml(message)}</p>\n<p><a href="${escapeHtml(answer.action)}">${escapeHtml(texts.back)}</a></p>`;
    return new Response(renderPage(answer.locale, texts.title, body), { status: refusal.status, headers: headersFor(answer, 'text/html; charset=utf-8', extraHeaders) });
  };

  // One answer for every accepted submission, whatever happened: nothing in it may depend on the outcome.
  const accepted = (answer: Answer): Response => {
    const message = renderMessage('form_received', {}, answer.locale);
    if (answer.json) {
      return new Response(JSON.stringify({ ok: true, code: 'form_received', message }), { status: 200, headers: headersFor(answer, 'application/json; charset=utf-8') });
    }
    const texts = CLIENT_FORM_TEXTS[answer.locale];
    return new Response(renderPage(answer.locale, texts.title, `<p role="status">${escapeHtml(message)}</p>`), { status: 200, headers: headersFor(answer, 'text/html; charset=utf-8') });
  };

  const consume = async (kind: 'address' | 'email', value: string, rule: RateLimitRule): Promise<void> => {
    const decision = await rateLimits.hit({ key: `taxsync-form:${kind}:${await keyedHash(key, value)}`, ...rule, now: now().getTime() });
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new Refusal(429, 'form_rate_limited', { minutes: Math.max(1, Math.ceil(seconds / 60)) }, { retryAfterSeconds: seconds });
    }
  };

  /**
   * The matching and inviting of an accepted submission, and the host's callback. Never rejects: the visitor was (or
   * will be) told the same thing whatever happens here, so a failure is for the firm, through the logger.
   */
  const runAccepted = async (form: ValidForm, locale: Locale): Promise<void> => {
    const receivedAt = now().toISOString();
    try {
      const result = await inviteOrMatchClient({ ...form, language: locale }, ports, {
        ...settings,
        ...(options.accountManager === undefined ? {} : { accountManager: options.accountManager }),
        defaultLanguage: locale,
        locale: 'en',
        now,
      });
      const invitation = result.status === 'conflict' ? undefined : result.invitation;
      log({
        level: 'info',
        event: 'submission_accepted',
        code: 'form_received',
        status: 200,
        message: result.status === 'conflict' ? result.message : `Client ${result.client.id} ${result.status}${result.by === undefined ? '' : ` by ${result.by}`}; invitation ${result.invitation.status}.`,
        outcome: result.status,
        ...(result.status === 'conflict' ? { detail: result.reason } : result.by === undefined ? {} : { detail: result.by }),
        ...(result.status === 'conflict' ? {} : { clientId: result.client.id }),
        ...(invitation === undefined ? {} : { invitation: invitation.status }),
        email: maskEmail(form.email),
      });
      if (invitation?.status === 'failed') {
        log({ level: 'warn', event: 'invitation_failed', code: 'form_received', status: 200, message: invitation.message ?? 'The invitation failed.', invitation: 'failed', email: maskEmail(form.email), ...(result.status === 'conflict' ? {} : { clientId: result.client.id }) });
      }
      try {
        await options.onOutcome?.({ result, locale, receivedAt });
      } catch (error) {
        logFailure({ level: 'error', event: 'submission_failed', code: 'form_received', status: 200, message: `onOutcome threw: ${describeError(error)}`, email: maskEmail(form.email) });
      }
    } catch (error) {
      logFailure({
        level: 'error',
        event: 'submission_failed',
        code: 'form_received',
        status: 200,
        message: isTaxsyncError(error) ? `${error.code}: ${describeError(error)}` : describeError(error),
        email: maskEmail(form.email),
      });
    }
  };

  const handler = async (request: Request, context: ClientFormRequestContext = {}): Promise<Response> => {
    const startedAt = performance.now();
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const origin = request.headers.get('origin');
    // The handler's own origin is always allowed: the pages it serves (GET, a form with errors) post to it.
    const allowed = [url.origin, ...(allowedOrigins ?? [])];
    const originAllowed = origin !== null && allowed.includes(origin);
    const cors: Record<string, string> = originAllowed && origin !== url.origin ? { 'access-control-allow-origin': origin } : {};
    const contentType = request.headers.get('content-type') ?? '';
    const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
    const accept = (request.headers.get('accept') ?? '').toLowerCase();
    const json = accept.includes(JSON_TYPE) && !accept.includes('text/html') ? true : accept.includes('text/html') ? false : type === JSON_TYPE;
    const answer: Answer = {
      locale: asLocale(url.searchParams.get('lang')) ?? acceptedLocale(request.headers.get('accept-language')) ?? defaultLocale,
      json,
      cors,
      action: options.action ?? url.pathname,
    };
    let email: string | undefined;
    const refuse = async (refusal: Refusal): Promise<Response> => {
      log({
        level: 'warn',
        event: 'submission_rejected',
        code: refusal.code,
        status: refusal.status,
        message: renderMessage(refusal.code, refusal.params, 'en'),
        ...(email === undefined ? {} : { email: maskEmail(email) }),
      });
      return answerRefusal(refusal, answer);
    };

    if (method === 'OPTIONS') {
      if (!originAllowed) return answerRefusal(new Refusal(403, 'form_origin_forbidden'), answer);
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          'access-control-allow-methods': 'POST, GET',
          'access-control-allow-headers': 'Content-Type, Accept, Accept-Language',
          'access-control-max-age': '600',
          vary: 'Origin',
        },
      });
    }
    if (method === 'GET' || method === 'HEAD') {
      const texts = CLIENT_FORM_TEXTS[answer.locale];
      const page = renderPage(answer.locale, texts.title, await formHtml(answer));
      return new Response(method === 'HEAD' ? null : page, { status: 200, headers: headersFor({ ...answer, cors: {} }, 'text/html; charset=utf-8') });
    }
    if (method !== 'POST') return answerRefusal(new Refusal(405, 'form_method_not_allowed'), answer);

    try {
      if (origin === null ? requireOrigin : !originAllowed) throw new Refusal(403, 'form_origin_forbidden');
      if (type !== JSON_TYPE && type !== FORM_TYPE && type !== MULTIPART_TYPE) throw new Refusal(415, 'form_unsupported_type');
      const clientAddress = context.clientAddress ?? options.clientAddress?.(request) ?? undefined;
      if (perAddress !== false) await consume('address', clientAddress ?? 'unknown', perAddress);

      const fields = await parseFields(type, contentType, await readBody(request, maxBodyBytes));
      answer.fields = fields;
      const chosen = asLocale(fields[CLIENT_FORM_FIELDS.lang]);
      if (chosen !== undefined) Object.assign(answer, { locale: chosen });

      if ((fields[honeypot] ?? '') !== '') throw new Refusal(400, 'form_rejected');
      if (key !== undefined) {
        const token = await readFormToken(key, fields[CLIENT_FORM_FIELDS.token]);
        const at = now().getTime();
        if (!token.ok || token.issuedAt > at + CLOCK_SKEW_MS || at - token.issuedAt > maxFormAgeMs) throw new Refusal(400, 'form_expired', {}, { refill: true });
        const waited = at - token.issuedAt;
        if (waited < minFillTimeMs) throw new Refusal(400, 'form_too_fast', { seconds: Math.max(1, Math.ceil(minFillTimeMs / 1000)) }, { refill: true });
      }
      const form = validate(fields);
      email = form.email;
      if (options.verifyCaptcha !== undefined) {
        let passed = false;
        try {
          passed = (await options.verifyCaptcha({ fields: { ...fields }, clientAddress, request })) === true;
        } catch {
          passed = false;
        }
        if (!passed) throw new Refusal(403, 'form_captcha_failed', {}, { refill: true });
      }
      if (perEmail !== false) await consume('email', form.email.toLowerCase(), perEmail);

      // Accepted: from here on the answer is the same whatever the work finds, and so is its delay.
      const work = runAccepted(form, answer.locale);
      const waitUntil = context.waitUntil ?? options.waitUntil;
      if (waitUntil !== undefined) {
        pending.add(work);
        void work.finally(() => pending.delete(work));
        try {
          waitUntil(work);
        } catch (error) {
          // The platform refused to keep the work alive (outside a request's lifetime): it runs anyway, as far as it goes.
          logFailure({ level: 'error', event: 'submission_failed', code: 'form_received', status: 200, message: `waitUntil threw: ${describeError(error)}`, email: maskEmail(form.email) });
        }
      } else {
        await work;
        const wait = minResponseMs + Math.random() * (minResponseMs / 10) - (performance.now() - startedAt);
        if (wait > 0) await sleep(wait);
      }
      return accepted(answer);
    } catch (error) {
      if (error instanceof Refusal) return refuse(error);
      const refusal = new Refusal(503, 'form_unavailable');
      log({
        level: 'error',
        event: 'submission_failed',
        code: refusal.code,
        status: refusal.status,
        message: isTaxsyncError(error) ? `${error.code}: ${describeError(error)}` : describeError(error),
        ...(email === undefined ? {} : { email: maskEmail(email) }),
      });
      return answerRefusal(refusal, answer);
    }
  };

  return Object.assign(handler, { issueFormToken: newToken, settled });
}
