/**
 * The part both parsers share: recognising the header, then turning each row's cells into a validated
 * {@link ClientRecord} plus issues. Parsers only produce cells and row numbers.
 */
import type { Address, ClientKind, ClientRecord, IndividualRecord } from '../model/client.js';
import { excelSerialToDate, parseDate, spreadsheetDateToIso, type DateResult } from '../model/dates.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { ParseError } from '../errors/parse.js';
import {
  validateBusinessNumber,
  validateEmail,
  validateNeq,
  validatePhone,
  validatePostalCode,
  validateProvince,
  validateSin,
} from '../model/identifiers.js';
import { maskBusinessNumber, maskCellText, maskEmail, maskNeq, maskPhone, maskPostalCode, maskShape, maskSin, maskText } from '../model/mask.js';
import { renderMessage, type IssueCode, type Locale, type MessageParams, type ParamsOf } from '../messages/catalogue.js';
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
} from './aliases.js';
import { headerCandidates } from './header-display.js';
import { KeyRows } from './key-rows.js';
import { newAddress, newCorporation, newIndividual, type CommonFields } from './record-shapes.js';
import type { CellValue, ColumnMapping, IssueSeverity, ParseIssue, ParseOptions, ParsedRow } from './types.js';
import { DEFAULT_LOCALE } from '../messages/define.js';


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
      throw new ParseError('unknown_field', { field: key, expected: [...known].join(', ') }, { locale: options.locale ?? DEFAULT_LOCALE });
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
  const locale = asked === 'fr' || asked === 'en' ? asked : DEFAULT_LOCALE;
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
  return new ParseError('kind_contradicted', { kind: forced, detected, columns: pointing.map(maskText).join(', ') }, { locale: options.locale ?? DEFAULT_LOCALE });
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
      throw new ParseError('column_not_found', { field, header, found: shown.join(', '), unshown: hidden }, { locale: options.locale ?? DEFAULT_LOCALE });
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
  const locale = options.locale ?? DEFAULT_LOCALE;
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Turns rows into records, tracking keys seen twice. One instance per file. */
export class RowBuilder {
  readonly plan: HeaderPlan;
  private readonly locale: Locale;
  private readonly options: ParseOptions;
  private readonly date1904: boolean;
  /** Rows of the keys (SIN or BN, as numbers) seen so far: 8 bytes a key, however many rows. */
  private readonly seen = new KeyRows();
  /** Where each field's column is in `plan.columns`, and its header. */
  private readonly slotOf: Partial<Record<ClientField, number>> = {};
  private readonly headers: string[];
  /** The current row's cells and trimmed texts by slot (undefined: empty or an error cell); reused row after row. */
  private readonly cellAt: CellValue[];
  private readonly textAt: (string | undefined)[];
  private readonly foldMemo = new Map<string, string>();
  /** One copy of each repeated name or city (see {@link RowBuilder.sharedText}). */
  private readonly shared = new Map<string, string>();
  /** One copy of each date (see {@link RowBuilder.dateOf}). */
  private readonly dates = new Map<string, string>();
  /** The last value of fields a family's rows share (see {@link RowBuilder.asBefore}). */
  private readonly last: Partial<Record<ClientField, string>> = {};
  private readonly provinceMemo = new Map<string, ReturnType<typeof validateProvince>>();
  /** The row being built and its issues (see {@link RowBuilder.build}). */
  private row = 0;
  private issues: ParseIssue[] | undefined;
  /** Records an issue of the row being built; made once per builder, passed around as a function. */
  private readonly raise: RaiseIssue = (code, severity, shownParams, field, column) => {
    // A SIN in the wrong column (a shifted row) would otherwise be echoed in full by email_invalid and the like.
    const params = redactParams(shownParams);
    const found: Mutable<ParseIssue> = { row: this.row, code, severity, message: renderMessage<IssueCode>(code, params, this.locale), params };
    if (field !== undefined) found.field = field;
    if (column !== undefined) found.column = column;
    (this.issues ??= []).push(found);
  };

