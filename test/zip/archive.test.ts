import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZip, streamZip, ZipError, TaxsyncError, type ZipEntry } from '../../src/index.js';
import { buildZip, cp437 } from '../fixtures/zip.js';
import { makeEncryptedLookingPdf, makePdf } from '../fixtures/pdfs.js';

const summary = (entries: ZipEntry[]) =>
  entries.map((e) => (e.status === 'pdf' ? { status: e.status, name: e.name, folders: e.folders } : { status: e.status, name: e.name, reason: e.reason }));

async function expectZipError(promise: Promise<unknown>, code: string, limit?: string): Promise<ZipError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZipError);
  expect(TaxsyncError.isInstance(error)).toBe(true);
  const zipError = error as ZipError;
  expect(zipError.code).toBe(code);
  if (limit !== undefined) expect(zipError.params.limit).toBe(limit);
  return zipError;
}

describe('readZip', () => {
  it('reads a zip made by fflate, PDFs byte for byte, with folders kept as context only', async () => {
    const a = await makePdf('130 692 544 Simon Provencher');
    const b = await makePdf('Marie-Eve Cote');
    const zip = zipSync({ 'T183 2025/130692544 - Simon Provencher.pdf': a, 'T183 2025/271845935 - Marie-Ève Côté.pdf': b });
    const entries = await readZip(zip);
    expect(summary(entries)).toEqual([
      { status: 'pdf', name: '130692544 - Simon Provencher.pdf', folders: ['T183 2025'] },
      { status: 'pdf', name: '271845935 - Marie-Ève Côté.pdf', folders: ['T183 2025'] },
    ]);
    const first = entries[0];
    expect(first?.status === 'pdf' && Buffer.from(first.bytes).equals(Buffer.from(a))).toBe(true);
  });

  it('decodes CP437 names written without the UTF-8 flag (Windows zip tools)', async () => {
    const pdf = await makePdf('x');
    const zip = buildZip([{ name: 'Hélène Bélanger.pdf', nameBytes: cp437('Hélène Bélanger.pdf'), data: pdf, flags: 0 }]);
    const [entry] = await readZip(zip);
    expect(entry?.name).toBe('Hélène Bélanger.pdf');
  });

  it('normalizes macOS decomposed names to NFC and skips __MACOSX and ._ entries, saying so', async () => {
    const pdf = await makePdf('x');
    const decomposed = 'Zoé Côté.pdf'.normalize('NFD');
    const zip = buildZip([
      { name: `dossier/${decomposed}`, data: pdf },
      { name: `__MACOSX/dossier/._${decomposed}`, data: new Uint8Array([0, 5, 22, 7]) },
      { name: 'dossier/', data: new Uint8Array(0), method: 0 },
      { name: 'dossier/.DS_Store', data: new Uint8Array([1, 2, 3]) },
      { name: 'Thumbs.db', data: new Uint8Array([1, 2, 3]) },
    ]);
    const entries = await readZip(zip);
    expect(summary(entries)).toEqual([
      { status: 'pdf', name: 'Zoé Côté.pdf', folders: ['dossier'] },
      { status: 'skipped', name: '._Zoé Côté.pdf', reason: 'macos_metadata' },
      { status: 'skipped', name: 'dossier', reason: 'directory' },
      { status: 'skipped', name: '.DS_Store', reason: 'system_file' },
      { status: 'skipped', name: 'Thumbs.db', reason: 'system_file' },
    ]);
    expect(entries[0]?.name).toBe('Zoé Côté.pdf'.normalize('NFC'));
  });

  it('never lets a name become a path: traversal, absolute, drive and backslash names', async () => {
    const pdf = await makePdf('x');
    const zip = buildZip([
      { name: '../../etc/130692544.pdf', data: pdf },
      { name: '/abs/olute.pdf', data: pdf },
      { name: 'C:\\Windows\\System32\\evil.pdf', data: pdf },
      { name: '..\\..\\up.pdf', data: pdf },
    ]);
    const entries = await readZip(zip);
    expect(entries.map((e) => [e.name, e.path])).toEqual([
      ['130692544.pdf', 'etc/130692544.pdf'],
      ['olute.pdf', 'abs/olute.pdf'],
      ['evil.pdf', 'Windows/System32/evil.pdf'],
      ['up.pdf', 'up.pdf'],
    ]);
    for (const e of entries) expect(e.path).not.toMatch(/\.\.|^\/|^[a-z]:|\\/i);
  });

  it('rejects a renamed text file and a corrupted entry, each with its reason, and passes an encrypted PDF on', async () => {
    const pdf = await makePdf('ok');
    const zip = buildZip([
      { name: 'ok.pdf', data: pdf },
      { name: 'notes.pdf', data: new TextEncoder().encode('Liste des clients à rappeler') },
      { name: 'protege.pdf', data: await makeEncryptedLookingPdf() },
      { name: 'abime.pdf', data: pdf, crc: 0x12345678 },
    ]);
    expect(summary(await readZip(zip))).toEqual([
      { status: 'pdf', name: 'ok.pdf', folders: [] },
      { status: 'rejected', name: 'notes.pdf', reason: 'not_pdf' },
      // Whether it opens (empty user password, or the host's password rule) is decided when it is read.
      { status: 'pdf', name: 'protege.pdf', folders: [] },
      { status: 'rejected', name: 'abime.pdf', reason: 'crc_mismatch' },
    ]);
  });

  it('does not trust declared sizes: a header that lies small is still bounded by the real output', async () => {
    const big = new Uint8Array(3 * 1024 * 1024).fill(0x41);
    const zip = buildZip([{ name: 'bomb.pdf', data: big, declaredSize: 10 }]);
    await expectZipError(readZip(zip, { limits: { maxEntryBytes: 1024 * 1024, maxRatio: 10_000 } }), 'zip_limit_exceeded', 'maxEntryBytes');
  });

  it('stops a zip bomb by its compression ratio before inflating it all', async () => {
    const bomb = new Uint8Array(64 * 1024 * 1024); // 64 MiB of zeros deflates to ~64 KiB
    const zip = buildZip([{ name: 'bombe.pdf', data: bomb }]);
    expect(zip.length).toBeLessThan(200 * 1024);
    const error = await expectZipError(readZip(zip), 'zip_limit_exceeded', 'maxRatio');
    expect(error.messageIn('fr')).toContain('maxRatio');
  });

  it('bounds the total real output and the number of entries', async () => {
    const pdf = await makePdf('x');
    const entries = Array.from({ length: 5 }, (_, i) => ({ name: `${i}.pdf`, data: pdf }));
    await expectZipError(readZip(buildZip(entries), { limits: { maxTotalBytes: pdf.length * 3 } }), 'zip_limit_exceeded', 'maxTotalBytes');
    await expectZipError(readZip(buildZip(entries), { limits: { maxEntries: 4 } }), 'zip_limit_exceeded', 'maxEntries');
    await expectZipError(readZip(buildZip(entries), { limits: { maxInputBytes: 100 } }), 'zip_limit_exceeded', 'maxInputBytes');
  });

  it('refuses encrypted zips, ZIP64 and non-zips with clear errors', async () => {
    const pdf = await makePdf('x');
    await expectZipError(readZip(buildZip([{ name: 'a.pdf', data: pdf, flags: 1 }])), 'zip_encrypted');
    await expectZipError(readZip(buildZip([{ name: 'a.pdf', data: pdf }], { zip64Locator: true })), 'zip64_unsupported');
    await expectZipError(readZip(buildZip([{ name: 'a.pdf', data: pdf }], { entryCountOverride: 0xffff })), 'zip64_unsupported');
    await expectZipError(readZip(pdf), 'zip_invalid');
    await expectZipError(readZip(new Uint8Array(0)), 'zip_invalid');
  });

  it('reads a stream of chunks like the bytes', async () => {
    const pdf = await makePdf('x');
    const zip = zipSync({ 'Émilie Côté.pdf': pdf });
    async function* chunks() {
      for (let i = 0; i < zip.length; i += 777) yield zip.subarray(i, i + 777);
    }
    expect(summary(await readZip(chunks()))).toEqual(summary(await readZip(zip)));
  });
});

