import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Servers on 127.0.0.1 whose every answer the test writes itself (a hostile or a foreign target). */
export interface HttpTargets {
  /** Starts one on a free port; resolves with its origin. */
  start(handler: RequestListener): Promise<string>;
  /** Closes every one started so far, cutting open connections (afterEach). */
  closeAll(): Promise<void>;
}

export function httpTargets(): HttpTargets {
  const servers: Server[] = [];
  return {
    async start(handler) {
      const server = createServer(handler);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async closeAll() {
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
