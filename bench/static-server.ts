import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The ceiling for serving stored bytes: a bare Node HTTP server streaming one file from disk,
 * with the same content type and an ETag, and nothing else (no auth, no database, no routing).
 */
export async function startStaticServer(filePath: string, contentType: string): Promise<{ url: string; close(): Promise<void> }> {
  const size = fs.statSync(filePath).size;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': size, etag: '"static"', 'cache-control': 'public, max-age=31536000, immutable' });
    fs.createReadStream(filePath).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
