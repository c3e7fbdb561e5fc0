/* A frozen copy of what #13 changed in src/parsers, as it was at 0078d5b: the reference of parse-differential.test.ts. Do not edit (but for the default locale, 'fr' since #10, and the masked values of phone_invalid, postal_code_invalid, province_unknown, language_unknown, role_unknown and the date issues, as in src). */
/**
 * The part both parsers share: recognising the header, then turning each row's cells into a validated
 * {@link ClientRecord} plus issues. Parsers only produce cells and row numbers.
 */
import type { Address, ClientKind, ClientRecord, CorporationRecord, IndividualRecord } from '../../../src/model/client.js';
import { excelSerialToDate, parseDate, spreadsheetDateToIso, type DateResult } from '../../../src/model/dates.js';
import { InvalidArgumentError } from '../../../src/errors/invalid-argument.js';
import { ParseError } from '../../../src/errors/parse.js';
import {
  validateBusinessNumber,
  validateEmail,
  validateNeq,
  validatePhone,
  validatePostalCode,
  validateProvince,
  validateSin,
} from '../../../src/model/identifiers.js';
import { maskBusinessNumber, maskCellText, maskEmail, maskNeq, maskPhone, maskPostalCode, maskShape, maskSin, maskText } from '../../../src/model/mask.js';
import { renderMessage, type IssueCode, type Locale, type MessageParams, type ParamsOf } from '../../../src/messages/catalogue.js';
import {
  CORPORATION_FIELDS,
  CORPORATION_ONLY_NAME_HEADERS,
  COUNTRY_VALUES,
  HEADER_ALIASES,
  INDIVIDUAL_FIELDS,
  KIND_MARKERS,
  LANGUAGE_VALUES,
  ROLE_VALUES,
  foldHeader,
  type ClientField,
} from '../../../src/parsers/aliases.js';
import { headerCandidates } from '../../../src/parsers/header-display.js';
import type { CellValue, ColumnMapping, IssueSeverity, ParseIssue, ParseOptions, ParsedRow } from '../../../src/parsers/types.js';


/** Records an issue of the row being built: the code with its declared params, then where it is. */
type RaiseIssue = <C extends IssueCode>(code: C, severity: IssueSeverity, params: ParamsOf<C>, field?: ClientField, column?: string) => void;
/** The params of a cell issue without the `column` the builder adds, optional when nothing else is declared. */
type CellIssueArgs<C extends IssueCode> = Record<never, never> extends Omit<ParamsOf<C>, 'column'> ? [params?: Omit<ParamsOf<C>, 'column'>] : [params: Omit<ParamsOf<C>, 'column'>];

/** How the columns of a file feed the fields. */
export interface HeaderPlan {
  readonly kind: ClientKind;
  readonly row: number;
  readonly columns: readonly ColumnMapping[];
  readonly unknownColumns: readonly string[];
  readonly width: number;
}

const MIN_RECOGNISED = 2;
const KEY_FIELDS: readonly ClientField[] = ['sin', 'lastName', 'firstName', 'businessNumber', 'neq', 'name'];

const cellText = (cell: CellValue | undefined): string => {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return '';
};

function normalizeOverrides(options: ParseOptions): Map<ClientField, string> {
  const result = new Map<ClientField, string>();
  if (options.columns === undefined) return result;
  const known = new Set<string>([...INDIVIDUAL_FIELDS, ...CORPORATION_FIELDS]);
  for (const [key, header] of Object.entries(options.columns)) {
    if (header === undefined) continue;
    const field = key.startsWith('address.') ? key.slice('address.'.length) : key;
    if (!known.has(field)) {
      throw new ParseError('unknown_field', { field: key, expected: [...known].join(', ') }, { locale: options.locale ?? 'fr' });
    }
    result.set(field as ClientField, header);
  }
  return result;
}

