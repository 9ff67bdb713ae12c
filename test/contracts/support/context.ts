import { createCheckContext } from '../../../src/contracts/context.js';
import { defaultRunOptions, type RunOptions } from '../../../src/contracts/options.js';
import type { CheckContext, VendorFixtures } from '../../../src/contracts/types.js';
import type { VendorName } from '../../../src/openapi/load.js';

export const TOKEN = 'tok-SECRET-7f3a9c';
export const READONLY_TOKEN = 'readonly-SECRET-2b8e1d';

const OWNERS: Record<VendorName, { param: string; id: string }> = {
  bigcommerce: { param: 'promotion_id', id: '1' },
  shoplazza: { param: 'price_rule_id', id: 'pr_1001' },
  elasticpath: { param: 'promotionID', id: '8c150382-b258-4c88-a2d4-b9ea0be74a07' },
};

/** A context against `url` with the spec's examples as requests (no vendor fixtures), tokens set. */
export function contextFor(vendor: VendorName, url: string, options: Partial<RunOptions> = {}, fixtures?: VendorFixtures): CheckContext {
  const owner = OWNERS[vendor];
  return createCheckContext(
    vendor,
    defaultRunOptions({
      target: url,
      isMock: false,
      vendors: [vendor],
      tokens: { [vendor]: TOKEN },
      readonlyTokens: { [vendor]: READONLY_TOKEN },
      promotions: { [vendor]: owner.id },
      timeoutMs: 3000,
      runPrefix: 'CCTEST01',
      ...options,
    }),
    fixtures ?? { ownerParam: owner.param, operations: {} },
  );
}
