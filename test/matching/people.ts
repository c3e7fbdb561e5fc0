/** The clients the dispatch tests send documents to: accents, apostrophes, hyphens, one without an e-mail. */
import type { ClientRecord } from '../../src/index.js';

export const PEOPLE: readonly ClientRecord[] = [
  { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca', language: 'fr' },
  { kind: 'individual', sin: '271845935', firstName: 'Marie-Ève', lastName: 'Côté', email: 'marie-eve.cote@exemple.ca', language: 'fr' },
  { kind: 'individual', sin: '412589632', firstName: 'Seán', lastName: 'O’Brien', email: 'sean.obrien@example.com', language: 'en' },
  { kind: 'individual', sin: '631478526', firstName: 'Zoé', lastName: 'Gagnon-Tremblay', language: 'fr' },
  { kind: 'individual', sin: '523698744', firstName: 'Benoît', lastName: 'Lœuillet', email: 'benoit@exemple.qc.ca', language: 'fr' },
];
