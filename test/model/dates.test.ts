import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/index.js';
import { excelSerialToDate, spreadsheetDateToIso } from '../../src/xlsx.js';

describe('parseDate', () => {
  it.each([
    ['1980-03-04', '1980-03-04'],
    ['1980/03/04', '1980-03-04'],
    ['1980.3.4', '1980-03-04'],
    ['19800304', '1980-03-04'],
    ['1980-03-04T00:00:00', '1980-03-04'],
    ['1980-03-04 14:30', '1980-03-04'],
    ['  1980-03-04  ', '1980-03-04'],
    ['25/12/1980', '1980-12-25'],
    ['25-12-1980', '1980-12-25'],
    ['25.12.1980', '1980-12-25'],
    ['12/25/1980', '1980-12-25'],
    ['04/04/1980', '1980-04-04'],
    ['29/02/1980', '1980-02-29'],
    ['4 mars 1980', '1980-03-04'],
    ['1er avril 1980', '1980-04-01'],
    ['17 août 1985', '1985-08-17'],
    ['31 déc. 1999', '1999-12-31'],
    ['3 févr. 2001', '2001-02-03'],
    ['March 4, 1980', '1980-03-04'],
    ['Dec 31 1999', '1999-12-31'],
    ['4-Mar-1980', '1980-03-04'],
    ['1st May 1990', '1990-05-01'],
  ])('reads %j as %s', (input, value) => {
    expect(parseDate(input)).toEqual({ ok: true, value });
  });

  it('calls 03/04/1980 ambiguous and gives it no value', () => {
    expect(parseDate('03/04/1980')).toEqual({ ok: false, reason: 'ambiguous' });
    expect(parseDate('12-01-2000')).toEqual({ ok: false, reason: 'ambiguous' });
  });

  it('reads an ambiguous date when the order is given', () => {
    expect(parseDate('03/04/1980', 'dmy')).toEqual({ ok: true, value: '1980-04-03' });
    expect(parseDate('03/04/1980', 'mdy')).toEqual({ ok: true, value: '1980-03-04' });
    // The order is obeyed even when the other reading would have been valid.
    expect(parseDate('25/12/1980', 'mdy')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseDate('12/25/1980', 'dmy')).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([['03/04/80'], ['3-4-80'], ['4 mars 80'], ['Mar 4 80']])('refuses the two-digit year of %j', (input) => {
    expect(parseDate(input)).toEqual({ ok: false, reason: 'two_digit_year' });
    expect(parseDate(input, 'dmy')).toEqual({ ok: false, reason: 'two_digit_year' });
  });

  it.each([
    ['30/02/1980'], ['29/02/1981'], ['1981-02-29'], ['1980-02-30'], ['13/13/1980'], ['00/05/1980'], ['1980-13-01'], ['1980-00-10'],
    ['31 avril 1980'], ['1799-12-31'], ['2201-01-01'], ['03/04/198'], ['hier'], ['1980'], ['4 brumaire 1980'],
  ])('refuses %j as invalid', (input) => {
    expect(parseDate(input)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('says an empty date is empty', () => {
    expect(parseDate('   ')).toEqual({ ok: false, reason: 'empty' });
  });

  it('property: a day above 12 decides the order; otherwise day/month is ambiguous unless equal', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true }), (d) => {
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth() + 1;
        const day = d.getUTCDate();
        const p = (n: number): string => String(n).padStart(2, '0');
        const iso = `${y}-${p(m)}-${p(day)}`;
        expect(parseDate(iso)).toEqual({ ok: true, value: iso });
        expect(parseDate(`${p(day)}/${p(m)}/${y}`, 'dmy')).toEqual({ ok: true, value: iso });
        expect(parseDate(`${p(m)}/${p(day)}/${y}`, 'mdy')).toEqual({ ok: true, value: iso });
        const dmy = parseDate(`${p(day)}/${p(m)}/${y}`);
        if (day > 12 || day === m) expect(dmy).toEqual({ ok: true, value: iso });
        else expect(dmy).toEqual({ ok: false, reason: 'ambiguous' });
      }),
    );
  });
});

describe('excelSerialToDate (1900 system)', () => {
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [62, '1900-03-02'],
    [367, '1901-01-01'],
    [25569, '1970-01-01'],
    [29285, '1980-03-05'],
    [36526, '2000-01-01'],
    [45292, '2024-01-01'],
    [29285.75, '1980-03-05'],
  ])('serial %d is %s', (serial, value) => {
    expect(excelSerialToDate(serial)).toEqual({ ok: true, value });
  });

  it("refuses Lotus's phantom 1900-02-29 (serial 60)", () => {
    expect(excelSerialToDate(60)).toEqual({ ok: false, reason: 'invalid' });
    expect(excelSerialToDate(60.5)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses %d', (serial) => {
    expect(excelSerialToDate(serial)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('excelSerialToDate (1904 system)', () => {
  it.each([
    [0, '1904-01-01'],
    [1, '1904-01-02'],
    [59, '1904-02-29'],
    [60, '1904-03-01'],
    [24107, '1970-01-01'],
    [27823, '1980-03-05'],
  ])('serial %d is %s', (serial, value) => {
    expect(excelSerialToDate(serial, true)).toEqual({ ok: true, value });
  });

  it('is the 1900 serial minus 1462 for every date after March 1900', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1463, max: 80000 }), (serial) => {
        expect(excelSerialToDate(serial - 1462, true)).toEqual(excelSerialToDate(serial));
      }),
    );
  });

  it('refuses negative serials', () => {
    expect(excelSerialToDate(-1, true)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('spreadsheetDateToIso', () => {
  it('reads the UTC calendar date, whatever the local time zone', () => {
    // Dates built with Date.UTC, as spreadsheet libraries build them: process.env.TZ plays no part.
    expect(spreadsheetDateToIso(new Date(Date.UTC(1980, 2, 4)))).toEqual({ ok: true, value: '1980-03-04' });
    expect(spreadsheetDateToIso(new Date(Date.UTC(1980, 2, 4, 23, 59, 59)))).toEqual({ ok: true, value: '1980-03-04' });
    expect(spreadsheetDateToIso(new Date(Date.UTC(1999, 11, 31, 0, 0, 0, 1)))).toEqual({ ok: true, value: '1999-12-31' });
  });

  it('rounds a floating-point serial that fell just short of midnight to the next day, as Excel shows it', () => {
    expect(spreadsheetDateToIso(new Date(Date.UTC(1980, 2, 5) - 1))).toEqual({ ok: true, value: '1980-03-05' });
  });

  it('agrees with excelSerialToDate for every serial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 80000 }), (serial) => {
        const utc = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
        expect(spreadsheetDateToIso(utc)).toEqual(excelSerialToDate(serial));
      }),
    );
  });

  it('refuses an invalid Date', () => {
    expect(spreadsheetDateToIso(new Date(Number.NaN))).toEqual({ ok: false, reason: 'invalid' });
  });
});
