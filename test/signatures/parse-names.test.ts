/**
 * While taxsync parses a PDF, names are read by parse-names.ts rather than by pdf-lib's own parseName, and objects
 * follow each other without a promise each (parse-objects.ts): the parsed
 * document must be the very same — every object, every name the same PDFName instance — on a twenty-page bundle, on
 * objects packed in object streams, and on names pdf-lib's reader is left to: `#xx` escapes, bytes above 0x7F, long
 * names, a name at the very end of a stream. White space, comments and numbers (parse-syntax.ts) likewise: the same
 * objects, errors and stream positions as pdf-lib's own methods. Outside taxsync's loads, pdf-lib's own methods are in
 * place.
 */
import fc from 'fast-check';
import { ParseSpeeds, PDFContext, PDFDict, PDFDocument, PDFInvalidObject, PDFName, PDFObjectParser, PDFParser, PDFRef, type PDFObject } from '@cantoo/pdf-lib';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { parsePdf } from '../../src/signatures/pdf/pdf-lib.js';
import { fastObjectsInstalled, installFastObjects, uninstallFastObjects } from '../../src/signatures/pdf/parse-objects.js';
import { installFastSyntax, uninstallFastSyntax } from '../../src/signatures/pdf/parse-syntax.js';
import { buildPdf, t183, type PageSpec } from '../fixtures/forms.js';
import { handmadePdf } from '../hostile/craft.js';

/** Every indirect object as text, by reference, in object-number order. */
function objects(doc: PDFDocument): string[] {
  return doc.context
    .enumerateIndirectObjects()
    .sort(([a], [b]) => a.objectNumber - b.objectNumber)
    .map(([ref, object]) => `${ref.toString()} ${object.toString()}`);
}

/** The names in a dictionary, recursively through nested dictionaries. */
function namesIn(object: PDFObject | undefined, out: PDFName[] = []): PDFName[] {
  if (object instanceof PDFName) out.push(object);
  if (object instanceof PDFDict) for (const [key, value] of object.entries()) namesIn(value, namesIn(key, out));
  return out;
}

async function samePdf(bytes: Uint8Array): Promise<void> {
  const plain = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  const ours = await parsePdf(bytes);
  expect(objects(ours)).toEqual(objects(plain));
  // The same instances, not only equal text: pdf-lib compares names by identity.
  for (const [ref, object] of ours.context.enumerateIndirectObjects()) {
    const other = plain.context.lookup(ref);
    const [a, b] = [namesIn(object), namesIn(other)];
    expect(a.length).toBe(b.length);
    a.forEach((name, i) => expect(name).toBe(b[i]));
  }
}

describe('names read while taxsync parses give the document pdf-lib parses', () => {
  it('on a twenty-page bundle (a font resource per text run)', async () => {
    const pages: PageSpec[] = Array.from({ length: 20 }, (_, k) => (k === 6 ? { kind: 'T183', language: 'fr' } : { kind: 'T1', step: k + 1 }));
    await samePdf((await buildPdf(pages)).bytes);
  });

  it('on objects packed in object streams', async () => {
    await samePdf(await (await PDFDocument.load((await t183()).bytes)).save({ useObjectStreams: true }));
  });

  it('on escaped, accented, long and last names', async () => {
    const long = `F${'x'.repeat(200)}`;
    const pdf = handmadePdf([`/Type /Font /Subtype /Type1 /BaseFont /Helvetica /N#41me /A#20B /Caf\xe9 /${long} /Empty / /Tail /Last`]);
    await samePdf(pdf);
    const doc = await parsePdf(pdf);
    const font = doc.context.enumerateIndirectObjects().find(([, o]) => o instanceof PDFDict && o.has(PDFName.of('Subtype')))?.[1] as PDFDict;
    expect(font.get(PDFName.of('NAme'))).toBe(PDFName.of('A B'));
    expect(font.get(PDFName.of('Caf\xe9'))).toBe(PDFName.of(long));
  });

  it('leaves pdf-lib’s own parseName and PDFName.of in place outside taxsync’s loads', async () => {
    const proto = PDFObjectParser.prototype as unknown as { parseName: unknown };
    const before = proto.parseName;
    const of = PDFName.of;
    await parsePdf((await t183()).bytes);
    expect(proto.parseName).toBe(before);
    expect(PDFName.of).toBe(of);
  });

  it('gives, during a load, the PDFName instance pdf-lib’s own PDFName.of gives, escaped text included', async () => {
    const texts = ['Type', 'Catalog', 'N#41me', 'A#20B', 'Caf\xe9', '', `F${'y'.repeat(300)}`, 'Type'];
    const plain = texts.map((text) => PDFName.of(text));
    const of = PDFName.of;
    // A load is under way while its parse runs: ask for the names from inside it, through the installed method.
    const pending = parsePdf((await t183()).bytes);
    expect(PDFName.of).not.toBe(of);
    const during = texts.map((text) => PDFName.of(text));
    // Asked twice: remembered, still the same instance.
    const again = texts.map((text) => PDFName.of(text));
    await pending;
    during.forEach((name, i) => expect(name).toBe(plain[i]));
    again.forEach((name, i) => expect(name).toBe(plain[i]));
    expect(PDFName.of('N#41me')).toBe(PDFName.of('NAme'));
  });
});

