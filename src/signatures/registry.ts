/**
 * Looking layouts up: `signatureLayoutFor` for the built-in forms, `createLayoutRegistry` for a host that adds its
 * firm's own documents. No module-level state: a registry is a value the host creates and passes around.
 */
import { fieldKey, samePageSize, type LayoutDefinition } from './definition.js';
import { LayoutError } from '../errors/layout.js';
import { BUILT_IN_DEFINITIONS } from './layouts/index.js';
import { describeIssues, layoutDefinitionSchema } from './schema.js';
import type { FixedPosition, LayoutField, PageSize, Producer, SignatureLayout, SignerRole } from './types.js';

/** Options of `signatureLayoutFor` and `LayoutRegistry.layoutFor`. */
export interface SignatureLayoutOptions {
  /**
   * The program that printed the PDF. When given, measurements taken on other programs' prints are left out of the
   * layout; when omitted, every measurement of the year is kept (each still checked against the page size).
   */
  readonly producer?: Producer;
  /** The PDF's page size when known: measurements taken on another size are left out. */
  readonly pageSize?: PageSize;
  /**
   * Today, for the latest supported tax year (see {@link latestTaxYear}). Defaults to the system clock; pass it to
   * make lookups deterministic.
   */
  readonly now?: Date;
}

/** A summary of one registered layout, for a host's settings screen. */
export interface LayoutSummary {
  readonly docType: string;
  /** First supported tax year; `undefined` for every year. */
  readonly firstYear?: number;
  /** Last supported tax year at the registry's `now`; `undefined` for every year. */
  readonly lastYear?: number;
  readonly signers: readonly SignerRole[];
  readonly builtIn: boolean;
  /** The measured prints the layout has positions from. */
  readonly measurements: readonly { readonly year: number; readonly producer: Producer; readonly pageSize: PageSize | null }[];
}

/** Layouts of the built-in forms plus a firm's own documents. */
export interface LayoutRegistry {
  /**
   * The layout of `docType` for tax year `year`.
   * @throws {LayoutError} `layout_unknown` when the pair is not supported; the message lists what is.
   */
  layoutFor(year: number, docType: string, options?: SignatureLayoutOptions): SignatureLayout;
  /** Every layout the registry knows. */
  list(): readonly LayoutSummary[];
}

/** Options of `createLayoutRegistry`. */
export interface CreateLayoutRegistryOptions {
  /** Today, for the latest supported tax year; defaults to the system clock when a lookup runs. */
  readonly now?: Date;
}

/**
 * The latest tax year whose returns can be filed on `now`: the previous calendar year. Returns for a tax year are
 * filed from the following February, so on 2026-11-22 the latest is 2025 — 2026 returns do not exist yet. Built-in
 * layouts are supported up to this year.
 */
export function latestTaxYear(now: Date = new Date()): number {
  return now.getUTCFullYear() - 1;
}

const normalizeDocType = (docType: string): string => docType.toUpperCase().replace(/[\s._-]/g, '');

interface Entry {
  readonly definition: LayoutDefinition;
  readonly builtIn: boolean;
}

function lastYearOf(entry: Entry, now: Date): number | undefined {
  if (entry.definition.lastYear !== undefined) return entry.definition.lastYear;
  return entry.builtIn ? latestTaxYear(now) : undefined;
}

function covers(entry: Entry, year: number, now: Date): boolean {
  const last = lastYearOf(entry, now);
  return (entry.definition.firstYear === undefined || year >= entry.definition.firstYear) && (last === undefined || year <= last);
}

function describeYears(entry: Entry, now: Date): string {
  const first = entry.definition.firstYear;
  const last = lastYearOf(entry, now);
  if (first === undefined && last === undefined) return `${entry.definition.docType} (any year)`;
  if (first === undefined) return `${entry.definition.docType} up to ${last}`;
  if (last === undefined) return `${entry.definition.docType} ${first}+`;
  return first === last ? `${entry.definition.docType} ${first}` : `${entry.definition.docType} ${first}–${last}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function compose(entry: Entry, year: number, options: SignatureLayoutOptions): SignatureLayout {
  const def = entry.definition;
  const sets = (def.measurements ?? []).filter(
    (set) =>
      set.measured.year === year &&
      (options.producer === undefined || set.measured.producer === options.producer) &&
      (options.pageSize === undefined || (set.measured.pageSize !== null && samePageSize(set.measured.pageSize, options.pageSize))),
  );
  const fields: LayoutField[] = def.fields.map((field) => {
    const key = fieldKey(field);
    const fixed: FixedPosition[] = [];
    for (const set of sets) {
      for (const p of set.positions) if (p.field === key) fixed.push({ page: p.page, x: p.x, y: p.y, measured: set.measured });
    }
    return { ...field, fixed };
  });
  const layout: SignatureLayout = {
    docType: def.docType,
    year,
    formVersion: def.formVersion.replaceAll('{year}', String(year)),
    title: def.title,
    identifiers: def.identifiers,
    ...(def.section === undefined ? {} : { section: def.section }),
    signers: def.signers,
    fields,
    ...(def.copies === undefined ? {} : { copies: def.copies }),
    labelsSource: def.labelsSource,
    ...(options.producer === undefined ? {} : { producer: options.producer }),
    ...(options.pageSize === undefined ? {} : { pageSize: { width: options.pageSize.width, height: options.pageSize.height } }),
    builtIn: entry.builtIn,
  };
  return deepFreeze(structuredClone(layout));
}

function validate(definition: unknown, index: number): LayoutDefinition {
  const docType =
    typeof definition === 'object' && definition !== null && typeof (definition as { docType?: unknown }).docType === 'string'
      ? (definition as { docType: string }).docType
      : `#${index + 1}`;
  const parsed = layoutDefinitionSchema.safeParse(definition);
  if (!parsed.success) throw new LayoutError('layout_invalid', { docType, detail: describeIssues(parsed.error) });
  return definition as LayoutDefinition;
}

