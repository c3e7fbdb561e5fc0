/**
 * `createSmtpMailer`: a {@link Mailer} that sends through a nodemailer transport (or anything shaped like one).
 * Published as `taxsync/smtp`. taxsync never imports nodemailer: the host builds the transport and hands it over,
 * so the package has no run-time dependency on it and its types do not need `@types/nodemailer`.
 */
import { describeError } from '../internal/describe-error.js';
import { TaxsyncError } from '../errors/taxsync-error.js';
import { SmtpMailError, type SmtpErrorCode } from '../errors/smtp.js';
import type { Locale } from '../messages/catalogue.js';
import { throwIfAbortedBeforeCall } from '../internal/abort.js';
import type { MailMessage, MailReceipt, Mailer, MailerCapabilities, PortCallOptions } from '../ports.js';

// ── What taxsync needs from a transport ─────────────────────────────────────────────────────────────────────────

/**
 * The message handed to {@link SmtpTransport.sendMail}: a subset of nodemailer's `SendMailOptions`. Strings are
 * UTF-8; nodemailer encodes the subject (RFC 2047) and the bodies (quoted-printable or base64) itself, and sends
 * `text` + `html` as `multipart/alternative`.
 */
export interface SmtpMailOptions {
  /** Sender, as given in {@link SmtpMailerOptions.from}. */
  readonly from: string;
  /** The one recipient of the message. */
  readonly to: string;
  /** Reply-To, when {@link SmtpMailerOptions.replyTo} is set. */
  readonly replyTo?: string;
  /** Subject line, one line. */
  readonly subject: string;
  /** Plain-text body. */
  readonly text: string;
  /** HTML body, when the message has one. */
  readonly html?: string;
  /** The deterministic `Message-ID` derived from the idempotency key, angle brackets included. */
  readonly messageId: string;
  /** Extra headers: `Content-Language`. */
  readonly headers: Readonly<Record<string, string>>;
}

/** An address as nodemailer reports it in `accepted` / `rejected`: a string, or an object with `address`. */
export type SmtpAddress = string | { readonly address: string };

/** What {@link SmtpTransport.sendMail} resolves with: a subset of nodemailer's `SentMessageInfo`. */
export interface SmtpSendInfo {
  /** Message-ID of the message sent (for SMTP, the one taxsync set), or a provider's id. */
  readonly messageId?: string | undefined;
  /** Recipients the server accepted. */
  readonly accepted?: readonly SmtpAddress[] | undefined;
  /** Recipients the server refused. */
  readonly rejected?: readonly SmtpAddress[] | undefined;
  /** The server's last reply, such as `250 2.0.0 OK: queued as 4ZkL1`. */
  readonly response?: string | undefined;
}

/**
 * The part of a nodemailer `Transporter` that {@link createSmtpMailer} uses: one `sendMail` that resolves once the
 * server has accepted the message and rejects with an error carrying nodemailer's fields (`code`, `responseCode`,
 * `response`, `command`) otherwise. A transport from `nodemailer.createTransport(…)` fits as is; so does a wrapper
 * of your own (to log, or to count in tests).
 *
 * @example
 * ```ts
 * import nodemailer from 'nodemailer';
 * const transport: SmtpTransport = nodemailer.createTransport({ host: 'smtp.cabinet.ca', port: 587, auth: { user, pass } });
 * ```
 */
export interface SmtpTransport {
  /** Sends one message. */
  sendMail(mail: SmtpMailOptions): Promise<SmtpSendInfo>;
}

/**
 * Where {@link createSmtpMailer} remembers the idempotency keys it has sent, with their receipts. Make it durable
 * (a table with a unique key column, Redis…) so that an apply run again after a crash does not send again: a
 * `Map` only protects one process.
 *
 * @example
 * ```ts
 * const sent: MailIdempotencyStore = {
 *   async get(key) { return (await pool.query('SELECT id FROM mail_sent WHERE key = $1', [key])).rows[0]; },
 *   async set(key, receipt) { await pool.query('INSERT INTO mail_sent (key, id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [key, receipt.id]); },
 * };
 * ```
 */
export interface MailIdempotencyStore {
  /** The receipt of the message sent with `key`, or `undefined` when none was sent. */
  get(key: string): Promise<Pick<MailReceipt, 'id'> | undefined>;
  /** Records that the message of `key` was accepted by the server, with its receipt. */
  set(key: string, receipt: MailReceipt): Promise<void>;
}

