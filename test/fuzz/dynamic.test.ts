import { describe, expect, it } from 'vitest';
import { KnownValues } from '../../src/fuzz/known-values.js';
import { createOracle } from '../../src/fuzz/oracle.js';
import { fuzzRandom } from '../../src/fuzz/random.js';
import { createRequestGenerator } from '../../src/fuzz/requests.js';
import { describeRequest } from '../../src/fuzz/send.js';
import { loadSpec, VENDORS } from '../../src/openapi/load.js';
import { createSpecValidator } from '../../src/openapi/validator.js';
import { useMockTarget } from './mock-target.js';

const TIMES = 5;
const credentials = { write: 'dynamic-write-token' };

/** `Prefer: dynamic=true` asks Prism to make a body up from the schema: it must still be one the schema accepts. */
describe('Prefer: dynamic=true answers bodies that validate against the spec', () => {
  const target = useMockTarget('dynamic', 4);

  for (const vendor of VENDORS) {
    const spec = loadSpec(vendor);
    const oracle = createOracle(spec, createSpecValidator(spec));
    for (const operation of spec.operations) {
      const statuses = Object.values(operation.responses).filter((r) => r.schemaPointer).map((r) => r.status);
      it(`${vendor} ${operation.id}: ${TIMES} dynamic bodies for each of ${statuses.join(', ')}`, { timeout: 120_000 }, async () => {
        const known = new KnownValues();
        known.owners.push(...(target.owners[vendor] ?? []));
        const generator = createRequestGenerator(spec, { random: fuzzRandom(`dynamic-${operation.id}`), credentials, known });
        const problems: string[] = [];
        for (const status of statuses) {
          let judged = 0;
          for (let i = 0; i < TIMES; i++) {
            const request = generator.valid(operation.id);
            request.headers.push(['Prefer', `code=${status}, dynamic=true`]);
            const outcome = await target.sender.send(request);
            const shown = () => describeRequest(request, [credentials.write]);
            if (outcome.kind !== 'answered') {
              problems.push(`${outcome.kind}\n${shown()}`);
              continue;
            }
            const { response } = outcome;
            if (String(response.status) !== status) {
              // The request itself was refused (a made-up value the schema did not like): not a dynamic body.
              if (response.status >= 400 && response.status < 500) continue;
              problems.push(`asked for ${status}, got ${response.status}: ${response.text.slice(0, 200)}\n${shown()}`);
              continue;
            }
            judged++;
            for (const finding of oracle.judge(request, response)) problems.push(`${finding.message}\n${shown()}`);
          }
          if (judged === 0) problems.push(`${status}: all ${TIMES} requests were refused, no dynamic body was judged`);
        }
        expect(problems, problems.join('\n\n')).toEqual([]);
      });
    }
  }
});
