/**
 * A reference server of the taxsync portal protocol (docs/portal-protocol.md) over the memory portal, for tests:
 * real HTTP on 127.0.0.1, with hooks that inject the faults a real portal shows (slow answers, 429 with
 * Retry-After, 500s, malformed JSON, a connection dropped in the middle of a page). Node only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createMemoryPortal, type MemoryPortal, type MemoryPortalSignedFiles } from '../adapters/memory.js';
import { isTaxsyncError } from '../errors/taxsync-error.js';
import type { InviteClientInput, SendDocumentInput } from '../ports.js';
import type { ListSignatureCompletionsQuery, SignatureCompletion } from '../model/signing.js';

/** A fault the server plays on matching requests, `times` times (default once), before answering normally again. */
export type PortalServerFault = {
  /** Only requests of this method (`GET`, `POST`). Default: all. */
  readonly method?: string;
  /** Only requests whose path (after the `/v1` prefix, without the query) matches. Default: all. */
  readonly path?: string | RegExp;
  /** How many matching requests get the fault. Default 1. */
  readonly times?: number;
  /** How many matching requests go through untouched before the fault starts (`1`: from the second page on). Default 0. */
  readonly skip?: number;
} & (
  | { /** Answers with this status and an error body. */ readonly kind: 'status'; readonly status: number; /** `Retry-After` header (seconds or an HTTP date). */ readonly retryAfter?: number | string }
  | { /** Waits before answering (longer than the client's timeout: a timeout). */ readonly kind: 'delay'; readonly ms: number }
  | { /** Answers 200 with a body that is not JSON. */ readonly kind: 'malformed' }
  | { /** Sends the headers and the start of the body, then drops the connection. */ readonly kind: 'drop' }
  | { /** Does the work (a POST takes effect), then drops the connection before answering. */ readonly kind: 'drop-after' }
);

/** A request the server received, for assertions. */
export interface PortalServerRequest {
  readonly method: string;
  /** Path after `/v1`, without the query. */
  readonly path: string;
  /** The query string, without `?`. */
  readonly query: string;
  /** The `Idempotency-Key` header, when present. */
  readonly idempotencyKey?: string;
  /** The HTTP status the server answered (`0` when it dropped the connection). */
  status: number;
}

/** Options of {@link startPortalServer}. */
export interface PortalServerOptions {
  /** The bearer token clients must send. Default `'taxsync-test-token'`. */
  readonly token?: string;
  /** The portal behind the server. Default: a new memory portal. */
  readonly portal?: MemoryPortal;
  /** Largest page of completions. Default 100. */
  readonly maxPageSize?: number;
}

/** A running reference server. */
export interface PortalServer {
  /** Base URL of the protocol: `http://127.0.0.1:<port>/v1`. */
  readonly url: string;
  /** The token it expects. */
  readonly token: string;
  /** The memory portal behind it: record completions here. */
  readonly portal: MemoryPortal;
  /** Every request received, in order. */
  readonly requests: readonly PortalServerRequest[];
  /** Adds a fault to play on the next matching requests. */
  inject(fault: PortalServerFault): void;
  /**
   * Records a completion, with its signed PDF and certificate when given (served by the download endpoints; a
   * certificate given as bytes is a PDF, one given with its `mediaType` is served as that type).
   */
  recordCompletion(completion: SignatureCompletion, files?: MemoryPortalSignedFiles): void;
  /** Stops the server (open connections are closed). */
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly contentType?: string;
}

const json = (status: number, body: unknown): Answer => ({ status, body });
const problem = (status: number, code: string, message: string): Answer => json(status, { error: { code, message } });

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the reference portal server on 127.0.0.1 (a free port) over a memory portal.
 *
 * @example
 * ```ts
 * const server = await startPortalServer();
 * const portal = createHttpPortal({ baseUrl: server.url, token: server.token });
 * server.inject({ kind: 'status', status: 429, retryAfter: 1, path: '/signature-completions' });
 * // … the client waits a second, then gets the page.
 * await server.close();
 * ```
 */
