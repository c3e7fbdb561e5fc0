/**
 * Between a PDF page's user space (what pdf-lib and content streams use) and the displayed page (crop box, after
 * `/Rotate`, origin bottom-left): what taxsync's fields are expressed in. Pure.
 */
import type { Box, Quarter } from './text.js';

/** A page's crop box in user space: lower-left corner and size. */
export interface UserBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Normalises a `/Rotate` value (any multiple of 90, possibly negative) to 0, 90, 180 or 270. */
export function normalizeRotation(rotate: number): Quarter {
  const r = (((Math.round(rotate / 90) * 90) % 360) + 360) % 360;
  return r as Quarter;
}

/** Displayed size of a page: the crop box, turned by its rotation. */
export function displayedSize(box: UserBox, rotation: Quarter): { width: number; height: number } {
  return rotation === 90 || rotation === 270 ? { width: box.height, height: box.width } : { width: box.width, height: box.height };
}

/** A point of user space on the displayed page. `/Rotate` turns the page clockwise for display. */
export function userToDisplay(ux: number, uy: number, box: UserBox, rotation: Quarter): [number, number] {
  const dx = ux - box.x;
  const dy = uy - box.y;
  switch (rotation) {
    case 0:
      return [dx, dy];
    case 90:
      return [dy, box.width - dx];
    case 180:
      return [box.width - dx, box.height - dy];
    case 270:
      return [box.height - dy, dx];
  }
}

/** A point of the displayed page in user space. */
export function displayToUser(x: number, y: number, box: UserBox, rotation: Quarter): [number, number] {
  switch (rotation) {
    case 0:
      return [box.x + x, box.y + y];
    case 90:
      return [box.x + box.width - y, box.y + x];
    case 180:
      return [box.x + box.width - x, box.y + box.height - y];
    case 270:
      return [box.x + y, box.y + box.height - x];
  }
}

/** A displayed rectangle in user space (axis-aligned either way, since rotations are quarter turns). */
export function displayRectToUser(rect: Box, box: UserBox, rotation: Quarter): Box {
  const [ax, ay] = displayToUser(rect.x0, rect.y0, box, rotation);
  const [bx, by] = displayToUser(rect.x1, rect.y1, box, rotation);
  return { x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
}

/** The quarter turn closest to a direction vector's angle, counter-clockwise from +x. */
export function quarterOf(dx: number, dy: number): Quarter {
  const degrees = (Math.atan2(dy, dx) * 180) / Math.PI;
  return normalizeRotation(degrees);
}
