/** Header names that carry credentials for any of the vendors, lower-case. */
export const CREDENTIAL_HEADERS = new Set(['authorization', 'x-auth-token', 'access-token', 'cookie', 'proxy-authorization']);

export const REDACTED = '[redacted]';

/** A copy of `headers` safe to log or report: credential values replaced, names kept. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    safe[name] = CREDENTIAL_HEADERS.has(name.toLowerCase()) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return safe;
}

/** Replaces every occurrence of the given secrets in a text (e.g. an error message echoing a header). */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/** Body fields that carry credentials: an OAuth token request's secret, a token answer's tokens. */
export const CREDENTIAL_FIELDS = new Set(['client_secret', 'access_token', 'refresh_token', 'password']);

/**
 * A copy of a request or response body safe to log: the values of credential fields replaced, in
 * objects (at any depth) and in form data (`grant_type=...&client_secret=...`).
 */
export function redactBody(body: unknown): unknown {
  if (typeof body === 'string') {
    if (!body.includes('=')) return body;
    const form = new URLSearchParams(body);
    const hits = [...CREDENTIAL_FIELDS].filter((field) => form.has(field));
    for (const field of hits) form.set(field, REDACTED);
    return hits.length > 0 ? form.toString() : body;
  }
  if (Array.isArray(body)) return body.map(redactBody);
  if (body !== null && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([name, value]) => [name, CREDENTIAL_FIELDS.has(name.toLowerCase()) ? REDACTED : redactBody(value)]));
  }
  return body;
}
