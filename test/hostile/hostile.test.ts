/**
 * The hostile-input corpus (corpus.ts), each case run in a child process of its own: the public function must end in
 * the expected typed error, issue, held or rejected line — never another exception — with peak memory (RSS) less than
 * 256 MB above what the process held before the call, and within a time bound (no hang). Two cases run at a time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, type HostileCase } from './corpus.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Memory a case may add to its process, in MB. */
const RSS_BOUND_MB = 256;
/** Time a child may take, start-up and call included (a loaded 2-core machine), before it is killed as hung. */
const KILL_AFTER_MS = 90_000;
/** Time the call itself may take. */
const CALL_BOUND_MS = 15_000;

interface Report {
  readonly outcome: { ok?: unknown; error?: string; untyped?: string; message?: string };
  readonly ms: number;
  readonly rssGrowthMb: number;
}

let dir: string;
const results = new Map<string, Promise<Report>>();

/** Runs one case in a child process (`node --import tsx child.ts SPEC`); rejects on a crash or a hang. */
function runInChild(spec: HostileCase, input: Uint8Array, index: number): Promise<Report> {
  const inputPath = join(dir, `${index}.bin`);
  const specPath = join(dir, `${index}.json`);
  writeFileSync(inputPath, input);
  const { build: _build, expect: _expect, ...call } = spec;
  writeFileSync(specPath, JSON.stringify({ ...call, input: inputPath }));
  return new Promise((resolve, reject) => {
    // A heap cap far above the bound: a runaway fails in the child, never swamps the machine.
    const child = spawn(process.execPath, ['--max-old-space-size=1024', '--import', 'tsx', CHILD, specPath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || line === '') reject(new Error(`child ended with ${signal ?? code}: ${stderr.slice(-2000)}`));
      else resolve(JSON.parse(line) as Report);
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taxsync-hostile-'));
  // Two children at a time (the machine has two cores); inputs are built as their turn comes.
  let next = 0;
  const slots: Promise<void>[] = [];
  const settle = new Map<string, { resolve: (r: Report) => void; reject: (e: unknown) => void }>();
  for (const spec of CORPUS) results.set(spec.name, new Promise<Report>((resolve, reject) => settle.set(spec.name, { resolve, reject })));
  const worker = async (): Promise<void> => {
    while (next < CORPUS.length) {
      const index = next++;
      const spec = CORPUS[index] as HostileCase;
      const handlers = settle.get(spec.name);
      try {
        handlers?.resolve(await runInChild(spec, await spec.build(), index));
      } catch (error) {
        handlers?.reject(error);
      }
    }
  };
  for (let i = 0; i < 2; i++) slots.push(worker());
  // Results are awaited per test; the runs go on in the background.
  void Promise.all(slots);
}, 10_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile inputs, each in a child process with bounded time and memory', () => {
  for (const spec of CORPUS) {
    it(`${spec.family}: ${spec.name}`, async () => {
      const report = await results.get(spec.name);
      if (report === undefined) throw new Error('no run');
      const seen = JSON.stringify(report.outcome).slice(0, 600);
      expect(report.outcome.untyped, 'an untyped exception escaped').toBeUndefined();
      if ('error' in spec.expect) expect(report.outcome.error, seen).toBe(spec.expect.error);
      else expect(report.outcome.ok, seen).toEqual(spec.expect.ok);
      expect(report.rssGrowthMb, `peak memory grew by ${report.rssGrowthMb} MB`).toBeLessThan(RSS_BOUND_MB);
      expect(report.ms, `the call took ${report.ms} ms`).toBeLessThan(CALL_BOUND_MS);
    }, 180_000);
  }
});
