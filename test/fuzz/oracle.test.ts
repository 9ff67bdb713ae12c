import { describe, expect, it } from 'vitest';
import { createOracle } from '../../src/fuzz/oracle.js';
import type { FuzzRequest } from '../../src/fuzz/requests.js';
import type { FuzzResponse } from '../../src/fuzz/send.js';
import { loadSpec } from '../../src/openapi/load.js';
import { createSpecValidator } from '../../src/openapi/validator.js';

const spec = loadSpec('bigcommerce');
const oracle = createOracle(spec, createSpecValidator(spec));
const BASE = '/stores/abc123/v3';

const request = (method: string, path: string, headers: Array<[string, string]> = []): FuzzRequest => ({
  target: 'listCouponCodes',
  method,
  path: `${BASE}${path}`,
  headers,
  mutations: [],
});
const json = (status: number, body: unknown): FuzzResponse => ({ status, headers: { 'content-type': 'application/json' }, text: JSON.stringify(body) });
/** BigCommerce's documented 404 body: the error list (spec Decision 4). */
const NOT_FOUND_404 = { errors: [{ status: 404, title: 'Not Found', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' }] };
const COUPON = { id: 1, code: 'SAVE10', current_uses: 0, created: '2026-01-01T00:00:00Z' };

describe('fuzz oracle: what the spec allows as an answer', () => {
  it('passes a documented status whose body validates', () => {
    const list = { data: [COUPON], meta: { cursor_pagination: { count: 1, per_page: 50, start_cursor: '1', end_cursor: '1', links: {} } } };
    const findings = oracle.judge(request('GET', '/promotions/1/codes'), json(200, list));
    expect(findings).toEqual([]);
    expect(oracle.judge(request('GET', '/promotions/1/codes'), json(404, NOT_FOUND_404))).toEqual([]);
  });

  it('names a status the operation does not document', () => {
    const findings = oracle.judge(request('GET', '/promotions/1/codes'), json(418, NOT_FOUND_404));
    expect(findings).toEqual([expect.objectContaining({ kind: 'undocumented', message: expect.stringContaining('listCouponCodes answered 418') })]);
  });

  it('names a 5xx, unless the client asked for that documented status with Prefer', () => {
    const findings = oracle.judge(request('DELETE', '/promotions/1/codes/2'), json(500, { status: 500, title: 'x' }));
    expect(findings.map((f) => f.kind)).toEqual(['5xx', 'undocumented']);
    const shoplazza = loadSpec('shoplazza');
    const asked = createOracle(shoplazza, createSpecValidator(shoplazza)).judge(
      { target: 'lookupDiscountCode', method: 'GET', path: '/openapi/2025-06/discount_codes/lookup?code=A', headers: [['Prefer', 'code=500']], mutations: [] },
      json(500, { code: 'InternalError', message: 'asked for' }),
    );
    expect(asked).toEqual([]);
  });

  it('names a body that breaks the schema, with the rule broken', () => {
    const findings = oracle.judge(request('POST', '/promotions/1/codes'), json(201, { data: { ...COUPON, id: 'one' }, meta: {} }));
    expect(findings).toEqual([expect.objectContaining({ kind: 'schema', message: expect.stringMatching(/createCouponCode 201: body breaks .*\/data\/id must be integer/) })]);
  });

  it('names a body where none is documented, and a Content-Type the response does not document', () => {
    expect(oracle.judge(request('DELETE', '/promotions/1/codes/2'), json(204, {}))[0]).toMatchObject({ kind: 'schema', message: expect.stringContaining('documented without a body') });
    const html: FuzzResponse = { status: 404, headers: { 'content-type': 'text/html' }, text: '<h1>no</h1>' };
    expect(oracle.judge(request('GET', '/promotions/1/codes'), html)[0]).toMatchObject({ kind: 'media-type' });
  });

  it('routes as the spec does: unknown paths are 404, other methods 405, HEAD is GET, a trailing slash is another path', () => {
    expect(oracle.route('GET', `${BASE}/promotions/1/codes`)).toMatchObject({ kind: 'operation' });
    expect(oracle.route('HEAD', `${BASE}/promotions/1/codes`)).toMatchObject({ kind: 'operation', operations: [expect.objectContaining({ id: 'listCouponCodes' })] });
    expect(oracle.route('PUT', `${BASE}/promotions/1/codes`)).toEqual({ kind: 'method-not-allowed', template: '/promotions/{promotion_id}/codes' });
    expect(oracle.route('DELETE', `${BASE}/promotions/1/codes/2/`)).toEqual({ kind: 'no-route' });
    expect(oracle.route('GET', `/stores/abc123/v2/promotions/1/codes`)).toEqual({ kind: 'no-route' });

    expect(oracle.judge(request('DELETE', '/promotions/1/codes/2/'), json(404, NOT_FOUND_404))).toEqual([]);
    expect(oracle.judge(request('DELETE', '/promotions/1/codes/2/'), { status: 204, headers: {}, text: '' })).toEqual([
      expect.objectContaining({ kind: 'undocumented', message: expect.stringContaining('expected 404') }),
    ]);
    expect(oracle.judge(request('PUT', '/promotions/1/codes'), json(404, NOT_FOUND_404))[0]).toMatchObject({ kind: 'undocumented', message: expect.stringContaining('expected 405') });
  });

  it('holds an unrouted 404 to a 404 shape the spec documents', () => {
    const findings = oracle.judge(request('GET', '/nowhere'), json(404, { error: 'nope' }));
    expect(findings).toEqual([expect.objectContaining({ kind: 'schema', message: expect.stringContaining('404 for a path the spec does not have') })]);
  });
});
