import { chooseDateOrder, LocalTimeReader } from './dates.js';
import { parseDuration } from './durations.js';
import { mergeIntervals, toMinutes, totalMilliseconds } from './intervals.js';
import type { DateOrder, Interval } from './types.js';

function instant(zone: string, order: DateOrder, text: string): string {
  const reading = new LocalTimeReader(zone, order).read(text);
  if ('error' in reading) throw new Error(reading.error);
  return reading.date.toISOString();
}

describe('LocalTimeReader', () => {
  it.each<[string, DateOrder, string]>([
    ['01/24/2023 10:00:12 AM', 'MDY', '2023-01-24T09:00:12.000Z'],
    ['3/7/23, 10:00:05 AM', 'MDY', '2023-03-07T09:00:05.000Z'],
    ['2/14/2023, 9:57:10 AM', 'MDY', '2023-02-14T08:57:10.000Z'],
    ['2/14/2023, 1:05:00 PM', 'MDY', '2023-02-14T12:05:00.000Z'],
    ['1/24/2023 12:05:00 AM', 'MDY', '2023-01-23T23:05:00.000Z'],
    ['1/24/2023 12:05:00 PM', 'MDY', '2023-01-24T11:05:00.000Z'],
    ['1/24/2023 1:05 p.m.', 'MDY', '2023-01-24T12:05:00.000Z'],
    ['3/7/23, 10:00:05\u202fAM', 'MDY', '2023-03-07T09:00:05.000Z'],
    ['2023-03-07 10:00:05', 'MDY', '2023-03-07T09:00:05.000Z'],
    ['2023-03-07T10:00:05', 'DMY', '2023-03-07T09:00:05.000Z'],
    ['2023/03/07 10:00', 'MDY', '2023-03-07T09:00:00.000Z'],
    ['7.3.2023 10:00:05', 'DMY', '2023-03-07T09:00:05.000Z'],
    ['07.03.2023, 17:45', 'DMY', '2023-03-07T16:45:00.000Z'],
    ['24/01/2023 17:45:30', 'DMY', '2023-01-24T16:45:30.000Z'],
    ['23/03/07 10:00', 'YMD', '2023-03-07T09:00:00.000Z'],
    ['7/3/2023 10:00 pd', 'DMY', '2023-03-07T09:00:00.000Z'],
    ['7/3/2023 2:00 md', 'DMY', '2023-03-07T13:00:00.000Z'],
    ['2023-07-10 10:00:00', 'MDY', '2023-07-10T08:00:00.000Z'],
    ['2023-03-07T10:00:05.250Z', 'MDY', '2023-03-07T10:00:05.250Z'],
    ['2023-03-07 10:00:05 +05:30', 'MDY', '2023-03-07T04:30:05.000Z'],
  ])('reads %s (%s) in Europe/Tirane as %s', (text, order, expected) => {
    expect(instant('Europe/Tirane', order, text)).toBe(expected);
  });

  it.each<[string, string, string]>([
    // Europe/Tirane: 02:00 → 03:00 on 26 March, 03:00 → 02:00 on 29 October 2023.
    ['Europe/Tirane', '2023-03-26 01:59:59', '2023-03-26T00:59:59.000Z'],
    ['Europe/Tirane', '2023-03-26 03:00:00', '2023-03-26T01:00:00.000Z'],
    ['Europe/Tirane', '2023-03-26 02:30:00', '2023-03-26T01:30:00.000Z'],
    ['Europe/Tirane', '2023-10-29 01:59:00', '2023-10-28T23:59:00.000Z'],
    ['Europe/Tirane', '2023-10-29 02:30:00', '2023-10-29T00:30:00.000Z'],
    ['Europe/Tirane', '2023-10-29 03:00:00', '2023-10-29T02:00:00.000Z'],
    // America/New_York: 02:00 → 03:00 on 12 March, 02:00 → 01:00 on 5 November 2023.
    ['America/New_York', '2023-03-12 01:30:00', '2023-03-12T06:30:00.000Z'],
    ['America/New_York', '2023-03-12 02:30:00', '2023-03-12T07:30:00.000Z'],
    ['America/New_York', '2023-03-12 03:30:00', '2023-03-12T07:30:00.000Z'],
    ['America/New_York', '2023-11-05 01:30:00', '2023-11-05T05:30:00.000Z'],
    ['America/New_York', '2023-11-05 02:30:00', '2023-11-05T07:30:00.000Z'],
    ['Asia/Kolkata', '2023-03-26 10:00:00', '2023-03-26T04:30:00.000Z'],
    ['UTC', '2023-03-26 10:00:00', '2023-03-26T10:00:00.000Z'],
  ])('follows daylight saving in %s: %s → %s', (zone, text, expected) => {
    expect(instant(zone, 'YMD', text)).toBe(expected);
  });

  it('notes a local time skipped by the spring-forward change', () => {
    expect(new LocalTimeReader('Europe/Tirane', 'MDY').read('03/26/2023 02:30:00 AM')).toEqual({
      date: new Date('2023-03-26T01:30:00.000Z'),
      note: 'the local time does not exist in Europe/Tirane (clocks were put forward); read as the time after the change',
    });
  });

  it.each<[string, DateOrder, string]>([
    ['', 'MDY', 'no date'],
    ['yesterday', 'MDY', '"yesterday" is not a date and time'],
    ['01/24/2023', 'MDY', '"01/24/2023" is not a date and time'],
    ['24/01/2023 10:00', 'MDY', '"24/01/2023 10:00" is not a valid MDY date and time'],
    ['02/30/2023 10:00', 'MDY', '"02/30/2023 10:00" is not a valid MDY date and time'],
    ['01/24/2023 25:00', 'MDY', '"01/24/2023 25:00" is not a valid MDY date and time'],
    ['01/24/2023 13:00 PM', 'MDY', '"01/24/2023 13:00 PM" has hour 13 with PM'],
  ])('rejects %j (%s)', (text, order, error) => {
    expect(new LocalTimeReader('Europe/Tirane', order).read(text)).toEqual({ error });
  });

  it('accepts 29 February in leap years only', () => {
    const reader = new LocalTimeReader('UTC', 'MDY');
    expect(reader.read('2/29/2024 10:00')).toEqual({ date: new Date('2024-02-29T10:00:00Z'), note: null });
    expect(reader.read('2/29/2023 10:00')).toHaveProperty('error');
  });

  it('rejects an unknown time zone', () => {
    expect(() => new LocalTimeReader('Mars/Olympus', 'MDY')).toThrow('Unknown time zone "Mars/Olympus"');
  });
});

