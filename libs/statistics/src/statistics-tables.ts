import { MIN_CELL, suppress, type SuppressedEntry } from './suppression.js';

/** One table of an answer: people (or certificates) counted per row and column, drawable as a chart. */
export interface StatsTable {
  id: string;
  title: string;
  /** What a cell counts. */
  unit: 'people' | 'enrolments' | 'records' | 'certificates';
  rowHeader: string;
  columns: { key: string; label: string }[];
  /** A hidden cell is null. */
  rows: { key: string; label: string; values: (number | null)[]; total: number | null }[];
  totals: { values: (number | null)[]; total: number | null };
  /** Whether the small-group rule applied to this table, and the cells it hid (row/column keys, or 'total'). */
  suppression: { applied: boolean; cells: { row: string; column: string; reason: 'primary' | 'secondary' }[] };
}

export interface TableSpec {
  id: string;
  title: string;
  unit: StatsTable['unit'];
  rowHeader: string;
  columns: { key: string; label: string }[];
  rows: { key: string; label: string; values: number[]; total?: number }[];
  /** Column totals when a person can be in several columns (otherwise the column sums). */
  columnTotals?: number[];
  grandTotal?: number;
  suppress: boolean;
  /** Row or column totals the same answer shows unsuppressed (headline figures of one's own city). */
  publicRowTotals?: boolean;
  publicColumnTotals?: boolean;
  omitRowTotals?: boolean;
  omitColumnTotals?: boolean;
  /** Margins hidden because another table hides the same figure (row/column keys, 'total' for the grand total). */
  forcedRowTotals?: string[];
  forcedColumnTotals?: string[];
}

/**
 * Tables of one answer that print the same totals (the same column totals, or the same row
 * totals) are suppressed together: a total hidden in one is hidden in all, until none changes,
 * so one table cannot give away what another hides.
 */
export function buildJointly(specs: TableSpec[], shared: 'rows' | 'columns'): StatsTable[] {
  let forced = new Set<string>();
  for (let round = 0; round < 20; round++) {
    const tables = specs.map((s) => buildTable(shared === 'rows'
      ? { ...s, forcedRowTotals: [...forced] } : { ...s, forcedColumnTotals: [...forced] }));
    const next = new Set(forced);
    for (const t of tables) {
      if (t.totals.total === null) next.add('total');
      if (shared === 'rows') t.rows.forEach((r) => r.total === null && next.add(r.key));
      else t.columns.forEach((c, i) => t.totals.values[i] === null && next.add(c.key));
    }
    if (next.size === forced.size) return tables;
    forced = next;
  }
  throw new Error('suppression of shared totals did not settle');
}

export function buildTable(spec: TableSpec): StatsTable {
  const cells = spec.rows.map((r) => r.values);
  const rowTotals = spec.rows.map((r) => r.total ?? r.values.reduce((a, b) => a + b, 0));
  const columnTotals = spec.columnTotals ?? spec.columns.map((_, c) => cells.reduce((a, r) => a + r[c], 0));
  const grand = spec.grandTotal ?? rowTotals.reduce((a, b) => a + b, 0);
  if (!spec.suppress) {
    return {
      id: spec.id, title: spec.title, unit: spec.unit, rowHeader: spec.rowHeader, columns: spec.columns,
      rows: spec.rows.map((r, i) => ({ key: r.key, label: r.label, values: r.values, total: spec.omitRowTotals ? null : rowTotals[i] })),
      totals: {
        values: spec.omitColumnTotals ? columnTotals.map(() => null) : columnTotals,
        total: spec.omitRowTotals || spec.omitColumnTotals ? null : grand,
      },
      suppression: { applied: false, cells: [] },
    };
  }
  const s = suppress({
    cells, rowTotals, columnTotals, grandTotal: grand, min: MIN_CELL,
    publicRowTotals: spec.publicRowTotals, publicColumnTotals: spec.publicColumnTotals,
    omitRowTotals: spec.omitRowTotals, omitColumnTotals: spec.omitColumnTotals,
    forced: [
      ...(spec.forcedRowTotals ?? []).map((k) => (k === 'total' ? { row: 'total' as const, column: 'total' as const }
        : { row: spec.rows.findIndex((r) => r.key === k), column: 'total' as const })).filter((f) => f.row !== -1),
      ...(spec.forcedColumnTotals ?? []).map((k) => (k === 'total' ? { row: 'total' as const, column: 'total' as const }
        : { row: 'total' as const, column: spec.columns.findIndex((c) => c.key === k) })).filter((f) => f.column !== -1),
    ],
  });
  const rowKey = (r: SuppressedEntry['row']) => (r === 'total' ? 'total' : spec.rows[r].key);
  const columnKey = (c: SuppressedEntry['column']) => (c === 'total' ? 'total' : spec.columns[c].key);
  return {
    id: spec.id, title: spec.title, unit: spec.unit, rowHeader: spec.rowHeader, columns: spec.columns,
    rows: spec.rows.map((r, i) => ({ key: r.key, label: r.label, values: s.cells[i], total: s.rowTotals[i] })),
    totals: { values: s.columnTotals, total: s.grandTotal },
    suppression: {
      applied: true,
      cells: s.suppressed.map((e) => ({ row: rowKey(e.row), column: columnKey(e.column), reason: e.reason })),
    },
  };
}

export const SUPPRESSION_RULE =
  `A cell counting 1 to ${MIN_CELL - 1} people is hidden (primary; 0 is shown). Then, in every row with its total, ` +
  'every column with its total and the totals row with the grand total, no single entry is left hidden alone: ' +
  'the smallest other entry of that line is hidden too (secondary), until no hidden entry can be worked out by ' +
  'subtracting the shown entries from a shown total. Totals shown unsuppressed elsewhere in the answer are never ' +
  'hidden; the cells are protected against them. Hidden entries are null and listed with their reason.';
