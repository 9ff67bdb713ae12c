import { afterAll, beforeAll } from 'vitest';
import { mockOwners } from '../../src/fuzz/run.js';
import { createSender, type Sender } from '../../src/fuzz/send.js';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { VENDORS } from '../../src/openapi/load.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { loadPlugins } from '../../src/vendors/index.js';

export interface MockTarget {
  server: MockServer;
  sender: Sender;
  owners: Awaited<ReturnType<typeof mockOwners>>;
}

/**
 * The real mock of all three vendors on a real port, a fuzz sender aimed at it and its seeded
 * owners, for the describe block that calls this; read the fields inside tests, after beforeAll.
 */
export function useMockTarget(seed: string, connections: number): MockTarget {
  const target = {} as MockTarget;
  beforeAll(async () => {
    target.server = await startMockServer({ plugins: await loadPlugins(VENDORS), store: createMemoryStore(), port: 0, host: '127.0.0.1', seed });
    target.sender = createSender(target.server.url, { timeoutMs: 10_000, connections });
    target.owners = await mockOwners(target.server.url);
  });
  afterAll(async () => {
    target.sender?.close();
    await target.server?.close();
  });
  return target;
}
