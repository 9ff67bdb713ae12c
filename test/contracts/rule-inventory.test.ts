/**
 * The rules each spec states, and a check for each: the inventory (src/contracts/inventory.ts)
 * lists every x-rules entry and every keyword that constrains a request, and this test fails
 * naming the spec pointer of any that no check covers. The few rules no check exercises yet are
 * listed below, each with why; one of them getting a check, or a new rule without one, fails here.
 */
import { describe, expect, it } from 'vitest';
import { contractVendors } from '../../contracts/index.js';
import { ruleCheckProblems, ruleCoverage, specRules, uncoveredRules } from '../../src/contracts/inventory.js';
import { buildSpec, loadSpec, VENDORS, type OpenApiDocument, type VendorName } from '../../src/openapi/load.js';

/** Rules with no case yet, by vendor: `spec/<vendor>.yaml#<pointer>` -> why. */
const NOT_YET: Record<VendorName, Record<string, string>> = {
  bigcommerce: {},
  shoplazza: {
  },
  elasticpath: {
    'spec/elasticpath.yaml#/components/parameters/JobFilter/schema/maxLength':
      'no string longer than maxLength matches the pattern (two clauses at most), so no value breaks maxLength alone; the pattern case covers it',
  },
};

describe('the rule inventory', () => {
  it.each(VENDORS)('%s: every rule the spec states has a check (or is listed as not yet, with why)', (vendor) => {
    const spec = loadSpec(vendor);
    expect(uncoveredRules(spec, contractVendors[vendor]).sort()).toEqual(Object.keys(NOT_YET[vendor]).sort());
  });

  it.each(VENDORS)('%s: ruleChecks names only checks of the vendor and rules of the spec', (vendor) => {
    expect(ruleCheckProblems(loadSpec(vendor), contractVendors[vendor])).toEqual([]);
  });

  it('lists x-rules entries and request keywords of bodies and parameters, each where it is written', () => {
    const rules = specRules(loadSpec('bigcommerce'));
    const pointers = rules.map((r) => r.pointer);
    expect(pointers).toContain('/paths/~1promotions~1{promotion_id}~1codegen/post/x-rules/maxCodeLength');
    expect(pointers).toContain('/components/schemas/GenerateCouponCodesRequest/properties/exclude_characters/uniqueItems');
    expect(pointers).toContain('/components/parameters/PromotionId/schema/pattern');
    // A required query parameter's `required` is its own rule.
    expect(pointers.some((p) => /\/required$/.test(p) && p.includes('parameters'))).toBe(true);
    expect(new Set(pointers).size).toBe(pointers.length);
  });

  it('counts a keyword for boundaries only where the check derives a case for it', () => {
    const coverage = ruleCoverage(loadSpec('bigcommerce'), contractVendors.bigcommerce);
    const maxLength = coverage.find((r) => r.pointer === '/components/schemas/CreateCouponCodeRequest/properties/code/maxLength');
    expect(maxLength?.checks).toEqual(['boundaries']);
    const alphabet = coverage.find((r) => r.key === 'generateCouponCodes.randomAlphabet');
    expect(alphabet?.checks).toEqual(['codegen_batch']);
  });

  it('fails naming the pointer of an x-rules entry or a keyword no check covers', () => {
    const original = loadSpec('bigcommerce');
    const document = structuredClone(original.document) as OpenApiDocument & { paths: Record<string, Record<string, Record<string, unknown>>> };
    const codegen = document.paths['/promotions/{promotion_id}/codegen']?.post as { 'x-rules': Record<string, unknown> };
    codegen['x-rules'].maxCodesPerDay = 10;
    // A keyword boundaries derives no case for: `multipleOf`.
    const schemas = (document.components as { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> }).schemas;
    (schemas.GenerateCouponCodesRequest as { properties: Record<string, Record<string, unknown>> }).properties.batch_size = {
      ...(schemas.GenerateCouponCodesRequest?.properties.batch_size ?? {}),
      multipleOf: 5,
    };
    const changed = buildSpec(document, original.path, 'bigcommerce');
    expect(uncoveredRules(changed, contractVendors.bigcommerce)).toEqual([
      'spec/bigcommerce.yaml#/paths/~1promotions~1{promotion_id}~1codegen/post/x-rules/maxCodesPerDay',
      'spec/bigcommerce.yaml#/components/schemas/GenerateCouponCodesRequest/properties/batch_size/multipleOf',
    ]);
  });

  it('fails when ruleChecks names a check the vendor does not have, or a rule the spec does not state', () => {
    const spec = loadSpec('bigcommerce');
    const definition = { ...contractVendors.bigcommerce, ruleChecks: { ...contractVendors.bigcommerce.ruleChecks, 'generateCouponCodes.randomAlphabet': ['codegen_alphabet'], 'createCouponCode.maxPerDay': ['duplicate_code'] } };
    expect(ruleCheckProblems(spec, definition)).toEqual([
      'generateCouponCodes.randomAlphabet: codegen_alphabet is not a check of the vendor',
      `createCouponCode.maxPerDay: no such rule in ${spec.path}`,
    ]);
  });
});
