/**
 * Differential test of `diffClients` against the implementation it replaced (frozen in test/oracle/): stored clients
 * and an export of the same practice — re-imported unchanged, in UPPERCASE, with changed and emptied fields, new
 * clients, dependants without SIN (some gaining one), corporations by BN, NEQ or name, SINs twice in the file, a SIN
 * on another person, e-mails shared (stored in mixed case too) — must give exactly the same plan, item by item and in the same order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffClients, type ClientRecord, type DiffClientsOptions, type StoredClient } from '../../src/index.js';
import { diffClients as oracleDiff } from '../oracle/diff-diff.js';
import { withCheckDigit } from '../fixtures/csv.js';
import { random } from '../fixtures/random.js';

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

const FIRST = ['Émilie', 'Marie-Ève', 'Marie', 'Jean', 'Seán', 'Zoé', 'Chloé', 'François', 'Léa', 'Benoît'];
const LAST = ['Côté', 'O’Brien', 'Gagnon-Tremblay', 'Lœuillet', 'Roy', 'Provencher', 'Lévesque', 'St-Pierre', 'Bélanger', 'Paré'];
const CITY = ['Montréal', 'Québec', 'Trois-Rivières', 'Lévis', 'Saint-Jérôme'];
const CORP = ['Les Entreprises Côté et Fils ltée', 'Gestion Tremblay inc.', 'Boulangerie Paré Inc', 'Construction Lévesque', 'Les Placements du Nord'];

const sin = (rnd: () => number): string => withCheckDigit(`${1 + Math.floor(rnd() * 7)}${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`);
const neq = (rnd: () => number): string => `11${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;

function person(rnd: () => number, i: number, withSin: boolean): ClientRecord {
  return {
    kind: 'individual',
    ...(withSin ? { sin: sin(rnd) } : {}),
    firstName: pick(rnd, FIRST),
    lastName: pick(rnd, LAST),
    ...(rnd() < 0.7 ? { birthDate: `19${50 + Math.floor(rnd() * 50)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 10)}` } : {}),
    ...(rnd() < 0.8 ? { email: `client${Math.floor(rnd() * 400 + i)}@exemple.ca` } : {}),
    ...(rnd() < 0.7 ? { phone: `+1514555${String(Math.floor(rnd() * 10000)).padStart(4, '0')}` } : {}),
    ...(rnd() < 0.8 ? { language: rnd() < 0.5 ? 'fr' : 'en' } : {}),
    ...(rnd() < 0.8 ? { address: { line1: `${i}, rue Saint-Denis`, city: pick(rnd, CITY), province: 'QC', postalCode: 'H2X 3J8' } } : {}),
    clientFile: `DOSSIER-${Math.floor(i / 3)}`,
    ...(rnd() < 0.5 ? { role: pick(rnd, ['principal', 'spouse', 'dependant'] as const) } : {}),
  };
}

function corporation(rnd: () => number, i: number): ClientRecord {
  const r = rnd();
  return {
    kind: 'corporation',
    name: rnd() < 0.5 ? pick(rnd, CORP) : `${pick(rnd, CORP)} ${i}`,
    ...(r < 0.7 ? { businessNumber: withCheckDigit(`8${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`) } : {}),
    ...(r > 0.4 && r < 0.9 ? { neq: neq(rnd) } : {}),
    ...(rnd() < 0.7 ? { email: `corp${Math.floor(rnd() * 300)}@exemple.ca` } : {}),
    ...(rnd() < 0.5 ? { address: { city: pick(rnd, CITY), province: 'QC' } } : {}),
  };
}

/** The same record read again from an export: unchanged, uppercase, changed, emptied, re-keyed. */
function reread(rnd: () => number, stored: ClientRecord, row: number, pool: readonly ClientRecord[]): ClientRecord {
  const { id: _id, version: _version, ...record } = stored as StoredClient;
  const base = { ...record, source: { row } } as ClientRecord;
  const r = rnd();
  if (r < 0.45) return base;
  if (r < 0.55 && base.kind === 'individual') return { ...base, firstName: base.firstName.toUpperCase(), lastName: base.lastName.toUpperCase() };
  if (r < 0.6 && base.kind === 'individual') return { ...base, lastName: base.lastName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase() };
  if (r < 0.68) return { ...base, address: { ...base.address, city: pick(rnd, CITY) } };
  if (r < 0.72) return { ...base, email: base.email?.toUpperCase() ?? 'new@exemple.ca' };
  if (r < 0.75) return { ...base, phone: '(514) 555-0142' };
  if (r < 0.78) {
    const { email: _e, phone: _p, ...rest } = base;
    return rest as ClientRecord;
  }
  if (r < 0.81 && base.kind === 'individual') return { ...base, sin: base.sin ?? sin(rnd) }; // a dependant gains a SIN
  if (r < 0.84 && base.kind === 'individual') return { ...base, firstName: pick(rnd, FIRST) }; // SIN on another person?
  if (r < 0.86 && base.kind === 'individual') {
    const { birthDate: _b, ...rest } = base;
    return rest as ClientRecord;
  }
  if (r < 0.88 && base.kind === 'corporation') {
    const { businessNumber: _b, ...rest } = base;
    return rest as ClientRecord; // by NEQ or by name
  }
  if (r < 0.9) return { ...base, email: (pick(rnd, pool) as ClientRecord).email ?? 'x@exemple.ca' }; // someone else's e-mail
  if (r < 0.92 && base.kind === 'corporation') return { ...base, neq: neq(rnd) };
  return { ...base, language: base.language === 'fr' ? 'en' : 'fr' };
}

