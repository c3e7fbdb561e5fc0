/**
 * T183CORP — Information Return for Corporations Filing Electronically.
 *
 * An authorized signing officer of the corporation signs before the T2 return is transmitted. No position has been
 * measured on a print: fields are placed from the signature caption only.
 */
import type { LayoutDefinition } from '../definition.js';
import { dateUnder, signatureUnder, timeBoxes } from './common.js';

export const t183corp: LayoutDefinition = /* @__PURE__ */ (() => ({
  docType: 'T183CORP',
  firstYear: 2020,
  formVersion: 'T183CORP (edition in use for tax year {year})',
  title: {
    en: 'Information Return for Corporations Filing Electronically',
    fr: 'Déclaration de renseignements des sociétés pour la transmission électronique',
  },
  identifiers: [
    ['Information Return for Corporations', 'Filing Electronically'],
    ['renseignements des sociétés', 'transmission électronique'],
  ],
  signers: ['signing_officer'],
  fields: [
    signatureUnder('signing_officer', [
      'Signature of an authorized signing officer',
      'Signature of authorized signing officer',
      "Signature d'un signataire autorisé",
      'Signature du signataire autorisé',
    ]),
    dateUnder('signing_officer'),
    ...timeBoxes('signing_officer'),
  ],
  labelsSource:
    'Title and signing-officer captions as known from the CRA form, not checked against a print. No generic "Signature" fallback: the electronic filer also has a part on this form.',
}))();
