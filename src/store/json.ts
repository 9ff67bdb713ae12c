/**
 * JSON with object keys sorted, so that two documents that are equal as JSON give the same
 * string whatever order their keys were written in. `replaceDoc` compares these strings; the
 * SQLite and Redis backends store them, so the comparison can happen inside the database.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // Let Date and friends become what JSON.stringify makes of them before sorting.
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return sortKeys((toJSON as () => unknown).call(value));
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
