import type { Response } from 'express';
import { type ScopedAnswer, type StatsTable, tableCsv } from '@academy/statistics';
import { barChartSvg, describeBars } from '@academy/web';

export type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * The words of a table in the page's language: the answer's stable ids and codes (table id,
 * certificate kind and status, the number of modules attended) mapped to catalogue keys. What
 * the database holds (department names, module codes) is shown as stored.
 */
interface TableWords {
  titleKey: string;
  rowHeaderKey: string;
  column: (key: string, label: string) => string;
  row: (key: string, label: string) => string;
}
const KIND_KEYS: Record<string, string> = { completion: 'stats.kind.completion', attendance: 'stats.kind.attendance', trainer: 'stats.kind.trainer' };
const STATUS_KEYS: Record<string, string> = { valid: 'stats.status.valid', superseded: 'stats.status.superseded', revoked: 'stats.status.revoked' };
const byKey = (t: Translate, keys: Record<string, string>) => (key: string, label: string) => (keys[key] ? t(keys[key]) : label);
const department = (t: Translate) => (key: string, label: string) => (key === 'none' ? t('stats.noDepartment') : label);
const bucket = (t: Translate) => (key: string, label: string) =>
  /^\d+$/.test(key) ? t(Number(key) === 1 ? 'stats.bucket.one' : 'stats.bucket.other', { n: Number(key) }) : label;

/** The three charts of the dashboard: which table each draws, its words, and which of its figures. */
const CHARTS: { table: string; titleKey: string; words: (t: Translate) => TableWords; bars: (t: StatsTable, w: TableWords) => { label: string; value: number | null }[] }[] = [
  // Column totals: people who attended each module (a person attends several, so no grand total).
  {
    table: 'modules', titleKey: 'stats.chart.modules',
    words: (t) => ({ titleKey: 'stats.table.modules', rowHeaderKey: 'stats.rowHeader.department', column: (_k, label) => label, row: department(t) }),
    bars: (t, w) => t.columns.map((c, i) => ({ label: w.column(c.key, c.label), value: t.totals.values[i] })),
  },
  {
    table: 'modules-attended', titleKey: 'stats.chart.distribution',
    words: (t) => ({ titleKey: 'stats.table.modulesAttended', rowHeaderKey: 'stats.rowHeader.department', column: bucket(t), row: department(t) }),
    bars: (t, w) => t.columns.map((c, i) => ({ label: w.column(c.key, c.label), value: t.totals.values[i] })),
  },
  // Certificates that hold now, per kind.
  {
    table: 'certificates', titleKey: 'stats.chart.certificates',
    words: (t) => ({ titleKey: 'stats.table.certificates', rowHeaderKey: 'stats.rowHeader.kind', column: byKey(t, STATUS_KEYS), row: byKey(t, KIND_KEYS) }),
    bars: (t, w) => t.rows.map((r) => ({ label: w.row(r.key, r.label), value: r.values[0] })),
  },
];

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
    const words = c.words(t);
    const bars = c.bars(table, words);
    const columnLabel = (key: string) => {
      const col = table.columns.find((x) => x.key === key);
      return key === 'total' ? t('stats.total') : col ? words.column(col.key, col.label) : key;
    };
    const rowLabel = (key: string) => {
      const r = table.rows.find((x) => x.key === key);
      return key === 'total' ? t('stats.total') : r ? words.row(r.key, r.label) : key;
    };
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
      tableTitle: t(words.titleKey),
      svg: barChartSvg({ id: `chart-${table.id}`, title, description: describeBars(bars, fewer), bars, suppressedText: fewer }),
      head: [t(words.rowHeaderKey), ...table.columns.map((col) => words.column(col.key, col.label)), t('stats.total')],
      rows: [
        ...table.rows.map((r) => ({ label: words.row(r.key, r.label), cells: line(r.key, r.values, r.total) })),
        { label: t('stats.total'), total: true, cells: line('total', table.totals.values, table.totals.total) },
      ],
      hidden: hidden.map((h) => ({
        rowLabel: rowLabel(h.row),
        columnLabel: columnLabel(h.column),
        reasonKey: `stats.reason.${h.reason}`,
      })),
      csvHref: `${csvBase}${join}table=${encodeURIComponent(table.id)}`,
    }];
  });
  return {
    charts,
    headline: answer.headline,
    // The answer's rule in English stays in the API; the page says it in its own language.
    rule: t('stats.rule', { max: answer.suppression.minimum - 1 }),
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
