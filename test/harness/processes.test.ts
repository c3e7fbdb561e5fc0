/**
 * Applies of one plan in separate processes against one real PostgreSQL database (started for this file): 2, then 4
 * workers (`child-apply.ts`) released at the same moment, with a mailer that has no idempotency keys (every message
 * goes to one file) and a portal on the same database. Whatever the interleaving, each client is created once and
 * each invitation, document and e-mail happens once — counted in the file and the portal's tables, not in reports.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryDocumentStore, previewClientImport, previewDocumentDispatch } from '../../src/index.js';
import { createPostgresClientStore, migratePostgresClientStore, type PostgresClientStore } from '../../src/postgres.js';
import { usePgPool } from '../adapters/pg-server.js';
import type { ChildResult, ChildSpec } from './child-apply.js';
import { SEAN_BEFORE, chunksOf, dispatchArchive, dispatchInput, importInput, importJob, seedDispatchClients } from './jobs.js';
import { createFileMailer, createSqlPortal, migrateSqlPortal, readMailFile } from './shared-ports.js';
import { identityOf } from './state.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = join(import.meta.dirname, 'child-apply.ts');
const { db, connectionString } = usePgPool(async () => {});
const work = mkdtempSync(join(tmpdir(), 'taxsync-harness-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Starts one worker per spec, releases them together once all are ready, and returns what each printed. */
async function runWorkers(specs: readonly ChildSpec[]): Promise<ChildResult[]> {
  const ready: Promise<void>[] = [];
  const done: Promise<ChildResult>[] = [];
  const children = specs.map((spec, i) => {
    const file = join(work, `${spec.schema}-${i}.json`);
    writeFileSync(file, JSON.stringify(spec));
    return spawn(process.execPath, ['--import', 'tsx', CHILD, file], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  });
  for (const child of children) {
    let out = '';
    let err = '';
    let signalReady: () => void = () => {};
    ready.push(new Promise((resolve) => (signalReady = resolve)));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    done.push(
      new Promise((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('{"ready":true}')) signalReady();
        });
        child.on('error', reject);
        child.on('close', (code) => {
          const last = out.trim().split('\n').at(-1) ?? '';
          if (code !== 0 || !last.startsWith('{"pid"')) reject(new Error(`worker ${child.pid} exited with ${code}: ${out.slice(-500)} ${err.slice(-2000)}`));
          else resolve(JSON.parse(last) as ChildResult);
        });
      }),
    );
  }
  const watchdog = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }, 100_000);
  try {
    // A worker that dies before it is ready fails the run rather than hang it.
    await Promise.race([Promise.all(ready), Promise.all(done)]);
    for (const child of children) child.stdin.end('go\n');
    return await Promise.all(done);
  } finally {
    clearTimeout(watchdog);
  }
}

/** Tables of their own for one run: the store's (migrated) and the portal's. */
async function freshSchema(schema: string): Promise<PostgresClientStore> {
  await migratePostgresClientStore(db(), { schema });
  await migrateSqlPortal(db(), schema);
  return createPostgresClientStore(db(), { schema });
}

const countBy = <T>(values: readonly T[], key: (v: T) => string): Map<string, number> => {
  const out = new Map<string, number>();
  for (const v of values) out.set(key(v), (out.get(key(v)) ?? 0) + 1);
  return out;
};

/** Each worker's report: every item present, none failed, none in doubt (no worker crashed). */
function expectCleanReports(results: readonly ChildResult[], itemKeys: readonly string[]): void {
  for (const result of results) {
    expect(itemKeys.filter((k) => !(k in result.outcomes)), `items missing from the report of worker ${result.pid}`).toEqual([]);
    for (const [key, outcome] of Object.entries(result.outcomes)) {
      expect(outcome, `${key} in the report of worker ${result.pid}`).not.toMatch(/^failed|delivery_unknown/);
    }
  }
}


/** Every worker's outcomes: none failed, none in doubt (no worker crashed); together they cover `itemKeys`. */
function expectCoveredReports(results: readonly ChildResult[], itemKeys: readonly string[]): void {
  const seen = new Set(results.flatMap((r) => Object.keys(r.outcomes)));
  expect(itemKeys.filter((k) => !seen.has(k)), 'items in no report').toEqual([]);
  for (const result of results) {
    for (const [key, outcome] of Object.entries(result.outcomes)) expect(outcome, `${key} in the report of worker ${result.pid}`).not.toMatch(/^failed|delivery_unknown/);
  }
}

/** One spec per worker: the same stored plan and source for all, and each its own chunk when `chunks` is given. */
const workerSpecs = (job: ChildSpec['job'], schema: string, files: { planFile: string; sourceFile: string; mailFile: string }, workers: number, chunks?: string[][]): ChildSpec[] =>
  Array.from({ length: workers }, (_, i) => ({
    job,
    connectionString: connectionString(),
    schema,
    owner: `worker-${i + 1}`,
    ...files,
    ...(chunks === undefined ? {} : { items: chunks[i] ?? [] }),
  }));

/** How the workers share the plan: all of it each (racing on every item), or one chunk each (`options.items`). */
const RUNS = [
  { workers: 2, chunked: false },
  { workers: 4, chunked: false },
  { workers: 3, chunked: true },
] as const;

