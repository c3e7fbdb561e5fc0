/**
 * Finding labels in a page's text: runs of text with positions become lines, lines are searched for labels with
 * case, accents, dashes, apostrophes and spacing folded, and a match comes back as a box. Pure: the text comes from
 * `taxsync/pdf` (pdfjs-dist) or from a test.
 *
 * Everything here works in a *frame*: the displayed page turned so that the text reads left to right (x along the
 * text, y up). An upright form has frame = displayed page; a page shown turned a quarter has its text at 90°.
 */

/** A quarter turn, counter-clockwise, in degrees. */
export type Quarter = 0 | 90 | 180 | 270;

/** A run of text as extracted, in displayed-page coordinates (points, origin bottom-left). */
export interface TextRun {
  readonly str: string;
  /** Start of the baseline. */
  readonly x: number;
  readonly y: number;
  /** Direction of the text on the displayed page. */
  readonly angle: Quarter;
  /** Advance along the text direction, in points. */
  readonly length: number;
  /** Font size, in points. */
  readonly size: number;
}

/** An axis-aligned box. */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** A line of text in a frame. */
export interface TextLine {
  readonly angle: Quarter;
  /** The text as printed, spaces inserted between runs that are apart. */
  readonly text: string;
  /** Left and right edge of each UTF-16 unit of `text`, in frame coordinates. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly y0: number;
  readonly y1: number;
  /** Folded text (see {@link fold}) and the index in `text` of each of its characters. */
  readonly folded: string;
  readonly origin: readonly number[];
}

/** A label found on a page. */
export interface TextMatch {
  readonly angle: Quarter;
  /** Box of the matched characters, in frame coordinates. */
  readonly box: Box;
  /** The matched text as printed. */
  readonly text: string;
  /** Index of the line among the page's lines, for reading order. */
  readonly line: number;
}

/** Rotates a point counter-clockwise by a quarter turn. */
export function rotate(x: number, y: number, angle: Quarter): [number, number] {
  switch (angle) {
    case 0:
      return [x, y];
    case 90:
      return [-y, x];
    case 180:
      return [-x, -y];
    case 270:
      return [y, -x];
  }
}

/** The opposite quarter turn. */
export const inverse = (angle: Quarter): Quarter => ((360 - angle) % 360) as Quarter;

