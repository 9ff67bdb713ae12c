import type { VendorName } from '../spec/load.js';
import type { Check } from './check.js';

interface Registered {
  vendor: VendorName | '*';
  check: Check;
}

const registered: Registered[] = [];

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Adds a check for one vendor, or for all (`'*'`). Names are snake_case and unique per vendor
 * (a vendor check may not reuse a generic check's name). Registering the same object twice is a
 * no-op, so a module may be imported more than once.
 */
export function registerCheck(vendor: VendorName | '*', check: Check): void {
  if (registered.some((r) => r.check === check && r.vendor === vendor)) return;
  if (!NAME.test(check.name)) throw new Error(`check name '${check.name}' must be snake_case (a-z, 0-9, _)`);
  const clash = registered.find((r) => r.check.name === check.name && (r.vendor === '*' || vendor === '*' || r.vendor === vendor));
  if (clash) throw new Error(`a check named '${check.name}' is already registered for ${clash.vendor === '*' ? 'all vendors' : clash.vendor}`);
  registered.push({ vendor, check });
}

/** Every check that runs for the vendor (generic ones first), in registration order. */
export function checksFor(vendor: VendorName): Check[] {
  return registered.filter((r) => r.vendor === '*').concat(registered.filter((r) => r.vendor === vendor)).map((r) => r.check);
}

/** Every registered check name, for argument validation. */
export function allCheckNames(): string[] {
  return [...new Set(registered.map((r) => r.check.name))];
}

export interface Selection {
  /** The checks to run, in order. */
  selected: Check[];
  /** Checks left out, and why (shown as skipped tests). */
  excluded: Array<{ check: Check; reason: string }>;
}

export interface SelectOptions {
  vendor: VendorName;
  /** `--checks`: only these (undefined: all). */
  only?: readonly string[];
  /** `--skip`: not these. */
  skip?: readonly string[];
  /** `--read-only`: leave out checks that mutate. */
  readOnly?: boolean;
}

export function selectChecks(options: SelectOptions): Selection {
  const selection: Selection = { selected: [], excluded: [] };
  for (const check of checksFor(options.vendor)) {
    if (options.only && !options.only.includes(check.name)) continue;
    if (options.skip?.includes(check.name)) selection.excluded.push({ check, reason: 'left out by --skip' });
    else if (options.readOnly && check.mutates) selection.excluded.push({ check, reason: 'changes state on the target; left out by --read-only' });
    else selection.selected.push(check);
  }
  return selection;
}

/** For tests: forget every registration. */
export function clearRegistry(): void {
  registered.length = 0;
}
