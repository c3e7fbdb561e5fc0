/**
 * The website form's handler over real HTTP: Node's server on 127.0.0.1, requests sent with fetch (and node:http for
 * what fetch cannot send), the memory ports behind. Each case checks the status, the message in both languages, and
 * what was (not) created and sent.
 */
import { createServer, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_FORM_TEXTS, createClientFormHandler, createMemoryClientStore, createMemoryPortal, createOutboxMailer, isTaxsyncError, renderMessage, toNodeHandler, type ClientStore, type FormMessageCode, type Mailer, type RateLimitStore } from '../../src/index.js';
import { startFormServer, SECRET, type FormServer } from './form-server.js';
import { wrapStore } from '../fixtures/wrap-store.js';

let servers: FormServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(...args: Parameters<typeof startFormServer>): Promise<FormServer> {
  const server = await startFormServer(...args);
  servers.push(server);
  return server;
}

const zoe = { firstName: 'Zoé', lastName: 'Gagnon-Tremblay', email: 'zoe.gt@exemple.ca', phone: '450 555-0177' };

/** Posts a form-encoded body, with the page's origin as a browser would. */
async function postForm(server: FormServer, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(server.url, {
    method: 'POST',
    headers: { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

async function postJson(server: FormServer, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(server.url, {
    method: 'POST',
    headers: { origin: server.origin, 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The public answer: what a visitor (or an attacker) can observe. */
async function observed(response: Response): Promise<{ status: number; type: string | null; body: string; headers: string[] }> {
  const headers: string[] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'date' && name !== 'keep-alive' && name !== 'connection') headers.push(`${name}: ${value}`);
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text(), headers };
}

function expectNothingDone(server: FormServer): void {
  expect(server.store.size).toBe(0);
  expect(server.mailer.messages).toEqual([]);
  expect(server.portal.users()).toEqual([]);
  expect(server.outcomes).toEqual([]);
}

/** The JSON refusal carries the code and the message in the asked language; the other language is checked too. */
async function expectRefusal(send: (headers: Record<string, string>) => Promise<Response>, status: number, code: FormMessageCode): Promise<void> {
  for (const locale of ['fr', 'en'] as const) {
    const response = await send({ 'accept-language': locale === 'fr' ? 'fr-CA,fr;q=0.9,en;q=0.5' : 'en-CA,en;q=0.8' });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { ok: boolean; code: string; message: string };
    expect(body).toMatchObject({ ok: false, code });
    expect(body.message).toBe(renderMessage(code, body.message.match(/\d+/) ? extractParams(code, body.message) : {}, locale));
    expect(response.headers.get('content-language')).toBe(locale);
  }
}

// The numbers in a message (max bytes, seconds, minutes) are the handler's; take them from the text itself.
function extractParams(code: FormMessageCode, message: string): Record<string, number> {
  const n = Number(message.match(/\d[\d,]*/)?.[0]?.replace(/,/g, ''));
  return code === 'form_too_large' ? { max: n } : code === 'form_too_fast' ? { seconds: n } : code === 'form_rate_limited' ? { minutes: n } : {};
}

describe('createClientFormHandler over HTTP: who is recognised and invited', () => {
  it('creates and invites a new visitor once, at the address typed, for the account manager', async () => {
    const server = await serve();
    const response = await postForm(server, { ...zoe, lang: 'fr', formToken: await server.filledToken() });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain(renderMessage('form_received', {}, 'fr').replace(/'/g, '&#39;'));
    expect(server.store.size).toBe(1);
    const [client] = await server.store.find({ email: zoe.email });
    expect(client).toMatchObject({ firstName: 'Zoé', lastName: 'Gagnon-Tremblay', email: 'zoe.gt@exemple.ca', phone: '+14505550177', language: 'fr', accountManager: 'julie.tremblay' });
    expect(server.mailer.messages.map((m) => [m.to, m.subject, m.language])).toEqual([['zoe.gt@exemple.ca', 'Cabinet Tremblay CPA : créez votre mot de passe pour le portail client', 'fr']]);
    expect(server.outcomes.map((o) => [o.result.status, o.result.status !== 'conflict' && o.result.invitation.status])).toEqual([['created', 'sent']]);
    expect(server.logs.map((l) => [l.event, l.outcome, l.invitation, l.email])).toEqual([['submission_accepted', 'created', 'sent', 'z***@exemple.ca']]);
  });

  it('finds an existing client by SIN and invites the address on file, changing nothing', async () => {
    const server = await serve();
    const { client } = await server.store.create({ record: { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca', language: 'fr' } });
    const before = await server.store.get(client.id);
    const response = await postJson(server, { firstName: 'Simon', lastName: 'Provencher', email: 'pirate@exemple.net', sin: '130 692 544', lang: 'en', formToken: await server.filledToken() });
    expect(response.status).toBe(200);
    expect(await server.store.get(client.id)).toEqual(before);
    expect(server.store.size).toBe(1);
    expect(server.mailer.messages.map((m) => m.to)).toEqual(['simon.provencher@exemple.ca']);
    expect(server.outcomes[0]?.result).toMatchObject({ status: 'matched', by: 'sin', client: { id: client.id } });
    expect(JSON.stringify(server.logs)).not.toMatch(/130|692|544|pirate|simon/i);
  });

  it('finds an existing client by e-mail (any case) and invites it at the stored address', async () => {
    const server = await serve();
    const { client } = await server.store.create({ record: { kind: 'individual', firstName: 'Marie-Ève', lastName: 'Côté', email: 'Marie-Eve.Cote@Exemple.ca', language: 'fr' } });
    const response = await postForm(server, { firstName: 'Marie-Ève', lastName: 'Côté', email: 'marie-eve.cote@exemple.ca', formToken: await server.filledToken() });
    expect(response.status).toBe(200);
    expect(server.store.size).toBe(1);
    expect(server.mailer.messages.map((m) => m.to)).toEqual(['Marie-Eve.Cote@Exemple.ca']);
    expect(server.outcomes[0]?.result).toMatchObject({ status: 'matched', by: 'email', client: { id: client.id } });
  });

  it('creates one client and sends one invitation for the same submission twice, and for ten at once', async () => {
    const server = await serve({ rateLimit: { perAddress: { limit: 50, windowMs: 60_000 }, perEmail: { limit: 50, windowMs: 60_000 } } });
    const fields = { ...zoe, lang: 'fr' };
    const first = await observed(await postForm(server, { ...fields, formToken: await server.filledToken() }));
    const second = await observed(await postForm(server, { ...fields, formToken: await server.filledToken() }));
    expect(second).toEqual(first);
    const other = { ...fields, firstName: 'Léa', lastName: 'Roy', email: 'lea.roy@exemple.ca' };
    const token = await server.filledToken();
    const ten = await Promise.all(Array.from({ length: 10 }, () => postForm(server, { ...other, formToken: token }).then(observed)));
    for (const answer of ten) expect(answer).toEqual(first);
    expect(server.store.size).toBe(2);
    expect(server.portal.users()).toHaveLength(2);
    expect(server.mailer.messages.map((m) => m.to).sort()).toEqual(['lea.roy@exemple.ca', 'zoe.gt@exemple.ca']);
    expect(server.outcomes).toHaveLength(12);
  });

  it('answers the same, byte for byte, whether the person was created, found by SIN or e-mail, already invited, or in conflict', async () => {
    const server = await serve({ rateLimit: { perAddress: false, perEmail: false } });
    await server.store.create({ record: { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca' } });
    await server.store.create({ record: { kind: 'individual', sin: '271845935', firstName: 'Marie-Ève', lastName: 'Côté', email: 'marie-eve.cote@exemple.ca' } });
    const cases = {
      created: { ...zoe },
      foundBySin: { firstName: 'Simon', lastName: 'Provencher', email: 'autre@exemple.ca', sin: '130692544' },
      foundByEmail: { firstName: 'Marie-Ève', lastName: 'Côté', email: 'MARIE-EVE.COTE@exemple.ca' },
      alreadyInvited: { firstName: 'Marie-Ève', lastName: 'Côté', email: 'marie-eve.cote@exemple.ca' },
      conflict: { firstName: 'Simon', lastName: 'Provencher', email: 'marie-eve.cote@exemple.ca', sin: '130 692 544' },
    };
    for (const as of ['html', 'json'] as const) {
      const answers: Record<string, Awaited<ReturnType<typeof observed>>> = {};
      for (const [name, fields] of Object.entries(cases)) {
        const token = await server.filledToken();
        const response = as === 'html' ? await postForm(server, { ...fields, lang: 'en', formToken: token }) : await postJson(server, { ...fields, lang: 'en', formToken: token });
        answers[name] = await observed(response);
      }
      const reference = answers.created;
      expect(reference?.status).toBe(200);
      for (const answer of Object.values(answers)) expect(answer).toEqual(reference);
      for (const answer of Object.values(answers)) expect(answer.body).not.toMatch(/130|692|544|\*\*\*|Simon|Marie|Zoé/);
    }
    // The host, though, knows what happened.
    expect(server.outcomes.slice(0, 5).map((o) => o.result.status)).toEqual(['created', 'matched', 'matched', 'matched', 'conflict']);
    expect(server.outcomes[3]?.result).toMatchObject({ invitation: { status: 'already_sent' } });
    expect(server.mailer.messages.map((m) => m.to).sort()).toEqual(['marie-eve.cote@exemple.ca', 'simon.provencher@exemple.ca', 'zoe.gt@exemple.ca']);
  });

  it('takes a multipart body too (a form with enctype="multipart/form-data"), but no files', async () => {
    const server = await serve();
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...zoe, lang: 'en', formToken: await server.filledToken() })) form.set(name, value);
    const response = await fetch(server.url, { method: 'POST', headers: { origin: server.origin, accept: 'application/json' }, body: form });
    expect(await response.json()).toEqual({ ok: true, code: 'form_received', message: renderMessage('form_received', {}, 'en') });
    expect(server.mailer.messages.map((m) => [m.to, m.language])).toEqual([['zoe.gt@exemple.ca', 'en']]);
    form.set('attachment', new Blob(['%PDF-1.7'], { type: 'application/pdf' }), 't183.pdf');
    form.set('email', 'other@exemple.ca');
    const withFile = await fetch(server.url, { method: 'POST', headers: { origin: server.origin, accept: 'application/json' }, body: form });
    expect(withFile.status).toBe(400);
    expect(server.store.size).toBe(1);
  });

  it('serves the form on GET in the visitor’s language, with a token that then passes', async () => {
    const server = await serve();
    const page = await fetch(`${server.url}?lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form class="taxsync-client-form" action="/client-form" method="post" accept-charset="UTF-8" lang="en">');
    const token = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
    expect(token).toMatch(/^v1\./);
    const fr = await (await fetch(server.url, { headers: { 'accept-language': 'fr-CA' } })).text();
    expect(fr).toContain(`<label for="taxsync-form-firstName">${CLIENT_FORM_TEXTS.fr.firstName}`);
    server.advance(5_000);
    const response = await postForm(server, { ...zoe, formToken: token ?? '' });
    expect(response.status).toBe(200);
    expect(server.mailer.messages).toHaveLength(1);
  });
});

describe('createClientFormHandler over HTTP: abuse is refused, nothing created, nothing sent', () => {
  it('refuses a body over the limit, by Content-Length and by counting a chunked body', async () => {
    const server = await serve({ maxBodyBytes: 1_024 });
    const token = await server.filledToken();
    await expectRefusal((h) => postJson(server, { ...zoe, formToken: token, padding: 'x'.repeat(5_000) }, h), 413, 'form_too_large');
    // No Content-Length: the handler must count while it reads.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(server.url, { method: 'POST', headers: { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(`firstName=Zo%C3%A9&lastName=Roy&email=zoe%40exemple.ca&formToken=${encodeURIComponent(token)}&x=`);
      for (let i = 0; i < 20; i++) req.write('y'.repeat(100));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ code: 'form_too_large', message: renderMessage('form_too_large', { max: 1024 }, 'fr') });
    expectNothingDone(server);
  });

  it('gives up on a body whose sender hangs up half-way, without waiting for it', async () => {
    const server = await serve();
    const req = httpRequest(server.url, { method: 'POST', headers: { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } });
    req.on('error', () => undefined);
    req.write('firstName=Zo%C3%A9&lastName=');
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    for (let i = 0; i < 100 && server.logs.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.logs.map((l) => [l.code, l.status])).toEqual([['form_malformed', 400]]);
    expectNothingDone(server);
  });

  it('refuses a filled honeypot', async () => {
    const server = await serve();
    const token = await server.filledToken();
    await expectRefusal((h) => postJson(server, { ...zoe, website: 'https://spam.example', formToken: token }, h), 400, 'form_rejected');
    expectNothingDone(server);
    expect(server.logs.map((l) => l.code)).toEqual(['form_rejected', 'form_rejected']);
  });

  it('refuses a form sent faster than the minimum fill time, and one whose token is missing, forged or too old', async () => {
    const server = await serve();
    const fresh = await server.handler.issueFormToken();
    server.advance(1_000);
    await expectRefusal((h) => postJson(server, { ...zoe, formToken: fresh }, h), 400, 'form_too_fast');
    await expectRefusal((h) => postJson(server, { ...zoe }, h), 400, 'form_expired');
    // Re-dating a token (to look filled slowly) breaks its signature.
    const [v, , nonce, mac] = fresh.split('.');
    const redated = [v, (Date.UTC(2026, 2, 2, 13, 0, 0)).toString(36), nonce, mac].join('.');
    await expectRefusal((h) => postJson(server, { ...zoe, formToken: redated }, h), 400, 'form_expired');
    // A token signed with another secret.
    const other = createClientFormHandler({ store: createMemoryClientStore(), portal: createMemoryPortal(), mailer: createOutboxMailer() }, { secret: `${SECRET} but another` });
    await expectRefusal(async (h) => postJson(server, { ...zoe, formToken: await other.issueFormToken() }, h), 400, 'form_expired');
    const old = await server.handler.issueFormToken();
    server.advance(13 * 3_600_000);
    await expectRefusal((h) => postJson(server, { ...zoe, formToken: old }, h), 400, 'form_expired');
    expectNothingDone(server);
  });

  it('limits requests per client address and submissions per e-mail, with Retry-After', async () => {
    const server = await serve({ rateLimit: { perAddress: { limit: 3, windowMs: 600_000 }, perEmail: { limit: 1, windowMs: 3_600_000 } } });
    const ok = await postJson(server, { ...zoe, formToken: await server.filledToken() });
    expect(ok.status).toBe(200);
    const sameEmail = await postJson(server, { ...zoe, email: 'ZOE.GT@exemple.ca', formToken: await server.filledToken() }, { 'accept-language': 'fr' });
    expect(sameEmail.status).toBe(429);
    expect(sameEmail.headers.get('retry-after')).toBe(String(3_600 - 8));
    expect(await sameEmail.json()).toMatchObject({ code: 'form_rate_limited', message: renderMessage('form_rate_limited', { minutes: 60 }, 'fr') });
    const third = await postJson(server, { ...zoe, email: 'x@exemple.ca', formToken: await server.filledToken() });
    expect(third.status).toBe(200);
    await expectRefusal(async (h) => postJson(server, { ...zoe, email: 'y@exemple.ca', formToken: await server.filledToken() }, h), 429, 'form_rate_limited');
    expect(server.store.size).toBe(2);
    expect(server.mailer.messages.map((m) => m.to)).toEqual(['zoe.gt@exemple.ca', 'x@exemple.ca']);
    server.advance(600_000);
    expect((await postJson(server, { ...zoe, email: 'y@exemple.ca', formToken: await server.filledToken() })).status).toBe(200);
  });

  it('refuses a wrong or missing origin, and answers CORS only for the allowed ones', async () => {
    const server = await serve({ allowedOrigins: ['https://www.cabinet-exemple.ca'] });
    const token = await server.filledToken();
    const evil = { origin: 'https://evil.example' };
    await expectRefusal((h) => postJson(server, { ...zoe, formToken: token }, { ...h, ...evil }), 403, 'form_origin_forbidden');
    const noOrigin = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ ...zoe, formToken: token }) });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull();
    const badPreflight = await fetch(server.url, { method: 'OPTIONS', headers: { ...evil, 'access-control-request-method': 'POST' } });
    expect(badPreflight.status).toBe(403);
    expect(badPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expectNothingDone(server);

    const preflight = await fetch(server.url, { method: 'OPTIONS', headers: { origin: 'https://www.cabinet-exemple.ca', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://www.cabinet-exemple.ca');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Content-Type');
    const allowed = await postJson(server, { ...zoe, formToken: token }, { origin: 'https://www.cabinet-exemple.ca' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.cabinet-exemple.ca');
  });

  it('refuses malformed JSON, a JSON array, nested values and an unsupported content type', async () => {
    const server = await serve();
    await expectRefusal((h) => postJson(server, '{"firstName": "Zoé", "email": ', h), 400, 'form_malformed');
    await expectRefusal((h) => postJson(server, '[1, 2]', h), 400, 'form_malformed');
    await expectRefusal((h) => postJson(server, { ...zoe, email: { $ne: '' } }, h), 400, 'form_malformed');
    await expectRefusal((h) => postForm(server, { ...zoe }, { ...h, accept: 'application/json', 'content-type': 'text/plain' }), 415, 'form_unsupported_type');
    // Bytes that are not UTF-8 in a form body.
    const latin1 = await fetch(server.url, { method: 'POST', headers: { origin: server.origin, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: new Uint8Array([0x66, 0x3d, 0xe9, 0xff]) });
    expect(latin1.status).toBe(400);
    expectNothingDone(server);
  });

  it('refuses a SIN with a bad check digit without echoing it, even masked, and keeps the other fields', async () => {
    const server = await serve();
    const token = await server.filledToken();
    await expectRefusal((h) => postJson(server, { ...zoe, sin: '130 692 545', formToken: token }, h), 422, 'form_fields_invalid');
    const json = await (await postJson(server, { ...zoe, sin: '130 692 545', formToken: token }, { 'accept-language': 'en' })).json();
    expect(json).toEqual({ ok: false, code: 'form_fields_invalid', message: renderMessage('form_fields_invalid', {}, 'en'), fields: { sin: { code: 'form_field_sin', message: renderMessage('form_field_sin', {}, 'en') } } });
    const html = await (await postForm(server, { ...zoe, sin: '130 692 545', lang: 'fr', formToken: token })).text();
    expect(html).not.toMatch(/130|692|545|\*\*\*/);
    expect(html).toContain('value="Gagnon-Tremblay"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(renderMessage('form_field_sin', {}, 'fr').replace(/'/g, '&#39;'));
    expect(JSON.stringify(server.logs)).not.toMatch(/130|692|545/);
    expectNothingDone(server);
  });

  it('refuses a script in a name field, and shows it back escaped', async () => {
    const server = await serve();
    const token = await server.filledToken();
    const script = '<script>alert("x")</script>';
    await expectRefusal((h) => postJson(server, { ...zoe, firstName: script, formToken: token }, h), 422, 'form_fields_invalid');
    const response = await postForm(server, { ...zoe, firstName: script, lastName: '"><img src=x onerror=alert(1)>', lang: 'en', formToken: token });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"');
    expect(html).toContain(renderMessage('form_field_name', { field: 'firstName' }, 'en'));
    expectNothingDone(server);
  });

  it('asks for names from everyone, so that a missing name tells nothing about who is a client', async () => {
    const server = await serve();
    await server.store.create({ record: { kind: 'individual', firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca' } });
    const known = await postJson(server, { email: 'simon.provencher@exemple.ca', formToken: await server.filledToken() });
    const unknown = await postJson(server, { email: 'nobody@exemple.ca', formToken: await server.filledToken() });
    expect(await observed(known)).toEqual(await observed(unknown));
    expect(known.status).toBe(422);
    expect(server.mailer.messages).toEqual([]);
  });

  it('asks the CAPTCHA hook, and refuses when it says no or throws', async () => {
    const seen: string[] = [];
    const server = await serve({
      verifyCaptcha: ({ fields, clientAddress }) => {
        seen.push(`${fields['cf-turnstile-response']}@${clientAddress}`);
        if (fields['cf-turnstile-response'] === 'boom') throw new Error('provider down');
        return fields['cf-turnstile-response'] === 'good';
      },
    });
    await expectRefusal(async (h) => postJson(server, { ...zoe, 'cf-turnstile-response': 'bad', formToken: await server.filledToken() }, h), 403, 'form_captcha_failed');
    const boom = await postJson(server, { ...zoe, 'cf-turnstile-response': 'boom', formToken: await server.filledToken() });
    expect(boom.status).toBe(403);
    expectNothingDone(server);
    const good = await postJson(server, { ...zoe, 'cf-turnstile-response': 'good', formToken: await server.filledToken() });
    expect(good.status).toBe(200);
    expect(seen).toEqual(['bad@127.0.0.1', 'bad@127.0.0.1', 'boom@127.0.0.1', 'good@127.0.0.1']);
  });

  it('answers an accepted submission the same when the client store is down, and logs why without personal data', async () => {
    const server = await serve({}, { store: wrapStore(createMemoryClientStore(), { find: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432 (SIN 130692544)')) }) });
    const response = await postJson(server, { ...zoe, sin: '130692544', lang: 'en', formToken: await server.filledToken() });
    // A 503 here would come only for the addresses whose work reaches the failing port: a signal. The work is idempotent.
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, code: 'form_received', message: renderMessage('form_received', {}, 'en') });
    expect(server.mailer.messages).toEqual([]);
    expect(server.logs.at(-1)).toMatchObject({ level: 'error', event: 'submission_failed', status: 200, email: 'z***@exemple.ca' });
    expect(server.logs.at(-1)?.message).toContain('ECONNREFUSED');
    expect(JSON.stringify(server.logs)).not.toContain('130692544');
  });

  it('answers 503 when the rate-limit store is down, before anything is looked up', async () => {
    const rateLimits: RateLimitStore = { hit: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) };
    const server = await serve({}, { rateLimits });
    await expectRefusal(async (h) => postJson(server, { ...zoe, formToken: await server.filledToken() }, h), 503, 'form_unavailable');
    expectNothingDone(server);
  });

  it('refuses other methods with 405 and Allow', async () => {
    const server = await serve();
    const response = await fetch(server.url, { method: 'DELETE', headers: { accept: 'application/json', 'accept-language': 'en' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect(await response.json()).toMatchObject({ code: 'form_method_not_allowed', message: renderMessage('form_method_not_allowed', {}, 'en') });
  });
});

describe('createClientFormHandler options', () => {
  const ports = () => ({ store: createMemoryClientStore(), portal: createMemoryPortal(), mailer: createOutboxMailer() });
  const error = (run: () => unknown): unknown => {
    try {
      run();
    } catch (e) {
      return e;
    }
    return undefined;
  };

  it('needs a secret of 32 bytes for the fill time, unless it is turned off', () => {
    const none = error(() => createClientFormHandler(ports()));
    expect(isTaxsyncError(none) && none.code).toBe('invalid_input');
    expect(isTaxsyncError(none) && none.message).toContain('minFillTimeMs: 0');
    expect(isTaxsyncError(error(() => createClientFormHandler(ports(), { secret: 'short' })))).toBe(true);
    expect(typeof createClientFormHandler(ports(), { minFillTimeMs: 0 })).toBe('function');
  });

  it('refuses origins that are not bare origins, and bad limits', () => {
    expect(isTaxsyncError(error(() => createClientFormHandler(ports(), { secret: SECRET, allowedOrigins: ['https://www.cabinet-exemple.ca/form'] })))).toBe(true);
    expect(isTaxsyncError(error(() => createClientFormHandler(ports(), { secret: SECRET, allowedOrigins: ['cabinet-exemple.ca'] })))).toBe(true);
    expect(isTaxsyncError(error(() => createClientFormHandler(ports(), { secret: SECRET, rateLimit: { perEmail: { limit: 0, windowMs: 1 } } })))).toBe(true);
    expect(isTaxsyncError(error(() => createClientFormHandler(ports(), { secret: SECRET, maxBodyBytes: 10 })))).toBe(true);
    expect(isTaxsyncError(error(() => createClientFormHandler(ports(), { secret: SECRET, minResponseMs: -1 })))).toBe(true);
    expect(isTaxsyncError(error(() => createClientFormHandler(ports(), { secret: SECRET, minResponseMs: 60_000 })))).toBe(true);
  });

  it('works without a secret when the fill time is off, with the honeypot and rate limits still on', async () => {
    const p = ports();
    const handler = createClientFormHandler(p, { minFillTimeMs: 0, requireOrigin: false, minResponseMs: 0 });
    const post = (body: Record<string, string>) => handler(new Request('https://cabinet.example/form', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }));
    expect((await post({ ...zoe })).status).toBe(200);
    expect((await post({ ...zoe, website: 'x' })).status).toBe(400);
    expect(p.mailer.messages).toHaveLength(1);
    // Without a context, every request shares the "unknown address" bucket (10 per 10 minutes by default).
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await post({ ...zoe, email: `n${i}@exemple.ca` })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });
});

/** A store whose methods are the memory store's, some replaced. */
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A memory store whose look-ups and creations take `ms`, like a database across a network. */
function slowStore(ms: number): ClientStore {
  const base = createMemoryClientStore();
  return wrapStore(base, { find: async (q) => delay(ms).then(() => base.find(q)), create: async (i) => delay(ms).then(() => base.create(i)) });
}

/** A mailer that records into `outbox` once `gate` lets it (a slow SMTP relay, or one the test holds back). */
function gatedMailer(outbox: ReturnType<typeof createOutboxMailer>, gate: () => Promise<void>): Mailer {
  return { capabilities: outbox.capabilities, send: async (m) => gate().then(() => outbox.send(m)) };
}

describe('createClientFormHandler over HTTP: the delay of the answer tells nothing', () => {
  const simon = { kind: 'individual' as const, sin: '130692544', firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca' };
  const cases = {
    created: { ...zoe },
    foundNotInvited: { firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca' },
    alreadyInvited: { firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca' },
  };

  it('without waitUntil, answers found, created and already invited after the response-time floor, not before', async () => {
    const floor = 700;
    const outbox = createOutboxMailer();
    const store = slowStore(40);
    const server = await serve({ minResponseMs: floor, rateLimit: { perAddress: false, perEmail: false } }, { store, mailer: gatedMailer(outbox, () => delay(150)) });
    await store.create({ record: simon });
    const elapsed: Record<string, number> = {};
    for (const [name, fields] of Object.entries(cases)) {
      const token = await server.filledToken();
      const started = performance.now();
      const response = await postJson(server, { ...fields, lang: 'en', formToken: token });
      expect(response.status).toBe(200);
      await response.text();
      elapsed[name] = performance.now() - started;
    }
    // The work itself took ~40 ms (already invited) to ~230 ms (created): without the floor, that is the leak.
    for (const ms of Object.values(elapsed)) expect(ms).toBeGreaterThanOrEqual(floor - 5);
    const spread = Math.max(...Object.values(elapsed)) - Math.min(...Object.values(elapsed));
    expect(spread).toBeLessThan(floor);
    expect(outbox.messages.map((m) => m.to)).toEqual(['zoe.gt@exemple.ca', 'simon.provencher@exemple.ca']);
    expect(server.outcomes.map((o) => o.result.status !== 'conflict' && o.result.invitation.status)).toEqual(['sent', 'sent', 'already_sent']);
  });

  it('with the Node adapter’s default, answers before the invitation is sent, then sends it exactly once', async () => {
    const outbox = createOutboxMailer();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const store = slowStore(20);
    // A floor that would show if it were applied: the background path must not wait for it.
    const server = await serve({ minResponseMs: 30_000, rateLimit: { perAddress: false, perEmail: false } }, { store, mailer: gatedMailer(outbox, () => held) }, {});
    await store.create({ record: simon });
    const answers = [];
    for (const fields of Object.values(cases)) answers.push(await observed(await postJson(server, { ...fields, lang: 'fr', formToken: await server.filledToken() })));
    // Every answer came while the mail was held back: none of them waited for the work.
    expect(outbox.messages).toEqual([]);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]?.status).toBe(200);
    release();
    await server.handler.settled();
    expect(outbox.messages.map((m) => m.to).sort()).toEqual(['simon.provencher@exemple.ca', 'zoe.gt@exemple.ca']);
    expect(server.outcomes).toHaveLength(3);
    // Once more, now that both were invited: still one message each.
    await postJson(server, { ...cases.created, formToken: await server.filledToken() });
    await server.handler.settled();
    expect(outbox.messages).toHaveLength(2);
    expect(server.logs.filter((l) => l.event === 'submission_accepted').map((l) => l.outcome)).toHaveLength(4);
  });

  it('hands the work to the host’s waitUntil, and reports its failures to the logger, masked', async () => {
    const handed: Promise<unknown>[] = [];
    const server = await serve(
      { waitUntil: (work) => void handed.push(work), onOutcome: () => Promise.reject(new Error('audit table missing')) },
      { store: wrapStore(createMemoryClientStore(), { create: async () => Promise.reject(new Error('deadlock detected (SIN 130692544)')) }) },
    );
    const response = await postJson(server, { ...zoe, sin: '130 692 544', formToken: await server.filledToken() });
    expect(response.status).toBe(200);
    expect(handed).toHaveLength(1);
    await Promise.all(handed);
    expect(server.logs.map((l) => [l.level, l.event, l.status, l.email])).toEqual([['error', 'submission_failed', 200, 'z***@exemple.ca']]);
    expect(server.logs[0]?.message).toContain('deadlock detected');
    expect(JSON.stringify(server.logs)).not.toContain('130692544');

    // The store recovers; the callback still throws: that reaches the logger too.
    const healthy = await serve({ waitUntil: (work) => void handed.push(work), onOutcome: () => Promise.reject(new Error('audit table missing')) });
    await postJson(healthy, { ...zoe, formToken: await healthy.filledToken() });
    await Promise.all(handed);
    expect(healthy.mailer.messages).toHaveLength(1);
    expect(healthy.logs.map((l) => [l.level, l.event])).toEqual([['info', 'submission_accepted'], ['error', 'submission_failed']]);
    expect(healthy.logs[1]?.message).toBe('onOutcome threw: audit table missing');
  });

  it('writes a failure of the background work to console.error when the host gave no logger', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const store = wrapStore(createMemoryClientStore(), { find: async () => Promise.reject(new Error('connection reset')) });
      const handler = createClientFormHandler({ store, portal: createMemoryPortal(), mailer: createOutboxMailer() }, { minFillTimeMs: 0 });
      const http = createServer(toNodeHandler(handler));
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      try {
        const address = http.address();
        const origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
        const response = await fetch(`${origin}/form`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify(zoe) });
        expect(response.status).toBe(200);
        await handler.settled();
      } finally {
        await new Promise((resolve) => http.close(resolve));
      }
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]?.[1])).toContain('connection reset');
      expect(String(errors.mock.calls[0]?.[1])).toContain('z***@exemple.ca');
    } finally {
      errors.mockRestore();
    }
  });
});
