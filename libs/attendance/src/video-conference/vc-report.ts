/**
 * What a Zoom or Teams report says about one session, before anything is written: who is
 * the organiser, which participants are which enrolled learner (by ./vc-matching.ts), the
 * status each learner's minutes give by the rule set's thresholds, and who goes to review.
 */
import type { SessionOfCity } from '@academy/sessions';
import type { RuleSetsService } from '@academy/rule-sets';
import { localDate } from '@academy/common';
import {
  type AttendanceStatus, DEFAULT_VIDEO_CONFERENCE, type DerivedStatus, statusFromMinutes, type VideoConferenceThresholds,
} from '@academy/rules';
import type { ParsedReport, ReportFormat, ReportParticipant, ReportWarning } from '@academy/vc-reports';
import type { ManualConflict } from '../import-policy.js';
import { combine, type EnrolledLearner, joinedLateBy, matchParticipant, normalizeName } from './vc-matching.js';

/** How a matched learner's attendance record fared. */
export type VcAttendanceOutcome = 'created' | 'updated' | 'unchanged' | 'kept-manual';

export interface VcMatchedLearner {
  /** Name and e-mail as the report gives them (e-mail null when it has none). */
  name: string;
  email: string | null;
  learnerId: string;
  matchedBy: 'email' | 'name';
  minutes: number;
  /** The status the report gives, by the rule set's thresholds. */
  status: AttendanceStatus;
  /** Why that status; for a kept manual record, also what was kept. */
  reason: string;
  outcome: VcAttendanceOutcome;
}

export interface VcReviewEntry {
  id: string;
  name: string;
  email: string | null;
  minutes: number;
  reason: string;
}

export interface VcImportResult {
  importId: string;
  format: ReportFormat;
  meeting: { title: string | null; start: string | null; end: string | null };
  columns: Record<string, string>;
  matched: VcMatchedLearner[];
  review: VcReviewEntry[];
  organiser: { name: string; email: string | null } | null;
  unchanged: number;
  created: number;
  updated: number;
  keptManual: number;
  /** Every participant whose figures disagree with a manual record, which was kept. */
  manualConflicts: ManualConflict[];
  /** The parser's warnings, then the importer's own notes (line null). */
  warnings: ReportWarning[];
  /** What the statuses were derived from. */
  basis: {
    ruleSet: string;
    presentShare: number;
    lateGraceMinutes: number;
    sessionMinutes: number | null;
    sessionMinutesFrom: 'session' | 'report' | null;
  };
}

/** One participant of a report and what the import made of them, as stored with the import. */
export interface ParticipantOutcome {
  name: string;
  originalName?: string;
  email: string | null;
  lines: number[];
  minutes: number;
  firstJoin: string;
  lastLeave: string;
  outcome: 'organiser' | 'matched' | 'review' | 'already-resolved';
  learnerId?: string;
  matchedBy?: 'email' | 'name';
  status?: AttendanceStatus;
  attendance?: VcAttendanceOutcome;
  reviewItemId?: string;
  reason: string;
}

export interface Thresholds extends VideoConferenceThresholds {
  ruleSet: string;
}

export interface Planned {
  minutes: number | null;
  from: 'session' | 'report' | null;
}

/** The attendance.source a report's format writes. */
export function sourceOfFormat(format: ReportFormat): 'zoom' | 'teams' {
  return format === 'zoom' ? 'zoom' : 'teams';
}

/** Planned length: the session's end − start; without an end, the meeting's length from the report. */
export function plannedLength(session: { startsAt: Date; endsAt: Date | null }, meeting: { start: Date | null; end: Date | null }): Planned {
  if (session.endsAt) return { minutes: (session.endsAt.getTime() - session.startsAt.getTime()) / 60_000, from: 'session' };
  if (meeting.start && meeting.end && meeting.end > meeting.start) {
    return { minutes: Math.round((meeting.end.getTime() - meeting.start.getTime()) / 60_000), from: 'report' };
  }
  return { minutes: null, from: null };
}

export const MAX_MINUTES = 1440;

/** The video-conference thresholds of the rule set version the programme decides with, defaults filled in. */
export async function thresholdsOf(
  ruleSets: RuleSetsService,
  cityId: string,
  ruleSetId: string,
  ruleSetVersion: number | null,
): Promise<Thresholds> {
  const ruleSet = await ruleSets.resolve(cityId, ruleSetId, ruleSetVersion);
  return { ruleSet: ruleSetId, ...(ruleSet?.videoConference ?? DEFAULT_VIDEO_CONFERENCE) };
}

