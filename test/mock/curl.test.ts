import { describe, expect, it } from 'vitest';
import { curlOf } from '../../src/mock/ui/curl.js';
import { getByPointer, loadSpec, type JsonObject } from '../../src/openapi/load.js';

describe("the page's curl of an operation", () => {
  it("takes a path parameter's example from the parameter object, also when its schema is a $ref", () => {
    const spec = loadSpec('shoplazza');
    const operation = spec.operation('getDiscountCode');
    const priceRule = operation.parameters.find((p) => p.name === 'price_rule_id');
    // The case this is about: the schema lives in components/schemas, the example beside it.
    expect(priceRule?.schemaPointer).toBe('/components/schemas/PriceRuleId');
    const example = (getByPointer(spec.document, priceRule?.pointer ?? '') as JsonObject).example;
    expect(example).toBe('pr_123456');

    const curl = curlOf(spec, operation, { baseUrl: 'http://127.0.0.1:1', token: 'mock-token' });
    expect(curl).toContain('/price_rules/pr_123456/discount_codes/');
    expect(curl).not.toContain('{price_rule_id}');
  });
});
