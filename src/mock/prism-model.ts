/**
 * The operations of a spec as Prism's validator sees them: Prism's own operation model
 * (getHttpOperationsFromSpec, the input PrismGate gives Prism) reduced to what request
 * validation reads, with each request body schema normalised by Prism's own functions (allOf
 * merged, readOnly properties stripped). The fast path (fast-path.ts) decides from this.
 *
 * Deriving it loads part of Prism (its spec reader, not its mocker); `npm run build` writes it to
 * dist/spec/<vendor>.prism-model.json (scripts/precompile-specs.ts), used while the spec and
 * Prism's version are the very ones it was made from, so a start from dist/ loads no Prism.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { IHttpOperation } from '@stoplight/types';
import { PACKAGE_ROOT, type Spec } from '../openapi/load.js';
import { isMetaValid, type CheckedSchema } from './prism-ajv.js';
import { PRISM_VERSION, prismRequire } from './prism-modules.js';

export type JsonSchema = Record<string, unknown>;

/** A parameter as Prism's model has it (IHttpParam), what its validator reads of one. */
export interface ParamModel {
  name: string;
  style?: string;
  explode?: boolean;
  required?: boolean;
  schema?: JsonSchema;
}

export type ParamLocation = 'header' | 'query' | 'path';

export interface ContentModel {
  mediaType: string;
  /** The schema Prism validates a request body of this media type against; null: none (Prism validates nothing). */
  inputSchema: CheckedSchema | null;
  /** Form encodings (styles per property): the fast path leaves a form body with them to Prism. */
  hasEncodings: boolean;
}

export interface OperationModel {
  /** Prism's `iid`: the spec's operationId. */
  id: string;
  /** Lower case, as Prism has it. */
  method: string;
  path: string;
  request?: {
    body?: { required?: boolean; contents?: ContentModel[] };
    headers?: ParamModel[];
    query?: ParamModel[];
    path?: ParamModel[];
  };
  /** Per location, the one object schema Prism validates its parameters as (createJsonSchemaFromParams). */
  paramSchemas: Partial<Record<ParamLocation, CheckedSchema>>;
  /** Prism's `__bundled__`: what the operation's `$ref`s point into (`#/__bundled__/...`). */
  bundle: unknown;
}

export interface PrismModel {
  /** Of the spec document and Prism's version: the model is only used for the very pair it was made from. */
  key: string;
  operations: OperationModel[];
}

/**
 * The shape and derivation of the model written to dist/. Raise it with any change to
 * OperationModel or deriveModel: a dist/ built by older code then goes unused instead of feeding
 * the fast path a model it misreads (seen once: every mock test failed until `npm run build`).
 * test/mock/prism-model.test.ts fails when a built model under the current key differs from a
 * derived one, which is how a forgotten raise shows.
 */
export const MODEL_FORMAT = 3;

export function modelKey(spec: Spec): string {
  return createHash('sha256')
    .update(`prism-http ${PRISM_VERSION}\nmodel ${MODEL_FORMAT}\n`)
    .update(JSON.stringify(spec.document))
    .digest('hex');
}

/**
 * Prism's operations of a spec, the ones PrismGate hands Prism. Prism reads servers to match a
 * base URL; the mock routes by path only (the core strips the base path), so they are dropped.
 * A deep copy: Prism dereferences the document in place, and the parsed spec is shared.
 */
export async function prismOperationsOf(spec: Spec): Promise<IHttpOperation[]> {
  const { getHttpOperationsFromSpec } = prismRequire('./dist/utils/operations') as { getHttpOperationsFromSpec: (document: unknown) => Promise<IHttpOperation[]> };
  return getHttpOperationsFromSpec({ ...structuredClone(spec.document), servers: [] });
}

interface OptionLike<T> {
  _tag: 'Some' | 'None';
  value?: T;
}

/** Prism's input normaliser of a request body schema (validator/validators/body.js): allOf merged, then readOnly stripped. */
function inputSchemaOf(schema: JsonSchema | undefined): JsonSchema | null {
  if (!schema) return null;
  const mergeAllOf = prismRequire('@stoplight/json-schema-merge-allof') as (s: JsonSchema, options: object) => JsonSchema;
  const { stripReadOnlyProperties } = prismRequire('./dist/utils/filterRequiredProperties') as { stripReadOnlyProperties: (s: JsonSchema) => OptionLike<JsonSchema> };
  let merged: JsonSchema;
  try {
    merged = mergeAllOf(schema, { deep: true, ignoreAdditionalProperties: true });
  } catch {
    merged = schema;
  }
  const stripped = stripReadOnlyProperties(merged);
  return stripped._tag === 'Some' ? (stripped.value as JsonSchema) : null;
}