function detectKind(headers: readonly string[], overrides: ReadonlyMap<ClientField, string>): ClientKind | undefined {
  const score = (kind: ClientKind): number => {
    const aliases = HEADER_ALIASES[kind];
    let n = 0;
    for (const header of headers) {
      const field = aliases.get(foldHeader(header));
      if (field !== undefined && KIND_MARKERS[kind].includes(field)) n++;
    }
    for (const field of overrides.keys()) if (KIND_MARKERS[kind].includes(field)) n++;
    return n;
  };
  const individual = score('individual');
  let corporation = score('corporation');
  const corpNames = new Set(CORPORATION_ONLY_NAME_HEADERS.map(foldHeader));
  if (headers.some((h) => corpNames.has(foldHeader(h)))) corporation += 1;
  if (individual > corporation) return 'individual';
  if (corporation > individual) return 'corporation';
  return undefined;
}

/**
 * Checks the options both parsers take, before anything is read: a wrong option is the host's programming error.
 * @throws {@link InvalidArgumentError} `invalid_input` naming the option.
 */
export function checkParseOptions(options: unknown, extra: Readonly<Record<string, readonly unknown[]>> = {}): void {
  const asked = typeof options === 'object' && options !== null ? (options as ParseOptions).locale : undefined;
  const locale = asked === 'fr' || asked === 'en' ? asked : 'fr';
  const invalid = (detail: string): InvalidArgumentError => new InvalidArgumentError('invalid_input', { detail }, { locale });
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
  const o = options as Record<string, unknown>;
  const allowed: Readonly<Record<string, readonly unknown[]>> = {
    kind: ['individual', 'corporation'],
    locale: ['fr', 'en'],
    dateOrder: ['dmy', 'mdy'],
    ...extra,
  };
  for (const [key, values] of Object.entries(allowed)) {
    if (o[key] !== undefined && !values.includes(o[key])) throw invalid(`options.${key} must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  const columns = o.columns;
  if (columns !== undefined && (typeof columns !== 'object' || columns === null || Object.values(columns).some((h) => h !== undefined && typeof h !== 'string'))) {
    throw invalid('options.columns must map field names to header texts (strings)');
  }
}

/**
 * A forced `kind` that the columns contradict: the parser would read every person as a corporation named after
 * their last name (or find no header at all). The error names the columns — headers only — that point to the other kind.
 */
function kindContradicted(headers: readonly string[], forced: ClientKind, detected: ClientKind, options: ParseOptions): ParseError {
  const aliases = HEADER_ALIASES[detected];
  const corpNames = new Set(CORPORATION_ONLY_NAME_HEADERS.map(foldHeader));
  const pointing = headers.filter((header) => {
    const folded = foldHeader(header);
    const field = aliases.get(folded);
    return (field !== undefined && KIND_MARKERS[detected].includes(field)) || (detected === 'corporation' && corpNames.has(folded));
  });
  return new ParseError('kind_contradicted', { kind: forced, detected, columns: pointing.map(maskText).join(', ') }, { locale: options.locale ?? 'fr' });
}

/**
 * Maps one candidate header row. Returns undefined when it does not look like a client-list header, so callers can
 * try the next row (workbooks often have title rows above the header).
 */
export function planHeader(cells: readonly CellValue[], row: number, options: ParseOptions): HeaderPlan | undefined {
  const headers = cells.map(cellText);
  const overrides = normalizeOverrides(options);
  const detected = detectKind(headers, overrides);
  if (options.kind !== undefined && detected !== undefined && detected !== options.kind) throw kindContradicted(headers, options.kind, detected, options);
  const kind = options.kind ?? detected;
  if (kind === undefined) {
    const anyKnown = headers.some((h) => HEADER_ALIASES.individual.has(foldHeader(h)) || HEADER_ALIASES.corporation.has(foldHeader(h)));
    if (anyKnown && headers.filter((h) => h !== '').length >= MIN_RECOGNISED) {
      // Headers we know, but nothing says which kind: let the caller decide whether another row fits better.
      return undefined;
    }
    return undefined;
  }
  const aliases = HEADER_ALIASES[kind];
  const allowed = new Set<ClientField>(kind === 'individual' ? INDIVIDUAL_FIELDS : CORPORATION_FIELDS);
  const byHeader = new Map<string, ClientField>();
  for (const [field, header] of overrides) if (allowed.has(field)) byHeader.set(foldHeader(header), field);
  const columns: ColumnMapping[] = [];
  const unknownColumns: string[] = [];
  const taken = new Set<ClientField>();
  headers.forEach((header, index) => {
    if (header === '') return;
    const folded = foldHeader(header);
    const field = byHeader.get(folded) ?? aliases.get(folded);
    if (field === undefined || taken.has(field) || !allowed.has(field) || (overrides.has(field) && byHeader.get(folded) !== field)) {
      unknownColumns.push(header);
      return;
    }
    taken.add(field);
    columns.push({ header, index, field });
  });
  if (columns.length < MIN_RECOGNISED || !columns.some((c) => KEY_FIELDS.includes(c.field))) return undefined;
  for (const [field, header] of overrides) {
    if (allowed.has(field) && !columns.some((c) => c.field === field)) {
      const { shown, hidden } = headerCandidates([headers]);
      throw new ParseError('column_not_found', { field, header, found: shown.join(', '), unshown: hidden }, { locale: options.locale ?? 'fr' });
    }
  }
  return { kind, row, columns, unknownColumns, width: headers.length };
}

/** Throws the error for a file in which no row looked like a header. */
export function noHeaderError(candidates: readonly (readonly CellValue[])[], options: ParseOptions): ParseError {
  // Rows that were not a header may be data rows: only header words reach the message, the other cells are counted.
  const texts = candidates.map((cells) => cells.map(cellText));
  const { shown, hidden } = headerCandidates(texts);
  const seen = { found: shown.join(', '), unshown: hidden, rows: candidates.length };
  const locale = options.locale ?? 'fr';
  const overrides = normalizeOverrides(options);
  // A header row that maps but lacks what an override names must say so, not "no header".
  if (overrides.size > 0) {
    const present = new Set(texts.flat().map(foldHeader));
    for (const [field, header] of overrides) {
      if (!present.has(foldHeader(header))) return new ParseError('column_not_found', { field, header, ...seen }, { locale });
    }
  }
  const knownAny = candidates.some((cells) =>
    cells.filter((c) => HEADER_ALIASES.individual.has(foldHeader(cellText(c))) || HEADER_ALIASES.corporation.has(foldHeader(cellText(c)))).length >= MIN_RECOGNISED,
  );
  if (knownAny && options.kind === undefined) return new ParseError('kind_undetected', seen, { locale });
  return new ParseError('no_header', seen, { locale });
}

type MutableAddress = { -readonly [K in keyof Address]?: Address[K] };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface CommonFields {
  email?: string; phone?: string; language?: 'fr' | 'en'; address?: Address; clientFile?: string; clientNumber?: string;
}

function assignCommon(target: CommonFields, common: CommonFields): void {
  if (common.email !== undefined) target.email = common.email;
  if (common.phone !== undefined) target.phone = common.phone;
  if (common.language !== undefined) target.language = common.language;
  if (common.address !== undefined) target.address = common.address;
  if (common.clientFile !== undefined) target.clientFile = common.clientFile;
  if (common.clientNumber !== undefined) target.clientNumber = common.clientNumber;
}

/** Turns rows into records, tracking keys seen twice. One instance per file. */
export class RowBuilder {
  readonly plan: HeaderPlan;
  private readonly locale: Locale;
  private readonly options: ParseOptions;
  private readonly date1904: boolean;
  private readonly seen = new Map<string, number>();
  private readonly foldMemo = new Map<string, string>();
  private readonly provinceMemo = new Map<string, ReturnType<typeof validateProvince>>();

  constructor(plan: HeaderPlan, options: ParseOptions, date1904 = false) {
    this.plan = plan;
    this.options = options;
    this.locale = options.locale ?? 'fr';
    this.date1904 = date1904;
  }

  /**
   * An error issue about the cell in column `index` (0-based) of `row` that the reader found damaged, named by its
   * header (or its position when the header maps no field). No cell content goes into it.
   */
  cellIssue<C extends IssueCode>(code: C, row: number, index: number, ...args: CellIssueArgs<C>): ParseIssue {
    const mapped = this.plan.columns.find((c) => c.index === index);
    const column = mapped?.header ?? `#${index + 1}`;
    const full: MessageParams = { ...args[0], column };
    return {
      row,
      code,
      severity: 'error',
      message: renderMessage<IssueCode>(code, full, this.locale),
      params: full,
      ...(mapped === undefined ? {} : { field: mapped.field, column: mapped.header }),
    };
  }

  /** Builds the row, or returns undefined for a blank row (a row with an issue from the reader is never blank). */
  build(cells: readonly CellValue[], row: number, extraIssues: readonly ParseIssue[] = []): ParsedRow | undefined {
    if (cells.every((c) => cellText(c) === '')) return extraIssues.length === 0 ? undefined : { row, issues: [...extraIssues] };
    const issues: ParseIssue[] = [...extraIssues];
    const issue: RaiseIssue = (code, severity, shownParams, field, column) => {
      // A SIN in the wrong column (a shifted row) would otherwise be echoed in full by email_invalid and the like.
      const params = redactParams(shownParams);
      const found: Mutable<ParseIssue> = { row, code, severity, message: renderMessage<IssueCode>(code, params, this.locale), params };
      if (field !== undefined) found.field = field;
      if (column !== undefined) found.column = column;
      issues.push(found);
    };

    const values = new Map<ClientField, { cell: CellValue; text: string; header: string }>();
    for (const column of this.plan.columns) {
      const cell = cells[column.index] ?? null;
      if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
        issue('cell_error', 'warning', { column: column.header, value: cell.error }, column.field, column.header);
        continue;
      }
      const text = cellText(cell);
      if (text !== '') values.set(column.field, { cell, text, header: column.header });
    }
    const extra = cells.slice(this.plan.width).filter((c) => cellText(c) !== '').length;
    if (extra > 0) issue('extra_cells', 'warning', { count: extra });

    const text = (field: ClientField): string | undefined => {
      const v = values.get(field);
      return v === undefined ? undefined : tidy(v.text);
    };
    const columnOf = (field: ClientField): string | undefined => values.get(field)?.header ?? this.plan.columns.find((c) => c.field === field)?.header;
    const headerOf = (field: ClientField): string => columnOf(field) ?? field;
    const missingName = (field: 'firstName' | 'lastName' | 'name'): void => {
      const column = columnOf(field);
      issue('missing_name', 'error', column === undefined ? { field } : { field, column }, field, column);
    };

    const date = (field: ClientField): string | undefined => {
      const v = values.get(field);
      if (v === undefined) return undefined;
      let result: DateResult;
      if (v.cell instanceof Date) result = spreadsheetDateToIso(v.cell);
      else if (typeof v.cell === 'number') result = excelSerialToDate(v.cell, this.date1904);
      else result = parseDate(v.text, this.options.dateOrder);
      if (result.ok) return result.value;
      const shown = maskCellText(v.text);
      const code: IssueCode = result.reason === 'ambiguous' ? 'date_ambiguous' : result.reason === 'two_digit_year' ? 'date_two_digit_year' : 'date_invalid';
      issue(code, 'warning', { value: shown, column: v.header }, field, v.header);
      return undefined;
    };

    const common: CommonFields = {};
    const email = text('email');
    if (email !== undefined) {
      const r = validateEmail(email);
      if (r.ok) common.email = r.value;
      else issue('email_invalid', 'warning', { value: email.includes('@') ? maskEmail(email) : maskShape(email) }, 'email', headerOf('email'));
    }
    const phone = text('phone');
    if (phone !== undefined) {
      const r = validatePhone(phone);
      // An extension is kept in RFC 3966 form rather than dropped.
      if (r.ok) common.phone = r.extension === undefined ? r.value : `${r.value};ext=${r.extension}`;
      else issue('phone_invalid', 'warning', { value: maskPhone(phone) }, 'phone', headerOf('phone'));
    }
    const language = text('language');
    if (language !== undefined) {
      const value = LANGUAGE_VALUES.get(foldCached(this.foldMemo, language));
      if (value !== undefined) common.language = value;
      else issue('language_unknown', 'warning', { value: maskCellText(language) }, 'language', headerOf('language'));
    }
    const address: MutableAddress = {};
    const line1 = text('line1');
    if (line1 !== undefined) address.line1 = line1;
    const line2 = text('line2');
    if (line2 !== undefined) address.line2 = line2;
    const city = text('city');
    if (city !== undefined) address.city = city;
    const country = text('country');
    if (country !== undefined) address.country = COUNTRY_VALUES.get(foldCached(this.foldMemo, country)) ?? country;
    const canadian = address.country === undefined || address.country === 'CA';
    const province = text('province');
    if (province !== undefined) {
      const r = provinceCached(this.provinceMemo, province);
      if (r.ok) address.province = r.value;
      else if (canadian) issue('province_unknown', 'warning', { value: maskCellText(province) }, 'province', headerOf('province'));
    }
    const postalCode = text('postalCode');
    if (postalCode !== undefined) {
      const r = validatePostalCode(postalCode);
      if (r.ok) address.postalCode = r.value;
      else if (canadian) issue('postal_code_invalid', 'warning', { value: maskPostalCode(postalCode) }, 'postalCode', headerOf('postalCode'));
      else address.postalCode = postalCode;
    }
    if (Object.keys(address).length > 0) common.address = address;
    const clientFile = text('clientFile');
    if (clientFile !== undefined) common.clientFile = clientFile;
    const clientNumber = text('clientNumber');
    if (clientNumber !== undefined) common.clientNumber = clientNumber;

    let record: ClientRecord | undefined;
    let key: { id: string; kind: 'sin' | 'bn'; shown: string } | undefined;
    if (this.plan.kind === 'individual') {
      const sin = this.readSin(values.get('sin'), issue);
      const firstName = text('firstName');
      const lastName = text('lastName');
      let ok = sin !== 'invalid';
      if (firstName === undefined || lastName === undefined) {
        const missing = firstName === undefined ? 'firstName' : 'lastName';
        if (sin === undefined && firstName === undefined && lastName === undefined) {
          issue('missing_identifier', 'error', { kind: this.plan.kind });
        } else {
          missingName(missing);
        }
        ok = false;
      } else if (sin === undefined && common.clientFile === undefined) {
        issue('missing_identifier', 'error', { kind: this.plan.kind }, 'sin', headerOf('sin'));
        ok = false;
      }
      const birthDate = date('birthDate');
      let spouseSin: string | undefined;
      const spouse = values.get('spouseSin');
      if (spouse !== undefined && !isNoSin(spouse.text)) {
        const r = validateSin(spouse.text);
        if (r.ok) spouseSin = r.value;
        else issue('spouse_sin_invalid', 'warning', { value: maskSin(spouse.text), reason: r.reason }, 'spouseSin', spouse.header);
      }
      let role: IndividualRecord['role'];
      const roleText = text('role');
      if (roleText !== undefined) {
        role = ROLE_VALUES.get(foldCached(this.foldMemo, roleText));
        if (role === undefined) issue('role_unknown', 'warning', { value: maskCellText(roleText) }, 'role', headerOf('role'));
      }
      if (ok && firstName !== undefined && lastName !== undefined) {
        // Built by assignment, not spreads: this runs for every row of files with 100,000 of them.
        const individual: Mutable<IndividualRecord> = { kind: 'individual', firstName, lastName };
        if (typeof sin === 'string' && sin !== 'invalid') individual.sin = sin;
        if (birthDate !== undefined) individual.birthDate = birthDate;
        if (spouseSin !== undefined) individual.spouseSin = spouseSin;
        if (role !== undefined) individual.role = role;
        assignCommon(individual, common);
        individual.source = { row };
        record = individual;
        if (typeof sin === 'string' && sin !== 'invalid') key = { id: `sin:${sin}`, kind: 'sin', shown: maskSin(sin) };
      }
    } else {
      const name = text('name');
      let ok = true;
      let businessNumber: string | undefined;
      let programAccount: string | undefined;
      const bn = values.get('businessNumber');
      if (bn !== undefined) {
        const r = validateBusinessNumber(bn.text);
        if (r.ok) {
          businessNumber = r.value;
          programAccount = r.programAccount;
          if (r.unknownProgram && r.programAccount !== undefined) {
            issue('bn_program_unknown', 'warning', { program: r.programAccount.slice(0, 2) }, 'businessNumber', bn.header);
          }
        } else {
          issue('bn_invalid', 'error', { value: maskBusinessNumber(bn.text), reason: r.reason }, 'businessNumber', bn.header);
          ok = false;
        }
      }
      const program = text('programAccount');
      if (program !== undefined && programAccount === undefined) {
        const compact = program.replace(/[\s-]/g, '').toUpperCase();
        const full = /^\d{9}[A-Z]{2}\d{4}$/.test(compact) ? compact.slice(9) : compact;
        if (/^[A-Z]{2}\d{4}$/.test(full)) programAccount = full;
        else issue('bn_invalid', 'warning', { value: maskBusinessNumber(program), reason: 'format' }, 'programAccount', headerOf('programAccount'));
      }
      let neq: string | undefined;
      const neqText = text('neq');
      if (neqText !== undefined) {
        const r = validateNeq(neqText);
        if (r.ok) neq = r.value;
        else issue('neq_invalid', 'warning', { value: maskNeq(neqText) }, 'neq', headerOf('neq'));
      }
      if (name === undefined) {
        if (bn === undefined) issue('missing_identifier', 'error', { kind: this.plan.kind });
        else missingName('name');
        ok = false;
      }
      const fiscalYearEnd = date('fiscalYearEnd');
      const contactName = text('contactName');
      if (ok && name !== undefined) {
        const corporation: Mutable<CorporationRecord> = { kind: 'corporation', name };
        if (businessNumber !== undefined) corporation.businessNumber = businessNumber;
        if (programAccount !== undefined) corporation.programAccount = programAccount;
        if (neq !== undefined) corporation.neq = neq;
        if (fiscalYearEnd !== undefined) corporation.fiscalYearEnd = fiscalYearEnd;
        if (contactName !== undefined) corporation.contactName = contactName;
        assignCommon(corporation, common);
        corporation.source = { row };
        record = corporation;
        if (businessNumber !== undefined) key = { id: `bn:${businessNumber}`, kind: 'bn', shown: maskBusinessNumber(businessNumber) };
      }
    }

    const rejected = issues.some((i) => i.severity === 'error');
    // Only rows that become records count as holders of a key: a rejected row is no duplicate of anything.
    if (!rejected && record !== undefined && key !== undefined) {
      const first = this.seen.get(key.id);
      if (first === undefined) this.seen.set(key.id, row);
      else issue('duplicate_key', 'warning', { kind: key.kind, key: key.shown, otherRow: first }, key.kind === 'sin' ? 'sin' : 'businessNumber');
    }
    return rejected || record === undefined ? { row, issues } : { row, record, issues };
  }

  /** Reads the SIN cell: the bare digits, undefined when absent or "none", or 'invalid' after recording why. */
  private readSin(
    value: { cell: CellValue; text: string; header: string } | undefined,
    issue: RaiseIssue,
  ): string | undefined | 'invalid' {
    if (value === undefined) return undefined;
    const { cell, text, header } = value;
    if (typeof cell === 'number') {
      if (cell === 0) return undefined;
      if (!Number.isInteger(cell) || cell < 0 || cell >= 1e9) {
        issue('sin_format', 'error', { value: maskSin(text) }, 'sin', header);
        return 'invalid';
      }
      if (cell < 1e8) {
        issue('sin_truncated', 'error', { value: maskSin(text), digits: text.length }, 'sin', header);
        return 'invalid';
      }
    }
    if (/^\d(?:[.,]\d+)?e\+?\d+$/i.test(text)) {
      issue('sin_scientific', 'error', {}, 'sin', header);
      return 'invalid';
    }
    if (isNoSin(text)) return undefined;
    const compact = text.replace(/[\s.-]/g, '');
    if (/^\d{7,8}$/.test(compact)) {
      issue('sin_truncated', 'error', { value: maskSin(compact), digits: compact.length }, 'sin', header);
      return 'invalid';
    }
    const r = validateSin(text);
    if (r.ok) return r.value;
    const masked = maskSin(text);
    if (r.reason === 'never_issued') issue('sin_never_issued', 'error', { value: masked, prefix: compact[0] ?? '' }, 'sin', header);
    else if (r.reason === 'checksum') issue('sin_invalid', 'error', { value: masked }, 'sin', header);
    else issue('sin_format', 'error', { value: masked }, 'sin', header);
    return 'invalid';
  }
}

