/**
 * What the Elastic Path semantic checks expect, read from spec/elasticpath.yaml (x-rules, schema
 * limits and defaults, documented error examples), each with the JSON pointer a report names.
 * Nothing here is a number or a text written in code: change the spec and the checks follow.
 */
import { isObject, type OperationInfo, type Spec } from '../../src/openapi/load.js';
import { is, specReader, type Located, type SpecNode, type SpecReader } from '../../src/openapi/reader.js';
import { specRule, type SpecRule } from '../../src/contracts/index.js';

/** API names (schema constants and enum values), not limits. */
export const GENERATE = 'code_generate';
export const PENDING = 'pending';
export const PROCESSING = 'processing';
export const COMPLETED = 'completed';
export const FAILED = 'failed';
export const JOB_TYPE = 'promotion_job';
export const CODES_TYPE = 'promotion_codes';

export type { Located };

export interface DocumentedError {
  status: number;
  title: string;
  detail?: string;
  /** The example's pointer (for reports). */
  pointer: string;
}

export interface ElasticPathContract {
  createJob: OperationInfo;
  listJobs: OperationInfo;
  cancelJob: OperationInfo;
  jobFile: OperationInfo;
  createCodes: OperationInfo;
  listCodes: OperationInfo;
  deleteCodes: OperationInfo;
  jobs: {
    maxActivePerPromotion: Located<number>;
    activeStatuses: Located<string[]>;
    maxCodesPerPromotion: Located<number>;
    codesLimitError: Located<string>;
    alphabet: Located<string>;
    groupSize: Located<number>;
    groupSeparator: Located<string>;
    prefixSeparator: Located<string>;
    caseInsensitive: Located<boolean>;
    /** `JobStatus` enum. */
    statuses: Located<string[]>;
  };
  /** `code_length` of generate parameters: default, minimum, maximum. */
  codeLength: Located<{ default: number; minimum: number; maximum: number }>;
  numberOfCodes: Located<{ minimum: number; maximum: number }>;
  codePrefix: Located<{ pattern: RegExp; maxLength: number }>;
  cancel: {
    cancellable: Located<string[]>;
    statusAfterCancel: Located<string>;
    finalStatus: Located<string>;
  };
  file: { jobType: Located<string>; jobStatus: Located<string> };
  codes: {
    caseInsensitive: Located<boolean>;
    crossPromotionWarningTitle: Located<string>;
    /** The operators `filter` offers on `code` (listPromotionCodes x-rules). */
    filterOperators: Located<string[]>;
  };
  /** Most entries a page of each list may hold (`page[limit]` maximum). */
  pageLimit: { jobs: number; codes: number };
  /** Most codes one delete request may name. */
  maxCodesPerDelete: number;
  problems: {
    tooManyJobs: DocumentedError;
    duplicateCode: DocumentedError;
    notCancellable: DocumentedError;
    noFileYet: DocumentedError;
    newShopperLimited: DocumentedError;
    missingMaxUses: DocumentedError;
    unsupportedConsumeUnit: DocumentedError;
  };
}

const cache = new WeakMap<Spec, ElasticPathContract>();

export function contractOf(spec: Spec): ElasticPathContract {
  let contract = cache.get(spec);
  if (!contract) cache.set(spec, (contract = read(spec)));
  return contract;
}

/** `spec/elasticpath.yaml#<pointer>` with what it says. */
export function ruleAt(spec: Spec, located: { pointer: string }, says: string): SpecRule {
  return specRule(spec, located.pointer, says);
}

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

const integerOf = (r: SpecReader, at: SpecNode, keyword: string): number => r.keyword(at, keyword, is.integer).value;

function pageLimitMax(r: SpecReader, op: OperationInfo): number {
  const limit = op.parameters.find((p) => p.in === 'query' && p.name === 'page[limit]');
  const max = limit?.schema.maximum;
  if (typeof max !== 'number') return r.fail(`${op.id}: page[limit] has no maximum`);
  return max;
}

function documentedError(r: SpecReader, op: OperationInfo, status: string, example: string): DocumentedError {
  const value = op.responses[status]?.examples[example];
  const first = isObject(value) && Array.isArray(value.errors) ? value.errors[0] : undefined;
  if (!isObject(first) || typeof first.title !== 'string') return r.fail(`${op.id}: response ${status} has no example '${example}' with an error title`);
  return {
    status: Number(status),
    title: first.title,
    ...(typeof first.detail === 'string' ? { detail: first.detail } : {}),
    pointer: `${op.pointer}/responses/${status}`,
  };
}

