/**
 * Imports the built package the way users do — by its name, through the exports map — in ESM and CJS.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

beforeAll(() => {
  // `npm test` on a fresh clone has no dist/ yet; CI builds before testing.
  if (!existsSync(new URL('dist/index.js', root))) execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' });
}, 120_000);

describe('the published package', () => {
  it('loads by name in ESM with the main entry light (no exceljs)', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `
        const t = await import('taxsync');
        const r = t.validateSin('130 692 544');
        const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache ?? {});
        console.log(JSON.stringify({ ok: r.ok, value: r.value, hasCsv: typeof t.parseDtmaxCsv, exceljs: loaded.some((k) => k.includes('exceljs')) }));
      `],
      { cwd: root, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ ok: true, value: '130692544', hasCsv: 'function', exceljs: false });
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
