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

/**
 * Bare specifiers imported by a file of dist/ and every local file it imports, transitively. A JavaScript file's local
 * imports name JavaScript files; a type file's (`.d.ts`, `.d.cts`) name `./x.js` / `./x.cjs` for the type file beside it.
 */
function externalImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(new URL(`dist/${file}`, root), 'utf8');
    const local = (spec: string): string => (/\.d\.c?ts$/.test(file) ? spec.replace(/\.c?js$/, file.endsWith('.d.cts') ? '.d.cts' : '.d.ts') : spec);
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      if (spec === undefined) continue;
      if (spec.startsWith('./')) visit(local(spec.slice(2)));
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

  it('loads nothing but ky in the http entry: its portal checks answers by hand, without the port schemas (zod)', () => {
    // Module names only (the scan also meets "from '…'" inside message texts).
    const modules = (entry: string): string[] => [...externalImports(entry)].filter((s) => /^(node:)?[@a-z][\w@/.-]*$/.test(s)).sort();
    expect(modules('http.js')).toEqual(['ky']);
  });

  it('keeps zod out of the main entry\'s types: only taxsync/schemas declares zod schemas', () => {
    const reaches = (entry: string): boolean => [...externalImports(entry)].some((s) => s === 'zod' || s.startsWith('zod/'));
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
