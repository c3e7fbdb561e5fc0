/**
 * T183 — Information Return for Electronic Filing of an Individual's Income Tax and Benefit Return.
 *
 * The taxpayer (or their legal representative) signs Part F before the return is transmitted. The form is year
 * specific: one version per tax year. Reviewed like code: change a label or a measurement only with its source.
 */
import type { LayoutDefinition } from '../definition.js';
import { dateUnder, impotExpertMeasurement, signatureUnder, timeBoxes } from './common.js';

export const t183: LayoutDefinition = /* @__PURE__ */ (() => ({
  docType: 'T183',
  // The CRA accepted electronic signatures on the T183 from the 2020 filing season on (a temporary measure made
  // permanent); taxsync supports tax years 2020 onwards.
  firstYear: 2020,
  formVersion: 'T183 ({year})',
  title: {
    en: "Information Return for Electronic Filing of an Individual's Income Tax and Benefit Return",
    fr: "Déclaration de renseignements pour la transmission électronique de la déclaration de revenus et de prestations d'un particulier",
  },
  // Fragments short enough to sit on one line each: the title wraps differently from one program to another.
  identifiers: [
    ['Information Return for Electronic Filing', "Individual's Income Tax and Benefit Return"],
    ['transmission électronique', "prestations d'un particulier"],
  ],
  section: { text: ['Part F', 'Partie F'] },
  signers: ['taxpayer'],
  fields: [
    signatureUnder('taxpayer', [
      'Signature of individual or legal representative',
      'Signature du particulier ou de son représentant légal',
      'Signature du particulier ou du représentant légal',
      'Signature',
    ]),
    dateUnder('taxpayer'),
    ...timeBoxes('taxpayer'),
  ],
  labelsSource:
    'English title and part headings from the 2023 T183 (Part F is the part the taxpayer signs, per the CRA page "Form T183 and Authorizing a Representative"). French title and the signature, Date and HH/MM/SS captions as known from the forms, not checked against a print; the plain "Signature" caption at the start of a line in Part F is the fallback.',
  measurements: [
    {
      measured: impotExpertMeasurement(2023, { width: 576, height: 756 }),
      positions: [
        { field: 'taxpayer_signature', page: 1, x: 40, y: 72 },
        { field: 'taxpayer_time_hours', page: 1, x: 436, y: 49 },
        { field: 'taxpayer_time_minutes', page: 1, x: 462, y: 49 },
        { field: 'taxpayer_time_seconds', page: 1, x: 486, y: 49 },
      ],
    },
    {
      measured: impotExpertMeasurement(2025, { width: 612, height: 792 }),
      positions: [
        { field: 'taxpayer_signature', page: 1, x: 40, y: 113 },
        { field: 'taxpayer_time_hours', page: 1, x: 449, y: 89 },
        { field: 'taxpayer_time_minutes', page: 1, x: 476, y: 89 },
        { field: 'taxpayer_time_seconds', page: 1, x: 501, y: 89 },
      ],
    },
  ],
}))();
