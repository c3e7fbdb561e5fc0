/**
 * Job 2, document dispatch, first half: a `.zip` of PDFs printed by the tax program → each PDF matched to exactly one
 * client → (to sign) its signature fields placed. Writes nothing; every entry of the archive gets a line.
 */
import { describeErrorParams } from '../internal/describe-error.js';
import { hashKey, sha256Hex } from '../internal/hash.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { guardPorts } from '../workflow/ports-guard.js';
import type { MessageParams } from '../messages/catalogue.js';
import type { StoredClient } from '../ports.js';
import { createLayoutRegistry } from '../signatures/registry.js';
import { HELD_CODES } from '../signatures/place.js';
import type { LocalizedText, PdfProtection, PlacedField, ResolveResult, SignatureLayout } from '../signatures/types.js';
import { createClientIndex } from '../matching/client-index.js';
import { matchPdfToClient, maskFileName, type MatchedBy } from '../matching/match.js';
import { compileNamingPattern } from '../matching/patterns.js';
import { collectZip, DEFAULT_ZIP_LIMITS, openZipEntries } from '../zip/archive.js';
import { DEFAULT_LOCALE } from '../workflow/context.js';
import { sealPlan } from '../workflow/plan-document.js';
import { clientLabel, DOC_KIND, invitationBlock, invitedBefore, maskedIdentifier, readVersions, versionOf } from './shared.js';
import type {
  DispatchCode,
  DispatchLine,
  DispatchNotSentLine,
  DispatchPlan,
  DispatchPlanBody,
  DispatchProtection,
  DispatchReadyLine,
  DocumentDispatchInput,
  PasswordFor,
  PasswordRequest,
  PreviewDocumentDispatchOptions,
  PreviewDocumentDispatchPorts,
  ResolveFields,
} from './types.js';


let defaultResolver: Promise<ResolveFields> | undefined;
const loadResolver = (): Promise<ResolveFields> =>
  (defaultResolver ??= import('../signatures/pdf/resolve.js').then((m) => m.resolveSignatureFields));
let decrypter: Promise<(pdf: Uint8Array, options: { password?: string }) => Promise<Uint8Array>> | undefined;
/** The PDF decrypter, loaded on first use (swapped in the browser build, where it holds the document). @internal */
export const loadDecrypter = (): Promise<(pdf: Uint8Array, options: { password?: string }) => Promise<Uint8Array>> =>
  (decrypter ??= import('../signatures/pdf/decrypt.js').then((m) => m.decryptPdf));

/**
 * A password-protected PDF's fields, placed with the password `passwordFor` gives, and the PDF to send (decrypted);
 * `undefined` when the host has no password for it.
 */
async function resolveProtected(
  pdf: Uint8Array,
  layout: SignatureLayout,
  resolve: ResolveFields,
  passwordFor: PasswordFor,
  request: PasswordRequest,
): Promise<{ resolved: ResolveResult; pdf: Uint8Array } | undefined> {
  let password: string | undefined;
  try {
    password = await passwordFor(request);
  } catch {
    // The host's lookup failed: held for want of a password (its error, which may quote the password, is not shown).
    return undefined;
  }
  if (typeof password !== 'string' || password === '') return undefined;
  const resolved = await resolve(pdf, layout, { password });
  if (resolved.status !== 'resolved' || resolved.protection?.encryption !== 'password') return { resolved, pdf };
  return { resolved, pdf: await (await loadDecrypter())(pdf, { password }) };
}

/** What preparing removes, as data (the catalogue renders it). */
function protectionOf(protection: PdfProtection | undefined): DispatchProtection | undefined {
  if (protection === undefined) return undefined;
  return {
    ...(protection.encryption === undefined ? {} : { encryption: protection.encryption }),
    ...(protection.usageRights === true ? { usageRights: true as const } : {}),
    ...(protection.xfa === true ? { xfa: true as const } : {}),
  };
}

/** The bytes preview and apply keep in memory for a plan made in this process (never in the plan itself). */
const previewBytes = /* @__PURE__ */ new WeakMap<object, ReadonlyMap<string, Uint8Array>>();

