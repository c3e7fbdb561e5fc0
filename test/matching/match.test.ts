import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileNamingPattern,
  createClientIndex,
  InvalidArgumentError,
  maskFileName,
  matchPdfToClient,
  type ClientRecord,
  type PdfMatch,
} from '../../src/index.js';
import { withCheckDigit } from '../fixtures/csv.js';

type Stored = ClientRecord & { id: string };

const clients: Stored[] = [
  { id: 'c1', kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', clientNumber: 'PROV01', clientFile: 'PROVENCHER' },
  { id: 'c2', kind: 'individual', sin: '271845935', firstName: 'Marie-Ève', lastName: 'Côté', clientNumber: 'PROV01', clientFile: 'PROVENCHER' },
  { id: 'c3', kind: 'individual', firstName: 'Léa', lastName: 'Provencher', clientNumber: 'PROV01', clientFile: 'PROVENCHER' },
  { id: 'c4', kind: 'individual', sin: '412589632', firstName: 'Seán', lastName: 'O’Brien' },
  { id: 'c5', kind: 'individual', sin: '631478526', firstName: 'Zoé', lastName: 'Gagnon-Tremblay' },
  { id: 'c6', kind: 'individual', sin: '523698744', firstName: 'Marie', lastName: 'Côté' },
  { id: 'c7', kind: 'corporation', businessNumber: '852147966', name: 'Les Entreprises Côté et Fils ltée' },
  { id: 'c8', kind: 'individual', sin: '715935789', firstName: 'Jean', lastName: 'Roy' },
  { id: 'c9', kind: 'individual', sin: '912345675', firstName: 'Jean', lastName: 'Roy' },
];
const index = createClientIndex(clients);

const outcome = (m: PdfMatch<Stored>) =>
  m.status === 'matched' ? { status: m.status, id: m.client.id, by: m.by, nameChecked: m.nameChecked } : { status: m.status, reason: m.reason };

describe('matchPdfToClient — no pattern', () => {
  it.each([
    ['130 692 544 - Simon Provencher.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
    ['130-692-544_PROVENCHER_Simon.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
    ['T183 2025 - 130692544 - provencher simon.PDF', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
    ['130692544.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: false }],
    ['PROV130692544001.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
    ['CÔTÉ271845935002.pdf', { status: 'matched', id: 'c2', by: 'sin', nameChecked: true }],
    ['COTE271845935002.pdf', { status: 'matched', id: 'c2', by: 'sin', nameChecked: true }],
    ['271845935 - Côté Marie Eve.pdf', { status: 'matched', id: 'c2', by: 'sin', nameChecked: true }],
    ['412589632 - Sean OBrien.pdf', { status: 'matched', id: 'c4', by: 'sin', nameChecked: true }],
    ["412589632 - SEAN O'BRIEN.pdf", { status: 'matched', id: 'c4', by: 'sin', nameChecked: true }],
    ['631478526 Gagnon-Tremblay Zoé.pdf', { status: 'matched', id: 'c5', by: 'sin', nameChecked: true }],
    ['631478526 GAGNONTREMBLAY.pdf', { status: 'matched', id: 'c5', by: 'sin', nameChecked: true }],
    ['852147966RC0001 - Entreprises Côté et Fils inc.pdf', { status: 'matched', id: 'c7', by: 'businessNumber', nameChecked: true }],
    ['T183CORP 852 147 966 Les Entreprises Cote et Fils.pdf', { status: 'matched', id: 'c7', by: 'businessNumber', nameChecked: true }],
    // The worst bug: another taxpayer's SIN with this one's name, or the reverse.
    ['130692544 - Marie-Ève Côté.pdf', { status: 'mismatch', reason: 'name_mismatch' }],
    ['271845935 - Simon Provencher.pdf', { status: 'mismatch', reason: 'name_mismatch' }],
    ['130692544 - Simon.pdf', { status: 'mismatch', reason: 'name_mismatch' }],
    ['130692544 - Simon Provencher Jr.pdf', { status: 'mismatch', reason: 'name_mismatch' }],
    ['ROYJ130692544001.pdf', { status: 'mismatch', reason: 'name_mismatch' }],
    ['130692544 271845935 Provencher.pdf', { status: 'ambiguous', reason: 'several_keys' }],
    ['130 692 545 - Simon Provencher.pdf', { status: 'unmatched', reason: 'invalid_key' }],
    // A number no SIN starts with (0, 8) and no client's BN, or the "no SIN" placeholder: never a key, and never a
    // way for the name to reach a client who has a number.
    ['046 454 286 - Simon Provencher.pdf', { status: 'mismatch', reason: 'placeholder_key' }],
    ['000 000 000 - Simon Provencher.pdf', { status: 'mismatch', reason: 'placeholder_key' }],
    ['000-000-000 Provencher Simon.pdf', { status: 'mismatch', reason: 'placeholder_key' }],
    ['812 345 674 - Simon Provencher.pdf', { status: 'mismatch', reason: 'placeholder_key' }],
    ['000 000 000.pdf', { status: 'unmatched', reason: 'placeholder_key' }],
    ['000 000 000 - Inconnu Total.pdf', { status: 'unmatched', reason: 'name_unknown' }],
    ['130692551 - Simon Provencher.pdf', { status: 'unmatched', reason: 'unknown_key' }],
    ['PROV999999998001.pdf', { status: 'unmatched', reason: 'unknown_key' }],
    ['Léa Provencher.pdf', { status: 'matched', id: 'c3', by: 'name', nameChecked: true }],
    ['000 000 000 - Léa Provencher.pdf', { status: 'matched', id: 'c3', by: 'name', nameChecked: true }],
    ['Provencher.pdf', { status: 'unmatched', reason: 'name_unknown' }],
    ['Marie Côté.pdf', { status: 'matched', id: 'c6', by: 'name', nameChecked: true }],
    ['Jean Roy.pdf', { status: 'ambiguous', reason: 'name_not_unique' }],
    ['Inconnu Total.pdf', { status: 'unmatched', reason: 'name_unknown' }],
    ['T183 2025.pdf', { status: 'unmatched', reason: 'no_key' }],
  ] as const)('%s', (fileName, expected) => {
    expect(outcome(matchPdfToClient(fileName, index))).toEqual(expected);
  });

  it('accepts an array of clients as well as an index', () => {
    expect(outcome(matchPdfToClient('130692544 - Simon Provencher.pdf', clients))).toEqual({ status: 'matched', id: 'c1', by: 'sin', nameChecked: true });
  });

  it('ignores folders in the name', () => {
    expect(outcome(matchPdfToClient('271845935/130692544 - Simon Provencher.pdf', index))).toMatchObject({ status: 'matched', id: 'c1' });
  });

  it('holds a duplicate SIN in the host data instead of choosing', () => {
    const dup: Stored[] = [...clients, { id: 'c10', kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher' }];
    const m = matchPdfToClient('130692544 - Simon Provencher.pdf', dup);
    expect(outcome(m)).toEqual({ status: 'ambiguous', reason: 'duplicate_client_key' });
    expect(m.status !== 'matched' && m.candidates?.map((c) => c.id)).toEqual(['c1', 'c10']);
  });

  it('restricts to the kind of client the document is for', () => {
    expect(outcome(matchPdfToClient('130692544 - Simon Provencher.pdf', index, { kind: 'corporation' }))).toEqual({ status: 'mismatch', reason: 'wrong_client_kind' });
  });

  it('explains in French and English without ever showing a full SIN', () => {
    for (const locale of ['fr', 'en'] as const) {
      for (const name of ['130692544 - Marie-Ève Côté.pdf', '130692545.pdf', '130692551.pdf', '130692544 271845935.pdf', '130692544 - Simon Provencher.pdf']) {
        const m = matchPdfToClient(name, index, { locale });
        expect(m.message).not.toMatch(/\d{9}|\d{3}[ -]\d{3}[ -]\d{3}/);
        expect(m.message.length).toBeGreaterThan(10);
      }
    }
    const fr = matchPdfToClient('130692544 - Marie-Ève Côté.pdf', index, { locale: 'fr' });
    expect(fr.message).toBe('Le nom « Marie-Ève Côté » dans le nom du fichier ne correspond pas au client qui a le numéro *** *** 544. Vérifiez que le fichier appartient bien à ce client.');
  });
});

describe('matchPdfToClient — naming patterns', () => {
  it.each([
    ['{sin} - {name}.pdf', '130 692 544 - Simon Provencher.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
    ['{sin} - {name}.pdf', '130692544-Simon Provencher.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
    ['{sin} - {name}.pdf', 'Simon Provencher - 130692544.pdf', { status: 'unmatched', reason: 'pattern_mismatch' }],
    ['{last}, {first}.pdf', 'Provencher, Léa.pdf', { status: 'matched', id: 'c3', by: 'name', nameChecked: true }],
    ['{last}, {first}.pdf', 'Roy, Jean.pdf', { status: 'ambiguous', reason: 'name_not_unique' }],
    ['{sin}_{last}_{first}_{year}_{doc}.pdf', '271845935_Côté_Marie-Ève_2025_T183.pdf', { status: 'matched', id: 'c2', by: 'sin', nameChecked: true }],
    ['{bn} {name}', '852147966 Entreprises Côté et Fils.pdf', { status: 'matched', id: 'c7', by: 'businessNumber', nameChecked: true }],
    ['{bn} {name}', '130692544 Simon Provencher.pdf', { status: 'unmatched', reason: 'unknown_key' }],
    ['<ID> - <N1> <N2>', '130692544 - SIMON PROVENCHER.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
    ['<NNNN><ID><SEQ>', 'PROV130692544001.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
    ['<NNNN><ID><SEQ>', 'COTE130692544001.pdf', { status: 'mismatch', reason: 'name_mismatch' }],
    ['<#> - <n1> <n2>', 'PROV01 - léa provencher.pdf', { status: 'matched', id: 'c3', by: 'clientNumber', nameChecked: true }],
    ['<#>', 'PROV01.pdf', { status: 'ambiguous', reason: 'client_number_shared' }],
    ['<#>', 'NOPE99.pdf', { status: 'unmatched', reason: 'unknown_client_number' }],
    ['<YYYY> <ID>', '2025 130692544.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: false }],
    ['<AAAA> <ID>', '2024 130692544.pdf', { status: 'mismatch', reason: 'year_mismatch' }],
    ['{sin} {sin}', '130692544 271845935.pdf', { status: 'ambiguous', reason: 'several_keys' }],
    ['{sin} - {name}.pdf', '000 000 000 - Simon Provencher.pdf', { status: 'mismatch', reason: 'placeholder_key' }],
    ['{sin} - {name}.pdf', '000 000 000 - Léa Provencher.pdf', { status: 'matched', id: 'c3', by: 'name', nameChecked: true }],
    ['<ID> <#> - <n1> <n2>', '000000000 PROV01 - simon provencher.pdf', { status: 'mismatch', reason: 'placeholder_key' }],
  ] as const)('%s ← %s', (pattern, fileName, expected) => {
    expect(outcome(matchPdfToClient(fileName, index, { pattern, year: 2025 }))).toEqual(expected);
  });

  it('reads facts from the name', () => {
    const m = matchPdfToClient('PROV130692544007.pdf', index, { pattern: '<NNNN><ID><SEQ>' });
    expect(m.status === 'matched' && m.facts).toEqual({ seq: '007' });
  });

  it('reads each file with the pattern string it is given, whatever string the previous file had', () => {
    // Patterns given as strings are compiled once and remembered: alternating two patterns, or an invalid one between
    // them, must never apply the previous file's pattern to this one.
    const bySinFirst = '{sin} - {name}.pdf';
    const byNameFirst = '{name} - {sin}.pdf';
    for (let pass = 0; pass < 3; pass++) {
      expect(outcome(matchPdfToClient('130 692 544 - Simon Provencher.pdf', index, { pattern: bySinFirst }))).toEqual({ status: 'matched', id: 'c1', by: 'sin', nameChecked: true });
      expect(outcome(matchPdfToClient('130 692 544 - Simon Provencher.pdf', index, { pattern: byNameFirst }))).toEqual({ status: 'unmatched', reason: 'pattern_mismatch' });
      expect(outcome(matchPdfToClient('Zoé Gagnon-Tremblay - 631478526.pdf', index, { pattern: byNameFirst }))).toEqual({ status: 'matched', id: 'c5', by: 'sin', nameChecked: true });
      expect(() => matchPdfToClient('Zoé Gagnon-Tremblay - 631478526.pdf', index, { pattern: '{sin} - {nom_complet}' })).toThrow(InvalidArgumentError);
      // A string equal to the last one but built anew (another identity) reads the same.
      const rebuilt = ['{name}', '{sin}.pdf'].join(' - ');
      expect(outcome(matchPdfToClient('Zoé Gagnon-Tremblay - 631478526.pdf', index, { pattern: rebuilt }))).toEqual({ status: 'matched', id: 'c5', by: 'sin', nameChecked: true });
    }
  });

  it('refuses unknown tokens and patterns that identify nobody', () => {
    expect(() => compileNamingPattern('{sin} - {nom_complet}')).toThrow(InvalidArgumentError);
    expect(() => compileNamingPattern('<YYYY>-<SEQ>.pdf')).toThrow(/identifies a client/);
  });
});

// Issue #12: a SIN written with separators the matcher did not read (double spaces, NBSP, ` - `, `_`, full-width
// digits) let the name beside it match another client. The number is read the way validateSin reads it, and any
// valid number that is not the named client's holds the file.
describe('a number written with any separator never lets a name reach another client', () => {
  const simonsSinWritten = [
    '130  692  544',
    '130\u00a0692\u00a0544',
    '130\u202f692\u202f544',
    '130 - 692 - 544',
    '130_692_544',
    '130.692.544',
    '130\t692\t544',
    '１３０６９２５４４',
    '1 3 0 6 9 2 5 4 4',
  ];

  it.each(simonsSinWritten)('%j - Marie-Ève Côté.pdf is held, not sent to Marie-Ève', (sin) => {
    const m = matchPdfToClient(`${sin} - Marie-Ève Côté.pdf`, index);
    expect(outcome(m)).toEqual({ status: 'mismatch', reason: 'name_mismatch' });
    if (m.status !== 'matched') {
      expect(m.candidates?.map((c) => c.id)).toEqual(['c1']);
      expect(m.message).toContain('*** *** 544');
      expect(m.message).not.toMatch(/130|692/);
    }
  });

  it.each(simonsSinWritten)('%j - Simon Provencher.pdf is matched to Simon by his SIN', (sin) => {
    expect(outcome(matchPdfToClient(`${sin} - Simon Provencher.pdf`, index))).toEqual({ status: 'matched', id: 'c1', by: 'sin', nameChecked: true });
  });

  it.each([
    ['{sin} - {name}.pdf', '130  692  544 - Marie-Ève Côté.pdf', { status: 'mismatch', reason: 'name_mismatch' }],
    ['{sin} - {name}.pdf', '130_692_544 - Simon Provencher.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
    ['{sin} - {name}.pdf', '130\u00a0692\u00a0544 - Simon Provencher.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
    // The pattern reads no number at all: the safety net still sees Simon's SIN beside Marie-Ève's name.
    ['{*} - {name}.pdf', '130.692.544 - Marie-Ève Côté.pdf', { status: 'mismatch', reason: 'name_mismatch' }],
    ['{*} - {name}.pdf', '2025 - Marie-Ève Côté.pdf', { status: 'matched', id: 'c2', by: 'name', nameChecked: true }],
    ['{*} - {name}.pdf', '271 845 935 - Marie-Ève Côté.pdf', { status: 'matched', id: 'c2', by: 'name', nameChecked: true }],
    // Found by client number and name, with another client's SIN in the name part.
    ['<#> {name}.pdf', 'PROV01 Simon Provencher 2718_45935.pdf', { status: 'mismatch', reason: 'name_mismatch' }],
    ['<#> {name}.pdf', 'PROV01 Simon Provencher 130_692_544.pdf', { status: 'matched', id: 'c1', by: 'clientNumber', nameChecked: true }],
    ['<NNNN><ID><SEQ>', 'PROV130692544001.pdf', { status: 'matched', id: 'c1', by: 'sin', nameChecked: true }],
  ] as const)('pattern %j on %j', (pattern, name, expected) => {
    expect(outcome(matchPdfToClient(name, index, { pattern }))).toEqual(expected);
  });

  it('property: a valid number written with any accepted separator beside a client\'s name never matches that client unless it is theirs', () => {
    const separators = [' ', '  ', '\u00a0', '\u202f', '\u2009', '\t', '.', '-', ' - ', '_', ''];
    const named = clients.flatMap((c) => (c.kind === 'individual' && c.sin !== undefined ? [{ id: c.id, sin: c.sin, name: `${c.firstName} ${c.lastName}` }] : []));
    fc.assert(
      fc.property(
        fc.constantFrom(...named),
        fc.constantFrom(...named),
        fc.array(fc.constantFrom(...separators), { minLength: 2, maxLength: 2 }),
        fc.constantFrom(undefined, '{*} - {name}.pdf', '{sin} - {name}.pdf'),
        (owner, other, [a, b], pattern) => {
          const sin = owner.sin;
          const file = `${sin.slice(0, 3)}${a ?? ''}${sin.slice(3, 6)}${b ?? ''}${sin.slice(6)} - ${other.name}.pdf`;
          const m = matchPdfToClient(file, index, pattern === undefined ? {} : { pattern });
          if (m.status === 'matched') expect(m.client.id).toBe(owner.id);
          // Never on the name: the number decides, and a name that is not its owner's holds the file.
          if (m.status === 'matched' && owner.id !== other.id) expect(m.by).toBe('sin');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('maskFileName', () => {
  it('masks every 9-digit number in a name', () => {
    expect(maskFileName('130 692 544 - Simon.pdf')).toBe('*** *** 544 - Simon.pdf');
    expect(maskFileName('PROV130692544001.pdf')).toBe('PROV*********001.pdf');
    expect(maskFileName('T183 2025.pdf')).toBe('T183 2025.pdf');
  });
});

// A match must never be to a client whose key is not in the name. Names are generated from other clients' keys and
// names, random digits and noise, so mixed-up files are common.
describe('property: never a client whose key is not in the file name', () => {
  const first = fc.constantFrom('Simon', 'Léa', 'Marie-Ève', 'Zoé', 'Jean', 'Seán', 'Émile');
  const last = fc.constantFrom('Provencher', 'Côté', 'Roy', 'O’Brien', 'Gagnon-Tremblay', 'Lévesque');
  const client = fc.record({ sin: fc.integer({ min: 1_000_000, max: 79_999_999 }).map((n) => withCheckDigit(String(n).padStart(8, '1'))), firstName: first, lastName: last });

  it('holds for random clients and random file names', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(client, { minLength: 1, maxLength: 12, selector: (c) => c.sin }),
        fc.array(fc.oneof(fc.nat(11).map((i) => ({ t: 'sin' as const, i })), fc.nat(11).map((i) => ({ t: 'name' as const, i })), fc.stringMatching(/^[0-9]{1,12}$/).map((d) => ({ t: 'digits' as const, d })), fc.constantFrom('T183', '2025', '-', '_', 'copie')), { maxLength: 5 }),
        (raw, parts) => {
          const list: ClientRecord[] = raw.map((c) => ({ kind: 'individual', ...c }));
          const name = parts
            .map((p) => {
              if (typeof p === 'string') return p;
              if (p.t === 'digits') return p.d;
              const c = raw[p.i % raw.length];
              if (c === undefined) return '';
              return p.t === 'sin' ? c.sin : `${c.firstName} ${c.lastName}`;
            })
            .join(' ');
          const m = matchPdfToClient(`${name}.pdf`, list);
          if (m.status !== 'matched') return;
          const digits = name.replace(/\D/g, '');
          if (m.by === 'sin') expect(digits).toContain(m.client.kind === 'individual' ? m.client.sin : '');
          if (m.by === 'name') {
            // A name-only match happens only when no number in the name could be a key of anyone.
            for (const c of list) if (c.kind === 'individual' && c.sin !== undefined) expect(digits.includes(c.sin)).toBe(false);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
