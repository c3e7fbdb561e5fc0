/**
 * What a PDF carries that adding fields would break or hide, read from the document pdf-lib parsed (never from a
 * byte scan, which cannot tell a person's signature from a usage-rights one):
 * - a person's digital signature (a `/Sig` field with a value `/V`) or a certification (`/Perms /DocMDP`): saving
 *   with new fields would invalidate it, so the PDF is held;
 * - a usage-rights signature (Reader Extensions, `/Perms /UR3` or the older `/UR`), which government fillable forms
 *   carry so that the free Reader may save them filled: not a person's signature, removed when fields are added
 *   (Reader would otherwise warn that the document was changed);
 * - XFA form data (`/XFA` in the AcroForm): removed when fields are added, since viewers that render XFA would show
 *   the form without the new widgets.
 * Empty `/Sig` fields already on the form are neither: they are kept and do not count as signed.
 */
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFRef } from '@cantoo/pdf-lib';
import { renderMessage } from '../../../../src/messages/catalogue.js';
import type { PdfProtection } from '../../../../src/signatures/types.js';
import type { PdfEncryption } from './pdf-lib.js';

/** The protections of one document, as found. */
export interface FoundProtection {
  /** The name of what is signed (a field's full name, or `Perms (certification)`), when something is. */
  readonly signed?: string;
  /** A usage-rights signature (`/Perms /UR3` or `/UR`) that preparing removes. */
  readonly usageRights: boolean;
  /** An `/XFA` entry in the AcroForm that preparing removes. */
  readonly xfa: boolean;
}

const N = {
  Perms: PDFName.of('Perms'),
  DocMDP: PDFName.of('DocMDP'),
  UR: PDFName.of('UR'),
  UR3: PDFName.of('UR3'),
  XFA: PDFName.of('XFA'),
  NeedsRendering: PDFName.of('NeedsRendering'),
  FT: PDFName.of('FT'),
  V: PDFName.of('V'),
  Kids: PDFName.of('Kids'),
  Parent: PDFName.of('Parent'),
  T: PDFName.of('T'),
  Sig: PDFName.of('Sig'),
  Annots: PDFName.of('Annots'),
  AcroForm: PDFName.of('AcroForm'),
  Fields: PDFName.of('Fields'),
} as const;

/** A class of pdf-lib objects (their constructors are private: only the prototype is used). */
type Kind<T> = { readonly prototype: T };
const isOf = <T>(value: unknown, type: Kind<T>): value is T => value instanceof (type as unknown as abstract new () => T);

