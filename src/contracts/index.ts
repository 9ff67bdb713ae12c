/**
 * The contract engine's public API, for vendor checks (`contracts/<vendor>/checks.ts`) and
 * fixtures (`contracts/<vendor>/fixtures.ts`). See docs/contracts.md.
 */
export { registerCheck, selectChecks, checksFor, type SelectOptions, type Selection } from './registry.js';
export {
  ContractViolation,
  SkipCheck,
  ViolationList,
  describeExchange,
  documentedResponse,
  expectResponse,
  expectSchema,
  expectStatus,
  mediaType,
  responsesRule,
  specRule,
  successStatuses,
  validationRule,
  type Check,
  type SpecRule,
  type ViolationInit,
} from './check.js';
export { createCheckContext, type CallOptions, type CheckContext, type ExchangeLog, type Target } from './context.js';
export {
  defaultRequest,
  defineFixtures,
  fillPath,
  minimalBody,
  queryLimit,
  routeParams,
  type OperationFixture,
  type OperationFixtures,
  type PreparedRequest,
  type VendorFixtures,
} from './fixtures.js';
export { answerOf, type Exchange, type ExchangeError, type HttpRecorder, type SendRequest, type TokenChoice } from './http.js';
export { applyCase, boundaryCases, type BoundaryCase, type BoundaryKind } from './boundaries.js';
export { defaultRunOptions, makeRunPrefix, type MockOwner, type RunOptions } from './options.js';
export { genericChecks } from './checks/index.js';
export { runCheck, type CheckResult } from './run-check.js';
