/**
 * Property tests of the DT Max CSV reader:
 * - round trip: any generated client list, written as DT Max writes it, parses back to the same records;
 * - differential: our tokenizer splits records and fields exactly as csv-parse does, however the text is chunked.
 */
import { parse as csvParse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDtmaxCsv, type ClientRecord, type ParseDtmaxCsvOptions } from '../../src/index.js';
import { CsvTokenizer } from '../../src/parsers/csv/tokenizer.js';
import { csvField, csvText, encodeText, fitsWindows1252, formatNine, inChunks, withCheckDigit, type Delimiter, type FileEncoding } from '../fixtures/csv.js';

// ---------------------------------------------------------------------------------------------------------------------
// Generators of realistic client lists

/** Name parts as firms type them: accents, apostrophes (’ and '), hyphens, œ, and a few that Windows-1252 lacks. */
const NAME_PARTS = [
  'Hélène', 'Émile', 'Ève', 'Zoë', 'Jean-François', 'Marie-Ève', 'Noémie', 'François', 'Léa', 'Côté', 'Bérubé', 'Lévesque',
  'D’Amours', "O'Brien", 'St-Pierre', 'Cœur', 'Œuvre', 'Müller', 'Ñúñez', 'Tremblay', 'Gagnon', 'Roy', 'fils', 'Jr.',
  '50 €', '—', 'Łukasz', 'Nguyễn', 'Dvořák', 'Şahin',
];
/** Characters a CSV writer must quote. */
const TRICKY = ['"', ',', ';', '\n', '\r\n', '"Junior"', ', ', '; '];

const namePart = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAME_PARTS) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'abcdeXYZ019 .\'"-,;'.split('')), minLength: 1, maxLength: 6 }) },
);

/** A name: parts joined by spaces or hyphens, maybe with spaces around; never blank. */
const nameArb = fc
  .tuple(fc.array(namePart, { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '-', ' ', ''), fc.constantFrom('', ' ', '  '))
  .map(([parts, sep, pad]) => `${pad}${parts.join(sep)}${pad}`)
  .filter((name) => /[\p{L}\d]/u.test(name));

/** What the parser makes of a name: trimmed, runs of whitespace (line breaks included) as one space. */
const tidyName = (name: string): string => name.trim().replace(/\s+/g, ' ');

const sinArb = fc
  .tuple(fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '9'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }))
  .map(([first, rest]) => withCheckDigit(first + rest.join('')));
const sinStyle = fc.constantFrom('spaces', 'dashes', 'bare') as fc.Arbitrary<'spaces' | 'dashes' | 'bare'>;

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
type DateStyle = 'iso' | 'ymd-slash' | 'fr-words' | 'en-words' | 'dmy' | 'mdy';
const pad2 = (n: number): string => String(n).padStart(2, '0');

const dateArb = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2024, 11, 31)), noInvalidDate: true })
  .map((d) => ({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() }));

function writeDate(date: { y: number; m: number; d: number }, style: DateStyle): string {
  switch (style) {
    case 'iso':
      return `${date.y}-${pad2(date.m)}-${pad2(date.d)}`;
    case 'ymd-slash':
      return `${date.y}/${pad2(date.m)}/${pad2(date.d)}`;
    case 'fr-words':
      return `${date.d === 1 ? '1er' : date.d} ${MONTHS_FR[date.m - 1] ?? ''} ${date.y}`;
    case 'en-words':
      return `${MONTHS_EN[date.m - 1] ?? ''} ${date.d}, ${date.y}`;
    case 'dmy':
      return `${pad2(date.d)}/${pad2(date.m)}/${date.y}`;
    case 'mdy':
      return `${pad2(date.m)}/${pad2(date.d)}/${date.y}`;
  }
}

const PHONE_FORMATS = [
  (a: string, b: string, c: string) => `(${a}) ${b}-${c}`,
  (a: string, b: string, c: string) => `${a}-${b}-${c}`,
  (a: string, b: string, c: string) => `${a}.${b}.${c}`,
  (a: string, b: string, c: string) => `1 ${a} ${b} ${c}`,
  (a: string, b: string, c: string) => `+1 ${a} ${b} ${c}`,
];
const nxx = fc.tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 99 })).map(([n, xx]) => `${n}${pad2(xx)}`);
const phoneArb = fc
  .tuple(nxx, nxx, fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: PHONE_FORMATS.length - 1 }))
  .map(([a, b, c, f]) => {
    const last = String(c).padStart(4, '0');
    return { written: PHONE_FORMATS[f]?.(a, b, last) ?? '', value: `+1${a}${b}${last}` };
  });

