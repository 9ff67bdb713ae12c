import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';

export const VENDORS = ['bigcommerce', 'shoplazza', 'elasticpath'] as const;
export type VendorName = (typeof VENDORS)[number];

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A spec that cannot be used; its message is one line naming the file. */
export class SpecError extends Error {
  override readonly name = 'SpecError';
}

// dist/src/openapi or src/openapi: the package root is two or three levels up; find it by spec/.
const here = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_ROOT = [resolve(here, '../..'), resolve(here, '../../..')].find((dir) => {
  try {
    readFileSync(resolve(dir, 'package.json'));
    return true;
  } catch {
    return false;
  }
}) as string;

export function isVendorName(value: string): value is VendorName {
  return (VENDORS as readonly string[]).includes(value);
}

export function specPath(vendor: VendorName): string {
  return resolve(PACKAGE_ROOT, 'spec', `${vendor}.yaml`);
}

export type JsonObject = { [key: string]: unknown };

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  info: JsonObject;
  paths: Record<string, JsonObject>;
  components?: JsonObject;
  servers?: Array<{ url: string; variables?: Record<string, { default: string; enum?: string[] }> }>;
}

export function parseSpecText(text: string, label: string): OpenApiDocument {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new SpecError(`${label}: not valid YAML or JSON: ${reason}`);
  }
  if (!isObject(document) || typeof document.openapi !== 'string' || !isObject(document.paths)) {
    throw new SpecError(`${label}: not an OpenAPI document (no 'openapi' version or no 'paths')`);
  }
  return document as OpenApiDocument;
}

export function parseSpecFile(path: string): OpenApiDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SpecError(`${path}: cannot read spec (${code})`);
  }
  return precompiledDocument(path, text) ?? parseSpecText(text, path);
}

/**
 * A spec of the package parsed at build time (scripts/precompile-specs.ts): JSON.parse takes
 * about a millisecond where parsing the three YAML specs took 0.3 s of the mock's start-up.
 * Used only while the YAML text is the very one it was made from (its SHA-256 is recorded), so
 * an edited spec is never served stale; anything else parses the YAML.
 */
export interface PrecompiledSpec {
  sourceSha256: string;
  document: OpenApiDocument;
}

export function precompiledSpecPath(path: string): string | undefined {
  if (dirname(path) !== resolve(PACKAGE_ROOT, 'spec') || !path.endsWith('.yaml')) return undefined;
  return resolve(PACKAGE_ROOT, 'dist', 'spec', `${basename(path, '.yaml')}.json`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Parses a vendor's spec and writes its precompiled form; returns where, or undefined when
 * the YAML holds values JSON cannot carry the same (it then stays parsed from YAML).
 */
export function precompileSpec(vendor: VendorName): string | undefined {
  const source = specPath(vendor);
  const text = readFileSync(source, 'utf8');
  const document = parseSpecText(text, source);
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(document)), document)) return undefined;
  const target = precompiledSpecPath(source)!;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify({ sourceSha256: sha256(text), document } satisfies PrecompiledSpec));
  return target;
}

/** The document precompiled for the spec file at `path` if it was made from exactly `text`. */
export function precompiledDocument(path: string, text: string): OpenApiDocument | undefined {
  const compiled = precompiledSpecPath(path);
  if (!compiled) return undefined;
  let precompiled: PrecompiledSpec;
  try {
    precompiled = JSON.parse(readFileSync(compiled, 'utf8')) as PrecompiledSpec;
  } catch {
    return undefined; // not built, or unreadable: the YAML is the truth anyway
  }
  return precompiled.sourceSha256 === sha256(text) ? precompiled.document : undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function pointerOf(...segments: Array<string | number>): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('');
}

