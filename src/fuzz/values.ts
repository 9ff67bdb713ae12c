import { deref, isObject, type JsonObject } from '../openapi/load.js';
import type { FuzzRandom } from './random.js';

/**
 * A number written into JSON text as-is: what a client's serializer may send but a JavaScript
 * value cannot hold (`1e309`, `-0`, `1e-400`, 2^53 + 1).
 */
export class RawNumber {
  constructor(readonly text: string) {}
}

export const HOSTILE_NUMBERS = [
  '1e309',
  '-1e309',
  '-0',
  '0.0',
  '1e-400',
  '9007199254740993',
  '-9007199254740993',
  '123456789012345678901234567890',
  '2147483648',
  '-2147483649',
  '4294967296',
  '1.5',
  '1E2',
  '0.1e1',
  '-1',
  '0',
  '1e21',
] as const;

export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '💥🎉',
  '\u202eRTL',
  'İıß',
  'ǅǈ',
  'ＡＢＣ',
  'e\u0301',
  '\t\r\n',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../../etc/passwd',
  '%00%2e%2e',
  '{{7*7}}${7*7}',
  '\\"\\u0000',
  'null',
  'true',
  '1e309',
  'x'.repeat(300),
  'Ω'.repeat(5000),
] as const;

interface Sampling {
  document: unknown;
  random: FuzzRandom;
}

const MAX_DEPTH = 8;
const PLAIN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function typesOf(schema: JsonObject): string[] {
  if (Array.isArray(schema.type)) return schema.type.map(String);
  if (typeof schema.type === 'string') return [schema.type];
  if (isObject(schema.properties) || Array.isArray(schema.required)) return ['object'];
  if (schema.items !== undefined) return ['array'];
  if (typeof schema.pattern === 'string' || typeof schema.format === 'string') return ['string'];
  return [];
}

function examplesOf(schema: JsonObject): unknown[] {
  return [...(Array.isArray(schema.examples) ? schema.examples : []), ...('example' in schema ? [schema.example] : []), ...('default' in schema ? [schema.default] : [])];
}

function numberBounds(schema: JsonObject, integer: boolean): { low: number; high: number } {
  const step = integer ? 1 : 0.5;
  const low =
    typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + step : undefined;
  const high =
    typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - step : undefined;
  const from = low ?? (high !== undefined ? high - 1000 : -1000);
  return { low: from, high: high ?? from + 1000 };
}

/** A value the schema accepts (a best effort: what no schema keyword we know of rejects). */
export function validValue(sampling: Sampling, rawSchema: unknown, depth = 0): unknown {
  const { random } = sampling;
  const schema = deref<unknown>(sampling.document, rawSchema);
  if (!isObject(schema)) return random.string(PLAIN_ALPHABET, 8);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return random.pick(schema.enum);
  const examples = examplesOf(schema);
  if (examples.length > 0 && random.chance(0.3)) return cloneValue(random.pick(examples));
  const branches = (Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined) as unknown[] | undefined;
  if (branches && branches.length > 0) {
    const own = Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'oneOf' && key !== 'anyOf'));
    return validValue(sampling, { allOf: [own, random.pick(branches)] }, depth);
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => deref<JsonObject>(sampling.document, part));
    const own = Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'allOf'));
    return validValue(sampling, mergeSchemas([own, ...parts]), depth);
  }
  const types = typesOf(schema);
  const nonNull = types.filter((t) => t !== 'null');
  const type = nonNull.length > 0 ? random.pick(nonNull) : types[0];
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return random.chance(0.5);
    case 'integer':
    case 'number': {
      const integer = type === 'integer';
      const { low, high } = numberBounds(schema, integer);
      if (random.chance(0.3)) return random.chance(0.5) ? low : high;
      const value = integer ? Math.ceil(low) + random.int(Math.max(1, Math.floor(high) - Math.ceil(low) + 1)) : low + (random.int(1000) / 1000) * (high - low);
      return typeof schema.multipleOf === 'number' ? Math.floor(value / schema.multipleOf) * schema.multipleOf : value;
    }
    case 'string':
      return validString(sampling, schema, examples);
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : min + 4;
      const length = depth >= MAX_DEPTH ? min : random.chance(0.05) ? max : random.between(min, Math.min(max, min + 4));
      const items: unknown[] = [];
      const seen = new Set<string>();
      for (let tries = 0; items.length < length && tries < length * 4 + 8; tries++) {
        const item = validValue(sampling, schema.items, depth + 1);
        const key = JSON.stringify(item);
        if (schema.uniqueItems === true && seen.has(key)) continue;
        seen.add(key);
        items.push(item);
      }
      return items;
    }
    case 'object': {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
      const value: JsonObject = {};
      for (const [name, propertySchema] of Object.entries(properties)) {
        if (required.has(name) || (depth < MAX_DEPTH && random.chance(0.5))) value[name] = validValue(sampling, propertySchema, depth + 1);
      }
      for (const name of required) if (!(name in value)) value[name] = random.string(PLAIN_ALPHABET, 6);
      return value;
    }
    default:
      return random.string(PLAIN_ALPHABET, 8);
  }
}

