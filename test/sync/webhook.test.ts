/**
 * Webhook signing and verification: HMAC over timestamp + body, tolerance against replays, two-secret rotation.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPortalWebhook, verifyPortalWebhook, WebhookVerificationError, type PortalWebhookEvent } from '../../src/index.js';

const event: PortalWebhookEvent = {
  id: 'evt-0001',
  type: 'signature.updated',
  createdAt: '2026-03-14T19:42:08Z',
  data: {
    id: 'env-1', documentId: 'doc-1', clientId: 'c-zoe', documentType: 'T183', taxYear: 2025, state: 'completed', updatedAt: '2026-03-14T19:42:07Z',
    signers: [{ role: 'taxpayer', name: 'Zoé Gagnon-Tremblay', status: 'signed', signedAt: '2026-03-14T19:42:07Z', timeZone: 'America/Toronto' }],
    certificateId: 'CERT-1', channel: 'portal', signedPdfSha256: 'ab'.repeat(32),
  },
};
const body = JSON.stringify(event);
const T = 1_773_517_328; // 2026-03-14T19:42:08Z
const at = (seconds: number) => () => new Date(seconds * 1000);

async function reason(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
    return undefined;
  } catch (error) {
    return error instanceof WebhookVerificationError ? error.reason : `other: ${String(error)}`;
  }
}

describe('verifyPortalWebhook', () => {
  it('accepts a signed event and returns it, accents intact', async () => {
    const headers = await signPortalWebhook(body, 'whsec_courant', { timestamp: T });
    // The signature is the standard HMAC-SHA256 of "timestamp.body", so any language can produce it.
    expect(headers['taxsync-signature']).toBe(`v1=${createHmac('sha256', 'whsec_courant').update(`${T}.${body}`).digest('hex')}`);
    const verified = await verifyPortalWebhook(new TextEncoder().encode(body), headers, 'whsec_courant', { now: at(T + 30) });
    expect(verified).toEqual(event);
  });

  it('reads Fetch Headers and Node header objects alike', async () => {
    const signed = await signPortalWebhook(body, 'whsec_courant', { timestamp: T });
    await expect(verifyPortalWebhook(body, new Headers(signed), 'whsec_courant', { now: at(T) })).resolves.toMatchObject({ id: 'evt-0001' });
    await expect(verifyPortalWebhook(body, { 'Taxsync-Timestamp': String(T), 'Taxsync-Signature': [signed['taxsync-signature'] as string] }, 'whsec_courant', { now: at(T) })).resolves.toMatchObject({ id: 'evt-0001' });
  });

  it('refuses a changed body, a wrong secret, or a missing header', async () => {
    const headers = await signPortalWebhook(body, 'whsec_courant', { timestamp: T });
    expect(await reason(verifyPortalWebhook(body.replace('Zoé', 'Zoe'), headers, 'whsec_courant', { now: at(T) }))).toBe('signature_mismatch');
    expect(await reason(verifyPortalWebhook(body, headers, 'whsec_autre', { now: at(T) }))).toBe('signature_mismatch');
    expect(await reason(verifyPortalWebhook(body, { 'taxsync-timestamp': String(T) }, 'whsec_courant', { now: at(T) }))).toBe('missing_header');
    expect(await reason(verifyPortalWebhook(body, { ...headers, 'taxsync-signature': 'v1=zz' }, 'whsec_courant', { now: at(T) }))).toBe('signature_mismatch');
    // The timestamp is signed too: moving it breaks the signature.
    expect(await reason(verifyPortalWebhook(body, { ...headers, 'taxsync-timestamp': String(T + 1) }, 'whsec_courant', { now: at(T) }))).toBe('signature_mismatch');
  });

  it('refuses an event older (or newer) than the tolerance: replays fail', async () => {
    const headers = await signPortalWebhook(body, 'whsec_courant', { timestamp: T });
    expect(await reason(verifyPortalWebhook(body, headers, 'whsec_courant', { now: at(T + 301) }))).toBe('too_old');
    expect(await reason(verifyPortalWebhook(body, headers, 'whsec_courant', { now: at(T - 301) }))).toBe('too_old');
    expect(await reason(verifyPortalWebhook(body, headers, 'whsec_courant', { now: at(T + 3600), toleranceSeconds: 7200 }))).toBe(undefined);
    expect(await reason(verifyPortalWebhook(body, { ...headers, 'taxsync-timestamp': '2026-03-14' }, 'whsec_courant', { now: at(T) }))).toBe('bad_timestamp');
  });

  it('rotates secrets: either of two secrets verifies, and a sender may sign with both', async () => {
    const old = await signPortalWebhook(body, 'whsec_ancien', { timestamp: T });
    const fresh = await signPortalWebhook(body, 'whsec_nouveau', { timestamp: T });
    const both = await signPortalWebhook(body, ['whsec_nouveau', 'whsec_ancien'], { timestamp: T });
    expect(both['taxsync-signature']?.split(',')).toHaveLength(2);
    for (const headers of [old, fresh, both]) {
      await expect(verifyPortalWebhook(body, headers, ['whsec_nouveau', 'whsec_ancien'], { now: at(T) })).resolves.toMatchObject({ id: 'evt-0001' });
    }
    expect(await reason(verifyPortalWebhook(body, old, ['whsec_nouveau'], { now: at(T) }))).toBe('signature_mismatch');
  });

  it('refuses a well-signed body that is not an event, with a bilingual message', async () => {
    const headers = await signPortalWebhook('{"hello":1}', 'whsec_courant', { timestamp: T });
    const error = await verifyPortalWebhook('{"hello":1}', headers, 'whsec_courant', { now: at(T) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).code).toBe('webhook_invalid');
    expect((error as WebhookVerificationError).messageIn('fr')).toMatch(/^Webhook refusé/);
    await expect(verifyPortalWebhook(body, {}, [])).rejects.toMatchObject({ name: 'InvalidArgumentError', code: 'invalid_input' });
    // Wrong arguments are typed errors too, never a TypeError from inside.
    for (const call of [
      () => verifyPortalWebhook(null as unknown as string, {}, 'secret'),
      () => verifyPortalWebhook(body, null as unknown as Record<string, string>, 'secret'),
      () => verifyPortalWebhook(body, {}, null as unknown as string),
      () => verifyPortalWebhook(body, {}, 'secret', null as unknown as object),
    ]) {
      await expect(call()).rejects.toMatchObject({ name: 'InvalidArgumentError', code: 'invalid_input' });
    }
  });
});
