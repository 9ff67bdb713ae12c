import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownValues } from '../../src/fuzz/known-values.js';
import { fuzzRandom } from '../../src/fuzz/random.js';
import { createRequestGenerator } from '../../src/fuzz/requests.js';
import { mockOwners } from '../../src/fuzz/run.js';
import { createSender, type Sender } from '../../src/fuzz/send.js';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { loadSpec, VENDORS } from '../../src/spec/load.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { loadPlugins } from '../../src/vendors/index.js';

/** Issue 9 item 6: a body on an operation that takes none was a 415 no spec documents; servers ignore it. */
describe('a body sent to an operation that takes none is ignored', () => {
  let server: MockServer;
  let sender: Sender;
  let owners: Awaited<ReturnType<typeof mockOwners>>;
  beforeAll(async () => {
    server = await startMockServer({ plugins: await loadPlugins(VENDORS), store: createMemoryStore(), port: 0, host: '127.0.0.1', seed: 'ignored-body' });
    sender = createSender(server.url, { timeoutMs: 10_000, connections: 2 });
    owners = await mockOwners(server.url);
  });
  afterAll(async () => {
    sender.close();
    await server.close();
  });

  for (const vendor of VENDORS) {
    const spec = loadSpec(vendor);
    for (const operation of spec.operations.filter((o) => !o.requestBody && o.method === 'get')) {
      it(`${vendor} ${operation.id}: the same status with and without a JSON body`, async () => {
        const known = new KnownValues();
        known.owners.push(...(owners[vendor] ?? []));
        const build = () => createRequestGenerator(spec, { random: fuzzRandom(`ignored-${operation.id}`), credentials: { write: 'ignored-body-token' }, known }).valid(operation.id);
        const plain = await sender.send(build());
        const withBody = build();
        withBody.headers.push(['Content-Type', 'application/json']);
        withBody.body = Buffer.from('{"data":{"type":"anything"}}');
        const answered = await sender.send(withBody);
        expect(plain.kind).toBe('answered');
        expect(answered.kind === 'answered' ? answered.response.status : answered.kind).toBe(plain.kind === 'answered' ? plain.response.status : plain.kind);
        expect(answered.kind === 'answered' ? answered.response.status : 0).not.toBe(415);
      });
    }
  }
});
