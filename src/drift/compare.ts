import type { OpenApiDocument } from '../openapi/load.js';
import type { Finding } from './finding.js';
import { indexSpec, type IndexedOperation } from './index-spec.js';
import type { Located } from './resolve.js';
import { runRule } from './rule.js';
import { documentRules, operationRules, requestSchemaRules, responseSchemaRules } from './rules/index.js';
import { walkSchemaPairs, type Direction } from './walk.js';

interface SchemaRoots {
  direction: Direction;
  old: Located<unknown>;
  new: Located<unknown>;
}

/**
 * Everything that changed between two versions of one spec, breaking (`error`) or compatible
 * (`info`). Pure: documents in, findings out; `file` only labels the findings.
 */
export function compareSpecs(file: string, base: OpenApiDocument, current: OpenApiDocument): Finding[] {
  const old = indexSpec(base);
  const now = indexSpec(current);
  const findings: Finding[] = [];
  for (const rule of documentRules) runRule(rule, { old, new: now }, file, findings);
  for (const [key, before] of old.operations) {
    const after = now.operations.get(key);
    if (!after) continue;
    for (const rule of operationRules) runRule(rule, { old: before, new: after }, file, findings);
    for (const roots of schemaRoots(before, after)) {
      const rules = roots.direction === 'request' ? requestSchemaRules : responseSchemaRules;
      walkSchemaPairs({ old: base, new: current }, roots, roots.direction, (pair) => {
        for (const rule of rules) runRule(rule, pair, file, findings);
      });
    }
  }
  return findings;
}

/** The schemas present in both versions of an operation: parameters, request body, responses. */
function* schemaRoots(before: IndexedOperation, after: IndexedOperation): Generator<SchemaRoots> {
  for (const [key, parameter] of after.parameters) {
    const previous = before.parameters.get(key)?.schema;
    if (previous && parameter.schema) yield { direction: 'request', old: previous, new: parameter.schema };
  }
  for (const [type, schema] of after.requestBody?.mediaTypes ?? []) {
    const previous = before.requestBody?.mediaTypes.get(type);
    if (previous?.value !== undefined && schema.value !== undefined) yield { direction: 'request', old: previous, new: schema };
  }
  for (const [status, response] of after.responses) {
    for (const [type, schema] of response.mediaTypes) {
      const previous = before.responses.get(status)?.mediaTypes.get(type);
      if (previous?.value !== undefined && schema.value !== undefined) yield { direction: 'response', old: previous, new: schema };
    }
  }
}
