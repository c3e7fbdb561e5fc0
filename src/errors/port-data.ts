import { TaxsyncError, type TaxsyncErrorOptions } from './taxsync-error.js';
import { isMarked, mark } from './marker.js';
import type { ParamsOf } from '../messages/catalogue.js';

const MARKER = Symbol.for('taxsync.error.PortDataError');

/** The port whose answer could not be read, as {@link PortDataError.port} names it. */
export type PortName = 'ClientStore' | 'Portal' | 'Mailer' | 'DocumentStore';

/**
 * What a problem with a port's answer is, as {@link PortDataError.problem} says it: `missing` (a required field is
 * absent), `type` (a field of the wrong type), `format` (a string not in the documented format, such as a SIN of
 * eight digits), `range` (a number or length out of range), `value` (not one of the allowed values), `date` (not an
 * ISO 8601 date and time), `mismatch` (the answer is about something else than what was asked: another client's id).
 */
export type PortDataProblem = 'missing' | 'type' | 'format' | 'range' | 'value' | 'date' | 'mismatch';

/**
 * A host's adapter returned a value taxsync cannot read: a stored client without an id, a SIN of eight digits, a
 * `version` that is an object, a completion whose date does not parse, a receipt without an id. taxsync fails
 * closed: the item concerned is reported failed with this error's message, and nothing is done with the value — no
 * default is ever put in its place. Its one code is `port_data_invalid`.
 *
 * The error names the port, the method, the field (a path such as `signers.0.signedAt`) and what is wrong with it,
 * never the value itself (it may be personal data): look the value up in your own system.
 *
 * @example
 * ```ts
 * try {
 *   await previewClientImport({ source: 'dtmax', file }, { store });
 * } catch (error) {
 *   if (PortDataError.isInstance(error)) console.error(error.port, error.method, error.field, error.problem);
 *   else throw error;
 * }
 * ```
 */
export class PortDataError extends TaxsyncError<'port_data_invalid'> {
  declare readonly code: 'port_data_invalid';
  /** The port: `ClientStore`, `Portal`, `Mailer` or `DocumentStore`. */
  readonly port: PortName;
  /** The method whose answer could not be read (`list`, `get`, `listSignatureCompletions`…). */
  readonly method: string;
  /** Path of the field within the answer (`sin`, `client.version`, `signers.0.signedAt`), or `result` for the whole answer. */
  readonly field: string;
  /** What is wrong with the field. */
  readonly problem: PortDataProblem;
  /** For a method that returns a list or a stream: the position (from 1) of the element that could not be read. */
  readonly item?: number;

  constructor(
    params: ParamsOf<'port_data_invalid'> & { port: PortName; method: string; field: string; problem: PortDataProblem; item?: number },
    options: TaxsyncErrorOptions = {},
  ) {
    super('port_data_invalid', params, options);
    this.name = 'PortDataError';
    this.port = params.port;
    this.method = params.method;
    this.field = params.field;
    this.problem = params.problem;
    if (params.item !== undefined) this.item = params.item;
    mark(this, MARKER);
  }

  /** True for a {@link PortDataError} (or a subclass), also from another copy of the package. */
  static override isInstance(value: unknown): value is PortDataError {
    return isMarked(value, MARKER);
  }
}