/** The bounding box of a box turned by `angle` (exact for quarter turns). */
export function rotateBox(box: Box, angle: Quarter): Box {
  const [ax, ay] = rotate(box.x0, box.y0, angle);
  const [bx, by] = rotate(box.x1, box.y1, angle);
  return { x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
}

const foldCache = /* @__PURE__ */ new Map<string, string>();

function foldChar(c: string): string {
  const hit = foldCache.get(c);
  if (hit !== undefined) return hit;
  let t = c.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  t = t
    .replace(/\u00ad/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'")
    .replace(/\s/g, ' ');
  // The cache is bounded by the alphabet of the documents read; cap it anyway.
  if (foldCache.size < 4096) foldCache.set(c, t);
  return t;
}

/** foldChar of each UTF-16 unit when that is one unit: the unit; -1 when it is none or several; -2 not known yet. */
const FOLDED_UNITS = /* @__PURE__ */ new Int32Array(0x10000).fill(-2);

/** foldChar of one UTF-16 unit as a unit, when it folds to exactly one (see FOLDED_UNITS), else -1. */
function foldedUnitOf(code: number): number {
  let unit = FOLDED_UNITS[code] as number;
  if (unit === -2) {
    const f = foldChar(String.fromCharCode(code));
    unit = f.length === 1 ? f.charCodeAt(0) : -1;
    FOLDED_UNITS[code] = unit;
  }
  return unit;
}

/** Folds a label for matching: lower case, no accents, one kind of dash and apostrophe, single spaces, trimmed. */
export function fold(text: string): string {
  let out = '';
  for (const c of text) {
    const f = foldChar(c);
    for (const d of f) {
      if (d === ' ' && (out === '' || out.endsWith(' '))) continue;
      out += d;
    }
  }
  return out.trimEnd();
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

interface FrameRun {
  readonly str: string;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly size: number;
}

function toFrame(run: TextRun): FrameRun {
  // The run's start in its own frame: the displayed page turned back by the text's angle.
  const [x, y] = rotate(run.x, run.y, inverse(run.angle));
  return { str: run.str, x0: x, x1: x + run.length, y, size: run.size };
}

function makeLine(angle: Quarter, runs: FrameRun[]): TextLine {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let y0 = Infinity;
  let y1 = -Infinity;
  let previous: FrameRun | undefined;
  for (const run of runs) {
    if (previous !== undefined) {
      const gap = run.x0 - previous.x1;
      if (gap > 0.15 * Math.min(run.size, previous.size) && !text.endsWith(' ') && !run.str.startsWith(' ')) {
        text += ' ';
        starts.push(previous.x1);
        ends.push(run.x0);
      }
    }
    const n = run.str.length;
    const step = n === 0 ? 0 : (run.x1 - run.x0) / n;
    // The run's text at once (one string per run rather than per character), and each character's extent.
    text += run.str;
    for (let i = 0; i < n; i++) {
      starts.push(run.x0 + i * step);
      ends.push(run.x0 + (i + 1) * step);
    }
    y0 = Math.min(y0, run.y - 0.22 * run.size);
    y1 = Math.max(y1, run.y + 0.78 * run.size);
    previous = run;
  }
  // The folded text as UTF-16 units, made into a string at once (a string grown character by character allocates a
  // piece per character). A space is dropped at the start and after another space.
  const units: number[] = [];
  const origin: number[] = [];
  let atSpace = true;
  for (let i = 0; i < text.length; i++) {
    const unit = foldedUnitOf(text.charCodeAt(i));
    if (unit >= 0) {
      if (unit === 0x20 && atSpace) continue;
      units.push(unit);
      origin.push(i);
      atSpace = unit === 0x20;
      continue;
    }
    const f = foldChar(text[i] ?? '');
    for (const d of f) {
      if (d === ' ' && atSpace) continue;
      for (let k = 0; k < d.length; k++) units.push(d.charCodeAt(k));
      origin.push(i);
      atSpace = d === ' ';
    }
  }
  return { angle, text, starts, ends, y0, y1, folded: fromUnits(units), origin };
}

/** UTF-16 units as a string, made in chunks (apply takes array-likes; chunks keep the argument count low). */
function fromUnits(units: readonly number[]): string {
  if (units.length <= 4096) return String.fromCharCode.apply(null, units as number[]);
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode.apply(null, units.slice(i, i + 4096));
  return out;
}

/**
 * Groups runs into lines, per text direction: runs on the same baseline, in order along it. Runs far apart on one
 * baseline (two captions side by side) make separate lines, so that a caption starts its own line.
 */
export function buildLines(runs: readonly TextRun[]): TextLine[] {
  const lines: TextLine[] = [];
  for (const angle of [0, 90, 180, 270] as const) {
    const frame = runs.filter((r) => r.angle === angle && r.str.length > 0).map(toFrame);
    if (frame.length === 0) continue;
    frame.sort((a, b) => b.y - a.y || a.x0 - b.x0);
    let group: FrameRun[] = [];
    let baseline = NaN;
    const flush = (): void => {
      group.sort((a, b) => a.x0 - b.x0);
      let segment: FrameRun[] = [];
      for (const run of group) {
        const last = segment[segment.length - 1];
        if (last !== undefined && run.x0 - last.x1 > Math.max(3 * run.size, 24)) {
          lines.push(makeLine(angle, segment));
          segment = [];
        }
        segment.push(run);
      }
      if (segment.length > 0) lines.push(makeLine(angle, segment));
      group = [];
    };
    for (const run of frame) {
      if (group.length > 0 && Math.abs(run.y - baseline) > 0.35 * run.size) flush();
      if (group.length === 0) baseline = run.y;
      group.push(run);
    }
    if (group.length > 0) flush();
  }
  // Reading order inside each direction: top to bottom, then left to right.
  return lines;
}

/** The page's text, folded, lines joined by spaces: what form identifiers are looked for in. */
export function pageText(lines: readonly TextLine[]): string {
  return lines.map((l) => l.folded).join(' ');
}

/** Whether every fragment of one of the identifier sets appears in the page's folded text. */
export function identifies(folded: string, identifiers: readonly (readonly string[])[]): boolean {
  return identifiers.some((set) => set.every((fragment) => folded.includes(fold(fragment))));
}

/**
 * Every occurrence of `label` in the lines, in reading order, respecting word boundaries. With `lineStart`, only
 * occurrences that begin their line.
 */
export function findText(lines: readonly TextLine[], label: string, lineStart = false): TextMatch[] {
  const needle = fold(label);
  const out: TextMatch[] = [];
  if (needle === '') return out;
  const wordStart = isWordChar(needle[0]);
  const wordEnd = isWordChar(needle[needle.length - 1]);
  lines.forEach((line, index) => {
    let at = line.folded.indexOf(needle);
    while (at !== -1) {
      const end = at + needle.length;
      const boundaryOk = (!wordStart || !isWordChar(line.folded[at - 1])) && (!wordEnd || !isWordChar(line.folded[end]));
      if (boundaryOk && (!lineStart || at === 0)) {
        const first = line.origin[at] ?? 0;
        const last = line.origin[end - 1] ?? first;
        out.push({
          angle: line.angle,
          box: { x0: line.starts[first] ?? 0, y0: line.y0, x1: line.ends[last] ?? 0, y1: line.y1 },
          text: line.text.slice(first, last + 1),
          line: index,
        });
      }
      if (lineStart) break;
      at = line.folded.indexOf(needle, at + 1);
    }
  });
  return out;
}
