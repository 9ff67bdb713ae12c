/**
 * Ajv set up as Prism's validator sets it up (validator/validators/utils.js): the same Ajv
 * module, options, formats (Prism's own ajv-formats and date-time), one instance per JSON Schema
 * draft, coercing for parameters and not for bodies, each schema compiled with the operation's
 * bundle beside it. Loaded from where Prism loads them, so an upgrade of Prism moves both alike.
 */
import type { ErrorObject } from 'ajv';
import { prismRequire } from './prism-model.js';

export type SchemaValidator = (value: unknown) => ErrorObject[];

interface AjvInstance {
  compile(schema: object): { (value: unknown): boolean; errors?: ErrorObject[] | null };
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

function ajvFor(draft: Draft, coerce: boolean): AjvInstance {
  const key = `${draft} ${coerce}`;
  let ajv = instances.get(key);
  if (!ajv) {
    const loaded = prismRequire(DRAFTS[draft]) as { default: AjvClass };
    ajv = new loaded.default({ allErrors: true, allowUnionTypes: true, allowMatchingProperties: true, strict: false, logger, coerceTypes: coerce });
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

/** Prism's validator of `schema`: throws when it does not compile (Prism then validates nothing). */
export function prismValidator(schema: Record<string, unknown>, coerce: boolean, bundle: unknown): SchemaValidator {
  const validate = ajvFor(draftOf(schema), coerce).compile({ ...schema, __bundled__: bundle });
  return (value) => (validate(value) ? [] : (validate.errors ?? []));
}