function validString(sampling: Sampling, schema: JsonObject, examples: unknown[]): string {
  const { random } = sampling;
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Math.max(minLength + 24, 24);
  const fits = (text: string) => [...text].length >= minLength && [...text].length <= maxLength;
  switch (schema.format) {
    case 'date-time':
      return new Date(random.int(4_000_000_000) * 1000).toISOString();
    case 'date':
      return new Date(random.int(4_000_000_000) * 1000).toISOString().slice(0, 10);
    case 'uuid':
      return random.uuid();
    case 'email':
      return `${random.string('abcdefghij', 6)}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${random.string(PLAIN_ALPHABET, 8)}`;
    default:
  }
  if (typeof schema.pattern === 'string') {
    for (let tries = 0; tries < 8; tries++) {
      const text = random.matching(schema.pattern);
      if (fits(text)) return text;
    }
    const example = examples.find((e): e is string => typeof e === 'string');
    if (example !== undefined) return example;
  }
  const length = random.chance(0.2) ? random.pick([minLength, maxLength]) : random.between(minLength, Math.min(maxLength, minLength + 24));
  return random.string(PLAIN_ALPHABET, length);
}

/** allOf as one schema: properties and required joined, the stricter of the other keywords is not computed (last wins). */
function mergeSchemas(parts: JsonObject[]): JsonObject {
  const merged: JsonObject = {};
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' && isObject(value)) Object.assign(properties, value);
      else if (key === 'required' && Array.isArray(value)) required.push(...value.map(String));
      else merged[key] = value;
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.length > 0) merged.required = [...new Set(required)];
  return merged;
}

