/** Turns a rule set definition (data) into a RuleSet the rest of the platform calls. */
import { DEFAULT_VIDEO_CONFERENCE, type CompiledRuleSet, type RuleSetDefinition } from './definition.js';
import { decide, moduleAttendance } from './evaluate.js';
import type { LearnerFacts, ModuleRecord } from './types.js';
import type { Wording } from './wording.js';
import { RuleSetValidationError, validateRuleSet, type RuleSetError } from './validate.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a definition and binds it to the evaluator. Throws RuleSetValidationError
 * (with every error and its JSON path) when the definition is not valid, so a broken
 * definition can never decide anything. The compiled object keeps a frozen copy of the
 * definition: later changes to the caller's object do not change its decisions.
 */
export function compileRuleSet(def: RuleSetDefinition): CompiledRuleSet {
  const checked = validateRuleSet(def);
  if (!checked.ok) throw new RuleSetValidationError(checked.errors);
  const definition = deepFreeze(checked.ruleSet);
  return Object.freeze({
    id: definition.id,
    version: definition.version,
    title: definition.title,
    description: definition.description,
    countingStatuses: definition.moduleAttended.statuses,
    videoConference: definition.videoConference ?? DEFAULT_VIDEO_CONFERENCE,
    definition,
    moduleAttended: (module: ModuleRecord) => moduleAttendance(definition, module).attended,
    moduleAttendance: (module: ModuleRecord) => moduleAttendance(definition, module),
    decide: (facts: LearnerFacts, wording?: Wording) => decide(definition, facts, wording),
  });
}

/** Validates untrusted JSON (an upload, a stored row) and compiles it in one step. */
export function ruleSetFromJson(
  json: unknown,
): { ok: true; ruleSet: CompiledRuleSet } | { ok: false; errors: RuleSetError[] } {
  const checked = validateRuleSet(json);
  return checked.ok ? { ok: true, ruleSet: compileRuleSet(checked.ruleSet) } : checked;
}
