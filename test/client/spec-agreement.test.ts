import type { Client } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import {
  AUTH_SCHEMES,
  createBigCommerceClient,
  createElasticPathClient,
  createShoplazzaClient,
  ELASTIC_PATH_REGIONS,
  type ElasticPathRegion,
} from '../../src/client/index.js';
import { serverDelayMs } from '../../src/client/retry.js';
import { isObject, loadSpec, parseSpecFile, specPath, VENDORS, type VendorName } from '../../src/openapi/load.js';

// The clients hard-code what they need from the specs (they must not read YAML in a browser);
// these tests are what keeps the copies honest.

const SPECS = Object.fromEntries(VENDORS.map((vendor) => [vendor, parseSpecFile(specPath(vendor))])) as Record<VendorName, ReturnType<typeof parseSpecFile>>;

describe('AUTH_SCHEMES is what the specs’ security schemes say', () => {
  it.each(VENDORS)('%s', (vendor) => {
    const schemes = SPECS[vendor].components?.securitySchemes;
    expect(isObject(schemes)).toBe(true);
    const headers = Object.values(schemes as Record<string, Record<string, unknown>>).map((scheme) => {
      if (scheme.type === 'apiKey' && scheme.in === 'header') return { header: scheme.name, prefix: '' };
      if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') return { header: 'Authorization', prefix: 'Bearer ' };
      throw new Error(`${vendor}: a security scheme the clients do not send: ${JSON.stringify(scheme)}`);
    });
    expect(headers).toEqual([AUTH_SCHEMES[vendor]]);
  });
});

describe('the default base URLs are the specs’ servers[0].url', () => {
  /** The URL a client sends GET /x to, caught before it leaves. */
  async function urlOf(create: (fetch: (request: Request) => Promise<Response>) => Client<never>): Promise<string> {
    let url = '';
    const client = create(async (request) => {
      url = request.url;
      return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as unknown as Client<{ '/x': { get: { responses: {} } } }>;
    await client.GET('/x');
    return url.replace(/\/x$/, '');
  }

  function server(vendor: VendorName, variables: Record<string, string>): string {
    const [first] = SPECS[vendor].servers ?? [];
    if (!first) throw new Error(`${vendor}: no servers`);
    return first.url.replace(/\{([^}]+)\}/g, (_, name: string) => variables[name] ?? first.variables?.[name]?.default ?? `{${name}}`);
  }

  it('bigcommerce', async () => {
    const url = await urlOf((fetch) => createBigCommerceClient({ storeHash: 'abc123', token: 't', fetch }) as never);
    expect(url).toBe(server('bigcommerce', { store_hash: 'abc123' }));
  });

  it('shoplazza', async () => {
    const url = await urlOf((fetch) => createShoplazzaClient({ subdomain: 'my-shop', token: 't', fetch }) as never);
    expect(url).toBe(server('shoplazza', { subdomain: 'my-shop' }));
  });

  it('elasticpath, every region, and the default region', async () => {
    const region = SPECS.elasticpath.servers?.[0]?.variables?.region;
    expect(region?.enum).toEqual([...ELASTIC_PATH_REGIONS]);
    for (const name of ELASTIC_PATH_REGIONS) {
      const url = await urlOf((fetch) => createElasticPathClient({ region: name as ElasticPathRegion, token: 't', fetch }) as never);
      expect(url).toBe(server('elasticpath', { region: name }));
    }
    expect(await urlOf((fetch) => createElasticPathClient({ token: 't', fetch }) as never)).toBe(server('elasticpath', {}));
  });
});

describe('the 429 retry reads the wait every spec documents on its 429s', () => {
  it.each(VENDORS)('%s', (vendor) => {
    for (const operation of loadSpec(vendor).operations) {
      const headers = operation.responses['429']?.headers ?? {};
      if (Object.keys(headers).length === 0) continue;
      // Which of the documented headers the retry takes its wait from, one at a time.
      const understood = Object.entries(headers).filter(([name, header]) => {
        const delay = serverDelayMs(new Headers({ [name]: '7' }));
        if (delay === undefined) return false;
        // The unit is the one the spec's description names.
        const description = String(header.description ?? '');
        expect(delay, `${vendor} ${operation.id} 429 ${name}: ${description}`).toBe(/millisecond/i.test(description) ? 7 : /second/i.test(description) ? 7000 : NaN);
        return true;
      });
      expect(understood.length, `${vendor} ${operation.id}: the retry reads none of the 429's headers ${Object.keys(headers).join(', ')}`).toBeGreaterThan(0);
    }
  });
});
