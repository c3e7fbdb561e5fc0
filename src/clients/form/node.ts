/**
 * `toNodeHandler`: runs a Web-standard handler under Node's `http` server, Express or Fastify's raw mode. Uses only
 * global APIs (Request, Response, ReadableStream) and structural types: it imports nothing from Node.
 */
import type { ClientFormRequestContext } from './handler.js';

/** The part of Node's `IncomingMessage` the adapter reads (Express's `req` fits). */
export interface NodeRequestLike {
  /** `GET`, `POST`… */
  readonly method?: string | undefined;
  /** Path and query, as received (`/client-form?lang=fr`). */
  readonly url?: string | undefined;
  /** Headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The connection: its remote address, and whether it is TLS. */
  readonly socket?: { readonly remoteAddress?: string | undefined; readonly encrypted?: boolean } | null | undefined;
  /** Body chunks, end, errors and close, as a Node readable stream emits them. */
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  /** Resumes (drains) the body stream. */
  resume?(): unknown;
}

/** The part of Node's `ServerResponse` the adapter writes (Express's `res` fits). */
export interface NodeResponseLike {
  /** The status to send. */
  statusCode: number;
  /** Sets one header. */
  setHeader(name: string, value: string | readonly string[]): unknown;
  /** Sends the body and ends the response. */
  end(body?: Uint8Array): unknown;
}

/** Options of {@link toNodeHandler}. */
export interface ToNodeHandlerOptions {
  /**
   * The client address of a request. Default: the socket's remote address. Behind your own reverse proxy, read the
   * header it sets (and only then: anyone can send `X-Forwarded-For`).
   */
  readonly clientAddress?: (request: NodeRequestLike) => string | undefined;
  /** Origin of the URL built for the Web request. Default: `http(s)://` + the `Host` header. */
  readonly origin?: string;
  /**
   * What keeps the work of an accepted submission (matching, inviting, the mail) going after the answer. Default:
   * nothing is needed, a Node process lives on — the work is simply not awaited, so every accepted submission is
   * answered as fast as any other (await the handler's `settled()` before the process exits). `false`: the answer
   * waits for the work, padded to the handler's `minResponseMs`.
   */
  readonly waitUntil?: ((work: Promise<unknown>) => void) | false;
}

/** A Web handler, as `createClientFormHandler` returns. */
export type WebHandler = (request: Request, context?: ClientFormRequestContext) => Promise<Response>;

const headerValue = (value: string | readonly string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(', ') : (value as string | undefined));

/**
 * Wraps a Web-standard handler (such as {@link createClientFormHandler}'s) into a Node `(req, res)` listener, for
 * `http.createServer`, Express (`app.all('/client-form', toNodeHandler(handler))`, mounted *before* any body
 * parser on that path) and the like. The body is streamed to the handler, which stops reading at its size limit;
 * the socket's address is passed as the client address for the rate limit, and the work of an accepted submission
 * runs after the answer (see {@link ToNodeHandlerOptions.waitUntil}).
 *
 * @example
 * ```ts
 * import http from 'node:http';
 * http.createServer(toNodeHandler(createClientFormHandler(ports, { secret }))).listen(8080, '127.0.0.1');
 * ```
 */
export function toNodeHandler(handler: WebHandler, options: ToNodeHandlerOptions = {}): (req: NodeRequestLike, res: NodeResponseLike) => Promise<void> {
  // The handler's work never rejects; the catch is for any other handler given here.
  const waitUntil = options.waitUntil ?? ((work: Promise<unknown>): void => void work.catch(() => undefined));
  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const host = headerValue(req.headers.host) ?? 'localhost';
    const origin = options.origin ?? `${req.socket?.encrypted === true ? 'https' : 'http'}://${host}`;
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      url = new URL('/', 'http://localhost');
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      const text = headerValue(value);
      if (text !== undefined && !name.startsWith(':')) {
        try {
          headers.set(name, text);
        } catch {
          // A header the Fetch API refuses (invalid characters): leave it out.
        }
      }
    }
    let body: ReadableStream<Uint8Array> | null = null;
    if (method !== 'GET' && method !== 'HEAD') {
      let open = true;
      const encoder = new TextEncoder();
      body = new ReadableStream<Uint8Array>({
        start(controller) {
          req.on('data', (chunk) => {
            if (open) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : new Uint8Array(chunk));
          });
          req.on('end', () => {
            if (open) controller.close();
            open = false;
          });
          req.on('error', (error) => {
            if (open) controller.error(error);
            open = false;
          });
          // A client that hangs up mid-body: fail the read rather than wait for an end that never comes.
          req.on('close', () => {
            if (open) controller.error(new Error('the request was closed before its body ended'));
            open = false;
          });
        },
        cancel() {
          // The handler stopped reading (size limit): drop the rest, the answer says `Connection: close`.
          open = false;
          req.resume?.();
        },
      });
    }
    const request = new Request(url, { method, headers, body, ...(body === null ? {} : { duplex: 'half' }) } as RequestInit);
    const address = options.clientAddress === undefined ? req.socket?.remoteAddress : options.clientAddress(req);
    let response: Response;
    try {
      response = await handler(request, { ...(address === undefined ? {} : { clientAddress: address }), ...(waitUntil === false ? {} : { waitUntil }) });
    } catch {
      response = new Response('Internal Server Error', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    res.statusCode = response.status;
    response.headers.forEach((value, name) => {
      res.setHeader(name, value);
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    res.end(bytes);
  };
}
