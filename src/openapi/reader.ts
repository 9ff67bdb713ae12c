import { getByPointer, isObject, pointerOf, pointerSegment, SpecError, type JsonObject, type OperationInfo, type Spec } from './load.js';

/** A value read from the spec and where it is written (a report names the pointer). */
export interface Located<T> {
  value: T;
  pointer: string;
}

/**
 * A schema (or any object) of the spec, `$ref`s followed, and the pointer it was found at.
 * Keywords written beside a `$ref` on the way (OpenAPI 3.1 allows `default: 0` next to a `$ref`)
 * are in `node`, winning over the target's, and `beside` says where each is written.
 */
export interface SpecNode {
  node: JsonObject;
  pointer: string;
  /** Keyword -> pointer of the node it is written in, for keywords found beside a `$ref`. */
  beside?: Readonly<Record<string, string>>;
}

/** Where a keyword of a node is written: beside a `$ref` on the way, else in the node itself. */
export function keywordPointer(at: SpecNode, keyword: string): string {
  return `${at.beside?.[keyword] ?? at.pointer}/${pointerSegment(keyword)}`;
}

export type Guard<T> = (value: unknown) => value is T;

/** The shapes code expects of values it reads from a spec. */
export const is = {
  integer: ((v) => typeof v === 'number' && Number.isInteger(v)) as Guard<number>,
  positiveInteger: ((v) => typeof v === 'number' && Number.isInteger(v) && v > 0) as Guard<number>,
  text: ((v) => typeof v === 'string' && v.length > 0) as Guard<string>,
  texts: ((v) => Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string' && t.length > 0)) as Guard<string[]>,
  flag: ((v) => typeof v === 'boolean') as Guard<boolean>,
};

const DESCRIBE = new Map<Guard<unknown>, string>([
  [is.integer, 'an integer'],
  [is.positiveInteger, 'a positive integer'],
  [is.text, 'a non-empty string'],
  [is.texts, 'a non-empty list of strings'],
  [is.flag, 'true or false'],
]);

export interface SpecReader {
  /** Throws a SpecError naming the spec file, what is wrong, and who needed it. */
  fail(what: string): never;
  /** The node at `pointer`, following `$ref`s; keywords beside a `$ref` win (the nearest one's). */
  at(pointer: string): SpecNode;
  /** Walks `properties` names (and `[]` for `items`) from a node or pointer, following `$ref`s. */
  walk(from: SpecNode | string, ...names: string[]): SpecNode;
  /** A keyword of a node, e.g. `keyword(schema, 'maximum', is.integer)`. */
  keyword<T>(at: SpecNode, keyword: string, guard: Guard<T>): Located<T>;
  /** An integer keyword's value, e.g. `integer(schema, 'maxLength')`. */
  integer(at: SpecNode, keyword: string): number;
  /** Integer keywords of one node, e.g. `integers(schema, 'default', 'minimum', 'maximum')`, at the node's pointer. */
  integers<K extends string>(at: SpecNode, ...keywords: K[]): Located<Record<K, number>>;
  /** The node's `pattern`, as a RegExp (Unicode, as JSON Schema reads it). */
  pattern(at: SpecNode): RegExp;
  /** A query parameter of an operation: the parameter object and its schema. */
  queryParameter(operation: OperationInfo, name: string): { parameter: SpecNode; schema: SpecNode };
  /** An `x-rules` entry of an operation. */
  rule<T>(operation: OperationInfo, name: string, guard: Guard<T>): Located<T>;
  /** The schema of an operation's request body. */
  requestSchema(operation: OperationInfo): SpecNode;
  /** The schema of an operation's response body for `status`. */
  responseSchema(operation: OperationInfo, status: string): SpecNode;
}

/**
 * What code reads from a spec (limits, defaults, x-rules), each with the pointer where it is
 * written, failing at start-up with one line when the spec does not say it. `reader` names who
 * reads it in that line (`the BigCommerce mock`, `the Elastic Path contract checks`).
 */
export function specReader(spec: Spec, reader: string): SpecReader {
  const fail = (what: string): never => {
    throw new SpecError(`${spec.path}: ${what} (read by ${reader})`);
  };
  const at = (pointer: string): SpecNode => {
    let current = pointer;
    const seen = new Set<string>();
    const beside: Record<string, string> = {};
    const written: JsonObject = {};
    for (;;) {
      const node = getByPointer(spec.document, current);
      if (!isObject(node)) return fail(`nothing at ${current}`);
      if (typeof node.$ref !== 'string') {
        return Object.keys(beside).length === 0 ? { node, pointer: current } : { node: { ...node, ...written }, pointer: current, beside };
      }
      if (seen.has(current)) return fail(`circular $ref at ${current}`);
      seen.add(current);
      for (const [keyword, value] of Object.entries(node)) {
        if (keyword === '$ref' || keyword in beside) continue;
        beside[keyword] = current;
        written[keyword] = value;
      }
      current = node.$ref.replace(/^#/, '');
    }
  };
  const describe = (guard: Guard<unknown>) => DESCRIBE.get(guard) ?? 'of the expected kind';
  const keyword = <T>(node: SpecNode, name: string, guard: Guard<T>): Located<T> => {
    const value = node.node[name];
    if (!guard(value)) return fail(`${keywordPointer(node, name)} must be ${describe(guard)}`);
    return { value, pointer: keywordPointer(node, name) };
  };
  const integer = (node: SpecNode, name: string): number => keyword(node, name, is.integer).value;
  return {
    fail,
    at,
    walk(from, ...names) {
      let node = typeof from === 'string' ? at(from) : from;
      for (const name of names) {
        if (name === '[]') {
          if (!isObject(node.node.items)) fail(`${node.pointer} has no items`);
          node = at(keywordPointer(node, 'items'));
          continue;
        }
        if (!isObject(node.node.properties) || !isObject(node.node.properties[name])) fail(`${node.pointer} has no property ${name}`);
        node = at(`${keywordPointer(node, 'properties')}${pointerOf(name)}`);
      }
      return node;
    },
    keyword,
    integer,
    integers(node, ...keywords) {
      const value = Object.fromEntries(keywords.map((name) => [name, integer(node, name)]));
      return { value: value as Record<(typeof keywords)[number], number>, pointer: node.pointer };
    },
    pattern(node) {
      return new RegExp(keyword(node, 'pattern', is.text).value, 'u');
    },
    queryParameter(operation, name) {
      const parameter = operation.parameters.find((p) => p.in === 'query' && p.name === name);
      if (!parameter) return fail(`${operation.id} has no query parameter ${name}`);
      return { parameter: at(parameter.pointer), schema: at(`${parameter.pointer}/schema`) };
    },
    rule(operation, name, guard) {
      const value = operation.rules[name];
      if (!guard(value)) return fail(`${operation.id} x-rules.${name} must be ${describe(guard)}`);
      return { value, pointer: `${operation.pointer}/x-rules/${name}` };
    },
    requestSchema(operation) {
      return at(operation.requestBody?.schemaPointer ?? fail(`${operation.id} has no request body schema`));
    },
    responseSchema(operation, status) {
      return at(operation.responses[status]?.schemaPointer ?? fail(`${operation.id} documents no ${status} body schema`));
    },
  };
}
