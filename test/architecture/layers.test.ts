/**
 * The layer rules of the house, checked on the import graph of `src/` (README, "Layout"):
 * - pure modules (model, messages, errors, internal, parsers, zip, matching, signatures, email, runtime) import no
 *   workflow, port, adapter, test kit, command line or entry point;
 * - nothing but an entry point (or the `taxsync/testing` kit) imports `src/adapters/`;
 * - the command line imports public entries only, and its own texts (`src/messages/cli.ts`: pure data in both
 *   languages, kept with every other bilingual text and bundled into `dist/cli.js`);
 * - `src/internal/` is never re-exported by an entry point.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const ENTRIES = ['index.ts', 'xlsx.ts', 'pdf.ts', 'http.ts', 'postgres.ts', 'smtp.ts', 'fs.ts', 'schemas.ts', 'bullmq.ts', 'testing/index.ts'];
const PURE = ['model', 'messages', 'errors', 'internal', 'parsers', 'zip', 'matching', 'signatures', 'email', 'runtime'];
const NOT_FOR_PURE = ['workflow', 'clients', 'dispatch', 'sync', 'queue', 'adapters', 'testing', 'cli', 'ports.ts', ...ENTRIES];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `src/`-relative paths of the local modules `file` imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.\.?\/[^']+)'/g)].map((m) => m[1] as string);
  return specs.map((spec) => relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
}

const graph = walk(SRC).map((file) => ({ from: relative(SRC, file), to: importsOf(file) }));
const under = (path: string, area: string): boolean => (area.endsWith('.ts') ? path === area : path.startsWith(`${area}/`));
const violations = (pred: (from: string, to: string) => boolean): string[] =>
  graph.flatMap(({ from, to }) => to.filter((target) => pred(from, target)).map((target) => `${from} → ${target}`));

describe('the layers of src/', () => {
  it('reads a real import graph (a vacuous graph would pass every rule)', () => {
    expect(graph.length).toBeGreaterThan(100);
    expect(graph.find((m) => m.from === 'index.ts')?.to.length).toBeGreaterThan(10);
    // The rule below would catch this very edge if it existed.
    expect(violations((from, to) => from === 'index.ts' && under(to, 'adapters'))).not.toEqual([]);
  });

  it('pure modules import no workflow, port, adapter, test kit, command line or entry point', () => {
    const isPure = (path: string): boolean => PURE.some((area) => under(path, area));
    expect(violations((from, to) => isPure(from) && NOT_FOR_PURE.some((area) => under(to, area)))).toEqual([]);
  });

  it('only entry points and the testing kit import src/adapters/', () => {
    const allowed = (from: string): boolean => ENTRIES.includes(from) || under(from, 'adapters') || under(from, 'testing');
    expect(violations((from, to) => !allowed(from) && under(to, 'adapters'))).toEqual([]);
  });

  it('the command line imports public entries only (and its own texts, pure data kept in src/messages/)', () => {
    // The one exception: the CLI's words live with every other bilingual text; they are data, bundled into dist/cli.js.
    const CLI_TEXTS = 'messages/cli.ts';
    expect(violations((from, to) => under(from, 'cli') && !under(to, 'cli') && !ENTRIES.includes(to) && to !== CLI_TEXTS)).toEqual([]);
  });

  it('only taxsync/bullmq (src/bullmq.ts, src/queue/) imports bullmq, an optional peer dependency', () => {
    const importers = walk(SRC).filter((file) => /(?:from|import)\s*\(?\s*'bullmq'/.test(readFileSync(file, 'utf8'))).map((file) => relative(SRC, file));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((from) => from !== 'bullmq.ts' && !under(from, 'queue'))).toEqual([]);
  });

  it('no entry point re-exports src/internal/', () => {
    expect(violations((from, to) => ENTRIES.includes(from) && under(to, 'internal'))).toEqual([]);
  });
});

describe('the three jobs', () => {
  it('import nothing from each other (what they share lives in workflow/, email/ or a pure module)', () => {
    const JOBS = ['clients', 'dispatch', 'sync'];
    const jobOf = (path: string): string | undefined => JOBS.find((job) => under(path, job));
    expect(violations((from, to) => jobOf(from) !== undefined && jobOf(to) !== undefined && jobOf(from) !== jobOf(to))).toEqual([]);
    expect(violations((from, to) => (under(from, 'workflow') || under(from, 'email')) && jobOf(to) !== undefined)).toEqual([]);
  });
});
