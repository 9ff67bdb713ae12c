import { defineRule, type Reporter } from '../rule.js';
import { visibleProperties, type SchemaPair } from '../walk.js';
import {
  allowedValues,
  describeTypes,
  isClosed,
  isTighter,
  keywordLimit,
  numericLimit,
  typeAllowed,
  typesOf,
  type Limit,
  type Side,
} from './constraints.js';

// Rules for schemas a client sends (request bodies and parameters): a change breaks clients when
// the new schema rejects something the old one accepted.

function compareLimits(pair: SchemaPair, report: Reporter, side: Side, read: (pair: SchemaPair['old']) => Limit | undefined): void {
  const before = read(pair.old);
  const after = read(pair.new);
  const verb = side === 'upper' ? { tighter: 'lowered', looser: 'raised' } : { tighter: 'raised', looser: 'lowered' };
  if (after && (!before || isTighter(after, before, side))) {
    const message = !before
      ? `${after.keyword} ${after.value} added (was unbounded)`
      : before.keyword === after.keyword
        ? `${after.keyword} ${verb.tighter} from ${before.value} to ${after.value}`
        : `${side} bound tightened from ${before.keyword} ${before.value} to ${after.keyword} ${after.value}`;
    report.breaking({ pointer: after.at.pointer, location: after.at.location, message });
  } else if (before && (!after || isTighter(before, after, side))) {
    const message = !after
      ? `${before.keyword} ${before.value} removed`
      : before.keyword === after.keyword
        ? `${after.keyword} ${verb.looser} from ${before.value} to ${after.value}`
        : `${side} bound loosened from ${before.keyword} ${before.value} to ${after.keyword} ${after.value}`;
    report.additive(after ? { pointer: after.at.pointer, location: after.at.location, message } : { pointer: before.at.pointer, location: pair.new.location, message });
  }
}

export const requestMaxDecreased = defineRule({
  id: 'request-max-decreased',
  additiveId: 'request-max-increased',
  summary: 'maximum or exclusiveMaximum of a request value lowered or added',
  check: (pair: SchemaPair, report) => compareLimits(pair, report, 'upper', (s) => numericLimit(s, 'upper')),
});

export const requestMinIncreased = defineRule({
  id: 'request-min-increased',
  additiveId: 'request-min-decreased',
  summary: 'minimum or exclusiveMinimum of a request value raised or added',
  check: (pair: SchemaPair, report) => compareLimits(pair, report, 'lower', (s) => numericLimit(s, 'lower')),
});

export const requestMaxLengthDecreased = defineRule({
  id: 'request-max-length-decreased',
  additiveId: 'request-max-length-increased',
  summary: 'maxLength of a request string lowered or added',
  check: (pair: SchemaPair, report) => compareLimits(pair, report, 'upper', (s) => keywordLimit(s, 'maxLength')),
});

export const requestMinLengthIncreased = defineRule({
  id: 'request-min-length-increased',
  additiveId: 'request-min-length-decreased',
  summary: 'minLength of a request string raised or added',
  check: (pair: SchemaPair, report) => compareLimits(pair, report, 'lower', (s) => keywordLimit(s, 'minLength')),
});

export const requestMaxItemsDecreased = defineRule({
  id: 'request-max-items-decreased',
  additiveId: 'request-max-items-increased',
  summary: 'maxItems of a request array lowered or added',
  check: (pair: SchemaPair, report) => compareLimits(pair, report, 'upper', (s) => keywordLimit(s, 'maxItems')),
});

export const requestMinItemsIncreased = defineRule({
  id: 'request-min-items-increased',
  additiveId: 'request-min-items-decreased',
  summary: 'minItems of a request array raised or added',
  check: (pair: SchemaPair, report) => compareLimits(pair, report, 'lower', (s) => keywordLimit(s, 'minItems')),
});

export const requestPatternChanged = defineRule({
  id: 'request-pattern-changed',
  additiveId: 'request-pattern-removed',
  // Whether one regular expression admits a superset of another is not decidable in general,
  // so any change counts: a loosened pattern is a false alarm that a reviewer can accept.
  summary: 'pattern of a request string changed or added',
  check: (pair: SchemaPair, report) => {
    const before = pair.old.keywords.get('pattern');
    const after = pair.new.keywords.get('pattern');
    if (after && !before) {
      report.breaking({ pointer: after.pointer, location: after.location, message: `pattern ${String(after.value)} added` });
    } else if (after && before && after.value !== before.value) {
      report.breaking({ pointer: after.pointer, location: after.location, message: `pattern changed from ${String(before.value)} to ${String(after.value)}` });
    } else if (before && !after) {
      report.additive({ pointer: before.pointer, location: pair.new.location, message: `pattern ${String(before.value)} removed` });
    }
  },
});

export const requestEnumValueRemoved = defineRule({
  id: 'request-enum-value-removed',
  additiveId: 'request-enum-value-added',
  summary: 'enum (or const) of a request value narrowed or added',
  check: (pair: SchemaPair, report) => {
    const before = allowedValues(pair.old);
    const after = allowedValues(pair.new);
    if (after && !before) {
      report.breaking({ pointer: after.at.pointer, location: after.at.location, message: `values restricted to ${[...after.values].join(', ')}` });
      return;
    }
    if (!before) return;
    if (!after) {
      report.additive({ pointer: before.at.pointer, location: pair.new.location, message: `restriction to ${[...before.values].join(', ')} removed` });
      return;
    }
    const removed = [...before.values].filter((v) => !after.values.has(v));
    const added = [...after.values].filter((v) => !before.values.has(v));
    if (removed.length > 0) report.breaking({ pointer: after.at.pointer, location: after.at.location, message: `enum value ${removed.join(', ')} removed` });
    if (added.length > 0) report.additive({ pointer: after.at.pointer, location: after.at.location, message: `enum value ${added.join(', ')} added` });
  },
});

