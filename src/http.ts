/**
 * `taxsync/http`: the HTTP portal client (`createHttpPortal`, on ky) for portals that speak taxsync's REST protocol
 * (docs/portal-protocol.md). Kept out of the main entry so that the core never loads ky.
 * @packageDocumentation
 * @module taxsync/http
 */
// ── The HTTP portal client and its error ──
export { createHttpPortal, type HttpPortal, type HttpPortalOptions } from './adapters/http-portal.js';
export { PortalHttpError, type PortalHttpErrorCode } from './errors/portal-http.js';
