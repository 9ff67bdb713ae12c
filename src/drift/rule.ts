import type { Finding } from './finding.js';

/** What a rule says about one change; the engine adds the file and the rule id. */
export interface Observation {
  pointer: string;
  message: string;
  location?: string;
}

export interface Reporter {
  /** A change that breaks existing clients: reported under the rule's `id`. */
  breaking(observation: Observation): void;
  /** The same kind of change in the compatible direction: reported under `additiveId` as info. */
  additive(observation: Observation): void;
}

/**
 * One breaking-change rule: a named unit that looks at one kind of pair (two documents, two
 * operations, two schemas) and reports what it finds. `id` follows oasdiff's naming.
 */
export interface Rule<Subject, Id extends string = string, AdditiveId extends string = string> {
  id: Id;
  additiveId?: AdditiveId;
  /** One sentence for `--help` and docs: what counts as breaking. */
  summary: string;
  check(subject: Subject, report: Reporter): void;
}

/** Keeps the ids as literal types so that the registry can derive the `RuleId` union. */
export function defineRule<Subject, const Id extends string, const AdditiveId extends string = never>(
  rule: Rule<Subject, Id, AdditiveId>,
): Rule<Subject, Id, AdditiveId> {
  return rule;
}

export function runRule<Subject>(rule: Rule<Subject>, subject: Subject, file: string, into: Finding[]): void {
  const emit = (severity: Finding['severity'], rule: string) => (o: Observation) =>
    into.push({ severity, rule, file, pointer: o.pointer, message: o.message, ...(o.location === undefined ? {} : { location: o.location }) });
  rule.check(subject, { breaking: emit('error', rule.id), additive: emit('info', rule.additiveId ?? rule.id) });
}