function read(spec: Spec): ElasticPathContract {
  // Annotated, so that TypeScript narrows after r.fail(...), which never returns.
  const r: SpecReader = specReader(spec, 'the Elastic Path contract checks');
  const createJob = spec.operation('createPromotionJob');
  const cancelJob = spec.operation('cancelPromotionJob');
  const jobFile = spec.operation('getPromotionJobFile');
  const createCodes = spec.operation('createPromotionCodes');
  const listJobs = spec.operation('listPromotionJobs');
  const listCodes = spec.operation('listPromotionCodes');
  const deleteCodes = spec.operation('deletePromotionCodes');

  const parameters = generateParameters(r, createJob);
  const length = r.walk(parameters, 'code_length');
  const count = r.walk(parameters, 'number_of_codes');
  const prefix = r.walk(parameters, 'code_prefix');
  if (typeof prefix.node.pattern !== 'string') r.fail(`${prefix.pointer} has no pattern`);
  const statuses = r.at('/components/schemas/JobStatus');
  if (!is.texts(statuses.node.enum)) r.fail(`${statuses.pointer} has no enum`);
  for (const name of [PENDING, PROCESSING, COMPLETED, FAILED]) if (!statuses.node.enum.includes(name)) r.fail(`${statuses.pointer} does not list ${name}`);
  const deleteItems = r.walk(r.requestSchema(deleteCodes), 'data', 'codes');
  const defaultLength = length.node.default;
  if (typeof defaultLength !== 'number') r.fail(`${length.pointer} has no default`);

  return {
    createJob,
    listJobs,
    cancelJob,
    jobFile,
    createCodes,
    listCodes,
    deleteCodes,
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
    },
    codeLength: {
      value: { default: defaultLength, minimum: integerOf(r, length, 'minimum'), maximum: integerOf(r, length, 'maximum') },
      pointer: length.pointer,
    },
    numberOfCodes: { value: { minimum: integerOf(r, count, 'minimum'), maximum: integerOf(r, count, 'maximum') }, pointer: count.pointer },
    codePrefix: { value: { pattern: new RegExp(prefix.node.pattern, 'u'), maxLength: integerOf(r, prefix, 'maxLength') }, pointer: prefix.pointer },
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
      crossPromotionWarningTitle: r.rule(createCodes, 'crossPromotionWarningTitle', is.text),
      filterOperators: r.rule(listCodes, 'filterOperators', is.texts),
    },
    pageLimit: { jobs: pageLimitMax(r, listJobs), codes: pageLimitMax(r, listCodes) },
    maxCodesPerDelete: integerOf(r, deleteItems, 'maxItems'),
    problems: {
      tooManyJobs: documentedError(r, createJob, '400', 'tooManyJobs'),
      duplicateCode: documentedError(r, createCodes, '422', 'duplicate'),
      notCancellable: documentedError(r, cancelJob, '422', 'notCancellable'),
      noFileYet: documentedError(r, jobFile, '422', 'noFileYet'),
      newShopperLimited: documentedError(r, createCodes, '400', 'firstTimeShopperLimited'),
      missingMaxUses: documentedError(r, createCodes, '400', 'missingMaxUses'),
      unsupportedConsumeUnit: documentedError(r, createCodes, '422', 'unsupportedConsumeUnit'),
    },
  };
}

/**
 * The documented shape of a generated code, or why `code` does not have it: the prefix (with one
 * separator unless it ends with one), then `length` characters of the alphabet with the group
 * separator after every full group.
 */
export function codeFormatProblem(contract: ElasticPathContract, code: string, length: number, prefix: string | undefined): string | undefined {
  const { alphabet, groupSize, groupSeparator, prefixSeparator } = contract.jobs;
  let rest = code;
  let prefixProblem: string | undefined;
  if (prefix) {
    const head = prefix.endsWith(prefixSeparator.value) ? prefix : `${prefix}${prefixSeparator.value}`;
    if (code.toLowerCase().startsWith(head.toLowerCase())) {
      if (!code.startsWith(head)) prefixProblem = `starts with ${JSON.stringify(code.slice(0, head.length))}, not the prefix as sent (${JSON.stringify(head)})`;
      rest = code.slice(head.length);
    } else {
      return `does not start with the prefix and its separator, ${JSON.stringify(head)}`;
    }
  }
  const groups = rest.split(groupSeparator.value);
  const random = groups.join('');
  const foreign = [...new Set([...random].filter((c) => !alphabet.value.includes(c)))];
  if (foreign.length > 0) return `has ${foreign.map((c) => JSON.stringify(c)).join(', ')}, not in the alphabet ${JSON.stringify(alphabet.value)}`;
  if (prefixProblem) return prefixProblem;
  if (random.length !== length) return `has ${random.length} random characters, expected ${length}`;
  for (const [index, group] of groups.entries()) {
    const expected = index === groups.length - 1 ? length - groupSize.value * index : groupSize.value;
    if (group.length !== expected || expected <= 0 || expected > groupSize.value) {
      return `has the group ${JSON.stringify(group)}: expected ${JSON.stringify(groupSeparator.value)} after every ${groupSize.value} random characters`;
    }
  }
  return undefined;
}

/** A code as the expected format describes it (for reports): `ccxyz-aaaa-aaaa`. */
export function codeShape(contract: ElasticPathContract, length: number, prefix: string | undefined): string {
  const { groupSize, groupSeparator, prefixSeparator } = contract.jobs;
  const groups: string[] = [];
  for (let left = length; left > 0; left -= groupSize.value) groups.push('x'.repeat(Math.min(groupSize.value, left)));
  const body = groups.join(groupSeparator.value);
  if (!prefix) return body;
  return prefix.endsWith(prefixSeparator.value) ? `${prefix}${body}` : `${prefix}${prefixSeparator.value}${body}`;
}
