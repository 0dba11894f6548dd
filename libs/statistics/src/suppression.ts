/**
 * Small-group suppression for tables of people counts, as a pure function.
 *
 * The rule (also in the README and in every answer):
 * 1. Primary: a cell counting 1–4 people is not shown (0 describes nobody and is shown).
 * 2. Secondary: in every line of the table — each row with its row total, each column with
 *    its column total, and the totals row with the grand total — either no entry or at least
 *    two entries are hidden, so that no hidden entry equals a shown total minus the shown
 *    entries beside it. While a line has exactly one hidden entry, the smallest shown entry
 *    of that line is hidden too (a non-zero one first, a total last), and the lines are
 *    checked again until none changes.
 * 3. Totals that are published elsewhere in the same answer (`publicMargins`) are never
 *    hidden: the cells inside are protected against them instead. Otherwise a total of 1–4
 *    is hidden like any cell.
 */
export const MIN_CELL = 5;

export type SuppressionReason = 'primary' | 'secondary' | 'omitted';

export interface SuppressedEntry {
  /** Row index, or 'total' for the totals row. */
  row: number | 'total';
  /** Column index, or 'total' for the row totals column. */
  column: number | 'total';
  reason: Exclude<SuppressionReason, 'omitted'>;
}

export interface SuppressionInput {
  /** Counts of people, rows × columns; rows and columns add up to their totals. */
  cells: number[][];
  /** Row totals; computed as the row sums when left out. */
  rowTotals?: number[];
  /** Column totals; computed as the column sums when left out. */
  columnTotals?: number[];
  /** Totals that the answer shows unsuppressed anyway: never hide them, protect against them. */
  publicMargins?: boolean;
  publicRowTotals?: boolean;
  publicColumnTotals?: boolean;
  grandTotal?: number;
  /** Totals not printed at all (a row's people are in several columns, or the total is another table's). */
  omitRowTotals?: boolean;
  omitColumnTotals?: boolean;
  /** Entries hidden because another table of the answer hides the same figure. */
  forced?: { row: number | 'total'; column: number | 'total' }[];
  min?: number;
}

export interface SuppressionResult {
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  grandTotal: number | null;
  suppressed: SuppressedEntry[];
}

type Key = `${number | 'total'}:${number | 'total'}`;

