/**
 * zod schema of a layout definition: what `createLayoutRegistry` checks before it accepts a firm's document, and
 * what the tests check every built-in layout against.
 */
import { z } from 'zod';
import { fieldKey } from './definition.js';

const text = /* @__PURE__ */ (() => z.string().trim().min(1))();
const year = /* @__PURE__ */ (() => z.number().int().min(1990).max(2200))();
const points = /* @__PURE__ */ (() => z.number().finite().min(0).max(14_400))();
const size = /* @__PURE__ */ (() => z.number().finite().positive().max(14_400))();

const pageSizeSchema = /* @__PURE__ */ (() => z.object({ width: size, height: size }))();

const measurementSchema = /* @__PURE__ */ (() =>
  z.object({
    source: text,
    producer: text,
    pageSize: pageSizeSchema.nullable(),
    year,
    approximate: z.boolean().optional(),
  }))();

const provenanceSchema = /* @__PURE__ */ (() =>
  z.union([
    z.object({ measured: z.literal(false), note: text }),
    z.object({ measured: measurementSchema }),
  ]))();

const signerSchema = /* @__PURE__ */ (() => z.enum(['taxpayer', 'spouse', 'signing_officer', 'trustee', 'preparer']))();

const patternSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .min(1)
    .max(500)
    .refine((source) => {
      try {
        new RegExp(source, 'iu');
        return true;
      } catch {
        return false;
      }
    }, 'formField.name must be a valid regular expression'))();

const anchorSchema = /* @__PURE__ */ (() =>
  z.object({
    text: z.array(text),
    offset: z.object({
      from: z.enum(['top-left', 'bottom-left', 'top-right', 'bottom-right']),
      x: z.number().finite().min(-2000).max(2000),
      y: z.number().finite().min(-2000).max(2000),
    }),
    provenance: provenanceSchema,
    lineStart: z.boolean().optional(),
    nearSignature: z.boolean().optional(),
    maxDistance: size.optional(),
    rightOf: text.optional(),
    formField: z.object({ name: patternSchema, fit: z.boolean().optional() }).optional(),
  }).refine((anchor) => anchor.text.length > 0 || anchor.formField !== undefined, { path: ['text'], message: 'an anchor needs a label text or a formField' }))();

const fieldSchema = /* @__PURE__ */ (() =>
  z.object({
    signer: signerSchema,
    type: z.enum(['signature', 'date', 'time', 'initials']),
    component: z.enum(['hours', 'minutes', 'seconds']).optional(),
    required: z.boolean(),
    width: size,
    height: size,
    sizeProvenance: provenanceSchema,
    anchor: anchorSchema.optional(),
  }))();

const pageNumber = /* @__PURE__ */ (() =>
  z
    .number()
    .int()
    .refine((n) => n !== 0, 'pages are numbered from 1 (or from -1 at the end)'))();

/** Schema of a `LayoutDefinition`, with the cross-checks a type cannot express. */
export const layoutDefinitionSchema = /* @__PURE__ */ (() =>
  z
    .object({
      docType: z.string().trim().min(1).max(40),
      firstYear: year.optional(),
      lastYear: year.optional(),
      formVersion: text,
      title: z.object({ en: text, fr: text }),
      identifiers: z.array(z.array(text).min(1)).min(1),
      section: z.object({ text: z.array(text).min(1) }).optional(),
      signers: z.array(signerSchema).min(1),
      fields: z.array(fieldSchema).min(1),
      copies: z.array(z.number().int().positive()).min(1).optional(),
      labelsSource: text,
      measurements: z
        .array(
          z.object({
            measured: measurementSchema,
            positions: z.array(z.object({ field: text, page: pageNumber, x: points, y: points })).min(1),
          }),
        )
        .optional(),
    })
    .superRefine((def, ctx) => {
      if (def.firstYear !== undefined && def.lastYear !== undefined && def.firstYear > def.lastYear) {
        ctx.addIssue({ code: 'custom', path: ['lastYear'], message: `lastYear ${def.lastYear} is before firstYear ${def.firstYear}` });
      }
      const keys = new Set<string>();
      def.fields.forEach((field, i) => {
        const key = fieldKey(field);
        if (keys.has(key)) ctx.addIssue({ code: 'custom', path: ['fields', i], message: `two fields are ${key}` });
        keys.add(key);
        if (!def.signers.includes(field.signer)) {
          ctx.addIssue({ code: 'custom', path: ['fields', i, 'signer'], message: `${field.signer} is not in signers` });
        }
        if (field.component !== undefined && field.type !== 'time') {
          ctx.addIssue({ code: 'custom', path: ['fields', i, 'component'], message: 'only time fields have a component' });
        }
        const rightOf = field.anchor?.rightOf;
        if (rightOf !== undefined && !keys.has(rightOf)) {
          ctx.addIssue({ code: 'custom', path: ['fields', i, 'anchor', 'rightOf'], message: `rightOf names ${rightOf}, which is not an earlier field` });
        }
        const measured = def.measurements?.some((set) => set.positions.some((p) => p.field === key)) ?? false;
        if (field.anchor === undefined && !measured) {
          ctx.addIssue({ code: 'custom', path: ['fields', i], message: `${key} has neither an anchor nor a measured position, so it could never be placed` });
        }
      });
      def.measurements?.forEach((set, i) =>
        set.positions.forEach((p, j) => {
          if (!keys.has(p.field)) ctx.addIssue({ code: 'custom', path: ['measurements', i, 'positions', j, 'field'], message: `no field is ${p.field}` });
        }),
      );
      if (def.copies !== undefined && def.measurements !== undefined) {
        const first = def.copies[0];
        def.measurements.forEach((set, i) =>
          set.positions.forEach((p, j) => {
            if (p.page !== first) {
              ctx.addIssue({ code: 'custom', path: ['measurements', i, 'positions', j, 'page'], message: `with copies, positions are given on the first copy's page ${first}` });
            }
          }),
        );
      }
    }))();

/** One line per problem, `path: message`, for error messages. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(layout)'}: ${issue.message}`)
    .join('; ');
}
