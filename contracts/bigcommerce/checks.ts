/**
 * BigCommerce semantic checks: rules of spec/bigcommerce.yaml a schema cannot say (x-rules,
 * defaults, decisions in the descriptions), each a named check that registers itself here.
 * Every code a check creates carries the run prefix and is deleted when the check ends.
 */
import { registerCheck, type Check } from '../../src/contracts/index.js';
import { codeChecks } from './code-checks.js';
import { codegenChecks } from './codegen-checks.js';
import { cursorPaging } from './paging-checks.js';

export const bigcommerceChecks: readonly Check[] = [...codegenChecks, ...codeChecks, cursorPaging];

for (const check of bigcommerceChecks) registerCheck('bigcommerce', check);
