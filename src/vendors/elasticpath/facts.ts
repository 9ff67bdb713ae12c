/**
 * Every fact of spec/elasticpath.yaml that code reads (x-rules, schema limits and defaults, API
 * names, documented error examples), read once per spec, each with the JSON pointer where it is
 * written. The one reader for the mock plugin (`rulesOf`, plain values) and the contract checks
 * (`factsOf`, values with their pointers for reports). Nothing here is a number or a text written
 * in code: change the spec and both follow.
 */
import { isObject, perSpec, type OperationInfo, type Spec } from '../../openapi/load.js';
import { is, specReader, type Located, type SpecNode, type SpecReader } from '../../openapi/reader.js';

/** API names (schema constants and enum values, checked against the spec when it is read), not limits. */
export const GENERATE = 'code_generate';
export const PENDING = 'pending';
export const PROCESSING = 'processing';
export const COMPLETED = 'completed';
export const FAILED = 'failed';
export const JOB_TYPE = 'promotion_job';
export const CODES_TYPE = 'promotion_codes';

export type { Located };

/** A documented error: the status of the response whose example documents it, the example's first error. */
export interface DocumentedError {
  status: number;
  title: string;
  detail: string;
  /** The response's pointer (for reports). */
  pointer: string;
}

interface PageLimit {
  default: number;
  maximum: number;
}

export interface ElasticPathFacts {
  createJob: OperationInfo;
  listJobs: OperationInfo;
  cancelJob: OperationInfo;
  jobFile: OperationInfo;
  createCodes: OperationInfo;
  listCodes: OperationInfo;
  deleteCodes: OperationInfo;
  createToken: OperationInfo;
  jobs: {
    maxActivePerPromotion: Located<number>;
    activeStatuses: Located<string[]>;
    /** Default cap on the codes a promotion holds (a promotion fixture may set its own). */
    maxCodesPerPromotion: Located<number>;
    codesLimitError: Located<string>;
    alphabet: Located<string>;
    groupSize: Located<number>;
    groupSeparator: Located<string>;
    prefixSeparator: Located<string>;
    caseInsensitive: Located<boolean>;
    /** `JobStatus` enum. */
    statuses: Located<string[]>;
    /** `consume_unit` default of the generate parameters. */
    defaultConsumeUnit: Located<string>;
  };
  /** `code_length` of generate parameters: default, minimum, maximum. */
  codeLength: Located<{ default: number; minimum: number; maximum: number }>;
  numberOfCodes: Located<{ minimum: number; maximum: number }>;
  codePrefix: Located<{ pattern: RegExp; maxLength: number }>;
  /** `name` of a job request. */
  jobName: Located<{ maxLength: number }>;
  cancel: {
    cancellable: Located<string[]>;
    statusAfterCancel: Located<string>;
    finalStatus: Located<string>;
  };
  file: { jobType: Located<string>; jobStatus: Located<string> };
  codes: {
    caseInsensitive: Located<boolean>;
    /** `reject`: a code repeated in one request is a duplicate like one already stored. */
    duplicateInRequest: Located<string>;
    crossPromotionWarningTitle: Located<string>;
    crossPromotionWarningDescription: Located<string>;
    /** Fields a first-time shopper code (`is_for_new_shopper: true`) must not have. */
    newShopperRestrictions: Located<string[]>;
    /** The detail of the refusal, `{code}` standing for the code. */
    newShopperDetail: Located<string>;
    /** The consume units `max_uses_per_shopper` works with. */
    perShopperLimitConsumeUnits: Located<string[]>;
    /** Every `consume_unit` a code to create may have (its enum). */
    consumeUnits: Located<string[]>;
    filterAttributes: Located<string[]>;
    /** The operators `filter` offers on `code` (listPromotionCodes x-rules). */
    filterOperators: Located<string[]>;
    /** `consume_unit` default of a code to create. */
    defaultConsumeUnit: Located<string>;
  };
  /** `page[limit]` of each list: its default and the most entries a page may hold. */
  pageLimit: { jobs: PageLimit; codes: PageLimit };
  /** The last `page[offset]` the code list takes. */
  lastCodesOffset: number;
  /** Most codes one delete request may name. */
  maxCodesPerDelete: number;
  /** Deleting codes by their text (deletePromotionCodes x-rules). */
  deletion: {
    caseInsensitive: Located<boolean>;
    /** `ignore`: a code the promotion does not have changes nothing, and the answer is still the success. */
    missingCodes: Located<string>;
  };
  /** The token endpoint (createAccessToken x-rules). */
  tokens: {
    tokenType: Located<string>;
    expiresInSeconds: Located<number>;
    /** Grants that need a client_secret. */
    secretRequiredFor: Located<string[]>;
    /** Grants whose tokens may only read. */
    readOnlyGrants: Located<string[]>;
    alphabet: Located<string>;
    length: Located<number>;
  };
  problems: {
    promotionNotFound: DocumentedError;
    jobNotFound: DocumentedError;
    codeNotFound: DocumentedError;
    tooManyJobs: DocumentedError;
    notCancellable: DocumentedError;
    noFileYet: DocumentedError;
    duplicateCode: DocumentedError;
    newShopperLimited: DocumentedError;
    missingMaxUses: DocumentedError;
    unsupportedConsumeUnit: DocumentedError;
    secretRequired: DocumentedError;
    noCodesAllowed: DocumentedError;
  };
}

