import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RawUploadResult {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
  /** How many body bytes had been written when the answer arrived. */
  sentWhenAnswered: number;
}

/**
 * Sends a multipart upload of `fileBytes` over a real socket, slice by slice, and stops writing
 * as soon as the server answers: shows whether the server refused before reading the body.
 * `declareLength: false` sends it chunked, with no Content-Length.
 */
export async function rawUpload(
  app: Express,
  options: { method?: string; path: string; token: string; fileHead: Buffer; fileBytes: number; fileName?: string; declareLength?: boolean },
): Promise<RawUploadResult> {
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const boundary = 'RawUploadBoundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.fileName ?? 'big.png'}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const total = head.length + options.fileBytes + tail.length;
  const headers: http.OutgoingHttpHeaders = { Authorization: `Bearer ${options.token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` };
  if (options.declareLength !== false) headers['Content-Length'] = String(total);

  try {
    return await new Promise<RawUploadResult>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers });
      req.on('error', (err) => {
        if (!answered) reject(err);
      });
      req.on('response', (res) => {
        answered = true;
        const sentWhenAnswered = sent;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          req.destroy();
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, sentWhenAnswered });
        });
      });
      const slice = Buffer.alloc(256 * 1024, 0xa7);
      const write = (chunk: Buffer) => {
        sent += chunk.length;
        return req.write(chunk);
      };
      write(head);
      write(options.fileHead);
      let remaining = options.fileBytes - options.fileHead.length;
      const pump = () => {
        while (!answered && remaining > 0) {
          const part = slice.subarray(0, Math.min(slice.length, remaining));
          remaining -= part.length;
          if (!write(part)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!answered && remaining === 0) {
          write(tail);
          req.end();
        }
      };
      // The first bytes go alone, so an answer that needs no more than the headers comes before the rest.
      setTimeout(pump, 200);
    });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
