import nock from 'nock';
import { afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { components as BigCommerce } from '../../generated/bigcommerce.js';
import type { components as ElasticPath } from '../../generated/elasticpath.js';
import { createBigCommerceClient, createElasticPathClient } from '../../src/client/index.js';

// The answers are the specs' own examples.
const COUPON_CODE = { data: { id: 1024, code: 'SUMMER_SALE_2024', current_uses: 0, created: '2024-06-01T10:15:30+00:00', max_uses: 100, max_uses_per_customer: 3 }, meta: {} };
const DUPLICATE = {
  errors: [{ status: 422, title: "Coupon code 'SUMMER_SALE_2024' already exists for this promotion.", type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' }],
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('BigCommerce createCouponCode: responses typed by status', () => {
  const bc = createBigCommerceClient({ baseUrl: 'http://127.0.0.1:4010/stores/abc/v3', token: 'bc-token' });
  const create = (code: string) => bc.POST('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '42' } }, body: { code, max_uses: 100, max_uses_per_customer: 3 } });

  it('201: data is the CouponCodeResponse schema', async () => {
    nock('http://127.0.0.1:4010').post('/stores/abc/v3/promotions/42/codes', { code: 'SUMMER_SALE_2024', max_uses: 100, max_uses_per_customer: 3 }).reply(201, COUPON_CODE);
    const { data, error, response } = await create('SUMMER_SALE_2024');
    // openapi-fetch hands out Readable<schema> (writeOnly fields dropped): the same type here, which
    // expectTypeOf's exact equality sees through for every field but `meta: Record<string, never>`.
    expectTypeOf(data).not.toBeAny();
    expectTypeOf<NonNullable<typeof data>>().toExtend<BigCommerce['schemas']['CouponCodeResponse']>();
    expectTypeOf<BigCommerce['schemas']['CouponCodeResponse']>().toExtend<NonNullable<typeof data>>();
    expectTypeOf<NonNullable<typeof data>['data']>().toEqualTypeOf<BigCommerce['schemas']['CouponCode']>();
    expect(response.status).toBe(201);
    expect(error).toBeUndefined();
    expect(data).toEqual(COUPON_CODE);
    if (!data) throw new Error('no data');
    // Typed all the way down: no cast needed to reach a field.
    expect(data.data.id + data.data.current_uses).toBe(1024);
  });

  it('422: error is typed, the ErrorList among the error shapes', async () => {
    nock('http://127.0.0.1:4010').post('/stores/abc/v3/promotions/42/codes').reply(422, DUPLICATE);
    const { data, error, response } = await create('SUMMER_SALE_2024');
    expectTypeOf(error).not.toBeAny();
    expectTypeOf<BigCommerce['schemas']['ErrorList']>().toExtend<NonNullable<typeof error>>();
    expect(response.status).toBe(422);
    expect(data).toBeUndefined();
    expect(error).toEqual(DUPLICATE);
    // The error is the union of the operation's error bodies; a field of the 422's narrows it.
    const errors = error && 'errors' in error && Array.isArray(error.errors) ? error.errors : [];
    expectTypeOf(errors).toEqualTypeOf<BigCommerce['schemas']['ErrorItems']>();
    expect(errors[0]?.title).toContain('already exists');
  });

  it('paths, methods, parameters and bodies are checked by the compiler', () => {
    // Never sent: these lines only have to fail to compile.
    const never = () => {
      // @ts-expect-error not a path of the spec
      void bc.GET('/promotions/{promotion_id}/coupons', { params: { path: { promotion_id: '1' } } });
      // @ts-expect-error createCouponCode needs its path parameter
      void bc.POST('/promotions/{promotion_id}/codes', { body: { code: 'A', max_uses: 0, max_uses_per_customer: 0 } });
      // @ts-expect-error code is a string
      void bc.POST('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '1' } }, body: { code: 1, max_uses: 0, max_uses_per_customer: 0 } });
      // @ts-expect-error the code collection has no PUT
      void bc.PUT('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '1' } } });
    };
    expect(never).toBeTypeOf('function');
  });
});

describe('Elastic Path createPromotionCodes: 201 typed', () => {
  it('data is the PromotionCodesCreatedResponse schema: the created codes as an array', async () => {
    const ep = createElasticPathClient({ baseUrl: 'http://127.0.0.1:4010', token: 'ep-token' });
    const created = {
      data: [{ type: 'promotion_codes', id: '2d1b6c3e-7f4a-4b5c-9d8e-1f2a3b4c5d6e', code: 'cart1', uses: 0, max_uses: 5, consume_unit: 'per_application', meta: { timestamps: { created_at: '2024-12-06T12:00:00Z', updated_at: '2024-12-06T12:00:00Z' } } }],
    };
    nock('http://127.0.0.1:4010').post('/v2/rule-promotions/p-1/codes').reply(201, created);
    const { data, response } = await ep.POST('/v2/rule-promotions/{promotionID}/codes', {
      params: { path: { promotionID: 'p-1' } },
      body: { data: { type: 'promotion_codes', codes: [{ code: 'cart1', uses: 5, consume_unit: 'per_application' }] } },
    });
    expectTypeOf(data).toEqualTypeOf<ElasticPath['schemas']['PromotionCodesCreatedResponse'] | undefined>();
    expect(response.status).toBe(201);
    expect(data).toEqual(created);
    expect(data?.data[0]?.consume_unit).toBe('per_application');
  });
});
