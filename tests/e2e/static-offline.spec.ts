/**
 * The built site as any static host serves it: a copy of dist/ under /apps/facewise/ on a plain node
 * static server (tests/e2e/fixtures/static-server.ts), nothing else.
 *
 * 1. Sub-path + offline + nothing leaves: the tutorial's scenario runs there; the page says "Ready to
 *    work offline"; with the browser offline and the server down, a reload still loads the models from
 *    the service worker's cache and recognises photos. Every request of the whole run (page, worker,
 *    service worker) went to the app's own origin, and the Content-Security-Policy saw no violation.
 * 2. Updates: a new service worker waits; the page says "Update available" and offers a reload button,
 *    never reloading by itself; the button switches to the new version.
 * 3. Installable: the manifest and its icons, the favicon.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  addKnownPeople,
  addPhotos,
  cardMismatches,
  downloadCsv,
  knownNames,
  logBrowserProblems,
  waitForCardsSettled,
  waitForEngineReady,
  waitForKnownPeople,
  waitForProgressComplete,
} from './fixtures/app';
import { knownPhotos, parseCsv, personName, readExpectations, testPhoto, testPhotos } from './fixtures/data';
import { copyBuiltSite, startStaticServer } from './fixtures/static-server';
import type { StaticServer } from './fixtures/static-server';
import { domCspViolations, watchTraffic } from './fixtures/traffic';

const PREFIX = '/apps/facewise/';
let site: { dir: string; remove: () => void };
let server: StaticServer;
/** Another origin (another port): what the CSP must keep the page from reaching. */
let elsewhere: StaticServer;

test.beforeAll(async () => {
  site = copyBuiltSite();
  server = await startStaticServer(site.dir, PREFIX);
  elsewhere = await startStaticServer(site.dir, '/elsewhere/');
});

test.afterAll(async () => {
  await server?.close();
  await elsewhere?.close();
  site?.remove();
});

test.beforeEach(() => {
  server.down = false;
});

const sorted = (names: readonly string[]): string[] => [...names].sort();

function offlineStatus(page: Page) {
  return page.getByTestId('offline-status');
}

async function waitForOfflineReady(page: Page): Promise<void> {
  await expect(offlineStatus(page)).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(offlineStatus(page)).toContainText('Ready to work offline');
}

async function expectNamesMatch(page: Page, files: readonly string[]): Promise<void> {
  const expectations = readExpectations().filter((e) => files.includes(e.file));
  expect(expectations).toHaveLength(files.length);
  expect(await cardMismatches(page, expectations), 'cards whose names differ from expected.tsv').toEqual([]);
}

