import { describe, expect, it } from 'vitest';
import { KnownValues } from '../../src/fuzz/known-values.js';
import { fuzzRandom } from '../../src/fuzz/random.js';
import { createRequestGenerator } from '../../src/fuzz/requests.js';
import { loadSpec, VENDORS } from '../../src/openapi/load.js';
import { useMockTarget } from './mock-target.js';

/** Issue 9 item 6: a body on an operation that takes none was a 415 no spec documents; servers ignore it. */
describe('a body sent to an operation that takes none is ignored', () => {
  const target = useMockTarget('ignored-body', 2);

  for (const vendor of VENDORS) {
    const spec = loadSpec(vendor);
    for (const operation of spec.operations.filter((o) => !o.requestBody && o.method === 'get')) {
      it(`${vendor} ${operation.id}: the same status with and without a JSON body`, async () => {
        const known = new KnownValues();
        known.owners.push(...(target.owners[vendor] ?? []));
        const build = () => createRequestGenerator(spec, { random: fuzzRandom(`ignored-${operation.id}`), credentials: { write: 'ignored-body-token' }, known }).valid(operation.id);
        const plain = await target.sender.send(build());
        const withBody = build();
        withBody.headers.push(['Content-Type', 'application/json']);
        withBody.body = Buffer.from('{"data":{"type":"anything"}}');
        const answered = await target.sender.send(withBody);
        expect(plain.kind).toBe('answered');
        expect(answered.kind === 'answered' ? answered.response.status : answered.kind).toBe(plain.kind === 'answered' ? plain.response.status : plain.kind);
        expect(answered.kind === 'answered' ? answered.response.status : 0).not.toBe(415);
      });
    }
  }
});
