/**
 * The stored dispatch plan: its zod schema and {@link loadDispatchPlan}. What a host keeps between the preview and
 * the apply (a database row, a queue message): documents by SHA-256, clients by id and masked label.
 */
import { z } from 'zod';
import { messageCodes, type Locale } from '../messages/catalogue.js';
import { openPlan } from '../workflow/plan-document.js';
import type { DispatchPlanBody, DispatchPlanDocument } from './types.js';

/** Built on first use, so that a bundle importing one small function of taxsync leaves zod and the catalogue out. */
function buildBodySchema(): z.ZodType<DispatchPlanBody> {
  const sha = z.string().regex(/^[0-9a-f]{64}$/);
  const codes: ReadonlySet<string> = new Set(messageCodes);
  const code = z.string().refine((c) => codes.has(c), 'unknown code');
  const params = z.record(z.string(), z.union([z.string().max(2000), z.number()]));
  const signer = z.enum(['taxpayer', 'spouse', 'signing_officer', 'trustee', 'preparer']);
  const by = z.enum(['sin', 'businessNumber', 'clientNumber', 'name']);
  // A masked label or file name never holds nine digits in a row (a SIN or BN, whatever its separators).
  const masked = z.string().max(300).refine((t) => !/\d{9}/.test(t.replace(/[\s.\u00a0\u202f-]/g, '')), 'unmasked identifier');

  const field = z.object({
    name: z.string().min(1).max(200),
    signer,
    type: z.enum(['signature', 'date', 'time', 'initials']),
    component: z.enum(['hours', 'minutes', 'seconds']).optional(),
    page: z.number().int(),
    x: z.number(),
    y: z.number(),
    width: z.number(),
    height: z.number(),
    rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).optional(),
    required: z.boolean().optional(),
  });

  const protection = z.object({
    encryption: z.enum(['empty_password', 'password']).optional(),
    usageRights: z.literal(true).optional(),
    xfa: z.literal(true).optional(),
  });

  const document = z.object({
    index: z.number().int().min(0),
    displayName: masked,
    sha256: sha,
    sourceSha256: sha,
    fields: z.array(field),
    protection: protection.optional(),
    version: z.enum(['new', 'new_version']),
    versionNumber: z.number().int().min(1),
  });

  return z.object({
    documentType: z.string().min(1).max(100),
    year: z.number().int(),
    purpose: z.enum(['sign', 'consult']),
    title: z.object({ en: z.string(), fr: z.string() }),
    signers: z.array(signer),
    pattern: z.string().max(500).optional(),
    archiveSha256: sha,
    entries: z.number().int().min(0),
    uninvited: z.enum(['invite', 'hold']),
    items: z.array(
      z.object({
        key: z.string().min(1),
        clientId: z.string().min(1),
        label: masked,
        matched: z.object({ by, masked: masked.optional() }),
        documents: z.array(document).min(1),
      }),
    ),
    notSent: z.array(
      z.object({
        index: z.number().int().min(0),
        displayName: masked,
        status: z.enum(['held', 'rejected', 'skipped']),
        code,
        params,
        clientId: z.string().optional(),
        clientLabel: masked.optional(),
      }),
    ),
  }) as unknown as z.ZodType<DispatchPlanBody>;
}

let bodySchema: z.ZodType<DispatchPlanBody> | undefined;

/** The zod schema of a {@link DispatchPlanBody}. @internal */
export const dispatchPlanBodySchema = (): z.ZodType<DispatchPlanBody> => (bodySchema ??= buildBodySchema());

/**
 * Reads a stored dispatch plan back — the `plan.document` of `previewDocumentDispatch`, as an object or as its JSON
 * text — and checks it: format, version, job, digest, and the body's shape. Hand the result to
 * `applyDocumentDispatch` with the archive (`options.zip`) or the `DocumentStore` the preview filled.
 *
 * @param locale - Language of the error messages. Default: `DEFAULT_LOCALE` ('fr').
 * @throws {@link PlanError} `plan_invalid`, `plan_version_unsupported`, `plan_job_mismatch` or `plan_tampered`.
 *
 * @example
 * ```ts
 * await db.save(planId, JSON.stringify(preview.document));        // request 1: Aperçu
 * const plan = await loadDispatchPlan(await db.load(planId));      // request 2: Envoyer
 * const report = await applyDocumentDispatch(plan, { store, portal, mailer, documents });
 * ```
 */
export function loadDispatchPlan(json: unknown, locale?: Locale): Promise<DispatchPlanDocument> {
  return openPlan(json, 'document-dispatch', dispatchPlanBodySchema(), locale);
}
