/**
 * Job 3, keeping the signed record: the signed PDF of a completion and its completion certificate, downloaded from
 * the portal, checked against the completion's SHA-256 (fail closed), and put in the host's DocumentStore.
 */
import { describeErrorParams, trimmedDetail } from '../internal/describe-error.js';
import { sha256Hex } from '../internal/hash.js';
import { isTaxsyncError } from '../errors/taxsync-error.js';
import type { MessageParams, SyncMessageCode } from '../messages/catalogue.js';
import type { DocumentStore, Portal, SignedDocument } from '../ports.js';
import type { SignatureDetails } from '../model/signing.js';

/** What keeping needs: the portal's download and the store. */
export interface Keeper {
  readonly download: NonNullable<Portal['downloadSignedDocument']>;
  readonly documents: DocumentStore;
  readonly signal?: AbortSignal;
}

/** The outcome of keeping one signature's documents. */
export type Kept = { readonly ok: true; readonly certificateSha256: string; readonly downloaded: boolean } | { readonly ok: false; readonly code: SyncMessageCode; readonly params: MessageParams };

/** The keeper of a sync, or `undefined` when the portal gives no signed documents or no store was given. */
export function keeperOf(portal: Portal, documents: DocumentStore | undefined, signal: AbortSignal | undefined): Keeper | undefined {
  if (documents === undefined || portal.capabilities.signedDocuments !== true || typeof portal.downloadSignedDocument !== 'function') return undefined;
  const download = portal.downloadSignedDocument.bind(portal);
  return { download, documents, ...(signal === undefined ? {} : { signal }) };
}

const utf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

/** Whether a download holds what the port promises: bytes, and a certificate that is the PDF or the JSON it says. */
function readable(download: SignedDocument | undefined): download is SignedDocument {
  if (typeof download !== 'object' || download === null) return false;
  const { signedPdf, certificate } = download;
  if (!(signedPdf instanceof Uint8Array) || signedPdf.length === 0 || typeof certificate !== 'object' || certificate === null) return false;
  if (!(certificate.bytes instanceof Uint8Array) || certificate.bytes.length === 0) return false;
  if (certificate.mediaType === 'application/pdf') return utf8.decode(certificate.bytes.subarray(0, 5)) === '%PDF-';
  if (certificate.mediaType !== 'application/json') return false;
  try {
    const value: unknown = JSON.parse(utf8.decode(certificate.bytes));
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/**
 * Whether the store holds the bytes of `sha256`, whole: read back and hashed again. Absent or damaged (the store's
 * `document_corrupted`, or bytes that do not hash to their key) is `false`, so they are downloaded and put again.
 */
async function intact(documents: DocumentStore, sha256: string): Promise<boolean> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await documents.get(sha256);
  } catch (error) {
    if (isTaxsyncError(error) && error.code === 'document_corrupted') return false;
    throw error;
  }
  return bytes instanceof Uint8Array && (await sha256Hex(bytes)) === sha256;
}

/**
 * Makes sure the signed PDF and the certificate of `signature` are in the store. Nothing is downloaded when the
 * record already names a certificate and the store holds both, intact. The signed PDF must have the completion's SHA-256,
 * else nothing is kept (`signed_document_mismatch`). Never throws.
 */
export async function keepSignedDocument(keeper: Keeper, signature: SignatureDetails, recorded: SignatureDetails | undefined, where: { readonly form: string; readonly year: number }): Promise<Kept> {
  const { documents } = keeper;
  try {
    const known = recorded?.signedPdfSha256 === signature.signedPdfSha256 ? recorded.certificateSha256 : undefined;
    if (known !== undefined && (await intact(documents, signature.signedPdfSha256)) && (await intact(documents, known))) return { ok: true, certificateSha256: known, downloaded: false };
  } catch (error) {
    return { ok: false, code: 'document_store_error', params: describeErrorParams(error) };
  }

  let download: SignedDocument | undefined;
  try {
    download = await keeper.download(signature.completionId, keeper.signal === undefined ? {} : { signal: keeper.signal });
  } catch (error) {
    return { ok: false, code: 'portal_error', params: trimmedDetail(describeErrorParams(error)) };
  }
  if (!readable(download)) return { ok: false, code: 'signed_document_missing', params: where };
  const actual = await sha256Hex(download.signedPdf);
  if (actual !== signature.signedPdfSha256) {
    return { ok: false, code: 'signed_document_mismatch', params: { ...where, expected: signature.signedPdfSha256.slice(0, 8), actual: actual.slice(0, 8) } };
  }
  const certificateSha256 = await sha256Hex(download.certificate.bytes);
  try {
    const pdf = await documents.put(download.signedPdf);
    const certificate = await documents.put(download.certificate.bytes);
    if (pdf.sha256 !== actual || certificate.sha256 !== certificateSha256) {
      return { ok: false, code: 'document_store_error', params: { detail: 'the document store answered with another SHA-256 than the bytes given' } };
    }
  } catch (error) {
    return { ok: false, code: 'document_store_error', params: describeErrorParams(error) };
  }
  return { ok: true, certificateSha256, downloaded: true };
}
