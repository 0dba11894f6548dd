import type { DateOrder } from './types.js';

/**
 * A local date and time as report tools write them: `01/24/2023 10:00:12 AM`,
 * `3/7/23, 10:00:05 AM`, `7.3.2023 10:00:05`, `2023-03-07 10:00:05`, `2023-03-07T10:00:05Z`.
 * Groups: 1–3 the date parts, 4 the date separator, 5–8 time, 9 AM/PM marker, 10 offset.
 */
const DATE_TIME =
  /^(\d{1,4})\s?([/.-])\s?(\d{1,2})\s?[/.-]\s?(\d{2}|\d{4})\.?(?:\s*,\s*|\s+|T)(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,9}))?)?\s*(a\.?\s?m\.?|p\.?\s?m\.?|p\.?d\.?|m\.?d\.?)?\s*(z|(?:utc|gmt)?\s?[+-]\d{1,2}(?::?\d{2})?)?$/i;

const DATE_PART = /^(\d{1,4})\s?([/.-])\s?(\d{1,2})\s?[/.-]\s?(\d{2}|\d{4})\b/;

/** Spaces some locales put inside times (no-break and narrow no-break space). */
const ODD_SPACES = /[\u00a0\u202f\u2007\u2009]/g;
/** Longer than any daylight saving shift. */
const LOOK_BACK = 3 * 3_600_000;
const ODD_SPACE = /[\u00a0\u202f\u2007\u2009]/;

export interface DateOrderChoice {
  order: DateOrder;
  /** Set when the data contradicts itself or the order that was asked for. */
  note: string | null;
}

/**
 * Day/month order for the dates of one file: a first part above 12 means day first, a
 * second part above 12 means month first. When no date decides, the requested order is
 * used, else day first for dotted dates (`7.3.2023`, the convention wherever dots are
 * used) and month first otherwise.
 */
export function chooseDateOrder(values: Iterable<string>, requested?: DateOrder): DateOrderChoice {
  let dayFirst = 0;
  let monthFirst = 0;
  let dotted = 0;
  let others = 0;
  for (const value of values) {
    const m = DATE_PART.exec(value.trim());
    if (!m || m[1]!.length > 2) continue;
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12 && b <= 12) dayFirst++;
    else if (b > 12 && a <= 12) monthFirst++;
    if (m[2] === '.') dotted++;
    else others++;
  }
  if (dayFirst > 0 && monthFirst > 0) {
    const order = requested ?? 'MDY';
    return { order, note: `dates disagree on whether the day or the month comes first; read as ${order}` };
  }
  const evident: DateOrder | null = dayFirst > 0 ? 'DMY' : monthFirst > 0 ? 'MDY' : null;
  if (evident) {
    const note =
      requested && requested !== evident ? `dates are written ${evident} (a part above 12 shows it), not ${requested}` : null;
    return { order: evident, note };
  }
  return { order: requested ?? (dotted > others ? 'DMY' : 'MDY'), note: null };
}

export type TimeReading = { date: Date; note: string | null } | { error: string };

/**
 * Reads local date-times of one report and converts them to instants in a time zone,
 * using Intl for the zone's offsets (so daylight saving changes are honoured). A local
 * time that a spring-forward change skips is read as if the clock had not been changed
 * yet (02:30 becomes 03:30 new time); a time that occurs twice in autumn is read as the
 * first of the two.
 */
export class LocalTimeReader {
  private readonly formatter: Intl.DateTimeFormat;
  /** Offset in ms by UTC minute: zone changes happen on whole minutes. */
  private readonly offsets = new Map<number, number>();

  constructor(
    readonly timeZone: string,
    readonly order: DateOrder,
  ) {
    this.formatter = zoneFormatter(timeZone);
  }

  read(text: string): TimeReading {
    const value = ODD_SPACE.test(text) ? text.replace(ODD_SPACES, ' ').trim() : text.trim();
    if (value === '') return { error: 'no date' };
    const m = DATE_TIME.exec(value);
    if (!m) return { error: `"${text}" is not a date and time` };

    const a = m[1]!;
    const b = +m[3];
    const c = m[4]!;
    let year = +a;
    let month = b;
    let day = +c;
    if (a.length <= 2 && (c.length === 4 || this.order !== 'YMD')) {
      year = day;
      month = this.order === 'DMY' ? b : +a;
      day = this.order === 'DMY' ? +a : b;
    }
    if (year < 100) year += year < 70 ? 2000 : 1900;

    let hour = +m[5];
    const minute = +m[6];
    const second = m[7] ? +m[7] : 0;
    const ms = m[8] ? Number(m[8].slice(0, 3).padEnd(3, '0')) : 0;
    const meridiem = m[9] ? m[9].replace(/[.\s]/g, '').toLowerCase() : null;
    if (meridiem) {
      if (hour < 1 || hour > 12) return { error: `"${text}" has hour ${hour} with ${m[9]}` };
      // "pd" (paradite) is the Albanian AM, "md" (mbasdite) the PM.
      const pm = meridiem === 'pm' || meridiem === 'md';
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
      return { error: `"${text}" is not a valid ${this.order === 'YMD' || a.length > 2 ? 'YMD' : this.order} date and time` };
    }

    const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    if (m[10]) return { date: new Date(wall - fixedOffset(m[10])), note: null };
    return this.fromWallTime(wall);
  }

  /** The instant a wall-clock time (given as if it were UTC) denotes in the zone. */
  private fromWallTime(wall: number): TimeReading {
    const o1 = this.offsetAt(wall);
    let t = wall - o1;
    const o2 = this.offsetAt(t);
    if (o1 !== o2) {
      t = wall - o2;
      const o3 = this.offsetAt(t);
      if (o2 !== o3) {
        // Neither offset maps back: the time falls in a gap the clocks skipped.
        return {
          date: new Date(wall - Math.min(o2, o3)),
          note: `the local time does not exist in ${this.timeZone} (clocks were put forward); read as the time after the change`,
        };
      }
    }
    // When the clocks were turned back shortly before, the same wall time also occurred
    // under the previous offset; the earlier of the two is taken.
    const before = this.offsetAt(t - LOOK_BACK);
    if (before !== this.offsetAt(t)) {
      const earlier = wall - before;
      if (earlier < t && this.offsetAt(earlier) === before) return { date: new Date(earlier), note: null };
    }
    return { date: new Date(t), note: null };
  }

  private offsetAt(instant: number): number {
    const minute = Math.floor(instant / 60_000);
    let offset = this.offsets.get(minute);
    if (offset === undefined) {
      const at = minute * 60_000;
      const p: Record<string, number> = {};
      for (const part of this.formatter.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
      this.offsets.set(minute, offset);
    }
    return offset;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`Unknown time zone "${timeZone}": expected an IANA zone such as "Europe/Tirane"`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Milliseconds of an explicit offset such as `Z`, `+01:00`, `-0500`, `UTC+2`. */
function fixedOffset(text: string): number {
  const m = /([+-])(\d{1,2}):?(\d{2})?$/.exec(text.replace(/\s/g, ''));
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + (m[3] ? Number(m[3]) : 0);
  return (m[1] === '-' ? -minutes : minutes) * 60_000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}
