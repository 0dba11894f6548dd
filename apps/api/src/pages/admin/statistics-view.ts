import type { Response } from 'express';
import { type ScopedAnswer, type StatsTable, tableCsv } from '@academy/statistics';
import { barChartSvg, describeBars } from '@academy/web';

/** The three charts of the dashboard: which table each draws and which of its figures. */
const CHARTS: { table: string; titleKey: string; bars: (t: StatsTable) => { label: string; value: number | null }[] }[] = [
  // Column totals: people who attended each module (a person attends several, so no grand total).
  { table: 'modules', titleKey: 'stats.chart.modules', bars: (t) => t.columns.map((c, i) => ({ label: c.label, value: t.totals.values[i] })) },
  { table: 'modules-attended', titleKey: 'stats.chart.distribution', bars: (t) => t.columns.map((c, i) => ({ label: c.key, value: t.totals.values[i] })) },
  // Certificates that hold now, per kind.
  { table: 'certificates', titleKey: 'stats.chart.certificates', bars: (t) => t.rows.map((r) => ({ label: r.label, value: r.values[0] })) },
];

export type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * The dashboard's model from a statistics answer: per chart an accessible SVG and the whole
 * table beside it (a hidden cell reads "fewer than 5"), which cells were hidden and why, the
 * freshness note, and each table's CSV link (`csvBase` + `table=<id>`).
 */
export function statisticsView(answer: ScopedAnswer, t: Translate, csvBase: string) {
  const fewer = t('stats.fewerThan', { n: answer.suppression.minimum });
  const notShown = t('stats.notShown');
  const join = csvBase.includes('?') ? '&' : '?';
  const charts = CHARTS.flatMap((c) => {
    const table = answer.tables.find((x) => x.id === c.table);
    if (!table) return [];
    const bars = c.bars(table);
    const title = t(c.titleKey);
    const hidden = table.suppression.cells;
    const isHidden = (row: string, column: string) => hidden.some((h) => h.row === row && h.column === column);
    // A null is either hidden by the small-group rule or a total this table does not print.
    const cell = (row: string, column: string, v: number | null) =>
      v !== null ? { text: String(v), hidden: false } : isHidden(row, column) ? { text: fewer, hidden: true } : { text: notShown, hidden: false };
    const line = (key: string, values: (number | null)[], total: number | null) =>
      [...values.map((v, i) => cell(key, table.columns[i].key, v)), cell(key, 'total', total)];
    return [{
      id: table.id,
      title,
      tableTitle: table.title,
      svg: barChartSvg({ id: `chart-${table.id}`, title, description: describeBars(bars, fewer), bars, suppressedText: fewer }),
      head: [table.rowHeader, ...table.columns.map((col) => col.label), t('stats.total')],
      rows: [
        ...table.rows.map((r) => ({ label: r.label, cells: line(r.key, r.values, r.total) })),
        { label: t('stats.total'), total: true, cells: line('total', table.totals.values, table.totals.total) },
      ],
      hidden: hidden.map((h) => ({
        rowLabel: h.row === 'total' ? t('stats.total') : (table.rows.find((r) => r.key === h.row)?.label ?? h.row),
        columnLabel: h.column === 'total' ? t('stats.total') : (table.columns.find((col) => col.key === h.column)?.label ?? h.column),
        reasonKey: `stats.reason.${h.reason}`,
      })),
      csvHref: `${csvBase}${join}table=${encodeURIComponent(table.id)}`,
    }];
  });
  return {
    charts,
    headline: answer.headline,
    rule: answer.suppression.rule,
    anyHidden: charts.some((c) => c.hidden.length > 0),
    freshness: answer.freshness,
  };
}

/** One table of the answer as a CSV download, with the same writer and headers as the API's `format=csv`. */
export function sendTableCsv(answer: ScopedAnswer, tableId: unknown, res: Response, name: string): string | undefined {
  const table = answer.tables.find((x) => x.id === tableId);
  if (!table) return undefined;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}-${table.id}.csv"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Statistics-Current', String(answer.freshness.current));
  if (answer.freshness.asOf) res.setHeader('X-Statistics-As-Of', answer.freshness.asOf);
  return tableCsv(table);
}
