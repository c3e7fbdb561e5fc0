/**
 * Differential test of the client index and `matchPdfToClient` against the implementation they replaced (frozen in
 * test/oracle/): on a generated practice — accents, homonyms, spouses sharing a client number, corporations with and
 * without suffixes, duplicate and missing SINs, BNs starting with 8 — and tens of thousands of file names written
 * every way firms write them (and mangled: other people's names, bad check digits, two numbers, placeholders), every
 * answer must be the same: status, reason, message in both languages, candidates in the same order, facts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNamingPattern, createClientIndex, matchPdfToClient, type ClientRecord, type MatchPdfToClientOptions, type PdfMatch } from '../../src/index.js';
import { createClientIndex as oracleIndex } from '../oracle/client-index.js';
import { matchPdfToClient as oracleMatch } from '../oracle/match.js';
import { profileOf as oracleProfile } from '../oracle/names.js';
import { foldLetters as oracleFoldLetters, foldName as oracleFoldName, foldWords as oracleFoldWords } from '../oracle/fold.js';
import { foldLetters, foldName, foldWords } from '../../src/model/fold.js';
import { withCheckDigit } from '../fixtures/csv.js';
import { random } from '../fixtures/random.js';

type Stored = ClientRecord & { id: string };


const FIRST = ['Émilie', 'Marie-Ève', 'Marie', 'Ève', 'Jean', 'Jean-Sébastien', 'Seán', 'Zoé', 'Chloé', 'François', 'Léa', 'Benoît', 'Gaëtan', 'Noémie', 'Søren', 'Anne Marie', 'D’Arcy'];
const LAST = ['Côté', 'Cote', 'O’Brien', "O'Neil", 'Gagnon-Tremblay', 'Gagnon', 'Tremblay', 'Lœuillet', 'Roy', 'Provencher', 'Lévesque', 'De La Fontaine', 'St-Pierre', 'Bélanger', 'Ng', 'Lê', 'Paré', 'Du', 'Li'];
const SYLLABLES = ['ber', 'gé', 'ron', 'tré', 'pa', 'quin', 'lan', 'dry', 'bou', 'chard', 'ga', 'gnon', 'mo', 'rin', 'va', 'lée', 'œu', 'ç'];
const CORP = ['Les Entreprises Côté et Fils ltée', 'Gestion Tremblay inc.', 'Boulangerie Paré Inc', '9123-4567 Québec inc.', 'Roy & Associés S.E.N.C.R.L.', 'The Maple Company Ltd', 'Construction Lévesque', 'Les Placements du Nord'];

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

/** Eight random digits whose first is `first` (0–9), completed to a valid nine-digit number. */
const valid = (rnd: () => number, first: number): string => withCheckDigit(`${first}${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`);

