import { DEFAULT_VIDEO_CONFERENCE } from './definition.js';
import { tirana2023 } from './tirana-2023.rule-set.js';
import type { AttendanceStatus } from './types.js';
import { statusFromMinutes, type ConnectionFigures } from './video-conference.js';

const T = { presentShare: 0.75, lateGraceMinutes: 10 };
const fig = (minutes: number | null, sessionMinutes: number | null, joinedLateByMinutes: number | null): ConnectionFigures => ({
  minutes,
  sessionMinutes,
  joinedLateByMinutes,
});

describe('statusFromMinutes', () => {
  it.each<[string, ConnectionFigures, AttendanceStatus, string]>([
    ['whole session, on time', fig(90, 90, 0), 'present', '90 of 90 minutes, joined within 10 minutes of the start'],
    ['exactly the share (45 of 60)', fig(45, 60, 2), 'present', '45 of 60 minutes, joined within 10 minutes of the start'],
    ['just under the share', fig(44, 60, 0), 'absent', '44 of 60 minutes, below 75% of the session'],
    ['joined at the end of the grace period', fig(80, 90, 10), 'present', '80 of 90 minutes, joined within 10 minutes of the start'],
    [
      'joined after the grace period, stayed long enough',
      fig(75, 90, 15),
      'late',
      "joined 15 minutes after the start, more than 10 minutes' grace; 75 of 90 minutes",
    ],
    ['joined late and too short a stay', fig(30, 90, 60), 'absent', '30 of 90 minutes, below 75% of the session'],
    ['left early after joining on time', fig(40, 90, 0), 'absent', '40 of 90 minutes, below 75% of the session'],
    ['not in the report', fig(null, 90, null), 'absent', 'not connected to the session'],
    ['connected for zero minutes', fig(0, 90, 0), 'absent', 'not connected to the session'],
    ['unknown session length, on time', fig(50, null, 3), 'present', '50 minutes (session length unknown), joined within 10 minutes of the start'],
    [
      'unknown session length, late',
      fig(50, null, 25),
      'late',
      "joined 25 minutes after the start, more than 10 minutes' grace; 50 minutes (session length unknown)",
    ],
    ['unknown join time', fig(88, 90, null), 'present', '88 of 90 minutes, join time unknown'],
    ['fractional minutes from seconds', fig(67.5, 90, 0), 'present', '67.5 of 90 minutes, joined within 10 minutes of the start'],
    ['reconnections can exceed the length', fig(95, 90, 0), 'present', '95 of 90 minutes, joined within 10 minutes of the start'],
  ])('%s', (_case, figures, status, reason) => {
    expect(statusFromMinutes(figures, T)).toEqual({ status, reason });
  });

  it('uses the thresholds it is given', () => {
    const strict = { presentShare: 0.9, lateGraceMinutes: 0 };
    expect(statusFromMinutes(fig(80, 90, 0), strict).status).toBe('absent');
    expect(statusFromMinutes(fig(85, 90, 1), strict).status).toBe('late');
    expect(statusFromMinutes(fig(85, 90, 1)).status).toBe('present'); // defaults: 75%, 10 minutes
    expect(DEFAULT_VIDEO_CONFERENCE).toEqual(T);
  });

  it('takes its thresholds from a rule set', () => {
    expect(tirana2023.videoConference).toEqual(T);
    expect(statusFromMinutes(fig(70, 90, 12), tirana2023.videoConference).status).toBe('late');
  });

  it.each([
    ['negative minutes', fig(-1, 90, 0)],
    ['NaN session length', fig(10, Number.NaN, 0)],
    ['negative lateness', fig(10, 90, -3)],
  ])('refuses %s', (_case, figures) => {
    expect(() => statusFromMinutes(figures, T)).toThrow(RangeError);
  });

  it('refuses a share above 1', () => {
    expect(() => statusFromMinutes(fig(10, 90, 0), { presentShare: 75, lateGraceMinutes: 10 })).toThrow(/presentShare/);
  });
});
