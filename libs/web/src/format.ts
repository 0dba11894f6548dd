/**
 * Dates and times as the viewer reads them: in their city's time zone, in their language,
 * with the zone named ("2 December 2026 at 10:00 CET (Europe/Tirane)").
 */
export interface TimeView {
  /** ISO 8601 instant for the <time datetime> attribute. */
  datetime: string;
  text: string;
}

/**
 * Making an Intl.DateTimeFormat costs far more than using one (it loads the locale's and
 * the zone's data), so each language × zone × shape is made once per process. The keys are
 * few: the catalogue's languages times the cities' zones.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(shape: 'date' | 'date-time', language: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${shape}|${language}|${timeZone}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(
      language,
      shape === 'date'
        ? { year: 'numeric', month: 'long', day: 'numeric', timeZone }
        : { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' },
    );
    formatters.set(key, made);
  }
  return made;
}

export function formatDateTime(instant: Date | string, language: string, timeZone: string): TimeView {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const text = formatter('date-time', language, timeZone).format(date);
  return { datetime: date.toISOString(), text: `${text} (${timeZone})` };
}

export function formatDate(instant: Date | string, language: string, timeZone: string): TimeView {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const text = formatter('date', language, timeZone).format(date);
  return { datetime: date.toISOString().slice(0, 10), text };
}
