import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { perSpec, type Spec } from './load.js';

// ajv-formats is CommonJS with a default export; under NodeNext the callable is on .default.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

export interface SchemaViolation {
  /** Where in the value (JSON pointer), '' for the root. */
  instancePath: string;
  /** Where in the spec the broken keyword is (JSON pointer into the document). */
  schemaPointer: string;
  keyword: string;
  message: string;
}

export interface SpecValidator {
  /** Validates a value against the schema at `pointer` (e.g. `/components/schemas/CouponCode`). */
  validate(pointer: string, value: unknown): SchemaViolation[];
}

/**
 * One Ajv (2020-12, formats on) per spec, compiling each schema once on first use. The whole
 * document is added under its own id so that `$ref`s inside schemas resolve as they are written.
 */
export function createSpecValidator(spec: Spec): SpecValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI keywords that are not JSON Schema.
  for (const keyword of ['example', 'discriminator', 'xml', 'externalDocs']) {
    if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
  }
  const id = `spec://${spec.vendor ?? 'document'}`;
  ajv.addSchema({ ...spec.document, $id: id }, id);
  const compiled = new Map<string, ValidateFunction>();

  return {
    validate(pointer, value) {
      let fn = compiled.get(pointer);
      if (!fn) {
        const ref = `${id}#${pointer.split('/').map((s) => encodeURIComponent(s).replaceAll('%7E', '~')).join('/')}`;
        fn = ajv.compile({ $ref: ref });
        compiled.set(pointer, fn);
      }
      if (fn(value)) return [];
      return (fn.errors ?? []).map((e: ErrorObject) => toViolation(e, pointer));
    },
  };
}

/**
 * One validator per spec, shared by whoever asks: compiling the document into Ajv is the costly
 * part (about 2 s of the fast test tier's CPU when every contract context built its own), and a
 * validator keeps nothing between calls but what it compiled.
 */
export const specValidatorOf: (spec: Spec) => SpecValidator = perSpec(createSpecValidator);

function toViolation(error: ErrorObject, rootPointer: string): SchemaViolation {
  const where = error.instancePath === '' ? 'body' : error.instancePath;
  return {
    instancePath: error.instancePath,
    schemaPointer: documentPointer(error.schemaPath, rootPointer),
    keyword: error.keyword,
    message: `${where} ${error.message ?? 'is invalid'}${describeParams(error)}`,
  };
}

/**
 * Ajv's schemaPath is relative to the schema the error happened in: the one we compiled (reached
 * through our wrapper's `$ref`, so `#/properties/...` is under `rootPointer`), or one reached
 * through a `$ref` inside it, whose path starts at the document root (`#/components/...`).
 */
export function documentPointer(schemaPath: string, rootPointer: string): string {
  const hash = schemaPath.indexOf('#');
  const path = decodeURIComponent(hash === -1 ? schemaPath : schemaPath.slice(hash + 1)).replace(/^\/\$ref(?=\/|$)/, '');
  if (/^\/(components|paths|webhooks)\//.test(path)) return path;
  return `${rootPointer}${path.startsWith('/') || path === '' ? '' : '/'}${path}`;
}

function describeParams(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return ` ('${String(p.additionalProperty)}')`;
  if (error.keyword === 'enum') return ` (${JSON.stringify(p.allowedValues)})`;
  if (error.keyword === 'const') return ` (${JSON.stringify(p.allowedValue)})`;
  return '';
}
