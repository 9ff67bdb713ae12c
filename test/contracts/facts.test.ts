import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractVendors } from '../../contracts/index.js';
import { loadSpec, VENDORS } from '../../src/openapi/load.js';
import { factsOf as bigcommerceFacts, readRules } from '../../src/vendors/bigcommerce/facts.js';
import { factsOf as elasticpathFacts, rulesOf } from '../../src/vendors/elasticpath/facts.js';
import { factsOf as shoplazzaFacts } from '../../src/vendors/shoplazza/facts.js';

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

  it("the mock's plain view carries the same values as the located facts", () => {
    const bc = loadSpec('bigcommerce');
    const facts = bigcommerceFacts(bc);
    const rules = readRules(bc);
    expect(rules.codegen.maxCodeLength).toBe(facts.codegenRules.maxCodeLength.value);
    expect(facts.codegenRules.maxCodeLength.pointer).toBe(`${facts.codegen.pointer}/x-rules/maxCodeLength`);
    expect(rules.deleteMany).toEqual({ parameter: facts.deleteManyRules.ids.value.name, maxItems: facts.deleteManyRules.ids.value.maxItems });
    const ep = loadSpec('elasticpath');
    expect(rulesOf(ep).jobs.maxCodesPerPromotion).toBe(elasticpathFacts(ep).jobs.maxCodesPerPromotion.value);
    // A documented error as the mock answers it carries no pointer into its body.
    expect(Object.keys(rulesOf(ep).problems.tooManyJobs).sort()).toEqual(['detail', 'status', 'title']);
  });
});
