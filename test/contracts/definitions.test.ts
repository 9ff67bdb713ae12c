import { describe, expect, it } from 'vitest';
import { contractVendors } from '../../contracts/index.js';
import { genericChecks } from '../../src/contracts/checks/index.js';
import { checksOf, defineContractVendor, selectChecks } from '../../src/contracts/registry.js';
import type { Check } from '../../src/contracts/types.js';
import { loadSpec, VENDORS } from '../../src/openapi/load.js';

const named = (name: string, mutates = true): Check => ({ name, description: name, mutates, scope: 'vendor', run: async () => {} });

describe('contract vendor definitions', () => {
  it('contracts/index.ts lists one definition per vendor, each reading its facts from its spec', () => {
    expect(Object.keys(contractVendors).sort()).toEqual([...VENDORS].sort());
    for (const vendor of VENDORS) {
      const definition = contractVendors[vendor];
      expect(definition.vendor).toBe(vendor);
      expect(definition.checks.length).toBeGreaterThan(0);
      expect(definition.facts(loadSpec(vendor))).toBeDefined();
    }
  });

  it('checksOf runs the generic checks first, then the vendor\'s in its order', () => {
    const definition = contractVendors.shoplazza;
    expect(checksOf(definition).map((c) => c.name)).toEqual([...genericChecks, ...definition.checks].map((c) => c.name));
  });

  it('refuses a check name that is not snake_case, repeats, or reuses a generic check\'s name', () => {
    const base = { vendor: 'shoplazza' as const, fixtures: { operations: {} }, facts: () => undefined };
    expect(() => defineContractVendor({ ...base, checks: [named('Batch-Exact')] })).toThrow("shoplazza: check name 'Batch-Exact' must be snake_case");
    expect(() => defineContractVendor({ ...base, checks: [named('one'), named('one')] })).toThrow("shoplazza: a check named 'one' is already a shoplazza check");
    expect(() => defineContractVendor({ ...base, checks: [named('boundaries')] })).toThrow("shoplazza: a check named 'boundaries' is already a generic check");
  });

  it('selectChecks keeps --checks, shows --skip and --read-only as skipped with the reason', () => {
    const checks = [named('a'), named('b'), named('c', false)];
    const selection = selectChecks(checks, { only: ['a', 'b', 'c'], skip: ['a'], readOnly: true });
    expect(selection.selected.map((c) => c.name)).toEqual(['c']);
    expect(selection.excluded.map((e) => [e.check.name, e.reason])).toEqual([
      ['a', 'left out by --skip'],
      ['b', 'changes state on the target; left out by --read-only'],
    ]);
    expect(selectChecks(checks, { only: ['b'] }).selected.map((c) => c.name)).toEqual(['b']);
  });
});
