/**
 * Routing and request validation decided as Prism decides them, without Prism's pipeline: a
 * router precomputed from the spec's path templates and, per operation, Ajv validators compiled
 * from the very schemas Prism validates against (prism-model.ts), with Prism's Ajv options, its
 * parameter deserialization and coercion, its media-type checks and its wording of a violation.
 *
 * What it is not sure to decide as Prism does it declines (`undefined`) and Prism decides:
 * multipart bodies and form bodies with encodings, parameter styles other than form (query) and simple (path, header),
 * object-typed parameters, a path several templates claim. test/mock/fast-path.test.ts holds it
 * to Prism over a generated corpus of valid and invalid requests for every operation.
 */
import { compileTemplate, mostSpecific, type CompiledTemplate } from './path-templates.js';
import { mediaTypeOf } from './media-type.js';
import { prismValidator, type CheckedSchema, type SchemaValidator } from './prism-ajv.js';
import type { ContentModel, OperationModel, ParamLocation, ParamModel, PrismModel } from './prism-model.js';
import { violationsOf, withParseableAccept, type GateRequest, type PrismDiagnostic, type RouteVerdict, type Violation } from './prism-terms.js';

/** The style Prism assumes for a location's parameters when none is given (validator/validators/{headers,query,path}.js), the only one the fast path reads. */
const DEFAULT_STYLE: Record<ParamLocation, string> = { header: 'simple', query: 'form', path: 'simple' };

/** One location's parameters and the object schema Prism validates them as (prism-model.ts). */
interface ParamGroup {
  location: ParamLocation;
  /** By lower-cased name; a later parameter of the same name wins, as in Prism's keyBy. */
  params: Map<string, ParamModel>;
  schema: CheckedSchema;
}

export interface FastPathOptions {
  /** The validator of a schema; Prism's Ajv by default. The differential test swaps in a faulty one to prove it can fail. */
  validatorOf?: (schema: CheckedSchema, coerce: boolean, bundle: unknown) => SchemaValidator;
}

class FastOperation {
  readonly groups: ParamGroup[] = [];
  /** Why the fast path leaves this operation to Prism, if it does. */
  readonly declined?: string;
  private readonly validators = new Map<object, { coerced?: SchemaValidator; plain?: SchemaValidator }>();

  constructor(
    readonly model: OperationModel,
    private readonly validatorOf: NonNullable<FastPathOptions['validatorOf']>,
  ) {
    const request = model.request;
    for (const location of ['header', 'query', 'path'] as const) {
      const params = request?.[location === 'header' ? 'headers' : location];
      if (!params || params.length === 0) continue;
      for (const param of params) {
        if ((param.style || DEFAULT_STYLE[location]) !== DEFAULT_STYLE[location]) this.declined = `${location} parameter ${param.name} has style ${param.style}`;
        if (param.schema?.type === 'object') this.declined = `${location} parameter ${param.name} is an object`;
      }
      const schema = model.paramSchemas[location];
      if (!schema) throw new Error(`the model of ${model.id} has ${location} parameters and no schema for them`);
      this.groups.push({ location, params: new Map(params.map((p) => [p.name.toLowerCase(), p])), schema });
    }
    if (model.path.split('/').some((segment) => segment.includes('{') && !/^\{[^{}]+\}$/.test(segment))) this.declined = `path ${model.path} has a segment that is more than one parameter`;
    // Prism compiles the schemas of every operation into one Ajv: two with the same $id, and which
    // compile fails would depend on the order requests came in.
    if (JSON.stringify([model.paramSchemas, request?.body, model.bundle]).includes('"$id"')) this.declined = 'a schema has an $id';
  }

  /** Prism's diagnostics of a request (validateInput), in Prism's order: body, headers, query, path. */
  diagnose(request: GateRequest): PrismDiagnostic[] | undefined {
    const body = this.bodyDiagnostics(request);
    if (body === undefined) return undefined;
    const found = [...body];
    for (const group of this.groups) {
      const values = group.location === 'path' ? pathValuesOf(this.model.path, request.path) : group.location === 'header' ? withParseableAccept(request.headers) : request.query;
      if (values === undefined) return undefined;
      let deserialized: Record<string, unknown>;
      try {
        deserialized = parameterValues(group, values);
      } catch {
        return undefined; // Prism's deserializer throws on it too (a list where it splits a string)
      }
      found.push(...this.check(deserialized, group.schema, true, group.location));
    }
    return found;
  }

