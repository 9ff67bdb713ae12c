/**
 * Verdicts of the Shoplazza checks: whether an answer is the documented success, or the
 * documented refusal of a duplicate.
 */
import { ContractViolation, expectSchema, expectStatus, specRule, successStatuses, type CheckContext, type Exchange, type SpecRule } from '../../src/contracts/index.js';
import { isObject, type OperationInfo } from '../../src/openapi/load.js';
import type { Spec } from '../../src/openapi/load.js';
import { specReader } from '../../src/openapi/reader.js';
import { errorWord, rejectStatus } from '../../src/vendors/shoplazza/facts.js';

/** The first sentence of a description (whitespace collapsed), for a rule's `says`. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}

/** A rule at `pointer`; `says` defaults to the first sentence of the node's description. */
export function ruleAt(spec: Spec, pointer: string, says?: string): SpecRule {
  if (says !== undefined) return specRule(spec, pointer, says);
  const { node } = specReader(spec, 'the Shoplazza contract checks').at(pointer);
  return specRule(spec, pointer, typeof node.description === 'string' ? firstSentence(node.description) : JSON.stringify(node));
}

/** The error body's `code` and `message`. */
export function errorOf(exchange: Exchange): { code?: unknown; message?: unknown } {
  const body = exchange.response?.body;
  return isObject(body) ? body : {};
}

/** Whether a message names a code as a whole word (`CC1` is not named by `CC12`). */
export function namesCode(message: unknown, code: string): boolean {
  if (typeof message !== 'string') return false;
  const escaped = code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`).test(message);
}

/** Fails unless the exchange got a documented success status and a body that follows the schema. */
export function expectSuccess(ctx: CheckContext, exchange: Exchange, op: OperationInfo, what: string): void {
  const statuses = successStatuses(op);
  const status = statuses[0];
  expectStatus(exchange, statuses, ruleAt(ctx.spec, `${op.pointer}/responses/${status ?? 200}`), what);
  expectSchema(ctx, exchange, op, what);
}

/**
 * Fails unless a request was rejected the way the spec's duplicate rule says: the operation's
 * reject status, its error word, and a message that names `code`.
 */
export function expectRejected(ctx: CheckContext, op: OperationInfo, exchange: Exchange, code: string, what: string, rule: SpecRule): void {
  const status = rejectStatus(op);
  expectStatus(exchange, status, rule, what);
  const word = errorWord(ctx.spec, op, status);
  const body = errorOf(exchange);
  if (word.word !== undefined && body.code !== word.word) {
    throw new ContractViolation({
      summary: `${what}: the ${status} carries code ${JSON.stringify(body.code)}, not ${JSON.stringify(word.word)}`,
      rule: specRule(ctx.spec, word.pointer, `a ${status} of ${op.id} carries the error word ${word.word}`),
      exchange,
    });
  }
  if (!namesCode(body.message, code)) {
    throw new ContractViolation({
      summary: `${what}: the ${status} message ${JSON.stringify(body.message)} does not name the offending code ${code}`,
      rule: specRule(ctx.spec, `${op.pointer}/description`, `Decision (duplicates): the ${status} ${word.word ?? ''} message names the offending code`),
      exchange,
    });
  }
}
