/**
 * CO-1000.TE — Revenu Québec's electronic filing declaration for a corporation's CO-17 return.
 *
 * A person authorized by the corporation signs. No position has been measured on a print.
 */
import type { LayoutDefinition } from '../definition.js';
import { dateUnder, signatureUnder } from './common.js';

export const co1000te: LayoutDefinition = /* @__PURE__ */ (() => ({
  docType: 'CO-1000.TE',
  firstYear: 2020,
  formVersion: 'CO-1000.TE (edition in use for tax year {year})',
  title: {
    en: 'Electronic filing declaration (corporations, Revenu Québec)',
    fr: 'Déclaration de transmission électronique (sociétés, Revenu Québec)',
  },
  identifiers: [['CO-1000.TE']],
  signers: ['signing_officer'],
  fields: [
    signatureUnder('signing_officer', ['Signature de la personne autorisée', 'Signature of the authorized person', 'Signature of authorized person', 'Signature']),
    dateUnder('signing_officer'),
  ],
  labelsSource:
    'The form code CO-1000.TE identifies it; the signature and Date captions are the usual Revenu Québec wordings, not checked against a print. The title is how taxsync names the form to people.',
}))();
