/**
 * Differential test of the zip reader's two engines (issue #13): Node's zlib (inflate-entry.ts, what `readZip` uses in
 * Node) against fflate (inflate-fflate.ts: the engine readZip used before, kept for the browser build). On a corpus of
 * real archives — the samples made by Windows and macOS tools, fflate's archives stored and deflated at every level,
 * entries written with data descriptors, UTF-8, CP437 and Info-ZIP Unicode names, ZIP64 markers — and of damaged or
 * hostile ones — wrong CRCs and sizes, cut-short and bit-flipped deflate data, bombs against every limit — both
 * engines must give the same answer: the same entries with the same bytes and reasons, or the same error and limit.
 * Every PDF's bytes are also checked against fflate's own `unzipSync` and Node's CRC-32.
 */
import { readFileSync } from 'node:fs';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { unzipSync, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZipWith, readZip, type ReadZipOptions, type ZipEngine, type ZipEntry } from '../../src/zip/archive.js';
import * as fflateEngine from '../../src/zip/inflate-fflate.js';
import * as nodeEngine from '../../src/zip/inflate-entry.js';
import { crc32 as jsCrc32 } from '../../src/internal/crc32.js';
import { makePdf } from '../fixtures/pdfs.js';
import { buildZip, cp437 } from '../fixtures/zip.js';
import { CORPUS } from '../hostile/corpus.js';

const samples = new URL('../../samples/', import.meta.url);

/** What one read gives: every entry (bytes by their CRC-32 and length), or the error's code and limit. */
async function outcome(engine: ZipEngine, zip: Uint8Array, options?: ReadZipOptions): Promise<unknown> {
  try {
    const entries = await readZipWith(engine, zip, options);
    return entries.map((e: ZipEntry) => (e.status === 'pdf' ? { status: e.status, path: e.path, length: e.bytes.length, crc: nodeCrc32(e.bytes) } : { status: e.status, path: e.path, reason: e.reason }));
  } catch (error) {
    const e = error as { name?: string; code?: string; params?: { limit?: string } };
    return { error: `${e.name ?? '?'} ${e.code ?? '?'}`, limit: e.params?.limit };
  }
}

/**
 * Reads with both engines and expects the same answer; returns it. `damaged`: a deflate stream was damaged on purpose,
 * and an entry rejected as `corrupt_entry` by one engine may be rejected as `crc_mismatch` by the other — zlib refuses
 * some broken streams (a distance reaching before the start of the data) that fflate inflates to wrong bytes, which
 * the CRC then refuses. Either way the entry is rejected as damaged; nothing else may differ.
 */
async function same(zip: Uint8Array, options?: ReadZipOptions, damaged = false): Promise<unknown> {
  const withNode = await outcome(nodeEngine, zip, options);
  const withFflate = await outcome(fflateEngine, zip, options);
  const damage = (result: unknown): unknown =>
    damaged && Array.isArray(result) ? result.map((e: { reason?: string }) => (e.reason === 'crc_mismatch' || e.reason === 'corrupt_entry' ? { ...e, reason: 'damaged' } : e)) : result;
  expect(damage(withNode)).toEqual(damage(withFflate));
  if (damaged && JSON.stringify(withNode) !== JSON.stringify(withFflate)) stricter.push(zip.length);
  return withNode;
}
const stricter: number[] = [];

/** Where each entry's compressed data starts and ends, from the central directory. */
function dataSpans(zip: Uint8Array): { start: number; end: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const spans: { start: number; end: number }[] = [];
  let at = view.getUint32(eocd + 16, true);
  for (let i = 0; i < view.getUint16(eocd + 10, true); i++) {
    const local = view.getUint32(at + 42, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    spans.push({ start, end: start + view.getUint32(at + 20, true) });
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return spans;
}

/** A small deterministic generator, so that a failure names a case that can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

/** An archive written by fflate's streaming `Zip`: flag bit 3, the CRC and sizes in a data descriptor after the data. */
function streamedZip(files: Record<string, Uint8Array>, stored: readonly string[] = []): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    const zip = new Zip((error, chunk, final) => {
      if (error !== null) return reject(error);
      parts.push(chunk);
      if (final) resolve(Buffer.concat(parts));
    });
    for (const [name, data] of Object.entries(files)) {
      const entry = stored.includes(name) ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      entry.push(data, true);
    }
    zip.end();
  });
}

