/**
 * Writes the bundled DT Max sample exports (samples/dtmax-*.csv) the demo and the README use.
 * They are Windows-1252 with `;` and CRLF, as the French edition of DT Max writes them. Run: `npx tsx scripts/make-samples.ts`.
 */
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { withCheckDigit } from '../test/fixtures/csv.js';

const spaced = (sin: string): string => `${sin.slice(0, 3)} ${sin.slice(3, 6)} ${sin.slice(6)}`;
const quote = (v: string): string => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const line = (cells: string[]): string => cells.map(quote).join(';');

const individuals = [
  ['NAS', 'Prénom', 'Nom', 'Date de naissance', 'Courriel', 'Téléphone', 'Langue', 'Adresse', 'Ville', 'Province', 'Code postal', 'Dossier', 'Lien', 'NAS du conjoint'],
  [spaced(withCheckDigit('13069254')), 'Simon', 'Provencher', '1978-05-14', 'simon.provencher@exemple.ca', '(514) 555-0142', 'Français', '1234, rue Saint-Denis', 'Montréal', 'Québec', 'h2x 3j8', 'PROVENCHER-2025', 'Contribuable', withCheckDigit('27184593')],
  [withCheckDigit('27184593'), 'Marie-Ève', 'Côté', '1980-11-02', 'marie-eve.cote@exemple.ca', '514-555-0143', 'F', '1234, rue Saint-Denis', 'Montréal', 'Qc', 'H2X3J8', 'PROVENCHER-2025', 'Conjoint', ''],
  ['000 000 000', 'Léa', 'Provencher', '2012-08-30', '', '', 'F', '1234, rue Saint-Denis', 'Montréal', 'QC', 'H2X 3J8', 'PROVENCHER-2025', 'Personne à charge', ''],
  [spaced(withCheckDigit('41258963')), 'Seán', 'O’Brien', '1965-02-28', 'sean.obrien@example.com', '+1 613 555 0199', 'Anglais', '88 Sparks Street', 'Ottawa', 'Ontario', 'K1P 5B4', 'OBRIEN-2025', 'Contribuable', ''],
  [withCheckDigit('52369874'), 'Benoît', 'Lœuillet', '03/04/1959', 'benoit.loeuillet@exemple.qc.ca', '418 555-0110', 'Français', 'Appartement 3\n45, chemin Sainte-Foy', 'Québec', 'Québec', 'G1R 1T1', 'LOEUILLET-2025', 'Contribuable', ''],
  [spaced(withCheckDigit('63147852')), 'Zoé', 'Gagnon-Tremblay', '25/12/1990', 'zoe.gt@exemple.ca', '450 555 0177 poste 12', 'F', '9, rang du Moulin', 'Saint-Jean-sur-Richelieu', 'Québec', 'J3B 7K9', 'GAGNON-2025', 'Contribuable', ''],
  ['123 456 789', 'Jean-François', 'Bélanger', '1972-07-19', 'jf.belanger@exemple.ca', '', 'F', '12, avenue des Érables', 'Gatineau', 'Québec', 'J8Y 6T1', 'BELANGER-2025', 'Contribuable', ''],
  [spaced(withCheckDigit('71593578')), 'Chloé', 'Lavoie', '1988-09-09', 'chloe.lavoie@@exemple', '', 'F', '300, boul. René-Lévesque', 'Québec', 'Québec', 'G1R 2B5', 'LAVOIE-2025', 'Contribuable', ''],
  [spaced(withCheckDigit('13069254')), 'Simon', 'PROVENCHER', '1978-05-14', '', '', 'F', '', '', '', '', 'PROVENCHER-2025', 'Contribuable', ''],
  ['9123 456 78', 'Amélie', 'Nguyen', '1995-01-31', 'amelie.nguyen@exemple.ca', '', 'F', '5, rue du Fort', 'Québec', 'Québec', 'G1R 3Z1', 'NGUYEN-2025', 'Contribuable', ''],
  [spaced(withCheckDigit('91234567')), 'Rahul', 'Sharma', '1993-06-01', 'rahul.sharma@example.com', '438-555-0123', 'E', '2020 University Street', 'Montreal', 'QC', 'H3A 2A5', 'SHARMA-2025', 'Taxpayer', ''],
  ['', 'Émile', 'Roy', '', '', '', 'F', '', '', '', '', '', '', ''],
];

const corporations = [
  ['NE', 'NEQ', 'Raison sociale', "Fin d'exercice", 'Personne-ressource', 'Courriel', 'Téléphone', 'Langue', 'Adresse', 'Ville', 'Province', 'Code postal'],
  [`${withCheckDigit('85214796')}RC0001`, '1171234567', 'Les Entreprises Côté et Fils ltée', '2025-12-31', 'Marie-Ève Côté', 'comptabilite@cote-fils.qc.ca', '514 555-0150', 'Français', '77, rue Notre-Dame Ouest', 'Montréal', 'Québec', 'H2Y 1S6'],
  [`${withCheckDigit('74185296')} RT 0001`, '', 'Boulangerie Œuf & Blé inc.', '2025-06-30', 'Benoît Lœuillet', 'info@oeufetble.ca', '', 'F', '3, côte de la Montagne', 'Québec', 'Qc', 'G1K 4E2'],
  [`${withCheckDigit('96385274')}RX0001`, '', 'Northern Widgets Corp.', '31/03/2025', 'Seán O’Brien', 'ap@northernwidgets.ca', '613-555-0101', 'Anglais', '150 Elgin Street', 'Ottawa', 'Ontario', 'K2P 1L4'],
  ['123456789RC0001', '', 'Société mal saisie inc.', '2025-12-31', '', '', '', 'F', '', '', '', ''],
];

const encode = (rows: string[][]): Buffer => iconv.encode(`${rows.map(line).join('\r\n')}\r\n`, 'win1252');
writeFileSync(new URL('../samples/dtmax-particuliers.csv', import.meta.url), encode(individuals));
writeFileSync(new URL('../samples/dtmax-societes.csv', import.meta.url), encode(corporations));
console.log('samples/dtmax-particuliers.csv, samples/dtmax-societes.csv written');
