/**
 * Ajv set up as Prism's validator sets it up (validator/validators/utils.js): the same Ajv
 * module, options, formats (Prism's own ajv-formats and date-time), one instance per JSON Schema
 * draft, coercing for parameters and not for bodies, each schema compiled with the operation's
 * bundle beside it. Loaded from where Prism loads them, so an upgrade of Prism moves both alike.
 */
import type { ErrorObject } from 'ajv';
import { prismRequire } from './prism-modules.js';

export type SchemaValidator = (value: unknown) => ErrorObject[];

/**
 * A schema Prism validates against, with whether Ajv (set up as Prism sets it up) accepts it under
 * its meta-schema. Ajv checks that on every compile, and the check compiles the meta-schema first
 * (a tenth of a second of start-up); checked when the model is derived (prism-model.ts), the fast
 * path compiles without it. A schema that fails it Prism cannot compile: it validates nothing by it.
 */
export interface CheckedSchema {
  schema: Record<string, unknown>;
  metaValid: boolean;
}

interface AjvInstance {
  compile(schema: object): { (value: unknown): boolean; errors?: ErrorObject[] | null };
  validateSchema(schema: object): boolean | Promise<unknown>;
  addFormat(name: string, format: unknown): unknown;
}
type AjvClass = new (options: object) => AjvInstance;

const DRAFTS = {
  default: 'ajv',
  draft2019_09: 'ajv/dist/2019',
  draft2020_12: 'ajv/dist/2020',
} as const;
type Draft = keyof typeof DRAFTS;

const instances = new Map<string, AjvInstance>();

// Prism silences Ajv's warning about formats it does not know and passes the rest on.
const logger = {
  warn(...args: unknown[]) {
    if (typeof args[0] === 'string' && args[0].startsWith('unknown format')) return;
    console.warn(...args);
  },
  log: console.log,
  error: console.error,
};

/**
 * Prism's Ajv for a draft, coercing or not. Made with validateSchema off: that option only turns
 * off the meta-schema check inside compile, which prismValidator leaves to the CheckedSchema (Ajv
 * 8's explicit validateSchema(), which isMetaValid calls, checks whatever the option says).
 */
function ajvFor(draft: Draft, coerce: boolean): AjvInstance {
  const key = `${draft} ${coerce}`;
  let ajv = instances.get(key);
  if (!ajv) {
    const loaded = prismRequire(DRAFTS[draft]) as { default: AjvClass };
    ajv = new loaded.default({ allErrors: true, allowUnionTypes: true, allowMatchingProperties: true, strict: false, logger, coerceTypes: coerce, validateSchema: false });
    (prismRequire('ajv-formats') as { default: (ajv: AjvInstance) => void }).default(ajv);
    const dateTime = prismRequire('./dist/validator/validators/dateTime') as { fmtDef: (v: unknown, c: unknown) => unknown; date_time: unknown; compareDateTime: unknown };
    ajv.addFormat('date-time', dateTime.fmtDef(dateTime.date_time, dateTime.compareDateTime));
    instances.set(key, ajv);
  }
  return ajv;
}

function draftOf(schema: Record<string, unknown>): Draft {
  const declared = String(schema.$schema);
  if (/^https?:\/\/json-schema.org\/draft\/2019-09\/schema#?$/.test(declared)) return 'draft2019_09';
  if (/^https?:\/\/json-schema.org\/draft\/2020-12\/schema#?$/.test(declared)) return 'draft2020_12';
  return 'default';
}

/**
 * Whether Prism's Ajv accepts `schema` under its meta-schema, as it checks on compiling it (a
 * `$schema` it does not know is a compile error too).
 */
export function isMetaValid(schema: Record<string, unknown>, coerce: boolean, bundle: unknown): boolean {
  try {
    return ajvFor(draftOf(schema), coerce).validateSchema({ ...schema, __bundled__: bundle }) === true;
  } catch {
    return false;
  }
}

/** Prism's validator of a schema: throws when Prism could not compile it (Prism then validates nothing). */
export function prismValidator(checked: CheckedSchema, coerce: boolean, bundle: unknown): SchemaValidator {
  if (!checked.metaValid) throw new Error('the schema is invalid under its meta-schema: Prism validates nothing by it');
  const validate = ajvFor(draftOf(checked.schema), coerce).compile({ ...checked.schema, __bundled__: bundle });
  return (value) => (validate(value) ? [] : (validate.errors ?? []));
}
