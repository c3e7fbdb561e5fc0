/** Safe descriptions of errors thrown by a host's adapter. Internal. */
import { isTaxsyncError } from '../errors/taxsync-error.js';
import { maskText } from '../model/mask.js';

/**
 * The message of an error thrown by a host's adapter, safe to show: every number that could be a SIN or BN (whatever
 * its separators) and every e-mail address is masked by `maskText`, and the text is cut at 300 characters.
 */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const masked = maskText(text);
  return masked.length > 300 ? `${masked.slice(0, 299)}…` : masked;
}

/**
 * The `detail` params of an outcome that failed on `error`, as data: its safe text (see {@link describeError}) and,
 * for one of taxsync's own errors (an SMTP refusal, a portal's HTTP error, a port's unreadable answer), its `code`
 * and masked params (`detailCode`, `detailParams` as JSON), so that `renderMessage` renders the detail again in the
 * language of the report rather than the one the adapter threw in. Flat strings, so they fit any stored plan.
 */
export function describeErrorParams(error: unknown): { detail: string; detailCode?: string; detailParams?: string } {
  const detail = describeError(error);
  if (!isTaxsyncError(error) || (error.message !== error.messageIn('fr') && error.message !== error.messageIn('en'))) return { detail };
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error.params)) {
    if (typeof value === 'number') params[key] = value;
    else if (typeof value === 'string') params[key] = maskText(value);
  }
  return { detail, detailCode: error.code, detailParams: JSON.stringify(params) };
}

/** The same params with the detail's final period taken off (a message that goes on after the detail). */
export function trimmedDetail<P extends { detail: string }>(params: P): P {
  return { ...params, detail: params.detail.replace(/\.+$/, '') };
}

/** True for the `version_conflict` error of a store. */
export function isVersionConflict(error: unknown): boolean {
  return isTaxsyncError(error) && error.code === 'version_conflict';
}
