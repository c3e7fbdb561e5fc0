/**
 * Job 2, document dispatch, first half: a `.zip` of PDFs printed by the tax program → each PDF matched to exactly one
 * client → (to sign) its signature fields placed. Writes nothing; every entry of the archive gets a line.
 */
import { describeError } from '../internal/describe-error.js';
import { hashKey } from '../internal/hash.js';
import type { ClientKind } from '../model/client.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { renderMessage } from '../messages/catalogue.js';
import type { StoredClient } from '../ports.js';
import { createLayoutRegistry } from '../signatures/registry.js';
import type { LocalizedText, ResolveResult, SignatureLayout } from '../signatures/types.js';
import { createClientIndex } from '../matching/client-index.js';
import { matchPdfToClient, maskFileName } from '../matching/match.js';
import { compileNamingPattern } from '../matching/patterns.js';
import { readZip } from '../zip/archive.js';
import type {
  DispatchHoldReason,
  DispatchLine,
  DispatchPlan,
  DocumentDispatchInput,
  DocumentDispatchPorts,
  PasswordFor,
  PasswordRequest,
  PreviewDocumentDispatchOptions,
  ResolveFields,
} from './types.js';
import { guardPorts } from '../workflow/ports-guard.js';

const DOC_KIND: Readonly<Record<string, ClientKind>> = {
  T183: 'individual',
  'TP-1000.TE': 'individual',
  T183CORP: 'corporation',
  'CO-1000.TE': 'corporation',
};

const hex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function sha256(bytes: Uint8Array): Promise<string> {
  return hex(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

let defaultResolver: Promise<ResolveFields> | undefined;
const loadResolver = (): Promise<ResolveFields> =>
  (defaultResolver ??= import('../signatures/pdf/resolve.js').then((m) => m.resolveSignatureFields));
let decrypter: Promise<(pdf: Uint8Array, options: { password?: string }) => Promise<Uint8Array>> | undefined;
const loadDecrypter = (): Promise<(pdf: Uint8Array, options: { password?: string }) => Promise<Uint8Array>> =>
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

/**
 * Previews a dispatch: reads the archive, matches every PDF to one client of the store, and (to sign) places the
 * signature fields on each PDF. Writes nothing. Every entry of the archive gets a line: ready, held with a reason,
 * rejected or skipped — nothing vanishes.
 *
 * @throws {@link ZipError} when the archive as a whole cannot be read; `LayoutError` when signing a type/year with no
 * layout; {@link InvalidArgumentError} `pattern_invalid`.
 *
 * @example
 * ```ts
 * const plan = await previewDocumentDispatch(
 *   { zip: await readFile('T183-2025.zip'), documentType: 'T183', year: 2025, purpose: 'sign', pattern: '{sin} - {name}.pdf' },
 *   { store },
 *   { locale: 'fr' },
 * );
 * console.log(formatDispatchPreview(plan, 'fr'));
 * ```
 */
export async function previewDocumentDispatch(
  input: DocumentDispatchInput,
  ports: Pick<DocumentDispatchPorts, 'store'>,
  options: PreviewDocumentDispatchOptions = {},
): Promise<DispatchPlan> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewDocumentDispatch options must be an object' });
  ports = guardPorts(ports, options);
  const locale = options.locale ?? 'fr';
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('invalid_input', { detail: 'previewDocumentDispatch expects an input object (zip, documentType, year, purpose)' }, { locale });
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > 2200) {
    throw new InvalidArgumentError('invalid_input', { detail: `year must be a tax year, got ${String(input.year)}` }, { locale });
  }
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

  const entries = await readZip(input.zip, { ...(options.limits === undefined ? {} : { limits: options.limits }), locale });
  const clients: StoredClient[] = [];
  for await (const client of ports.store.list()) clients.push(client);
  const index = createClientIndex(clients);
  const kind = DOC_KIND[input.documentType];

  const lines: DispatchLine[] = [];
  const seen = new Map<string, string>();
  for (const [i, entry] of entries.entries()) {
    const base = { index: i, path: entry.path, displayName: maskFileName(entry.name) };
    const line = (status: DispatchLine['status'], reason: DispatchHoldReason | undefined, message: string, extra: Partial<DispatchLine> = {}): void => {
      lines.push({ ...base, status, ...(reason === undefined ? {} : { reason }), message, ...extra });
    };
    if (entry.status === 'skipped') {
      line('skipped', entry.reason, renderMessage(entry.reason, {}, locale));
      continue;
    }
    if (entry.status === 'rejected') {
      line('rejected', entry.reason, renderMessage(entry.reason, {}, locale));
      continue;
    }
    const digest = await sha256(entry.bytes);
    const match = matchPdfToClient(entry.name, index, {
      ...(pattern === undefined ? {} : { pattern }),
      year: input.year,
      ...(kind === undefined ? {} : { kind }),
      locale,
    });
    if (match.status !== 'matched') {
      line('held', match.reason, match.message, { sha256: digest });
      continue;
    }
    const client = match.client;
    // The same PDF for the same client twice (a copy in another folder) is sent once. The same PDF for two clients
    // (a generic letter) is two documents.
    const first = seen.get(`${digest}:${client.id}`);
    if (first !== undefined) {
      line('skipped', 'duplicate_in_zip', renderMessage('duplicate_in_zip', { first: maskFileName(first) }, locale), { sha256: digest, client });
      continue;
    }
    seen.set(`${digest}:${client.id}`, entry.path);
    if (resolve === undefined || layout === undefined) {
      line('ready', undefined, renderMessage('document_ready_consult', {}, locale), { client, matchedBy: match.by, sha256: digest, pdf: entry.bytes });
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
      line('held', 'unreadable', describeError(error), { client, matchedBy: match.by, sha256: digest });
      continue;
    }
    if (resolved.status === 'held') {
      line('held', resolved.reason, resolved.message[locale], { client, matchedBy: match.by, sha256: digest });
      continue;
    }
    const placedBy = [...new Set(resolved.fields.map((f) => f.placedBy))].join(', ');
    const ready = renderMessage('document_ready_sign', { fields: resolved.fields.length, placedBy }, locale);
    line('ready', undefined, resolved.protection === undefined ? ready : `${ready} ${resolved.protection.message[locale]}`, {
      client,
      matchedBy: match.by,
      sha256: digest,
      pdf,
      fields: resolved.fields,
      ...(resolved.protection === undefined ? {} : { protection: resolved.protection }),
    });
  }

  const groups = new Map<string, { clientId: string; client: StoredClient; lines: number[] }>();
  for (const l of lines) {
    if (l.status !== 'ready' || l.client === undefined) continue;
    const group = groups.get(l.client.id) ?? { clientId: l.client.id, client: l.client, lines: [] };
    group.lines.push(l.index);
    groups.set(l.client.id, group);
  }
  const count = (status: DispatchLine['status']): number => lines.filter((l) => l.status === status).length;
  const fingerprint = [input.documentType, input.year, input.purpose, ...lines.map((l) => `${l.sha256 ?? l.path}:${l.client?.id ?? ''}`).sort()].join('|');
  return {
    planId: `dispatch-${hashKey(fingerprint)}`,
    documentType: input.documentType,
    year: input.year,
    purpose: input.purpose,
    title,
    signers: input.purpose === 'sign' && layout !== undefined ? layout.signers : [],
    lines,
    groups: [...groups.values()],
    summary: { entries: lines.length, ready: count('ready'), held: count('held'), rejected: count('rejected'), skipped: count('skipped'), clients: groups.size },
    locale,
  };
}
