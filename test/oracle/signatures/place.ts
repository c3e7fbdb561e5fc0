/**
 * Placing a layout's fields on a PDF's pages, given their text with positions. Pure: `taxsync/pdf` extracts the
 * text (pdfjs-dist) and calls this; tests can call it with text of their own.
 *
 * Rules (design brief §3–4): anchors first; when no label resolves anywhere, measured fixed positions, only on a
 * page where the form is identified and whose size matches the measurement (a copy is placed wholly by its labels or
 * wholly by measurements, never a mix); a required field that cannot be placed holds the whole PDF for manual
 * placement, with the reason. No field is ever put at a guessed position.
 */
import { renderMessage, type MessageParams, type SignatureMessageCode } from '../../../src/messages/catalogue.js';
import { fieldKey, samePageSize } from '../../../src/signatures/definition.js';
import { buildLines, findText, identifies, pageText, rotateBox, type Box, type Quarter, type TextLine, type TextMatch, type TextRun } from './text.js';
import type { FixedPosition, HeldReason, LayoutField, PageInfo, ResolveResult, ResolvedField, SignatureLayout } from '../../../src/signatures/types.js';

/** One page's size and text, as `taxsync/pdf` extracts it. */
export interface PageText {
  /** 1-based. */
  readonly page: number;
  /** Displayed size (crop box, after rotation), in points. */
  readonly width: number;
  readonly height: number;
  readonly rotation: Quarter;
  readonly runs: readonly TextRun[];
  /**
   * The widgets of the PDF's AcroForm fields on this page, with their full names and rectangles in displayed-page
   * coordinates: what `formField` anchors are placed against. Leave out when the layout has none.
   */
  readonly formFields?: readonly FormFieldBox[];
}

/** An AcroForm field's widget on a page. */
export interface FormFieldBox {
  /** The field's full name (`form1[0].Page1[0].Date[0]`). */
  readonly name: string;
  /** Its rectangle on the displayed page (points, origin bottom-left): left, bottom, right and top edges. */
  readonly box: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}

/** The catalogue code of each {@link HeldReason}. @internal */
export const HELD_CODES: Readonly<Record<HeldReason, SignatureMessageCode>> = {
  encrypted: 'layout_encrypted',
  password_required: 'layout_password_required',
  password_wrong: 'layout_password_wrong',
  unreadable: 'layout_unreadable',
  reader_failed: 'layout_reader_failed',
  already_signed: 'layout_already_signed',
  image_only: 'layout_image_only',
  form_not_found: 'layout_form_not_found',
  no_anchor: 'layout_no_anchor',
  page_size_mismatch: 'layout_page_size_mismatch',
  page_count: 'layout_page_count',
  inflate_limit: 'layout_inflate_limit',
};

