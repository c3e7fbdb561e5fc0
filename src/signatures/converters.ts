/**
 * From taxsync's fields (PDF points, origin bottom-left of the displayed page) to the units e-signature services
 * take, so that a portal adapter passes fields on without arithmetic of its own. Pure.
 */
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import type { PageSize, PlacedField, SignerRole } from './types.js';

function pageSizeOf(field: PlacedField, pageSizes: readonly PageSize[]): PageSize {
  const size = Number.isInteger(field.page) && field.page >= 1 ? pageSizes[field.page - 1] : undefined;
  if (size === undefined) {
    throw new InvalidArgumentError('field_invalid', {
      name: field.name,
      detail: `page ${field.page} is not among the ${pageSizes.length} page size(s) given`,
    });
  }
  if (!(field.width > 0 && field.height > 0)) {
    throw new InvalidArgumentError('field_invalid', { name: field.name, detail: 'its width and height must be positive' });
  }
  return size;
}

/** Distance from the top of the page to the top of the field, in points. */
const fromTop = (field: PlacedField, size: PageSize): number => size.height - (field.y + field.height);
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** One DocuSign tab (eSignature REST API v2.1), values as strings the way the API documents them. */
export interface DocuSignTab {
  readonly documentId: string;
  /** 1-based page of the document. */
  readonly pageNumber: string;
  /** Points (1/72 inch) from the left edge to the tab's left side. */
  readonly xPosition: string;
  /** Points from the top edge to the tab's top side. */
  readonly yPosition: string;
  readonly width: string;
  readonly height: string;
  /** Our field name, so completion data can be matched back. */
  readonly tabLabel: string;
  readonly optional: 'true' | 'false';
  /** On `textTabs` only: set by the sender, not typed by the signer. */
  readonly locked?: 'true';
}

/** The tabs of one recipient, grouped the way DocuSign's `tabs` object groups them. */
export interface DocuSignRecipientTabs {
  readonly signHereTabs: DocuSignTab[];
  readonly initialHereTabs: DocuSignTab[];
  readonly dateSignedTabs: DocuSignTab[];
  /** Time boxes: DocuSign has no "time signed" tab, so they are locked text tabs the host may fill. */
  readonly textTabs: DocuSignTab[];
}

/** Options of {@link toDocuSignTabs}. */
export interface ToDocuSignTabsOptions {
  /** The envelope's `documentId` of this PDF (default `'1'`). */
  readonly documentId?: string;
}

/**
 * DocuSign tabs for `fields`, per signer. DocuSign positions tabs in points (1/72 inch) from the top-left corner of
 * the page, pages numbered from 1, each tab by its upper-left corner.
 *
 * @param pageSizes displayed size of each page (`ResolveResult.pages`), index 0 for page 1.
 * @throws {InvalidArgumentError} `field_invalid` for a field on a page without a size.
 * @example
 * ```ts
 * const tabs = toDocuSignTabs(result.fields, result.pages);
 * envelope.recipients.signers[0].tabs = tabs.taxpayer;
 * ```
 */
export function toDocuSignTabs(
  fields: readonly PlacedField[],
  pageSizes: readonly PageSize[],
  options: ToDocuSignTabsOptions = {},
): Partial<Record<SignerRole, DocuSignRecipientTabs>> {
  const out: Partial<Record<SignerRole, DocuSignRecipientTabs>> = {};
  for (const field of fields) {
    const size = pageSizeOf(field, pageSizes);
    const tabs = (out[field.signer] ??= { signHereTabs: [], initialHereTabs: [], dateSignedTabs: [], textTabs: [] });
    const base = {
      documentId: options.documentId ?? '1',
      pageNumber: String(field.page),
      xPosition: String(Math.round(field.x)),
      yPosition: String(Math.round(fromTop(field, size))),
      width: String(Math.round(field.width)),
      height: String(Math.round(field.height)),
      tabLabel: field.name,
      optional: field.required === false ? ('true' as const) : ('false' as const),
    };
    switch (field.type) {
      case 'signature':
        tabs.signHereTabs.push(base);
        break;
      case 'initials':
        tabs.initialHereTabs.push(base);
        break;
      case 'date':
        tabs.dateSignedTabs.push(base);
        break;
      case 'time':
        tabs.textTabs.push({ ...base, locked: 'true' });
        break;
    }
  }
  return out;
}

/** One Documenso field: positions in percent of the page, from its top-left corner. */
export interface DocumensoField {
  readonly type: 'SIGNATURE' | 'INITIALS' | 'DATE' | 'TEXT';
  /** Our signer role: map it to the recipient's id. */
  readonly signer: SignerRole;
  /** Our field name. */
  readonly name: string;
  /** 1-based. */
  readonly pageNumber: number;
  /** Left edge, percent of the page width (0–100). */
  readonly pageX: number;
  /** Top edge, percent of the page height (0–100). */
  readonly pageY: number;
  /** Percent of the page width. (Documenso's v1 API calls it `pageWidth`.) */
  readonly width: number;
  /** Percent of the page height. (Documenso's v1 API calls it `pageHeight`.) */
  readonly height: number;
  readonly required: boolean;
}

/**
 * Documenso fields for `fields`: Documenso stores positions as percentages of the page measured from its top-left
 * corner. Time boxes become `TEXT` fields (Documenso has no time field).
 *
 * @param pageSizes displayed size of each page (`ResolveResult.pages`), index 0 for page 1.
 */
export function toDocumensoFields(fields: readonly PlacedField[], pageSizes: readonly PageSize[]): DocumensoField[] {
  return fields.map((field) => {
    const size = pageSizeOf(field, pageSizes);
    const type = field.type === 'signature' ? 'SIGNATURE' : field.type === 'initials' ? 'INITIALS' : field.type === 'date' ? 'DATE' : 'TEXT';
    return {
      type,
      signer: field.signer,
      name: field.name,
      pageNumber: field.page,
      pageX: round2((field.x / size.width) * 100),
      pageY: round2((fromTop(field, size) / size.height) * 100),
      width: round2((field.width / size.width) * 100),
      height: round2((field.height / size.height) * 100),
      required: field.required !== false,
    };
  });
}

/** One DocuSeal field: areas in fractions (0–1) of the page, from its top-left corner. */
export interface DocuSealField {
  readonly name: string;
  readonly type: 'signature' | 'initials' | 'date' | 'text';
  /** Our signer role: DocuSeal's submitter role name. */
  readonly role: SignerRole;
  readonly required: boolean;
  readonly areas: readonly { readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly page: number }[];
}

/**
 * DocuSeal fields for `fields`: DocuSeal areas are fractions of the page (0–1) from its top-left corner, pages
 * numbered from 1. Time boxes become `text` fields.
 *
 * @param pageSizes displayed size of each page (`ResolveResult.pages`), index 0 for page 1.
 */
export function toDocuSealFields(fields: readonly PlacedField[], pageSizes: readonly PageSize[]): DocuSealField[] {
  const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
  return fields.map((field) => {
    const size = pageSizeOf(field, pageSizes);
    return {
      name: field.name,
      type: field.type === 'time' ? 'text' : field.type,
      role: field.signer,
      required: field.required !== false,
      areas: [
        {
          x: round4(field.x / size.width),
          y: round4(fromTop(field, size) / size.height),
          w: round4(field.width / size.width),
          h: round4(field.height / size.height),
          page: field.page,
        },
      ],
    };
  });
}
