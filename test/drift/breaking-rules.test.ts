import { describe, expect, it } from 'vitest';
import { allRules, type BreakingRuleId } from '../../src/drift/rules/index.js';
import { FILE, OPERATION, REQUEST_SCHEMA, RESPONSE_SCHEMA, described, diff, errors, type FixtureParts } from './fixture.js';

interface BreakingCase {
  name: string;
  rule: BreakingRuleId;
  before?: Partial<FixtureParts>;
  after: Partial<FixtureParts>;
  /** Pointer of the finding: into the new spec, or the old one where something was removed. */
  pointer: string;
  message: string;
}

const body = (schema: string): Partial<FixtureParts> => ({ requestSchema: schema });
const reply = (schema: string): Partial<FixtureParts> => ({ responseSchema: schema });
const field = (name: string, schema: string, extra = '') => `{type: object, ${extra}properties: {${name}: ${schema}}}`;

const cases: BreakingCase[] = [
  {
    name: 'an operation removed',
    rule: 'api-removed',
    after: { withList: false },
    pointer: '/paths/~1coupons/get',
    message: 'operation GET /coupons (listCoupons) removed',
  },
  {
    name: 'a documented 4xx removed',
    rule: 'response-status-removed',
    before: { extraResponses: "'409': {description: duplicate code}" },
    after: {},
    pointer: `${OPERATION}/responses/409`,
    message: 'POST /coupons/{id} no longer documents response 409',
  },
  {
    name: 'a response property removed',
    rule: 'response-property-removed',
    after: reply('{type: object, required: [id], properties: {id: {type: integer}}}'),
    pointer: `${RESPONSE_SCHEMA}/properties/code`,
    message: 'property code removed',
  },
  {
    name: 'a response property renamed (removed + added)',
    rule: 'response-property-removed',
    after: reply('{type: object, required: [id], properties: {id: {type: integer}, coupon_code: {type: string}}}'),
    pointer: `${RESPONSE_SCHEMA}/properties/code`,
    message: 'property code removed',
  },
  {
    name: 'a response property retyped',
    rule: 'response-property-type-changed',
    after: reply('{type: object, required: [id], properties: {id: {type: string}, code: {type: string}}}'),
    pointer: `${RESPONSE_SCHEMA}/properties/id/type`,
    message: 'type changed from integer to string',
  },
  {
    name: 'a response property made nullable',
    rule: 'response-property-type-changed',
    after: reply("{type: object, required: [id], properties: {id: {type: [integer, 'null']}, code: {type: string}}}"),
    pointer: `${RESPONSE_SCHEMA}/properties/id/type`,
    message: 'type changed from integer to integer|null',
  },
  {
    name: 'a required response property made optional',
    rule: 'response-property-became-optional',
    after: reply('{type: object, properties: {id: {type: integer}, code: {type: string}}}'),
    pointer: `${RESPONSE_SCHEMA}/properties/id`,
    message: 'property id is no longer required',
  },
  {
    name: 'maximum lowered',
    rule: 'request-max-decreased',
    before: body(field('batch_size', '{type: integer, maximum: 250}')),
    after: body(field('batch_size', '{type: integer, maximum: 200}')),
    pointer: `${REQUEST_SCHEMA}/properties/batch_size/maximum`,
    message: 'maximum lowered from 250 to 200',
  },
  {
    name: 'maximum added',
    rule: 'request-max-decreased',
    before: body(field('batch_size', '{type: integer}')),
    after: body(field('batch_size', '{type: integer, maximum: 200}')),
    pointer: `${REQUEST_SCHEMA}/properties/batch_size/maximum`,
    message: 'maximum 200 added (was unbounded)',
  },
  {
    name: 'maximum made exclusive at the same value',
    rule: 'request-max-decreased',
    before: body(field('batch_size', '{type: integer, maximum: 250}')),
    after: body(field('batch_size', '{type: integer, exclusiveMaximum: 250}')),
    pointer: `${REQUEST_SCHEMA}/properties/batch_size/exclusiveMaximum`,
    message: 'upper bound tightened from maximum 250 to exclusiveMaximum 250',
  },
  {
    name: 'minimum raised',
    rule: 'request-min-increased',
    before: body(field('batch_size', '{type: integer, minimum: 1}')),
    after: body(field('batch_size', '{type: integer, minimum: 5}')),
    pointer: `${REQUEST_SCHEMA}/properties/batch_size/minimum`,
    message: 'minimum raised from 1 to 5',
  },
  {
    name: 'exclusiveMinimum raised',
    rule: 'request-min-increased',
    before: body(field('price', '{type: number, exclusiveMinimum: 0}')),
    after: body(field('price', '{type: number, exclusiveMinimum: 1}')),
    pointer: `${REQUEST_SCHEMA}/properties/price/exclusiveMinimum`,
    message: 'exclusiveMinimum raised from 0 to 1',
  },
  {
    name: 'maxLength lowered',
    rule: 'request-max-length-decreased',
    before: body(field('code', '{type: string, maxLength: 50}')),
    after: body(field('code', '{type: string, maxLength: 40}')),
    pointer: `${REQUEST_SCHEMA}/properties/code/maxLength`,
    message: 'maxLength lowered from 50 to 40',
  },
  {
    name: 'minLength raised',
    rule: 'request-min-length-increased',
    before: body(field('code', '{type: string, minLength: 1}')),
    after: body(field('code', '{type: string, minLength: 6}')),
    pointer: `${REQUEST_SCHEMA}/properties/code/minLength`,
    message: 'minLength raised from 1 to 6',
  },
  {
    name: 'maxItems lowered',
    rule: 'request-max-items-decreased',
    before: body(field('codes', '{type: array, maxItems: 100, items: {type: string}}')),
    after: body(field('codes', '{type: array, maxItems: 10, items: {type: string}}')),
    pointer: `${REQUEST_SCHEMA}/properties/codes/maxItems`,
    message: 'maxItems lowered from 100 to 10',
  },
  {
    name: 'minItems raised',
    rule: 'request-min-items-increased',
    before: body(field('codes', '{type: array, minItems: 1, items: {type: string}}')),
    after: body(field('codes', '{type: array, minItems: 2, items: {type: string}}')),
    pointer: `${REQUEST_SCHEMA}/properties/codes/minItems`,
    message: 'minItems raised from 1 to 2',
  },
  {
    name: 'pattern changed',
    rule: 'request-pattern-changed',
    before: body(field('code', "{type: string, pattern: '^[A-Z0-9]{6,50}$'}")),
    after: body(field('code', "{type: string, pattern: '^[A-Z0-9]{6,40}$'}")),
    pointer: `${REQUEST_SCHEMA}/properties/code/pattern`,
    message: 'pattern changed from ^[A-Z0-9]{6,50}$ to ^[A-Z0-9]{6,40}$',
  },
  {
    name: 'pattern added',
    rule: 'request-pattern-changed',
    before: body(field('code', '{type: string}')),
    after: body(field('code', "{type: string, pattern: '^[A-Z]+$'}")),
    pointer: `${REQUEST_SCHEMA}/properties/code/pattern`,
    message: 'pattern ^[A-Z]+$ added',
  },
  {
    name: 'enum narrowed',
    rule: 'request-enum-value-removed',
    before: body(field('type', '{type: string, enum: [percent, fixed, free_shipping]}')),
    after: body(field('type', '{type: string, enum: [percent, fixed]}')),
    pointer: `${REQUEST_SCHEMA}/properties/type/enum`,
    message: 'enum value "free_shipping" removed',
  },
  {
    name: 'a request property retyped',
    rule: 'request-property-type-changed',
    before: body(field('max_uses', '{type: number}')),
    after: body(field('max_uses', '{type: integer}')),
    pointer: `${REQUEST_SCHEMA}/properties/max_uses/type`,
    message: 'type changed from number to integer',
  },
  {
    name: 'an optional request property made required',
    rule: 'request-property-became-required',
    before: body('{type: object, properties: {code: {type: string}}}'),
    after: body('{type: object, required: [code], properties: {code: {type: string}}}'),
    pointer: `${REQUEST_SCHEMA}/properties/code`,
    message: 'property code became required',
  },
  {
    name: 'a new required request body field',
    rule: 'new-required-request-property',
    before: body('{type: object, properties: {code: {type: string}}}'),
    after: body('{type: object, required: [promotion_id], properties: {code: {type: string}, promotion_id: {type: integer}}}'),
    pointer: `${REQUEST_SCHEMA}/properties/promotion_id`,
    message: 'new required property promotion_id',
  },
  {
    name: 'a request property removed where unknown properties are rejected',
    rule: 'request-property-removed',
    before: body('{type: object, additionalProperties: false, properties: {code: {type: string}, note: {type: string}}}'),
    after: body('{type: object, additionalProperties: false, properties: {code: {type: string}}}'),
    pointer: `${REQUEST_SCHEMA}/properties/note`,
    message: 'property note removed and unknown properties are rejected',
  },
  {
    name: 'unknown request properties newly rejected',
    rule: 'request-additional-properties-disallowed',
    before: body('{type: object, properties: {code: {type: string}}}'),
    after: body('{type: object, additionalProperties: false, properties: {code: {type: string}}}'),
    pointer: `${REQUEST_SCHEMA}/additionalProperties`,
    message: 'unknown properties are now rejected',
  },
  {
    name: 'a new required query parameter',
    rule: 'new-required-parameter',
    after: { parameters: '[{name: id, in: path, required: true, schema: {type: integer}}, {name: channel_id, in: query, required: true, schema: {type: integer}}]' },
    pointer: `${OPERATION}/parameters/1`,
    message: 'new required query parameter channel_id',
  },
  {
    name: 'an optional parameter made required',
    rule: 'request-parameter-became-required',
    before: { parameters: '[{name: id, in: path, required: true, schema: {type: integer}}, {name: X-Dry-Run, in: header, schema: {type: boolean}}]' },
    after: { parameters: '[{name: id, in: path, required: true, schema: {type: integer}}, {name: x-dry-run, in: header, required: true, schema: {type: boolean}}]' },
    pointer: `${OPERATION}/parameters/1`,
    message: 'header parameter x-dry-run became required',
  },
  {
    name: 'a parameter constraint tightened',
    rule: 'request-max-decreased',
    before: { parameters: '[{name: id, in: path, required: true, schema: {type: integer, maximum: 1000}}]' },
    after: { parameters: '[{name: id, in: path, required: true, schema: {type: integer, maximum: 999}}]' },
    pointer: `${OPERATION}/parameters/0/schema/maximum`,
    message: 'maximum lowered from 1000 to 999',
  },
  {
    name: 'an optional request body made required',
    rule: 'request-body-became-required',
    before: { bodyRequired: false },
    after: { bodyRequired: true },
    pointer: `${OPERATION}/requestBody/required`,
    message: 'POST /coupons/{id} request body became required',
  },
  {
    name: 'a request media type removed',
    rule: 'request-media-type-removed',
    after: { requestMediaType: 'application/merge-patch+json' },
    pointer: `${OPERATION}/requestBody/content/application~1json`,
    message: 'POST /coupons/{id} request body no longer offers application/json',
  },
  {
    name: 'a response media type removed',
    rule: 'response-media-type-removed',
    after: { responseMediaType: 'application/vnd.coupon+json' },
    pointer: `${OPERATION}/responses/200/content/application~1json`,
    message: 'POST /coupons/{id} response 200 no longer offers application/json',
  },
  {
    name: 'a scope added to the security requirement',
    rule: 'security-changed',
    after: { security: '[{token: [coupons_write, promotions_write]}]' },
    pointer: `${OPERATION}/security`,
    message: 'POST /coupons/{id} security changed from token[coupons_write] to token[coupons_write promotions_write]',
  },
  {
    name: 'a security alternative removed',
    rule: 'security-changed',
    before: { security: '[{token: [coupons_write]}, {token: [admin]}]' },
    after: { security: '[{token: [coupons_write]}]' },
    pointer: `${OPERATION}/security`,
    message: 'POST /coupons/{id} security changed from token[coupons_write] or token[admin] to token[coupons_write]',
  },
  {
    name: 'the header a credential travels in renamed',
    rule: 'security-scheme-changed',
    after: { securitySchemes: '{token: {type: apiKey, in: header, name: Authorization}}' },
    pointer: '/components/securitySchemes/token/name',
    message: 'security scheme token name changed from x-auth-token to authorization',
  },
  {
    name: 'the base path moved',
    rule: 'server-base-path-changed',
    after: { serverUrl: 'https://api.example.com/stores/{store_hash}/v4' },
    pointer: '/servers/0/url',
    message: 'base path changed from /stores/{store_hash}/v3 to /stores/{store_hash}/v4',
  },
  {
    name: 'an operationId renamed',
    rule: 'api-operation-id-removed',
    after: { operationId: 'createCouponCode' },
    pointer: `${OPERATION}/operationId`,
    message: 'POST /coupons/{id} operationId changed from createCoupon to createCouponCode',
  },
];

describe('each breaking rule flags its change with its id and pointer, and nothing else', () => {
  it.each(cases)('$rule: $name', ({ rule, before = {}, after, pointer, message }) => {
    const breaking = errors(diff(before, after));
    expect(described(breaking)).toEqual([`${rule} ${pointer}`]);
    expect(breaking[0]).toMatchObject({ file: FILE, message });
  });

  it('every registered rule has a case here', () => {
    const covered = new Set(cases.map((c) => c.rule));
    expect(allRules.map((r) => r.id).filter((id) => !covered.has(id as BreakingRuleId))).toEqual([]);
  });

  it('rule ids are unique, and no additive id is also a breaking one', () => {
    const breakingIds = allRules.map((r) => r.id);
    const additiveIds = allRules.flatMap((r) => (r.additiveId ? [r.additiveId] : []));
    expect(new Set(breakingIds).size).toBe(breakingIds.length);
    expect(new Set(additiveIds).size).toBe(additiveIds.length);
    expect(additiveIds.filter((id) => breakingIds.includes(id))).toEqual([]);
  });

  it('an unchanged spec has no findings at all', () => {
    expect(diff({}, {})).toEqual([]);
  });
});
