/**
 * Elastic Path semantic checks: rules a schema cannot say (jobs, one active job per promotion,
 * cancelling, export files, code uniqueness, the code list's filter and sort, fields that do not
 * go together on a code, the codes cap). Numbers, texts and formats come from
 * spec/elasticpath.yaml (see spec-rules.ts); each check ends its jobs and deletes its codes.
 */
import { registerCheck, type Check } from '../../src/contracts/index.js';
import { codeCombinations, codeDuplicates, codeFilterSort } from './code-checks.js';
import { codesCap, jobCancel, jobExport, jobGenerate, oneActiveJob, parallelUniqueness } from './job-checks.js';

/** In the order they run. */
export const elasticpathChecks: readonly Check[] = [jobGenerate, oneActiveJob, jobCancel, jobExport, codeDuplicates, codeFilterSort, codeCombinations, parallelUniqueness, codesCap];

for (const check of elasticpathChecks) registerCheck('elasticpath', check);

export { codeCombinations, codeDuplicates, codeFilterSort, codesCap, jobCancel, jobExport, jobGenerate, oneActiveJob, parallelUniqueness };
