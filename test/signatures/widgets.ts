/** Reading prepared PDFs back with pdfjs-dist, as a viewer would: the widgets and where they show. */
import { expect } from 'vitest';
import type { PlacedField } from '../../src/index.js';

export interface PdfjsWidget {
  readonly fieldName: string;
  readonly fieldType: string;
  readonly page: number;
  /** The widget's rectangle on the displayed page, bottom-left origin, as pdfjs's own viewport computes it. */
  readonly display: { x0: number; y0: number; x1: number; y1: number };
}

/** Reads the prepared PDF back with pdfjs-dist: every widget, with its rectangle converted by pdfjs's viewport. */
export async function widgetsByPdfjs(bytes: Uint8Array): Promise<{ pages: number; widgets: PdfjsWidget[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const widgets: PdfjsWidget[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    for (const a of (await page.getAnnotations()) as { subtype: string; fieldName: string; fieldType: string; rect: number[] }[]) {
      if (a.subtype !== 'Widget') continue;
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = viewport.convertToViewportRectangle(a.rect);
      widgets.push({
        fieldName: a.fieldName,
        fieldType: a.fieldType,
        page: n,
        display: { x0: Math.min(x0, x1), x1: Math.max(x0, x1), y0: viewport.height - Math.max(y0, y1), y1: viewport.height - Math.min(y0, y1) },
      });
    }
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, widgets };
}

export function expectSameRect(widget: PdfjsWidget | undefined, field: PlacedField): void {
  expect(widget, field.name).toBeDefined();
  if (widget === undefined) return;
  expect(widget.page).toBe(field.page);
  expect(widget.display.x0).toBeCloseTo(field.x, 2);
  expect(widget.display.y0).toBeCloseTo(field.y, 2);
  expect(widget.display.x1).toBeCloseTo(field.x + field.width, 2);
  expect(widget.display.y1).toBeCloseTo(field.y + field.height, 2);
}
