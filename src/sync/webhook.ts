/**
 * Portal webhooks: signing and verifying the events a portal sends when a signature's state changes. HMAC-SHA256
 * over `timestamp + '.' + body` with Web Crypto, so it runs in Node ≥ 20, browsers and edge runtimes alike.
 */
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { WebhookVerificationError } from '../errors/webhook.js';
import type { SignatureCompletion } from '../model/signing.js';

/** Header carrying the Unix time (seconds) the event was signed at. */
export const WEBHOOK_TIMESTAMP_HEADER = 'taxsync-timestamp';
/** Header carrying the signatures: `v1=<hex>`, several separated by commas while the sender rotates secrets. */
export const WEBHOOK_SIGNATURE_HEADER = 'taxsync-signature';
/** Default tolerance between the event's timestamp and the receiver's clock: five minutes. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** What a webhook reports. */
export type PortalWebhookEventType = 'signature.updated' | 'document.created' | 'user.activated';

/**
 * An event a portal posts to the host. Events may arrive twice or out of order: key them by `id` and compare
 * `data.updatedAt` — or simply run `syncSignatures` for the client file concerned, which is idempotent.
 */
export interface PortalWebhookEvent {
  /** Unique id of the event (the same on redelivery). */
  readonly id: string;
  /** What happened. */
  readonly type: PortalWebhookEventType | (string & {});
  /** When it happened, ISO 8601 UTC. */
  readonly createdAt: string;
  /** For `signature.updated`: the completion as `listSignatureCompletions` would return it. */
  readonly data: SignatureCompletion | Readonly<Record<string, unknown>>;
}

/** Headers as Fetch (`Headers`), Node (`IncomingHttpHeaders`) or a plain object give them. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Options of {@link verifyPortalWebhook}. */
export interface VerifyPortalWebhookOptions {
  /** Largest accepted gap between the event's timestamp and now, in seconds. Default 300. */
  readonly toleranceSeconds?: number;
  /** Clock. */
  readonly now?: () => Date;
}

/** Options of {@link signPortalWebhook}. */
export interface SignPortalWebhookOptions {
  /** Unix time in seconds to sign with. Default: now. */
  readonly timestamp?: number;
}

const encoder = /* @__PURE__ */ new TextEncoder();
const keys = /* @__PURE__ */ new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    if (keys.size < 16) keys.set(secret, key);
  }
  return key;
}

const bodyBytes = (body: string | Uint8Array): Uint8Array => (typeof body === 'string' ? encoder.encode(body) : body);

