/**
 * `taxsync/testing`: conformance suites that hosts run against their own adapters of taxsync's ports, in the style
 * of keyv's `@keyv/test-suite`: the test functions are injected (vitest, jest, mocha and `node:test` all work), each
 * test gets a fresh adapter from the factory, and what an adapter declares it cannot do is not tested.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { clientStoreTestSuite, documentStoreTestSuite, mailerTestSuite, portalTestSuite, rateLimitStoreTestSuite } from 'taxsync/testing';
 *
 * clientStoreTestSuite({ describe, it }, () => createMyClientStore(freshDb()));
 * mailerTestSuite({ describe, it }, () => createMyMailer(), { delivered: (m) => m.sentMessages() });
 * portalTestSuite({ describe, it }, () => createMyPortal());
 * rateLimitStoreTestSuite({ describe, it }, () => createMyRateLimitStore());
 * documentStoreTestSuite({ describe, it }, () => createMyDocumentStore());
 * ```
 * @packageDocumentation
 * @module taxsync/testing
 */
// ── Conformance suites, one per port ──
export { clientStoreTestSuite, type ClientStoreTestSuiteOptions } from './client-store.js';
export { documentStoreTestSuite, type DocumentStoreTestSuiteOptions } from './document-store.js';
export { mailerTestSuite, type DeliveredMail, type MailerTestSuiteOptions } from './mailer.js';
export { portalTestSuite, type PortalTestSignedFiles, type PortalTestSuiteOptions } from './portal.js';
export { rateLimitStoreTestSuite, type RateLimitStoreTestSuiteOptions } from './rate-limit-store.js';
// ── What every suite takes, and the error a failed check throws ──
export { ConformanceError, type ConformanceOptions, type ConformanceTestApi } from './harness.js';
// ── A reference portal server speaking taxsync's REST protocol (for taxsync/http and your own clients) ──
export {
  startPortalServer,
  type PortalServer,
  type PortalServerFault,
  type PortalServerOptions,
  type PortalServerRequest,
} from './portal-server.js';
