import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { VendorName } from '../spec/load.js';
import type { VendorFixtures } from './fixtures.js';

/** `contracts/<vendor>/<name>.(js|ts)`, next to this package's src (or dist/src). */
function vendorModuleUrl(vendor: VendorName, name: string): URL | undefined {
  for (const extension of ['.js', '.ts']) {
    const url = new URL(`../../contracts/${vendor}/${name}${extension}`, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/** The vendor's fixtures (`contracts/<vendor>/fixtures.ts`, export `fixtures`), or none. */
export async function loadVendorFixtures(vendor: VendorName): Promise<VendorFixtures> {
  const url = vendorModuleUrl(vendor, 'fixtures');
  if (!url) return { operations: {} };
  const module = (await import(url.href)) as { fixtures?: VendorFixtures };
  return module.fixtures ?? { operations: {} };
}

/** Imports `contracts/<vendor>/checks.ts` if it exists: its checks register themselves. */
export async function loadVendorChecks(vendor: VendorName): Promise<void> {
  const url = vendorModuleUrl(vendor, 'checks');
  if (url) await import(url.href);
}
