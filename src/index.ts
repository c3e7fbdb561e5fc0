/**
 * taxsync — move clients, tax documents and e-signatures between DT Max / Taxprep and a client portal.
 *
 * This entry point is light: it never loads Node's zlib, pdf-lib or pdfjs-dist. The Taxprep workbook parser is in `taxsync/xlsx`.
 * @packageDocumentation
 * @module taxsync
 */
export * from './model/client.js';
export * from './model/dates.js';
export * from './errors/taxsync-error.js';
export * from './model/identifiers.js';
export * from './model/mask.js';
export * from './messages/catalogue.js';
export { INDIVIDUAL_FIELDS, CORPORATION_FIELDS, type ClientField } from './parsers/aliases.js';
export * from './parsers/types.js';
export type { ClientRowStream } from './parsers/stream.js';
export { parseDtmaxCsv, streamDtmaxCsv, type ParseDtmaxCsvOptions, type DtmaxCsvInput } from './parsers/csv/dtmax-csv.js';
export { createClientIndex, isClientIndex, type ClientIndex } from './matching/client-index.js';
export { compileNamingPattern, type NamingPattern, type PatternToken } from './matching/patterns.js';
export {
  matchPdfToClient,
  maskFileName,
  type MatchPdfToClientOptions,
  type MatchReason,
  type MatchedBy,
  type FileNameFacts,
  type PdfMatch,
  type PdfMatched,
  type PdfNotMatched,
} from './matching/match.js';
export {
  readZip,
  ZipError,
  DEFAULT_ZIP_LIMITS,
  type ReadZipOptions,
  type ZipEntry,
  type ZipErrorCode,
  type ZipLimits,
  type ZipPdf,
  type ZipRejectReason,
  type ZipRejected,
  type ZipSkipReason,
  type ZipSkipped,
} from './zip/archive.js';
// ── Client sync (job 1): diffClients, the ports, the memory adapters, the client-import workflow ──
export * from './ports.js';
export {
  diffClients,
  applyChanges,
  CLIENT_FIELD_PATHS,
  type ClientFieldPath,
  type ClientMatchedBy,
  type ClientConflictReason,
  type ClientPlan,
  type ClientPlanSummary,
  type ClientPlanWarningCode,
  type DiffClientsOptions,
  type FieldChange,
  type PlanWarning,
  type PlannedConflict,
  type PlannedCreate,
  type PlannedUnchanged,
  type PlannedUpdate,
} from './clients/diff.js';
export * from './email/invitation.js';
export {
  inviteOrMatchClient,
  INVITATIONS_JOURNAL,
  type ClientFormInput,
  type InvitationOutcome,
  type InvitationPorts,
  type InvitationSettings,
  type InvitationStatus,
  type InviteOrMatchClientOptions,
  type InviteOrMatchResult,
} from './workflow/invitations.js';
// The website form: a Web-standard request handler, its rate-limit port, the embeddable form.
export {
  createClientFormHandler,
  type ClientFormCaptchaInput,
  type ClientFormHandler,
  type ClientFormLogEntry,
  type ClientFormLogEvent,
  type ClientFormOutcome,
  type ClientFormPorts,
  type ClientFormRateLimits,
  type ClientFormRequestContext,
  type CreateClientFormHandlerOptions,
} from './clients/form/handler.js';
export { toNodeHandler, type NodeRequestLike, type NodeResponseLike, type ToNodeHandlerOptions, type WebHandler } from './clients/form/node.js';
export {
  renderClientForm,
  CLIENT_FORM_FIELDS,
  DEFAULT_HONEYPOT_FIELD,
  type ClientFormFieldName,
  type ClientFormOptionalField,
  type RenderClientFormOptions,
} from './clients/form/render.js';
export { CLIENT_FORM_TEXTS, type ClientFormTexts } from './messages/form-page.js';
export type { FormSecret } from './clients/form/token.js';
export {
  MAX_RATE_LIMIT_KEY_LENGTH,
  type RateLimitDecision,
  type RateLimitHitInput,
  type RateLimitRule,
  type RateLimitStore,
} from './clients/form/rate-limit.js';
export { createMemoryRateLimitStore, type MemoryRateLimitStore, type MemoryRateLimitStoreOptions } from './clients/form/memory-rate-limit.js';
export {
  previewClientImport,
  applyClientImport,
  maskChanges,
  type ApplyClientImportOptions,
  type ClientImportAction,
  type ClientImportInput,
  type ClientImportItem,
  type ClientImportPorts,
  type ClientImportPreview,
  type ClientImportPreviewRow,
  type ClientImportPreviewSummary,
  type ClientImportProgress,
  type ClientImportReport,
  type ClientImportSource,
  type ClientImportStatus,
  type ClientImportTotals,
  type PreviewClientImportOptions,
} from './clients/import.js';
export { formatImportReport, formatImportPreview } from './clients/report.js';
export * from './adapters/memory.js';
// Signature layouts (pure; resolving them on a PDF is in taxsync/pdf).
export type * from './signatures/types.js';
export type { LayoutDefinition, LayoutFieldDefinition, MeasurementSet, MeasuredPosition } from './signatures/definition.js';
export { LayoutError, PdfError } from './errors/signature.js';
export {
  signatureLayoutFor,
  createLayoutRegistry,
  latestTaxYear,
  type LayoutRegistry,
  type LayoutSummary,
  type SignatureLayoutOptions,
  type CreateLayoutRegistryOptions,
} from './signatures/registry.js';
export { layoutDefinitionSchema } from './signatures/schema.js';
export { placeSignatureFields, type FormFieldBox, type PageText } from './signatures/place.js';
export type { TextRun, Quarter } from './signatures/text.js';
export {
  toDocuSignTabs,
  toDocumensoFields,
  toDocuSealFields,
  type DocuSignTab,
  type DocuSignRecipientTabs,
  type ToDocuSignTabsOptions,
  type DocumensoField,
  type DocuSealField,
} from './signatures/converters.js';
// ── Document dispatch (job 2) ──
export {
  previewDocumentDispatch,
  applyDocumentDispatch,
  documentKey,
  DOCUMENTS_JOURNAL,
  type ApplyDocumentDispatchOptions,
  type DispatchEmail,
  type DispatchGroup,
  type DispatchHoldReason,
  type DispatchItem,
  type DispatchLine,
  type DispatchPlan,
  type DispatchPlanSummary,
  type DispatchProgress,
  type DispatchReport,
  type DispatchStatus,
  type DispatchTotals,
  type DocumentDispatchInput,
  type DocumentDispatchPorts,
  type PreviewDocumentDispatchOptions,
  type ResolveFields,
  type PasswordFor,
  type PasswordRequest,
} from './dispatch/dispatch.js';
export { formatDispatchPreview, formatDispatchReport } from './dispatch/report.js';
export {
  renderDocumentEmail,
  checkDocumentEmailTemplates,
  documentEmailTemplateFor,
  DEFAULT_DOCUMENT_EMAIL_TEMPLATES,
  DOCUMENT_EMAIL_VARIABLES,
  type DocumentEmailTemplates,
  type DocumentEmailVariables,
} from './email/document-notice.js';
// ── Signature sync (job 3) ──
export type * from './model/signing.js';
export { formatSignatureTime, isValidTimeZone } from './model/signing-time.js';
export {
  syncSignatures,
  type SyncChange,
  type SyncFormOutcome,
  type SyncLog,
  type SyncLogFile,
  type SyncLogTaxpayer,
  type SyncProgress,
  type SyncSignaturesInput,
  type SyncSignaturesOptions,
  type SyncSignaturesPorts,
  type SyncStatus,
  type SyncSummary,
} from './sync/sync.js';
export { formatSyncLog } from './sync/log.js';
export {
  readyToTransmit,
  needsNewAuthorization,
  AMOUNT_CHANGE_LIMIT_CENTS,
  type ReadyToTransmitOptions,
  type TaxpayerSignatures,
  type TransmissionProblem,
  type TransmissionReadiness,
} from './sync/compliance.js';
export {
  verifyPortalWebhook,
  signPortalWebhook,
  WebhookVerificationError,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  type PortalWebhookEvent,
  type PortalWebhookEventType,
  type SignPortalWebhookOptions,
  type VerifyPortalWebhookOptions,
  type WebhookHeaders,
} from './sync/webhook.js';
