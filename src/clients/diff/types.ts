/**
 * The plan `diffClients` returns: what an import would create, update, leave alone or hold, and why.
 */
import type { ClientRecord } from '../../model/client.js';
import type { Locale, MessageParams } from '../../messages/catalogue.js';
import type { ClientFieldPath } from '../fields.js';

/** Options of {@link diffClients}. */
export interface DiffClientsOptions {
  /**
   * What an empty incoming value does to a stored one. `'keep'` (default): nothing — an export that lacks a phone
   * number never erases the one the host has. `'clear'`: the stored value is removed (never for SIN, business
   * number, NEQ or names).
   */
  readonly blankFields?: 'keep' | 'clear';
  /**
   * Only these fields are compared and changed; the others are left as stored. Useful with `blankFields: 'clear'` to
   * clear only what the file actually has columns for. Default: every field.
   */
  readonly fields?: readonly ClientFieldPath[];
  /** Language of conflict and warning messages. Default: `DEFAULT_LOCALE` (`'fr'`). */
  readonly locale?: Locale;
}

/** How an incoming record was matched to a stored client. */
export type ClientMatchedBy = 'sin' | 'businessNumber' | 'neq' | 'dependant' | 'name';

/** One field that would change. `from` / `to` are `undefined` when the field is absent on that side. */
export interface FieldChange {
  /** The field, nested parts written `address.city`. */
  readonly field: ClientFieldPath;
  /** The stored value. */
  readonly from: string | undefined;
  /** The value after the update. */
  readonly to: string | undefined;
}

/** Stable codes of {@link PlannedConflict.reason}. */
export type ClientConflictReason = 'sin_collision' | 'duplicate_in_file' | 'key_mismatch' | 'ambiguous_match' | 'missing_key';

/** Stable codes of {@link PlanWarning.code}. */
export type ClientPlanWarningCode = 'email_in_use';

/** Something to know about a create or an update that does not stop it. */
export interface PlanWarning {
  /** `email_in_use`: the e-mail also belongs to another client (stored, or another row of the file). */
  readonly code: ClientPlanWarningCode;
  /** Stored clients involved. */
  readonly ids: readonly string[];
  /** Other rows of the file involved. */
  readonly rows: readonly number[];
  /** What it means, in `options.locale`. */
  readonly message: string;
  /** Values of `message`, to render it in another language with `renderMessage`. */
  readonly params: MessageParams;
}

interface PlanItemBase {
  /** Position of the record in `incoming`. */
  readonly index: number;
  /** Row of the file (`record.source.row`), when known. */
  readonly row?: number;
}

/** A client the import would create. */
export interface PlannedCreate extends PlanItemBase {
  readonly action: 'create';
  /** The record to create. */
  readonly record: ClientRecord;
  /** Warnings (an e-mail used by another client). */
  readonly warnings: readonly PlanWarning[];
}

/** A stored client the import would update. */
export interface PlannedUpdate extends PlanItemBase {
  readonly action: 'update';
  /** The stored client's id. */
  readonly id: string;
  /** The stored client's version when read, for optimistic concurrency. */
  readonly version?: string | number;
  /** How it was matched. */
  readonly matchedBy: ClientMatchedBy;
  /** The merged record: the stored client with the changes applied (without `id` / `version`). */
  readonly record: ClientRecord;
  /** The record read from the file. */
  readonly incoming: ClientRecord;
  /** What changes, field by field. Never empty. */
  readonly changes: readonly FieldChange[];
  /** Warnings (an e-mail used by another client). */
  readonly warnings: readonly PlanWarning[];
}

/** A stored client the file agrees with. */
export interface PlannedUnchanged extends PlanItemBase {
  readonly action: 'unchanged';
  /** The stored client's id. */
  readonly id: string;
  /** The stored client's version when read. */
  readonly version?: string | number;
  /** How it was matched. */
  readonly matchedBy: ClientMatchedBy;
  /** The record read from the file. */
  readonly record: ClientRecord;
}

/** A row the import will not apply, with why. */
export interface PlannedConflict extends PlanItemBase {
  readonly action: 'conflict';
  /** Stable code: `sin_collision`, `duplicate_in_file`, `key_mismatch`, `ambiguous_match`, `missing_key`. */
  readonly reason: ClientConflictReason;
  /** The record read from the file. */
  readonly record: ClientRecord;
  /** Stored clients involved. */
  readonly ids: readonly string[];
  /** Rows of the file involved (for `duplicate_in_file`, every row with the key, this one included). */
  readonly rows: readonly number[];
  /** What is wrong and what to do, in `options.locale`; identifiers masked. */
  readonly message: string;
  /** Values of `message`. */
  readonly params: MessageParams;
}

/** Counts of a {@link ClientPlan}. */
export interface ClientPlanSummary {
  /** Records in `incoming`. */
  readonly incoming: number;
  readonly creates: number;
  readonly updates: number;
  readonly unchanged: number;
  readonly conflicts: number;
  /** Warnings over creates and updates. */
  readonly warnings: number;
}

/** Result of {@link diffClients}. Every incoming record is in exactly one of the four lists. */
export interface ClientPlan {
  readonly creates: readonly PlannedCreate[];
  readonly updates: readonly PlannedUpdate[];
  readonly unchanged: readonly PlannedUnchanged[];
  readonly conflicts: readonly PlannedConflict[];
  readonly summary: ClientPlanSummary;
}
