import { defineRule } from '../rule.js';
import { visibleProperties, type SchemaPair } from '../walk.js';
import { describeTypes, typeAllowed, typesOf } from './constraints.js';

// Rules for schemas a client receives: a change breaks clients when they can no longer rely on
// something the old schema promised (a property, its presence, its type).

export const responsePropertyRemoved = defineRule({
  id: 'response-property-removed',
  additiveId: 'response-property-added',
  summary: 'a response property removed (a rename is a removal plus an addition)',
  check: (pair: SchemaPair, report) => {
    const oldProperties = visibleProperties(pair.old, 'response');
    const newProperties = visibleProperties(pair.new, 'response');
    const propertiesAt = pair.new.keywords.get('properties')?.location ?? pair.new.location;
    for (const [name, property] of oldProperties) {
      if (!newProperties.has(name)) report.breaking({ pointer: property.pointer, location: propertiesAt, message: `property ${name} removed` });
    }
    for (const [name, property] of newProperties) {
      if (!oldProperties.has(name)) report.additive({ pointer: property.pointer, location: property.location, message: `property ${name} added` });
    }
  },
});

export const responsePropertyBecameOptional = defineRule({
  id: 'response-property-became-optional',
  additiveId: 'response-property-became-required',
  summary: 'a response property that was always present became optional',
  check: (pair: SchemaPair, report) => {
    const newProperties = visibleProperties(pair.new, 'response');
    for (const name of pair.old.required.keys()) {
      const property = newProperties.get(name);
      if (property && !pair.new.required.has(name)) report.breaking({ pointer: property.pointer, location: property.location, message: `property ${name} is no longer required` });
    }
    for (const [name, requiredAt] of pair.new.required) {
      const property = newProperties.get(name);
      if (property && !pair.old.required.has(name)) report.additive({ pointer: property.pointer, location: requiredAt.location, message: `property ${name} became required` });
    }
  },
});

export const responsePropertyTypeChanged = defineRule({
  id: 'response-property-type-changed',
  additiveId: 'response-property-type-narrowed',
  summary: 'a response value may now have a type it could not have before',
  check: (pair: SchemaPair, report) => {
    const before = typesOf(pair.old);
    const after = typesOf(pair.new);
    const at = pair.new.keywords.get('type');
    // A schema that never said its type promised nothing; one that stops saying it is left to
    // the structural rules (its properties and variants are still compared).
    if (!before || !after || !at) return;
    const message = `type changed from ${describeTypes(before)} to ${describeTypes(after)}`;
    if ([...after].some((t) => !typeAllowed(before, t))) report.breaking({ pointer: at.pointer, location: at.location, message });
    else if ([...before].some((t) => !after.has(t))) report.additive({ pointer: at.pointer, location: at.location, message });
  },
});

export const responseSchemaRules = [responsePropertyRemoved, responsePropertyBecameOptional, responsePropertyTypeChanged] as const;