function overlaps(a: LayoutDefinition, b: LayoutDefinition): boolean {
  const aFirst = a.firstYear ?? -Infinity;
  const aLast = a.lastYear ?? Infinity;
  const bFirst = b.firstYear ?? -Infinity;
  const bLast = b.lastYear ?? Infinity;
  return aFirst <= bLast && bFirst <= aLast;
}

/**
 * A registry of the built-in layouts plus `extraLayouts`, a firm's own documents (an engagement letter, a consent
 * form). Each extra layout is validated; one whose `docType` is a built-in form's, or that overlaps the years of
 * another with the same `docType`, is refused. The registry holds no mutable state and its layouts are frozen.
 *
 * @throws {LayoutError} `layout_invalid` (with the first problems found) or `layout_clash`.
 * @example
 * ```ts
 * const registry = createLayoutRegistry([{
 *   docType: 'ENGAGEMENT',
 *   formVersion: 'Lettre de mission 2025',
 *   title: { en: 'Engagement letter', fr: 'Lettre de mission' },
 *   identifiers: [['Engagement letter'], ['Lettre de mission']],
 *   signers: ['taxpayer', 'preparer'],
 *   labelsSource: 'Our own letter template, v3',
 *   fields: [{
 *     signer: 'taxpayer', type: 'signature', required: true, width: 200, height: 30,
 *     sizeProvenance: { measured: false, note: 'fits the line of our template' },
 *     anchor: { text: ['Signature du client', 'Client signature'], offset: { from: 'top-left', x: 0, y: 4 },
 *               provenance: { measured: false, note: 'above the caption' } },
 *   }],
 * }]);
 * registry.layoutFor(2025, 'ENGAGEMENT');
 * registry.layoutFor(2025, 'T183'); // built-ins are still there
 * ```
 */
export function createLayoutRegistry(extraLayouts: readonly LayoutDefinition[] = [], options: CreateLayoutRegistryOptions = {}): LayoutRegistry {
  const entries: Entry[] = BUILT_IN_DEFINITIONS.map((definition) => ({ definition, builtIn: true }));
  const extras: Entry[] = [];
  extraLayouts.forEach((raw, i) => {
    const definition = deepFreeze(structuredClone(validate(raw, i)));
    const name = normalizeDocType(definition.docType);
    const builtIn = entries.find((e) => normalizeDocType(e.definition.docType) === name);
    if (builtIn !== undefined) throw new LayoutError('layout_clash', { docType: definition.docType, existing: `built-in ${builtIn.definition.docType}` });
    const other = extras.find((e) => normalizeDocType(e.definition.docType) === name && overlaps(e.definition, definition));
    if (other !== undefined) throw new LayoutError('layout_clash', { docType: definition.docType, existing: `another registered layout with overlapping years` });
    extras.push({ definition, builtIn: false });
  });
  const all: readonly Entry[] = [...entries, ...extras];
  const clock = (override?: Date): Date => override ?? options.now ?? new Date();

  return Object.freeze({
    layoutFor(year: number, docType: string, lookup: SignatureLayoutOptions = {}): SignatureLayout {
      const now = clock(lookup.now);
      const name = typeof docType === 'string' ? normalizeDocType(docType) : '';
      const entry = Number.isInteger(year)
        ? all.find((e) => normalizeDocType(e.definition.docType) === name && covers(e, year, now))
        : undefined;
      if (entry === undefined) {
        throw new LayoutError('layout_unknown', {
          docType: String(docType),
          year: String(year),
          supported: all.map((e) => describeYears(e, now)).join(', '),
        });
      }
      return compose(entry, year, lookup);
    },
    list(): readonly LayoutSummary[] {
      const now = clock();
      return deepFreeze(
        all.map((e) => {
          const last = lastYearOf(e, now);
          return {
            docType: e.definition.docType,
            ...(e.definition.firstYear === undefined ? {} : { firstYear: e.definition.firstYear }),
            ...(last === undefined ? {} : { lastYear: last }),
            signers: [...e.definition.signers],
            builtIn: e.builtIn,
            measurements: (e.definition.measurements ?? []).map((set) => ({
              year: set.measured.year,
              producer: set.measured.producer,
              pageSize: set.measured.pageSize === null ? null : { ...set.measured.pageSize },
            })),
          };
        }),
      );
    },
  });
}

/**
 * The signature layout of a built-in form for a tax year: the form version, who signs, and for each signer the
 * signature, date and time fields — placed by text anchors, with fixed positions only where they were measured
 * (each saying where). Supported: T183 and T183CORP from 2020, T183TRUST from 2021, TP-1000.TE and CO-1000.TE from
 * 2020, AUTH from 2021, each up to {@link latestTaxYear}. Firm documents: see {@link createLayoutRegistry}.
 *
 * @throws {LayoutError} `layout_unknown` for an unknown document type or year; its message lists what is supported.
 * @example
 * ```ts
 * const layout = signatureLayoutFor(2025, 'T183', { producer: 'dtmax' });
 * layout.signers; // ['taxpayer']
 * layout.fields.find((f) => f.type === 'signature')?.anchor?.text[0]; // 'Signature of individual or legal representative'
 * ```
 */
export function signatureLayoutFor(year: number, docType: string, options: SignatureLayoutOptions = {}): SignatureLayout {
  return createLayoutRegistry([], options.now === undefined ? {} : { now: options.now }).layoutFor(year, docType, options);
}