describe('applies of one stored plan in separate processes on PostgreSQL', () => {
  for (const { workers, chunked } of RUNS) {
    const how = chunked ? `${workers} processes, one chunk each,` : `${workers} processes racing on the whole plan`;

    it(`client import: ${how} create each client once and send each invitation once`, async () => {
      const schema = `import_${workers}${chunked ? '_chunks' : ''}`;
      const store = await freshSchema(schema);
      await store.create({ record: SEAN_BEFORE });
      const input = importInput();
      const preview = await previewClientImport(input, { store });
      expect(preview.summary.creates).toBeGreaterThan(2);
      // What crosses the process boundary: the plan document as JSON, and the file as uploaded.
      const planFile = join(work, `${schema}-plan.json`);
      writeFileSync(planFile, JSON.stringify(preview.document));
      const sourceFile = join(work, `${schema}.csv`);
      writeFileSync(sourceFile, input.file);
      const mailFile = join(work, `${schema}-mail.jsonl`);
      const chunks = chunked ? chunksOf(preview.document.body.items.map((i) => i.key), workers) : undefined;
      const results = await runWorkers(workerSpecs('client-import', schema, { planFile, sourceFile, mailFile }, workers, chunks));

      expect(new Set(results.map((r) => r.planId))).toEqual(new Set([preview.document.planId]));
      if (chunked) expectCoveredReports(results, preview.document.body.items.map((i) => i.key));
      else expectCleanReports(results, preview.rows.map((r) => String(r.row)));
      const clients = [];
      for await (const c of store.list()) clients.push(identityOf(c));
      expect(clients.length).toBe(1 + preview.summary.creates);
      expect([...countBy(clients, (c) => c)].filter(([, n]) => n > 1)).toEqual([]);
      const mails = readMailFile(mailFile);
      expect([...countBy(mails, (m) => m.idempotencyKey)].filter(([, n]) => n > 1), 'e-mails sent twice').toEqual([]);
      expect(mails.filter((m) => m.category === 'invitation')).toHaveLength(preview.summary.invitations);
      const users = await db().query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".portal_users`);
      expect(Number(users.rows[0]?.n)).toBe(preview.summary.invitations);

      // One more apply of the whole plan, once they are all done, finds nothing left to do.
      const ports = { store, portal: createSqlPortal(db(), schema, 0), mailer: createFileMailer(mailFile, 0), documents: createMemoryDocumentStore() };
      const again = await importJob.apply(preview, ports, { leaseMs: 60_000, now: () => new Date() });
      expect(again.summary).toMatchObject({ created: 0, updated: 0, failed: 0, invited: 0, invitationsFailed: 0 });
      expect(readMailFile(mailFile)).toHaveLength(mails.length);
    }, 120_000);

    it(`document dispatch: ${how} deliver each document once and e-mail each client once`, async () => {
      const schema = `dispatch_${workers}${chunked ? '_chunks' : ''}`;
      const store = await freshSchema(schema);
      await seedDispatchClients({ store, portal: createSqlPortal(db(), schema, 0) });
      const zip = await dispatchArchive();
      const sourceFile = join(work, `${schema}.zip`);
      writeFileSync(sourceFile, zip);
      const plan = await previewDocumentDispatch(dispatchInput(zip), { store }, { locale: 'fr' });
      expect(plan.summary.ready).toBeGreaterThan(3);
      const planFile = join(work, `${schema}-plan.json`);
      writeFileSync(planFile, JSON.stringify(plan.document));
      const mailFile = join(work, `${schema}-mail.jsonl`);
      const chunks = chunked ? chunksOf(plan.document.body.items.map((i) => i.key), workers) : undefined;
      const results = await runWorkers(workerSpecs('document-dispatch', schema, { planFile, sourceFile, mailFile }, workers, chunks));

      expect(new Set(results.map((r) => r.planId))).toEqual(new Set([plan.planId]));
      const ready = plan.lines.filter((l) => l.status === 'ready');
      if (chunked) expectCoveredReports(results, ready.map((l) => `entry ${l.index}`));
      else expectCleanReports(results, plan.lines.map((l) => `entry ${l.index}`));
      const documents = await db().query<{ client_id: string; sha256: string }>(`SELECT client_id, sha256 FROM "${schema}".portal_documents`);
      const delivered = documents.rows.map((r) => `${r.client_id} ${r.sha256}`).sort();
      // Every ready document (the preview already held those of clients who cannot receive them), once.
      expect(delivered).toEqual(ready.map((l) => `${l.clientId} ${l.sha256}`).sort());
      const mails = readMailFile(mailFile);
      expect([...countBy(mails, (m) => m.idempotencyKey)].filter(([, n]) => n > 1), 'e-mails sent twice').toEqual([]);
      const clientsWithDocuments = new Set(documents.rows.map((r) => r.client_id));
      expect(mails.filter((m) => m.category.startsWith('documents'))).toHaveLength(clientsWithDocuments.size);
      // Seán and Benoît had no portal account: invited once each.
      expect(mails.filter((m) => m.category === 'invitation').map((m) => m.to).sort()).toEqual(['benoit@exemple.qc.ca', 'sean.obrien@example.com']);
    }, 120_000);
  }
});
