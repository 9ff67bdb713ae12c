import type { VendorName } from '../openapi/load.js';
import { genericChecks } from './checks/index.js';
import type { Check, ContractVendor } from './types.js';

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * A vendor's definition, as `contracts/<vendor>/index.ts` exports it. Its check names are checked
 * here, once: snake_case, unique, and none reusing a generic check's name (`--checks` and `--skip`
 * name checks across vendors).
 */
export function defineContractVendor<V extends VendorName, Facts>(definition: ContractVendor<V, Facts>): ContractVendor<V, Facts> {
  const seen = new Map<string, string>(genericChecks.map((c) => [c.name, 'a generic check']));
  for (const check of definition.checks) {
    if (!NAME.test(check.name)) throw new Error(`${definition.vendor}: check name '${check.name}' must be snake_case (a-z, 0-9, _)`);
    const clash = seen.get(check.name);
    if (clash) throw new Error(`${definition.vendor}: a check named '${check.name}' is already ${clash}`);
    seen.set(check.name, `a ${definition.vendor} check`);
  }
  return definition;
}

/** Every check that runs for the vendor: the generic ones first, then the vendor's, in order. */
export function checksOf(definition: Pick<ContractVendor, 'checks'>): Check[] {
  return [...genericChecks, ...definition.checks];
}

export interface Selection {
  /** The checks to run, in order. */
  selected: Check[];
  /** Checks left out, and why (shown as skipped tests). */
  excluded: Array<{ check: Check; reason: string }>;
}

export interface SelectOptions {
  /** `--checks`: only these (undefined: all). */
  only?: readonly string[];
  /** `--skip`: not these. */
  skip?: readonly string[];
  /** `--read-only`: leave out checks that mutate. */
  readOnly?: boolean;
}

/** What `--checks`, `--skip` and `--read-only` leave of a vendor's checks. */
export function selectChecks(checks: readonly Check[], options: SelectOptions): Selection {
  const selection: Selection = { selected: [], excluded: [] };
  for (const check of checks) {
    if (options.only && !options.only.includes(check.name)) continue;
    if (options.skip?.includes(check.name)) selection.excluded.push({ check, reason: 'left out by --skip' });
    else if (options.readOnly && check.mutates) selection.excluded.push({ check, reason: 'changes state on the target; left out by --read-only' });
    else selection.selected.push(check);
  }
  return selection;
}