  constructor(plan: HeaderPlan, options: ParseOptions, date1904 = false) {
    this.plan = plan;
    this.options = options;
    this.locale = options.locale ?? DEFAULT_LOCALE;
    this.date1904 = date1904;
    this.headers = plan.columns.map((c) => c.header);
    plan.columns.forEach((c, slot) => (this.slotOf[c.field] = slot));
    this.cellAt = plan.columns.map(() => null);
    this.textAt = plan.columns.map(() => undefined);
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
  build(cells: readonly CellValue[], row: number, extraIssues: readonly ParseIssue[] = NO_ISSUES): ParsedRow | undefined {
    if (isBlankRow(cells)) return extraIssues.length === 0 ? undefined : { row, issues: [...extraIssues] };
    // The row being built lives on the builder, read by its methods: closures made for every row of a million-row
    // file were a third of what a row allocated. Its issues get an array of their own only when it has one.
    this.row = row;
    this.issues = extraIssues.length === 0 ? undefined : [...extraIssues];
    const issue = this.raise;

    // Arrays by slot rather than a Map of objects: this runs for every row of files with a million of them.
    const { columns } = this.plan;
    const { cellAt, textAt } = this;
    for (let slot = 0; slot < columns.length; slot++) {
      const column = columns[slot] as ColumnMapping;
      const cell = cells[column.index] ?? null;
      cellAt[slot] = cell;
      textAt[slot] = undefined;
      if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
        issue('cell_error', 'warning', { column: column.header, value: cell.error }, column.field, column.header);
        continue;
      }
      const text = cellText(cell);
      if (text !== '') textAt[slot] = text;
    }
    let extra = 0;
    for (let i = this.plan.width; i < cells.length; i++) if (cellText(cells[i]) !== '') extra++;
    if (extra > 0) issue('extra_cells', 'warning', { count: extra });

    const common: CommonFields = {};
    const email = this.textOf('email');
    if (email !== undefined) {
      const r = validateEmail(email);
      if (r.ok) common.email = r.value;
      else issue('email_invalid', 'warning', { value: email.includes('@') ? maskEmail(email) : maskShape(email) }, 'email', this.headerOf('email'));
    }
    const phone = this.textOf('phone');
    if (phone !== undefined) {
      const r = validatePhone(phone);
      // An extension is kept in RFC 3966 form rather than dropped.
      if (r.ok) common.phone = r.extension === undefined ? r.value : `${r.value};ext=${r.extension}`;
      // Masked whatever the cell holds: a SIN, a name or an e-mail address that a shifted row put here shows even less
      // than its own masker would show.
      else issue('phone_invalid', 'warning', { value: maskPhone(phone) }, 'phone', this.headerOf('phone'));
    }
    const language = this.textOf('language');
    if (language !== undefined) {
      const value = LANGUAGE_VALUES.get(foldCached(this.foldMemo, language));
      if (value !== undefined) common.language = value;
      // The cell as maskCellText shows it, here and for the province, the role and dates: a shifted row puts a phone
      // number, a postal code or an address in these columns.
      else issue('language_unknown', 'warning', { value: maskCellText(language) }, 'language', this.headerOf('language'));
    }
    const line1 = this.textOf('line1');
    const line2 = this.textOf('line2');
    const city = this.sharedText('city');
    const countryText = this.textOf('country');
    const country = countryText === undefined ? undefined : (COUNTRY_VALUES.get(foldCached(this.foldMemo, countryText)) ?? countryText);
    const canadian = country === undefined || country === 'CA';
    let province: Address['province'];
    const provinceText = this.textOf('province');
    if (provinceText !== undefined) {
      const r = provinceCached(this.provinceMemo, provinceText);
      if (r.ok) province = r.value;
      else if (canadian) issue('province_unknown', 'warning', { value: maskCellText(provinceText) }, 'province', this.headerOf('province'));
    }
    let postalCode: string | undefined;
    const postalText = this.textOf('postalCode');
    if (postalText !== undefined) {
      const r = validatePostalCode(postalText);
      if (r.ok) postalCode = this.asBefore('postalCode', r.value);
      else if (canadian) issue('postal_code_invalid', 'warning', { value: maskPostalCode(postalText) }, 'postalCode', this.headerOf('postalCode'));
      else postalCode = postalText;
    }
    if (line1 !== undefined || line2 !== undefined || city !== undefined || province !== undefined || postalCode !== undefined || country !== undefined) {
      common.address = new newAddress(line1, line2, city, country, province, postalCode);
    }
    const clientFile = this.textOf('clientFile');
    if (clientFile !== undefined) common.clientFile = this.asBefore('clientFile', clientFile);
    const clientNumber = this.textOf('clientNumber');
    if (clientNumber !== undefined) common.clientNumber = clientNumber;

    let record: ClientRecord | undefined;
    // The key of the record, for the duplicate warning.
    let keyId: string | undefined;
    let keyKind: 'sin' | 'bn' = 'sin';
    if (this.plan.kind === 'individual') {
      const sin = this.readSin(this.valueOf('sin'), issue);
      const firstName = this.sharedText('firstName');
      const lastName = this.sharedText('lastName');
      let ok = sin !== 'invalid';
      if (firstName === undefined || lastName === undefined) {
        const missing = firstName === undefined ? 'firstName' : 'lastName';
        if (sin === undefined && firstName === undefined && lastName === undefined) {
          issue('missing_identifier', 'error', { kind: this.plan.kind });
        } else {
          this.missingName(missing);
        }
        ok = false;
      } else if (sin === undefined && common.clientFile === undefined) {
        issue('missing_identifier', 'error', { kind: this.plan.kind }, 'sin', this.headerOf('sin'));
        ok = false;
      }
      const birthDate = this.dateOf('birthDate');
      let spouseSin: string | undefined;
      const spouse = this.valueOf('spouseSin');
      if (spouse !== undefined && !isNoSin(spouse.text)) {
        const r = validateSin(spouse.text);
        if (r.ok) spouseSin = r.value;
        else issue('spouse_sin_invalid', 'warning', { value: maskSin(spouse.text), reason: r.reason }, 'spouseSin', spouse.header);
      }
      let role: IndividualRecord['role'];
      const roleText = this.textOf('role');
      if (roleText !== undefined) {
        role = ROLE_VALUES.get(foldCached(this.foldMemo, roleText));
        if (role === undefined) issue('role_unknown', 'warning', { value: maskCellText(roleText) }, 'role', this.headerOf('role'));
      }
      if (ok && firstName !== undefined && lastName !== undefined) {
        record = new newIndividual(firstName, lastName, sin === 'invalid' ? undefined : sin, birthDate, spouseSin, role, common, row);
        if (typeof sin === 'string' && sin !== 'invalid') keyId = sin;
      }
    } else {
      const name = this.textOf('name');
      let ok = true;
      let businessNumber: string | undefined;
      let programAccount: string | undefined;
      const bn = this.valueOf('businessNumber');
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
      const program = this.textOf('programAccount');
      if (program !== undefined && programAccount === undefined) {
        const compact = program.replace(/[\s-]/g, '').toUpperCase();
        const full = /^\d{9}[A-Z]{2}\d{4}$/.test(compact) ? compact.slice(9) : compact;
        if (/^[A-Z]{2}\d{4}$/.test(full)) programAccount = full;
        else issue('bn_invalid', 'warning', { value: maskBusinessNumber(program), reason: 'format' }, 'programAccount', this.headerOf('programAccount'));
      }
      let neq: string | undefined;
      const neqText = this.textOf('neq');
      if (neqText !== undefined) {
        const r = validateNeq(neqText);
        if (r.ok) neq = r.value;
        else issue('neq_invalid', 'warning', { value: maskNeq(neqText) }, 'neq', this.headerOf('neq'));
      }
      if (name === undefined) {
        if (bn === undefined) issue('missing_identifier', 'error', { kind: this.plan.kind });
        else this.missingName('name');
        ok = false;
      }
      const fiscalYearEnd = this.dateOf('fiscalYearEnd');
      const contactName = this.textOf('contactName');
      if (ok && name !== undefined) {
        record = new newCorporation(name, businessNumber, programAccount, neq, fiscalYearEnd, contactName, common, row);
        keyId = businessNumber;
        keyKind = 'bn';
      }
    }

    const rejected = this.issues !== undefined && this.issues.some((i) => i.severity === 'error');
    // Only rows that become records count as holders of a key: a rejected row is no duplicate of anything.
    if (!rejected && record !== undefined && keyId !== undefined) {
      const first = this.seen.firstRow(keyId, row, keyKind);
      if (first !== undefined) issue('duplicate_key', 'warning', { kind: keyKind, key: maskKey({ id: keyId, kind: keyKind }), otherRow: first }, keyKind === 'sin' ? 'sin' : 'businessNumber');
    }
    const issues = this.issues ?? NO_ISSUES;
    return rejected || record === undefined ? { row, issues } : { row, record, issues };
  }

