/**
 * The form token: when the form was shown, signed by the host's secret, so the handler can measure how long a
 * visitor took to fill it in without trusting the browser. Web Crypto only (Node, Workers, Deno, Bun, browsers).
 *
 * Format: `v1.<issued at, base 36 ms>.<16 random bytes, base64url>.<HMAC-SHA-256, base64url>`. The MAC covers a
 * context string, the version, the time and the nonce: a token cannot be made, re-dated or moved between versions
 * without the secret, and verification is constant-time (`crypto.subtle.verify`).
 */
import { InvalidArgumentError } from '../../errors/invalid-argument.js';

/** A secret as the host gives it: at least 32 bytes (a string of 32+ characters, or bytes). */
export type FormSecret = string | Uint8Array;

const CONTEXT = 'taxsync-client-form';
const MIN_SECRET_BYTES = 32;
const encoder = /* @__PURE__ */ new TextEncoder();

const toBase64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (text: string): Uint8Array | undefined => {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
};

/** An HMAC-SHA-256 key for the form, imported once. @internal */
export interface FormKey {
  /** Signs the form token's payload. */
  readonly sign: (data: string) => Promise<Uint8Array>;
  /** Verifies a MAC in constant time. */
  readonly verify: (data: string, mac: Uint8Array) => Promise<boolean>;
}

/** Imports the host's secret; throws `invalid_input` when it is too short to be one. @internal */
export function importFormSecret(secret: FormSecret): FormKey {
  const bytes = typeof secret === 'string' ? encoder.encode(secret) : secret;
  if (!(bytes instanceof Uint8Array) || bytes.length < MIN_SECRET_BYTES) {
    throw new InvalidArgumentError('invalid_input', {
      detail: `the form secret must be at least ${MIN_SECRET_BYTES} bytes (for example 32 random bytes, base64-encoded, from an environment variable)`,
    });
  }
  const raw = new Uint8Array(bytes);
  let key: Promise<CryptoKey> | undefined;
  const getKey = (): Promise<CryptoKey> => (key ??= crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']));
  return {
    sign: async (data) => new Uint8Array(await crypto.subtle.sign('HMAC', await getKey(), encoder.encode(data))),
    verify: async (data, mac) => crypto.subtle.verify('HMAC', await getKey(), new Uint8Array(mac), encoder.encode(data)),
  };
}

const payload = (issuedAt: string, nonce: string): string => `${CONTEXT}\u0000v1\u0000${issuedAt}\u0000${nonce}`;

/** A new token saying the form was shown at `now` (ms). @internal */
export async function issueFormToken(key: FormKey, now: number): Promise<string> {
  const issuedAt = Math.floor(now).toString(36);
  const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  return `v1.${issuedAt}.${nonce}.${toBase64Url(await key.sign(payload(issuedAt, nonce)))}`;
}

/** What a token says: when the form was shown, or why it cannot be trusted. @internal */
export type FormTokenCheck = { readonly ok: true; readonly issuedAt: number } | { readonly ok: false };

/** Verifies a token's signature and reads its time. Never throws. @internal */
export async function readFormToken(key: FormKey, token: string | undefined): Promise<FormTokenCheck> {
  if (typeof token !== 'string' || token.length > 200) return { ok: false };
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') return { ok: false };
  const [, issuedAt = '', nonce = '', macText = ''] = parts;
  const mac = fromBase64Url(macText);
  if (!/^[0-9a-z]{1,12}$/.test(issuedAt) || !/^[A-Za-z0-9_-]{22}$/.test(nonce) || mac === undefined || mac.length !== 32) return { ok: false };
  if (!(await key.verify(payload(issuedAt, nonce), mac))) return { ok: false };
  return { ok: true, issuedAt: Number.parseInt(issuedAt, 36) };
}

/** A keyed hash (HMAC-SHA-256, 128 bits as hex) of a value, so rate-limit keys carry no personal data. @internal */
export async function keyedHash(key: FormKey | undefined, value: string): Promise<string> {
  const data = `${CONTEXT}\u0000rate\u0000${value}`;
  const digest = key === undefined ? new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(data))) : await key.sign(data);
  let hex = '';
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
