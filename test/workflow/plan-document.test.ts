/**
 * The envelope of every stored plan: sealed at preview, opened at apply — in another process, after a trip through a
 * database that reorders keys (PostgreSQL jsonb) — and refused with a typed error when it is not what was sealed.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PlanError, renderMessage } from '../../src/index.js';
import { canonicalJson, openPlan, sealPlan } from '../../src/workflow/plan-document.js';

const body = z.object({
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/),
  items: z.array(z.object({ key: z.string(), row: z.number().int().positive(), action: z.enum(['create', 'update']), label: z.string() })),
});
type Body = z.infer<typeof body>;

const BODY: Body = {
  fileSha256: 'a3f1c9e2b7d4058f6e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70',
  items: [
    { key: '2', row: 2, action: 'create', label: 'Zoé Gagnon-Tremblay (NAS *** *** 935)' },
    { key: '5', row: 5, action: 'update', label: 'Simon Provencher (NAS *** *** 544)' },
  ],
};

/** The same JSON with every object's keys in reverse order, as jsonb may give it back. */
const reordered = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reordered(v)]));
};

const rejection = async (promise: Promise<unknown>): Promise<PlanError> => {
  try {
    await promise;
  } catch (error) {
    if (PlanError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a PlanError');
};

describe('plan documents', () => {
  it('survive JSON text and a database that reorders keys, and come back equal', async () => {
    const sealed = await sealPlan('client-import', 'plan-7f3a', '2026-03-02T14:05:00.000Z', 'fr', BODY);
    expect(sealed).toMatchObject({ format: 'taxsync-plan', version: 1, job: 'client-import', planId: 'plan-7f3a', locale: 'fr' });
    expect(sealed.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await openPlan(JSON.stringify(sealed), 'client-import', body)).toEqual(sealed);
    expect(await openPlan(reordered(JSON.parse(JSON.stringify(sealed))), 'client-import', body)).toEqual(sealed);
  });

  it('refuse a plan changed after it was sealed', async () => {
    const sealed = await sealPlan('client-import', 'plan-7f3a', '2026-03-02T14:05:00.000Z', 'fr', BODY);
    const edited = { ...sealed, body: { ...sealed.body, items: [{ ...BODY.items[0], action: 'update' }, BODY.items[1]] } };
    expect((await rejection(openPlan(edited, 'client-import', body))).code).toBe('plan_tampered');
    const cut = { ...sealed, body: { ...sealed.body, items: sealed.body.items.slice(1) } };
    expect((await rejection(openPlan(cut, 'client-import', body))).code).toBe('plan_tampered');
  });

  it('refuse another job, another format version, and what is not a plan', async () => {
    const sealed = await sealPlan('client-import', 'plan-7f3a', '2026-03-02T14:05:00.000Z', 'en', BODY);
    const other = await rejection(openPlan(sealed, 'document-dispatch', body));
    expect(other.code).toBe('plan_job_mismatch');
    expect(renderMessage(other.code, other.params, 'fr')).toContain('client-import');
    expect((await rejection(openPlan({ ...sealed, version: 2 }, 'client-import', body))).code).toBe('plan_version_unsupported');
    for (const notAPlan of ['{"format":"taxsync-plan"', '[]', 'null', JSON.stringify({ planId: 'x' }), 42]) {
      expect((await rejection(openPlan(notAPlan, 'client-import', body))).code).toBe('plan_invalid');
    }
  });

  it('say where a body is wrong, never what it holds', async () => {
    const bad = { ...BODY, items: [{ key: '2', row: '130 692 544', action: 'create', label: 'Simon Provencher' }] };
    const sealed = await sealPlan('client-import', 'plan-7f3a', '2026-03-02T14:05:00.000Z', 'fr', bad);
    // As it comes back from storage (the sealed object itself is trusted: this process made it, and it is frozen).
    const error = await rejection(openPlan(JSON.parse(JSON.stringify(sealed)), 'client-import', body));
    expect(error.code).toBe('plan_invalid');
    expect(error.message).toContain('body.items.0.row');
    expect(error.message).not.toMatch(/130|692|544|Simon/);
  });

  it('are frozen once sealed, so the sealed object itself is applied without being checked again', async () => {
    const sealed = await sealPlan('client-import', 'plan-7f3a', '2026-03-02T14:05:00.000Z', 'fr', BODY);
    expect(Object.isFrozen(sealed) && Object.isFrozen(sealed.body.items[0])).toBe(true);
    expect(() => {
      (sealed.body.items as { action: string }[])[0]!.action = 'update';
    }).toThrow(TypeError);
    expect(await openPlan(sealed, 'client-import', body)).toBe(sealed);
    expect((await rejection(openPlan(sealed, 'document-dispatch', body))).code).toBe('plan_job_mismatch');
  });

  it('canonical JSON is the same for the same value whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'é', c: null }], z: undefined })).toBe('{"a":[{"c":null,"d":"é"}],"b":1}');
    expect(canonicalJson(reordered({ b: 1, a: [{ d: 'é', c: null }] }))).toBe(canonicalJson({ b: 1, a: [{ d: 'é', c: null }] }));
  });
});
