/**
 * How the mock reads Prism's verdicts, shared by the Prism gate and the fast path that decides as
 * Prism does (fast-path.ts): what a violation is, which diagnostics count, which Accept Prism is
 * shown. No Prism import here: the fast path loads without Prism.
 */

/** A request that broke the spec, as Prism's validator saw it. */
export interface Violation {
  /** `body`, `query`, `path`, `header`, or '' when Prism gives no location. */
  location: string;
  /** Field path inside the location, dotted (`data.parameters.code_length`). */
  field: string;
  /** JSON Schema keyword or Prism's code (`maximum`, `required`, `415`). */
  rule: string;
  message: string;
}

/** Prism refused a request (its error as an HTTP problem) instead of judging it. */
export type PrismRefusal = { kind: 'prism-error'; status: number; title: string; detail: string };

/** Where a request routes, decided from its method and path alone, before its body is read. */
export type RouteVerdict = { kind: 'no-route' } | { kind: 'method-not-allowed' } | { kind: 'operation'; operationId: string };

/** Where Prism routes a request, or its refusal. */
export type GateRoute = RouteVerdict | PrismRefusal;

/** A request already routed, as Prism's validator (or the fast path deciding as it does) is asked about it. */
export interface GateRequest {
  /** The operation `route` found for the request. */
  operationId: string;
  method: string;
  /** Path relative to the vendor's base path, as sent. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: unknown;
}

/** One of Prism's diagnostics (IPrismDiagnostic of @stoplight/types), as its validator reports them. */
export interface PrismDiagnostic {
  path?: Array<string | number>;
  code?: string | number;
  message: string;
  severity?: number;
}

// DiagnosticSeverity.Error of @stoplight/types. Prism also reports warnings (e.g. "Query param
// page is deprecated"): a deprecated parameter is still valid, so only errors are violations.
const ERROR_SEVERITY = 0;

/**
 * The violations among Prism's diagnostics of a request. A body sent to an operation that takes
 * none is ignored, as servers do (HTTP gives a GET or DELETE body no meaning; none of the vendors
 * documents a 415 there), where Prism would answer 415.
 */
export function violationsOf(diagnostics: readonly PrismDiagnostic[], operationTakesBody: boolean): Violation[] {
  return diagnostics.filter((d) => isError(d) && (operationTakesBody || String(d.code) !== '415')).map(toViolation);
}

function isError(diagnostic: PrismDiagnostic): boolean {
  return diagnostic.severity === undefined || diagnostic.severity === ERROR_SEVERITY;
}

function toViolation(diagnostic: PrismDiagnostic): Violation {
  const [location = '', ...rest] = (diagnostic.path ?? []).map(String);
  const rule = String(diagnostic.code ?? 'invalid');
  // Prism puts a missing property in the message, not the path: name it as the field.
  const missing = rule === 'required' ? /required property '([^']+)'/.exec(diagnostic.message)?.[1] : undefined;
  const field = [...rest, ...(missing ? [missing] : [])].join('.');
  return { location, field, rule, message: diagnostic.message };
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_RANGE = new RegExp(`^\\s*${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"]*"))*\\s*$`);

/**
 * An Accept Prism cannot parse (`;;`, `garbage`) is left out, as if none was sent: Prism's
 * negotiator throws on it when a Prefer header makes it pick an example (a 500).
 */
export function withParseableAccept(headers: Record<string, string>): Record<string, string> {
  const accept = headers?.accept;
  if (typeof accept !== 'string' || accept.split(',').every((range) => MEDIA_RANGE.test(range))) return headers;
  const { accept: _unparseable, ...rest } = headers;
  return rest;
}

export interface Preference {
  code?: number;
  example?: string;
  dynamic?: boolean;
}

/** Parses RFC 7240 `Prefer: code=404, example=notFound, dynamic=true` (Prism's conventions). */
export function parsePreference(header: string | undefined): Preference | undefined {
  if (!header) return undefined;
  const preference: Preference = {};
  for (const part of header.split(/[,;]/)) {
    const [rawKey, rawValue = ''] = part.split('=');
    const key = rawKey?.trim().toLowerCase();
    const value = rawValue.trim().replace(/^"|"$/g, '');
    if (key === 'code' && /^\d{3}$/.test(value)) preference.code = Number(value);
    else if (key === 'example' && value) preference.example = value;
    else if (key === 'dynamic') preference.dynamic = value === 'true';
  }
  return Object.keys(preference).length > 0 ? preference : undefined;
}
