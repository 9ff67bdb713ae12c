import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressLine, progressReporter, progressText, type ProgressEvent } from '../../src/contracts/progress.js';

/** A terminal 60 columns wide that keeps what is written to it. */
function terminal(): { stream: NodeJS.WriteStream; written: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  Object.assign(stream, { isTTY: true, columns: 60 });
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => written };
}

const event = (vendor: string, check: string, requests: number): ProgressEvent => ({ vendor, check, requests });

describe('progress on a terminal', () => {
  it('one line: each vendor with its current check and requests so far, cut to the width', () => {
    const latest = new Map([
      ['shoplazza', event('shoplazza', 'batch_exact', 12)],
      ['elasticpath', event('elasticpath', 'job_cancel', 40)],
    ]);
    expect(progressText(latest, 80)).toBe('shoplazza batch_exact 12 req · elasticpath job_cancel 40 req');
    const cut = progressText(latest, 30);
    expect(cut).toHaveLength(29);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('workers report over the local socket; the line is rewritten in place, and other output passes above it', async () => {
    const { stream, written } = terminal();
    const line = new ProgressLine(stream);
    const channel = await line.listen();
    const worker = progressReporter(channel.path);
    worker.report(event('bigcommerce', 'codegen_batch', 3));
    worker.report(event('bigcommerce', 'codegen_batch', 9));
    await expect.poll(() => written()).toContain('\r\x1b[2Kbigcommerce codegen_batch 9 req');

    const before = written().length;
    const vitestOutput = line.wrap();
    await new Promise<void>((resolve) => vitestOutput.write('✓ contracts/bigcommerce/bigcommerce.contract.ts\n', () => resolve()));
    // Cleared, the other line written whole, the progress line drawn again below it.
    expect(written().slice(before)).toBe('\r\x1b[2K✓ contracts/bigcommerce/bigcommerce.contract.ts\n\r\x1b[2Kbigcommerce codegen_batch 9 req');

    worker.close();
    await channel.close();
    expect(written().endsWith('\r\x1b[2K')).toBe(true);
  });

  it('without a socket (not a terminal) a worker reports nothing and nothing breaks', () => {
    const worker = progressReporter(undefined);
    expect(() => worker.report(event('shoplazza', 'auth', 1))).not.toThrow();
    worker.close();
  });
});
