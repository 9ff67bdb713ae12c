/**
 * Shoplazza's contract definition: its fixtures, its semantic checks (rules of
 * spec/shoplazza.yaml that a schema cannot say: batch answers, all or nothing, the batch limit, a
 * code's life, uniqueness, also under concurrency) and the facts they read from the spec. Listed
 * in contracts/index.ts. Each check creates its own codes (carrying the run prefix) and deletes
 * them at the end of the run.
 */
import { defineContractVendor, type Check } from '../../src/contracts/index.js';
import { batchAllOrNothing, batchExact, batchLimit, parallelUniqueness } from './batch-checks.js';
import { codeLifecycle, duplicateCode, listOrder, lookupOldest } from './code-checks.js';
import { fixtures } from './fixtures.js';
import { factsOf } from '../../src/vendors/shoplazza/facts.js';

/** In the order they run. */
export const shoplazzaChecks: readonly Check[] = [batchExact, batchAllOrNothing, batchLimit, codeLifecycle, duplicateCode, listOrder, lookupOldest, parallelUniqueness];

/** The checks that exercise each x-rules entry of spec/shoplazza.yaml (the rule inventory reads it). */
export const shoplazzaRuleChecks = {
  'batchCreateDiscountCodes.uniqueWithin': ['batch_all_or_nothing', 'parallel_uniqueness'],
  'batchCreateDiscountCodes.caseInsensitive': ['duplicate_code'],
  'batchCreateDiscountCodes.atomic': ['batch_all_or_nothing', 'parallel_uniqueness'],
  'createDiscountCode.uniqueWithin': ['duplicate_code'],
  'createDiscountCode.caseInsensitive': ['duplicate_code'],
  'lookupDiscountCode.caseInsensitive': ['duplicate_code'],
  'lookupDiscountCode.onMultipleMatches': ['lookup_oldest'],
  'listDiscountCodes.orderBy': ['list_order'],
  'listDiscountCodes.orderDirection': ['list_order'],
} as const;

export const definition = defineContractVendor({ vendor: 'shoplazza', fixtures, checks: shoplazzaChecks, facts: factsOf, ruleChecks: shoplazzaRuleChecks });

export { batchAllOrNothing, batchExact, batchLimit, codeLifecycle, duplicateCode, listOrder, lookupOldest, parallelUniqueness };
