/* A frozen copy of src/parsers at 0078d5b (before #13), the reference of parse-differential.test.ts. Do not edit. */
/**
 * A small streaming XML tokenizer for the parts of a workbook: text arrives in pieces (a tag or an entity may be split
 * between two), and each element's start, end and (when the handler asks for it) text are handed to a handler as the
 * pieces arrive. Enough XML for SpreadsheetML and nothing more: no DTD (a `<!DOCTYPE` is refused, so no entity can
 * expand), the five predefined entities and character references, CDATA, comments and processing instructions
 * skipped, namespace prefixes dropped from element names. Elements must nest properly; a document cut short or
 * with a stray `<` is an {@link XmlSyntaxError}. Pure: runs anywhere.
 */

/** Receives what {@link XmlScanner} reads. Element names are local names (`x:row` → `row`). */
export interface XmlHandler {
  /** Whether {@link text} should be called now (text between tags is skipped, and never sliced, otherwise). */
  readonly collecting: boolean;
  /** A start tag; `attributes` is the raw text after the name (see {@link readAttributes}). */
  open(name: string, attributes: string, selfClosing: boolean): void;
  /** An end tag (also called right after {@link open} for a self-closing element). */
  close(name: string): void;
  /** Raw text, entities not yet decoded (see {@link decodeXmlText}); one text node may come in several calls. */
  text(raw: string): void;
}

/** XML that is not well-formed (or uses what a workbook part never does). */
export class XmlSyntaxError extends Error {
  constructor(detail: string) {
    super(`xml: ${detail}`);
    this.name = 'XmlSyntaxError';
  }
}

/** Longest stretch kept waiting for its end (a tag, a comment): Excel's largest cell holds 32,767 characters. */
const MAX_PENDING = 4 * 1024 * 1024;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const COLON = 0x3a;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isNameEnd = (c: number): boolean => isSpace(c) || c === SLASH || c === GT;

/** A character that may start an XML name (ASCII letter, `_`, `:`, or anything outside ASCII). */
const isNameStart = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === COLON || c >= 0x80;

/** Drops a namespace prefix. */
function localName(name: string): string {
  for (let k = 0; k < name.length; k++) if (name.charCodeAt(k) === COLON) return name.slice(k + 1);
  return name;
}

/**
 * Feeds text pieces to a handler. Call {@link write} for each piece, then {@link end}.
 *
 * @example
 * ```ts
 * const scanner = new XmlScanner(handler);
 * for await (const piece of pieces) scanner.write(piece);
 * scanner.end();
 * ```
 */
export class XmlScanner {
  private pending = '';
  private readonly stack: string[] = [];
  private started = false;

  constructor(private readonly handler: XmlHandler) {}

  /** Reads a piece; what is cut off at its end (half a tag) waits for the next piece. */
  write(piece: string): void {
    const s = this.pending === '' ? piece : this.pending + piece;
    const h = this.handler;
    const n = s.length;
    let i = 0;
    while (i < n) {
      // A character loop, not indexOf: the stretches between tags of a worksheet are a few characters long, shorter
      // than what a call into the string search costs.
      let lt = i;
      while (lt < n && s.charCodeAt(lt) !== LT) lt++;
      if (lt > i) {
        if (h.collecting) h.text(s.slice(i, lt));
        else if (this.stack.length === 0) this.checkOutsideText(s, i, lt);
      }
      if (lt === n) {
        i = n;
        break;
      }
      const next = this.tag(s, lt);
      if (next === -1) {
        i = lt;
        break;
      }
      i = next;
    }
    this.pending = i >= n ? '' : s.slice(i);
    if (this.pending.length > MAX_PENDING) throw new XmlSyntaxError(`a tag or comment runs past ${MAX_PENDING} characters`);
  }

  /** Checks that the document ended where it should: every element closed, nothing left half-read. */
  end(): void {
    if (this.pending.trim() !== '') throw new XmlSyntaxError('the document is cut short inside a tag');
    if (this.stack.length > 0) throw new XmlSyntaxError(`the document is cut short: <${this.stack[this.stack.length - 1] ?? ''}> is never closed`);
    if (!this.started) throw new XmlSyntaxError('the document has no element');
  }

