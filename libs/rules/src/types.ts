/** Plain data the rules decide on: no framework, no database, no I/O. */
export type AttendanceStatus = 'present' | 'late' | 'excused' | 'absent';
export type CertificateKind = 'completion' | 'attendance' | 'trainer';

export interface SessionRecord {
  status: AttendanceStatus;
  /** Minutes the learner was there, when known. */
  minutes: number | null;
}

export interface ModuleRecord {
  code: string;
  sessions: SessionRecord[];
}

export interface LearnerFacts {
  /** Every module of the programme, in programme order, with the learner's records. */
  modules: ModuleRecord[];
}

/** A certificate the learner qualifies for; `scope` is `programme` or a module code. */
export interface Award {
  kind: CertificateKind;
  scope: string;
}

export interface Decision {
  ruleSet: string;
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
  decide(facts: LearnerFacts): Decision;
}

/** Ranking used to supersede a lower certificate when a higher one is earned. */
export const KIND_RANK: Record<CertificateKind, number> = { attendance: 1, completion: 2, trainer: 3 };