function paramsOf(params: unknown): ParamModel[] | undefined {
  if (!Array.isArray(params)) return undefined;
  return params.map((p: ParamModel) => ({ name: p.name, style: p.style, explode: p.explode, required: p.required, schema: p.schema }));
}

/** Prism's schema of one location's parameters (validator/validators/params.js: createJsonSchemaFromParams), keyed by lower-cased name. */
function paramsSchemaOf(params: ParamModel[]): JsonSchema {
  const properties: Record<string, unknown> = {};
  for (const param of params) properties[param.name.toLocaleLowerCase()] = param.schema;
  for (const [name, schema] of Object.entries(properties)) if (!schema) delete properties[name];
  return { type: 'object', properties, required: params.flatMap((p) => (p.required ? [p.name.toLowerCase()] : [])) };
}

/** Parameters are validated coercing strings to their types, bodies not (Prism's validateAgainstSchema). */
function checked(schema: JsonSchema, coerce: boolean, bundle: unknown): CheckedSchema {
  return { schema, metaValid: isMetaValid(schema, coerce, bundle) };
}

export async function deriveModel(spec: Spec): Promise<PrismModel> {
  const operations = await prismOperationsOf(spec);
  return {
    key: modelKey(spec),
    operations: operations.map((operation) => {
      const request = operation.request;
      const body = request?.body;
      const bundle = (operation as { __bundled__?: unknown }).__bundled__;
      const headers = paramsOf(request?.headers);
      const query = paramsOf(request?.query);
      const path = paramsOf(request?.path);
      const paramSchemas: OperationModel['paramSchemas'] = {};
      for (const [location, params] of [['header', headers], ['query', query], ['path', path]] as const) {
        if (params && params.length > 0) paramSchemas[location] = checked(paramsSchemaOf(params), true, bundle);
      }
      return {
        id: operation.iid ?? '',
        method: operation.method,
        path: operation.path,
        request: request && {
          body: body && {
            required: body.required,
            contents: body.contents?.map((content) => {
              const inputSchema = inputSchemaOf(content.schema as JsonSchema | undefined);
              return { mediaType: content.mediaType, inputSchema: inputSchema && checked(inputSchema, false, bundle), hasEncodings: (content.encodings?.length ?? 0) > 0 };
            }),
          },
          headers,
          query,
          path,
        },
        paramSchemas,
        bundle,
      };
    }),
  };
}

export function precompiledModelPath(spec: Spec): string | undefined {
  return spec.vendor ? resolve(PACKAGE_ROOT, 'dist', 'spec', `${spec.vendor}.prism-model.json`) : undefined;
}

/** Writes the model of a vendor's spec for start-up; false when it does not survive JSON (it is then derived at start). */
export async function precompileModel(spec: Spec): Promise<boolean> {
  const target = precompiledModelPath(spec);
  if (!target) return false;
  const model = await deriveModel(spec);
  if (!survivesJson(model, JSON.parse(JSON.stringify(model)))) return false;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(model));
  return true;
}

/**
 * Whether JSON kept `value` as it is, a key whose value is undefined counting as absent (as it
 * does for Ajv and for the fast path): no NaN, Infinity, undefined in a list, or class instance.
 */
function survivesJson(value: unknown, copy: unknown): boolean {
  if (value === copy) return true;
  if (typeof value !== 'object' || value === null || typeof copy !== 'object' || copy === null) return false;
  if (Array.isArray(value) !== Array.isArray(copy) || Object.getPrototypeOf(value) !== Object.getPrototypeOf(copy)) return false;
  const keys = new Set([...Object.keys(value), ...Object.keys(copy)]);
  return [...keys].every((key) => survivesJson((value as Record<string, unknown>)[key], (copy as Record<string, unknown>)[key]));
}

/** The model built at `path` when it was made from this very spec and Prism, else a new one (which loads Prism's spec reader). */
export async function modelOf(spec: Spec, path = precompiledModelPath(spec)): Promise<PrismModel> {
  if (path) {
    try {
      const precompiled = JSON.parse(readFileSync(path, 'utf8')) as PrismModel;
      if (precompiled.key === modelKey(spec)) return precompiled;
    } catch {
      // not built, or unreadable: derive it
    }
  }
  return deriveModel(spec);
}

