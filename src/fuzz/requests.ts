import { HTTP_METHODS, type OperationInfo, type ParameterInfo, type Spec } from '../openapi/load.js';
import type { KnownValues } from './known-values.js';
import type { FuzzRandom } from './random.js';
import { cloneValue, HOSTILE_NUMBERS, HOSTILE_STRINGS, invalidValue, RawNumber, replaceLeaf, toJsonText, validValue } from './values.js';

/** One request, exactly as it goes on the wire. */
export interface FuzzRequest {
  /** The operation the request was built from, before any mutation. */
  target: string;
  method: string;
  /** Request target (path and query), sent byte for byte: dot segments and bad escapes included. */
  path: string;
  /** In order; a name may repeat. */
  headers: Array<[string, string]>;
  body?: Buffer;
  /** What was done to a valid request, e.g. `body.invalid(required code)`, `header.accept(text/html)`. */
  mutations: string[];
}

export interface Credentials {
  /** A credential that may do everything. */
  write: string;
  /** One that may only read, if the server has such. */
  readOnly?: string;
}

export interface RequestGeneratorOptions {
  random: FuzzRandom;
  credentials: Credentials;
  known: KnownValues;
  /** Chance that a request is sent as built from the spec, with no mutation. */
  validShare?: number;
}

export interface RequestGenerator {
  /** A request of a random operation, mutated or not. */
  next(): FuzzRequest;
  /** A request of this operation as the spec describes it, no mutation. */
  valid(operationId: string): FuzzRequest;
}

/** A request under construction: parts kept apart so that each mutation changes one. */
interface Draft {
  operation: OperationInfo;
  method: string;
  base: string;
  /** The path below the base, encoded. */
  rest: string;
  /** Encoded name and value pairs. */
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  body?: { value: unknown } | { text: string | Buffer };
  mutations: string[];
}

const HUGE_BODY_BYTES = 1024 * 1024 + 1024;
// Request line and headers stay well under 8 KiB, the smallest limit common servers put on them
// (Node's is 16 KiB): past it the HTTP parser answers 431 or 414 before any API does.
const MAX_URL_VALUE = 300;
const METHODS = [...HTTP_METHODS.filter((m) => m !== 'trace').map((m) => m.toUpperCase()), 'PROPFIND', 'PURGE'];
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/vnd.api+json',
  'application/json;;',
  'application/json; charset',
  'garbage',
  'undefined',
  ';;',
  '/',
  '',
  '*/*',
  'application/*',
];
const ACCEPTS = ['text/html', 'application/xml', '*/*', 'application/*', 'text/*', 'garbage', ';;', '', 'application/json;q=0', 'application/json, text/html;q=0.5', 'image/png'];
const ENCODINGS = ['gzip', 'br', 'deflate', 'identity', 'compress', 'chunked', 'x-unknown'];
const PATH_VALUES = ['..', '.', '%2e%2e', '%2E', '%2F', 'a%2Fb', '%00', '%zz', '%', '%C0%AF', '%E2%82%AC', '%C3%A9', '%FF', '-1', '0', '1e309', '-0', '99999999999999999999', '%20', 'null', 'undefined', '__proto__', 'constructor', 'x'.repeat(MAX_URL_VALUE)];
// Percent-encoded only: a raw byte outside ASCII in the request line is not HTTP/1.1 (RFC 9112), and
// Node's parser refuses it before any handler runs.
const QUERY_VALUES = ['', '%', '%zz', '%00', '+', '%2B', '[]', '{}', 'a,b', ',,', 'null', 'true', '%E2%98%83', '%C3%A9', '%FF%FE', ...HOSTILE_NUMBERS];

/**
 * Requests built from one OpenAPI spec: a valid request of a random operation (parameters and
 * body from the schemas and examples, the server's known ids), then mutated in one to three
 * places (body, query, path, headers, method). Vendor-agnostic: it reads only the spec.
 */
