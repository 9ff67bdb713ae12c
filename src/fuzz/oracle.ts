import type { OperationInfo, ResponseInfo, Spec } from '../spec/load.js';
import type { SpecValidator } from '../spec/validator.js';
import { compileTemplate, mostSpecific, templateSource } from '../mock/path-templates.js';
import type { FuzzRequest } from './requests.js';
import type { FuzzResponse } from './send.js';

export type FindingKind = '5xx' | 'undocumented' | 'schema' | 'media-type' | 'hang' | 'transport';

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
 * What the spec allows as an answer: a status the routed operation documents (a path the spec
 * does not have: a 404, a method it does not define there: a 405, each in a shape the spec
 * documents for that status somewhere, else in one of its documented error shapes), never a 5xx
 * the client did not ask for, and a body that validates against the documented schema.
 */
export function createOracle(spec: Spec, validator: SpecValidator): Oracle {
  const base = new RegExp(`^${templateSource(spec.basePath)}(?<rest>/.*)?$`);
  // Strictly as written: `/codes/1/` is not `/codes/{id}` (a URI with a trailing slash names another resource).
  const templates = [...new Set(spec.operations.map((o) => o.path))].map((template) => {
    const compiled = compileTemplate(template, spec.operations.filter((o) => o.path === template));
    return { ...compiled, pattern: new RegExp(`^${templateSource(template)}$`) };
  });
  const everyResponse = spec.operations.flatMap((o) => Object.values(o.responses));
  const errorShapes = (status: number): ResponseInfo[] => {
    const same = everyResponse.filter((r) => r.status === String(status) && r.schemaPointer);
    const shapes = same.length > 0 ? same : everyResponse.filter((r) => /^4/.test(r.status) && r.schemaPointer);
    return [...new Map(shapes.map((r) => [r.schemaPointer, r])).values()];
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
        if (status !== expected) {
          return [{ kind: status >= 500 ? '5xx' : 'undocumented', message: `${status} for ${where} (expected ${expected})` }];
        }
        return bodyFindings(request, response, errorShapes(status), `${status} for ${where}`);
      }
      const ids = routed.operations.map((o) => o.id).join('|');
      const documented = routed.operations.map((o) => documentedResponse(o, status)).filter((r): r is ResponseInfo => r !== undefined);
      const findings: Finding[] = [];
      if (status >= 500 && asked !== String(status)) findings.push({ kind: '5xx', message: `${ids} answered ${status}: ${response.text.slice(0, 300)}` });
      if (documented.length === 0) {
        findings.push({ kind: 'undocumented', message: `${ids} answered ${status}, which it does not document: ${response.text.slice(0, 300)}` });
        return findings;
      }
      return [...findings, ...bodyFindings(request, response, documented, `${ids} ${status}`)];
    },
  };
}

/** The operation's response for a status: exact, else its range (`4XX`), else `default`. */
export function documentedResponse(operation: OperationInfo, status: number): ResponseInfo | undefined {
  return operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
}

function headerOf(request: FuzzRequest, name: string): string | undefined {
  return request.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}
