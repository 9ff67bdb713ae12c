import { describe, expect, it } from 'vitest';
import { buildSpec, getByPointer, parseSpecText, SpecError } from '../../src/openapi/load.js';
import { is, specReader } from '../../src/openapi/reader.js';

const spec = buildSpec(
  parseSpecText(
    `openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /codes:
    get:
      operationId: list
      parameters:
        - $ref: '#/components/parameters/Limit'
        - {name: prefix, in: query, schema: {type: string, pattern: '^[A-Z]+$'}}
      responses: {'200': {description: ok}}
    post:
      operationId: create
      x-rules: {maxCodeLength: 50, alphabet: ABC, unique: true, statuses: [pending], bad: -1}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Request'}
      responses:
        '201':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {codes: {type: array, items: {$ref: '#/components/schemas/Code'}}}}
components:
  parameters:
    Limit: {name: limit, in: query, example: 7, schema: {$ref: '#/components/schemas/Batch', default: 50}}
  schemas:
    Request:
      type: object
      properties:
        batch: {$ref: '#/components/schemas/Batch'}
        kind: {$ref: '#/components/schemas/Kind', default: 0}
        kinds: {$ref: '#/components/schemas/Kinds', maxItems: 2}
    Kind: {type: integer, enum: [0, 1], default: 1}
    Kinds: {$ref: '#/components/schemas/KindList', minItems: 1}
    KindList: {type: array, minItems: 0, maxItems: 9, items: {$ref: '#/components/schemas/Kind'}}
    Batch: {type: integer, minimum: 1, maximum: 250, default: 5}
    Code: {type: object, properties: {code: {type: string, maxLength: 16}}}
`,
    'inline.yaml',
  ),
  'inline.yaml',
);
const read = specReader(spec, 'the test');
const create = spec.operation('create');

describe('spec reader', () => {
  it('reads x-rules with the pointer where each is written', () => {
    expect(read.rule(create, 'maxCodeLength', is.positiveInteger)).toEqual({ value: 50, pointer: '/paths/~1codes/post/x-rules/maxCodeLength' });
    expect(read.rule(create, 'alphabet', is.text).value).toBe('ABC');
    expect(read.rule(create, 'unique', is.flag).value).toBe(true);
    expect(read.rule(create, 'statuses', is.texts).value).toEqual(['pending']);
  });

  it('walks properties and items through $refs, keeping pointers that exist in the document', () => {
    const batch = read.walk(read.requestSchema(create), 'batch');
    expect(batch.pointer).toBe('/components/schemas/Batch');
    const maximum = read.keyword(batch, 'maximum', is.integer);
    expect(maximum.value).toBe(250);
    expect(getByPointer(spec.document, maximum.pointer)).toBe(250);
    const code = read.walk(read.responseSchema(create, '201'), 'codes', '[]', 'code');
    expect(code.pointer).toBe('/components/schemas/Code/properties/code');
    expect(read.keyword(code, 'maxLength', is.positiveInteger).value).toBe(16);
  });

  it('reads keywords written beside a $ref, which win over the target, with the pointer where each is written', () => {
    const kind = read.walk(read.requestSchema(create), 'kind');
    expect(kind.pointer).toBe('/components/schemas/Kind');
    expect(read.keyword(kind, 'default', is.integer)).toEqual({ value: 0, pointer: '/components/schemas/Request/properties/kind/default' });
    expect(read.keyword(kind, 'enum', (v): v is number[] => Array.isArray(v)).pointer).toBe('/components/schemas/Kind/enum');
    // Through two $refs: the nearest keyword wins, each keeps where it is written; items still walk.
    const kinds = read.walk(read.requestSchema(create), 'kinds');
    expect(read.keyword(kinds, 'maxItems', is.integer)).toEqual({ value: 2, pointer: '/components/schemas/Request/properties/kinds/maxItems' });
    expect(read.keyword(kinds, 'minItems', is.integer)).toEqual({ value: 1, pointer: '/components/schemas/Kinds/minItems' });
    expect(read.keyword(read.walk(kinds, '[]'), 'default', is.integer)).toEqual({ value: 1, pointer: '/components/schemas/Kind/default' });
    // A keyword no node on the way has is missing, named where the walk ended.
    expect(() => read.keyword(kind, 'maximum', is.integer)).toThrow(/\/components\/schemas\/Kind\/maximum must be an integer/);
  });

  it('finds a query parameter: the parameter object and its schema, each through $refs', () => {
    const { parameter, schema } = read.queryParameter(spec.operation('list'), 'limit');
    expect(parameter.pointer).toBe('/components/parameters/Limit');
    expect(parameter.node.example).toBe(7);
    expect(schema.pointer).toBe('/components/schemas/Batch');
    expect(read.integers(schema, 'default', 'maximum')).toEqual({ value: { default: 50, maximum: 250 }, pointer: '/components/schemas/Batch' });
    expect(read.keyword(schema, 'default', is.integer).pointer).toBe('/components/parameters/Limit/schema/default');
    const prefix = read.queryParameter(spec.operation('list'), 'prefix');
    expect(prefix.parameter.pointer).toBe('/paths/~1codes/get/parameters/1');
    expect(read.pattern(prefix.schema).test('ABC')).toBe(true);
    expect(read.pattern(prefix.schema).test('abc')).toBe(false);
    expect(() => read.queryParameter(create, 'limit')).toThrow(new SpecError('inline.yaml: create has no query parameter limit (read by the test)'));
  });

  it('fails with one line naming the spec, the place and who reads it', () => {
    expect(() => read.rule(create, 'bad', is.positiveInteger)).toThrow(
      new SpecError('inline.yaml: create x-rules.bad must be a positive integer (read by the test)'),
    );
    expect(() => read.rule(create, 'missing', is.text)).toThrow(/x-rules\.missing must be a non-empty string/);
    expect(() => read.walk(read.requestSchema(create), 'nope')).toThrow(/\/components\/schemas\/Request has no property nope/);
    expect(() => read.responseSchema(create, '404')).toThrow(/create documents no 404 body schema/);
    expect(() => read.keyword(read.at('/components/schemas/Batch'), 'minLength', is.integer)).toThrow(/Batch\/minLength must be an integer/);
  });
});