const emailArb = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,10}[a-z0-9])?$/),
    fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/),
    fc.constantFrom('ca', 'com', 'qc.ca', 'org'),
    fc.boolean(),
  )
  .filter(([local]) => !local.includes('..'))
  .map(([local, domain, tld, shout]) => {
    const written = `${local}@${domain}.${tld}`;
    return { written: shout ? `${local}@${domain.toUpperCase()}.${tld.toUpperCase()}` : written, value: written };
  });

const FIRST_LETTERS = 'ABCEGHJKLMNPRSTVXY';
const OTHER_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';
const postalArb = fc
  .tuple(
    fc.constantFrom(...FIRST_LETTERS.split('')),
    fc.integer({ min: 0, max: 9 }),
    fc.constantFrom(...OTHER_LETTERS.split('')),
    fc.integer({ min: 0, max: 9 }),
    fc.constantFrom(...OTHER_LETTERS.split('')),
    fc.integer({ min: 0, max: 9 }),
    fc.constantFrom('upper', 'lower', 'nospace', 'dash'),
  )
  .map(([a, b, c, d, e, f, style]) => {
    const value = `${a}${b}${c} ${d}${e}${f}`;
    const written = style === 'lower' ? value.toLowerCase() : style === 'nospace' ? value.replace(' ', '') : style === 'dash' ? value.replace(' ', '-') : value;
    return { written, value };
  });

/** Province spellings, written here independently of the code under test. */
const PROVINCES: readonly (readonly [string, string])[] = [
  ['QC', 'QC'], ['Québec', 'QC'], ['Qc', 'QC'], ['PQ', 'QC'], ['ON', 'ON'], ['Ontario', 'ON'], ['C.-B.', 'BC'], ['Colombie-Britannique', 'BC'],
  ['British Columbia', 'BC'], ['Île-du-Prince-Édouard', 'PE'], ['T.-N.-L.', 'NL'], ['Nouveau-Brunswick', 'NB'], ['Nova Scotia', 'NS'],
  ['Manitoba', 'MB'], ['SK', 'SK'], ['Alberta', 'AB'], ['Yukon', 'YT'], ['Nunavut', 'NU'], ['T.N.-O.', 'NT'],
];
const LANGUAGES: readonly (readonly [string, 'fr' | 'en'])[] = [
  ['F', 'fr'], ['Français', 'fr'], ['French', 'fr'], ['fr', 'fr'], ['A', 'en'], ['Anglais', 'en'], ['E', 'en'], ['English', 'en'],
];

interface GeneratedClient {
  readonly sin?: { readonly digits: string; readonly style: 'spaces' | 'dashes' | 'bare' };
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate?: { y: number; m: number; d: number };
  readonly email?: { written: string; value: string };
  readonly phone?: { written: string; value: string };
  readonly postal?: { written: string; value: string };
  readonly province?: readonly [string, string];
  readonly language?: readonly [string, 'fr' | 'en'];
  readonly clientFile?: string;
}

const clientArb: fc.Arbitrary<GeneratedClient> = fc.record(
  {
    sin: fc.record({ digits: sinArb, style: sinStyle }),
    firstName: nameArb,
    lastName: nameArb,
    birthDate: dateArb,
    email: emailArb,
    phone: phoneArb,
    postal: postalArb,
    province: fc.constantFrom(...PROVINCES),
    language: fc.constantFrom(...LANGUAGES),
    clientFile: nameArb,
  },
  { requiredKeys: ['firstName', 'lastName'] },
);

type Column = 'sin' | 'firstName' | 'lastName' | 'birthDate' | 'email' | 'phone' | 'postal' | 'province' | 'language' | 'clientFile';
const HEADERS: Record<Column, { fr: string; en: string }> = {
  sin: { fr: 'NAS', en: 'SIN' },
  firstName: { fr: 'Prénom', en: 'First name' },
  lastName: { fr: 'Nom', en: 'Last name' },
  birthDate: { fr: 'Date de naissance', en: 'Date of birth' },
  email: { fr: 'Courriel', en: 'Email' },
  phone: { fr: 'Téléphone', en: 'Phone' },
  postal: { fr: 'Code postal', en: 'Postal code' },
  province: { fr: 'Province', en: 'Province' },
  language: { fr: 'Langue', en: 'Language' },
  clientFile: { fr: 'Dossier', en: 'Family' },
};
const OPTIONAL: readonly Column[] = ['birthDate', 'email', 'phone', 'postal', 'province', 'language', 'clientFile'];

