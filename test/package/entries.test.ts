/**
 * The built package: `taxsync/http` loads by name in ESM and CJS, and ky is reachable only from it — never from the
 * core entry's module graph.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

beforeAll(() => {
  if (!existsSync(new URL('dist/http.js', root))) execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' });
}, 120_000);

/** Bare specifiers imported by an ESM file of dist/ and every local chunk it imports, transitively. */
function externalImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(new URL(`dist/${file}`, root), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      if (spec === undefined) continue;
      if (spec.startsWith('./')) visit(spec.slice(2));
      else external.add(spec);
    }
  };
  visit(entry);
  return external;
}

/** Bare specifiers a type file of dist/ (`.d.ts` or `.d.cts`) and every local type file it imports reach, transitively. */
function typeImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(new URL(`dist/${file}`, root), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      if (spec === undefined) continue;
      if (spec.startsWith('./')) visit(spec.slice(2).replace(/\.c?js$/, file.endsWith('.d.cts') ? '.d.cts' : '.d.ts'));
      else external.add(spec);
    }
  };
  visit(entry);
  return external;
}

describe('taxsync/http in the built package', () => {
  it('keeps ky out of the core entry, and in the http entry', () => {
    expect([...externalImports('index.js')].filter((s) => s === 'ky' || s.startsWith('ky/'))).toEqual([]);
    expect(externalImports('http.js').has('ky')).toBe(true);
  });

  it('keeps zod out of the main entry\'s types: only taxsync/schemas declares zod schemas', () => {
    const reaches = (entry: string): boolean => [...typeImports(entry)].some((s) => s === 'zod' || s.startsWith('zod/'));
    for (const entry of ['index', 'xlsx', 'pdf', 'testing']) {
      expect(reaches(`${entry}.d.ts`), `${entry}.d.ts`).toBe(false);
      expect(reaches(`${entry}.d.cts`), `${entry}.d.cts`).toBe(false);
    }
    expect(reaches('schemas.d.ts')).toBe(true);
    expect(reaches('schemas.d.cts')).toBe(true);
  });

  it('loads by name in ESM and CommonJS', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
      const http = await import('taxsync/http');
      const core = await import('taxsync');
      console.log(JSON.stringify({ http: typeof http.createHttpPortal, sync: typeof core.syncSignatures, verify: typeof core.verifyPortalWebhook }));
    `], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ http: 'function', sync: 'function', verify: 'function' });
    const require = createRequire(new URL('package.json', root));
    expect(typeof (require('taxsync/http') as { createHttpPortal: unknown }).createHttpPortal).toBe('function');
    expect(typeof (require('taxsync/testing') as { startPortalServer: unknown }).startPortalServer).toBe('function');
  });
});
