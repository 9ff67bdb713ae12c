/**
 * Progress on a terminal: one line, rewritten in place, with each vendor's current check and the
 * requests it has sent so far. The vendor suites run in vitest's workers; each sends a small JSON
 * line over a local socket whose path verify provides (`contractProgress`). Nothing of this exists
 * when the output is not a terminal.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

export interface ProgressEvent {
  vendor: string;
  check: string;
  requests: number;
}

/** What the line says: `bigcommerce codegen_batch 120 req · elasticpath job_cancel 40 req`, cut to the width. */
export function progressText(latest: ReadonlyMap<string, ProgressEvent>, columns: number): string {
  const text = [...latest.values()].map((e) => `${e.vendor} ${e.check} ${e.requests} req`).join(' · ');
  return text.length <= columns - 1 ? text : `${text.slice(0, Math.max(0, columns - 2))}…`;
}

/** A terminal line that other output passes above: `wrap(stream)` clears the line before each write and redraws it after. */
export class ProgressLine {
  private readonly latest = new Map<string, ProgressEvent>();
  private shown = '';

  constructor(private readonly terminal: NodeJS.WriteStream) {}

  update(event: ProgressEvent): void {
    this.latest.set(event.vendor, event);
    this.draw();
  }

  private draw(): void {
    this.shown = progressText(this.latest, this.terminal.columns || 80);
    this.terminal.write(`\r\x1b[2K${this.shown}`);
  }

  clear(): void {
    if (this.shown) this.terminal.write('\r\x1b[2K');
    this.shown = '';
  }

  /** A stream for vitest's own output, so that its lines and this one do not overwrite each other. */
  wrap(): Writable {
    const wrapped = new Writable({
      write: (chunk: Buffer | string, _encoding, done) => {
        const had = this.shown !== '';
        this.clear();
        this.terminal.write(chunk, () => {
          if (had && this.latest.size > 0) this.draw();
          done();
        });
      },
    });
    // Vitest pipes each worker's output into it and a pipe ends its destination when a worker
    // exits; the line outlives the workers. And vitest asks whether it is a terminal and how wide.
    wrapped.end = (() => wrapped) as Writable['end'];
    Object.assign(wrapped, { isTTY: true, columns: this.terminal.columns, getColorDepth: () => this.terminal.getColorDepth?.() ?? 8, hasColors: () => true });
    return wrapped;
  }

  /** Listens on a fresh local socket; workers connect to `path`. */
  async listen(): Promise<{ path: string; close(): Promise<void> }> {
    const dir = mkdtempSync(join(tmpdir(), 'contracts-progress-'));
    const path = join(dir, 'progress.sock');
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      let pending = '';
      socket.on('data', (chunk) => {
        pending += chunk.toString();
        let newline: number;
        while ((newline = pending.indexOf('\n')) !== -1) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          try {
            const event = JSON.parse(line) as ProgressEvent;
            if (typeof event.vendor === 'string' && typeof event.check === 'string' && typeof event.requests === 'number') this.update(event);
          } catch {
            // a broken line is dropped: progress is a courtesy
          }
        }
      });
      socket.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    return {
      path,
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        rmSync(dir, { recursive: true, force: true });
        this.clear();
      },
    };
  }
}

/** The worker's end: `report(event)` sends a line; never throws, never keeps the process alive. */
export function progressReporter(path: string | undefined): { report(event: ProgressEvent): void; close(): void } {
  if (!path) return { report() {}, close() {} };
  const socket = createConnection(path);
  socket.on('error', () => socket.destroy());
  socket.unref();
  return {
    report(event) {
      if (!socket.destroyed) socket.write(`${JSON.stringify(event)}\n`);
    },
    close() {
      socket.end();
    },
  };
}
