/**
 * The shapes of signature layouts and of the fields placed on a PDF.
 *
 * Coordinates are PDF points (1/72 inch) with the origin at the **bottom-left corner of the page as a viewer shows
 * it**: inside the crop box, after the page's `/Rotate`. That is the page a signer sees and the page e-signature
 * services place their fields on; `taxsync/pdf` converts to the PDF's own user space when it writes widgets.
 */
import type { MessageParams, SignatureMessageCode } from '../messages/catalogue.js';

/** A document type with a built-in layout. Firm documents registered with `createLayoutRegistry` add their own. */
export type BuiltInDocType = 'T183' | 'T183CORP' | 'T183TRUST' | 'TP-1000.TE' | 'CO-1000.TE' | 'AUTH';

/**
 * Who signs. `taxpayer` is the individual (or their legal representative signing in their name), `signing_officer`
 * an authorized officer of a corporation, `trustee` the trustee, executor, liquidator or administrator of a trust,
 * `preparer` someone of the firm (an engagement letter's counter-signature).
 */
export type SignerRole = 'taxpayer' | 'spouse' | 'signing_officer' | 'trustee' | 'preparer';

/** What a field collects. */
export type FieldType = 'signature' | 'date' | 'time' | 'initials';

/** The part of a time a box holds, where a form splits HH, MM and SS into three boxes. */
export type TimeComponent = 'hours' | 'minutes' | 'seconds';

/** The program that printed the PDF. Known values get measurements; any other name is accepted. */
export type Producer = 'dtmax' | 'taxprep' | 'impotexpert' | (string & {});

/** A page size in PDF points, as displayed (crop box, after rotation). */
export interface PageSize {
  /** Width in points. */
  readonly width: number;
  /** Height in points. */
  readonly height: number;
}

/** A text in both languages. */
export interface LocalizedText {
  /** English. */
  readonly en: string;
  /** French. */
  readonly fr: string;
}

/**
 * Where a fixed position was measured. A position without one of these is never used: taxsync does not stamp
 * fields at guessed coordinates.
 */
export interface Measurement {
  /** Who measured, on what, and where the numbers were published. */
  readonly source: string;
  /** The program whose print was measured. */
  readonly producer: Producer;
  /**
   * The displayed size of the measured page. `null` when the measurement did not record it: such a position is kept
   * as documentation but never used, since it cannot be checked against the PDF at hand.
   */
  readonly pageSize: PageSize | null;
  /** Tax year of the measured form. */
  readonly year: number;
  /** True when the published numbers were approximate (`x≈436`). */
  readonly approximate?: boolean;
}

/**
 * Provenance of a size or offset: a measurement, or `false` with a note saying why the value was chosen. Values
 * marked `false` were not measured on a real print; previews in docs/layouts show where they land.
 */
export type Provenance =
  | { readonly measured: Measurement }
  | { readonly measured: false; readonly note: string };

/** Corner of an anchor's text box that an offset starts from. */
export type AnchorCorner = 'top-left' | 'bottom-left' | 'top-right' | 'bottom-right';

/**
 * A text printed on the form that a field is placed relative to: a signature caption, a `Date` caption, the `HH`
 * label of a time box.
 */
export interface FieldAnchor {
  /**
   * Labels to look for, tried in order (English and French wordings, most specific first). Matching ignores case,
   * accents, the kind of dash or apostrophe, and spacing; it respects word boundaries. Empty only with `formField`.
   */
  readonly text: readonly string[];
  /**
   * The field's bottom-left corner is this far from the anchor's `from` corner, in points, in the frame of the
   * form's text (x along the text, y up).
   */
  readonly offset: { readonly from: AnchorCorner; readonly x: number; readonly y: number };
  /** Whether the offset was measured. */
  readonly provenance: Provenance;
  /** The label must start its line: a caption, not the same words inside a sentence. */
  readonly lineStart?: boolean;
  /**
   * Choose the match nearest to the same signer's signature caption (dates and times), rather than the first in
   * reading order. Matches farther than `maxDistance` points from it are ignored.
   */
  readonly nearSignature?: boolean;
  /**
   * With `nearSignature`: how far above or below the signature caption a match may be, in points (default 120).
   * The nearest match within that band wins.
   */
  readonly maxDistance?: number;
  /**
   * Key of another field of the layout (`taxpayer_time_hours`): the match must be on the same line as that field's
   * label, to its right, the nearest one. Keeps `MM` (minutes) from matching the month of a `YYYY MM DD` caption.
   */
  readonly rightOf?: string;
  /**
   * An AcroForm field of the PDF to place the field against, for forms whose captions are drawn as graphics rather
   * than text (some government fillable forms): the existing field's widget rectangle serves as the anchor's box,
   * and `offset` starts from its `from` corner. Tried before `text`, which may then be empty.
   */
  readonly formField?: FormFieldAnchor;
}

