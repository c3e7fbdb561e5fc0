import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  diffClients,
  parseDtmaxCsv,
  type ClientPlan,
  type ClientRecord,
  type CorporationRecord,
  type IndividualRecord,
  type StoredClient,
} from '../../src/index.js';
import { csvText, encodeText, withCheckDigit } from '../fixtures/csv.js';

// ---------------------------------------------------------------------------------------------------------------------
// Data: a Montréal family, a couple of others, and two corporations, as a host would store them.

const simon: StoredClient = {
  id: 'c-simon',
  version: 3,
  kind: 'individual',
  sin: '130692544',
  firstName: 'Simon',
  lastName: 'Provencher',
  birthDate: '1978-05-14',
  email: 'simon.provencher@exemple.ca',
  phone: '+15145550142',
  language: 'fr',
  address: { line1: '1234, rue Saint-Denis', city: 'Montréal', province: 'QC', postalCode: 'H2X 3J8' },
  clientFile: 'PROVENCHER-2025',
  role: 'principal',
};
const marieEve: StoredClient = {
  id: 'c-marie-eve',
  version: 1,
  kind: 'individual',
  sin: '271845935',
  firstName: 'Marie-Ève',
  lastName: 'Côté',
  birthDate: '1980-11-02',
  email: 'marie-eve.cote@exemple.ca',
  language: 'fr',
  clientFile: 'PROVENCHER-2025',
  role: 'spouse',
};
const lea: StoredClient = {
  id: 'c-lea',
  version: 1,
  kind: 'individual',
  firstName: 'Léa',
  lastName: 'Provencher',
  birthDate: '2012-08-30',
  clientFile: 'PROVENCHER-2025',
  role: 'dependant',
};
const benoit: StoredClient = {
  id: 'c-benoit',
  version: 7,
  kind: 'individual',
  sin: '523698744',
  firstName: 'Benoît',
  lastName: 'Lœuillet',
  birthDate: '1959-04-03',
  email: 'benoit.loeuillet@exemple.qc.ca',
  phone: '+14185550110',
  address: { line1: '45, chemin Sainte-Foy', line2: 'Appartement 3', city: 'Québec', province: 'QC', postalCode: 'G1R 1T1' },
};
const coteEtFils: StoredClient = {
  id: 'c-cote-fils',
  version: 2,
  kind: 'corporation',
  businessNumber: '852147966',
  programAccount: 'RC0001',
  neq: '1171234567',
  name: 'Les Entreprises Côté et Fils ltée',
  email: 'comptabilite@cote-fils.qc.ca',
};
const boulangerie: StoredClient = {
  id: 'c-boulangerie',
  version: 1,
  kind: 'corporation',
  neq: '1149876543',
  name: 'Boulangerie Œuf & Blé inc.',
};

const existing: readonly StoredClient[] = [simon, marieEve, lea, benoit, coteEtFils, boulangerie];

/** The record part of a stored client, as a file would carry it. */
function asRow<T extends ClientRecord>(client: StoredClient, changes: Partial<Record<string, unknown>> = {}, row = 2): T {
  const { id: _id, version: _version, accountManager: _manager, ...record } = client;
  return { ...record, ...changes, source: { row } } as unknown as T;
}

