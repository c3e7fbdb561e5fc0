/**
 * One realistic example of the params of every message code, as its callers pass them: personal values taken through
 * the functions the callers use (maskSin, maskEmail, maskCellText, describeError, maskFileName), names as people read them. Typed
 * by code, so a new code without an example, or an example missing a declared param, does not compile.
 */
import { DEFAULT_ZIP_LIMITS, maskBusinessNumber, maskCellText, maskEmail, maskFileName, maskNeq, maskPhone, maskPostalCode, maskSin, maskText, type MessageCode, type ParamsOf } from '../../src/index.js';
import { describeError } from '../../src/internal/describe-error.js';
import { describeSignatureTime } from '../../src/model/signing-time.js';
import type { ValidationMessageKey, ValidationParams } from '../../src/messages/validators.js';
import type { CliTexts } from '../../src/messages/cli.js';
import { SYNC_LOG_TEXTS, type DispatchReportTexts, type ImportReportTexts, type SyncLogTexts } from '../../src/messages/reports.js';
import type { Locale } from '../../src/messages/define.js';

// The people of the tests, written as they come in real files: SINs with dots, non-breaking and narrow spaces; phone
// numbers and postal codes with a character missing, as the parsers report them; a phone number without its area code,
// a street address and a birth date, as a shifted row puts them in another column.
export const ZOE = { sin: '271.845.935', digits: '271845935', email: 'zoe.gt@exemple.ca', name: 'Zoé Gagnon-Tremblay', phone: '(514) 555-019', postalCode: 'H2X 1Y', localPhone: '555-0199', street: '4521, rue Saint-Denis', birthDate: '1980-03-04' };
export const SIMON = { sin: '130\u00a0692\u202f544', digits: '130692544', email: 'simon.provencher@videotron.ca', name: 'Simon Provencher', phone: '418-555-01', postalCode: 'G1R4P', localPhone: '555-0142', street: '12, chemin du Lac', birthDate: '1975-11-30' };
export const BN = { text: '123.456.782 RC 0001', digits: '123456782' };
export const NEQ = '1143 456 789';

const PORTAL_REPLY = describeError(new Error(`client ${ZOE.sin} (${ZOE.email}) has no portal account`));
const DB_ERROR = describeError(new Error(`duplicate key value violates unique constraint "clients_sin_key": Key (sin)=(${SIMON.sin}), email=(${SIMON.email})`));
const SMTP_REPLY = describeError(`550 5.1.1 <${SIMON.email}>: Recipient address rejected: User unknown in virtual mailbox table`);
const SIGNED_AT = describeSignatureTime('2026-03-14T19:42:07Z', 'America/Toronto');

