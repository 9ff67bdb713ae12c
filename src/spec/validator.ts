import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Spec } from './load.js';

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

function toViolation(error: ErrorObject, rootPointer: string): SchemaViolation {
  // schemaPath is relative to the compiled wrapper `{ $ref }`; after the ref it reads like the spec.
  const schemaPath = error.schemaPath.replace(/^#\/?/, '');
  const inDocument = schemaPath.includes('#') ? schemaPath.slice(schemaPath.indexOf('#') + 1) : `${rootPointer}/${schemaPath}`;
  const where = error.instancePath === '' ? 'body' : error.instancePath;
  return {
    instancePath: error.instancePath,
    schemaPointer: decodeURIComponent(inDocument.replace(/^\/\$ref/, '')),
    keyword: error.keyword,
    message: `${where} ${error.message ?? 'is invalid'}${describeParams(error)}`,
  };
}

function describeParams(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return ` ('${String(p.additionalProperty)}')`;
  if (error.keyword === 'enum') return ` (${JSON.stringify(p.allowedValues)})`;
  if (error.keyword === 'const') return ` (${JSON.stringify(p.allowedValue)})`;
  return '';
}
