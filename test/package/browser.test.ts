/**
 * The package in a real browser, as a web app bundles it: esbuild bundles `taxsync` and `taxsync/xlsx` from the
 * packed tarball (installed by packed-setup.ts) for the browser with no configuration — the `browser` export
 * condition brings the build without Node built-ins — and Debian's headless Chromium, driven by playwright-core,
 * runs the same scenario in a page and in a module worker: a Windows-1252 DT Max export and a Taxprep workbook
 * parsed, diffed, and the PDFs of a zip matched to the clients. The browser's results must equal Node's.
 *
 * Skips only when Chromium is missing outside CI; under CI=true a missing browser fails the test.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, skipWithoutChromium } from '../chromium.js';

const skip = skipWithoutChromium('browser.test.ts');
const packed = inject('packed');
const samples = new URL('../../samples/', import.meta.url).pathname;
const FILES = { csv: 'dtmax-particuliers.csv', xlsx: 'taxprep-particuliers.xlsx', zip: 't183-2025-cabinet.zip' } as const;

/** One scenario, run by Node and by the browser from the same source: what each step gave, no personal data kept. */
const SCENARIO = `
import { createClientIndex, createMemoryClientStore, diffClients, matchPdfToClient, parseDtmaxCsv, readZip } from 'taxsync';
import { parseTaxprepXlsx } from 'taxsync/xlsx';

const nameOf = (r) => (r.kind === 'individual' ? r.firstName + ' ' + r.lastName : r.name);

export async function scenario(files) {
  const csv = await parseDtmaxCsv(files.csv, { locale: 'fr' });
  const xlsx = await parseTaxprepXlsx(files.xlsx, { locale: 'fr' });
  const store = createMemoryClientStore({ clients: xlsx.records });
  const existing = [];
  for await (const client of store.list()) existing.push(client);
  const plan = diffClients(existing, csv.records, { locale: 'fr' });
  const entries = await readZip(files.zip);
  const index = createClientIndex(csv.records);
  const matches = entries.map((entry) => {
    if (entry.status !== 'pdf') return { status: entry.status, reason: entry.reason };
    const found = matchPdfToClient(entry.name, index, { pattern: '{sin} - {name}.pdf', year: 2025, locale: 'fr' });
    return found.status === 'matched' ? { status: 'matched', by: found.by, client: nameOf(found.client) } : { status: found.status, reason: found.reason, message: found.message };
  });
  return {
    csv: { encoding: csv.meta.encoding, delimiter: csv.meta.delimiter, counts: csv.meta.counts, names: csv.records.map(nameOf), issues: csv.issues.map((i) => i.code + ' ' + i.row + ' ' + i.message) },
    xlsx: { sheet: xlsx.meta.sheet, headerRow: xlsx.meta.headerRow, counts: xlsx.meta.counts, names: xlsx.records.map(nameOf) },
    plan: plan.summary,
    matches,
  };
}
`;

const PAGE = `
import { scenario } from './scenario.js';
const load = async (name) => new Uint8Array(await (await fetch('/files/' + name)).arrayBuffer());
window.runScenario = async (files) => scenario({ csv: await load(files.csv), xlsx: await load(files.xlsx), zip: await load(files.zip) });
window.runInWorker = (files) => new Promise((resolve, reject) => {
  const worker = new Worker('/worker.js', { type: 'module' });
  worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
  worker.onerror = (event) => reject(new Error(event.message));
  worker.postMessage(files);
});
`;

const WORKER = `
import { scenario } from './scenario.js';
const load = async (name) => new Uint8Array(await (await fetch('/files/' + name)).arrayBuffer());
self.onmessage = async (event) => {
  const files = event.data;
  try {
    self.postMessage(await scenario({ csv: await load(files.csv), xlsx: await load(files.xlsx), zip: await load(files.zip) }));
  } catch (error) {
    self.postMessage({ error: String(error && error.stack || error) });
  }
};
`;