/** Params of every code, by code. */
export const EXAMPLES: { readonly [C in MessageCode]: ParamsOf<C> } = {
  // issueMessages
  missing_identifier: { kind: 'individual' },
  missing_name: { column: 'Nom', field: 'lastName' },
  sin_invalid: { value: maskSin(ZOE.sin) },
  sin_format: { value: maskSin(ZOE.sin) },
  sin_never_issued: { value: maskSin(ZOE.sin), prefix: '8' },
  sin_truncated: { value: maskSin(ZOE.sin), digits: 8 },
  sin_scientific: {},
  spouse_sin_invalid: { value: maskSin(SIMON.sin), reason: 'checksum' },
  bn_invalid: { value: maskBusinessNumber(BN.text), reason: 'checksum' },
  bn_program_unknown: { program: 'ZZ' },
  neq_invalid: { value: maskNeq(NEQ) },
  duplicate_key: { kind: 'sin', key: maskSin(ZOE.sin), otherRow: 7 },
  date_ambiguous: { value: maskCellText('03/04/1980'), column: 'Date de naissance' },
  date_invalid: { value: maskCellText(ZOE.street), column: "Fin d'exercice" },
  date_two_digit_year: { value: maskCellText('04/03/80'), column: 'Date de naissance' },
  email_invalid: { value: maskEmail('zoe.gt@exemple') },
  phone_invalid: { value: maskPhone(ZOE.phone) },
  postal_code_invalid: { value: maskPostalCode(ZOE.postalCode) },
  province_unknown: { value: maskCellText('Nunavik') },
  language_unknown: { value: maskCellText('Espagnol') },
  role_unknown: { value: maskCellText(ZOE.localPhone) },
  extra_cells: { count: 2 },
  encoding_invalid: { encoding: 'UTF-8' },
  control_character: { column: 'Courriel' },
  shared_string_missing: { column: 'Courriel', index: 4_812, count: 311 },
  unclosed_quote: { row: 12, lastRow: 40 },
  cell_error: { column: 'C', value: '#REF!' },
  // errorMessages
  empty_input: {},
  binary_input: { detected: 'pdf' },
  not_a_workbook: { detected: 'pdf' },
  no_header: { unshown: 10, rows: 2, found: '' },
  column_not_found: { unshown: 10, field: 'sin', header: 'Numéro social', found: 'Prénom, Nom, Courriel' },
  unknown_field: { field: 'courriel', expected: 'sin, firstName, lastName, birthDate, email, phone' },
  kind_undetected: { unshown: 6, found: 'Nom, Courriel, Adresse' },
  kind_contradicted: { kind: 'corporation', columns: 'NAS, Prénom, Nom de famille', detected: 'individual' },
  invalid_input: { detail: DB_ERROR },
  read_failed: { reason: 'truncated', detail: DB_ERROR },
  inflate_limit_exceeded: { value: 2 * 1024 ** 3, limit: 'maxBytes', option: 'inflateLimits.maxBytes' },
  sheet_not_found: { sheet: '"Clients 2024"', found: 'Feuil1, Sociétés' },
  // clientMessages
  sin_collision: { sin: maskSin(SIMON.sin), existing: SIMON.name, incoming: ZOE.name },
  duplicate_in_file: { key: maskSin(ZOE.sin), rows: 2 },
  key_mismatch: { businessNumber: maskBusinessNumber(BN.text), neq: maskNeq(NEQ) },
  ambiguous_match: { count: 2, by: 'dependant' },
  missing_key: {},
  email_in_use: { email: maskEmail(ZOE.email), other: SIMON.name, rows: '7, 9' },
  changed_since_preview: {},
  client_file_failed: { file: 'PROVENCHER-2025', detail: DB_ERROR },
  already_applied: {},
  row_rejected: { row: 12, detail: DB_ERROR },
  no_email: {},
  invitation_failed: { detail: DB_ERROR },
  email_send_failed: { detail: DB_ERROR },
  delivery_unknown: {},
  invitation_url_missing: {},
  portal_account_active: {},
  aborted: {},
  write_failed: { detail: DB_ERROR },
  version_conflict: { id: 'GAGNON-2025', expected: 3, actual: 4 },
  client_not_found: { id: 'GAGNON-2025' },
  client_exists: { id: 'GAGNON-2025', key: 'sin', value: maskSin(ZOE.sin) },
  kind_mismatch: { id: 'GAGNON-2025', expected: 'individual', actual: 'corporation' },
  store_unavailable: { detail: DB_ERROR },
  store_schema_missing: { detail: DB_ERROR },
  store_failed: { operation: 'create', sqlstate: '23505' },
  template_variable_unknown: { language: 'fr', variable: 'motDePasse', known: 'name, fullName, invitationUrl' },
  preview_invalid: { detail: DB_ERROR },
  mail_invalid: { detail: DB_ERROR },
  smtp_rejected: { status: 550, command: 'RCPT TO', detail: SMTP_REPLY },
  smtp_deferred: { status: 550, command: 'RCPT TO', detail: DB_ERROR },
  smtp_unreachable: { detail: DB_ERROR },
  smtp_auth_failed: { status: 550, command: 'RCPT TO', detail: DB_ERROR },
  smtp_failed: { detail: DB_ERROR },
  form_invalid: { field: 'firstName', detail: 'a new client needs a first name.' },
  identity_conflict: {},
  // matchMessages
  matched: { by: 'sin', key: maskSin(ZOE.sin), nameChecked: 'yes' },
  no_key: {},
  pattern_mismatch: { pattern: '{sin} - {name}.pdf' },
  invalid_key: { key: maskSin(ZOE.sin) },
  unknown_key: { key: maskSin(ZOE.sin) },
  several_keys: { keys: [maskSin(ZOE.sin), maskSin(SIMON.sin)].join(', ') },
  duplicate_client_key: { count: 2, key: maskSin(ZOE.sin) },
  name_mismatch: { name: ZOE.name, key: maskSin(ZOE.sin) },
  name_not_unique: { count: 2, name: ZOE.name },
  name_unknown: { name: ZOE.name },
  unknown_client_number: { clientNumber: '4521' },
  client_number_shared: { count: 2, clientNumber: '4521' },
  year_mismatch: { found: 2024, expected: 2025 },
  wrong_client_kind: { key: maskBusinessNumber(BN.text), actual: 'corporation', expected: 'individual' },
  placeholder_key: { key: maskSin(ZOE.sin), name: ZOE.name },
  zip_invalid: { detail: DB_ERROR },
  zip_encrypted: {},
  zip64_unsupported: {},
  zip_limit_exceeded: { value: DEFAULT_ZIP_LIMITS.maxTotalBytes, limit: 'maxTotalBytes' },
  directory: {},
  macos_metadata: {},
  system_file: {},
  not_pdf: {},
  pdf_encrypted: {},
  crc_mismatch: {},
  unsupported_compression: {},
  corrupt_entry: {},
  overlapping_entry: {},
  header_mismatch: {},
  pattern_invalid: { pattern: '{sin} - {name}.pdf', detail: DB_ERROR },
  // signatureMessages
  layout_unknown: { docType: 'T183', year: 2025, supported: 'T183 2024, T183 2025' },
  layout_invalid: { docType: 'T183', detail: DB_ERROR },
  layout_clash: { docType: 'T183', existing: SIMON.name },
  layout_encrypted: {},
  layout_password_required: {},
  layout_password_wrong: {},
  protection_removed: { what: 'encryption,usage_rights,xfa' },
  layout_unreadable: { detail: DB_ERROR },
  layout_reader_failed: { detail: 'TypeError: font.widths is not iterable' },
  layout_already_signed: {},
  layout_image_only: {},
  layout_form_not_found: { docType: 'T183', pagesWithoutText: '2' },
  layout_no_anchor: { docType: 'T183', pages: '1, 3', field: 'email' },
  layout_page_size_mismatch: { docType: 'T183', pages: '1', size: '595×842', expected: '612×792' },
  layout_page_count: { docType: 'T183', expected: 2, count: 1 },
  layout_inflate_limit: { value: 512 * 1024 ** 2, limit: 'maxBytes', option: 'inflateLimits.maxBytes' },
  pdf_unreadable: { detail: DB_ERROR },
  pdf_already_signed: { field: 'email' },
  pdf_password_required: {},
  pdf_password_wrong: {},
  pdf_field_exists: { name: ZOE.name },
  field_invalid: { name: ZOE.name, detail: DB_ERROR },
  pdfjs_missing: {},
  pdf_needs_node: {},
  // dispatchMessages
  duplicate_in_zip: { first: maskFileName(`${ZOE.sin} - ${ZOE.name}.pdf`) },
  document_ready_sign: { fields: 3, placedBy: 'anchor' },
  document_ready_consult: {},
  document_sent: {},
  document_already_sent: {},
  document_send_failed: { detail: DB_ERROR },
  client_not_invited: {},
  client_gone: {},
  dispatch_no_email: {},
  dispatch_cannot_invite: {},
  dispatch_changed_since_preview: {},
  document_bytes_missing: {},
  document_bytes_mismatch: { expected: '9f86d081', actual: '60303ae2' },
  document_password_needed: {},
  document_new_version: { version: 2 },
  dispatch_store_failed: { detail: DB_ERROR },
  document_email_sent: {},
  document_email_already_sent: {},
  document_email_no_address: {},
  document_email_no_mailer: {},
  document_email_failed: { detail: SMTP_REPLY },
  document_email_unknown: {},
  dispatch_aborted: {},
  // syncMessages
  signatures_unsupported: { port: 'portal' },
  client_file_not_found: { id: 'GAGNON-2025' },
  no_completion: { form: 'T183', year: 2025, name: ZOE.name },
  nothing_to_sign: {},
  signature_pending: { form: 'T183', year: 2025, state: 'viewed', pending: ZOE.name },
  signature_declined: { signer: SIMON.name, form: 'T183', year: 2025 },
  signature_expired: { form: 'T183', year: 2025 },
  signed_after_transmission: { form: 'T183', year: 2025, signedAt: SIGNED_AT, transmittedAt: SIGNED_AT },
  record_unreadable: { form: 'T183', year: 2025, field: 'transmittedAt' },
  transmitted_signature_would_change: { form: 'T183', year: 2025, recorded: `${SIGNED_AT} · CERT-2026-0042`, portal: `${SIGNED_AT} · CERT-2026-0043` },
  signer_mismatch: { form: 'T183', year: 2025, signer: SIMON.name, name: ZOE.name },
  several_completions: { count: 2, form: 'T183', year: 2025, certificates: 'CERT-2026-0042, CERT-2026-0043' },
  newer_version_unsigned: { form: 'T183', year: 2025, document: 'doc-7f3a', state: 'viewed', certificate: 'CERT-2026-0042' },
  completion_incomplete: { form: 'T183', year: 2025, missing: 'the time zone' },
  signed_document_missing: { form: 'T183', year: 2025 },
  signed_document_mismatch: { form: 'T183', year: 2025, expected: '3f7a9c01', actual: '9b2e44d0' },
  document_store_error: { detail: DB_ERROR },
  portal_error: { detail: PORTAL_REPLY },
  store_error: { detail: DB_ERROR },
  sync_aborted: {},
  not_signed: { form: 'T183', year: 2025 },
  channel_missing: { form: 'T183', year: 2025 },
  new_authorization_needed: { change: 412.5, form: 'T183', year: 2025 },
  portal_http_error: { detail: PORTAL_REPLY, withheld: 'credentials', method: 'GET', path: maskText(`clients/${ZOE.digits}/user`), status: 550 },
  portal_unauthorized: { status: 550, method: 'GET', path: maskText(`clients/${ZOE.digits}/user`) },
  portal_timeout: { method: 'GET', path: maskText(`clients/${ZOE.digits}/user`), detail: DB_ERROR },
  portal_network_error: { detail: DB_ERROR, withheld: 'credentials', method: 'GET', path: maskText(`clients/${ZOE.digits}/user`) },
  portal_bad_response: { method: 'GET', path: maskText(`clients/${ZOE.digits}/user`), detail: DB_ERROR },
  webhook_invalid: { detail: 'the signature does not match the body', reason: 'signature_mismatch' },
  // formMessages
  form_received: {},
  form_fields_invalid: {},
  form_field_required: { field: 'firstName' },
  form_field_too_long: { field: 'email', max: 200 },
  form_field_name: { field: 'lastName' },
  form_field_email: {},
  form_field_sin: {},
  form_field_phone: {},
  form_too_large: { max: 16_384 },
  form_malformed: {},
  form_unsupported_type: {},
  form_method_not_allowed: {},
  form_rejected: {},
  form_too_fast: { seconds: 3 },
  form_expired: {},
  form_rate_limited: { minutes: 15 },
  form_origin_forbidden: {},
  form_captcha_failed: {},
  form_unavailable: {},
  // workflowMessages
  plan_invalid: { detail: 'body.items.3.clientId: invalid_type' },
  plan_version_unsupported: { version: 2, supported: 1 },
  plan_tampered: {},
  plan_job_mismatch: { expected: 'document-dispatch', actual: 'client-import' },
  plan_source_mismatch: { expected: '3f7a9c01', actual: '9b2e44d0' },
  document_corrupted: { sha256: '3f7a9c01' },
  step_in_progress: {},
  step_unknown: { step: 'email' },
  port_data_invalid: { port: 'ClientStore', method: 'list', field: 'sin', problem: 'format', item: 12 },
  progress_failed: {},
  queue_chunk_incomplete: { job: 'document-dispatch', chunk: '3/40', open: 2 },
  queue_job_invalid: { detail: 'data.items: expected an array of strings' },
  queue_plan_mismatch: { expected: '6f1c2a90', actual: 'b83e07d4' },
  queue_job_unsupported: { job: 'signature-sync' },
};

