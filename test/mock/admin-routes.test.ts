import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminIndex, intParam, type AdminRoute } from '../../src/mock/admin-routes.js';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { loadPlugins } from '../../src/vendors/index.js';

const limit = (search: string) => intParam(new URLSearchParams(search), 'limit', { fallback: 50, min: 1, max: 200 });

describe('intParam (limit and offset of the admin endpoints)', () => {
  it('takes the fallback when the parameter is absent, zero or not a number', () => {
    expect([limit(''), limit('limit='), limit('limit=0'), limit('limit=abc'), limit('limit=NaN')]).toEqual([50, 50, 50, 50, 50]);
  });

  it('rounds down and keeps within its bounds', () => {
    expect([limit('limit=2.9'), limit('limit=-3'), limit('limit=1e9'), limit('limit=Infinity'), limit('limit=7')]).toEqual([2, 1, 200, 200, 7]);
  });
});

describe('adminIndex (GET /__mock/)', () => {
  const answer = () => ({ status: 200 });
  it('lists the routes that describe themselves, in order: a line per use, one line for methods that say the same', () => {
    const routes: AdminRoute[] = [
      { method: 'GET', path: '/__mock', description: 'the index', answer },
      { method: 'GET', path: '/__mock/things', description: [{ text: 'all things' }, { query: '?kind=K', text: 'things of one kind' }], answer },
      { method: 'POST', path: /^\/__mock\/([a-z]+)\/things$/, template: '/__mock/{vendor}/things', description: 'add a thing', answer },
      { method: 'GET', path: '/__mock/ui/api/private', answer },
      { method: 'GET', path: '/__mock/knob', description: 'read or set the knob', answer },
      { method: 'POST', path: '/__mock/knob', description: 'read or set the knob', answer },
      { method: 'GET', path: '/__mock/dial', description: 'read the dial', answer },
      { method: 'POST', path: '/__mock/dial', description: 'turn the dial', answer },
    ];
    expect(Object.entries(adminIndex(routes))).toEqual([
      ['GET /__mock/', 'the index'],
      ['GET /__mock/things', 'all things'],
      ['GET /__mock/things?kind=K', 'things of one kind'],
      ['POST /__mock/{vendor}/things', 'add a thing'],
      ['GET|POST /__mock/knob', 'read or set the knob'],
      ['GET /__mock/dial', 'read the dial'],
      ['POST /__mock/dial', 'turn the dial'],
    ]);
  });
});

describe('the admin index of a running mock', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ plugins: await loadPlugins(['bigcommerce']), port: 0 });
  });
  afterAll(() => server.close());

  it('names only endpoints that answer (neither 404 nor 405), and the same list with a 404', async () => {
    const { endpoints } = (await (await fetch(`${server.url}/__mock/`)).json()) as { endpoints: Record<string, string> };
    expect(Object.keys(endpoints).length).toBeGreaterThan(10);
    for (const line of Object.keys(endpoints)) {
      const [methods, usage] = line.split(' ') as [string, string];
      for (const method of methods.split('|')) {
        const controller = new AbortController();
        const response = await fetch(`${server.url}${usage.replace('{vendor}', 'bigcommerce')}`, {
          method,
          signal: controller.signal,
          ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
        });
        controller.abort(); // the event stream never ends by itself
        expect([404, 405], `${method} ${usage}`).not.toContain(response.status);
      }
    }
    const missing = (await (await fetch(`${server.url}/__mock/no-such-endpoint`)).json()) as { endpoints: Record<string, string> };
    expect(missing.endpoints).toEqual(endpoints);
  });
});
