import { isObject, type JsonObject } from '../openapi/load.js';
import { breakPattern, flatten, jsonType, patternOf, sampleFlat, stringMatching, typesOf, type FlatSchema, type Resolve } from './values.js';

export type BoundaryKind =
  | 'min'
  | 'max'
  | 'min-1'
  | 'max+1'
  | 'non-integer'
  | 'maxLength'
  | 'maxLength+1'
  | 'minLength-1'
  | 'pattern'
  | 'enum'
  | 'maxItems'
  | 'maxItems+1'
  | 'minItems-1'
  | 'uniqueItems'
  | 'format'
  | 'additionalProperties'
  | 'wrong-type'
  | 'missing-required';

export type PathSegment = string | number;

/** One request derived from a constraint of the spec: the base with one field changed (or removed). */
export interface BoundaryCase {
  /** `body.code maxLength+1`, `query.limit max`: unique within one operation. */
  id: string;
  /** The field, for reading: `code`, `discount_codes[0].code`, `id:in[0]`. */
  field: string;
  /** Where in the base the value goes. */
  path: PathSegment[];
  kind: BoundaryKind;
  /** Whether the spec accepts the value. */
  valid: boolean;
  /** The value to set (absent when `remove`). */
  value?: unknown;
  /** Remove the field instead (missing required). */
  remove?: true;
  /** Containers to put in place first (an optional object or array the base does not have). */
  setup: Array<{ path: PathSegment[]; value: unknown }>;
  /** JSON pointer of the keyword in the spec document (`/components/schemas/X/properties/code/maxLength`). */
  pointer: string;
  /** What the spec says, e.g. `maxLength: 50`. */
  says: string;
}

export interface BoundaryOptions {
  /** Valid strings start with it where the pattern allows (the run prefix). */
  prefix?: string;
  /** Resolves `$ref`s of the schema. */
  resolve?: Resolve;
  /** Pointer of the schema in the spec document (for `BoundaryCase.pointer`). */
  pointer?: string;
  /** `query` and `path` values travel as text: no wrong-type case for strings, numbers are sent as text. */
  location?: 'body' | 'query' | 'path';
}

interface Walk {
  options: Required<Pick<BoundaryOptions, 'prefix' | 'location'>> & { resolve: Resolve };
  cases: BoundaryCase[];
  label: string;
}

/**
 * The boundary cases of a request schema, derived from its constraints (never hand-listed), each
 * applied to `base` (a valid request): for every constrained field of the body (nested objects,
 * the first array item) — minimum/maximum and one past them, a non-integer for an integer,
 * maxLength and one past it, one below minLength, a character the pattern forbids, an unknown
 * enum value, maxItems (distinct items) and one past it, one below minItems, a wrong type, each
 * required field missing. Valid strings match the field's pattern and start with the prefix where
 * the pattern allows.
 */
export function boundaryCases(schema: unknown, base: unknown, options: BoundaryOptions = {}): BoundaryCase[] {
  const location = options.location ?? 'body';
  const walk: Walk = {
    options: { prefix: options.prefix ?? '', location, resolve: options.resolve ?? (() => undefined) },
    cases: [],
    label: location,
  };
  visit(walk, schema, options.pointer ?? '', [], base, []);
  return walk.cases;
}

/** A copy of `base` with the case applied. */
export function applyCase(base: unknown, c: Pick<BoundaryCase, 'path' | 'value' | 'remove' | 'setup'>): unknown {
  let copy: unknown = base === undefined ? (typeof c.path[0] === 'number' ? [] : {}) : structuredClone(base);
  for (const step of c.setup) copy = setAt(copy, step.path, structuredClone(step.value));
  if (c.remove) return removeAt(copy, c.path);
  return setAt(copy, c.path, structuredClone(c.value));
}

function setAt(root: unknown, path: PathSegment[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as PathSegment;
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1] as PathSegment] = value;
  return root;
}

function removeAt(root: unknown, path: PathSegment[]): unknown {
  if (path.length === 0) return undefined;
  let node = root as Record<string | number, unknown> | undefined;
  for (let i = 0; i < path.length - 1 && node; i++) node = node[path[i] as PathSegment] as Record<string | number, unknown> | undefined;
  if (node && typeof node === 'object') {
    const last = path[path.length - 1] as PathSegment;
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  }
  return root;
}

