/** Date formatting for certificates: always UTC, in the template's language. */

export type DateStyle = 'full' | 'long' | 'medium' | 'short';

const STYLES = new Set<string>(['full', 'long', 'medium', 'short']);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Formatted dates; a cohort shares its dates, and Intl formatting is comparatively slow. */
const formatted = new Map<string, string>();
const MAX_FORMATTED = 5_000;

function remember(key: string, format: () => string): string {
  let text = formatted.get(key);
  if (text === undefined) {
    text = format();
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** Parses a strict 'YYYY-MM-DD' calendar date as midnight UTC. */
export function parseIsoDate(value: string): Date {
  const match = ISO_DATE.exec(value);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return date;
    }
  }
  throw new RangeError(`not a valid ISO calendar date (YYYY-MM-DD): "${value}"`);
}

/** The ISO 'YYYY-MM-DD' form of a date, taken in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function formatter(language: string, style: string): Intl.DateTimeFormat {
  if (!STYLES.has(style)) {
    throw new RangeError(`unknown date style "${style}" (use full, long, medium or short)`);
  }
  const key = `${language}|${style}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(language, { dateStyle: style as DateStyle, timeZone: 'UTC' });
    formatters.set(key, cached);
  }
  return cached;
}

const keyOf = (value: Date | string) => (value instanceof Date ? `t${value.getTime()}` : value);

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : parseIsoDate(value);
}

/** Formats a Date or an ISO date string; empty input gives an empty string. */
export function formatDate(value: Date | string | undefined | null, language: string, style = 'long'): string {
  if (value === undefined || value === null || value === '') return '';
  const key = `${language}|${style}|${keyOf(value)}`;
  return remember(key, () => formatter(language, style).format(toDate(value)));
}

/** Formats a period such as "3 – 14 March 2025" the way the language writes ranges. */
export function formatDateRange(
  start: Date | string | undefined | null,
  end: Date | string | undefined | null,
  language: string,
  style = 'long',
): string {
  const hasStart = start !== undefined && start !== null && start !== '';
  const hasEnd = end !== undefined && end !== null && end !== '';
  if (hasStart && hasEnd) {
    const key = `${language}|${style}|${keyOf(start)}..${keyOf(end)}`;
    return remember(key, () => formatter(language, style).formatRange(toDate(start), toDate(end)));
  }
  return formatDate(hasStart ? start : end, language, style);
}
