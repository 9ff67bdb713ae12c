import { getByPointer, isObject, pointerOf, type JsonObject } from '../openapi/load.js';

/** A node of a spec with both of its addresses. */
export interface Located<T> {
  value: T;
  /** The logical pointer: the path a reader walks from the root, through `$ref`s. */
  pointer: string;
  /** The real pointer: where the node is written in the document (a `$ref` target). */
  location: string;
}

export function child<T = unknown>(parent: { pointer: string; location: string }, value: T, ...segments: Array<string | number>): Located<T> {
  const suffix = pointerOf(...segments);
  return { value, pointer: parent.pointer + suffix, location: parent.location + suffix };
}

/**
 * Follows `$ref`s, keeping track of where the node really lives. Unlike `deref` in
 * src/openapi/load.ts this reports the location, and it stops (returning the last object reached)
 * instead of throwing on a cycle or a dangling ref: the drift gate compares what is there.
 */
export function follow(document: unknown, node: Located<unknown>): Located<JsonObject | undefined> {
  let { value, location } = node;
  const seen = new Set<string>();
  while (isObject(value) && typeof value.$ref === 'string' && value.$ref.startsWith('#') && !seen.has(value.$ref)) {
    seen.add(value.$ref);
    location = value.$ref.slice(1);
    value = getByPointer(document, value.$ref);
  }
  return { value: isObject(value) ? value : undefined, pointer: node.pointer, location };
}

export function entriesOf(value: unknown): Array<[string, unknown]> {
  return isObject(value) ? Object.entries(value) : [];
}
