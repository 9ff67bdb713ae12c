import type { OperationInfo, ResponseInfo, Spec } from '../openapi/load.js';
import type { SpecValidator } from '../openapi/validator.js';
import { compileTemplate, mostSpecific, templateSource } from '../mock/path-templates.js';
import type { FuzzRequest } from './requests.js';
import type { FuzzResponse } from './send.js';

export type FindingKind = '5xx' | 'undocumented' | 'schema' | 'media-type' | 'accepted-invalid' | 'hang' | 'transport';

export interface Finding {
  kind: FindingKind;
  /** One line: what was wrong with the answer. */
  message: string;
}

/** Where a request lands by the spec's own routing: an operation, a path without that method, or nothing. */
export type Route =
  | { kind: 'operation'; operations: OperationInfo[] }
  | { kind: 'method-not-allowed'; template: string }
  | { kind: 'no-route' };

export interface Oracle {
  route(method: string, target: string): Route;
  /** Everything wrong with `response` as the answer to `request`; empty when it is a documented answer. */
  judge(request: FuzzRequest, response: FuzzResponse): Finding[];
}

/**
 * What the spec allows as an answer: a status the routed operation documents, never a 5xx the
 * client did not ask for, a body that validates against the documented schema, and a success
 * only for a request body the schema accepts. A path the spec does not have is a 404, a method a
 * path does not define a 405, in the shapes `x-unrouted-responses` documents; a status every
 * operation documents (a body too large, say) may come before routing too.
 */
export function createOracle(spec: Spec, validator: SpecValidator): Oracle {
  const base = new RegExp(`^${templateSource(spec.basePath)}(?<rest>/.*)?$`);
  // Strictly as written: `/codes/1/` is not `/codes/{id}` (a URI with a trailing slash names another resource).
  const templates = [...new Set(spec.operations.map((o) => o.path))].map((template) => {
    const compiled = compileTemplate(template, spec.operations.filter((o) => o.path === template));
    return { ...compiled, pattern: new RegExp(`^${templateSource(template)}$`) };
  });
  const everyResponse = spec.operations.flatMap((o) => Object.values(o.responses));
  const everywhere = new Set(
    Object.keys(spec.operations[0]?.responses ?? {}).filter((status) => spec.operations.every((o) => o.responses[status] !== undefined)),
  );
  /** The shapes a status may take before routing: `x-unrouted-responses`, else what operations document for it. */
  const unroutedShapes = (status: number): ResponseInfo[] => {
    const declared = spec.unroutedResponses[String(status)];
    if (declared) return [declared];
    const documented = everyResponse.filter((r) => r.status === String(status));
    return [...new Map(documented.map((r) => [r.schemaPointer ?? r.status, r])).values()];
  };

  const route = (method: string, target: string): Route => {
    const path = target.split('?')[0] ?? '';
    const matched = base.exec(path);
    const rest = matched ? (matched.groups?.rest ?? '/') : undefined;
    if (rest === undefined) return { kind: 'no-route' };
    const matching = mostSpecific(templates, rest);
    if (matching.length === 0) return { kind: 'no-route' };
    // HEAD is GET without the body (RFC 9110), wherever GET is.
    const wanted = method.toUpperCase() === 'HEAD' ? 'get' : method.toLowerCase();
    const operations = matching.flatMap((t) => t.value).filter((o) => o.method === wanted);
    return operations.length > 0 ? { kind: 'operation', operations } : { kind: 'method-not-allowed', template: matching[0]?.template ?? '' };
  };

  const bodyFindings = (request: FuzzRequest, response: FuzzResponse, candidates: ResponseInfo[], what: string): Finding[] => {
    if (request.method.toUpperCase() === 'HEAD') return [];
    const withSchema = candidates.filter((c) => c.schemaPointer);
    if (withSchema.length === 0) {
      return response.text.length > 0 ? [{ kind: 'schema', message: `${what}: documented without a body, answered ${response.text.length} bytes` }] : [];
    }
    const mediaType = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const documentedTypes = new Set(withSchema.flatMap((c) => c.contentTypes));
    if (!documentedTypes.has(mediaType)) {
      return [{ kind: 'media-type', message: `${what}: Content-Type '${mediaType}' is not documented (${[...documentedTypes].join(', ')})` }];
    }
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return [{ kind: 'schema', message: `${what}: body is not JSON: ${response.text.slice(0, 200)}` }];
    }
    const failures = withSchema.map((c) => ({ pointer: c.schemaPointer as string, violations: validator.validate(c.schemaPointer as string, body) }));
    if (failures.some((f) => f.violations.length === 0)) return [];
    const first = failures[0] as (typeof failures)[number];
    const detail = first.violations.slice(0, 3).map((v) => `${v.message} [${v.schemaPointer}]`).join('; ');
    return [{ kind: 'schema', message: `${what}: body breaks ${first.pointer}: ${detail}; body: ${response.text.slice(0, 300)}` }];
  };

  return {
    route,
    judge(request, response) {
      const status = response.status;
      const routed = route(request.method, request.path);
      const asked = /(?:^|[,;\s])code=(\d{3})\b/.exec(headerOf(request, 'prefer') ?? '')?.[1];
      if (routed.kind !== 'operation') {
        const expected = routed.kind === 'no-route' ? 404 : 405;
        const where = routed.kind === 'no-route' ? 'a path the spec does not have' : `${request.method} on ${routed.template}, which does not define it`;
        if (status !== expected && !everywhere.has(String(status))) {
          return [{ kind: status >= 500 ? '5xx' : 'undocumented', message: `${status} for ${where} (expected ${expected})` }];
        }
        const shapes = unroutedShapes(status);
        if (shapes.length === 0) return [{ kind: 'undocumented', message: `${status} for ${where}: the spec documents no shape for it (x-unrouted-responses)` }];
        return bodyFindings(request, response, shapes, `${status} for ${where}`);
      }
      const ids = routed.operations.map((o) => o.id).join('|');
      const documented = routed.operations.map((o) => documentedResponse(o, status)).filter((r): r is ResponseInfo => r !== undefined);
      const findings: Finding[] = [];
      if (status >= 500 && asked !== String(status)) findings.push({ kind: '5xx', message: `${ids} answered ${status}: ${response.text.slice(0, 300)}` });
      if (documented.length === 0) {
        findings.push({ kind: 'undocumented', message: `${ids} answered ${status}, which it does not document: ${response.text.slice(0, 300)}` });
        return findings;
      }
      findings.push(...bodyFindings(request, response, documented, `${ids} ${status}`));
      if (status >= 200 && status < 300) findings.push(...acceptedInvalidBody(validator, request, routed.operations));
      return findings;
    },
  };
}