export function createRequestGenerator(spec: Spec, options: RequestGeneratorOptions): RequestGenerator {
  const { random, credentials, known } = options;
  const sampling = { document: spec.document, random };
  const validShare = options.validShare ?? 0.25;

  const basePath = () =>
    spec.basePath.replace(/\{([^}]+)\}/g, (_m, name: string) =>
      random.chance(0.9) ? encodeText(spec.serverVariables[name] ?? name) : random.string('abcdefghijklmnopqrstuvwxyz0123456789', 6),
    );

  const pathValue = (operation: OperationInfo, parameter: ParameterInfo, index: number): string => {
    const pool = [...known.get(parameter.name), ...(index === 0 ? known.owners : []), ...(/id$/i.test(parameter.name) ? known.get('id') : [])];
    if (pool.length > 0 && random.chance(0.75)) return encodeText(random.pick(pool));
    return encodeText(String(plain(validValue(sampling, parameter.schema))));
  };

  const credentialHeader = (operation: OperationInfo, token: string): [string, string] | undefined => {
    const scheme = spec.securitySchemes[operation.security[0]?.[0]?.scheme ?? Object.keys(spec.securitySchemes)[0] ?? ''];
    if (!scheme) return undefined;
    return scheme.type === 'http' ? ['Authorization', `${scheme.httpScheme === 'basic' ? 'Basic' : 'Bearer'} ${token}`] : [scheme.parameterName, token];
  };

  const build = (operation: OperationInfo): Draft => {
    const pathParameters = operation.parameters.filter((p) => p.in === 'path');
    let index = 0;
    const rest = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      const parameter = pathParameters.find((p) => p.name === name) ?? { name, in: 'path', required: true, schema: {}, schemaPointer: '', pointer: '' };
      return pathValue(operation, parameter, index++);
    });
    const query: Array<[string, string]> = [];
    for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
      if (!parameter.required && !random.chance(0.4)) continue;
      const pool = known.get(parameter.name);
      const value = pool.length > 0 && random.chance(0.5) ? random.pick(pool) : validValue(sampling, parameter.schema);
      query.push(...serializeQuery(parameter, value));
    }
    const reading = operation.method === 'get';
    const token = reading && credentials.readOnly && random.chance(0.3) ? credentials.readOnly : credentials.write;
    const headers: Array<[string, string]> = [['Accept', 'application/json']];
    const credential = credentialHeader(operation, token);
    if (credential) headers.push(credential);
    let body: Draft['body'];
    if (operation.requestBody) {
      const examples = Object.values(operation.requestBody.examples);
      const value = examples.length > 0 && random.chance(0.5) ? cloneValue(random.pick(examples)) : validValue(sampling, operation.requestBody.schema);
      const mediaType = operation.requestBody.contentTypes.length > 0 ? random.pick(operation.requestBody.contentTypes) : 'application/json';
      body = mediaType === FORM ? { text: formText(value) } : { value };
      headers.push(['Content-Type', mediaType]);
    }
    return { operation, method: operation.method.toUpperCase(), base: basePath(), rest, query, headers, body, mutations: [] };
  };

  const setHeader = (draft: Draft, name: string, value: string | undefined) => {
    draft.headers = draft.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
    if (value !== undefined) draft.headers.push([name, value]);
  };
  const credentialName = (draft: Draft) => credentialHeader(draft.operation, 'x')?.[0];

  type Mutation = (draft: Draft) => string | undefined;
  const bodyMutations: Mutation[] = [
    (d) => {
      if (!d.operation.requestBody) return undefined;
      const broken = invalidValue(sampling, d.operation.requestBody.schema);
      d.body = { value: broken.value };
      return `body.invalid(${broken.broken})`;
    },
    (d) => {
      const hostile = random.pick(HOSTILE_STRINGS);
      d.body = { value: replaceLeaf(random, bodyValue(d), () => hostile) };
      return `body.string(${JSON.stringify(hostile.slice(0, 20))})`;
    },
    (d) => {
      const number = random.pick(HOSTILE_NUMBERS);
      // Mostly where a number belongs, so that the number itself is what is judged.
      const numeric = random.chance(0.7) ? (leaf: unknown) => typeof leaf === 'number' : undefined;
      d.body = { value: replaceLeaf(random, bodyValue(d), () => new RawNumber(number), numeric) };
      return `body.number(${number})`;
    },
    (d) => {
      const text = toJsonText(bodyValue(d));
      const broken = random.pick([
        text.slice(0, Math.max(1, random.int(text.length))),
        `${text},`,
        text.replace(/:/, '::'),
        text.replace(/"/, "'"),
        `${text}${text}`,
        '{"a":NaN}',
        '{"a":Infinity}',
        '{"a":undefined}',
        '{,}',
        '\ufeff' + text,
        '/* comment */' + text,
        text.replace(/}$/, ',"a":1,"a":2}'),
      ]);
      d.body = { text: broken };
      return 'body.malformed';
    },
    (d) => {
      const top = random.pick<[string, unknown]>([
        ['null', null],
        ['array', [bodyValue(d)]],
        ['string', 'text'],
        ['number', 0],
        ['empty object', {}],
        ['empty array', []],
      ]);
      d.body = { value: top[1] };
      return `body.top(${top[0]})`;
    },
    (d) => {
      const depth = random.pick([64, 1000, 20000]);
      const nested = random.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const text = toJsonText(bodyValue(d));
      d.body = { text: random.chance(0.5) ? nested : text.replace(/^\{/, `{"nested":${nested},`) };
      return `body.deep(${depth})`;
    },
    (d) => {
      d.body = undefined;
      return 'body.none';
    },
    (d) => {
      d.body = { text: '' };
      return 'body.empty';
    },
    (d) => {
      d.body = { text: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) };
      return 'body.invalid-utf8';
    },
    (d) => {
      if (!random.chance(0.1)) return undefined;
      d.body = { text: `{"a":"${'x'.repeat(HUGE_BODY_BYTES)}"}` };
      return 'body.huge';
    },
  ];
  const mutations: Mutation[] = [
    ...bodyMutations,
    // A body on an operation that takes none.
    (d) => {
      if (d.operation.requestBody) return undefined;
      d.body = { value: { data: { type: 'x' } } };
      setHeader(d, 'Content-Type', 'application/json');
      return 'body.unexpected';
    },
    (d) => {
      const type = random.pick(CONTENT_TYPES);
      setHeader(d, 'Content-Type', random.chance(0.1) ? undefined : type);
      if (!d.body) d.body = { value: {} };
      return `header.content-type(${type})`;
    },
    (d) => {
      const accept = random.pick(ACCEPTS);
      setHeader(d, 'Accept', random.chance(0.1) ? undefined : accept);
      return `header.accept(${accept})`;
    },
    (d) => {
      const name = credentialName(d);
      if (!name) return undefined;
      const choice = random.int(7);
      if (choice === 0) setHeader(d, name, undefined);
      else if (choice === 1) setHeader(d, name, '');
      else if (choice === 2) d.headers.push(credentialHeader(d.operation, credentials.readOnly ?? 'second-token') as [string, string]);
      else if (choice === 3) setHeader(d, name, random.pick(['Bearer', 'Basic Zm9vOmJhcg==', 'bearer  x', 'READONLY-x', 'ReadOnly', 'x'.repeat(MAX_URL_VALUE)]));
      else if (choice === 4) setHeader(d, name, credentialHeader(d.operation, credentials.readOnly ?? 'readonly')?.[1]);
      else if (choice === 5) setHeader(d, name.toLowerCase() === name ? name.toUpperCase() : name.toLowerCase(), credentialHeader(d.operation, credentials.write)?.[1]);
      else setHeader(d, name, credentialHeader(d.operation, '\u00e9\u00ff')?.[1]);
      return `header.credential(${choice})`;
    },
    (d) => {
      const statuses = Object.keys(d.operation.responses);
      const prefer = random.pick([
        `code=${random.pick(statuses)}`,
        `code=${random.pick(['418', '999', '200', '204', '000', 'abc'])}`,
        'dynamic=true',
        'dynamic=false',
        `example=${random.pick(Object.keys(Object.values(d.operation.responses)[0]?.examples ?? {}).concat(['nope']))}`,
        'code=200, dynamic=true',
        'respond-async, wait=5',
        'return=minimal',
        ';;,,==',
        'code=',
      ]);
      setHeader(d, 'Prefer', prefer);
      return `header.prefer(${prefer})`;
    },
    (d) => {
      // Not Content-Length or Host: Node's HTTP parser refuses those twice before any handler runs.
      const name = random.pick(['Accept', 'Content-Type', 'Prefer']);
      const value = d.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] ?? 'application/json';
      d.headers.push([name, random.pick([value, 'text/html'])]);
      return `header.duplicate(${name})`;
    },
    (d) => {
      const encoding = random.pick(ENCODINGS);
      setHeader(d, 'Content-Encoding', encoding);
      return `header.content-encoding(${encoding})`;
    },
    (d) => {
      const name = random.pick(['X-Forwarded-For', 'Origin', 'Expect', 'If-None-Match', 'Range', 'X-HTTP-Method-Override', 'Cookie']);
      const value = name === 'Expect' ? '100-continue' : name === 'Range' ? 'bytes=0-1' : name === 'X-HTTP-Method-Override' ? 'DELETE' : `\u00e9${'x'.repeat(random.int(200))}`;
      setHeader(d, name, value);
      return `header.other(${name})`;
    },
    (d) => {
      const query = d.operation.parameters.filter((p) => p.in === 'query');
      if (query.length === 0) return undefined;
      const parameter = random.pick(query);
      const broken = invalidValue(sampling, parameter.schema);
      d.query = d.query.filter(([n]) => n !== encodeText(parameter.name));
      d.query.push(...serializeQuery(parameter, broken.value));
      return `query.invalid(${parameter.name} ${broken.broken})`;
    },
    (d) => {
      if (d.query.length === 0) return undefined;
      const [name] = random.pick(d.query);
      d.query = d.query.filter(([n]) => n !== name);
      return `query.drop(${name})`;
    },
    (d) => {
      const names = [...d.operation.parameters.filter((p) => p.in === 'query').map((p) => encodeText(p.name)), 'unknown', 'page%5Blimit%5D', '%zz', ''];
      const name = random.pick(names);
      const value = random.pick(QUERY_VALUES);
      d.query.push([name, value]);
      if (random.chance(0.5)) d.query.push([name, random.pick(QUERY_VALUES)]);
      return `query.raw(${name}=${value})`;
    },
    (d) => {
      const segments = d.rest.split('/');
      const variable = segments.map((s, i) => [s, i] as const).filter(([, i]) => /\{/.test(d.operation.path.split('/')[i] ?? ''));
      if (variable.length === 0) return undefined;
      const [, index] = random.pick(variable);
      const value = random.chance(0.5) ? random.pick(PATH_VALUES) : encodeText(String(plain(invalidValue(sampling, {}).value)));
      segments[index] = value;
      d.rest = segments.join('/');
      return `path.value(${value.slice(0, 20)})`;
    },
    (d) => {
      const shape = random.int(8);
      if (shape === 0) d.rest = `${d.rest}/`;
      else if (shape === 1) d.rest = d.rest.replace(/\/([^/]+)$/, '//$1');
      else if (shape === 2) d.rest = d.rest.replace(/\/([^/]+)$/, '/./$1');
      else if (shape === 3) d.rest = `${d.rest}/x/..`;
      else if (shape === 4) d.rest = `${d.rest}/%2e%2e/%2e%2e/%2e%2e/__mock/reset`;
      else if (shape === 5) d.rest = d.rest.toUpperCase();
      else if (shape === 6) d.rest = `${d.rest}/extra`;
      else d.rest = `${d.rest}%20`;
      return `path.shape(${shape})`;
    },
    (d) => {
      d.base = random.pick(['', '/', '/v1', d.base.toUpperCase(), `${d.base}/..`, '/%2e%2e', '/__mock/../stores']);
      return `path.base(${d.base})`;
    },
    (d) => {
      const method = random.pick(METHODS);
      d.method = method;
      return `method(${method})`;
    },
  ];

  return {
    next() {
      const operation = random.pick(spec.operations);
      const draft = build(operation);
      if (!random.chance(validShare)) {
        const count = random.between(1, 3);
        for (let applied = 0, tries = 0; applied < count && tries < 20; tries++) {
          const name = random.pick(mutations)(draft);
          if (name) {
            draft.mutations.push(name);
            applied++;
          }
        }
      }
      return finish(draft);
    },
    valid(operationId) {
      return finish(build(spec.operation(operationId)));
    },
  };
}

