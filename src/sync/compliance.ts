/**
 * Checks a host runs before e-filing: is every authorization form signed, before transmission, with its channel
 * recorded — and does the $300 rule ask for a new one? Pure.
 */
import { renderMessage, type Locale, type MessageParams, type MessageParamsFor, type SyncMessageCode } from '../messages/catalogue.js';
import { describeSignatureTime, isValidTimeZone, parseInstant } from '../model/signing-time.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { DEFAULT_LOCALE } from '../workflow/context.js';
import type { SignatureChannel, SignatureRecord } from '../model/signing.js';

/** Above this change to the refund or balance owing (in cents) after signing, the CRA wants a new T183: $300. */
export const AMOUNT_CHANGE_LIMIT_CENTS = 30_000;

const CHANNELS: readonly SignatureChannel[] = ['email', 'portal', 'in_person'];

/**
 * The $300 rule: `true` when the refund or balance owing changed by **more than** $300 since the form was signed,
 * so the taxpayer must sign a new authorization form before the return is transmitted. Amounts in cents (a refund
 * negative, a balance owing positive); a change of exactly $300 does not need a new form.
 *
 * @example
 * ```ts
 * needsNewAuthorization(-125_000, -160_001); // true: the refund grew by $350.01
 * needsNewAuthorization(42_000, 72_000);     // false: exactly $300
 * ```
 */
export function needsNewAuthorization(amountAtSigningCents: number, currentAmountCents: number): boolean {
  return Math.abs(Math.round(currentAmountCents) - Math.round(amountAtSigningCents)) > AMOUNT_CHANGE_LIMIT_CENTS;
}

/** What {@link readyToTransmit} checks for one taxpayer. */
export interface TaxpayerSignatures {
  /** The taxpayer ({@link StoredClient | StoredClient.id}). */
  readonly taxpayerId: string;
  /** The forms the return needs signed (`['T183', 'TP-1000.TE']`). Default: the forms of the taxpayer's records for the year, or `['T183']` when there are none. */
  readonly forms?: readonly string[];
  /** The taxpayer's signature records (from `store.listSignatureRecords`); records of other years are ignored. */
  readonly records: readonly SignatureRecord[];
}

/** Options of {@link readyToTransmit}. */
export interface ReadyToTransmitOptions {
  /** When the return is to be transmitted (default: now). Used when a record has no `transmittedAt` yet. */
  readonly at?: Date | string;
  /** The return's current refund (negative) or balance owing (positive) in cents, for the $300 rule. */
  readonly currentAmountCents?: number;
  /** Language of the messages. Default: `DEFAULT_LOCALE` ('fr'). */
  readonly locale?: Locale;
}

/** One reason a return is not ready. */
export interface TransmissionProblem {
  /** The form concerned. */
  readonly documentType: string;
  /** Stable code: `not_signed`, `signed_after_transmission`, `channel_missing`, `new_authorization_needed`. */
  readonly code: SyncMessageCode;
  /** Values of the message. */
  readonly params: MessageParams;
  /** What is wrong and what to do, in the requested language. */
  readonly message: string;
}

/** Result of {@link readyToTransmit}. */
export interface TransmissionReadiness {
  /** `true` when nothing stands in the way of transmission. */
  readonly ready: boolean;
  /** Every problem found, form by form; empty when ready. */
  readonly problems: readonly TransmissionProblem[];
}

/**
 * Whether a taxpayer's return may be e-filed as far as signatures go: each form signed, signed before transmission
 * (before `options.at`, or before the recorded `transmittedAt`), its channel recorded, and — when the current amount
 * is given — no change of more than $300 since signing.
 *
 * @example
 * ```ts
 * const records = await store.listSignatureRecords([taxpayerId], 2025);
 * const check = readyToTransmit({ taxpayerId, forms: ['T183', 'TP-1000.TE'], records }, 2025, { currentAmountCents: -182_450 });
 * if (!check.ready) for (const p of check.problems) console.log(p.message);
 * ```
 */
export function readyToTransmit(taxpayer: TaxpayerSignatures, year: number, options: ReadyToTransmitOptions = {}): TransmissionReadiness {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const at = options.at === undefined ? Date.now() : options.at instanceof Date ? options.at.getTime() : parseInstant(options.at);
  if (at === undefined || Number.isNaN(at)) {
    throw new InvalidArgumentError('invalid_input', { detail: 'readyToTransmit needs options.at as a Date or an ISO 8601 instant with its offset (2026-04-30T12:00:00-04:00)' });
  }
  const records = taxpayer.records.filter((r) => r.taxpayerId === taxpayer.taxpayerId && r.taxYear === year);
  const forms = taxpayer.forms ?? (records.length > 0 ? [...new Set(records.map((r) => r.documentType))] : ['T183']);
  const problems: TransmissionProblem[] = [];
  const add = <C extends SyncMessageCode>(documentType: string, code: C, params: MessageParamsFor<C>): void => {
    problems.push({ documentType, code, params, message: renderMessage<SyncMessageCode>(code, params, locale) });
  };
  for (const form of forms) {
    const record = records.find((r) => r.documentType === form);
    const signature = record?.signature;
    const base = { form, year };
    if (signature === undefined) {
      add(form, 'not_signed', base);
      continue;
    }
    const transmitted = record?.transmittedAt === undefined ? at : parseInstant(record.transmittedAt);
    const signedAt = parseInstant(signature.signedAt);
    if (transmitted === undefined || signedAt === undefined || !isValidTimeZone(signature.timeZone)) {
      add(form, 'record_unreadable', { ...base, field: transmitted === undefined ? 'transmittedAt' : signedAt === undefined ? 'signature.signedAt' : 'signature.timeZone' });
      continue;
    }
    const limit = transmitted;
    if (!(signedAt < limit)) {
      add(form, 'signed_after_transmission', {
        ...base,
        signedAt: describeSignatureTime(signature.signedAt, signature.timeZone),
        transmittedAt: describeSignatureTime(new Date(limit).toISOString(), signature.timeZone),
      });
    }
    if (!CHANNELS.includes(signature.channel)) add(form, 'channel_missing', base);
    if (options.currentAmountCents !== undefined && record?.amountAtSigningCents !== undefined && needsNewAuthorization(record.amountAtSigningCents, options.currentAmountCents)) {
      const change = Math.abs(Math.round(options.currentAmountCents) - Math.round(record.amountAtSigningCents)) / 100;
      add(form, 'new_authorization_needed', { ...base, change });
    }
  }
  return { ready: problems.length === 0, problems };
}
