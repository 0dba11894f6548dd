import type { CompiledRuleSet } from './definition.js';
import { dublin2023 } from './dublin-2023.rule-set.js';
import { mooc2024 } from './mooc-2024.rule-set.js';
import { tirana2023 } from './tirana-2023.rule-set.js';

/** The rule sets shipped with the platform, compiled (and so validated) at module load. */
const RULE_SETS: ReadonlyMap<string, CompiledRuleSet> = new Map([
  [tirana2023.id, tirana2023],
  [dublin2023.id, dublin2023],
  [mooc2024.id, mooc2024],
]);

export function findRuleSet(id: string): CompiledRuleSet | undefined {
  return RULE_SETS.get(id);
}

export function ruleSetIds(): string[] {
  return [...RULE_SETS.keys()];
}
