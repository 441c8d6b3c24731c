import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { listen, type RunningServer } from '../../src/core/http/serve.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { pdfOfSize } from '../media/media-helpers.ts';

/** Everything a client sent and got back on one raw socket, once the server closes it. */
function rawExchange(port: number, bytes: Buffer | string): { socket: net.Socket; closed: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk) => (answer += String(chunk)));
  socket.on('error', () => undefined);
  socket.write(bytes);
  return { socket, closed: new Promise((resolve) => socket.once('close', () => resolve(answer))) };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && !/\.sqlite/.test(e.name)).map((e) => path.join(e.parentPath, e.name)).sort();
}

describe('HTTP limits: strangers cannot hold memory or sockets', () => {
  let t: TestApp;
  let server: RunningServer;
  before(async () => {
    t = await createTestApp({
      plugins: ['media-assets', 'storage-local'],
      env: { HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_IDLE_TIMEOUT_MS: '700', HTTP_MAX_UNAUTHENTICATED_CONNECTIONS: '4' },
    });
    server = await listen(t.app, 0, '127.0.0.1', t.kernel.config.http);
  });
  after(async () => {
    await server.close(100);
    await t.stop();
  });

  it('refuses a JSON body without a token before reading it, and closes the connection', async () => {
    const head = 'POST /api/tags HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1900000\r\n\r\n{"name":"';
    const { closed } = rawExchange(server.port, head + 'a'.repeat(1000));
    const answer = await closed;
    expect(answer).to.match(/^HTTP\/1\.1 401 /);
    expect(answer).to.match(/connection: close/i);
    expect(answer).to.contain('application/problem+json');
  });

  it('closes a connection whose headers never finish', async () => {
    const { closed } = rawExchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const answer = await closed;
    expect(answer).to.not.match(/ 200 /);
  });

  it('keeps at most the configured number of sockets that never showed a token', async () => {
    const strangers = Array.from({ length: 8 }, () => rawExchange(server.port, ''));
    await Promise.all(strangers.slice(0, 4).map((s) => s.closed));
    await new Promise((r) => setTimeout(r, 50));
    const open = strangers.filter((s) => !s.socket.destroyed && s.socket.readyState === 'open');
    expect(open.length).to.be.at.most(4);
    // Someone with a token still gets in.
    const res = await fetch(`http://127.0.0.1:${server.port}/api/tags`, { headers: { Authorization: ADMIN_AUTH } });
    expect(res.status).to.equal(200);
    strangers.forEach((s) => s.socket.destroy());
  });

  it('drops a stalled upload and leaves no partial file or record behind', async () => {
    const before = await filesUnder(t.dataDir);
    const boundary = 'stall-boundary';
    const head =
      `POST /api/media-assets/upload HTTP/1.1\r\nHost: x\r\nAuthorization: ${ADMIN_AUTH}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 5000000\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const { closed } = rawExchange(server.port, Buffer.concat([Buffer.from(head), pdfOfSize(200_000).subarray(0, 150_000)]));
    await closed;
    for (let i = 0; i < 50 && (await filesUnder(t.dataDir)).length !== before.length; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(await filesUnder(t.dataDir)).to.deep.equal(before);
    const list = await t.request.get('/api/media-assets').set('Authorization', ADMIN_AUTH).expect(200);
    expect(list.body.total).to.equal(0);
  });
});
