import { describe, expect, it } from 'vitest';
import { REQUEST_SCHEMA, RESPONSE_SCHEMA, described, diff, errors } from './fixture.js';

// How the rules see schemas: through $refs, with allOf folded, into items and variants, and
// without looping on recursive schemas.

describe('schemas are compared after resolving $refs', () => {
  const shared = (max: number) => `{Request: {type: object, properties: {batch_size: {type: integer, maximum: ${max}}}}}`;
  const findings = diff({ requestSchema: "{$ref: '#/components/schemas/Request'}", schemas: shared(250) }, { requestSchema: "{$ref: '#/components/schemas/Request'}", schemas: shared(200) });

  it('report the path the client sees, through the operation', () => {
    expect(described(errors(findings))).toEqual([`request-max-decreased ${REQUEST_SCHEMA}/properties/batch_size/maximum`]);
  });

  it('and locate the keyword where it is written', () => {
    expect(errors(findings)[0]?.location).toBe('/components/schemas/Request/properties/batch_size/maximum');
  });

  it('inlining a referenced schema unchanged is no finding', () => {
    const before = { requestSchema: "{$ref: '#/components/schemas/Request'}", schemas: shared(250) };
    const after = { requestSchema: '{type: object, properties: {batch_size: {type: integer, maximum: 250}}}' };
    expect(diff(before, after)).toEqual([]);
  });
});

describe('allOf is folded into one schema', () => {
  const flat = '{type: object, required: [id], properties: {id: {type: integer}, code: {type: string}}}';
  const composed = (codeSchema: string) =>
    `{allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {code: ${codeSchema}}}]}`;
  const schemas = '{Base: {type: object, required: [id], properties: {id: {type: integer}}}}';

  it('moving properties into allOf members is not a removal', () => {
    expect(errors(diff({ responseSchema: flat }, { responseSchema: composed('{type: string}'), schemas }))).toEqual([]);
  });

  it('a property removed from an allOf member is reported at its old place', () => {
    const before = { responseSchema: composed('{type: string}'), schemas };
    const after = { responseSchema: "{allOf: [{$ref: '#/components/schemas/Base'}, {type: object}]}", schemas };
    expect(described(errors(diff(before, after)))).toEqual([`response-property-removed ${RESPONSE_SCHEMA}/allOf/1/properties/code`]);
  });

  it('a constraint inside an allOf member is compared', () => {
    const before = { requestSchema: composed('{type: string, maxLength: 50}'), schemas };
    const after = { requestSchema: composed('{type: string, maxLength: 20}'), schemas };
    expect(described(errors(diff(before, after)))).toEqual([`request-max-length-decreased ${REQUEST_SCHEMA}/allOf/1/properties/code/maxLength`]);
  });

  it('required in one member applies to a property declared in another', () => {
    const before = { requestSchema: "{allOf: [{type: object, properties: {code: {type: string}}}, {type: object}]}" };
    const after = { requestSchema: "{allOf: [{type: object, properties: {code: {type: string}}}, {type: object, required: [code]}]}" };
    expect(described(errors(diff(before, after)))).toEqual([`request-property-became-required ${REQUEST_SCHEMA}/allOf/0/properties/code`]);
  });
});

describe('nested schemas are walked', () => {
  it('array items', () => {
    const schema = (max: number) => `{type: object, properties: {codes: {type: array, items: {type: string, maxLength: ${max}}}}}`;
    expect(described(errors(diff({ requestSchema: schema(50) }, { requestSchema: schema(20) })))).toEqual([
      `request-max-length-decreased ${REQUEST_SCHEMA}/properties/codes/items/maxLength`,
    ]);
  });

  it('oneOf variants, by position', () => {
    const schema = (max: number) => `{oneOf: [{type: object, properties: {code: {type: string}}}, {type: object, properties: {batch_size: {type: integer, maximum: ${max}}}}]}`;
    expect(described(errors(diff({ requestSchema: schema(250) }, { requestSchema: schema(100) })))).toEqual([
      `request-max-decreased ${REQUEST_SCHEMA}/oneOf/1/properties/batch_size/maximum`,
    ]);
  });

  it('response properties of response properties', () => {
    const schema = (inner: string) => `{type: object, properties: {data: {type: object, properties: {${inner}}}}}`;
    expect(described(errors(diff({ responseSchema: schema('id: {type: integer}, code: {type: string}') }, { responseSchema: schema('id: {type: integer}') })))).toEqual([
      `response-property-removed ${RESPONSE_SCHEMA}/properties/data/properties/code`,
    ]);
  });
});

describe('recursive schemas', () => {
  const tree = (max: number) =>
    `{Node: {type: object, properties: {name: {type: string, maxLength: ${max}}, children: {type: array, items: {$ref: '#/components/schemas/Node'}}}}}`;
  const mutual = (max: number) =>
    `{A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}, n: {type: integer, maximum: ${max}}}}, B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}}`;

  it('a self-referencing schema is walked once and its change reported once', () => {
    const before = { requestSchema: "{$ref: '#/components/schemas/Node'}", schemas: tree(50) };
    const after = { requestSchema: "{$ref: '#/components/schemas/Node'}", schemas: tree(40) };
    expect(described(errors(diff(before, after)))).toEqual([`request-max-length-decreased ${REQUEST_SCHEMA}/properties/name/maxLength`]);
  });

  it('mutually recursive schemas terminate', () => {
    const before = { requestSchema: "{$ref: '#/components/schemas/A'}", schemas: mutual(10) };
    const after = { requestSchema: "{$ref: '#/components/schemas/A'}", schemas: mutual(9) };
    expect(described(errors(diff(before, after)))).toEqual([`request-max-decreased ${REQUEST_SCHEMA}/properties/n/maximum`]);
  });

  it('a $ref cycle with no schema in between does not hang', () => {
    const loop = "{Loop: {$ref: '#/components/schemas/Loop'}}";
    expect(diff({ requestSchema: "{$ref: '#/components/schemas/Loop'}", schemas: loop }, { requestSchema: "{$ref: '#/components/schemas/Loop'}", schemas: loop })).toEqual([]);
  });
});
