/**
 * `taxsync/smtp`: `createSmtpMailer`, a `Mailer` that sends taxsync's e-mails (client invitations, document
 * dispatch notices) through the nodemailer transport you build. taxsync never imports nodemailer: this entry loads
 * nothing beyond taxsync itself, and its types do not need `@types/nodemailer`.
 *
 * @example
 * ```ts
 * import nodemailer from 'nodemailer';
 * import { createSmtpMailer } from 'taxsync/smtp';
 *
 * const transport = nodemailer.createTransport({ host: 'smtp.cabinet.ca', port: 587, auth: { user, pass } });
 * const mailer = createSmtpMailer(transport, { from: '"Cabinet Lœuillet & Côté" <info@cabinet.ca>' });
 * ```
 * @packageDocumentation
 * @module taxsync/smtp
 */
// ── The SMTP mailer, its error, and the nodemailer shapes it takes ──
export {
  createSmtpMailer,
  type MailIdempotencyStore,
  type SmtpAddress,
  type SmtpMailer,
  type SmtpMailerOptions,
  type SmtpMailOptions,
  type SmtpSendInfo,
  type SmtpTransport,
} from './adapters/smtp.js';
export { SmtpMailError, type SmtpErrorCode } from './errors/smtp.js';