const fileArb = fc.record({
  // Clients with distinct SINs: a SIN twice is a duplicate warning, tested elsewhere.
  clients: fc.uniqueArray(clientArb, { minLength: 1, maxLength: 12, selector: (c) => c.sin?.digits ?? '' }),
  columns: fc.shuffledSubarray([...OPTIONAL]),
  order: fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
  headerLanguage: fc.constantFrom('fr', 'en') as fc.Arbitrary<'fr' | 'en'>,
  delimiter: fc.constantFrom(',', ';') as fc.Arbitrary<Delimiter>,
  quoteAll: fc.boolean(),
  dateStyle: fc.constantFrom('iso', 'ymd-slash', 'fr-words', 'en-words', 'dmy', 'mdy') as fc.Arbitrary<DateStyle>,
  bom: fc.boolean(),
  dependants: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
});

/** Line breaks (CRLF, LF or a lone CR) in a text. */
const lineBreaks = (text: string): number => text.match(/\r\n|\n|\r/g)?.length ?? 0;

describe('round trip: a client list written as DT Max writes it parses back to the same records', () => {
  it('holds for any generated list, delimiter, header language, quoting and encoding', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, async (file) => {
        // Column order: SIN, names, then the chosen optional columns, shuffled by `order`.
        const columns: Column[] = ['sin', 'firstName', 'lastName', ...file.columns];
        columns.sort((a, b) => (file.order[columns.indexOf(a)] ?? 0) - (file.order[columns.indexOf(b)] ?? 0) || columns.indexOf(a) - columns.indexOf(b));
        const hasFile = columns.includes('clientFile');

        const header = columns.map((c) => HEADERS[c][file.headerLanguage]);
        const rows: string[][] = [];
        const expected: ClientRecord[] = [];
        let line = 2;
        file.clients.forEach((client, index) => {
          const dependant = hasFile && client.clientFile !== undefined && file.dependants[index] === true;
          const cell = (column: Column): string => {
            switch (column) {
              case 'sin':
                if (dependant) return index % 2 === 0 ? '000 000 000' : '';
                return client.sin === undefined ? '' : formatNine(client.sin.digits, client.sin.style);
              case 'firstName':
                return client.firstName;
              case 'lastName':
                return client.lastName;
              case 'birthDate':
                return client.birthDate === undefined ? '' : writeDate(client.birthDate, file.dateStyle);
              case 'email':
                return client.email?.written ?? '';
              case 'phone':
                return client.phone?.written ?? '';
              case 'postal':
                return client.postal?.written ?? '';
              case 'province':
                return client.province?.[0] ?? '';
              case 'language':
                return client.language?.[0] ?? '';
              case 'clientFile':
                return client.clientFile ?? '';
            }
          };
          const cells = columns.map(cell);
          const sin = dependant ? undefined : client.sin?.digits;
          // Without a SIN, only a dependant (name + client file) is a record; the generator gives SINs otherwise.
          if (sin === undefined && !(hasFile && client.clientFile !== undefined)) return;
          rows.push(cells);
          const has = (c: Column): boolean => columns.includes(c);
          const b = client.birthDate;
          const address = {
            ...(has('province') && client.province ? { province: client.province[1] } : {}),
            ...(has('postal') && client.postal ? { postalCode: client.postal.value } : {}),
          };
          expected.push({
            kind: 'individual',
            ...(sin === undefined ? {} : { sin }),
            firstName: tidyName(client.firstName),
            lastName: tidyName(client.lastName),
            ...(has('birthDate') && b ? { birthDate: `${b.y}-${pad2(b.m)}-${pad2(b.d)}` } : {}),
            ...(has('email') && client.email ? { email: client.email.value } : {}),
            ...(has('phone') && client.phone ? { phone: client.phone.value } : {}),
            ...(has('language') && client.language ? { language: client.language[1] } : {}),
            ...(Object.keys(address).length > 0 ? { address } : {}),
            ...(has('clientFile') && client.clientFile !== undefined ? { clientFile: tidyName(client.clientFile) } : {}),
            source: { row: line },
          } as ClientRecord);
          line += 1 + lineBreaks(cells.map((c) => csvField(c, file.delimiter, file.quoteAll)).join(file.delimiter));
        });
        if (rows.length === 0) return;

        const text = csvText([header, ...rows], { delimiter: file.delimiter, quoteAll: file.quoteAll });
        const cp1252 = fitsWindows1252(text);
        const encoding: FileEncoding = cp1252 && !file.bom ? 'windows-1252' : file.bom ? 'utf-8-bom' : 'utf-8';
        const bytes = encodeText(text, encoding);
        const ascii = bytes.every((byte) => byte < 0x80);
        const options: ParseDtmaxCsvOptions =
          file.dateStyle === 'dmy' || file.dateStyle === 'mdy' ? { dateOrder: file.dateStyle } : {};

        const result = await parseDtmaxCsv(bytes, options);
        expect(result.issues).toEqual([]);
        expect(result.records).toEqual(expected);
        expect(result.meta.delimiter).toBe(file.delimiter);
        expect(result.meta.encoding).toBe(encoding === 'utf-8-bom' ? 'utf-8-bom' : ascii ? 'utf-8' : encoding);
        expect(result.meta.counts).toMatchObject({ rows: rows.length, records: rows.length, errors: 0, warnings: 0 });

        // The same bytes in odd chunks give the same result.
        expect(await parseDtmaxCsv(inChunks(bytes, [1, 5, 2, 13]), options)).toEqual(result);
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Differential: our tokenizer against csv-parse

const FIELD_UNITS = ['a', 'b', 'é', '€', ' ', '"', ',', ';', '\t', '\n', '\r\n', '\r', 'x'];

/** A well-formed CSV file: fields quoted when they need it (or all of them), one line-break style, maybe blank lines. */
const csvFileArb = fc
  .record({
    rows: fc.array(fc.array(fc.string({ unit: fc.constantFrom(...FIELD_UNITS), maxLength: 6 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
    delimiter: fc.constantFrom(',', ';', '\t') as fc.Arbitrary<Delimiter>,
    eol: fc.constantFrom('\n', '\r\n', '\r') as fc.Arbitrary<'\n' | '\r\n' | '\r'>,
    quoteAll: fc.boolean(),
    finalEol: fc.boolean(),
    // Leave fields with a quote in the middle unquoted (relax_quotes territory), when they hold nothing else to quote.
    strayQuotes: fc.boolean(),
    chunks: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
  })
  .map((f) => {
    const write = (field: string): string => {
      const plain = !field.includes(f.delimiter) && !/[\r\n]/.test(field) && !field.startsWith('"');
      if (f.strayQuotes && !f.quoteAll && plain && field.includes('"')) return field;
      return csvField(field, f.delimiter, f.quoteAll);
    };
    const text = f.rows.map((r) => r.map(write).join(f.delimiter)).join(f.eol) + (f.finalEol ? f.eol : '');
    return { ...f, text };
  });

function tokenize(text: string, delimiter: string, chunks: readonly number[]): { records: string[][]; lines: number[] } {
  const tokenizer = new CsvTokenizer(delimiter);
  const records: string[][] = [];
  const lines: number[] = [];
  const sink = (fields: string[], line: number): void => {
    records.push(fields);
    lines.push(line);
  };
  let offset = 0;
  for (let k = 0; offset < text.length; k++) {
    const size = chunks[k % chunks.length] ?? 1;
    tokenizer.push(text.slice(offset, offset + size), sink);
    offset += size;
  }
  const end = tokenizer.end(sink);
  expect(end.unclosedQuoteLine).toBeUndefined();
  return { records, lines };
}

describe('differential: CsvTokenizer splits like csv-parse', () => {
  it('gives the same records and fields for well-formed text, however it is chunked', () => {
    fc.assert(
      fc.property(csvFileArb, (file) => {
        const reference = csvParse(file.text, {
          delimiter: file.delimiter,
          relax_quotes: true,
          relax_column_count: true,
          skip_empty_lines: false,
        }) as string[][];
        const ours = tokenize(file.text, file.delimiter, file.chunks);
        expect(ours.records).toEqual(reference);
        // And both are the rows written (the last row is lost only when it was a single empty field with no line end).
        const last = file.rows.at(-1);
        const lostLast = !file.finalEol && !file.quoteAll && last?.length === 1 && last[0] === '';
        const written = lostLast ? file.rows.slice(0, -1) : file.rows;
        expect(ours.records).toEqual(written);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives each record the line a text editor shows it on', () => {
    fc.assert(
      fc.property(csvFileArb, (file) => {
        const ours = tokenize(file.text, file.delimiter, file.chunks);
        // Where each written row starts: 1 + the line breaks before it.
        let line = 1;
        const expected: number[] = [];
        for (const row of file.rows.slice(0, ours.records.length)) {
          expected.push(line);
          line += 1 + row.reduce((n, field) => n + lineBreaks(field), 0);
        }
        expect(ours.lines).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees on the classic cases', () => {
    const cases = [
      'a,b\r\n"c,d",e\r\n',
      'a,"b ""quoted"" here",c\n',
      '"multi\r\nline",x\r\ny,z',
      '\n\na,b\n\n',
      'a;b"c;d\n',
      '"",""\n""\n',
      'x\ry\r"z\r\nw"\r',
    ];
    for (const text of cases) {
      const delimiter = text.includes(';') ? ';' : ',';
      const reference = csvParse(text, { delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
      expect(tokenize(text, delimiter, [1]).records).toEqual(reference);
      expect(tokenize(text, delimiter, [text.length]).records).toEqual(reference);
    }
  });
});