/** An existing AcroForm field, named by a pattern on its full name (see {@link FieldAnchor.formField}). */
export interface FormFieldAnchor {
  /**
   * A regular expression (its source, matched case-insensitively) on the field's full name as the form names it,
   * e.g. `Certification.*Date` for `form1[0].Page1[0].Certification[0].Date[0]`. The first matching field with a
   * widget on the page, in the form's order, is used.
   */
  readonly name: string;
  /** Give the new field the existing field's width and height instead of the layout's (default false). */
  readonly fit?: boolean;
}

/** A measured position of a field, used when no anchor resolves and the PDF fits the measurement. */
export interface FixedPosition {
  /** 1-based page; negative counts from the end (`-1` is the last page). */
  readonly page: number;
  /** Left edge of the field, in points from the left of the displayed page. */
  readonly x: number;
  /** Bottom edge of the field, in points from the bottom of the displayed page. */
  readonly y: number;
  /** Where and on what these numbers were measured. */
  readonly measured: Measurement;
}

/** One field a layout asks for. */
export interface LayoutField {
  /** Who fills it. */
  readonly signer: SignerRole;
  /** What it collects. */
  readonly type: FieldType;
  /** For time boxes split in three. */
  readonly component?: TimeComponent;
  /**
   * A required field that cannot be placed holds the whole PDF for manual placement. Optional fields (time boxes on
   * forms that may not print them) are placed when found and listed as `unplaced` otherwise.
   */
  readonly required: boolean;
  /** Field width in points, along the form's text. */
  readonly width: number;
  /** Field height in points. */
  readonly height: number;
  /** Whether the size was measured. */
  readonly sizeProvenance: Provenance;
  /** The printed label the field is placed relative to. */
  readonly anchor?: FieldAnchor;
  /** Measured positions (possibly several programs or page sizes); empty when none was measured. */
  readonly fixed: readonly FixedPosition[];
}

/** A heading that opens the part of the form holding the signatures (`Part F` / `Partie F`). */
export interface SectionAnchor {
  /** Heading texts, tried in order; a heading must start its line. */
  readonly text: readonly string[];
}

/**
 * The signature layout of one form for one tax year: what to look for on the PDF and where the fields go.
 * Built-in layouts are frozen data; see `signatureLayoutFor`.
 */
export interface SignatureLayout {
  /** Document type, as registered (`T183`, `TP-1000.TE`, or a firm's own such as `ENGAGEMENT`). */
  readonly docType: string;
  /** Tax year. */
  readonly year: number;
  /** The form version this layout describes. */
  readonly formVersion: string;
  /** The form's name. */
  readonly title: LocalizedText;
  /**
   * Texts that identify the form on a page: each entry is a set of fragments that must all appear on the page
   * (English and French entries side by side). Anchors are searched only on pages where the form is identified.
   */
  readonly identifiers: readonly (readonly string[])[];
  /** The part of the form that holds the signatures; when set, anchors are searched below its heading. */
  readonly section?: SectionAnchor;
  /** Who signs, in order. */
  readonly signers: readonly SignerRole[];
  /** Every field of every signer: signature, date, time boxes, initials. */
  readonly fields: readonly LayoutField[];
  /**
   * Pages of each copy's signature page when the program prints the form more than once (TP-1000.TE: pages 2 and
   * 4). Fixed positions are given for the first copy and repeated on the others. Anchors find copies by themselves.
   */
  readonly copies?: readonly number[];
  /** Where the labels come from and how far they were checked. */
  readonly labelsSource: string;
  /** The producer the lookup asked for, if any; measurements from other programs were left out. */
  readonly producer?: Producer;
  /** The page size the lookup asked for, if any; measurements on other sizes were left out. */
  readonly pageSize?: PageSize;
  /** True for layouts shipped with taxsync, false for a firm's own registered documents. */
  readonly builtIn: boolean;
}

/** A field with a position on one page: what `prepareForSignature` and the converters take. */
export interface PlacedField {
  /** Field name, unique in the document: `taxpayer_signature`, `taxpayer_time_hours`, `…_copy2` for copy 2. */
  readonly name: string;
  /** Who fills it. */
  readonly signer: SignerRole;
  /** What it collects. */
  readonly type: FieldType;
  /** For time boxes split in three. */
  readonly component?: TimeComponent;
  /** 1-based page number. */
  readonly page: number;
  /** Left edge, in points from the left of the displayed page (crop box, after `/Rotate`). */
  readonly x: number;
  /** Bottom edge, in points from the bottom of the displayed page. */
  readonly y: number;
  /** Width on the displayed page, in points. */
  readonly width: number;
  /** Height on the displayed page, in points. */
  readonly height: number;
  /**
   * Direction of the form's text on the displayed page, in degrees counter-clockwise: 0 for an upright form, 90 when
   * the page shows the form turned a quarter left. A marker drawn in the field follows it.
   */
  readonly rotation?: 0 | 90 | 180 | 270;
  /** Whether the signer must fill it (default true for signatures). */
  readonly required?: boolean;
}

