import type { Problem } from '../../mock/types.js';
import { deref, isObject, type JsonObject, type OperationInfo, type Spec } from '../../openapi/load.js';
import { is, specReader, type Guard, type SpecReader } from '../../openapi/reader.js';

const READER = 'the Elastic Path mock';

/** Resource types and job types are API names (constants in the schemas), not limits. */
export const JOB_TYPE = 'promotion_job';
export const CODES_TYPE = 'promotion_codes';
export const GENERATE = 'code_generate';

/**
 * Everything the Elastic Path plugin needs to know about limits, rules, defaults and documented
 * error texts, read once from the spec (x-rules, schema defaults, response examples). Nothing
 * here is a number or message written in code: change the spec and the mock follows.
 */
export interface ElasticPathRules {
  jobs: {
    maxActivePerPromotion: number;
    activeStatuses: readonly string[];
    /** Default cap on the codes a promotion holds (a promotion fixture may set its own). */
    maxCodesPerPromotion: number;
    codesLimitError: string;
    alphabet: string;
    groupSize: number;
    groupSeparator: string;
    prefixSeparator: string;
    caseInsensitive: boolean;
    defaultCodeLength: number;
    defaultConsumeUnit: string;
    cancellableStatuses: readonly string[];
    statusAfterCancel: string;
    finalCancelStatus: string;
    fileJobType: string;
    fileJobStatus: string;
    defaultPageLimit: number;
  };
  codes: {
    caseInsensitive: boolean;
    /** `reject`: a code repeated in one request is a duplicate like one already stored. */
    rejectDuplicatesInRequest: boolean;
    crossPromotionWarningTitle: string;
    crossPromotionWarningDescription: string;
    /** Fields a first-time shopper code (`is_for_new_shopper: true`) must not have. */
    newShopperRestrictions: readonly string[];
    /** The detail of the refusal, `{code}` standing for the code. */
    newShopperDetail: string;
    /** The consume units `max_uses_per_shopper` works with. */
    perShopperLimitConsumeUnits: readonly string[];
    filterAttributes: readonly string[];
    filterOperators: readonly string[];
    defaultConsumeUnit: string;
    defaultPageLimit: number;
  };
  /** The token endpoint (createAccessToken x-rules). */
  tokens: {
    tokenType: string;
    expiresInSeconds: number;
    /** Grants that need a client_secret. */
    secretRequiredFor: readonly string[];
    /** Grants whose tokens may only read. */
    readOnlyGrants: readonly string[];
    alphabet: string;
    length: number;
  };
  /** Documented errors: the status of the response that documents each, and its example's text. */
  problems: {
    promotionNotFound: DocumentedProblem;
    jobNotFound: DocumentedProblem;
    codeNotFound: DocumentedProblem;
    tooManyJobs: DocumentedProblem;
    notCancellable: DocumentedProblem;
    noFileYet: DocumentedProblem;
    duplicateCode: DocumentedProblem;
    newShopperLimited: DocumentedProblem;
    missingMaxUses: DocumentedProblem;
    unsupportedConsumeUnit: DocumentedProblem;
    secretRequired: DocumentedProblem;
    noCodesAllowed: DocumentedProblem;
  };
}

/** A problem as a response example documents it, with the status of that response. */
export type DocumentedProblem = Problem & { status: number };

const cache = new WeakMap<Spec, ElasticPathRules>();

export function rulesOf(spec: Spec): ElasticPathRules {
  let rules = cache.get(spec);
  if (!rules) {
    rules = readRules(spec);
    cache.set(spec, rules);
  }
  return rules;
}

