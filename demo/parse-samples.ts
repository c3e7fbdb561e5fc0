/**
 * Demo, part 1: read the bundled DT Max and Taxprep exports and show what was read and every row issue, the way a
 * preparer would want to see it before importing.
 */
import { readFile } from 'node:fs/promises';
import { maskBirthDate, maskSin, maskBusinessNumber, parseDtmaxCsv, type ClientRecord, type Locale, type ParseResult } from '../src/index.js';

const sample = (name: string): URL => new URL(`../samples/${name}`, import.meta.url);

function describe(record: ClientRecord): string {
  if (record.kind === 'individual') {
    const id = record.sin === undefined ? '(sans NAS / no SIN)' : maskSin(record.sin);
    const born = record.birthDate === undefined ? '' : ` né(e) ${maskBirthDate(record.birthDate)}`;
    const family = record.clientFile === undefined ? '' : ` — ${record.clientFile}${record.role === undefined ? '' : ` (${record.role})`}`;
    return `${id}  ${record.firstName} ${record.lastName}${born}${record.email === undefined ? '' : ` <${record.email}>`}${family}`;
  }
  const id = record.businessNumber === undefined ? '(sans NE / no BN)' : maskBusinessNumber(`${record.businessNumber}${record.programAccount ?? ''}`);
  return `${id}  ${record.name}${record.fiscalYearEnd === undefined ? '' : `, fin d'exercice ${record.fiscalYearEnd}`}${record.email === undefined ? '' : ` <${record.email}>`}`;
}

/** Prints one parse result. */
export function printParse(title: string, result: ParseResult, locale: Locale, log: (line: string) => void): void {
  const { meta } = result;
  const c = meta.counts;
  const where = meta.format === 'csv' ? `${meta.encoding ?? ''}, délimiteur «${meta.delimiter === '\t' ? 'tab' : (meta.delimiter ?? '')}»` : `feuille «${meta.sheet ?? ''}»`;
  log(`\n### ${title}`);
  log(`${meta.kind === 'individual' ? 'Particuliers' : 'Sociétés'} — ${where}, en-tête à la ligne ${meta.headerRow}`);
  log(`Colonnes : ${meta.columns.map((m) => `${m.header} → ${m.field}`).join(', ')}`);
  if (meta.unknownColumns.length > 0) log(`Colonnes ignorées : ${meta.unknownColumns.join(', ')}`);
  log(`${c.rows} lignes lues : ${c.records} clients valides, ${c.rejected} rejetées, ${c.warnings} avertissement(s)`);
  for (const record of result.records) log(`  ✓ ligne ${String(record.source?.row ?? '?').padStart(3)}  ${describe(record)}`);
  for (const issue of result.issues) {
    const mark = issue.severity === 'error' ? '✗ erreur' : '! avertissement';
    log(`  ${mark} ligne ${issue.row}${issue.column === undefined ? '' : ` [${issue.column}]`} : ${issue.message}`);
  }
  void locale;
}

/** Reads every bundled sample and prints it. */
export async function runParseDemo(log: (line: string) => void): Promise<void> {
  log('## 1. Lecture des exportations / Reading the exports');
  for (const [file, title] of [
    ['dtmax-particuliers.csv', 'DT Max — particuliers (CSV, Windows-1252)'],
    ['dtmax-societes.csv', 'DT Max — sociétés (CSV, Windows-1252)'],
  ] as const) {
    printParse(title, await parseDtmaxCsv(await readFile(sample(file)), { locale: 'fr' }), 'fr', log);
  }
  let xlsx: typeof import('../src/xlsx.js') | undefined;
  try {
    xlsx = await import('../src/xlsx.js');
  } catch {
    xlsx = undefined;
  }
  const parseTaxprepXlsx = (xlsx as Record<string, unknown> | undefined)?.parseTaxprepXlsx as
    | ((input: Uint8Array, options: { locale: Locale }) => Promise<ParseResult>)
    | undefined;
  if (parseTaxprepXlsx === undefined) return;
  for (const [file, title] of [
    ['taxprep-particuliers.xlsx', 'Taxprep — particuliers (XLSX)'],
    ['taxprep-societes.xlsx', 'Taxprep — sociétés (XLSX)'],
  ] as const) {
    const bytes = await readFile(sample(file)).catch(() => undefined);
    if (bytes !== undefined) printParse(title, await parseTaxprepXlsx(bytes, { locale: 'fr' }), 'fr', log);
  }
}
