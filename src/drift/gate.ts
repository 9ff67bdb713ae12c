import type { OpenApiDocument } from '../openapi/load.js';
import { compareSpecs } from './compare.js';
import { sortFindings, type Finding } from './finding.js';
import { checkGeneratedCurrent, type GeneratedRuleId } from './generated.js';
import type { AdditiveRuleId, BreakingRuleId } from './rules/index.js';

export const GATE_RULE_IDS = {
  specAdded: 'spec-added',
  specRemoved: 'spec-removed',
} as const;
export type GateRuleId = (typeof GATE_RULE_IDS)[keyof typeof GATE_RULE_IDS];

/** Every rule id the gate reports: the compatibility rules', generated/'s and the gate's own. */
export type RuleId = BreakingRuleId | AdditiveRuleId | GeneratedRuleId | GateRuleId;

export interface DriftInput {
  /** Spec file (`spec/x.yaml`) -> document, as in the working tree. */
  current: ReadonlyMap<string, OpenApiDocument>;
  /** Spec file -> document, as at the base ref. */
  base: ReadonlyMap<string, OpenApiDocument>;
  /** Generated file (`generated/x.ts`) -> text, as in the working tree. */
  generated: ReadonlyMap<string, string>;
}

/** Everything the drift gate reports, sorted; the gate fails when any finding is an `error`. */
export async function driftFindings(input: DriftInput): Promise<Finding[]> {
  const findings = await checkGeneratedCurrent(input.current, input.generated);
  for (const [file, document] of input.current) {
    const previous = input.base.get(file);
    if (previous) findings.push(...compareSpecs(file, previous, document));
    else findings.push({ severity: 'info', rule: GATE_RULE_IDS.specAdded, file, pointer: '', message: 'new spec (nothing to be compatible with)' });
  }
  for (const file of input.base.keys()) {
    if (!input.current.has(file)) findings.push({ severity: 'error', rule: GATE_RULE_IDS.specRemoved, file, pointer: '', message: 'spec removed: every operation in it is gone' });
  }
  return sortFindings(findings);
}
