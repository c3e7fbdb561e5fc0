/**
 * The compared field list is defined once (`src/clients/fields.ts`): the fast "identical" check and the field-level
 * changes both come from it. Through the public `diffClients`: a stored client and the same client read again with
 * any set of fields changed, added or emptied — the plan says `unchanged` exactly when no field changed, and lists
 * exactly the fields that did.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_FIELD_PATHS, diffClients, type ClientFieldPath, type ClientRecord, type StoredClient } from '../../src/index.js';

type Kind = ClientRecord['kind'];

/**
 * Two values per field that mean different things under the field's comparison (no case or accent variants of each
 * other), so "no change" means "the same string". The keys a record is matched on (SIN, BN, NEQ) stay fixed.
 */
const VALUES: Readonly<Record<Kind, Partial<Record<ClientFieldPath, readonly [string, string]>>>> = {
  individual: {
    firstName: ['Émilie', 'François'],
    lastName: ['Côté', 'Provencher'],
    birthDate: ['1978-05-14', '1980-11-02'],
    spouseSin: ['271845935', '130692544'],
    role: ['principal', 'spouse'],
  },
  corporation: {
    programAccount: ['RC0001', 'RT0001'],
    name: ['Boulangerie Œuf & Blé inc.', 'Érablière du Nord ltée'],
    fiscalYearEnd: ['2025-12-31', '2025-06-30'],
    contactName: ['Zoé Tremblay', 'Benoît Gagné'],
  },
};
const COMMON: Partial<Record<ClientFieldPath, readonly [string, string]>> = {
  email: ['zoe.tremblay@exemple.ca', 'benoit@exemple.ca'],
  phone: ['+15145550142', '+14185550199'],
  language: ['fr', 'en'],
  'address.line1': ['1234, rue Saint-Denis', '5, avenue du Parc'],
  'address.line2': ['app. 3', 'bureau 200'],
  'address.city': ['Montréal', 'Lévis'],
  'address.province': ['QC', 'ON'],
  'address.postalCode': ['H2X 3J8', 'G6V 1A1'],
  'address.country': ['CA', 'FR'],
  clientFile: ['PROVENCHER-2025', 'GAGNON-2025'],
  clientNumber: ['1001', '2002'],
};
const KEYS: Readonly<Record<Kind, Partial<Record<ClientFieldPath, string>>>> = {
  individual: { sin: '130692544' },
  corporation: { businessNumber: '852147966', neq: '1143920115' },
};
const REQUIRED = new Set<ClientFieldPath>(['firstName', 'lastName', 'name']);

const fieldsOf = (kind: Kind): [ClientFieldPath, readonly [string, string]][] =>
  Object.entries({ ...VALUES[kind], ...COMMON }) as [ClientFieldPath, readonly [string, string]][];

/** A record from a path → value map (address parts nested; absent values left out). */
function build(kind: Kind, values: ReadonlyMap<ClientFieldPath, string>): ClientRecord {
  const record: Record<string, unknown> = { kind };
  const address: Record<string, string> = {};
  for (const [path, value] of values) {
    if (path.startsWith('address.')) address[path.slice('address.'.length)] = value;
    else record[path] = value;
  }
  if (Object.keys(address).length > 0) record.address = address;
  return record as unknown as ClientRecord;
}

/** What happens to one field between the stored client and the file: kept, another value, or emptied. */
type Edit = 'same' | 'other' | 'empty';

interface Case {
  readonly kind: Kind;
  readonly mode: 'keep' | 'clear';
  readonly stored: StoredClient;
  readonly incoming: ClientRecord;
  /** The fields that must be reported changed. */
  readonly expected: ReadonlySet<ClientFieldPath>;
}