/** Options of {@link createSmtpMailer}. */
export interface SmtpMailerOptions {
  /** Sender: `"Cabinet Lœuillet & Côté" <info@cabinet.ca>` or a bare address. Required. */
  readonly from: string;
  /** Reply-To of every message, when replies should go elsewhere than `from`. */
  readonly replyTo?: string;
  /** Domain of the generated Message-IDs (`<…@cabinet.ca>`). Default: the domain of `from`. */
  readonly messageIdDomain?: string;
  /**
   * Secret mixed into the Message-ID hash (HMAC-SHA-256 instead of SHA-256). Set it when your idempotency keys hold
   * something guessable, such as a client id that is an e-mail address: without a secret, anyone who reads a
   * Message-ID could test guesses of the key against it.
   */
  readonly messageIdSecret?: string;
  /**
   * Remembers the keys already sent: a key already sent returns its first receipt with `duplicate: true` without
   * sending, and concurrent sends of one key in a process share one delivery. `capabilities.idempotencyKeys` stays
   * `false` even with a store: a process that dies after the server accepted a message but before the store
   * recorded it would send it again, so workflows keep journaling each send (and report "delivery unknown" after a
   * crash during one rather than send twice); the store spares resends of what is known to be sent.
   * Without a store:
   * SMTP itself cannot deduplicate, so workflows journal the send and never risk a second one.
   */
  readonly idempotency?: MailIdempotencyStore;
  /** Language of error messages (`messageIn` renders the other one). Default: `DEFAULT_LOCALE` ('fr'). */
  readonly locale?: Locale;
}

/** The SMTP mailer: a {@link Mailer} that can also tell the Message-ID of a key. */
export interface SmtpMailer extends Mailer {
  /**
   * The Message-ID a message with `idempotencyKey` is sent with, angle brackets included: always the same for one
   * key, so a resend can be recognised in the mail log or by the receiving system. The key itself is hashed.
   */
  messageIdFor(idempotencyKey: string): Promise<string>;
}

/** Transport and system codes of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

interface TransportErrorFields {
  readonly code?: unknown;
  readonly originalCode?: unknown;
  readonly responseCode?: unknown;
  readonly response?: unknown;
  readonly command?: unknown;
}

/** Maps an error of `sendMail` (nodemailer's fields, or a plain error) to an {@link SmtpMailError}. */
function smtpError(error: unknown, locale: Locale | undefined): SmtpMailError {
  const fields: TransportErrorFields = typeof error === 'object' && error !== null ? (error as TransportErrorFields) : {};
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const originalCode = typeof fields.originalCode === 'string' ? fields.originalCode : undefined;
  const response = typeof fields.response === 'string' && fields.response.trim() !== '' ? fields.response.trim() : undefined;
  const status = typeof fields.responseCode === 'number' && fields.responseCode >= 400 && fields.responseCode < 600 ? fields.responseCode : undefined;
  const command = typeof fields.command === 'string' && fields.command !== '' && fields.command !== 'CONN' && fields.command !== 'API' ? fields.command : undefined;
  const detail = describeError(response ?? error);
  const make = (smtpCode: SmtpErrorCode, retryable: boolean): SmtpMailError =>
    new SmtpMailError(smtpCode, { detail, ...(status === undefined ? {} : { status }), ...(command === undefined ? {} : { command }) }, {
      retryable,
      ...(status === undefined ? {} : { responseCode: status }),
      ...(typeof fields.command === 'string' && fields.command !== '' ? { command: fields.command } : {}),
      ...(code === undefined ? {} : { transportCode: code }),
      ...(locale === undefined ? {} : { locale }),
    });
  if (status !== undefined) {
    // RFC 5321: 5yz is permanent, 4yz transient. 503 (bad sequence of commands) is a session fault, not a refusal.
    const permanent = status >= 500 && status !== 503;
    if (code === 'EAUTH' && permanent) return make('smtp_auth_failed', false);
    return permanent ? make('smtp_rejected', false) : make('smtp_deferred', true);
  }
  if (code === 'EAUTH' || code === 'ENOAUTH') return make('smtp_auth_failed', false);
  if ((code !== undefined && NETWORK_CODES.has(code)) || (originalCode !== undefined && NETWORK_CODES.has(originalCode))) return make('smtp_unreachable', true);
  // Refused by the transport before the server saw it (an address it cannot parse, a message too large).
  if (code === 'EENVELOPE' || code === 'EMESSAGE' || code === 'EMAXRECIPIENTS') return make('smtp_rejected', false);
  return make('smtp_failed', false);
}