/** Notes when the report does not look like this session's meeting (the import goes ahead). */
export function checkMeeting(session: SessionOfCity, report: ParsedReport, planned: Planned): ReportWarning[] {
  const notes: ReportWarning[] = [];
  const start = report.meeting.start ?? report.participants[0]?.firstJoin ?? null;
  if (start) {
    const day = localDate(start, session.timezone);
    if (day !== session.localDate) {
      notes.push({
        line: null,
        message: `the meeting in the report took place on ${day} but the session is on ${session.localDate} (${session.timezone}); check that this is the right session`,
      });
    }
  }
  if (planned.from === 'report') {
    notes.push({ line: null, message: `the session has no end time: its length is taken from the report (${planned.minutes} minutes)` });
  } else if (planned.from === null) {
    notes.push({ line: null, message: 'the session has no end time and the report gives no meeting length: only the join time decides' });
  }
  return notes;
}


export interface MatchedGroup {
  learner: EnrolledLearner;
  by: 'email' | 'name';
  participants: ReportParticipant[];
}

export interface ReviewGroup {
  name: string;
  email: string | null;
  nameKey: string;
  participants: ReportParticipant[];
  reason: string;
}

/** A matched learner with the stay and the status the report gives. */
export interface AttendancePlan extends MatchedGroup {
  stay: ReturnType<typeof combine>;
  minutes: number;
  derived: DerivedStatus;
}

export interface ReportReading {
  organiser: VcImportResult['organiser'];
  /** One per participant of the report, completed as the import goes. */
  outcomes: Map<ReportParticipant, ParticipantOutcome>;
  plans: AttendancePlan[];
  reviewGroups: ReviewGroup[];
}

/** Sorts the report's participants into the organiser, matched learners (with a status) and people to review. */
export function readReport(
  report: ParsedReport,
  learners: readonly EnrolledLearner[],
  knownEmails: ReadonlySet<string>,
  session: Pick<SessionOfCity, 'moduleCode' | 'startsAt'>,
  thresholds: Thresholds,
  planned: Planned,
): ReportReading {
  let organiser: VcImportResult['organiser'] = null;
  const outcomes = new Map<ReportParticipant, ParticipantOutcome>();
  const matchedGroups = new Map<string, MatchedGroup>();
  const reviewGroups = new Map<string, ReviewGroup>();
  for (const p of report.participants) {
    const m = matchParticipant(p, learners, knownEmails, session.moduleCode);
    const base: ParticipantOutcome = {
      name: p.name, email: p.email, lines: p.sourceLines, minutes: p.minutes,
      firstJoin: p.firstJoin.toISOString(), lastLeave: p.lastLeave.toISOString(), outcome: 'organiser', reason: '',
    };
    if (p.originalName !== undefined) base.originalName = p.originalName;
    outcomes.set(p, base);
    if (m.kind === 'organiser') {
      organiser ??= { name: p.name, email: p.email };
      base.reason = 'the organiser of the meeting is left out';
    } else if (m.kind === 'matched') {
      const group = matchedGroups.get(m.learner.id);
      if (group) group.participants.push(p);
      else matchedGroups.set(m.learner.id, { learner: m.learner, by: m.by, participants: [p] });
    } else {
      const nameKey = normalizeName(p.name);
      const key = `${nameKey}\u0000${p.email ?? ''}`;
      const group = reviewGroups.get(key);
      if (group) group.participants.push(p);
      else reviewGroups.set(key, { name: p.name, email: p.email, nameKey, participants: [p], reason: m.reason });
    }
  }

  // What the report says about each matched learner.
  const plans: AttendancePlan[] = [...matchedGroups.values()].map((g) => {
    const stay = combine(g.participants);
    const derived = statusFromMinutes(
      { minutes: stay.minutes, sessionMinutes: planned.minutes, joinedLateByMinutes: joinedLateBy(session.startsAt, stay.firstJoin) },
      thresholds,
    );
    const combined = g.participants.length > 1 ? ` (${g.participants.length} entries of the report combined)` : '';
    return { ...g, stay, minutes: Math.min(stay.minutes, MAX_MINUTES), derived: { ...derived, reason: derived.reason + combined } };
  });
  return { organiser, outcomes, plans, reviewGroups: [...reviewGroups.values()] };
}

export function meetingView(meeting: ParsedReport['meeting']): VcImportResult['meeting'] {
  return { title: meeting.title, start: meeting.start?.toISOString() ?? null, end: meeting.end?.toISOString() ?? null };
}
