import fs from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo, Server } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { runSeeders } from '../../src/core/db/seeders.ts';
import { ADMIN_EMAIL, ADMIN_ENV, ADMIN_PASSWORD } from '../admin/admin-session.ts';

export const ARTIFACTS = path.resolve('test-artifacts/browser');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/** One seeded server and a signed-in Chromium page, with every page error and console error it saw. */
export interface DashboardSession {
  t: TestApp;
  base: string;
  page: Page;
  /** Uncaught page errors and console errors since the last `takeErrors()`. */
  takeErrors(): string[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openDashboard(viewport = { width: 1024, height: 900 }): Promise<DashboardSession> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const t = await createTestApp({ env: ADMIN_ENV });
  await runSeeders(t.container, () => undefined);
  const server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(20_000);

  // AdminJS's layout links a web font from another host, which this machine cannot reach: answered
  // empty here, so a failed load does not hide among the errors the tests look for.
  await page.route((url) => url.origin !== base, (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }));
  let errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The browser asks for /favicon.ico on its own; the dashboard has none.
    if (message.location().url.endsWith('/favicon.ico')) return;
    errors.push(`console error: ${message.text()}`);
  });

  await page.goto(`${base}/admin/login`);
  await page.fill('input[name=email]', ADMIN_EMAIL);
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=af-dashboard]');

  return {
    t,
    base,
    page,
    takeErrors() {
      const taken = errors;
      errors = [];
      return taken;
    },
    async shot(name) {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await t.stop();
    },
  };
}

/**
 * Words in the list's cells that the browser broke across lines (a word whose box has more than
 * one line rect). Runs in the page: a function, not a string, as the dashboard's CSP forbids eval.
 */
export async function wordsBrokenInCells(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Rects = { length: number };
    type TextNode = { textContent: string | null };
    type Doc = {
      querySelectorAll(selector: string): ArrayLike<unknown>;
      createTreeWalker(root: unknown, show: number): { nextNode(): TextNode | null };
      createRange(): { setStart(node: unknown, offset: number): void; setEnd(node: unknown, offset: number): void; getClientRects(): Rects };
    };
    const doc = (globalThis as unknown as { document: Doc }).document;
    const SHOW_TEXT = 4;
    const broken: string[] = [];
    for (const cell of Array.from(doc.querySelectorAll('td[data-property-name]'))) {
      const walker = doc.createTreeWalker(cell, SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const range = doc.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          if (range.getClientRects().length > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  });
}
