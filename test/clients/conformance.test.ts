/**
 * The conformance suites of taxsync/testing, run against the reference adapters shipped in the package.
 */
import { describe, it } from 'vitest';
import { createMemoryClientStore, createMemoryPortal, createOutboxMailer } from '../../src/index.js';
import { clientStoreTestSuite, mailerTestSuite, portalTestSuite } from '../../src/testing/index.js';

clientStoreTestSuite({ describe, it }, () => createMemoryClientStore(), { name: 'memory' });

mailerTestSuite({ describe, it }, () => createOutboxMailer(), { name: 'outbox', delivered: (mailer) => mailer.messages });
mailerTestSuite({ describe, it }, () => createOutboxMailer({ idempotencyKeys: false }), {
  name: 'outbox without idempotency keys',
  delivered: (mailer) => mailer.messages,
});

portalTestSuite({ describe, it }, () => createMemoryPortal(), { name: 'memory' });
portalTestSuite({ describe, it }, () => createMemoryPortal({ sendsInvitations: true }), { name: 'memory, sending its own invitations' });
