/**
 * A page as the fast text reader places text on it: its visible box (media box cut by the crop box), its `/Rotate`
 * and its resources, each the page's own entry or the nearest ancestor's in the page tree — read as pdf-lib reads them,
 * with what a page-tree node passes down read once per node. A page whose tree, boxes or rotation pdf-lib and
 * pdfjs-dist might see differently throws {@link CannotDecode} (`page`): pdfjs-dist then reads the document.
 */
import { PDFArray, PDFDict, PDFName, PDFNull, PDFNumber, PDFPageLeaf, PDFPageTree, type PDFContext, type PDFObject, type PDFPage } from '@cantoo/pdf-lib';
import { normalizeRotation, type UserBox } from '../geometry.js';
import type { Quarter } from '../text.js';
import { CannotDecode } from './cannot-decode.js';
import { visibleBoxOf } from './pdf-lib.js';

const PARENT = PDFName.of('Parent');
const MEDIA_BOX = PDFName.of('MediaBox');
const CROP_BOX = PDFName.of('CropBox');
const ROTATE = PDFName.of('Rotate');
const RESOURCES = PDFName.of('Resources');

/** A page's inheritable entries, as found on the page or its nearest ancestor that has them. */
interface Inheritable {
  readonly mediaBox: PDFObject | undefined;
  readonly cropBox: PDFObject | undefined;
  readonly rotate: PDFObject | undefined;
  readonly resources: PDFObject | undefined;
}

const NOTHING_INHERITED: Inheritable = { mediaBox: undefined, cropBox: undefined, rotate: undefined, resources: undefined };

/** What a document's pages share: what each page-tree node passes down to its pages. */
export interface PageTreeCache {
  readonly context: PDFContext;
  readonly inherited: Map<PDFDict, Inheritable>;
}

/** An empty cache for one document. */
export const pageTreeCache = (context: PDFContext): PageTreeCache => ({ context, inherited: new Map() });

/** A page's geometry and resources, for the interpreter. */
export interface PageGeometry {
  /** The visible box in user space. */
  readonly box: UserBox;
  /** The page's `/Rotate`, normalised. */
  readonly rotation: Quarter;
  /** The box as the interpreter tests glyphs against it: left, bottom, right, top. */
  readonly view: readonly [number, number, number, number];
  readonly resources: PDFDict | undefined;
}

/**
 * The page's visible box, rotation and resources.
 * @throws {CannotDecode} (`page`) for a page tree, box or rotation that pdf-lib and pdfjs-dist may read differently.
 */
export function pageGeometry(cache: PageTreeCache, page: PDFPage): PageGeometry {
  const { mediaBox, cropBox, rotate, resources } = pageAttributes(cache, page);
  const rotation = rotationOf(rotate);
  const box = pageBox(mediaBox, cropBox);
  return { box, rotation, view: [box.x, box.y, box.x + box.width, box.y + box.height], resources };
}

/**
 * The value of an inheritable entry as pdf-lib's `lookupMaybe(value, type)` reads it (absent or null: none), except
 * that a value of another kind is the document's fault, said with {@link CannotDecode} rather than pdf-lib's type error.
 */
function entry<T extends PDFObject>(context: PDFContext, value: PDFObject | undefined, is: (found: PDFObject) => found is T, what: string): T | undefined {
  const found = context.lookup(value);
  if (found === undefined || found === PDFNull) return undefined;
  if (is(found)) return found;
  throw new CannotDecode('page', `${what} of the wrong kind`);
}

const isArray = (found: PDFObject): found is PDFArray => found instanceof PDFArray;
const isNumber = (found: PDFObject): found is PDFNumber => found instanceof PDFNumber;
const isDict = (found: PDFObject): found is PDFDict => found instanceof PDFDict;

/**
 * The page's media box, crop box, `/Rotate` and resources as pdf-lib's PDFPageLeaf reads them (MediaBox(),
 * CropBox(), Rotate(), Resources(): the page's own entry, else the nearest ancestor's, every ancestor visited). pdf-lib
 * walks up the page tree for each of them on each page, decoding a name at each step; what a parent passes down is
 * the same for all its pages, so it is looked up once per parent here. Where pdf-lib's walk would throw (a /Parent
 * that is not a page-tree node, a loop) this one throws {@link CannotDecode}.
 */
