/**
 * The portal conformance suite against the memory portal, with completions recorded through it. (The HTTP client's
 * run against the reference server is in http-portal.test.ts.)
 */
import { describe, it } from 'vitest';
import { createMemoryPortal } from '../../src/index.js';
import { portalTestSuite } from '../../src/testing/index.js';

portalTestSuite({ describe, it }, () => createMemoryPortal(), { name: 'memory, with completions', recordCompletion: (portal, completion, files) => portal.recordCompletion(completion, files) });
