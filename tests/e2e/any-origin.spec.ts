/**
 * Any origin: the built site over plain http from a name that is not localhost (a NAS, a machine on the
 * LAN). Chromium maps the made-up name `facewise.lan` to 127.0.0.1 (--host-resolver-rules), so every
 * request still goes only to loopback, yet the page is not a secure context: no crypto.subtle, no
 * crypto.randomUUID, no service worker. Hashing (hash-wasm), ids (newId) and the scenario must work, and
 * the page must say why it can't work offline.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium-path.mjs';
import {
  addKnownPeople,
  addPhotos,
  cardMismatches,
  knownNames,
  logBrowserProblems,
  waitForCardsSettled,
  waitForEngineReady,
  waitForKnownPeople,
  waitForProgressComplete,
} from './fixtures/app';
import { knownPhotos, personName, readExpectations, testPhotos } from './fixtures/data';
import { copyBuiltSite, startStaticServer } from './fixtures/static-server';
import type { StaticServer } from './fixtures/static-server';

const HOST = 'facewise.lan';
const PREFIX = '/sub/path/';
let site: { dir: string; remove: () => void };
let server: StaticServer;

const chromium = findChromium();
test.use({
  launchOptions: {
    ...(chromium ? { executablePath: chromium } : {}),
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
  },
});

test.beforeAll(async () => {
  site = copyBuiltSite();
  server = await startStaticServer(site.dir, PREFIX);
});

test.afterAll(async () => {
  await server?.close();
  site?.remove();
});

test('plain http from a non-localhost name: not a secure context, yet known people and recognition work', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  logBrowserProblems(page);
  const url = new URL(server.url);
  url.hostname = HOST;
  await page.goto(`${url.href}?backend=wasm`);
  expect(new URL(page.url()).hostname).toBe(HOST);
  expect(
    await page.evaluate(() => ({
      secure: window.isSecureContext,
      subtle: typeof globalThis.crypto.subtle,
      randomUUID: typeof (crypto as Partial<Crypto>).randomUUID,
      serviceWorker: 'serviceWorker' in navigator,
    })),
  ).toEqual({ secure: false, subtle: 'undefined', randomUUID: 'undefined', serviceWorker: false });
  await waitForEngineReady(page);
  const offline = page.getByTestId('offline-status');
  await expect(offline).toHaveAttribute('data-state', 'insecure');
  await expect(offline).toContainText('https');

  const known = knownPhotos();
  await addKnownPeople(page, known);
  expect([...(await knownNames(page))].sort()).toEqual(known.map(personName).sort());
  // Reloaded from IndexedDB: the ids made without randomUUID were stored.
  await page.reload();
  await waitForEngineReady(page);
  await waitForKnownPeople(page, known.length);

  const photos = testPhotos();
  const names = photos.map((p) => path.basename(p));
  await addPhotos(page, photos);
  await waitForProgressComplete(page, photos.length);
  await waitForCardsSettled(page, names);
  expect(await cardMismatches(page, readExpectations()), 'cards whose names differ from expected.tsv').toEqual([]);
  // The photos were hashed (hash-wasm) for the cache: dropping one again costs no model run.
  await addPhotos(page, [photos[0] as string]);
  await expect(page.locator('[data-testid="photo-card"][data-cached="true"]').first()).toBeVisible({ timeout: 30_000 });
  expect(server.served.length).toBeGreaterThan(10);
  expect(errors, 'page errors').toEqual([]);
});
