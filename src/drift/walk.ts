import type { OpenApiDocument } from '../openapi/load.js';
import { flattenSchema, type FlatProperty, type FlatSchema } from './flatten.js';
import type { Located } from './resolve.js';

/** Which side of the exchange a schema describes: the rules for what breaks clients differ. */
export type Direction = 'request' | 'response';

export interface SchemaPair {
  direction: Direction;
  old: FlatSchema;
  new: FlatSchema;
}

/**
 * The properties a client deals with in this direction: a `readOnly` property is never sent, a
 * `writeOnly` one never received, so tightening them there breaks nobody.
 */
export function visibleProperties(schema: FlatSchema, direction: Direction): Map<string, FlatProperty> {
  const hidden = (p: FlatProperty) => (direction === 'request' ? p.readOnly : p.writeOnly);
  return new Map([...schema.properties].filter(([, p]) => !hidden(p)));
}

/**
 * Visits the pair of roots and every pair of sub-schemas present on both sides (properties,
 * items, additionalProperties, prefixItems, oneOf/anyOf by position). A pair of locations that is
 * already being walked further up is a `$ref` cycle and is not entered again.
 */
export function walkSchemaPairs(
  documents: { old: OpenApiDocument; new: OpenApiDocument },
  roots: { old: Located<unknown>; new: Located<unknown> },
  direction: Direction,
  visit: (pair: SchemaPair) => void,
): void {
  const ancestors = new Set<string>();
  const walk = (oldNode: Located<unknown>, newNode: Located<unknown>) => {
    const pair: SchemaPair = { direction, old: flattenSchema(documents.old, oldNode), new: flattenSchema(documents.new, newNode) };
    const key = `${pair.old.location}\u0000${pair.new.location}`;
    if (ancestors.has(key)) return;
    ancestors.add(key);
    visit(pair);
    const newProperties = visibleProperties(pair.new, direction);
    for (const [name, oldProperty] of visibleProperties(pair.old, direction)) {
      const newProperty = newProperties.get(name);
      if (newProperty) walk(oldProperty, newProperty);
    }
    for (const keyword of ['items', 'additionalProperties', 'propertyNames', 'contains']) {
      const oldChild = pair.old.keywords.get(keyword);
      const newChild = pair.new.keywords.get(keyword);
      if (oldChild && newChild && typeof oldChild.value === 'object' && typeof newChild.value === 'object') walk(oldChild, newChild);
    }
    for (const keyword of ['prefixItems', 'oneOf', 'anyOf']) {
      const oldList = pair.old.keywords.get(keyword);
      const newList = pair.new.keywords.get(keyword);
      if (!oldList || !newList || !Array.isArray(oldList.value) || !Array.isArray(newList.value)) continue;
      const shared = Math.min(oldList.value.length, newList.value.length);
      for (let index = 0; index < shared; index += 1) {
        walk(elementOf(oldList, index), elementOf(newList, index));
      }
    }
    ancestors.delete(key);
  };
  walk(roots.old, roots.new);
}

function elementOf(list: Located<unknown>, index: number): Located<unknown> {
  const items = list.value as unknown[];
  return { value: items[index], pointer: `${list.pointer}/${index}`, location: `${list.location}/${index}` };
}
