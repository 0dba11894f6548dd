import { stringify } from 'csv-stringify/sync';
import type { StatsTable } from './statistics-tables.js';

/**
 * A spreadsheet runs a cell starting with one of these as a formula (or, for tab and CR,
 * may strip them and run what follows): such values are prefixed with an apostrophe, which
 * spreadsheets show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * One table as CSV (RFC 4180, written by csv-stringify): a header row, one row per table
 * row with its total, and the totals row. A hidden cell is written as `suppressed`.
 */
export function tableCsv(table: StatsTable): string {
  const cell = (v: number | null) => (v === null ? 'suppressed' : String(v));
  const text = (s: string) => neutralise(s);
  const records: string[][] = [
    [table.rowHeader, ...table.columns.map((c) => c.label), 'Total'].map(text),
    ...table.rows.map((r) => [text(r.label), ...r.values.map(cell), cell(r.total)]),
    ['Total', ...table.totals.values.map(cell), cell(table.totals.total)],
  ];
  return stringify(records, { record_delimiter: '\r\n' });
}
