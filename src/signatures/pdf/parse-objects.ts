/**
 * pdf-lib's loop over a file's indirect objects, without a promise per object, while taxsync's own loads run
 * (installed and removed with parse-syntax.ts and parse-names.ts, in parse-budget.ts). pdf-lib's `parseIndirectObjects`
 * awaits an async `parseIndirectObject` for every object — a generator, two promises and a trip through the microtask
 * queue each, about a seventh of a bundle's parse — although only an object stream (`/Type /ObjStm`) has anything
 * to wait for. This loop does the same steps in the same order (the object's header, the object, `endobj`, an object
 * stream or cross-reference stream read into the document, the object assigned; on any error, pdf-lib's own recovery
 * from the object's start; then pdf-lib's skipping of white space and junk, and its waiting between objects when its
 * `objectsPerTick` says so), awaiting only an object stream. test/signatures/parse-names.test.ts compares documents
 * parsed this way with pdf-lib's own, object by object.
 */
import { PDFName, PDFObjectStreamParser, PDFParser, PDFRawStream, PDFXRefStreamParser, type PDFContext, type PDFObject, type PDFRef } from '@cantoo/pdf-lib';

/** The parts of pdf-lib's PDFParser this loop relies on (its members as the library names them). */
interface ParserLike {
  readonly bytes: { done(): boolean; peek(): number; offset(): number; moveTo(offset: number): void };
  readonly context: PDFContext;
  shouldWaitForTick(): boolean;
  skipWhitespaceAndComments(): void;
  skipJibberish(): void;
  parseIndirectObjectHeader(): PDFRef;
  parseObject(ref: PDFRef): PDFObject;
  matchKeyword(keyword: readonly number[]): boolean;
  tryToParseInvalidIndirectObject(): unknown;
}

/** The prototype methods the loop calls, checked before it is put in place. */
const USED = ['parseIndirectObjects', 'parseIndirectObject', 'skipWhitespaceAndComments', 'skipJibberish', 'parseIndirectObjectHeader', 'parseObject', 'matchKeyword', 'tryToParseInvalidIndirectObject'] as const;

const ENDOBJ = [0x65, 0x6e, 0x64, 0x6f, 0x62, 0x6a];
const TYPE = PDFName.of('Type');
const OBJ_STM = PDFName.of('ObjStm');
const XREF = PDFName.of('XRef');

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** pdf-lib's `waitForTick`. */
const waitForTick = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(() => resolve(), 0);
  });

/**
 * One indirect object, as pdf-lib's `parseIndirectObject` reads it: `undefined` once done, or the promise of the
 * object stream it has to read first.
 */
function parseObjectNow(parser: ParserLike): Promise<void> | undefined {
  const ref = parser.parseIndirectObjectHeader();
  parser.skipWhitespaceAndComments();
  const object = parser.parseObject(ref);
  parser.skipWhitespaceAndComments();
  parser.matchKeyword(ENDOBJ);
  if (object instanceof PDFRawStream && object.dict.lookup(TYPE) === OBJ_STM) {
    return PDFObjectStreamParser.forStream(object, () => parser.shouldWaitForTick())
      .parseIntoContext()
      .then(() => {
        parser.context.assign(ref, object);
      });
  }
  if (object instanceof PDFRawStream && object.dict.lookup(TYPE) === XREF) PDFXRefStreamParser.forStream(object).parseIntoContext();
  parser.context.assign(ref, object);
  return undefined;
}

/** pdf-lib's `parseIndirectObjects`, with no promise for an object that is not an object stream. */
async function parseIndirectObjects(this: ParserLike): Promise<void> {
  this.skipWhitespaceAndComments();
  while (!this.bytes.done() && isDigit(this.bytes.peek())) {
    const initialOffset = this.bytes.offset();
    try {
      const pending = parseObjectNow(this);
      if (pending !== undefined) await pending;
    } catch {
      this.bytes.moveTo(initialOffset);
      this.tryToParseInvalidIndirectObject();
    }
    this.skipWhitespaceAndComments();
    this.skipJibberish();
    if (this.shouldWaitForTick()) await waitForTick();
  }
}

let original: unknown;

/** Puts the loop in place (see above); a library whose parser lacks one of the methods it calls is left as it is. */
export function installFastObjects(): void {
  if (original !== undefined) return;
  const proto = PDFParser.prototype as unknown as Record<string, unknown>;
  if (!USED.every((name) => typeof proto[name] === 'function')) return;
  original = proto.parseIndirectObjects;
  proto.parseIndirectObjects = parseIndirectObjects;
}

/** Puts pdf-lib's own loop back, unless something else replaced it meanwhile. */
export function uninstallFastObjects(): void {
  if (original === undefined) return;
  const proto = PDFParser.prototype as unknown as Record<string, unknown>;
  if (proto.parseIndirectObjects === parseIndirectObjects) proto.parseIndirectObjects = original;
  original = undefined;
}

/** Whether the loop is in place (for tests: it is removed once no load runs). */
export const fastObjectsInstalled = (): boolean => original !== undefined;
