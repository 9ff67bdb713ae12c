import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferedLines } from '../../src/cli/io.js';

/** A stream that records each write(2) it would make: one entry per write call. */
function recordingStream(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  });
  return { stream, writes };
}

describe('bufferedLines (the mock request log)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes a burst of lines as one write, in order, flushMs after the first', () => {
    vi.useFakeTimers();
    const { stream, writes } = recordingStream();
    const lines = bufferedLines(stream, 50);
    lines.write('POST /a 201 0.5ms');
    lines.write('POST /b 201 0.4ms');
    vi.advanceTimersByTime(49);
    expect(writes).toEqual([]);
    lines.write('GET /c 200 0.3ms');
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(['POST /a 201 0.5ms\nPOST /b 201 0.4ms\nGET /c 200 0.3ms\n']);
    lines.write('GET /d 404 0.2ms');
    vi.advanceTimersByTime(50);
    expect(writes).toEqual(['POST /a 201 0.5ms\nPOST /b 201 0.4ms\nGET /c 200 0.3ms\n', 'GET /d 404 0.2ms\n']);
  });

  it('writes at once when maxBytes are held, and flush leaves nothing behind', () => {
    vi.useFakeTimers();
    const { stream, writes } = recordingStream();
    const lines = bufferedLines(stream, 50, 20);
    lines.write('0123456789');
    expect(writes).toEqual([]);
    lines.write('abcdefghij');
    expect(writes).toEqual(['0123456789\nabcdefghij\n']);
    lines.write('last');
    lines.flush();
    expect(writes).toEqual(['0123456789\nabcdefghij\n', 'last\n']);
    vi.advanceTimersByTime(100);
    expect(writes).toHaveLength(2);
  });
});
