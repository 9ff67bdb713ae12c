import type { components } from '../../../generated/elasticpath.js';
import type { MockRequest, VendorApp } from '../../mock/types.js';

export interface Page {
  limit: number;
  offset: number;
}

/** `links` and `meta` of a list: the spec's `PageLinks` and `ListMeta`. */
export type PageLinks = components['schemas']['PageLinks'];
export type ListMeta = components['schemas']['ListMeta'];

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A query parameter that Prism already checked against its integer schema; `fallback` if absent or odd. */
function integerParameter(request: MockRequest, name: string, fallback: number): number {
  const raw = single(request.query[name]);
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return fallback;
  const value = Number(raw.trim());
  return Number.isSafeInteger(value) ? value : fallback;
}

export function pageOf(request: MockRequest, defaultLimit: number): Page {
  return {
    limit: Math.max(1, integerParameter(request, 'page[limit]', defaultLimit)),
    offset: integerParameter(request, 'page[offset]', 0),
  };
}

/**
 * `links` and `meta` as Elastic Path lists carry them. Links point at the mock itself and keep
 * the other query parameters (e.g. `filter`); `request.path` is already URL-encoded; the bracketed names are written as in the vendor's
 * examples (`?page[offset]=0&page[limit]=25`).
 */
export function pageEnvelope(app: VendorApp, request: MockRequest, page: Page, total: number, keep: Record<string, string> = {}): { links: PageLinks; meta: ListMeta } {
  const origin = new URL(app.baseUrl()).origin;
  const kept = Object.entries(keep).map(([name, value]) => `${name}=${encodeURI(value)}&`).join('');
  const link = (offset: number) => `${origin}${request.path}?${kept}page[offset]=${offset}&page[limit]=${page.limit}`;
  const pages = Math.ceil(total / page.limit);
  const lastOffset = (pages - 1) * page.limit;
  return {
    links: {
      current: link(page.offset),
      first: link(0),
      last: pages > 0 ? link(lastOffset) : null,
      next: page.offset + page.limit < total ? link(page.offset + page.limit) : null,
      prev: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    },
    meta: {
      page: { limit: page.limit, offset: page.offset, current: Math.floor(page.offset / page.limit) + 1, total: pages },
      results: { total },
    },
  };
}
