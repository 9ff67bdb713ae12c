import { isObject, type JsonObject } from '../openapi/load.js';

/** Resolves a local `$ref` (`#/components/...`) to its node. */
export type Resolve = (ref: string) => unknown;

/** A schema with its `$ref`s followed and its `allOf` parts merged, remembering where each keyword is written. */
export interface FlatSchema {
  /** Merged keywords (the holder of a `$ref` wins over its target, earlier allOf parts over later ones). */
  schema: JsonObject;
  /** Keyword -> JSON pointer of the schema object that holds it. */
  at: Record<string, string>;
  /** The pointer of the schema itself (after following `$ref`s). */
  pointer: string;
  properties: Record<string, { node: unknown; pointer: string }>;
  required: string[];
  items?: { node: unknown; pointer: string };
  /** `oneOf` / `anyOf` branches. */
  branches: Array<{ node: unknown; pointer: string }>;
}

const STRUCTURAL = new Set(['$ref', 'allOf', 'properties', 'required', 'items', 'oneOf', 'anyOf']);

export function flatten(node: unknown, pointer: string, resolve: Resolve = () => undefined, depth = 0): FlatSchema {
  const flat: FlatSchema = { schema: {}, at: {}, pointer, properties: {}, required: [], branches: [] };
  if (!isObject(node) || depth > 32) return flat;
  const add = (source: JsonObject, where: string) => {
    for (const [key, value] of Object.entries(source)) {
      if (STRUCTURAL.has(key) || key in flat.schema) continue;
      flat.schema[key] = value;
      flat.at[key] = where;
    }
    if (isObject(source.properties)) {
      for (const [name, sub] of Object.entries(source.properties)) {
        flat.properties[name] ??= { node: sub, pointer: `${where}/properties/${escape(name)}` };
      }
    }
    if (Array.isArray(source.required)) {
      for (const name of source.required) if (typeof name === 'string' && !flat.required.includes(name)) flat.required.push(name);
      flat.at.required ??= where;
    }
    if (source.items !== undefined && !flat.items) flat.items = { node: source.items, pointer: `${where}/items` };
    for (const key of ['oneOf', 'anyOf'] as const) {
      const list = source[key];
      if (Array.isArray(list) && flat.branches.length === 0) {
        flat.branches = list.map((b, i) => ({ node: b, pointer: `${where}/${key}/${i}` }));
        flat.at[key] = where;
      }
    }
  };
  // The holder's own keywords first (OpenAPI 3.1 allows siblings of $ref: they refine it).
  add(node, pointer);
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
    const target = refPointer(node.$ref);
    const inner = flatten(resolve(node.$ref), target, resolve, depth + 1);
    merge(flat, inner);
    flat.pointer = inner.pointer;
  }
  if (Array.isArray(node.allOf)) {
    node.allOf.forEach((part, i) => merge(flat, flatten(part, `${pointer}/allOf/${i}`, resolve, depth + 1)));
  }
  return flat;
}

function merge(into: FlatSchema, from: FlatSchema): void {
  for (const [key, value] of Object.entries(from.schema)) {
    if (key in into.schema) continue;
    into.schema[key] = value;
    into.at[key] = from.at[key] as string;
  }
  for (const [name, prop] of Object.entries(from.properties)) into.properties[name] ??= prop;
  for (const name of from.required) if (!into.required.includes(name)) into.required.push(name);
  if (from.required.length > 0) into.at.required ??= from.at.required as string;
  into.items ??= from.items;
  if (into.branches.length === 0) into.branches = from.branches;
}

