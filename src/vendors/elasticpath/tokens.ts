import { READ_ONLY_TOKEN_PREFIX } from '../../mock/auth.js';
import type { MockRequest, MockResponse, VendorApp } from '../../mock/types.js';
import { isObject } from '../../openapi/load.js';
import { rulesOf } from './facts.js';

/** The token request's fields: form data (what the vendor documents) or the same fields as JSON. */
function fieldsOf(body: unknown): Record<string, string> {
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  if (!isObject(body)) return {};
  return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * POST /oauth/access_token: a token the mock accepts. The mock knows no application keys, so any
 * client id and secret will do; what the spec's x-rules say is checked (a secret for the grants
 * that need one). Tokens of a read-only grant carry the prefix by which the mock's auth grants
 * only the read scopes.
 */
export async function createAccessToken(app: VendorApp, request: MockRequest): Promise<MockResponse> {
  const { tokens, problems } = rulesOf(app.spec);
  const fields = fieldsOf(request.body);
  const grant = fields.grant_type ?? '';
  if (tokens.secretRequiredFor.includes(grant) && !fields.client_secret) {
    return app.error(problems.secretRequired.status, { ...problems.secretRequired, field: 'client_secret', location: 'body', rule: 'required' });
  }
  const readOnly = tokens.readOnlyGrants.includes(grant);
  const token = `${readOnly ? READ_ONLY_TOKEN_PREFIX : ''}${app.random.string(tokens.alphabet, tokens.length)}`;
  const now = Math.floor(app.now().getTime() / 1000);
  return {
    status: 200,
    body: { expires: now + tokens.expiresInSeconds, identifier: grant, expires_in: tokens.expiresInSeconds, access_token: token, token_type: tokens.tokenType },
  };
}
