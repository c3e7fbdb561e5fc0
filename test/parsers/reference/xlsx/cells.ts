/* A frozen copy of src/parsers at 0078d5b (before #13), the reference of parse-differential.test.ts. Do not edit. */
/**
 * One normaliser for every shape of cell value exceljs hands out, so the workbook parser never meets an object it
 * does not expect. Pure: it imports nothing from exceljs and runs anywhere.
 */
import type { CellValue } from '../types.js';

/** OOXML escapes characters XML cannot carry as `_xHHHH_` (a carriage return is `_x000D_`, a literal `_` before such a pattern is `_x005F_`). */
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** Decodes OOXML `_xHHHH_` escapes. */
export const decodeEscapes = (text: string): string =>
  text.includes('_x') ? text.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null;

/** The address of a `mailto:` link, without its `?subject=…` part. */
function mailtoAddress(link: string): string {
  const address = link.slice('mailto:'.length).split('?')[0] ?? '';
  try {
    return decodeURIComponent(address);
  } catch {
    return address;
  }
}

/** Text of exceljs rich text (`{ richText: [{ text, font }] }`), whose runs may have `text: null` in the streaming reader. */
function richTextOf(runs: readonly unknown[]): string {
  let text = '';
  for (const run of runs) if (isRecord(run) && typeof run.text === 'string') text += run.text;
  return decodeEscapes(text);
}

/**
 * Turns any exceljs cell value into the plain {@link CellValue} the row validator reads:
 *
 * | exceljs value | result |
 * |---|---|
 * | `null`, `undefined`, a formula without a cached result | `null` |
 * | string, number, boolean, `Date` | the same (OOXML `_xHHHH_` escapes decoded; a non-finite number becomes `{ error: '#NUM!' }`) |
 * | `{ richText: [...] }` | the runs' text joined |
 * | `{ text, hyperlink }` (text possibly rich text) | the text shown; the address of a `mailto:` link when the text is empty |
 * | `{ formula \| sharedFormula, result }` | the result, normalised the same way (a `Date`, an `{ error }`…) |
 * | `{ sharedString: n }` | entry `n` of `sharedStrings`, normalised, or `null` without the table |
 * | `{ error: '#N/A' }` | `{ error: '#N/A' }` |
 *
 * @param value - A cell value as exceljs returns it (`cell.value`, or an entry of `row.values`).
 * @param sharedStrings - The workbook's shared-string table, when the reader was told to hand out indexes.
 *
 * @example
 * ```ts
 * normalizeExcelCell({ richText: [{ text: 'Jo' }, { text: 'sée' }] }); // 'Josée'
 * normalizeExcelCell({ formula: 'A1*2', result: 4 });                 // 4
 * normalizeExcelCell({ text: 'Écrire', hyperlink: 'mailto:jo@exemple.ca' }); // 'Écrire'
 * ```
 */
export function normalizeExcelCell(value: unknown, sharedStrings?: readonly unknown[]): CellValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return decodeEscapes(value);
    case 'number':
      return Number.isFinite(value) ? value : { error: '#NUM!' };
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return null;
  }
  if (value instanceof Date) return value;
  if (!isRecord(value)) return null;
  if (typeof value.error === 'string') return { error: value.error };
  if (Array.isArray(value.richText)) return richTextOf(value.richText);
  if ('hyperlink' in value) {
    const text = normalizeExcelCell(value.text);
    if ((text === null || text === '') && typeof value.hyperlink === 'string' && /^mailto:/i.test(value.hyperlink)) {
      return mailtoAddress(value.hyperlink);
    }
    return text;
  }
  if ('formula' in value || 'sharedFormula' in value || 'result' in value) {
    // A formula's result is one of the plain shapes (never another formula); recursion is one level deep.
    return normalizeExcelCell(value.result, sharedStrings);
  }
  if (typeof value.sharedString === 'number') {
    return sharedStrings === undefined ? null : normalizeExcelCell(sharedStrings[value.sharedString]);
  }
  if (typeof value.text === 'string') return decodeEscapes(value.text);
  return null;
}
