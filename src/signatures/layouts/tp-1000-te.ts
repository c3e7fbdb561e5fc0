/**
 * TP-1000.TE — Revenu Québec's electronic filing declaration for an individual's TP-1 return.
 *
 * Programs print it twice (the taxpayer's copy and the preparer's): pages 2 and 4 both get fields. The one public
 * measurement did not record the page size, so it is kept here as documentation and never used as a fallback.
 */
import type { LayoutDefinition } from '../definition.js';
import { dateUnder, impotExpertMeasurement, signatureUnder } from './common.js';

export const tp1000te: LayoutDefinition = /* @__PURE__ */ (() => ({
  docType: 'TP-1000.TE',
  firstYear: 2020,
  formVersion: 'TP-1000.TE-V (edition in use for tax year {year})',
  title: {
    en: 'Electronic filing declaration (individuals, Revenu Québec)',
    fr: 'Déclaration de transmission électronique (particuliers, Revenu Québec)',
  },
  // Revenu Québec prints the form's code on every page.
  identifiers: [['TP-1000.TE']],
  signers: ['taxpayer'],
  copies: [2, 4],
  fields: [
    signatureUnder('taxpayer', ['Signature du particulier', 'Signature of the individual', 'Signature']),
    dateUnder('taxpayer'),
  ],
  labelsSource:
    'The form code TP-1000.TE identifies it; the signature and Date captions are the usual Revenu Québec wordings, not checked against a print. The title is how taxsync names the form to people.',
  measurements: [
    {
      measured: impotExpertMeasurement(2023, null),
      positions: [{ field: 'taxpayer_signature', page: 2, x: 38, y: 298 }],
    },
  ],
}))();