// ── Validation ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Control characters, CR and LF first: in a header they would start a new header (header injection). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const ADDR = String.raw`[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+`;
/** One address, bare or with a display name (quoted when it holds a comma, a colon or an @). */
const ONE_ADDRESS = new RegExp(String.raw`^(?:${ADDR}|(?:"[^"\\]*"|[^"<>@,;:\\]*)\s*<${ADDR}>)$`, 'u');
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;
const DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** Why `message` cannot be sent, or `undefined` when it can. */
function invalidReason(message: MailMessage): string | undefined {
  if (typeof message !== 'object' || message === null) return 'no message';
  const missing = (['to', 'subject', 'text', 'idempotencyKey'] as const).filter((k) => typeof message[k] !== 'string' || message[k].trim() === '');
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  if (CONTROL.test(message.to)) return 'the recipient holds a line break or a control character';
  if (CONTROL.test(message.subject)) return 'the subject holds a line break or a control character';
  if (!ONE_ADDRESS.test(message.to.trim())) return 'the recipient is not one e-mail address';
  if (message.html !== undefined && typeof message.html !== 'string') return 'html is not a string';
  if (message.language !== undefined && (typeof message.language !== 'string' || !LANGUAGE_TAG.test(message.language))) return 'the language is not a language tag';
  return undefined;
}

/** The domain of the address in `from` (`"Cabinet" <info@cabinet.ca>` → `cabinet.ca`). */
function domainOf(address: string): string | undefined {
  const match = /@([^\s@<>]+)>?\s*$/.exec(address);
  return match?.[1]?.toLowerCase();
}

const hex = (buffer: ArrayBuffer): string => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

// ── The mailer ──────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A {@link Mailer} over SMTP, through the nodemailer transport you built (pooling, TLS, authentication and DKIM are
 * the transport's business). Each message goes to one recipient as UTF-8, `text` and `html` as
 * `multipart/alternative`, with `Content-Language` set from `message.language` and a Message-ID derived from the
 * idempotency key (hashed: the key never appears in the message), so the same key always gives the same
 * Message-ID and a resend can be spotted.
 *
 * With `options.idempotency`, a key already sent is not sent again (`duplicate: true`) and concurrent sends of one
 * key in this process share one delivery. SMTP leaves one gap no adapter can close: if the connection drops after
 * the message was transmitted but before the server's reply, or the process stops before the store records the
 * key, a retry sends again — with the same Message-ID.
 *
 * Failures are {@link SmtpMailError}s saying whether a retry can help; an invalid message is refused with a
 * `mail_invalid` {@link taxsync!TaxsyncError} before anything is sent.
 *
 * `send` honours the call's `signal` until the message is handed to the transport (an `AbortError`: nothing was
 * sent); from then on the send completes, since a message on its way cannot be recalled.
 *
 * @throws TypeError when `from`, `replyTo` or `messageIdDomain` is not usable.
 *
 * @example
 * ```ts
 * import nodemailer from 'nodemailer';
 * import { createSmtpMailer } from 'taxsync/smtp';
 *
 * const transport = nodemailer.createTransport({ host: 'smtp.cabinet.ca', port: 587, auth: { user, pass } });
 * const mailer = createSmtpMailer(transport, { from: '"Cabinet Lœuillet & Côté" <info@cabinet.ca>', idempotency: sentMailTable });
 * await applyClientImport(preview, { store, portal, mailer });
 * ```
 */