  /** The field's value: its cell, trimmed text and header; undefined when the cell is empty (or an error). */
  private valueOf(field: ClientField): { cell: CellValue; text: string; header: string } | undefined {
    const slot = this.slotOf[field];
    const text = slot === undefined ? undefined : this.textAt[slot];
    return text === undefined ? undefined : { cell: this.cellAt[slot as number] ?? null, text, header: this.headers[slot as number] ?? field };
  }

  /** The field's text, tidied; undefined when its cell is empty. */
  private textOf(field: ClientField): string | undefined {
    const slot = this.slotOf[field];
    const raw = slot === undefined ? undefined : this.textAt[slot];
    return raw === undefined ? undefined : tidy(raw);
  }

  /**
   * {@link RowBuilder.textOf} for fields whose values repeat from row to row (first and last names, cities): the
   * records share one string per value rather than each keeping its own, so a million kept records are smaller and
   * cheaper for the garbage collector to keep.
   */
  private sharedText(field: ClientField): string | undefined {
    const text = this.textOf(field);
    if (text === undefined) return undefined;
    const known = this.shared.get(text);
    if (known !== undefined) return known;
    if (this.shared.size < SHARED_LIMIT) this.shared.set(text, text);
    return text;
  }

  /**
   * The value the field had on the last row that had one when it is the same text (a family's rows are usually
   * together and share a client file and a postal code), else `value`, kept for the next row: the records of a family
   * share one string.
   */
  private asBefore(field: ClientField, value: string): string {
    const last = this.last[field];
    if (last === value) return last;
    this.last[field] = value;
    return value;
  }