/** The same person with no birth date on record. */
function withoutBirthDate<T extends ClientRecord>(client: T): T {
  const copy: Record<string, unknown> = { ...client };
  delete copy.birthDate;
  return copy as T;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Where each incoming index ended: 'create' | 'update' | 'unchanged' | 'conflict'. */
function placement(plan: ClientPlan): Map<number, string> {
  const out = new Map<number, string>();
  for (const list of [plan.creates, plan.updates, plan.unchanged, plan.conflicts]) {
    for (const item of list) {
      expect(out.has(item.index), `index ${item.index} is in two lists`).toBe(false);
      out.set(item.index, item.action);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------

describe('diffClients: creates, updates, unchanged', () => {
  it('sorts a file into creates, field-level updates and unchanged, and never deletes the absent', () => {
    const sean: IndividualRecord = { kind: 'individual', sin: '412589632', firstName: 'Seán', lastName: 'O’Brien', email: 'sean.obrien@example.com', language: 'en', source: { row: 5 } };
    const incoming = deepFreeze([
      asRow<IndividualRecord>(simon, { address: { ...simon.address, city: 'Laval', postalCode: 'H7N 1A1' } }, 2),
      asRow<IndividualRecord>(marieEve, {}, 3),
      sean,
    ]);
    const plan = diffClients(deepFreeze([...existing]), incoming);

    expect(plan.creates.map((c) => c.record)).toEqual([sean]);
    expect(plan.unchanged.map((u) => [u.id, u.matchedBy, u.row])).toEqual([['c-marie-eve', 'sin', 3]]);
    expect(plan.updates).toHaveLength(1);
    const [update] = plan.updates;
    expect(update?.id).toBe('c-simon');
    expect(update?.version).toBe(3);
    expect(update?.changes).toEqual([
      { field: 'address.city', from: 'Montréal', to: 'Laval' },
      { field: 'address.postalCode', from: 'H2X 3J8', to: 'H7N 1A1' },
    ]);
    // The merged record: the stored client with the changes, without id/version/source.
    expect(update?.record).toEqual({
      ...asRow(simon),
      source: undefined,
      address: { line1: '1234, rue Saint-Denis', city: 'Laval', province: 'QC', postalCode: 'H7N 1A1' },
    });
    expect(update?.record).not.toHaveProperty('id');
    expect(update?.record).not.toHaveProperty('source');
    // Léa, Benoît and the corporations are not in the file: nowhere in the plan.
    expect(plan.summary).toEqual({ incoming: 3, creates: 1, updates: 1, unchanged: 1, conflicts: 0, warnings: 0 });
  });

  it('treats the same data written differently as unchanged (UPPERCASE exports, formats, NFD, spacing)', () => {
    const upper = asRow<IndividualRecord>(simon, {
      firstName: 'SIMON',
      lastName: 'PROVENCHER',
      email: 'Simon.Provencher@EXEMPLE.CA',
      phone: '(514) 555-0142',
      address: { line1: '1234,  RUE SAINT-DENIS', city: 'MONTREAL', province: 'qc', postalCode: 'h2x3j8' },
      clientFile: 'provencher-2025',
    });
    // A Mac or a web form may send decomposed accents (NFD): 'E' + U+0300.
    const decomposed = asRow<IndividualRecord>(marieEve, { firstName: 'Marie-Ève'.normalize('NFD'), lastName: 'Côté'.normalize('NFD') }, 3);
    expect(decomposed.firstName).not.toBe('Marie-Ève');
    const ligature = asRow<IndividualRecord>(benoit, { firstName: 'BENOIT', lastName: 'LOEUILLET', phone: '418 555-0110' }, 4);
    const plan = diffClients(existing, [upper, decomposed, ligature]);
    expect(plan.updates).toEqual([]);
    expect(plan.unchanged.map((u) => u.id)).toEqual(['c-simon', 'c-marie-eve', 'c-benoit']);
  });

  it('sees a real accent or spelling correction in mixed case as an update', () => {
    const stored: StoredClient = { ...simon, id: 'c-jf', sin: '123456782', firstName: 'Jean-Francois', lastName: 'Belanger' };
    const plan = diffClients([stored], [asRow<IndividualRecord>(stored, { firstName: 'Jean-François', lastName: 'Bélanger' })]);
    expect(plan.updates[0]?.changes).toEqual([
      { field: 'firstName', from: 'Jean-Francois', to: 'Jean-François' },
      { field: 'lastName', from: 'Belanger', to: 'Bélanger' },
    ]);
  });

  it('never lets an empty incoming value erase a stored one, unless blankFields is clear', () => {
    const sparse: IndividualRecord = { kind: 'individual', sin: '523698744', firstName: 'Benoît', lastName: 'Lœuillet', source: { row: 2 } };
    expect(diffClients(existing, [sparse]).unchanged.map((u) => u.id)).toEqual(['c-benoit']);

    const cleared = diffClients(existing, [sparse], { blankFields: 'clear' });
    expect(cleared.updates[0]?.changes.map((c) => [c.field, c.to])).toEqual([
      ['birthDate', undefined],
      ['email', undefined],
      ['phone', undefined],
      ['address.line1', undefined],
      ['address.line2', undefined],
      ['address.city', undefined],
      ['address.province', undefined],
      ['address.postalCode', undefined],
    ]);
    expect(cleared.updates[0]?.record).toEqual({ kind: 'individual', sin: '523698744', firstName: 'Benoît', lastName: 'Lœuillet' });

    // Restricted to the columns the file had: only the phone is cleared.
    const phoneOnly = diffClients(existing, [sparse], { blankFields: 'clear', fields: ['phone', 'firstName', 'lastName'] });
    expect(phoneOnly.updates[0]?.changes).toEqual([{ field: 'phone', from: '+14185550110', to: undefined }]);
  });

  it('is pure: inputs are untouched and the same inputs give the same plan', () => {
    const incoming = deepFreeze([asRow<IndividualRecord>(simon, { phone: '+15145550199' })]);
    const frozen = deepFreeze(existing.map((c) => structuredClone(c)));
    const a = diffClients(frozen, incoming);
    const b = diffClients(frozen, incoming);
    expect(a).toEqual(b);
    expect(frozen).toEqual(existing);
  });
});

describe('diffClients: identity rules', () => {
  it('makes a sin_collision conflict when first name and birth date both disagree, without the full SIN in the message', () => {
    const stranger = asRow<IndividualRecord>(simon, { firstName: 'Gaëtan', lastName: 'Provencher', birthDate: '1990-01-01' });
    const plan = diffClients(existing, [stranger], { locale: 'fr' });
    expect(plan.conflicts.map((c) => [c.reason, c.ids])).toEqual([['sin_collision', ['c-simon']]]);
    expect(plan.updates).toHaveLength(0);
    const message = plan.conflicts[0]?.message ?? '';
    expect(message).toContain('*** *** 544');
    expect(message).toContain('Simon Provencher');
    expect(message).toContain('Gaëtan Provencher');
    expect(message.replace(/\D/g, '')).not.toContain('130692544');
  });

  it('also holds a different first name when no birth date can confirm the identity', () => {
    const stored = withoutBirthDate(benoit);
    const plan = diffClients([stored], [withoutBirthDate(asRow<IndividualRecord>(benoit, { firstName: 'Rahul' }))]);
    expect(plan.conflicts.map((c) => c.reason)).toEqual(['sin_collision']);
  });

  it('updates a changed last name with the same first name and birth date (a marriage)', () => {
    const married = asRow<IndividualRecord>(marieEve, { lastName: 'Côté-Provencher' });
    const plan = diffClients(existing, [married]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.updates[0]?.changes).toEqual([{ field: 'lastName', from: 'Côté', to: 'Côté-Provencher' }]);
  });

  it('updates a corrected first name when the birth date agrees', () => {
    const plan = diffClients(existing, [asRow<IndividualRecord>(marieEve, { firstName: 'Marie-Eve-Lyne' })]);
    expect(plan.updates[0]?.changes).toEqual([{ field: 'firstName', from: 'Marie-Ève', to: 'Marie-Eve-Lyne' }]);
  });

  it('makes duplicate_in_file conflicts of every row with the same key, picking none', () => {
    const incoming = [
      asRow<IndividualRecord>(simon, {}, 2),
      asRow<IndividualRecord>(marieEve, {}, 3),
      asRow<IndividualRecord>(simon, { lastName: 'PROVENCHER', email: undefined }, 10),
    ];
    const plan = diffClients(existing, incoming, { locale: 'en' });
    expect(plan.conflicts.map((c) => [c.row, c.reason, c.rows])).toEqual([
      [2, 'duplicate_in_file', [2, 10]],
      [10, 'duplicate_in_file', [2, 10]],
    ]);
    expect(plan.conflicts[0]?.message).toBe(
      'SIN *** *** 544 appears on rows 2, 10 of the file. None of these rows was imported: keep only one in the tax program and import again.',
    );
    expect(plan.unchanged.map((u) => u.id)).toEqual(['c-marie-eve']);
  });

  it('holds two rows that reach the same stored client by different keys', () => {
    const byBn: CorporationRecord = { kind: 'corporation', businessNumber: '852147966', name: 'Les Entreprises Côté et Fils ltée', source: { row: 2 } };
    const byNeq: CorporationRecord = { kind: 'corporation', neq: '1171234567', name: 'Côté et Fils', source: { row: 3 } };
    const plan = diffClients(existing, [byBn, byNeq]);
    expect(plan.conflicts.map((c) => [c.row, c.reason, c.ids])).toEqual([
      [2, 'duplicate_in_file', ['c-cote-fils']],
      [3, 'duplicate_in_file', ['c-cote-fils']],
    ]);
  });

  it('holds a row with the SIN and a row without it that are the same stored person', () => {
    const withSin = asRow<IndividualRecord>(marieEve, {}, 3);
    const { sin: _sin, ...noSin } = asRow<IndividualRecord>(marieEve, { lastName: 'CÔTÉ' }, 9);
    const plan = diffClients(existing, [withSin, noSin as IndividualRecord]);
    expect(plan.conflicts.map((c) => [c.row, c.reason, c.ids, c.rows])).toEqual([
      [3, 'duplicate_in_file', ['c-marie-eve'], [3, 9]],
      [9, 'duplicate_in_file', ['c-marie-eve'], [3, 9]],
    ]);
    expect(plan.unchanged).toEqual([]);
  });

  it('reports a row with no key to match on as missing_key', () => {
    const orphan: IndividualRecord = { kind: 'individual', firstName: 'Émile', lastName: 'Roy', source: { row: 14 } };
    expect(diffClients(existing, [orphan]).conflicts.map((c) => [c.row, c.reason])).toEqual([[14, 'missing_key']]);
  });

  it('reads the duplicate warning of a real DT Max file as duplicate_in_file conflicts', async () => {
    const csv = csvText([
      ['NAS', 'Prénom', 'Nom', 'Date de naissance', 'Courriel', 'Dossier'],
      ['130 692 544', 'Simon', 'Provencher', '1978-05-14', 'simon.provencher@exemple.ca', 'PROVENCHER-2025'],
      ['271 845 935', 'Marie-Ève', 'Côté', '1980-11-02', 'marie-eve.cote@exemple.ca', 'PROVENCHER-2025'],
      ['130-692-544', 'SIMON', 'PROVENCHER', '1978-05-14', '', 'PROVENCHER-2025'],
    ]);
    const parsed = await parseDtmaxCsv(encodeText(csv, 'windows-1252'));
    const plan = diffClients(existing, parsed.records);
    expect(plan.conflicts.map((c) => [c.row, c.reason])).toEqual([
      [2, 'duplicate_in_file'],
      [4, 'duplicate_in_file'],
    ]);
    expect(plan.unchanged.map((u) => [u.row, u.id])).toEqual([[3, 'c-marie-eve']]);
  });
});

describe('diffClients: corporations', () => {
  it('matches by BN, then by NEQ (the BN is then added), never merging two numbers that disagree', () => {
    const sameBn = asRow<CorporationRecord>(coteEtFils, { name: 'LES ENTREPRISES COTE ET FILS LTEE', programAccount: 'RC0001' });
    const plan1 = diffClients(existing, [sameBn]);
    expect(plan1.unchanged.map((u) => [u.id, u.matchedBy])).toEqual([['c-cote-fils', 'businessNumber']]);

    const withBn: CorporationRecord = { kind: 'corporation', businessNumber: '741852966', programAccount: 'RT0001', neq: '1149876543', name: 'Boulangerie Œuf & Blé inc.', source: { row: 3 } };
    const plan2 = diffClients(existing, [withBn]);
    expect(plan2.updates.map((u) => [u.id, u.matchedBy, u.changes.map((c) => c.field)])).toEqual([['c-boulangerie', 'neq', ['businessNumber', 'programAccount']]]);

    const clash: CorporationRecord = { kind: 'corporation', businessNumber: '852147966', neq: '1149876543', name: 'Côté et Fils', source: { row: 4 } };
    const plan3 = diffClients(existing, [clash]);
    expect(plan3.conflicts.map((c) => [c.reason, c.ids])).toEqual([['key_mismatch', ['c-cote-fils', 'c-boulangerie']]]);
    expect(plan3.conflicts[0]?.message).not.toContain('852147966');

    const otherBn: CorporationRecord = { kind: 'corporation', businessNumber: '963852744', neq: '1171234567', name: 'Côté et Fils', source: { row: 5 } };
    expect(diffClients(existing, [otherBn]).conflicts.map((c) => c.reason)).toEqual(['key_mismatch']);
  });

  it('matches a corporation without numbers by its name only when exactly one has it', () => {
    const nameOnly: CorporationRecord = { kind: 'corporation', name: 'BOULANGERIE OEUF & BLE INC.', email: 'info@oeufetble.ca', source: { row: 2 } };
    expect(diffClients(existing, [nameOnly]).updates.map((u) => [u.id, u.matchedBy, u.changes])).toEqual([
      ['c-boulangerie', 'name', [{ field: 'email', from: undefined, to: 'info@oeufetble.ca' }]],
    ]);
    const twin: StoredClient = { ...boulangerie, id: 'c-boulangerie-2', neq: '1140000000' };
    expect(diffClients([...existing, twin], [nameOnly]).conflicts.map((c) => [c.reason, c.ids])).toEqual([['ambiguous_match', ['c-boulangerie', 'c-boulangerie-2']]]);
  });
});

describe('diffClients: dependants', () => {
  it('matches people without a SIN by client file + folded name + birth date', () => {
    const row: IndividualRecord = { kind: 'individual', firstName: 'LÉA', lastName: 'PROVENCHER', birthDate: '2012-08-30', clientFile: 'Provencher-2025', role: 'dependant', source: { row: 4 } };
    expect(diffClients(existing, [row]).unchanged.map((u) => [u.id, u.matchedBy])).toEqual([['c-lea', 'dependant']]);
    expect(diffClients(existing, [withoutBirthDate(row)]).unchanged.map((u) => u.id)).toEqual(['c-lea']);
    const twin: IndividualRecord = { ...row, birthDate: '2014-02-11' };
    expect(diffClients(existing, [twin]).creates).toHaveLength(1);
    const otherFile: IndividualRecord = { ...row, clientFile: 'GAGNON-2025' };
    expect(diffClients(existing, [otherFile]).creates).toHaveLength(1);
  });

  it('gives a stored dependant the SIN it now has instead of creating a second Léa', () => {
    const withSin: IndividualRecord = { kind: 'individual', sin: '631478526', firstName: 'Léa', lastName: 'Provencher', birthDate: '2012-08-30', clientFile: 'PROVENCHER-2025', source: { row: 4 } };
    const plan = diffClients(existing, [withSin]);
    expect(plan.creates).toEqual([]);
    expect(plan.updates.map((u) => [u.id, u.matchedBy, u.changes])).toEqual([['c-lea', 'dependant', [{ field: 'sin', from: undefined, to: '631478526' }]]]);
  });

  it('holds a dependant row that fits two stored people', () => {
    const again = withoutBirthDate({ ...lea, id: 'c-lea-bis' });
    const row: IndividualRecord = { kind: 'individual', firstName: 'Léa', lastName: 'Provencher', clientFile: 'PROVENCHER-2025', source: { row: 4 } };
    const plan = diffClients([...existing, again], [row]);
    expect(plan.conflicts.map((c) => [c.reason, c.ids])).toEqual([['ambiguous_match', ['c-lea', 'c-lea-bis']]]);
  });
});

describe('diffClients: e-mails of other clients', () => {
  it('flags a new client whose e-mail belongs to a stored client, and two rows sharing one', () => {
    const sharing: IndividualRecord = { kind: 'individual', sin: '912345675', firstName: 'Rahul', lastName: 'Sharma', email: 'SIMON.PROVENCHER@exemple.ca', source: { row: 7 } };
    const plan = diffClients(existing, [sharing], { locale: 'fr' });
    expect(plan.creates[0]?.warnings.map((w) => [w.code, w.ids, w.rows])).toEqual([['email_in_use', ['c-simon'], []]]);
    expect(plan.creates[0]?.warnings[0]?.message).toContain('Simon Provencher');
    expect(plan.summary.warnings).toBe(1);

    const a: IndividualRecord = { kind: 'individual', sin: '412589632', firstName: 'Seán', lastName: 'O’Brien', email: 'famille.obrien@example.com', source: { row: 2 } };
    const b: IndividualRecord = { kind: 'individual', sin: '715935789', firstName: 'Chloé', lastName: 'Lavoie', email: 'Famille.OBrien@example.com', source: { row: 3 } };
    const both = diffClients(existing, [a, b]);
    expect(both.creates.map((c) => c.warnings.map((w) => w.rows))).toEqual([[[3]], [[2]]]);
  });

  it('does not flag a client whose old owner moves to another address in the same file', () => {
    const marieMoves = asRow<IndividualRecord>(marieEve, { email: 'meve@exemple.ca' }, 2);
    const rahul: IndividualRecord = { kind: 'individual', sin: '912345675', firstName: 'Rahul', lastName: 'Sharma', email: 'marie-eve.cote@exemple.ca', source: { row: 3 } };
    const plan = diffClients(existing, [marieMoves, rahul]);
    expect(plan.creates[0]?.warnings).toEqual([]);
    expect(plan.summary.warnings).toBe(0);
  });
});

describe('diffClients: properties', () => {
  const sinArb = fc.integer({ min: 10_000_000, max: 79_999_999 }).map((n) => withCheckDigit(String(n)));
  const nameArb = fc.constantFrom('Émilie', 'François', 'Zoé', 'Chloé', 'Benoît', 'Marie-Ève', 'Seán', 'Gaëtan', 'ROY', 'CÔTÉ');
  const cityArb = fc.constantFrom('Montréal', 'Québec', 'Lévis', 'MONTREAL', undefined);
  const recordArb = fc.record({ sin: sinArb, firstName: nameArb, lastName: nameArb, city: cityArb, email: fc.option(fc.constantFrom('a@exemple.ca', 'b@exemple.ca', 'c@exemple.ca'), { nil: undefined }) }).map(
    ({ sin, firstName, lastName, city, email }): IndividualRecord => ({
      kind: 'individual',
      sin,
      firstName,
      lastName,
      ...(email === undefined ? {} : { email }),
      ...(city === undefined ? {} : { address: { city } }),
    }),
  );

  it('places every incoming record in exactly one list, and applying a plan leaves nothing to do', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 25 }), fc.array(recordArb, { maxLength: 25 }), (storedRecords, incoming) => {
        const stored: StoredClient[] = [];
        const seen = new Set<string>();
        for (const [i, r] of storedRecords.entries()) {
          if (seen.has(r.sin ?? '')) continue;
          seen.add(r.sin ?? '');
          stored.push({ ...r, id: `s${i}`, version: 1 });
        }
        const plan = diffClients(stored, incoming);
        const places = placement(plan);
        expect([...places.keys()].sort((a, b) => a - b)).toEqual(incoming.map((_, i) => i));

        // Apply: updates replace, creates are added; then the same file must be all unchanged or conflicts.
        const after = new Map(stored.map((c) => [c.id, c]));
        for (const u of plan.updates) after.set(u.id, { ...u.record, id: u.id, version: 2 } as StoredClient);
        plan.creates.forEach((c, i) => after.set(`n${i}`, { ...c.record, id: `n${i}` } as StoredClient));
        const again = diffClients([...after.values()], incoming);
        expect(again.creates).toEqual([]);
        expect(again.updates).toEqual([]);
        expect(again.conflicts.length).toBe(plan.conflicts.length);
      }),
      { numRuns: 200 },
    );
  });
});