export function createSmtpMailer(transport: SmtpTransport, options: SmtpMailerOptions): SmtpMailer {
  if (typeof transport?.sendMail !== 'function') throw new TypeError('createSmtpMailer needs a transport with a sendMail method (nodemailer.createTransport(…))');
  if (typeof options?.from !== 'string' || CONTROL.test(options.from) || !ONE_ADDRESS.test(options.from.trim())) {
    throw new TypeError('createSmtpMailer needs options.from: one address, such as "Cabinet" <info@cabinet.ca>, on one line');
  }
  if (options.replyTo !== undefined && (typeof options.replyTo !== 'string' || CONTROL.test(options.replyTo) || !ONE_ADDRESS.test(options.replyTo.trim()))) {
    throw new TypeError('createSmtpMailer: options.replyTo must be one address on one line');
  }
  const domain = options.messageIdDomain ?? domainOf(options.from);
  if (domain === undefined || !DOMAIN.test(domain)) {
    throw new TypeError('createSmtpMailer: options.messageIdDomain must be a domain name in ASCII (punycode), such as cabinet.ca');
  }
  const from = options.from.trim();
  const replyTo = options.replyTo?.trim();
  const store = options.idempotency;
  const locale = options.locale;
  const secret = options.messageIdSecret;
  const inFlight = new Map<string, Promise<MailReceipt>>();
  // Keys sent but that the store failed to record: at least this process will not send them again.
  const unrecorded = new Map<string, MailReceipt>();
  // Never `true`: between the server's acceptance and store.set() lies a window no SMTP client can close.
  const capabilities: MailerCapabilities = Object.freeze({ idempotencyKeys: false });

  let hmacKey: Promise<CryptoKey> | undefined;
  const digest = async (key: string): Promise<string> => {
    const data = new TextEncoder().encode(key);
    if (secret === undefined) return hex(await crypto.subtle.digest('SHA-256', data));
    hmacKey ??= crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return hex(await crypto.subtle.sign('HMAC', await hmacKey, data));
  };
  const messageIdFor = async (idempotencyKey: string): Promise<string> => `<${(await digest(idempotencyKey)).slice(0, 32)}.taxsync@${domain}>`;

  const deliver = async (message: MailMessage, signal: AbortSignal | undefined): Promise<MailReceipt> => {
    const messageId = await messageIdFor(message.idempotencyKey);
    const mail: SmtpMailOptions = {
      from,
      to: message.to.trim(),
      ...(replyTo === undefined ? {} : { replyTo }),
      subject: message.subject,
      text: message.text,
      ...(message.html === undefined || message.html === '' ? {} : { html: message.html }),
      messageId,
      headers: message.language === undefined ? {} : { 'Content-Language': message.language },
    };
    let info: SmtpSendInfo;
    // The last moment a stop can keep the message from leaving; once handed to the transport it cannot be recalled.
    throwIfAbortedBeforeCall(signal);
    try {
      info = (await transport.sendMail(mail)) ?? {};
    } catch (error) {
      throw smtpError(error, locale);
    }
    // A transport configured to resolve despite refused recipients (or a provider API) reports them here.
    if ((info.rejected?.length ?? 0) > 0 && (info.accepted?.length ?? 0) === 0) {
      throw new SmtpMailError('smtp_rejected', { detail: describeError(info.response ?? 'recipient refused') }, { retryable: false, ...(locale === undefined ? {} : { locale }) });
    }
    const receipt: MailReceipt = { id: typeof info.messageId === 'string' && info.messageId !== '' ? info.messageId : messageId, duplicate: false };
    if (store !== undefined) {
      try {
        await store.set(message.idempotencyKey, receipt);
      } catch {
        // The message has left: a store that fails to record it must not turn a delivery into a reported failure.
        unrecorded.set(message.idempotencyKey, receipt);
      }
    }
    return receipt;
  };

  return {
    capabilities,
    messageIdFor,
    async send(message: MailMessage, options?: PortCallOptions): Promise<MailReceipt> {
      const signal = options?.signal;
      throwIfAbortedBeforeCall(signal);
      const reason = invalidReason(message);
      if (reason !== undefined) throw new TaxsyncError('mail_invalid', { detail: reason }, locale === undefined ? {} : { locale });
      if (store === undefined) return deliver(message, signal);
      const key = message.idempotencyKey;
      const pending = inFlight.get(key);
      if (pending !== undefined) return { id: (await pending).id, duplicate: true };
      const known = unrecorded.get(key) ?? (await store.get(key));
      if (known !== undefined) return { id: known.id, duplicate: true };
      // A send of the same key may have started while the store answered.
      const raced = inFlight.get(key);
      if (raced !== undefined) return { id: (await raced).id, duplicate: true };
      const sending = deliver(message, signal);
      inFlight.set(key, sending);
      try {
        return await sending;
      } finally {
        inFlight.delete(key);
      }
    },
  };
}