/** What `look` finds, when it is of `type`; a lookup that throws (a damaged file) gives `undefined`. */
function typed<T>(look: () => unknown, type: Kind<T>): T | undefined {
  try {
    const value = look();
    return isOf(value, type) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `dict`'s entry, resolved, when it is of `type`; anything else (a damaged file: a name where a dictionary belongs,
 * a reference to nothing) is `undefined`, never an exception, so that one odd object cannot stop a batch.
 */
export const entry = <T>(dict: PDFDict, key: PDFName, type: Kind<T>): T | undefined => typed(() => dict.lookup(key), type);

/** `array`'s item, resolved, when it is of `type` (see {@link entry}). */
export const item = <T>(array: PDFArray, index: number, type: Kind<T>): T | undefined => typed(() => array.lookup(index), type);

/** The document's AcroForm dictionary, if it has a sound one. */
export const acroFormOf = (doc: PDFDocument): PDFDict | undefined => entry(doc.catalog, N.AcroForm, PDFDict);

/** How many fields (with their kids) are looked at, at most: a form has hundreds; a loop in /Kids stops here. */
const MAX_FIELDS = 100_000;

/** Every field dictionary of the AcroForm, kids included, with its full name (`a.b.c`). */
export function* formFields(doc: PDFDocument): Generator<{ readonly name: string; readonly dict: PDFDict }> {
  const acroForm = acroFormOf(doc);
  if (acroForm === undefined) return;
  const pending: { dict: PDFDict; prefix: string }[] = [];
  const roots = entry(acroForm, N.Fields, PDFArray);
  for (let i = (roots?.size() ?? 0) - 1; i >= 0; i--) {
    const dict = roots === undefined ? undefined : item(roots, i, PDFDict);
    if (dict !== undefined) pending.push({ dict, prefix: '' });
  }
  const seen = new Set<PDFDict>();
  while (pending.length > 0 && seen.size < MAX_FIELDS) {
    const { dict, prefix } = pending.pop() as { dict: PDFDict; prefix: string };
    if (seen.has(dict)) continue;
    seen.add(dict);
    const partial = textOf(entry(dict, N.T, Object));
    const name = partial === undefined ? prefix : prefix === '' ? partial : `${prefix}.${partial}`;
    yield { name, dict };
    const kids = entry(dict, N.Kids, PDFArray);
    for (let i = (kids?.size() ?? 0) - 1; i >= 0; i--) {
      const kid = kids === undefined ? undefined : item(kids, i, PDFDict);
      if (kid !== undefined) pending.push({ dict: kid, prefix: name });
    }
  }
}

/** A PDF text string's value, or `undefined` for anything else. */
function textOf(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && 'decodeText' in value && typeof value.decodeText === 'function') {
    try {
      return String(value.decodeText());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A field's type, inherited from its parents as the spec says (`/FT` is inheritable). */
function fieldType(dict: PDFDict): string | undefined {
  let current: PDFDict | undefined = dict;
  for (let depth = 0; current !== undefined && depth < 32; depth++) {
    const type = entry(current, N.FT, PDFName);
    if (type !== undefined) return type.asString();
    current = entry(current, N.Parent, PDFDict);
  }
  return undefined;
}

/** The name (or `(unnamed)`) of a signed signature widget found among the pages' annotations, if any. */
function signedWidgetOnAPage(doc: PDFDocument): string | undefined {
  for (const page of doc.getPages()) {
    const annots = entry(page.node, N.Annots, PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const annot = annots === undefined ? undefined : item(annots, i, PDFDict);
      if (annot === undefined) continue;
      const value = annot.get(N.V) ?? entry(annot, N.Parent, PDFDict)?.get(N.V);
      if (value !== undefined && fieldType(annot) === '/Sig') return textOf(entry(annot, N.T, Object)) ?? '(unnamed)';
    }
  }
  return undefined;
}

/** Reads what the document carries (see the module's comment). */
export function findProtection(doc: PDFDocument): FoundProtection {
  const perms = entry(doc.catalog, N.Perms, PDFDict);
  let signed: string | undefined;
  let usageRights = false;
  if (perms !== undefined) {
    for (const key of perms.keys()) {
      if (key === N.UR3 || key === N.UR) usageRights = true;
      // DocMDP, or an entry this code does not know: treated as a certification (held, never broken).
      else signed ??= 'Perms (certification)';
    }
  } else if (doc.catalog.get(N.Perms) !== undefined) {
    signed = 'Perms (certification)';
  }
  if (signed === undefined) {
    for (const { name, dict } of formFields(doc)) {
      if (dict.get(N.V) !== undefined && fieldType(dict) === '/Sig') {
        signed = name;
        break;
      }
    }
  }
  // A signed widget that the AcroForm does not list (a damaged form) is on its page all the same.
  if (signed === undefined) signed = signedWidgetOnAPage(doc);
  const xfa = acroFormOf(doc)?.get(N.XFA) !== undefined;
  return { ...(signed === undefined ? {} : { signed }), usageRights, xfa };
}

/**
 * Removes the usage-rights signature and the XFA data (see the module's comment). The catalog and the AcroForm are
 * changed; `changed` receives the AcroForm's reference when it is an indirect object, for an incremental save.
 */
export function removeProtection(doc: PDFDocument, found: FoundProtection, changed: Set<PDFRef>): void {
  if (found.usageRights) {
    const perms = entry(doc.catalog, N.Perms, PDFDict);
    perms?.delete(N.UR3);
    perms?.delete(N.UR);
    const permsRef = doc.catalog.get(N.Perms);
    if (permsRef instanceof PDFRef) changed.add(permsRef);
    if (perms === undefined || perms.keys().length === 0) doc.catalog.delete(N.Perms);
  }
  if (found.xfa) {
    const ref = doc.catalog.get(PDFName.of('AcroForm'));
    if (ref instanceof PDFRef) changed.add(ref);
    acroFormOf(doc)?.delete(N.XFA);
    // A dynamic XFA form asks viewers to render it from the XFA: without the XFA there is nothing to render.
    doc.catalog.delete(N.NeedsRendering);
  }
}

/**
 * The public account of what preparing removes, or `undefined` when it removes nothing. `encryption` is how the
 * bytes were protected.
 */
export function describeProtection(found: FoundProtection, encryption: PdfEncryption): PdfProtection | undefined {
  const what: string[] = [];
  if (encryption !== 'none') what.push('encryption');
  if (found.usageRights) what.push('usage_rights');
  if (found.xfa) what.push('xfa');
  if (what.length === 0) return undefined;
  const params = { what: what.join(',') };
  return {
    ...(encryption === 'none' ? {} : { encryption }),
    ...(found.usageRights ? { usageRights: true as const } : {}),
    ...(found.xfa ? { xfa: true as const } : {}),
    message: { en: renderMessage('protection_removed', params, 'en'), fr: renderMessage('protection_removed', params, 'fr') },
  };
}
