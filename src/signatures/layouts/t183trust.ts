/**
 * T183TRUST — Information Return for the Electronic Filing of a Trust Return.
 *
 * The contact identified in Part A (or the trust's legal representative) signs Part E. No position has been
 * measured on a print: fields are placed from the Part E captions only.
 */
import type { LayoutDefinition } from '../definition.js';
import { dateUnder, signatureUnder, timeBoxes } from './common.js';

export const t183trust: LayoutDefinition = /* @__PURE__ */ (() => ({
  docType: 'T183TRUST',
  // T3 returns could be filed electronically (with this form) from tax year 2021.
  firstYear: 2021,
  formVersion: 'T183TRUST (edition in use for tax year {year})',
  title: {
    en: 'Information Return for the Electronic Filing of a Trust Return',
    fr: "Déclaration de renseignements pour la transmission électronique d'une déclaration de fiducie",
  },
  identifiers: [['Electronic Filing of a Trust Return'], ["transmission électronique d'une déclaration de fiducie"]],
  section: { text: ['Part E', 'Partie E'] },
  signers: ['trustee'],
  fields: [
    signatureUnder('trustee', ['Signature of trustee', 'Signature du fiduciaire', 'Signature']),
    dateUnder('trustee'),
    ...timeBoxes('trustee'),
  ],
  labelsSource:
    'English and French titles and the "must sign Part E" instruction from the published T183TRUST text; signature, Date and HH/MM/SS captions not checked against a print.',
}))();