describe('readZip — Info-ZIP Unicode path', () => {
  it('prefers the UTF-8 name of the 0x7075 extra field while its CRC matches the raw name', async () => {
    const { crc32 } = await import('../../src/zip/archive.js');
    const pdf = await makePdf('x');
    const raw = cp437('Hlne.pdf');
    const utf8 = new TextEncoder().encode('Hélène Côté.pdf');
    const field = (crc: number): Uint8Array => {
      const extra = new Uint8Array(4 + 5 + utf8.length);
      const view = new DataView(extra.buffer);
      view.setUint16(0, 0x7075, true);
      view.setUint16(2, 5 + utf8.length, true);
      extra[4] = 1;
      view.setUint32(5, crc, true);
      extra.set(utf8, 9);
      return extra;
    };
    const good = buildZip([{ name: 'Hlne.pdf', nameBytes: raw, data: pdf, flags: 0, extra: field(crc32(raw)) }]);
    expect((await readZip(good))[0]?.name).toBe('Hélène Côté.pdf');
    // A tool renamed the entry without updating the extra field: its stale Unicode name must not be believed.
    const stale = buildZip([{ name: 'Hlne.pdf', nameBytes: raw, data: pdf, flags: 0, extra: field(crc32(raw) ^ 1) }]);
    expect((await readZip(stale))[0]?.name).toBe('Hlne.pdf');
  });
});

