/**
 * The layout of a generated code, `prefix + delimiter + random + delimiter + suffix`, as the
 * spec's codegen rules describe it, and what a code breaks of it.
 */
import type { CheckContext, ContractViolation, Exchange, SpecRule } from '../../src/contracts/index.js';
import { plural, ruleAt, violation } from './api.js';
import type { BigCommerceFacts } from '../../src/vendors/bigcommerce/facts.js';

/** The options of a codegen request that shape its codes, defaults applied. */
export interface Shape {
  prefix: string;
  suffix: string;
  delimiter: string;
  codeLength: number;
  excluded: string[];
}

export type ProblemKind = 'total' | 'prefix' | 'suffix' | 'delimiter' | 'length' | 'alphabet' | 'excluded';

export interface CodeProblem {
  kind: ProblemKind;
  text: string;
}

/** The shape a codegen body asks for, with the spec's defaults where it leaves options out. */
export function shapeOf(c: BigCommerceFacts, body: Record<string, unknown>): Shape {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    prefix: text(body.prefix),
    suffix: text(body.suffix),
    delimiter: text(body.delimiter),
    codeLength: typeof body.code_length === 'number' ? body.code_length : c.codegenBody.codeLength.value.default,
    excluded: Array.isArray(body.exclude_characters) ? body.exclude_characters.map(String) : c.codegenBody.exclude.value.default,
  };
}

/** What comes before and after the random part: each delimiter only on a side with an affix (when the rules say so). */
export function headAndTail(c: BigCommerceFacts, shape: Shape): { head: string; tail: string } {
  const requiresAffix = c.codegenRules.delimiterRequiresAffix.value;
  const side = (affix: string) => (affix !== '' || !requiresAffix ? shape.delimiter : '');
  return { head: shape.prefix + side(shape.prefix), tail: side(shape.suffix) + shape.suffix };
}

/** The random alphabet minus the excluded characters. */
export function allowedOf(c: BigCommerceFacts, excluded: readonly string[]): string {
  return [...c.codegenRules.alphabet.value].filter((ch) => !excluded.includes(ch)).join('');
}

/** Everything `code` breaks of the layout the request asked for. */
export function codeProblems(c: BigCommerceFacts, shape: Shape, code: string): CodeProblem[] {
  const problems: CodeProblem[] = [];
  const q = JSON.stringify;
  const alphabet = c.codegenRules.alphabet.value;
  const max = c.codegenRules.maxCodeLength.value;
  if (code.length > max) problems.push({ kind: 'total', text: `${q(code)} has ${code.length} characters` });
  const { head, tail } = headAndTail(c, shape);
  // Delimiters the random part can never hold: one of them where none belongs is a misplaced delimiter.
  const strayDelimiters = c.codegenBody.delimiters.value.filter((d) => ![...d].some((ch) => alphabet.includes(ch)));

  if (!code.startsWith(shape.prefix)) {
    problems.push({ kind: 'prefix', text: `${q(code)} does not start with the prefix ${q(shape.prefix)}` });
    return problems;
  }
  if (!code.endsWith(shape.suffix)) {
    problems.push({ kind: 'suffix', text: `${q(code)} does not end with the suffix ${q(shape.suffix)}` });
    return problems;
  }
  for (const [side, delimited] of [
    ['prefix', head.length > shape.prefix.length],
    ['suffix', tail.length > shape.suffix.length],
  ] as const) {
    const problem = delimiterProblem(code, shape, side, delimited, strayDelimiters);
    if (problem) return [...problems, problem];
  }
  const random = code.length >= head.length + tail.length ? code.slice(head.length, code.length - tail.length) : '';
  if (random.length !== shape.codeLength) {
    problems.push({ kind: 'length', text: `${q(code)}: the random part ${q(random)} has ${random.length} characters, not ${shape.codeLength}` });
  }
  const foreign = [...new Set([...random].filter((ch) => !alphabet.includes(ch)))];
  if (foreign.length > 0) problems.push({ kind: 'alphabet', text: `${q(code)}: ${foreign.map((ch) => q(ch)).join(', ')} in the random part ${q(random)}` });
  const excluded = [...new Set([...random].filter((ch) => shape.excluded.includes(ch)))];
  if (excluded.length > 0) problems.push({ kind: 'excluded', text: `${q(code)}: excluded ${excluded.map((ch) => q(ch)).join(', ')} in the random part ${q(random)}` });
  return problems;
}

/**
 * What is wrong where one affix meets the random part, or undefined: the delimiter missing where
 * the side should have one (`delimited`), or a delimiter the random part can never hold where it
 * should have none.
 */