describe.skipIf(packed === null || skip)('taxsync bundled for the browser, in headless Chromium', () => {
  const project = packed?.project ?? '';
  const bundles = new Map<string, string>();
  let server: Server | undefined;
  let origin = '';
  let context: BrowserContext | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  let inNode: unknown;

  beforeAll(async () => {
    writeFileSync(join(project, 'scenario.js'), SCENARIO);
    writeFileSync(join(project, 'page.js'), PAGE);
    writeFileSync(join(project, 'worker.js'), WORKER);
    // No configuration beyond the platform: the exports map's browser condition does the rest.
    const result = await build({
      entryPoints: [join(project, 'page.js'), join(project, 'worker.js')],
      absWorkingDir: project,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      outdir: join(project, 'out'),
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    for (const file of result.outputFiles) bundles.set(`/${file.path.split('/').pop() ?? ''}`, file.text);

    const files = Object.values(FILES).map((name) => `'${name}': new Uint8Array(readFileSync('${join(samples, name)}'))`);
    const script = `import { readFileSync } from 'node:fs'; import { scenario } from './scenario.js';
      const f = { ${files.join(', ')} };
      console.log(JSON.stringify(await scenario({ csv: f['${FILES.csv}'], xlsx: f['${FILES.xlsx}'], zip: f['${FILES.zip}'] })));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    inNode = JSON.parse(stdout);

    server = createServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end('<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>taxsync</title><script type="module" src="/page.js"></script></head><body></body></html>');
      } else if (bundles.has(url)) {
        res.setHeader('content-type', 'text/javascript; charset=utf-8');
        res.end(bundles.get(url));
      } else if (url.startsWith('/files/') && Object.values(FILES).includes(url.slice(7) as never)) {
        res.setHeader('content-type', 'application/octet-stream');
        res.end(readFileSync(join(samples, url.slice(7))));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    origin = `http://127.0.0.1:${address.port}`;
    ({ context, close: closeBrowser } = await launchChromium());
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  });

  it('Node reads the samples as expected (the reference the browser must equal)', () => {
    const result = inNode as { csv: { encoding: string; names: string[] }; xlsx: { sheet: string }; matches: { status: string }[]; plan: { incoming: number } };
    expect(result.csv.encoding).toBe('windows-1252');
    expect(result.csv.names).toContain('Marie-Ève Côté');
    expect(result.xlsx.sheet).toBeTruthy();
    expect(result.plan.incoming).toBeGreaterThan(0);
    expect(result.matches.map((m) => m.status)).toContain('matched');
  });

  it('bundles with no Node built-in (the browser build is what the bundle holds)', () => {
    const code = [...bundles.values()].join('\n');
    expect(code).not.toMatch(/from ["'](node:)?(zlib|stream|fs|buffer)["']/u);
    // Nor the PDF libraries: placing fields is server work (the dispatch holds documents to sign with pdf_needs_node).
    expect(code).not.toContain('pdfjs-dist/legacy');
    expect(code).not.toMatch(/\bPDFDocument\b/u);
  });

  it('runs in a page: same results as Node', async () => {
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(origin);
    await page.waitForFunction(() => typeof (window as unknown as { runScenario?: unknown }).runScenario === 'function');
    const result = await page.evaluate((files) => (window as unknown as { runScenario: (f: unknown) => Promise<unknown> }).runScenario(files), FILES);
    await page.close();
    expect(errors).toEqual([]);
    expect(result).toEqual(inNode);
  }, 60_000);

  it('runs in a module worker: same results as Node', async () => {
    const page = await context!.newPage();
    await page.goto(origin);
    await page.waitForFunction(() => typeof (window as unknown as { runInWorker?: unknown }).runInWorker === 'function');
    const result = await page.evaluate((files) => (window as unknown as { runInWorker: (f: unknown) => Promise<unknown> }).runInWorker(files), FILES);
    await page.close();
    expect(result).toEqual(inNode);
  }, 60_000);
});
