/**
 * The JSON form of a rule set, `academy.rule-set/1`. A definition is plain data: it can be
 * stored (table `rule_set_versions`), sent over HTTP, diffed and reviewed. `validateRuleSet`
 * checks a document against this shape; `compileRuleSet` turns a valid one into a RuleSet.
 * libs/rules/README.md documents every field with examples.
 */
import type { AttendanceStatus, CertificateKind, ModuleRecord, RuleSet } from './types.js';

export const RULE_SET_FORMAT = 'academy.rule-set/1';

/** How a self-paced module (lessons + knowledge check) counts as attended. */
export type SelfPacedPolicy = 'all-lessons-and-check' | 'all-lessons' | 'check' | 'never';
export const SELF_PACED_POLICIES: readonly SelfPacedPolicy[] = ['all-lessons-and-check', 'all-lessons', 'check', 'never'];

export type AwardScope = 'programme' | 'each-module';
export const AWARD_SCOPES: readonly AwardScope[] = ['programme', 'each-module'];

/** Wildcard evidence kind: any piece of evidence satisfies it. */
export const ANY_EVIDENCE = 'any';

/**
 * One evidence requirement: a kind (`"final-assignment"`), the wildcard `"any"`, or a choice
 * of kinds (`{ "oneOf": ["reflection", "zine"] }`). A list of requirements means all of them.
 */
export type EvidenceRequirement = string | { oneOf: string[] };

/** When an award is due. Every stated condition must hold; an omitted one does not apply. */
export interface AwardCondition {
  /** Modules that count for this award (default: all modules of the programme). */
  modules?: string[];
  // programme scope
  minModules?: number;
  maxModules?: number;
  requiredModules?: string[];
  // each-module scope
  attended?: true;
  // either scope: programme scope reads the programme's evidence, each-module the module's
  acceptedEvidence?: EvidenceRequirement[];
  submittedEvidence?: EvidenceRequirement[];
  // trainer conditions (programme scope)
  totModuleAttended?: true;
  minCoFacilitated?: number;
  minLed?: number;
}

export interface AwardRule {
  kind: CertificateKind;
  scope: AwardScope;
  when: AwardCondition;
}

export interface ModuleAttendanceRule {
  /** Session statuses that can make a module count. */
  statuses: AttendanceStatus[];
  /** With known minutes and session length, a session counts only from this share on (0..1). */
  minShareOfMinutes?: number | null;
  /** Default `all-lessons-and-check`. */
  selfPaced?: SelfPacedPolicy;
}

/** Thresholds for turning a video-conference report (minutes, join time) into a status. */
export interface VideoConferenceThresholds {
  /** Share of the planned session (0..1) a learner must be there for. */
  presentShare: number;
  /** Joining more than this many minutes after the start makes the status `late`. */
  lateGraceMinutes: number;
}

export const DEFAULT_VIDEO_CONFERENCE: Readonly<VideoConferenceThresholds> = Object.freeze({
  presentShare: 0.75,
  lateGraceMinutes: 10,
});

export interface RuleSetDefinition {
  format: typeof RULE_SET_FORMAT;
  id: string;
  version: number;
  title: string;
  description: string;
  moduleAttended: ModuleAttendanceRule;
  /** Codes of train-the-trainer modules: attending one satisfies `totModuleAttended`. */
  totModules?: string[];
  awards: AwardRule[];
  videoConference?: VideoConferenceThresholds;
}

/** Why a module counts as attended or not, in a form fit for an explanation. */
export interface ModuleAttendance {
  attended: boolean;
  /** e.g. "present at 1 session", "45 of 90 minutes, below 80%". */
  reason: string;
  /** True when the reason says more than "no counting session": a near miss worth showing. */
  notable: boolean;
}

/** A RuleSet built from a definition: the same interface, plus the data it came from. */
export interface CompiledRuleSet extends RuleSet {
  version: number;
  /** The validated definition (frozen). */
  definition: Readonly<RuleSetDefinition>;
  videoConference: Readonly<VideoConferenceThresholds>;
  moduleAttendance(module: ModuleRecord): ModuleAttendance;
}
