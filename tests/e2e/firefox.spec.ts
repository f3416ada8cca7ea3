/**
 * Any browser: the tutorial's scenario in Firefox. Playwright's Firefox is a patched build that cannot be
 * downloaded here, so this drives Debian's `firefox-esr` over WebDriver BiDi with puppeteer-core
 * (scripts/ensure-chromium.mjs installs it where missing, as .ci/run does). The built site is served by
 * the plain static server under a sub-path; known people from scenario/images, the photos of
 * scenario/test named as expected.tsv says, with no page error.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import { knownPhotos, namesMatch, personName, readExpectations, testPhotos } from './fixtures/data';
import { copyBuiltSite, startStaticServer } from './fixtures/static-server';
import type { StaticServer } from './fixtures/static-server';

const FIREFOX = process.env.FIREFOX_PATH?.trim() || '/usr/bin/firefox-esr';
const TIMEOUT = 240_000;

let site: { dir: string; remove: () => void };
let server: StaticServer;
let browser: Browser | undefined;

test.describe.configure({ timeout: 420_000 });

test.beforeAll(async () => {
  if (!existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: run \`node scripts/ensure-chromium.mjs\` (installs firefox-esr) or set FIREFOX_PATH.`);
  site = copyBuiltSite();
  server = await startStaticServer(site.dir, '/apps/facewise/');
});

test.afterAll(async () => {
  await browser?.close();
  await server?.close();
  site?.remove();
});

/**
 * Polls `fn` in the page (page.evaluate every 500 ms) until it returns a truthy value. Not
 * waitForFunction: over WebDriver BiDi, Firefox 140 runs its poller through Function(), which the app's
 * CSP blocks ("call to Function() blocked by CSP").
 */
async function waitInPage(page: Page, fn: (arg: number) => boolean, arg: number, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT;
  while (!(await page.evaluate(fn, arg))) {
    if (Date.now() > deadline) {
      const status = await page.evaluate(() => document.querySelector('[data-testid="engine-status"]')?.textContent ?? '');
      throw new Error(`Firefox: timed out waiting for ${what} (engine status: ${status})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

test("Firefox ESR over WebDriver BiDi: the tutorial's scenario, no page error", async () => {
  browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: { width: 1280, height: 4000 },
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`[firefox console error] ${message.text()}`);
  });

  await page.goto(`${server.url}?backend=wasm`);
  await waitInPage(page, () => document.querySelector('[data-testid="engine-status"]')?.getAttribute('data-backend') === 'wasm', 0, 'the models');

  const known = knownPhotos();
  const knownInput = await page.$('input[aria-label="Known people photos"]');
  if (!knownInput) throw new Error('no Known people photos input');
  await knownInput.uploadFile(...known);
  const count = known.length;
  await waitInPage(page, (n: number) => document.querySelectorAll('[data-testid="known-person"]').length === n, count, 'the known people');
  const names = await page.$$eval('[data-testid="known-person"]', (items) => items.map((i) => i.getAttribute('data-name') ?? ''));
  expect(names.sort()).toEqual(known.map(personName).sort());

  const photos = testPhotos();
  const photosInput = await page.$('input[aria-label="Photos to recognize"]');
  if (!photosInput) throw new Error('no Photos to recognize input');
  await photosInput.uploadFile(...photos);
  await waitInPage(
    page,
    (n: number) => {
      const cards = [...document.querySelectorAll('[data-testid="photo-card"]')];
      return cards.length === n && cards.every((c) => !['queued', 'working'].includes(c.getAttribute('data-status') ?? ''));
    },
    photos.length,
    'the results',
  );
  const found = await page.$$eval('[data-testid="photo-card"]', (cards) =>
    cards.map((c) => ({
      file: c.getAttribute('data-file') ?? '',
      names: [...c.querySelectorAll('[data-testid="face-label"]')].map((l) => (l.textContent ?? '').trim()),
    })),
  );
  const byFile = new Map(found.map((f) => [f.file, f.names]));
  const expectations = readExpectations();
  expect(expectations.map((e) => e.file).sort()).toEqual(photos.map((p) => path.basename(p)).sort());
  const mismatches = expectations
    .filter((e) => !namesMatch(byFile.get(e.file) ?? [], e))
    .map((e) => `${e.file}: got ${JSON.stringify(byFile.get(e.file) ?? [])}, expected ${JSON.stringify(e.names)}`);
  expect(mismatches, 'cards whose names differ from expected.tsv').toEqual([]);
  expect(errors, 'page errors in Firefox').toEqual([]);
});
