import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { pointerSegments } from '../openapi/load.js';

/**
 * The 1-based line of the node at `pointer` in YAML (or JSON) text, or of its deepest ancestor
 * that exists, so that an annotation about something removed lands on the parent that lost it.
 */
export function lineOfPointer(text: string, pointer: string): number | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false });
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of pointerSegments(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
