/**
 * Writes the two sample Taxprep exports the demo reads: `samples/taxprep-particuliers.xlsx` (individuals, grouped in
 * client files with family roles) and `samples/taxprep-societes.xlsx` (corporations). Run: `npx tsx scripts/make-sample-xlsx.ts`.
 *
 * The rows are invented but shaped like a real Quebec firm's export, including what goes wrong in real files: a SIN
 * typed with a wrong digit, a SIN column formatted as a number that lost a digit, a birth date typed as ambiguous text,
 * a postal code missing a character, an invalid business number. Every SIN and BN here is made up; the valid ones
 * pass the check digit.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

const out = new URL('../samples/', import.meta.url);

const day = (year: number, month: number, date: number): Date => new Date(Date.UTC(year, month - 1, date));
/** Excel's serial number of a date (1900 date system): what a date typed in a cell formatted as General becomes. */
const serial = (year: number, month: number, date: number): number => (Date.UTC(year, month - 1, date) - Date.UTC(1899, 11, 30)) / 86_400_000;
const mail = (address: string): ExcelJS.CellHyperlinkValue => ({ text: address, hyperlink: `mailto:${address}` });

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Taxprep';
  workbook.company = 'Cabinet Gagnon & Associés CPA inc.';
  workbook.created = new Date(Date.UTC(2025, 2, 14, 13, 45));
  workbook.modified = workbook.created;
  return workbook;
}

/** Two title rows, a blank row, then a bold header on a grey band: how Taxprep's client-list report is laid out. */
function titleAndHeader(sheet: ExcelJS.Worksheet, title: string, headers: readonly string[], widths: readonly number[]): void {
  sheet.getCell('A1').value = title;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = 'Cabinet Gagnon & Associés CPA inc. — exporté le 14 mars 2025';
  sheet.getCell('A2').font = { italic: true };
  const header = sheet.getRow(4);
  headers.forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
}

