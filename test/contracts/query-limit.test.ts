import { describe, expect, it } from 'vitest';
import { queryLimit } from '../../src/contracts/index.js';
import { getByPointer, loadSpec } from '../../src/openapi/load.js';

describe('queryLimit: fixtures page and batch by the spec', () => {
  it('reads the limit the spec writes on the parameter', () => {
    const bigcommerce = loadSpec('bigcommerce');
    const ids = bigcommerce.operation('deleteCouponCodes').parameters.find((p) => p.name === 'id:in');
    expect(queryLimit(bigcommerce, 'deleteCouponCodes', 'id:in', 'maxItems')).toBe(getByPointer(bigcommerce.document, `${ids?.schemaPointer}/maxItems`));
    expect(queryLimit(bigcommerce, 'listCouponCodes', 'limit', 'maximum')).toBe(bigcommerce.operation('listCouponCodes').parameters.find((p) => p.name === 'limit')?.schema.maximum);
    const elasticpath = loadSpec('elasticpath');
    expect(queryLimit(elasticpath, 'listPromotionCodes', 'page[offset]', 'maximum')).toBe(
      elasticpath.operation('listPromotionCodes').parameters.find((p) => p.name === 'page[offset]')?.schema.maximum,
    );
  });

  it('fails with one line naming the spec when the parameter or its limit is not there', () => {
    const spec = loadSpec('shoplazza');
    expect(() => queryLimit(spec, 'listDiscountCodes', 'per_page', 'maximum')).toThrow(/shoplazza\.yaml: listDiscountCodes has no query parameter per_page \(read by the contract fixtures\)/);
    expect(() => queryLimit(spec, 'listDiscountCodes', 'limit', 'maxItems')).toThrow(/maxItems must be a positive integer/);
  });
});
