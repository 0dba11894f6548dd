import { formatDate, formatDateTime } from './format.js';

describe('dates in the viewer’s zone, with the zone named', () => {
  it('shows Tirana local time across the spring change, in English and Albanian', () => {
    const winter = formatDateTime('2023-03-26T00:30:00Z', 'en', 'Europe/Tirane');
    expect(winter.datetime).toBe('2023-03-26T00:30:00.000Z');
    expect(winter.text).toMatch(/01:30/);
    expect(winter.text).toMatch(/\(Europe\/Tirane\)$/);
    const summer = formatDateTime('2023-03-26T02:30:00Z', 'sq', 'Europe/Tirane');
    expect(summer.text).toMatch(/04:30/);
    expect(summer.text).toMatch(/mars/);
  });

  it('gives the date as the city reads it', () => {
    expect(formatDate('2023-03-25T23:30:00Z', 'en-GB', 'Europe/Dublin').text).toBe('25 March 2023');
    expect(formatDate('2023-03-25T23:30:00Z', 'en-GB', 'Europe/Tirane').text).toBe('26 March 2023');
  });
});