function readRules(spec: Spec): ElasticPathRules {
  const createJob = spec.operation('createPromotionJob');
  const cancelJob = spec.operation('cancelPromotionJob');
  const jobFile = spec.operation('getPromotionJobFile');
  const createCodes = spec.operation('createPromotionCodes');
  const listCodes = spec.operation('listPromotionCodes');
  const createToken = spec.operation('createAccessToken');
  const read: SpecReader = specReader(spec, READER);
  const rule = <T>(operation: OperationInfo, name: string, guard: Guard<T>): T => read.rule(operation, name, guard).value;

  const generateParameters = generateParametersSchema(spec, createJob);
  const codeInput = codeInputSchema(spec, createCodes);

  return {
    jobs: {
      maxActivePerPromotion: rule(createJob, 'maxActiveJobsPerPromotion', is.positiveInteger),
      activeStatuses: rule(createJob, 'activeJobStatuses', is.texts),
      maxCodesPerPromotion: rule(createJob, 'maxCodesPerPromotion', is.positiveInteger),
      codesLimitError: rule(createJob, 'codesLimitError', is.text),
      alphabet: rule(createJob, 'codeAlphabet', is.text),
      groupSize: rule(createJob, 'codeGroupSize', is.positiveInteger),
      groupSeparator: rule(createJob, 'codeGroupSeparator', is.text),
      prefixSeparator: rule(createJob, 'prefixSeparator', is.text),
      caseInsensitive: rule(createJob, 'caseInsensitive', is.flag),
      defaultCodeLength: defaultOf(spec, generateParameters, 'code_length', 'number') as number,
      defaultConsumeUnit: defaultOf(spec, generateParameters, 'consume_unit', 'string') as string,
      cancellableStatuses: rule(cancelJob, 'cancellableStatuses', is.texts),
      statusAfterCancel: rule(cancelJob, 'statusAfterCancel', is.text),
      finalCancelStatus: rule(cancelJob, 'finalStatus', is.text),
      fileJobType: rule(jobFile, 'fileJobType', is.text),
      fileJobStatus: rule(jobFile, 'fileJobStatus', is.text),
      defaultPageLimit: pageLimitDefault(spec, 'listPromotionJobs'),
    },
    codes: {
      caseInsensitive: rule(createCodes, 'caseInsensitive', is.flag),
      rejectDuplicatesInRequest: rule(createCodes, 'duplicateInRequest', is.text) === 'reject',
      crossPromotionWarningTitle: rule(createCodes, 'crossPromotionWarningTitle', is.text),
      crossPromotionWarningDescription: rule(createCodes, 'crossPromotionWarningDescription', is.text),
      newShopperRestrictions: rule(createCodes, 'newShopperCodeRestrictions', is.texts),
      newShopperDetail: rule(createCodes, 'newShopperCodeDetail', is.text),
      perShopperLimitConsumeUnits: rule(createCodes, 'perShopperLimitConsumeUnits', is.texts),
      filterAttributes: rule(listCodes, 'filterAttributes', is.texts),
      filterOperators: rule(listCodes, 'filterOperators', is.texts),
      defaultConsumeUnit: defaultOf(spec, codeInput, 'consume_unit', 'string') as string,
      defaultPageLimit: pageLimitDefault(spec, 'listPromotionCodes'),
    },
    tokens: {
      tokenType: rule(createToken, 'tokenType', is.text),
      expiresInSeconds: rule(createToken, 'expiresInSeconds', is.positiveInteger),
      secretRequiredFor: rule(createToken, 'secretRequiredFor', is.texts),
      readOnlyGrants: rule(createToken, 'readOnlyGrants', is.texts),
      alphabet: rule(createToken, 'tokenAlphabet', is.text),
      length: rule(createToken, 'tokenLength', is.positiveInteger),
    },
    problems: {
      promotionNotFound: documented(spec, createJob, '404', 'promotionNotFound'),
      jobNotFound: documented(spec, cancelJob, '404', 'jobNotFound'),
      codeNotFound: documented(spec, spec.operation('deletePromotionCode'), '404', 'codeNotFound'),
      tooManyJobs: documented(spec, createJob, '400', 'tooManyJobs'),
      notCancellable: documented(spec, cancelJob, '422', 'notCancellable'),
      noFileYet: documented(spec, jobFile, '422', 'noFileYet'),
      duplicateCode: documented(spec, createCodes, '422', 'duplicate'),
      newShopperLimited: documented(spec, createCodes, '400', 'firstTimeShopperLimited'),
      missingMaxUses: documented(spec, createCodes, '400', 'missingMaxUses'),
      unsupportedConsumeUnit: documented(spec, createCodes, '422', 'unsupportedConsumeUnit'),
      secretRequired: documented(spec, createToken, '400', 'noSecret'),
      noCodesAllowed: documented(spec, createCodes, '422', 'noCodesAllowed'),
    },
  };
}

function schemaError(spec: Spec, what: string): never {
  return specReader(spec, READER).fail(what);
}

/** `data.oneOf[...]` branch of the job request whose `job_type` is the generate constant, then its `parameters`. */
function generateParametersSchema(spec: Spec, operation: OperationInfo): JsonObject {
  const data = propertyOf(spec, operation.requestBody?.schema, 'data');
  const branches = Array.isArray(data?.oneOf) ? data.oneOf : [];
  for (const raw of branches) {
    const branch = deref<JsonObject>(spec.document, raw);
    const jobType = propertyOf(spec, branch, 'job_type');
    if (jobType?.const === GENERATE) {
      const parameters = propertyOf(spec, branch, 'parameters');
      if (parameters) return parameters;
    }
  }
  return schemaError(spec, `${operation.id}: the request has no ${GENERATE} branch with parameters`);
}

function codeInputSchema(spec: Spec, operation: OperationInfo): JsonObject {
  const codes = propertyOf(spec, propertyOf(spec, operation.requestBody?.schema, 'data'), 'codes');
  const items = codes && isObject(codes.items) ? deref<JsonObject>(spec.document, codes.items) : undefined;
  if (!items) schemaError(spec, `${operation.id}: the request has no data.codes items`);
  return items;
}

function propertyOf(spec: Spec, schema: unknown, name: string): JsonObject | undefined {
  if (!isObject(schema)) return undefined;
  const resolved = deref<JsonObject>(spec.document, schema);
  const properties = isObject(resolved.properties) ? resolved.properties : undefined;
  const property = properties?.[name];
  return isObject(property) ? deref<JsonObject>(spec.document, property) : undefined;
}

function defaultOf(spec: Spec, schema: JsonObject, name: string, type: 'number' | 'string'): unknown {
  const value = propertyOf(spec, schema, name)?.default;
  if (typeof value !== type) schemaError(spec, `the schema of ${name} has no ${type} default`);
  return value;
}

function pageLimitDefault(spec: Spec, operationId: string): number {
  const parameter = spec.operation(operationId).parameters.find((p) => p.in === 'query' && p.name === 'page[limit]');
  const value = parameter?.schema.default;
  if (typeof value !== 'number') schemaError(spec, `${operationId}: page[limit] has no default`);
  return value;
}

/** The status, title and detail of the first error of a documented response example. */
function documented(spec: Spec, operation: OperationInfo, status: string, example: string): DocumentedProblem {
  const value = operation.responses[status]?.examples[example];
  const first = isObject(value) && Array.isArray(value.errors) ? value.errors[0] : undefined;
  if (!isObject(first) || typeof first.title !== 'string' || typeof first.detail !== 'string') {
    schemaError(spec, `${operation.id}: response ${status} has no example '${example}' with an error title and detail`);
  }
  return { status: Number(status), title: first.title, detail: first.detail };
}