  private bodyDiagnostics(request: GateRequest): PrismDiagnostic[] | undefined {
    const body = this.model.request?.body;
    if (body?.required && !request.body) return [{ code: 'required', message: 'Body parameter is required', severity: 0 }];
    const header = request.headers['content-type'];
    const mediaType = header ? mediaTypeOf(header) : undefined;
    if (header && mediaType === undefined) return undefined; // Prism's parser would throw on it
    const contentLength = parseInt(request.headers['content-length'] as string) || 0;
    if (contentLength !== 0 && !(body && isSupported(mediaType, body.contents))) {
      const offered = body?.contents ?? [];
      return [
        {
          code: 415,
          message: offered.length > 0 ? `Supported content types: ${offered.map((c) => c.mediaType).join(',')}` : 'No supported content types, but request included a non-empty body',
          severity: 0,
        },
      ];
    }
    if (request.body === undefined || request.body === null || !body) return [];
    const contents = body.contents ?? [];
    const content = (mediaType === undefined ? undefined : contents.find((c) => wildcardMediaTypeMatch(mediaType, c.mediaType))) ?? contents[0];
    if (!content?.inputSchema) return [];
    if (mediaType === 'multipart/form-data') return undefined;
    if (mediaType === 'application/x-www-form-urlencoded') return this.formDiagnostics(request.body, content, content.inputSchema);
    return this.check(request.body, content.inputSchema, false, 'body');
  }

  /**
   * A form body as Prism's deserializeAndValidate reads it (validator/validators/body.js): split
   * at `&` and the first `=`, `+` as a space, percent-decoded (a value that does not decode stays
   * as sent), reduced to the schema's properties, then validated coercing strings to their types.
   * Form encodings (per-property styles) and multipart bodies are left to Prism.
   */
  private formDiagnostics(target: unknown, content: ContentModel, schema: CheckedSchema): PrismDiagnostic[] | undefined {
    if (typeof target !== 'string') return [{ code: '422', message: 'Target is not a string', severity: 0 }];
    if (content.mediaType !== 'application/x-www-form-urlencoded' || content.hasEncodings) return undefined;
    const encoded: Record<string, string> = {};
    for (const pair of target.split('&')) {
      const [key, ...rest] = pair.split('=');
      encoded[key as string] = rest.join('=');
    }
    const decoded: Record<string, string> = {};
    try {
      for (const [key, raw] of Object.entries(encoded)) {
        const value = raw.replaceAll('+', '%20');
        try {
          decoded[decodeURIComponent(key)] = decodeURIComponent(value);
        } catch {
          decoded[decodeURIComponent(key)] = value;
        }
      }
    } catch {
      return undefined; // a name that does not decode: Prism throws
    }
    const properties = schema.schema.properties as Record<string, unknown> | undefined;
    let values: Record<string, unknown> = decoded;
    if (properties) {
      values = {};
      for (const property of Object.keys(properties)) values[property] = decoded[property];
    }
    return this.check(values, schema, true, 'body');
  }

  /** Prism's validateAgainstSchema: a schema that does not compile, or a validator that throws, finds nothing. */
  private check(value: unknown, schema: CheckedSchema, coerce: boolean, prefix: string): PrismDiagnostic[] {
    let compiled = this.validators.get(schema);
    if (!compiled) this.validators.set(schema, (compiled = {}));
    let validator = coerce ? compiled.coerced : compiled.plain;
    if (!validator) {
      try {
        validator = this.validatorOf(schema, coerce, this.model.bundle);
      } catch {
        validator = () => [];
      }
      if (coerce) compiled.coerced = validator;
      else compiled.plain = validator;
    }
    try {
      return validator(value).map((error) => diagnosticOf(error, prefix));
    } catch {
      return [];
    }
  }
}

/**
 * Prism's wording of an Ajv error (convertAjvErrors of validator/validators/utils.js): what the
 * validate stage turns into the vendor's error.
 */
function diagnosticOf(error: { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }, prefix: string): PrismDiagnostic {
  const params = error.params;
  const allowed = 'allowedValues' in params ? `: ${(params.allowedValues as unknown[]).join(', ')}` : '';
  const additional = 'additionalProperty' in params ? `; found '${String(params.additionalProperty)}'` : '';
  const unevaluated = 'unevaluatedProperty' in params ? `: '${String(params.unevaluatedProperty)}'` : '';
  const errorPath = error.instancePath.split('/').filter((segment) => segment !== '');
  const kind = errorPath.length > 0 ? (prefix === 'body' ? 'property ' : 'parameter ') : '';
  const where = `Request ${prefix} ${kind}${errorPath.join('.').trim()}${errorPath.length > 0 ? ' ' : ''}`;
  return { path: [prefix, ...errorPath], code: error.keyword || '', message: `${where}${error.message || ''}${allowed}${additional}${unevaluated}`, severity: 0 };
}

/** Prism's value of each parameter (validateParams: keyed by lower-cased name, deserialized by style, falsy ones dropped). */
function parameterValues(group: ParamGroup, target: Record<string, string | string[]>): Record<string, unknown> {
  const lowered: Record<string, string | string[]> = {};
  for (const key of Object.keys(target)) lowered[key.toLowerCase()] = target[key] as string | string[];
  const values: Record<string, unknown> = {};
  for (const [name, param] of group.params) {
    const schema = (group.schema.schema.properties as Record<string, { type?: unknown } | undefined>)[name];
    const value = group.location === 'query' ? formValue(lowered[name], schema?.type, param.explode || false) : simpleValue(lowered[name], schema ? schema.type : 'undefined');
    if (value) values[name] = value;
  }
  return values;
}

