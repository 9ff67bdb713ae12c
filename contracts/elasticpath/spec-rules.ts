/**
 * What the Elastic Path semantic checks expect, read from spec/elasticpath.yaml (x-rules, schema
 * limits and defaults, documented error examples), each with the JSON pointer a report names.
 * Nothing here is a number or a text written in code: change the spec and the checks follow.
 */
import { getByPointer, isObject, pointerOf, type JsonObject, type OperationInfo, type Spec } from '../../src/spec/load.js';
import { specRule, type SpecRule } from '../../src/contracts/index.js';

/** API names (schema constants and enum values), not limits. */
export const GENERATE = 'code_generate';
export const PENDING = 'pending';
export const PROCESSING = 'processing';
export const COMPLETED = 'completed';
export const FAILED = 'failed';
export const JOB_TYPE = 'promotion_job';
export const CODES_TYPE = 'promotion_codes';

/** A value read from the spec and where it is written. */
export interface Located<T> {
  value: T;
  pointer: string;
}

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

class SpecShapeError extends Error {
  override readonly name = 'SpecShapeError';
}

function fail(spec: Spec, what: string): never {
  throw new SpecShapeError(`${spec.path}: ${what} (the Elastic Path contract checks read it)`);
}

function rule<T>(spec: Spec, op: OperationInfo, name: string, valid: (v: unknown) => v is T, what: string): Located<T> {
  const value = op.rules[name];
  if (!valid(value)) fail(spec, `${op.id} x-rules.${name} must be ${what}`);
  return { value, pointer: `${op.pointer}/x-rules/${name}` };
}

const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isFlag = (v: unknown): v is boolean => typeof v === 'boolean';
const isTexts = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every(isText);

