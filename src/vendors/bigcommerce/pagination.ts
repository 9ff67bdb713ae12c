/**
 * Cursors as the vendor writes them: base64url of `{"id":"<id>"}` (`eyJpZCI6IjEifQ` is
 * `{"id":"1"}`). The id is the code's sequence number, which only grows, so a cursor stays
 * valid when codes around it are deleted.
 */
export function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ id: String(seq) })).toString('base64url');
}

/** The sequence number in a cursor, or undefined if it is not one this API issued. */
export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(cursor) && !/^[A-Za-z0-9+/]+={0,2}$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const id = typeof parsed === 'object' && parsed !== null ? (parsed as { id?: unknown }).id : undefined;
  if (typeof id !== 'string' || !/^\d+$/.test(id)) return undefined;
  const seq = Number(id);
  return Number.isSafeInteger(seq) ? seq : undefined;
}

/** `?a=1&b=2` with values encoded; undefined values left out. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`);
  return `?${parts.join('&')}`;
}
