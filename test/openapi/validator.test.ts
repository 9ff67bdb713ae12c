import { describe, expect, it } from 'vitest';
import { buildSpec, getByPointer, parseSpecText } from '../../src/openapi/load.js';
import { createSpecValidator, documentPointer, specValidatorOf } from '../../src/openapi/validator.js';

const document = parseSpecText(
  `openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /codes:
    post:
      operationId: create
      responses:
        '201':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {inline: {type: integer}}}
components:
  schemas:
    Response:
      type: object
      required: [data]
      properties:
        data: {$ref: '#/components/schemas/Code'}
        count: {type: integer, maximum: 3}
    Code:
      type: object
      required: [code]
      properties:
        code: {type: string, pattern: '^[A-Z]+$'}
`,
  'inline.yaml',
);
const spec = buildSpec(document, 'inline.yaml');
const validator = createSpecValidator(spec);

describe('spec validator', () => {
  it('points at the keyword that failed, in the document, through $refs', () => {
    const violations = validator.validate('/components/schemas/Response', { data: { code: 'abc' }, count: 9 });
    const pointers = violations.map((v) => v.schemaPointer).sort();
    expect(pointers).toEqual(['/components/schemas/Code/properties/code/pattern', '/components/schemas/Response/properties/count/maximum']);
    for (const pointer of pointers) expect(getByPointer(document, pointer)).toBeDefined();
  });

  it('names the instance path in its message', () => {
    const [missing] = validator.validate('/components/schemas/Response', { data: {} });
    expect(missing?.message).toBe("/data must have required property 'code'");
    expect(missing?.schemaPointer).toBe('/components/schemas/Code/required');
  });

  it('points into an inline schema under its operation', () => {
    const pointer = spec.operation('create').responses['201']?.schemaPointer as string;
    const [wrong] = validator.validate(pointer, { inline: 'x' });
    expect(wrong?.schemaPointer).toBe(`${pointer}/properties/inline/type`);
    expect(getByPointer(document, wrong?.schemaPointer as string)).toBe('integer');
  });

  it('passes a valid value', () => {
    expect(validator.validate('/components/schemas/Response', { data: { code: 'ABC' }, count: 2 })).toEqual([]);
  });

  it('reads root-relative and document-relative schema paths', () => {
    expect(documentPointer('#/properties/n/type', '/components/schemas/R')).toBe('/components/schemas/R/properties/n/type');
    expect(documentPointer('#/components/schemas/C/required', '/components/schemas/R')).toBe('/components/schemas/C/required');
    expect(documentPointer('spec://x#/components/schemas/C/required', '/x')).toBe('/components/schemas/C/required');
  });
});

describe('specValidatorOf', () => {
  it('gives each spec one shared validator, and another spec its own that judges by its own schemas', () => {
    const first = buildSpec(document, '/tmp/a.yaml');
    const looser = buildSpec(parseSpecText(JSON.stringify(document).replace('"maximum":3', '"maximum":20'), '/tmp/b.yaml'), '/tmp/b.yaml');
    expect(specValidatorOf(first)).toBe(specValidatorOf(first));
    const valueOf = (count: number) => ({ data: { code: 'ABC' }, count });
    expect(specValidatorOf(first).validate('/components/schemas/Response', valueOf(9))).toHaveLength(1);
    expect(specValidatorOf(looser).validate('/components/schemas/Response', valueOf(9))).toEqual([]);
  });
});
