/**
 * The rule types huashu knows, by the name used in `type:`. A rule file naming any other type is
 * rejected with this list.
 */
import type { RuleType } from './spec.js';
import { existence } from './types/existence.js';
import { proximity } from './types/proximity.js';
import { substitution } from './types/substitution.js';

export const ruleTypes: ReadonlyMap<string, RuleType> = new Map([substitution, existence, proximity].map((t) => [t.name, t]));

export function ruleTypeNames(): string[] {
  return [...ruleTypes.keys()];
}
