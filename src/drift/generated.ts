import type { OpenApiDocument } from '../openapi/load.js';
import type { Finding } from './finding.js';
import { generateTypes, generatedFileFor } from './generate.js';

export const GENERATED_RULE_IDS = {
  stale: 'generated-stale',
  missing: 'generated-missing',
  orphaned: 'generated-orphaned',
} as const;
export type GeneratedRuleId = (typeof GENERATED_RULE_IDS)[keyof typeof GENERATED_RULE_IDS];

/**
 * Findings for every generated file that is not what its spec generates now: stale, missing,
 * or left behind by a spec that no longer exists. Takes texts, not paths, so that callers decide
 * where they come from (the working tree, a temporary directory, a test).
 */
export async function checkGeneratedCurrent(specs: ReadonlyMap<string, OpenApiDocument>, generated: ReadonlyMap<string, string>): Promise<Finding[]> {
  const findings: Finding[] = [];
  const expectedFiles = new Set<string>();
  for (const [specFile, document] of specs) {
    const file = generatedFileFor(specFile);
    expectedFiles.add(file);
    const actual = generated.get(file);
    if (actual === undefined) {
      findings.push({ severity: 'error', rule: GENERATED_RULE_IDS.missing, file, pointer: '', message: `missing: ${specFile} generates it; run npm run generate` });
      continue;
    }
    const line = firstDifferentLine(await generateTypes(document, specFile), actual);
    if (line !== undefined) {
      findings.push({ severity: 'error', rule: GENERATED_RULE_IDS.stale, file, pointer: '', line, message: `differs from what ${specFile} generates (first at line ${line}); run npm run generate` });
    }
  }
  for (const file of generated.keys()) {
    if (!expectedFiles.has(file)) findings.push({ severity: 'error', rule: GENERATED_RULE_IDS.orphaned, file, pointer: '', message: 'no spec generates this file any more; delete it' });
  }
  return findings;
}

/** 1-based number of the first line that differs, or undefined when the texts are equal. */
export function firstDifferentLine(expected: string, actual: string): number | undefined {
  if (expected === actual) return undefined;
  const a = expected.split('\n');
  const b = actual.split('\n');
  const index = a.findIndex((line, i) => line !== b[i]);
  return (index === -1 ? a.length : index) + 1;
}
