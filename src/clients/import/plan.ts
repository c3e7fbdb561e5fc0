/**
 * The client import's stored plan: what `previewClientImport` decided, as a sealed {@link PlanDocument} a host may
 * keep anywhere and apply later, in another request or process, with the same file. It holds no full SIN, business
 * number or NEQ and no birth date: rows by number, the file by its SHA-256, stored clients by id, changes by field
 * with masked values, held rows by code and masked params.
 */
import { z } from 'zod';
import { openPlan, type PlanDocument } from '../../workflow/plan-document.js';
import type { Locale, MessageParams } from '../../messages/catalogue.js';
import type { ClientKind } from '../../model/client.js';
import type { ClientConflictReason } from '../diff/types.js';
import { CLIENT_FIELD_PATHS, type ClientFieldPath } from '../fields.js';
import type { ClientImportNote, ClientImportParseOptions, ClientImportSource } from './types.js';

/** One field an update changes, with its values masked for display. */
export interface ClientImportPlanChange {
  /** The field (`address.city`). */
  readonly field: ClientFieldPath;
  /** The stored value, masked (identifiers, birth dates, e-mails, phones); absent when empty. */
  readonly from?: string;
  /** The new value, masked the same way; absent when the field is cleared. */
  readonly to?: string;
}

/** One actionable row of the plan: a client to create or update. */
export interface ClientImportPlanItem {
  /** The item's key: its row number as a string (`'12'`), for `options.items`. */
  readonly key: string;
  /** The row number a person sees in the file. */
  readonly row: number;
  /** What the preview decided. */
  readonly action: 'create' | 'update';
  /** For `update`: the stored client. */
  readonly clientId?: string;
  /** For `update`: the stored client's version when previewed (`null` for a store without versions). */
  readonly version?: string | number | null;
  /** For `update`: the fields that change (values masked). Empty for `create`. */
  readonly changes: readonly ClientImportPlanChange[];
  /** Whether the apply invites the new client to the portal. */
  readonly invite: boolean;
  /** Codes of the plan's warnings on the row (`email_in_use`). */
  readonly warnings: readonly string[];
}

/** A row the plan does not apply, with why (identifiers masked). */
export type ClientImportPlanHeldRow =
  | { readonly row: number; readonly action: 'conflict'; readonly code: ClientConflictReason; readonly params: MessageParams }
  | { readonly row: number; readonly action: 'rejected'; readonly code: 'row_rejected'; readonly params: MessageParams; readonly issues: readonly ClientImportNote[] };

/** The body of a client-import plan. */
export interface ClientImportPlanBody {
  /** The program that exported the file. */
  readonly source: ClientImportSource;
  /** Individuals or corporations (as read: the apply reads the file as this kind). */
  readonly kind: ClientKind;
  /** SHA-256 of the file previewed (lower-case hex). Absent when the preview was made from a parse result. */
  readonly sha256?: string;
  /** The parser options used, to read the file again identically. */
  readonly parseOptions: ClientImportParseOptions;
  /** `keep` or `clear`. */
  readonly blankFields: 'keep' | 'clear';
  /** With `clear`: the fields the file has columns for. */
  readonly fields?: readonly ClientFieldPath[];
  /** Account manager for created clients. */
  readonly accountManager?: string;
  /** Data rows in the file. */
  readonly rows: number;
  /** The clients to create or update, one item per row. */
  readonly items: readonly ClientImportPlanItem[];
  /** Rows the host's records already agree with. */
  readonly unchanged: readonly { readonly row: number; readonly clientId: string }[];
  /** Rows not applied: conflicts and rows the parser rejected. */
  readonly held: readonly ClientImportPlanHeldRow[];
}

/** A stored client-import plan: `preview.document`, or what {@link loadClientImportPlan} reads back. */
export type ClientImportPlanDocument = PlanDocument<'client-import', ClientImportPlanBody>;

// Built on first use, in a pure IIFE: a host that imports one validator from the main entry carries no zod schema.
const bodySchema = /* @__PURE__ */ (() => {
  let schema: z.ZodType<ClientImportPlanBody> | undefined;
  return (): z.ZodType<ClientImportPlanBody> => (schema ??= buildBodySchema());
})();

function buildBodySchema(): z.ZodType<ClientImportPlanBody> {
  const params = z.record(z.string(), z.union([z.string(), z.number()]));
  const note = z.object({ code: z.string().min(1), params }).strict();
  const field = z.enum(CLIENT_FIELD_PATHS as [ClientFieldPath, ...ClientFieldPath[]]);
  const row = z.number().int().min(1);

  return z
    .object({
      source: z.enum(['dtmax', 'taxprep']),
      kind: z.enum(['individual', 'corporation']),
      sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      parseOptions: z
        .object({
          columns: z.record(z.string(), z.string()).optional(),
          dateOrder: z.enum(['dmy', 'mdy']).optional(),
          delimiter: z.enum([',', ';', '\t']).optional(),
          encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
        })
        .strict(),
      blankFields: z.enum(['keep', 'clear']),
      fields: z.array(field).optional(),
      accountManager: z.string().optional(),
      rows: z.number().int().min(0),
      items: z.array(
        z
          .object({
            key: z.string().regex(/^[1-9][0-9]*$/),
            row,
            action: z.enum(['create', 'update']),
            clientId: z.string().min(1).optional(),
            version: z.union([z.string(), z.number(), z.null()]).optional(),
            changes: z.array(z.object({ field, from: z.string().optional(), to: z.string().optional() }).strict()),
            invite: z.boolean(),
            warnings: z.array(z.string()),
          })
          .strict()
          .refine((item) => item.key === String(item.row), { message: 'key must be the row number' })
          .refine((item) => item.action === 'create' || item.clientId !== undefined, { message: 'an update needs its clientId' }),
      ),
      unchanged: z.array(z.object({ row, clientId: z.string().min(1) }).strict()),
      held: z.array(
        z.union([
          z.object({ row, action: z.literal('conflict'), code: z.enum(['sin_collision', 'duplicate_in_file', 'key_mismatch', 'ambiguous_match', 'missing_key']), params }).strict(),
          z.object({ row, action: z.literal('rejected'), code: z.literal('row_rejected'), params, issues: z.array(note) }).strict(),
        ]),
      ),
    })
    .strict() as unknown as z.ZodType<ClientImportPlanBody>;
}

/**
 * Reads a stored client-import plan back (the document, or its JSON text) and checks it: format, version, job,
 * digest and body. Apply it with `applyClientImport(document, ports, { file })`.
 *
 * @param locale - Language of the error messages. Default: `DEFAULT_LOCALE` ('fr').
 * @throws {@link PlanError} `plan_invalid`, `plan_version_unsupported`, `plan_job_mismatch` or `plan_tampered`.
 *
 * @example
 * ```ts
 * // Request 1 (Aperçu): keep the plan.
 * await db.savePlan(preview.planId, JSON.stringify(preview.document));
 * // Request 2 (Importer), maybe in a worker: apply it with the same file.
 * const plan = await loadClientImportPlan(await db.loadPlan(planId));
 * const report = await applyClientImport(plan, { store, portal, mailer }, { file: await readFile(path) });
 * ```
 */
export function loadClientImportPlan(json: unknown, locale?: Locale): Promise<ClientImportPlanDocument> {
  return openPlan(json, 'client-import', bodySchema(), locale);
}
