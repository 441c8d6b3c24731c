import fs from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo, Server } from 'node:net';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { runSeeders } from '../../src/core/db/seeders.ts';
import { Generation } from '../../plugins/image-assets/tokens.ts';
import { ADMIN_EMAIL, ADMIN_ENV, ADMIN_PASSWORD } from '../admin/admin-session.ts';

const ARTIFACTS = path.resolve('test-artifacts/browser');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/**
 * The dashboard in a real browser (Debian's chromium through playwright-core), against one
 * server with the demo seed for the whole file. Each step checks what the API says afterwards.
 */
describe('admin dashboard in a browser', function () {
  this.timeout(120_000);
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;

  const shot = async (name: string) => {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const api = (url: string) => t.request.get(url).set('Authorization', ADMIN_AUTH);

  before(async () => {
    await fs.mkdir(ARTIFACTS, { recursive: true });
    t = await createTestApp({ env: ADMIN_ENV });
    await runSeeders(t.container, () => undefined);
    server = await new Promise<Server>((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await t?.stop();
  });

  it('refuses a wrong password', async () => {
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).to.equal('/admin/login');
    await page.fill('input[name=email]', ADMIN_EMAIL);
    await page.fill('input[name=password]', 'definitely not it');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=login-error]');
    expect(await page.textContent('[data-testid=login-error]')).to.contain('Wrong email or password');
    await shot('01-wrong-password');
  });

  it('signs in and shows the analytics numbers with a 30-day chart', async () => {
    await page.fill('input[name=email]', ADMIN_EMAIL);
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=af-dashboard]');
    expect(await page.textContent('[data-testid=stat-assets]')).to.equal('3');
    expect(await page.textContent('[data-testid=stat-generations]')).to.equal('18');
    expect(await page.locator('[data-testid=trend-chart] rect').count()).to.equal(30);
    await shot('02-dashboard');
  });

  it('lists image assets and their thumbnails load', async () => {
    await page.goto(`${base}/admin/resources/image_assets`);
    await page.waitForSelector('img[data-testid=thumbnail]');
    expect(await page.locator('img[data-testid=thumbnail]').count()).to.equal(3);
    // Runs in the page (a function, not a string: the dashboard's CSP forbids eval). No DOM types in the tests' TypeScript.
    await page.waitForFunction(() => {
      type Img = { complete: boolean; naturalWidth: number };
      const doc = (globalThis as unknown as { document: { querySelectorAll(selector: string): ArrayLike<Img> } }).document;
      return Array.from(doc.querySelectorAll('img[data-testid=thumbnail]')).every((img) => img.complete && img.naturalWidth > 0);
    });
    await shot('03-image-assets');
  });

  it('edits a tag\'s colour, and GET /api/tags returns the new colour', async () => {
    const tags = await api('/api/tags').query({ name: 'item' });
    const tag = tags.body.items[0];
    await page.goto(`${base}/admin/resources/tags/records/${tag.id}/edit`);
    await page.waitForSelector('input[name=color]');
    await page.fill('input[name=color]', '#123abc');
    await shot('04-tag-edit');
    await page.click('[data-testid=button-save]');
    await page.waitForURL(`${base}/admin/resources/tags**`);
    await page.waitForSelector('[data-testid=color-swatch]');
    const after = await api('/api/tags').query({ name: 'item' });
    expect(after.body.items[0].color).to.equal('#123abc');
    await shot('05-tags');
  });

  it('sets a favourite, and GET /api/v1/generations/:id says is_favorite', async () => {
    const generation = await Generation.findOne({ where: { status: 'completed', isFavorite: false } });
    expect(generation).to.not.equal(null);
    const id = generation!.id;
    await page.goto(`${base}/admin/resources/image_generations/records/${id}/setFavorite`);
    await page.waitForSelector('[data-testid=action-runner]');
    await page.click('[data-testid=run-default]');
    await page.waitForSelector('[data-testid=action-message]');
    expect(await page.textContent('[data-testid=action-message]')).to.contain('favourite');
    await shot('06-favourite');
    const res = await api(`/api/v1/generations/${id}`);
    expect(res.body.is_favorite).to.equal(true);
  });

  it('runs a dry-run cleanup that shows what would be deleted and deletes nothing', async () => {
    const filesBefore = (await t.kernel.sequelize.query('SELECT COUNT(*) AS n FROM files', { plain: true })) as { n: number };
    await page.goto(`${base}/admin/pages/maintenance`);
    await page.waitForSelector('[data-testid=maintenance-page]');
    await page.waitForSelector('[data-testid=op-cleanup-dry-run]');
    expect(await page.isDisabled('[data-testid=op-cleanup]')).to.equal(true);
    await page.click('[data-testid=op-cleanup-dry-run]');
    await page.waitForSelector('[data-testid=op-message]');
    expect(await page.textContent('[data-testid=op-message]')).to.match(/^Dry run: would delete/);
    expect(await page.isDisabled('[data-testid=op-cleanup]')).to.equal(false);
    await shot('07-cleanup-dry-run');
    const filesAfter = (await t.kernel.sequelize.query('SELECT COUNT(*) AS n FROM files', { plain: true })) as { n: number };
    expect(Number(filesAfter.n)).to.equal(Number(filesBefore.n));
  });

  it('signs out', async () => {
    await page.goto(`${base}/admin/logout`);
    expect(new URL(page.url()).pathname).to.equal('/admin/login');
    await page.goto(`${base}/admin/resources/tags`);
    expect(new URL(page.url()).pathname).to.equal('/admin/login');
    await shot('08-signed-out');
  });
});
