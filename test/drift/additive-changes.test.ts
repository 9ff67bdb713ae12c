import { describe, expect, it } from 'vitest';
import type { AdditiveRuleId } from '../../src/drift/rules/index.js';
import { OPERATION, REQUEST_SCHEMA, RESPONSE_SCHEMA, described, diff, errors, infos, type FixtureParts } from './fixture.js';

interface AdditiveCase {
  name: string;
  before?: Partial<FixtureParts>;
  after: Partial<FixtureParts>;
  /** The info finding the change is listed as. */
  info: `${AdditiveRuleId} ${string}`;
}

const body = (schema: string): Partial<FixtureParts> => ({ requestSchema: schema });
const field = (name: string, schema: string) => `{type: object, properties: {${name}: ${schema}}}`;

const cases: AdditiveCase[] = [
  {
    name: 'a new operation',
    before: { withList: false },
    after: {},
    info: 'api-added /paths/~1coupons/get',
  },
  {
    name: 'a new optional request field',
    after: body('{type: object, properties: {code: {type: string}, note: {type: string}}}'),
    info: `request-property-added ${REQUEST_SCHEMA}/properties/note`,
  },
  {
    name: 'a new response field',
    after: { responseSchema: '{type: object, required: [id], properties: {id: {type: integer}, code: {type: string}, created: {type: string}}}' },
    info: `response-property-added ${RESPONSE_SCHEMA}/properties/created`,
  },
  {
    name: 'a new documented status',
    after: { extraResponses: "'409': {description: duplicate code}" },
    info: `response-status-added ${OPERATION}/responses/409`,
  },
  {
    name: 'maximum raised',
    before: body(field('batch_size', '{type: integer, maximum: 200}')),
    after: body(field('batch_size', '{type: integer, maximum: 250}')),
    info: `request-max-increased ${REQUEST_SCHEMA}/properties/batch_size/maximum`,
  },
  {
    name: 'minimum removed',
    before: body(field('batch_size', '{type: integer, minimum: 1}')),
    after: body(field('batch_size', '{type: integer}')),
    info: `request-min-decreased ${REQUEST_SCHEMA}/properties/batch_size/minimum`,
  },
  {
    name: 'maxLength raised',
    before: body(field('code', '{type: string, maxLength: 40}')),
    after: body(field('code', '{type: string, maxLength: 50}')),
    info: `request-max-length-increased ${REQUEST_SCHEMA}/properties/code/maxLength`,
  },
  {
    name: 'minItems lowered',
    before: body(field('codes', '{type: array, minItems: 2}')),
    after: body(field('codes', '{type: array, minItems: 1}')),
    info: `request-min-items-decreased ${REQUEST_SCHEMA}/properties/codes/minItems`,
  },
  {
    name: 'an enum value added',
    before: body(field('type', '{type: string, enum: [percent]}')),
    after: body(field('type', '{type: string, enum: [percent, fixed]}')),
    info: `request-enum-value-added ${REQUEST_SCHEMA}/properties/type/enum`,
  },
  {
    name: 'a pattern removed',
    before: body(field('code', "{type: string, pattern: '^[A-Z]+$'}")),
    after: body(field('code', '{type: string}')),
    info: `request-pattern-removed ${REQUEST_SCHEMA}/properties/code/pattern`,
  },
  {
    name: 'a request type widened',
    before: body(field('max_uses', '{type: integer}')),
    after: body(field('max_uses', '{type: number}')),
    info: `request-property-type-widened ${REQUEST_SCHEMA}/properties/max_uses/type`,
  },
  {
    name: 'a required request field made optional',
    before: body('{type: object, required: [code], properties: {code: {type: string}}}'),
    after: body('{type: object, properties: {code: {type: string}}}'),
    info: `request-property-became-optional ${REQUEST_SCHEMA}/properties/code`,
  },
  {
    name: 'a new optional parameter',
    after: { parameters: '[{name: id, in: path, required: true, schema: {type: integer}}, {name: dry_run, in: query, schema: {type: boolean}}]' },
    info: `new-optional-parameter ${OPERATION}/parameters/1`,
  },
  {
    name: 'a request body made optional',
    before: { bodyRequired: true },
    after: { bodyRequired: false },
    info: `request-body-became-optional ${OPERATION}/requestBody`,
  },
  {
    name: 'a security alternative added',
    after: { security: '[{token: [coupons_write]}, {token: [admin]}]' },
    info: `security-loosened ${OPERATION}/security`,
  },
  {
    name: 'a scope dropped from the requirement',
    before: { security: '[{token: [coupons_write, promotions_write]}]' },
    after: { security: '[{token: [coupons_write]}]' },
    info: `security-loosened ${OPERATION}/security`,
  },
  {
    name: 'a new security scheme',
    after: { securitySchemes: '{token: {type: apiKey, in: header, name: X-Auth-Token}, oauth: {type: http, scheme: bearer}}' },
    info: 'security-scheme-added /components/securitySchemes/oauth',
  },
  {
    name: 'a response type narrowed',
    before: { responseSchema: '{type: object, required: [id], properties: {id: {type: number}, code: {type: string}}}' },
    after: {},
    info: `response-property-type-narrowed ${RESPONSE_SCHEMA}/properties/id/type`,
  },
];

describe('compatible changes pass and are listed as info', () => {
  it.each(cases)('$name', ({ before = {}, after, info }) => {
    const findings = diff(before, after);
    expect(described(errors(findings))).toEqual([]);
    expect(described(infos(findings))).toContain(info);
  });
});

describe('changes that must not read as breaking', () => {
  it('a path parameter renamed is the same operation', () => {
    const findings = diff({}, { parameters: '[{name: coupon_id, in: path, required: true, schema: {type: integer}}]' });
    expect(described(errors(findings))).toEqual([]);
  });

  it('a new required property that is readOnly is not sent by clients', () => {
    const after = body('{type: object, required: [id], properties: {id: {type: integer, readOnly: true}, code: {type: string}}}');
    expect(described(errors(diff({}, after)))).toEqual([]);
  });

  it('removing a writeOnly property from a response breaks nobody', () => {
    const before = { responseSchema: '{type: object, required: [id], properties: {id: {type: integer}, code: {type: string}, secret: {type: string, writeOnly: true}}}' };
    expect(described(errors(diff(before, {})))).toEqual([]);
  });

  it('minLength: 0 added is no constraint', () => {
    expect(described(errors(diff({}, body(field('code', '{type: string, minLength: 0}')))))).toEqual([]);
  });

  it('a request property removed from an open schema is only info', () => {
    const findings = diff(body(field('note', '{type: string}')), body('{type: object}'));
    expect(described(errors(findings))).toEqual([]);
    expect(described(infos(findings))).toContain(`request-property-removed ${REQUEST_SCHEMA}/properties/note`);
  });

  it('descriptions and examples changing are not findings', () => {
    const before = body('{type: object, description: old, properties: {code: {type: string, example: A1}}}');
    const after = body('{type: object, description: new, properties: {code: {type: string, example: B2}}}');
    expect(diff(before, after)).toEqual([]);
  });
});
