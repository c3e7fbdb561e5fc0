/**
 * taxsync/smtp against a real SMTP server (smtp-server, in-process, on a free port) through a real nodemailer
 * transport; what arrived is read back from the raw messages the server received, parsed with mailparser.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { createTransport } from 'nodemailer';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTaxsyncError, type MailMessage, type MailReceipt } from '../../src/index.js';
import { createSmtpMailer, SmtpMailError, type MailIdempotencyStore, type SmtpMailerOptions, type SmtpTransport } from '../../src/smtp.js';
import { mailerTestSuite, type DeliveredMail } from '../../src/testing/index.js';

// ── The SMTP server ─────────────────────────────────────────────────────────────────────────────────────────────

interface Received {
  readonly raw: Buffer;
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
}

/** Every message the server accepted, in order. */
const inbox: Received[] = [];
/** Greylisted addresses already seen once (the second attempt goes through, as with a real greylist). */
const greylistSeen = new Set<string>();
const servers: SMTPServer[] = [];
let port = 0;
let authPort = 0;
let closedPort = 0;
let silentPort = 0;
let silent: Server | undefined;
const silentSockets = new Set<Socket>();

const smtpError = (message: string, responseCode: number): Error => Object.assign(new Error(message), { responseCode });

async function startSmtp(options: SMTPServerOptions): Promise<number> {
  const server = new SMTPServer({ logger: false, disabledCommands: ['STARTTLS'], ...options });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.server.address() as AddressInfo).port;
}

