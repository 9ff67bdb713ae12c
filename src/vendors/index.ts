import type { VendorName } from '../openapi/load.js';
import type { VendorPlugin } from '../mock/types.js';

/** The one place that knows which vendor plugins exist; the mock core knows none of them. */
export const vendorPlugins: Record<VendorName, () => Promise<VendorPlugin>> = {
  bigcommerce: async () => (await import('./bigcommerce/plugin.js')).bigcommercePlugin,
  shoplazza: async () => (await import('./shoplazza/plugin.js')).shoplazzaPlugin,
  elasticpath: async () => (await import('./elasticpath/plugin.js')).elasticpathPlugin,
};

export async function loadPlugins(vendors: readonly VendorName[]): Promise<VendorPlugin[]> {
  return Promise.all(vendors.map((v) => vendorPlugins[v]()));
}
