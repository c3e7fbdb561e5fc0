/**
 * The API report (etc/api/*.api.md, written by scripts/api-report.ts): every entry point's exported names, read with
 * the TypeScript compiler, must be exactly the checked-in list — a name that appears or disappears shows in review.
 * After a deliberate change: `npm run api:update`, and commit the reports with the change.
 *
 * The same pass holds the rules of an entry: named re-exports only, nothing `@internal`, a doc comment on every export.
 */
import { describe, expect, it } from 'vitest';
import { API_ENTRIES, checkedInReport, formatReport, readApi, type EntryApi } from '../../scripts/api-report.js';

const lines = (text: string): string[] => text.split('\n').filter((line) => line.startsWith('- '));

describe('the API report', () => {
  let apis: EntryApi[] = [];
  it('reads every entry point of the package', { timeout: 120_000 }, () => {
    apis = readApi();
    expect(apis.map((api) => api.entry.name)).toEqual(API_ENTRIES.map((entry) => entry.name));
    // Not vacuous: the main entry's best-known names are read, each in its space.
    const main = apis[0]?.exports ?? [];
    expect(main).toContainEqual({ name: 'parseDtmaxCsv', space: 'value', kind: 'function' });
    expect(main).toContainEqual({ name: 'TaxsyncError', space: 'value', kind: 'class' });
    expect(main).toContainEqual({ name: 'ClientStore', space: 'type', kind: 'interface' });
    expect(main).toContainEqual({ name: 'PdfMatch', space: 'type', kind: 'type' });
    expect(main).toContainEqual({ name: 'DEFAULT_ZIP_LIMITS', space: 'value', kind: 'const' });
    expect(main.length).toBeGreaterThan(200);
  });

  for (const entry of API_ENTRIES) {
    it(`${entry.name}: named re-exports only, nothing @internal, every export documented`, () => {
      const api = apis.find((a) => a.entry === entry);
      expect(api, 'read by the test above').toBeDefined();
      expect(api?.problems).toEqual([]);
    });

    it(`${entry.name}: exports exactly what ${entry.report} lists (else \`npm run api:update\`)`, () => {
      const api = apis.find((a) => a.entry === entry);
      if (api === undefined) throw new Error('not read by the test above');
      const actual = lines(formatReport(api));
      const recorded = lines(checkedInReport(entry) ?? '');
      // The names that differ, as a reviewer would read them (`+` exported but not in the report, `-` the reverse).
      const diff = [...actual.filter((l) => !recorded.includes(l)).map((l) => `+ ${l.slice(2)}`), ...recorded.filter((l) => !actual.includes(l)).map((l) => `- ${l.slice(2)}`)];
      expect(diff, `${entry.report} is out of date: run npm run api:update and review the change`).toEqual([]);
      expect(checkedInReport(entry)).toBe(formatReport(api));
    });
  }
});