describe('white space, comments and numbers read while taxsync parses', () => {
  /** Parses one object from `text` with the parser's methods as they stand: its text, or the error, and where it stopped. */
  function parseOne(text: string): string {
    const context = PDFContext.create();
    const parser = PDFObjectParser.forBytes(new Uint8Array(Buffer.from(text, 'latin1')), context);
    const stream = (parser as unknown as { bytes: { line: number; column: number; idx: number } }).bytes;
    let out: string;
    try {
      out = parser.parseObject().toString();
    } catch (error) {
      out = `error ${(error as Error).message}`;
    }
    return `${out} @${stream.idx}:${stream.line}:${stream.column}`;
  }

  /** The same text parsed with pdf-lib's own methods and with taxsync's, installed the way a load installs them. */
  function both(text: string): [string, string] {
    const plain = parseOne(text);
    installFastSyntax();
    try {
      return [plain, parseOne(text)];
    } finally {
      uninstallFastSyntax();
    }
  }

  it('gives the same objects, errors and positions (line and column included) as pdf-lib', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    onTestFinished(() => warn.mockRestore());
    const cases = [
      '12 0 R',
      '  \n\r\n% a comment\r% another\n  42  ',
      '[0 0 612 792 -3 +5 .5 12. 007 4.25 1234567890123456 99999999999999999999 123456789012345]',
      '<< /W [1 4 2] /Size 12 % comment\n/Prev 1234 /Kids [3 0 R 4 0 R] >>',
      '5 %comment\n0 R',
      '7 0',
      '0',
      '-0',
      '1.2.3',
      '--5',
      '%only a comment',
      '\x00\t\f 8\x00',
      '[1%x\n2%y\r3]',
    ];
    for (const text of cases) {
      const [plain, ours] = both(text);
      expect(ours, text).toBe(plain);
    }
  });

  it('gives the same on random runs of numbers, references, white space and comments', () => {
    // pdf-lib warns about numbers past 2^53 (both readers leave those to it): not this test's output.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    onTestFinished(() => warn.mockRestore());
    const piece = fc.oneof(
      fc.constantFrom(' ', '\n', '\r', '\r\n', '\t', '\f', '\x00', '%c\n', '%c\r', '% x', '[', ']', 'R', '0 R', '<<', '>>', '/N', '.', '+', '-'),
      fc.integer({ min: 0, max: 10 ** 6 }).map(String),
      fc.stringMatching(/^[0-9]{1,20}$/),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toFixed(3)),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        const text = `[${pieces.join(' ')}]`;
        const [plain, ours] = both(text);
        expect(ours).toBe(plain);
        const [plainBare, oursBare] = both(pieces.join(''));
        expect(oursBare).toBe(plainBare);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves pdf-lib’s own methods and PDFRef.of in place outside taxsync’s loads', async () => {
    const proto = Object.getPrototypeOf(PDFObjectParser.prototype) as Record<string, unknown>;
    const before = [proto.skipWhitespaceAndComments, proto.parseRawNumber, proto.parseRawInt, PDFRef.of];
    await parsePdf((await t183()).bytes);
    expect([proto.skipWhitespaceAndComments, proto.parseRawNumber, proto.parseRawInt, PDFRef.of]).toEqual(before);
  });

  it('gives, during a load, the PDFRef instance pdf-lib’s own PDFRef.of gives', () => {
    const asked: [number, number | undefined][] = [[1, 0], [1, undefined], [70000, 0], [2, 3], [0, 0], [-0, 0], [12, 0], [1.5, 0], [65535, 0], [65536, 0]];
    const plain = asked.map(([n, g]) => PDFRef.of(n, g));
    const of = PDFRef.of;
    installFastSyntax();
    try {
      expect(PDFRef.of).not.toBe(of);
      for (let round = 0; round < 2; round++) asked.forEach(([n, g], i) => expect(PDFRef.of(n, g)).toBe(plain[i]));
    } finally {
      uninstallFastSyntax();
    }
    expect(PDFRef.of).toBe(of);
  });
});