/** The facts of the spec, read once per spec object. */
export const factsOf: (spec: Spec) => ElasticPathFacts = perSpec(read);

function generateParameters(r: SpecReader, op: OperationInfo): SpecNode {
  const data = r.walk(r.requestSchema(op), 'data');
  const branches = Array.isArray(data.node.oneOf) ? data.node.oneOf : [];
  for (let i = 0; i < branches.length; i++) {
    const branch = r.at(`${data.pointer}/oneOf/${i}`);
    const jobType = isObject(branch.node.properties) ? branch.node.properties.job_type : undefined;
    if (isObject(jobType) && jobType.const === GENERATE) return r.walk(branch, 'parameters');
  }
  return r.fail(`${op.id}: the request has no ${GENERATE} branch`);
}

/** `name` of the first branch of the job request that has one (every branch shares the schema). */
function jobNameSchema(r: SpecReader, op: OperationInfo): SpecNode {
  const data = r.walk(r.requestSchema(op), 'data');
  const branches = Array.isArray(data.node.oneOf) ? data.node.oneOf : [];
  for (let i = 0; i < branches.length; i++) {
    const branch = r.at(`${data.pointer}/oneOf/${i}`);
    if (isObject(branch.node.properties) && 'name' in branch.node.properties) return r.walk(branch, 'name');
  }
  return r.fail(`${op.id}: no branch of the request has a name`);
}

function pageLimit(r: SpecReader, op: OperationInfo): PageLimit {
  return r.integers(r.queryParameter(op, 'page[limit]').schema, 'default', 'maximum').value;
}

function textDefault(r: SpecReader, at: SpecNode): Located<string> {
  return r.keyword(at, 'default', is.text);
}

function documented(r: SpecReader, op: OperationInfo, status: string, example: string): DocumentedError {
  const value = op.responses[status]?.examples[example];
  const first = isObject(value) && Array.isArray(value.errors) ? value.errors[0] : undefined;
  if (!isObject(first) || typeof first.title !== 'string' || typeof first.detail !== 'string') {
    return r.fail(`${op.id}: response ${status} has no example '${example}' with an error title and detail`);
  }
  return { status: Number(status), title: first.title, detail: first.detail, pointer: `${op.pointer}/responses/${status}` };
}

