/**
 * The packed tarball used as a user would (see packed-setup.ts: built, packed and installed once per run): the size
 * of a default install, the types under every module resolution, the size of `validateSin` alone in a bundle, and the
 * `taxsync` command on the bundled samples, compared with the library's own results.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { PDFDocument } from '@cantoo/pdf-lib';
import { rollup, type Plugin } from 'rollup';
import { describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const packed = inject('packed');
const root = new URL('../../', import.meta.url).pathname;
const samples = join(root, 'samples');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/** Runs a bundle (ES module, no imports left) with a valid SIN in `globalThis.sin`; returns what it printed. */
async function runBundle(code: Uint8Array): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `globalThis.sin = '130 692 544';\n${new TextDecoder().decode(code)}`]);
  return stdout.trim();
}

/** Bytes of every file under `dir` (what the install puts on disk, links not followed). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

describe.skipIf(packed === null)('the packed package, installed in an empty project', () => {
  const project = packed?.project ?? '';
  const modules = join(project, 'node_modules');

  it('installs under 40 MB, with every dependency and without the optional peers (pdfjs-dist)', () => {
    for (const name of Object.keys(manifest.dependencies)) expect(existsSync(join(modules, name, 'package.json')), name).toBe(true);
    for (const [name, meta] of Object.entries(manifest.peerDependenciesMeta ?? {})) {
      if (meta.optional === true) expect(existsSync(join(modules, name)), `${name} is an optional peer`).toBe(false);
    }
    const size = bytesUnder(modules);
    expect(size).toBeGreaterThan(1_000_000);
    expect(size, `${(size / 1e6).toFixed(1)} MB installed`).toBeLessThan(40 * 1024 * 1024);
  });

  it('ships a released version: its CHANGELOG entry, its LICENSE, and `taxsync --version` saying the same', async () => {
    const installed = join(modules, 'taxsync');
    const { version } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(version).not.toBe('0.0.0');
    const changelog = readFileSync(join(installed, 'CHANGELOG.md'), 'utf8');
    // The newest entry comes first and is the version installed; no changeset is left unreleased in the package.
    expect(changelog.match(/^## (\S+)$/m)?.[1]).toBe(version);
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/MIT License/);
    const { stdout } = await run(process.execPath, [join(installed, 'dist', 'cli.js'), '--version']);
    expect(stdout.trim()).toBe(version);
  });

  it('places fields without pdfjs-dist, and says pdfjs_missing (a typed PdfError) only where pdfjs is needed', async () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { signatureLayoutFor } from 'taxsync';
      import { resolveSignatureFields } from 'taxsync/pdf';
      const pdf = new Uint8Array(readFileSync(${JSON.stringify(join(samples, 't183-2025-provencher.pdf'))}));
      const layout = signatureLayoutFor(2025, 'T183');
      const own = await resolveSignatureFields(pdf, layout);
      const forced = await resolveSignatureFields(pdf, layout, { textReader: 'pdfjs' }).then(() => undefined, (e) => e);
      console.log(JSON.stringify({ own: own.status, name: forced?.name, code: forced?.code, fr: forced?.messageIn('fr') }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    const result = JSON.parse(stdout) as { own: string; name: string; code: string; fr: string };
    expect(result).toEqual({ own: 'resolved', name: 'PdfError', code: 'pdfjs_missing', fr: expect.stringContaining('npm install pdfjs-dist') });
  }, 60_000);

  describe('types, as a consumer project typechecks them', () => {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    // Every entry, used with real types: a wrong call must be a type error (the types are not `any`).
    const body = `
      import { parseDtmaxCsv, validateSin, type ParseResult } from 'taxsync';
      import { parseTaxprepXlsx } from 'taxsync/xlsx';
      import { resolveSignatureFields } from 'taxsync/pdf';
      import { clientStoreTestSuite } from 'taxsync/testing';
      import { createHttpPortal } from 'taxsync/http';
      import { createPostgresClientStore } from 'taxsync/postgres';
      import { createSmtpMailer } from 'taxsync/smtp';
      import { createFileDocumentStore } from 'taxsync/fs';
      import { clientRecordSchema } from 'taxsync/schemas';
      export async function check(bytes: Uint8Array): Promise<number> {
        const csv: ParseResult = await parseDtmaxCsv(bytes);
        const xlsx: ParseResult = await parseTaxprepXlsx(bytes);
        const ok: boolean = validateSin('130 692 544').ok;
        const record: { kind: 'individual' | 'corporation' } = clientRecordSchema.parse(csv.records[0]);
        // @ts-expect-error the parser takes bytes, not a number
        await parseDtmaxCsv(42);
        return csv.records.length + xlsx.records.length + (ok ? 1 : 0) + (record.kind === 'individual' ? 1 : 0) + [resolveSignatureFields, clientStoreTestSuite, createHttpPortal, createPostgresClientStore, createSmtpMailer, createFileDocumentStore].length;
      }
    `;
    const profiles = [
      { name: 'node10 (CommonJS, moduleResolution node)', file: 'index.ts', type: 'commonjs', options: { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' } },
      { name: 'node16 from ESM', file: 'index.mts', type: 'module', options: { module: 'node16', moduleResolution: 'node16' } },
      { name: 'node16 from CommonJS', file: 'index.cts', type: 'commonjs', options: { module: 'node16', moduleResolution: 'node16' } },
      { name: 'bundler', file: 'index.ts', type: 'module', options: { module: 'esnext', moduleResolution: 'bundler' } },
    ];
    for (const profile of profiles) {
      it(`resolve under ${profile.name}`, async () => {
        const dir = mkdtempSync(join(project, 'types-'));
        try {
          writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'types-check', private: true, type: profile.type }));
          writeFileSync(join(dir, profile.file), body);
          writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
            compilerOptions: { ...profile.options, target: 'es2022', lib: ['es2023', 'dom'], strict: true, noEmit: true, skipLibCheck: false, types: [] },
            files: [profile.file],
          }));
          const result = await run(process.execPath, [tsc, '-p', dir], { cwd: dir }).then(() => '', (error: { stdout?: string }) => error.stdout ?? String(error));
          expect(result).toBe('');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }, 60_000);
    }
  });

  describe('validateSin alone, bundled for a browser', () => {
    const entry = `import { validateSin } from 'taxsync';\nconsole.log(validateSin(globalThis.sin).ok);\n`;
    const LIMIT = 5 * 1024;

    // esbuild keeps every module-level statement it cannot prove pure, and wraps the modules the main entry shares with
    // the lazily imported workbook reader in an initialiser that runs all of their statements: the package's tables
    // (header aliases, field specs, layouts, e-mail templates) are built in `/* @__PURE__ */` IIFEs so that a host
    // importing one validator carries none of them (under 1 KB measured).
    it('stays under 5 KB gzipped with esbuild', async () => {
      const out = await esbuild({
        stdin: { contents: entry, resolveDir: project, loader: 'js' },
        bundle: true,
        minify: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        logLevel: 'silent',
      });
      const code = out.outputFiles[0]?.contents ?? new Uint8Array();
      expect(await runBundle(code)).toBe('true');
      expect(gzipSync(code).length).toBeLessThan(LIMIT);
    });

    it('stays under 5 KB gzipped with Rollup (browser, then import, conditions)', async () => {
      // Rollup alone does not resolve packages: this plugin does what @rollup/plugin-node-resolve does with
      // `browser: true`, the exports map's browser → import → default conditions.
      const pick = (target: unknown): string | undefined => {
        if (typeof target === 'string') return target;
        if (typeof target !== 'object' || target === null) return undefined;
        const map = target as Record<string, unknown>;
        for (const condition of ['browser', 'import', 'module', 'default']) {
          const found = pick(map[condition]);
          if (found !== undefined) return found;
        }
        return undefined;
      };
      const resolver: Plugin = {
        name: 'resolve-packages',
        resolveId(source, importer) {
          if (source === 'entry') return source;
          if (source.startsWith('.')) return join(dirname(importer ?? project), source);
          const parts = source.split('/');
          const name = source.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? source);
          const sub = `.${source.slice(name.length)}`;
          const dir = join(modules, name);
          const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports?: Record<string, unknown>; module?: string; main?: string };
          const target = pkg.exports === undefined ? (pkg.module ?? pkg.main) : pick(pkg.exports[sub] ?? (sub === '.' ? pkg.exports : undefined));
          return target === undefined ? null : join(dir, target);
        },
        load(id) {
          return id === 'entry' ? entry : null;
        },
      };
      const bundle = await rollup({ input: 'entry', plugins: [resolver], onwarn: () => undefined });
      const { output } = await bundle.generate({ format: 'es', compact: true });
      await bundle.close();
      const code = output.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
      // Rollup does not minify: esbuild minifies its output, as a build would with a minifier plugin.
      const minified = await esbuild({ stdin: { contents: code, loader: 'js' }, minify: true, write: false, format: 'esm', logLevel: 'silent' });
      const bytes = minified.outputFiles[0]?.contents ?? new Uint8Array();
      expect(await runBundle(bytes)).toBe('true');
      expect(gzipSync(bytes).length).toBeLessThan(LIMIT);
    });
  });

  describe('the taxsync command (npx taxsync, from the tarball) on the bundled samples', () => {
    type Library = typeof import('../../src/index.js');
    type XlsxLibrary = typeof import('../../src/xlsx.js');
    type PdfLibrary = typeof import('../../src/pdf.js');
    const library = (): Promise<Library> => import(join(modules, 'taxsync/dist/index.js')) as Promise<Library>;

    async function taxsync(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      return run('npx', ['--no-install', 'taxsync', ...args], { cwd: project, env: { ...process.env, LANG: 'C' } }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
      );
    }

    /** No nine-digit number (a SIN or BN, whatever its separators) in what the command prints. */
    const expectMasked = (text: string): void => expect(text).not.toMatch(/\d(?:[\s.-]*\d){8}/u);

    it('inspect: a Windows-1252 DT Max export, as the library reads it', async () => {
      const file = join(samples, 'dtmax-particuliers.csv');
      const { code, stdout } = await taxsync('inspect', file, '--json', '--lang', 'en');
      const expected = await (await library()).parseDtmaxCsv(new Uint8Array(readFileSync(file)), { locale: 'en' });
      const report = JSON.parse(stdout) as { encoding: string; delimiter: string; counts: unknown; columns: { header: string; field: string }[]; issues: { row: number; code: string; message: string }[] };
      expect(report.encoding).toBe('windows-1252');
      expect(report.delimiter).toBe(expected.meta.delimiter);
      expect(report.counts).toEqual(expected.meta.counts);
      expect(report.columns).toEqual(expected.meta.columns.map((c) => ({ header: c.header, field: c.field })));
      expect(report.issues).toEqual(expected.issues.map((i) => expect.objectContaining({ row: i.row, code: i.code, message: i.message })));
      expect(code).toBe(expected.meta.counts.errors > 0 ? 1 : 0);
      expectMasked(stdout);
      const text = await taxsync('inspect', file, '--lang', 'fr');
      expect(text.stdout).toContain('encodage windows-1252');
      expect(text.stdout).toContain('Prénom → firstName');
      expectMasked(text.stdout);
    }, 60_000);

    it('inspect: a Taxprep workbook, sheet and header row included', async () => {
      const file = join(samples, 'taxprep-societes.xlsx');
      const { code, stdout } = await taxsync('inspect', file, '--json');
      const xlsx = (await import(join(modules, 'taxsync/dist/xlsx.js'))) as XlsxLibrary;
      const expected = await xlsx.parseTaxprepXlsx(new Uint8Array(readFileSync(file)), { locale: 'fr' });
      const report = JSON.parse(stdout) as { sheet: string; headerRow: number; counts: unknown; issues: { code: string }[] };
      expect(report.sheet).toBe(expected.meta.sheet);
      expect(report.headerRow).toBe(expected.meta.headerRow);
      expect(report.counts).toEqual(expected.meta.counts);
      expect(report.issues.map((i) => i.code)).toEqual(expected.issues.map((i) => i.code));
      expect(code).toBe(1);
      expectMasked(stdout);
    }, 60_000);

    it('match: each file of the archive to its client, or held with the library\'s reason', async () => {
      const archive = join(samples, 't183-2025-cabinet.zip');
      const clients = join(samples, 'dtmax-particuliers.csv');
      const pattern = '{sin} - {name}.pdf';
      const { code, stdout } = await taxsync('match', archive, '--clients', clients, '--pattern', pattern, '--json', '--lang', 'en');
      const lib = await library();
      const parsed = await lib.parseDtmaxCsv(new Uint8Array(readFileSync(clients)));
      const entries = await lib.readZip(new Uint8Array(readFileSync(archive)));
      const expected = entries.map((entry) => {
        if (entry.status !== 'pdf') return { status: entry.status, reason: entry.reason };
        const found = lib.matchPdfToClient(entry.name, parsed.records, { pattern, locale: 'en' });
        return found.status === 'matched' ? { status: 'matched', by: found.by } : { status: 'held', reason: found.reason, message: found.message };
      });
      const report = JSON.parse(stdout) as { summary: { matched: number; held: number }; lines: { status: string; reason?: string; by?: string; message: string }[] };
      const shape = (l: { status: string; reason?: string; by?: string; message?: string }): Record<string, string | undefined> =>
        l.status === 'matched' ? { status: l.status, by: l.by } : l.status === 'held' ? { status: l.status, reason: l.reason, message: l.message } : { status: l.status, reason: l.reason };
      expect(report.lines.map(shape)).toEqual(expected.map(shape));
      expect(report.summary.matched).toBeGreaterThan(0);
      expect(report.summary.held).toBeGreaterThan(0);
      expect(code).toBe(1);
      expectMasked(stdout);
      const text = await taxsync('match', archive, '--clients', clients, '--pattern', pattern, '--lang', 'fr');
      expect(text.stdout).toMatch(/\[associé\] .*\*\*\* \*\*\* \d{3}/u);
      expectMasked(text.stdout);
    }, 60_000);

    it('layout: where the T183 fields land on a real print, with a preview PDF', async () => {
      const print = join(samples, 't183-2025-provencher.pdf');
      const out = join(mkdtempSync(join(project, 'layout-')), 'preview.pdf');
      const { code, stdout } = await taxsync('layout', print, '--form', 'T183', '--year', '2025', '--out', out, '--json');
      const lib = await library();
      const pdfLib = (await import(join(modules, 'taxsync/dist/pdf.js'))) as PdfLibrary;
      const expected = await pdfLib.resolveSignatureFields(new Uint8Array(readFileSync(print)), lib.signatureLayoutFor(2025, 'T183'));
      if (expected.status !== 'resolved') throw new Error(`the sample print is held: ${expected.reason}`);
      const report = JSON.parse(stdout) as { status: string; fields: { name: string; page: number; x: number; y: number; placedBy: string }[]; preview: string };
      expect(code).toBe(0);
      expect(report.status).toBe('resolved');
      expect(report.fields).toEqual(expected.fields.map((f) => expect.objectContaining({ name: f.name, page: f.page, x: f.x, y: f.y, placedBy: f.placedBy })));
      const preview = readFileSync(out);
      expect(new TextDecoder().decode(preview.subarray(0, 5))).toBe('%PDF-');
      expect(preview.equals(readFileSync(print))).toBe(false);
      const doc = await PDFDocument.load(preview);
      expect(doc.getPageCount()).toBe(1);
      // The PNG comes only where poppler's pdftoppm is installed, and the report says which.
      const hasPdftoppm = await run('pdftoppm', ['-v']).then(() => true, () => false);
      const png = (JSON.parse(stdout) as { png?: string }).png;
      if (hasPdftoppm) expect(png !== undefined && readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
      else expect(png).toBeUndefined();
    }, 60_000);

    it('exit code 2 for a file that cannot be read, and for wrong usage; --help shows examples', async () => {
      const missing = await taxsync('inspect', join(samples, 'absent.csv'), '--lang', 'en');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no such file');
      const notCsv = await taxsync('inspect', join(samples, 't183-2025-cabinet.zip'), '--lang', 'en');
      expect(notCsv.code).toBe(2);
      expect(notCsv.stderr).toMatch(/Excel workbook|not a text/u);
      const usage = await taxsync('match', join(samples, 't183-2025-cabinet.zip'), '--lang', 'en');
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--clients');
      const help = await taxsync('--help', '--lang', 'fr');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Exemples');
      expect(help.stdout).toContain('npx taxsync match samples/t183-2025-cabinet.zip');
    }, 60_000);
  });
});