function pageAttributes(cache: PageTreeCache, page: PDFPage): { mediaBox: PDFArray; cropBox: PDFArray | undefined; rotate: PDFNumber | undefined; resources: PDFDict | undefined } {
  const node = page.node;
  const context = cache.context;
  const parent = entry(context, node.get(PARENT), isDict, 'a page /Parent');
  let inherited = NOTHING_INHERITED;
  if (parent !== undefined) {
    let found = cache.inherited.get(parent);
    if (found === undefined) {
      let mediaBox: PDFObject | undefined;
      let cropBox: PDFObject | undefined;
      let rotate: PDFObject | undefined;
      let resources: PDFObject | undefined;
      const visited = new Set<PDFDict>();
      // pdf-lib's ascend, as a loop: each ancestor is visited, then its /Parent (absent: the root) is followed.
      for (let ancestor: PDFObject | undefined = parent; ancestor !== undefined; ancestor = context.lookup(ancestor.get(PARENT))) {
        if (!(ancestor instanceof PDFPageTree || ancestor instanceof PDFPageLeaf)) throw new CannotDecode('page', 'a /Parent that is not a page-tree node');
        if (visited.has(ancestor)) throw new CannotDecode('page', 'a page tree whose /Parent chain loops');
        visited.add(ancestor);
        mediaBox ??= ancestor.get(MEDIA_BOX);
        cropBox ??= ancestor.get(CROP_BOX);
        rotate ??= ancestor.get(ROTATE);
        resources ??= ancestor.get(RESOURCES);
      }
      found = { mediaBox, cropBox, rotate, resources };
      cache.inherited.set(parent, found);
    }
    inherited = found;
  }
  const mediaBox = entry(context, node.get(MEDIA_BOX) ?? inherited.mediaBox, isArray, 'a /MediaBox');
  // pdf-lib's MediaBox() requires one.
  if (mediaBox === undefined) throw new CannotDecode('page', 'a page without a /MediaBox');
  return {
    mediaBox,
    cropBox: entry(context, node.get(CROP_BOX) ?? inherited.cropBox, isArray, 'a /CropBox'),
    rotate: entry(context, node.get(ROTATE) ?? inherited.rotate, isNumber, 'a /Rotate'),
    resources: entry(context, node.get(RESOURCES) ?? inherited.resources, isDict, 'a /Resources'),
  };
}

/** The page's `/Rotate` as pdfjs-dist reads it; one that pdfjs would treat differently from pdf-lib cannot be decoded. */
function rotationOf(rotate: PDFNumber | undefined): Quarter {
  // pdf-lib's page.getRotation().angle.
  const angle = rotate === undefined ? 0 : rotate.asNumber();
  if (!Number.isInteger(angle) || angle % 90 !== 0) throw new CannotDecode('page', 'a /Rotate that is not a multiple of 90');
  return normalizeRotation(angle);
}

/**
 * The page's visible box (pdf-lib.ts's visibleBox) from its media and crop boxes, which must be proper rectangles for
 * pdf-lib's and pdfjs-dist's views of the page to agree.
 */
function pageBox(media: PDFArray, crop: PDFArray | undefined): UserBox {
  const proper = (box: PDFArray): boolean => {
    if (box.size() !== 4) return false;
    const v = box.asArray().map((x) => (x instanceof PDFNumber ? x.asNumber() : NaN));
    return v.every(Number.isFinite) && (v[2] as number) !== (v[0] as number) && (v[3] as number) !== (v[1] as number);
  };
  if (!proper(media) || (crop !== undefined && !proper(crop))) throw new CannotDecode('page', 'a media or crop box that is not a proper rectangle');
  const mediaBox = media.asRectangle();
  return visibleBoxOf(mediaBox, crop?.asRectangle() ?? mediaBox);
}
