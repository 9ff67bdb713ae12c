import { afterEach, describe, expect, it } from 'vitest';
import { auth, boundaries, methodNotAllowed, schemaConformance, statusConformance } from '../../src/contracts/checks/index.js';
import { runCheck, type CheckResult } from '../../src/contracts/run-check.js';
import type { VendorName } from '../../src/openapi/load.js';
import { contextFor, READONLY_TOKEN, TOKEN } from './support/context.js';
import { startFakeTarget, type FakeAnswer, type FakeRequest, type FakeTarget } from './support/fake-target.js';

let target: FakeTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function against(vendor: VendorName, override?: (request: FakeRequest, answer: FakeAnswer) => FakeAnswer | undefined) {
  target = await startFakeTarget(vendor, override);
  return contextFor(vendor, target.url);
}

function failure(result: CheckResult): string {
  if (result.status !== 'failed') throw new Error(`expected the check to fail, it ${result.status}${result.status === 'skipped' ? `: ${result.reason}` : ''}`);
  const message = result.violation.message;
  expect(message).not.toContain(TOKEN);
  expect(message).not.toContain(READONLY_TOKEN);
  return message;
}

const CODES_POST = 'spec/bigcommerce.yaml#/paths/~1promotions~1{promotion_id}~1codes/post';

describe('status_conformance', () => {
  it('fails when a valid request gets an undocumented status, naming the responses the spec documents', async () => {
    const ctx = await against('bigcommerce', (r, a) => (r.op?.id === 'createCouponCode' && a !== 'hang' && a !== 'reset' && a.status === 201 ? { ...a, status: 200 } : undefined));
    const message = failure(await runCheck(ctx, statusConformance, 'createCouponCode'));
    expect(message).toContain('[status_conformance] createCouponCode');
    expect(message).toContain(`rule: ${CODES_POST}/responses`);
    expect(message).toContain('a valid request: expected 201, got 200');
    expect(message).toContain('got:  200 in');
  });

  it('fails for every observed exchange whose status the operation does not document', async () => {
    const ctx = await against('bigcommerce', (r) => (r.op?.id === 'listCouponCodes' && r.query.get('limit') === '7' ? { status: 418, body: {} } : undefined));
    await ctx.call('listCouponCodes', { params: { promotion_id: '1' }, query: { limit: 7 } });
    const message = failure(await runCheck(ctx, statusConformance, 'listCouponCodes'));
    expect(message).toContain('[status_conformance] listCouponCodes: status 418 is not documented');
    expect(message).toContain('GET http://127.0.0.1');
    expect(message).toContain('limit=7');
  });

  it('passes against a target that follows the spec', async () => {
    const ctx = await against('bigcommerce');
    expect(await runCheck(ctx, statusConformance, 'createCouponCode')).toMatchObject({ status: 'passed' });
    expect(await runCheck(ctx, statusConformance, 'deleteCouponCode')).toMatchObject({ status: 'passed' });
  });
});