test('under a sub-path of a plain static server: scenario, offline reload, only same-origin requests, no CSP violations', async ({
  context,
  page,
}) => {
  const traffic = await watchTraffic(context);
  logBrowserProblems(page);
  const known = knownPhotos();
  const photos = testPhotos();
  const photoNames = photos.map((p) => path.basename(p));

  await test.step('open the app under /apps/facewise/', async () => {
    await page.goto(`${server.url}?backend=wasm`);
    await waitForEngineReady(page);
    await waitForOfflineReady(page);
  });

  await test.step("the tutorial's scenario", async () => {
    await addKnownPeople(page, known);
    expect(sorted(await knownNames(page))).toEqual(sorted(known.map(personName)));
    await addPhotos(page, photos);
    await waitForProgressComplete(page, photos.length);
    await waitForCardsSettled(page, photoNames);
    await expectNamesMatch(page, photoNames);
    const { text } = await downloadCsv(page);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['file', 'name', 'distance', 'group']);
    expect(rows.length).toBeGreaterThanOrEqual(photos.length);
  });

  await test.step('offline: browser offline, server down, reload, recognise', async () => {
    await context.setOffline(true);
    server.down = true;
    const servedBefore = server.served.length;
    await page.reload();
    await waitForEngineReady(page);
    await waitForKnownPeople(page, known.length);
    await expect(offlineStatus(page)).toHaveAttribute('data-state', 'ready');
    const offlinePhotos = ['biden2.jpg', 'two_people.jpg', 'kit_with_rose.jpg'];
    await addPhotos(page, offlinePhotos.map(testPhoto));
    await waitForCardsSettled(page, offlinePhotos);
    await expectNamesMatch(page, offlinePhotos);
    // Everything came from the cache: the (downed) server saw nothing, so nothing reached it.
    // Only the browser's own update check of the service worker script may try (and fail: 503).
    expect(
      server.served.slice(servedBefore).filter((p) => p !== `${PREFIX}sw.js`),
      'requests that reached the server while offline',
    ).toEqual([]);
    await context.setOffline(false);
  });

  await test.step('every request went to the app’s own origin; no CSP violation', async () => {
    expect(traffic.requests.length).toBeGreaterThan(20);
    // The worker's model and WASM fetches and the service worker's precaching are in the log too.
    expect(traffic.requests.some((url) => url.endsWith('/models/face_recognition_model.bin'))).toBe(true);
    expect(traffic.requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(traffic.foreign(server.origin), 'requests to another origin').toEqual([]);
    expect(traffic.requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    expect(traffic.cspViolations, 'CSP violations in the console').toEqual([]);
    expect(await domCspViolations(context), 'securitypolicyviolation events').toEqual([]);
    // No violation proves nothing without a policy: the policy is in force, a request elsewhere is refused
    // (tests/e2e/worker-csp.spec.ts holds the same for the workers, and fails without the policy).
    const probe = await page.evaluate(
      (url) => fetch(url, { mode: 'no-cors', cache: 'no-store' }).then(() => 'fetched', () => 'blocked'),
      `${elsewhere.url}index.html?probe`,
    );
    expect(probe, 'a request to another origin').toBe('blocked');
    expect(elsewhere.served, 'requests that reached another origin').toEqual([]);
    // No 404s either (e.g. a root-relative /favicon.ico).
    expect(traffic.failedResponses.filter((r) => !r.startsWith('503 '))).toEqual([]);
  });
});

test('a waiting update is offered with a reload button and never reloads by itself', async ({ page }) => {
  logBrowserProblems(page);
  await page.goto(`${server.url}?backend=wasm`);
  await waitForOfflineReady(page);
  // A later visit: now the service worker controls the page, so a new version has to wait for it.
  await page.reload();
  await waitForOfflineReady(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}sw.js`);
  await page.evaluate(() => {
    (window as unknown as { __sameDocument?: boolean }).__sameDocument = true;
  });

  // "Deploy" a new version: different service-worker bytes.
  server.rewrite('sw.js', (body) => Buffer.concat([body, Buffer.from('\n// next version\n')]));
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });
  await expect(offlineStatus(page)).toHaveAttribute('data-state', 'update', { timeout: 60_000 });
  await expect(offlineStatus(page)).toContainText('Update available');
  const reload = page.getByRole('button', { name: 'Reload to update' });
  await expect(reload).toBeVisible();

  // Nothing happens on its own.
  await page.waitForTimeout(2_000);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  await Promise.all([page.waitForEvent('load'), reload.click()]);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBeUndefined();
  await waitForOfflineReady(page);
  const scriptURL = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);
  expect(scriptURL).toBe(`${server.url}sw.js`);
});

test('installable: manifest, icons and favicon are served from the sub-path', async ({ page }) => {
  await page.goto(server.url);
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toBe('./manifest.webmanifest');
  const manifest = (await (await page.request.get(new URL(manifestHref ?? '', server.url).href)).json()) as {
    name: string;
    start_url: string;
    scope: string;
    display: string;
    icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
  };
  expect(manifest).toMatchObject({ short_name: 'Facewise', start_url: './', scope: './', display: 'standalone' });
  const sizes = manifest.icons.map((icon) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
  for (const icon of manifest.icons) {
    const response = await page.request.get(new URL(icon.src, new URL(manifestHref ?? '', server.url)).href);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()['content-type']).toBe(icon.type);
  }
  for (const href of await page.locator('link[rel="icon"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href))) {
    expect(href.startsWith(server.url), href).toBe(true);
    expect((await page.request.get(href)).status(), href).toBe(200);
  }
  // Loaded images (the icons) really decode.
  const decoded = await page.evaluate(async () => {
    const img = new Image();
    img.src = './icons/icon-192.png';
    await img.decode();
    return img.naturalWidth;
  });
  expect(decoded).toBe(192);
});
