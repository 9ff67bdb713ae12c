import type { CodeData, NewCode } from './types.js';

/** Sequence numbers are allocated per vendor: the text of the scope before its first `:`. */
export function vendorOfScope(scope: string): string {
  const colon = scope.indexOf(':');
  return colon === -1 ? scope : scope.slice(0, colon);
}

export function keyOf(code: NewCode): string {
  return code.key ?? code.code;
}

export interface InsertPlan {
  /** Codes to write, in batch order, with their keys resolved and their position in the batch. */
  accepted: { code: NewCode; key: string; index: number }[];
  /** Conflicting keys, each once, in the order first met. */
  conflicts: string[];
}

/**
 * Decides which codes of a batch can be written: a key taken in the scope, or met earlier in
 * the batch, is a conflict (the first occurrence in the batch wins). Shared by the backends
 * that can ask "is this key taken?" synchronously inside their transaction; the Redis backend
 * does the same in its Lua script.
 */
export function planInsert(
  codes: readonly NewCode[],
  isTaken: (key: string, index: number) => boolean,
): InsertPlan {
  const seen = new Set<string>();
  const conflictSet = new Set<string>();
  const accepted: InsertPlan['accepted'] = [];
  codes.forEach((code, index) => {
    const key = keyOf(code);
    if (seen.has(key) || isTaken(key, index)) {
      conflictSet.add(key);
      return;
    }
    seen.add(key);
    accepted.push({ code, key, index });
  });
  return { accepted, conflicts: [...conflictSet] };
}

/**
 * A JSON.parse for code data that returns the same object for the same text, so the codes of
 * one batch, stored with one data JSON each, come back sharing one data object (as in memory).
 * Use one per call: the objects are shared only within that call's result.
 */
export function codeDataParser(): (json: string) => CodeData {
  const parsed = new Map<string, CodeData>();
  return (json) => {
    let data = parsed.get(json);
    if (!data) parsed.set(json, (data = JSON.parse(json) as CodeData));
    return data;
  };
}

/** The reverse: JSON text of each distinct data object of a batch, computed once per object. */
export function codeDataSerializer(): (data: CodeData) => string {
  const texts = new Map<CodeData, string>();
  return (data) => {
    let text = texts.get(data);
    if (text === undefined) texts.set(data, (text = JSON.stringify(data)));
    return text;
  };
}
