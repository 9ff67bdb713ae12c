/**
 * The contract engine's public API, for vendor definitions (`contracts/<vendor>/index.ts`), their
 * checks and fixtures. See docs/contracts.md.
 */
export { checksOf, defineContractVendor, selectChecks, type SelectOptions, type Selection } from './registry.js';
export type {
  CallOptions,
  Check,
  CheckContext,
  ContractVendor,
  ExchangeLog,
  OperationFixture,
  OperationFixtures,
  OperationId,
  OperationRef,
  PreparedRequest,
  Target,
  VendorFixtures,
} from './types.js';
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
  validationRule,
  type SpecRule,
  type ViolationInit,
} from './check.js';
export { successStatuses } from '../openapi/load.js';
export { authHeadersFor, createCheckContext } from './context.js';
export {
  defaultRequest,
  defineFixtures,
  fillPath,
  minimalBody,
  routeParams,
} from './fixtures.js';
export { answerOf, type Exchange, type ExchangeError, type HttpRecorder, type SendRequest, type TokenChoice } from './http.js';
export { applyCase, boundaryCases, type BoundaryCase, type BoundaryKind } from './boundaries.js';
export { defaultRunOptions, makeRunPrefix, type MockOwner, type RunOptions } from './options.js';
export { genericChecks } from './checks/index.js';
export { runCheck, type CheckResult } from './run-check.js';
