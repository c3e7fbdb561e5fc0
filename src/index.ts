/**
 * taxsync — move clients, tax documents and e-signatures between DT Max / Taxprep and a client portal.
 *
 * This entry point is light: it never loads Node's zlib, pdf-lib or pdfjs-dist. The Taxprep workbook parser and the
 * Excel date helpers are in `taxsync/xlsx`; the zod schemas, for hosts that validate data at their own boundaries, in
 * `taxsync/schemas`; placing fields on real PDFs in `taxsync/pdf`; the HTTP portal client and the PostgreSQL and SMTP
 * adapters in `taxsync/http`, `taxsync/postgres` and `taxsync/smtp`; the conformance suites in `taxsync/testing`.
 * @packageDocumentation
 * @module taxsync
 */
// ── Client records and identifiers (pure) ──
export type { Address, ClientKind, ClientLanguage, ClientRecord, CorporationRecord, FamilyRole, IndividualRecord, RecordSource } from './model/client.js';
export { parseDate, type DateFailure, type DateOrder, type DateResult } from './model/dates.js';
export {
  validateSin,
  validateBusinessNumber,
  validateNeq,
  validatePostalCode,
  validateProvince,
  validatePhone,
  validateEmail,
  luhnValid,
  KNOWN_PROGRAM_CODES,
  type BusinessNumberExtras,
  type BusinessNumberFailure,
  type EmailFailure,
  type NeqFailure,
  type PhoneFailure,
  type PostalCodeFailure,
  type ProvinceCode,
  type ProvinceFailure,
  type SinFailure,
  type ValidateOptions,
  type Validation,
  type ValidationFailure,
  type ValidationOk,
} from './model/identifiers.js';
export { maskSin, maskBusinessNumber, maskNeq, maskBirthDate, maskEmail, maskPhone, maskPostalCode, maskCellText, maskText } from './model/mask.js';
// ── Errors and bilingual messages ──
export { TaxsyncError, isTaxsyncError, type TaxsyncErrorArgs, type TaxsyncErrorOptions } from './errors/taxsync-error.js';
export { ParseError, type ParseErrorCode } from './errors/parse.js';
export { InvalidArgumentError, type InvalidArgumentErrorCode } from './errors/invalid-argument.js';
export { ZipError, type ZipErrorCode } from './errors/zip.js';
export { LayoutError, type LayoutErrorCode } from './errors/layout.js';
export { PdfError, type PdfErrorCode } from './errors/pdf.js';
export { VersionConflictError, ClientNotFoundError, ClientExistsError } from './errors/store.js';
export { WebhookVerificationError } from './errors/webhook.js';
export { PlanError, type PlanErrorCode } from './errors/plan.js';
export { DocumentStoreError, type DocumentStoreErrorCode } from './errors/document.js';
export { PortDataError, type PortDataProblem, type PortName } from './errors/port-data.js';
export {
  renderMessage,
  messageCodes,
  type ClientMessageCode,
  type DispatchMessageCode,
  type ErrorCode,
  type FormMessageCode,
  type IssueCode,
  type Locale,
  type MatchMessageCode,
  type MessageArgs,
  type MessageCode,
  type MessageParams,
  type MessageParamsFor,
  type ParamsOf,
  type SignatureMessageCode,
  type SyncMessageCode,
  type WorkflowMessageCode,
} from './messages/catalogue.js';
// ── Reading client lists (DT Max CSV here; Taxprep workbooks in taxsync/xlsx) ──
export { INDIVIDUAL_FIELDS, CORPORATION_FIELDS, type ClientField } from './parsers/aliases.js';
export type {
  CellValue,
  ColumnMapping,
  IssueSeverity,
  ParseCounts,
  ParseIssue,
  ParseMeta,
  ParseOptions,
  ParseResult,
  ParsedRow,
  TextEncodingName,
} from './parsers/types.js';
export type { ClientRowStream } from './parsers/stream.js';
export { parseDtmaxCsv, streamDtmaxCsv, type ParseDtmaxCsvOptions, type DtmaxCsvInput } from './parsers/csv/dtmax-csv.js';
// ── Matching PDFs to clients (pure) and reading zips ──
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
  streamZip,
  DEFAULT_ZIP_LIMITS,
  type ReadZipOptions,
  type ZipEntry,
  type ZipLimits,
  type ZipPdf,
  type ZipRejectReason,
  type ZipRejected,
  type ZipSkipReason,
  type ZipSkipped,
} from './zip/archive.js';
// ── The ports a host implements, and the in-memory reference adapters ──
export {
  type ClaimStepInput,
  type ClaimStepResult,
  type ClientLookup,
  type ClientStore,
  type ClientStoreCapabilities,
  type CreateClientInput,
  type CreateClientResult,
  type DocumentPurpose,
  type InviteClientInput,
  type InviteClientResult,
  type JournalEntry,
  type JournalStatus,
  type ListClientsOptions,
  type PortCallOptions,
  type MailMessage,
  type MailReceipt,
  type Mailer,
  type MailerCapabilities,
  type Portal,
  type PortalCapabilities,
  type PortalDocument,
  type PortalUser,
  type PutSignatureRecordInput,
  type SendDocumentInput,
  type SendDocumentResult,
  type StoredClient,
  type UpdateClientInput,
  type DocumentStore,
  type PutDocumentResult,
  type CompletionCertificate,
  type DownloadSignedDocumentOptions,
  type SignedDocument,
} from './ports.js';
export { createMemoryDocumentStore, type MemoryDocumentStore } from './adapters/memory-documents.js';
export {
  createMemoryClientStore,
  createOutboxMailer,
  createMemoryPortal,
  type MemoryClientStore,
  type MemoryClientStoreOptions,
  type MemoryPortal,
  type MemoryPortalDocument,
  type MemoryPortalOptions,
  type MemoryPortalSignedFiles,
  type OutboxMailer,
  type OutboxMailerOptions,
  type OutboxMessage,
} from './adapters/memory.js';
// ── The workflow kernel: stored plans, effects once, shared run options ──
export { PLAN_FORMAT, PLAN_FORMAT_VERSION, type PlanDocument, type PlanJob } from './workflow/plan-document.js';
export { DEFAULT_LOCALE, DEFAULT_LEASE_MS, type WorkflowEvent, type WorkflowLogger, type WorkflowRunOptions } from './workflow/context.js';
// ── Client sync (job 1): diffClients (pure), invitations, the website form, the client-import workflow ──
export { diffClients } from './clients/diff/diff.js';
export { CLIENT_FIELD_PATHS, type ClientFieldPath } from './clients/fields.js';
export type {
  ClientMatchedBy,
  ClientConflictReason,
  ClientPlan,
  ClientPlanSummary,
  ClientPlanWarningCode,
  DiffClientsOptions,
  FieldChange,
  PlanWarning,
  PlannedConflict,
  PlannedCreate,
  PlannedUnchanged,
  PlannedUpdate,
} from './clients/diff/types.js';
export {
  renderInvitation,
  invitationTemplateFor,
  checkInvitationTemplates,
  DEFAULT_INVITATION_TEMPLATES,
  DEFAULT_FIRM_NAME,
  INVITATION_TEMPLATE_VARIABLES,
  type InvitationTemplate,
  type InvitationTemplates,
  type InvitationTemplateVariable,
  type InvitationVariables,
} from './email/invitation.js';
export type { EmailTemplate } from './email/engine.js';
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
export { previewClientImport } from './clients/import/preview.js';
export { applyClientImport } from './clients/import/apply.js';
export {
  loadClientImportPlan,
  type ClientImportPlanBody,
  type ClientImportPlanChange,
  type ClientImportPlanDocument,
  type ClientImportPlanHeldRow,
  type ClientImportPlanItem,
} from './clients/import/plan.js';
export type {
  ApplyClientImportOptions,
  ClientImportAction,
  ClientImportInput,
  ClientImportItem,
  ClientImportItemBase,
  ClientImportCreated,
  ClientImportUpdated,
  ClientImportUnchanged,
  ClientImportSkipped,
  ClientImportHeld,
  ClientImportFailed,
  ClientImportFileOutcome,
  ClientImportHeldCode,
  ClientImportInvitation,
  ClientImportKey,
  ClientImportNote,
  ClientImportParseOptions,
  ClientImportPorts,
  ClientImportPreview,
  ClientImportPreviewConflict,
  ClientImportPreviewCreate,
  ClientImportPreviewRejected,
  ClientImportPreviewRow,
  ClientImportPreviewUnchanged,
  ClientImportPreviewUpdate,
  ClientImportPreviewSummary,
  ClientImportProgress,
  ClientImportReport,
  ClientImportSource,
  ClientImportStatus,
  ClientImportReportSummary,
  ClientImportWho,
  PreviewClientImportOptions,
} from './clients/import/types.js';
export { describeImportItem, describeImportRow, formatImportReport, formatImportPreview } from './clients/report.js';
// ── Signature layouts (pure; resolving them on a PDF is in taxsync/pdf) ──
export type {
  AnchorCorner,
  BuiltInDocType,
  FieldAnchor,
  FieldType,
  FixedPosition,
  FormFieldAnchor,
  HeldReason,
  LayoutField,
  LocalizedText,
  Measurement,
  PageInfo,
  PageSize,
  PdfProtection,
  PlacedField,
  Producer,
  Provenance,
  ResolveResult,
  ResolvedField,
  SectionAnchor,
  SignatureLayout,
  SignerRole,
  TimeComponent,
} from './signatures/types.js';
export type { LayoutDefinition, LayoutFieldDefinition, MeasurementSet, MeasuredPosition } from './signatures/definition.js';
export {
  signatureLayoutFor,
  createLayoutRegistry,
  latestTaxYear,
  type LayoutRegistry,
  type LayoutSummary,
  type SignatureLayoutOptions,
  type CreateLayoutRegistryOptions,
} from './signatures/registry.js';
// For hosts that extract a PDF's text themselves (in a browser, say): the page text placeSignatureFields takes.
export { placeSignatureFields, type FormFieldBox, type PageText } from './signatures/place.js';
export type { TextRun, Quarter } from './signatures/text.js';
// Portable fields for e-signature services.
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
export { previewDocumentDispatch } from './dispatch/preview.js';
export { applyDocumentDispatch, DOCUMENTS_JOURNAL, DOCUMENT_VERSIONS_JOURNAL, documentKey, documentVersionKey } from './dispatch/apply.js';
export { loadDispatchPlan } from './dispatch/plan.js';
export type {
  ApplyDocumentDispatchOptions,
  DispatchCode,
  DispatchEmail,
  DispatchGroup,
  DispatchItem,
  DispatchItemBase,
  DispatchSent,
  DispatchSkipped,
  DispatchHeld,
  DispatchFailed,
  DispatchLine,
  DispatchLineBase,
  DispatchReadyLine,
  DispatchNotSentLine,
  DispatchPlan,
  DispatchPlanBody,
  DispatchPlanDocument,
  DispatchPlanDocumentEntry,
  DispatchPlanItem,
  DispatchPlanNotSent,
  DispatchPlanSummary,
  DispatchProgress,
  DispatchProtection,
  DispatchReport,
  DispatchStatus,
  DispatchReportSummary,
  DispatchVersion,
  DocumentDispatchInput,
  DocumentDispatchPorts,
  PreviewDocumentDispatchOptions,
  PreviewDocumentDispatchPorts,
  ResolveFields,
  PasswordFor,
  PasswordRequest,
} from './dispatch/types.js';
export { formatDispatchPreview, formatDispatchReport, describeDispatchLine, describeDispatchItem, describeDispatchEmail } from './dispatch/report.js';
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
export type {
  ClientFile,
  ClientFileTaxpayer,
  CompletionSigner,
  CompletionSignerStatus,
  ListSignatureCompletionsQuery,
  SignatureChannel,
  SignatureCompletion,
  SignatureCompletionState,
  SignatureDetails,
  SignatureRecord,
  TaxpayerRole,
} from './model/signing.js';
export { formatSignatureTime, isValidTimeZone } from './model/signing-time.js';
export { syncSignatures } from './sync/sync.js';
export type {
  SyncChange,
  SyncFormOutcome,
  SyncFormOutcomeBase,
  SyncFormUpdated,
  SyncFormUnchanged,
  SyncFormPending,
  SyncFormFailed,
  SyncLog,
  SyncLogFile,
  SyncLogFileBase,
  SyncLogFileSynced,
  SyncLogFileFailed,
  SyncLogTaxpayer,
  SyncLogTaxpayerBase,
  SyncTaxpayerUpdated,
  SyncTaxpayerUnchanged,
  SyncTaxpayerPending,
  SyncTaxpayerFailed,
  SyncProgress,
  SyncSignaturesInput,
  SyncSignaturesOptions,
  SyncSignaturesPorts,
  SyncStatus,
  SyncLogSummary,
} from './sync/types.js';
export { formatSyncLog, describeSyncTaxpayer } from './sync/log.js';
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
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  type PortalWebhookEvent,
  type PortalWebhookEventType,
  type SignPortalWebhookOptions,
  type VerifyPortalWebhookOptions,
  type WebhookHeaders,
} from './sync/webhook.js';