describe('chooseDateOrder', () => {
  it.each<[string, string[], DateOrder | undefined, DateOrder, string | null]>([
    ['a first part above 12', ['7/3/2023 10:00', '24/3/2023 10:00'], undefined, 'DMY', null],
    ['a second part above 12', ['3/7/23, 10:00', '2/14/2023, 9:57:10 AM'], undefined, 'MDY', null],
    ['nothing decides', ['3/7/23, 10:00'], undefined, 'MDY', null],
    ['nothing decides, DMY requested', ['3/7/23, 10:00'], 'DMY', 'DMY', null],
    ['nothing decides, dotted dates', ['7.3.2023 10:00'], undefined, 'DMY', null],
    ['nothing decides, dotted dates, MDY requested', ['7.3.2023 10:00'], 'MDY', 'MDY', null],
    ['ISO dates only', ['2023-03-07 10:00'], undefined, 'MDY', null],
    ['the data against the request', ['24/3/2023 10:00'], 'MDY', 'DMY', 'dates are written DMY (a part above 12 shows it), not MDY'],
    ['the data against itself', ['24/3/2023 10:00', '3/24/2023 10:00'], 'DMY', 'DMY', 'dates disagree on whether the day or the month comes first; read as DMY'],
  ])('%s', (_label, values, requested, order, note) => {
    expect(chooseDateOrder(values, requested)).toEqual({ order, note });
  });
});

describe('parseDuration', () => {
  it.each<[string, number | null]>([
    ['1h 28m 1s', 5281],
    ['28m 1s', 1681],
    ['45s', 45],
    ['1h 19m', 4740],
    ['1h28m', 5280],
    ['1 hr 5 min 3 sec', 3903],
    ['1 orë 5 min', 3900],
    ['93', 5580],
    ['12,5', 750],
    ['01:28:01', 5281],
    ['1:28', 5280],
    ['0', 0],
    ['', null],
    ['soon', null],
    ['1h soon', null],
    ['5 parsecs', null],
    ['1:75', null],
  ])('%j → %p seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });
});

describe('mergeIntervals', () => {
  const at = (hhmm: string) => new Date(`2023-01-24T${hhmm}:00.000Z`);
  const span = (from: string, to: string): Interval => ({ join: at(from), leave: at(to) });

  it.each<[string, Interval[], Interval[], number]>([
    ['apart', [span('10:00', '10:30'), span('10:40', '11:00')], [span('10:00', '10:30'), span('10:40', '11:00')], 50],
    ['unsorted', [span('10:40', '11:00'), span('10:00', '10:30')], [span('10:00', '10:30'), span('10:40', '11:00')], 50],
    ['overlapping', [span('10:00', '10:30'), span('10:20', '11:00')], [span('10:00', '11:00')], 60],
    ['contained', [span('10:00', '11:00'), span('10:20', '10:30')], [span('10:00', '11:00')], 60],
    ['touching', [span('10:00', '10:30'), span('10:30', '11:00')], [span('10:00', '11:00')], 60],
    ['a chain', [span('10:50', '11:10'), span('10:00', '10:30'), span('10:25', '10:55')], [span('10:00', '11:10')], 70],
    ['none', [], [], 0],
  ])('%s', (_label, input, merged, minutes) => {
    const result = mergeIntervals(input);
    expect(result).toEqual(merged);
    expect(toMinutes(totalMilliseconds(result))).toBe(minutes);
  });

  it('leaves its input alone', () => {
    const input = [span('10:20', '11:00'), span('10:00', '10:30')];
    mergeIntervals(input);
    expect(input).toEqual([span('10:20', '11:00'), span('10:00', '10:30')]);
  });

  it('rounds to the nearest minute, half a minute up', () => {
    expect([29_999, 30_000, 89_999, 90_000].map(toMinutes)).toEqual([0, 1, 1, 2]);
  });
});
