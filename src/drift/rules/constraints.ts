import type { FlatSchema } from '../flatten.js';
import type { Located } from '../resolve.js';

/** A limit a schema puts on a value; `exclusive` for exclusiveMaximum/exclusiveMinimum. */
export interface Limit {
  value: number;
  exclusive: boolean;
  keyword: string;
  at: Located<unknown>;
}

export type Side = 'upper' | 'lower';

const numericKeywords: Record<Side, { inclusive: string; exclusive: string }> = {
  upper: { inclusive: 'maximum', exclusive: 'exclusiveMaximum' },
  lower: { inclusive: 'minimum', exclusive: 'exclusiveMinimum' },
};

/**
 * The effective numeric bound on one side: the tighter of the inclusive and exclusive keywords,
 * read both the OpenAPI 3.1 way (exclusiveMaximum: 10) and the 3.0 way (exclusiveMaximum: true).
 */
export function numericLimit(schema: FlatSchema, side: Side): Limit | undefined {
  const { inclusive, exclusive } = numericKeywords[side];
  const candidates: Limit[] = [];
  const inclusiveAt = schema.keywords.get(inclusive);
  const exclusiveAt = schema.keywords.get(exclusive);
  if (inclusiveAt && typeof inclusiveAt.value === 'number') {
    const legacyExclusive = exclusiveAt?.value === true;
    candidates.push({ value: inclusiveAt.value, exclusive: legacyExclusive, keyword: legacyExclusive ? exclusive : inclusive, at: inclusiveAt });
  }
  if (exclusiveAt && typeof exclusiveAt.value === 'number') {
    candidates.push({ value: exclusiveAt.value, exclusive: true, keyword: exclusive, at: exclusiveAt });
  }
  return candidates.reduce<Limit | undefined>((best, next) => (best === undefined || isTighter(next, best, side) ? next : best), undefined);
}

/** A plain integer limit such as maxLength or minItems. */
export function keywordLimit(schema: FlatSchema, keyword: string): Limit | undefined {
  const at = schema.keywords.get(keyword);
  if (!at || typeof at.value !== 'number') return undefined;
  // minLength: 0 or minItems: 0 is the same as no minimum; adding one must not read as tightening.
  if (keyword.startsWith('min') && at.value <= 0) return undefined;
  return { value: at.value, exclusive: false, keyword, at };
}

/** Whether `candidate` admits fewer values than `than` on that side. */
export function isTighter(candidate: Limit, than: Limit, side: Side): boolean {
  if (candidate.value !== than.value) return side === 'upper' ? candidate.value < than.value : candidate.value > than.value;
  return candidate.exclusive && !than.exclusive;
}

/** The `type` keyword as a set (3.0's `nullable: true` adds 'null'); undefined when any type goes. */
export function typesOf(schema: FlatSchema): Set<string> | undefined {
  const type = schema.keywords.get('type')?.value;
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type.map(String) : undefined;
  if (!types) return undefined;
  if (schema.keywords.get('nullable')?.value === true) types.push('null');
  return new Set(types);
}

/** Whether every value of type `type` is allowed by `types` (an integer is a number). */
export function typeAllowed(types: Set<string> | undefined, type: string): boolean {
  return types === undefined || types.has(type) || (type === 'integer' && types.has('number'));
}

export function describeTypes(types: Set<string> | undefined): string {
  return types === undefined ? 'any' : [...types].join('|');
}

/** Allowed values from `enum` or `const`, each as its JSON text so that objects compare by value. */
export function allowedValues(schema: FlatSchema): { values: Set<string>; at: Located<unknown> } | undefined {
  const enumAt = schema.keywords.get('enum');
  if (enumAt && Array.isArray(enumAt.value)) return { values: new Set(enumAt.value.map((v) => JSON.stringify(v))), at: enumAt };
  const constAt = schema.keywords.get('const');
  if (constAt) return { values: new Set([JSON.stringify(constAt.value)]), at: constAt };
  return undefined;
}

/** Whether the schema rejects properties it does not name. */
export function isClosed(schema: FlatSchema): boolean {
  return schema.keywords.get('additionalProperties')?.value === false || schema.keywords.get('unevaluatedProperties')?.value === false;
}
