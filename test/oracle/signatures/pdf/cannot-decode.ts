/**
 * The one error by which taxsync's own text reader (fast-text.ts and the modules it uses) says "this document's text
 * cannot be read for certain here": the only error upon which the caller reads the document with pdfjs-dist instead.
 * Anything else the reader throws — a TypeError, a RangeError — is a fault of the reader, never a reason to fall back
 * (resolve.ts holds the document with `reader_failed`); a deflate bomb (`InflateLimitError`) is held as well, never
 * handed to pdfjs-dist. Internal: never exported by an entry point.
 */

/**
 * Why the reader cannot decode a document for certain:
 * - `content_syntax`: a content stream pdfjs-dist would have to repair or guess around (unknown operator, operands of
 *   the wrong kind or number, unterminated string, text shown before any font is set);
 * - `stream`: content that is not a stream, a filter other than plain FlateDecode, or compressed data that is damaged;
 * - `resource`: a font, XObject or graphics state the content uses that is missing, malformed, nested too deep, or
 *   used in a way this reader does not follow (a font set through an ExtGState, a form drawing itself);
 * - `font_type`: a kind of font whose text is not known without its font program (Type3, a non-embedded non-standard
 *   font, a CID font other than Identity-H or not embedded, a symbolic TrueType font, names pdfjs resolves from its
 *   own lists);
 * - `font_encoding`: an encoding, a glyph name, a code or a width whose text or advance is not known for certain;
 * - `to_unicode`: a /ToUnicode map that is missing where it is needed (CID fonts) or cannot be read for certain;
 * - `page`: the page tree, a page's boxes or its rotation, not readable as both pdf-lib and pdfjs-dist would;
 * - `unlike_pdfjs`: a state pdfjs-dist handles in its own way, which this port does not reproduce.
 */
export type CannotDecodeReason = 'content_syntax' | 'stream' | 'resource' | 'font_type' | 'font_encoding' | 'to_unicode' | 'page' | 'unlike_pdfjs';

/** Thrown where the reader knows it cannot decode the document for certain: pdfjs-dist is to read it. */
export class CannotDecode extends Error {
  override readonly name = 'CannotDecode';

  /**
   * @param reason the kind of content (see {@link CannotDecodeReason}).
   * @param detail what was found, for a developer: no text of the document is put in it.
   */
  constructor(
    readonly reason: CannotDecodeReason,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`${reason}: ${detail}`, options);
  }
}
