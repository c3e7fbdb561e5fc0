/**
 * The French and English message catalogue: every issue and error code taxsync produces has a sentence in both
 * languages, declared with the parameters it reads. Parameters are already masked when they are personal data (a SIN
 * arrives as `*** *** 789`). One file per area; this module joins them and renders.
 */
import { clientMessages } from './clients.js';
import type { Locale, MessageEntry, MessageParams } from './define.js';
import { dispatchMessages } from './dispatch.js';
import { formMessages } from './form.js';
import { issueMessages } from './issues.js';
import { matchMessages } from './matching.js';
import { errorMessages } from './parse.js';
import { signatureMessages } from './signatures.js';
import { syncMessages } from './sync.js';
import { workflowMessages } from './workflow.js';

export type { Locale, MessageParams } from './define.js';

/** Code of a row-level issue. */
export type IssueCode = keyof typeof issueMessages;
/** Code of a client-sync conflict, import outcome or port error (see `diffClients` and `applyClientImport`). */
export type ClientMessageCode = keyof typeof clientMessages;
/** Code of a file-name match outcome or a zip-reading problem (see `matchPdfToClient`, `readZip`). */
export type MatchMessageCode = keyof typeof matchMessages;
/** Code of a signature-layout lookup, a held PDF, or a PDF preparation error (see `signatureLayoutFor`, `taxsync/pdf`). */
export type SignatureMessageCode = keyof typeof signatureMessages;
/** Code of a document-dispatch outcome (see `applyDocumentDispatch`). */
export type DispatchMessageCode = keyof typeof dispatchMessages;
/** Code of a signature-sync outcome, a compliance check, an HTTP portal error or a webhook refusal (see `syncSignatures`). */
export type SyncMessageCode = keyof typeof syncMessages;
/** Code of a stored plan's refusal or of an effect outcome shared by the jobs (see `loadPlan`). */
export type WorkflowMessageCode = keyof typeof workflowMessages;
/** Code of a website-form answer or field error (see `createClientFormHandler`). */
export type FormMessageCode = keyof typeof formMessages;
/** Code of a {@link TaxsyncError}. */
export type ErrorCode = keyof typeof errorMessages | ClientMessageCode | MatchMessageCode | SignatureMessageCode | DispatchMessageCode | SyncMessageCode | FormMessageCode | WorkflowMessageCode;

const catalogue = { ...issueMessages, ...errorMessages, ...clientMessages, ...matchMessages, ...signatureMessages, ...dispatchMessages, ...syncMessages, ...formMessages, ...workflowMessages };

/** Any code of the catalogue: an {@link IssueCode} or an {@link ErrorCode}. */
export type MessageCode = IssueCode | ErrorCode;

/**
 * The parameters the message of `C` reads, as declared in the catalogue: `ParamsOf<'sin_invalid'>` is
 * `{ value: string | number }`. A code without parameters takes `{}`.
 */
export type ParamsOf<C extends MessageCode> = (typeof catalogue)[C] extends MessageEntry<infer P extends MessageParams> ? P : never;

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/**
 * The params argument for `C`: the declared parameters when `C` is one code; when `C` is a union of codes (a code
 * read back from a stored issue, item or error), the stored {@link MessageParams} that came with it.
 */
export type MessageParamsFor<C extends MessageCode> = true extends IsUnion<C> ? MessageParams : ParamsOf<C>;

/**
 * The params of `C` as an argument list, optional when `C` declares none: for helpers that take a code and its params
 * (`why('aborted')`, `why('write_failed', { detail })`).
 */
export type MessageArgs<C extends MessageCode> = Record<never, never> extends MessageParamsFor<C> ? [params?: MessageParamsFor<C>] : [params: MessageParamsFor<C>];

/**
 * Renders the message of an issue or error code in French or English. With a literal code, its parameters are
 * checked: a missing or misspelt one is a compile error.
 *
 * @example
 * ```ts
 * renderMessage('sin_invalid', { value: '*** *** 789' }, 'fr');
 * // "Le NAS *** *** 789 n'est pas valide : …"
 * ```
 */
export function renderMessage<C extends MessageCode>(code: C, params: MessageParamsFor<C>, locale: Locale): string {
  const entry = (catalogue as unknown as Readonly<Record<string, MessageEntry<MessageParams> | undefined>>)[code];
  if (entry === undefined) return code;
  return entry[locale](withDetail(params as MessageParams, locale, 0));
}

/**
 * An outcome's `detail` rendered again in `locale` when it carries the code and params of a taxsync error
 * (`detailCode`, `detailParams`: see the jobs' reports) — the detail stored with it is that error's message in the
 * language it was thrown in. A detail that cannot be rendered again stays as stored.
 */
function withDetail(params: MessageParams, locale: Locale, depth: number): MessageParams {
  const { detail, detailCode, detailParams } = params;
  if (typeof detailCode !== 'string' || typeof detailParams !== 'string' || typeof detail !== 'string' || depth > 2) return params;
  const entry = (catalogue as unknown as Readonly<Record<string, MessageEntry<MessageParams> | undefined>>)[detailCode];
  if (entry === undefined || !Object.hasOwn(catalogue, detailCode)) return params;
  let inner: unknown;
  try {
    inner = JSON.parse(detailParams);
  } catch {
    return params;
  }
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return params;
  if (!Object.values(inner).every((v) => typeof v === 'string' || typeof v === 'number')) return params;
  const again = entry[locale](withDetail(inner as MessageParams, locale, depth + 1));
  // A detail stored without its final period (a sentence that goes on after it) is rendered again the same way.
  return { ...params, detail: detail.endsWith('.') ? again : again.replace(/\.+$/, '') };
}

/** Every code in the catalogue, for hosts that keep their own translations. */
export const messageCodes: readonly MessageCode[] = /* @__PURE__ */ Object.freeze(Object.keys(catalogue) as MessageCode[]);
