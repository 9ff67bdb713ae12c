/**
 * The one list of contract vendors: each folder's definition (contracts/<vendor>/index.ts), by
 * vendor name. A new vendor is a folder with that layout and one line here; its vitest entry is
 * contracts/<vendor>/<vendor>.contract.ts.
 */
import type { ContractVendor } from '../src/contracts/index.js';
import type { VendorName } from '../src/openapi/load.js';
import { definition as bigcommerce } from './bigcommerce/index.js';
import { definition as elasticpath } from './elasticpath/index.js';
import { definition as shoplazza } from './shoplazza/index.js';

export const contractVendors: { readonly [V in VendorName]: ContractVendor<V> } = { bigcommerce, shoplazza, elasticpath };

/** The vitest file that runs a vendor's suite, relative to the package root. */
export function suiteFile(vendor: VendorName): string {
  return `contracts/${vendor}/${vendor}.contract.ts`;
}