const pdfs = async (): Promise<Record<string, Uint8Array>> => ({
  '130692544 - Simon Provencher.pdf': await makePdf('130 692 544 Simon Provencher'),
  'T183 2025/271845935 - Marie-Ève Côté.pdf': await makePdf('Marie-Eve Cote', { pages: 3 }),
  'T183 2025/Hélène Bélanger — œuvre.pdf': await makePdf('Helene Belanger', { pages: 20 }),
});

describe('readZip: Node zlib engine and fflate engine give the same answers', () => {
  it('the bundled samples made by Windows and macOS tools, every PDF byte for byte as fflate unzips it', async () => {
    for (const file of ['t183-2025-cabinet.zip', 't183-2025-windows.zip', 't183-2025-macos.zip']) {
      const zip = new Uint8Array(readFileSync(new URL(file, samples)));
      const result = (await same(zip)) as { status: string }[];
      expect(result.filter((e) => e.status === 'pdf').length, file).toBeGreaterThan(0);
      // fflate decodes CP437 names wrongly, so entries are paired by their place in the archive.
      const unzipped = Object.values(unzipSync(zip));
      const read = await readZip(zip);
      expect(read).toHaveLength(unzipped.length);
      read.forEach((entry, i) => {
        if (entry.status === 'pdf') expect(Buffer.from(entry.bytes).equals(Buffer.from(unzipped[i] ?? [])), entry.path).toBe(true);
      });
    }
  });

  it('stored and deflated at every level, and written with data descriptors', async () => {
    const files = await pdfs();
    for (const level of [0, 1, 6, 9] as const) {
      const zip = zipSync(files, { level });
      const result = await same(zip);
      expect(result).toHaveLength(3);
      expect((result as { status: string }[]).every((e) => e.status === 'pdf')).toBe(true);
    }
    const streamed = await streamedZip(files, ['130692544 - Simon Provencher.pdf']);
    expect(new DataView(streamed.buffer, streamed.byteOffset).getUint16(6, true) & 0x8).toBe(0x8);
    expect((await same(streamed)) as { status: string }[]).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'pdf', path: 'T183 2025/Hélène Bélanger — œuvre.pdf' })]));
    const read = await readZip(streamed);
    const unzipped = unzipSync(streamed);
    for (const entry of read) {
      expect(entry.status).toBe('pdf');
      if (entry.status === 'pdf') expect(Buffer.from(entry.bytes).equals(Buffer.from(unzipped[entry.path] ?? []))).toBe(true);
    }
  });

  it('UTF-8, CP437 and Info-ZIP Unicode names, system files, folders and unsupported methods', async () => {
    const pdf = await makePdf('x');
    const raw = cp437('Hlne.pdf');
    const utf8 = new TextEncoder().encode('Hélène Côté.pdf');
    const extra = new Uint8Array(9 + utf8.length);
    new DataView(extra.buffer).setUint16(0, 0x7075, true);
    new DataView(extra.buffer).setUint16(2, 5 + utf8.length, true);
    extra[4] = 1;
    new DataView(extra.buffer).setUint32(5, nodeCrc32(raw), true);
    extra.set(utf8, 9);
    const zip = buildZip([
      { name: 'Hélène Bélanger.pdf', nameBytes: cp437('Hélène Bélanger.pdf'), data: pdf, flags: 0 },
      { name: 'François Gagné.pdf', data: pdf },
      { name: 'Zoé Côté.pdf'.normalize('NFD'), data: pdf, method: 0 },
      { name: 'Hlne.pdf', nameBytes: raw, data: pdf, flags: 0, extra },
      { name: '__MACOSX/._Zoé.pdf', data: new Uint8Array([0, 5, 22, 7]) },
      { name: 'dossier/', data: new Uint8Array(0), method: 0 },
      { name: 'Thumbs.db', data: new Uint8Array([1, 2, 3]) },
      { name: 'notes.pdf', data: new TextEncoder().encode('Liste des clients à rappeler') },
    ]);
    expect(await same(zip)).toEqual([
      expect.objectContaining({ status: 'pdf', path: 'Hélène Bélanger.pdf' }),
      expect.objectContaining({ status: 'pdf', path: 'François Gagné.pdf' }),
      expect.objectContaining({ status: 'pdf', path: 'Zoé Côté.pdf' }),
      expect.objectContaining({ status: 'pdf', path: 'Hélène Côté.pdf' }),
      { status: 'skipped', path: '__MACOSX/._Zoé.pdf', reason: 'macos_metadata' },
      { status: 'skipped', path: 'dossier', reason: 'directory' },
      { status: 'skipped', path: 'Thumbs.db', reason: 'system_file' },
      { status: 'rejected', path: 'notes.pdf', reason: 'not_pdf' },
    ]);
    // Method 12 (bzip2) in both headers: neither engine is asked to read it.
    const bzip = buildZip([{ name: 'a.pdf', data: pdf, method: 0 }]);
    const view = new DataView(bzip.buffer);
    view.setUint16(8, 12, true);
    view.setUint16(dataSpans(bzip)[0]?.end ?? 0, 0x4b50, true);
    const central = view.getUint32(bzip.length - 22 + 16, true);
    view.setUint16(central + 10, 12, true);
    expect(await same(bzip)).toEqual([{ status: 'rejected', path: 'a.pdf', reason: 'unsupported_compression' }]);
  });

  it('wrong CRCs, sizes that lie by one either way, empty and cut-short deflate data, bytes after the stream', async () => {
    const pdf = await makePdf('Simon Provencher', { pages: 2 });
    const deflated = zipSync({ 'a.pdf': pdf }, { level: 6 });
    const { start, end } = dataSpans(deflated)[0] ?? { start: 0, end: 0 };
    const body = deflated.subarray(start, end);
    const withBody = (data: Uint8Array, size = pdf.length): Uint8Array => {
      // A local record and central entry around `data` as the compressed bytes, the CRC of the real PDF.
      const zip = buildZip([{ name: 'a.pdf', data: new Uint8Array(0), method: 0, crc: nodeCrc32(pdf), declaredSize: size }]);
      const cut = dataSpans(zip)[0]?.start ?? 0;
      const out = Buffer.concat([zip.subarray(0, cut), data, zip.subarray(cut)]);
      const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
      v.setUint16(8, 8, true);
      v.setUint32(18, data.length, true);
      const cd = v.getUint32(out.length - 22 + 16, true) + data.length;
      v.setUint32(out.length - 22 + 16, cd, true);
      v.setUint16(cd + 10, 8, true);
      v.setUint32(cd + 20, data.length, true);
      return out;
    };
    expect(await same(withBody(body))).toEqual([expect.objectContaining({ status: 'pdf', length: pdf.length })]);
    expect(await same(buildZip([{ name: 'a.pdf', data: pdf, crc: nodeCrc32(pdf) ^ 0x100 }]))).toEqual([{ status: 'rejected', path: 'a.pdf', reason: 'crc_mismatch' }]);
    for (const size of [pdf.length - 1, pdf.length + 1, 0]) {
      expect(await same(withBody(body, size)), `declared ${size}`).toEqual([{ status: 'rejected', path: 'a.pdf', reason: 'corrupt_entry' }]);
    }
    for (const cut of [0, 1, 2, Math.floor(body.length / 2), body.length - 1]) {
      expect(await same(withBody(body.subarray(0, cut))), `cut at ${cut}`).toEqual([{ status: 'rejected', path: 'a.pdf', reason: 'corrupt_entry' }]);
    }
    // Bytes after the end of the deflate stream are not part of the entry: both engines ignore them.
    expect(await same(withBody(Buffer.concat([body, Buffer.from('fin')])))).toEqual([expect.objectContaining({ status: 'pdf' })]);
  });

  it('bit-flipped deflate data: the same entries rejected, at 400 places', async () => {
    const zip = zipSync(await pdfs(), { level: 9 });
    const spans = dataSpans(zip);
    const next = random(13);
    const reasons = new Map<string, number>();
    for (let round = 0; round < 400; round++) {
      const span = spans[round % spans.length] ?? { start: 0, end: 0 };
      const at = span.start + Math.floor(next() * (span.end - span.start));
      const damaged = Uint8Array.from(zip);
      damaged[at] = (damaged[at] ?? 0) ^ (1 << Math.floor(next() * 8));
      const result = (await same(damaged, undefined, true)) as { status: string; reason?: string }[];
      for (const e of result) reasons.set(`${e.status} ${e.reason ?? ''}`, (reasons.get(`${e.status} ${e.reason ?? ''}`) ?? 0) + 1);
    }
    // The corpus really exercised both kinds of damage: streams that break, and streams that inflate to wrong bytes.
    expect(reasons.get('rejected corrupt_entry')).toBeGreaterThan(20);
    expect(reasons.get('rejected crc_mismatch')).toBeGreaterThan(20);
    // zlib's stricter check decides only a few of them.
    expect(stricter.length).toBeLessThan(40);
  });

  it('every limit: the same error naming the same limit, or the same entries at the edge', async () => {
    const pdf = await makePdf('x', { pages: 4 });
    const five = zipSync(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`${i}.pdf`, pdf])));
    const cases: [Uint8Array, Partial<ReadZipOptions['limits']>][] = [
      [five, { maxEntryBytes: pdf.length }],
      [five, { maxEntryBytes: pdf.length - 1 }],
      [five, { maxTotalBytes: pdf.length * 5 }],
      [five, { maxTotalBytes: pdf.length * 5 - 1 }],
      [five, { maxTotalBytes: pdf.length * 3 }],
      [five, { maxEntries: 4 }],
      [five, { maxInputBytes: 100 }],
      [buildZip([{ name: 'bombe.pdf', data: new Uint8Array(64 * 1024 * 1024) }]), {}],
      [buildZip([{ name: 'bombe.pdf', data: new Uint8Array(8 * 1024 * 1024) }]), { maxRatio: 10_000, maxEntryBytes: 4 * 1024 * 1024 }],
      [buildZip([{ name: 'bombe.pdf', data: new Uint8Array(8 * 1024 * 1024) }]), { maxRatio: 10_000, maxTotalBytes: 4 * 1024 * 1024 }],
      [buildZip([{ name: 'bombe.pdf', data: new Uint8Array(8 * 1024 * 1024) }]), { maxRatio: 10_000, maxEntryBytes: 4 * 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024 }],
      [buildZip([{ name: 'a.pdf', data: new Uint8Array(3 * 1024 * 1024).fill(0x41), declaredSize: 10 }]), { maxEntryBytes: 1024 * 1024, maxRatio: 10_000 }],
      [buildZip(Array.from({ length: 3 }, (_, i) => ({ name: `${i}.pdf`, data: new Uint8Array(20 * 1024 * 1024) }))), { maxRatio: 10_000 }],
    ];
    const errors: unknown[] = [];
    for (const [zip, limits] of cases) {
      const result = await same(zip, limits === undefined ? {} : { limits });
      if (!Array.isArray(result)) errors.push(result);
    }
    expect(errors).toEqual([
      { error: 'ZipError zip_limit_exceeded', limit: 'maxEntryBytes' },
      { error: 'ZipError zip_limit_exceeded', limit: 'maxTotalBytes' },
      { error: 'ZipError zip_limit_exceeded', limit: 'maxTotalBytes' },
      { error: 'ZipError zip_limit_exceeded', limit: 'maxEntries' },
      { error: 'ZipError zip_limit_exceeded', limit: 'maxInputBytes' },
      { error: 'ZipError zip_limit_exceeded', limit: 'maxRatio' },
      { error: 'ZipError zip_limit_exceeded', limit: 'maxEntryBytes' },
      { error: 'ZipError zip_limit_exceeded', limit: 'maxTotalBytes' },
      { error: 'ZipError zip_limit_exceeded', limit: 'maxEntryBytes' },
      { error: 'ZipError zip_limit_exceeded', limit: 'maxEntryBytes' },
      { error: 'ZipError zip_limit_exceeded', limit: 'maxTotalRatio' },
    ]);
  });

  it('the hostile zips of the shared corpus, ZIP64 markers and non-zips', async () => {
    const zips = CORPUS.filter((c) => c.fn === 'readZip');
    expect(zips.length).toBeGreaterThan(5);
    for (const hostile of zips) await same(await hostile.build());
    const pdf = await makePdf('x');
    expect(await same(buildZip([{ name: 'a.pdf', data: pdf }], { zip64Locator: true }))).toEqual({ error: 'ZipError zip64_unsupported', limit: undefined });
    expect(await same(pdf)).toEqual({ error: 'ZipError zip_invalid', limit: undefined });
  });

  it('the JavaScript CRC-32 of the browser engine equals Node’s, continued across pieces', () => {
    const text = new TextEncoder().encode('Marie-Ève Côté’s T183 — œuvre, 12 €\n'.repeat(999));
    for (let n = 0; n < 64; n++) {
      const piece = text.subarray(n, n * 7 + 3);
      expect(jsCrc32(piece)).toBe(nodeCrc32(piece));
      expect(fflateEngine.crc32(piece)).toBe(nodeEngine.crc32(piece));
    }
    expect(jsCrc32(text.subarray(1001), jsCrc32(text.subarray(0, 1001)))).toBe(nodeCrc32(text));
  });
});
