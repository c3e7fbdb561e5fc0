/**
 * The data of signature sync (job 3): client files and their taxpayers, the signature record an e-file carries, and
 * the e-signature completions a portal reports. Plain JSON-serializable shapes, shared by the ports, the workflow and
 * the HTTP protocol.
 */
import type { SignerRole } from '../signatures/types.js';

/** How the signer received the form: by the e-mail the client most recently gave, in the firm's portal, or on paper at the office. */
export type SignatureChannel = 'email' | 'portal' | 'in_person';

/** The place of a taxpayer in a client file (dossier). */
export type TaxpayerRole = 'principal' | 'spouse' | 'dependant';

/** One taxpayer of a {@link ClientFile}. */
export interface ClientFileTaxpayer {
  /** The taxpayer's {@link StoredClient | StoredClient.id}: the client whose portal folder receives their forms. */
  readonly taxpayerId: string;
  /** Principal, spouse or dependant. */
  readonly role: TaxpayerRole;
  /** Full name as the tax program has it (`Marie-Ève Côté`): the signer's name is checked against it. */
  readonly name: string;
  /**
   * The authorization forms this taxpayer signs (`['T183', 'TP-1000.TE']`). Absent: whatever forms the portal has
   * for them. Empty: they sign nothing (a minor dependant), and the sync reports them as `unchanged`.
   */
  readonly forms?: readonly string[];
}

/** A client file (dossier): a family filed together — principal taxpayer, spouse, dependants. */
export interface ClientFile {
  /** The host's id of the file (often the tax program's file name, `PROVENCHER-2025`). */
  readonly id: string;
  /** A label to show (`Famille Provencher`). */
  readonly label?: string;
  /** Its taxpayers, principal first. */
  readonly taxpayers: readonly ClientFileTaxpayer[];
}

/**
 * A signature as the e-file carries it: the instant of the signature as UTC plus the signer's time zone (the return
 * transmits it as Y/M/D HH:MM:SS in that zone), who signed, and the completion certificate that proves it.
 */
export interface SignatureDetails {
  /** The instant of the signature, ISO 8601 in UTC (`2026-03-14T19:42:07Z`). */
  readonly signedAt: string;
  /** The signer's IANA time zone (`America/Toronto`), in which the date and time are rendered for the return. */
  readonly timeZone: string;
  /** The signer's name as they signed. */
  readonly signerName: string;
  /** The signer's role on the form. */
  readonly signerRole: SignerRole;
  /** The completion certificate's id at the e-signature service. */
  readonly certificateId: string;
  /** How the form reached the signer; the CRA requires it to be recorded. */
  readonly channel: SignatureChannel;
  /** SHA-256 of the signed PDF, lower-case hex: keep that PDF six years. */
  readonly signedPdfSha256: string;
  /**
   * SHA-256 of the completion certificate, lower-case hex, once signature sync kept it (with the signed PDF) in the
   * host's `DocumentStore`: both are there under their SHA-256s. Absent when the sync ran without one.
   */
  readonly certificateSha256?: string;
  /** The portal's id of the completion this came from. */
  readonly completionId: string;
  /** The portal's id of the signed document. */
  readonly documentId?: string;
}

/**
 * The signature record of one taxpayer, one authorization form and one tax year: what the e-file will carry. Keyed
 * by `taxpayerId` + `taxYear` + `documentType`.
 */
export interface SignatureRecord {
  /** The taxpayer ({@link StoredClient | StoredClient.id}). */
  readonly taxpayerId: string;
  /** The client file the taxpayer belongs to. */
  readonly clientFileId: string;
  /** Tax year of the return. */
  readonly taxYear: number;
  /** The authorization form (`T183`, `TP-1000.TE`…). */
  readonly documentType: string;
  /** The signature, once one was copied from a completion. */
  readonly signature?: SignatureDetails;
  /**
   * When the return was transmitted to the CRA / Revenu Québec, ISO 8601 UTC, as the host records it when it
   * e-files. Once set, the signature is never overwritten and a later signature is never copied.
   */
  readonly transmittedAt?: string;
  /**
   * The refund (negative) or balance owing (positive), in cents, when the form was signed: the $300 rule compares
   * the return's current amount with it (see `needsNewAuthorization`).
   */
  readonly amountAtSigningCents?: number;
  /** Opaque concurrency token, changed by every write. Set by the store. */
  readonly version?: string | number;
}

/** Where a form stands at the portal. */
export type SignatureCompletionState = 'sent' | 'viewed' | 'partially_signed' | 'completed' | 'declined' | 'expired';

/** Where one signer of a form stands. */
export type CompletionSignerStatus = 'pending' | 'viewed' | 'signed' | 'declined';

/** One signer of a {@link SignatureCompletion}. */
export interface CompletionSigner {
  /** The signer's role on the form. */
  readonly role: SignerRole;
  /** The name the signer gave (or was invited under). */
  readonly name: string;
  /** Pending, viewed, signed or declined. */
  readonly status: CompletionSignerStatus;
  /** When they signed, ISO 8601 UTC. Present when `status` is `signed`. */
  readonly signedAt?: string;
  /** Their IANA time zone, as the e-signature service recorded it. Present when `status` is `signed`. */
  readonly timeZone?: string;
}

/**
 * The e-signature state of one document sent to sign, as the portal reports it: before completion (sent, viewed,
 * partially signed, declined, expired) and after (completed, with its certificate).
 */
export interface SignatureCompletion {
  /** The portal's id of this completion (an envelope, a signing request). */
  readonly id: string;
  /** The portal document that was signed ({@link PortalDocument.id}). */
  readonly documentId: string;
  /** The client whose folder holds the document ({@link StoredClient | StoredClient.id}). */
  readonly clientId: string;
  /** The client file, when the portal knows it. */
  readonly clientFileId?: string;
  /** The form (`T183`…). */
  readonly documentType: string;
  /** Tax year of the form. */
  readonly taxYear: number;
  /** Where the form stands. */
  readonly state: SignatureCompletionState;
  /** Each signer and where they stand. */
  readonly signers: readonly CompletionSigner[];
  /** When the state last changed, ISO 8601 UTC. */
  readonly updatedAt: string;
  /** The completion certificate's id. Present when `completed`. */
  readonly certificateId?: string;
  /** How the form reached the signers. Present when `completed`. */
  readonly channel?: SignatureChannel;
  /** SHA-256 of the signed PDF, lower-case hex. Present when `completed`. */
  readonly signedPdfSha256?: string;
}

/** Query of {@link Portal.listSignatureCompletions}. Criteria combine with AND; an absent criterion does not filter. */
export interface ListSignatureCompletionsQuery {
  /** Only completions of documents in these clients' folders. */
  readonly clientIds?: readonly string[];
  /** Only completions of these client files (portals that know files). */
  readonly clientFileIds?: readonly string[];
  /** Only completions of these documents. */
  readonly documentIds?: readonly string[];
  /** Only completions whose state changed at or after this instant (ISO 8601 UTC). */
  readonly since?: string;
  /** Stops the listing. */
  readonly signal?: AbortSignal;
}
