/**
 * Horizontal bar charts as SVG strings, drawn on the server (no DOM, no script). Each chart is
 * an image with a name and a description (`role="img"`, `<title>`, `<desc>`), every bar is
 * labelled directly with its category and its number, and alternate bars carry a hatch
 * pattern, so neither colour nor bar length is the only cue. A suppressed value is drawn as no
 * bar with its label's text (e.g. "fewer than 5") in place of the number.
 */
export interface ChartBar {
  label: string;
  /** Null: the figure is suppressed (not shown). */
  value: number | null;
}

export interface BarChartOptions {
  /** A unique id prefix on the page (for aria-labelledby and the pattern). */
  id: string;
  title: string;
  description: string;
  bars: ChartBar[];
  /** What a suppressed bar shows instead of its number. */
  suppressedText: string;
  width?: number;
}

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const ROW = 36;
const BAR = 22;
const LABEL_WIDTH = 130;

/** The chart's SVG markup (scales to its container's width through its viewBox). */
export function barChartSvg(o: BarChartOptions): string {
  const width = o.width ?? 480;
  const id = o.id.replace(/[^A-Za-z0-9_-]/g, '-');
  const plot = width - LABEL_WIDTH - 70;
  const max = Math.max(1, ...o.bars.map((b) => b.value ?? 0));
  const height = Math.max(1, o.bars.length) * ROW + 8;
  const rows = o.bars.map((b, i) => {
    const y = 4 + i * ROW;
    const w = b.value === null ? 0 : Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * plot));
    const fill = i % 2 === 0 ? '#1d70b8' : `url(#${id}-hatch)`;
    const text = b.value === null ? o.suppressedText : String(b.value);
    const label = b.label.length > 18 ? `${b.label.slice(0, 17)}…` : b.label;
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + BAR / 2 + 5}" text-anchor="end" class="chart__label">${escape(label)}</text>`,
      w > 0 ? `<rect x="${LABEL_WIDTH}" y="${y}" width="${w}" height="${BAR}" fill="${fill}" stroke="#0b0c0c" stroke-width="1"/>` : '',
      `<text x="${LABEL_WIDTH + w + 6}" y="${y + BAR / 2 + 5}" class="chart__value">${escape(text)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${width} ${height}" `,
    `aria-labelledby="${id}-title ${id}-desc" font-size="14" font-family="sans-serif">`,
    `<title id="${id}-title">${escape(o.title)}</title>`,
    `<desc id="${id}-desc">${escape(o.description)}</desc>`,
    `<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`,
    `<rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="#003078"/></pattern></defs>`,
    `<line x1="${LABEL_WIDTH}" y1="0" x2="${LABEL_WIDTH}" y2="${height}" stroke="#0b0c0c" stroke-width="1"/>`,
    ...rows,
    '</svg>',
  ].join('');
}

/** The description a chart's <desc> carries: every bar in words, so a screen reader hears the figures too. */
export function describeBars(bars: ChartBar[], suppressedText: string): string {
  return bars.map((b) => `${b.label}: ${b.value === null ? suppressedText : b.value}`).join('; ');
}