export async function startPortalServer(options: PortalServerOptions = {}): Promise<PortalServer> {
  const token = options.token ?? 'taxsync-test-token';
  const portal = options.portal ?? createMemoryPortal();
  const maxPageSize = options.maxPageSize ?? 100;
  const faults: { fault: PortalServerFault; left: number; skip: number }[] = [];
  const requests: PortalServerRequest[] = [];
  const replays = new Map<string, Promise<Answer>>();
  const files = new Map<string, MemoryPortalSignedFiles>();
  const sockets = new Set<Socket>();

  const takeFault = (method: string, path: string): PortalServerFault | undefined => {
    const i = faults.findIndex(({ fault }) =>
      (fault.method === undefined || fault.method.toUpperCase() === method) &&
      (fault.path === undefined || (typeof fault.path === 'string' ? path.startsWith(fault.path) : fault.path.test(path))));
    if (i < 0) return undefined;
    const entry = faults[i] as { fault: PortalServerFault; left: number; skip: number };
    if (entry.skip > 0) {
      entry.skip--;
      return undefined;
    }
    if (--entry.left <= 0) faults.splice(i, 1);
    return entry.fault;
  };

  const route = async (method: string, path: string, params: URLSearchParams, req: IncomingMessage): Promise<Answer> => {
    if (method === 'GET' && path === '/capabilities') return json(200, portal.capabilities);
    if (method === 'POST' && path === '/invitations') {
      const input = JSON.parse(await readBody(req, 1 << 20)) as InviteClientInput;
      const result = await portal.inviteClient(input);
      return json(result.created ? 201 : 200, result);
    }
    const user = /^\/clients\/([^/]+)\/user$/.exec(path);
    if (method === 'GET' && user !== null) {
      const found = await portal.getUser(decodeURIComponent(user[1] as string));
      return found === undefined ? problem(404, 'not_found', 'this client has no portal user') : json(200, found);
    }
    if (method === 'POST' && path === '/documents') {
      const { pdfBase64, ...rest } = JSON.parse(await readBody(req, 32 << 20)) as Omit<SendDocumentInput, 'pdf'> & { pdfBase64: string };
      const result = await portal.sendDocument({ ...rest, pdf: new Uint8Array(Buffer.from(pdfBase64 ?? '', 'base64')) });
      return json(result.created ? 201 : 200, result);
    }
    if (method === 'GET' && path === '/signature-completions') {
      const limit = Math.max(1, Math.min(maxPageSize, Number(params.get('limit') ?? maxPageSize) || maxPageSize));
      const cursor = params.get('cursor');
      const list = (name: string): string[] | undefined => (params.getAll(name).length > 0 ? params.getAll(name) : undefined);
      const query: Record<string, unknown> = {};
      const clientIds = list('clientId');
      const clientFileIds = list('clientFileId');
      const documentIds = list('documentId');
      if (clientIds !== undefined) query.clientIds = clientIds;
      if (clientFileIds !== undefined) query.clientFileIds = clientFileIds;
      if (documentIds !== undefined) query.documentIds = documentIds;
      if (params.get('since') !== null) query.since = params.get('since');
      const all: SignatureCompletion[] = [];
      for await (const c of portal.listSignatureCompletions(query as ListSignatureCompletionsQuery)) all.push(c);
      // Ordered by id, and the cursor is the last id of a page: pages stay right when completions arrive meanwhile.
      all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const start = cursor === null ? 0 : all.findIndex((c) => c.id > cursor);
      const items = start < 0 ? [] : all.slice(start, start + limit);
      const more = start >= 0 && start + limit < all.length;
      return json(200, { items, nextCursor: more ? (items[items.length - 1]?.id ?? null) : null });
    }
    const download = /^\/signature-completions\/([^/]+)\/(signed-pdf|certificate)$/.exec(path);
    if (method === 'GET' && download !== null) {
      const stored = files.get(decodeURIComponent(download[1] as string));
      const file = download[2] === 'signed-pdf' ? stored?.signedPdf : stored?.certificate;
      if (file === undefined) return problem(404, 'not_found', 'no such file for this completion');
      return file instanceof Uint8Array ? { status: 200, body: file, contentType: 'application/pdf' } : { status: 200, body: file.bytes, contentType: file.mediaType };
    }
    return problem(404, 'not_found', `no route ${method} ${path}`);
  };

  const send = (res: ServerResponse, answer: Answer): void => {
    if (answer.body instanceof Uint8Array) {
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/octet-stream', 'content-length': answer.body.length });
      res.end(answer.body);
      return;
    }
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const path = url.pathname.replace(/^\/v1/, '');
      const key = req.headers['idempotency-key'];
      const record: PortalServerRequest = { method, path, query: url.search.replace(/^\?/, ''), status: 0, ...(typeof key === 'string' ? { idempotencyKey: key } : {}) };
      requests.push(record);
      const answer = (a: Answer): void => {
        record.status = a.status;
        send(res, a);
      };
      if (!url.pathname.startsWith('/v1/')) return answer(problem(404, 'not_found', 'the protocol lives under /v1'));
      if (req.headers.authorization !== `Bearer ${token}`) return answer(problem(401, 'unauthorized', 'missing or wrong bearer token'));
      const fault = takeFault(method, path);
      if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
      if (res.destroyed || req.destroyed) return;
      if (fault?.kind === 'status') {
        if (fault.retryAfter !== undefined) res.setHeader('retry-after', String(fault.retryAfter));
        return answer(problem(fault.status, 'injected', `injected HTTP ${fault.status}`));
      }
      if (fault?.kind === 'malformed') {
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"items": [{"id": "env-1", "state": comp');
      }
      if (fault?.kind === 'drop') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100_000 });
        res.write('{"items": [{"id": "env-1", "documentId": "doc-1"');
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      if (method === 'POST') {
        if (typeof key !== 'string' || key === '') return answer(problem(400, 'idempotency_key_required', 'every POST needs an Idempotency-Key header'));
        const replayKey = `${path}\u0000${key}`;
        let pending = replays.get(replayKey);
        if (pending === undefined) {
          pending = route(method, path, url.searchParams, req).catch((error: unknown) => failure(error));
          replays.set(replayKey, pending);
        } else {
          req.resume();
        }
        const result = await pending;
        if (fault?.kind === 'drop-after') return void res.socket?.destroy();
        return answer(result);
      }
      try {
        const result = await route(method, path, url.searchParams, req);
        if (fault?.kind === 'drop-after') return void res.socket?.destroy();
        answer(result);
      } catch (error) {
        answer(failure(error));
      }
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    token,
    portal,
    requests,
    inject(fault) {
      faults.push({ fault, left: fault.times ?? 1, skip: fault.skip ?? 0 });
    },
    recordCompletion(completion, attached) {
      portal.recordCompletion(completion, attached);
      if (attached !== undefined) files.set(completion.id, { ...attached });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
    },
  };
}

function failure(error: unknown): Answer {
  if (isTaxsyncError(error)) return problem(error.code === 'invalid_input' ? 400 : 422, error.code, error.message);
  if (error instanceof SyntaxError) return problem(400, 'invalid_json', 'the body is not JSON');
  return problem(500, 'internal', error instanceof Error ? error.message : String(error));
}