describe('readZip entry names', () => {
  // The splitting rules written plainly (as readZip first had them): the reference every name must agree with.
  function reference(name: string): { name: string; folders: string[]; path: string } {
    const parts = name
      .split(/[/\\]/)
      .map((part) => part.trim())
      .filter((part, i) => part !== '' && part !== '.' && part !== '..' && !(i === 0 && /^[a-z]:$/i.test(part)));
    const base = parts.pop() ?? '';
    return { name: base, folders: parts, path: parts.length === 0 ? base : `${parts.join('/')}/${base}` };
  }

  it('splits every name into file name, folders and path by the same rules, clean or not', async () => {
    const pdf = await makePdf('x');
    const piece = fc.constantFrom('T183 2025', 'a', 'C:', 'c:', '.', '..', '', ' ', ' b ', '\u00a0d', 'Côté.pdf', '123456789 - Simon.pdf');
    const names = fc.array(fc.tuple(piece, fc.constantFrom('/', '\\')), { minLength: 1, maxLength: 5 }).map((pairs) =>
      pairs.map(([part, separator], i) => (i === 0 ? part : separator + part)).join(''),
    );
    let clean = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(names, { minLength: 1, maxLength: 8 }), async (list) => {
        const entries = await readZip(zipSync(Object.fromEntries(list.map((name) => [name, pdf]))));
        expect(entries).toHaveLength(list.length);
        entries.forEach((entry, i) => {
          const expected = reference(list[i] as string);
          expect({ name: entry.name, folders: entry.folders, path: entry.path }).toEqual(expected);
          if (list[i] === expected.path) clean++;
        });
      }),
      { numRuns: 300 },
    );
    // Both ways through the reader were taken: names already clean, and names that needed cleaning.
    expect(clean).toBeGreaterThan(50);
  });
});

describe('streamZip', () => {
  const collect = async (stream: AsyncIterable<ZipEntry>): Promise<ZipEntry[]> => {
    const out: ZipEntry[] = [];
    for await (const entry of stream) out.push(entry);
    return out;
  };

  it('yields the entries readZip returns, in the same order, with the same bytes', async () => {
    const simon = await makePdf('130 692 544 Simon Provencher');
    const marie = await makePdf('Marie-Ève Côté');
    const zip = buildZip([
      { name: 'T183 2025/130692544 - Simon Provencher.pdf', data: simon },
      { name: '__MACOSX/._x.pdf', data: new Uint8Array([0, 5, 22, 7]) },
      { name: 'notes.pdf', data: new TextEncoder().encode('pas un PDF') },
      { name: 'abime.pdf', data: marie, crc: 0x1234 },
      { name: 'T183 2025/271845935 - Marie-Ève Côté.pdf', data: marie, method: 0 },
    ]);
    const streamed = await collect(streamZip(zip));
    expect(streamed).toEqual(await readZip(zip));
    expect(streamed.map((e) => (e.status === 'pdf' ? e.status : `${e.status} ${e.reason}`))).toEqual(['pdf', 'skipped macos_metadata', 'rejected not_pdf', 'rejected crc_mismatch', 'pdf']);
    // From chunks, as a host reads an upload.
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < zip.length; at += 1000) yield zip.subarray(at, at + 1000);
    }
    expect(await collect(streamZip(chunks()))).toEqual(streamed);
  });

  it('refuses the archive as a whole before the first entry, and ends with the limit passed after the entries read before it', async () => {
    const pdf = await makePdf('x');
    const five = buildZip(Array.from({ length: 5 }, (_, i) => ({ name: `${i}.pdf`, data: pdf })));
    const seen: string[] = [];
    const tooMany = (async () => {
      for await (const entry of streamZip(five, { limits: { maxEntries: 4 } })) seen.push(entry.name);
    })();
    await expectZipError(tooMany, 'zip_limit_exceeded', 'maxEntries');
    expect(seen).toEqual([]);
    await expectZipError(collect(streamZip(buildZip([{ name: 'a.pdf', data: pdf, flags: 1 }]))), 'zip_encrypted');

    // The total of real output passes its limit at the fourth entry: three complete entries came out before the error.
    const total = (async () => {
      for await (const entry of streamZip(five, { limits: { maxTotalBytes: pdf.length * 3 + 1 } })) seen.push(entry.name);
    })();
    const error = await expectZipError(total, 'zip_limit_exceeded', 'maxTotalBytes');
    expect(error.messageIn('en')).toContain('maxTotalBytes');
    expect(seen).toEqual(['0.pdf', '1.pdf', '2.pdf']);
  });

  it('inflates an entry only when the loop asks for it: a loop that stops early never meets a later bomb', async () => {
    const pdf = await makePdf('x');
    const zip = buildZip([
      { name: 'premier.pdf', data: pdf },
      { name: 'bombe.pdf', data: new Uint8Array(64 * 1024 * 1024) },
    ]);
    const names: string[] = [];
    for await (const entry of streamZip(zip)) {
      names.push(entry.name);
      break;
    }
    expect(names).toEqual(['premier.pdf']);
    await expectZipError(readZip(zip), 'zip_limit_exceeded', 'maxRatio');
  });
});
