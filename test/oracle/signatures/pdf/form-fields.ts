/**
 * The widgets of a PDF's AcroForm fields, page by page, in displayed-page coordinates: what `formField` anchors are
 * placed against (forms whose captions are drawn as graphics, where the fields' own rectangles are the landmarks).
 */
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNumber, PDFRef } from '@cantoo/pdf-lib';
import { userToDisplay } from '../geometry.js';
import type { FormFieldBox } from '../place.js';
import { pageRotation, visibleBox } from './pdf-lib.js';
import { acroFormOf, entry, formFields, item } from './protection.js';

const RECT = PDFName.of('Rect');
const ANNOTS = PDFName.of('Annots');
const P = PDFName.of('P');

/** The widget rectangles of every named field, by 1-based page number, in the form's field order. */
export function formFieldBoxes(doc: PDFDocument): Map<number, FormFieldBox[]> {
  const boxes = new Map<number, FormFieldBox[]>();
  if (acroFormOf(doc) === undefined) return boxes;
  const pages = doc.getPages();
  // Which page each annotation is on: its page's /Annots, else the widget's own /P.
  const pageOf = new Map<PDFDict, number>();
  const pageByRef = new Map<string, number>();
  pages.forEach((page, i) => {
    pageByRef.set(page.ref.toString(), i);
    const annots = entry(page.node, ANNOTS, PDFArray);
    for (let k = 0; k < (annots?.size() ?? 0); k++) {
      const annot = annots === undefined ? undefined : item(annots, k, PDFDict);
      if (annot !== undefined && !pageOf.has(annot)) pageOf.set(annot, i);
    }
  });
  for (const { name, dict } of formFields(doc)) {
    if (name === '') continue;
    const rect = entry(dict, RECT, PDFArray);
    if (rect === undefined || rect.size() !== 4) continue;
    const p = dict.get(P);
    const index = pageOf.get(dict) ?? (p instanceof PDFRef ? pageByRef.get(p.toString()) : undefined);
    const page = index === undefined ? undefined : pages[index];
    if (index === undefined || page === undefined) continue;
    const values = [0, 1, 2, 3].map((k) => item(rect, k, PDFNumber)?.asNumber());
    const [x0, y0, x1, y1] = values;
    if (x0 === undefined || y0 === undefined || x1 === undefined || y1 === undefined) continue;
    const box = visibleBox(page);
    const turn = pageRotation(page);
    const [ax, ay] = userToDisplay(x0, y0, box, turn);
    const [bx, by] = userToDisplay(x1, y1, box, turn);
    const list = boxes.get(index + 1) ?? [];
    list.push({ name, box: { x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) } });
    boxes.set(index + 1, list);
  }
  return boxes;
}
