/**
 * The token endpoint's rules (createAccessToken x-rules): what a token looks like, which grants
 * need a secret, and which grants' tokens may only read. Checked where the run can ask for
 * tokens: our mock (it accepts any application key); elsewhere the run is given tokens, not keys.
 */
import { responsesRule, successStatuses, type Check, type CheckContext, type Exchange } from '../../src/contracts/index.js';
import { CODES_TYPE } from '../../src/vendors/elasticpath/facts.js';
import { bodyOf, contract, documentedErrorProblem, expectAnswer, rule, violation, withWorkspace } from './api.js';

interface TokenAnswer {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
}

function requestToken(ctx: CheckContext, body: Record<string, string>, note: string): Promise<Exchange> {
  return ctx.call(contract(ctx).createToken, { params: {}, body }, { token: 'none', note });
}

export const accessToken: Check = {
  name: 'access_token',
  description:
    'a token answer carries the documented token_type and expires_in, a token of tokenLength characters of tokenAlphabet; a grant of secretRequiredFor without client_secret is the documented 400; a token of a readOnlyGrants grant reads and may not write',
  mutates: true,
  scope: 'vendor',
  async run(ctx) {
    const c = contract(ctx);
    const op = c.createToken;
    const t = c.tokens;
    const base = (await ctx.prepare(op)).body as Record<string, string>;
    const at = (key: string) => `${op.pointer}/x-rules/${key}`;

    // A grant that needs a secret, with one: a token for reads and writes, in the documented form.
    const withSecret = t.secretRequiredFor.value[0] as string;
    const full = await requestToken(ctx, { ...base, grant_type: withSecret }, `access_token: a ${withSecret} token`);
    expectAnswer(full, successStatuses(op), responsesRule(ctx.spec, op), `asking for a ${withSecret} token`);
    const answer = bodyOf(full) as TokenAnswer;
    if (answer.token_type !== t.tokenType.value) {
      throw violation({ summary: `token_type is ${JSON.stringify(answer.token_type)}, expected ${JSON.stringify(t.tokenType.value)}`, rule: rule(ctx, at('tokenType'), `tokenType: ${t.tokenType.value}`), exchange: full });
    }
    if (answer.expires_in !== t.expiresInSeconds.value) {
      throw violation({ summary: `expires_in is ${JSON.stringify(answer.expires_in)}, expected ${t.expiresInSeconds.value}`, rule: rule(ctx, at('expiresInSeconds'), `expiresInSeconds: ${t.expiresInSeconds.value}`), exchange: full });
    }
    const token = typeof answer.access_token === 'string' ? answer.access_token : '';
    const foreign = [...new Set([...token].filter((ch) => !t.alphabet.value.includes(ch)))];
    if (token.length !== t.length.value || foreign.length > 0) {
      throw violation({
        summary: `the ${withSecret} access_token has ${token.length} characters${foreign.length > 0 ? `, ${foreign.length} of them outside the alphabet` : ''}; expected ${t.length.value} of ${JSON.stringify(t.alphabet.value)}`,
        rule: rule(ctx, token.length !== t.length.value ? at('tokenLength') : at('tokenAlphabet'), `tokenLength: ${t.length.value}, tokenAlphabet: ${t.alphabet.value}`),
        exchange: full,
      });
    }

    // Without the secret: the documented refusal.
    const { client_secret: _secret, ...withoutSecret } = base;
    const refused = await requestToken(ctx, { ...withoutSecret, grant_type: withSecret }, `access_token: ${withSecret} without client_secret`);
    const problem = documentedErrorProblem(refused, c.problems.secretRequired);
    if (problem) {
      throw violation({ summary: `a ${withSecret} request without client_secret: ${problem}`, rule: rule(ctx, at('secretRequiredFor'), `secretRequiredFor: ${t.secretRequiredFor.value.join(', ')}: without client_secret, ${c.problems.secretRequired.status} "${c.problems.secretRequired.title}"`), exchange: refused });
    }

    // A read-only grant: its token reads, and a write with it is refused (403).
    const promotion = ctx.requireOwner();
    for (const grant of t.readOnlyGrants.value) {
      const issued = await requestToken(ctx, { ...withoutSecret, grant_type: grant }, `access_token: a ${grant} token`);
      expectAnswer(issued, successStatuses(op), responsesRule(ctx.spec, op), `asking for a ${grant} token`);
      const readOnly = (bodyOf(issued) as TokenAnswer).access_token;
      if (typeof readOnly !== 'string') throw violation({ summary: `the ${grant} answer has no access_token`, rule: responsesRule(ctx.spec, op), exchange: issued });
      const readOnlyRule = rule(ctx, at('readOnlyGrants'), `readOnlyGrants: ${t.readOnlyGrants.value.join(', ')}: their tokens read and may not write (403)`);
      const read = await ctx.call(c.listCodes, { params: { promotionID: promotion }, query: { 'page[limit]': 1 } }, { token: readOnly, note: `access_token: a read with the ${grant} token` });
      expectAnswer(read, successStatuses(c.listCodes), readOnlyRule, `listing codes with the ${grant} token`);
      await withWorkspace(ctx, async (ws) => {
        const code = `${ctx.unique()}x`;
        const write = await ctx.call(c.createCodes, { params: { promotionID: promotion }, body: { data: { type: CODES_TYPE, codes: [{ code }] } } }, { token: readOnly, note: `access_token: a write with the ${grant} token` });
        if (write.response && write.response.status < 300) ws.code(promotion, code);
        expectAnswer(write, 403, readOnlyRule, `creating a code with the ${grant} token`);
      });
    }
  },
};