/** The PDFs the preview of `document` read, by SHA-256, when it was made in this process. @internal */
export function bytesOfPreview(document: object): ReadonlyMap<string, Uint8Array> | undefined {
  return previewBytes.get(document);
}

type Matched = { client: StoredClient; by: MatchedBy };
type Ready = Omit<DispatchReadyLine, 'version' | 'versionNumber' | 'code' | 'params' | 'status'> & { code: 'document_ready_sign' | 'document_ready_consult'; params: MessageParams };

/**
 * Previews a dispatch: reads the archive, matches every PDF to one client of the store, (to sign) places the
 * signature fields on each PDF, and decides what apply will do with each: every reason apply would hold a document
 * is already here (no e-mail and never invited, cannot be invited, not invited with `uninvited: 'hold'`). A
 * document whose client already received another one of the same type and year is a `new_version`. Sends nothing;
 * with `ports.documents` it puts the ready PDFs there. Every entry of the archive gets a line: ready, held with a
 * reason, rejected or skipped — nothing vanishes.
 *
 * The result is for display (`formatDispatchPreview`) and carries `document`, the plan to keep and apply: JSON, with
 * no PDF bytes, no full SIN or BN, no client record.
 *
 * @throws {@link ZipError} when the archive as a whole cannot be read; `LayoutError` when signing a type/year with no
 * layout; {@link InvalidArgumentError} `pattern_invalid`.
 *
 * @example
 * ```ts
 * const plan = await previewDocumentDispatch(
 *   { zip: await readFile('T183-2025.zip'), documentType: 'T183', year: 2025, purpose: 'sign', pattern: '{sin} - {name}.pdf' },
 *   { store, documents },
 *   { locale: 'fr' },
 * );
 * console.log(formatDispatchPreview(plan, 'fr'));
 * await db.save(plan.planId, JSON.stringify(plan.document));
 * ```
 */
