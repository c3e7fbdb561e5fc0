/**
 * From a text item as pdfjs-dist's getTextContent gives it (and as the fast reader reproduces it) to a text run on
 * the displayed page: shared by both readers so that they turn the same items into the same runs.
 */
import { quarterOf, userToDisplay, type UserBox } from '../geometry.js';
import type { Quarter, TextRun } from '../text.js';

/** A text item: its text, its transform in user space (baseline start at `e, f`), its advance and height. */
export interface TextItem {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
}

/** Where a reader puts its text items: the page's items, or a skim's text (skim.ts's `ShownText`). */
export interface ItemSink {
  push(item: TextItem): unknown;
}

/** Whether an item makes a run (see {@link toRun}): an empty item does not. */
export const makesRun = (item: TextItem): boolean => !(item.str === '' || item.width <= 0);

/** The run an item makes on the displayed page, or `undefined` for an empty item. */
export function toRun(item: TextItem, box: UserBox, rotation: Quarter): TextRun | undefined {
  if (!makesRun(item)) return undefined;
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
  const scale = Math.hypot(a, b) || 1;
  // The run's baseline goes from (e, f) along (a, b) for `width` points, in user space.
  const [x, y] = userToDisplay(e, f, box, rotation);
  const [x2, y2] = userToDisplay(e + (a / scale) * item.width, f + (b / scale) * item.width, box, rotation);
  return { str: item.str, x, y, angle: quarterOf(x2 - x, y2 - y), length: item.width, size: item.height || Math.hypot(c, d) };
}
