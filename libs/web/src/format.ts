/**
 * Dates and times as the viewer reads them: in their city's time zone, in their language,
 * with the zone named ("2 December 2026 at 10:00 CET (Europe/Tirane)").
 */
export interface TimeView {
  /** ISO 8601 instant for the <time datetime> attribute. */
  datetime: string;
  text: string;
}

export function formatDateTime(instant: Date | string, language: string, timeZone: string): TimeView {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const text = new Intl.DateTimeFormat(language, {
    year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short',
  }).format(date);
  return { datetime: date.toISOString(), text: `${text} (${timeZone})` };
}

export function formatDate(instant: Date | string, language: string, timeZone: string): TimeView {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const text = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', timeZone }).format(date);
  return { datetime: date.toISOString().slice(0, 10), text };
}
