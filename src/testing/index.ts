/**
 * `taxsync/testing`: conformance suites that hosts run against their own adapters of taxsync's ports.
 * @packageDocumentation
 */
export {};
