/** Argument checks of journal claims, shared by the stores taxsync ships. Not exported. */
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import type { ClaimStepInput } from '../ports.js';

/** The longest lease a claim may ask for: one day. */
export const MAX_LEASE_MS = 86_400_000;

/** A non-empty string without NUL: a part of a journal key. */
const isKey = (k: unknown): boolean => typeof k === 'string' && k !== '' && !k.includes('\u0000');

/** Argument checks of `claimStep`, shared by the stores taxsync ships. */
export function checkClaim(input: ClaimStepInput): void {
  if (!(isKey(input?.applyId) && isKey(input?.itemKey) && isKey(input?.step) && isKey(input?.owner))) {
    throw new InvalidArgumentError('invalid_input', { detail: 'claimStep needs a non-empty applyId, itemKey, step and owner' });
  }
  if (!Number.isSafeInteger(input.leaseMs) || input.leaseMs < 1 || input.leaseMs > MAX_LEASE_MS) {
    throw new InvalidArgumentError('invalid_input', { detail: `claimStep's leaseMs must be an integer from 1 to ${MAX_LEASE_MS}` });
  }
}