/**
 * A success for a request body the operation's schema refuses: JSON that is not JSON, a number
 * JSON cannot hold (`1e309` parses to Infinity, which validators take for a number), or a value
 * the schema rejects (issue 9 item 2: such input is refused, never stored).
 */
function acceptedInvalidBody(validator: SpecValidator, request: FuzzRequest, operations: OperationInfo[]): Finding[] {
  const operation = operations.find((o) => o.requestBody?.schemaPointer);
  const text = request.body?.toString('utf8') ?? '';
  if (!operation?.requestBody?.schemaPointer || text.length === 0) return [];
  // The schema judged is the JSON one; a body sent as another media type is judged by its own rules, not here.
  const declared = (headerOf(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (declared !== 'application/json' && !declared.endsWith('+json')) return [];
  const what = `${operation.id} accepted a body its schema refuses`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [{ kind: 'accepted-invalid', message: `${what}: not JSON` }];
  }
  const infinite = nonFinitePath(body);
  if (infinite !== undefined) return [{ kind: 'accepted-invalid', message: `${what}: ${infinite || 'the body'} is a number JSON cannot hold` }];
  const violations = validator.validate(operation.requestBody.schemaPointer, body);
  if (violations.length === 0) return [];
  return [{ kind: 'accepted-invalid', message: `${what}: ${violations.slice(0, 3).map((v) => `${v.message} [${v.schemaPointer}]`).join('; ')}` }];
}

/** Where a non-finite number is, as a JSON pointer ('' for the root), or undefined. Iterative: bodies may be 20,000 deep. */
function nonFinitePath(value: unknown): string | undefined {
  const pending: Array<[unknown, string]> = [[value, '']];
  while (pending.length > 0) {
    const [node, path] = pending.pop() as [unknown, string];
    if (typeof node === 'number' && !Number.isFinite(node)) return path;
    if (node !== null && typeof node === 'object') for (const [key, child] of Object.entries(node)) pending.push([child, `${path}/${key}`]);
  }
  return undefined;
}

/** The operation's response for a status: exact, else its range (`4XX`), else `default`. */
export function documentedResponse(operation: OperationInfo, status: number): ResponseInfo | undefined {
  return operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
}

function headerOf(request: FuzzRequest, name: string): string | undefined {
  return request.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}
