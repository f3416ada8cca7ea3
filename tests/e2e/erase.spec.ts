/**
 * Erase everything erases everything of this app and nothing else.
 * - During enrolment: known photos in flight are stopped; IndexedDB holds no known face after the erase,
 *   a while later, and after a reload.
 * - Another tab is told (BroadcastChannel): its batch stops, its cards and known people go.
 * - Only this app's caches and service worker: another app's Cache Storage entry on the same origin survives.
 * - Storage persistence is asked when the first person is added, and the answer shown under "Your data",
 *   with how many photo analyses are cached (none after the erase).
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  addKnownPeople,
  addPhotos,
  APP_URL,
  card,
  knownPeople,
  knownPeopleInput,
  knownProgressBar,
  logBrowserProblems,
  notices,
  waitForCardsSettled,
  waitForEngineReady,
} from './fixtures/app';
import { knownPhotos, testPhoto } from './fixtures/data';

async function storedCounts(page: Page): Promise<{ knownFaces: number; results: number; analyses: number; settings: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('facewise');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB request failed'));
        open.onsuccess = () => {
          const db = open.result;
          const names = ['knownFaces', 'results', 'analyses', 'settings'] as const;
          const tx = db.transaction([...names]);
          const out: Record<string, number> = {};
          for (const name of names) {
            const req = tx.objectStore(name).count();
            req.onsuccess = () => (out[name] = req.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out as { knownFaces: number; results: number; analyses: number; settings: number });
          };
        };
      }),
  );
}

async function eraseEverything(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Erase everything' }).click();
  await page.getByTestId('erase-dialog').getByRole('button', { name: 'Yes, erase everything' }).click();
}

test('erase during enrolment: nothing is saved after it, nor found after a reload; another app’s cache survives', async ({ page }) => {
  logBrowserProblems(page);
  await page.goto(`${APP_URL}&test-hooks`);
  await waitForEngineReady(page);
  // Persistence: asked when the first person is added; the answer is shown.
  await expect(page.getByTestId('storage-persistence')).toHaveAttribute('data-state', 'unknown');
  await addKnownPeople(page, [knownPhotos()[0] as string]);
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  await expect(page.getByTestId('storage-persistence')).toHaveAttribute('data-state', persisted ? 'granted' : 'denied');
  // A photo recognised is cached, and "Your data" says so once the batch is done.
  await expect(page.getByTestId('analysis-cache-size')).toHaveText(/^Remembered analyses: none/);
  await addPhotos(page, [testPhoto('obama1.jpg')]);
  await waitForCardsSettled(page, ['obama1.jpg']);
  await expect(page.getByTestId('analysis-cache-size')).toHaveText(/^Remembered analyses: 1 photo, less than 1 MB \(the 10,000 used most recently are kept\)/);

  // Another app on this origin keeps its own cache.
  await page.evaluate(async () => {
    const cache = await caches.open('another-app-v1');
    await cache.put('/another-app/data.json', new Response('{"mine":true}'));
  });
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('workbox-')).length), { timeout: 60_000 }).toBeGreaterThan(0);

  // A known photo that hangs its worker keeps enrolment busy; the rest wait behind it.
  await page.evaluate(() =>
    (window as unknown as { facewiseTestHooks: { injectFault(k: string, f: string, t: number): void } }).facewiseTestHooks.injectFault('hang', 'biden.jpg', 5),
  );
  const rest = knownPhotos().slice(1);
  await knownPeopleInput(page).setInputFiles(rest);
  await expect(knownProgressBar(page)).toBeVisible();
  await eraseEverything(page);
  await expect(notices(page).filter({ hasText: 'Erased everything' })).toHaveCount(1, { timeout: 30_000 });
  await expect(knownPeople(page)).toHaveCount(0);
  await expect(knownProgressBar(page)).toHaveCount(0);
  await expect(page.getByTestId('analysis-cache-size')).toHaveText(/^Remembered analyses: none/);
  expect((await storedCounts(page)).knownFaces).toBe(0);
  // The photos that were waiting would have been saved by now.
  await page.waitForTimeout(5_000);
  expect(await storedCounts(page)).toEqual({ knownFaces: 0, results: 0, analyses: 0, settings: 0 });
  expect(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('workbox-')))).toEqual([]);
  expect(await page.evaluate(async () => (await caches.keys()).includes('another-app-v1'))).toBe(true);
  expect(await page.evaluate(async () => (await (await caches.open('another-app-v1')).match('/another-app/data.json'))?.text())).toBe('{"mine":true}');

  await page.reload();
  await waitForEngineReady(page);
  await expect(page.getByText('Nobody yet')).toBeVisible();
  expect((await storedCounts(page)).knownFaces).toBe(0);
});

test('another tab is told: its batch stops and what it shows is forgotten', async ({ context, page }) => {
  logBrowserProblems(page);
  await page.goto(APP_URL);
  await waitForEngineReady(page);
  await addKnownPeople(page, [knownPhotos()[0] as string]);
  const other = await context.newPage();
  logBrowserProblems(other);
  await other.goto(`${APP_URL}&test-hooks`);
  await waitForEngineReady(other);
  await expect(knownPeople(other)).toHaveCount(1);
  await other.evaluate(() =>
    (window as unknown as { facewiseTestHooks: { injectFault(k: string, f: string, t: number): void } }).facewiseTestHooks.injectFault('hang', 'obama1.jpg', 5),
  );
  await addPhotos(other, ['obama1.jpg', 'obama2.jpg', 'obama3.jpg', 'biden2.jpg'].map(testPhoto));
  await expect(card(other, 'obama1.jpg')).toHaveAttribute('data-status', 'working', { timeout: 60_000 });

  await eraseEverything(page);
  await expect(notices(other).filter({ hasText: 'erased in another tab' })).toHaveCount(1, { timeout: 30_000 });
  await expect(knownPeople(other)).toHaveCount(0);
  await expect(other.getByTestId('photo-card')).toHaveCount(0);
  await other.waitForTimeout(3_000);
  expect(await storedCounts(other)).toEqual({ knownFaces: 0, results: 0, analyses: 0, settings: 0 });
});
