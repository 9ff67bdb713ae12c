import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractVendors } from '../../contracts/index.js';
import { buildSpec, getByPointer, loadSpec, SpecError, VENDORS, type JsonObject, type OpenApiDocument, type VendorName } from '../../src/openapi/load.js';
import { factsOf as bigcommerceFacts, readRules } from '../../src/vendors/bigcommerce/facts.js';
import { factsOf as elasticpathFacts, rulesOf } from '../../src/vendors/elasticpath/facts.js';
import { factsOf as shoplazzaFacts, readSpecFacts } from '../../src/vendors/shoplazza/facts.js';

describe('one reader of spec facts per vendor', () => {
  it.each(VENDORS)('src/vendors/%s/facts.ts imports only the OpenAPI reader and generated types', (vendor) => {
    const source = readFileSync(new URL(`../../src/vendors/${vendor}/facts.ts`, import.meta.url), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const path of imports) expect(path).toMatch(/^\.\.\/\.\.\/openapi\/|^\.\.\/\.\.\/\.\.\/generated\//);
  });

  it('the contract definitions read the facts through the same readers the mock plugins use', () => {
    expect(contractVendors.bigcommerce.facts).toBe(bigcommerceFacts);
    expect(contractVendors.elasticpath.facts).toBe(elasticpathFacts);
    expect(contractVendors.shoplazza.facts).toBe(shoplazzaFacts);
  });

  it("a documented error as the Elastic Path mock answers it carries no pointer into its body", () => {
    expect(Object.keys(rulesOf(loadSpec('elasticpath')).problems.tooManyJobs).sort()).toEqual(['detail', 'status', 'title']);
  });
});

describe("the mock's views follow the spec they are read from", () => {
  it('a value changed in a copy of the spec is what the mock obeys, at the pointer where it is written', () => {
    const bc = editedSpec('bigcommerce', (document) => {
      const codegen = Object.values(document.paths).flatMap((item) => Object.values(item)).find((op) => (op as JsonObject).operationId === 'generateCouponCodes') as JsonObject;
      (codegen['x-rules'] as JsonObject).maxCodeLength = 7;
    });
    expect(readRules(bc).codegen.maxCodeLength).toBe(7);
    expect(bigcommerceFacts(bc).codegenRules.maxCodeLength).toEqual({ value: 7, pointer: `${bc.operation('generateCouponCodes').pointer}/x-rules/maxCodeLength` });

    const ep = editedSpec('elasticpath', (document) => {
      const createJob = Object.values(document.paths).flatMap((item) => Object.values(item)).find((op) => (op as JsonObject).operationId === 'createPromotionJob') as JsonObject;
      (createJob['x-rules'] as JsonObject).maxCodesPerPromotion = 3;
    });
    expect(rulesOf(ep).jobs.maxCodesPerPromotion).toBe(3);

    const shoplazza = editedSpec('shoplazza', (document) => {
      const input = ((document.components as JsonObject).schemas as Record<string, JsonObject>).DiscountCodeInput as JsonObject;
      ((input.properties as JsonObject).use_with_other as JsonObject).default = 1;
    });
    expect(readSpecFacts(shoplazza).useWithOtherDefault).toBe(1);
    expect(readSpecFacts(loadSpec('shoplazza')).useWithOtherDefault).toBe(0);
  });
});

/** A copy of a vendor's spec with `edit` applied, as a spec object of its own (facts are read per spec object). */
function editedSpec(vendor: VendorName, edit: (document: OpenApiDocument) => void) {
  const original = loadSpec(vendor);
  const document = structuredClone(original.document);
  edit(document);
  return buildSpec(document, original.path, vendor);
}

function operationNode(document: OpenApiDocument, path: string, method: string): JsonObject {
  return (document.paths[path] as Record<string, JsonObject>)[method] as JsonObject;
}

describe('a spec that lacks a fact fails when the facts are read, naming it', () => {
  it('Shoplazza: lookup without x-rules.caseInsensitive', () => {
    const spec = editedSpec('shoplazza', (document) => {
      delete (operationNode(document, '/discount_codes/lookup', 'get')['x-rules'] as JsonObject).caseInsensitive;
    });
    expect(() => shoplazzaFacts(spec)).toThrow(SpecError);
    expect(() => shoplazzaFacts(spec)).toThrow(/lookupDiscountCode x-rules\.caseInsensitive must be true or false \(read by coupon-contracts \(Shoplazza facts\)\)/);
    // The mock reads the same facts at registration.
    expect(() => readSpecFacts(spec)).toThrow(/lookupDiscountCode x-rules\.caseInsensitive/);
  });

  it("Shoplazza: use_with_other without the default written beside its $ref", () => {
    const spec = editedSpec('shoplazza', (document) => {
      const input = ((document.components as JsonObject).schemas as Record<string, JsonObject>).DiscountCodeInput as JsonObject;
      delete ((input.properties as JsonObject).use_with_other as JsonObject).default;
    });
    expect(() => shoplazzaFacts(spec)).toThrow(SpecError);
    expect(() => shoplazzaFacts(spec)).toThrow(/\/components\/schemas\/UseWithOther\/default must be an integer/);
  });

  it('Shoplazza: the facts read the default beside the $ref, with where it is written', () => {
    const facts = shoplazzaFacts(loadSpec('shoplazza'));
    expect(facts.useWithOther.value).toEqual({ values: [0, 1], default: 0 });
    expect(facts.useWithOther.pointer).toBe('/components/schemas/DiscountCodeInput/properties/use_with_other');
  });

  it('BigCommerce: generateCouponCodes without x-rules.maxCodeLength', () => {
    const spec = editedSpec('bigcommerce', (document) => {
      const codegen = Object.values(document.paths).flatMap((item) => Object.values(item)).find((op) => (op as JsonObject).operationId === 'generateCouponCodes') as JsonObject;
      delete (codegen['x-rules'] as JsonObject).maxCodeLength;
    });
    expect(() => bigcommerceFacts(spec)).toThrow(SpecError);
    expect(() => bigcommerceFacts(spec)).toThrow(/generateCouponCodes x-rules\.maxCodeLength must be a positive integer/);
    expect(() => readRules(spec)).toThrow(/x-rules\.maxCodeLength/);
  });

  it('Elastic Path: the delete rules and the consume units, with where they are written; a delete without x-rules.missingCodes fails', () => {
    const ep = loadSpec('elasticpath');
    const facts = elasticpathFacts(ep);
    const deleteCodes = ep.operation('deletePromotionCodes');
    expect(facts.deletion.caseInsensitive).toEqual({ value: deleteCodes.rules.caseInsensitive, pointer: `${deleteCodes.pointer}/x-rules/caseInsensitive` });
    expect(facts.deletion.missingCodes).toEqual({ value: deleteCodes.rules.missingCodes, pointer: `${deleteCodes.pointer}/x-rules/missingCodes` });
    expect(facts.codes.consumeUnits).toEqual({ value: (getByPointer(ep.document, '/components/schemas/ConsumeUnit') as JsonObject).enum, pointer: '/components/schemas/ConsumeUnit/enum' });
    const spec = editedSpec('elasticpath', (document) => {
      delete (operationNode(document, '/v2/rule-promotions/{promotionID}/codes', 'delete')['x-rules'] as JsonObject).missingCodes;
    });
    expect(() => elasticpathFacts(spec)).toThrow(/deletePromotionCodes x-rules\.missingCodes must be a non-empty string/);
  });
});