export const requestPropertyTypeChanged = defineRule({
  id: 'request-property-type-changed',
  additiveId: 'request-property-type-widened',
  summary: 'type of a request value no longer accepts a type it accepted',
  check: (pair: SchemaPair, report) => {
    const before = typesOf(pair.old);
    const after = typesOf(pair.new);
    const at = pair.new.keywords.get('type');
    if (!after || !at) {
      if (before) report.additive({ pointer: pair.new.pointer, location: pair.new.location, message: `type ${describeTypes(before)} no longer constrained` });
      return;
    }
    const message = `type changed from ${describeTypes(before)} to ${describeTypes(after)}`;
    const rejectsOldValues = before === undefined || [...before].some((t) => !typeAllowed(after, t));
    if (rejectsOldValues) report.breaking({ pointer: at.pointer, location: at.location, message });
    else if ([...after].some((t) => !before.has(t))) report.additive({ pointer: at.pointer, location: at.location, message });
  },
});

export const requestPropertyBecameRequired = defineRule({
  id: 'request-property-became-required',
  additiveId: 'request-property-became-optional',
  summary: 'an optional request property made required',
  check: (pair: SchemaPair, report) => {
    const oldProperties = visibleProperties(pair.old, 'request');
    const newProperties = visibleProperties(pair.new, 'request');
    for (const [name, requiredAt] of pair.new.required) {
      const property = newProperties.get(name);
      if (property && oldProperties.has(name) && !pair.old.required.has(name)) {
        report.breaking({ pointer: property.pointer, location: requiredAt.location, message: `property ${name} became required` });
      }
    }
    for (const name of pair.old.required.keys()) {
      const property = newProperties.get(name);
      if (property && !pair.new.required.has(name)) report.additive({ pointer: property.pointer, location: property.location, message: `property ${name} became optional` });
    }
  },
});

export const newRequiredRequestProperty = defineRule({
  id: 'new-required-request-property',
  additiveId: 'request-property-added',
  summary: 'a new request property that is required',
  check: (pair: SchemaPair, report) => {
    const oldProperties = visibleProperties(pair.old, 'request');
    const newProperties = visibleProperties(pair.new, 'request');
    for (const [name, requiredAt] of pair.new.required) {
      // A required name the schema does not even declare still has to be sent.
      const declaredButHidden = pair.new.properties.has(name) && !newProperties.has(name);
      if (oldProperties.has(name) || pair.old.required.has(name) || declaredButHidden) continue;
      const property = newProperties.get(name);
      report.breaking({ pointer: property?.pointer ?? requiredAt.pointer, location: requiredAt.location, message: `new required property ${name}` });
    }
    for (const [name, property] of newProperties) {
      if (!oldProperties.has(name) && !pair.new.required.has(name)) report.additive({ pointer: property.pointer, location: property.location, message: `new optional property ${name}` });
    }
  },
});

export const requestPropertyRemoved = defineRule({
  id: 'request-property-removed',
  // Clients that still send the property break only where the schema rejects unknown ones.
  summary: 'a request property removed from a schema that rejects unknown properties',
  check: (pair: SchemaPair, report) => {
    const newProperties = pair.new.properties;
    for (const [name, property] of visibleProperties(pair.old, 'request')) {
      if (newProperties.has(name)) continue;
      const observation = { pointer: property.pointer, location: pair.new.keywords.get('properties')?.location ?? pair.new.location };
      if (isClosed(pair.new)) report.breaking({ ...observation, message: `property ${name} removed and unknown properties are rejected` });
      else report.additive({ ...observation, message: `property ${name} removed (still accepted as an unknown property)` });
    }
  },
});

export const requestAdditionalPropertiesDisallowed = defineRule({
  id: 'request-additional-properties-disallowed',
  additiveId: 'request-additional-properties-allowed',
  summary: 'a request object that accepted unknown properties now rejects them',
  check: (pair: SchemaPair, report) => {
    if (isClosed(pair.new) && !isClosed(pair.old)) {
      const at = pair.new.keywords.get('additionalProperties') ?? pair.new.keywords.get('unevaluatedProperties');
      report.breaking({ pointer: at?.pointer ?? pair.new.pointer, location: at?.location ?? pair.new.location, message: 'unknown properties are now rejected' });
    } else if (isClosed(pair.old) && !isClosed(pair.new)) {
      report.additive({ pointer: pair.new.pointer, location: pair.new.location, message: 'unknown properties are now accepted' });
    }
  },
});

export const requestSchemaRules = [
  requestMaxDecreased,
  requestMinIncreased,
  requestMaxLengthDecreased,
  requestMinLengthIncreased,
  requestMaxItemsDecreased,
  requestMinItemsIncreased,
  requestPatternChanged,
  requestEnumValueRemoved,
  requestPropertyTypeChanged,
  requestPropertyBecameRequired,
  newRequiredRequestProperty,
  requestPropertyRemoved,
  requestAdditionalPropertiesDisallowed,
] as const;
