/**
 * Elastic Path's contract definition: its fixtures, its semantic checks (rules a schema cannot
 * say: jobs, one active job per promotion, cancelling, export files, code uniqueness, the code
 * list's filter and sort, fields that do not go together on a code, the codes cap) and the facts
 * they read from spec/elasticpath.yaml (src/vendors/elasticpath/facts.ts, shared with the mock). Listed in contracts/index.ts. Each check
 * ends its jobs and deletes its codes.
 */
import { defineContractVendor, type Check } from '../../src/contracts/index.js';
import { codeCombinations, codeDuplicates, codeFilterSort } from './code-checks.js';
import { fixtures } from './fixtures.js';
import { codesCap, jobCancel, jobExport, jobGenerate, oneActiveJob, parallelUniqueness } from './job-checks.js';
import { factsOf } from '../../src/vendors/elasticpath/facts.js';

/** In the order they run. */
export const elasticpathChecks: readonly Check[] = [jobGenerate, oneActiveJob, jobCancel, jobExport, codeDuplicates, codeFilterSort, codeCombinations, parallelUniqueness, codesCap];

export const definition = defineContractVendor({ vendor: 'elasticpath', fixtures, checks: elasticpathChecks, facts: factsOf });

export { codeCombinations, codeDuplicates, codeFilterSort, codesCap, jobCancel, jobExport, jobGenerate, oneActiveJob, parallelUniqueness };
