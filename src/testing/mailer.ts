/**
 * Conformance suite of the {@link Mailer} port.
 */
import type { MailMessage, Mailer } from '../ports.js';
import { check, checkRejects, declareSuite, type ConformanceOptions } from './harness.js';
import type { ConformanceTestApi } from './harness.js';

/** A message as the mail system received it, for {@link MailerTestSuiteOptions.delivered}. */
export interface DeliveredMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

/** Options of {@link mailerTestSuite}. */
export interface MailerTestSuiteOptions<M extends Mailer = Mailer> extends ConformanceOptions<M> {
  /**
   * Reads what actually reached the mail system (an outbox, a local SMTP server's inbox), so the suite can check
   * side effects and not only the mailer's answers. Without it, only the answers are checked.
   */
  readonly delivered?: (mailer: M) => Promise<readonly DeliveredMail[]> | readonly DeliveredMail[];
}

const invitation = (key: string, to = 'zoe.gt@exemple.ca'): MailMessage => ({
  to,
  subject: 'Cabinet Lœuillet & Côté : créez votre mot de passe',
  text: 'Bonjour Zoé,\n\nCréez votre mot de passe : https://portail.example.test/invitation/abc\n',
  html: '<p>Bonjour Zoé,</p><p><a href="https://portail.example.test/invitation/abc">Créer mon mot de passe</a></p>',
  language: 'fr',
  idempotencyKey: key,
  category: 'invitation',
});

/**
 * Declares the conformance tests of a {@link Mailer} adapter: sending, idempotency keys (when
 * `capabilities.idempotencyKeys`), refusing an incomplete message, and — with `options.delivered` — what reached
 * the mail system (one message per key, accents intact).
 *
 * @example
 * ```ts
 * mailerTestSuite({ describe, it }, () => createSmtpMailer(transportTo(smtpServer)), { delivered: () => smtpServer.inbox });
 * ```
 */
export function mailerTestSuite<M extends Mailer>(api: ConformanceTestApi, factory: () => M | Promise<M>, options: MailerTestSuiteOptions<M> = {}): void {
  const delivered = async (mailer: M): Promise<readonly DeliveredMail[] | undefined> => (options.delivered === undefined ? undefined : options.delivered(mailer));
  declareSuite(api, 'Mailer conformance', factory, options, {
    'declares its capabilities': async (mailer) => {
      check(typeof mailer.capabilities === 'object' && mailer.capabilities !== null, 'capabilities must be an object');
      check(typeof mailer.capabilities.idempotencyKeys === 'boolean', 'capabilities.idempotencyKeys must be a boolean');
    },

    'send resolves with a receipt': async (mailer) => {
      const receipt = await mailer.send(invitation('conformance-1'));
      check(typeof receipt.id === 'string' && receipt.id !== '', 'the receipt must carry a non-empty id');
      check(receipt.duplicate === false, 'a first send must not be a duplicate');
      const inbox = await delivered(mailer);
      if (inbox !== undefined) {
        check(inbox.length === 1, `one message must reach the mail system, found ${inbox.length}`);
        const [mail] = inbox;
        check(mail?.to.includes('zoe.gt@exemple.ca') === true, 'the recipient must be kept');
        check(mail.subject === 'Cabinet Lœuillet & Côté : créez votre mot de passe', `the subject must keep its accents and ligatures, got "${mail.subject}"`);
        check(mail.text.includes('Créez votre mot de passe'), 'the text body must be delivered');
      }
    },

    'the same idempotency key is sent once': async (mailer) => {
      if (!mailer.capabilities.idempotencyKeys) return;
      const first = await mailer.send(invitation('conformance-invitation-c1'));
      const again = await mailer.send(invitation('conformance-invitation-c1'));
      check(again.duplicate === true, 'a second send with the same key must say duplicate: true');
      check(again.id === first.id, 'a second send with the same key must return the first id');
      const inbox = await delivered(mailer);
      if (inbox !== undefined) check(inbox.length === 1, `a key sent twice must reach the mail system once, found ${inbox.length}`);
    },

    'different keys are different messages': async (mailer) => {
      const a = await mailer.send(invitation('conformance-a', 'simon.provencher@exemple.ca'));
      const b = await mailer.send(invitation('conformance-b', 'marie-eve.cote@exemple.ca'));
      check(a.id !== b.id, 'two messages must get two ids');
      const inbox = await delivered(mailer);
      if (inbox !== undefined) check(inbox.length === 2, `two keys must make two messages, found ${inbox.length}`);
    },

    'an incomplete message is refused with mail_invalid': async (mailer) => {
      await checkRejects(() => mailer.send({ ...invitation('conformance-bad'), to: '' }), 'mail_invalid', 'send without a recipient');
      await checkRejects(() => mailer.send({ ...invitation('conformance-bad-2'), subject: '' }), 'mail_invalid', 'send without a subject');
      const inbox = await delivered(mailer);
      if (inbox !== undefined) check(inbox.length === 0, 'a refused message must not reach the mail system');
    },
  });
}
