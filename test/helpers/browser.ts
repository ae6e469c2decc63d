// The web pages' end-to-end setup, shared by the e2e files: `npm start` (test/helpers/local-stack.ts)
// on a fresh DATA_DIR and Debian's Chromium driven by playwright-core, started side by side;
// pages at desktop (1280×800) and phone (390×844) size that record page errors and requests to
// other origins; and the steps every walk-through uses (sign in with a token, go to a page, take
// a screenshot into test/e2e/screenshots/, check that nothing scrolls sideways on a phone).
//
// Needs /usr/bin/chromium (apt-get install chromium) and CJK fonts (fonts-noto-cjk) for readable
// screenshots; set CHROMIUM_PATH to use another binary.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { type LocalStack, localStack } from './local-stack';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SHOTS = join(import.meta.dirname, '..', 'e2e', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;
export type Viewport = { width: number; height: number };

/** Headless, no sandbox (containers), and nothing that talks to the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * expect.poll waits up to 10 s in this file instead of 1 s: a page's answer to a click includes a
 * server round trip, which takes seconds when the machine is busy (call at the top of a file).
 */
export function patientPolls(timeout = 10_000) {
  vi.setConfig({ expect: { poll: { timeout, interval: 100 } } });
}

export interface Browsing {
  browser: Browser;
  /** Uncaught page errors and console errors (a failed fetch, an expected 4xx, is not one). */
  readonly pageErrors: string[];
  /** Requests to anything but the server itself (the pages must load nothing from elsewhere). */
  readonly foreignRequests: string[];
  /** A page in a fresh context (its own sessionStorage, so its own sign-in) at `viewport`. */
  newPage(viewport?: Viewport): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Chromium for pages of `url`. */
export async function launchBrowser(url: string): Promise<Browsing> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];
  return {
    browser,
    pageErrors,
    foreignRequests,
    async newPage(viewport = DESKTOP) {
      const phone = viewport.width === PHONE.width && viewport.height === PHONE.height;
      const context = await browser.newContext({
        viewport,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        acceptDownloads: true,
        ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      });
      contexts.push(context);
      context.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith(url) && !u.startsWith('blob:') && !u.startsWith('data:')) foreignRequests.push(u);
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // A failed fetch (an expected 4xx from the API) is logged by Chromium as a resource error.
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
      });
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
    },
  };
}

export interface WebE2e extends Browsing {
  stack: LocalStack;
  url: string;
  /** ms until the server answered /api/health. */
  startedMs: number;
  /** The API as the admin (or as `token`). */
  api: LocalStack['api'];
  /** Closes the browser, stops the server (its DynamoDB Local too) and removes its DATA_DIR. */
  dispose(): Promise<void>;
}

/**
 * `npm start` on a fresh DATA_DIR (`prefix`, with `env` such as TWO_LEVEL_REVIEW) and Chromium,
 * started side by side. If either fails the other is stopped before the error is thrown.
 */
export async function startWebE2e(adminToken: string, prefix: string, env: Record<string, string> = {}): Promise<WebE2e> {
  const stack = await localStack(adminToken, prefix, env);
  const [started, launched] = await Promise.allSettled([stack.start(), launchBrowser(stack.url)]);
  if (started.status === 'rejected' || launched.status === 'rejected') {
    if (launched.status === 'fulfilled') await launched.value.close();
    await stack.dispose();
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const b = launched.value;
  return {
    ...b,
    newPage: b.newPage,
    close: b.close,
    stack,
    url: stack.url,
    startedMs: started.value,
    api: (method, path, body, token = adminToken) => stack.api(method, path, body, token),
    async dispose() {
      await b.close();
      await stack.dispose();
    },
  };
}

/** A full-page screenshot; scrolled to the end first, so sticky bars sit where they belong. */
export async function shot(page: Page, name: string) {
  const y = await page.evaluate(async () => {
    await document.fonts.ready;
    const at = window.scrollY;
    window.scrollTo(0, document.documentElement.scrollHeight);
    return at;
  });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await page.evaluate((at) => window.scrollTo(0, at), y);
}

/** At phone width nothing scrolls sideways: the page is as wide as the window. */
export async function fitsPhone(page: Page) {
  const [wide, hash] = await page.evaluate(() => [document.documentElement.scrollWidth - window.innerWidth, location.hash] as const);
  expect(wide, `${hash} scrolls sideways by ${wide}px`).toBeLessThanOrEqual(0);
}

/** On a phone a card list fits its box: no table scrolls sideways inside the page either. */
export async function cardsFit(page: Page) {
  await page.locator('table.cards').first().waitFor();
  const wide = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.cards-wrap')].map((w) => w.scrollWidth - w.clientWidth));
  expect(
    wide.every((d) => d <= 0),
    `card lists scroll sideways by ${wide.join(', ')}px`,
  ).toBe(true);
}

/** Signs in on the login page with a token (令牌登录) and waits for the first page. */
export async function signIn(page: Page, url: string, token: string) {
  await page.goto(url + '/');
  await page.getByRole('tab', { name: '令牌登录' }).click();
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('main h1').waitFor();
}

/** Navigates inside the app (a reload if already there) and waits for the page heading. */
export async function go(page: Page, hash: string, heading?: string | RegExp) {
  if (await page.evaluate((h) => location.hash === h, hash)) await page.reload();
  else await page.evaluate((h) => (location.hash = h), hash);
  if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.locator('main:not([aria-busy])').waitFor();
}

/** The message a page shows after an action (saved, submitted, returned, …). */
export const flash = (page: Page) => page.locator('.flash');
