import type { ServerResponse } from 'node:http';

/**
 * Answers are ended together, once the event loop has run every request that arrived in this
 * turn (Netty's flush consolidation). Each write wakes the client when it sleeps waiting for
 * its answer, and on a virtual machine that wake-up (an interrupt to the client's core) cost
 * more than the write: a third of a create's server CPU under load. Written back to back, the
 * first answer wakes the client and the rest find it awake. The wait is one turn: nothing
 * else runs before the answers go out.
 */
const waiting: Array<{ res: ServerResponse; payload: string | undefined }> = [];

/** Ends the answer (its head already written) at the end of this turn of the event loop. */
export function endAtTurnEnd(res: ServerResponse, payload: string | undefined): void {
  if (waiting.length === 0) setImmediate(endWaiting);
  waiting.push({ res, payload });
}

function endWaiting(): void {
  for (const { res, payload } of waiting.splice(0)) {
    try {
      res.end(payload);
    } catch {
      // A connection that broke meanwhile fails alone; Node reports it on the response.
    }
  }
}