export function suppress(input: SuppressionInput): SuppressionResult {
  const min = input.min ?? MIN_CELL;
  const cells = input.cells;
  const rows = cells.length;
  const columns = rows ? cells[0].length : (input.columnTotals?.length ?? 0);
  for (const r of cells) if (r.length !== columns) throw new Error('suppress: every row needs the same number of columns');
  const rowTotals = input.rowTotals ?? cells.map((r) => r.reduce((a, b) => a + b, 0));
  const columnTotals = input.columnTotals ?? Array.from({ length: columns }, (_, c) => cells.reduce((a, r) => a + r[c], 0));
  const grand = input.grandTotal ?? rowTotals.reduce((a, b) => a + b, 0);
  const publicRows = input.publicMargins || input.publicRowTotals;
  const publicColumns = input.publicMargins || input.publicColumnTotals;

  const value = (r: number | 'total', c: number | 'total'): number =>
    r === 'total' ? (c === 'total' ? grand : columnTotals[c]) : c === 'total' ? rowTotals[r] : cells[r][c];
  const isMargin = (r: number | 'total', c: number | 'total') => r === 'total' || c === 'total';
  const hidden = new Map<Key, SuppressionReason>();
  const key = (r: number | 'total', c: number | 'total'): Key => `${r}:${c}`;
  const hideable = (r: number | 'total', c: number | 'total') =>
    r === 'total' && c === 'total' ? !(publicRows || publicColumns)
    : r === 'total' ? !publicColumns
    : c === 'total' ? !publicRows
    : true;

  const all: [number | 'total', number | 'total'][] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) all.push([r, c]);
  for (let r = 0; r < rows; r++) all.push([r, 'total']);
  for (let c = 0; c < columns; c++) all.push(['total', c]);
  all.push(['total', 'total']);
  for (let r = 0; r < rows && input.omitRowTotals; r++) hidden.set(key(r, 'total'), 'omitted');
  for (let c = 0; c < columns && input.omitColumnTotals; c++) hidden.set(key('total', c), 'omitted');
  if (input.omitRowTotals || input.omitColumnTotals) hidden.set(key('total', 'total'), 'omitted');
  for (const f of input.forced ?? []) {
    if (!hidden.has(key(f.row, f.column)) && hideable(f.row, f.column)) hidden.set(key(f.row, f.column), 'secondary');
  }
  for (const [r, c] of all) {
    if (hidden.has(key(r, c))) continue;
    const v = value(r, c);
    if (v > 0 && v < min && hideable(r, c)) hidden.set(key(r, c), 'primary');
  }

  // Every line: a row with its total, a column with its total, the totals row with the grand total.
  const lines: [number | 'total', number | 'total'][][] = [];
  for (const r of [...Array(rows).keys(), 'total' as const]) {
    lines.push([...Array.from({ length: columns }, (_, c) => [r, c] as [number | 'total', number]), [r, 'total']]);
  }
  for (const c of [...Array(columns).keys(), 'total' as const]) {
    lines.push([...Array.from({ length: rows }, (_, r) => [r, c] as [number, number | 'total']), ['total', c]]);
  }

  // Hidden entries per line, kept as entries are hidden (rows first, then columns, each with its 'total' line last).
  const rowIndex = (r: number | 'total') => (r === 'total' ? rows : r);
  const columnIndex = (c: number | 'total') => rows + 1 + (c === 'total' ? columns : c);
  const count = lines.map((line) => line.filter(([r, c]) => hidden.has(key(r, c))).length);
  const hide = (r: number | 'total', c: number | 'total') => {
    hidden.set(key(r, c), 'secondary');
    count[rowIndex(r)]++;
    count[columnIndex(c)]++;
  };
  const mends = (r: number | 'total', c: number | 'total') =>
    (count[rowIndex(r)] === 1 ? 1 : 0) + (count[columnIndex(c)] === 1 ? 1 : 0);
  // Prefer a cell over a total; then an entry whose crossing line also has a single hidden
  // entry (one more hidden entry mends two lines); then a non-zero entry; then the smallest.
  const better = (a: [number | 'total', number | 'total'], b: [number | 'total', number | 'total']) => {
    const ra = [isMargin(...a) ? 1 : 0, -mends(...a), value(...a) === 0 ? 1 : 0, value(...a)];
    const rb = [isMargin(...b) ? 1 : 0, -mends(...b), value(...b) === 0 ? 1 : 0, value(...b)];
    for (let i = 0; i < 4; i++) if (ra[i] !== rb[i]) return ra[i] < rb[i];
    return false;
  };

  for (let changed = true; changed; ) {
    changed = false;
    lines.forEach((line, i) => {
      if (count[i] !== 1) return;
      let best: [number | 'total', number | 'total'] | undefined;
      for (const entry of line) {
        if (hidden.has(key(...entry)) || !hideable(...entry)) continue;
        if (!best || better(entry, best)) best = entry;
      }
      if (!best) return; // nothing else to hide: every other entry of the line is a public total
      hide(...best);
      changed = true;
    });
  }

  const shown = (r: number | 'total', c: number | 'total') => (hidden.has(key(r, c)) ? null : value(r, c));
  const suppressed: SuppressedEntry[] = [...hidden].filter(([, reason]) => reason !== 'omitted').map(([k, reason]) => {
    const [r, c] = k.split(':');
    return { row: r === 'total' ? 'total' : Number(r), column: c === 'total' ? 'total' : Number(c), reason: reason as 'primary' };
  });
  return {
    cells: cells.map((row, r) => row.map((_, c) => shown(r, c))),
    rowTotals: rowTotals.map((_, r) => shown(r, 'total')),
    columnTotals: columnTotals.map((_, c) => shown('total', c)),
    grandTotal: shown('total', 'total'),
    suppressed,
  };
}
