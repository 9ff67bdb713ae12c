/**
 * Elastic Path's contract definition: its fixtures, its semantic checks (rules a schema cannot
 * say: jobs, one active job per promotion, cancelling, export files, code uniqueness, the code
 * list's filter and sort, fields that do not go together on a code, the codes cap) and the facts
 * they read from spec/elasticpath.yaml (src/vendors/elasticpath/facts.ts, shared with the mock). Listed in contracts/index.ts. Each check
 * ends its jobs and deletes its codes.
 */
import { defineContractVendor, type Check } from '../../src/contracts/index.js';
import { codeCombinations, codeDelete, codeDuplicates, codeFilterSort } from './code-checks.js';
import { fixtures } from './fixtures.js';
import { codesCap, jobCancel, jobExport, jobGenerate, oneActiveJob, parallelUniqueness } from './job-checks.js';
import { accessToken } from './token-checks.js';
import { factsOf } from '../../src/vendors/elasticpath/facts.js';

/** In the order they run. */
export const elasticpathChecks: readonly Check[] = [jobGenerate, oneActiveJob, jobCancel, jobExport, codeDuplicates, codeDelete, codeFilterSort, codeCombinations, parallelUniqueness, codesCap, accessToken];

/** The checks that exercise each x-rules entry of spec/elasticpath.yaml (the rule inventory reads it). */
export const elasticpathRuleChecks = {
  'createAccessToken.tokenType': ['access_token'],
  'createAccessToken.expiresInSeconds': ['access_token'],
  'createAccessToken.secretRequiredFor': ['access_token'],
  'createAccessToken.readOnlyGrants': ['access_token'],
  'createAccessToken.tokenAlphabet': ['access_token'],
  'createAccessToken.tokenLength': ['access_token'],
  'createPromotionJob.maxActiveJobsPerPromotion': ['one_active_job'],
  'createPromotionJob.activeJobStatuses': ['one_active_job'],
  'createPromotionJob.maxCodesPerPromotion': ['codes_cap'],
  'createPromotionJob.codesLimitError': ['codes_cap'],
  'createPromotionJob.codeAlphabet': ['job_generate'],
  'createPromotionJob.codeGroupSize': ['job_generate'],
  'createPromotionJob.codeGroupSeparator': ['job_generate'],
  'createPromotionJob.codeLengthCounts': ['job_generate'],
  'createPromotionJob.prefixSeparator': ['job_generate'],
  'createPromotionJob.uniqueWithin': ['job_generate', 'parallel_uniqueness'],
  'createPromotionJob.caseInsensitive': ['job_generate', 'parallel_uniqueness'],
  'createPromotionJob.exportProducesFile': ['job_export'],
  'cancelPromotionJob.cancellableStatuses': ['job_cancel'],
  'cancelPromotionJob.statusAfterCancel': ['job_cancel'],
  'cancelPromotionJob.finalStatus': ['job_cancel'],
  'cancelPromotionJob.removesGeneratedCodes': ['job_cancel'],
  'getPromotionJobFile.fileJobType': ['job_export'],
  'getPromotionJobFile.fileJobStatus': ['job_export'],
  'listPromotionCodes.caseInsensitive': ['code_filter_sort'],
  'listPromotionCodes.filterAttributes': ['code_filter_sort'],
  'listPromotionCodes.filterOperators': ['code_filter_sort'],
  'createPromotionCodes.uniqueWithin': ['code_duplicates'],
  'createPromotionCodes.duplicateInRequest': ['code_duplicates'],
  'deletePromotionCodes.caseInsensitive': ['code_delete'],
  'deletePromotionCodes.missingCodes': ['code_delete'],
  'createPromotionCodes.caseInsensitive': ['code_duplicates'],
  'createPromotionCodes.atomic': ['code_duplicates'],
  'createPromotionCodes.crossPromotionDuplicates': ['code_duplicates'],
  'createPromotionCodes.crossPromotionWarningTitle': ['code_duplicates'],
  'createPromotionCodes.crossPromotionWarningDescription': ['code_duplicates'],
  'createPromotionCodes.newShopperCodeDetail': ['code_combinations'],
  'createPromotionCodes.newShopperCodeRestrictions': ['code_combinations'],
  'createPromotionCodes.perShopperLimitConsumeUnits': ['code_combinations'],
} as const;

export const definition = defineContractVendor({ vendor: 'elasticpath', fixtures, checks: elasticpathChecks, facts: factsOf, ruleChecks: elasticpathRuleChecks });

export { accessToken, codeCombinations, codeDelete, codeDuplicates, codeFilterSort, codesCap, jobCancel, jobExport, jobGenerate, oneActiveJob, parallelUniqueness };
