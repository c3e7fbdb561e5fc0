/**
 * `createHttpPortal`: a {@link Portal} for any portal that speaks taxsync's REST protocol (docs/portal-protocol.md),
 * on ky 1.x. Published as `taxsync/http`, so the core never loads ky.
 */
import ky, { TimeoutError, type KyInstance } from 'ky';
import { describeError } from '../internal/describe-error.js';
import { throwIfAbortedBeforeCall } from '../internal/abort.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { PortalHttpError, type PortalHttpErrorCode } from '../errors/portal-http.js';
import { maskText } from '../model/mask.js';
import { isPortalUser } from '../workflow/port-checks.js';
import type { Locale } from '../messages/catalogue.js';
import { DEFAULT_LOCALE } from '../messages/define.js';
import type {
  CompletionCertificate,
  DownloadSignedDocumentOptions,
  InviteClientInput,
  InviteClientResult,
  Portal,
  PortalCapabilities,
  PortCallOptions,
  PortalUser,
  SendDocumentInput,
  SendDocumentResult,
  SignedDocument,
} from '../ports.js';
import type { ListSignatureCompletionsQuery, SignatureCompletion } from '../model/signing.js';

/** Options of {@link createHttpPortal}. */
export interface HttpPortalOptions {
  /** Base URL of the protocol, version included: `https://portail.cabinet.ca/api/taxsync/v1`. */
  readonly baseUrl: string;
  /** Bearer token. Sent in the `Authorization` header only; never in an error, a log or a URL. */
  readonly token: string;
  /** Whether the portal e-mails its invitations itself (see {@link PortalCapabilities.sendsInvitations}). Default `false`. */
  readonly sendsInvitations?: boolean;
  /** Time allowed for one attempt, in ms. Default 10,000. */
  readonly timeoutMs?: number;
  /** Time allowed for a call, retries and waits included, in ms. Default 60,000. */
  readonly totalTimeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  readonly retries?: number;
  /** First backoff delay in ms, doubled at each retry (with jitter). Default 250. */
  readonly backoffMs?: number;
  /** Longest backoff delay in ms. Default 8,000. */
  readonly maxBackoffMs?: number;
  /** Longest `Retry-After` honoured, in ms; a longer one fails the call at once. Default 60,000. */
  readonly maxRetryAfterMs?: number;
  /** Completions per page. Default 100. */
  readonly pageSize?: number;
  /** A `fetch` to use instead of the global one (a proxy agent, a test double). */
  readonly fetch?: typeof globalThis.fetch;
  /** Language of error messages. Default: `DEFAULT_LOCALE` ('fr'). */
  readonly locale?: Locale;
}

/** The HTTP portal: a {@link Portal} plus the protocol's downloads. */
export interface HttpPortal extends Portal {
  sendDocument(input: SendDocumentInput, options?: PortCallOptions): Promise<SendDocumentResult>;
  listSignatureCompletions(query?: ListSignatureCompletionsQuery, options?: PortCallOptions): AsyncIterable<SignatureCompletion>;
  /** The signed PDF of a completion (keep it six years). */
  downloadSignedPdf(completionId: string, options?: { readonly signal?: AbortSignal }): Promise<Uint8Array>;
  /** The completion certificate (PDF) of a completion. */
  downloadCertificate(completionId: string, options?: { readonly signal?: AbortSignal }): Promise<Uint8Array>;
  downloadSignedDocument(completionId: string, options?: DownloadSignedDocumentOptions): Promise<SignedDocument | undefined>;
}

const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/** The signal of the call options given (both when two are given), as `call`'s `init` takes it. */
function signalOf(...given: readonly ({ readonly signal?: AbortSignal | undefined } | undefined)[]): { signal?: AbortSignal } {
  const signals = [...new Set(given.map((o) => o?.signal).filter((s): s is AbortSignal => s !== undefined))];
  if (signals.length === 0) return {};
  return { signal: signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals) };
}

/** A failure worth another attempt, with the wait the server asked for. */
class Retryable extends Error {
  constructor(readonly failure: PortalHttpError, readonly retryAfterMs?: number) {
    super(failure.message);
  }
}

function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

const base64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

/** `fetch failed (ECONNREFUSED)`: the message of a network error with the system's code, when there is one. */
function networkDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' ? `${message} (${code})` : message;
}

/** A credential in a text: an `Authorization` header, or a `Bearer`/`Basic` value, whoever's it is. */
const CREDENTIAL = /authorization\s*[:=]|\b(?:bearer|basic)\s+\S/i;

/**
 * What a text from outside (a server's reply, a network error) may add to an error's params. The token is kept out
 * structurally: a text that holds it in any form (as is, URL-encoded, in another case) or any credential is left out
 * whole and `withheld` says why — it is never edited around the token, so neither a short token (which a string
 * replace would find everywhere) nor the gaps of a replacement can reveal it. Otherwise the text is masked
 * (`maskText`: SINs, BNs, e-mails) and cut.
 */