/** Trims, collapses inner whitespace (line breaks included) and composes accents (NFC), skipping work for plain text. */
function tidy(value: string): string {
  // Most cells have no double space, no other whitespace than ' ' and no combining accent: nothing to do.
  if (!/\s\s|[^\S ]|[\u0300-\u036f]/.test(value)) return value;
  return value.replace(/\s+/g, ' ').normalize('NFC');
}

// Code-like values (languages, roles, provinces, countries) repeat on every row: fold each distinct one once.
const MEMO_LIMIT = 4096;
function foldCached(foldMemo: Map<string, string>, value: string): string {
  let folded = foldMemo.get(value);
  if (folded === undefined) {
    folded = foldHeader(value);
    if (foldMemo.size < MEMO_LIMIT) foldMemo.set(value, folded);
  }
  return folded;
}
function provinceCached(provinceMemo: Map<string, ReturnType<typeof validateProvince>>, value: string): ReturnType<typeof validateProvince> {
  let result = provinceMemo.get(value);
  if (result === undefined) {
    result = validateProvince(value);
    if (provinceMemo.size < MEMO_LIMIT) provinceMemo.set(value, result);
  }
  return result;
}

/** The tax programs write `000 000 000` (or `0`) for "no SIN". */
function isNoSin(text: string): boolean {
  return /^[0\s-]+$/.test(text);
}

/** Masks every number that could be a SIN or BN, and every e-mail address, in the string values of issue params. */
function redactParams(params: MessageParams): MessageParams {
  let out: Record<string, string | number> | undefined;
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string' || (!/\d/.test(value) && !value.includes('@'))) continue;
    const masked = maskText(value);
    if (masked !== value) (out ??= { ...params })[key] = masked;
  }
  return out ?? params;
}

/** The mapping and unknown columns of a plan, for `meta`. */
export function planMeta(plan: HeaderPlan): { headerRow: number; columns: readonly ColumnMapping[]; unknownColumns: readonly string[]; kind: ClientKind } {
  return { headerRow: plan.row, columns: plan.columns, unknownColumns: plan.unknownColumns, kind: plan.kind };
}