/** A field `resolveSignatureFields` placed, with how it was placed. */
export interface ResolvedField extends PlacedField {
  /** Whether the layout requires it. */
  readonly required: boolean;
  /** Direction of the form's text on the displayed page (see {@link PlacedField.rotation}). */
  readonly rotation: 0 | 90 | 180 | 270;
  /** `anchor`: relative to a label found in the PDF's text; `fixed`: at a measured position. */
  readonly placedBy: 'anchor' | 'fixed';
  /** Which copy of the form (1-based) in the PDF. */
  readonly copy: number;
  /** The label the field was placed from (`placedBy: 'anchor'`). */
  readonly anchorText?: string;
  /** The measurement used (`placedBy: 'fixed'`). */
  readonly measured?: Measurement;
}

/** A page of the PDF as displayed. */
export interface PageInfo {
  /** 1-based. */
  readonly page: number;
  /** Displayed width in points (crop box, after rotation). */
  readonly width: number;
  /** Displayed height in points. */
  readonly height: number;
  /** The page's `/Rotate`, normalised to 0, 90, 180 or 270. */
  readonly rotation: 0 | 90 | 180 | 270;
  /** Whether the page carries any text (an image-only page is a scan). */
  readonly hasText: boolean;
}

/** Why a PDF was held for manual placement instead of getting fields. */
export type HeldReason =
  | 'encrypted'
  | 'password_required'
  | 'password_wrong'
  | 'unreadable'
  /**
   * taxsync's own text reader failed on it: a fault of taxsync, not of the file (report it; `textReader: 'pdfjs'`
   * reads such a PDF meanwhile). Never silently read by pdfjs-dist instead.
   */
  | 'reader_failed'
  | 'already_signed'
  | 'image_only'
  | 'form_not_found'
  | 'no_anchor'
  | 'page_size_mismatch'
  | 'page_count'
  /** Its compressed streams expand past `inflateLimits` (a deflate bomb): never inflated whole. */
  | 'inflate_limit';

/**
 * What `prepareForSignature` takes away from a PDF when it adds the fields, as `resolveSignatureFields` found it:
 * nothing a person signed (such a PDF is held as `already_signed`), only protections that would otherwise break or
 * hide the new fields.
 */
export interface PdfProtection {
  /**
   * The PDF is encrypted, with an empty user password (anyone opens it: government fillable forms) or with the
   * password that was given. The prepared PDF is written decrypted, in full (never an update appended to the
   * encrypted bytes).
   */
  readonly encryption?: 'empty_password' | 'password';
  /** A usage-rights signature (Reader Extensions, `/Perms /UR3`): not a person's signature; removed. */
  readonly usageRights?: true;
  /** XFA form data (`/XFA` in the AcroForm): removed, so that viewers show the AcroForm with the new widgets. */
  readonly xfa?: true;
  /** What is removed, in both languages. */
  readonly message: LocalizedText;
}

/** Outcome of `resolveSignatureFields` for one PDF. */
export type ResolveResult =
  | {
      readonly status: 'resolved';
      /** Every placed field of every copy, in page order. */
      readonly fields: readonly ResolvedField[];
      /** Optional fields of the layout that were not found on a copy (time boxes the print does not have). */
      readonly unplaced: readonly { readonly name: string; readonly copy: number }[];
      /** Number of copies of the form found. */
      readonly copies: number;
      /** Every page of the PDF: sizes for the converters. */
      readonly pages: readonly PageInfo[];
      /** Present when preparing removes a protection from the PDF (encryption, usage rights, XFA): say so to the user. */
      readonly protection?: PdfProtection;
    }
  | {
      readonly status: 'held';
      /** Stable code of why; switch on it. */
      readonly reason: HeldReason;
      /** What happened and what to do, in both languages. */
      readonly message: LocalizedText;
      /** The catalogue code of `message` (`layout_…`), to render it again with `renderMessage`. */
      readonly code?: SignatureMessageCode;
      /** The values of `message` (masked), with `code`. */
      readonly params?: MessageParams;
      /** Pages the reason concerns, when it concerns some (where the form was found, pages without text…). */
      readonly pageNumbers?: readonly number[];
      /** Pages of the PDF, when it could be read. */
      readonly pages: readonly PageInfo[];
    };
