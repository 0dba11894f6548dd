/** Plain data the rules decide on: no framework, no database, no I/O. */
import type { Wording } from './wording.js';

export type AttendanceStatus = 'present' | 'late' | 'excused' | 'absent';
export type CertificateKind = 'completion' | 'attendance' | 'trainer';
/** Review state of a piece of work a learner handed in (mirrors the `submission_status` enum). */
export type EvidenceStatus = 'submitted' | 'accepted' | 'returned';

export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['present', 'late', 'excused', 'absent'];
export const CERTIFICATE_KINDS: readonly CertificateKind[] = ['attendance', 'completion', 'trainer'];
export const EVIDENCE_STATUSES: readonly EvidenceStatus[] = ['submitted', 'accepted', 'returned'];

export interface SessionRecord {
  status: AttendanceStatus;
  /** Minutes the learner was there, when known. */
  minutes: number | null;
  /** Planned length of the session in minutes, when known. */
  sessionMinutes?: number | null;
  /** How many minutes after the start the learner joined, when known (informational). */
  lateMinutes?: number | null;
}

/** Progress through a self-paced (MOOC) module. */
export interface SelfPacedRecord {
  lessonsTotal: number;
  lessonsDone: number;
  checkPassed: boolean;
}

/** Work handed in for review: a reflection, a zine, a policy exercise, a final assignment, ... */
export interface EvidenceRecord {
  /** Free-form kind, lower case with dashes, e.g. `reflection`, `zine`, `final-assignment`. */
  kind: string;
  status: EvidenceStatus;
}

export interface ModuleRecord {
  code: string;
  sessions: SessionRecord[];
  selfPaced?: SelfPacedRecord | null;
  /** Evidence handed in for this module. */
  evidence?: EvidenceRecord[];
}

/** What is known about the learner as a trainer ("digital rights champion"). */
export interface TrainerRecord {
  /** The train-the-trainer module was completed outside this programme's records. */
  totModuleAttended: boolean;
  sessionsCoFacilitated: number;
  sessionsLed: number;
  /** Codes of the programme's modules whose sessions this person led or co-facilitated, in programme order. */
  modulesDelivered?: string[];
}

export interface LearnerFacts {
  /** Every module of the programme, in programme order, with the learner's records. */
  modules: ModuleRecord[];
  /** Evidence that belongs to the programme as a whole (e.g. a final assignment). */
  programmeEvidence?: EvidenceRecord[];
  trainer?: TrainerRecord | null;
}

/** A certificate the learner qualifies for; `scope` is `programme` or a module code. */
export interface Award {
  kind: CertificateKind;
  scope: string;
}

export interface Decision {
  ruleSet: string;
  /** Version of the rule set definition that decided, when it is data-driven. */
  ruleSetVersion?: number;
  awards: Award[];
  attendedModules: string[];
  missingModules: string[];
  /** Human-readable reasons, in order: what counted, what was missing. */
  explanation: string[];
}

export interface RuleSet {
  id: string;
  title: string;
  description: string;
  /** Attendance statuses that make a session count. */
  countingStatuses: readonly AttendanceStatus[];
  moduleAttended(module: ModuleRecord): boolean;
  /** The decision; its explanation in `wording` (default: English, the rules' own). */
  decide(facts: LearnerFacts, wording?: Wording): Decision;
}

/** Ranking used to supersede a lower certificate when a higher one is earned. */
export const KIND_RANK: Record<CertificateKind, number> = { attendance: 1, completion: 2, trainer: 3 };

/**
 * Certificates compete only within a track: attendance and completion are two levels of
 * participation; a trainer certificate stands beside them.
 */
export type CertificateTrack = 'participation' | 'trainer';

export function trackOf(kind: CertificateKind): CertificateTrack {
  return kind === 'trainer' ? 'trainer' : 'participation';
}