export function refPointer(ref: string): string {
  return ref.replace(/^#/, '');
}

function escape(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The JSON types a schema allows (from `type`, else guessed from its keywords). */
export function typesOf(flat: FlatSchema): string[] {
  const type = flat.schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.map(String);
  if ('const' in flat.schema) return [jsonType(flat.schema.const)];
  if (Array.isArray(flat.schema.enum) && flat.schema.enum.length > 0) return [...new Set(flat.schema.enum.map(jsonType))];
  if (Object.keys(flat.properties).length > 0 || flat.required.length > 0) return ['object'];
  if (flat.items) return ['array'];
  if ('maxLength' in flat.schema || 'minLength' in flat.schema || 'pattern' in flat.schema) return ['string'];
  if ('minimum' in flat.schema || 'maximum' in flat.schema) return ['number'];
  return [];
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The schema's pattern, compiled (`u` flag, as JSON Schema means it). */
export function patternOf(flat: FlatSchema): RegExp | undefined {
  const pattern = flat.schema.pattern;
  if (typeof pattern !== 'string') return undefined;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

/** Characters tried when building strings, in order of preference. */
const CHARACTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz_-'];
/** Characters tried when a string must break a pattern. */
const FORBIDDEN_CANDIDATES = [...' !~#*/?.@é<', ...'aA0-_'];

export interface StringRequest {
  /** Wanted length (default: prefix + tag, within minLength..maxLength). */
  length?: number;
  /** Put first where the pattern allows (the run prefix). */
  prefix?: string;
  /** Makes the string distinct (e.g. a counter in base 36). */
  tag?: string;
  /** Strings that must not be returned (for distinct array items). */
  used?: ReadonlySet<string>;
  /** Ignore maxLength (to build a string one character too long). */
  ignoreMaxLength?: boolean;
}

/**
 * A string of the wanted length that matches the schema's pattern, starting with `prefix` (and
 * `tag`) where the pattern allows: candidates are tried against the anchored pattern, from
 * `prefix + tag + filler` down to single characters. Undefined when none is found (e.g. a
 * pattern that cannot match a string that long).
 */
export function stringMatching(flat: FlatSchema, request: StringRequest = {}): string | undefined {
  const found = stringOfLength(flat, request);
  if (found !== undefined || request.length !== undefined) return found;
  // The natural length does not fit the pattern (e.g. `^[A-Z0-9]$`): try the shortest lengths.
  const minLength = typeof flat.schema.minLength === 'number' ? flat.schema.minLength : 0;
  const maxLength = typeof flat.schema.maxLength === 'number' ? flat.schema.maxLength : 64;
  for (let length = Math.max(minLength, 1); length <= Math.min(maxLength, 64); length++) {
    const candidate = stringOfLength(flat, { ...request, length });
    if (candidate !== undefined) return candidate;
  }
  return undefined;
}

function stringOfLength(flat: FlatSchema, request: StringRequest): string | undefined {
  const pattern = patternOf(flat);
  const minLength = typeof flat.schema.minLength === 'number' ? flat.schema.minLength : 0;
  const maxLength = !request.ignoreMaxLength && typeof flat.schema.maxLength === 'number' ? flat.schema.maxLength : Number.POSITIVE_INFINITY;
  const prefix = request.prefix ?? '';
  const tag = request.tag ?? '';
  const natural = Math.max(prefix.length + tag.length, minLength, 1);
  const length = request.length ?? Math.min(natural, maxLength);
  if (length < minLength || length > maxLength) return undefined;
  const used = request.used ?? new Set<string>();
  const enumValues = Array.isArray(flat.schema.enum) ? flat.schema.enum.filter((v): v is string => typeof v === 'string') : undefined;
  if (enumValues) return enumValues.find((v) => v.length === length && !used.has(v));
  if (typeof flat.schema.const === 'string') return used.has(flat.schema.const) ? undefined : flat.schema.const;
  const matches = (candidate: string) => candidate.length === length && (!pattern || pattern.test(candidate));
  let feasible = false;
  const accept = (candidate: string) => {
    if (!matches(candidate)) return false;
    feasible = true;
    return !used.has(candidate);
  };
  // The schema's own example last: a pattern that wants a fixed head (`^pr_[A-Za-z0-9]+$`) grows from it.
  const example = typeof flat.schema.example === 'string' ? flat.schema.example : Array.isArray(flat.schema.examples) && typeof flat.schema.examples[0] === 'string' ? flat.schema.examples[0] : '';
  const stems = [...new Set([prefix + tag, (prefix + tag).toLowerCase(), prefix, prefix.toLowerCase(), tag, tag.toLowerCase(), '', example])];
  for (const stem of stems) {
    const head = stem.slice(0, length);
    if (accept(head)) return head;
    for (const c of CHARACTERS) {
      if (accept(head + c.repeat(length - head.length))) return head + c.repeat(length - head.length);
    }
  }
  // Grown inside the example, before its last character (`eq(code,x)` -> `eq(code,xaaaa)`).
  if (example.length > 1 && example.length < length) {
    for (const c of CHARACTERS) {
      const candidate = example.slice(0, -1) + c.repeat(length - example.length) + example.slice(-1);
      if (accept(candidate)) return candidate;
    }
  }
  // Every simple candidate is taken (distinct items): vary the last character too. Not tried when
  // no simple candidate matched at all: the pattern does not want strings built like this.
  if (!feasible) return undefined;
  for (const stem of stems) {
    const shortHead = stem.slice(0, Math.max(0, length - 1));
    for (const c of CHARACTERS) {
      for (const d of CHARACTERS) {
        const candidate = shortHead + c.repeat(Math.max(0, length - 1 - shortHead.length)) + d;
        if (accept(candidate)) return candidate;
      }
    }
  }
  return undefined;
}

/** The value with one character replaced so that the pattern no longer matches (same length). */
export function breakPattern(value: string, pattern: RegExp): string | undefined {
  if (value.length === 0) {
    return FORBIDDEN_CANDIDATES.find((c) => !pattern.test(c));
  }
  const positions = [...new Set([value.length - 1, 0, Math.floor(value.length / 2)])];
  for (const c of FORBIDDEN_CANDIDATES) {
    for (const position of positions) {
      const candidate = value.slice(0, position) + c + value.slice(position + 1);
      if (candidate !== value && !pattern.test(candidate)) return candidate;
    }
  }
  return undefined;
}

export interface SampleOptions {
  prefix?: string;
  resolve?: Resolve;
  /** Makes strings distinct. */
  tag?: string;
  used?: Set<string>;
}

const SAMPLE_UUID = '00000000-0000-4000-8000-000000000000';

/**
 * A valid value of a schema: its `const`, `default`, `example`, first enum value, or one built from
 * its constraints (strings start with the prefix where the pattern allows). Undefined when none
 * can be built.
 */
export function sampleValue(node: unknown, options: SampleOptions = {}, pointer = '', depth = 0): unknown {
  const flat = flatten(node, pointer, options.resolve);
  return sampleFlat(flat, options, depth);
}

export function sampleFlat(flat: FlatSchema, options: SampleOptions = {}, depth = 0): unknown {
  const s = flat.schema;
  if (depth > 16) return undefined;
  if ('const' in s) return s.const;
  if (options.tag === undefined) {
    if ('default' in s) return structuredClone(s.default);
    if ('example' in s) return structuredClone(s.example);
    if (Array.isArray(s.examples) && s.examples.length > 0) return structuredClone(s.examples[0]);
  }
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (flat.branches.length > 0 && Object.keys(flat.properties).length === 0) {
    const first = flat.branches[0] as { node: unknown; pointer: string };
    return sampleValue(first.node, options, first.pointer, depth + 1);
  }
  const types = typesOf(flat);
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'integer':
    case 'number': {
      const low = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : undefined;
      const high = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : undefined;
      let value = Math.max(low ?? 1, 1);
      if (high !== undefined && value > high) value = high;
      return type === 'integer' ? Math.ceil(value) : value;
    }
    case 'boolean':
      return true;
    case 'string': {
      const format = s.format;
      if (format === 'uuid') return SAMPLE_UUID;
      if (format === 'date-time') return '2024-01-01T00:00:00Z';
      if (format === 'date') return '2024-01-01';
      if (format === 'email') return 'contracts@example.com';
      if (format === 'uri' || format === 'url') return 'https://example.com/contracts';
      return stringMatching(flat, { prefix: options.prefix, tag: options.tag, used: options.used });
    }
    case 'array': {
      const count = typeof s.minItems === 'number' ? s.minItems : 0;
      const items: unknown[] = [];
      const used = new Set<string>();
      for (let i = 0; i < count && flat.items; i++) {
        items.push(sampleValue(flat.items.node, { ...options, tag: `${options.tag ?? ''}${i.toString(36)}`, used }, flat.items.pointer, depth + 1));
      }
      return items;
    }
    case 'object':
    case undefined: {
      if (type === undefined && Object.keys(flat.properties).length === 0) return undefined;
      const value: JsonObject = {};
      for (const name of flat.required) {
        const prop = flat.properties[name];
        value[name] = prop ? sampleValue(prop.node, options, prop.pointer, depth + 1) : 'x';
      }
      return value;
    }
    default:
      return undefined;
  }
}
