/**
 * The bounded inflate's limits as callers set them: each limit is named in the typed error or held result with the
 * option that raises it, raising it lets a trusted file through, and a limit that is not a positive number is
 * refused as the caller's mistake. Also: a row whose only content is damage never vanishes.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, isTaxsyncError, parseDtmaxCsv, readZip, signatureLayoutFor, ZipError } from '../../src/index.js';
import { resolveSignatureFields } from '../../src/pdf.js';
import { parseTaxprepXlsx } from '../../src/xlsx.js';
import { dtmaxCsv, HEADERS_FR, SIN } from '../fixtures/csv.js';
import { t183 } from '../fixtures/forms.js';
import { inline, rawWorkbook, s } from '../fixtures/xlsx/raw.js';
import { buildZip } from '../fixtures/zip.js';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

const workbook = rawWorkbook({
  sheets: [{ name: 'Clients', rows: `<row r="1">${s('A1', 0)}${s('B1', 1)}${s('C1', 2)}</row><row r="2">${inline('A2', `<t>${SIN.tremblay}</t>`)}${s('B2', 3)}${s('C2', 4)}</row>` }],
  sharedStrings: ['<t>NAS</t>', '<t>Prénom</t>', '<t>Nom</t>', '<t>Simon</t>', '<t>Provencher</t>'],
});

describe('inflate limits', () => {
  it('a workbook past inflateLimits.maxBytes: ParseError inflate_limit_exceeded naming the option; raised, it reads', async () => {
    const error = await failure(parseTaxprepXlsx(workbook, { inflateLimits: { maxBytes: 1000 } }));
    expect(isTaxsyncError(error) && error.name === 'ParseError' && error.code === 'inflate_limit_exceeded').toBe(true);
    if (!isTaxsyncError(error)) return;
    expect(error.params).toMatchObject({ limit: 'maxBytes', value: 1000, option: 'inflateLimits.maxBytes' });
    expect(error.messageIn('en')).toContain('raise inflateLimits.maxBytes');
    expect(error.messageIn('fr')).toContain('augmentez inflateLimits.maxBytes');
    const read = await parseTaxprepXlsx(workbook, { inflateLimits: { maxBytes: 1024 * 1024 } });
    expect(read.records.map((r) => r.kind === 'individual' && r.lastName)).toEqual(['Provencher']);
  });

  it('a PDF past inflateLimits is held (inflate_limit) with the option named, in both languages', async () => {
    const { bytes } = await t183();
    const held = await resolveSignatureFields(bytes, signatureLayoutFor(2025, 'T183'), { inflateLimits: { maxBytes: 16 } });
    expect(held.status === 'held' && held.reason).toBe('inflate_limit');
    if (held.status !== 'held') return;
    expect(held.message.en).toContain('raise inflateLimits.maxBytes');
    expect(held.message.fr).toContain('augmentez inflateLimits.maxBytes');
    expect((await resolveSignatureFields(bytes, signatureLayoutFor(2025, 'T183'))).status).toBe('resolved');
  });

  it('an archive past maxTotalRatio: ZipError naming limits.maxTotalRatio', async () => {
    // 40 entries of 1 MiB of spaces (each under the per-entry ratio check): 40 MiB from about 40 KiB.
    const entries = Array.from({ length: 40 }, (_, i) => ({ name: `${i}.pdf`, data: new Uint8Array(1024 * 1024 - 1).fill(0x20) }));
    const error = await failure(readZip(buildZip(entries)));
    expect(error).toBeInstanceOf(ZipError);
    expect((error as ZipError).params).toMatchObject({ limit: 'maxTotalRatio', value: 20 });
    expect((error as ZipError).message).toContain('limits.maxTotalRatio');
    const raised = await readZip(buildZip(entries), { limits: { maxTotalRatio: 2000 } });
    expect(raised.every((e) => e.status === 'rejected' && e.reason === 'not_pdf')).toBe(true);
  });

  it('refuses limits that are not positive numbers, and inputs that are not bytes, as InvalidArgumentError', async () => {
    const { bytes } = await t183();
    const refusals = [
      failure(readZip(new Uint8Array(0), { limits: { maxTotalRatio: -1 } })),
      failure(readZip(42 as unknown as Uint8Array)),
      failure(parseTaxprepXlsx(workbook, { inflateLimits: { maxRatio: Number.NaN } })),
      failure(resolveSignatureFields(bytes, signatureLayoutFor(2025, 'T183'), { inflateLimits: 'big' as unknown as { maxBytes: number } })),
    ];
    for (const error of await Promise.all(refusals)) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).code).toBe('invalid_input');
    }
  });
});

describe('damage is an issue on its row, and the row stays', () => {
  it('a CSV row whose only content is a control byte (BEL) is an error on that row, not a blank row', async () => {
    const header = [...HEADERS_FR];
    const result = await parseDtmaxCsv(dtmaxCsv([header, header.map((h) => (h === 'NAS' ? SIN.tremblay : h === 'Prénom' ? 'Simon' : h === 'Nom' ? 'Provencher' : '')), header.map((h) => (h === 'Prénom' ? '\u0007' : ''))], { encoding: 'utf-8' }));
    expect(result.records).toHaveLength(1);
    expect(result.issues.map((i) => [i.row, i.code, i.severity, i.column])).toEqual([
      [3, 'control_character', 'error', 'Prénom'],
      [3, 'missing_name', 'error', 'Nom'],
    ]);
    expect(result.meta.counts).toMatchObject({ rows: 2, records: 1, rejected: 1, blank: 0 });
  });
});