/** Prism's form style (deserializers/style/form.js; object parameters are declined). */
function formValue(values: string | string[] | undefined, type: unknown, explode: boolean): unknown {
  if (!values) return undefined;
  if (type !== 'array') return values;
  if (explode) return Array.isArray(values) ? values : [values];
  return (Array.isArray(values) ? (values[values.length - 1] as string) : values).split(',');
}

/** Prism's simple style (deserializers/style/simple.js; object parameters are declined). */
function simpleValue(value: string | string[] | undefined, type: unknown): unknown {
  if (type === 'array') {
    if (typeof value !== 'string') throw new TypeError('not a string');
    return value === '' ? [] : value.split(',');
  }
  return value;
}

/**
 * The path parameters as Prism reads them (uri-template-lite's match of the operation's
 * template): each value split at commas and percent-decoded, a list when it held a comma.
 * Undefined when a value does not decode (Prism would throw; the checkPath stage answers first).
 */
function pathValuesOf(template: string, path: string): Record<string, string | string[]> | undefined {
  const templateSegments = template.split('/');
  const segments = path.split('/');
  const values: Record<string, string | string[]> = {};
  try {
    templateSegments.forEach((segment, i) => {
      const name = /^\{([^{}]+)\}$/.exec(segment)?.[1];
      if (name === undefined) return;
      const parts = (segments[i] ?? '').split(',').map((part) => decodeURIComponent(part));
      values[name] = parts.length > 1 ? parts : (parts[0] as string);
    });
  } catch {
    return undefined;
  }
  return values;
}

const CONTENT_TYPE_PARTS = /^(.+)\/(?:(.+)\+)?(.+)$/;

/** Prism's wildcardMediaTypeMatch on media types without parameters: `+json` suffixes match their base type. */
function wildcardMediaTypeMatch(requested: string, offered: string): boolean {
  const a = CONTENT_TYPE_PARTS.exec(requested.toLowerCase());
  const b = CONTENT_TYPE_PARTS.exec((mediaTypeOf(offered) ?? '').toLowerCase());
  if (!a || !b) return false;
  return (a[1] === b[1] || b[1] === '*') && (a[3] === b[3] || b[3] === '*');
}

function isSupported(mediaType: string | undefined, contents: ContentModel[] | undefined): boolean {
  if (mediaType === undefined || contents === undefined) return true;
  return contents.some((c) => !c.mediaType || wildcardMediaTypeMatch(mediaType, c.mediaType));
}

/** The fast path of one vendor's spec. */
export class FastPath {
  private readonly byPath: Array<CompiledTemplate<FastOperation[]>>;
  private readonly byId = new Map<string, FastOperation>();

  constructor(model: PrismModel, options: FastPathOptions = {}) {
    const validatorOf = options.validatorOf ?? prismValidator;
    const groups = new Map<string, FastOperation[]>();
    for (const operationModel of model.operations) {
      const operation = new FastOperation(operationModel, validatorOf);
      this.byId.set(operationModel.id, operation);
      groups.set(operationModel.path, [...(groups.get(operationModel.path) ?? []), operation]);
    }
    this.byPath = [...groups].map(([template, operations]) => compileTemplate(template, operations));
  }

  /**
   * Prism's router over the operations of the most specific template that matches (PrismGate's
   * candidates). With one template, Prism's verdict follows from it: its path segments against
   * the request's (a trailing slash is one segment more: no route), then the method (405).
   */
  route(method: string, path: string): RouteVerdict | undefined {
    const candidates = mostSpecific(this.byPath, path);
    if (candidates.length === 0) return { kind: 'no-route' };
    if (candidates.length > 1 || !path.startsWith('/')) return undefined;
    const template = candidates[0] as CompiledTemplate<FastOperation[]>;
    if (template.template.endsWith('/') || template.template.includes('%')) return undefined;
    if (template.template.split('/').length !== path.split('/').length) return { kind: 'no-route' };
    const matching = template.value.filter((operation) => operation.model.method.toLowerCase() === method.toLowerCase());
    if (matching.length > 1) return undefined;
    const operation = matching[0];
    return operation ? { kind: 'operation', operationId: operation.model.id } : { kind: 'method-not-allowed' };
  }

  /** Prism's violations of a request routed to `request.operationId`, or undefined: Prism decides. */
  validate(request: GateRequest): Violation[] | undefined {
    const operation = this.byId.get(request.operationId);
    if (!operation || operation.declined) return undefined;
    const diagnostics = operation.diagnose(request);
    return diagnostics && violationsOf(diagnostics, operation.model.request?.body !== undefined);
  }

  /** Operations left to Prism, with why (the differential test reports them). */
  declinedOperations(): Array<{ id: string; reason: string }> {
    return [...this.byId.values()].flatMap((o) => (o.declined ? [{ id: o.model.id, reason: o.declined }] : []));
  }
}
