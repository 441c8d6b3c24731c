import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The ceiling for a JSON read: a bare Node HTTP server answering the same bytes from memory (no
 * auth, no database, no routing), so the bench can say how close the API comes to it.
 */
export async function startJsonCeiling(body: Buffer): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
