import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VendorFront {
  url: string;
  close(): Promise<void>;
}

/**
 * A front for a mock that hides its admin API (`/__mock/*` answers 404): to verify, it is a
 * vendor's own service, so the run neither reads the mock's seeds nor moves its clock.
 */
export async function startVendorFront(upstream: string): Promise<VendorFront> {
  const base = new URL(upstream);
  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/__mock')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"status":404,"title":"Not Found"}]}');
      return;
    }
    const upstreamRequest = forward(
      { host: base.hostname, port: base.port, method: req.method, path: req.url, headers: { ...req.headers, host: base.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstreamRequest.on('error', () => res.destroy());
    req.pipe(upstreamRequest);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
