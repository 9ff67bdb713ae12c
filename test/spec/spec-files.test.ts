import { describe, expect, it } from 'vitest';
import { buildSpec, parseSpecText } from '../../src/openapi/load.js';
import { createSpecValidator } from '../../src/openapi/validator.js';
import { collectExamples, collectPatterns, isAnchoredPattern } from './spec-files.js';

// The collectors decide what the real-spec suites check, so they are checked on a known document.
const document = parseSpecText(
  `
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, minimum: 1}, example: 0}
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
            examples:
              minimal: {value: {code: AB}}
              shared: {$ref: '#/components/examples/WrongType'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
              example: {code: 'x y'}
components:
  examples:
    WrongType: {value: {code: 5}}
  schemas:
    Thing:
      type: object
      required: [code]
      example: {not: checked}
      properties:
        code: {type: string, pattern: '^[A-Z]+$'}
        pattern: {type: string, pattern: 'abc'}
`,
  'inline',
);

describe('collectExamples', () => {
  const examples = collectExamples(document);
  const validator = createSpecValidator(buildSpec(document, 'inline'));
  const verdicts = Object.fromEntries(examples.map((e) => [e.pointer, validator.validate(e.schemaPointer, e.value).map((v) => v.message)]));

  it('finds parameter, named, referenced and single examples beside a schema, not inside schemas', () => {
    expect(Object.keys(verdicts)).toEqual([
      '/paths/~1things~1{id}/parameters/0/example',
      '/paths/~1things~1{id}/post/requestBody/content/application~1json/examples/minimal/value',
      '/paths/~1things~1{id}/post/requestBody/content/application~1json/examples/shared/value',
      '/paths/~1things~1{id}/post/responses/200/content/application~1json/example',
    ]);
  });

  it('pairs each example with the schema that rejects it when it is wrong', () => {
    expect(Object.values(verdicts)).toEqual([['body must be >= 1'], [], ['/code must be string'], ['/code must match pattern "^[A-Z]+$"']]);
  });
});

describe('collectPatterns and isAnchoredPattern', () => {
  it('finds pattern keywords but not properties named pattern', () => {
    expect(collectPatterns(document)).toEqual([
      { pointer: '/components/schemas/Thing/properties/code/pattern', pattern: '^[A-Z]+$' },
      { pointer: '/components/schemas/Thing/properties/pattern/pattern', pattern: 'abc' },
    ]);
  });

  it.each([
    ['^[A-Z]+$', true],
    ['^a|b$', false],
    ['^(a|b)$', true],
    ['^[a|b]+$', true],
    ['^a\\|b$', true],
    ['[A-Z]+$', false],
    ['^[A-Z]+', false],
    ['^price\\$', false],
    ['^path\\\\$', true],
  ])('%s anchored: %s', (pattern, anchored) => expect(isAnchoredPattern(pattern)).toBe(anchored));
});