describe('schema_conformance', () => {
  it('fails when a body breaks the response schema, with the schema pointer and the broken keyword', async () => {
    const ctx = await against('bigcommerce', (r) => (r.op?.id === 'createCouponCode' ? { status: 201, body: { data: { code: 'X' }, meta: {} } } : undefined));
    const message = failure(await runCheck(ctx, schemaConformance, 'createCouponCode'));
    expect(message).toContain('[schema_conformance] createCouponCode');
    expect(message).toContain('201 body breaks the schema');
    expect(message).toContain('rule: spec/bigcommerce.yaml#/components/schemas/CouponCodeResponse');
    expect(message).toContain("must have required property 'id'");
    expect(message).toContain('spec/bigcommerce.yaml#/components/schemas/CouponCode/required');
  });

  it('fails on an HTML answer, and on an error body in the wrong shape', async () => {
    const ctx = await against('shoplazza', (r) =>
      r.op?.id === 'listDiscountCodes'
        ? r.query.get('limit') === '0'
          ? { status: 422, body: { error: 'bad limit' } }
          : { status: 200, headers: { 'content-type': 'text/html' }, raw: '<html><body>Welcome</body></html>' }
        : undefined,
    );
    await ctx.call('listDiscountCodes', { params: { price_rule_id: 'pr_1001' }, query: { limit: 0 } });
    const message = failure(await runCheck(ctx, schemaConformance, 'listDiscountCodes'));
    expect(message).toContain('2 of 2 answers of listDiscountCodes');
    expect(message).toContain("422 body breaks the schema: body must have required property 'code'");
    expect(message).toContain('200 answered Content-Type text/html, documented application/json');
    expect(message).toContain('rule: spec/shoplazza.yaml#/paths/~1price_rules~1{price_rule_id}~1discount_codes/get/responses/200/content');
    expect(message).toContain('<html><body>Welcome</body></html>');
  });

  it('passes against a target that follows the spec', async () => {
    const ctx = await against('elasticpath');
    expect(await runCheck(ctx, schemaConformance, 'listPromotionCodes')).toMatchObject({ status: 'passed' });
    expect(await runCheck(ctx, schemaConformance, 'createPromotionJob')).toMatchObject({ status: 'passed' });
  });
});

