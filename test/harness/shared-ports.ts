/**
 * A portal and a mailer that several processes share, for the multi-process test: the portal keeps its users and
 * documents in PostgreSQL (one row per client, one per document key, as a real portal's database would), and the
 * mailer has no idempotency keys and appends every message it accepts to one file, one JSON line each (O_APPEND: lines
 * from several processes never mix). Both log every call, so the test counts effects, not reports.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import type { InviteClientInput, Mailer, MailMessage, Portal, PortalDocument, PortalUser, SendDocumentInput } from '../../src/index.js';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The portal's tables in `schema`. */
export async function migrateSqlPortal(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}";
CREATE TABLE IF NOT EXISTS "${schema}".portal_users (client_id text PRIMARY KEY, id text NOT NULL, email text NOT NULL, language text NOT NULL, invitation_url text NOT NULL, invited_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS "${schema}".portal_documents (idempotency_key text PRIMARY KEY, id text NOT NULL, client_id text NOT NULL, sha256 text NOT NULL, document_type text NOT NULL, tax_year int NOT NULL, purpose text NOT NULL, file_name text NOT NULL, sent_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS "${schema}".portal_calls (seq bigserial PRIMARY KEY, pid int NOT NULL, method text NOT NULL, key text NOT NULL, created boolean NOT NULL);`);
}

type UserRow = { client_id: string; id: string; email: string; invitation_url: string; invited_at: Date };
type DocumentRow = { idempotency_key: string; id: string; client_id: string; purpose: 'sign' | 'consult'; sent_at: Date };

const userOf = (r: UserRow): PortalUser => ({ id: r.id, clientId: r.client_id, email: r.email, status: 'invited', invitationUrl: r.invitation_url, invitedAt: r.invited_at.toISOString() });
const documentOf = (r: DocumentRow): PortalDocument => ({ id: r.id, clientId: r.client_id, idempotencyKey: r.idempotency_key, purpose: r.purpose, sentAt: r.sent_at.toISOString() });

/**
 * A {@link Portal} on PostgreSQL, idempotent as the port asks (by client, by document key), each call slowed by
 * `latencyMs` so that applies in several processes overlap.
 */
export function createSqlPortal(pool: pg.Pool, schema: string, latencyMs = 10): Portal {
  const t = (name: string): string => `"${schema}".${name}`;
  const log = (method: string, key: string, created: boolean): Promise<unknown> =>
    pool.query(`INSERT INTO ${t('portal_calls')} (pid, method, key, created) VALUES ($1, $2, $3, $4)`, [process.pid, method, key, created]);
  return {
    capabilities: { sendsInvitations: false, documents: true },
    async inviteClient(input: InviteClientInput) {
      await pause(latencyMs);
      const id = `portal-user-${input.clientId}`;
      const url = `https://portail.example.test/invitation/${globalThis.crypto.randomUUID()}`;
      const inserted = await pool.query<UserRow>(
        `INSERT INTO ${t('portal_users')} (client_id, id, email, language, invitation_url) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (client_id) DO NOTHING RETURNING *`,
        [input.clientId, id, input.email, input.language, url],
      );
      const row = inserted.rows[0] ?? (await pool.query<UserRow>(`SELECT * FROM ${t('portal_users')} WHERE client_id = $1`, [input.clientId])).rows[0];
      if (row === undefined) throw new Error('portal user vanished');
      await log('inviteClient', input.clientId, inserted.rows.length > 0);
      await pause(latencyMs);
      return { user: userOf(row), created: inserted.rows.length > 0 };
    },
    async getUser(clientId: string) {
      await pause(latencyMs);
      const row = (await pool.query<UserRow>(`SELECT * FROM ${t('portal_users')} WHERE client_id = $1`, [clientId])).rows[0];
      return row === undefined ? undefined : userOf(row);
    },
    async sendDocument(input: SendDocumentInput) {
      await pause(latencyMs);
      const inserted = await pool.query<DocumentRow>(
        `INSERT INTO ${t('portal_documents')} (idempotency_key, id, client_id, sha256, document_type, tax_year, purpose, file_name)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
        [input.idempotencyKey, `portal-document-${input.idempotencyKey.slice(-12)}`, input.clientId, input.sha256, input.documentType, input.taxYear, input.purpose, input.fileName],
      );
      const row = inserted.rows[0] ?? (await pool.query<DocumentRow>(`SELECT * FROM ${t('portal_documents')} WHERE idempotency_key = $1`, [input.idempotencyKey])).rows[0];
      if (row === undefined) throw new Error('portal document vanished');
      await log('sendDocument', input.idempotencyKey, inserted.rows.length > 0);
      await pause(latencyMs);
      return { document: documentOf(row), created: inserted.rows.length > 0 };
    },
  };
}

/** One line of the mail file. */
export interface MailLine {
  readonly pid: number;
  readonly to: string;
  readonly subject: string;
  readonly category: string;
  readonly idempotencyKey: string;
}

/** A {@link Mailer} without idempotency keys (a plain SMTP relay) that appends each message to `file`. */
export function createFileMailer(file: string, latencyMs = 10): Mailer {
  let sent = 0;
  return {
    capabilities: { idempotencyKeys: false },
    async send(message: MailMessage) {
      await pause(latencyMs);
      const line: MailLine = { pid: process.pid, to: message.to, subject: message.subject, category: message.category ?? '', idempotencyKey: message.idempotencyKey };
      appendFileSync(file, `${JSON.stringify(line)}\n`, { flag: 'a' });
      await pause(latencyMs);
      return { id: `${process.pid}-${++sent}`, duplicate: false };
    },
  };
}

/** The messages of a mail file. */
export function readMailFile(file: string): MailLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as MailLine);
}
