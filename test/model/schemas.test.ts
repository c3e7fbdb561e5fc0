/**
 * `taxsync/schemas`: the zod schemas accept every record the parsers produce from the bundled exports (Windows-1252
 * DT Max CSV, Taxprep workbooks), and refuse what a host could receive at its boundary in the wrong shape.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDtmaxCsv, type ClientRecord } from '../../src/index.js';
import { addressSchema, clientRecordSchema, corporationRecordSchema, individualRecordSchema } from '../../src/schemas.js';
import { parseTaxprepXlsx } from '../../src/xlsx.js';

const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../samples/${name}`, import.meta.url)));

/** A record as a host would receive it in a JSON body: through JSON, nothing but data. */
const overTheWire = (record: ClientRecord): unknown => JSON.parse(JSON.stringify(record));

describe('taxsync/schemas', () => {
  it('accepts every record read from the bundled DT Max and Taxprep exports, through JSON', async () => {
    const results = [
      await parseDtmaxCsv(sample('dtmax-particuliers.csv')),
      await parseDtmaxCsv(sample('dtmax-societes.csv')),
      await parseTaxprepXlsx(sample('taxprep-particuliers.xlsx')),
      await parseTaxprepXlsx(sample('taxprep-societes.xlsx')),
    ];
    const records = results.flatMap((r) => r.records);
    expect(records.filter((r) => r.kind === 'individual').length).toBeGreaterThan(3);
    expect(records.filter((r) => r.kind === 'corporation').length).toBeGreaterThan(1);
    for (const record of records) {
      const parsed = clientRecordSchema.safeParse(overTheWire(record));
      expect(parsed.success, `row ${record.source?.row}: ${parsed.error?.message}`).toBe(true);
      expect(parsed.data).toEqual(overTheWire(record));
    }
  });

  it('refuses identifiers as people type them, a missing kind, a province by name', () => {
    const zoe = { kind: 'individual', sin: '130692544', firstName: 'Zoé', lastName: 'Gagnon-Tremblay', address: { province: 'QC', postalCode: 'J3B 7K9' } };
    expect(individualRecordSchema.safeParse(zoe).success).toBe(true);
    expect(clientRecordSchema.safeParse({ ...zoe, sin: '130 692 544' }).success).toBe(false);
    expect(clientRecordSchema.safeParse({ ...zoe, birthDate: '25/12/1990' }).success).toBe(false);
    expect(clientRecordSchema.safeParse({ ...zoe, kind: undefined }).success).toBe(false);
    expect(clientRecordSchema.safeParse({ ...zoe, firstName: '' }).success).toBe(false);
    expect(addressSchema.safeParse({ province: 'Québec' }).success).toBe(false);
    const lœuillet = { kind: 'corporation', businessNumber: '123456782', programAccount: 'RC0001', neq: '1171234567', name: 'Lœuillet & Côté ltée' };
    expect(corporationRecordSchema.safeParse(lœuillet).success).toBe(true);
    expect(corporationRecordSchema.safeParse({ ...lœuillet, programAccount: 'rc 0001' }).success).toBe(false);
    expect(corporationRecordSchema.safeParse({ ...lœuillet, neq: '117123456' }).success).toBe(false);
  });
});
