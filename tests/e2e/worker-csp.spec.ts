/**
 * The Content-Security-Policy reaches the code that handles the pixels. The face workers start from a
 * `blob:` bootstrap (src/ml/worker-bootstrap.ts), so they inherit the page's policy; a worker loaded from
 * its URL would take its policy from response headers, which a static host does not send.
 *
 * With the site as built, a request to another origin (a second local server) from the page and from a
 * face worker (`?test-hooks`) is refused and never reaches that server. With the policy deleted from
 * index.html the same requests go through: the check can fail.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { logBrowserProblems, waitForEngineReady } from './fixtures/app';
import { copyBuiltSite, startStaticServer } from './fixtures/static-server';
import type { StaticServer } from './fixtures/static-server';

let site: { dir: string; remove: () => void };
let app: StaticServer;
/** Another origin (another port): anything it serves counts as a request that left the app. */
let foreign: StaticServer;

test.beforeAll(async () => {
  site = copyBuiltSite();
  app = await startStaticServer(site.dir, '/facewise/');
  foreign = await startStaticServer(site.dir, '/elsewhere/');
});

test.afterAll(async () => {
  await app?.close();
  await foreign?.close();
  site?.remove();
});

async function probes(page: Page): Promise<{ page: string; worker: string }> {
  const url = `${foreign.url}index.html?probe=${Date.now()}`;
  return page.evaluate(async (target) => {
    const hooks = (window as unknown as { facewiseTestHooks: { workerFetch(url: string): Promise<string> } }).facewiseTestHooks;
    const fromPage = await fetch(target, { mode: 'no-cors', cache: 'no-store' }).then(
      (r) => `fetched (${r.type})`,
      () => 'blocked',
    );
    return { page: fromPage, worker: await hooks.workerFetch(`${target}&from=worker`) };
  }, url);
}

test('a face worker runs under the page’s CSP: its request to another origin is blocked', async ({ page }) => {
  logBrowserProblems(page);
  await page.goto(`${app.url}?backend=wasm&test-hooks`);
  await waitForEngineReady(page);
  expect(await probes(page)).toEqual({ page: 'blocked', worker: 'blocked' });
  expect(foreign.served, 'requests that reached the other origin').toEqual([]);
});

test('without the CSP the same requests go through (the check above can fail)', async ({ page }) => {
  logBrowserProblems(page);
  app.rewrite('index.html', (body) => Buffer.from(body.toString('utf8').replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, '')));
  await page.goto(`${app.url}?backend=wasm&test-hooks`);
  expect(await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]'))).toBeNull();
  await waitForEngineReady(page);
  expect(await probes(page)).toEqual({ page: 'fetched (opaque)', worker: 'fetched (opaque)' });
  expect(foreign.served.filter((p) => p.includes('probe='))).toHaveLength(2);
});