/** A practice of `n` clients: families, homonyms, duplicates, corporations. */
export function practice(seed: number, n: number): Stored[] {
  const rnd = random(seed);
  const list: Stored[] = [];
  for (let i = 0; list.length < n; i++) {
    const r = rnd();
    const clientNumber = rnd() < 0.8 ? `C${Math.floor(rnd() * n)}` : undefined;
    if (r < 0.18) {
      const name = pick(rnd, CORP);
      const bn = rnd() < 0.9 ? valid(rnd, rnd() < 0.5 ? 8 : 1 + Math.floor(rnd() * 7)) : undefined;
      list.push({ id: `k${i}`, kind: 'corporation', name, ...(bn === undefined ? {} : { businessNumber: bn }), ...(clientNumber === undefined ? {} : { clientNumber }) });
      continue;
    }
    // Common surnames shared by many, and made-up ones that few or nobody share (so a name alone can match).
    const last = rnd() < 0.6 ? pick(rnd, LAST) : `${pick(rnd, SYLLABLES)}${pick(rnd, SYLLABLES)}${pick(rnd, SYLLABLES)}`.replace(/^./, (ch) => ch.toUpperCase());
    const sinRoll = rnd();
    // Mostly valid SINs; some temporary residents (9), some none (dependants), a few stored with 0 or 8.
    const sin = sinRoll < 0.1 ? undefined : sinRoll < 0.15 ? valid(rnd, 9) : sinRoll < 0.17 ? valid(rnd, rnd() < 0.5 ? 0 : 8) : valid(rnd, 1 + Math.floor(rnd() * 7));
    const person: Stored = {
      id: `p${i}`,
      kind: 'individual',
      firstName: pick(rnd, FIRST),
      lastName: rnd() < 0.1 ? last.toUpperCase() : last,
      ...(sin === undefined ? {} : { sin }),
      ...(clientNumber === undefined ? {} : { clientNumber }),
      clientFile: `F${i}`,
    };
    list.push(person);
    // A spouse or a dependant in the same file, under the same client number; sometimes the very same SIN (bad data).
    if (rnd() < 0.3) {
      const spouseSin = rnd() < 0.05 ? sin : rnd() < 0.8 ? valid(rnd, 1 + Math.floor(rnd() * 7)) : undefined;
      list.push({
        id: `s${i}`,
        kind: 'individual',
        firstName: pick(rnd, FIRST),
        lastName: rnd() < 0.5 ? last : pick(rnd, LAST),
        ...(spouseSin === undefined ? {} : { sin: spouseSin }),
        ...(clientNumber === undefined ? {} : { clientNumber }),
        clientFile: `F${i}`,
      });
    }
  }
  return list;
}

const spaced = (d: string, sep: string): string => `${d.slice(0, 3)}${sep}${d.slice(3, 6)}${sep}${d.slice(6)}`;
const fold4 = (s: string): string => s.normalize('NFD').replace(/[^A-Za-z]/g, '').slice(0, 4).toUpperCase();
const fullWidth = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const badCheck = (d: string): string => `${d.slice(0, 8)}${(Number(d[8]) + 1) % 10}`;

/** File names for the practice: each client's number and name written many ways, and mangled. */
export function fileNames(seed: number, clients: readonly Stored[], count: number): string[] {
  const rnd = random(seed);
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    const c = pick(rnd, clients);
    const o = pick(rnd, clients);
    const num = c.kind === 'individual' ? c.sin : c.businessNumber;
    const other = o.kind === 'individual' ? o.sin : o.businessNumber;
    const d = num ?? valid(rnd, 1 + Math.floor(rnd() * 7));
    const name = c.kind === 'individual' ? (rnd() < 0.5 ? `${c.firstName} ${c.lastName}` : `${c.lastName}, ${c.firstName}`) : c.name;
    const oname = o.kind === 'individual' ? `${o.firstName} ${o.lastName}` : o.name;
    const last = c.kind === 'individual' ? c.lastName : c.name;
    const seq = String(Math.floor(rnd() * 1000)).padStart(3, '0');
    switch (Math.floor(rnd() * 24)) {
      case 0: names.push(`${spaced(d, ' ')} - ${name}.pdf`); break;
      case 1: names.push(`${fold4(last)}${d}${seq}.pdf`); break;
      case 2: names.push(`T183 2025 - ${d}.pdf`); break;
      case 3: names.push(`${name}.pdf`); break;
      case 4: names.push(`${d} - ${oname}.pdf`); break; // another person's name
      case 5: names.push(`${spaced(badCheck(d), '-')} ${name}.pdf`); break;
      case 6: names.push(`${d} ${other ?? '000000000'} ${last}.pdf`); break;
      case 7: names.push(`000 000 000 - ${name}.pdf`); break;
      case 8: names.push(`${spaced(d, '_')}_${last.toUpperCase()}_${c.kind === 'individual' ? c.firstName : ''}.PDF`); break;
      case 9: names.push(`${d}RC0001 - ${name} inc.pdf`); break;
      case 10: names.push(`dossiers/2025\\${fullWidth(spaced(d, '\u00a0'))} ${name}.pdf`); break;
      case 11: names.push(`${c.kind === 'individual' ? c.firstName : ''} ${other === undefined ? '' : spaced(other, '.')} ${last}.pdf`); break;
      case 12: names.push(`${name.toUpperCase()} T183.pdf`); break;
      case 13: names.push(`2025 - ${spaced(d, ' ')} - ${last}.pdf`); break;
      case 14: names.push(`${fold4(last)}${d}${seq}${Math.floor(rnd() * 10)}.pdf`); break;
      case 15: names.push(`${last}.pdf`); break;
      case 16: names.push(`${c.kind === 'individual' ? c.firstName : last}.pdf`); break;
      case 17: names.push(`${d.slice(0, 8)} - ${name}.pdf`); break;
      case 18: names.push(`046 454 286 - ${name}.pdf`); break;
      case 19: names.push(`${fold4(oname)}${d}${seq}.pdf`); break;
      case 20: names.push(`${name.normalize('NFD')} ${d}.pdf`); break;
      case 21: names.push(`${c.clientNumber ?? 'X'} ${last} ${c.kind === 'individual' ? c.firstName : ''}.pdf`); break;
      case 22: names.push(`${d}${other ?? ''}.pdf`); break;
      default: names.push(`${spaced(d, ' ')} - ${last} ${pick(rnd, FIRST)} ${rnd() < 0.3 ? 'Jr' : ''}.pdf`); break;
    }
  }
  return names;
}

