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
