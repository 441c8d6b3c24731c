import http from 'node:http';
import { Readable } from 'node:stream';

const MB = 1024 * 1024;

/** A PDF-looking body of exactly `size` bytes, made a megabyte at a time (never held whole). */
function generatedPdf(size: number, marker: string): Readable {
  const head = Buffer.from(`%PDF-1.4\n% ${marker}\n`);
  const tail = Buffer.from('\n%%EOF\n');
  const filler = Buffer.alloc(MB, 0x20);
  let left = size - head.length - tail.length;
  let started = false;
  return new Readable({
    read() {
      if (!started) {
        started = true;
        this.push(head);
      } else if (left > 0) {
        const n = Math.min(left, filler.length);
        left -= n;
        this.push(n === filler.length ? filler : filler.subarray(0, n));
      } else {
        this.push(tail);
        this.push(null);
      }
    },
  });
}

/** Streams a multipart upload (field `file`) of `size` bytes to the media library. */
export function streamUpload(baseUrl: string, token: string, size: number, marker: string): Promise<{ status: number; body: string }> {
  const boundary = `bench-${marker}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-${marker}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}/api/media-assets/upload`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(head.length + size + tail.length),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.write(head);
    const file = generatedPdf(size, marker);
    file.on('end', () => req.end(tail));
    file.pipe(req, { end: false });
  });
}