describe('boundaries', () => {
  it('fails when a value one past maxLength is accepted, naming the case, the keyword and the status', async () => {
    const ctx = await against('bigcommerce', (r) =>
      r.op?.id === 'createCouponCode' && typeof (r.body as { code?: unknown })?.code === 'string' && ((r.body as { code: string }).code.length === 51)
        ? { status: 201, body: r.op.responses['201']?.examples.created }
        : undefined,
    );
    const message = failure(await runCheck(ctx, boundaries, 'createCouponCode'));
    expect(message).toContain('[boundaries] createCouponCode: body.code maxLength+1 (51 characters): expected 422, got 201');
    expect(message).toContain('rule: spec/bigcommerce.yaml#/components/schemas/CreateCouponCodeRequest/properties/code/maxLength');
    expect(message).toContain('maxLength: 50: breaking it is answered 422 (x-validation-status)');
    expect(message).toMatch(/body: \{"code":"CCTEST01L[A-Z0-9_ -]{42}"\}/);
  });

  it('fails when a valid value at the maximum is rejected, and when a rejection is not in the vendor error shape', async () => {
    const ctx = await against('bigcommerce', (r, a) => {
      if (r.op?.id !== 'generateCouponCodes' || a === 'hang' || a === 'reset') return undefined;
      if ((r.body as { batch_size?: unknown })?.batch_size === 250) return { status: 422, body: r.op.responses['422']?.examples['batch-size-too-large'] };
      if ((r.body as { batch_size?: unknown })?.batch_size === 251) return { status: 422, body: { message: 'invalid' } };
      return undefined;
    });
    const message = failure(await runCheck(ctx, boundaries, 'generateCouponCodes'));
    expect(message).toContain('[boundaries] generateCouponCodes: 2 of 42 boundary cases of generateCouponCodes were not answered as the spec says');
    expect(message).toContain('body.batch_size max (250): expected 201, got 422');
    expect(message).toContain('maximum: 250: a value at the limit is valid: answered 201');
    expect(message).toContain("body.batch_size max+1: 422 body breaks the schema: body must have required property 'errors'");
  });

  it('fails when repeated exclude_characters or a promotion_id the pattern refuses are accepted', async () => {
    const ctx = await against('bigcommerce', (r) => {
      if (r.op?.id !== 'generateCouponCodes') return undefined;
      const excluded = (r.body as { exclude_characters?: unknown[] })?.exclude_characters;
      const repeated = Array.isArray(excluded) && new Set(excluded).size < excluded.length;
      const badPromotion = !/^\/promotions\/[0-9]+\//.test(r.path);
      return repeated || badPromotion ? { status: 201, body: Object.values(r.op.responses['201']?.examples ?? {})[0] } : undefined;
    });
    const message = failure(await runCheck(ctx, boundaries, 'generateCouponCodes'));
    expect(message).toContain('body.exclude_characters uniqueItems (2 items): expected 422, got 201');
    expect(message).toContain('spec/bigcommerce.yaml#/components/schemas/GenerateCouponCodesRequest/properties/exclude_characters/uniqueItems');
    expect(message).toMatch(/path\.promotion_id pattern \("[^"]+"\): expected 422, got 201/);
    expect(message).toContain('spec/bigcommerce.yaml#/components/parameters/PromotionId/schema/pattern');
  });

  it('fails when an unknown field, a promotionID that is no UUID or a broken export job (the oneOf branch not sent) is accepted', async () => {
    const ctx = await against('elasticpath', (r) => {
      const created = (id: string) => (r.op?.id === id ? { status: 201, body: Object.values(r.op.responses['201']?.examples ?? {})[0] } : undefined);
      const body = r.body as { contracts_unknown?: unknown; data?: { job_type?: unknown; type?: unknown } } | undefined;
      if (r.op?.id === 'createPromotionCodes' && body?.contracts_unknown !== undefined) return created('createPromotionCodes');
      if (r.op?.id === 'createPromotionCodes' && /^\/v2\/rule-promotions\/not-a-uuid|CC[A-Z0-9]*-not-a-uuid/.test(r.path)) return created('createPromotionCodes');
      if (r.op?.id === 'createPromotionJob' && body?.data?.job_type === 'code_export' && body.data.type === undefined) return created('createPromotionJob');
      return undefined;
    });
    const codes = failure(await runCheck(ctx, boundaries, 'createPromotionCodes'));
    expect(codes).toContain('body additionalProperties');
    expect(codes).toContain('spec/elasticpath.yaml#/components/schemas/PromotionCodesRequest/additionalProperties');
    expect(codes).toMatch(/path\.promotionID format \("CC[A-Z0-9]*-not-a-uuid"\): expected 400, got 201/);
    expect(codes).toContain('spec/elasticpath.yaml#/components/parameters/PromotionID/schema/format');
    const jobs = failure(await runCheck(ctx, boundaries, 'createPromotionJob'));
    expect(jobs).toContain('body.data.type missing-required (branch 1) (left out): expected 422, got 201');
    expect(jobs).toContain('spec/elasticpath.yaml#/components/schemas/PromotionJobExportData/required');
  });

  it('derives query cases too: a non-integer limit must be rejected', async () => {
    const ctx = await against('elasticpath', (r) => (r.op?.id === 'listPromotionCodes' && r.query.get('page[limit]') === '1.5' ? { status: 200, body: r.op.responses['200']?.examples.empty } : undefined));
    const message = failure(await runCheck(ctx, boundaries, 'listPromotionCodes'));
    expect(message).toContain('query.page[limit] non-integer (1.5): expected 400, got 200');
    expect(message).toContain('page[limit]=1.5');
    expect(message).toContain('rule: spec/elasticpath.yaml#/components/parameters/PageLimit/schema/type');
  });

  it('passes against a target that follows the spec', async () => {
    const ctx = await against('bigcommerce');
    for (const id of ['createCouponCode', 'generateCouponCodes', 'listCouponCodes', 'deleteCouponCodes']) {
      expect(await runCheck(ctx, boundaries, id), id).toMatchObject({ status: 'passed' });
    }
    const shoplazza = contextFor('shoplazza', (target = (await target?.close(), await startFakeTarget('shoplazza'))).url);
    expect(await runCheck(shoplazza, boundaries, 'batchCreateDiscountCodes')).toMatchObject({ status: 'passed' });
  });
});

describe('method_not_allowed', () => {
  it('fails on 404 instead of 405 and on an Allow header that names other methods', async () => {
    const ctx = await against('bigcommerce', (r, a) => {
      if (a === 'hang' || a === 'reset' || a.status !== 405) return undefined;
      if (r.method === 'PUT' && r.path === '/promotions/codes') return { status: 404, body: { status: 404, title: 'Not Found' } };
      if (r.method === 'PATCH' && r.path === '/promotions/1/codegen') return { ...a, headers: { allow: 'POST, GET' } };
      return undefined;
    });
    const message = failure(await runCheck(ctx, methodNotAllowed));
    expect(message).toContain('[method_not_allowed]: 2 of 13 undefined methods');
    expect(message).toContain('PUT /promotions/codes: expected 405, got 404');
    expect(message).toContain('rule: spec/bigcommerce.yaml#/paths/~1promotions~1codes');
    expect(message).toContain('PATCH /promotions/{promotion_id}/codegen: Allow: POST, GET names undocumented GET');
    expect(message).toContain('/promotions/{promotion_id}/codegen defines POST; other methods are answered 405 with Allow: POST');
  });

  it('fails on a 405 without an Allow header', async () => {
    const ctx = await against('shoplazza', (r, a) => (a !== 'hang' && a !== 'reset' && a.status === 405 && r.path === '/discount_codes/lookup' && r.method === 'POST' ? { status: 405, body: { code: 'MethodNotAllowed', message: '' } } : undefined));
    const message = failure(await runCheck(ctx, methodNotAllowed));
    expect(message).toContain('POST /discount_codes/lookup: 405 without an Allow header');
  });

  it('passes against a target that follows the spec', async () => {
    expect(await runCheck(await against('elasticpath'), methodNotAllowed)).toMatchObject({ status: 'passed' });
  });
});

describe('auth', () => {
  it('fails when a request without credentials is served', async () => {
    const ctx = await against('bigcommerce', (r) => (r.op?.id === 'listCouponCodes' && !r.token ? { status: 200, body: r.op.responses['200']?.examples['first-page'] } : undefined));
    const message = failure(await runCheck(ctx, auth, 'listCouponCodes'));
    expect(message).toContain('[auth] listCouponCodes');
    expect(message).toContain('no credentials: expected 401, got 200');
    expect(message).toContain('rule: spec/bigcommerce.yaml#/paths/~1promotions~1{promotion_id}~1codes/get/responses/401');
    expect(message).toMatch(/headers: accept: application\/json\n/);
  });

  it('fails when a read-only token may write, and when the 401 is not in the documented shape', async () => {
    const ctx = await against('elasticpath', (r, a) => {
      if (r.op?.id !== 'createPromotionCodes') return undefined;
      if (r.token?.startsWith('readonly')) return { status: 201, body: r.op.responses['201']?.examples.created };
      if (!r.token) return { status: 401, headers: { 'content-type': 'text/html' }, raw: '<h1>Login required</h1>' };
      return a === 'hang' || a === 'reset' ? undefined : a;
    });
    const message = failure(await runCheck(ctx, auth, 'createPromotionCodes'));
    expect(message).toContain('[auth] createPromotionCodes: 2 answers');
    expect(message).toContain('no credentials: 401 answered Content-Type text/html, documented application/json');
    expect(message).toContain('a read-only token: expected 403, got 201');
    expect(message).toContain('createPromotionCodes needs a write scope: a read-only token is answered 403');
    expect(message).toContain('authorization: [redacted]');
  });

  it('passes against a target that follows the spec; without a read-only token the 403 part is skipped with a reason', async () => {
    const ctx = await against('shoplazza');
    expect(await runCheck(ctx, auth, 'createDiscountCode')).toMatchObject({ status: 'passed' });
    expect(await runCheck(ctx, auth, 'listDiscountCodes')).toMatchObject({ status: 'passed' });
    const noReadonly = contextFor('shoplazza', target?.url as string, { readonlyTokens: {} });
    expect(await runCheck(noReadonly, auth, 'createDiscountCode')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('--readonly-token') });
  });
});