const FORM = 'application/x-www-form-urlencoded';

/** A form body of an object's scalar fields (what a form-encoded body can say). */
function formText(value: unknown): string {
  const form = new URLSearchParams();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, field] of Object.entries(value)) form.append(name, String(plain(field)));
  }
  return form.toString();
}

function bodyValue(draft: Draft): unknown {
  return draft.body && 'value' in draft.body ? draft.body.value : {};
}

/** A scalar for a path or query string, objects and arrays as JSON text, cut to a length servers take in a URL. */
function plain(value: unknown): string | number | boolean {
  if (value instanceof RawNumber) return value.text;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value : toJsonText(value);
  return text.slice(0, MAX_URL_VALUE);
}

/** OpenAPI form style: arrays repeat the name when exploded (the default), else join with commas. */
function serializeQuery(parameter: ParameterInfo, value: unknown): Array<[string, string]> {
  const name = encodeText(parameter.name);
  if (Array.isArray(value)) {
    const items = value.map((item) => encodeText(String(plain(item))));
    return parameter.explode === false ? [[name, items.join(',')]] : items.map((item) => [name, item]);
  }
  return [[name, encodeText(String(plain(value)))]];
}

function finish(draft: Draft): FuzzRequest {
  const query = draft.query.map(([name, value]) => `${name}=${value}`).join('&');
  const body = draft.body === undefined ? undefined : 'value' in draft.body ? Buffer.from(toJsonText(draft.body.value)) : Buffer.from(draft.body.text);
  return {
    target: draft.operation.id,
    method: draft.method,
    path: `${draft.base}${draft.rest}${query ? `?${query}` : ''}`,
    headers: draft.headers,
    body,
    mutations: draft.mutations,
  };
}

/** encodeURIComponent, except that a lone surrogate becomes the bytes of its CESU form (invalid UTF-8, as a sloppy client sends it). */
function encodeText(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[\ud800-\udfff]/g, (c) => `%ED%${(0xa0 + ((c.charCodeAt(0) >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 + (c.charCodeAt(0) & 0x3f)).toString(16).toUpperCase()}`).replace(/[^%]+/g, (part) => encodeURIComponent(part));
  }
}