beforeAll(async () => {
  port = await startSmtp({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(address, _session, callback) {
      const [local = ''] = address.address.split('@');
      if (local === 'inconnu' || /^\d{9}$/.test(local)) return callback(smtpError(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`, 550));
      if (local.startsWith('greylist') && !greylistSeen.has(address.address)) {
        greylistSeen.add(address.address);
        return callback(smtpError('4.7.1 Greylisted, please try again later', 451));
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        inbox.push({ raw: Buffer.concat(chunks), mailFrom: from === false ? '' : from.address, rcptTo: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      });
    },
  });
  authPort = await startSmtp({
    allowInsecureAuth: true,
    onAuth(_auth, _session, callback) {
      callback(smtpError('5.7.8 Authentication credentials invalid', 535));
    },
  });
  // A port nobody listens on: taken, then released.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  // A server that accepts connections and never greets.
  silent = createServer((socket) => {
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  await new Promise<void>((resolve) => (silent === undefined ? resolve() : silent.close(() => resolve())));
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────

const FROM = '"Cabinet Lœuillet & Côté" <info@cabinet-loeuillet.ca>';

const transportTo = (toPort: number, extra: Record<string, unknown> = {}): SmtpTransport =>
  createTransport({ host: '127.0.0.1', port: toPort, secure: false, ignoreTLS: true, ...extra });

/** A transport that counts the messages it is asked to send, around the real one. */
function counting(inner: SmtpTransport): SmtpTransport & { calls: number } {
  const wrapper = {
    calls: 0,
    sendMail(mail: Parameters<SmtpTransport['sendMail']>[0]) {
      wrapper.calls += 1;
      return inner.sendMail(mail);
    },
  };
  return wrapper;
}

function mapStore(): MailIdempotencyStore & { readonly entries: Map<string, MailReceipt> } {
  const entries = new Map<string, MailReceipt>();
  return {
    entries,
    async get(key) {
      return entries.get(key);
    },
    async set(key, receipt) {
      entries.set(key, receipt);
    },
  };
}

const mailerOn = (toPort: number, options: Partial<SmtpMailerOptions> = {}) => createSmtpMailer(transportTo(toPort), { from: FROM, ...options });

const parse = (received: Received | undefined): Promise<ParsedMail> => {
  if (received === undefined) throw new Error('no message received');
  return simpleParser(received.raw);
};

const addressText = (to: AddressObject | AddressObject[] | undefined): string => (to === undefined ? '' : Array.isArray(to) ? to.map((a) => a.text).join(', ') : to.text);

async function deliveredMail(): Promise<DeliveredMail[]> {
  const parsed = await Promise.all(inbox.map((m) => simpleParser(m.raw)));
  return parsed.map((p) => ({ to: addressText(p.to), subject: p.subject ?? '', text: p.text ?? '', ...(typeof p.html === 'string' ? { html: p.html } : {}) }));
}

/** The error `run` rejects with. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure, but the call succeeded');
}

const documents = (key: string, to = 'marie-eve.cote@exemple.ca'): MailMessage => ({
  to,
  subject: 'Vos documents d’impôt 2024 « à signer » — Cabinet Lœuillet & Côté',
  text: 'Bonjour Marie-Ève,\n\nVos déclarations sont prêtes. L’œuvre d’un été : « signez » avant le 30 avril.\n',
  html: '<p>Bonjour Marie-Ève,</p><p>Vos déclarations sont prêtes. L’œuvre d’un été : « signez » avant le 30 avril.</p>',
  language: 'fr',
  idempotencyKey: `taxsync-plan-7f3a-${key}`,
  category: 'documents-sign',
});

// ── Conformance ─────────────────────────────────────────────────────────────────────────────────────────────────

mailerTestSuite(
  { describe, it },
  () => {
    inbox.length = 0;
    return mailerOn(port);
  },
  { name: 'smtp, without an idempotency store', delivered: deliveredMail },
);

mailerTestSuite(
  { describe, it },
  () => {
    inbox.length = 0;
    return mailerOn(port, { idempotency: mapStore() });
  },
  { name: 'smtp, with an idempotency store', delivered: deliveredMail },
);

// ── What arrives ────────────────────────────────────────────────────────────────────────────────────────────────

describe('createSmtpMailer: what the server receives', () => {
  it('declares idempotency keys only with a store', () => {
    expect(mailerOn(port).capabilities).toEqual({ idempotencyKeys: false });
    // A store spares known resends but cannot make SMTP exactly-once: workflows must keep journaling.
    expect(mailerOn(port, { idempotency: mapStore() }).capabilities).toEqual({ idempotencyKeys: false });
  });

  it('keeps French accents, ’ « » and œ intact in the subject and both bodies', async () => {
    const before = inbox.length;
    const message = documents('client-41');
    await mailerOn(port).send(message);
    expect(inbox.length).toBe(before + 1);
    const mail = await parse(inbox.at(-1));
    expect(mail.subject).toBe(message.subject);
    expect(mail.text?.trim()).toBe(message.text.trim());
    expect(typeof mail.html === 'string' ? mail.html.trim() : mail.html).toBe(message.html);
    expect(mail.from?.value).toEqual([{ name: 'Cabinet Lœuillet & Côté', address: 'info@cabinet-loeuillet.ca' }]);
    expect(inbox.at(-1)?.rcptTo).toEqual(['marie-eve.cote@exemple.ca']);
    expect(inbox.at(-1)?.mailFrom).toBe('info@cabinet-loeuillet.ca');
  });

  it('sends text + html as multipart/alternative in UTF-8, and text alone as text/plain', async () => {
    await mailerOn(port).send(documents('client-42'));
    const both = await parse(inbox.at(-1));
    expect(both.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    const raw = inbox.at(-1)?.raw.toString('latin1') ?? '';
    expect(raw.match(/Content-Type: text\/(plain|html); charset=utf-8/gi)?.map((h) => h.toLowerCase())).toEqual([
      'content-type: text/plain; charset=utf-8',
      'content-type: text/html; charset=utf-8',
    ]);

    const { html: _html, ...textOnly } = documents('client-43');
    await mailerOn(port).send(textOnly);
    const plain = await parse(inbox.at(-1));
    expect(plain.headers.get('content-type')).toMatchObject({ value: 'text/plain', params: { charset: 'utf-8' } });
    expect(plain.html).toBe(false);
    expect(plain.text).toContain('L’œuvre d’un été');
  });

  it('sets Content-Language from the message language, and Reply-To from the options', async () => {
    await mailerOn(port, { replyTo: 'Marc Côté <marc.cote@cabinet-loeuillet.ca>' }).send(documents('client-44'));
    const fr = await parse(inbox.at(-1));
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(fr.replyTo?.value).toEqual([{ name: 'Marc Côté', address: 'marc.cote@cabinet-loeuillet.ca' }]);

    await mailerOn(port).send({ ...documents('client-45'), subject: 'Your 2024 tax documents', text: 'Hello Simon,\n', language: 'en' });
    const en = await parse(inbox.at(-1));
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.replyTo).toBeUndefined();
  });

  it('derives one Message-ID per idempotency key, the same on a resend, without the key in clear', async () => {
    const mailer = mailerOn(port);
    const first = await mailer.send(documents('client-46'));
    const again = await mailer.send(documents('client-46'));
    const other = await mailer.send(documents('client-47'));
    const [a, b, c] = await Promise.all(inbox.slice(-3).map(parse));
    expect(a?.messageId).toBe(b?.messageId);
    expect(a?.messageId).not.toBe(c?.messageId);
    expect(a?.messageId).toMatch(/^<[0-9a-f]{32}\.taxsync@cabinet-loeuillet\.ca>$/);
    expect(first.id).toBe(a?.messageId);
    expect(again).toEqual({ id: first.id, duplicate: false });
    expect(other.id).toBe(c?.messageId);
    expect(await mailer.messageIdFor(documents('client-46').idempotencyKey)).toBe(first.id);
    for (const m of inbox.slice(-3)) expect(m.raw.toString('latin1')).not.toContain('client-4');
    // The same key gives the same Message-ID from another mailer instance (another process, after a restart)…
    expect(await mailerOn(port).messageIdFor(documents('client-46').idempotencyKey)).toBe(first.id);
    // …but not once a secret is mixed in, and the domain can be chosen.
    const keyed = mailerOn(port, { messageIdSecret: 's3cr3t-du-cabinet', messageIdDomain: 'mail.cabinet-loeuillet.ca' });
    const keyedId = await keyed.messageIdFor(documents('client-46').idempotencyKey);
    expect(keyedId).not.toBe(first.id);
    expect(keyedId).toMatch(/^<[0-9a-f]{32}\.taxsync@mail\.cabinet-loeuillet\.ca>$/);
  });
});

// ── Idempotency ─────────────────────────────────────────────────────────────────────────────────────────────────

describe('createSmtpMailer: idempotency store', () => {
  it('does not send a key twice, even from a new mailer sharing the store', async () => {
    const store = mapStore();
    const first = await mailerOn(port, { idempotency: store }).send(documents('client-50'));
    const count = inbox.length;
    expect(first.duplicate).toBe(false);
    expect(store.entries.get(documents('client-50').idempotencyKey)).toEqual(first);

    const again = await mailerOn(port, { idempotency: store }).send(documents('client-50'));
    expect(again).toEqual({ id: first.id, duplicate: true });
    expect(inbox.length).toBe(count);
  });

  it('sends concurrent sends of one key once', async () => {
    const transport = counting(transportTo(port));
    const mailer = createSmtpMailer(transport, { from: FROM, idempotency: mapStore() });
    const before = inbox.length;
    const receipts = await Promise.all([mailer.send(documents('client-51')), mailer.send(documents('client-51')), mailer.send(documents('client-51'))]);
    expect(transport.calls).toBe(1);
    expect(inbox.length).toBe(before + 1);
    expect(receipts.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(receipts.map((r) => r.id)).size).toBe(1);
  });

  it('records nothing when the server defers, so the retry goes through, once', async () => {
    const store = mapStore();
    const mailer = mailerOn(port, { idempotency: store });
    const message = documents('client-52', 'greylist.simon@exemple.ca');
    const before = inbox.length;
    const deferred = await failure(() => mailer.send(message));
    expect(deferred).toBeInstanceOf(SmtpMailError);
    expect(store.entries.size).toBe(0);
    expect(inbox.length).toBe(before);

    const retried = await mailer.send(message);
    expect(retried.duplicate).toBe(false);
    expect(inbox.length).toBe(before + 1);
    expect(await mailer.send(message)).toEqual({ id: retried.id, duplicate: true });
    expect(inbox.length).toBe(before + 1);
  });
});

// ── Refusals before sending ─────────────────────────────────────────────────────────────────────────────────────

describe('createSmtpMailer: messages refused before connecting', () => {
  it.each([
    ['a line break in the subject (header injection)', { subject: 'Vos documents\r\nBcc: tous@exemple.ca' }, 'subject'],
    ['a bare LF in the subject', { subject: 'Vos documents\nX-Injected: oui' }, 'subject'],
    ['a line break in the recipient', { to: 'zoe@exemple.ca\r\nBcc: tous@exemple.ca' }, 'recipient'],
    ['two recipients', { to: 'zoe@exemple.ca, tous@exemple.ca' }, 'recipient'],
    ['a recipient that is no address', { to: 'Zoé Gagnon-Tremblay' }, 'recipient'],
    ['no text body', { text: '   ' }, 'text'],
    ['no idempotency key', { idempotencyKey: '' }, 'idempotencyKey'],
  ] as const)('refuses %s with mail_invalid and sends nothing', async (_what, change, named) => {
    const transport = counting(transportTo(port));
    const mailer = createSmtpMailer(transport, { from: FROM, idempotency: mapStore() });
    const before = inbox.length;
    const error = await failure(() => mailer.send({ ...documents('client-60'), ...change }));
    expect(isTaxsyncError(error) && error.code).toBe('mail_invalid');
    expect((error as Error).message).toContain(named);
    expect(transport.calls).toBe(0);
    expect(inbox.length).toBe(before);
  });

  it('accepts a display name with accents and a quoted comma', async () => {
    const before = inbox.length;
    await mailerOn(port).send(documents('client-61', '"Côté, Marie-Ève" <marie-eve.cote@exemple.ca>'));
    expect(inbox.length).toBe(before + 1);
    expect(inbox.at(-1)?.rcptTo).toEqual(['marie-eve.cote@exemple.ca']);
    const to = (await parse(inbox.at(-1))).to;
    expect(Array.isArray(to) ? to : to?.value).toEqual([{ name: 'Côté, Marie-Ève', address: 'marie-eve.cote@exemple.ca' }]);
  });

  it('says why in French and English', async () => {
    const error = await failure(() => mailerOn(port, { locale: 'fr' }).send({ ...documents('client-62'), subject: 'a\nb' }));
    expect(isTaxsyncError(error)).toBe(true);
    if (!isTaxsyncError(error)) return;
    expect(error.message).toMatch(/^Ce courriel ne peut pas être envoyé : /);
    expect(error.messageIn('en')).toMatch(/^This e-mail cannot be sent: the subject holds a line break/);
  });

  it('refuses options that would inject headers or give no Message-ID domain', () => {
    const transport = transportTo(port);
    expect(() => createSmtpMailer(transport, { from: 'info@cabinet.ca\r\nBcc: tous@exemple.ca' })).toThrow(TypeError);
    expect(() => createSmtpMailer(transport, { from: FROM, replyTo: 'a@b.ca\nX: y' })).toThrow(TypeError);
    expect(() => createSmtpMailer(transport, { from: FROM, messageIdDomain: 'cabinet.ca>\r\nX: y' })).toThrow(TypeError);
    expect(() => createSmtpMailer({} as SmtpTransport, { from: FROM })).toThrow(TypeError);
  });
});

// ── Failures of the server ──────────────────────────────────────────────────────────────────────────────────────

describe('createSmtpMailer: SMTP failures', () => {
  it('a recipient refused with 550 is a permanent smtp_rejected, in English and French', async () => {
    const before = inbox.length;
    const error = await failure(() => mailerOn(port, { locale: 'en' }).send(documents('client-70', 'inconnu@exemple.ca')));
    expect(error).toBeInstanceOf(SmtpMailError);
    if (!(error instanceof SmtpMailError)) return;
    expect(error).toMatchObject({ code: 'smtp_rejected', retryable: false, responseCode: 550, command: 'RCPT TO', transportCode: 'EENVELOPE' });
    expect(error.message).toContain('for good (SMTP 550 at RCPT TO)');
    // The server quotes the address: masked like every e-mail address in a message.
    expect(error.message).toContain('<i***@exemple.ca>');
    expect(error.message).not.toContain('inconnu@');
    expect(error.message).toContain('will not help');
    expect(error.messageIn('fr')).toContain('définitivement (SMTP 550 à RCPT TO)');
    expect(error.messageIn('fr')).toContain("Le renvoyer n'y changera rien");
    expect(inbox.length).toBe(before);
  });

  it('masks a SIN the server echoes back (inside the address it quotes)', async () => {
    const error = await failure(() => mailerOn(port).send(documents('client-71', '130692544@exemple.ca')));
    expect(isTaxsyncError(error) && error.code).toBe('smtp_rejected');
    const texts = [(error as SmtpMailError).message, (error as SmtpMailError).messageIn('en'), (error as SmtpMailError).messageIn('fr'), JSON.stringify((error as SmtpMailError).params)];
    for (const text of texts) {
      expect(text).not.toContain('130692544');
      expect(text).toContain('1***@exemple.ca');
    }
    expect((error as Error).cause).toBeUndefined();
  });

  it('a 451 is a transient smtp_deferred', async () => {
    const error = await failure(() => mailerOn(port, { locale: 'fr' }).send(documents('client-72', 'greylist.zoe@exemple.ca')));
    expect(error).toBeInstanceOf(SmtpMailError);
    if (!(error instanceof SmtpMailError)) return;
    expect(error).toMatchObject({ code: 'smtp_deferred', retryable: true, responseCode: 451 });
    expect(error.message).toMatch(/^Le serveur de courriel a refusé ce courriel pour le moment \(SMTP 451 à RCPT TO\) : .*Greylisted.*réessayez plus tard\.$/);
    expect(error.messageIn('en')).toContain('retry later');
  });

  it('a closed port is a transient smtp_unreachable', async () => {
    const error = await failure(() => mailerOn(closedPort).send(documents('client-73')));
    expect(error).toBeInstanceOf(SmtpMailError);
    if (!(error instanceof SmtpMailError)) return;
    expect(error).toMatchObject({ code: 'smtp_unreachable', retryable: true });
    expect(error.responseCode).toBeUndefined();
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.messageIn('en')).toContain('check the transport');
    expect(error.messageIn('fr')).toContain('injoignable');
  });

  it('a server that never greets is a transient smtp_unreachable (timeout)', async () => {
    const mailer = createSmtpMailer(transportTo(silentPort, { greetingTimeout: 300, connectionTimeout: 2000 }), { from: FROM });
    const error = await failure(() => mailer.send(documents('client-74')));
    expect(error).toBeInstanceOf(SmtpMailError);
    expect(error).toMatchObject({ code: 'smtp_unreachable', retryable: true, transportCode: 'ETIMEDOUT' });
  });

  it('a refused login is smtp_auth_failed, not retryable, and never shows the password', async () => {
    const mailer = createSmtpMailer(transportTo(authPort, { auth: { user: 'info@cabinet-loeuillet.ca', pass: 'Mot-de-passe-2024!' } }), { from: FROM });
    const error = await failure(() => mailer.send(documents('client-75')));
    expect(error).toBeInstanceOf(SmtpMailError);
    if (!(error instanceof SmtpMailError)) return;
    expect(error).toMatchObject({ code: 'smtp_auth_failed', retryable: false, responseCode: 535 });
    for (const text of [error.message, error.messageIn('fr')]) expect(text).not.toContain('Mot-de-passe-2024!');
    expect(error.messageIn('fr')).toContain("refusé l'authentification");
  });

  it('an unknown transport error is smtp_failed, not retryable', async () => {
    const broken: SmtpTransport = {
      sendMail: () => Promise.reject(new Error('template engine crashed on 130 692 544, 130.692.544, 130\u00a0692\u202f544 and 130  692  544 for zoe.gt@exemple.ca')),
    };
    const error = await failure(() => createSmtpMailer(broken, { from: FROM }).send(documents('client-76')));
    expect(error).toMatchObject({ code: 'smtp_failed', retryable: false });
    const message = (error as Error).message;
    expect(message).toContain('crashed on *** *** 544, *** *** 544, *** *** 544 and *** *** 544 for z***@exemple.ca');
    expect(message.replace(/[\s.-]/g, '')).not.toContain('130692544');
  });
});

// ── The call's signal ───────────────────────────────────────────────────────────────────────────────────────────

describe('createSmtpMailer: the signal', () => {
  it('sends nothing once aborted, and says nothing was sent', async () => {
    const transport = counting(transportTo(port));
    const mailer = createSmtpMailer(transport, { from: FROM });
    const controller = new AbortController();
    controller.abort(new Error('the firm stopped the dispatch'));
    const before = inbox.length;
    const error = await failure(() => mailer.send(documents('client-60'), { signal: controller.signal }));
    expect([(error as Error).name, (error as { effect?: unknown }).effect, ((error as Error).cause as Error).message]).toEqual(['AbortError', 'none', 'the firm stopped the dispatch']);
    expect(transport.calls).toBe(0);
    expect(inbox.length).toBe(before);
  });

  it('sends nothing when the abort comes while the idempotency store answers', async () => {
    const transport = counting(transportTo(port));
    const controller = new AbortController();
    const store = mapStore();
    const slow: MailIdempotencyStore = {
      async get(key) {
        controller.abort();
        return store.get(key);
      },
      set: (key, receipt) => store.set(key, receipt),
    };
    const error = await failure(() => createSmtpMailer(transport, { from: FROM, idempotency: slow }).send(documents('client-61'), { signal: controller.signal }));
    expect((error as { effect?: unknown }).effect).toBe('none');
    expect(transport.calls).toBe(0);
    expect(store.entries.size).toBe(0);
  });

  it('finishes a send already handed to the transport: a message on its way is not recalled', async () => {
    const controller = new AbortController();
    const inner = transportTo(port);
    const aborting: SmtpTransport = {
      async sendMail(mail) {
        const sending = inner.sendMail(mail);
        controller.abort();
        return sending;
      },
    };
    const store = mapStore();
    const before = inbox.length;
    const receipt = await createSmtpMailer(aborting, { from: FROM, idempotency: store }).send(documents('client-62'), { signal: controller.signal });
    expect(receipt.duplicate).toBe(false);
    expect(inbox.length).toBe(before + 1);
    expect(store.entries.get(documents('client-62').idempotencyKey)).toEqual(receipt);
  });
});
