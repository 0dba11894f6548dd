const UNIT_SECONDS: Record<string, number> = {};
for (const unit of ['h', 'hr', 'hrs', 'hour', 'hours', 'heure', 'heures', 'ore', 'ora', 'std', 'stunde', 'stunden', 'hora', 'horas'])
  UNIT_SECONDS[unit] = 3600;
for (const unit of ['m', 'min', 'mins', 'minute', 'minutes', 'minuta', 'minuten', 'minuto', 'minutos', 'minuti'])
  UNIT_SECONDS[unit] = 60;
for (const unit of ['s', 'sec', 'secs', 'second', 'seconds', 'seconde', 'secondes', 'sekonda', 'sek', 'sekunde', 'sekunden', 'segundo', 'segundos', 'secondi'])
  UNIT_SECONDS[unit] = 1;

const PLAIN_MINUTES = /^\d+(?:[.,]\d+)?$/;
const CLOCK = /^(\d+):(\d{2})(?::(\d{2}))?$/;
const PART = /(\d+(?:[.,]\d+)?)\s*([a-z]+)\.?\s*/gy;

/**
 * Seconds of a duration as attendance reports write it: `1h 28m 1s`, `28m 1s`, `45s`,
 * `93` (a bare number is minutes, as in Zoom's "Duration (Minutes)"), `01:28:01` or `1:28`
 * (hours and minutes). Null when the text is empty or not a duration.
 */
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (value === '') return null;
  if (PLAIN_MINUTES.test(value)) return Math.round(Number(value.replace(',', '.')) * 60);

  const clock = CLOCK.exec(value);
  if (clock) {
    const [hours, minutes, seconds] = [Number(clock[1]), Number(clock[2]), clock[3] ? Number(clock[3]) : 0];
    return minutes < 60 && seconds < 60 ? hours * 3600 + minutes * 60 + seconds : null;
  }

  // Units: "ë" of the Albanian "orë" is folded so that it matches "ore".
  const folded = value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  let total = 0;
  PART.lastIndex = 0;
  for (let m = PART.exec(folded); m; m = PART.exec(folded)) {
    const unit = UNIT_SECONDS[m[2]!];
    if (unit === undefined) return null;
    total += Number(m[1]!.replace(',', '.')) * unit;
    if (PART.lastIndex === folded.length) return Math.round(total);
  }
  // Something that is not "<number> <unit>" is left over.
  return null;
}