/** The optional params a code declares (each template must read well without them). */
type OptionalKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never }[keyof T];

/** Every code that declares optional params, with them: rendered once more without them. */
export const OPTIONAL: { readonly [C in MessageCode as [OptionalKeys<ParamsOf<C>>] extends [never] ? never : C]: readonly OptionalKeys<ParamsOf<C>>[] } = {
  missing_name: ['column'],
  binary_input: ['detected'],
  not_a_workbook: ['detected'],
  no_header: ['unshown', 'rows'],
  column_not_found: ['unshown'],
  kind_undetected: ['unshown'],
  read_failed: ['detail'],
  store_unavailable: ['detail'],
  store_schema_missing: ['detail'],
  store_failed: ['operation', 'sqlstate'],
  smtp_rejected: ['status', 'command'],
  smtp_deferred: ['status', 'command'],
  smtp_auth_failed: ['status', 'command'],
  matched: ['key'],
  placeholder_key: ['name'],
  layout_form_not_found: ['pagesWithoutText'],
  portal_http_error: ['detail', 'withheld'],
  portal_network_error: ['detail', 'withheld'],
  webhook_invalid: ['reason'],
  email_in_use: ['rows'],
  unknown_key: ['key'],
  port_data_invalid: ['item'],
};

/** Params of every validator failure message (`validateSin` and the others), by key. */
export const VALIDATION_EXAMPLES: { readonly [K in ValidationMessageKey]: ValidationParams<K> } = {
  sin_empty: {},
  sin_format: { value: maskSin('27184593') },
  sin_never_issued: { value: maskSin('871845935'), first: '8' },
  sin_checksum: { value: maskSin(ZOE.sin) },
  bn_empty: {},
  bn_format: { value: maskBusinessNumber('12345678RC0001') },
  bn_checksum: { value: maskBusinessNumber(BN.text) },
  neq_empty: {},
  neq_format: { value: maskNeq('114345678') },
  postal_code_empty: {},
  postal_code_format: { value: maskPostalCode(ZOE.postalCode) },
  province_empty: {},
  province_unknown: { value: maskCellText(ZOE.postalCode) },
  phone_empty: {},
  phone_format: { value: maskPhone(SIMON.phone) },
  email_empty: {},
  email_format: { value: maskEmail('zoe.gt@exemple') },
};

