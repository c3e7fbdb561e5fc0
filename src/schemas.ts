/**
 * `taxsync/schemas`: zod schemas of taxsync's data, for hosts that validate it where it crosses their own boundaries —
 * a client record in an API body or read back from a database row, a firm's own signature layout loaded from a file
 * before it reaches {@link taxsync!createLayoutRegistry} (which validates with the same schema and throws a
 * `LayoutError` listing the problems).
 *
 * A separate entry point so that the main entry's types never reference zod: a host that does not validate with
 * taxsync's schemas does not type-check zod's.
 *
 * @example
 * ```ts
 * import { clientRecordSchema } from 'taxsync/schemas';
 *
 * const parsed = clientRecordSchema.safeParse(await request.json());
 * if (!parsed.success) return new Response('Bad client record', { status: 400 });
 * ```
 * @packageDocumentation
 * @module taxsync/schemas
 */
// ── Client records (the shapes of ClientRecord, IndividualRecord, CorporationRecord and Address) ──
export { clientRecordSchema, individualRecordSchema, corporationRecordSchema, addressSchema } from './model/client-schema.js';
// ── A firm's own signature layouts (LayoutDefinition) ──
export { layoutDefinitionSchema } from './signatures/schema.js';
