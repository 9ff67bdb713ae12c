import type { Rule } from '../rule.js';
import { documentRules } from './document.js';
import { operationRules } from './operation.js';
import { requestSchemaRules } from './request-schema.js';
import { responseSchemaRules } from './response-schema.js';

export { documentRules, operationRules, requestSchemaRules, responseSchemaRules };
export type { DocumentPair } from './document.js';
export type { OperationPair } from './operation.js';

type AnyRule = (typeof documentRules | typeof operationRules | typeof requestSchemaRules | typeof responseSchemaRules)[number];
type AdditiveIdOf<R> = R extends Rule<never, string, infer A> ? A : never;

/** Rule ids that fail the gate. */
export type BreakingRuleId = AnyRule['id'];
/** Rule ids reported as info for the compatible direction of the same change. */
export type AdditiveRuleId = AdditiveIdOf<AnyRule>;

export interface RuleDescription {
  id: string;
  additiveId?: string;
  summary: string;
}

/** Every compatibility rule in the order it runs, for `--help` and the docs. */
export const allRules: readonly RuleDescription[] = [...documentRules, ...operationRules, ...requestSchemaRules, ...responseSchemaRules];