function delimiterProblem(code: string, shape: Shape, side: 'prefix' | 'suffix', delimited: boolean, strayDelimiters: readonly string[]): CodeProblem | undefined {
  const q = JSON.stringify;
  const affix = shape[side];
  const inner = side === 'prefix' ? code.slice(affix.length) : code.slice(0, code.length - affix.length);
  const touches = (delimiter: string) => (side === 'prefix' ? inner.startsWith(delimiter) : inner.endsWith(delimiter));
  if (delimited) {
    if (touches(shape.delimiter)) return undefined;
    const between = side === 'prefix' ? `between the prefix ${q(affix)} and the random part` : `between the random part and the suffix ${q(affix)}`;
    return { kind: 'delimiter', text: `${q(code)} has no ${q(shape.delimiter)} ${between}` };
  }
  const stray = strayDelimiters.find(touches);
  if (stray === undefined) return undefined;
  const why = affix === '' ? `no ${side} was sent` : 'no delimiter was sent';
  return { kind: 'delimiter', text: `${q(code)} has ${q(stray)} ${side === 'prefix' ? 'before' : 'after'} the random part, but ${why}` };
}

/** The rule each kind of problem breaks, with the values of this request. */
export function problemRule(ctx: CheckContext, c: BigCommerceFacts, kind: ProblemKind, shape: Shape): { rule: SpecRule; broke: string } {
  const r = c.codegenRules;
  const b = c.codegenBody;
  switch (kind) {
    case 'total':
      return { rule: ruleAt(ctx.spec, r.maxCodeLength, `maxCodeLength: ${r.maxCodeLength.value}: a whole code (prefix, delimiters, random part, suffix) is at most ${r.maxCodeLength.value} characters`), broke: `are longer than ${r.maxCodeLength.value} characters` };
    case 'prefix':
    case 'suffix':
      return { rule: ruleAt(ctx.spec, r.layout, 'a generated code is prefix + delimiter + random + delimiter + suffix'), broke: `do not carry the ${kind} as sent` };
    case 'delimiter':
      return {
        rule: ruleAt(
          ctx.spec,
          r.delimiterRequiresAffix,
          `delimiterRequiresAffix: ${r.delimiterRequiresAffix.value}: the delimiter goes between prefix and random part and between random part and suffix, only on a side with a non-empty prefix or suffix`,
        ),
        broke: `misplace the delimiter (sent ${JSON.stringify(shape.delimiter)} with prefix ${JSON.stringify(shape.prefix)} and suffix ${JSON.stringify(shape.suffix)})`,
      };
    case 'length':
      return {
        rule: ruleAt(ctx.spec, b.codeLength, `code_length (${b.codeLength.value.minimum}..${b.codeLength.value.maximum}, default ${b.codeLength.value.default}) is the length of the random part`),
        broke: `have a random part that is not ${shape.codeLength} characters`,
      };
    case 'alphabet':
      return { rule: ruleAt(ctx.spec, r.alphabet, `randomAlphabet: the random part is drawn from ${r.alphabet.value}`), broke: 'have random characters outside randomAlphabet' };
    case 'excluded':
      return {
        rule: ruleAt(ctx.spec, b.exclude, 'exclude_characters: characters never used in the random part'),
        broke: `use excluded characters (${shape.excluded.join('')}) in the random part`,
      };
  }
}

/** One violation per kind of problem over the codes of one answer, each naming up to five codes. */
export function layoutViolations(ctx: CheckContext, c: BigCommerceFacts, label: string, exchange: Exchange, shape: Shape, codes: readonly string[]): ContractViolation[] {
  const byKind = new Map<ProblemKind, string[]>();
  for (const code of codes) {
    for (const problem of codeProblems(c, shape, code)) {
      let list = byKind.get(problem.kind);
      if (!list) byKind.set(problem.kind, (list = []));
      list.push(problem.text);
    }
  }
  return [...byKind].map(([kind, texts]) => {
    const { rule, broke } = problemRule(ctx, c, kind, shape);
    return violation({
      summary: `${label}: ${texts.length} of ${plural(codes.length, 'code')} ${broke}`,
      rule,
      exchange,
      details: texts.slice(0, 5).concat(texts.length > 5 ? [`and ${texts.length - 5} more`] : []),
    });
  });
}

/** `count` characters cycling through `from` (for affixes of a given length). */
export function filler(from: string, count: number, offset = 0): string {
  let out = '';
  for (let i = 0; i < count; i++) out += from[(i + offset) % from.length];
  return out;
}
