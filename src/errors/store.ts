/**
 * The errors a `ClientStore` throws when a write cannot be done as asked. Hosts throw them from their own
 * adapters too, so the workflows can tell them apart from a store that failed.
 */
import { TaxsyncError, type TaxsyncErrorOptions } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';
import type { ParamsOf } from '../messages/catalogue.js';

const VERSION_CONFLICT = Symbol.for('taxsync.error.VersionConflictError');
const CLIENT_NOT_FOUND = Symbol.for('taxsync.error.ClientNotFoundError');
const CLIENT_EXISTS = Symbol.for('taxsync.error.ClientExistsError');

/**
 * Thrown by `ClientStore.update` when the client's stored version is not the one the caller read: someone
 * changed the client in between. Nothing was written. Its one code is `version_conflict`.
 */
export class VersionConflictError extends TaxsyncError<'version_conflict'> {
  declare readonly code: 'version_conflict';

  constructor(params: ParamsOf<'version_conflict'> & { id: string }, options: TaxsyncErrorOptions = {}) {
    super('version_conflict', params, options);
    this.name = 'VersionConflictError';
    mark(this, VERSION_CONFLICT);
  }

  /** True for a {@link VersionConflictError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is VersionConflictError {
    return isMarked(value, VERSION_CONFLICT);
  }
}

/** Thrown by `ClientStore.update` for an id the store does not hold. Its one code is `client_not_found`. */
export class ClientNotFoundError extends TaxsyncError<'client_not_found'> {
  declare readonly code: 'client_not_found';

  constructor(params: ParamsOf<'client_not_found'> & { id: string }, options: TaxsyncErrorOptions = {}) {
    super('client_not_found', params, options);
    this.name = 'ClientNotFoundError';
    mark(this, CLIENT_NOT_FOUND);
  }

  /** True for a {@link ClientNotFoundError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is ClientNotFoundError {
    return isMarked(value, CLIENT_NOT_FOUND);
  }
}

/**
 * Thrown by `ClientStore.create` and `ClientStore.update` when another client already holds the SIN (`key: 'sin'`) or
 * business number (`key: 'businessNumber'`): a store keeps one client per number. `value` is masked, `id` is the
 * client that holds it. Nothing was written. Its one code is `client_exists`.
 */
export class ClientExistsError extends TaxsyncError<'client_exists'> {
  declare readonly code: 'client_exists';

  constructor(params: ParamsOf<'client_exists'> & { id: string; key: 'sin' | 'businessNumber'; value: string }, options: TaxsyncErrorOptions = {}) {
    super('client_exists', params, options);
    this.name = 'ClientExistsError';
    mark(this, CLIENT_EXISTS);
  }

  /** True for a {@link ClientExistsError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is ClientExistsError {
    return isMarked(value, CLIENT_EXISTS);
  }
}
