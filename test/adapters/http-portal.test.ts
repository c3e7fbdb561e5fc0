/**
 * The HTTP portal client against the reference server, started for real on 127.0.0.1: the conformance suite, the
 * faults a real portal shows, and a signature sync end to end.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  InvalidArgumentError,
  createMemoryClientStore,
  createOutboxMailer,
  describeSyncTaxpayer,
  formatSyncLog,
  inviteOrMatchClient,
  renderMessage,
  syncSignatures,
} from '../../src/index.js';
import { createFileDocumentStore } from '../../src/fs.js';
import { makePdf } from '../fixtures/pdfs.js';
import { createHttpPortal, PortalHttpError, type HttpPortal, type HttpPortalOptions } from '../../src/http.js';
import { portalTestSuite, startPortalServer, type PortalServer } from '../../src/testing/index.js';
import { completed, seedFamilies, signed } from '../sync/helpers.js';

// ── The conformance suite, through HTTP ──
const servers = new WeakMap<HttpPortal, PortalServer>();
portalTestSuite(
  { describe, it },
  async () => {
    const server = await startPortalServer();
    const portal = createHttpPortal({ baseUrl: server.url, token: server.token, pageSize: 40, backoffMs: 5 });
    servers.set(portal, server);
    return portal;
  },
  {
    name: 'HTTP client against the reference server',
    recordCompletion: (portal, completion, files) => servers.get(portal)?.recordCompletion(completion, files),
    cleanup: (portal) => servers.get(portal)?.close(),
  },
);

let server: PortalServer;
const connect = (options: Partial<HttpPortalOptions> = {}): HttpPortal => createHttpPortal({ baseUrl: server.url, token: server.token, backoffMs: 5, ...options });
const zoe = { clientId: 'c-zoe', email: 'zoe.gt@exemple.ca', language: 'fr' as const, name: 'Zoé Gagnon-Tremblay' };
const pdf = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const t183 = {
  clientId: 'c-zoe', idempotencyKey: 'taxsync-doc-abc', fileName: 'T183 2025 - Zoé Gagnon-Tremblay.pdf', pdf, sha256: 'a'.repeat(64), documentType: 'T183', taxYear: 2025,
  purpose: 'sign' as const, title: 'T183 — Autorisation de transmission électronique (2025)', language: 'fr' as const,
  fields: [{ name: 'taxpayer_signature', signer: 'taxpayer' as const, type: 'signature' as const, page: 1, x: 40, y: 113, width: 200, height: 24 }], signers: ['taxpayer' as const],
};

async function failure(run: Promise<unknown>): Promise<PortalHttpError> {
  const error = await run.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PortalHttpError);
  return error as PortalHttpError;
}

async function collect(portal: HttpPortal, query = {}): Promise<string[]> {
  const ids: string[] = [];
  for await (const c of portal.listSignatureCompletions(query)) ids.push(c.id);
  return ids;
}

function seedCompletions(count: number): void {
  for (let i = 0; i < count; i++) {
    server.recordCompletion(completed(`env-${String(i).padStart(4, '0')}`, `c-${i % 9}`, signed('Zoé Gagnon-Tremblay', new Date(Date.UTC(2026, 2, 1, 12, 0, i)).toISOString())));
  }
}

describe('createHttpPortal against the reference server', () => {
  beforeEach(async () => {
    server = await startPortalServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('retries a 500 and sends the same Idempotency-Key on every attempt of a POST', async () => {
    server.inject({ kind: 'status', status: 500, method: 'POST', path: '/documents' });
    const result = await connect().sendDocument(t183);
    expect(result.created).toBe(true);
    const posts = server.requests.filter((r) => r.path === '/documents');
    expect(posts.map((r) => r.status)).toEqual([500, 201]);
    expect(posts[0]?.idempotencyKey).toMatch(/^taxsync-/);
    expect(posts[1]?.idempotencyKey).toBe(posts[0]?.idempotencyKey);
    expect(server.portal.documents()).toHaveLength(1);
    expect(server.portal.documents()[0]?.size).toBe(pdf.length);
  });

  it('a POST that took effect before the connection dropped is replayed, not done twice', async () => {
    server.inject({ kind: 'drop-after', method: 'POST', path: '/invitations' });
    const { user, created } = await connect().inviteClient(zoe);
    expect(created).toBe(true);
    expect(server.requests.filter((r) => r.path === '/invitations')).toHaveLength(2);
    expect(server.portal.users().map((u) => u.id)).toEqual([user.id]);
  });

  it('honours Retry-After on 429: waits what the server asks rather than its own backoff', async () => {
    seedCompletions(3);
    server.inject({ kind: 'status', status: 429, retryAfter: 1, path: '/signature-completions' });
    // With a 60 s backoff and a 20 s budget, only honouring Retry-After (1 s) can succeed.
    const portal = connect({ backoffMs: 60_000, maxBackoffMs: 60_000, totalTimeoutMs: 20_000 });
    expect(await collect(portal)).toHaveLength(3);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('gives up at once on a Retry-After longer than allowed, and on 503 after the retries', async () => {
    server.inject({ kind: 'status', status: 429, retryAfter: 3600, path: '/signature-completions' });
    const late = await failure(collect(connect({ maxRetryAfterMs: 10_000 })));
    expect([late.code, late.status, late.attempts]).toEqual(['portal_http_error', 429, 1]);
    server.inject({ kind: 'status', status: 503, times: 10, path: '/clients/' });
    const down = await failure(connect({ retries: 2 }).getUser('c-zoe'));
    expect([down.code, down.status, down.attempts]).toEqual(['portal_http_error', 503, 3]);
    expect(down.messageIn('en')).toBe('The portal answered GET clients/c-zoe/user with HTTP 503 (injected HTTP 503).');
  });

  it('times out an attempt that hangs, retries it, and fails with portal_timeout when every attempt hangs', async () => {
    server.inject({ kind: 'delay', ms: 1_500, path: '/clients/' });
    expect(await connect({ timeoutMs: 200 }).getUser('c-zoe')).toBeUndefined();
    expect(server.requests.length).toBe(2);
    server.inject({ kind: 'delay', ms: 1_500, path: '/clients/', times: 5 });
    const error = await failure(connect({ timeoutMs: 100, retries: 1 }).getUser('c-zoe'));
    expect(error.code).toBe('portal_timeout');
    server.inject({ kind: 'delay', ms: 1_500, path: '/clients/' });
    const total = await failure(connect({ timeoutMs: 5_000, totalTimeoutMs: 300 }).getUser('c-lea'));
    expect(total.code).toBe('portal_timeout');
    expect(total.message).toContain('300 ms in all');
  });

  it('retries a malformed page, and reports portal_bad_response when it stays malformed', async () => {
    seedCompletions(5);
    server.inject({ kind: 'malformed', path: '/signature-completions' });
    expect(await collect(connect())).toHaveLength(5);
    server.inject({ kind: 'malformed', path: '/signature-completions', times: 5 });
    const error = await failure(collect(connect({ retries: 2 })));
    expect(error.code).toBe('portal_bad_response');
    expect(error.messageIn('fr')).toBe("La réponse du portail à GET signature-completions n'est pas conforme au protocole : the body is not JSON.");
  });

  it('pages through completions and re-reads a page whose connection dropped midway, without duplicates', async () => {
    seedCompletions(120);
    server.inject({ kind: 'drop', path: '/signature-completions', skip: 1 });
    const ids = await collect(connect({ pageSize: 50 }));
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    expect(server.requests.map((r) => r.status)).toEqual([200, 0, 200, 200]);
    expect(server.requests.map((r) => new URLSearchParams(r.query).get('cursor'))).toEqual([null, 'env-0049', 'env-0049', 'env-0099']);
  });

  it('sends the filters as query parameters', async () => {
    seedCompletions(20);
    expect(await collect(connect(), { clientIds: ['c-1', 'c-2'], since: '2026-03-01T12:00:10Z' })).toEqual(['env-0010', 'env-0011', 'env-0019']);
  });

  it('refuses a wrong token without retrying and without ever showing a token', async () => {
    const secret = 'tok_live_7f3a9c2e';
    const error = await failure(createHttpPortal({ baseUrl: server.url, token: secret }).getUser('c-zoe'));
    expect([error.code, error.status, error.attempts]).toEqual(['portal_unauthorized', 401, 1]);
    const everything = JSON.stringify({ ...error, message: error.message, en: error.messageIn('en'), fr: error.messageIn('fr'), stack: error.stack });
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(server.token);
  });

  it('never puts a full SIN in an error, even from a path', async () => {
    server.inject({ kind: 'status', status: 400, path: '/clients/' });
    const error = await failure(connect().getUser('130692544'));
    expect(error.message).toContain('*** *** 544');
    expect(error.message).not.toContain('130692544');
  });

  it('downloads the signed PDF and the completion certificate', async () => {
    const signedPdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0xe2, 0xe3]);
    const certificate = new TextEncoder().encode('%PDF-1.7 certificat de signature');
    server.recordCompletion(completed('env-1', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-14T19:42:07Z')), { signedPdf, certificate });
    const portal = connect();
    expect(await portal.downloadSignedPdf('env-1')).toEqual(signedPdf);
    expect(await portal.downloadCertificate('env-1')).toEqual(certificate);
    expect((await failure(portal.downloadSignedPdf('env-nope'))).status).toBe(404);
    expect(await portal.downloadSignedDocument('env-1')).toEqual({ completionId: 'env-1', signedPdf, certificate: { bytes: certificate, mediaType: 'application/pdf' } });
    expect(await portal.downloadSignedDocument('env-nope')).toBeUndefined();
  });

  it('downloads a signed document through a portal that stumbles, and refuses a certificate of no known type', async () => {
    const signedPdf = new TextEncoder().encode('%PDF-1.7\n% T183 signé — Zoé\n%%EOF\n');
    const audit = new TextEncoder().encode(JSON.stringify({ signer: 'Zoé Gagnon-Tremblay', events: ['signé'] }));
    server.recordCompletion(completed('env-2', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-14T19:42:07Z')), { signedPdf, certificate: { bytes: audit, mediaType: 'application/json' } });
    server.inject({ kind: 'status', status: 503, retryAfter: 0, path: '/signature-completions/env-2/signed-pdf' });
    server.inject({ kind: 'drop', path: '/signature-completions/env-2/certificate' });
    const portal = connect();
    expect(await portal.downloadSignedDocument('env-2')).toEqual({ completionId: 'env-2', signedPdf, certificate: { bytes: audit, mediaType: 'application/json' } });
    server.recordCompletion(completed('env-3', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-14T19:42:07Z')), { signedPdf, certificate: { bytes: new TextEncoder().encode('GIF89a'), mediaType: 'image/gif' as 'application/pdf' } });
    expect(await failure(portal.downloadSignedDocument('env-3'))).toMatchObject({ code: 'portal_bad_response' });
  });

  it('is refused at creation, with a typed error (never a TypeError), for a bad base URL, token or option', () => {
    const refused = (options: unknown): void => {
      let thrown: unknown;
      try {
        createHttpPortal(options as HttpPortalOptions);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidArgumentError);
      expect((thrown as InvalidArgumentError).code).toBe('invalid_input');
    };
    for (const baseUrl of ['portail.example', 'https://', 'http://[::1', 'ftp://portail.example', 'https://u:p@portail.example/v1', 'https://portail.example/v1?x=1', 42]) {
      refused({ baseUrl, token: 'x' });
    }
    refused({ baseUrl: server.url, token: '' });
    refused({ baseUrl: server.url, token: 'x', retries: -1 });
    refused({ baseUrl: server.url, token: 'x', timeoutMs: Number.NaN });
    refused({ baseUrl: server.url, token: 'x', pageSize: 0 });
    refused({ baseUrl: server.url, token: 'x', fetch: 'fetch' });
    refused(undefined);
    expect(createHttpPortal({ baseUrl: `${server.url}/`, token: 'x' })).toBeDefined();
  });

  it('drives a whole signature sync, faults included', async () => {
    const { store } = await seedFamilies();
    server.recordCompletion(completed('env-simon', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')));
    server.recordCompletion(completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-15T13:00:00Z', 'America/Halifax')));
    server.inject({ kind: 'status', status: 503, retryAfter: 0, path: '/signature-completions' });
    server.inject({ kind: 'drop', path: '/signature-completions', skip: 1 });
    const portal = connect();
    const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal }, { concurrency: 2 });
    expect(log.summary).toEqual({ updated: 2, unchanged: 1, pending: 0, failed: 1, filesFailed: 0 });
    expect(formatSyncLog(log, 'fr')).toContain('T183 2025 signé le 2026/03/15 10:00:00 (America/Halifax)');
    const again = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, { store, portal });
    expect(again.summary).toEqual({ updated: 0, unchanged: 3, pending: 0, failed: 1, filesFailed: 0 });
    await server.close();
    const down = await syncSignatures({ clientFileIds: ['GAGNON-2025'], taxYear: 2025 }, { store, portal: connect({ retries: 1 }) });
    expect(down.files[0]?.taxpayers[0]).toMatchObject({ status: 'failed', code: 'portal_error' });
    const failed = down.files[0]?.taxpayers[0];
    expect(failed === undefined ? undefined : describeSyncTaxpayer(failed, 'fr')).toContain("Le portail n'a pas pu être joint pour GET signature-completions : fetch failed (ECONNREFUSED). Relancez");
    server = await startPortalServer();
  });

  it('keeps the signed PDFs and certificates on disk, through a portal that stumbles, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxsync-kept-'));
    try {
      const { store } = await seedFamilies();
      const simonPdf = await makePdf('T183 2025 - Simon Provencher - signe le 2026-03-14');
      const zoePdf = await makePdf('T183 2025 - Zoe Gagnon-Tremblay - signee le 2026-03-15');
      const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
      const audit = new TextEncoder().encode(JSON.stringify({ envelope: 'env-zoe', signer: 'Zoé Gagnon-Tremblay', events: ['envoyé', 'consulté', 'signé'] }));
      const certificate = await makePdf('Certificate of completion CERT-ENV-SIMON');
      server.recordCompletion({ ...completed('env-simon', 'c-simon', signed('Simon Provencher', '2026-03-14T19:42:07Z')), signedPdfSha256: sha(simonPdf) }, { signedPdf: simonPdf, certificate });
      server.recordCompletion({ ...completed('env-zoe', 'c-zoe', signed('Zoé Gagnon-Tremblay', '2026-03-15T13:00:00Z')), signedPdfSha256: sha(zoePdf) }, { signedPdf: zoePdf, certificate: { bytes: audit, mediaType: 'application/json' } });
      server.inject({ kind: 'status', status: 503, retryAfter: 0, path: '/signature-completions/env-simon/signed-pdf' });
      server.inject({ kind: 'drop', path: '/signature-completions/env-zoe/certificate' });
      const documents = createFileDocumentStore(dir);
      const ports = { store, portal: connect(), documents };

      const log = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, ports, { concurrency: 2 });

      expect(log.summary).toMatchObject({ updated: 2, failed: 1 });
      const records = store.signatureSnapshot();
      expect(records.map((r) => [r.taxpayerId, r.signature?.signedPdfSha256, r.signature?.certificateSha256])).toEqual(
        expect.arrayContaining([['c-simon', sha(simonPdf), sha(certificate)], ['c-zoe', sha(zoePdf), sha(audit)]]),
      );
      expect(await documents.get(sha(zoePdf))).toEqual(zoePdf);
      expect(new TextDecoder().decode(await documents.get(sha(audit)))).toContain('Zoé Gagnon-Tremblay');
      expect(formatSyncLog(log, 'en')).toContain('signed PDF and certificate kept');
      const downloads = (): number => server.requests.filter((r) => r.path.endsWith('/signed-pdf') && r.status === 200).length;
      expect(downloads()).toBe(2);
      const again = await syncSignatures({ clientFileIds: ['PROVENCHER-2025', 'GAGNON-2025'], taxYear: 2025 }, ports);
      expect(again.summary).toMatchObject({ updated: 0, unchanged: 3 });
      expect(downloads()).toBe(2);
      expect(readdirSync(dir, { recursive: true }).filter((f) => String(f).length > 60)).toHaveLength(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops a request that hangs when the call is aborted, and makes no request once aborted', async () => {
    server.inject({ kind: 'delay', ms: 5_000, path: '/invitations' });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('apply stopped')), 100);
    const error = await connect().inviteClient(zoe, { signal: controller.signal }).then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).toBe('apply stopped');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests.filter((r) => r.path === '/invitations')).toHaveLength(1);

    const before = server.requests.length;
    const refused = await connect().sendDocument(t183, { signal: controller.signal }).then(() => undefined, (e: unknown) => e);
    expect([(refused as Error).name, (refused as { effect?: unknown }).effect]).toEqual(['AbortError', 'none']);
    expect(server.requests.length).toBe(before);
    expect(server.portal.documents()).toEqual([]);
  });

  it('stops between retries, and between pages of completions, on the call’s signal', async () => {
    seedCompletions(30);
    const controller = new AbortController();
    const ids: string[] = [];
    const error = await (async () => {
      for await (const c of connect({ pageSize: 10 }).listSignatureCompletions({}, { signal: controller.signal })) {
        ids.push(c.id);
        if (ids.length === 12) controller.abort(new Error('sync stopped'));
      }
    })().then(() => undefined, (e: unknown) => e);
    // The next page is never asked for: the abort came between pages, so nothing started.
    expect([(error as Error).name, ((error as Error).cause as Error).message]).toEqual(['AbortError', 'sync stopped']);
    expect(ids).toHaveLength(20);
    expect(server.requests.filter((r) => r.path === '/signature-completions')).toHaveLength(2);

    server.inject({ kind: 'status', status: 503, times: 10, path: '/clients/' });
    const waiting = new AbortController();
    setTimeout(() => waiting.abort(new Error('apply stopped')), 200);
    const started = Date.now();
    const retried = await connect({ backoffMs: 10_000, maxBackoffMs: 10_000 }).getUser('c-zoe', { signal: waiting.signal }).then(() => undefined, (e: unknown) => e);
    expect((retried as Error).message).toBe('apply stopped');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  describe("a portal user's status", () => {
    const simon = { kind: 'individual' as const, sin: '130692544', firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca', language: 'fr' as const };
    const emailSteps = (store: ReturnType<typeof createMemoryClientStore>) => store.journalSnapshot().filter((e) => e.applyId === 'taxsync:invitations' && e.step === 'email');

    it('brings an active account through as active: the client gets no invitation e-mail', async () => {
      const store = createMemoryClientStore();
      const mailer = createOutboxMailer();
      const { client } = await store.create({ record: simon });
      // The firm opened Simon's account on its portal before adopting taxsync, and he chose his password.
      await server.portal.inviteClient({ clientId: client.id, email: simon.email, language: 'fr', name: 'Simon Provencher' });
      server.portal.activate(client.id);
      const portal = connect();
      expect(await portal.getUser(client.id)).toMatchObject({ clientId: client.id, status: 'active' });

      const result = await inviteOrMatchClient({ email: simon.email, sin: simon.sin }, { store, portal, mailer }, { locale: 'en' });
      expect(result).toMatchObject({ status: 'matched', invitation: { status: 'already_sent', reason: 'portal_account_active', message: renderMessage('portal_account_active', {}, 'en') } });
      expect(mailer.messages).toEqual([]);
      expect(emailSteps(store)).toEqual([expect.objectContaining({ status: 'done', clientId: client.id, ref: server.portal.users()[0]?.id })]);
    });

    it('fails closed on a status it does not know: nothing e-mailed, nothing recorded as sent', async () => {
      const store = createMemoryClientStore();
      const mailer = createOutboxMailer();
      await store.create({ record: simon });
      // A portal that answers with a status of its own.
      const suspended: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const headers = new Headers(response.headers);
        headers.delete('content-length');
        return new Response((await response.text()).replaceAll('"status":"invited"', '"status":"suspended"'), { status: response.status, headers });
      };
      const result = await inviteOrMatchClient({ email: simon.email, sin: simon.sin }, { store, portal: connect({ fetch: suspended }), mailer }, { locale: 'en' });
      expect(result).toMatchObject({ status: 'matched', invitation: { status: 'failed', reason: 'invitation_failed' } });
      if (result.status === 'conflict') throw new Error('unreachable');
      // Refused by the adapter itself (a host calling it directly gets the same check), before any workflow reads it.
      expect(result.invitation.params).toMatchObject({ detailCode: 'portal_bad_response' });
      expect(result.invitation.message).toContain("The portal's answer to POST invitations is not what the protocol says");
      expect(mailer.messages).toEqual([]);
      expect(emailSteps(store)).toEqual([]);
      // A host calling the adapter directly gets the same refusal, typed, rather than a user with an unknown status.
      const direct = await failure(connect({ fetch: suspended }).getUser(server.portal.users()[0]?.clientId ?? ''));
      expect(direct).toMatchObject({ code: 'portal_bad_response' });
      // Once the portal answers in the protocol's terms, the invitation goes out.
      const again = await inviteOrMatchClient({ email: simon.email, sin: simon.sin }, { store, portal: connect(), mailer });
      expect(again).toMatchObject({ status: 'matched', invitation: { status: 'sent' } });
      expect(mailer.messages.map((m) => [m.to, m.category])).toEqual([[simon.email, 'invitation']]);
    });
  });
});

// ── Tokens never reach an error, whatever their length ──
// A real HTTP server on 127.0.0.1 that repeats in its error body what a careless portal repeats: the Authorization
// header it received, or words of its own.
describe('createHttpPortal keeps the token out of its errors', () => {
  let echo: Server;
  let url: string;
  let reply: (authorization: string) => string;
  beforeEach(async () => {
    echo = createServer((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'bad_request', message: reply(req.headers.authorization ?? '') } }));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  const TOKENS = ['a', 'e7', 'xyz', 'é', 'ab+/=', 'tok_live_7f3a9c2e4b1d8a6f0c5e', `k${'Q'.repeat(200)}`];
  const texts = (error: PortalHttpError): string => JSON.stringify({ ...error, message: error.message, en: error.messageIn('en'), fr: error.messageIn('fr'), stack: error.stack });

  it.each(TOKENS)('leaves out a reply that repeats the Authorization header, whole and in both languages (token %j)', async (token) => {
    reply = (authorization) => `refused the request sent with authorization: ${authorization}`;
    const error = await failure(createHttpPortal({ baseUrl: url, token, retries: 0 }).getUser('c-zoe'));
    expect([error.code, error.status]).toEqual(['portal_http_error', 400]);
    expect(error.params).toEqual({ method: 'GET', path: 'clients/c-zoe/user', status: 400, withheld: 'credentials' });
    // The whole sentence, untouched: nothing was cut out of it, so no gap shows where the token stood.
    expect(error.messageIn('en')).toBe(
      "The portal answered GET clients/c-zoe/user with HTTP 400 (the portal's own words are left out because they repeated the access token or another credential).",
    );
    expect(error.messageIn('fr')).toBe(
      "Le portail a répondu à GET clients/c-zoe/user par HTTP 400 (les propos du portail sont omis parce qu'ils reprenaient le jeton d'accès ou un autre identifiant de connexion).",
    );
    if (token.length >= 3) expect(texts(error)).not.toContain(token);
    expect(texts(error)).not.toContain(`Bearer ${token}`);
  });

  it.each(TOKENS)('leaves out a reply that quotes the bare token, in another case or URL-encoded (token %j)', async (token) => {
    for (const quote of [token, token.toUpperCase(), encodeURIComponent(token)]) {
      reply = () => `token ${quote} has expired`;
      const error = await failure(createHttpPortal({ baseUrl: url, token, retries: 0 }).getUser('c-zoe'));
      expect(error.params.withheld).toBe('credentials');
      expect(error.params.detail).toBeUndefined();
      if (token.length >= 3) expect(texts(error)).not.toContain(quote);
    }
  });

  it.each(['zz9', 'tok_live_7f3a9c2e4b1d8a6f0c5e'])('shows a reply without the token as it is, masked but never garbled (token %j)', async (token) => {
    // A short token is no reason to edit other words: the reply is kept whole, only its personal data masked.
    reply = () => 'client 271.845.935 (zoe.gt@exemple.ca) has no portal account';
    const error = await failure(createHttpPortal({ baseUrl: url, token, retries: 0 }).getUser('c-zoe'));
    expect(error.params.detail).toBe('client *** *** 935 (z***@exemple.ca) has no portal account');
    expect(error.params.withheld).toBeUndefined();
    expect(error.messageIn('en')).toBe('The portal answered GET clients/c-zoe/user with HTTP 400 (client *** *** 935 (z***@exemple.ca) has no portal account).');
  });

  it.each(TOKENS)('leaves out a network error that names the credentials, and keeps a path segment that is the token out (token %j)', async (token) => {
    const leaky: typeof fetch = (input) => Promise.reject(new Error(`proxy refused ${String(input instanceof Request ? input.url : input)} with Authorization: Bearer ${token}`));
    const error = await failure(createHttpPortal({ baseUrl: url, token, retries: 0, fetch: leaky }).getUser(token));
    expect(error.code).toBe('portal_network_error');
    expect(error.params.withheld).toBe('credentials');
    expect(error.params.path).toBe('clients/…/user');
    expect(error.messageIn('en')).toBe(
      "The portal could not be reached for GET clients/…/user: the portal's own words are left out because they repeated the access token or another credential.",
    );
  });
});
