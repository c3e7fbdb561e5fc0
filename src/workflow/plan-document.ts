/**
 * Plans as documents: what a preview decided, in a versioned JSON envelope a host may keep anywhere (its database, a
 * log, a queue message) and hand back to apply in another request or process. Every job's plan uses this envelope;
 * each job declares its own body and its zod schema.
 */
import { z } from 'zod';
import { PlanError } from '../errors/plan.js';
import { sha256Hex } from '../internal/hash.js';
import type { Locale } from '../messages/catalogue.js';

/** The `format` of every taxsync plan. */
export const PLAN_FORMAT = 'taxsync-plan';

/** The plan format this version writes and reads. A plan of another format version is refused (`plan_version_unsupported`). */
export const PLAN_FORMAT_VERSION = 1;

/** The job a plan is for. */
export type PlanJob = 'client-import' | 'document-dispatch';

/**
 * A stored plan: the envelope shared by the jobs around a job's own `body`. Plain JSON, with no full SIN, business
 * number or birth date and no document bytes: clients by id and masked label, documents by SHA-256, rows by number.
 *
 * `digest` is the SHA-256 of the rest (keys sorted), checked when the plan is loaded: a plan edited by hand, cut, or
 * mixed with another is refused with `plan_tampered`. It detects changes, it does not authenticate: keep plans where
 * only the firm's software writes.
 */
export interface PlanDocument<J extends PlanJob, B> {
  /** Always `taxsync-plan`. */
  readonly format: typeof PLAN_FORMAT;
  /** The format version ({@link PLAN_FORMAT_VERSION}). */
  readonly version: typeof PLAN_FORMAT_VERSION;
  /** The job. */
  readonly job: J;
  /** The plan's id: the key of its journal. No personal data. */
  readonly planId: string;
  /** When the preview made it, ISO 8601 UTC. */
  readonly createdAt: string;
  /** Language the preview was shown in (reports default to it). */
  readonly locale: Locale;
  /** The job's decisions. */
  readonly body: B;
  /** SHA-256 of the envelope without `digest`, keys sorted, lower-case hex. */
  readonly digest: string;
}

/** JSON with object keys sorted at every level and `undefined` members left out: the same value, the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

type Unsealed<J extends PlanJob, B> = Omit<PlanDocument<J, B>, 'digest'>;

const digestOf = <J extends PlanJob, B>(unsealed: Unsealed<J, B>): Promise<string> => sha256Hex(canonicalJson(unsealed));

/**
 * The documents this process sealed, frozen whole: reading one back needs no digest or schema check (nothing can have
 * changed it). Weakly held: a plan the host drops is collected.
 */
const SEALED_HERE: WeakSet<object> = /* @__PURE__ */ new WeakSet();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Wraps a job's body into a sealed plan document, frozen (it is a record of what the preview decided). @internal */
export async function sealPlan<J extends PlanJob, B>(job: J, planId: string, createdAt: string, locale: Locale, body: B): Promise<PlanDocument<J, B>> {
  const unsealed: Unsealed<J, B> = { format: PLAN_FORMAT, version: PLAN_FORMAT_VERSION, job, planId, createdAt, locale, body };
  const document = deepFreeze({ ...unsealed, digest: await digestOf(unsealed) });
  SEALED_HERE.add(document);
  return document;
}

const buildEnvelopeSchema = () =>
  z.object({
    format: z.literal(PLAN_FORMAT),
    version: z.number(),
    job: z.string(),
    planId: z.string().min(1).max(200),
    createdAt: z.string(),
    locale: z.enum(['fr', 'en']),
    body: z.unknown(),
    digest: z.string().regex(/^[0-9a-f]{64}$/),
  });
// Built on first use: a schema made at module level would keep zod in every bundle of the main entry.
let envelopeSchema: ReturnType<typeof buildEnvelopeSchema> | undefined;

/** Where a zod issue is, never what value it found (a plan may hold names). */
const where = (issues: readonly { readonly path: readonly PropertyKey[]; readonly code: string }[]): string =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path.length === 0 ? '(root)' : i.path.map(String).join('.')}: ${i.code}`)
    .join('; ');

/**
 * Reads a stored plan back (the object, or its JSON text), checks its envelope, version, job and digest, and
 * validates its body with the job's schema. @internal
 *
 * @throws {@link PlanError} `plan_invalid`, `plan_version_unsupported`, `plan_job_mismatch` or `plan_tampered`.
 */
export async function openPlan<J extends PlanJob, B>(value: unknown, job: J, bodySchema: z.ZodType<B>, locale?: Locale): Promise<PlanDocument<J, B>> {
  const options = locale === undefined ? {} : { locale };
  if (typeof value === 'object' && value !== null && SEALED_HERE.has(value)) {
    const job0 = (value as PlanDocument<PlanJob, unknown>).job;
    if (job0 !== job) throw new PlanError('plan_job_mismatch', { expected: job, actual: job0 }, options);
    return value as PlanDocument<J, B>;
  }
  let data = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch {
      throw new PlanError('plan_invalid', { detail: 'not JSON' }, options);
    }
  }
  if (typeof data === 'object' && data !== null && (data as { format?: unknown }).format === PLAN_FORMAT) {
    const version = (data as { version?: unknown }).version;
    if (version !== PLAN_FORMAT_VERSION) {
      throw new PlanError('plan_version_unsupported', { version: typeof version === 'number' ? version : String(version).slice(0, 20), supported: PLAN_FORMAT_VERSION }, options);
    }
  }
  const envelope = (envelopeSchema ??= buildEnvelopeSchema()).safeParse(data);
  if (!envelope.success) throw new PlanError('plan_invalid', { detail: where(envelope.error.issues) }, options);
  const found = envelope.data;
  if (found.job !== job) throw new PlanError('plan_job_mismatch', { expected: job, actual: found.job.slice(0, 40) }, options);
  const { digest, ...unsealed } = found;
  if ((await digestOf(unsealed as Unsealed<J, unknown>)) !== digest) throw new PlanError('plan_tampered', {}, options);
  const body = bodySchema.safeParse(found.body);
  if (!body.success) throw new PlanError('plan_invalid', { detail: where(body.error.issues.map((i) => ({ ...i, path: ['body', ...i.path] }))) }, options);
  return { ...(unsealed as Unsealed<J, unknown>), body: body.data, digest } as PlanDocument<J, B>;
}