function read(spec: Spec): ElasticPathFacts {
  // Annotated, so that TypeScript narrows after r.fail(...), which never returns.
  const r: SpecReader = specReader(spec, 'coupon-contracts (Elastic Path facts)');
  const createJob = spec.operation('createPromotionJob');
  const cancelJob = spec.operation('cancelPromotionJob');
  const jobFile = spec.operation('getPromotionJobFile');
  const createCodes = spec.operation('createPromotionCodes');
  const listJobs = spec.operation('listPromotionJobs');
  const listCodes = spec.operation('listPromotionCodes');
  const deleteCodes = spec.operation('deletePromotionCodes');
  const deleteCode = spec.operation('deletePromotionCode');
  const createToken = spec.operation('createAccessToken');

  const parameters = generateParameters(r, createJob);
  const length = r.walk(parameters, 'code_length');
  const count = r.walk(parameters, 'number_of_codes');
  const prefix = r.walk(parameters, 'code_prefix');
  const name = jobNameSchema(r, createJob);
  const statuses = r.at('/components/schemas/JobStatus');
  if (!is.texts(statuses.node.enum)) r.fail(`${statuses.pointer} has no enum`);
  for (const status of [PENDING, PROCESSING, COMPLETED, FAILED]) if (!statuses.node.enum.includes(status)) r.fail(`${statuses.pointer} does not list ${status}`);
  const deleteItems = r.walk(r.requestSchema(deleteCodes), 'data', 'codes');
  const codeInput = r.walk(r.requestSchema(createCodes), 'data', 'codes', '[]');

  return {
    createJob,
    listJobs,
    cancelJob,
    jobFile,
    createCodes,
    listCodes,
    deleteCodes,
    createToken,
    jobs: {
      maxActivePerPromotion: r.rule(createJob, 'maxActiveJobsPerPromotion', is.positiveInteger),
      activeStatuses: r.rule(createJob, 'activeJobStatuses', is.texts),
      maxCodesPerPromotion: r.rule(createJob, 'maxCodesPerPromotion', is.positiveInteger),
      codesLimitError: r.rule(createJob, 'codesLimitError', is.text),
      alphabet: r.rule(createJob, 'codeAlphabet', is.text),
      groupSize: r.rule(createJob, 'codeGroupSize', is.positiveInteger),
      groupSeparator: r.rule(createJob, 'codeGroupSeparator', is.text),
      prefixSeparator: r.rule(createJob, 'prefixSeparator', is.text),
      caseInsensitive: r.rule(createJob, 'caseInsensitive', is.flag),
      statuses: { value: statuses.node.enum, pointer: statuses.pointer },
      defaultConsumeUnit: textDefault(r, r.walk(parameters, 'consume_unit')),
    },
    codeLength: r.integers(length, 'default', 'minimum', 'maximum'),
    numberOfCodes: r.integers(count, 'minimum', 'maximum'),
    codePrefix: { value: { pattern: r.pattern(prefix), maxLength: r.integer(prefix, 'maxLength') }, pointer: prefix.pointer },
    jobName: r.integers(name, 'maxLength'),
    cancel: {
      cancellable: r.rule(cancelJob, 'cancellableStatuses', is.texts),
      statusAfterCancel: r.rule(cancelJob, 'statusAfterCancel', is.text),
      finalStatus: r.rule(cancelJob, 'finalStatus', is.text),
    },
    file: {
      jobType: r.rule(jobFile, 'fileJobType', is.text),
      jobStatus: r.rule(jobFile, 'fileJobStatus', is.text),
    },
    codes: {
      caseInsensitive: r.rule(createCodes, 'caseInsensitive', is.flag),
      duplicateInRequest: r.rule(createCodes, 'duplicateInRequest', is.text),
      crossPromotionWarningTitle: r.rule(createCodes, 'crossPromotionWarningTitle', is.text),
      crossPromotionWarningDescription: r.rule(createCodes, 'crossPromotionWarningDescription', is.text),
      newShopperRestrictions: r.rule(createCodes, 'newShopperCodeRestrictions', is.texts),
      newShopperDetail: r.rule(createCodes, 'newShopperCodeDetail', is.text),
      perShopperLimitConsumeUnits: r.rule(createCodes, 'perShopperLimitConsumeUnits', is.texts),
      consumeUnits: r.keyword(r.walk(codeInput, 'consume_unit'), 'enum', is.texts),
      filterAttributes: r.rule(listCodes, 'filterAttributes', is.texts),
      filterOperators: r.rule(listCodes, 'filterOperators', is.texts),
      defaultConsumeUnit: textDefault(r, r.walk(codeInput, 'consume_unit')),
    },
    pageLimit: { jobs: pageLimit(r, listJobs), codes: pageLimit(r, listCodes) },
    lastCodesOffset: r.integer(r.queryParameter(listCodes, 'page[offset]').schema, 'maximum'),
    maxCodesPerDelete: r.integer(deleteItems, 'maxItems'),
    deletion: {
      caseInsensitive: r.rule(deleteCodes, 'caseInsensitive', is.flag),
      missingCodes: r.rule(deleteCodes, 'missingCodes', is.text),
    },
    tokens: {
      tokenType: r.rule(createToken, 'tokenType', is.text),
      expiresInSeconds: r.rule(createToken, 'expiresInSeconds', is.positiveInteger),
      secretRequiredFor: r.rule(createToken, 'secretRequiredFor', is.texts),
      readOnlyGrants: r.rule(createToken, 'readOnlyGrants', is.texts),
      alphabet: r.rule(createToken, 'tokenAlphabet', is.text),
      length: r.rule(createToken, 'tokenLength', is.positiveInteger),
    },
    problems: {
      promotionNotFound: documented(r, createJob, '404', 'promotionNotFound'),
      jobNotFound: documented(r, cancelJob, '404', 'jobNotFound'),
      codeNotFound: documented(r, deleteCode, '404', 'codeNotFound'),
      tooManyJobs: documented(r, createJob, '400', 'tooManyJobs'),
      notCancellable: documented(r, cancelJob, '422', 'notCancellable'),
      noFileYet: documented(r, jobFile, '422', 'noFileYet'),
      duplicateCode: documented(r, createCodes, '422', 'duplicate'),
      newShopperLimited: documented(r, createCodes, '400', 'firstTimeShopperLimited'),
      missingMaxUses: documented(r, createCodes, '400', 'missingMaxUses'),
      unsupportedConsumeUnit: documented(r, createCodes, '422', 'unsupportedConsumeUnit'),
      secretRequired: documented(r, createToken, '400', 'noSecret'),
      noCodesAllowed: documented(r, createCodes, '422', 'noCodesAllowed'),
    },
  };
}