/** Follows `$ref`s from a pointer; answers the node and the pointer it was found at. */
function resolve(spec: Spec, pointer: string): { node: JsonObject; pointer: string } {
  let current = pointer;
  for (let depth = 0; depth < 20; depth++) {
    const node = getByPointer(spec.document, current);
    if (!isObject(node)) fail(spec, `nothing at ${current}`);
    if (typeof node.$ref !== 'string') return { node, pointer: current };
    current = node.$ref.replace(/^#/, '');
  }
  return fail(spec, `$ref chain too long at ${pointer}`);
}

function property(spec: Spec, at: { node: JsonObject; pointer: string }, name: string): { node: JsonObject; pointer: string } {
  if (!isObject(at.node.properties) || !isObject(at.node.properties[name])) fail(spec, `${at.pointer} has no property ${name}`);
  return resolve(spec, `${at.pointer}${pointerOf('properties', name)}`);
}

function generateParameters(spec: Spec, op: OperationInfo): { node: JsonObject; pointer: string } {
  if (!op.requestBody?.schemaPointer) fail(spec, `${op.id} has no request schema`);
  const data = property(spec, resolve(spec, op.requestBody.schemaPointer), 'data');
  const branches = Array.isArray(data.node.oneOf) ? data.node.oneOf : [];
  for (let i = 0; i < branches.length; i++) {
    const branch = resolve(spec, `${data.pointer}/oneOf/${i}`);
    const jobType = isObject(branch.node.properties) ? branch.node.properties.job_type : undefined;
    if (isObject(jobType) && jobType.const === GENERATE) return property(spec, branch, 'parameters');
  }
  return fail(spec, `${op.id}: the request has no ${GENERATE} branch`);
}

function integerOf(spec: Spec, at: { node: JsonObject; pointer: string }, keyword: string): number {
  const value = at.node[keyword];
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(spec, `${at.pointer} has no integer ${keyword}`);
  return value;
}

function pageLimitMax(spec: Spec, op: OperationInfo): number {
  const limit = op.parameters.find((p) => p.in === 'query' && p.name === 'page[limit]');
  const max = limit?.schema.maximum;
  if (typeof max !== 'number') fail(spec, `${op.id}: page[limit] has no maximum`);
  return max;
}

function documentedError(spec: Spec, op: OperationInfo, status: string, example: string): DocumentedError {
  const value = op.responses[status]?.examples[example];
  const first = isObject(value) && Array.isArray(value.errors) ? value.errors[0] : undefined;
  if (!isObject(first) || typeof first.title !== 'string') fail(spec, `${op.id}: response ${status} has no example '${example}' with an error title`);
  return {
    status: Number(status),
    title: first.title,
    ...(typeof first.detail === 'string' ? { detail: first.detail } : {}),
    pointer: `${op.pointer}/responses/${status}`,
  };
}

function read(spec: Spec): ElasticPathContract {
  const createJob = spec.operation('createPromotionJob');
  const cancelJob = spec.operation('cancelPromotionJob');
  const jobFile = spec.operation('getPromotionJobFile');
  const createCodes = spec.operation('createPromotionCodes');
  const listJobs = spec.operation('listPromotionJobs');
  const listCodes = spec.operation('listPromotionCodes');
  const deleteCodes = spec.operation('deletePromotionCodes');

  const parameters = generateParameters(spec, createJob);
  const length = property(spec, parameters, 'code_length');
  const count = property(spec, parameters, 'number_of_codes');
  const prefix = property(spec, parameters, 'code_prefix');
  if (typeof prefix.node.pattern !== 'string') fail(spec, `${prefix.pointer} has no pattern`);
  const statuses = resolve(spec, '/components/schemas/JobStatus');
  if (!isTexts(statuses.node.enum)) fail(spec, `${statuses.pointer} has no enum`);
  for (const name of [PENDING, PROCESSING, COMPLETED, FAILED]) if (!statuses.node.enum.includes(name)) fail(spec, `${statuses.pointer} does not list ${name}`);
  const deleteItems = deleteCodes.requestBody?.schemaPointer
    ? property(spec, property(spec, resolve(spec, deleteCodes.requestBody.schemaPointer), 'data'), 'codes')
    : fail(spec, 'deletePromotionCodes has no request schema');
  const defaultLength = length.node.default;
  if (typeof defaultLength !== 'number') fail(spec, `${length.pointer} has no default`);

  return {
    createJob,
    listJobs,
    cancelJob,
    jobFile,
    createCodes,
    listCodes,
    deleteCodes,
    jobs: {
      maxActivePerPromotion: rule(spec, createJob, 'maxActiveJobsPerPromotion', isPositive, 'a positive integer'),
      activeStatuses: rule(spec, createJob, 'activeJobStatuses', isTexts, 'a list of statuses'),
      maxCodesPerPromotion: rule(spec, createJob, 'maxCodesPerPromotion', isPositive, 'a positive integer'),
      codesLimitError: rule(spec, createJob, 'codesLimitError', isText, 'a text'),
      alphabet: rule(spec, createJob, 'codeAlphabet', isText, 'a text'),
      groupSize: rule(spec, createJob, 'codeGroupSize', isPositive, 'a positive integer'),
      groupSeparator: rule(spec, createJob, 'codeGroupSeparator', isText, 'a text'),
      prefixSeparator: rule(spec, createJob, 'prefixSeparator', isText, 'a text'),
      caseInsensitive: rule(spec, createJob, 'caseInsensitive', isFlag, 'true or false'),
      statuses: { value: statuses.node.enum, pointer: statuses.pointer },
    },
    codeLength: {
      value: { default: defaultLength, minimum: integerOf(spec, length, 'minimum'), maximum: integerOf(spec, length, 'maximum') },
      pointer: length.pointer,
    },
    numberOfCodes: { value: { minimum: integerOf(spec, count, 'minimum'), maximum: integerOf(spec, count, 'maximum') }, pointer: count.pointer },
    codePrefix: { value: { pattern: new RegExp(prefix.node.pattern, 'u'), maxLength: integerOf(spec, prefix, 'maxLength') }, pointer: prefix.pointer },
    cancel: {
      cancellable: rule(spec, cancelJob, 'cancellableStatuses', isTexts, 'a list of statuses'),
      statusAfterCancel: rule(spec, cancelJob, 'statusAfterCancel', isText, 'a status'),
      finalStatus: rule(spec, cancelJob, 'finalStatus', isText, 'a status'),
    },
    file: {
      jobType: rule(spec, jobFile, 'fileJobType', isText, 'a job type'),
      jobStatus: rule(spec, jobFile, 'fileJobStatus', isText, 'a status'),
    },
    codes: {
      caseInsensitive: rule(spec, createCodes, 'caseInsensitive', isFlag, 'true or false'),
      crossPromotionWarningTitle: rule(spec, createCodes, 'crossPromotionWarningTitle', isText, 'a text'),
    },
    pageLimit: { jobs: pageLimitMax(spec, listJobs), codes: pageLimitMax(spec, listCodes) },
    maxCodesPerDelete: integerOf(spec, deleteItems, 'maxItems'),
    problems: {
      tooManyJobs: documentedError(spec, createJob, '400', 'tooManyJobs'),
      duplicateCode: documentedError(spec, createCodes, '422', 'duplicate'),
      notCancellable: documentedError(spec, cancelJob, '422', 'notCancellable'),
      noFileYet: documentedError(spec, jobFile, '422', 'noFileYet'),
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
