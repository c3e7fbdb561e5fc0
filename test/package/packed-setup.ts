/**
 * Vitest global setup: builds the package when dist/ is older than its sources, packs it once per run, and installs
 * the tarball into an empty project the way a user would (`npm install ./taxsync-x.y.z.tgz`). The package tests
 * (test/package/*) get the paths through `inject('packed')`. Skipped when the run names test files and none of them
 * is a package test, so that targeted runs stay fast.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** Where the packed package is, for the package tests. */
export interface Packed {
  /** The tarball `npm pack` made. */
  readonly tarball: string;
  /** An empty project with only the tarball installed (and what it depends on). */
  readonly project: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: Packed | null;
  }
}

const root = new URL('../../', import.meta.url).pathname;

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function stale(): boolean {
  let built: number;
  try {
    built = statSync(join(root, 'dist/cli.js')).mtimeMs;
  } catch {
    return true;
  }
  const sources = Math.max(newest(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs, statSync(join(root, 'tsup.config.ts')).mtimeMs);
  return sources > built;
}

export default function setup(project: TestProject): (() => void) | undefined {
  const filters = process.argv.slice(2).filter((arg) => /\.test\.ts$|^test\//.test(arg));
  if (filters.length > 0 && !filters.some((file) => file.includes('package'))) {
    project.provide('packed', null);
    return undefined;
  }
  if (stale()) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const work = mkdtempSync(join(tmpdir(), 'taxsync-packed-'));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  const tarball = join(work, out.trim().split('\n').pop() ?? '');
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: consumer, stdio: 'ignore' });
  project.provide('packed', { tarball, project: consumer });
  return () => rmSync(work, { recursive: true, force: true });
}