function fieldName(path: PathSegment[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function chooseBranch(walk: Walk, flat: FlatSchema, value: unknown): { node: unknown; pointer: string } | undefined {
  const scored = flat.branches.map((branch) => {
    const inner = flatten(branch.node, branch.pointer, walk.options.resolve);
    let score = 0;
    if (isObject(value)) {
      for (const [name, prop] of Object.entries(inner.properties)) {
        const p = flatten(prop.node, prop.pointer, walk.options.resolve);
        if ('const' in p.schema) score += p.schema.const === value[name] ? 2 : -10;
        else if (name in value) score += 1;
      }
      for (const name of inner.required) if (!(name in value)) score -= 5;
    } else if (value !== undefined && typesOf(inner).includes(jsonType(value))) {
      score += 1;
    }
    return { branch, score };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored[0]?.branch;
}

function visit(walk: Walk, node: unknown, pointer: string, path: PathSegment[], value: unknown, setup: BoundaryCase['setup'], depth = 0): void {
  if (depth > 12) return;
  const flat = flatten(node, pointer, walk.options.resolve);
  if (flat.branches.length > 0 && Object.keys(flat.properties).length === 0 && typesOf(flat).length === 0) {
    const branch = chooseBranch(walk, flat, value);
    if (branch) visit(walk, branch.node, branch.pointer, path, value, setup, depth + 1);
    // The other branches' rules too, broken on a sample of that branch put in place: only cases
    // the spec refuses (a valid one would make something the run did not mean to, e.g. another job kind).
    for (const [index, other] of flat.branches.entries()) {
      if (other === branch) continue;
      const sample = sampleFlat(flatten(other.node, other.pointer, walk.options.resolve), { prefix: walk.options.prefix, resolve: walk.options.resolve });
      if (sample === undefined) continue;
      const inner: Walk = { ...walk, cases: [] };
      visit(inner, other.node, other.pointer, path, sample, [...setup, { path, value: sample }], depth + 1);
      for (const c of inner.cases) if (!c.valid) walk.cases.push({ ...c, id: `${c.id} (branch ${index})` });
    }
    return;
  }
  const types = typesOf(flat);
  const type = types.find((t) => t !== 'null') ?? types[0];
  const isRoot = path.length === 0;
  const add = (kind: BoundaryKind, valid: boolean, keyword: string, says: string, change: { value?: unknown; remove?: true }) => {
    const field = fieldName(path);
    walk.cases.push({
      id: `${walk.label}${field ? `.${field}` : ''} ${kind}`,
      field,
      path,
      kind,
      valid,
      ...change,
      setup,
      pointer: `${flat.at[keyword] ?? flat.pointer}/${keyword}`,
      says,
    });
  };
  const s = flat.schema;
  const query = walk.options.location !== 'body';
  const prefix = walk.options.prefix;

  if (!isRoot && types.length > 0) {
    const wrong = wrongTypeValue(types, query, flat);
    if (wrong !== NONE) add('wrong-type', false, 'type', `type: ${types.join(' | ')}`, { value: wrong });
  }

  if (type === 'integer' || type === 'number') {
    const min = typeof s.minimum === 'number' ? s.minimum : undefined;
    const max = typeof s.maximum === 'number' ? s.maximum : undefined;
    const exMin = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : undefined;
    const exMax = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : undefined;
    const step = type === 'integer' ? 1 : 0.5;
    if (min !== undefined) {
      add('min', true, 'minimum', `minimum: ${min}`, { value: min });
      add('min-1', false, 'minimum', `minimum: ${min}`, { value: min - 1 });
    } else if (exMin !== undefined) {
      add('min', true, 'exclusiveMinimum', `exclusiveMinimum: ${exMin}`, { value: exMin + step });
      add('min-1', false, 'exclusiveMinimum', `exclusiveMinimum: ${exMin}`, { value: exMin });
    }
    if (max !== undefined) {
      add('max', true, 'maximum', `maximum: ${max}`, { value: max });
      add('max+1', false, 'maximum', `maximum: ${max}`, { value: max + 1 });
    } else if (exMax !== undefined) {
      add('max', true, 'exclusiveMaximum', `exclusiveMaximum: ${exMax}`, { value: exMax - step });
      add('max+1', false, 'exclusiveMaximum', `exclusiveMaximum: ${exMax}`, { value: exMax });
    }
    const largest = typeof s.format === 'string' ? INTEGER_FORMATS[s.format]?.[1] : undefined;
    // A value past the format's range, where no bound of the schema's own already refuses it.
    if (largest !== undefined && (max === undefined || max > largest) && (exMax === undefined || exMax > largest + 1) && !Array.isArray(s.enum)) {
      add('format', false, 'format', `format: ${String(s.format)}`, { value: largest * 2 + 2 });
    }
    if (type === 'integer' && !isRoot) {
      const low = min ?? (exMin !== undefined ? exMin + 1 : typeof value === 'number' ? value : 1);
      const high = max ?? (exMax !== undefined ? exMax - 1 : undefined);
      const fraction = high !== undefined && low + 0.5 > high ? low - 0.5 : low + 0.5;
      add('non-integer', false, 'type', 'type: integer', { value: fraction });
    }
  }

  if (type === 'string') {
    const pattern = patternOf(flat);
    const maxLength = typeof s.maxLength === 'number' ? s.maxLength : undefined;
    const minLength = typeof s.minLength === 'number' ? s.minLength : undefined;
    if (maxLength !== undefined && !Array.isArray(s.enum) && !('const' in s)) {
      const atMax = stringMatching(flat, { length: maxLength, prefix, tag: 'L' });
      if (atMax !== undefined) add('maxLength', true, 'maxLength', `maxLength: ${maxLength}`, { value: atMax });
      const over = stringMatching(flat, { length: maxLength + 1, prefix, tag: 'L', ignoreMaxLength: true });
      if (over !== undefined) add('maxLength+1', false, 'maxLength', `maxLength: ${maxLength}`, { value: over });
    }
    if (minLength !== undefined && minLength > 0) {
      const under = minLength - 1 === 0 ? '' : stringMatching({ ...flat, schema: { ...s, minLength: 0 } }, { length: minLength - 1, prefix, tag: 'S' });
      if (under !== undefined) add('minLength-1', false, 'minLength', `minLength: ${minLength}`, { value: under });
    }
    const broken = typeof s.format === 'string' ? notOfFormat(s.format, prefix) : undefined;
    if (broken !== undefined) add('format', false, 'format', `format: ${String(s.format)}`, { value: broken });
    if (pattern) {
      const valid =
        typeof value === 'string' && pattern.test(value) ? value : (sampleFlat(flat, { prefix, resolve: walk.options.resolve }) as string | undefined);
      const broken = typeof valid === 'string' ? breakPattern(valid, pattern) : undefined;
      if (broken !== undefined) add('pattern', false, 'pattern', `pattern: ${String(s.pattern)}`, { value: broken });
    }
  }

  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const unknown = unknownEnumValue(s.enum, prefix);
    if (unknown !== NONE) add('enum', false, 'enum', `enum: ${JSON.stringify(s.enum)}`, { value: unknown });
  } else if ('const' in s && !isRoot) {
    const unknown = unknownEnumValue([s.const], prefix);
    if (unknown !== NONE) add('enum', false, 'const', `const: ${JSON.stringify(s.const)}`, { value: unknown });
  }

  if (type === 'array') {
    const items = flat.items;
    const current = Array.isArray(value) ? value : undefined;
    const itemsFlat = items ? flatten(items.node, items.pointer, walk.options.resolve) : undefined;
    const baseItem = current?.[0] ?? (itemsFlat ? sampleFlat(itemsFlat, { prefix, resolve: walk.options.resolve }) : undefined);
    const maxItems = typeof s.maxItems === 'number' ? s.maxItems : undefined;
    const minItems = typeof s.minItems === 'number' ? s.minItems : undefined;
    if (maxItems !== undefined && itemsFlat) {
      const atMax = distinctItems(walk, itemsFlat, baseItem, maxItems, 'X');
      if (atMax) add('maxItems', true, 'maxItems', `maxItems: ${maxItems}`, { value: atMax });
      const over = distinctItems(walk, itemsFlat, baseItem, maxItems + 1, 'Y');
      if (over) add('maxItems+1', false, 'maxItems', `maxItems: ${maxItems}`, { value: over });
    }
    if (minItems !== undefined && minItems > 0 && itemsFlat) {
      const under = minItems - 1 === 0 ? [] : distinctItems(walk, itemsFlat, baseItem, minItems - 1, 'Z');
      if (under) add('minItems-1', false, 'minItems', `minItems: ${minItems}`, { value: under });
    }
    if (s.uniqueItems === true && baseItem !== undefined && (maxItems === undefined || maxItems >= 2)) {
      add('uniqueItems', false, 'uniqueItems', 'uniqueItems: true', { value: [baseItem, structuredClone(baseItem)] });
    }
    if (items && baseItem !== undefined) {
      const itemSetup = current && current.length > 0 ? setup : [...setup, { path, value: [baseItem] }];
      visit(walk, items.node, items.pointer, [...path, 0], baseItem, itemSetup, depth + 1);
    }
  }

  if (type === 'object' || (type === undefined && Object.keys(flat.properties).length > 0)) {
    let current = isObject(value) ? value : undefined;
    let childSetup = setup;
    if (!current && !isRoot) {
      current = (sampleFlat(flat, { prefix, resolve: walk.options.resolve }) as JsonObject | undefined) ?? {};
      childSetup = [...setup, { path, value: current }];
    }
    if (s.additionalProperties === false) {
      const unknown = ['contracts_unknown', 'contracts_unknown_2'].find((name) => !(name in flat.properties)) as string;
      add('additionalProperties', false, 'additionalProperties', 'additionalProperties: false', { value: { ...(current ?? {}), [unknown]: 1 } });
    }
    for (const name of flat.required) {
      const childPath = [...path, name];
      walk.cases.push({
        id: `${walk.label}.${fieldName(childPath)} missing-required`,
        field: fieldName(childPath),
        path: childPath,
        kind: 'missing-required',
        valid: false,
        remove: true,
        setup: childSetup,
        pointer: `${flat.at.required ?? flat.pointer}/required`,
        says: `required: ${JSON.stringify(flat.required)}`,
      });
    }
    for (const [name, prop] of Object.entries(flat.properties)) {
      visit(walk, prop.node, prop.pointer, [...path, name], current?.[name], childSetup, depth + 1);
    }
  }
}

const NONE = Symbol('none');

/** The range of each integer format (OpenAPI formats): the least and the largest value. */
export const INTEGER_FORMATS: Readonly<Record<string, readonly [min: number, max: number]>> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [-(2 ** 63), 2 ** 63 - 1] };

/** A string the format refuses, for the formats a validator checks; undefined for others. */
function notOfFormat(format: string, prefix: string): string | undefined {
  const known = ['uuid', 'date-time', 'date', 'time', 'email', 'uri', 'ipv4', 'ipv6'];
  return known.includes(format) ? `${prefix || 'CC'}-not-a-${format}` : undefined;
}

function wrongTypeValue(types: string[], query: boolean, flat: FlatSchema): unknown {
  const allows = (t: string) => types.includes(t) || (t === 'integer' && types.includes('number'));
  if (query) {
    // Everything in a query is text: only a number or boolean can have the wrong type.
    if (types.includes('string')) return NONE;
    if (types.includes('array')) {
      const items = flat.items ? typesOf(flatten(flat.items.node, flat.items.pointer)) : [];
      return items.some((t) => t === 'integer' || t === 'number') ? 'not-a-number' : NONE;
    }
    if (allows('integer') || types.includes('number')) return 'not-a-number';
    if (types.includes('boolean')) return 'not-a-boolean';
    return NONE;
  }
  if (!allows('string')) return types.includes('integer') || types.includes('number') ? 'not-a-number' : `not-a-${types[0] ?? 'value'}`;
  if (!types.includes('integer') && !types.includes('number')) return 12345;
  if (!types.includes('boolean')) return true;
  return NONE;
}

function unknownEnumValue(values: unknown[], prefix: string): unknown {
  if (values.every((v) => typeof v === 'number')) return Math.max(...(values as number[])) + 1;
  if (values.every((v) => typeof v === 'string')) {
    const candidate = `${prefix || 'CC'}_NOT_IN_ENUM`;
    return values.includes(candidate) ? `${candidate}_2` : candidate;
  }
  if (values.every((v) => typeof v === 'boolean')) return values.includes(true) ? (values.includes(false) ? NONE : false) : true;
  return NONE;
}

/** `count` distinct valid items like `baseItem` (strings made distinct by a tag), or undefined. */
function distinctItems(walk: Walk, items: FlatSchema, baseItem: unknown, count: number, tag: string): unknown[] | undefined {
  const used = new Set<string>();
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const item = distinctItem(walk, items, baseItem, `${tag}${i.toString(36).toUpperCase()}`, used, i);
    if (item === undefined) return undefined;
    out.push(item);
  }
  return out;
}

function distinctItem(walk: Walk, flat: FlatSchema, base: unknown, tag: string, used: Set<string>, index: number): unknown {
  const types = typesOf(flat);
  if (types.includes('string')) {
    // Prefix and tag make items distinct across runs; where the pattern wants other lengths
    // (single characters), the base item's length.
    const value =
      stringMatching(flat, { prefix: walk.options.prefix, tag, used }) ??
      (typeof base === 'string' ? stringMatching(flat, { prefix: walk.options.prefix, tag, used, length: base.length }) : undefined);
    if (value !== undefined) used.add(value);
    return value;
  }
  if (types.includes('integer') || types.includes('number')) {
    const start = typeof base === 'number' ? base : (sampleFlat(flat) as number | undefined) ?? 1;
    const value = start + index;
    if (typeof flat.schema.maximum === 'number' && value > flat.schema.maximum) return undefined;
    return value;
  }
  if (isObject(base)) {
    const copy = structuredClone(base);
    for (const [name, prop] of Object.entries(flat.properties)) {
      if (!(name in copy)) continue;
      const p = flatten(prop.node, prop.pointer, walk.options.resolve);
      if (!typesOf(p).includes('string') || 'const' in p.schema || Array.isArray(p.schema.enum) || typeof p.schema.format === 'string') continue;
      const value = distinctItem(walk, p, copy[name], tag, used, index);
      if (value === undefined) return undefined;
      copy[name] = value;
    }
    return copy;
  }
  return structuredClone(base);
}
