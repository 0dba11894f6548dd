import { parse } from 'csv-parse/sync';
import { neutralise, tableCsv } from './statistics-csv.js';
import { buildTable } from './statistics-tables.js';

describe('statistics CSV', () => {
  it.each([
    ['=HYPERLINK("x")', `'=HYPERLINK("x")`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Urban Planning', 'Urban Planning'],
    ['a=b', 'a=b'],
  ])('neutralises %j', (value, expected) => {
    expect(neutralise(value)).toBe(expected);
  });

  it('writes a table with its totals, hidden cells as "suppressed", and reads back to the same figures', () => {
    const table = buildTable({
      id: 't', title: 'T', unit: 'people', rowHeader: 'Department', columns: [{ key: 'a', label: 'A, "quoted"' }, { key: 'b', label: 'B' }],
      rows: [{ key: 'x', label: '=cmd|x', values: [2, 30] }, { key: 'y', label: 'Y\nline', values: [40, 50] }], suppress: true,
    });
    const rows: string[][] = parse(tableCsv(table));
    expect(rows[0]).toEqual(['Department', 'A, "quoted"', 'B', 'Total']);
    expect(rows[1][0]).toBe("'=cmd|x");
    expect(rows[1].slice(1)).toEqual(['suppressed', 'suppressed', '32']);
    expect(rows[2]).toEqual(['Y\nline', 'suppressed', 'suppressed', '90']);
    expect(rows[3]).toEqual(['Total', '42', '80', '122']);
  });
});
