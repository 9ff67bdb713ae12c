/**
 * The media type of a `Content-Type` or `Accept` part, lower case without parameters, or undefined
 * when it cannot be parsed. Parameters never make it unparseable. Follows the WHATWG MIME
 * Sniffing Standard's parser, the one Prism's validator uses (whatwg-mimetype), so the mock and
 * Prism agree on what is a media type.
 */
export function mediaTypeOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const text = header.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  const slash = text.indexOf('/');
  if (slash <= 0) return undefined;
  const type = text.slice(0, slash);
  const semicolon = text.indexOf(';', slash);
  const subtype = text.slice(slash + 1, semicolon === -1 ? undefined : semicolon).replace(/[\t\n\r ]+$/, '');
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  return `${type}/${subtype}`.toLowerCase();
}

/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function isJsonMediaType(mediaType: string | undefined): boolean {
  return mediaType === 'application/json' || (mediaType?.endsWith('+json') ?? false);
}
