import { getByPointer, isObject, type OperationInfo, type ParameterInfo, type SecuritySchemeInfo, type Spec } from '../../openapi/load.js';
import { READ_ONLY_TOKEN_PREFIX } from '../auth.js';

export interface WorkingToken {
  token: string;
  scopes: string[];
  /** Holds a scope beyond the read-only ones: writes succeed (else they get 403). */
  writes: boolean;
}

/** Tokens the mock accepts for this vendor: the `--tokens` table's, else one of each kind it makes up. */
export function workingTokens(spec: Spec, table: Record<string, string[]> | undefined): WorkingToken[] {
  const schemes = Object.values(spec.securitySchemes);
  const all = [...new Set(schemes.flatMap((s) => s.scopes))];
  const readOnly = [...new Set(schemes.flatMap((s) => s.readOnlyScopes))];
  const writes = (scopes: string[]) => scopes.some((s) => !readOnly.includes(s));
  if (table) return Object.entries(table).map(([token, scopes]) => ({ token, scopes, writes: writes(scopes) }));
  return [
    { token: 'mock-token', scopes: all, writes: true },
    { token: `${READ_ONLY_TOKEN_PREFIX}-mock-token`, scopes: readOnly, writes: false },
  ];
}

/**
 * A curl command that makes a valid call of the operation, from the spec alone: path parameters
 * from the first seeded owner and the parameters' examples, required query parameters, the
 * credential header of the operation's first security scheme, and the body's `minimal` example.
 */
export function curlOf(spec: Spec, operation: OperationInfo, context: { baseUrl: string; ownerId?: string; token: string }): string {
  const pathParameters = operation.parameters.filter((p) => p.in === 'path');
  const path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const index = pathParameters.findIndex((p) => p.name === name);
    const value = index === 0 && context.ownerId !== undefined ? context.ownerId : exampleOf(spec, pathParameters[index]) ?? `{${name}}`;
    return readable(value);
  });
  const query = operation.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${readable(p.name)}=${readable(exampleOf(spec, p) ?? `{${p.name}}`)}`);
  const url = `${context.baseUrl}${path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
  const parts = ['curl'];
  if (url.includes('{')) parts.push('--globoff');
  if (operation.method !== 'get') parts.push(`-X ${operation.method.toUpperCase()}`);
  parts.push(quote(url));
  const credential = credentialFor(spec, operation, context.token);
  if (credential) parts.push(`-H ${quote(`${credential.header}: ${credential.value}`)}`);
  const body = operation.requestBody;
  if (body) {
    const example = body.examples.minimal ?? Object.values(body.examples)[0];
    parts.push(`-H ${quote(`Content-Type: ${body.contentTypes.find((t) => t.includes('json')) ?? body.contentTypes[0] ?? 'application/json'}`)}`);
    if (example !== undefined) parts.push(`-d ${quote(JSON.stringify(example))}`);
  }
  return parts.join(' ');
}

/** The header that carries `token` for the operation's first security scheme, if it has one. */
export function credentialFor(spec: Spec, operation: OperationInfo, token: string): { header: string; value: string } | undefined {
  const scheme = spec.securitySchemes[operation.security[0]?.[0]?.scheme ?? ''];
  return scheme && credentialOf(scheme, token);
}

function credentialOf(scheme: SecuritySchemeInfo, token: string): { header: string; value: string } {
  if (scheme.type === 'http') return { header: 'Authorization', value: `${scheme.httpScheme === 'bearer' ? 'Bearer' : (scheme.httpScheme ?? 'Bearer')} ${token}` };
  return { header: scheme.parameterName, value: token };
}

function exampleOf(spec: Spec, parameter: ParameterInfo | undefined): string | undefined {
  if (!parameter) return undefined;
  const raw = parameter.schema;
  const candidates: unknown[] = [raw.example, Array.isArray(raw.examples) ? raw.examples[0] : undefined, raw.default, Array.isArray(raw.enum) ? raw.enum[0] : undefined];
  // The parameter object's own example(s), next to its schema.
  const node = parameterNode(spec, parameter);
  if (node) candidates.unshift(node.example, isObject(node.examples) ? firstExampleValue(node.examples) : undefined);
  const found = candidates.find((c) => c !== undefined && c !== null);
  if (found === undefined) return undefined;
  return Array.isArray(found) ? found.map(String).join(',') : String(found);
}

function parameterNode(spec: Spec, parameter: ParameterInfo) {
  const node = getByPointer(spec.document, parameter.pointer);
  return isObject(node) ? node : undefined;
}

function firstExampleValue(examples: Record<string, unknown>): unknown {
  const first = Object.values(examples)[0];
  return isObject(first) ? first.value : undefined;
}

/** Percent-encoded except where a URL needs no escape and people read it better: `id:in=1,2`, `{name}`. */
function readable(value: string): string {
  return encodeURIComponent(value).replace(/%3A|%2C|%7B|%7D/g, (c) => decodeURIComponent(c));
}

/** POSIX shell single quotes. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
