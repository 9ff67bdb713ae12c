/**
 * BigCommerce's contract definition: its fixtures, its semantic checks (rules of
 * spec/bigcommerce.yaml a schema cannot say: x-rules, defaults, decisions in the descriptions)
 * and the facts they read from the spec. Listed in contracts/index.ts. Every code a check creates
 * carries the run prefix and is deleted when the check ends.
 */
import { defineContractVendor, type Check } from '../../src/contracts/index.js';
import { codeChecks } from './code-checks.js';
import { codegenChecks } from './codegen-checks.js';
import { fixtures } from './fixtures.js';
import { cursorPaging } from './paging-checks.js';
import { factsOf } from '../../src/vendors/bigcommerce/facts.js';

/** In the order they run. */
export const bigcommerceChecks: readonly Check[] = [...codegenChecks, ...codeChecks, cursorPaging];

/** The checks that exercise each x-rules entry of spec/bigcommerce.yaml (the rule inventory reads it). */
export const bigcommerceRuleChecks = {
  'createCouponCode.uniqueWithin': ['duplicate_code'],
  'createCouponCode.caseInsensitive': ['duplicate_code'],
  'generateCouponCodes.maxCodeLength': ['codegen_limits', 'codegen_batch'],
  'generateCouponCodes.randomAlphabet': ['codegen_batch'],
  'generateCouponCodes.delimiterRequiresAffix': ['codegen_batch'],
  'generateCouponCodes.uniqueWithin': ['codegen_batch', 'parallel_uniqueness'],
  'generateCouponCodes.requiresPromotionType': ['codegen_bulk_only'],
} as const;

export const definition = defineContractVendor({ vendor: 'bigcommerce', fixtures, checks: bigcommerceChecks, facts: factsOf, ruleChecks: bigcommerceRuleChecks });