function outsideText(text: string, token: string): { readonly detail: string } | { readonly withheld: 'credentials' } {
  const folded = text.toLowerCase();
  const forms = [token, encodeURIComponent(token)].map((form) => form.toLowerCase());
  if (forms.some((form) => folded.includes(form)) || CREDENTIAL.test(text)) return { withheld: 'credentials' };
  const detail = describeError(text);
  return { detail: detail.length > 200 ? `${detail.slice(0, 199)}…` : detail };
}

/** A path for a message: built by taxsync from ids, masked, and any segment that is the token left out. */
function safePath(path: string, token: string): string {
  const forms = new Set([token, encodeURIComponent(token)]);
  return maskText(path.split('/').map((segment) => (forms.has(segment) ? '…' : segment)).join('/'));
}

/** The words of an error: taxsync's own (`own`), and what another party said (`outside`), kept apart until checked. */
interface FailureDetail {
  readonly own?: string;
  readonly outside?: string;
}

/**
 * A {@link Portal} over HTTP for portals that speak taxsync's protocol: invitations, documents to sign or consult,
 * signature completions (paged), downloads of signed PDFs and certificates (`downloadSignedDocument`: both at once,
 * `undefined` when the portal has none).
 *
 * Every call is retried with exponential backoff (honouring `Retry-After` on 429 and 503) within a per-attempt and a
 * total timeout; every POST carries an `Idempotency-Key` that stays the same across its retries, so a retried POST
 * never acts twice. The port's `{ signal }` (and a query's own `signal`) stops a request in flight and any wait
 * between attempts. A dropped connection or a malformed answer in the middle of a page retries that page. Errors
 * are {@link PortalHttpError}s that never contain the token or a full SIN.
 *
 * @example
 * ```ts
 * import { createHttpPortal } from 'taxsync/http';
 * const portal = createHttpPortal({ baseUrl: 'https://portail.cabinet.ca/api/taxsync/v1', token: process.env.PORTAL_TOKEN! });
 * const log = await syncSignatures({ clientFileIds }, { store, portal });
 * ```
 */