async function individuals(): Promise<Uint8Array> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet('Particuliers');
  titleAndHeader(
    sheet,
    'Taxprep 2024 — Liste des clients (particuliers)',
    ['Fichier client', 'Membre de la famille', 'NAS', 'Prénom', 'Nom', 'Date de naissance', 'Courriel', 'Téléphone', 'Langue de correspondance', 'Adresse', 'Ville', 'Province', 'Code postal', 'NAS du conjoint'],
    [22, 20, 14, 16, 14, 16, 32, 16, 12, 30, 16, 9, 11, 14],
  );
  const rows: ExcelJS.CellValue[][] = [
    // The Gagnon-Tremblay family: taxpayer, spouse (SIN stored as a number: valid), two dependants without SIN.
    ['GAGNON-TREMBLAY 2024', 'Contribuable', '327 462 586', 'Marie-Ève', 'Gagnon', day(1980, 3, 4), mail('marie-eve.gagnon@videotron.ca'), '514 555-0142', 'Français', '1234, rue Saint-Denis', 'Montréal', 'QC', 'H2X 3J8', '456 123 785'],
    ['GAGNON-TREMBLAY 2024', 'Conjoint', 456123785, 'Jean-François', 'Tremblay', serial(1979, 5, 26), mail('jf.tremblay@gmail.com'), '514 555-0199', 'Français', '1234, rue Saint-Denis', 'Montréal', 'QC', 'H2X 3J8', '327 462 586'],
    ['GAGNON-TREMBLAY 2024', 'Personne à charge', null, 'Léa', 'Tremblay', day(2012, 7, 15), null, null, 'Français', '1234, rue Saint-Denis', 'Montréal', 'QC', 'H2X 3J8', null],
    ['GAGNON-TREMBLAY 2024', 'Personne à charge', null, 'Noah', 'Tremblay', day(2015, 11, 2), null, null, 'Français', '1234, rue Saint-Denis', 'Montréal', 'QC', 'H2X 3J8', null],
    // A SIN typed with one wrong digit (the check digit fails).
    ['CÔTÉ 2024', 'Contribuable', '614 725 837', 'Hélène', 'Côté', day(1955, 11, 2), mail('helene.cote@sympatico.ca'), '819 555-0175', 'Français', '45, rue King Ouest', 'Sherbrooke', 'QC', 'J1H 1N9', null],
    // The SIN column was formatted as a number and the SIN lost a digit: 8 digits left.
    ['BÉLANGER 2024', 'Contribuable', 52398741, 'François', 'Bélanger', day(1968, 1, 19), mail('f.belanger@outlook.com'), '418 555-0110', 'Français', '12, rue Wolfe', 'Lévis', 'QC', 'G6V 3Y8', null],
    // Birth date typed as text that could be 3 April or 4 March.
    ['O’BRIEN 2024', 'Contribuable', '710 258 468', 'Seán', 'O’Brien', '03/04/1978', mail('sean.obrien@gmail.com'), '(514) 555-0123', 'Anglais', '5500, avenue Monkland', 'Montréal', 'QC', 'H4A 1E3', '321-789-455'],
    ['O’BRIEN 2024', 'Conjoint', '321-789-455', 'Siobhan', 'O’Brien', '1979-08-21', mail('siobhan.obrien@gmail.com'), '(514) 555-0124', 'Anglais', '5500, avenue Monkland', 'Montréal', 'QC', 'H4A 1E3', '710-258-468'],
    // A postal code missing its last character.
    ['LÉVESQUE 2024', 'Contribuable', '523 987 410', 'Benoît', 'Lévesque', day(1972, 9, 30), mail('benoit.levesque@videotron.ca'), '418 555-0188', 'Français', '88, boulevard René-Lévesque Est', 'Québec', 'QC', 'G1R 2B', null],
    ['NGUYEN 2024', 'Contribuable', '382 910 479', 'Thi Minh Anh', 'Nguyen', day(1990, 2, 14), mail('minhanh.nguyen@gmail.com'), '450 555-0166', 'Français', '3030, boulevard Le Carrefour', 'Laval', 'QC', 'H7T 2P5', null],
    ['ROY-PELLETIER 2024', 'Contribuable', '482 019 379', 'Sophie', 'Roy', day(1985, 6, 12), mail('sophie.roy@icloud.com'), '819 555-0140', 'Français', '77, rue Laurier', 'Gatineau', 'QC', 'J8X 3V8', '192 837 466'],
    ['ROY-PELLETIER 2024', 'Conjoint', '192 837 466', 'Marc', 'Pelletier', day(1983, 10, 3), mail('marc.pelletier@icloud.com'), '819 555-0141', 'Français', '77, rue Laurier', 'Gatineau', 'QC', 'J8X 3V8', '482 019 379'],
    ['ROY-PELLETIER 2024', 'Personne à charge', null, 'Émile', 'Pelletier', day(2018, 4, 27), null, null, 'Français', '77, rue Laurier', 'Gatineau', 'QC', 'J8X 3V8', null],
    ['GAUTHIER 2024', 'Contribuable', '628 193 740', 'Gilles', 'Gauthier', day(1949, 12, 8), null, '418 555-0102', 'Français', '210, avenue de la Cathédrale', 'Rimouski', 'QC', 'G5L 5J2', null],
    ['THÉRIAULT 2024', 'Contribuable', '739 501 286', 'Chantal', 'Thériault', day(1976, 5, 5), mail('chantal.theriault@bell.net'), '506 555-0133', 'Français', '140, rue Main', 'Moncton', 'NB', 'E1C 1B8', null],
  ];
  rows.forEach((values, i) => {
    const row = sheet.getRow(5 + i);
    values.forEach((value, c) => {
      if (value !== null) row.getCell(c + 1).value = value;
    });
  });
  sheet.getColumn(6).numFmt = 'yyyy-mm-dd';
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function corporations(): Promise<Uint8Array> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet('Sociétés');
  titleAndHeader(
    sheet,
    'Taxprep T2 2024 — Liste des clients (sociétés)',
    ['Fichier client', 'NE', 'NEQ', 'Raison sociale', "Fin d'exercice", 'Personne-ressource', 'Courriel', 'Téléphone', 'Langue', 'Adresse', 'Ville', 'Province', 'Code postal'],
    [22, 18, 13, 34, 14, 22, 30, 16, 10, 30, 14, 9, 11],
  );
  const rows: ExcelJS.CellValue[][] = [
    ['BOULANGERIE CÔTÉ 2024', '871234563 RC0001', 1171234567, 'Boulangerie Côté inc.', day(2024, 12, 31), 'Hélène Côté', mail('info@boulangeriecote.ca'), '819 555-0175', 'Français', '45, rue King Ouest', 'Sherbrooke', 'QC', 'J1H 1N9'],
    ['TOITURES BÉLANGER 2024', '865473219 RC0001', '1169876543', 'Les Toitures Bélanger ltée', day(2024, 6, 30), 'François Bélanger', mail('admin@toituresbelanger.ca'), '418 555-0110', 'Français', '12, rue Wolfe', 'Lévis', 'QC', 'G6V 3Y8'],
    ['GESTION GAGNON 2024', '793412560 RC0001', '1145678901', 'Gestion Gagnon-Tremblay inc.', day(2024, 9, 30), 'Marie-Ève Gagnon', mail('marie-eve.gagnon@videotron.ca'), '514 555-0142', 'Français', '1234, rue Saint-Denis', 'Montréal', 'QC', 'H2X 3J8'],
    ['CLINIQUE LÉVESQUE 2024', '833654122 RC0001', '1177654321', 'Clinique dentaire Lévesque inc.', day(2025, 1, 31), 'Benoît Lévesque', mail('clinique@dentairelevesque.ca'), '418 555-0188', 'Français', '88, boulevard René-Lévesque Est', 'Québec', 'QC', 'G1R 2B5'],
    ['TRANSPORT NGUYEN 2024', '741258966 RC0001', '1180011223', 'Transport Nguyen inc.', day(2024, 3, 31), 'Thi Minh Anh Nguyen', mail('dispatch@transportnguyen.ca'), '450 555-0166', 'Anglais', '3030, boulevard Le Carrefour', 'Laval', 'QC', 'H7T 2P5'],
    // A business number with a typo (its check digit fails).
    ['ATELIER PELLETIER 2024', '123456789 RC0001', '1162233445', 'Atelier d’ébénisterie Pelletier inc.', day(2024, 12, 31), 'Marc Pelletier', mail('atelier@ebenisteriepelletier.ca'), '819 555-0141', 'Français', '77, rue Laurier', 'Gatineau', 'QC', 'J8X 3V8'],
  ];
  rows.forEach((values, i) => {
    const row = sheet.getRow(5 + i);
    values.forEach((value, c) => {
      if (value !== null) row.getCell(c + 1).value = value;
    });
  });
  sheet.getColumn(5).numFmt = 'yyyy-mm-dd';
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

mkdirSync(out, { recursive: true });
writeFileSync(new URL('taxprep-particuliers.xlsx', out), await individuals());
writeFileSync(new URL('taxprep-societes.xlsx', out), await corporations());
console.log('wrote samples/taxprep-particuliers.xlsx and samples/taxprep-societes.xlsx');
