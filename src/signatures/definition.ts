/**
 * The shape of a layout's source data: one per form, valid for a range of tax years, with the measurements taken
 * on real prints kept apart from the anchors. `signatureLayoutFor` turns a definition into the `SignatureLayout` of
 * one year. Firm documents registered with `createLayoutRegistry` use the same shape.
 */
import type { LayoutField, LocalizedText, Measurement, PageSize, SectionAnchor, SignerRole, TimeComponent, FieldType } from './types.js';

/** A field of a definition: a layout field without its measured positions, which come from `measurements`. */
export type LayoutFieldDefinition = Omit<LayoutField, 'fixed'>;

/** One measured position, naming its field by key (`taxpayer_signature`, `taxpayer_time_hours`). */
export interface MeasuredPosition {
  readonly field: string;
  /** 1-based page; negative counts from the end. For forms printed in copies, the page of the first copy. */
  readonly page: number;
  readonly x: number;
  readonly y: number;
}

/** Positions measured together on one print. */
export interface MeasurementSet {
  readonly measured: Measurement;
  readonly positions: readonly MeasuredPosition[];
}

/** The source data of a layout (built-in or a firm's own). */
export interface LayoutDefinition {
  /** Document type: `T183`, or a firm's own name such as `ENGAGEMENT`. */
  readonly docType: string;
  /** First tax year the layout applies to; omitted: every year (firm documents). */
  readonly firstYear?: number;
  /** Last tax year; omitted: up to the latest tax year that can be filed (built-ins) or every year (firm documents). */
  readonly lastYear?: number;
  /** Form version, `{year}` replaced by the tax year (`T183 ({year})`). */
  readonly formVersion: string;
  readonly title: LocalizedText;
  /** See `SignatureLayout.identifiers`. */
  readonly identifiers: readonly (readonly string[])[];
  readonly section?: SectionAnchor;
  readonly signers: readonly SignerRole[];
  readonly fields: readonly LayoutFieldDefinition[];
  /** See `SignatureLayout.copies`. */
  readonly copies?: readonly number[];
  /** Where the labels come from and how far they were checked against real prints. */
  readonly labelsSource: string;
  /** Positions measured on real prints, each with its provenance. */
  readonly measurements?: readonly MeasurementSet[];
}

/** The key of a field: `signer_type`, plus `_component` for split time boxes (`taxpayer_time_hours`). */
export function fieldKey(field: { readonly signer: SignerRole; readonly type: FieldType; readonly component?: TimeComponent | undefined }): string {
  return field.component === undefined ? `${field.signer}_${field.type}` : `${field.signer}_${field.type}_${field.component}`;
}

/** True when two page sizes are the same within a point (producers round differently). */
export function samePageSize(a: PageSize, b: PageSize): boolean {
  return Math.abs(a.width - b.width) <= 1 && Math.abs(a.height - b.height) <= 1;
}