  private columnOf(field: ClientField): string | undefined {
    const slot = this.slotOf[field];
    return slot === undefined ? undefined : this.headers[slot];
  }

  private headerOf(field: ClientField): string {
    return this.columnOf(field) ?? field;
  }

  private missingName(field: 'firstName' | 'lastName' | 'name'): void {
    const column = this.columnOf(field);
    this.raise('missing_name', 'error', column === undefined ? { field } : { field, column }, field, column);
  }

  /** The field's date as ISO text; undefined (with a warning when the cell held something else) when there is none. */
  private dateOf(field: ClientField): string | undefined {
    const v = this.valueOf(field);
    if (v === undefined) return undefined;
    let result: DateResult;
    if (v.cell instanceof Date) result = spreadsheetDateToIso(v.cell);
    else if (typeof v.cell === 'number') result = excelSerialToDate(v.cell, this.date1904);
    else result = parseDate(v.text, this.options.dateOrder);
    if (result.ok) {
      // Dates repeat (a century has 36,525 days): the records share one string per date.
      const known = this.dates.get(result.value);
      if (known !== undefined) return known;
      if (this.dates.size < DATES_LIMIT) this.dates.set(result.value, result.value);
      return result.value;
    }
    // Any date column, not only the birth date's: a shifted row puts a birth date, a phone number or an address in a
    // year end. Digits show as `#`, as birth dates always have.
    const code: IssueCode = result.reason === 'ambiguous' ? 'date_ambiguous' : result.reason === 'two_digit_year' ? 'date_two_digit_year' : 'date_invalid';
    this.raise(code, 'warning', { value: maskCellText(v.text), column: v.header }, field, v.header);
    return undefined;
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
    if (SCIENTIFIC.test(text)) {
      issue('sin_scientific', 'error', {}, 'sin', header);
      return 'invalid';
    }
    if (isNoSin(text)) return undefined;
    const compact = text.replace(SIN_SEPARATORS, '');
    if (SHORT_SIN.test(compact)) {
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

/** The issues of a row that has none: one frozen array shared by all of them. */
const NO_ISSUES: readonly ParseIssue[] = Object.freeze([]);

// Regular expressions of the per-row paths, made once: a literal in a function is a new RegExp object at every call.
const SCIENTIFIC = /^\d(?:[.,]\d+)?e\+?\d+$/i;
const SIN_SEPARATORS = /[\s.-]/g;
const SHORT_SIN = /^\d{7,8}$/;
const UNTIDY = /\s\s|[^\S ]|[\u0300-\u036f]/;
const SPACES = /\s+/g;
const NO_SIN = /^[0\s-]+$/;

/** A key as its duplicate warning shows it (masked only when it is needed: one row in thousands). */
const maskKey = (key: { id: string; kind: 'sin' | 'bn' }): string => (key.kind === 'sin' ? maskSin(key.id) : maskBusinessNumber(key.id));

/** Whether every cell of the row is empty or white space. */
function isBlankRow(cells: readonly CellValue[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cellText(cells[i]) !== '') return false;
  return true;
}

/** Trims, collapses inner whitespace (line breaks included) and composes accents (NFC), skipping work for plain text. */
function tidy(value: string): string {
  // Most cells have no double space, no other whitespace than ' ' and no combining accent: nothing to do.
  if (!UNTIDY.test(value)) return value;
  return value.replace(SPACES, ' ').normalize('NFC');
}

// Code-like values (languages, roles, provinces, countries) repeat on every row: fold each distinct one once.
const MEMO_LIMIT = 4096;
/** Distinct names and cities shared by a builder: a firm's list repeats far fewer first names and cities than this. */
const SHARED_LIMIT = 16_384;
/** Distinct dates shared by a builder: every day of a century and a half. */
const DATES_LIMIT = 55_000;
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
  return NO_SIN.test(text);
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