/** The arguments a text function of a table takes, as a list of examples in each language (`[[1], [2]]`). */
type FunctionExamples<T> = {
  readonly [K in keyof T as T[K] extends (...args: never[]) => string ? K : never]: T[K] extends (...args: infer A) => string ? (locale: Locale) => readonly A[] : never;
};

const SUMMARY = { rows: 12, creates: 3, updates: 1, unchanged: 5, conflicts: 1, rejected: 2, invitations: 2 };

/**
 * Examples of every text function of the reports' and the command line's tables (src/messages/reports.ts,
 * src/messages/cli.ts), with one and several of each count so both the singular and the plural are read. Typed by
 * table, so a new function without examples does not compile.
 */
export const TEXT_EXAMPLES: {
  readonly importReport: FunctionExamples<ImportReportTexts>;
  readonly dispatchReport: FunctionExamples<DispatchReportTexts>;
  readonly syncLog: FunctionExamples<SyncLogTexts>;
  readonly cli: FunctionExamples<CliTexts>;
} = {
  importReport: {
    invited: () => [[0], [1], [2]],
    invitationsFailed: () => [[1], [3]],
    unchangedCount: () => [[1], [5]],
    previewSummary: () => [[SUMMARY], [{ ...SUMMARY, rows: 1, creates: 1, updates: 0, unchanged: 0, conflicts: 0, rejected: 0, invitations: 1 }]],
    files: () => [[1, 0, 0], [3, 2, 1]],
    taxpayers: () => [[1], [3]],
  },
  dispatchReport: {
    previewTitle: () => [[{ documentType: 'T183', year: 2025, purpose: 'sign' }], [{ documentType: 'T1', year: 2025, purpose: 'consult' }]],
    previewSummary: () => [[{ entries: 6, ready: 3, clients: 2, held: 1, rejected: 1, skipped: 1 }]],
    reportSummary: () => [[{ sent: 3, skipped: 1, held: 1, failed: 1, emailsSent: 2, emailsNotSent: 1, invited: 1 }]],
  },
  syncLog: {
    title: () => [[2025]],
    signed: (locale) => [['T183', 2025, SIGNED_AT, 'CERT-2026-0042', SYNC_LOG_TEXTS[locale].channel.portal], ['TP-1000.TE', 2025, SIGNED_AT, 'CERT-2026-0043', SYNC_LOG_TEXTS[locale].channel.in_person]],
    filesFailed: () => [[1], [2]],
  },
  cli: {
    counts: () => [[12, 9, 2, 1]],
    issues: () => [[1, 0], [2, 3]],
    matchSummary: () => [[6, 3, 1, 1, 1]],
    resolved: () => [[4, 2]],
    unknownCommand: () => [['inspct']],
    missingOption: () => [['clients']],
  },
};
