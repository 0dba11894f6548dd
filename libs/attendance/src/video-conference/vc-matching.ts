/**
 * Pure part of the video-conference import: who in a report is which enrolled learner.
 * No I/O; the service loads the learners and applies the result.
 */
import { type Interval, mergeIntervals, type ReportParticipant } from '@academy/vc-reports';

/** A learner enrolled in the session's programme. */
export interface EnrolledLearner {
  id: string;
  /** Lower case, as stored. */
  email: string;
  name: string;
  /** Enrolled in the session's module (enrolments.module_codes is null or names it). */
  inModule: boolean;
}

export type ParticipantMatch =
  | { kind: 'organiser' }
  | { kind: 'matched'; learner: EnrolledLearner; by: 'email' | 'name' }
  | { kind: 'unmatched'; reason: string };

/** Trimmed, runs of white space made one space, lower case; accents are kept (NFC). */
export function normalizeName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Matches one participant: the organiser is left out; then by e-mail (case-insensitive) to
 * an enrolled learner; without an e-mail, or with one that belongs to nobody on the
 * platform, by a name that exactly one enrolled learner of the programme has. A learner
 * enrolled in the programme but not in the session's module is not matched. Nothing else
 * is tried: the rest goes to review.
 *
 * @param knownEmails addresses of every person on the platform (any city, any role): an
 *   address of someone who is not an enrolled learner never falls back to a name match.
 */
export function matchParticipant(
  p: ReportParticipant,
  learners: readonly EnrolledLearner[],
  knownEmails: ReadonlySet<string>,
  moduleCode: string,
): ParticipantMatch {
  if (p.organiser) return { kind: 'organiser' };
  const email = p.email?.toLowerCase() ?? null;
  const notInModule = (how: string) => ({
    kind: 'unmatched' as const,
    reason: `${how} a learner of this programme who is not enrolled in ${moduleCode}`,
  });
  if (email !== null) {
    const byEmail = learners.find((l) => l.email === email);
    if (byEmail) return byEmail.inModule ? { kind: 'matched', learner: byEmail, by: 'email' } : notInModule('the e-mail is that of');
    if (knownEmails.has(email)) {
      return { kind: 'unmatched', reason: `the e-mail ${email} is not that of a learner enrolled in this programme` };
    }
  }
  const key = normalizeName(p.name);
  const named = learners.filter((l) => normalizeName(l.name) === key);
  const source = email === null ? 'no e-mail in the report' : `the e-mail ${email} is unknown`;
  if (named.length === 0) return { kind: 'unmatched', reason: `${source} and no enrolled learner is named "${p.name}"` };
  if (named.length > 1) {
    return { kind: 'unmatched', reason: `${source} and ${named.length} enrolled learners are named "${p.name}"; assign by hand` };
  }
  const learner = named[0]!;
  return learner.inModule ? { kind: 'matched', learner, by: 'name' } : notInModule('the name is that of');
}

/** Minutes rounded to the nearest whole minute, as the parser counts them. */
export function minutesOf(intervals: readonly Interval[]): number {
  let ms = 0;
  for (const i of intervals) ms += i.leave.getTime() - i.join.getTime();
  return Math.round(ms / 60_000);
}

/** Several report entries of one person (two devices, a rename) as one stay. */
export function combine(participants: readonly ReportParticipant[]): {
  minutes: number;
  intervals: Interval[];
  firstJoin: Date;
  lastLeave: Date;
} {
  if (participants.length === 1) {
    const p = participants[0]!;
    // The parser's minutes (a Teams report without activities gives the listed duration).
    return { minutes: p.minutes, intervals: p.intervals, firstJoin: p.firstJoin, lastLeave: p.lastLeave };
  }
  const intervals = mergeIntervals(participants.flatMap((p) => p.intervals));
  return {
    minutes: minutesOf(intervals),
    intervals,
    firstJoin: intervals[0]!.join,
    lastLeave: intervals.reduce((last, i) => (i.leave > last ? i.leave : last), intervals[0]!.leave),
  };
}

/** Whole minutes between the session's start and the first join; 0 when on time or early. */
export function joinedLateBy(startsAt: Date, firstJoin: Date | null): number | null {
  if (!firstJoin) return null;
  return Math.max(0, Math.floor((firstJoin.getTime() - startsAt.getTime()) / 60_000));
}