/** A held result with its message in both languages. */
export function held(
  reason: HeldReason,
  params: MessageParams,
  pages: readonly PageInfo[],
  pageNumbers?: readonly number[],
): Extract<ResolveResult, { status: 'held' }> {
  const code = HELD_CODES[reason];
  return {
    status: 'held',
    reason,
    message: { en: renderMessage(code, params, 'en'), fr: renderMessage(code, params, 'fr') },
    code,
    params,
    ...(pageNumbers === undefined || pageNumbers.length === 0 ? {} : { pageNumbers: [...pageNumbers] }),
    pages,
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;
const label = (field: LayoutField): string => field.anchor?.text[0] ?? fieldKey(field);
const sizeText = (w: number, h: number): string => `${round(w)}×${round(h)}`;

function corner(box: Box, from: NonNullable<LayoutField['anchor']>['offset']['from']): [number, number] {
  switch (from) {
    case 'top-left':
      return [box.x0, box.y1];
    case 'bottom-left':
      return [box.x0, box.y0];
    case 'top-right':
      return [box.x1, box.y1];
    case 'bottom-right':
      return [box.x1, box.y0];
  }
}

const center = (b: Box): [number, number] => [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2];

interface Placed {
  readonly box: Box;
  readonly rotation: Quarter;
  readonly placedBy: 'anchor' | 'fixed';
  readonly anchorText?: string;
  readonly fixed?: FixedPosition;
}

interface AnalysedPage {
  readonly info: PageInfo;
  readonly lines: TextLine[];
  readonly formFields: readonly FormFieldBox[];
}

const patterns = new WeakMap<object, RegExp>();

/** The first form field of the page (not used yet) whose full name matches the anchor's pattern, as a match. */
function formFieldMatch(page: AnalysedPage, field: LayoutField, used: Set<string>): TextMatch | undefined {
  const wanted = field.anchor?.formField;
  if (wanted === undefined) return undefined;
  let pattern = patterns.get(wanted);
  if (pattern === undefined) {
    pattern = new RegExp(wanted.name, 'iu');
    patterns.set(wanted, pattern);
  }
  for (const candidate of page.formFields) {
    const key = `field:${candidate.name}:${candidate.box.x0}:${candidate.box.y0}`;
    if (used.has(key) || !pattern.test(candidate.name)) continue;
    used.add(key);
    return { box: candidate.box, angle: 0, text: candidate.name, line: -1 };
  }
  return undefined;
}

function insidePage(box: Box, info: PageInfo): boolean {
  return box.x0 >= -1 && box.y0 >= -1 && box.x1 <= info.width + 1 && box.y1 <= info.height + 1 && box.x1 > box.x0 && box.y1 > box.y0;
}

function anchoredBox(field: LayoutField, match: TextMatch): Box {
  const anchor = field.anchor;
  if (anchor === undefined) throw new Error('unreachable: anchoredBox without an anchor');
  const [cx, cy] = corner(match.box, anchor.offset.from);
  const x0 = cx + anchor.offset.x;
  const y0 = cy + anchor.offset.y;
  // A form field's own size, when the anchor asks for it (line -1: matched on a form field, not on text).
  const fit = match.line === -1 && anchor.formField?.fit === true;
  const width = fit ? match.box.x1 - match.box.x0 : field.width;
  const height = fit ? match.box.y1 - match.box.y0 : field.height;
  return rotateBox({ x0, y0, x1: x0 + width, y1: y0 + height }, match.angle);
}

/** Lines to search on a page: below the section heading when the layout has one, else the whole page. */
function scopeOf(page: AnalysedPage, layout: SignatureLayout): TextLine[] | undefined {
  if (layout.section === undefined) return page.lines;
  for (const heading of layout.section.text) {
    const found = findText(page.lines, heading, true)[0];
    if (found !== undefined) {
      return page.lines.filter((l) => l.angle === found.angle && l.y1 <= found.box.y1 + 0.5);
    }
  }
  return undefined;
}

/** Places the fields of one copy by anchors on one page; `undefined` when no signature caption is there. */
function placeByAnchors(page: AnalysedPage, layout: SignatureLayout): Map<string, Placed> | undefined {
  const scope = scopeOf(page, layout);
  if (scope === undefined) return undefined;
  const placed = new Map<string, Placed>();
  const matches = new Map<string, TextMatch>();
  const used = new Set<string>();
  const signatureOf = new Map<string, TextMatch>();

  // Signatures first: the other fields are looked for near them.
  for (const field of layout.fields) {
    if (field.type !== 'signature' || field.anchor === undefined) continue;
    const onField = formFieldMatch(page, field, used);
    if (onField !== undefined && insidePage(anchoredBox(field, onField), page.info)) {
      signatureOf.set(field.signer, onField);
      matches.set(fieldKey(field), onField);
      placed.set(fieldKey(field), { box: anchoredBox(field, onField), rotation: 0, placedBy: 'anchor', anchorText: onField.text });
      continue;
    }
    for (const text of field.anchor.text) {
      const match = findText(scope, text, field.anchor.lineStart ?? false).find((m) => !used.has(`${m.line}:${m.box.x0}`));
      if (match === undefined) continue;
      const box = anchoredBox(field, match);
      if (!insidePage(box, page.info)) continue;
      used.add(`${match.line}:${match.box.x0}`);
      signatureOf.set(field.signer, match);
      matches.set(fieldKey(field), match);
      placed.set(fieldKey(field), { box, rotation: match.angle, placedBy: 'anchor', anchorText: match.text });
      break;
    }
  }
  if (placed.size === 0) return undefined;

  for (const field of layout.fields) {
    const anchor = field.anchor;
    if (field.type === 'signature' || anchor === undefined) continue;
    const reference = anchor.rightOf === undefined ? undefined : matches.get(anchor.rightOf);
    if (anchor.rightOf !== undefined && reference === undefined) continue;
    const onField = formFieldMatch(page, field, used);
    if (onField !== undefined && insidePage(anchoredBox(field, onField), page.info)) {
      matches.set(fieldKey(field), onField);
      placed.set(fieldKey(field), { box: anchoredBox(field, onField), rotation: 0, placedBy: 'anchor', anchorText: onField.text });
      continue;
    }
    const signature = signatureOf.get(field.signer);
    for (const text of anchor.text) {
      let candidates = findText(scope, text, anchor.lineStart ?? false);
      if (reference !== undefined) {
        candidates = candidates
          .filter((m) => m.angle === reference.angle && Math.abs(m.box.y0 - reference.box.y0) < 3 && m.box.x0 >= reference.box.x1)
          .sort((a, b) => a.box.x0 - b.box.x0);
      } else if (anchor.nearSignature === true && signature !== undefined) {
        const [sx, sy] = center(signature.box);
        const band = anchor.maxDistance ?? 120;
        candidates = candidates
          .filter((m) => m.angle === signature.angle && Math.abs(center(m.box)[1] - sy) <= band)
          .sort((a, b) => Math.hypot(center(a.box)[0] - sx, center(a.box)[1] - sy) - Math.hypot(center(b.box)[0] - sx, center(b.box)[1] - sy));
      }
      const match = candidates.find((m) => insidePage(anchoredBox(field, m), page.info));
      if (match === undefined) continue;
      matches.set(fieldKey(field), match);
      placed.set(fieldKey(field), { box: anchoredBox(field, match), rotation: match.angle, placedBy: 'anchor', anchorText: match.text });
      break;
    }
  }
  return placed;
}

const absolutePage = (page: number, count: number): number => (page < 0 ? count + 1 + page : page);

/** Pages a fixed position applies to: its own page, or every copy's page for forms printed in copies. */
function pagesOf(position: FixedPosition, layout: SignatureLayout, count: number): number[] {
  return (layout.copies ?? [position.page]).map((p) => absolutePage(p, count));
}

/** A measured position of `field` usable on `page`: the form identified there and the page of the measured size. */
function fixedOn(field: LayoutField, page: AnalysedPage, layout: SignatureLayout, count: number, identified: ReadonlySet<number>): Placed | undefined {
  if (!identified.has(page.info.page)) return undefined;
  for (const position of field.fixed) {
    const size = position.measured.pageSize;
    if (size === null || !samePageSize(size, { width: page.info.width, height: page.info.height })) continue;
    if (!pagesOf(position, layout, count).includes(page.info.page)) continue;
    const box = { x0: position.x, y0: position.y, x1: position.x + field.width, y1: position.y + field.height };
    if (!insidePage(box, page.info)) continue;
    return { box, rotation: 0, placedBy: 'fixed', fixed: position };
  }
  return undefined;
}

function toResolved(field: LayoutField, copy: number, page: number, placed: Placed): ResolvedField {
  const key = fieldKey(field);
  return {
    name: copy === 1 ? key : `${key}_copy${copy}`,
    signer: field.signer,
    type: field.type,
    ...(field.component === undefined ? {} : { component: field.component }),
    page,
    x: round(placed.box.x0),
    y: round(placed.box.y0),
    width: round(placed.box.x1 - placed.box.x0),
    height: round(placed.box.y1 - placed.box.y0),
    rotation: placed.rotation,
    required: field.required,
    placedBy: placed.placedBy,
    copy,
    ...(placed.anchorText === undefined ? {} : { anchorText: placed.anchorText }),
    ...(placed.fixed === undefined ? {} : { measured: placed.fixed.measured }),
  };
}

/**
 * Places `layout`'s fields on pages whose text is known: the pure core of `resolveSignatureFields` (`taxsync/pdf`),
 * for hosts that extract text themselves (pdfjs-dist in a browser worker, say). Runs in any runtime.
 *
 * @param pages each page's displayed size, rotation and text runs in displayed-page coordinates.
 */
export function placeSignatureFields(pages: readonly PageText[], layout: SignatureLayout): ResolveResult {
  const infos: PageInfo[] = pages.map((p) => ({
    page: p.page,
    width: p.width,
    height: p.height,
    rotation: p.rotation,
    hasText: p.runs.some((r) => r.str.trim() !== ''),
  }));
  const count = pages.length;
  if (count > 0 && infos.every((i) => !i.hasText)) return held('image_only', { docType: layout.docType }, infos);

  const analysed: AnalysedPage[] = pages.map((p, i) => ({ info: infos[i] as PageInfo, lines: p.runs.length === 0 ? [] : buildLines(p.runs), formFields: p.formFields ?? [] }));
  const identifiedPages = analysed.filter((a) => a.lines.length > 0 && identifies(pageText(a.lines), layout.identifiers));
  const identified = new Set(identifiedPages.map((a) => a.info.page));
  if (identifiedPages.length === 0) {
    const blank = infos.filter((i) => !i.hasText).map((i) => i.page);
    return held('form_not_found', { docType: layout.docType, pagesWithoutText: blank.join(', ') }, infos, blank);
  }

  const fields: ResolvedField[] = [];
  const unplaced: { name: string; copy: number }[] = [];
  let copies = 0;
  for (const page of identifiedPages) {
    const placed = placeByAnchors(page, layout);
    if (placed === undefined) continue;
    copies++;
    for (const field of layout.fields) {
      // A copy whose labels were found is placed by its labels only: a measurement of another print is not mixed in.
      const found = placed.get(fieldKey(field));
      if (found !== undefined) {
        fields.push(toResolved(field, copies, page.info.page, found));
      } else if (field.required) {
        return held('no_anchor', { docType: layout.docType, pages: page.info.page, field: label(field) }, infos, [page.info.page]);
      } else {
        unplaced.push({ name: fieldKey(field), copy: copies });
      }
    }
  }
  if (copies > 0) return { status: 'resolved', fields, unplaced, copies, pages: infos };
  return placeByMeasurements(analysed, layout, identified, infos);
}

/** No anchor resolved anywhere: the measured positions, if the PDF fits them. */
function placeByMeasurements(analysed: readonly AnalysedPage[], layout: SignatureLayout, identified: ReadonlySet<number>, infos: PageInfo[]): ResolveResult {
  const count = analysed.length;
  const foundOn = [...identified].join(', ');
  const required = layout.fields.filter((f) => f.required);
  const usable = (f: LayoutField): FixedPosition[] => f.fixed.filter((p) => p.measured.pageSize !== null);
  const firstMissing = required.find((f) => usable(f).length === 0);
  if (firstMissing !== undefined || required.length === 0) {
    const field = firstMissing ?? layout.fields[0];
    return held('no_anchor', { docType: layout.docType, pages: foundOn, field: field === undefined ? '' : label(field) }, infos, [...identified]);
  }

  const copyPages = [...new Set(required.flatMap((f) => usable(f).flatMap((p) => pagesOf(p, layout, count))))].sort((a, b) => a - b);
  for (const pageNumber of copyPages) {
    if (pageNumber < 1 || pageNumber > count) {
      return held('page_count', { docType: layout.docType, expected: pageNumber, count }, infos);
    }
    if (!identified.has(pageNumber)) {
      return held('no_anchor', { docType: layout.docType, pages: foundOn, field: label(required[0] as LayoutField) }, infos, [...identified]);
    }
  }
  // Copies are numbered by the layout's copy pages; a form without copies is one copy, whatever its pages.
  const copyOf = (pageNumber: number): number =>
    layout.copies === undefined ? 1 : layout.copies.map((p) => absolutePage(p, count)).indexOf(pageNumber) + 1 || 1;
  const fields: ResolvedField[] = [];
  const unplaced: { name: string; copy: number }[] = [];
  for (const field of layout.fields) {
    const pagesOfField = new Set(usable(field).flatMap((p) => pagesOf(p, layout, count)));
    for (const pageNumber of copyPages) {
      if (!pagesOfField.has(pageNumber)) {
        if (!field.required && usable(field).length === 0) unplaced.push({ name: fieldKey(field), copy: copyOf(pageNumber) });
        continue;
      }
      const page = analysed[pageNumber - 1] as AnalysedPage;
      const placed = fixedOn(field, page, layout, count, identified);
      if (placed !== undefined) {
        fields.push(toResolved(field, copyOf(pageNumber), pageNumber, placed));
      } else if (field.required) {
        const sizes = [...new Set(usable(field).map((p) => (p.measured.pageSize === null ? '' : sizeText(p.measured.pageSize.width, p.measured.pageSize.height))))];
        return held(
          'page_size_mismatch',
          { docType: layout.docType, pages: pageNumber, size: sizeText(page.info.width, page.info.height), expected: sizes.join(' or ') },
          infos,
          [pageNumber],
        );
      } else {
        unplaced.push({ name: fieldKey(field), copy: copyOf(pageNumber) });
      }
    }
  }
  const copies = new Set(fields.map((f) => f.copy)).size;
  return { status: 'resolved', fields, unplaced, copies, pages: infos };
}
