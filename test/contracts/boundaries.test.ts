import { describe, expect, it } from 'vitest';
import { applyCase, boundaryCases, type BoundaryCase } from '../../src/contracts/boundaries.js';
import { breakPattern, flatten, stringMatching } from '../../src/contracts/values.js';
import { getByPointer, loadSpec } from '../../src/openapi/load.js';

const schema = {
  type: 'object',
  required: ['code'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 12, pattern: '^[A-Z0-9_-]+$' },
    uses: { type: 'integer', minimum: 0 },
    tags: { type: 'array', maxItems: 3, items: { type: 'string', pattern: '^[a-z]$' } },
    kind: { type: 'string', enum: ['a', 'b'] },
  },
};
const base = { code: 'SUMMER' };
const ids = (cases: BoundaryCase[]) => cases.map((c) => c.id);

describe('boundaryCases', () => {
  it('derives one case per constraint of each field, nested array items included', () => {
    expect(ids(boundaryCases(schema, base, { prefix: 'CCTEST01' }))).toEqual([
      'body.code missing-required',
      'body.code wrong-type',
      'body.code maxLength',
      'body.code maxLength+1',
      'body.code minLength-1',
      'body.code pattern',
      'body.uses wrong-type',
      'body.uses min',
      'body.uses min-1',
      'body.uses non-integer',
      'body.tags wrong-type',
      'body.tags maxItems',
      'body.tags maxItems+1',
      'body.tags[0] wrong-type',
      'body.tags[0] pattern',
      'body.kind wrong-type',
      'body.kind enum',
    ]);
  });

  it('adds exactly two cases for a new maximum, and none for an unconstrained field', () => {
    const before = boundaryCases(schema, base);
    const withMaximum = structuredClone(schema);
    (withMaximum.properties.uses as Record<string, unknown>).maximum = 10;
    const after = boundaryCases(withMaximum, base);
    expect(after.length - before.length).toBe(2);
    expect(ids(after).filter((id) => !ids(before).includes(id))).toEqual(['body.uses max', 'body.uses max+1']);
    const max = after.find((c) => c.id === 'body.uses max+1');
    expect(max).toMatchObject({ valid: false, value: 11, pointer: '/properties/uses/maximum', says: 'maximum: 10' });
  });

  it('builds valid strings that match the pattern and start with the run prefix, invalid ones one step past the limit', () => {
    const cases = boundaryCases(schema, base, { prefix: 'CCTEST01' });
    const atMax = cases.find((c) => c.id === 'body.code maxLength') as BoundaryCase;
    expect(atMax.valid).toBe(true);
    expect(atMax.value).toMatch(/^CCTEST01[A-Z0-9_-]{4}$/);
    const over = cases.find((c) => c.id === 'body.code maxLength+1') as BoundaryCase;
    expect(over).toMatchObject({ valid: false });
    expect(String(over.value)).toHaveLength(13);
    expect(String(over.value)).toMatch(/^[A-Z0-9_-]+$/);
    const broken = cases.find((c) => c.id === 'body.code pattern') as BoundaryCase;
    expect(String(broken.value)).toHaveLength(6);
    expect(String(broken.value)).not.toMatch(/^[A-Z0-9_-]+$/);
    expect(cases.find((c) => c.id === 'body.code minLength-1')?.value).toBe('');
  });

  it('makes the items of a maxItems case distinct, even when the pattern allows single characters only', () => {
    const cases = boundaryCases(schema, base, { prefix: 'CCTEST01' });
    const atMax = cases.find((c) => c.id === 'body.tags maxItems')?.value as string[];
    expect(atMax).toHaveLength(3);
    expect(new Set(atMax).size).toBe(3);
    for (const item of atMax) expect(item).toMatch(/^[a-z]$/);
    expect(cases.find((c) => c.id === 'body.tags maxItems+1')?.value).toHaveLength(4);
  });

  it('applies a case to a copy of the base, creating an absent array for its first item', () => {
    const cases = boundaryCases(schema, base, { prefix: 'CCTEST01' });
    const item = cases.find((c) => c.id === 'body.tags[0] pattern') as BoundaryCase;
    const applied = applyCase(base, item) as { tags: string[]; code: string };
    expect(applied.code).toBe('SUMMER');
    expect(applied.tags).toHaveLength(1);
    expect(applied.tags[0]).not.toMatch(/^[a-z]$/);
    expect(base).toEqual({ code: 'SUMMER' });
    expect(applyCase(base, cases[0] as BoundaryCase)).toEqual({});
  });

  it('has no wrong-type case for text in a query, but one for a number', () => {
    const query = { type: 'object', properties: { q: { type: 'string', minLength: 1 }, limit: { type: 'integer', minimum: 1, maximum: 5 } } };
    const cases = ids(boundaryCases(query, {}, { location: 'query' }));
    expect(cases).toEqual(['query.q minLength-1', 'query.limit wrong-type', 'query.limit min', 'query.limit min-1', 'query.limit max', 'query.limit max+1', 'query.limit non-integer']);
  });

  it('follows $refs and oneOf branches of a real spec, with pointers into the document', () => {
    const spec = loadSpec('elasticpath');
    const op = spec.operation('createPromotionJob');
    const pointer = op.requestBody?.schemaPointer as string;
    const cases = boundaryCases({ $ref: `#${pointer}` }, op.requestBody?.examples.minimal, {
      prefix: 'CCTEST01',
      pointer,
      resolve: (ref) => getByPointer(spec.document, ref),
    });
    const prefix = cases.find((c) => c.id === 'body.data.parameters.code_prefix maxLength') as BoundaryCase;
    const prefixSchema = getByPointer(spec.document, '/components/schemas/CodeGenerateParameters/properties/code_prefix') as { pattern: string; maxLength: number };
    expect(prefix.value).toMatch(/^CCTEST01/);
    expect(prefix.value).toMatch(new RegExp(prefixSchema.pattern, 'u'));
    expect(String(prefix.value)).toHaveLength(prefixSchema.maxLength);
    expect(prefix.pointer).toBe('/components/schemas/CodeGenerateParameters/properties/code_prefix/maxLength');
    expect(cases.find((c) => c.id === 'body.data.parameters.number_of_codes max+1')).toMatchObject({ value: 1001, valid: false });
    expect(cases.find((c) => c.id === 'body.data.job_type enum')?.pointer).toBe('/components/schemas/PromotionJobGenerateData/properties/job_type/const');
    // The branch the base is not in: its rules broken on a sample of it, never a valid case.
    const other = cases.filter((c) => c.pointer.startsWith('/components/schemas/PromotionJobExportData/'));
    expect(other.map((c) => c.pointer)).toEqual(
      expect.arrayContaining([
        '/components/schemas/PromotionJobExportData/required',
        '/components/schemas/PromotionJobExportData/additionalProperties',
        '/components/schemas/PromotionJobExportData/properties/job_type/const',
      ]),
    );
    expect(other.every((c) => !c.valid && c.id.endsWith('(branch 1)'))).toBe(true);
    const noType = other.find((c) => c.kind === 'missing-required' && c.field === 'data.type') as BoundaryCase;
    expect(applyCase(op.requestBody?.examples.minimal, noType)).toEqual({ data: { job_type: 'code_export' } });
  });

  it('breaks uniqueItems with a repeated item, additionalProperties: false with an unknown field, and a format', () => {
    const strict = {
      type: 'object',
      additionalProperties: false,
      properties: {
        letters: { type: 'array', uniqueItems: true, maxItems: 5, items: { type: 'string', pattern: '^[A-Z]$' } },
        id: { type: 'string', format: 'uuid' },
        count: { type: 'integer', format: 'int32', minimum: 0 },
        small: { type: 'integer', format: 'int32', maximum: 10 },
      },
    };
    const cases = boundaryCases(strict, { letters: ['A'] });
    expect(cases.find((c) => c.kind === 'uniqueItems')).toMatchObject({ value: ['A', 'A'], valid: false, pointer: '/properties/letters/uniqueItems' });
    expect(cases.find((c) => c.kind === 'additionalProperties')).toMatchObject({ value: { letters: ['A'], contracts_unknown: 1 }, valid: false, pointer: '/additionalProperties' });
    expect(cases.find((c) => c.id === 'body.id format')).toMatchObject({ value: 'CC-not-a-uuid', valid: false });
    expect(cases.find((c) => c.id === 'body.count format')).toMatchObject({ value: 2 ** 32, valid: false });
    // A maximum inside the format's range already refuses what the format would.
    expect(cases.find((c) => c.id === 'body.small format')).toBeUndefined();
  });

  it('grows a string inside the example when the pattern wants its head and its end', () => {
    const flat = flatten({ type: 'string', maxLength: 30, pattern: '^eq\\(code,[a-z0-9]+\\)$', examples: ['eq(code,summer)'] }, '');
    const over = stringMatching(flat, { length: 31, ignoreMaxLength: true });
    expect(over).toMatch(/^eq\(code,summer[a-z0-9]+\)$/);
    expect(over).toHaveLength(31);
  });
});

describe('string building', () => {
  it('finds characters a pattern accepts and one it forbids', () => {
    const flat = flatten({ type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*-?$', maxLength: 20 }, '');
    expect(stringMatching(flat, { prefix: 'CCABC123', length: 20 })).toMatch(/^ccabc123[a-z0-9]{12}$/);
    expect(breakPattern('abc', /^[a-z]+$/)).toBe('ab ');
    expect(breakPattern('x y', /^\S(?:.*\S)?$/)).toBe('x  ');
    expect(stringMatching(flatten({ type: 'string', pattern: '^eq\\(status\\)$', maxLength: 100 }, ''), { length: 100 })).toBeUndefined();
  });
});