export async function previewDocumentDispatch(
  input: DocumentDispatchInput,
  ports: PreviewDocumentDispatchPorts,
  options: PreviewDocumentDispatchOptions = {},
): Promise<DispatchPlan> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewDocumentDispatch options must be an object' });
  const locale = options.locale ?? DEFAULT_LOCALE;
  ports = guardPorts(ports, options);
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewDocumentDispatch expects an input object (zip, documentType, year, purpose)' }, { locale });
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > 2200) {
    throw new InvalidArgumentError('invalid_input', { detail: `year must be a tax year, got ${String(input.year)}` }, { locale });
  }
  const uninvited = options.uninvited ?? 'invite';
  if (uninvited !== 'invite' && uninvited !== 'hold') throw new InvalidArgumentError('invalid_input', { detail: "uninvited must be 'invite' or 'hold'" }, { locale });
  const pattern = input.pattern === undefined ? undefined : compileNamingPattern(input.pattern);
  const registry = options.layouts ?? createLayoutRegistry();
  // Signing needs a layout (unknown pairs throw here, before anything is read); consulting only borrows its title.
  let layout: SignatureLayout | undefined;
  if (input.purpose === 'sign') layout = registry.layoutFor(input.year, input.documentType);
  else {
    try {
      layout = registry.layoutFor(input.year, input.documentType);
    } catch {
      layout = undefined;
    }
  }
  const title: LocalizedText = layout?.title ?? { en: input.documentType, fr: input.documentType };
  const resolve = input.purpose === 'sign' ? (options.resolveFields ?? (await loadResolver())) : undefined;

  const archive = await collectZip(input.zip, { ...DEFAULT_ZIP_LIMITS, ...options.limits }, locale);
  const archiveSha256 = await sha256Hex(archive);
  // Entries one at a time: only the bytes a ready line keeps stay in memory, not every entry's as well.
  const entries = await openZipEntries(archive, { ...(options.limits === undefined ? {} : { limits: options.limits }), locale });
  const clients: StoredClient[] = [];
  for await (const client of ports.store.list()) clients.push(client);
  const index = createClientIndex(clients);
  const kind = DOC_KIND[input.documentType];

  const lines: (Ready | DispatchNotSentLine)[] = [];
  const matched = new Map<number, Matched>();
  const bytes = new Map<string, Uint8Array>();
  const seen = new Map<string, string>();
  let entryCount = 0;
  for (let i = 0, next = entries.next(); next.done !== true; i++, next = entries.next()) {
    const entry = next.value;
    entryCount = i + 1;
    const base = { index: i, displayName: maskFileName(entry.name) };
    const notSent = (status: DispatchNotSentLine['status'], code: DispatchCode, params: MessageParams, extra: Partial<DispatchNotSentLine> = {}): void => {
      lines.push({ ...base, status, code, params, ...extra });
    };
    if (entry.status !== 'pdf') {
      notSent(entry.status, entry.reason, {});
      continue;
    }
    const source = await sha256Hex(entry.bytes);
    const match = matchPdfToClient(entry.name, index, {
      ...(pattern === undefined ? {} : { pattern }),
      year: input.year,
      ...(kind === undefined ? {} : { kind }),
      locale,
    });
    if (match.status !== 'matched') {
      notSent('held', match.reason, match.params, { sourceSha256: source });
      continue;
    }
    const client = match.client;
    const who = { clientId: client.id, clientLabel: clientLabel(client), sourceSha256: source };
    // The same PDF for the same client twice (a copy in another folder) is sent once. The same PDF for two clients
    // (a generic letter) is two documents.
    const first = seen.get(`${source}:${client.id}`);
    if (first !== undefined) {
      notSent('skipped', 'duplicate_in_zip', { first }, who);
      continue;
    }
    seen.set(`${source}:${client.id}`, base.displayName);
    const ready = async (pdf: Uint8Array, code: Ready['code'], params: MessageParams, fields: readonly PlacedField[], protection?: DispatchProtection): Promise<void> => {
      const sha = pdf === entry.bytes ? source : await sha256Hex(pdf);
      // A copy of its own: nothing outside the preview (the host's archive buffer, a resolver) can change the bytes
      // apply sends, so apply sends them without hashing them again.
      if (!bytes.has(sha)) bytes.set(sha, pdf.slice());
      matched.set(i, { client, by: match.by });
      lines.push({ ...base, ...who, code, params, matchedBy: match.by, sha256: sha, fields, ...(protection === undefined ? {} : { protection }) });
    };
    if (resolve === undefined || layout === undefined) {
      await ready(entry.bytes, 'document_ready_consult', {}, []);
      continue;
    }
    let resolved: ResolveResult;
    let pdf = entry.bytes;
    try {
      resolved = await resolve(entry.bytes, layout);
      // Asked only now that the file is matched to its client, and only for a PDF that needs a password.
      if (resolved.status === 'held' && resolved.reason === 'password_required' && options.passwordFor !== undefined) {
        ({ resolved, pdf } = (await resolveProtected(entry.bytes, layout, resolve, options.passwordFor, { client, fileName: entry.name })) ?? { resolved, pdf });
      }
    } catch (error) {
      notSent('held', 'layout_unreadable', describeErrorParams(error), who);
      continue;
    }
    if (resolved.status === 'held') {
      notSent('held', resolved.code ?? HELD_CODES[resolved.reason], resolved.params ?? {}, who);
      continue;
    }
    const placedBy = [...new Set(resolved.fields.map((f) => f.placedBy))].join(', ');
    await ready(pdf, 'document_ready_sign', { fields: resolved.fields.length, placedBy }, resolved.fields.map(placedField), protectionOf(resolved.protection));
  }

  // What apply would hold is held here: the invitations journal decides who is invited; versions come from the
  // documents sent before.
  const decided: DispatchLine[] = [];
  const perClient = new Map<string, { invited: boolean; versions: Map<string, number> }>();
  for (const line of lines) {
    if (!('matchedBy' in line)) {
      decided.push(line);
      continue;
    }
    const client = matched.get(line.index)?.client as StoredClient;
    let state = perClient.get(client.id);
    if (state === undefined) {
      state = { invited: await invitedBefore(ports.store, client.id), versions: await readVersions(ports.store, client.id, input.documentType, input.year) };
      perClient.set(client.id, state);
    }
    const block = invitationBlock(client, state.invited, uninvited, ports);
    if (block !== undefined) {
      decided.push({ index: line.index, displayName: line.displayName, status: 'held', code: block, params: {}, clientId: line.clientId, clientLabel: line.clientLabel, sourceSha256: line.sourceSha256 });
      continue;
    }
    const versionNumber = versionOf(state.versions, line.sourceSha256);
    const earlier = [...state.versions.values()].some((n) => n < versionNumber);
    decided.push({ ...line, status: 'ready', version: earlier ? 'new_version' : 'new', versionNumber });
  }

  if (ports.documents !== undefined) {
    for (const line of decided) if (line.status === 'ready') await ports.documents.put(bytes.get(line.sha256) as Uint8Array);
  }

  const groups = new Map<string, { clientId: string; clientLabel: string; lines: number[] }>();
  for (const l of decided) {
    if (l.status !== 'ready') continue;
    const group = groups.get(l.clientId) ?? { clientId: l.clientId, clientLabel: l.clientLabel, lines: [] };
    group.lines.push(l.index);
    groups.set(l.clientId, group);
  }
  const count = (status: DispatchLine['status']): number => decided.filter((l) => l.status === status).length;
  const fingerprint = [input.documentType, input.year, input.purpose, ...decided.map((l) => `${l.sourceSha256 ?? l.displayName}:${l.clientId ?? ''}`).sort()].join('|');
  const planId = `dispatch-${hashKey(fingerprint)}`;
  const signers = input.purpose === 'sign' && layout !== undefined ? layout.signers : [];
  const byIndex = new Map(decided.map((l) => [l.index, l]));
  const body: DispatchPlanBody = {
    documentType: input.documentType,
    year: input.year,
    purpose: input.purpose,
    title: { en: title.en, fr: title.fr },
    signers: [...signers],
    ...(input.pattern === undefined ? {} : { pattern: input.pattern }),
    archiveSha256,
    entries: entryCount,
    uninvited,
    items: [...groups.values()].map((g) => {
      const docs = g.lines.map((i) => byIndex.get(i)).filter((l): l is DispatchReadyLine => l?.status === 'ready');
      const m = matched.get(g.lines[0] as number) as Matched;
      const masked = maskedIdentifier(m.client, m.by);
      return {
        key: g.clientId,
        clientId: g.clientId,
        label: g.clientLabel,
        matched: { by: m.by, ...(masked === undefined ? {} : { masked }) },
        documents: docs.map(({ status: _s, code: _c, params: _p, clientId: _i, clientLabel: _l, matchedBy: _m, ...doc }) => doc),
      };
    }),
    notSent: decided
      .filter((l): l is DispatchNotSentLine => l.status !== 'ready')
      .map(({ sourceSha256: _sha, ...line }) => line),
  };
  const document = await sealPlan('document-dispatch', planId, (options.now?.() ?? new Date()).toISOString(), locale, body);
  previewBytes.set(document, bytes);
  return {
    planId,
    documentType: input.documentType,
    year: input.year,
    purpose: input.purpose,
    title,
    signers,
    lines: decided,
    groups: [...groups.values()],
    summary: { entries: decided.length, ready: count('ready'), held: count('held'), rejected: count('rejected'), skipped: count('skipped'), clients: groups.size },
    locale,
    document,
  };
}

/** A resolved field as the plan keeps it (how it was placed, and why, are for the preview only). */
const placedField = ({ name, signer, type, component, page, x, y, width, height, rotation, required }: PlacedField): PlacedField => ({
  name,
  signer,
  type,
  ...(component === undefined ? {} : { component }),
  page,
  x,
  y,
  width,
  height,
  ...(rotation === undefined ? {} : { rotation }),
  ...(required === undefined ? {} : { required }),
});
