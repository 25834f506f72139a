// CSV -> points: California housing, dropped rows, BOM/CRLF/quotes, errors naming line and column; papaparse as oracle.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvToPoints, parseCsv } from '../../../functions/core/points/csv';
import { fixture, housingText } from './fixtures';

describe('csvToPoints on California housing', () => {
  const housing = fixture('housing.json');
  const text = housingText();

  it('reads the chosen columns of all 20,640 rows, in the order asked', () => {
    const r = csvToPoints(text, { columns: housing.columns });
    expect(r.points.n).toBe(20640);
    expect(r.points.d).toBe(3);
    expect(r.columns).toEqual(['median_income', 'latitude', 'longitude']);
    expect(r.droppedRows).toBe(0);
    const { data, n } = r.points;
    housing.columnMeans.forEach((mean: number, t: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += data[i * 3 + t];
      expect(s / n).toBeCloseTo(mean, 9);
    });
    // First data row: -122.23,37.88,...,8.3252,...
    expect(Array.from(data.subarray(0, 3))).toEqual([8.3252, 37.88, -122.23]);
  });

  it('drops and counts the 207 rows without total_bedrooms', () => {
    const r = csvToPoints(text, { columns: ['total_bedrooms', 'median_income'] });
    expect(r.droppedRows).toBe(housing.droppedRowsTotalBedrooms);
    expect(r.droppedRows).toBe(207);
    expect(r.points.n).toBe(20640 - 207);
  });

  it('names the line and column of a non-numeric value', () => {
    expect(() => csvToPoints(text, { columns: ['latitude', 'ocean_proximity'] })).toThrow(
      'line 2, column "ocean_proximity": "NEAR BAY" is not a number',
    );
  });

  it('lists the available columns when asked for an unknown one', () => {
    expect(() => csvToPoints(text, { columns: ['latitude', 'income'] })).toThrow(
      /unknown column\(s\) "income"; the CSV has "longitude", "latitude", "housing_median_age", .*"ocean_proximity"/,
    );
  });

  it('stops at maxRows with a 413-kind error', () => {
    expect(() => csvToPoints(text, { columns: ['latitude'], maxRows: 1000 })).toThrow(/more than 1000 rows/);
  });
});

describe('csvToPoints: formats', () => {
  it('handles a BOM, CRLF line ends, quoted fields with commas, doubled quotes and newlines', () => {
    const text = '\uFEFFname,x,"y"\r\n"a, ""quoted"" name",1.5,2\r\n"multi\r\nline",-3,4e2\r\n';
    const r = csvToPoints(text, { columns: ['x', 'y'] });
    expect(Array.from(r.points.data)).toEqual([1.5, 2, -3, 400]);
    const names: string[] = [];
    parseCsv(text, (f) => void names.push(f[0]));
    expect(names).toEqual(['name', 'a, "quoted" name', 'multi\r\nline']);
  });

  it('defaults to every column, skips blank lines, reads quoted numbers', () => {
    const r = csvToPoints('a,b\n1,2\n\n"3",4\n   \n5,6');
    expect(r.columns).toEqual(['a', 'b']);
    expect(Array.from(r.points.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('treats empty cells, NA, NaN and null as missing (row dropped) and short rows as missing', () => {
    const r = csvToPoints('a,b\n1,2\n,3\n4,NA\nNaN,5\n6,null\n7\n8,9', { columns: ['a', 'b'] });
    expect(r.droppedRows).toBe(5);
    expect(Array.from(r.points.data)).toEqual([1, 2, 8, 9]);
  });

  it.each([
    ['', /the CSV is empty/],
    ['a,b\n', /a header but no data rows/],
    ['a,b\n,\n', /all 1 data rows miss a value/],
    ['a,b\n1,2,3\n', /line 2 has 3 fields but the header has 2/],
    ['a,b\n1,Infinity\n', /line 2, column "b": "Infinity" is not a number/],
    ['a,b\n1,0x10\n', /line 2, column "b": "0x10" is not a number/],
    ['a,b\n1,"2\n', /line 2: a quoted field is not closed/],
    ['a,b\n1,"2"x\n', /line 2: unexpected text after a closing quote/],
    ['a,a\n1,2\n', /column "a" is named more than once/],
  ])('rejects %j', (text, message) => {
    expect(() => csvToPoints(text)).toThrow(message);
  });
});

describe('parseCsv agrees with papaparse', () => {
  const field = fc.oneof(
    fc.stringMatching(/^[a-z0-9 .\-]{0,6}$/),
    fc.string({ unit: fc.constantFrom('a', '1', ',', '"', '\n', '\r\n', ' '), maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')}"`),
  );
  const record = fc.array(field, { minLength: 2, maxLength: 4 });
  it('on random quoted and unquoted fields with LF or CRLF', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (records, eol) => {
        // Blank lines mean different things to the two parsers; keep every record non-blank.
        const rows = records.map((r) => (r.join(',') === '' ? ['x', ...r.slice(1)] : r));
        const text = rows.map((r) => r.join(',')).join(eol);
        const ours: string[][] = [];
        parseCsv(text, (f) => void ours.push(f));
        const theirs = Papa.parse<string[]>(text, { newline: eol as '\n' | '\r\n', skipEmptyLines: false }).data;
        const nonBlank = theirs.filter((r) => !(r.length === 1 && r[0].trim() === ''));
        expect(ours).toEqual(nonBlank);
      }),
      { numRuns: 300 },
    );
  });
});