/**
 * The unescaped segments of a JSON pointer (RFC 6901), the inverse of `pointerOf`. A leading `#`
 * (a `$ref` fragment) is dropped, and segments are URI-decoded as a fragment's are, as they always
 * were here: pointers taken from `$ref`s without their `#` still reach their node.
 */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((raw) => decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function getByPointer(document: unknown, pointer: string): unknown {
  let node: unknown = document;
  for (const key of pointerSegments(pointer)) {
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

/** Follows local `$ref`s (`#/components/...`) until a node without one. */
export function deref<T = JsonObject>(document: unknown, node: unknown): T {
  let current = node;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#')) throw new SpecError(`external $ref '${ref}' is not supported`);
    if (seen.has(ref)) throw new SpecError(`circular $ref '${ref}'`);
    seen.add(ref);
    current = getByPointer(document, ref);
  }
  return current as T;
}

export interface ParameterInfo {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonObject;
  /** Pointer to the parameter's schema in the document, e.g. for a report's "rule" field. */
  schemaPointer: string;
  /**
   * Pointer to the parameter object itself (its `required`, `example`), e.g.
   * `/components/parameters/Limit`. Not derivable from `schemaPointer`: when the schema is a
   * `$ref`, that points into components/schemas.
   */
  pointer: string;
  style?: string;
  explode?: boolean;
}

export interface ResponseInfo {
  status: string;
  /** Schema of the application/json (or first) content, if any. */
  schema?: JsonObject;
  schemaPointer?: string;
  contentTypes: string[];
  headers: Record<string, JsonObject>;
  examples: Record<string, unknown>;
}

export interface SecurityAlternative {
  scheme: string;
  scopes: string[];
}

export interface OperationInfo {
  id: string;
  method: HttpMethod;
  /** Path template as in the spec, relative to the server URL. */
  path: string;
  pointer: string;
  node: JsonObject;
  parameters: ParameterInfo[];
  requestBody?: {
    required: boolean;
    contentTypes: string[];
    schema?: JsonObject;
    schemaPointer?: string;
    examples: Record<string, unknown>;
  };
  responses: Record<string, ResponseInfo>;
  /** Each inner array is one alternative: all its schemes must hold (OpenAPI semantics). */
  security: SecurityAlternative[][];
  /** What a request that breaks the schema gets: `x-validation-status`, else the documented 422, else 400. */
  validationStatus: number;
  concurrencyLimit?: number;
  rules: JsonObject;
}

/** Documented 2xx statuses, lowest first. */
export function successStatuses(op: OperationInfo): number[] {
  return Object.keys(op.responses)
    .filter((s) => /^2\d\d$/.test(s))
    .map(Number)
    .sort((a, b) => a - b);
}

export interface SecuritySchemeInfo {
  name: string;
  type: string;
  /** Where the credential travels. */
  in: 'header' | 'query' | 'cookie';
  /** Header (or query/cookie) name; `authorization` for http schemes. */
  parameterName: string;
  /** For http schemes: `bearer`, `basic`. */
  httpScheme?: string;
  scopes: string[];
  readOnlyScopes: string[];
}

export interface Spec {
  vendor?: VendorName;
  path: string;
  document: OpenApiDocument;
  operations: OperationInfo[];
  operation(id: string): OperationInfo;
  securitySchemes: Record<string, SecuritySchemeInfo>;
  /** Path part of servers[0].url, e.g. `/stores/{store_hash}/v3`; '' when the server is a bare host. */
  basePath: string;
  /**
   * `x-unrouted-responses`: what the API answers before any operation is chosen, by status: a
   * path it does not have (404), a method a path does not define (405). OpenAPI has no place
   * for these; they are Response objects like any operation's.
   */
  unroutedResponses: Record<string, ResponseInfo>;
  serverVariables: Record<string, string>;
}

function contentOf(document: unknown, container: JsonObject, pointer: string) {
  const content = isObject(container.content) ? container.content : {};
  const contentTypes = Object.keys(content);
  const chosen = contentTypes.find((t) => t.includes('json')) ?? contentTypes[0];
  const media = chosen ? deref<JsonObject>(document, content[chosen]) : undefined;
  const schema = media && isObject(media.schema) ? deref<JsonObject>(document, media.schema) : undefined;
  const schemaPointer =
    media && isObject(media.schema)
      ? typeof media.schema.$ref === 'string'
        ? media.schema.$ref.replace(/^#/, '')
        : `${pointer}${pointerOf('content', chosen as string, 'schema')}`
      : undefined;
  const examples: Record<string, unknown> = {};
  if (media && isObject(media.examples)) {
    for (const [name, ex] of Object.entries(media.examples)) {
      const resolved = deref<JsonObject>(document, ex);
      if (isObject(resolved) && 'value' in resolved) examples[name] = resolved.value;
    }
  } else if (media && 'example' in media) {
    examples.default = media.example;
  }
  return { contentTypes, schema, schemaPointer, examples };
}

/** A `responses` map (status -> Response or `$ref`), indexed; `pointer` is where the map is. */
function responsesOf(document: unknown, map: unknown, pointer: string): Record<string, ResponseInfo> {
  const responses: Record<string, ResponseInfo> = {};
  for (const [status, rawResponse] of Object.entries(isObject(map) ? map : {})) {
    const response = deref<JsonObject>(document, rawResponse);
    const responsePointer =
      isObject(rawResponse) && typeof rawResponse.$ref === 'string' ? rawResponse.$ref.replace(/^#/, '') : `${pointer}${pointerOf(status)}`;
    const headers: Record<string, JsonObject> = {};
    for (const [name, h] of Object.entries(isObject(response.headers) ? response.headers : {})) {
      headers[name] = deref<JsonObject>(document, h);
    }
    responses[status] = { status, headers, ...contentOf(document, response, responsePointer) };
  }
  return responses;
}

export function buildSpec(document: OpenApiDocument, path: string, vendor?: VendorName): Spec {
  const operations: OperationInfo[] = [];
  for (const [pathTemplate, rawItem] of Object.entries(document.paths)) {
    const item = deref<JsonObject>(document, rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const node = item[method];
      if (!isObject(node)) continue;
      const pointer = pointerOf('paths', pathTemplate, method);
      const own = Array.isArray(node.parameters) ? node.parameters : [];
      const byKey = new Map<string, ParameterInfo>();
      const addParameters = (list: unknown[], base: string) =>
        list.forEach((raw, index) => {
          const p = deref<JsonObject>(document, raw);
          const schemaRef = isObject(p.schema) && typeof p.schema.$ref === 'string' ? p.schema.$ref.replace(/^#/, '') : undefined;
          const rawPointer = isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref.replace(/^#/, '') : `${base}/parameters/${index}`;
          byKey.set(`${p.in}:${String(p.name).toLowerCase()}`, {
            name: String(p.name),
            in: p.in as ParameterInfo['in'],
            required: p.required === true,
            schema: isObject(p.schema) ? deref<JsonObject>(document, p.schema) : {},
            schemaPointer: schemaRef ?? `${rawPointer}/schema`,
            pointer: rawPointer,
            style: typeof p.style === 'string' ? p.style : undefined,
            explode: typeof p.explode === 'boolean' ? p.explode : undefined,
          });
        });
      addParameters(shared, pointerOf('paths', pathTemplate));
      addParameters(own, pointer);

      let requestBody: OperationInfo['requestBody'];
      if (node.requestBody) {
        const body = deref<JsonObject>(document, node.requestBody);
        const bodyPointer =
          isObject(node.requestBody) && typeof node.requestBody.$ref === 'string'
            ? node.requestBody.$ref.replace(/^#/, '')
            : `${pointer}/requestBody`;
        requestBody = { required: body.required === true, ...contentOf(document, body, bodyPointer) };
      }

      const responses = responsesOf(document, node.responses, `${pointer}/responses`);

      const rawSecurity = Array.isArray(node.security) ? node.security : Array.isArray(document.security) ? document.security : [];
      const security = (rawSecurity as JsonObject[]).map((alt) =>
        Object.entries(alt).map(([scheme, scopes]) => ({ scheme, scopes: Array.isArray(scopes) ? scopes.map(String) : [] })),
      );

      operations.push({
        id: typeof node.operationId === 'string' ? node.operationId : `${method} ${pathTemplate}`,
        method,
        path: pathTemplate,
        pointer,
        node,
        parameters: [...byKey.values()],
        requestBody,
        responses,
        security,
        validationStatus: validationStatusOf(node),
        concurrencyLimit: typeof node['x-concurrency-limit'] === 'number' ? node['x-concurrency-limit'] : undefined,
        rules: isObject(node['x-rules']) ? node['x-rules'] : {},
      });
    }
  }

  const securitySchemes: Record<string, SecuritySchemeInfo> = {};
  const schemes = isObject(document.components) && isObject(document.components.securitySchemes) ? document.components.securitySchemes : {};
  for (const [name, raw] of Object.entries(schemes)) {
    const s = deref<JsonObject>(document, raw);
    const isHttp = s.type === 'http';
    const scopes = isObject(s['x-scopes']) ? Object.keys(s['x-scopes']) : [];
    securitySchemes[name] = {
      name,
      type: String(s.type),
      in: isHttp ? 'header' : ((s.in as SecuritySchemeInfo['in']) ?? 'header'),
      parameterName: isHttp ? 'authorization' : String(s.name ?? name),
      httpScheme: isHttp ? String(s.scheme ?? 'bearer').toLowerCase() : undefined,
      scopes,
      readOnlyScopes: Array.isArray(s['x-read-only-scopes']) ? s['x-read-only-scopes'].map(String) : [],
    };
  }

  const server = document.servers?.[0];
  const serverVariables: Record<string, string> = {};
  for (const [name, v] of Object.entries(server?.variables ?? {})) serverVariables[name] = v.default;
  const basePath = server ? serverPath(server.url) : '';

  const byId = new Map(operations.map((o) => [o.id, o]));
  return {
    vendor,
    path,
    document,
    operations,
    operation(id: string) {
      const found = byId.get(id);
      if (!found) throw new SpecError(`${path}: no operation '${id}'`);
      return found;
    },
    securitySchemes,
    basePath,
    unroutedResponses: responsesOf(document, document['x-unrouted-responses'], '/x-unrouted-responses'),
    serverVariables,
  };
}

function validationStatusOf(operation: JsonObject): number {
  if (typeof operation['x-validation-status'] === 'number') return operation['x-validation-status'];
  return isObject(operation.responses) && operation.responses['422'] ? 422 : 400;
}

/** `https://{region}.api.example.com/stores/{store_hash}/v3` -> `/stores/{store_hash}/v3`. */
export function serverPath(url: string): string {
  const withoutScheme = url.replace(/^[a-z]+:\/\//i, '');
  const slash = withoutScheme.indexOf('/');
  return slash === -1 ? '' : withoutScheme.slice(slash).replace(/\/$/, '');
}

/**
 * `read`, remembered per spec object: what is read or built from a spec (its facts, a compiled
 * validator) is read once, and goes with the spec.
 */
export function perSpec<T>(read: (spec: Spec) => T): (spec: Spec) => T {
  const remembered = new WeakMap<Spec, T>();
  return (spec) => {
    if (remembered.has(spec)) return remembered.get(spec) as T;
    const value = read(spec);
    remembered.set(spec, value);
    return value;
  };
}

const cache = new Map<string, Spec>();

/** Loads a vendor's spec (or a spec file), parsed and indexed once per process. */
export function loadSpec(vendorOrPath: VendorName | string): Spec {
  const vendor = isVendorName(vendorOrPath) ? vendorOrPath : undefined;
  const path = vendor ? specPath(vendor) : resolve(vendorOrPath);
  let spec = cache.get(path);
  if (!spec) {
    spec = buildSpec(parseSpecFile(path), path, vendor);
    cache.set(path, spec);
  }
  return spec;
}
