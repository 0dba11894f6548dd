import { suppress, type SuppressionResult } from './suppression.js';

/** Every row, column and the totals row: no line may have exactly one hidden entry. */
function linesWithOneHidden(r: SuppressionResult): string[] {
  const bad: string[] = [];
  const rows = r.cells.length;
  const columns = r.columnTotals.length;
  for (let i = 0; i < rows; i++) {
    const n = r.cells[i].filter((v) => v === null).length + (r.rowTotals[i] === null ? 1 : 0);
    if (n === 1) bad.push(`row ${i}`);
  }
  for (let c = 0; c < columns; c++) {
    const n = r.cells.filter((row) => row[c] === null).length + (r.columnTotals[c] === null ? 1 : 0);
    if (n === 1) bad.push(`column ${c}`);
  }
  const t = r.columnTotals.filter((v) => v === null).length + (r.grandTotal === null ? 1 : 0);
  if (t === 1) bad.push('totals row');
  return bad;
}

describe('suppress', () => {
  it.each([
    ['nothing small', [[10, 20], [30, 40]], false, []],
    ['zero cells are shown', [[0, 20], [30, 0]], false, []],
    ['one small cell takes the smallest cell of its row and column with it', [[3, 20, 30], [10, 40, 50], [12, 14, 60]], false,
      ['0:0 primary', '0:1 secondary', '1:0 secondary', '1:1 secondary']],
    ['two small cells in one row protect each other in that row', [[2, 3, 40], [30, 30, 30]], false,
      ['0:0 primary', '0:1 primary', '1:0 secondary', '1:1 secondary']],
    ['a small total is hidden too, and a second total with it', [[1, 2], [30, 40]], false,
      ['0:0 primary', '0:1 primary', '0:total primary', '1:total secondary', '1:0 secondary', '1:1 secondary']],
  ] as const)('%s', (_, cells, publicMargins, expected) => {
    const r = suppress({ cells: cells.map((x) => [...x]), publicMargins });
    expect(r.suppressed.map((s) => `${s.row}:${s.column} ${s.reason}`).sort()).toEqual([...expected].sort());
    expect(linesWithOneHidden(r)).toEqual([]);
  });

  it('never hides a public total and protects the cells against it', () => {
    const r = suppress({ cells: [[2, 10], [20, 30], [25, 1]], publicMargins: true });
    expect(r.rowTotals).toEqual([12, 50, 26]);
    expect(r.columnTotals).toEqual([47, 41]);
    expect(r.grandTotal).toBe(88);
    expect(r.cells[0][0]).toBeNull();
    expect(r.cells[2][1]).toBeNull();
    expect(linesWithOneHidden(r)).toEqual([]);
  });

  it('hides a zero when it is the only other entry that can go', () => {
    const r = suppress({ cells: [[3, 0], [0, 20]], publicMargins: true });
    expect(r.cells[0]).toEqual([null, null]);
    expect(linesWithOneHidden(r)).toEqual([]);
  });

  it('survives random tables: no line is ever left with one hidden entry and no shown count is 1-4', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 500; t++) {
      const rows = 1 + Math.floor(rand() * 6);
      const columns = 1 + Math.floor(rand() * 5);
      const cells = Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.floor(rand() * rand() * 30)));
      const r = suppress({ cells });
      expect(linesWithOneHidden(r)).toEqual([]);
      const shown = [...r.cells.flat(), ...r.rowTotals, ...r.columnTotals, r.grandTotal].filter((v): v is number => v !== null);
      expect(shown.filter((v) => v > 0 && v < 5)).toEqual([]);
    }
  });

  it('uses given totals (people counted once although they appear in several columns)', () => {
    const r = suppress({ cells: [[6, 7]], rowTotals: [9], columnTotals: [6, 7] });
    expect(r.rowTotals).toEqual([9]);
    expect(r.suppressed).toEqual([]);
  });
});
