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

/** True for the `version_conflict` error of a store. */
export function isVersionConflict(error: unknown): boolean {
  return isTaxsyncError(error) && error.code === 'version_conflict';
}