export function createHttpPortal(options: HttpPortalOptions): HttpPortal {
  checkHttpPortalOptions(options);
  const token = options.token;
  const locale = options.locale;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? 60_000;
  const retries = Math.max(0, options.retries ?? 4);
  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 8_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const pageSize = options.pageSize ?? 100;
  const client: KyInstance = ky.create({
    prefixUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    retry: 0,
    timeout: timeoutMs,
    throwHttpErrors: false,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });

  const fail = (code: PortalHttpErrorCode, method: string, path: string, attempts: number, why: FailureDetail = {}, status?: number): PortalHttpError => {
    const outside = why.outside === undefined ? undefined : outsideText(why.outside, token);
    const said = outside !== undefined && 'detail' in outside ? outside.detail : undefined;
    const detail = why.own === undefined ? said : said === undefined ? why.own : `${why.own} (${said})`;
    return new PortalHttpError(
      code,
      { method, path: safePath(path, token), ...(status === undefined ? {} : { status }), ...(detail === undefined ? {} : { detail }), ...(outside !== undefined && 'withheld' in outside ? outside : {}) },
      { attempts, ...(status === undefined ? {} : { status }), ...(locale === undefined ? {} : { locale }) },
    );
  };

  /**
   * One call with retries. `read` turns a 2xx response into the result; it may throw `Retryable` (a body cut short
   * or malformed). `notFound` is the result of a 404, when the call has one.
   */
  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    init: { searchParams?: URLSearchParams; json?: unknown; signal?: AbortSignal },
    read: (response: Response, attempts: number) => Promise<T>,
    notFound?: () => T,
  ): Promise<T> {
    throwIfAbortedBeforeCall(init.signal);
    const total = AbortSignal.timeout(totalTimeoutMs);
    const signal = init.signal === undefined ? total : AbortSignal.any([init.signal, total]);
    const idempotencyKey = method === 'POST' ? `taxsync-${globalThis.crypto.randomUUID()}` : undefined;
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        let response: Response;
        try {
          response = await client(path, {
            method,
            signal,
            ...(init.searchParams === undefined ? {} : { searchParams: init.searchParams }),
            ...(init.json === undefined ? {} : { json: init.json }),
            ...(idempotencyKey === undefined ? {} : { headers: { 'idempotency-key': idempotencyKey } }),
          });
        } catch (error) {
          if (init.signal?.aborted === true) throw init.signal.reason;
          if (total.aborted) throw fail('portal_timeout', method, path, attempts, { own: `${totalTimeoutMs} ms in all` });
          if (error instanceof TimeoutError) throw new Retryable(fail('portal_timeout', method, path, attempts, { own: `${timeoutMs} ms per attempt` }));
          throw new Retryable(fail('portal_network_error', method, path, attempts, { outside: networkDetail(error) }));
        }
        if (response.ok) return await read(response, attempts);
        const said = await response
          .json()
          .then((body: unknown) => {
            const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
            return typeof error?.message === 'string' ? error.message : undefined;
          })
          .catch(() => undefined);
        if (response.status === 404 && notFound !== undefined) return notFound();
        if (response.status === 401 || response.status === 403) throw fail('portal_unauthorized', method, path, attempts, {}, response.status);
        const failure = fail('portal_http_error', method, path, attempts, said === undefined ? {} : { outside: said }, response.status);
        if (RETRY_STATUSES.has(response.status)) {
          const wait = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers.get('retry-after'), Date.now()) : undefined;
          throw new Retryable(failure, wait);
        }
        throw failure;
      } catch (error) {
        if (!(error instanceof Retryable)) throw error;
        if (attempts > retries) throw error.failure;
        const backoff = Math.min(maxBackoffMs, backoffMs * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
        if (error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfter) throw error.failure;
        const wait = Math.max(error.retryAfterMs ?? 0, error.retryAfterMs === undefined ? backoff : 0);
        try {
          await sleep(wait, signal);
        } catch {
          if (init.signal?.aborted === true) throw init.signal.reason;
          throw fail('portal_timeout', method, path, attempts, { own: `${totalTimeoutMs} ms in all` });
        }
      }
    }
  }

  /** Reads a JSON body; a body cut short or not JSON is worth another attempt. */
  const readJson = (method: string, path: string) => async (response: Response, attempts: number): Promise<unknown> => {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new Retryable(fail('portal_network_error', method, path, attempts, { own: 'connection lost while reading the answer', outside: error instanceof Error ? error.message : String(error) }));
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Retryable(fail('portal_bad_response', method, path, attempts, { own: 'the body is not JSON' }));
    }
  };

  const shaped = <T>(method: string, path: string, check: (body: unknown) => boolean) => async (response: Response, attempts: number): Promise<T> => {
    const body = await readJson(method, path)(response, attempts);
    if (!check(body)) throw fail('portal_bad_response', method, path, attempts, { own: 'unexpected JSON shape' });
    return body as T;
  };

  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  // A user as the Portal contract defines it (id, client, e-mail, `invited` or `active`, invitation time), by the
  // guard's own hand-written check (no zod in this entry): a host that calls this adapter directly gets no user whose
  // status it cannot read (fail closed).
  const isUser = isPortalUser;

  /** A file of a completion, with its media type; `undefined` on 404 when `missing` allows it. */
  const fetchFile = <M extends boolean>(completionId: string, kind: 'signed-pdf' | 'certificate', signal: AbortSignal | undefined, missing: M): Promise<M extends true ? FileAnswer | undefined : FileAnswer> => {
    const path = `signature-completions/${encodeURIComponent(completionId)}/${kind}`;
    const read = async (response: Response, attempts: number): Promise<FileAnswer> => {
      try {
        return { bytes: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? '' };
      } catch (error) {
        throw new Retryable(fail('portal_network_error', 'GET', path, attempts, { outside: error instanceof Error ? error.message : String(error) }));
      }
    };
    return call<FileAnswer | undefined>('GET', path, signal === undefined ? {} : { signal }, read, missing ? () => undefined : undefined) as Promise<M extends true ? FileAnswer | undefined : FileAnswer>;
  };
  const download = async (completionId: string, kind: 'signed-pdf' | 'certificate', signal?: AbortSignal): Promise<Uint8Array> => (await fetchFile(completionId, kind, signal, false)).bytes;

  const capabilities: PortalCapabilities = Object.freeze({ sendsInvitations: options.sendsInvitations ?? false, documents: true, signatures: true, signedDocuments: true });

  return {
    capabilities,

    inviteClient(input: InviteClientInput, callOptions?: PortCallOptions): Promise<InviteClientResult> {
      return call('POST', 'invitations', { json: input, ...signalOf(callOptions) }, shaped<InviteClientResult>('POST', 'invitations', (b) => isObject(b) && isUser(b.user) && typeof b.created === 'boolean'));
    },

    getUser(clientId: string, callOptions?: PortCallOptions): Promise<PortalUser | undefined> {
      const path = `clients/${encodeURIComponent(clientId)}/user`;
      return call<PortalUser | undefined>('GET', path, signalOf(callOptions), shaped<PortalUser>('GET', path, isUser), () => undefined);
    },

    sendDocument(input: SendDocumentInput, callOptions?: PortCallOptions): Promise<SendDocumentResult> {
      const { pdf, ...rest } = input;
      return call('POST', 'documents', { json: { ...rest, pdfBase64: base64(pdf) }, ...signalOf(callOptions) }, shaped<SendDocumentResult>('POST', 'documents', (b) => isObject(b) && isObject(b.document) && typeof b.document.id === 'string' && typeof b.created === 'boolean'));
    },

    async *listSignatureCompletions(query: ListSignatureCompletionsQuery = {}, callOptions?: PortCallOptions) {
      const path = 'signature-completions';
      const signal = signalOf(query, callOptions).signal;
      let cursor: string | null = null;
      do {
        const params = new URLSearchParams();
        for (const id of query.clientIds ?? []) params.append('clientId', id);
        for (const id of query.clientFileIds ?? []) params.append('clientFileId', id);
        for (const id of query.documentIds ?? []) params.append('documentId', id);
        if (query.since !== undefined) params.set('since', query.since);
        params.set('limit', String(pageSize));
        if (cursor !== null) params.set('cursor', cursor);
        const page: { items: SignatureCompletion[]; nextCursor: string | null } = await call(
          'GET',
          path,
          { searchParams: params, ...(signal === undefined ? {} : { signal }) },
          shaped('GET', path, (b) => isObject(b) && Array.isArray(b.items) && (b.nextCursor === null || typeof b.nextCursor === 'string')),
        );
        for (const item of page.items) yield item;
        if (page.nextCursor !== null && page.nextCursor === cursor) throw fail('portal_bad_response', 'GET', path, 1, { own: 'the next cursor repeats the current one' });
        cursor = page.nextCursor;
      } while (cursor !== null);
    },

    downloadSignedPdf(completionId, downloadOptions = {}) {
      return download(completionId, 'signed-pdf', downloadOptions.signal);
    },

    downloadCertificate(completionId, downloadOptions = {}) {
      return download(completionId, 'certificate', downloadOptions.signal);
    },

    async downloadSignedDocument(completionId, downloadOptions = {}) {
      const signedPdf = await fetchFile(completionId, 'signed-pdf', downloadOptions.signal, true);
      if (signedPdf === undefined) return undefined;
      const certificate = await fetchFile(completionId, 'certificate', downloadOptions.signal, true);
      if (certificate === undefined) return undefined;
      const path = `signature-completions/${encodeURIComponent(completionId)}/certificate`;
      const mediaType = certificateType(certificate);
      if (mediaType === undefined) throw fail('portal_bad_response', 'GET', path, 1, { own: 'the certificate is neither application/pdf nor application/json' });
      return { completionId, signedPdf: signedPdf.bytes, certificate: { bytes: certificate.bytes, mediaType } };
    },
  };
}

