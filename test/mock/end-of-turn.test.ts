import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { endAtTurnEnd } from '../../src/mock/end-of-turn.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function fakeResponse(name: string, ended: string[], fail = false): ServerResponse {
  return {
    end(payload?: string) {
      if (fail) throw new Error('socket gone');
      ended.push(`${name}:${payload ?? ''}`);
    },
  } as unknown as ServerResponse;
}

describe('endAtTurnEnd', () => {
  it('ends the answers of one turn together once the turn has run, in the order they were given', async () => {
    const ended: string[] = [];
    endAtTurnEnd(fakeResponse('a', ended), '{"a":1}');
    await Promise.resolve(); // other requests of the same turn still run their stages
    endAtTurnEnd(fakeResponse('b', ended), undefined);
    expect(ended).toEqual([]);
    await nextTurn();
    expect(ended).toEqual(['a:{"a":1}', 'b:']);
  });

  it('an answer that fails to end does not keep the others of its turn from going out', async () => {
    const ended: string[] = [];
    endAtTurnEnd(fakeResponse('a', ended), '1');
    endAtTurnEnd(fakeResponse('broken', ended, true), '2');
    endAtTurnEnd(fakeResponse('c', ended), '3');
    await nextTurn();
    expect(ended).toEqual(['a:1', 'c:3']);
  });

  it('each turn ends its own answers', async () => {
    const ended: string[] = [];
    endAtTurnEnd(fakeResponse('first', ended), '1');
    await nextTurn();
    expect(ended).toEqual(['first:1']);
    endAtTurnEnd(fakeResponse('second', ended), '2');
    await nextTurn();
    expect(ended).toEqual(['first:1', 'second:2']);
  });
});
