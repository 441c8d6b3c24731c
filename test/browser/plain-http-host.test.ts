import type { AddressInfo, Server } from 'node:net';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_EMAIL, ADMIN_ENV, ADMIN_PASSWORD } from '../admin/admin-session.ts';

/**
 * The server reached over plain HTTP under a name other than localhost (a LAN or docker host):
 * browsers trust localhost and 127.0.0.1 as secure, so only such a name shows what a user sees.
 */
describe('plain HTTP under a hostname, in a browser', function () {
  this.timeout(120_000);
  let t: TestApp;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];

  before(async () => {
    t = await createTestApp({ env: ADMIN_ENV });
    server = await new Promise<Server>((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://assets.test:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--host-resolver-rules=MAP assets.test 127.0.0.1'],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    // Fonts AdminJS links from another host cannot be reached from here.
    await page.route((url) => url.origin !== base, (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }));
    page.on('pageerror', (err) => errors.push(err.message));
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.stop();
  });

  it('renders the API docs at /docs, its scripts and styles loaded over http', async () => {
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`${base}/docs/`);
    await page.waitForSelector('.swagger-ui .info .title');
    expect(await page.textContent('.swagger-ui .info .title')).to.contain('asset-forge');
    expect(failed.filter((url) => url.startsWith('https:'))).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('signs in to the dashboard', async () => {
    await page.goto(`${base}/admin/login`);
    await page.fill('input[name=email]', ADMIN_EMAIL);
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=af-dashboard]');
    expect(new URL(page.url()).origin).to.equal(base);
  });
});
