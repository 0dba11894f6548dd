import { tirana2023 } from './tirana-2023.rule-set.js';
import type { RuleSet } from './types.js';

const RULE_SETS: ReadonlyMap<string, RuleSet> = new Map([[tirana2023.id, tirana2023]]);

export function findRuleSet(id: string): RuleSet | undefined {
  return RULE_SETS.get(id);
}

export function ruleSetIds(): string[] {
  return [...RULE_SETS.keys()];
}