/** A downloaded file and the type the server gave it. */
interface FileAnswer {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

/** The media type of a certificate: as the server declares it, else as its first bytes show (`%PDF-`, `{`). */
function certificateType(file: FileAnswer): CompletionCertificate['mediaType'] | undefined {
  const declared = file.contentType.split(';')[0]?.trim().toLowerCase();
  if (declared === 'application/pdf' || declared === 'application/json') return declared;
  const head = new TextDecoder().decode(file.bytes.subarray(0, 8)).trimStart();
  if (head.startsWith('%PDF-')) return 'application/pdf';
  if (head.startsWith('{')) return 'application/json';
  return undefined;
}

/** Option checks: a wrong option is the host's programming error, reported before any call. */
function checkHttpPortalOptions(options: HttpPortalOptions): void {
  const asked = typeof options === 'object' && options !== null ? options.locale : undefined;
  const locale = asked === 'fr' || asked === 'en' ? asked : DEFAULT_LOCALE;
  const invalid = (detail: string): InvalidArgumentError => new InvalidArgumentError('invalid_input', { detail: `createHttpPortal: ${detail}` }, { locale });
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object with baseUrl and token');
  let url: URL | undefined;
  try {
    url = typeof options.baseUrl === 'string' ? new URL(options.baseUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw invalid('baseUrl must be an absolute http:// or https:// URL without credentials, query or fragment');
  }
  if (typeof options.token !== 'string' || options.token === '') throw invalid('token must be a non-empty string');
  for (const key of ['timeoutMs', 'totalTimeoutMs', 'backoffMs', 'maxBackoffMs', 'maxRetryAfterMs'] as const) {
    const value = options[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) throw invalid(`${key} must be a number of milliseconds, 0 or more`);
  }
  for (const key of ['retries', 'pageSize'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= (key === 'pageSize' ? 1 : 0))) throw invalid(`${key} must be a whole number${key === 'pageSize' ? ' from 1' : ', 0 or more'}`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw invalid('fetch must be a function');
  if (options.locale !== undefined && options.locale !== 'fr' && options.locale !== 'en') throw invalid("locale must be 'fr' or 'en'");
}