function practice(seed: number, n: number): { existing: StoredClient[]; incoming: ClientRecord[] } {
  const rnd = random(seed);
  const existing: StoredClient[] = [];
  for (let i = 0; i < n; i++) {
    const record = rnd() < 0.2 ? corporation(rnd, i) : person(rnd, i, rnd() < 0.85);
    existing.push({ ...record, id: `id-${i}`, ...(rnd() < 0.7 ? { version: 1 + Math.floor(rnd() * 3) } : {}) } as StoredClient);
  }
  // Stored e-mails as hosts keep them: some in mixed case or with a stray space (the check folds them to find owners).
  for (const [k, client] of existing.entries()) {
    const r = rnd();
    if (client.email === undefined || r >= 0.08) continue;
    existing[k] = { ...client, email: r < 0.05 ? client.email.replace(/^c/, 'C').replace('@exemple', '@Exemple') : ` ${client.email} ` };
  }
  // A few stored duplicates (the host's data is not clean either).
  for (let k = 0; k < n / 50; k++) {
    const twin = pick(rnd, existing);
    existing.push({ ...twin, id: `twin-${k}` });
  }
  const incoming: ClientRecord[] = [];
  let row = 2;
  for (const stored of existing) {
    if (rnd() < 0.15) continue; // partial export
    incoming.push(reread(rnd, stored, row++, existing));
    if (rnd() < 0.02) incoming.push(reread(rnd, stored, row++, existing)); // twice in the file
  }
  for (let i = 0; i < n / 8; i++) incoming.push({ ...(rnd() < 0.2 ? corporation(rnd, n + i) : person(rnd, n + i, rnd() < 0.8)), source: { row: row++ } });
  // Shuffle rows (Fisher-Yates on the generator) so that order matters.
  for (let i = incoming.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [incoming[i], incoming[j]] = [incoming[j] as ClientRecord, incoming[i] as ClientRecord];
  }
  return JSON.parse(JSON.stringify({ existing, incoming })) as { existing: StoredClient[]; incoming: ClientRecord[] };
}

const OPTIONS: readonly DiffClientsOptions[] = [{}, { locale: 'en' }, { blankFields: 'clear' }, { fields: ['email', 'phone', 'address.city', 'lastName'], blankFields: 'clear', locale: 'fr' }];

describe('diffClients gives the same plan as before (differential)', () => {
  it.each(OPTIONS.map((o) => [JSON.stringify(o), o] as const))('on a generated practice with options %s', (_, options) => {
    for (const seed of [1, 2, 3]) {
      const { existing, incoming } = practice(seed, 3_000);
      const expected = oracleDiff(existing, incoming, options);
      // The corpus reaches every kind of item (a corpus of easy cases would prove nothing).
      expect(expected.creates.length).toBeGreaterThan(100);
      expect(expected.updates.length).toBeGreaterThan(100);
      expect(expected.unchanged.length).toBeGreaterThan(100);
      const reasons = new Set(expected.conflicts.map((c) => c.reason));
      for (const reason of ['duplicate_in_file', 'sin_collision', 'ambiguous_match', 'key_mismatch']) expect(reasons).toContain(reason);
      expect(expected.summary.warnings).toBeGreaterThan(10);
      expect(diffClients(existing, incoming, options)).toEqual(expected);
    }
  });

  it('on small random practices (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 60 }), fc.constantFrom(...OPTIONS), (seed, n, options) => {
        const { existing, incoming } = practice(seed, n);
        expect(diffClients(existing, incoming, options)).toEqual(oracleDiff(existing, incoming, options));
      }),
      { numRuns: 300, seed: 1313 },
    );
  });
});
