/**
 * The website form in a real browser: Debian's headless Chromium, driven by playwright-core, loads the firm's page
 * (one server) with the form rendered by renderClientForm, fills it in through its labels, and submits it to the
 * handler (another server, another origin); the invitation must reach the outbox.
 *
 * Skips only when Chromium is missing outside CI; under CI=true a missing browser fails the test.
 */
import { createServer, type Server } from 'node:http';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipWithoutChromium } from '../chromium.js';
import {
  createClientFormHandler,
  createMemoryClientStore,
  createMemoryPortal,
  createMemoryRateLimitStore,
  createOutboxMailer,
  renderClientForm,
  renderMessage,
  toNodeHandler,
  type ClientFormHandler,
} from '../../src/index.js';

const skip = skipWithoutChromium('form-browser.test.ts');

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

describe.skipIf(skip)('the website form in headless Chromium', () => {
  const store = createMemoryClientStore();
  const portal = createMemoryPortal();
  const mailer = createOutboxMailer();
  const servers: Server[] = [];
  let context: BrowserContext | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  let site = '';
  let api = '';
  let handler: ClientFormHandler | undefined;

  beforeAll(async () => {
    // The handler's origin and the firm's website are two servers: the browser posts across origins, as in real life.
    const apiServer = createServer((req, res) => {
      if (handler === undefined) res.end();
      else void toNodeHandler(handler)(req, res);
    });
    servers.push(apiServer);
    api = await listen(apiServer);
    const siteServer = createServer((req, res) => {
      const lang = req.url?.includes('lang=en') ? 'en' : 'fr';
      void handler?.issueFormToken().then((token) => {
        const form = renderClientForm({ action: `${api}/client-form`, lang, fields: ['sin', 'phone', 'language'], token });
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Cabinet Tremblay CPA</title></head><body><main>${form}</main></body></html>`);
      });
    });
    servers.push(siteServer);
    site = await listen(siteServer);
    handler = createClientFormHandler(
      { store, portal, mailer, rateLimits: createMemoryRateLimitStore() },
      { secret: 'browser test secret, at least 32 bytes long', allowedOrigins: [site], minFillTimeMs: 800, accountManager: 'julie.tremblay', firmName: 'Cabinet Tremblay CPA' },
    );
    ({ context, close: closeBrowser } = await launchChromium());
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }, 60_000);

  it('is filled in through its labels, submitted, and the invitation arrives in the outbox', async () => {
    if (context === undefined) throw new Error('Chromium did not start');
    const page = await context.newPage();
    const loadedAt = Date.now();
    await page.goto(`${site}/devenir-client`);
    expect(await page.getAttribute('form', 'lang')).toBe('fr');
    await page.getByLabel('Prénom').fill('Zoé');
    await page.getByLabel('Nom de famille').fill('Gagnon-Tremblay');
    await page.getByLabel('Courriel').fill('zoe.gt@exemple.ca');
    await page.getByLabel("Numéro d'assurance sociale").fill('130 692 544');
    await page.getByLabel('Téléphone').fill('450 555-0177');
    await page.getByLabel('Langue de correspondance').selectOption('fr');
    // The honeypot is off screen and out of the tab order: a person never reaches it.
    const honeypot = page.locator('input[name="website"]');
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
    expect(await honeypot.isVisible()).toBe(true);
    expect(await honeypot.evaluate((el) => el.getBoundingClientRect().right < 0)).toBe(true);
    const wait = 1_000 - (Date.now() - loadedAt);
    if (wait > 0) await page.waitForTimeout(wait);
    await Promise.all([page.waitForURL(`${api}/client-form`), page.getByRole('button', { name: 'Recevoir mon invitation' }).click()]);
    expect(await page.locator('p[role="status"]').textContent()).toBe(renderMessage('form_received', {}, 'fr'));
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await handler?.settled();
    expect(mailer.messages.map((m) => [m.to, m.subject])).toEqual([['zoe.gt@exemple.ca', 'Cabinet Tremblay CPA : créez votre mot de passe pour le portail client']]);
    const [client] = await store.find({ sin: '130692544' });
    expect(client).toMatchObject({ firstName: 'Zoé', lastName: 'Gagnon-Tremblay', phone: '+14505550177', accountManager: 'julie.tremblay' });
    await page.close();
  });

  it('shows the errors next to the fields, in English, with the SIN not put back, and accepts the corrected form', async () => {
    if (context === undefined) throw new Error('Chromium did not start');
    const page = await context.newPage();
    await page.goto(`${site}/become-a-client?lang=en`);
    await page.getByLabel('First name').fill('<b>Léa</b>');
    await page.getByLabel('Last name').fill('Roy');
    await page.getByLabel('E-mail address').fill('lea.roy@exemple.ca');
    await page.getByLabel('Social insurance number').fill('130 692 545');
    await page.getByLabel('Preferred language').selectOption('en');
    await page.waitForTimeout(1_000);
    await Promise.all([page.waitForURL(`${api}/client-form`), page.getByRole('button', { name: 'Send me an invitation' }).click()]);
    const firstName = page.getByLabel('First name');
    expect(await firstName.inputValue()).toBe('<b>Léa</b>');
    expect(await firstName.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#taxsync-form-firstName-error').textContent()).toBe(renderMessage('form_field_name', { field: 'firstName' }, 'en'));
    expect(await page.locator('#taxsync-form-sin-error').textContent()).toBe(renderMessage('form_field_sin', {}, 'en'));
    expect(await page.getByLabel('Social insurance number').inputValue()).toBe('');
    expect(await page.locator('b').count()).toBe(0);
    await handler?.settled();
    expect(mailer.messages).toHaveLength(1);

    // The form served back carries a fresh token: correct, wait, send again.
    await firstName.fill('Léa');
    await page.getByLabel('Social insurance number').fill('');
    await page.waitForTimeout(1_000);
    await Promise.all([page.waitForURL(`${api}/client-form`), page.getByRole('button', { name: 'Send me an invitation' }).click()]);
    expect(await page.locator('p[role="status"]').textContent()).toBe(renderMessage('form_received', {}, 'en'));
    await handler?.settled();
    expect(mailer.messages.map((m) => [m.to, m.language])).toEqual([
      ['zoe.gt@exemple.ca', 'fr'],
      ['lea.roy@exemple.ca', 'en'],
    ]);
    await page.close();
  });
});
