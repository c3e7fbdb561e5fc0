/**
 * AUTH — the authorization request page that tax software prints for the taxpayer to sign when a representative
 * asks for online access (it replaced the T1013 sent through software). No position has been measured on a print.
 */
import type { LayoutDefinition } from '../definition.js';
import { dateUnder, signatureUnder } from './common.js';

export const auth: LayoutDefinition = /* @__PURE__ */ (() => ({
  docType: 'AUTH',
  firstYear: 2021,
  formVersion: 'Software authorization request (tax year {year})',
  title: {
    en: 'Authorization request for a representative',
    fr: "Demande d'autorisation d'un représentant",
  },
  identifiers: [['Authorization request', 'representative'], ["Demande d'autorisation", 'représentant']],
  signers: ['taxpayer'],
  fields: [
    signatureUnder('taxpayer', [
      'Signature of the individual or legal representative',
      'Signature of individual or legal representative',
      'Signature du particulier ou de son représentant légal',
      'Signature',
    ]),
    dateUnder('taxpayer'),
  ],
  labelsSource:
    'Wordings of the software-printed authorization request as known, not checked against a print from each program; the page must mention both the request and the representative to be identified.',
}))();