describe('the loop over objects while taxsync parses gives the document pdf-lib parses', () => {
  /** A PDF of these objects' texts, numbered from 1, with no cross-reference table (pdf-lib reads them in order). */
  const objectsPdf = (objects: readonly string[], between = ''): Uint8Array =>
    new Uint8Array(Buffer.from(`%PDF-1.7\n${objects.map((o, i) => `${i + 1} 0 obj\n${o}\nendobj\n${between}`).join('')}trailer\n<< /Root 1 0 R /Size ${objects.length + 1} >>\n%%EOF\n`, 'latin1'));

  it('with object streams and a cross-reference stream (the one object it waits for)', async () => {
    await samePdf(await (await PDFDocument.load((await buildPdf([{ kind: 'T1', step: 1 }, { kind: 'T183', language: 'en' }])).bytes)).save({ useObjectStreams: true }));
  });

  it('with objects pdf-lib cannot parse, recovered from as pdf-lib recovers, and junk between objects', async () => {
    const catalog = '<< /Type /Catalog /Pages 2 0 R >>';
    const pages = '<< /Type /Pages /Kids [] /Count 0 >>';
    await samePdf(objectsPdf([catalog, pages, '<< /Broken [1 2 (never closed >>', '<< /Fine true >>', '[ 1 0 R /x', '(a string)']));
    await samePdf(objectsPdf([catalog, pages, '<< /A 1 >>', '<< /B 2 >>'], 'garbage here\n'));
    await samePdf(objectsPdf([catalog, pages, '<< /Length 5 >>\nstream\nabcde\nendstream', '42']));
    const doc = await parsePdf(objectsPdf([catalog, pages, '<< /Broken [1 2 (never closed >>', '<< /Fine true >>']));
    expect(doc.context.lookup(PDFRef.of(3))).toBeInstanceOf(PDFInvalidObject);
  });

  it('waits between objects when the parse speed says so, as pdf-lib does', async () => {
    const bytes = objectsPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>', ...Array.from({ length: 248 }, (_, k) => `<< /N ${k} >>`)]);
    const plain = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Slow });
    installFastObjects();
    let ours: PDFDocument;
    let ticks = 0;
    const timeout = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void) => {
      ticks++;
      callback();
      return 0;
    }) as unknown as typeof setTimeout);
    try {
      ours = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Slow });
    } finally {
      timeout.mockRestore();
      uninstallFastObjects();
    }
    expect(objects(ours)).toEqual(objects(plain));
    // ParseSpeeds.Slow is a wait every 100 objects.
    expect(ticks).toBe(2);
  });

  it('leaves pdf-lib’s own loop in place outside taxsync’s loads', async () => {
    const proto = PDFParser.prototype as unknown as Record<string, unknown>;
    const before = proto.parseIndirectObjects;
    await parsePdf((await t183()).bytes);
    expect(fastObjectsInstalled()).toBe(false);
    expect(proto.parseIndirectObjects).toBe(before);
  });
});
