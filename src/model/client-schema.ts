/**
 * zod schemas of the client model (`client.ts`), for hosts that validate data crossing their own boundaries (an API
 * body, a database row). Published by `taxsync/schemas` only, so that the types of the main entry never reach zod.
 */
import { z } from 'zod';
import type { ClientRecord } from './client.js';
import type { ProvinceCode } from './identifiers.js';

const digits9 = /* @__PURE__ */ (() => z.string().regex(/^\d{9}$/))();
const isoDate = /* @__PURE__ */ (() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/))();
const provinceCodes = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'] as const satisfies readonly ProvinceCode[];

/** zod schema of {@link taxsync!Address}. */
export const addressSchema = /* @__PURE__ */ (() =>
  z.object({
    line1: z.string().optional(),
    line2: z.string().optional(),
    city: z.string().optional(),
    province: z.enum(provinceCodes).optional(),
    postalCode: z.string().optional(),
    country: z.string().optional(),
  }))();

const baseShape = /* @__PURE__ */ (() => ({
    email: z.string().optional(),
    phone: z.string().optional(),
    language: z.enum(['fr', 'en']).optional(),
    address: addressSchema.optional(),
    clientFile: z.string().optional(),
    clientNumber: z.string().optional(),
    source: z.object({ row: z.number().int().positive() }).optional(),
  }))();

/** zod schema of {@link taxsync!IndividualRecord}. */
export const individualRecordSchema = /* @__PURE__ */ (() =>
  z.object({
    kind: z.literal('individual'),
    sin: digits9.optional(),
    firstName: z.string().min(1),
    lastName: z.string().min(1),
    birthDate: isoDate.optional(),
    spouseSin: digits9.optional(),
    role: z.enum(['principal', 'spouse', 'dependant']).optional(),
    ...baseShape,
  }))();

/** zod schema of {@link taxsync!CorporationRecord}. */
export const corporationRecordSchema = /* @__PURE__ */ (() =>
  z.object({
    kind: z.literal('corporation'),
    businessNumber: digits9.optional(),
    programAccount: z.string().regex(/^[A-Z]{2}\d{4}$/).optional(),
    neq: z.string().regex(/^\d{10}$/).optional(),
    name: z.string().min(1),
    fiscalYearEnd: isoDate.optional(),
    contactName: z.string().optional(),
    ...baseShape,
  }))();

/** zod schema of {@link taxsync!ClientRecord}, discriminated on `kind`. */
export const clientRecordSchema = /* @__PURE__ */ (() => z.discriminatedUnion('kind', [individualRecordSchema, corporationRecordSchema]))();

// Every record the documented interfaces allow must pass the schemas (checked at compile time).
type Assert<T extends true> = T;
type _SchemaMatches = Assert<ClientRecord extends z.infer<typeof clientRecordSchema> ? true : false>;
