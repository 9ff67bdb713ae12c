import type { Problem } from '../../mock/types.js';
import { loadSpec } from '../../openapi/load.js';

export interface ElasticPathError {
  status: string;
  title: string;
  detail?: string;
  source?: string;
}

/** Titles the spec's examples use for requests that break the schema, by validation status. */
const VALIDATION_TITLES: Record<number, string> = { 400: 'Bad Request', 422: 'Failed Validation' };

/**
 * `{errors: [{status: "422", title, detail, source?}]}`, the shape of every Elastic Path error
 * (spec: `ErrorResponse`). `status` is a string as in the vendor's examples. `source` is a string:
 * a body field as a dotted path (`data.codes.0.code`), a query or path parameter by its name, and
 * `""` for an error of a code as a whole (a problem whose field is empty), as the vendor sends.
 */
export function errorBody(status: number, problem: Problem): { errors: [ElasticPathError] } {
  const error: ElasticPathError = { status: String(status), title: titleOf(status, problem) };
  const detail = problem.detail.trim();
  if (detail) error.detail = detail;
  const source = sourceOf(problem);
  if (source !== undefined) error.source = source;
  return { errors: [error] };
}

const SCHEMA_KEYWORDS = new Set([
  'type', 'enum', 'const', 'required', 'additionalProperties', 'unevaluatedProperties', 'propertyNames',
  'minProperties', 'maxProperties', 'dependentRequired', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'format', 'minItems', 'maxItems',
  'uniqueItems', 'contains', 'oneOf', 'anyOf', 'allOf', 'not', 'if',
]);

/** A request that broke a JSON Schema keyword (as opposed to a vendor rule such as a duplicate code). */
function isSchemaViolation(problem: Problem): boolean {
  return problem.rule !== undefined && SCHEMA_KEYWORDS.has(problem.rule) && problem.location !== 'header';
}

function titleOf(status: number, problem: Problem): string {
  const vendorTitle = isSchemaViolation(problem) ? VALIDATION_TITLES[status] : undefined;
  return vendorTitle ?? (problem.title.trim() || 'Error');
}

function sourceOf(problem: Problem): string | undefined {
  if (problem.field === undefined) return undefined;
  const field = problem.field.trim();
  if (problem.location === 'query' || problem.location === 'path') return field ? parameterName(field) : undefined;
  if (problem.location === 'body' || (problem.location === undefined && /^data(\.|$)/.test(field))) return field;
  return undefined;
}

let parameterNames: Map<string, string> | undefined;

/** Prism lower-cases path parameter names (`promotionid`); say them as the spec does (`promotionID`). */
function parameterName(field: string): string {
  parameterNames ??= new Map(
    loadSpec('elasticpath').operations.flatMap((o) => o.parameters.map((p) => [p.name.toLowerCase(), p.name] as const)),
  );
  return parameterNames.get(field.toLowerCase()) ?? field;
}
