/**
 * Deriving an attendance status from a video-conference attendance report, where all we
 * know is how long someone was connected and when they joined. Pure; the thresholds come
 * from the programme's rule set (`videoConference`) or DEFAULT_VIDEO_CONFERENCE.
 */
import { DEFAULT_VIDEO_CONFERENCE, type VideoConferenceThresholds } from './definition.js';
import { minutes as fmt, percent } from './explain.js';
import type { AttendanceStatus } from './types.js';

export interface ConnectionFigures {
  /** Minutes the learner was connected; null or 0 when they do not appear in the report. */
  minutes: number | null;
  /** Planned length of the session, when known. */
  sessionMinutes: number | null;
  /** Minutes between the session's start and the learner joining, when known. */
  joinedLateByMinutes: number | null;
}

export interface DerivedStatus {
  status: AttendanceStatus;
  reason: string;
}

function check(name: string, value: number | null, max?: number): void {
  if (value === null) return;
  if (!Number.isFinite(value) || value < 0 || (max !== undefined && value > max)) {
    throw new RangeError(`${name} must be a number from 0${max === undefined ? '' : ` to ${max}`} (got ${value})`);
  }
}

/**
 * The rule, in order:
 * 1. not connected (no minutes, or 0) → absent;
 * 2. length of the session known and the learner there for less than `presentShare` of it
 *    → absent, however they joined (a short stay is not attendance);
 * 3. joined more than `lateGraceMinutes` after the start → late;
 * 4. otherwise → present.
 * A session of unknown length skips step 2: arrival time alone decides. An unknown join
 * time is taken as on time. Invalid figures (negative, NaN) throw a RangeError.
 */
export function statusFromMinutes(
  figures: ConnectionFigures,
  thresholds: VideoConferenceThresholds = DEFAULT_VIDEO_CONFERENCE,
): DerivedStatus {
  const { minutes, sessionMinutes, joinedLateByMinutes } = figures;
  check('minutes', minutes);
  check('sessionMinutes', sessionMinutes);
  check('joinedLateByMinutes', joinedLateByMinutes);
  check('presentShare', thresholds.presentShare, 1);
  check('lateGraceMinutes', thresholds.lateGraceMinutes);

  if (minutes === null || minutes === 0) return { status: 'absent', reason: 'not connected to the session' };
  const planned = sessionMinutes !== null && sessionMinutes > 0 ? sessionMinutes : null;
  const stay = planned === null ? `${fmt(minutes)} minutes` : `${fmt(minutes)} of ${fmt(planned)} minutes`;
  if (planned !== null && minutes / planned < thresholds.presentShare) {
    return { status: 'absent', reason: `${stay}, below ${percent(thresholds.presentShare)} of the session` };
  }
  const unknownLength = planned === null ? ' (session length unknown)' : '';
  if (joinedLateByMinutes !== null && joinedLateByMinutes > thresholds.lateGraceMinutes) {
    return {
      status: 'late',
      reason: `joined ${fmt(joinedLateByMinutes)} minutes after the start, more than ${fmt(thresholds.lateGraceMinutes)} minutes' grace; ${stay}${unknownLength}`,
    };
  }
  const arrival =
    joinedLateByMinutes === null
      ? 'join time unknown'
      : `joined within ${fmt(thresholds.lateGraceMinutes)} minutes of the start`;
  return { status: 'present', reason: `${stay}${unknownLength}, ${arrival}` };
}
