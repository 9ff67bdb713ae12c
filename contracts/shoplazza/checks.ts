/**
 * Shoplazza semantic checks: rules of spec/shoplazza.yaml that a schema cannot say (batch
 * answers, all or nothing, the batch limit, a code's life, uniqueness, also under concurrency).
 * Each is an independent unit: it creates its own codes (carrying the run prefix) and deletes
 * them at the end of the run. The engine imports this module; the checks register themselves.
 */
import { registerCheck, type Check } from '../../src/contracts/index.js';
import { batchAllOrNothing, batchExact, batchLimit, parallelUniqueness } from './batch-checks.js';
import { codeLifecycle, duplicateCode } from './code-checks.js';

export const shoplazzaChecks: readonly Check[] = [batchExact, batchAllOrNothing, batchLimit, codeLifecycle, duplicateCode, parallelUniqueness];

for (const check of shoplazzaChecks) registerCheck('shoplazza', check);

export { batchAllOrNothing, batchExact, batchLimit, codeLifecycle, duplicateCode, parallelUniqueness };
