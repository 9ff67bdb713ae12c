/**
 * Elastic Path job ids come from the mock's random source, which --seed makes repeatable. Two
 * instances sharing a store with the same seed draw the same ids: a job created through one must
 * not be overwritten by the other's, and the one-job rule must still hold.
 */
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../../src/mock/server.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { elasticpathPlugin } from '../../src/vendors/elasticpath/plugin.js';

const PROMOTION = '8c150382-b258-4c88-a2d4-b9ea0be74a07';
const OTHER = '5e0b7c1d-3a2f-4e6b-9c8d-7f1a2b3c4d5e';

describe('Elastic Path jobs of same-seed instances on one store', () => {
  it('get distinct ids; the one-job rule holds and no job overwrites another', async () => {
    const store = createMemoryStore();
    const options = { plugins: [elasticpathPlugin], store, port: 0, seed: 'same', settings: { jobDurationMs: 60_000 } };
    const a = await startMockServer(options);
    const b = await startMockServer(options);
    const create = async (origin: string, promotion: string) => {
      const response = await fetch(`${origin}/v2/rule-promotions/${promotion}/jobs`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ data: { type: 'promotion_job', job_type: 'code_generate', parameters: { number_of_codes: 5 }, name: origin } }),
        signal: AbortSignal.timeout(10_000),
      });
      return { status: response.status, body: (await response.json()) as { data: { id: string; name: string } } };
    };
    const jobs = async (origin: string, promotion: string) => {
      const response = await fetch(`${origin}/v2/rule-promotions/${promotion}/jobs`, { headers: { authorization: 'Bearer t' } });
      return ((await response.json()) as { data: Array<{ id: string; name: string }> }).data;
    };
    try {
      const first = await create(a.url, PROMOTION);
      expect(first.status).toBe(201);
      // B's random source is where A's was: it draws the id of A's job.
      expect((await create(b.url, PROMOTION)).status).toBe(400);
      expect(await jobs(b.url, PROMOTION)).toEqual([expect.objectContaining({ id: first.body.data.id, name: a.url })]);

      // On another promotion B's job is created, under an id of its own.
      const other = await create(b.url, OTHER);
      expect(other.status).toBe(201);
      expect(other.body.data.id).not.toBe(first.body.data.id);
      expect(await jobs(a.url, PROMOTION)).toEqual([expect.objectContaining({ id: first.body.data.id, name: a.url })]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