/** A value that breaks one keyword of the schema, and which; a hostile value when the schema constrains nothing. */
export function invalidValue(sampling: Sampling, rawSchema: unknown, depth = 0): { value: unknown; broken: string } {
  const { random } = sampling;
  const schema = deref<unknown>(sampling.document, rawSchema);
  const breakers: Array<() => { value: unknown; broken: string }> = [];
  if (isObject(schema)) {
    const types = typesOf(schema);
    if (types.length > 0) {
      const wrong = [42, 1.5, 'text', true, null, [], {}].filter((v) => !types.some((t) => acceptsType(t, v)));
      if (wrong.length > 0) breakers.push(() => ({ value: random.pick(wrong), broken: 'type' }));
    }
    if (Array.isArray(schema.enum) || 'const' in schema) breakers.push(() => ({ value: `not-${random.string(PLAIN_ALPHABET, 4)}`, broken: 'enum' }));
    const integer = types.includes('integer');
    if (typeof schema.minimum === 'number') breakers.push(() => ({ value: schema.minimum as number - (integer ? 1 : 0.5), broken: 'minimum' }));
    if (typeof schema.maximum === 'number') breakers.push(() => ({ value: schema.maximum as number + (integer ? 1 : 0.5), broken: 'maximum' }));
    if (types.includes('integer') || types.includes('number'))
      breakers.push(() => ({ value: new RawNumber(random.pick(HOSTILE_NUMBERS)), broken: 'number' }));
    if (typeof schema.minLength === 'number' && schema.minLength > 0)
      breakers.push(() => ({ value: 'x'.repeat((schema.minLength as number) - 1), broken: 'minLength' }));
    if (typeof schema.maxLength === 'number') breakers.push(() => ({ value: 'X'.repeat((schema.maxLength as number) + 1), broken: 'maxLength' }));
    if (typeof schema.pattern === 'string' || typeof schema.format === 'string')
      breakers.push(() => ({ value: random.pick(HOSTILE_STRINGS), broken: typeof schema.pattern === 'string' ? 'pattern' : 'format' }));
    if (typeof schema.minItems === 'number' && schema.minItems > 0) breakers.push(() => ({ value: [], broken: 'minItems' }));
    if (typeof schema.maxItems === 'number' && schema.maxItems < 2000) {
      breakers.push(() => ({
        value: Array.from({ length: (schema.maxItems as number) + 1 }, () => validValue(sampling, schema.items, depth + 1)),
        broken: 'maxItems',
      }));
    }
    if (schema.items !== undefined && depth < MAX_DEPTH) {
      breakers.push(() => {
        const inner = invalidValue(sampling, schema.items, depth + 1);
        return { value: [inner.value], broken: `items.${inner.broken}` };
      });
    }
    if (types.includes('object') || isObject(schema.properties)) {
      const valid = validValue(sampling, schema, depth);
      if (isObject(valid)) {
        const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
        if (required.length > 0) {
          breakers.push(() => {
            const name = random.pick(required);
            const { [name]: _dropped, ...rest } = valid;
            return { value: rest, broken: `required ${name}` };
          });
        }
        const properties = isObject(schema.properties) ? Object.entries(schema.properties) : [];
        if (properties.length > 0 && depth < MAX_DEPTH) {
          breakers.push(() => {
            const [name, propertySchema] = random.pick(properties);
            const inner = invalidValue(sampling, propertySchema, depth + 1);
            return { value: { ...valid, [name]: inner.value }, broken: `${name}.${inner.broken}` };
          });
        }
        if (schema.additionalProperties === false) breakers.push(() => ({ value: { ...valid, unexpected_field: 1 }, broken: 'additionalProperties' }));
      }
    }
  }
  if (breakers.length === 0) {
    return random.chance(0.5)
      ? { value: random.pick(HOSTILE_STRINGS), broken: 'hostile string' }
      : { value: new RawNumber(random.pick(HOSTILE_NUMBERS)), broken: 'hostile number' };
  }
  return random.pick(breakers)();
}

function acceptsType(type: string, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true;
  }
}

/** Replaces one leaf of `value` (a fresh copy) by `replacement`; the leaf is chosen at random among those `eligible` takes. */
export function replaceLeaf(random: FuzzRandom, value: unknown, replacement: (old: unknown) => unknown, eligible: (leaf: unknown) => boolean = () => true): unknown {
  const leaves: Array<Array<string | number>> = [];
  const walk = (node: unknown, path: Array<string | number>) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, i]));
    else if (isObject(node) && !(node instanceof RawNumber)) for (const [key, item] of Object.entries(node)) walk(item, [...path, key]);
    else if (eligible(node)) leaves.push(path);
  };
  walk(value, []);
  if (leaves.length === 0) return replacement(value);
  const target = random.pick(leaves);
  if (target.length === 0) return replacement(value);
  const copy = cloneValue(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of target.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = target[target.length - 1] as string | number;
  node[last] = replacement(node[last]);
  return copy;
}

/** A deep copy that keeps RawNumbers (structuredClone would turn them into plain objects). */
export function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isObject(value) && !(value instanceof RawNumber)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneValue(v)]));
  return value;
}

/** JSON text of a value that may hold RawNumbers; non-JSON JavaScript values (undefined) are dropped as JSON.stringify drops them. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawNumber) {
      raws.push(item.text);
      return `\u0000raw${raws.length - 1}\u0000`;
    }
    return item;
  });
  return (text ?? 'null').replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, index: string) => raws[Number(index)] as string);
}