async function hmac(secret: string, timestamp: string, body: Uint8Array): Promise<Uint8Array> {
  const prefix = encoder.encode(`${timestamp}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix, 0);
  message.set(body, prefix.length);
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', await hmacKey(secret), message as Uint8Array<ArrayBuffer>));
}

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function fromHex(hex: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Compares two MACs in time that depends only on their length. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(',') : (value as string | undefined);
}

/**
 * Signs a webhook body for a portal (or a test) to send: returns the two headers to add. With several secrets (a
 * rotation in progress), one signature per secret is sent.
 *
 * @example
 * ```ts
 * const body = JSON.stringify(event);
 * const headers = await signPortalWebhook(body, process.env.PORTAL_WEBHOOK_SECRET!);
 * await fetch(hostUrl, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
 * ```
 */
export async function signPortalWebhook(rawBody: string | Uint8Array, secret: string | readonly string[], options: SignPortalWebhookOptions = {}): Promise<Record<string, string>> {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const body = bodyBytes(rawBody);
  const signatures = await Promise.all(secrets.map(async (s) => `v1=${toHex(await hmac(s, timestamp, body))}`));
  return { [WEBHOOK_TIMESTAMP_HEADER]: timestamp, [WEBHOOK_SIGNATURE_HEADER]: signatures.join(',') };
}

/**
 * Verifies a portal webhook and returns its event: the HMAC-SHA256 of `timestamp + '.' + rawBody` must match one of
 * the signatures in the `taxsync-signature` header under one of `secrets` (give two during a rotation: the new one
 * and the old one), compared in constant time, and the timestamp must be within the tolerance of now (replays of
 * old events are refused). Pass the body exactly as received — before any JSON parsing.
 *
 * @throws {@link WebhookVerificationError} (`webhook_invalid`) with a `reason`: answer the sender with HTTP 400.
 *
 * @example
 * ```ts
 * // Express: app.post('/webhooks/portal', express.raw({ type: 'application/json' }), async (req, res) => { … })
 * const event = await verifyPortalWebhook(req.body, req.headers, [process.env.SECRET_NEW!, process.env.SECRET_OLD!]);
 * if (event.type === 'signature.updated') await syncSignatures({ clientFileIds: [fileOf(event)] }, { store, portal });
 * ```
 */
export async function verifyPortalWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string | readonly string[],
  options: VerifyPortalWebhookOptions = {},
): Promise<PortalWebhookEvent> {
  const invalid = (detail: string): InvalidArgumentError => new InvalidArgumentError('invalid_input', { detail });
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) throw invalid('verifyPortalWebhook needs the raw body as a string or a Uint8Array, exactly as received');
  if (typeof headers !== 'object' || headers === null) throw invalid('verifyPortalWebhook needs the request headers (a Headers object or a plain object)');
  if (typeof options !== 'object' || options === null) throw invalid('verifyPortalWebhook options must be an object');
  if (typeof secret !== 'string' && !Array.isArray(secret)) throw invalid('verifyPortalWebhook needs the secret as a string or an array of strings');
  const secrets = (typeof secret === 'string' ? [secret] : [...(secret as readonly unknown[])]).filter((s): s is string => typeof s === 'string' && s !== '');
  if (secrets.length === 0) throw invalid('verifyPortalWebhook needs at least one non-empty secret');
  const timestamp = header(headers, WEBHOOK_TIMESTAMP_HEADER)?.trim();
  const signatureHeader = header(headers, WEBHOOK_SIGNATURE_HEADER);
  if (timestamp === undefined || timestamp === '' || signatureHeader === undefined || signatureHeader.trim() === '') {
    throw new WebhookVerificationError('missing_header', `the ${WEBHOOK_TIMESTAMP_HEADER} and ${WEBHOOK_SIGNATURE_HEADER} headers are required`);
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError('bad_timestamp', `${WEBHOOK_TIMESTAMP_HEADER} must be Unix seconds`);
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const now = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    throw new WebhookVerificationError('too_old', `the event was signed ${Math.abs(now - Number(timestamp))} s from now, more than the ${tolerance} s allowed (a replay, or a clock out of sync)`);
  }
  const provided = signatureHeader
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => fromHex(part.slice(3)))
    .filter((mac): mac is Uint8Array => mac !== undefined);
  const body = bodyBytes(rawBody);
  let matched = false;
  // Every secret against every signature, without stopping early: the time taken says nothing about which matched.
  for (const s of secrets) {
    const expected = await hmac(s, timestamp, body);
    for (const mac of provided) matched = constantTimeEqual(expected, mac) || matched;
  }
  if (!matched) throw new WebhookVerificationError('signature_mismatch', 'no signature matches the body under the configured secrets');
  let event: unknown;
  try {
    event = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new WebhookVerificationError('malformed_body', 'the body is not JSON');
  }
  const e = event as Partial<PortalWebhookEvent> | null;
  if (e === null || typeof e !== 'object' || typeof e.id !== 'string' || typeof e.type !== 'string' || typeof e.createdAt !== 'string' || typeof e.data !== 'object' || e.data === null) {
    throw new WebhookVerificationError('malformed_body', 'the event needs id, type, createdAt and data');
  }
  return e as PortalWebhookEvent;
}