/** Everything an answer says, with clients shown by id so that two runs compare with `toEqual`. */
const answer = (m: PdfMatch<Stored>): unknown =>
  m.status === 'matched'
    ? { status: m.status, id: m.client.id, by: m.by, nameChecked: m.nameChecked, facts: m.facts, message: m.message }
    : { status: m.status, reason: m.reason, message: m.message, params: m.params, candidates: m.candidates?.map((c) => c.id) };

const PATTERNS = ['{sin} - {name}.pdf', '<NNNN><ID><SEQ>', '<#> <N2> <N1>', '{year} - {sin} - {last}', '<ID>_<YYYY>', '{bn} {name}', '{name}.pdf', '{*}{id}{*}'];
const OPTIONS: readonly MatchPdfToClientOptions[] = [
  {},
  { locale: 'fr' },
  { kind: 'corporation' },
  { kind: 'individual', year: 2025 },
  ...PATTERNS.flatMap((pattern) => [{ pattern }, { pattern, year: 2025, locale: 'fr' as const }]),
];

describe('folding gives the same words as before (differential)', () => {
  it('on every character of Latin-1 and Latin Extended, alone and in names, and on arbitrary text', () => {
    const chars = Array.from({ length: 0x300 }, (_, i) => String.fromCharCode(i));
    for (const c of [...chars, ...FIRST, ...LAST, ...CORP, 'İstanbul', 'ǅemal', 'Ǆ', 'ẞ', 'Ⅻ', 'ﬁlion', 'Æsir-Strauß Đorđe', 'e\u0301le\u0300ve', '😀 Zoé']) {
      expect([foldLetters(c), foldName(c), foldWords(c)]).toEqual([oracleFoldLetters(c), oracleFoldName(c), oracleFoldWords(c)]);
    }
    const unit = fc.oneof(fc.integer({ min: 0, max: 0x2ff }).map((n) => String.fromCharCode(n)), fc.constantFrom('e\u0301', 'İ', 'ß', 'œ', ' ', '-', '’'), fc.string({ maxLength: 2, unit: 'binary' }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        expect([foldLetters(text), foldName(text), foldWords(text)]).toEqual([oracleFoldLetters(text), oracleFoldName(text), oracleFoldWords(text)]);
      }),
      { numRuns: 20_000, seed: 1313 },
    );
  });
});

