/**
 * Outcomes are data: when an adapter fails with one of taxsync's own errors (here the SMTP adapter's refusal, thrown
 * in French as every error is by default), the report keeps its code and params and renders the detail again in
 * the report's language — an English report of a French-thrown failure reads English only.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  applyDocumentDispatch,
  createMemoryClientStore,
  createMemoryPortal,
  createOutboxMailer,
  formatDispatchReport,
  inviteOrMatchClient,
  loadDispatchPlan,
  previewDocumentDispatch,
  type Mailer,
} from '../../src/index.js';
import { SmtpMailError } from '../../src/smtp.js';
import { makePdf } from '../fixtures/pdfs.js';

describe('a failure detail rendered in the report language', () => {
  it('keeps the code and masked params of a taxsync error and renders them in either language', async () => {
    const store = createMemoryClientStore();
    const portal = createMemoryPortal();
    const { client } = await store.create({ record: { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', email: 'simon@exemple.ca', language: 'fr' } });
    await inviteOrMatchClient({ email: 'simon@exemple.ca', sin: '130692544' }, { store, portal, mailer: createOutboxMailer() });
    // What the SMTP adapter throws when the server refuses the recipient (French: the default language).
    const refusing: Mailer = {
      capabilities: { idempotencyKeys: false },
      send: async () => {
        throw new SmtpMailError('smtp_rejected', { status: 550, command: 'RCPT TO', detail: '5.1.1 <simon@exemple.ca>: mailbox unavailable' }, { retryable: false });
      },
    };
    const zip = zipSync({ '130692544 - Simon Provencher.pdf': await makePdf('Lettre de mission 2025') });
    const preview = await previewDocumentDispatch({ zip, documentType: 'LETTER', year: 2025, purpose: 'consult' }, { store });
    // Across a JSON round trip, as a host would store the plan.
    const plan = await loadDispatchPlan(JSON.parse(JSON.stringify(preview.document)) as unknown);
    const report = await applyDocumentDispatch(plan, { store, portal, mailer: refusing }, { zip });
    const email = report.emails.find((e) => e.clientId === client.id);
    expect(email?.status).toBe('failed');
    expect(email?.params.detailCode).toBe('smtp_rejected');
    // Masked in the stored params as in the message.
    expect(JSON.stringify(report)).not.toContain('simon@exemple.ca');

    const english = formatDispatchReport(report, 'en');
    const french = formatDispatchReport(report, 'fr');
    expect(english).not.toBe(french);
    expect(english).toMatch(/refused|rejected/i);
    expect(english).not.toMatch(/refusé|serveur de courriel/i);
    expect(french).toMatch(/refus/i);
    // A stored report read back renders the same.
    expect(formatDispatchReport(JSON.parse(JSON.stringify(report)) as typeof report, 'en')).toBe(english);
  });
});
