/**
 * Building blocks shared by the form layouts: the usual arrangement of a signature caption, a `Date` caption and
 * HH / MM / SS labels. Every size and offset here is marked not measured: they place the field next to the label
 * the way government forms print them (caption above the entry area), and docs/layouts shows where they land.
 */
import type { LayoutFieldDefinition } from '../definition.js';
import type { Measurement, Provenance, SignerRole, TimeComponent } from '../types.js';

/** Provenance of every anchor offset and field size that was not measured on a real print. */
export const NOT_MEASURED: Provenance = /* @__PURE__ */ Object.freeze({
  measured: false as const,
  note: 'Not measured on a real print: the field is placed against the printed label (entry area under its caption). Check it on docs/layouts previews and on your own prints.',
});

/** The one public measurement taxsync ships (ImpôtExpert prints, quoted in the design brief §3). */
export function impotExpertMeasurement(year: number, pageSize: Measurement['pageSize']): Measurement {
  return {
    source: 'Public measurement on ImpôtExpert prints, quoted in the taxsync design brief (§3, Signature layouts)',
    producer: 'impotexpert',
    pageSize,
    year,
    approximate: true,
  };
}

/** A signature field under its caption. */
export function signatureUnder(signer: SignerRole, captions: readonly string[]): LayoutFieldDefinition {
  return {
    signer,
    type: 'signature',
    required: true,
    width: 220,
    height: 24,
    sizeProvenance: NOT_MEASURED,
    anchor: { text: captions, offset: { from: 'bottom-left', x: 0, y: -26 }, provenance: NOT_MEASURED, lineStart: true },
  };
}

/** A date field under its `Date` caption, the one nearest the signer's signature caption. */
export function dateUnder(signer: SignerRole, captions: readonly string[] = ['Date'], required = false): LayoutFieldDefinition {
  return {
    signer,
    type: 'date',
    required,
    width: 90,
    height: 18,
    sizeProvenance: NOT_MEASURED,
    anchor: { text: captions, offset: { from: 'bottom-left', x: 0, y: -20 }, provenance: NOT_MEASURED, nearSignature: true },
  };
}

const TIME_LABELS: Readonly<Record<TimeComponent, readonly string[]>> = {
  hours: ['HH'],
  minutes: ['MM'],
  seconds: ['SS'],
};

/**
 * Three time boxes (HH, MM, SS) under their labels. Optional: a print without them still gets its signature, and
 * the signing time always comes from the e-signature service's completion data, not from these boxes.
 */
export function timeBoxes(signer: SignerRole): LayoutFieldDefinition[] {
  return (['hours', 'minutes', 'seconds'] as const).map((component) => ({
    signer,
    type: 'time' as const,
    component,
    required: false,
    width: 22,
    height: 16,
    sizeProvenance: NOT_MEASURED,
    anchor: {
      text: TIME_LABELS[component],
      offset: { from: 'bottom-left' as const, x: -3, y: -18 },
      provenance: NOT_MEASURED,
      // HH is the time label nearest the signature; MM and SS follow it on its line (not a date's MM).
      ...(component === 'hours'
        ? { nearSignature: true, maxDistance: 120 }
        : { rightOf: `${signer}_time_${component === 'minutes' ? 'hours' : 'minutes'}` }),
    },
  }));
}