describe('the client index and matchPdfToClient give the same answers as before (differential)', () => {
  const clients = practice(13, 4_000);
  const names = fileNames(7, clients, 4_000);
  const index = createClientIndex(clients);
  const before = oracleIndex(clients);

  it('generates a corpus that reaches every outcome (a corpus of easy cases would prove nothing)', () => {
    const reasons = new Set<string>();
    for (const options of OPTIONS) {
      for (const name of names) {
        const m = oracleMatch(name, before, options);
        reasons.add(m.status === 'matched' ? `matched:${m.by}` : m.reason);
      }
    }
    for (const expected of ['matched:sin', 'matched:businessNumber', 'matched:name', 'matched:clientNumber', 'no_key', 'pattern_mismatch', 'invalid_key', 'unknown_key', 'several_keys',
      'duplicate_client_key', 'name_mismatch', 'name_not_unique', 'name_unknown', 'unknown_client_number', 'client_number_shared', 'wrong_client_kind', 'placeholder_key']) {
      expect(reasons).toContain(expected);
    }
  });

  it.each(OPTIONS.map((o) => [JSON.stringify(o), o] as const))('same answer for every file name with options %s', (_, options) => {
    const compiled = options.pattern === undefined ? options : { ...options, pattern: compileNamingPattern(options.pattern as string) };
    for (const name of names) {
      const expected = answer(oracleMatch(name, before, compiled));
      expect({ name, got: answer(matchPdfToClient(name, index, options)) }).toEqual({ name, got: expected });
      expect({ name, got: answer(matchPdfToClient(name, index, compiled)) }).toEqual({ name, got: expected });
    }
  });

  it('same answer when given an array instead of an index', () => {
    const few = clients.slice(0, 300);
    for (const name of names.slice(0, 150)) {
      expect(answer(matchPdfToClient(name, few))).toEqual(answer(oracleMatch(name, few)));
    }
  });

  it('the index answers its lookups as before', () => {
    const words = new Set<string>();
    for (const c of clients) {
      expect(index.bySin(c.kind === 'individual' ? (c.sin ?? '') : '')).toEqual(before.bySin(c.kind === 'individual' ? (c.sin ?? '') : ''));
      expect(index.byBusinessNumber(c.kind === 'corporation' ? (c.businessNumber ?? '') : '')).toEqual(before.byBusinessNumber(c.kind === 'corporation' ? (c.businessNumber ?? '') : ''));
      expect(index.byClientNumber(` ${(c.clientNumber ?? 'none').toUpperCase()}`)).toEqual(before.byClientNumber(` ${(c.clientNumber ?? 'none').toUpperCase()}`));
      const profile = oracleProfile(c.kind === 'individual' ? c : { name: c.name });
      expect(index.profile(c)).toEqual(profile);
      expect(index.byExactName(profile.words)).toEqual(before.byExactName(profile.words));
      for (const w of [...profile.surnameWords, ...profile.surnameForms]) words.add(w);
    }
    expect(words.size).toBeGreaterThan(20);
    for (const w of [...words, 'zzz', '']) expect(index.bySurnameWord(w)).toEqual(before.bySurnameWord(w));
    expect(index.size).toBe(before.size);
  });

  it('same answer for arbitrary file names (fast-check)', () => {
    const small = clients.slice(0, 500);
    const smallIndex = createClientIndex(small);
    const smallBefore = oracleIndex(small);
    const sins = small.flatMap((c) => (c.kind === 'individual' && c.sin !== undefined ? [c.sin] : c.kind === 'corporation' && c.businessNumber !== undefined ? [c.businessNumber] : []));
    const word = fc.constantFrom(...FIRST, ...LAST, 'inc', 'ltée', 'T183', '2025', 'RC0001', '-', '_', ',', '000 000 000', 'é', 'Œ', '\u0301');
    const part = fc.oneof(word, fc.constantFrom(...sins), fc.constantFrom(...sins).map((s) => spaced(s, ' ')), fc.string({ maxLength: 6 }), fc.stringMatching(/^[0-9 _.-]{1,14}$/));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.constantFrom(undefined, ...PATTERNS), fc.constantFrom<MatchPdfToClientOptions['kind']>(undefined, 'individual', 'corporation'), (parts, pattern, kind) => {
        const name = `${parts.join(' ')}.pdf`;
        const options: MatchPdfToClientOptions = { ...(pattern === undefined ? {} : { pattern }), ...(kind === undefined ? {} : { kind }) };
        expect(answer(matchPdfToClient(name, smallIndex, options))).toEqual(answer(oracleMatch(name, smallBefore, options)));
      }),
      { numRuns: 3_000, seed: 1313 },
    );
  });
});
