import { isObject } from '../openapi/load.js';
import { child, follow, type Located } from './resolve.js';

export interface FlatProperty extends Located<unknown> {
  readOnly: boolean;
  writeOnly: boolean;
}

/**
 * A schema with its `$ref` and `allOf` folded in, so that moving a property into a shared
 * component or an `allOf` member is not mistaken for removing it. Every keyword and property
 * keeps both its logical pointer and its real location.
 */
export interface FlatSchema {
  pointer: string;
  location: string;
  keywords: Map<string, Located<unknown>>;
  properties: Map<string, FlatProperty>;
  /** Required property names, each with the `required` keyword that says so. */
  required: Map<string, Located<unknown>>;
}

export function flattenSchema(document: unknown, node: Located<unknown>): FlatSchema {
  const resolved = follow(document, node);
  const flat: FlatSchema = { pointer: node.pointer, location: resolved.location, keywords: new Map(), properties: new Map(), required: new Map() };
  foldInto(flat, document, node, new Set());
  return flat;
}

// First definition wins: a schema's own keywords, then its $ref target, then allOf members in
// order. For valid specs members rarely disagree; when they do, the first is what readers see.
function foldInto(flat: FlatSchema, document: unknown, node: Located<unknown>, inProgress: Set<string>): void {
  const raw = node.value;
  if (!isObject(raw)) return;
  for (const [keyword, value] of Object.entries(raw)) {
    if (keyword === '$ref' || keyword === 'allOf') continue;
    const here = child(node, value, keyword);
    if (keyword === 'properties' && isObject(value)) {
      if (!flat.keywords.has('properties')) flat.keywords.set('properties', here);
      for (const [name, property] of Object.entries(value)) {
        if (flat.properties.has(name)) continue;
        const access = follow(document, child(here, property, name)).value ?? {};
        flat.properties.set(name, { ...child(here, property, name), readOnly: access.readOnly === true, writeOnly: access.writeOnly === true });
      }
    } else if (keyword === 'required' && Array.isArray(value)) {
      for (const name of value) if (typeof name === 'string' && !flat.required.has(name)) flat.required.set(name, here);
    } else if (!flat.keywords.has(keyword)) {
      flat.keywords.set(keyword, here);
    }
  }
  if (typeof raw.$ref === 'string' && raw.$ref.startsWith('#') && !inProgress.has(raw.$ref)) {
    const target = follow(document, { value: { $ref: raw.$ref }, pointer: node.pointer, location: node.location });
    inProgress.add(raw.$ref);
    foldInto(flat, document, target, inProgress);
    inProgress.delete(raw.$ref);
  }
  if (Array.isArray(raw.allOf)) {
    raw.allOf.forEach((member, index) => foldInto(flat, document, child(node, member, 'allOf', index), inProgress));
  }
}