  /** Text outside the root element may only be white space (a byte-order mark is tolerated). */
  private checkOutsideText(s: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) throw new XmlSyntaxError('text outside the root element');
    }
  }

  /** Reads the markup at `lt`; returns the index after it, or -1 when it is not complete in `s`. */
  private tag(s: string, lt: number): number {
    const c = s.charCodeAt(lt + 1);
    if (Number.isNaN(c)) return -1;
    if (c === BANG) return this.special(s, lt);
    if (c === QUESTION) {
      const close = s.indexOf('?>', lt + 2);
      return close === -1 ? -1 : close + 2;
    }
    const gt = tagEnd(s, lt + 1);
    if (gt === -1) return -1;
    if (c === SLASH) {
      let end = gt;
      while (end > lt + 2 && isSpace(s.charCodeAt(end - 1))) end--;
      const name = localName(s.slice(lt + 2, end));
      const open = this.stack.pop();
      if (open !== name) throw new XmlSyntaxError(open === undefined ? `</${name}> closes nothing` : `</${name}> closes <${open}>`);
      this.handler.close(name);
      return gt + 1;
    }
    if (!isNameStart(c)) throw new XmlSyntaxError('a "<" that starts no tag');
    let e = lt + 1;
    while (e < gt && !isNameEnd(s.charCodeAt(e))) e++;
    const name = localName(s.slice(lt + 1, e));
    const selfClosing = s.charCodeAt(gt - 1) === SLASH && gt - 1 >= e;
    if (this.stack.length === 0 && this.started) throw new XmlSyntaxError('a second root element');
    this.started = true;
    this.handler.open(name, s.slice(e, selfClosing ? gt - 1 : gt), selfClosing);
    if (selfClosing) this.handler.close(name);
    else this.stack.push(name);
    return gt + 1;
  }

  /** `<!-- … -->`, `<![CDATA[ … ]]>` (its text goes to the handler, escaped so that decoding gives it back). */
  private special(s: string, lt: number): number {
    if (s.startsWith('<!--', lt)) {
      const close = s.indexOf('-->', lt + 4);
      return close === -1 ? -1 : close + 3;
    }
    if (s.startsWith('<![CDATA[', lt)) {
      const close = s.indexOf(']]>', lt + 9);
      if (close === -1) return -1;
      if (this.handler.collecting) this.handler.text(s.slice(lt + 9, close).replace(/&/g, '&amp;').replace(/</g, '&lt;'));
      return close + 3;
    }
    if (s.length - lt < 9) return -1;
    throw new XmlSyntaxError(s.startsWith('<!DOCTYPE', lt) ? 'a document type declaration, which no workbook part has' : 'a "<!" that starts no comment or CDATA section');
  }
}

/** The `>` that ends a tag, searched from `from`, skipping any inside quoted attribute values; -1 when not in `s` yet. */
function tagEnd(s: string, from: number): number {
  const n = s.length;
  let quote = 0;
  for (let k = from; k < n; k++) {
    const c = s.charCodeAt(k);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === GT) return k;
    else if (c === DQUOTE || c === SQUOTE) quote = c;
  }
  return -1;
}

/**
 * The attributes of a start tag (the raw text {@link XmlHandler.open} gets), values decoded. Names keep their prefix
 * (`r:id`).
 */
export function readAttributes(raw: string): Map<string, string> {
  const found = new Map<string, string>();
  const n = raw.length;
  let i = 0;
  while (i < n) {
    const eq = raw.indexOf('=', i);
    if (eq === -1) break;
    const name = raw.slice(i, eq).trim();
    let q = eq + 1;
    while (q < n && raw.charCodeAt(q) !== DQUOTE && raw.charCodeAt(q) !== SQUOTE) q++;
    if (q >= n) throw new XmlSyntaxError(`the attribute ${name} has no quoted value`);
    const close = raw.indexOf(raw[q] as string, q + 1);
    if (close === -1) throw new XmlSyntaxError(`the value of ${name} is not closed`);
    found.set(name, decodeXmlText(raw.slice(q + 1, close)));
    i = close + 1;
  }
  return found;
}

const ENTITY = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references (`&amp;`, `&#233;`, `&#xE9;`). */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(dec ?? '', 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
