/**
 * The client model: what a row of a DT Max or Taxprep client list becomes. Types for TypeScript hosts; the zod
 * schemas of the same shapes are in `client-schema.ts` (`taxsync/schemas`).
 */
import type { ProvinceCode } from './identifiers.js';

/** Language a client reads their e-mails and portal in. */
export type ClientLanguage = 'fr' | 'en';

/** Place of a taxpayer in a client file (dossier). */
export type FamilyRole = 'principal' | 'spouse' | 'dependant';

/** A postal address; every part is optional because exports often carry only some of them. */
export interface Address {
  /** Street address. */
  readonly line1?: string;
  /** Apartment, suite, P.O. box. */
  readonly line2?: string;
  /** City or municipality. */
  readonly city?: string;
  /** Two-letter province or territory code (`QC`). */
  readonly province?: ProvinceCode;
  /** Canadian postal code as `A1A 1A1`; a foreign postal code is kept as written. */
  readonly postalCode?: string;
  /** ISO 3166 alpha-2 code when recognised (`CA`, `US`), otherwise the name as written. */
  readonly country?: string;
}

/** Where a record came from in its file. */
export interface RecordSource {
  /** The row number a person sees: the line in a text editor for a CSV, the sheet's row number in Excel. */
  readonly row: number;
}

/** Fields shared by individuals and corporations. */
interface ClientRecordBase {
  /** E-mail address (domain in lower case). The address a client most recently gave is where remote signing goes. */
  readonly email?: string;
  /** Phone number, `+1NXXNXXXXXX` when North American, with `;ext=123` when the file gave an extension. */
  readonly phone?: string;
  /** Language for e-mails and the portal. */
  readonly language?: ClientLanguage;
  /** Mailing address. */
  readonly address?: Address;
  /** Client file (dossier) grouping a family, as the tax program names it. */
  readonly clientFile?: string;
  /** The tax program's own client number (DT Max's `#`). A family may share one. */
  readonly clientNumber?: string;
  /** Where this record was read from, when it came from a file. */
  readonly source?: RecordSource;
}

/** A person who files a T1 / TP-1 return. */
export interface IndividualRecord extends ClientRecordBase {
  readonly kind: 'individual';
  /**
   * Social Insurance Number as nine bare digits. Absent only for a dependant identified by name and client file.
   * Display it only through `maskSin`.
   */
  readonly sin?: string;
  /** Given name, as written in the tax program (case preserved). */
  readonly firstName: string;
  /** Family name, as written in the tax program (case preserved). */
  readonly lastName: string;
  /** Birth date as `YYYY-MM-DD`. Sensitive: mask it in anything shown. */
  readonly birthDate?: string;
  /** Spouse's SIN, nine bare digits. */
  readonly spouseSin?: string;
  /** Place in the client file. */
  readonly role?: FamilyRole;
}

/** A corporation that files a T2 / CO-17 return. */
export interface CorporationRecord extends ClientRecordBase {
  readonly kind: 'corporation';
  /** CRA business number, the nine-digit BN9 (the key corporations are matched on). */
  readonly businessNumber?: string;
  /** Program account that came with the BN, such as `RC0001`. */
  readonly programAccount?: string;
  /** Quebec enterprise number, ten digits. */
  readonly neq?: string;
  /** Legal name. */
  readonly name: string;
  /** Fiscal year end as `YYYY-MM-DD`. */
  readonly fiscalYearEnd?: string;
  /** The person to write to. */
  readonly contactName?: string;
}

/** One client read from a client list: an individual or a corporation. Narrow on `kind`. */
export type ClientRecord = IndividualRecord | CorporationRecord;

/** Kind of client a list holds. */
export type ClientKind = ClientRecord['kind'];