function makeCase(kind: Kind, mode: 'keep' | 'clear', picks: ReadonlyMap<ClientFieldPath, { has: boolean; which: 0 | 1; edit: Edit }>): Case {
  const stored = new Map<ClientFieldPath, string>(Object.entries(KEYS[kind]) as [ClientFieldPath, string][]);
  const incoming = new Map(stored);
  const expected = new Set<ClientFieldPath>();
  const edits = new Map([...picks].map(([path, pick]) => [path, { ...pick }]));
  // A new first name on the same SIN is the same person only when the birth date confirms it (else: sin_collision).
  const first = edits.get('firstName');
  const birth = edits.get('birthDate');
  if (first !== undefined && birth !== undefined && first.edit === 'other') Object.assign(birth, { has: true, edit: 'same' });
  for (const [path, [a, b]] of fieldsOf(kind)) {
    const pick = edits.get(path) ?? { has: true, which: 0, edit: 'same' as Edit };
    const required = REQUIRED.has(path);
    const from = pick.has || required ? (pick.which === 0 ? a : b) : undefined;
    const edit: Edit = required && pick.edit === 'empty' ? 'same' : pick.edit;
    const to = edit === 'same' ? from : edit === 'other' ? (from === a ? b : a) : undefined;
    if (from !== undefined) stored.set(path, from);
    if (to !== undefined) incoming.set(path, to);
    if (to !== from && (to !== undefined || mode === 'clear')) expected.add(path);
  }
  return { kind, mode, stored: { ...build(kind, stored), id: 'c-1', version: 7 } as StoredClient, incoming: { ...build(kind, incoming), source: { row: 2 } }, expected };
}

/** Stored values drawn freely; a few fields (none to three) edited, so that a field changed alone is common. */
const caseArb = (kind: Kind): fc.Arbitrary<Case> => {
  const paths = fieldsOf(kind).map(([path]) => path);
  const storedArb = fc.tuple(...paths.map(() => fc.record({ has: fc.boolean(), which: fc.constantFrom<0 | 1>(0, 1) })));
  const editsArb = fc.uniqueArray(fc.tuple(fc.constantFrom(...paths), fc.constantFrom<Edit>('other', 'empty')), { maxLength: 3, selector: ([path]) => path });
  return fc.tuple(fc.constantFrom<'keep' | 'clear'>('keep', 'clear'), storedArb, editsArb).map(([mode, stored, edits]) => {
    const edit = new Map(edits);
    return makeCase(kind, mode, new Map(paths.map((path, i) => [path, { ...(stored[i] as { has: boolean; which: 0 | 1 }), edit: edit.get(path) ?? 'same' }])));
  });
};

function check({ mode, stored, incoming, expected }: Case): void {
  const plan = diffClients([stored], [incoming], { blankFields: mode });
  expect(plan.creates).toEqual([]);
  expect(plan.conflicts).toEqual([]);
  const [update] = plan.updates;
  // identical ⇔ no change: the row is `unchanged` exactly when no field changed.
  expect(plan.unchanged.length).toBe(expected.size === 0 ? 1 : 0);
  expect(new Set(update?.changes.map((c) => c.field) ?? [])).toEqual(expected);
  for (const change of update?.changes ?? []) {
    const [top, part] = change.field.split('.') as [string, string | undefined];
    const read = (r: ClientRecord): unknown => (part === undefined ? (r as unknown as Record<string, unknown>)[top] : (r.address as Record<string, unknown> | undefined)?.[part]);
    expect(change.to).toBe(read(incoming));
    expect(change.from).toBe(read(stored));
  }
}

describe('diffClients: the compared field list, once', () => {
  it('the values below cover every compared field (a field added to the list must be added here)', () => {
    const covered = new Set([...fieldsOf('individual'), ...fieldsOf('corporation')].map(([path]) => path).concat(Object.keys({ ...KEYS.individual, ...KEYS.corporation }) as ClientFieldPath[]));
    expect([...covered].sort()).toEqual([...CLIENT_FIELD_PATHS].sort());
  });

  it('each field changed alone is reported, and only it; the same strings in a new object are unchanged', () => {
    for (const kind of ['individual', 'corporation'] as const) {
      const none = makeCase(kind, 'keep', new Map());
      expect(none.expected.size).toBe(0);
      check(none);
      for (const [path] of fieldsOf(kind)) {
        for (const edit of ['other', 'empty'] as const) {
          for (const mode of ['keep', 'clear'] as const) {
            const one = makeCase(kind, mode, new Map([[path, { has: true, which: 1, edit }]]));
            check(one);
          }
        }
        // A value the host lacks, given by the file.
        const added = makeCase(kind, 'keep', new Map([[path, { has: false, which: 0, edit: 'other' }]]));
        if (!REQUIRED.has(path)) expect(added.expected).toEqual(new Set([path]));
        check(added);
      }
    }
  });

  it('individuals: unchanged ⇔ no field changed, and the changes are exactly the fields that did', () => {
    fc.assert(fc.property(caseArb('individual'), check), { numRuns: 400 });
  });

  it('corporations: unchanged ⇔ no field changed, and the changes are exactly the fields that did', () => {
    fc.assert(fc.property(caseArb('corporation'), check), { numRuns: 400 });
  });
});