// ---- the mock's view -------------------------------------------------------------------------

/**
 * A documented error as the mock answers it: status, title and detail (no pointer in a body), and
 * the field a handler may name (the mock's Problem has it; this module depends on no mock type).
 */
export interface DocumentedProblem {
  status: number;
  title: string;
  detail: string;
  field?: string;
}

/** What the mock plugin obeys: the facts' values, without their pointers. */
export interface ElasticPathRules {
  jobs: {
    maxActivePerPromotion: number;
    activeStatuses: readonly string[];
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
    rejectDuplicatesInRequest: boolean;
    crossPromotionWarningTitle: string;
    crossPromotionWarningDescription: string;
    newShopperRestrictions: readonly string[];
    newShopperDetail: string;
    perShopperLimitConsumeUnits: readonly string[];
    filterAttributes: readonly string[];
    filterOperators: readonly string[];
    defaultConsumeUnit: string;
    defaultPageLimit: number;
  };
  tokens: {
    tokenType: string;
    expiresInSeconds: number;
    secretRequiredFor: readonly string[];
    readOnlyGrants: readonly string[];
    alphabet: string;
    length: number;
  };
  problems: { [K in keyof ElasticPathFacts['problems']]: DocumentedProblem };
}

/** The mock's view of the facts (read at registration, so a spec without them fails at start). */
export const rulesOf: (spec: Spec) => ElasticPathRules = perSpec((spec) => mockView(factsOf(spec)));

function mockView(f: ElasticPathFacts): ElasticPathRules {
  const problems = Object.fromEntries(
    Object.entries(f.problems).map(([name, { status, title, detail }]) => [name, { status, title, detail }]),
  ) as ElasticPathRules['problems'];
  return {
    jobs: {
      maxActivePerPromotion: f.jobs.maxActivePerPromotion.value,
      activeStatuses: f.jobs.activeStatuses.value,
      maxCodesPerPromotion: f.jobs.maxCodesPerPromotion.value,
      codesLimitError: f.jobs.codesLimitError.value,
      alphabet: f.jobs.alphabet.value,
      groupSize: f.jobs.groupSize.value,
      groupSeparator: f.jobs.groupSeparator.value,
      prefixSeparator: f.jobs.prefixSeparator.value,
      caseInsensitive: f.jobs.caseInsensitive.value,
      defaultCodeLength: f.codeLength.value.default,
      defaultConsumeUnit: f.jobs.defaultConsumeUnit.value,
      cancellableStatuses: f.cancel.cancellable.value,
      statusAfterCancel: f.cancel.statusAfterCancel.value,
      finalCancelStatus: f.cancel.finalStatus.value,
      fileJobType: f.file.jobType.value,
      fileJobStatus: f.file.jobStatus.value,
      defaultPageLimit: f.pageLimit.jobs.default,
    },
    codes: {
      caseInsensitive: f.codes.caseInsensitive.value,
      rejectDuplicatesInRequest: f.codes.duplicateInRequest.value === 'reject',
      crossPromotionWarningTitle: f.codes.crossPromotionWarningTitle.value,
      crossPromotionWarningDescription: f.codes.crossPromotionWarningDescription.value,
      newShopperRestrictions: f.codes.newShopperRestrictions.value,
      newShopperDetail: f.codes.newShopperDetail.value,
      perShopperLimitConsumeUnits: f.codes.perShopperLimitConsumeUnits.value,
      filterAttributes: f.codes.filterAttributes.value,
      filterOperators: f.codes.filterOperators.value,
      defaultConsumeUnit: f.codes.defaultConsumeUnit.value,
      defaultPageLimit: f.pageLimit.codes.default,
    },
    tokens: {
      tokenType: f.tokens.tokenType.value,
      expiresInSeconds: f.tokens.expiresInSeconds.value,
      secretRequiredFor: f.tokens.secretRequiredFor.value,
      readOnlyGrants: f.tokens.readOnlyGrants.value,
      alphabet: f.tokens.alphabet.value,
      length: f.tokens.length.value,
    },
    problems,
  };
}
