/**
 * Imports the built package the way users do — by its name, through the exports map — in ESM and CJS.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

/**
 * The packages (bare specifiers, `node:` dropped) that a built file reaches through static imports and requires,
 * following its own chunks; lazy `import()`s are not followed (they load only when called).
 */
function packagesReached(entry: string): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(new URL(`dist/${file}`, root), 'utf8');
    const specifiers = [
      ...code.matchAll(/^\s*(?:import|export)\b[^'"\n;]*?(?:from\s*)?['"]([^'"]+)['"]/gm),
      ...code.matchAll(/\brequire\(['"]([^'"]+)['"]\)/g),
    ].map((m) => m[1] ?? '');
    for (const specifier of specifiers) {
      if (specifier.startsWith('./')) visit(specifier.slice(2));
      // A package's name: its first segment, or its first two for a scoped package (@cantoo/pdf-lib).
      else found.add(/^(?:@[^/]+\/)?[^/]+/.exec(specifier.replace(/^node:/, ''))?.[0] ?? specifier);
    }
  };
  visit(entry);
  return found;
}

beforeAll(() => {
  // `npm test` on a fresh clone has no dist/ yet; CI builds before testing.
  if (!existsSync(new URL('dist/index.js', root))) execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' });
}, 120_000);

describe('the published package', () => {
  it('loads by name in ESM', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `
        const t = await import('taxsync');
        const r = t.validateSin('130 692 544');
        console.log(JSON.stringify({ ok: r.ok, value: r.value, hasCsv: typeof t.parseDtmaxCsv }));
      `],
      { cwd: root, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ ok: true, value: '130692544', hasCsv: 'function' });
  });

  it('keeps each entry light: the packages its static imports reach, in ESM and CJS', () => {
    const reach = (entry: string): string[] => [...packagesReached(entry)].sort();
    // The main entry never loads pdf-lib or pdfjs-dist (the Taxprep reader is a lazy import()). In Node, readZip
    // inflates with Node's own zlib (a built-in); fflate is the browser build's engine (test/package/browser.test.ts).
    expect(reach('index.js')).toEqual(['zlib', 'zod']);
    expect(reach('index.cjs')).toEqual(['zlib', 'zod']);
    // The workbook reader needs no spreadsheet library: exceljs is only a test and benchmark tool.
    expect(reach('xlsx.js')).toEqual(['stream', 'zlib']);
    expect(reach('xlsx.cjs')).toEqual(['stream', 'zlib']);
    expect(reach('pdf.js')).toContain('@cantoo/pdf-lib');
    // The adapters take the host's own pg Pool and nodemailer transport: they import neither.
    for (const entry of ['postgres.js', 'postgres.cjs', 'smtp.js', 'smtp.cjs']) {
      expect(reach(entry).filter((name) => name === 'pg' || name === 'nodemailer'), entry).toEqual([]);
    }
    // taxsync/bullmq runs on the host's BullMQ (an optional peer): only that entry reaches it.
    for (const entry of ['bullmq.js', 'bullmq.cjs']) expect(reach(entry), entry).toContain('bullmq');
    // The filesystem document store needs Node's fs and crypto, and none of the heavy libraries.
    for (const entry of ['fs.js', 'fs.cjs']) {
      expect(reach(entry), entry).toContain('fs');
      expect(reach(entry).filter((name) => ['@cantoo/pdf-lib', 'pdfjs-dist', 'ky', 'pg', 'nodemailer'].includes(name)), entry).toEqual([]);
    }
  });

  it('loads by name in CommonJS', () => {
    const require = createRequire(new URL('package.json', root));
    const t = require('taxsync') as typeof import('../../src/index.js');
    expect(t.maskSin('130692544')).toBe('*** *** 544');
    expect(typeof require('taxsync/xlsx')).toBe('object');
    expect(typeof require('taxsync/testing')).toBe('object');
  });

  it('parses a Windows-1252 DT Max file from the built ESM entry', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `
        import { readFileSync } from 'node:fs';
        const { parseDtmaxCsv } = await import('taxsync');
        const r = await parseDtmaxCsv(readFileSync('samples/dtmax-particuliers.csv'));
        console.log(JSON.stringify({ encoding: r.meta.encoding, last: r.records[4]?.lastName }));
      `],
      { cwd: root, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ encoding: 'windows-1252', last: 'Lœuillet' });
  });
});
